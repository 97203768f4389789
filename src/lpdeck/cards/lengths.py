"""How long a whole telling may take, read from a level's free-text length: "Keep the story under 2 minutes." is 120
seconds, "Story length 2.5-3 minutes." 180 (a range counts down from its upper end).

Authors word lengths freely, so this reads what can be read without guessing: digits or number words ("two to three
minutes", "a minute and a half"), decimals with a point or a comma, "½", ranges ("2-3", "2 to 3", "between 2 and 3"),
clock times ("2:30"), minutes and seconds together ("2 min 30 s"). A text that names no length, or several different
ones ("2 minutes, 30 seconds of it on the situation"), or one no whole story could take, has no length: the card then
does not offer it, rather than count down from a wrong time.
"""

from __future__ import annotations

import re

SHORTEST, LONGEST = 60, 15 * 60  # seconds: what a whole STAR story can take; outside this a length is not the story's

_WORDS = {word: str(value) for value, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"))}
_WORDS |= {"thirty": "30", "forty": "40", "forty-five": "45", "fifty": "50", "sixty": "60", "ninety": "90"}
_WORD = re.compile(r"\b(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b")
_A_UNIT = re.compile(r"\ban? (?=(?:minute|min|second|sec)\b)")  # "a minute" is one minute
_HALF = re.compile(r"(\d+) and a half\b|(\d*)½")
_DECIMAL_COMMA = re.compile(r"(\d),(\d)\b")

_NUMBER = r"\d+(?:\.\d+)?"
_MINUTES = r"(?:minutes?|mins?|m)(?![a-z])"  # "2m30s" is a length, "3 more" is not
_SECONDS = r"(?:seconds?|secs?|s)(?![a-z])"
_UNIT = rf"(?:{_MINUTES}|{_SECONDS})"
_CLOCK = r"\d{1,2}:[0-5]\d"
_TO = r"\s*(?:-|–|—|to|and|or)\s*"


def _range(unit: str, name: str) -> str:
    # "2-3 minutes", "2 min - 3 min": one unit for both ends, so "2 minutes and 30 seconds" is no range
    return rf"(?P<low_{name}>{_NUMBER})\s*(?:{unit}\s*)?{_TO}(?P<high_{name}>{_NUMBER})\s*(?P<unit_{name}>{unit})"


_LENGTH = re.compile(
    rf"(?P<clock>{_CLOCK})(?:{_TO}(?P<clock_to>{_CLOCK}))?|{_range(_MINUTES, 'm')}|{_range(_SECONDS, 's')}"
    rf"|(?P<amount>{_NUMBER})\s*(?P<unit>{_UNIT})(?:\s*(?:and\s+)?a half\b(?P<half>))?"
    rf"(?:\s*(?:and\s+)?(?P<more>{_NUMBER})\s*{_SECONDS})?(?!\s*\d)")  # "1 minute 45": no unit, no length


def _normal(text: str) -> str:
    text = _DECIMAL_COMMA.sub(r"\1.\2", text.casefold().replace("half a minute", "30 seconds"))
    text = _A_UNIT.sub("1 ", _WORD.sub(lambda m: _WORDS[m.group(1)], text))
    return _HALF.sub(lambda m: f"{m.group(1) or m.group(2) or 0}.5", text)


def _in_seconds(amount: str, unit: str) -> float:
    return float(amount) * (60 if re.fullmatch(_MINUTES, unit) else 1)


def _clock(text: str) -> int:
    minutes, seconds = text.split(":")
    return 60 * int(minutes) + int(seconds)


def _seconds(match: re.Match[str]) -> float:
    if match["clock"]:
        return _clock(match["clock_to"] or match["clock"])
    for name in ("m", "s"):
        if match[f"high_{name}"]:
            return _in_seconds(match[f"high_{name}"], match[f"unit_{name}"])
    seconds = _in_seconds(match["amount"], match["unit"])
    if match["half"] is not None:  # "a minute and a half", "2 minutes and a half"
        seconds += _in_seconds("0.5", match["unit"])
    return seconds + (float(match["more"]) if match["more"] else 0)


def length_seconds(text: str) -> int | None:
    """The seconds a level's length allows the whole story, or None when the text names no one length of a story."""
    found = {round(_seconds(match)) for match in _LENGTH.finditer(_normal(text))}
    if len(found) != 1:
        return None
    (seconds,) = found
    return seconds if SHORTEST <= seconds <= LONGEST else None


def clock(seconds: int) -> str:
    """Seconds as the countdown shows them: 175 is "2:55"."""
    return f"{seconds // 60}:{seconds % 60:02d}"
