"""The Tell-it card of a walkthrough: its question, told whole against the clock, and what to check a telling against.

The countdown starts from the story's steps' targets added up, or, for a learner interviewing at one level, from that
level's length; the other lengths that can be read (the levels' texts, the story's or the walkthrough's own for the
same level) are offered instead. The back is the telling's plan for this question, then a self-check:

- the plan: what the question changes (the principle to lead with; the question's own advice, its overview, said
  here and no longer on the walkthrough's card; what the story's angle for that principle stresses), then the
  outline (each step's label, target and key phrases, in order). The angle's opening and what it keeps short stay
  on the LP-angle card that asks for them: a back that said them again would teach them twice;
- the self-check (in the template): scope before the actions, every action "I", the result's numbers (the clauses
  of the result's example that hold a number, here, so the line names this story's own: digits or words, "$8K" as
  "halved" or "from forty to four minutes", as ``numbers.py`` reads them for the coaches too), a reflection only
  this story could give, inside the time (the countdown's start, or the length the learner chose).
"""

from __future__ import annotations

import functools
import html
import re
from typing import NamedTuple

from ..sources.bank import angle_for
from ..sources.principles import LEVEL_LABELS, LEVELS, STEP_LABELS
from ..sources.records import Story, Walkthrough
from ..sources.similar import sentences
from .lengths import clock, length_seconds
from .numbers import has_number, numbers
from .text import plain_html, to_html

_CLAUSE_END = re.compile(r"[,;:]\s+|\s+[–—-]\s+")
_TAG = re.compile(r"<[^>]*>")


def tell_fields(walkthrough: Walkthrough, story: Story, level: str | None = None) -> list[str] | None:
    """The Tell-it note's fields, or None while the question or a step's target is still a placeholder (the countdown
    starts from the story's whole time: a part of it would be the wrong time).

    ``level`` (one of LEVELS, or None for every level): the countdown starts from that level's length when its text
    names one, and the steps' time is offered with the other levels' lengths."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"unknown level {level!r}: one of {', '.join(LEVELS)}")
    targets = [int(step.target.removesuffix("s")) for step in story.steps if step.target]
    if not walkthrough.question or not targets or len(targets) < len(story.steps):
        return None
    outline, numbers, telling = _told(tuple(_Step(s.step, s.target, s.example, tuple(s.phrases)) for s in story.steps))
    said = _level_lengths(story, walkthrough)
    start = level if level in said else None
    return [to_html(walkthrough.question), plain_html(story.title), clock(said[start] if start else sum(targets)),
            _lengths(said, start, sum(targets)), _plan(walkthrough, story) + outline, numbers, telling]


def _plan(walkthrough: Walkthrough, story: Story) -> str:
    """What this question changes in the telling: the principle to lead with, and its own advice."""
    angle = angle_for(story, walkthrough)
    parts = []
    if walkthrough.lp:  # how the angle opens, stresses and keeps short is its LP-angle card's answer: named, not said
        cues = [cue for cue, said in (("open", angle and angle.lead), ("stress", angle and angle.emphasize),
                                      ("keep short", angle and angle.downplay)) if said]
        how = ", ".join(cues[:-1]) + (" and " if len(cues) > 1 else "") + (cues[-1] if cues else "")
        parts.append(f'<p class="lp-plan-lead">Lead with <strong>{plain_html(walkthrough.lp)}</strong>'
                     + (f": {how} as its angle does" if cues else "") + "</p>")
    if walkthrough.overview:
        parts.append(f'<div class="lp-plan-advice">{to_html(walkthrough.overview)}</div>')
    return f'<div class="lp-plan">{"".join(parts)}</div>' if parts else ""


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


def _level_lengths(story: Story, walkthrough: Walkthrough) -> dict[str, int]:
    """The seconds each level's length allows, for the levels whose length can be read (the walkthrough's over the
    story's)."""
    said = {level.level: level.length for level in [*story.levels, *walkthrough.levels] if level.length}
    readable = {level: length_seconds(said[level]) for level in LEVELS if level in said}
    return {level: seconds for level, seconds in readable.items() if seconds}


def _lengths(said: dict[str, int], start: str | None, steps: int) -> str:
    """The lengths offered besides the countdown's start: each level's, and the steps' when a level's is the start
    (its label then names the start, for the script's first button)."""
    offered = [(LEVEL_LABELS[level], seconds) for level, seconds in said.items() if level != start]
    if start:
        offered.insert(0, ("Steps", steps))
    items = "".join(f'<li data-target="{clock(seconds)}" data-level="{label}">{label} {clock(seconds)}</li>'
                    for label, seconds in offered)
    named = f' data-start="{LEVEL_LABELS[start]}"' if start else ""
    return f'<ul class="lp-length-list"{named}>{items}</ul>' if items else ""


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
    """The result's clauses with a number in them: the numbers the self-check asks were said, each in its context."""
    clauses = []
    for step in steps:
        if step.step != "result" or not step.example:
            continue
        text = html.unescape(_TAG.sub(" ", to_html(step.example)))
        for sentence in sentences(" ".join(text.split())):
            for clause in _CLAUSE_END.split(sentence):
                if has_number(clause):
                    clauses.append(_marked(clause.strip().rstrip(".,;:!?")))
    return f'<ul class="lp-numbers">{"".join(f"<li>{c}</li>" for c in clauses)}</ul>' if clauses else ""


def _marked(clause: str) -> str:
    """The clause as card HTML, its numbers in bold."""
    pieces, last = [], 0
    for number in numbers(clause):
        pieces += [plain_html(clause[last:number.span.start]), f"<strong>{plain_html(number.span.text)}</strong>"]
        last = number.span.end
    return "".join(pieces) + plain_html(clause[last:])
