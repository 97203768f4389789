"""When two texts say the same thing in near-identical words: one measure for the seed-fidelity and no-repeat tests.

Texts are compared normalised: case-folded, typographic quotes and dashes made plain, every run of characters other
than letters, digits, ``%`` and ``$`` turned into one space. Two texts are *near-identical* when difflib's
``SequenceMatcher.ratio()`` of their normalised forms is at least ``NEAR_IDENTICAL`` (0.85): "Keep Situation concise
and focused on the problem and its impact." and "Keep the situation concise and focused on the problem and its
business impact." are (0.91); two sentences sharing only a clause are not.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

NEAR_IDENTICAL = 0.85

_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_SEPARATORS = re.compile(r"[^0-9a-z%$]+")


def normalise(text: str) -> str:
    """Case-folded words, digits, % and $, one space apart."""
    return _SEPARATORS.sub(" ", text.translate(_PLAIN).casefold()).strip()


def _matcher(a: str, b: str) -> SequenceMatcher[str]:
    return SequenceMatcher(None, normalise(a), normalise(b), autojunk=False)


def likeness(a: str, b: str) -> float:
    """difflib's ratio of the two normalised texts (1.0 = the same words)."""
    return _matcher(a, b).ratio()


def near_identical(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` say the same thing in near-identical words."""
    matcher = _matcher(a, b)
    # The quick ratios are upper bounds of ratio(): below the threshold, the slow exact ratio cannot reach it.
    return (matcher.real_quick_ratio() >= NEAR_IDENTICAL and matcher.quick_ratio() >= NEAR_IDENTICAL
            and matcher.ratio() >= NEAR_IDENTICAL)


def contains(text: str, passage: str) -> bool:
    """Whether ``passage`` occurs in ``text`` as whole words, after normalising both."""
    return f" {normalise(passage)} " in f" {normalise(text)} "
