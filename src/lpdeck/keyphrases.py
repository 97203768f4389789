"""Key phrases in a strong example: found as whole words, highlighted on the drill, blanked on the cloze cards.

Matching works on the example's card HTML, outside its tags, case-insensitively and on whole words only, so "no
alert" is not found inside "no alerting" and a phrase split by Markdown is reported instead of half-marked.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

_TAG = re.compile(r"(<[^>]*>)")
_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")


def _pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    # Longest first, so a phrase inside a longer one never wins the match.
    escaped = sorted({html.escape(p.strip(), quote=False) for p in phrases if p.strip()}, key=len, reverse=True)
    if not escaped:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, escaped)) + r")(?!\w)", re.IGNORECASE)


def _each_text(example_html: str, replace: Callable[[str], str]) -> str:
    parts = _TAG.split(example_html)
    return "".join(part if index % 2 else replace(part) for index, part in enumerate(parts))


def occurs(example_html: str, phrase: str) -> bool:
    """Whether ``phrase`` stands in the example as whole words (outside any tag)."""
    pattern = _pattern([phrase])
    if pattern is None:
        return False
    return any(pattern.search(part) for index, part in enumerate(_TAG.split(example_html)) if not index % 2)


def found(example_html: str, phrases: Sequence[str]) -> list[str]:
    """The phrases that occur in the example, in the author's order, each once."""
    return list(dict.fromkeys(p for p in phrases if occurs(example_html, p)))


def highlight(example_html: str, phrases: Sequence[str]) -> str:
    """Mark every occurrence of the phrases in the example."""
    pattern = _pattern(phrases)
    if pattern is None:
        return example_html
    return _each_text(example_html, lambda text: pattern.sub(lambda m: f'<mark class="lp-hl">{m[0]}</mark>', text))


def cloze(example_html: str, phrases: Sequence[str]) -> str:
    """The example with each phrase as its own cloze deletion, numbered in reading order: {{c1::...}}, {{c2::...}}."""
    pattern = _pattern(phrases)
    numbers: dict[str, int] = {}  # the same phrase twice is one deletion

    def blank(match: re.Match[str]) -> str:
        number = numbers.setdefault(match[0].casefold(), len(numbers) + 1)
        return "{{c%d::%s}}" % (number, _literal(match[0]).replace(":", "&#58;"))  # noqa: UP031  (an f-string doubles every brace)

    def one_text(text: str) -> str:
        if pattern is None:
            return _literal(text)
        pieces, last = [], 0
        for match in pattern.finditer(text):
            pieces += [_literal(text[last:match.start()]), blank(match)]
            last = match.end()
        return "".join(pieces) + _literal(text[last:])

    return _each_text(example_html, one_text)


def _literal(text: str) -> str:
    # Anki reads "{{" and "}}" in a cloze field as cloze syntax; entities show the same characters.
    return text.replace("{", "&#123;").replace("}", "&#125;")


def cloze_ordinals(text: str) -> list[int]:
    """The 0-based card ordinals of a cloze field's deletions ({{c1::...}} is card 0), each once, in order."""
    return sorted({int(number) - 1 for number in _CLOZE_NUMBER.findall(text)})
