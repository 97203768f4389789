"""The numbers a text states, and their values: digits, %, $, "8K", and number words ("eight thousand", "halved").

One reading for every stage that asks what a number is: the Tell-it card lists the result's clauses that hold one
(``cards/tell.py``), and the written and spoken coaches (``coach/measure.py``) ask whether a result states one and which
numbers a telling said. Plain functions on plain text, written or as a recogniser prints it (lower case, no
punctuation). Number-word converters (word2number, text2num) read cardinals and decimals ("eight thousand"), not
"halved", "twice", "a third" or "two orders of magnitude" as amounts: a page of regular expressions reads them all.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Span(NamedTuple):
    """A piece of a text and where it stands in it (``text[start:end]``)."""

    text: str
    start: int
    end: int


_UNITS = {word: value for value, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"))}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "grand": 1_000, "million": 1_000_000,
           "billion": 1_000_000_000}
# Words that quantify on their own: "halved the latency", "twice as fast", "a dozen teams", "hundreds of hours", "two
# thirds"; a lone "third" or "quarter" is an ordinal or a season ("the third shard", "this quarter"), "a third" is not.
_AMOUNTS = {"half": 0.5, "halved": 0.5, "twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3,
            "dozen": 12, "dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
            "billions": 1_000_000_000, "thirds": 1 / 3, "quarters": 0.25}
_FRACTIONS = {"third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
_NUMBER_WORDS = {**_UNITS, **_TENS}
_SPOKEN = "|".join([
    r"an?\s+(?:third|quarter|fifth|tenth)\b(?!\s+part)",  # "a third" (not "a third party")
    rf"(?:{'|'.join(_NUMBER_WORDS)})-?fold",  # "threefold", "ten-fold"
    r"(?:an\s+)?orders?\s+of\s+magnitude",
    *sorted([*_NUMBER_WORDS, *_SCALES, *_AMOUNTS, "point", "percent"], key=len, reverse=True)])
# A number as written ("0.3%", "$8K", "10,000", "2x", "120ms"), not the digit of a name ("SDE2", "p99", "Q3"), or a
# run of spoken number words ("eight thousand", "zero point three percent", "twenty-five"), or both ("8 thousand").
_NUMBER = re.compile(
    rf"(?<![\w.,])(?P<digits>[$€£¥₹]?\d+(?:[.,]\d+)*(?:%|[^\W\d_]+)?)(?:\s+(?P<scale>{'|'.join(_SCALES)})\b)?"
    rf"|(?<![\w-])(?P<spoken>(?:{_SPOKEN})(?:(?:\s+|-|\s+and\s+)(?:{_SPOKEN}))*)\b(?!-\w)", re.IGNORECASE)
_SUFFIX = {"k": 1_000, "m": 1_000_000, "mm": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}


class Number(NamedTuple):
    """A number in a text: its words, where they stand, and its value (None when the words give none)."""

    span: Span
    value: float | None


def numbers(text: str) -> list[Number]:
    """The numbers ``text`` states, in order: digits, %, $, "8K", and number words ("zero", "eight thousand").

    "No one", "someone" and "one of" state no amount and are not numbers; "halved", "twice" and "a dozen" are.
    """
    found = []
    for match in _NUMBER.finditer(text):
        span = Span(match.group(), match.start(), match.end())
        if match["digits"]:
            found.append(Number(span, _digits_value(match["digits"], match["scale"])))
        elif not _no_amount(text, match):
            found.append(Number(span, _spoken_value(match["spoken"])))
    return found


def has_number(text: str) -> bool:
    """Whether ``text`` states a number (as ``numbers`` finds them), stopping at the first."""
    return any(match["digits"] or not _no_amount(text, match) for match in _NUMBER.finditer(text))


# "One" as a pronoun: after a determiner, maybe with a word between ("the right one", "this one", "a new one"), and
# before no noun of its own (the end, a mark, or a word that starts the next phrase: "the right one for that event").
_PRONOUN_BEFORE = re.compile(r"\b(?:the|a|an|this|that|each|which|another)\s+(?:[a-z]+\s+)?$")
_PRONOUN_AFTER = re.compile(r"\s*(?:$|[^\w\s'’-])|\s+(?:for|that|who|which|was|is|were|are|had|has|to|in|on|at|with"
                            r"|and|or|but|so|because|can|could|will|would|did|too|again|instead)\b")


def _no_amount(text: str, match: re.Match[str]) -> bool:
    """Whether number words state no amount: "no one", "one of them", "the right one", "one on one", "at one point"."""
    spoken = match["spoken"].lower()
    if spoken in ("point", "percent", "k", "grand"):  # not alone: "grand opening", the letter "k"
        return True
    before, after = text[:match.start()].lower(), text[match.end():].lower()
    if spoken == "one point":
        return before.endswith("at ")
    if spoken != "one":
        return False
    return (before.endswith(("no ", "every ", "any ", "the ", "one on "))
            or after.startswith((" of ", "'s", " on one", " another"))
            or (_PRONOUN_BEFORE.search(before) is not None and _PRONOUN_AFTER.match(after) is not None))


def _digits_value(digits: str, scale: str | None) -> float | None:
    number = re.match(r"[$€£¥₹]?(\d+(?:[.,]\d+)*)(.*)", digits)
    if number is None:
        return None
    whole, rest = number.groups()
    parts = whole.split(",")
    plain = "".join(parts) if all(len(p) == 3 for p in parts[1:]) else whole.replace(",", ".")
    try:
        value = float(plain)
    except ValueError:  # "1.2.3": a version, not an amount
        return None
    value *= _SUFFIX.get(rest.lower(), 1)
    return value * _SCALES[scale.lower()] if scale else value


def _spoken_value(spoken: str) -> float | None:
    """The value of spoken number words: "eight thousand" is 8000, "zero point three" 0.3, "two point five million"
    2500000, "two orders of magnitude" 100 (None: no number word in them)."""
    magnitude = re.search(r"(?:an\s+)?orders?\s+of\s+magnitude$", spoken, re.IGNORECASE)
    if magnitude:
        return 10 ** (_spoken_value(spoken[:magnitude.start()]) or 1) if magnitude.start() else 10.0
    total, current, decimals, seen = 0.0, 0.0, "", False
    for said in re.split(r"\s+|-", spoken.lower()):
        word = said.removesuffix("fold") if said.removesuffix("fold") in _NUMBER_WORDS else said
        if word in _FRACTIONS:
            current, seen = (current or 1) * _FRACTIONS[word], True
        elif word == "point":
            decimals = "."
        elif decimals and word in _UNITS and _UNITS[word] < 10:
            decimals += str(_UNITS[word])
        elif word in _NUMBER_WORDS or word in _AMOUNTS or word in _SCALES:
            if len(decimals) > 1:  # "two point five million": the decimals belong to the number before the scale
                current, decimals = current + float(decimals), ""
            if word in _NUMBER_WORDS:
                current += _NUMBER_WORDS[word]
            else:
                current = (current or 1) * (_AMOUNTS.get(word) or _SCALES[word])
            if _SCALES.get(word, 0) >= 1000:
                total, current = total + current, 0.0
            seen = True
    if not seen:
        return None
    return total + current + (float(decimals) if len(decimals) > 1 else 0.0)
