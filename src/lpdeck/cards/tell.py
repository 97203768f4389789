"""The Tell-it card of a walkthrough: its question, told whole against the clock, and the outline to check a telling.

The countdown starts from the story's steps' targets added up; the levels whose length can be read (the story's, or
the walkthrough's own for the same level) are offered instead. The back is the outline (each step's label, target and
key phrases, in order) and then the result's numbers: the clauses of the result's example that hold a number no key
phrase of the outline already shows.
"""

from __future__ import annotations

import functools
import html
import re
from typing import NamedTuple

from ..sources.principles import LEVEL_LABELS, LEVELS, STEP_LABELS
from ..sources.records import Story, Walkthrough
from ..sources.similar import sentences
from .lengths import clock, length_seconds
from .text import plain_html, to_html

# A number as written: "0.3%", "$8K", "10,000", "2x", "120ms"; not the digit of a name ("SDE2", "p99", "Q3")
_NUMBER = re.compile(r"(?<![\w.,])[$€£¥₹]?\d+(?:[.,]\d+)*(?:%|[^\W\d_]+)?")
_CLAUSE_END = re.compile(r"[,;:]\s+|\s+[–—-]\s+")
_TAG = re.compile(r"<[^>]*>")


def tell_fields(walkthrough: Walkthrough, story: Story) -> list[str] | None:
    """The Tell-it note's fields, or None while the question or a step's target is still a placeholder (the countdown
    starts from the story's whole time: a part of it would be the wrong time)."""
    targets = [int(step.target.removesuffix("s")) for step in story.steps if step.target]
    if not walkthrough.question or not targets or len(targets) < len(story.steps):
        return None
    outline, numbers, telling = _told(tuple(_Step(s.step, s.target, s.example, tuple(s.phrases)) for s in story.steps))
    return [to_html(walkthrough.question), plain_html(story.title), clock(sum(targets)),
            _lengths(story, walkthrough), outline, numbers, telling]


class _Step(NamedTuple):
    """What the outline, the numbers and the telling read of a step (hashable: a story's are made once)."""

    step: str
    target: str
    example: str | None
    phrases: tuple[str, ...]


@functools.lru_cache(maxsize=1024)
def _told(steps: tuple[_Step, ...]) -> tuple[str, str, str]:
    """The story's part of its Tell-it notes, the same for every walkthrough of it: outline, numbers, telling."""
    telling = "".join(f"<div>{to_html(step.example)}</div>" for step in steps if step.example)
    return _outline(steps), _numbers(steps), telling


def _lengths(story: Story, walkthrough: Walkthrough) -> str:
    said = {level.level: level.length for level in [*story.levels, *walkthrough.levels] if level.length}
    readable = {level: length_seconds(said[level]) for level in LEVELS if level in said}
    items = "".join(f'<li data-target="{clock(seconds)}" data-level="{LEVEL_LABELS[level]}">'
                    f"{LEVEL_LABELS[level]} {clock(seconds)}</li>"
                    for level, seconds in readable.items() if seconds)
    return f'<ul class="lp-length-list">{items}</ul>' if items else ""


def _outline(steps: tuple[_Step, ...]) -> str:
    """One line per step: its label, target and key phrases (a line, not a list: the skeleton reads at a glance)."""
    items = []
    for step in steps:
        target = f' <span class="lp-outline-target">{step.target}</span>' if step.target else ""
        phrases = " ".join(f'<span class="lp-outline-phrase">{plain_html(phrase.strip())}</span>'
                           for phrase in step.phrases)
        listed = f' <span class="lp-outline-phrases">{phrases}</span>' if phrases else ""
        items.append(f'<li><span class="lp-outline-step">{STEP_LABELS[step.step]}</span>{target}{listed}</li>')
    return f'<ol class="lp-outline">{"".join(items)}</ol>'


def _numbers(steps: tuple[_Step, ...]) -> str:
    """The result's clauses with a number in them that the outline's key phrases do not already show."""
    shown = {number for step in steps for phrase in step.phrases for number in _NUMBER.findall(phrase)}
    clauses = []
    for step in steps:
        if step.step != "result" or not step.example:
            continue
        text = html.unescape(_TAG.sub(" ", to_html(step.example)))
        for sentence in sentences(" ".join(text.split())):
            for clause in _CLAUSE_END.split(sentence):
                if set(_NUMBER.findall(clause)) - shown:
                    clauses.append(_marked(clause.strip().rstrip(".,;:!?")))
    return f'<ul class="lp-numbers">{"".join(f"<li>{c}</li>" for c in clauses)}</ul>' if clauses else ""


def _marked(clause: str) -> str:
    """The clause as card HTML, its numbers in bold."""
    pieces, last = [], 0
    for match in _NUMBER.finditer(clause):
        pieces += [plain_html(clause[last:match.start()]), f"<strong>{plain_html(match.group(0))}</strong>"]
        last = match.end()
    return "".join(pieces) + plain_html(clause[last:])
