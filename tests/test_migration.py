"""A collection that imported the packages of the previous release takes today's packages with Anki's default options.

The previous packages (tests/fixtures/previous/, built by commit 3b89f3d) are imported into a fresh collection with the
official anki library, some of their cards are reviewed, then the packages built from today's decks/ are imported on
top: no note is duplicated, no note type is copied ("Name+"), every kept note keeps its cards and review history and
takes the new content, every note the redesign removed is still there (the search lpdeck gives for retired notes finds exactly those, to tag
and suspend), and note types whose templates changed since (the drill's and the probe's Listen button) carry today's
templates under their old ids.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import BANK, BANK_ONLY, DECKS, import_package, run_cli
from lpdeck.cards.compile import guid
from lpdeck.cards.notetypes import NOT_MADE, NOTETYPES
from lpdeck.loop.retire import retired_search
from lpdeck.ship import lock_json
from lpdeck.ship.lock import RETIRED_TAG
from regen_support import review, review_count
from serving import common_asked, stories_serving

PREVIOUS = Path(__file__).resolve().parent / "fixtures" / "previous"
BEFORE_FRAGMENTS = Path(__file__).resolve().parent / "fixtures" / "before-fragments"  # main before issue 24's cards


def _keys(lock_path: Path) -> dict[str, dict]:
    return json.loads(lock_path.read_text(encoding="utf-8"))["notes"]


def _by_guid(col) -> dict[str, object]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note.guid: note for note in notes}


@pytest.fixture(scope="module")
def today(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    root = tmp_path_factory.mktemp("today")
    shutil.copytree(DECKS, root / "decks")
    assert run_cli("build", str(root / "decks"), "-o", str(root / "dist")).exit_code == 0
    return root / "dist", _keys(root / "decks" / "lpdeck.lock")


@pytest.mark.parametrize("previous", ["all", "calculated-risk"])
def test_previous_collection_takes_todays_packages(previous, today, collection):
    dist, keys_today = today
    old_keys = _keys(PREVIOUS / "lpdeck.lock")
    first = import_package(collection, PREVIOUS / f"{previous}.apkg")
    assert first.new and not first.conflicting
    listened = {kind: NOTETYPES[kind] for kind in ("step", "probe")}  # Listen (issue 19): templates only
    assert not [kind for kind, nt in listened.items() if "{{tts" in collection.models.get(nt.id)["tmpls"][0]["afmt"]]
    imported = _by_guid(collection)
    kept = [key for key in old_keys if guid(*key.split("/", 1)) in imported and not keys_today[key].get("retired")]
    gone = [key for key in old_keys if guid(*key.split("/", 1)) in imported and keys_today[key].get("retired")]
    assert kept and gone, "the redesign keeps some notes and retires others"
    reviewed = {}
    listened_keys = [next(key for key in kept if keys_today[key]["kind"] == kind) for kind in listened]
    for key in dict.fromkeys((kept[0], kept[-1], gone[0], *listened_keys)):
        card = imported[guid(*key.split("/", 1))].cards()[0]
        review(collection, card.id)
        reviewed[key] = (card.id, collection.get_card(card.id).ivl)

    log = import_package(collection, dist / "all.apkg")

    assert not log.conflicting
    for notetype in listened.values():  # updated in place: same id, fields and template names, today's templates
        stored = collection.models.get(notetype.id)
        assert [f["name"] for f in stored["flds"]] == list(notetype.fields)
        assert [(t["name"], t["qfmt"], t["afmt"]) for t in stored["tmpls"]] == [
            (t.name, t.front, t.back) for t in notetype.templates]
        assert "{{tts en_US:" in stored["tmpls"][0]["afmt"]
    names = [nt.name for nt in collection.models.all_names_and_ids()]
    assert not [name for name in names if name.endswith("+")], names
    shipped = {k["kind"] for k in keys_today.values() if not k.get("retired")}  # packages carry live notes only
    assert shipped & BANK_ONLY == set()  # decks/ is one story: test_bank has the rest
    assert sorted(name for name in names if name.startswith("lpdeck")) == sorted(
        nt.name for nt in NOTETYPES.values() if nt.kind in shipped)
    notes = _by_guid(collection)
    shipped = {guid(*key.split("/", 1)) for key, note in keys_today.items() if not note.get("retired")}
    assert len(notes) == len(collection.find_notes("")) == len(shipped | set(imported))  # no note twice
    for key in kept:
        note = notes[guid(*key.split("/", 1))]
        assert RETIRED_TAG not in note.tags
        assert [v for _, v in note.items()] == keys_today[key]["fields"], key  # took today's content
    for key in gone:  # no package carries them: untouched, until the search docs/rebuilding.md gives retires them
        assert RETIRED_TAG not in notes[guid(*key.split("/", 1))].tags, key
    search = retired_search(lock_json.read(dist.parent / "decks" / "lpdeck.lock"))
    assert search is not None
    found = collection.find_notes(search)
    assert sorted(found) == sorted(notes[guid(*key.split("/", 1))].id for key in gone)
    collection.tags.bulk_add(found, RETIRED_TAG)  # the browser's Notes → Add Tags… on every note found
    collection.sched.suspend_cards(collection.find_cards(search))  # and its Cards → Toggle Suspend
    assert sorted(collection.find_notes(f"tag:{RETIRED_TAG}")) == sorted(found)
    for key, (card_id, interval) in reviewed.items():
        card = collection.get_card(card_id)
        assert card.ivl == interval and card.type == 2 and review_count(collection, card_id) == 1, key
    # every kind of card today's packages carry arrived, in today's note types
    kinds = {collection.get_note(nid).note_type()["name"] for nid in collection.find_notes(f"-tag:{RETIRED_TAG}")}
    assert kinds == {nt.name for nt in NOTETYPES.values() if any(k["kind"] == nt.kind for k in keys_today.values()
                                                                   if not k.get("retired"))}


def test_a_bank_of_stories_adds_the_choice_note_types_beside_the_previous_ones(tmp_path, collection):
    """The previous release's collection takes today's decks with a bank's stories: new note types, none copied."""
    root = tmp_path / "today"
    shutil.copytree(DECKS, root / "decks")
    for path in BANK.rglob("*.yaml"):
        (root / "decks" / path.relative_to(BANK)).write_bytes(path.read_bytes())
    assert run_cli("build", str(root / "decks"), "-o", str(root / "dist")).exit_code == 0
    first = import_package(collection, PREVIOUS / "all.apkg")
    kept = next(key for key, note in _keys(root / "decks" / "lpdeck.lock").items()
                if key in _keys(PREVIOUS / "lpdeck.lock") and not note.get("retired"))
    card = _by_guid(collection)[guid(*kept.split("/", 1))].cards()[0]
    review(collection, card.id)

    log = import_package(collection, root / "dist" / "all.apkg")

    assert first.new and log.new and not log.conflicting
    names = [nt.name for nt in collection.models.all_names_and_ids() if nt.name.startswith("lpdeck")]
    # Which story and Read added, none copied; the packages carry live notes only: no Story for LP since issue 24
    shipped = {k["kind"] for k in _keys(root / "decks" / "lpdeck.lock").values() if not k.get("retired")}
    assert {"which-story-2", "read"} <= shipped and not shipped & NOT_MADE
    assert sorted(names) == sorted(nt.name for nt in NOTETYPES.values() if nt.kind in shipped)
    # two common questions for each principle stories share, one for a principle a story has alone
    assert len(collection.find_notes('"tag:kind::which-story"')) == sum(
        common_asked(stories) for stories in stories_serving(root / "decks").values())
    assert review_count(collection, card.id) == 1 and collection.get_card(card.id).type == 2


def test_fewer_fragments_reach_a_collection_of_the_cards_before_without_losing_history(today, collection):
    """Issue 24 on a collection that took the packages built just before it (tests/fixtures/before-fragments/): each
    step's key-phrases note keeps its first card and its history, the cards of the blanks that went (one card a step
    now, no blank grammar gives away) and the LP angles' "Which angle" cards are what Anki's Empty Cards lists (Tools →
    Empty Cards deletes them), the Coaching notes retire, and the new Read cards arrive in the story's new deck under
    "Stories" while every card already there stays where it was (Anki never moves a card on import)."""
    dist, _ = today
    first_import = import_package(collection, BEFORE_FRAGMENTS / "all.apkg")
    assert first_import.new and not first_import.conflicting
    before = _by_guid(collection)
    action = before[guid("webhook-drops", "action#key-phrases")]
    cards_before = sorted(card.id for card in action.cards())
    assert len(cards_before) == 7  # a card a key phrase, before
    first = min(action.cards(), key=lambda card: card.ord)
    review(collection, first.id)
    coaching = before[guid("webhook-drops", "action#coaching")]
    old_deck = collection.decks.name(first.did)
    kinds = {NOTETYPES["cloze"].id: "cloze", NOTETYPES["angle"].id: "angle"}
    extra = {card.id for note in before.values() for card in note.cards()  # the cards that go: blanks, "Which angle"
             if (kinds.get(note.mid), card.ord > 0) in {("cloze", True), ("angle", False)}}
    assert len(extra) > 6

    log = import_package(collection, dist / "all.apkg")

    assert not log.conflicting
    assert not [nt.name for nt in collection.models.all_names_and_ids() if nt.name.endswith("+")]
    guids = [collection.get_note(nid).guid for nid in collection.find_notes("")]
    assert len(guids) == len(set(guids))  # no note twice
    note = collection.get_note(action.id)
    assert note["Text"].count("{{c1::") == 1 and "{{c2::" not in note["Text"]  # one blank left: the rest is grammar
    assert sorted(card.id for card in note.cards()) == cards_before  # Anki deletes no card on import
    assert review_count(collection, first.id) == 1 and collection.get_card(first.id).type == 2
    empty = {card_id for note_cards in collection.get_empty_cards().notes for card_id in note_cards.card_ids}
    assert empty == extra and set(cards_before) - {first.id} <= empty
    assert RETIRED_TAG not in collection.get_note(coaching.id).tags  # no package carries a retired note:
    search = retired_search(lock_json.read(dist.parent / "decks" / "lpdeck.lock"))  # push, or the search by hand,
    assert search is not None and coaching.id in collection.find_notes(search)  # retires the Coaching notes
    read = _by_guid(collection)[guid("webhook-drops", "action#read")]
    story = "Webhook drops in another team's service"
    assert collection.decks.name(read.cards()[0].did) == f"LP Interview::Stories::{story}"
    assert collection.decks.name(collection.get_card(first.id).did) == old_deck == f"LP Interview::{story}"
