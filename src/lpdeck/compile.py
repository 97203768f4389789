"""Turn validated sources into notes: pure, no I/O.

A note's GUID depends only on the namespace, its story or walkthrough id and its item id, so editing or reordering
items never changes it. Everything else that reaches Anki (fields, tags, deck, note type) is the note's content, which
the lock compares with what it last shipped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import genanki

from .notetypes import NOTETYPES
from .principles import LEVEL_LABELS, STEP_LABELS, tag_slug
from .schema import Angle, LevelNote, Phrase, Probe, Quiz, Step, Story, WeakAnswer, Walkthrough
from .text import to_html, to_html_list
from .validate import Sources

NAMESPACE = "lpdeck"
ROOT_DECK = "LP Interview"
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


def guid(scope: str, item: str) -> str:
    """Return the GUID of item ``item`` of the story or walkthrough ``scope``."""
    return genanki.guid_for(NAMESPACE, scope, item)


def story_deck(story: Story) -> str:
    return f"{ROOT_DECK}::Story · {story.title}"


def walkthrough_deck(walkthrough: Walkthrough) -> str:
    return f"{ROOT_DECK}::{walkthrough.title}"


def _opt(text: str | None) -> str:
    return to_html(text) if text else ""


def _make(scope: str, item: str, kind: str, fields: list[str], tags: list[str], deck: str) -> Note:
    assert len(fields) == len(NOTETYPES[kind].fields), kind
    return Note(f"{scope}/{item}", kind, guid(scope, item), tuple(fields), tuple(dict.fromkeys(tags)), deck)


def _step(story: Story, step: Step) -> list[str]:
    return [
        STEP_LABELS[step.step], html.escape(story.title, quote=False), STEP_LETTERS[step.step],
        step.target, _opt(step.example), to_html_list(step.phrases) if step.phrases else "",
        to_html_list(step.coaching), to_html_list(step.mistakes),
    ]


def _phrase(phrase: Phrase, context: str) -> list[str]:
    return [to_html(phrase.weak), to_html(phrase.strong), _opt(phrase.why), context]


def _probe(probe: Probe, context: str) -> list[str]:
    return [to_html(probe.question), _opt(probe.probes), to_html(probe.weak), to_html(probe.weak_why),
            to_html(probe.strong), _opt(probe.key_phrase), context]


def _flaw(weak: WeakAnswer, context: str) -> list[str]:
    return [to_html(weak.answer), to_html_list(weak.critique), _opt(weak.verdict), context]


def _mcq(quiz: Quiz, context: str, note_guid: str) -> list[str]:
    items = "".join(
        f'<li data-key="{key}"{" data-correct" if key in quiz.answer else ""}>{to_html(text)}</li>'
        for key, text in quiz.options.items()
    )
    options = f'<ol class="lp-options" data-id="{html.escape(note_guid)}">{items}</ol>'
    answer = to_html_list([quiz.options[key] for key in quiz.answer])
    return [to_html(quiz.question), options, answer, to_html(quiz.explanation), context]


def _angle(angle: Angle, context: str) -> list[str]:
    return [html.escape(angle.lp, quote=False), to_html(angle.lead), to_html(angle.emphasize),
            to_html(angle.downplay), context]


def _level(level: LevelNote, context: str) -> list[str]:
    return [LEVEL_LABELS[level.level], _opt(level.focus), _opt(level.reflection), _opt(level.bar),
            _opt(level.length), context]


def story_notes(story: Story) -> list[Note]:
    """Notes of a story: its STAR steps, phrases and shared probes."""
    scope, deck = story.story, story_deck(story)
    context = html.escape(story.title, quote=False)
    base = [f"story::{scope}"]
    notes = [_make(scope, s.id, "step", _step(story, s), base + ["kind::step", f"step::{s.step}"], deck)
             for s in story.steps]
    notes += [_make(scope, p.id, "phrase", _phrase(p, context), base + ["kind::phrase"], deck) for p in story.phrases]
    notes += [_make(scope, p.id, "probe", _probe(p, context), base + ["kind::probe"], deck) for p in story.probes]
    return notes


def walkthrough_notes(walkthrough: Walkthrough, story: Story) -> list[Note]:
    """Notes of a walkthrough: overview, probes, weak answers, quiz, angles and levels."""
    scope, deck = walkthrough.walkthrough, walkthrough_deck(walkthrough)
    context = to_html(walkthrough.question)
    lp_tag = f"LP::{tag_slug(walkthrough.lp)}"
    base = [lp_tag, f"story::{story.story}", f"walkthrough::{scope}"]

    def make(item: str, kind: str, fields: list[str], *extra: str) -> Note:
        return _make(scope, item, kind, fields, base + [f"kind::{kind}", *extra], deck)

    overview = [context, html.escape(walkthrough.lp, quote=False), html.escape(story.title, quote=False),
                to_html(walkthrough.overview), to_html_list(walkthrough.takeaways) if walkthrough.takeaways else ""]
    notes = [make("#overview", "overview", overview)]
    notes += [make(p.id, "probe", _probe(p, context)) for p in walkthrough.probes]
    notes += [make(w.id, "flaw", _flaw(w, context)) for w in walkthrough.weak_answers]
    notes += [make(q.id, "mcq", _mcq(q, context, guid(scope, q.id))) for q in walkthrough.quiz]
    notes += [make(a.id, "angle", _angle(a, context), f"LP::{tag_slug(a.lp)}") for a in walkthrough.angles]
    notes += [make(lv.id, "level", _level(lv, context), f"level::{lv.level}") for lv in walkthrough.levels]
    return notes


@dataclass(frozen=True)
class Deck:
    """One package's worth of notes: a walkthrough with its story, or everything."""

    name: str  # file stem in dist/
    notes: tuple[Note, ...]


def compile_sources(sources: Sources) -> list[Deck]:
    """Return one Deck per walkthrough (with its story's notes) and a combined Deck named "all"."""
    by_story = {sid: story_notes(story) for sid, (story, _) in sources.stories.items()}
    decks = []
    for wid, (walkthrough, _) in sources.walkthroughs.items():
        story = sources.stories[walkthrough.story][0]
        decks.append(Deck(wid, tuple(walkthrough_notes(walkthrough, story) + by_story[story.story])))
    combined = [note for deck in decks for note in deck.notes]
    for notes in by_story.values():  # stories no walkthrough uses still belong in the combined deck
        combined += notes
    decks.append(Deck("all", tuple({note.guid: note for note in combined}.values())))
    return decks
