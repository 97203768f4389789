"""Write many packages on two cores: a forked child writes about half of them while this process writes the rest.

Writing a package is CPU work (SQLite rows, deflate), and Python threads would take turns on the GIL for most of it;
a forked child shares every note already in memory without copying or pickling them. Only what each package's bytes
hash to comes back, through a pipe. With one core, few packages, or other threads running (``lpdeck watch``: a fork
copies only the calling thread, and locks the others hold would stay held in the child), packages are written here,
one after the other.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

Job = TypeVar("Job")
Result = TypeVar("Result")  # JSON data: what comes back from the child through the pipe
FORK_FROM = 8  # packages to write: below this, a fork costs more than it saves


def run_all(jobs: Sequence[Job], write: Callable[[Job], Result], weight: Callable[[Job], int],
            meanwhile: tuple[Callable[[], None], int] | None = None) -> list[Result]:
    """``write`` every job, about half of the ``weight`` in a forked child where that helps; the results in order.

    ``meanwhile`` is other work for this process, done first, and its weight. An OSError or sqlite3.Error in the
    child is raised here as the same kind of error; anything else as a RuntimeError carrying the child's traceback.
    """
    work, head_start = meanwhile or (lambda: None, 0)
    if len(jobs) < FORK_FROM or not hasattr(os, "fork") or _cores() < 2 or _other_threads():
        work()
        return [write(job) for job in jobs]
    mine, theirs = _halves([weight(job) for job in jobs], head_start)
    results: list[Result | None] = [None] * len(jobs)
    reading, writing = os.pipe()
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover  (the child's coverage is not collected; its results are tested)
        os.close(reading)
        _child(jobs, theirs, write, writing, parent)
    os.close(writing)
    try:
        work()
        for index in mine:
            results[index] = write(jobs[index])
        answer = _read_all(reading)
        _, status = os.waitpid(child, 0)
        child = 0
    finally:
        os.close(reading)
        if child:  # this process failed or was interrupted: the child's work is of no use
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    outcome = json.loads(answer) if answer else {"bug": f"the package writer stopped (wait status {status})"}
    _raise_failure(outcome)
    for index, result in zip(theirs, outcome["results"], strict=True):
        results[index] = result
    return cast(list[Result], results)


def _child(jobs: Sequence[Job], indices: list[int], write: Callable[[Job], Result], pipe: int, parent: int) -> None:
    """Write the jobs at ``indices``, send their results (or the error) through ``pipe``, and exit."""
    code = 0
    answer: dict[str, object]
    try:
        results = []
        for index in indices:
            if os.getppid() != parent:  # the build was killed: nobody will read this
                os._exit(1)
            results.append(write(jobs[index]))
        answer = {"results": results}
    except OSError as error:
        answer, code = {"errno": error.errno, "strerror": error.strerror, "filename": error.filename}, 1
    except sqlite3.Error as error:
        answer, code = {"sqlite": str(error)}, 1
    except BaseException:  # a bug: the parent reports it with this traceback
        answer, code = {"bug": traceback.format_exc()}, 1
    try:
        data = json.dumps(answer).encode()
        while data:
            data = data[os.write(pipe, data):]
    finally:
        os._exit(code)  # never the parent's atexit handlers, buffers or cleanup: they are the parent's to run


def _read_all(pipe: int) -> bytes:
    chunks = []
    while chunk := os.read(pipe, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _raise_failure(outcome: dict[str, object]) -> None:
    if "errno" in outcome:
        raise OSError(outcome["errno"], str(outcome["strerror"]), outcome["filename"])
    if "sqlite" in outcome:
        raise sqlite3.OperationalError(outcome["sqlite"])
    if "bug" in outcome:
        raise RuntimeError(f"writing packages in a second process failed:\n{outcome['bug']}")


def _halves(weights: list[int], head_start: int = 0) -> tuple[list[int], list[int]]:
    """Split job indices in two of about equal weight, heaviest first; the first half already carries ``head_start``."""
    halves: tuple[list[int], list[int]] = ([], [])
    load = [head_start, 0]
    for index in sorted(range(len(weights)), key=lambda i: -weights[i]):
        lighter = 0 if load[0] <= load[1] else 1
        halves[lighter].append(index)
        load[lighter] += weights[index]
    return halves


def _other_threads() -> bool:
    return threading.active_count() > 1


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
