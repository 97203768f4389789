"""A written text as the words a speaker says: "$8K" is "eight thousand dollars", "0.3%" "zero point three percent".

The recogniser hears words, never digits or signs, so the language model is built from these words and a key phrase is
looked for in a transcript by them. Numbers are read the American way (no "and" inside a number), decimals digit by
digit, four-digit years in pairs ("twenty twenty three"). A few lines do this: num2words reads "120" as "one hundred and
twenty" and knows neither "8K" nor "2x", so it would need the same rules around it.
"""

from __future__ import annotations

import re

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))
_CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees"}
_UNITS = {"%": "percent", "k": "thousand", "m": "million", "mm": "million", "b": "billion", "bn": "billion",
          "x": "times", "ms": "milliseconds", "s": "seconds", "sec": "seconds", "secs": "seconds", "min": "minutes",
          "mins": "minutes", "h": "hours", "hr": "hours", "hrs": "hours", "d": "days", "tb": "terabytes",
          "gb": "gigabytes", "mb": "megabytes", "kb": "kilobytes"}
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
             "twelve": "twelfth"}
# A number as written: an optional currency sign, digits with separators, a unit or suffix ("0.3%", "$8K", "120ms")
_NUMBER = re.compile(r"(?P<currency>[$€£¥₹])?(?P<whole>\d+(?:,\d{3})*)(?:\.(?P<decimals>\d+))?"
                     r"(?P<suffix>%|[^\W\d_]+)?")
_LETTER_THEN_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")  # "SDE2" is said "S D E two", "p99" "p ninety nine"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def cardinal(number: int) -> list[str]:
    """An integer's words: 120 is ["one", "hundred", "twenty"]."""
    if number < 20:
        return [_ONES[number]]
    if number < 100:
        return [_TENS[number // 10], *([_ONES[number % 10]] if number % 10 else [])]
    if number < 1000:
        return [_ONES[number // 100], "hundred", *(cardinal(number % 100) if number % 100 else [])]
    for scale, name in _SCALES:
        if number >= scale:
            rest = number % scale
            return [*cardinal(number // scale), name, *(cardinal(rest) if rest else [])]
    raise AssertionError(number)  # pragma: no cover: every number >= 1000 has a scale


def _year(number: int) -> list[str]:
    if number % 1000 < 10:  # 2000, 2005: "two thousand five"
        return cardinal(number)
    high, low = divmod(number, 100)
    return [*cardinal(high), *(["hundred"] if low == 0 else ["oh", *_ONES[low].split()] if low < 10 else cardinal(low))]


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    spoken = _ORDINALS.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return [*words[:-1], spoken]


def number_words(match: re.Match[str]) -> list[str]:
    """The words of one written number (a match of ``_NUMBER``)."""
    whole = int(match["whole"].replace(",", ""))
    suffix = (match["suffix"] or "").lower()
    plain = not match["currency"] and not suffix and not match["decimals"] and "," not in match["whole"]
    words = _year(whole) if plain and len(match["whole"]) == 4 and 1100 <= whole < 2100 else cardinal(whole)
    if match["decimals"]:
        words += ["point", *(_ONES[int(digit)] for digit in match["decimals"])]
    if suffix in _ORDINAL_SUFFIXES and not match["decimals"]:
        return _ordinal(words)
    if suffix in _UNITS:
        words.append(_UNITS[suffix])
    elif suffix:
        words += _WORD.findall(suffix)
    if match["currency"]:
        words.append(_CURRENCIES[match["currency"]])
    return words


def spoken_words(text: str) -> list[str]:
    """The words of ``text`` as a speaker says them, lower case: the recogniser's vocabulary and a transcript's form."""
    text = _LETTER_THEN_DIGIT.sub(" ", text.replace("’", "'").replace("‘", "'"))
    pieces, last = [], 0
    for match in _NUMBER.finditer(text):
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] in ".,"):
            continue  # inside a version or a code ("1.2.3", "v2"): left as its letters
        pieces += [text[last:match.start()], " ", " ".join(number_words(match)), " "]
        last = match.end()
    pieces.append(text[last:])
    return _WORD.findall("".join(pieces).lower().replace("-", " "))


def spoken(text: str) -> str:
    """``spoken_words`` joined by spaces."""
    return " ".join(spoken_words(text))
