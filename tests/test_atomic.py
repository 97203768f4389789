"""A build killed while it writes leaves every package and the lock whole; the next build finishes the job and cleans up.

The build runs as ``python -m lpdeck build`` in a subprocess with a ``sitecustomize`` that stops it at a chosen point
of its writing and signals the test (by a file) that it is there: in the middle of writing the first package (made in
memory, half of its bytes written to its file and flushed, the zip incomplete), or with the new lock
written but not yet moved into place. The test then kills it with SIGKILL, which nothing can catch or clean up after.
Both points come before any package is moved into place, so the previous packages and lock must be intact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from lpdeck.ship.lock_json import from_json
from regen_support import Project

T = 1_750_000_000

HOOK = '''\
import os, time

point, ready = os.environ["LPDECK_TEST_STOP_AT"], os.environ["LPDECK_TEST_READY"]
time.time = lambda: float(os.environ["LPDECK_TEST_NOW"])


def _stop():
    open(ready, "w").close()
    while True:
        time.sleep(60)


if point == "package":
    import pathlib

    # a package is made in memory, then written to its file at once: stop halfway through the first
    _write_bytes = pathlib.Path.write_bytes

    def write_bytes(self, data):
        if self.suffix != ".apkg":
            return _write_bytes(self, data)
        with open(self, "wb") as stream:
            stream.write(bytes(data)[: len(data) // 2])
            stream.flush()
        _stop()

    pathlib.Path.write_bytes = write_bytes
else:
    _replace = os.replace

    def replace(source, target, *args, **kwargs):
        if str(target).endswith("lpdeck.lock"):
            _stop()
        return _replace(source, target, *args, **kwargs)

    os.replace = replace
'''


def _kill_build_at(project: Project, point: str, now: int, tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK)
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")])),
           "LPDECK_TEST_STOP_AT": point, "LPDECK_TEST_READY": str(ready), "LPDECK_TEST_NOW": str(now)}
    process = subprocess.Popen([sys.executable, "-m", "lpdeck", "build", "decks", "-o", "dist"], cwd=project.root,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the build never reached the point to kill it at"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL


def _edited_project(tmp_path: Path) -> tuple[Project, dict[str, bytes], dict[str, bytes]]:
    """A project built at T, then edited; return it, its outputs, and what an uninterrupted build at T + 60 writes."""
    project = Project(tmp_path / "project")
    project.build(now=T)
    before = project.outputs()
    project.edit("walk-a", "strong: I wrote the post-mortem.", "strong: I wrote and shared the post-mortem.")
    reference = project.copy(tmp_path / "reference")
    reference.build(now=T + 60)
    return project, before, reference.outputs()


def test_killed_while_writing_a_package(tmp_path):
    project, before, after = _edited_project(tmp_path)
    _kill_build_at(project, "package", T + 60, tmp_path)

    # The kill landed in the middle of a package: it is staged, incomplete.
    staged = list(project.dist.glob(".lpdeck-*/*.apkg"))
    assert len(staged) == 1 and staged[0].stat().st_size > 0 and not zipfile.is_zipfile(staged[0])
    # Packages are staged whole before anything is replaced: the previous packages and lock are untouched.
    assert project.outputs() == before
    for path in project.dist.glob("*.apkg"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    from_json(project.lock_path.read_text(), "lpdeck.lock")
    project.build(now=T + 60)
    assert project.outputs() == after


def test_killed_while_replacing_the_lock(tmp_path):
    project, before, after = _edited_project(tmp_path)
    _kill_build_at(project, "lock", T + 60, tmp_path)

    assert project.outputs() == before  # neither the lock nor any package was replaced
    project.build(now=T + 60)
    assert project.outputs() == after


@pytest.mark.parametrize("point", ["package", "lock"])
def test_the_next_build_removes_what_a_killed_build_left(point, tmp_path):
    project, _, after = _edited_project(tmp_path)
    _kill_build_at(project, point, T + 60, tmp_path)
    left = [p for p in [*project.dist.iterdir(), *project.decks.iterdir()]
            if p.name.startswith((".lpdeck-", ".lpdeck.lock.")) and p.name != ".lpdeck-packages.json"]
    assert left  # a staging folder (and, killed at the lock, the lock's temporary)
    report = project.build(now=T + 60)
    assert project.outputs() == after
    assert sorted(line for line in report.notes if line.startswith("removed")) == sorted(f"removed what an interrupted build left: {path}" for path in left)
    hidden = [p.name for p in [*project.dist.iterdir(), *project.decks.iterdir()] if p.name.startswith(".")]
    assert hidden == [".lpdeck-packages.json"]
