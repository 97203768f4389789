"""The choice between stories: for each question, which story to tell.

A principle's "Story for LP" card (which of your stories serve it, ranked) is no longer made (issue 24): a ranked
list of up to five stories has no answer a learner can grade the same way twice, and the Which-story cards already
ask for the one story to tell, on questions of that principle. Notes shipped before retire as usual.

They are made for a bank of two or more stories (with one, the answer would always be the same). They belong to the
bank, not to one story or walkthrough: their keys are under ``all`` (the combined deck's name, which no story or
walkthrough may take), so only all.apkg carries them and only a build of everything makes or retires them. Their
GUIDs come from the walkthrough's id or the principle's name, never from text: adding a story updates them in place.
"""

from __future__ import annotations

from ..sources.bank import angle_for
from ..sources.records import COMBINED, Story, Walkthrough
from ..sources.similar import sentences
from .compile import ROOT_DECK, Note, Notes, lp_tag
from .text import plain_html, to_html

CHOICE_DECK = f"{ROOT_DECK}::Which story"


def choice_notes(stories: dict[str, Story], walkthroughs: dict[str, Walkthrough]) -> list[Note]:
    """The "Which story" note of every walkthrough."""
    if len(stories) < 2:
        return []
    notes = Notes(COMBINED, CHOICE_DECK, [])
    for wid, walkthrough in walkthroughs.items():
        if not walkthrough.question:  # a placeholder question asks nothing yet
            continue
        story = stories[walkthrough.story]
        notes.add(f"which-story-for-{wid}", "which-story",
                  [to_html(walkthrough.question), plain_html(story.title), plain_html(walkthrough.lp),
                   _opening(story, walkthrough)],
                  f"story::{walkthrough.story}", f"walkthrough::{wid}", *lp_tag(walkthrough.lp))
    return notes.notes


def _opening(story: Story, walkthrough: Walkthrough) -> str:
    """How to open the story for this question: its angle's lead for the principle, else its first sentence."""
    angle = angle_for(story, walkthrough)
    if angle and angle.lead:
        return to_html(angle.lead)
    first = next((step.example for step in story.steps if step.example), None)
    return to_html(sentences(first)[0]) if first else ""
