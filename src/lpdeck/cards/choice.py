"""The choice between stories: for a question not studied, which story to tell.

A principle's "Story for LP" card (which of your stories serve it, ranked) is no longer made (issue 24): a ranked
list of up to five stories has no answer a learner can grade the same way twice, and the Which-story cards already
ask for the one story to tell, on questions of that principle. Notes shipped before retire as usual.

They are made for a bank of two or more stories (with one, the answer would always be the same). They belong to the
bank, not to one story or walkthrough: their keys are under ``all`` (the combined deck's name, which no story or
walkthrough may take), so only all.apkg carries them and only a build of everything makes or retires them.

A "Which story" card asks a question the learner has not studied: for each principle a story serves, the workspace's own
questions of it, and the first two of lpdeck's common ones (sources/common_questions.yaml, in file order; one where a
single story serves the principle) that no walkthrough and no question of the workspace's asks already in near-identical
words (asking what a deck teaches would test memory, not choice); so adding a question of one's own never retires a
common question's card. Its back: the stories that serve the principle, best first; the principle to lead with; what the
interviewer listens for, to open with. Its GUID comes from the question's id, never from text: adding a story updates it
in place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..sources.bank import Asked, Serving, bank_of
from ..sources.placeholders import is_placeholder
from ..sources.records import COMBINED, Question, Story, Walkthrough
from .compile import ROOT_DECK, Note, Notes, lp_tag
from .text import plain_html, to_html

CHOICE_DECK = f"{ROOT_DECK}::Which story"
# A principle's "Which story" cards of common questions: two where two stories or more serve it (a choice to practise),
# one where a single story does (the answer is always that story); so the deck stays finishable
COMMON_CARDS = 2
ALSO_SHOWN = 2  # the stories named after the best one


def choice_notes(stories: dict[str, Story], walkthroughs: dict[str, Walkthrough],
                 own: dict[str, Question] | None = None, common: Sequence[Question] = ()) -> list[Note]:
    """The "Which story" notes of each principle a story serves."""
    if len(stories) < 2:
        return []
    notes = Notes(COMBINED, CHOICE_DECK, [])
    serving = bank_of(stories, walkthroughs).serving
    for key, question in asked_of_the_bank(serving, walkthroughs, own or {}, common):
        named = serving[question.lp][:1 + ALSO_SHOWN]
        notes.add(key, "which-story-2", [to_html(question.question), _stories(named, stories),
                                       plain_html(question.lp), to_html(question.listen_for)],
                  *(f"story::{served.story}" for served in named), *lp_tag(question.lp))
    return notes.notes


def asked_of_the_bank(serving: dict[str, list[Serving]], walkthroughs: dict[str, Walkthrough],
                      own: dict[str, Question], common: Sequence[Question]) -> Iterator[tuple[str, Question]]:
    """The questions a bank is asked, with their note's key: principle by principle, yours first, none studied."""
    studied = Asked({wid: walkthrough.question for wid, walkthrough in walkthroughs.items()})
    yours = Asked({})
    for qid, question in own.items():
        if _complete(question) and not studied.same_as(question.question):
            yours.add(qid, question.question)
    for lp, served in serving.items():
        if not served:
            continue
        mine = [(f"which-story-own-{qid}", own[qid]) for qid in yours.texts if own[qid].lp == lp]
        yield from mine
        left = COMMON_CARDS if len(served) > 1 else 1
        for question in common:
            if left > 0 and question.lp == lp and not studied.same_as(question.question) \
                    and not yours.same_as(question.question):
                left -= 1
                yield f"which-story-common-{question.id}", question


def _complete(question: Question) -> bool:
    """Whether a question of the workspace's own has every text written (no placeholder)."""
    return not any(is_placeholder(text) for text in (question.question, question.lp, question.listen_for))


def _stories(named: list[Serving], stories: dict[str, Story]) -> str:
    """The best story's title, then the others that serve the principle."""
    best, *others = (plain_html(stories[served.story].title) for served in named)
    also = " · ".join(others)
    return best + (f'<span class="lp-also">or: {also}</span>' if also else "")

