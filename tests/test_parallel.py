"""Jobs run by two processes give what one process gives: packages byte for byte, results in order, errors as raised."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import threading

import pytest

from conftest import fill_disk, run_cli
from lpdeck.errors import Problem, SourceError
from lpdeck.ship import parallel
from lpdeck.ship.record import MANIFEST_NAME
from regen_support import WALK_B, Project

T = 1_700_000_000
WALKTHROUGHS = parallel.FORK_FROM + 4  # enough packages to be written by two processes


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
    monkeypatch.setattr(parallel, "_other_threads", lambda: False)
    children: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", fork)
    return children


def _outputs(project: Project) -> dict[str, object]:
    """Every package, the lock, and what the manifest records of each package."""
    manifest = json.loads((project.dist / MANIFEST_NAME).read_text(encoding="utf-8"))
    return {**project.outputs(), MANIFEST_NAME: manifest["packages"]}


def test_two_processes_write_the_bytes_one_writes(tmp_path, monkeypatch, forks):
    together = _many(tmp_path / "together")
    together.build(now=T)
    assert len(forks) == 1  # one to write the packages (the sources are read in one process)
    alone = _many(tmp_path / "alone")
    monkeypatch.setattr(parallel, "FORK_FROM", 10**9)
    alone.build(now=T)
    assert len(forks) == 1  # and none more, alone
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
    (KeyError("a bug"), KeyError),
    (SourceError([Problem("a.yaml", 2, 3, "bad"), Problem("a.yaml", 1, 1, "worse")]), SourceError),
])
def test_an_error_in_the_child_is_raised_here(forks, error, expected):
    with pytest.raises(expected) as raised:
        parallel.run_all(list(range(20)), _in_child(os.getpid(), error), weight=lambda job: 1)
    if expected is OSError:
        assert raised.value.errno == errno.ENOSPC and raised.value.filename == "x.apkg"
    elif expected is sqlite3.OperationalError:
        assert str(raised.value) == "database or disk is full"
    elif expected is KeyError:
        assert raised.value.args == ("a bug",)
    else:
        assert raised.value.problems == [Problem("a.yaml", 1, 1, "worse"), Problem("a.yaml", 2, 3, "bad")]
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
        parallel.run_all(list(range(20)), write, weight=lambda job: 1)
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)


def test_results_come_back_in_order_from_both_processes(forks):
    results = parallel.run_all(list(range(30)), lambda job: f"{job}:{os.getpid()}", weight=lambda job: job % 7)
    assert [int(result.split(":")[0]) for result in results] == list(range(30))
    assert {result.split(":")[1] for result in results} == {str(os.getpid()), str(forks[0])}


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        results = parallel.run_all(list(range(20)), lambda job: str(os.getpid()), weight=lambda job: 1)
    finally:
        stop.set()
        waiting.join()
    assert set(results) == {str(os.getpid())}


def test_a_full_disk_while_two_processes_write_changes_nothing(tmp_path, small_disk, monkeypatch, forks):
    project = _many(tmp_path / "project")
    monkeypatch.chdir(project.root)
    dist = small_disk / "dist"
    first = run_cli("build", "decks", "-o", str(dist))
    assert first.exit_code == 0, first.stderr
    project.edit("story", "Keep it short.", "Keep it very short.")  # every package changes
    before = {path.name: path.read_bytes() for path in dist.iterdir()}
    fill_disk(small_disk, 8192)
    result = run_cli("build", "decks", "-o", str(dist))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"no space left on {dist}; free some space"), result.stderr
    assert "Traceback" not in result.output
    assert {path.name: path.read_bytes() for path in dist.iterdir()} == before
    assert len(forks) == 2  # each build: one to write the packages


def test_an_exception_that_cannot_travel_comes_back_as_its_traceback(forks):
    class Local(Exception):  # a class defined here cannot be unpickled by name
        pass

    with pytest.raises(parallel.ChildFailed, match="Local: from the child"):
        parallel.run_all(list(range(20)), _in_child(os.getpid(), Local("from the child")), weight=lambda job: 1)


def test_a_child_that_dies_without_a_word_is_reported(forks):
    parent = os.getpid()

    def run(job: int) -> int:
        if os.getpid() != parent:
            os._exit(3)
        return job

    with pytest.raises(parallel.ChildFailed, match="without an answer"):
        parallel.run_all(list(range(20)), run, weight=lambda job: 1)
