"""What a coach measures in a text: words, speaking time, numbers and who acts (generic lessons: ``lessons.py``).

Plain functions on plain text, shared by the written rules (``lpdeck check``) and the spoken report (``lpdeck
rehearse``): a strong example and a transcript are scored by the same measures. Each function takes text as written
or as a recogniser prints it (lower case, no punctuation) and returns plain values; where a caller needs to point at
the text, a ``Span`` gives its offsets. No library does these few English rules better than a page of regular
expressions: a part-of-speech tagger (spaCy, NLTK) would weigh more than lpdeck and still guess at transcripts.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal, NamedTuple

PACE = 150  # words a minute: the middle of the 130-160 a listener follows comfortably (the written coach's pace)


class Span(NamedTuple):
    """A piece of a text and where it stands in it (``text[start:end]``)."""

    text: str
    start: int
    end: int


# --- words and time ---

# A word: letters or digits, with inner apostrophes, hyphens, points or commas ("isn't", "ready-to-merge", "0.3",
# "10,000"), and a leading currency sign or trailing percent ("$8K", "0.3%"): each counts as one spoken word.
_WORD = re.compile(r"[$€£¥₹]?[^\W_]+(?:['’.,-][^\W_]+)*%?")


def words(text: str) -> list[Span]:
    """The words of ``text``, in order, each with its offsets."""
    return [Span(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def word_count(text: str) -> int:
    """How many words ``text`` has."""
    return len(_WORD.findall(text))


def word_at(text: str, index: int) -> Span | None:
    """The word of ``text`` at ``index`` (0-based), or None when it has fewer words."""
    match = next(itertools.islice(_WORD.finditer(text), index, None), None) if index >= 0 else None
    return Span(match.group(), match.start(), match.end()) if match else None


def speaking_seconds(text: str, pace: float = PACE) -> float:
    """The seconds ``text`` takes to say at ``pace`` words a minute."""
    return word_count(text) * 60 / pace


def words_per_minute(count: int, seconds: float) -> float:
    """The pace of ``count`` words said in ``seconds`` (0 for no time at all)."""
    return count * 60 / seconds if seconds > 0 else 0.0


# A sentence ends at . ! or ? (and a closing quote or bracket) before the next one's capital, digit, quote or sign,
# and at the end of a paragraph or a list item (a line break before a blank line or a "- " line: the format's Markdown).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)\]]*(?=\s+[\"'‘“(]?[A-Z0-9$])|(?=\n[ \t]*(?:- |\n))")


def sentences(text: str) -> list[Span]:
    """The sentences of a written text, each with its offsets (a transcript has no sentences: it is one)."""
    found, start = [], 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            first = start + piece.index(stripped[0])
            found.append(Span(stripped, first, first + len(stripped)))
        start = end
    return found


# --- who acts ---

Actor = Literal["i", "we"]
_I_WORD = r"\bi(?:['’](?:m|ve|d|ll))?\b(?![.’'-]\w)"  # "I", "I'm", "I've"; not "i.e."
_WE_WORD = r"\bwe(?:['’](?:re|ve|d|ll))?\b"
_GROUP = r"(?:my|our)\s+(?:own\s+)?(?:team|squad|group)\b(?!\s*(?:'s|’s|lead|leads|manager|mate))"
# "My lead and I", "I and the SRE", "Priya and I", "She and I", "Me and my lead": a joint subject, at the start of its
# clause only ("Reading the logs and I..."); a name is one or two capitalised words, so it is read in written text only.
_PARTNER = r"(?:(?:my|our|the|a|an)\s+[\w-]+(?:\s+[\w-]+)?|he|she|they|(?-i:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?))"
_JOINT = (rf"(?:(?:{_PARTNER})\s+and\s+i|(?:i|me)\s+and\s+(?:my|our|the|a|an)\s+[\w-]+"
          rf"|me\s+and\s+{_PARTNER})\b")
_JOINT_OPENING = re.compile(_JOINT, re.IGNORECASE)
_ACTORS = re.compile(rf"(?P<we>{_WE_WORD}|{_GROUP})|(?P<i>{_I_WORD})", re.IGNORECASE)
# A sentence that opens with one of these opens with a clause of its own: its main clause comes after the comma.
_SUBORDINATE = re.compile(r"(?:after|when|once|because|while|as|since|before|if|unless|although|though|until|whenever"
                          r"|where|even though|so that)\b[^,]*,\s*", re.IGNORECASE)
# Any other opening phrase is skipped when "I" opens the clause after its comma ("Given that we had two weeks, I cut the
# scope", "For our team, I wrote a runbook"), unless the sentence opens with its "we" ("We, I admit, were late") or the
# "I" only comments on it ("Then we rolled back, I think").
_OPENING = re.compile(rf"(?!{_WE_WORD}|{_GROUP})[^,]*,\s*(?={_I_WORD}(?!\s+(?:think|believe|guess|admit|suppose)\b))",
                      re.IGNORECASE)
_LIST_ITEM = re.compile(r"\s*- ")  # a list item's sentence starts after its "- "
# Words said, in double quotes: “...”, "..." or ‘...’ (a lone ’ is an apostrophe, so plain single quotes are not read)
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|‘[^‘’]*’")


class ActorFound(NamedTuple):
    """Who acts in a sentence: "i" or "we" (a team, "we", or "X and I"), and the words that say so."""

    actor: Actor
    span: Span


def actor(sentence: str) -> ActorFound | None:
    """Who does what a sentence says: the first "I" or "we" of its main clause (None: neither, e.g. "They...").

    "We figured it out", "Our team shipped it", "My lead and I paired on it" are "we"; "I worked with our team" is
    "I". A leading subordinate clause ("After we deployed, I monitored...") is skipped: its subject is not the actor,
    and so are words in double quotes ('"We ship Friday," I told them'): what someone said is not what they did.
    """
    sentence = _QUOTED.sub(lambda quote: " " * len(quote.group()), sentence)
    item = _LIST_ITEM.match(sentence)
    begin = item.end() if item else 0
    skipped = _SUBORDINATE.match(sentence, begin) or _OPENING.match(sentence, begin)
    start = skipped.end() if skipped and _ACTORS.search(sentence, skipped.end()) else begin
    match = _JOINT_OPENING.match(sentence, start) or _ACTORS.search(sentence, start)
    if match is None:
        return None
    kind: Actor = "i" if match.re is _ACTORS and match["i"] else "we"
    return ActorFound(kind, Span(match.group(), match.start(), match.end()))


def says_we(text: str) -> bool:
    """Whether ``text`` has a "we", a team of the speaker's or an "X and I" anywhere (a quick test before ``actor``)."""
    return _WE_ANYWHERE.search(text) is not None


_WE_ANYWHERE = re.compile(rf"\b{_JOINT}|{_WE_WORD}|{_GROUP}", re.IGNORECASE)
_I_COUNT = re.compile(_I_WORD, re.IGNORECASE)
_WE_COUNT = re.compile(rf"{_WE_WORD}|{_GROUP}", re.IGNORECASE)


def first_person_counts(text: str) -> tuple[int, int]:
    """How often ``text`` says "I" (I, I'm, I've, I'd, I'll) and "we" (we, we're... and "our team", "my team")."""
    return len(_I_COUNT.findall(text)), len(_WE_COUNT.findall(text))


# --- numbers ---

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


def _no_amount(text: str, match: re.Match[str]) -> bool:
    spoken = match["spoken"].lower()
    if spoken in ("point", "percent", "k", "grand"):  # not alone: "grand opening", the letter "k"
        return True
    before, after = text[:match.start()].lower(), text[match.end():].lower()
    return spoken == "one" and (before.endswith(("no ", "every ", "any ", "the ")) or after.startswith((" of ", "'s")))


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
