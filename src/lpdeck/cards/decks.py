"""Which notes each package holds: a walkthrough's (with its story's) in its own, and every note in all.apkg."""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.placeholders import without_placeholders
from ..sources.records import COMBINED, Story, Walkthrough
from ..sources.validate import Sources
from .choice import choice_notes
from .compile import Note, length_notes, story_notes, walkthrough_notes


@dataclass(frozen=True)
class Deck:
    """One package's worth of notes: a walkthrough with its story, or everything."""

    name: str  # file stem in dist/
    notes: tuple[Note, ...]

    @property
    def is_combined(self) -> bool:
        return self.name == COMBINED


def combined(decks: list[Deck]) -> Deck:
    """The deck that holds every note (dist/all.apkg) among ``decks``."""
    return next(deck for deck in decks if deck.is_combined)


def compile_sources(sources: Sources, *, bank: bool = True, level: str | None = None) -> list[Deck]:
    """Return one Deck per walkthrough (its story's notes first) and the combined Deck (named COMBINED).

    Notes come in teaching order, which is the order new cards are introduced: each story before the questions it
    answers, and the choice between stories last. The choice and each level's length note are the bank's, not one
    story's: made only when the sources are the whole bank (``bank``). With a ``level`` (a name of LEVELS), the Level
    cards are that level's only.
    """
    free = sources.placeholder_free
    stories = {sid: story if sid in free else without_placeholders(story) for sid, story in sources.stories.items()}
    walkthroughs = {wid: walkthrough if wid in free else without_placeholders(walkthrough)
                    for wid, walkthrough in sources.walkthroughs.items()}
    by_story = {sid: story_notes(story, level) for sid, story in stories.items()}
    by_walkthrough = {wid: walkthrough_notes(walkthrough, stories[walkthrough.story], level)
                      for wid, walkthrough in walkthroughs.items()}
    by_level = length_notes(stories, walkthroughs, level) if bank else {}  # the bank's, as the choice is
    decks = [Deck(wid, tuple(by_story[walkthrough.story] + _lengths_of(by_level, stories[walkthrough.story],
                                                                        walkthroughs[wid]) + by_walkthrough[wid]))
             for wid, walkthrough in sources.walkthroughs.items()]
    told_by: dict[str, list[str]] = {sid: [] for sid in by_story}  # each story's walkthroughs, in source order
    for wid, walkthrough in sources.walkthroughs.items():
        told_by[walkthrough.story].append(wid)
    every_note: list[Note] = list(by_level.values())
    for sid, notes in by_story.items():  # stories no walkthrough uses still belong in the combined deck
        every_note += notes
        for wid in told_by[sid]:
            every_note += by_walkthrough[wid]
    if bank:
        common = sources.common if len(stories) > 1 else ()  # a bank of one story is asked no question
        every_note += choice_notes(stories, walkthroughs, sources.questions, common)
    decks.append(Deck(COMBINED, tuple(every_note)))
    return decks


def _lengths_of(by_level: dict[str, Note], story: Story, walkthrough: Walkthrough) -> list[Note]:
    """The length notes of the levels whose length the story or the walkthrough says."""
    said = {item.level for item in [*story.levels, *walkthrough.levels] if item.length}
    return [note for name, note in by_level.items() if name in said]
