"""The choice between stories: for each question, which story to tell; for each principle, which stories can serve.

They are made for a bank of two or more stories (with one, the answer would always be the same). They belong to the
bank, not to one story or walkthrough: their keys are under ``all`` (the combined deck's name, which no story or
walkthrough may take), so only all.apkg carries them and only a build of everything makes or retires them. Their
GUIDs come from the walkthrough's id or the principle's name, never from text: adding a story updates them in place.
"""

from __future__ import annotations

from ..sources.bank import Serving, angle_for, bank_of
from ..sources.principles import tag_slug
from ..sources.records import COMBINED, Story, Walkthrough
from ..sources.similar import sentences
from .compile import ROOT_DECK, Note, Notes, lp_tag
from .text import plain_html, to_html

CHOICE_DECK = f"{ROOT_DECK}::Which story"


def choice_notes(stories: dict[str, Story], walkthroughs: dict[str, Walkthrough]) -> list[Note]:
    """The "Which story" note of every walkthrough and the "Story for LP" note of every principle a story serves."""
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
    for lp, serving in bank_of(stories, walkthroughs).serving.items():
        if serving:
            notes.add(f"story-for-{tag_slug(lp).lower().replace('_', '-')}", "story-for-lp",
                      [plain_html(lp), _ranked(serving, stories, walkthroughs)], *lp_tag(lp))
    return notes.notes


def _opening(story: Story, walkthrough: Walkthrough) -> str:
    """How to open the story for this question: its angle's lead for the principle, else its first sentence."""
    angle = angle_for(story, walkthrough)
    if angle and angle.lead:
        return to_html(angle.lead)
    first = next((step.example for step in story.steps if step.example), None)
    return to_html(sentences(first)[0]) if first else ""


def _ranked(serving: list[Serving], stories: dict[str, Story], walkthroughs: dict[str, Walkthrough]) -> str:
    """The stories serving a principle, best first, each with the questions it is told for or its angle."""
    items = []
    for served in serving:
        asked = "; ".join(plain_html(walkthroughs[wid].title) for wid in served.walkthroughs)
        why = [f"asked as: {asked}"] if asked else []
        why += ["has an angle for it"] if served.angle else []
        items.append(f'<li><span class="lp-story">{plain_html(stories[served.story].title)}</span>'
                     f'<span class="lp-why">{"; ".join(why)}</span></li>')
    return f'<ol class="lp-ranked">{"".join(items)}</ol>'
