"""The spoken report: a telling's transcript scored against its story, by the measures the written coach uses.

Pace, "I" against "we" and the numbers said come from ``measure`` (the written rules' scorer), applied to the
transcript, with the words said counted by ``pace``; the key phrases are found by ``match``. Time is the speech's: from
the first word heard to the last.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

from ..cards.lengths import length_seconds
from ..sources.records import Story, Walkthrough
from . import measure
from .listen import Word
from .match import find
from .pace import followed
from .spoken import spoken_words

PACE_RANGE = (130, 160)  # words a minute: conversational pace (Tauroza & Allison 1990; Street & Brady 1982: 140-160)
HESITATIONS = frozenset({"um", "uh", "hmm"})  # what the recogniser is offered (listen.EXTRA_SENTENCES)
# Said without meaning, unless the story itself uses them (then they are the story's words)
DISCOURSE_FILLERS = ("you know", "i mean", "basically", "actually", "literally")
UNNOTICED_FILLERS = 1.0  # per 100 words: about one goes unnoticed
# Below this share of the words heard following the story's text, the report says it heard the telling poorly: on
# espeak-ng's US voices every telling, fillers and "we" for "I" included, had 0.67-0.99; voices with accents the
# acoustic model was not trained on had 0.39 (Caribbean) and 0.51 (Scottish), where most phrases were missed and "we"
# outnumbered the "I" said (docs/rehearse.md)
HEARD_POORLY = 0.6


@dataclass(frozen=True)
class StepHeard:
    """A step's key phrases, said or missed, and where the said ones stand (word indexes in the transcript)."""

    step: str
    said: list[str]
    missed: list[str]
    at: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    """What a telling showed. ``as_json`` gives the keys scripts read; the rest is for the page and the history."""

    walkthrough: str
    story: str
    question: str
    duration_s: float
    target_s: int
    level_s: int | None
    words_per_minute: float
    steps: list[StepHeard]
    steps_in_order: bool
    i_count: int
    we_count: int
    numbers_said: list[str]
    numbers_missed: list[str]
    fillers: int
    words: int
    transcript: str
    marks: list[tuple[int, int, str]]  # character spans of the transcript: "phrase", "number" or "filler"
    story_share: float = 1.0  # of the words heard, the share that stand in the story's text in its order

    def as_json(self) -> dict[str, Any]:
        """The report as the issue's keys, in order: one JSON object for scripts."""
        steps = [{"step": s.step, "said": s.said, "missed": s.missed} for s in self.steps]
        return {"duration_s": self.duration_s, "target_s": self.target_s, "words_per_minute": self.words_per_minute,
                "steps": steps, "steps_in_order": self.steps_in_order, "i_count": self.i_count,
                "we_count": self.we_count, "numbers_said": self.numbers_said, "numbers_missed": self.numbers_missed,
                "fillers": self.fillers, "transcript": self.transcript}

    def as_record(self) -> dict[str, Any]:
        """Everything, for the history and the page."""
        return asdict(self)


def score(walkthrough: Walkthrough, story: Story, heard: list[Word], vocabulary: frozenset[str],
          level: str | None = None) -> Report:
    """Score what was heard against the story the walkthrough tells (``level``: the length the user interviews at)."""
    tokens = [word.text for word in heard]
    transcript = " ".join(tokens)
    offsets = _offsets(tokens)
    story_words = [word for step in story.steps for word in spoken_words(step.example or "")]  # as a speaker says it
    fillers = _fillers(tokens, story_words)
    marks = [(offsets[start][0], offsets[start + length - 1][1], "filler") for start, length in fillers]
    steps = _steps(story, tokens, offsets, {start + n for start, length in fillers for n in range(length)},
                   vocabulary, marks)
    numbers_said, numbers_missed = _numbers(story, transcript, marks)
    i_count, we_count = measure.first_person_counts(transcript)
    seconds = round(heard[-1].end - heard[0].start, 1) if heard else 0.0
    count, share = followed(heard, story_words)
    return Report(walkthrough.walkthrough, story.story, walkthrough.question, seconds, target_seconds(story),
                  level_seconds(story, walkthrough, level), round(measure.words_per_minute(count, seconds)), steps,
                  _in_order(steps), i_count, we_count, numbers_said, numbers_missed, len(fillers), count, transcript,
                  sorted(marks), round(share, 2))


def _steps(story: Story, tokens: list[str], offsets: list[tuple[int, int]], fillers: set[int],
           vocabulary: frozenset[str], marks: list[tuple[int, int, str]]) -> list[StepHeard]:
    """Each step's key phrases said or missed, looked for in the transcript without its fillers ("I um traced" says
    "I traced"); a phrase's words the recogniser cannot hear (not in its dictionary) are not asked for."""
    kept = [index for index in range(len(tokens)) if index not in fillers]
    heard = [tokens[index] for index in kept]
    steps = []
    for step in story.steps:
        said, missed, at = [], [], []
        for phrase in step.phrases:
            found = find([w for w in spoken_words(phrase) if w in vocabulary], heard)
            if found is None:
                missed.append(phrase)
                continue
            said.append(phrase)
            at.append(found.start)
            marks.append((offsets[kept[found.start]][0], offsets[kept[found.end - 1]][1], "phrase"))
        steps.append(StepHeard(step.step, said, missed, at))
    return steps


def target_seconds(story: Story) -> int:
    """The steps' targets added up (a target still a placeholder counts nothing)."""
    return sum(int(step.target.removesuffix("s")) for step in story.steps if step.target.removesuffix("s").isdigit())


def _offsets(tokens: list[str]) -> list[tuple[int, int]]:
    spans, position = [], 0
    for token in tokens:
        spans.append((position, position + len(token)))
        position += len(token) + 1
    return spans


def _in_order(steps: list[StepHeard]) -> bool:
    """Whether the steps heard came in the story's order: each one's phrases, by their median place, after the last."""
    places = [median(step.at) for step in steps if step.at]
    return all(earlier <= later for earlier, later in pairwise(places))


def _numbers(story: Story, transcript: str, marks: list[tuple[int, int, str]]) -> tuple[list[str], list[str]]:
    """The result's numbers (each value once, as written) said or missed: said when the transcript states its value."""
    heard = measure.numbers(transcript)
    values = [number.value for number in heard if number.value is not None]
    marks.extend((number.span.start, number.span.end, "number") for number in heard)
    said: list[str] = []
    missed: list[str] = []
    seen: set[float] = set()
    for step in story.steps:
        if step.step != "result" or not step.example:
            continue
        for number in measure.numbers(step.example):
            if number.value is None or number.value in seen:
                continue
            seen.add(number.value)
            is_said = any(abs(value - number.value) <= 1e-9 * max(1.0, abs(value)) for value in values)
            (said if is_said else missed).append(number.span.text)
    return said, missed


def _fillers(tokens: list[str], story_words: list[str]) -> list[tuple[int, int]]:
    """Where the fillers stand (first word, words): hesitations, and discourse fillers the story's text never uses."""
    story_text = " " + " ".join(story_words) + " "
    fillers = [tuple(f.split()) for f in DISCOURSE_FILLERS if f" {f} " not in story_text]
    found, index = [], 0
    while index < len(tokens):
        length = 1 if tokens[index] in HESITATIONS else next(
            (len(f) for f in fillers if tuple(tokens[index:index + len(f)]) == f), 0)
        if length:
            found.append((index, length))
        index += length or 1
    return found


def level_seconds(story: Story, walkthrough: Walkthrough, level: str | None) -> int | None:
    """The level's whole length, as the Tell-it card reads it (the walkthrough's own note first)."""
    for note in [*walkthrough.levels, *story.levels]:
        if note.level == level and note.length:
            return length_seconds(note.length)
    return None


def pace_verdict(words_per_minute: float) -> str:
    low, high = PACE_RANGE
    if words_per_minute < low:
        return "slow"
    return "fast" if words_per_minute > high else "conversational"
