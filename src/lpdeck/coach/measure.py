"""What a coach measures in a text: words, speaking time, numbers, who acts, and whether a lesson is generic.

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


# A sentence ends at . ! or ? (and a closing quote or bracket) before the next one's capital, digit, quote or sign.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'’”)\]]*)\s+(?=[\"'‘“(]?[A-Z0-9$])")


def sentences(text: str) -> list[Span]:
    """The sentences of a written text, each with its offsets (a transcript has no sentences: it is one)."""
    found, start = [], 0
    for end in [m.start() + len(m[1]) for m in _SENTENCE_END.finditer(text)] + [len(text)]:
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
# "My lead and I", "I and the SRE": a joint subject, at the start of its clause only ("Reading the logs and I...")
_JOINT = r"(?:(?:my|our|the|a|an)\s+[\w-]+(?:\s+[\w-]+)?\s+and\s+i|i\s+and\s+(?:my|our|the|a|an)\s+[\w-]+)\b"
_JOINT_OPENING = re.compile(_JOINT, re.IGNORECASE)
_ACTORS = re.compile(rf"(?P<we>{_WE_WORD}|{_GROUP})|(?P<i>{_I_WORD})", re.IGNORECASE)
# A sentence that opens with one of these opens with a clause of its own: its main clause comes after the comma.
_SUBORDINATE = re.compile(r"(?:after|when|once|because|while|as|since|before|if|although|though|until|whenever"
                          r"|even though|so that)\b[^,]*,\s*", re.IGNORECASE)


class ActorFound(NamedTuple):
    """Who acts in a sentence: "i" or "we" (a team, "we", or "X and I"), and the words that say so."""

    actor: Actor
    span: Span


def actor(sentence: str) -> ActorFound | None:
    """Who does what a sentence says: the first "I" or "we" of its main clause (None: neither, e.g. "They...").

    "We figured it out", "Our team shipped it", "My lead and I paired on it" are "we"; "I worked with our team" is
    "I". A leading subordinate clause ("After we deployed, I monitored...") is skipped: its subject is not the actor.
    """
    skipped = _SUBORDINATE.match(sentence)
    start = skipped.end() if skipped and _ACTORS.search(sentence, skipped.end()) else 0
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
# Words that quantify on their own: "halved the latency", "twice as fast", "a dozen teams".
_AMOUNTS = {"half": 0.5, "halved": 0.5, "twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3,
            "dozen": 12, "dozens": 12}
_NUMBER_WORDS = {**_UNITS, **_TENS}
_SPOKEN = "|".join(sorted([*_NUMBER_WORDS, *_SCALES, *_AMOUNTS, "point", "percent"], key=len, reverse=True))
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
    2500000 (None: no number word in them)."""
    total, current, decimals, seen = 0.0, 0.0, "", False
    for word in re.split(r"\s+|-", spoken.lower()):
        if word == "point":
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


# --- generic lessons ---

# Lessons that fit every story, so they tell the interviewer nothing about this one ("I learned communication is
# important - most common reflection failure. Applies to every story." - the seed pages' common mistake). Each entry
# is (name, pattern); a reflection that says one of them and nothing specific to its story is generic.
GENERIC_LESSONS: tuple[tuple[str, str], ...] = (
    ("communication is important", r"communication (?:is|was|are) (?:\w+ )?(?:important|key|crucial|essential|vital)"),
    ("the importance of communication or teamwork",
     r"(?:importance|value|power) of (?:good |clear |better )?(?:communication|teamwork|collaboration)"),
    ("communicate more", r"communicat\w* (?:more|better|earlier|clearly|often)"),
    ("teamwork is important", r"(?:teamwork|collaboration|working together) (?:is|was) (?:\w+ )?"
                              r"(?:important|key|crucial|essential|vital)"),
    ("ask for help", r"ask(?:ing)? for help"),
    ("never give up", r"never give up|not to give up|perseverance pays"),
    ("attention to detail", r"attention to detail"),
    ("time management", r"time management|manage (?:my )?time better"),
    ("plan or test better", r"(?:plan|test|document)(?:ning|ing)? (?:more|better|ahead|earlier)"),
    ("stay calm", r"stay(?:ing)? calm"),
    ("learned a lot", r"learn(?:ed|t) (?:a lot|so much|many things)"),
    ("be more proactive", r"be(?:ing)? more proactive"),
    ("hard work pays off", r"hard work pays off"),
    ("the customer comes first", r"customers? (?:always )?comes? first"),
)
_GENERIC = re.compile("|".join(f"(?:{pattern})" for _, pattern in GENERIC_LESSONS), re.IGNORECASE)


def generic_lesson(text: str) -> Span | None:
    """Where ``text`` states one of GENERIC_LESSONS (the first), or None."""
    match = _GENERIC.search(text)
    return Span(match.group(), match.start(), match.end()) if match else None


# Words that carry no story: grammar, and the words any lesson or any workplace story uses.
_COMMON_WORDS = """
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing done down during each even ever every few for from further had has have having
he her here hers him his how i if in into is it its itself just let like made make many me more most much must my
myself no nor not now of off on once only or other our ours out over own same she should so some still such than
that the their them then there these they this those through to too under until up us very was we were what when
where which while who whom why will with would you your yours
able always another asked back better come could day get got great help important issue job key learn learned
learnt lesson lot next often people problem real really lot see something team teams thing things think time times
took use used way well work worked working would year years important key crucial essential vital lesson lessons
looking retrospect future instead since sure
"""
_COMMON = frozenset(_COMMON_WORDS.split())


def stem(word: str) -> str:
    """A word's rough stem, so "webhooks" meets "webhook" and "deployment" meets "deployed": its first six letters,
    lower-cased, after a plural "s" or a possessive."""
    lowered = word.lower().replace("’", "'").removesuffix("'s")
    if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith("ss"):
        lowered = lowered[:-1]
    return lowered[:6]


def content_words(text: str) -> set[str]:
    """The stems of the words of ``text`` that carry its content: no grammar, no word every story uses, no number."""
    return {stem(word.text) for word in words(text)
            if word.text.lower() not in _COMMON and not any(ch.isdigit() for ch in word.text) and len(word.text) > 2}


def specific_words(text: str, story_texts: list[str]) -> list[Span]:
    """The words of ``text`` specific to its story: content words the story's other texts use too, and that no
    generic lesson is made of."""
    story = set().union(*map(content_words, story_texts)) - _GENERIC_STEMS
    return [word for word in words(text) if word.text.lower() not in _COMMON and stem(word.text) in story]


_GENERIC_STEMS = frozenset(stem(word) for _, pattern in GENERIC_LESSONS for word in re.findall(r"[a-z]{3,}", pattern))
