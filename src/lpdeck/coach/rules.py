"""The rules the seed pages teach for a strong example, each with its name and why: what ``lpdeck check`` warns about.

Each rule reads one story's records and yields findings: the rule, the text it is about (a data path and an offset in
that text) and what to say. ``written.py`` turns them into positioned warnings and drops those an author silenced.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ..cards.lengths import clock, length_seconds
from ..sources.document import DataPath
from ..sources.placeholders import is_placeholder
from ..sources.records import Step, Story
from .lessons import generic_lesson, specific_words
from .measure import PACE, actor, has_number, says_we, sentences, word_at, word_count

# A step's example may run this much past its target at PACE before check warns, and a story past its level's length:
# at 130 words a minute, the slow end of a comfortable pace, the same words take 15 % longer than at 150, and the pages
# themselves coach a Situation with a 30 s target to "max 45 seconds".
TOLERANCE = 0.25


class Rule(NamedTuple):
    """A rule: its name (what ``# lpdeck: allow NAME`` silences) and why it matters, in the pages' words."""

    name: str
    why: str


WE_ACTOR = Rule("we-actor", "Use 'I' for every action sentence to clearly show individual contribution. Avoid 'we' "
                            "to prevent ambiguity about your role (seed pages, Action coaching)")
RESULT_WITHOUT_NUMBER = Rule("result-without-number", "Quantify the impact with metrics, translate it to business "
                                                      "value (seed pages, Result coaching)")
GENERIC_REFLECTION = Rule("generic-reflection", "'I learned communication is important' - most common reflection "
                                                "failure. Applies to every story (seed pages, Reflection mistake)")
STEP_OVER_TARGET = Rule("step-over-target", "Spending 90 seconds on system architecture before reaching the problem "
                                            "- by then the interviewer has lost interest (seed pages, Situation)")
STORY_OVER_LENGTH = Rule("story-over-length", "Keep the story under 2 minutes; Story length 2.5-3 minutes (seed "
                                              "pages, the levels' lengths)")
RULES = (WE_ACTOR, RESULT_WITHOUT_NUMBER, GENERIC_REFLECTION, STEP_OVER_TARGET, STORY_OVER_LENGTH)


class Finding(NamedTuple):
    """What a rule found: about the text at ``path`` (its character at ``offset``), silenced at ``scope``."""

    rule: Rule
    path: DataPath
    offset: int
    message: str
    scope: tuple[DataPath, ...]


def _examples(story: Story) -> Iterator[tuple[int, Step, str]]:
    """The steps with an example written (no placeholder), and the example."""
    for index, step in enumerate(story.steps):
        if step.example and not is_placeholder(step.example):
            yield index, step, step.example


def _where(index: int) -> tuple[DataPath, tuple[DataPath, ...]]:
    return ("steps", index, "example"), (("steps", index), ("steps", index, "example"))


def we_actor(story: Story) -> Iterator[Finding]:
    """Each sentence of an Action example whose actor is "we" or a team, not "I"."""
    for index, step, example in _examples(story):
        if step.step != "action" or not says_we(example):
            continue
        for sentence in sentences(example):
            found = actor(sentence.text)
            if found is not None and found.actor == "we":
                path, scope = _where(index)
                yield Finding(WE_ACTOR, path, sentence.start + found.span.start,
                              f"{found.span.text!r} acts in this Action sentence: say what you did, with 'I'", scope)


def result_without_number(story: Story) -> Iterator[Finding]:
    """A Result example that states no number: no digit, %, $ or number word."""
    for index, step, example in _examples(story):
        if step.step == "result" and not has_number(example):
            path, scope = _where(index)
            yield Finding(RESULT_WITHOUT_NUMBER, path, 0,
                          "the Result states no number: quantify the impact (a metric's change, $, %)", scope)


def generic_reflection(story: Story) -> Iterator[Finding]:
    """A Reflection example that states a generic lesson and no word specific to its story's other steps."""
    for index, step, example in _examples(story):
        lesson = generic_lesson(example) if step.step == "reflection" else None
        if lesson is None:
            continue
        others = [text for other, _, text in _examples(story) if other != index]
        if not specific_words(example, others):
            path, scope = _where(index)
            yield Finding(GENERIC_REFLECTION, path, lesson.start,
                          f"{lesson.text!r} is a lesson any story could teach, and the reflection names nothing "
                          "of this story: say what this story taught you", scope)


def _runs_out(example: str, seconds: float, pace: float) -> int:
    """The offset of the first word said after ``seconds`` at ``pace``."""
    word = word_at(example, min(word_count(example) - 1, int(seconds * pace / 60)))
    return word.start if word else 0


def step_over_target(story: Story, pace: float = PACE) -> Iterator[Finding]:
    """A step whose example takes more than its target (and TOLERANCE) to say at ``pace``, pointed where time runs
    out."""
    for index, step, example in _examples(story):
        if is_placeholder(step.target):
            continue
        target, needed = int(step.target.removesuffix("s")), word_count(example) * 60 / pace
        if needed > target * (1 + TOLERANCE):
            path, scope = _where(index)
            yield Finding(STEP_OVER_TARGET, path, _runs_out(example, target, pace),
                          f"this example takes {needed:.0f}s to say at {pace:g} words a minute, past its target "
                          f"{step.target}: its time runs out here", scope)


def story_over_length(story: Story, level: str | None, pace: float = PACE) -> Iterator[Finding]:
    """The steps' examples together take more than ``level``'s length (and TOLERANCE) to say at ``pace``, pointed at
    the word where that length runs out."""
    note = next((n for n in story.levels if n.level == level and n.length), None)
    length = length_seconds(note.length) if note is not None and note.length else None
    if length is None:
        return
    told = list(_examples(story))
    needed = sum(word_count(example) for _, _, example in told) * 60 / pace
    if needed <= length * (1 + TOLERANCE):
        return
    left: float = length
    for index, _, example in told:
        step_seconds = word_count(example) * 60 / pace
        if step_seconds > left:
            yield Finding(STORY_OVER_LENGTH, ("steps", index, "example"), _runs_out(example, left, pace),
                          f"the story takes {clock(round(needed))} to say at {pace:g} words a minute, past the "
                          f"{level} length {clock(length)}: its time runs out here", (("steps",),))
            return
        left -= step_seconds


def findings(story: Story, level: str | None) -> list[Finding]:
    """Everything the rules find in one story, in the order of its steps."""
    found = [*we_actor(story), *result_without_number(story), *generic_reflection(story), *step_over_target(story),
             *story_over_length(story, level)]
    return sorted(found, key=lambda finding: (finding.path, finding.offset))
