"""Packages written by two processes are the bytes one process writes, and a failure in either is reported cleanly."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import threading

import pytest

from conftest import run_cli
from lpdeck import writers
from lpdeck.manifest import MANIFEST_NAME
from regen_support import WALK_B, Project

T = 1_700_000_000
WALKTHROUGHS = writers.FORK_FROM + 4  # enough packages to be written by two processes


def _many(root) -> Project:
    project = Project(root)
    for number in range(WALKTHROUGHS):
        (project.decks / f"walk-{number}.yaml").write_text(WALK_B.replace("walk-b", f"walk-{number}"))
    return project


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """The pids of the children forked while the test runs (the real os.fork, counted).

    Threads other tests left in this pytest worker (servers, browsers) would rightly keep run_all from forking: they
    are not this test's, and run_all's child never touches what they hold.
    """
    monkeypatch.setattr(writers, "_other_threads", lambda: False)
    children: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(writers.os, "fork", fork)
    return children


def _outputs(project: Project) -> dict[str, object]:
    """Every package, the lock, and what the manifest records of each package."""
    manifest = json.loads((project.dist / MANIFEST_NAME).read_text(encoding="utf-8"))
    return {**project.outputs(), MANIFEST_NAME: manifest["packages"]}


def test_two_processes_write_the_bytes_one_writes(tmp_path, monkeypatch, forks):
    together = _many(tmp_path / "together")
    together.build(now=T)
    assert len(forks) == 1
    alone = _many(tmp_path / "alone")
    monkeypatch.setattr(writers, "FORK_FROM", 10**9)
    alone.build(now=T)
    assert len(forks) == 1
    assert len(list(together.dist.glob("*.apkg"))) == WALKTHROUGHS + 3
    assert _outputs(together) == _outputs(alone)


def _in_child(parent: int, error: BaseException):
    def write(job: int) -> str:
        if os.getpid() != parent:
            raise error
        return str(job)
    return write


@pytest.mark.parametrize("error, expected", [
    (OSError(errno.ENOSPC, "No space left on device", "x.apkg"), OSError),
    (sqlite3.OperationalError("database or disk is full"), sqlite3.OperationalError),
    (KeyError("a bug"), RuntimeError),
])
def test_an_error_in_the_child_is_raised_here(forks, error, expected):
    with pytest.raises(expected) as raised:
        writers.run_all(list(range(20)), _in_child(os.getpid(), error), weight=lambda job: 1)
    if expected is OSError:
        assert raised.value.errno == errno.ENOSPC and raised.value.filename == "x.apkg"
    elif expected is sqlite3.OperationalError:
        assert str(raised.value) == "database or disk is full"
    else:
        assert "KeyError: 'a bug'" in str(raised.value)
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # reaped: no zombie left
        os.waitpid(forks[0], os.WNOHANG)


def test_an_error_here_stops_the_child(forks):
    parent = os.getpid()

    def write(job: int) -> str:
        if os.getpid() == parent:
            raise OSError(errno.EIO, "Input/output error")
        return str(job)

    with pytest.raises(OSError, match="Input/output error"):
        writers.run_all(list(range(20)), write, weight=lambda job: 1)
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)


def test_results_come_back_in_order_from_both_processes(forks):
    results = writers.run_all(list(range(30)), lambda job: f"{job}:{os.getpid()}", weight=lambda job: job % 7)
    assert [int(result.split(":")[0]) for result in results] == list(range(30))
    assert {result.split(":")[1] for result in results} == {str(os.getpid()), str(forks[0])}


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        results = writers.run_all(list(range(20)), lambda job: str(os.getpid()), weight=lambda job: 1)
    finally:
        stop.set()
        waiting.join()
    assert set(results) == {str(os.getpid())}


@pytest.fixture
def small_disk(tmp_path):
    """A real 600 KiB tmpfs (mounted as root): writes to it fail with ENOSPC once it is full."""
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_while_two_processes_write_changes_nothing(tmp_path, small_disk, monkeypatch, forks):
    project = _many(tmp_path / "project")
    monkeypatch.chdir(project.root)
    dist = small_disk / "dist"
    assert run_cli("build", "decks", "-o", str(dist)).exit_code == 0
    project.edit("story", "Keep it short.", "Keep it very short.")  # every package changes
    before = {path.name: path.read_bytes() for path in dist.iterdir()}
    with open(small_disk / "filler", "wb") as filler:
        stats = os.statvfs(small_disk)
        filler.write(b"\0" * max(0, stats.f_bavail * stats.f_frsize - 8192))
    result = run_cli("build", "decks", "-o", str(dist))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"no space left on {dist}; free some space"), result.stderr
    assert "Traceback" not in result.output
    assert {path.name: path.read_bytes() for path in dist.iterdir()} == before
    assert len(forks) == 2
