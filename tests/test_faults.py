"""Faults around the writes: a full disk, a target that cannot be replaced, a lost lock, concurrent builds.

Each test makes the fault for real (a small tmpfs, a folder or an immutable file where a package goes, two `lpdeck`
processes at once) and checks the promise: exit status 1 with a message naming the user's path, and the previous
packages and lock as they were, nothing left behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import fill_disk, run_cli
from lpdeck import build as build_module
from lpdeck.errors import LockError
from lpdeck.ship import atomic
from lpdeck.sources.workspace import resolve
from regen_support import WALK_B_KEYS, Project

T = 1_750_000_000


@pytest.fixture
def project(project_here) -> Project:
    return project_here


def _edit(project: Project) -> None:
    project.edit("walk-a", "I waited.", "I waited a day.")


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# A full disk -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["dist", "decks"])
def test_full_disk_is_reported_and_changes_nothing(where, project, small_disk):
    if where == "dist":
        target = small_disk / "dist"
        result = run_cli("build", "decks", "-o", str(target))
        assert result.exit_code == 0, result.output
        dist = target
    else:  # the sources and their lock on the small disk, the packages elsewhere
        moved = small_disk / "decks"
        shutil.copytree(project.decks, moved)
        result = run_cli("build", str(moved), "-o", "dist")
        assert result.exit_code == 0, result.output
        dist = project.dist
    sources = small_disk / "decks" if where == "decks" else project.decks
    (sources / "walk-a.yaml").write_text((sources / "walk-a.yaml").read_text().replace("I waited.", "I waited long."))
    before = {p: p.read_bytes() for p in [*dist.glob("*.apkg"), sources / "lpdeck.lock"]}
    names = _visible(dist), _visible(sources)
    fill_disk(small_disk, 4096)
    result = run_cli("build", str(sources), "-o", str(dist))
    assert result.exit_code == 1, result.output
    full = dist if where == "dist" else sources / "lpdeck.lock"
    assert result.stderr.startswith(f"no space left on {full}; free some space"), result.stderr
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in before} == before
    assert (_visible(dist), _visible(sources)) == names  # nothing left behind


# All or nothing ---------------------------------------------------------------------------------------------------

def test_a_folder_where_a_package_goes_replaces_nothing(project):
    assert run_cli("build", "decks", "-o", "dist").exit_code == 0
    (project.dist / "walk-b.apkg").unlink()
    (project.dist / "walk-b.apkg").mkdir()
    before = {p.name: p.read_bytes() for p in [*project.dist.glob("*.apkg"), project.lock_path] if p.is_file()}
    _edit(project)
    result = run_cli("build", "decks", "-o", "dist")
    assert result.exit_code == 1
    assert result.stderr == ("dist/walk-b.apkg: is a folder where lpdeck writes a file; remove or rename it\n"
                             "nothing was replaced: the previous packages and lock are as they were\n")
    assert {p.name: p.read_bytes() for p in [*project.dist.glob("*.apkg"), project.lock_path] if p.is_file()} == before
    assert not [p for p in project.dist.iterdir() if p.name.startswith(".lpdeck-") and p.is_dir()]


def test_an_immutable_package_replaces_nothing(project):
    assert run_cli("build", "decks", "-o", "dist").exit_code == 0
    immutable = project.dist / "walk-a.apkg"  # one the edit changes
    subprocess.run(["chattr", "+i", str(immutable)], check=True)
    try:
        before = {p.name: p.read_bytes() for p in [*project.dist.glob("*.apkg"), project.lock_path]}
        _edit(project)
        result = run_cli("build", "decks", "-o", "dist")
        assert result.exit_code == 1
        assert result.stderr.startswith("dist/walk-a.apkg: not allowed to write here (Operation not permitted)")
        assert result.stderr.endswith("nothing was replaced: the previous packages and lock are as they were\n")
        assert {p.name: p.read_bytes() for p in [*project.dist.glob("*.apkg"), project.lock_path]} == before
    finally:
        subprocess.run(["chattr", "-i", str(immutable)], check=True)
    assert _visible(project.decks) == ["lpdeck.lock", "stories", "walk-a.yaml", "walk-b.yaml"]


def test_a_rename_failing_midway_puts_back_what_was_replaced(project, monkeypatch):
    project.build(now=T)
    before = project.outputs()
    _edit(project)
    real_replace = os.replace

    def replace(source, target):  # the third rename fails, after the lock and a package were replaced
        replace.calls += 1
        if replace.calls == 3:
            raise OSError(5, "Input/output error")
        return real_replace(source, target)

    replace.calls = 0
    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(atomic.WriteError, match="nothing was replaced: every file replaced so far was put back"):
        project.build(now=T + 60)
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert project.outputs() == before
    assert [p.name for p in project.decks.iterdir() if p.name.startswith(".")] == []


# The lock is never reset by accident ------------------------------------------------------------------------------

def test_a_deleted_or_mistyped_lock_where_packages_were_built_is_refused(project):
    assert run_cli("build", "decks", "-o", "dist").exit_code == 0
    packages = {p.name: p.read_bytes() for p in project.dist.glob("*.apkg")}
    for arguments in (["--lock", "decks/lpdek.lock"], []):
        if not arguments:
            project.lock_path.unlink()
        result = run_cli("build", "decks", "-o", "dist", *arguments)
        assert result.exit_code == 1
        lock = arguments[1] if arguments else "decks/lpdeck.lock"
        assert result.stderr.startswith(f"{lock}: no lock file here, but dist holds packages built before (they were "
                                        f"built with the lock {project.lock_path}): all.apkg, walk-a.apkg, "
                                        "walk-b.apkg. Restore the lock from version control")
        assert "run again with --new-lock" in result.stderr
        assert {p.name: p.read_bytes() for p in project.dist.glob("*.apkg")} == packages
        assert not Path("decks/lpdek.lock").exists()
    result = run_cli("build", "decks", "-o", "dist", "--new-lock")
    assert result.exit_code == 0, result.output
    assert project.lock_path.is_file()


def test_a_lock_in_the_output_folder_is_locked_once(project):
    result = run_cli("build", "decks", "-o", "dist", "--lock", "dist/deck.lock")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "3 packages in dist: 3 written; updated dist/deck.lock"
    assert all(": warning: " in line for line in result.stderr.splitlines())  # and no waiting for itself


# Partial builds and stale packages --------------------------------------------------------------------------------

def test_a_partial_build_keeps_all_apkg_and_a_full_one_removes_only_its_own_stale_packages(project):
    assert run_cli("build", "decks", "-o", "dist").exit_code == 0
    everything = (project.dist / "all.apkg").read_bytes()
    _edit(project)
    result = run_cli("build", "decks/walk-a.yaml", "decks/stories", "-o", "dist")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("wrote dist/walk-a.apkg: ")
    assert "did not write dist/all.apkg: these sources are only part of the lock's" in result.stdout
    assert (project.dist / "all.apkg").read_bytes() == everything

    (project.dist / "mine.apkg").write_bytes(b"not lpdeck's")
    project.files["walk-b"].unlink()
    result = run_cli("build", "decks", "-o", "dist")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == [
        "removed dist/walk-b.apkg (no walkthrough builds it now)",
        "2 packages in dist: 1 written, 1 already up to date, not rewritten; updated decks/lpdeck.lock; 3 retired "
        "notes in no package (`lpdeck push` retires them in Anki; by hand: `lpdeck retired`)"]
    assert _visible(project.dist) == [".lpdeck-packages.json", "all.apkg", "mine.apkg", "walk-a.apkg"]


def test_a_rebuild_with_nothing_changed_rewrites_nothing_and_a_changed_file_is_rewritten(project):
    project.build(now=T)
    stamps = {p.name: p.stat().st_mtime_ns for p in project.dist.glob("*.apkg")}
    outputs = project.outputs()
    report = project.build(now=T + 60)
    assert report.notes == [] and [deck.rewritten for deck in report.decks] == [False, False, False]
    assert {p.name: p.stat().st_mtime_ns for p in project.dist.glob("*.apkg")} == stamps
    (project.dist / "walk-b.apkg").write_bytes(b"damaged")  # the bytes on disk are checked, not only the record
    _edit(project)
    report = project.build(now=T + 120)
    assert report.notes == [] and {deck.name: deck.rewritten for deck in report.decks}["walk-b"]
    assert project.outputs()["walk-b.apkg"] == outputs["walk-b.apkg"]


# Error messages name the user's path ------------------------------------------------------------------------------

@pytest.mark.parametrize(("output", "message"), [
    ("/proc/version", "/proc/version: the folder does not exist or cannot hold new files; choose another path\n"),
    ("/dev/null", "/dev/null: not a regular file; lpdeck replaces the file it writes, so choose another path\n"),
])
def test_preview_to_a_path_it_cannot_replace_names_that_path(output, message, project):
    result = run_cli("preview", "decks", "-o", output)
    assert result.exit_code == 1
    assert result.stderr == message


# Prune, and starting from an empty decks/ --------------------------------------------------------------------------

def _notes_in(apkg: Path) -> int:
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory() as scratch, zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", scratch)
        connection = sqlite3.connect(Path(scratch) / "collection.anki2")
        try:
            return connection.execute("select count() from notes").fetchone()[0]
        finally:
            connection.close()


def test_prune_forgets_retired_notes_for_good_and_keeps_mods_moving_forward(project):
    project.build(now=T)
    project.files["walk-b"].unlink()
    project.build(now=T + 60)
    assert _notes_in(project.apkg()) == 8  # the retired notes are in the lock only
    lock = project.lock_path.read_bytes()
    result = run_cli("prune", "decks", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"would forget {key}" for key in sorted(WALK_B_KEYS)] + [
        "would update decks/lpdeck.lock: 3 retired notes to forget"]
    assert project.lock_path.read_bytes() == lock
    result = run_cli("prune", "decks")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == [f"forgot {key}" for key in sorted(WALK_B_KEYS)]
    assert not set(WALK_B_KEYS) & set(project.lock()["notes"])
    assert project.lock()["shipped_until"] == T + 60  # the retirement's mod: no later mod may go below it
    report = project.build(now=T)  # a clock behind the last shipment
    assert _notes_in(project.apkg()) == 8
    assert report.lock_changed is False
    project.edit("walk-a", "I waited.", "I waited a day.")
    project.build(now=T)
    assert project.lock()["notes"]["walk-a/first-step"]["mod"] == T + 61
    assert run_cli("prune", "decks").stdout == "decks/lpdeck.lock: no retired notes to forget\n"


def test_starting_from_an_empty_decks_folder_inherits_nothing(project):
    assert run_cli("build", "decks", "-o", "dist").exit_code == 0  # the "samples"
    own = project.files["walk-b"].read_text()
    # the README's way: delete the sample files and the lock, then build with --new-lock (dist/ holds old packages)
    for name in ("walk-a", "walk-b"):
        project.files[name].unlink()
    project.lock_path.unlink()
    project.files["walk-b"].write_text(own)
    assert run_cli("build", "decks", "-o", "dist").exit_code == 1
    result = run_cli("build", "decks", "-o", "dist", "--new-lock")
    assert result.exit_code == 0, result.output
    assert _notes_in(project.apkg()) == 6 and _notes_in(project.apkg("walk-b")) == 6
    assert _visible(project.dist) == [".lpdeck-packages.json", "all.apkg", "walk-b.apkg"]
    assert sorted(project.lock()["notes"]) == sorted(["outage/situation#read", "outage/situation", "outage/we-vs-i",
                                                      *WALK_B_KEYS])


def test_prune_needs_a_lock(project):
    with pytest.raises(LockError, match="no lock file here"):
        build_module.prune(resolve([project.decks]))


# Two builds at once -----------------------------------------------------------------------------------------------

PAUSE_HOOK = '''\
import os, time, zipfile

time.time = lambda: float(os.environ["LPDECK_TEST_NOW"])
_writestr = zipfile.ZipFile.writestr


def writestr(self, *args, **kwargs):
    ready = os.environ.get("LPDECK_TEST_READY")
    if ready and not os.path.exists(ready):
        open(ready, "w").close()
        go, deadline = os.environ["LPDECK_TEST_GO"], time.monotonic() + 30
        while not os.path.exists(go) and time.monotonic() < deadline:
            time.sleep(0.02)
    return _writestr(self, *args, **kwargs)


zipfile.ZipFile.writestr = writestr
'''


def _start(project: Project, tmp_path: Path, now: int, **env: str) -> subprocess.Popen:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(PAUSE_HOOK)
    environment = {**os.environ, "LPDECK_TEST_NOW": str(now), **env,
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen([sys.executable, "-m", "lpdeck", "build", "decks", "-o", "dist"], cwd=project.root,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(path: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_two_builds_sharing_a_lock_take_turns(project, tmp_path):
    project.build(now=T)
    _edit(project)
    ready = tmp_path / "ready"
    go = tmp_path / "go"
    first = _start(project, tmp_path, T + 60, LPDECK_TEST_READY=str(ready), LPDECK_TEST_GO=str(go))
    _wait_for(ready, first)  # the first build holds the locks, paused in the middle of writing a package
    project.edit("walk-b", "weak: None.", "weak: Nothing.")
    second = _start(project, tmp_path, T + 120)
    assert second.stderr is not None
    waiting = second.stderr.readline()  # the second build says it waits; only then does the first go on
    assert waiting.startswith("lpdeck: waiting for another lpdeck build using decks/lpdeck.lock to finish"), waiting
    go.touch()
    out_second, err_second = second.communicate(timeout=60)
    _, err_first = first.communicate(timeout=60)
    assert first.returncode == 0, err_first
    assert second.returncode == 0, err_second
    # the second build read the lock the first one wrote: the lock and the packages agree
    assert next(line for line in out_second.splitlines() if line.startswith("wrote dist/all.apkg: ")).endswith(
        "0 new / 1 changed / 10 unchanged"), out_second
    lock = project.lock()["notes"]
    assert lock["walk-a/first-step"]["mod"] == T + 60 and lock["walk-b/risk"]["mod"] == T + 120
    outputs = project.outputs()
    project.build(now=T + 600)  # the same sources and lock give the same bytes: the packages match the lock
    assert project.outputs() == outputs


def test_a_build_waiting_too_long_fails_clearly(project, tmp_path, monkeypatch):
    project.build(now=T)
    _edit(project)  # so that the first build writes a package, and pauses there
    ready, go = tmp_path / "ready", tmp_path / "go"
    first = _start(project, tmp_path, T + 60, LPDECK_TEST_READY=str(ready), LPDECK_TEST_GO=str(go))
    _wait_for(ready, first)
    monkeypatch.setattr(atomic, "LOCK_WAIT", 0.3)
    try:
        result = run_cli("build", "decks", "-o", "dist")  # in this process, against the other one's lock
    finally:
        go.touch()
    assert first.wait(timeout=60) == 0
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "lpdeck: waiting for another lpdeck build using decks/lpdeck.lock to finish (up to 0.3 s)...",
        ("decks/lpdeck.lock: another lpdeck build has been using it for 0.3 s; wait for it to finish (or stop it) "
         "and run the command again")]


def test_every_file_is_flushed_to_disk_before_it_is_moved_into_place(project, monkeypatch):
    synced: set[str] = set()
    moved: list[tuple[str, bool]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.add(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def replace(source, target, *args, **kwargs):
        moved.append((os.path.basename(target), os.path.abspath(source) in synced))
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    assert run_cli("build", "decks", "-o", "dist").exit_code == 0
    assert sorted(moved) == [(".lpdeck-packages.json", True), ("all.apkg", True), ("lpdeck.lock", True),
                             ("walk-a.apkg", True), ("walk-b.apkg", True)]
