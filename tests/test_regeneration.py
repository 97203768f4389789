"""Edit the YAML, rebuild, re-import into the official anki library: history kept, nothing duplicated, nothing stale.

Every scenario starts from a fresh collection and imports with Anki's default options (update notes and note types
"if newer", no merging, no scheduling). Builds run at fixed times in the past (``T``), so a user's edit in Anki, made
at the real time, is always later than anything built.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.consts import QUEUE_TYPE_SUSPENDED

from conftest import IF_NEWER, import_package, run_cli
from lpdeck.build import build
from lpdeck.cards import notetypes
from lpdeck.cards.compile import guid
from lpdeck.cards.notetypes import NOTETYPES
from lpdeck.errors import LockError
from lpdeck.loop.retire import retired_search
from lpdeck.ship import lock_json
from lpdeck.ship.lock import RETIRED_TAG, Lock
from lpdeck.sources.workspace import resolve
from regen_support import (
    STORY_KEYS,
    WALK_A_DECK,
    WALK_A_KEYS,
    WALK_B_KEYS,
    Project,
    clear_notetype_caches,
    drill_note,
    lpdeck_notetypes,
    note_by_text,
    review,
    review_count,
)

T = 1_750_000_000
ALL_KEYS = STORY_KEYS + WALK_A_KEYS + WALK_B_KEYS  # all.apkg's order: each story, then its walkthroughs in file order
USED_KINDS = ("overview", "tell", "read", "step", "phrase", "probe", "angle")  # a package carries the note types its notes use
USED_NOTETYPES = sorted(NOTETYPES[kind].name for kind in USED_KINDS)


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path / "project")


def _status(report, deck="all"):
    found = next(d for d in report.decks if d.name == deck)
    return {state: found.status[state] for state in ("new", "changed", "unchanged")}


# Scenario 1 ---------------------------------------------------------------------------------------------------------

def test_edited_item_updates_its_note_and_keeps_its_review_history(project, collection):
    project.build(now=T)
    log = import_package(collection, project.apkg())
    assert len(log.new) == 11
    note = note_by_text(collection, "What did you do first?")
    card_id = note.cards()[0].id
    review(collection, card_id)
    interval = collection.get_card(card_id).ivl
    assert interval > 0 and review_count(collection, card_id) == 1

    project.edit("walk-a", "strong: I paged the owner and rolled back.", "strong: I paged the owner, then rolled back.")
    report = project.build(now=T + 60)
    assert _status(report) == {"new": 0, "changed": 1, "unchanged": 10}
    log = import_package(collection, project.apkg())

    assert [entry.id.nid for entry in log.updated] == [note.id]
    assert not log.new and not log.conflicting
    assert len(log.duplicate) == 10  # Anki's word for "same note, not newer: left alone"
    assert len(collection.find_notes("")) == 11
    note = collection.get_note(note.id)
    assert note["Strong"] == "I paged the owner, then rolled back."
    assert note.mod == T + 60
    card = collection.get_card(card_id)
    assert card.ivl == interval and card.type == 2  # still a review card with its interval
    assert review_count(collection, card_id) == 1
    assert lpdeck_notetypes(collection) == USED_NOTETYPES  # no "lpdeck · Follow-up probe+" copy


def test_walkthrough_package_after_all_and_rebuilt_all_share_notes(project, collection):
    project.build(now=T)
    import_package(collection, project.apkg("walk-a"))
    log = import_package(collection, project.apkg())
    assert len(log.new) == len(WALK_B_KEYS)  # walk-a's and the story's notes were already there
    assert not log.conflicting
    log = import_package(collection, project.apkg("walk-b"))
    assert not log.new and not log.updated and not log.conflicting
    assert len(collection.find_notes("")) == 11


# Scenario 2 ---------------------------------------------------------------------------------------------------------

def test_users_edit_of_an_unchanged_note_survives_a_rebuild(project, collection):
    project.build(now=T)
    import_package(collection, project.apkg())
    mine = note_by_text(collection, "How did you follow up?")
    mine["Strong"] = "My own better answer."
    collection.update_note(mine)

    project.edit("walk-a", "lead: The logs.", "lead: The logs, then the metrics.")
    report = project.build(now=T + 60)
    assert _status(report) == {"new": 0, "changed": 1, "unchanged": 10}
    log = import_package(collection, project.apkg())

    changed = note_by_text(collection, "Dive Deep")
    assert [entry.id.nid for entry in log.updated] == [changed.id]
    assert changed["Lead"] == "The logs, then the metrics."
    assert collection.get_note(mine.id)["Strong"] == "My own better answer."
    assert not log.new and not log.conflicting


# Scenario 3 ---------------------------------------------------------------------------------------------------------

def test_edits_between_builds_in_the_same_second_still_arrive(project, collection):
    project.build(now=T)
    import_package(collection, project.apkg())
    project.edit("story", "example: The checkout service dropped 2% of orders.",
                 "example: The checkout service dropped 3% of orders.")
    project.build(now=T)
    log = import_package(collection, project.apkg())
    assert len(log.updated) == 4  # the Read card, the drill, and each question's Tell-it, which reads the whole story out
    assert drill_note(collection)["Example"] == "The checkout service dropped 3% of orders."

    project.edit("story", "dropped 3% of orders.", "dropped 4% of orders.")
    project.build(now=T)
    log = import_package(collection, project.apkg())
    assert len(log.updated) == 4
    note = drill_note(collection)
    assert note["Example"] == "The checkout service dropped 4% of orders."
    assert note.mod == T + 2  # each build in that second shipped it one second later than the one before
    assert len(collection.find_notes("")) == 11


def test_a_changed_note_is_later_than_anything_shipped_before(project):
    project.build(now=T + 100)
    project.edit("walk-b", "weak: None.", "weak: Nothing.")
    project.build(now=T)  # a clock set back: still later than everything in the lock
    lock = project.lock()
    assert lock["notes"]["walk-b/risk"]["mod"] == T + 101
    assert {key: n["mod"] for key, n in lock["notes"].items() if key != "walk-b/risk"} == \
        {key: T + 100 for key in ALL_KEYS if key != "walk-b/risk"}


# Scenario 4 ---------------------------------------------------------------------------------------------------------

FOLLOW_UP = """\
  - id: follow-up
    question: How did you follow up?
    weak: I did not.
    weak_why: No closure.
    strong: I wrote the post-mortem.
"""


def _retire_by_hand(col: Collection, lock: Lock) -> list[int]:
    """What docs/rebuilding.md tells a user who imports by hand: search for lpdeck's search of the retired notes in
    Anki's browser, select all, add the tag and suspend (the browser's menu items make these same calls)."""
    search = retired_search(lock)
    found = list(col.find_notes(search)) if search else []
    col.tags.bulk_add(found, RETIRED_TAG)
    col.sched.suspend_cards([card for note in found for card in col.card_ids_of_note(note)])
    return found


def test_removed_item_leaves_every_package_and_the_search_retires_it_with_its_history(project, collection):
    project.build(now=T)
    import_package(collection, project.apkg())
    note = note_by_text(collection, "How did you follow up?")
    card_id = note.cards()[0].id
    review(collection, card_id)
    interval = collection.get_card(card_id).ivl

    project.edit("walk-a", FOLLOW_UP, "")
    report = project.build(now=T + 60)
    assert _status(report) == {"new": 0, "changed": 0, "unchanged": 10} and report.retired == 1
    assert _status(report, "walk-a") == {"new": 0, "changed": 0, "unchanged": 7}
    assert _status(report, "walk-b") == {"new": 0, "changed": 0, "unchanged": 6}
    assert project.lock()["notes"]["walk-a/follow-up"]["retired"] is True
    log = import_package(collection, project.apkg())
    assert not log.updated and not log.new  # all.apkg no longer carries it: the collection keeps it as it was
    assert collection.find_notes(f"tag:{RETIRED_TAG}") == []

    assert _retire_by_hand(collection, lock_json.read(project.lock_path)) == [note.id]
    retired = collection.get_note(note.id)
    assert RETIRED_TAG in retired.tags and retired["Strong"] == "I wrote the post-mortem."
    card = collection.get_card(card_id)
    assert card.ivl == interval and review_count(collection, card_id) == 1 and card.queue == QUEUE_TYPE_SUSPENDED
    assert collection.decks.name(card.did) == WALK_A_DECK

    project.edit("walk-a", "angles:\n", FOLLOW_UP + "angles:\n")
    report = project.build(now=int(time.time()) + 1)  # after the tagging, which gave the note the time it was done
    assert _status(report) == {"new": 0, "changed": 1, "unchanged": 10} and report.retired == 0
    assert "retired" not in project.lock()["notes"]["walk-a/follow-up"]
    log = import_package(collection, project.apkg())
    assert [entry.id.nid for entry in log.updated] == [note.id]
    assert collection.find_notes(f"tag:{RETIRED_TAG}") == []  # the package's tags replace the collection's
    assert review_count(collection, card_id) == 1
    assert len(collection.find_notes("")) == 11


def test_a_note_retired_by_a_build_never_imported_is_found_by_a_later_one(project, collection):
    project.build(now=T)
    import_package(collection, project.apkg())
    note = note_by_text(collection, "How did you follow up?")
    project.edit("walk-a", FOLLOW_UP, "")
    project.build(now=T + 60)  # never imported
    project.edit("walk-b", "weak: None.", "weak: Nothing.")
    report = project.build(now=T + 120)
    assert _status(report) == {"new": 0, "changed": 1, "unchanged": 9} and report.retired == 1
    log = import_package(collection, project.apkg())
    assert len(log.updated) == 1
    assert _retire_by_hand(collection, lock_json.read(project.lock_path)) == [note.id]


@pytest.mark.parametrize("scheduling", [False, True], ids=["default options", "with learning progress"])
def test_no_package_gives_a_retired_note_to_a_collection_that_never_had_it(project, tmp_path, scheduling):
    project.build(now=T)
    project.edit("walk-a", FOLLOW_UP, "")
    project.files["walk-b"].unlink()
    report = project.build(now=T + 60)
    assert report.retired == 4
    retired = {guid(*key.split("/", 1)) for key, note in project.lock()["notes"].items() if note.get("retired")}
    for package in ("walk-a", "all"):
        col = Collection(str(tmp_path / f"{package}-{scheduling}.anki2"))
        options = ImportAnkiPackageOptions(merge_notetypes=False, update_notes=IF_NEWER, update_notetypes=IF_NEWER,
                                           with_scheduling=scheduling, with_deck_configs=False)
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(project.apkg(package)), options=options))
        guids = {col.get_note(nid).guid for nid in col.find_notes("")}
        assert guids and not guids & retired, package
        assert col.find_notes(f"tag:{RETIRED_TAG}") == []
        assert _retire_by_hand(col, lock_json.read(project.lock_path)) == []  # the search finds nothing to retire
        col.close()


def test_retired_notes_stay_in_the_lock_with_the_same_mod(project):
    project.build(now=T)
    project.edit("walk-b", "  - id: risk\n", "  - id: risk-of-rollback\n")
    first = project.build(now=T + 60)
    assert _status(first, "walk-b") == {"new": 1, "changed": 0, "unchanged": 5} and first.retired == 1
    mod = project.lock()["notes"]["walk-b/risk"]["mod"]
    before = project.outputs()
    second = project.build(now=T + 120)
    assert _status(second, "walk-b") == {"new": 0, "changed": 0, "unchanged": 6} and second.retired == 1
    assert project.outputs() == before  # the build that retires is reproducible from the lock it wrote
    assert project.lock()["notes"]["walk-b/risk"]["mod"] == mod and project.lock()["notes"]["walk-b/risk"]["retired"]


def test_deleting_a_whole_walkthrough_file_retires_its_notes(project):
    project.build(now=T)
    project.files["walk-b"].unlink()
    report = project.build(now=T + 60)
    assert _status(report) == {"new": 0, "changed": 0, "unchanged": 8} and report.retired == 3
    assert sorted(key for key, n in project.lock()["notes"].items() if n.get("retired")) == sorted(WALK_B_KEYS)


def test_building_some_files_retires_only_in_those_files(project):
    project.build(now=T)
    project.edit("walk-a", FOLLOW_UP, "")
    project.files["walk-b"].unlink()
    report = build_files(project, "story", "walk-a")
    assert [deck.name for deck in report.decks] == ["walk-a"]  # a partial build never writes a partial all.apkg
    assert _status(report, "walk-a") == {"new": 0, "changed": 0, "unchanged": 7} and report.retired == 1
    lock = project.lock()["notes"]
    assert [key for key, n in lock.items() if n.get("retired")] == ["walk-a/follow-up"]
    assert all(lock[key]["mod"] == T for key in WALK_B_KEYS)  # out of scope: kept as they were


def build_files(project: Project, *names: str):
    return build(resolve([project.files[name] for name in names], out_dir=project.dist), now=T + 60)


def test_building_the_story_alone_uses_the_sources_lock(project, monkeypatch):
    project.build(now=T)
    lock = project.lock_path.read_bytes()
    monkeypatch.chdir(project.root)
    result = run_cli("build", "decks/stories/outage.yaml", "-o", "dist")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("did not write dist/all.apkg: these sources are only part of the lock's; build the whole "
                             "folder for it\nno package: these sources hold no walkthrough\n")
    assert not (project.decks / "stories" / "lpdeck.lock").exists()
    assert project.lock_path.read_bytes() == lock


def test_building_the_stories_folder_alone_retires_nothing_else(project, monkeypatch):
    project.build(now=T)
    lock = project.lock_path.read_bytes()
    monkeypatch.chdir(project.root)
    result = run_cli("build", "decks/stories", "-o", "dist")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("did not write dist/all.apkg: ")
    assert project.lock_path.read_bytes() == lock


# Scenario 5 ---------------------------------------------------------------------------------------------------------

def _patch_template(monkeypatch, file_name: str, extra: str):
    original = notetypes.read_template
    monkeypatch.setattr(notetypes, "read_template",
                        lambda name: original(name) + (extra if name == file_name else ""))
    clear_notetype_caches(monkeypatch)


def test_css_change_reaches_the_collections_note_types(project, collection, monkeypatch):
    project.build(now=T)
    import_package(collection, project.apkg())
    card_id = note_by_text(collection, "What did you do first?").cards()[0].id
    review(collection, card_id)

    _patch_template(monkeypatch, "card.css", "\n.lp-test-marker { color: red; }\n")
    report = project.build(now=T + 60)
    assert _status(report) == {"new": 0, "changed": 0, "unchanged": 11}
    assert report.lock_changed
    assert {kind: t["mod"] for kind, t in project.lock()["notetypes"].items()} == dict.fromkeys(NOTETYPES, T + 60)
    log = import_package(collection, project.apkg())

    assert not log.updated and not log.new and not log.conflicting
    assert lpdeck_notetypes(collection) == USED_NOTETYPES
    for kind in USED_KINDS:
        assert ".lp-test-marker" in collection.models.get(NOTETYPES[kind].id)["css"], kind
    assert ".lp-test-marker" in collection.get_card(card_id).render_output(reload=True).css
    assert review_count(collection, card_id) == 1


def test_a_template_change_moves_only_its_note_types_mod(project, collection, monkeypatch):
    project.build(now=T)
    import_package(collection, project.apkg())
    _patch_template(monkeypatch, "probe.front.html", "<p class=lp-test-marker>new line</p>")
    project.build(now=T + 60)
    mods = {kind: t["mod"] for kind, t in project.lock()["notetypes"].items()}
    assert mods == {kind: T + 60 if kind == "probe" else T for kind in NOTETYPES}
    import_package(collection, project.apkg())
    card = note_by_text(collection, "What did you do first?").cards()[0]
    assert "new line" in card.render_output(reload=True).question_text
    assert lpdeck_notetypes(collection) == USED_NOTETYPES


# The lock, the summary, --locked, --dry-run -------------------------------------------------------------------------

def _probe_digest_from_files() -> str:
    """The probe note type's hash as the lock format defines it, from its name, fields and the template files."""
    templates = Path(notetypes.__file__).parent / "templates"
    parts = ["lpdeck · Probe", "Question", "Probes", "Weak", "WeakWhy", "Strong", "KeyPhrase", "Context",
             (templates / "card.css").read_text(encoding="utf-8"), "", "Probe",
             (templates / "probe.front.html").read_text(encoding="utf-8"),
             (templates / "probe.back.html").read_text(encoding="utf-8")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def test_lock_records_content_hash_mod_and_id_of_every_note_and_note_type(project):
    project.build(now=T)
    lock = project.lock()
    assert lock["version"] == 1
    assert sorted(lock["notes"]) == sorted(ALL_KEYS)
    assert sorted(lock["notetypes"]) == sorted(NOTETYPES)
    assert lock["notetypes"]["probe"] == {"hash": _probe_digest_from_files(), "mod": T}
    risk = lock["notes"]["walk-b/risk"]
    assert risk == {
        "kind": "probe", "id": risk["id"], "mod": T, "deck": "LP Interview::Stories::The outage::Walk B",
        "tags": ["LP::Bias_for_Action", "story::outage", "walkthrough::walk-b", "kind::probe"],
        "fields": ["What was the risk?", "", "None.", "Naive.",
                   "A bad rollback, so I checked the migration first.", "", "Tell me about a time you acted fast"],
    }
    # ids are milliseconds from the build time, ten apart (a note's cards take the ids after it), in package order
    assert [lock["notes"][key]["id"] for key in ALL_KEYS] == [T * 1000 + 10 * i for i in range(11)]
    assert lock == project.lock() and project.lock_path.read_text().endswith("}\n")


def test_lock_file_is_readable_by_everyone_like_the_sources(project):
    project.build(now=T)
    mask = os.umask(0)
    os.umask(mask)
    assert project.lock_path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_new_notes_keep_their_id_and_cards_come_in_source_order(project, collection):
    project.build(now=T)
    project.edit("walk-a", "angles:\n", FOLLOW_UP.replace("follow-up", "added-later").replace("follow up", "add")
                 + "angles:\n")
    project.build(now=T + 60)
    import_package(collection, project.apkg("walk-a"))
    lock = project.lock()["notes"]
    for key in [*WALK_A_KEYS, "walk-a/added-later"]:
        assert collection.get_note(lock[key]["id"]).guid  # Anki kept our id, so "Added" is the first build's time
    assert lock["walk-a/added-later"]["id"] == (T + 60) * 1000
    collection.decks.select(collection.decks.id_for_name(WALK_A_DECK))
    queue = [collection.get_card(q.card.id) for q in collection.sched.get_queued_cards(fetch_limit=10).cards]
    assert [card.note().fields[0] for card in queue][:5] == [
        "Tell me about an outage you owned", "Tell me about an outage you owned",  # the question, then told whole
        "What did you do first?", "How did you follow up?", "How did you add?"]
    assert [card.note_type()["name"] for card in queue][:2] == ["lpdeck · Walkthrough", "lpdeck · Tell it"]


def test_unchanged_rebuild_changes_nothing_whatever_the_time(project):
    first = project.build(now=T)
    before = project.outputs()
    second = project.build(now=T + 3600)
    assert _status(first) == {"new": 11, "changed": 0, "unchanged": 0}
    assert _status(second) == {"new": 0, "changed": 0, "unchanged": 11}
    assert not second.lock_changed
    assert project.outputs() == before


def test_build_summary_per_package(project, monkeypatch):
    project.build(now=T)
    project.edit("walk-a", FOLLOW_UP, "")
    project.edit("walk-b", "weak: None.", "weak: Nothing.")
    project.edit("walk-b", "  - id: risk\n", "  - id: risk\n    probes: Judgement\n")
    project.edit("story", "phrases:\n", "phrases:\n  - id: i-owned\n    weak: It got fixed.\n    strong: I fixed it.\n")
    monkeypatch.chdir(project.root)
    result = run_cli("build", "decks", "-o", "dist")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "wrote dist/walk-a.apkg: 8 notes (1 read, 1 drill, 2 rewrite, 1 probe, 1 lp-angle, 1 walkthrough, "
        "1 tell-it); 1 new / 0 changed / 7 unchanged",
        "wrote dist/walk-b.apkg: 7 notes (1 read, 1 drill, 2 rewrite, 1 probe, 1 walkthrough, 1 tell-it); "
        "1 new / 1 changed / 5 unchanged",
        "wrote dist/all.apkg: 11 notes (1 read, 1 drill, 2 rewrite, 2 probe, 1 lp-angle, 2 walkthrough, "
        "2 tell-it); 1 new / 1 changed / 9 unchanged",
        "3 packages in dist: 3 written; updated decks/lpdeck.lock; 1 retired note in no package (`lpdeck push` "
        "retires it in Anki; by hand: `lpdeck retired`)",
    ]


def test_dry_run_prints_the_summary_and_writes_nothing(project, monkeypatch):
    monkeypatch.chdir(project.root)
    result = run_cli("build", "decks", "-o", "dist", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == [
        "would write dist/all.apkg: 11 notes (1 read, 1 drill, 1 rewrite, 3 probe, 1 lp-angle, 2 walkthrough, "
        "2 tell-it); 11 new / 0 changed / 0 unchanged",
        "would write 3 of 3 packages in dist; would update decks/lpdeck.lock",
    ]
    assert not project.dist.exists() and not project.lock_path.exists()

    project.build(now=T)
    before = project.outputs()
    project.edit("walk-a", FOLLOW_UP, "")
    result = run_cli("build", "decks", "-o", "dist", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would write dist/walk-a.apkg: 7 notes (1 read, 1 drill, 1 rewrite, 1 probe, 1 lp-angle, 1 walkthrough, " \
           "1 tell-it); 0 new / 0 changed / 7 unchanged" in result.stdout.splitlines()
    assert not [line for line in result.stdout.splitlines() if "walk-b.apkg" in line]  # up to date: not rewritten
    assert result.stdout.splitlines()[-1] == (
        "would write 2 of 3 packages in dist (1 already up to date); would update decks/lpdeck.lock; 1 retired note in "
        "no package (`lpdeck push` retires it in Anki; by hand: `lpdeck retired`)")
    assert project.outputs() == before
    assert sorted(p.name for p in project.dist.iterdir()) == [".lpdeck-packages.json", "all.apkg", "walk-a.apkg",
                                                              "walk-b.apkg"]
    assert sorted(p.name for p in project.decks.iterdir()) == ["lpdeck.lock", "stories", "walk-a.yaml", "walk-b.yaml"]


def test_locked_build_passes_and_writes_the_packages_when_the_lock_is_current(project, monkeypatch):
    project.build(now=T)
    before = project.outputs()
    shutil.rmtree(project.dist)
    monkeypatch.chdir(project.root)
    result = run_cli("build", "--locked", "decks", "-o", "dist")
    assert result.exit_code == 0, result.output
    assert project.outputs() == before


def test_locked_build_names_the_notes_that_would_change_and_writes_nothing(project, monkeypatch):
    project.build(now=T)
    before = project.outputs()
    project.edit("walk-a", FOLLOW_UP, "")
    project.edit("walk-b", "weak: None.", "weak: Nothing.")
    project.edit("story", "phrases:\n", "phrases:\n  - id: i-owned\n    weak: It got fixed.\n    strong: I fixed it.\n")
    _patch_template(monkeypatch, "level.back.html", "<!-- changed -->")
    monkeypatch.chdir(project.root)
    result = run_cli("build", "--locked", "decks", "-o", "dist")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "decks/lpdeck.lock is out of date; `lpdeck build` would change: outage/i-owned (new), "
        "walk-a/follow-up (retired), walk-b/risk (changed), note type level; run `lpdeck build` and commit the lock\n")
    assert project.outputs() == before


def test_locked_build_without_a_lock_fails(project, monkeypatch):
    monkeypatch.chdir(project.root)
    result = run_cli("build", "--locked", "decks", "-o", "dist")
    assert result.exit_code == 1
    assert result.stderr == "decks/lpdeck.lock does not exist; run `lpdeck build` and commit it\n"
    assert not project.dist.exists() and not project.lock_path.exists()


def test_a_lock_with_merge_conflict_markers_is_reported_with_its_position(project, monkeypatch):
    project.build(now=T)
    text = project.lock_path.read_text()
    project.lock_path.write_text(text.replace(' "notes": {\n', '<<<<<<< HEAD\n "notes": {\n', 1))
    line = text[:text.index(' "notes": {')].count("\n") + 1
    monkeypatch.chdir(project.root)
    result = run_cli("build", "decks", "-o", "dist2")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"decks/lpdeck.lock:{line}:1: not valid JSON (")
    assert "Traceback" not in result.output and not (project.root / "dist2").exists()


def test_an_item_id_reused_for_another_kind_of_note_is_refused(project):
    project.build(now=T)
    project.edit("walk-a", FOLLOW_UP, "")
    project.edit("walk-a", "  - id: dive-deep\n", "  - id: follow-up\n")
    with pytest.raises(LockError, match=r"^walk-a/follow-up: this id was a probe note and is now an angle note; "):
        project.build(now=T + 60)


def test_lock_option_puts_the_lock_elsewhere_and_whole_folder_builds_still_retire(project, monkeypatch):
    monkeypatch.chdir(project.root)
    assert run_cli("build", "decks", "-o", "dist", "--lock", "ci/deck.lock").exit_code == 0
    assert (project.root / "ci" / "deck.lock").is_file() and not project.lock_path.exists()
    project.files["walk-b"].unlink()
    result = run_cli("build", "decks", "-o", "dist", "--lock", "ci/deck.lock")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-4:] == [
        "wrote dist/all.apkg: 8 notes (1 read, 1 drill, 1 rewrite, 2 probe, 1 lp-angle, 1 walkthrough, "
        "1 tell-it); 0 new / 0 changed / 8 unchanged",
        "removed dist/walk-b.apkg (no walkthrough builds it now)",
        "2 packages in dist: 1 written, 1 already up to date, not rewritten; updated ci/deck.lock; 3 retired notes in "
        "no package (`lpdeck push` retires them in Anki; by hand: `lpdeck retired`)",
    ]
