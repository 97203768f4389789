"""Ids made from text: a few telling words, lowercase, joined by hyphens, unique within their file."""

from __future__ import annotations

import re

_FILLER = {"a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "for", "with", "that", "this", "it", "i", "you",
           "your", "my", "me", "was", "is", "are", "be", "did", "do", "what", "how", "why", "which", "when", "tell",
           "about", "time", "describe", "give", "example", "todo", "s", "t"}


def slug(text: str, words: int = 5) -> str:
    """An id from a text: its first few telling words, ``"I sent a PR and waited"`` -> ``sent-pr-waited``."""
    found = re.findall(r"[a-z0-9]+", text.casefold().replace("’", "'").replace("'", ""))
    telling = [word for word in found if word not in _FILLER] or found or ["item"]
    return "-".join(telling[:words])


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``...: the first ``taken`` does not hold yet, which is added to it."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def item_ids(sections: list[list[dict[str, object]]]) -> set[str]:
    """Every item id already used in a file's sections (ids are unique across a whole file)."""
    return {str(item["id"]) for section in sections for item in section if "id" in item}
