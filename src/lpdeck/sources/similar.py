"""Near-identical wordings: when two texts say the same thing, and how to keep one wording plus what a variant adds."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

NEAR = 0.8  # two sentences whose normalized characters agree this much say the same thing
# A sentence ends at . ! or ? (and the quote or bracket closing it) before the next one's capital, digit or opening
# quote, or a word like "iOS" or "p99" that starts in lower case.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'’”)\]]))\s+(?=[\"'‘“(]?[A-Z0-9$]|[a-z]+[A-Z0-9])")


@lru_cache(maxsize=65536)
def normal(text: str) -> str:
    """Lowercase words and numbers only: quotes, punctuation and spacing do not make texts differ."""
    return " ".join(re.findall(r"[\w$%.]+", text.casefold().replace("’", "'")))


def sentences(text: str) -> list[str]:
    """A text's sentences, as written."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def near(a: str, b: str) -> bool:
    """Whether two texts are the same wording or near-identical ones."""
    na, nb = normal(a), normal(b)
    if na == nb:
        return True
    matcher = SequenceMatcher(None, na, nb, autojunk=False)
    return matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR


def said(sentence: str, texts: list[str]) -> bool:
    """Whether some sentence of ``texts`` says ``sentence`` already."""
    return any(near(sentence, known) for text in texts for known in sentences(text))


def additions(text: str, texts: list[str]) -> str | None:
    """What ``text`` adds to ``texts``: its sentences none of them says yet, joined, or None."""
    known = [sentence for other in texts for sentence in sentences(other)]  # split once, not once per sentence
    new = [sentence for sentence in sentences(text) if not any(near(sentence, other) for other in known)]
    return " ".join(new) if new else None


def merged_text(kept: str | None, variant: str | None) -> str | None:
    """One text that keeps ``kept`` and adds what ``variant`` says besides."""
    if not variant:
        return kept
    if not kept:
        return variant
    added = additions(variant, [kept])
    return f"{kept} {added}" if added else kept


def merged_list(kept: list[str], variants: list[str]) -> list[str]:
    """A list that keeps ``kept`` and adds, for each variant item, what it says besides as one more item."""
    result = list(kept)
    for variant in variants:
        added = additions(variant, result)
        if added:
            result.append(added)
    return result


_COMMON = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "that", "this", "it", "was", "is",
    "are", "be", "i", "you", "we", "they", "my", "our", "their", "your", "not", "no", "as", "by", "from", "but",
    "so", "which", "who", "what", "how", "when", "then", "than", "there", "had", "has", "have", "did", "do",
    "does",
}


def content_words(texts: list[str]) -> set[str]:
    """The words that carry a text's content: no short or common words."""
    return {word for text in texts for word in normal(text).split() if len(word) > 2 and word not in _COMMON}
