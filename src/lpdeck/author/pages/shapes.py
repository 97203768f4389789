"""How a line of a page reads: an instruction ("Lead with ..."), or an explanation of why an answer is right.

The bare layout gives no headings, so where its quiz explanations end and its angles begin is read from these shapes:
an angle's lead tells the candidate what to do (it starts with a verb in the imperative), what to emphasize or
downplay is a phrase, and a quiz explanation is a statement about an answer. Word lists, not a part-of-speech tagger:
the site's wording is narrow, and a tagger would mean a model to download for one command.
"""

from __future__ import annotations

import re

from .principle import names_in


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs the site's coaching starts an instruction with.
VERBS = _words("""
lead open start begin focus highlight emphasize emphasise stress frame show tell describe explain walk name state say
give quantify use keep add mention spend center centre anchor tie connect put present position talk cover set make
avoid close end finish bring point note contrast compare skip drop move return underline showcase demonstrate
illustrate share admit own acknowledge clarify structure build include list detail discuss address prioritize
prioritise lean pivot shift summarize summarise ground pair follow go let treat paint call credit cite quote prove
mirror weave spotlight feature recount relate play tailor trace link translate stay
""")
# Words that open what an imperative verb acts on ("Lead WITH", "Focus ON", "Highlight THAT", "Show HOW").
_OBJECT = _words("""
with on that how the your a an what why by from in to about it this these those my our their each every both any all
where when who yourself for up out through into at off over most more less only just one two three first clearly
briefly explicitly concisely early immediately plainly before after as her his him them us me i you
""")
# Words a line can start with that are never an imperative verb.
_NOT_VERBS = _OBJECT | _words("""
its they we he she which there here without of if while because since no not some many much such strong weak other
another same
""")
_NOT_VERB_ENDINGS = ("ing", "ed", "ly", "tion", "sion", "ity", "ness", "ment", "ance", "ence", "ship", "ism", "ous",
                     "ful", "less", "able", "ible", "ive", "al", "ic")
# Words of a statement about an answer: what it shows, to whom, why.
_EXPLAINS = _words("""
shows show signals signal demonstrates proves indicates means because candidate candidate's candidates
interviewer interviewers interviewer's answer answers phrase statement amazon amazon's principle disqualifier
weakens strengthens bar hire
""")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def instruction(text: str) -> float:
    """1 for a line that plainly starts with an imperative, 0.5 for one that may, 0 for a phrase or a statement."""
    words = _WORD.findall(text)
    if len(words) < 2 or not text[:1].isupper() or re.match(r"^[A-Za-z'’-]+[,;:]", text):
        return 0.0
    first, second = words[0].casefold(), words[1].casefold()
    if first in VERBS:
        return 1.0 if second in _OBJECT or _addresses(words) else 0.5
    if first in _NOT_VERBS or "-" in first or first.endswith(_NOT_VERB_ENDINGS):
        return 0.0
    if first.endswith("s") and not first.endswith(("ss", "us")):
        return 0.0  # "Adds ...", "Details ...": a third person or a plural, not an imperative
    return 0.5 if second in _OBJECT else 0.0


def _addresses(words: list[str]) -> bool:
    return any(word.casefold() in ("you", "your", "my", "i", "yourself") for word in words[1:])


def explanation(text: str) -> float:
    """How much a line reads as a statement about an answer (0 to 1): it names the candidate, the interviewer, a
    principle, says what something shows, or starts with its subject ("It gives ...")."""
    hits = {word.casefold() for word in _WORD.findall(text)} & _EXPLAINS
    subject = bool(re.match(r"^(?:It|This|That|These|Those|They|He|She|We)\s+[a-z]", text))
    return min(1.0, (len(hits) + len(names_in(text)) + subject) / 2)


def length(text: str) -> float:
    """-1 for a short line (a phrase), up to 1 for a long one (an explanation), 0 around sixteen words."""
    return max(-1.0, min(1.0, (len(text.split()) - 16) / 8))
