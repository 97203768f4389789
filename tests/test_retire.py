"""Retired notes reach only the collections that hold them: no package carries one, `lpdeck push` tags and suspends.

The repository's decks/ carry the example's own history (notes the card redesign retired), and tests/fixtures/previous/
holds the packages of the release before it, as users imported them. Every path a fresh collection can take (each
package imported with Anki's default options or with learning progress, or a push) gives it no retired note; a
collection holding the previous release gets its retired notes tagged and suspended by a push, their history kept.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.consts import QUEUE_TYPE_SUSPENDED
from click.testing import CliRunner

from ankiconnect_server import FakeAnkiConnect
from conftest import DECKS, IF_NEWER, import_package, run_cli
from lpdeck.cards.compile import guid
from lpdeck.cli import main
from lpdeck.ship import lock as lockfile
from lpdeck.ship import lock_json
from lpdeck.ship.apkg import build_package, write_apkg
from lpdeck.ship.lock import RETIRED_TAG
from regen_support import review, review_count
from sources import WALKTHROUGH, write_sources

PREVIOUS = Path(__file__).resolve().parent / "fixtures" / "previous"


def _push(*args: str):
    return CliRunner().invoke(main, ["push", *args], catch_exceptions=False,
                              env={"ANKICONNECT_URL": None, "ANKICONNECT_KEY": None})


def _lock(path: Path) -> dict[str, dict]:
    return json.loads(path.read_text(encoding="utf-8"))["notes"]


def _guid(key: str) -> str:
    return guid(*key.split("/", 1))


@pytest.fixture
def example(tmp_path) -> Path:
    """A copy of the repository's decks/ (with its lock): the example's sources and its history of retired notes."""
    shutil.copytree(DECKS, tmp_path / "decks")
    return tmp_path / "decks"


@pytest.mark.parametrize("scheduling", [False, True], ids=["default options", "with learning progress"])
def test_no_package_gives_a_retired_note_to_a_fresh_collection(example, tmp_path, scheduling):
    assert run_cli("build", str(example), "-o", str(tmp_path / "dist")).exit_code == 0
    retired = {_guid(key) for key, note in _lock(example / "lpdeck.lock").items() if note.get("retired")}
    assert retired, "the example has a history of retired notes"
    packages = sorted((tmp_path / "dist").glob("*.apkg"))
    assert len(packages) == 6
    for package in packages:
        col = Collection(str(tmp_path / f"{package.stem}.anki2"))
        options = ImportAnkiPackageOptions(merge_notetypes=False, update_notes=IF_NEWER, update_notetypes=IF_NEWER,
                                           with_scheduling=scheduling, with_deck_configs=False)
        log = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options)).log
        guids = {col.get_note(nid).guid for nid in col.find_notes("")}
        assert len(log.new) == len(guids) > 0 and not guids & retired, package.name
        assert col.find_notes(f"tag:{RETIRED_TAG}") == [] and col.find_cards("is:suspended") == []
        assert not [d.name for d in col.decks.all_names_and_ids() if "retired" in d.name], package.name
        col.close()


def test_push_into_a_fresh_collection_adds_no_retired_note(example, ankiconnect, tmp_path):
    result = _push(str(example), "-o", str(tmp_path / "dist"), "--url", ankiconnect.url)
    assert result.exit_code == 0, result.output
    lock = _lock(example / "lpdeck.lock")
    retired = [key for key, note in lock.items() if note.get("retired")]
    assert result.stdout.splitlines()[-2:] == [
        f"pushed {tmp_path / 'dist' / 'all.apkg'} to Anki at {ankiconnect.url}",
        f"retired notes: none of the lock's {len(retired)} is in this collection, nothing to retire"]
    col = Collection(str(ankiconnect.collection_path))
    try:
        guids = {col.get_note(nid).guid for nid in col.find_notes("")}
        assert guids == {_guid(key) for key, note in lock.items() if not note.get("retired")}
        assert col.find_cards("is:suspended") == []
    finally:
        col.close()
    assert "addTags" not in ankiconnect.actions and "suspend" not in ankiconnect.actions


@pytest.fixture
def previous_collection(tmp_path) -> tuple[Path, dict[str, tuple[int, int]]]:
    """A collection that imported the previous release's all.apkg and reviewed a card of a note today's lock keeps
    and one of a note it retired; each reviewed note's key → (card id, interval)."""
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    assert import_package(col, PREVIOUS / "all.apkg").new
    by_guid = {col.get_note(nid).guid: nid for nid in col.find_notes("")}
    today = _lock(DECKS / "lpdeck.lock")
    before = sorted(_lock(PREVIOUS / "lpdeck.lock"))
    kept = next(key for key in before if not today[key].get("retired"))
    retired = next(key for key in before if today[key].get("retired"))
    reviewed = {}
    for key in (kept, retired):
        card_id = col.get_note(by_guid[_guid(key)]).cards()[0].id
        review(col, card_id)
        reviewed[key] = (card_id, col.get_card(card_id).ivl)
    col.close()
    return folder / "collection.anki2", reviewed


def test_push_into_the_previous_release_tags_and_suspends_its_retired_notes_and_keeps_history(
        example, previous_collection, tmp_path):
    path, reviewed = previous_collection
    server = FakeAnkiConnect(path)
    try:
        result = _push(str(example), "-o", str(tmp_path / "dist"), "--url", server.url)
        again = _push(str(example), "-o", str(tmp_path / "dist"), "--url", server.url)
    finally:
        server.close()
    assert result.exit_code == 0 and again.exit_code == 0, result.output + again.output
    lock, before = _lock(example / "lpdeck.lock"), _lock(PREVIOUS / "lpdeck.lock")
    retired = [key for key, note in lock.items() if note.get("retired")]
    held = [key for key in retired if key in before]
    assert held and [key for key in before if key not in retired], "the previous release has kept and retired notes"
    col = Collection(str(path))
    try:
        by_guid = {col.get_note(nid).guid: col.get_note(nid) for nid in col.find_notes("")}
        live = {key for key, note in lock.items() if not note.get("retired")}
        assert len(by_guid) == len(col.find_notes("")) == len(live | set(before))  # no note twice, none lost
        cards = [card.id for key in held for card in by_guid[_guid(key)].cards()]
        for key in held:
            assert RETIRED_TAG in by_guid[_guid(key)].tags, key
        assert sorted(col.find_cards("is:suspended")) == sorted(cards)  # those, and no other
        for key in set(lock) - set(retired):
            assert RETIRED_TAG not in by_guid[_guid(key)].tags, key
        assert sorted(col.find_notes(f"tag:{RETIRED_TAG}")) == sorted(by_guid[_guid(key)].id for key in held)
        assert {key for key in reviewed if key in held} and {key for key in reviewed if key not in held}
        for key, (card_id, interval) in reviewed.items():  # history kept, retired or not
            card = col.get_card(card_id)
            assert card.ivl == interval and card.type == 2 and review_count(col, card_id) == 1, key
            assert (card.queue == QUEUE_TYPE_SUSPENDED) == (key in held), key
    finally:
        col.close()
    assert result.stdout.splitlines()[-1] == (f"retired notes: {len(held)} of the lock's {len(retired)} in this "
                                              f"collection; tagged {len(held)} {RETIRED_TAG}, suspended {len(cards)} "
                                              "cards")
    assert again.stdout.splitlines()[-1] == (f"retired notes: {len(held)} of the lock's {len(retired)} in this "
                                             f"collection; tagged 0 {RETIRED_TAG}, suspended 0 cards")


def test_a_note_put_back_comes_back_untagged_and_unsuspended(ankiconnect, tmp_path):
    sources, dist = write_sources(tmp_path / "decks"), tmp_path / "dist"
    probe = WALKTHROUGH[WALKTHROUGH.index("  - id: slack\n"):WALKTHROUGH.index("weak_answers:")]
    assert _push(str(sources), "-o", str(dist), "--url", ankiconnect.url).exit_code == 0
    (sources / "walk.yaml").write_text(WALKTHROUGH.replace(probe, "").replace("probes:\n", ""))
    retiring = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url)
    assert retiring.stdout.splitlines()[-1] == ("retired notes: 1 of the lock's 1 in this collection; tagged 1 "
                                                f"{RETIRED_TAG}, suspended 1 card")
    note_id, card_ids = _note_and_cards(ankiconnect, _guid("tiny-walk/slack"))
    assert _suspended(ankiconnect, card_ids) == [True]

    time.sleep(1.1)  # Anki's note times are seconds: the build that puts it back comes after the tagging
    (sources / "walk.yaml").write_text(WALKTHROUGH)
    back = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url)
    assert back.exit_code == 0, back.output
    assert back.stdout.splitlines()[-1] == "put back in Anki: 1 note no longer retired, 1 card unsuspended"
    assert _note_and_cards(ankiconnect, _guid("tiny-walk/slack")) == (note_id, card_ids)
    assert _suspended(ankiconnect, card_ids) == [False]
    col = Collection(str(ankiconnect.collection_path))
    try:
        assert col.find_notes(f"tag:{RETIRED_TAG}") == []
    finally:
        col.close()


def _note_and_cards(server: FakeAnkiConnect, note_guid: str) -> tuple[int, list[int]]:
    col = Collection(str(server.collection_path))
    try:
        (note,) = [col.get_note(nid) for nid in col.find_notes("") if col.get_note(nid).guid == note_guid]
        return note.id, [card.id for card in note.cards()]
    finally:
        col.close()


def _suspended(server: FakeAnkiConnect, cards: list[int]) -> list[bool]:
    col = Collection(str(server.collection_path))
    try:
        return [col.get_card(card).queue == QUEUE_TYPE_SUSPENDED for card in cards]
    finally:
        col.close()


def _retired_package(example: Path, path: Path, *, cards: bool) -> int:
    """The example's retired notes as a package could carry them (lpdeck's own writer, their cards suspended), with
    or without their cards; return how many notes it holds."""
    lock = lock_json.read(example / "lpdeck.lock")
    retired = {key for key, note in lock.notes.items() if note.retired}
    shipment = lockfile.plan([], lock, int(time.time()), None)  # with no live note, every note of the lock ships
    notes = [shipped for shipped in shipment.notes if shipped.note.key in retired]
    write_apkg(build_package(notes, shipment.notetype_mods, retired), path)
    if not cards:
        with zipfile.ZipFile(path) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
        database = path.with_suffix(".anki2")
        database.write_bytes(entries["collection.anki2"])
        connection = sqlite3.connect(database)
        connection.execute("delete from cards")
        connection.commit()
        connection.close()
        entries["collection.anki2"] = database.read_bytes()
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
    return len(notes)


def test_why_no_package_retires_a_note_anki_s_importer_adds_what_a_collection_lacks(example, tmp_path):
    notes = _retired_package(example, tmp_path / "retire.apkg", cards=True)
    default = Collection(str(tmp_path / "default.anki2"))
    import_package(default, tmp_path / "retire.apkg")  # Anki's default options: no learning progress
    assert default.note_count() == notes > 0 and default.card_count() >= notes  # a card a note at least
    assert default.find_cards("is:suspended") == [] and len(default.find_cards("is:new")) == default.card_count()
    default.close()
    progress = Collection(str(tmp_path / "progress.anki2"))
    options = ImportAnkiPackageOptions(merge_notetypes=False, update_notes=IF_NEWER, update_notetypes=IF_NEWER,
                                       with_scheduling=True, with_deck_configs=False)
    progress.import_anki_package(ImportAnkiPackageRequest(package_path=str(tmp_path / "retire.apkg"), options=options))
    assert len(progress.find_cards("is:suspended")) == progress.card_count() > 0  # only with learning progress
    progress.close()

    _retired_package(example, tmp_path / "notes-only.apkg", cards=False)
    bare = Collection(str(tmp_path / "bare.anki2"))
    import_package(bare, tmp_path / "notes-only.apkg")
    assert bare.note_count() == notes and bare.card_count() == 0
    bare.fix_integrity()  # Check Database makes the cards of notes that have none
    assert bare.card_count() >= notes and len(bare.find_cards("is:new -is:suspended")) == bare.card_count()
    bare.close()
    holding = Collection(str(tmp_path / "holding.anki2"))  # where the notes are, such a package would update them
    import_package(holding, PREVIOUS / "all.apkg")
    cards = holding.card_count()
    log = import_package(holding, tmp_path / "notes-only.apkg")
    previous = set(json.loads((PREVIOUS / "lpdeck.lock").read_text(encoding="utf-8"))["notes"])
    retired = {key for key, note in lock_json.read(example / "lpdeck.lock").notes.items() if note.retired}
    assert len(log.updated) == len(retired & previous) > 0  # the notes it holds are updated
    assert len(log.new) == len(retired - previous)  # those it lacks arrive as bare notes (Check Database: cards)
    assert holding.card_count() == cards
    assert len(holding.find_notes(f"tag:{RETIRED_TAG}")) == len(log.updated) + len(log.new)
    holding.close()


def test_lpdeck_retired_prints_the_search_and_how_to_use_it(example, tmp_path, monkeypatch):
    monkeypatch.chdir(example.parent)
    result = run_cli("retired")
    assert result.exit_code == 0, result.output
    lock = lock_json.read(example / "lpdeck.lock")
    ids = sorted(note.id for note in lock.notes.values() if note.retired)
    assert result.stdout == f"nid:{','.join(map(str, ids))} note:lpdeck*\n"
    assert result.stderr == (f"{len(ids)} retired notes in decks/lpdeck.lock: in Anki's browser (Browse), search for "
                             "the line above, select all, then Notes → Add Tags… lpdeck::retired and Cards → Toggle "
                             "Suspend\n")
    small = write_sources(tmp_path / "small")
    assert run_cli("build", str(small), "-o", str(tmp_path / "out")).exit_code == 0
    none = run_cli("retired", str(small))
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", f"{small / 'lpdeck.lock'}: no retired notes\n")
    missing = run_cli("retired", "--lock", "nowhere.lock")
    assert (missing.exit_code, missing.stderr) == (1, "nowhere.lock: no lock file here; give the lock's path with --lock\n")
