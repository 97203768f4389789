"""Turn validated sources into notes: pure, no I/O.

A note's GUID depends only on the namespace, its story or walkthrough id and its item id, so editing or reordering
items never changes it. Everything else that reaches Anki (fields, tags, deck, note type) is the note's content, which
the lock compares with what it last shipped.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..sources.principles import LEVEL_LABELS, STEP_LABELS, tag_slug
from ..sources.records import COMBINED, Angle, LevelNote, Phrase, Probe, Quiz, Step, Story, Walkthrough, WeakAnswer
from .genanki_import import genanki
from .keyphrases import CLOZE_DELETION, cloze, highlight
from .lengths import length_seconds
from .notetypes import NOTETYPES
from .tell import tell_fields
from .text import plain_html, to_html, to_html_list

NAMESPACE = "lpdeck"
ROOT_DECK = "LP Interview"
# Anki gathers new cards deck by deck in deck-name order: every story sits under this one parent, whose name sorts
# before the choice between stories ("LP Interview::Which story"), so each story is taught before any card tests the
# choice, whatever the stories are called (issue 24).
STORIES_DECK = f"{ROOT_DECK}::Stories"
# The level's own facts (how long a telling takes) sort after every story and the choice between them: they are not
# any one story's, and the Tell-it cards have shown the time already.
LEVEL_DECK = f"{ROOT_DECK}::Your level"
STEP_LETTERS = {"situation": "S", "task": "T", "action": "A", "result": "R", "reflection": "💭"}


@dataclass(frozen=True, slots=True)
class Note:
    """One note ready to package: where it comes from and what Anki stores."""

    key: str  # "<story or walkthrough id>/<item id>": the lock's key, and the GUID's source
    kind: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str


def guid(owner: str, item: str) -> str:
    """Return the GUID of item ``item`` of the story or walkthrough ``owner`` (whose id is ``owner``)."""
    return str(genanki.guid_for(NAMESPACE, owner, item))


def story_deck(story: Story) -> str:
    """A story's deck: its own cards first, then a sub-deck per question it answers (Anki gathers a deck's own new
    cards before its sub-decks')."""
    return f"{STORIES_DECK}::{story.title}"


def walkthrough_deck(walkthrough: Walkthrough, story: Story) -> str:
    return f"{story_deck(story)}::{walkthrough.title}"


def _optional(text: str | None) -> str:
    return to_html(text) if text else ""


def _list(texts: list[str]) -> str:
    return to_html_list(texts) if texts else ""


# by kind, made once: a note type's slug is computed on each use
_KIND_TAGS = {kind: f"kind::{notetype.slug}" for kind, notetype in NOTETYPES.items()}
_FIELD_COUNTS = {kind: len(notetype.fields) for kind, notetype in NOTETYPES.items()}


class Notes:
    """Collects the notes of one story or walkthrough (their owner): same owner, deck and base tags."""

    def __init__(self, owner: str, deck: str, tags: list[str]):
        self.owner, self.deck, self.tags = owner, deck, tags
        self.notes: list[Note] = []
        self._kind_tags: dict[str, tuple[str, ...]] = {}  # the base tags and a kind's tag, by kind

    def add(self, item: str, kind: str, fields: list[str], *tags: str, note_guid: str | None = None) -> None:
        assert len(fields) == _FIELD_COUNTS[kind], kind
        base = self._kind_tags.get(kind)
        if base is None:
            base = self._kind_tags[kind] = tuple(dict.fromkeys([*self.tags, _KIND_TAGS[kind]]))
        all_tags = tuple(dict.fromkeys([*base, *tags])) if tags else base
        key = f"{self.owner}/{item}"
        self.notes.append(Note(key, kind, note_guid or guid(self.owner, item), tuple(fields), all_tags, self.deck))

    def common(self, context: str, probes: list[Probe], weak_answers: list[WeakAnswer], angles: list[Angle],
               levels: list[LevelNote]) -> None:
        """The items stories and walkthroughs share: probes, weak answers, angles and levels."""
        for probe in filter(_ready, probes):
            self.add(probe.id, "probe", [to_html(probe.question), _optional(probe.probes), to_html(probe.weak),
                                         to_html(probe.weak_why), to_html(probe.strong), _optional(probe.key_phrase),
                                         context])
        for weak in filter(_ready, weak_answers):
            self.add(weak.id, "flaw", [to_html(weak.answer), _list(weak.critique), _optional(weak.verdict),
                                       context])
        for angle in filter(_ready, angles):
            self.add(angle.id, "angle", [plain_html(angle.lp), to_html(angle.lead),
                                         to_html(angle.emphasize), to_html(angle.downplay), context],
                     *lp_tag(angle.lp))
        for level in levels:
            self._level(level, context)

    def _level(self, level: LevelNote, context: str) -> None:
        # One note per thing to recall, so each card asks one question; the focus keeps the item's own id. The length
        # is the level's, not the story's: one note a level for all of them (``length_notes``).
        label = LEVEL_LABELS[level.level]
        for suffix, index, text in (("", 1, level.focus), ("#reflection", 2, level.reflection),
                                    ("#bar", 3, level.bar)):
            if text:
                fields = [label, "", "", "", "", context]
                fields[index] = to_html(text)
                self.add(level.id + suffix, "level", fields, f"level::{level.level}")


def _step(notes: Notes, step: Step, title: str) -> None:
    """A step's cards, in the order they teach: read it, say it, recall its key phrases.

    The Read card shows the strong example before the drill asks for it, and carries the coaching and common mistake
    on its back: a card asking "what do you do instead?" would ask for what no card had shown, or, after this one,
    say it again. The key-phrases card blanks only the phrases grammar does not give away (``guessable``); every
    phrase stays highlighted on the Read and Drill cards.
    """
    label, letter = STEP_LABELS[step.step], STEP_LETTERS[step.step]
    tag = f"step::{step.step}"
    if step.example:
        example = to_html(step.example)
        shown = highlight(example, step.phrases)
        notes.add(f"{step.id}#read", "read", [label, letter, title, shown, _list(step.coaching), _list(step.mistakes)],
                  tag)
        notes.add(step.id, "step", [label, title, letter, step.target, shown, "", "", ""], tag)
        blanked = cloze(example, step.phrases)
        if CLOZE_DELETION.search(blanked):
            notes.add(f"{step.id}#key-phrases", "cloze", [blanked, label, title], tag)
    elif step.coaching and step.mistakes:  # no example to read yet: the coaching keeps a card of its own
        notes.add(f"{step.id}#coaching", "coaching",
                  [label, letter, title, _list(step.mistakes), _list(step.coaching)], tag)


def _at(level: str | None, levels: list[LevelNote]) -> list[LevelNote]:
    """The Level items for ``level`` (None: every level)."""
    return levels if level is None else [item for item in levels if item.level == level]


def story_notes(story: Story, level: str | None = None) -> list[Note]:
    """Notes of a story, in teaching order: the story, its steps, phrases, probes, flaws, angles and levels (only
    ``level``'s, if given)."""
    title = plain_html(story.title)
    notes = Notes(story.story, story_deck(story), [f"story::{story.story}"])
    if story.overview or story.takeaways:
        notes.add("#story", "story", [title, _optional(story.overview), _list(story.takeaways)])
    for step in story.steps:
        _step(notes, step, title)
    for phrase in filter(_ready, story.phrases):
        notes.add(phrase.id, "phrase", [to_html(phrase.weak), to_html(phrase.strong), _optional(phrase.why), title])
    notes.common(title, story.probes, story.weak_answers, story.angles, _at(level, story.levels))
    return notes.notes


def walkthrough_notes(walkthrough: Walkthrough, story: Story, level: str | None = None) -> list[Note]:
    """Notes of a walkthrough: the question itself, then what is specific to it (its Level cards only ``level``'s, if
    given), then its quiz; ``level`` also sets the Tell-it countdown's start."""
    owner = walkthrough.walkthrough
    context = to_html(walkthrough.question)
    notes = Notes(owner, walkthrough_deck(walkthrough, story),
                   [*lp_tag(walkthrough.lp), f"story::{story.story}", f"walkthrough::{owner}"])
    told = tell_fields(walkthrough, story, level)  # the whole story, told for this question against the clock
    if walkthrough.question:  # a placeholder question asks nothing yet
        # what the question changes is said once: on the Tell-it back, where the telling uses it, if there is one
        notes.add("#overview", "overview", [context, plain_html(walkthrough.lp), plain_html(story.title),
                                            "" if told else _optional(walkthrough.overview),
                                            _list(walkthrough.takeaways)])
    if told:
        notes.add("#tell", "tell", told)
    notes.common(context, walkthrough.probes, walkthrough.weak_answers, walkthrough.angles,
                 _at(level, walkthrough.levels))
    for quiz in filter(_ready, walkthrough.quiz):
        quiz_guid = guid(owner, quiz.id)
        notes.add(quiz.id, "mcq", _quiz(quiz, context, quiz_guid), note_guid=quiz_guid)
    _mistakes(notes, walkthrough, story, context)
    return notes.notes


def length_notes(stories: dict[str, Story], walkthroughs: dict[str, Walkthrough],
                 level: str | None = None) -> dict[str, Note]:
    """One "how long do you speak?" note a level, by level: most stories give a level the same length, and a card for
    each of them would ask the same thing with the same answer. Lengths are the same when they read as the same time
    (as the Tell-it countdown reads them: "Keep it to 2 minutes" and "About 2 minutes"), shown in their most common
    wording; lengths that differ are listed with whose they are. The note's GUID is the level's alone, so adding a
    story or editing a length never makes another note."""
    said: dict[str, dict[int | str, list[tuple[str, str]]]] = {}  # level: {time: [(as written, whose)]}
    owners = [(plain_html(story.title), story.levels) for story in stories.values()]
    owners += [(plain_html(walkthrough.title), walkthrough.levels) for walkthrough in walkthroughs.values()]
    for title, levels in owners:
        for item in _at(level, levels):
            if item.length:
                time = length_seconds(item.length) or " ".join(item.length.casefold().rstrip(". ").split())
                said.setdefault(item.level, {}).setdefault(time, []).append((item.length, title))
    notes, made = Notes(COMBINED, LEVEL_DECK, []), {}
    for name, by_time in said.items():
        shown = {time: to_html(Counter(length for length, _ in told).most_common(1)[0][0])
                 for time, told in by_time.items()}
        if len(by_time) == 1:
            context, (answer,) = "Every story", shown.values()
        else:
            context = "By story"
            answer = "<ul>" + "".join(
                f'<li>{shown[time]} <span class="lp-whose">{", ".join(dict.fromkeys(t for _, t in told))}</span></li>'
                for time, told in by_time.items()) + "</ul>"
        notes.add(f"#length:{name}", "level", [LEVEL_LABELS[name], "", "", "", answer, context], f"level::{name}")
        made[name] = notes.notes[-1]
    return made


# --- placeholders and the page's own mistakes (lpdeck import, issue 11) ---

def _ready(item: Probe | WeakAnswer | Angle | Phrase | Quiz) -> bool:
    """Whether an item, its placeholders left out, still has something to ask and something to answer."""
    if isinstance(item, Probe):
        return bool(item.strong and (item.question or item.weak))
    if isinstance(item, WeakAnswer):
        return bool(item.critique)
    if isinstance(item, Angle):
        return bool(item.lead or item.emphasize)
    if isinstance(item, Phrase):
        return bool(item.weak and item.strong)
    return bool(item.explanation)  # without its question, the card asks for the point the explanation makes


@lru_cache(maxsize=64)  # a few principles, thousands of angles
def lp_tag(lp: str) -> tuple[str, ...]:
    """The principle's tag, or none while the principle is a placeholder (compiled as empty)."""
    return (f"LP::{tag_slug(lp)}",) if lp else ()


def _mistakes(notes: Notes, walkthrough: Walkthrough, story: Story, context: str) -> None:
    """The walkthrough's own common mistakes: a Spot-the-flaws card without an answer, minus the story's mistakes."""
    told = {" ".join(m.casefold().split()) for step in story.steps for m in step.mistakes}
    own = [m for m in walkthrough.mistakes if " ".join(m.casefold().split()) not in told]
    if own:
        notes.add("#mistakes", "flaw", ["", to_html_list(own), "", context])


def _quiz(quiz: Quiz, context: str, note_guid: str) -> list[str]:
    # The back marks the correct options in the list itself (with or without scripts): no second copy of them.
    items = "".join(
        f'<li data-key="{key}"{" data-correct" if key in quiz.answer else ""}>{to_html(text)}</li>'
        for key, text in quiz.options.items()
    )
    # Options show only once they and the answer are written (placeholders are left out before compiling).
    options = f'<ol class="lp-options" data-id="{html.escape(note_guid)}">{items}</ol>' if items and quiz.answer else ""
    return [to_html(quiz.question), options, "", to_html(quiz.explanation), context]
