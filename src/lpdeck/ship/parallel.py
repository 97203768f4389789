"""Run many independent jobs on two cores: a forked child does about half of them while this process does the rest.

Writing packages is CPU work in Python, which threads would do one at a time (the GIL); a
forked child starts with everything this process holds, without copying or pickling it, and only each job's result
comes back, pickled, through a pipe. With one core, few jobs, or other threads running (``lpdeck watch``: a fork
copies only the calling thread, and locks the others hold would stay held in the child), the jobs run here, one
after the other.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

Job = TypeVar("Job")
Result = TypeVar("Result")
FORK_FROM = 8  # jobs: below this, a fork costs more than it saves


class ChildFailed(RuntimeError):
    """The child failed in a way that could not be sent back as its own exception (a bug, or it was killed)."""


def run_all(jobs: Sequence[Job], run: Callable[[Job], Result], weight: Callable[[Job], int],
            meanwhile: tuple[Callable[[], None], int] | None = None) -> list[Result]:
    """``run`` every job, about half of the ``weight`` in a forked child where that helps; the results in order.

    ``meanwhile`` is other work for this process, done first, and its weight. An exception in the child is raised
    here as it was raised there (the first one: the child stops at it).
    """
    work, head_start = meanwhile or (lambda: None, 0)
    if len(jobs) < FORK_FROM or not hasattr(os, "fork") or _cores() < 2 or _other_threads():
        work()
        return [run(job) for job in jobs]
    mine, theirs = _halves([weight(job) for job in jobs], head_start)
    results: list[Result | None] = [None] * len(jobs)
    reading, writing = os.pipe()
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover  (the child's coverage is not collected; its results are tested)
        os.close(reading)
        _child(jobs, theirs, run, writing, parent)
    os.close(writing)
    try:
        work()
        for index in mine:
            results[index] = run(jobs[index])
        answer = _read_all(reading)
        _, status = os.waitpid(child, 0)
        child = 0
    finally:
        os.close(reading)
        if child:  # this process failed or was interrupted: the child's work is of no use
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    if not answer:
        raise ChildFailed(f"the second process stopped without an answer (wait status {status})")
    failed, outcome = pickle.loads(answer)
    if failed:
        raise outcome
    for index, result in zip(theirs, outcome, strict=True):
        results[index] = result
    return cast(list[Result], results)


def _child(jobs: Sequence[Job], indices: list[int], run: Callable[[Job], Result], pipe: int, parent: int) -> None:
    """Run the jobs at ``indices``, send their results (or the exception) through ``pipe``, and exit."""
    code = 0
    try:
        results = []
        for index in indices:
            if os.getppid() != parent:  # the build was killed: nobody will read this
                os._exit(1)
            results.append(run(jobs[index]))
        answer = pickle.dumps((False, results))
    except BaseException as error:
        code = 1
        try:
            answer = pickle.dumps((True, error))
            pickle.loads(answer)  # an exception that cannot be rebuilt there is sent as its traceback
        except Exception:
            answer = pickle.dumps((True, ChildFailed(traceback.format_exc())))
    try:
        while answer:
            answer = answer[os.write(pipe, answer):]
    finally:
        os._exit(code)  # never the parent's atexit handlers, buffers or cleanup: they are the parent's to run


def _read_all(pipe: int) -> bytes:
    chunks = []
    while chunk := os.read(pipe, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


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
