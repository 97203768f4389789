"""Key phrases in a strong example: found as whole words, highlighted on the read and drill cards, blanked on the
key-phrases card (those grammar does not give away: ``guessable``).

Matching works on the example's card HTML, outside its tags, case-insensitively and on whole words only, so "no
alert" is not found inside "no alerting" and a phrase split by Markdown is reported instead of half-marked. It uses
plain string search rather than a regular expression per step: every step has its own phrases, and compiling a
pattern for each costs more than the rest of the compile.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from ..errors import Problem
from ..sources.document import Document
from ..sources.messages import quoted
from ..sources.placeholders import is_placeholder
from ..sources.records import Story, Walkthrough
from .guessable import blankable
from .text import to_html

_TAG = re.compile(r"(<[^>]*>)")
# Anki's cloze deletion syntax: its number and the text it hides (the preview renders it, the package counts cards)
CLOZE_DELETION = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.DOTALL)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _needles(phrases: Sequence[str]) -> list[str]:
    """The phrases as they stand in card HTML, lower-cased, longest first (a phrase inside a longer one never wins)."""
    return sorted({html.escape(p.strip(), quote=False).lower() for p in phrases if p.strip()}, key=len, reverse=True)


def _spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where the needles stand in ``text`` as whole words: leftmost first, longest at one place, never overlapping."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters change length when lower-cased: count on the text as it is
        lowered = text
    found: list[tuple[int, int]] = []
    for needle in needles:
        start = lowered.find(needle)
        while start != -1:
            end = start + len(needle)
            if not (start and _is_word(text[start - 1])) and not (end < len(text) and _is_word(text[end])):
                found.append((start, end))
            start = lowered.find(needle, start + 1)
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda span: (span[0], span[0] - span[1])):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen


def _each_text(example_html: str, replace: Callable[[str], str]) -> str:
    parts = _TAG.split(example_html)
    return "".join(part if index % 2 else replace(part) for index, part in enumerate(parts))


def _texts(example_html: str) -> list[str]:
    return [part for index, part in enumerate(_TAG.split(example_html)) if not index % 2]


def found(example_html: str, phrases: Sequence[str]) -> list[str]:
    """The phrases that occur in the example, in the author's order, each once."""
    texts = _texts(example_html)  # split once, asked about each phrase on its own

    def stands(phrase: str) -> bool:
        needles = _needles([phrase])
        return bool(needles) and any(_spans(text, needles) for text in texts)

    return list(dict.fromkeys(p for p in phrases if stands(p)))


def _replace_spans(text: str, needles: list[str], outside: Callable[[str], str],
                   inside: Callable[[str], str]) -> str:
    pieces, last = [], 0
    for start, end in _spans(text, needles):
        pieces += [outside(text[last:start]), inside(text[start:end])]
        last = end
    return "".join(pieces) + outside(text[last:])


def highlight(example_html: str, phrases: Sequence[str]) -> str:
    """Mark every occurrence of the phrases in the example."""
    needles = _needles(phrases)
    if not needles:
        return example_html
    return _each_text(example_html, lambda text: _replace_spans(
        text, needles, lambda plain: plain, lambda phrase: f'<mark class="lp-hl">{phrase}</mark>'))


def cloze(example_html: str, phrases: Sequence[str]) -> str:
    """The example with its phrases blanked in one cloze deletion, {{c1::...}}: one card asks for the step's phrases.

    One card a step, not one a phrase: each blank on its own made a card that tests a fragment (three or four a step),
    while the phrases read together in their step are what the telling needs. The phrases stand where the highlight
    finds them; those grammar gives away (``guessable``) stay as text. Without a blank, the result has no deletion.
    """
    needles = _needles(phrases)
    kept = set(_needles(blankable(list(phrases))))

    def blank(phrase: str) -> str:
        if phrase.lower() not in kept:
            return _literal(phrase)
        return f"{{{{c1::{_literal(phrase).replace(':', '&#58;')}}}}}"

    return _each_text(example_html, lambda text: _replace_spans(text, needles, _literal, blank))


def _literal(text: str) -> str:
    # Anki reads "{{" and "}}" in a cloze field as cloze syntax; entities show the same characters.
    return text.replace("{", "&#123;").replace("}", "&#125;")


def cloze_ordinals(text: str) -> list[int]:
    """The 0-based card ordinals of a cloze field's deletions ({{c1::...}} is card 0), each once, in order."""
    return sorted({int(number) - 1 for number, _ in CLOZE_DELETION.findall(text)})


def missing_phrase_warnings(source: Story | Walkthrough, doc: Document) -> list[Problem]:
    """A warning for each key phrase of a story that does not occur in its step's example (no highlight, no blank)."""
    if not isinstance(source, Story):
        return []
    warnings = []
    for index, step in enumerate(source.steps):
        if is_placeholder(step.example):  # the example is still to write: its placeholder warning says so
            continue
        present = set(found(to_html(step.example), step.phrases)) if step.example else set()
        for number, phrase in enumerate(step.phrases):
            if phrase not in present and not is_placeholder(phrase):  # a placeholder has its own warning
                where = ("does not occur in its example as whole words" if step.example
                         else "has no example to occur in (the step has none)")
                warnings.append(doc.problem(("steps", index, "phrases", number),
                                            f"warning: key phrase {quoted(phrase)} {where}, so it is neither "
                                            "highlighted nor blanked on a card"))
    return warnings


def split_phrase_warnings(source: Story | Walkthrough, doc: Document) -> list[Problem]:
    """A warning for a key phrase cut in two at its comma: ``phrases: [a, I said]`` where the example says "a, I said".

    In a ``[...]`` list a comma separates items, so a phrase with a comma in it must be quoted. Two items written
    side by side, unquoted and separated only by the comma, that stand so in the example too, were probably meant as
    one phrase; items on lines of their own, or quoted, were split on purpose and are left alone.
    """
    if not isinstance(source, Story):
        return []
    warnings = []
    for index, step in enumerate(source.steps):
        if not step.example or is_placeholder(step.example) or len(step.phrases) < 2:
            continue
        texts = _texts(to_html(step.example))
        for number in range(1, len(step.phrases)):
            before, phrase = step.phrases[number - 1], step.phrases[number]
            needles = _needles([f"{before}, {phrase}", f"{before},{phrase}"])
            if not any(_spans(text, needles) for text in texts) or not _side_by_side(doc, index, number, before):
                continue
            whole = f"{before}, {phrase}"
            warnings.append(doc.problem(("steps", index, "phrases", number), (
                f"warning: key phrases {quoted(before)} and {quoted(phrase)} stand in the example as one, "
                f"{quoted(whole)}: in a '[...]' list a comma separates items, so if it is one phrase, put it in "
                f'quotes ("{whole}")')))
    return warnings


def _side_by_side(doc: Document, step: int, number: int, before: str) -> bool:
    """Whether phrase ``number`` follows the one before on its line, unquoted, after nothing but a comma."""
    line, column = doc.position(("steps", step, "phrases", number - 1))
    next_line, next_column = doc.position(("steps", step, "phrases", number))
    return next_line == line and next_column - column - len(before) in (1, 2)
