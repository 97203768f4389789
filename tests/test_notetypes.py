"""The note types are frozen: ids, field names and template names never change once users have imported them.

Anki matches a note type by id and compares its field and template names; any difference makes it create a copy
("Name+") and mark existing notes conflicting, never to be updated again. Changing a pinned value below therefore
needs a new note type id and a documented migration, not an edit of this test.
"""

from __future__ import annotations

import dataclasses

import pytest

from conftest import import_package
from lpdeck.cards import notetypes
from lpdeck.cards.notetypes import NO_CARD, NOTETYPES, WHICH_STORY, WHICH_STORY_BEFORE, Template
from regen_support import Project, clear_notetype_caches, lpdeck_notetypes, note_by_text

T = 1_750_000_000

FROZEN = {
    "story": (1738620111, ("Title", "Overview", "Takeaways"), ("Story", "Takeaways")),
    "read": (1738620115, ("Step", "Letter", "Story", "Example", "Coaching", "Mistakes"), ("Read",)),  # issue 24
    "step": (1738620102, ("Step", "Story", "Letter", "Target", "Example", "KeyPhrases", "Coaching", "Mistakes"),
             ("Drill",)),
    "cloze": (1738620110, ("Text", "Step", "Story"), ("Key phrases",)),
    "coaching": (1738620109, ("Step", "Letter", "Story", "Mistakes", "Coaching"), ("Coaching",)),
    "phrase": (1738620103, ("Weak", "Strong", "Why", "Context"), ("Rewrite",)),
    "probe": (1738620104, ("Question", "Probes", "Weak", "WeakWhy", "Strong", "KeyPhrase", "Context"), ("Probe",)),
    "flaw": (1738620105, ("Answer", "Critique", "Verdict", "Context"), ("Spot the flaws",)),
    "angle": (1738620107, ("LP", "Lead", "Emphasize", "Downplay", "Context"), ("Which angle", "Tell it for the LP")),
    "level": (1738620108, ("Level", "Focus", "Reflection", "Bar", "Length", "Context"), ("Level",)),
    "overview": (1738620101, ("Question", "LP", "Story", "Overview", "Takeaways"), ("Walkthrough",)),
    "tell": (1738620112, ("Question", "Story", "Target", "Lengths", "Outline", "Numbers", "Telling"), ("Tell it",)),
    "mcq": (1738620106, ("Question", "Options", "Answer", "Explanation", "Context"), ("Quiz",)),
    # issue 24: the Which-story card became its note type's second template (new notes, a new note type); the
    # one-template note type stays known for the notes it held, all retired
    "which-story-2": (1738620116, ("Question", "Story", "LP", "Opening"), ("No card", "Which story")),
    "which-story": (1738620113, ("Question", "Story", "LP", "Opening"), ("Which story",)),
    "story-for-lp": (1738620114, ("LP", "Stories"), ("Story for LP",)),
}


@pytest.mark.parametrize("kind", FROZEN)
def test_note_type_id_fields_and_templates_are_frozen(kind):
    notetype = NOTETYPES[kind]
    pinned = (notetype.id, notetype.fields, tuple(t.name for t in notetype.templates))
    assert pinned == FROZEN[kind], (
        f"note type {kind} changed: users' notes would stop updating. Give it a new id and document the migration.")


def test_there_are_exactly_the_frozen_note_types_with_distinct_names():
    assert list(NOTETYPES) == list(FROZEN)
    assert len({nt.name for nt in NOTETYPES.values()}) == len(NOTETYPES)
    assert all(nt.name.startswith("lpdeck · ") for nt in NOTETYPES.values())


def _digests() -> dict[str, str]:
    return {kind: nt.digest for kind, nt in NOTETYPES.items()}


def test_digest_follows_templates_and_css_only(monkeypatch):
    before = _digests()
    assert len(set(before.values())) == len(before)
    clear_notetype_caches(monkeypatch)
    assert _digests() == before  # read again from the files: same text, same digest
    original = notetypes.read_template

    def appending_to(file_name: str):
        return lambda name: original(name) + ("/* x */" if name == file_name else "")

    monkeypatch.setattr(notetypes, "read_template", appending_to("mcq.js"))
    clear_notetype_caches(monkeypatch)
    assert {kind for kind, digest in _digests().items() if digest != before[kind]} == {"mcq"}  # the quiz inlines mcq.js
    monkeypatch.setattr(notetypes, "read_template", appending_to("card.css"))
    clear_notetype_caches(monkeypatch)
    assert all(digest != before[kind] for kind, digest in _digests().items())


@pytest.mark.parametrize("change", ["rename a field", "rename a template"])
def test_why_they_are_frozen_anki_duplicates_a_changed_note_type(change, tmp_path, collection, monkeypatch):
    project = Project(tmp_path / "project")
    project.build(now=T)
    import_package(collection, project.apkg())
    phrase = NOTETYPES["phrase"]
    if change == "rename a field":
        changed = dataclasses.replace(phrase, fields=("Weak", "Strong", "Reason", "Context"))
    else:
        changed = dataclasses.replace(phrase, templates=(Template("Rewrite it", "phrase"),))
    monkeypatch.setitem(NOTETYPES, "phrase", changed)
    project.edit("story", "strong: I fixed it.", "strong: I fixed it myself.")
    project.build(now=T + 60)
    log = import_package(collection, project.apkg())
    assert len(log.conflicting) == 1 and not log.updated
    assert note_by_text(collection, "We fixed it.")["Strong"] == "I fixed it."  # never updated again
    assert f"{phrase.name}+" in lpdeck_notetypes(collection)


@pytest.mark.parametrize("kind", FROZEN)
def test_every_card_of_a_note_type_shows_its_one_name(kind):
    """The note type's name is the name on its cards, in its tag, in the CLI's counts and in the README."""
    import re
    from pathlib import Path

    notetype = NOTETYPES[kind]
    for template in notetype.templates:
        if (kind, template.name) not in NO_CARD:  # a template kept for the note type's identity shows nothing
            assert re.findall(r'class="lp-kind">([^<]*)<', template.front) == [notetype.label], template.name
    assert notetype.slug == "-".join(notetype.label.lower().split())
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    if kind == "story-for-lp":  # no card is one any more: the README says so, in its name
        assert f"No card is a {notetype.label} any more (`kind::{notetype.slug}`" in readme
        return
    assert f"| {notetype.label} |" in readme and f"`kind::{notetype.slug}`" in readme, notetype.label


def test_the_which_story_card_is_its_note_type_s_second_template_and_the_first_makes_none(built_bank, collection):
    """Anki sorts a day's new cards by template ordinal: the Which-story card sorts with every other second template
    (a story's Takeaways, "Tell it for the LP"), not before them. Its first template never makes a card, in the package
    or when Anki generates cards again after an edit; its note type's name is not the old one's, which Anki would
    copy ("Name+"), but its cards, tag and counts say "Which story" as before."""
    import_package(collection, built_bank / "all.apkg")
    notes = [collection.get_note(nid) for nid in collection.find_notes('"tag:kind::which-story"')]
    assert notes and all(note.mid == WHICH_STORY.id for note in notes)
    assert sorted({card.ord for note in notes for card in note.cards()}) == [1]
    assert all(len(note.cards()) == 1 for note in notes)
    note = notes[0]
    note["Question"] += " (edited)"
    collection.update_note(note)  # Anki makes the cards of every template whose front is not empty
    assert [card.ord for card in collection.get_note(note.id).cards()] == [1]
    assert WHICH_STORY.name != WHICH_STORY_BEFORE.name and WHICH_STORY.label == WHICH_STORY_BEFORE.label
    assert WHICH_STORY.slug == "which-story" and WHICH_STORY.templates[1].stem == WHICH_STORY_BEFORE.templates[0].stem
