"""Same sources plus same lock give byte-identical packages, whatever the time, folder or process."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import run_cli
from lpdeck.build import build
from lpdeck.cards.compile import guid
from lpdeck.cards.notetypes import NOTETYPES
from lpdeck.sources.workspace import resolve
from regen_support import Project

T = 1_750_000_000


def _sha256s(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.apkg"))}


def _cli_build(checkout: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-m", "lpdeck", "build", "decks", "-o", "dist"], cwd=checkout, env=env,
                   check=True, capture_output=True)


def test_two_builds_of_the_repository_decks_from_the_same_checkout_have_the_same_sha256(decks_copy, tmp_path):
    # Bring the copy's lock up to date first, so both checkouts below are the same whatever the repository's state.
    build(resolve([decks_copy], out_dir=tmp_path / "scratch"))
    first, second = decks_copy.parent, tmp_path / "second"
    shutil.copytree(decks_copy, second / "decks")
    _cli_build(first, hash_seed="1")
    _cli_build(second, hash_seed="2")
    sums = _sha256s(first / "dist")
    assert sorted(sums) == ["all.apkg", "calculated-risk.apkg", "caught-critical-issue.apkg",
                            "earths-best-employer.apkg", "protected-users.apkg", "speed-of-execution.apkg"]
    assert _sha256s(second / "dist") == sums
    assert (first / "decks" / "lpdeck.lock").read_bytes() == (second / "decks" / "lpdeck.lock").read_bytes()


def test_the_committed_lock_is_up_to_date(decks_copy, tmp_path):
    result = run_cli("build", "--locked", str(decks_copy), "-o", str(tmp_path / "dist"))
    assert result.exit_code == 0, f"{result.stderr}(run `lpdeck build` and commit decks/lpdeck.lock)"


def test_a_rebuild_at_another_time_gives_the_same_bytes(tmp_path):
    project = Project(tmp_path / "project")
    project.build(now=T)
    first = project.outputs()
    project.dist = tmp_path / "elsewhere"
    project.build(now=T + 86_400)
    assert project.outputs() == first


def test_the_same_build_in_another_folder_gives_the_same_bytes(tmp_path):
    one, two = Project(tmp_path / "one"), Project(tmp_path / "two" / "deeper")
    one.build(now=T)
    two.build(now=T)
    assert one.outputs() == two.outputs()


def test_package_zip_has_fixed_entries_dates_and_compression(tmp_path):
    project = Project(tmp_path / "project")
    project.build(now=T)
    with zipfile.ZipFile(project.apkg()) as archive:
        entries = archive.infolist()
        assert [e.filename for e in entries] == ["collection.anki2", "media"]
        assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}
        assert {e.compress_type for e in entries} == {zipfile.ZIP_DEFLATED}
        assert {e.external_attr >> 16 for e in entries} == {0o644}
        assert archive.read("media") == b"{}"
        assert archive.testzip() is None


def test_package_ids_mods_and_positions_come_from_the_lock(tmp_path):
    project = Project(tmp_path / "project")
    project.build(now=T)
    project.edit("walk-b", "weak: None.", "weak: Nothing.")
    project.build(now=T + 60)
    lock = project.lock()
    with zipfile.ZipFile(project.apkg("walk-b")) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = db.execute("select id, guid, mod from notes order by id").fetchall()
        cards = db.execute("select id, nid, ord, due, mod from cards order by id").fetchall()
        models = db.execute("select models from col").fetchone()[0]
    finally:
        db.close()
    expected = sorted((n["id"], guid(*key.split("/", 1)), n["mod"]) for key, n in lock["notes"].items()
                      if key.startswith(("walk-b/", "outage/")))
    assert notes == expected
    assert {mod for _, _, mod in notes} == {T, T + 60}
    # A note's cards take the ids right after its own; new cards are due in the package's order.
    assert [(cid - nid, ord_) for cid, nid, ord_, _, _ in cards] == [(1, 0)] * 6
    by_note = {nid: (due, mod) for _, nid, _, due, mod in cards}
    order = ["outage/situation#read", "outage/situation", "outage/we-vs-i", "walk-b/#overview", "walk-b/#tell",
             "walk-b/risk"]
    assert [by_note[lock["notes"][key]["id"]] for key in order] == \
        [(0, T), (1, T), (2, T), (3, T), (4, T), (5, T + 60)]
    mods = {m["name"]: m["mod"] for m in json.loads(models).values()}
    assert mods == {NOTETYPES[kind].name: T for kind in ("overview", "tell", "probe", "read", "step", "phrase")}
