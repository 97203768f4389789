"""How long a showing of each card takes: the speaking cards by their own clock, the others by a fixed estimate.

A Drill is spoken for its step's target and a Tell-it card for its countdown (the steps' targets added up), then its
back is checked. Every other card is read, answered in one's head or in a phrase, and checked: a few seconds by kind,
estimated for a learner who knows the story (a first reading takes longer, a tenth review less). ``lpdeck stats`` and
``lpdeck plan`` print the table they use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .compile import Note
from .notetypes import NOT_MADE, NOTETYPES

SPEAKING = ("step", "tell")  # the kinds whose front is spoken out loud against a clock
CHECK_SECONDS = 15  # after speaking: the back of a Drill or a Tell-it card, read against what was said
SECONDS_A_SHOWING = {  # by kind, for the cards that are not spoken against a clock
    "story": 30, "read": 30, "cloze": 20, "coaching": 15, "phrase": 15, "probe": 30, "flaw": 30, "angle": 20,
    "level": 10, "overview": 15, "mcq": 20, "which-story-2": 15, "which-story": 15,
    "story-for-lp": 15,
}


def spoken_seconds(note: Note) -> int:
    """How long a speaking card's front is spoken: its Target field, "30s" (a drill) or "2:55" (Tell it)."""
    target = note.fields[NOTETYPES[note.kind].fields.index("Target")]
    if ":" in target:
        minutes, seconds = target.split(":")
        return int(minutes) * 60 + int(seconds)
    return int(target.removesuffix("s"))


@dataclass(frozen=True)
class Showing:
    """One showing of every card: seconds spent speaking (drills, Tell it) and on everything else."""

    speaking: int = 0
    rest: int = 0

    @property
    def seconds(self) -> int:
        return self.speaking + self.rest

    def __add__(self, other: Showing) -> Showing:
        return Showing(self.speaking + other.speaking, self.rest + other.rest)


def one_showing(notes: Iterable[Note], cards: Iterable[int]) -> Showing:
    """One showing of each card of ``notes``, ``cards`` giving how many cards each note makes."""
    total = Showing()
    for note, count in zip(notes, cards, strict=True):
        if note.kind in SPEAKING:
            total += Showing(count * spoken_seconds(note), count * CHECK_SECONDS)
        else:
            total += Showing(0, count * SECONDS_A_SHOWING[note.kind])
    return total


def seconds_items() -> list[str]:
    """The estimates, one item a kind, as ``lpdeck stats`` and ``lpdeck plan`` print them."""
    return [f"Drill and Tell it: the target spoken + {CHECK_SECONDS} to check the back",
            *(f"{NOTETYPES[kind].label} {seconds}" for kind, seconds in SECONDS_A_SHOWING.items()
              if kind not in NOT_MADE)]
