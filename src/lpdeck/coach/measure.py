"""What a coach measures in a text: words, speaking time, numbers and who acts (generic lessons: ``lessons.py``).

Plain functions on plain text, shared by the written rules (``lpdeck check``) and the spoken report (``lpdeck
rehearse``): a strong example and a transcript are scored by the same measures. Each function takes text as written
or as a recogniser prints it (lower case, no punctuation) and returns plain values; where a caller needs to point at
the text, a ``Span`` gives its offsets. The numbers (``numbers``, ``has_number``) are the cards stage's reading,
``cards/numbers.py``, so the coaches and the Tell-it card's self-check agree on what a number is. No library does
these few English rules better than a page of regular expressions: a part-of-speech tagger (spaCy, NLTK) would weigh
more than lpdeck and still guess at transcripts.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal, NamedTuple

# re-exported: the coaches' callers read every measure from here
from ..cards.numbers import Number as Number
from ..cards.numbers import Span as Span
from ..cards.numbers import has_number as has_number
from ..cards.numbers import numbers as numbers

PACE = 150  # words a minute: the middle of the 130-160 a listener follows comfortably (the written coach's pace)


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
