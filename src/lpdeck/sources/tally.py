"""How many problems, warnings and open placeholders each file has: how `lpdeck check` ends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..errors import LpdeckError, Problem, SourceError
from .messages import count
from .placeholders import is_placeholder_warning
from .validate import Sources

_KINDS = ("problem", "warning", "open placeholder")


def _counts(problems: Iterable[Problem], warnings: Iterable[Problem]) -> dict[str, Counter[str]]:
    """Each file's count of problems, warnings (placeholders apart) and open placeholders, in path order."""
    by_file: dict[str, Counter[str]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, Counter())["problem"] += 1
    for warning in warnings:
        kind = "open placeholder" if is_placeholder_warning(warning) else "warning"
        by_file.setdefault(warning.path, Counter())[kind] += 1
    return dict(sorted(by_file.items()))


def _said(counts: Counter[str]) -> str:
    return ", ".join(count(counts[kind], kind) for kind in _KINDS)


def passed_check(sources: Sources) -> list[str]:
    """The lines ending a check that found no problem: each file with warnings or placeholders, then the total."""
    by_file = _counts([], sources.warnings)
    total = sum(by_file.values(), Counter())
    stories = count(len(sources.stories), "story", "stories")
    asked = f", {count(len(sources.questions), 'question')} of your own" if sources.questions else ""
    return [f"{path}: {_said(counts)}" for path, counts in by_file.items()] + [
        f"ok: {count(len(sources.walkthroughs), 'walkthrough')}, {stories}{asked}; {_said(total)}"]


def failed_check(error: SourceError) -> LpdeckError:
    """The error ending a check that found problems: the problems, each file's count, then the total."""
    by_file = _counts(error.problems, [])
    lines = [f"{path}: {count(counts['problem'], 'problem')}" for path, counts in by_file.items()]
    lines.append(f"{count(len(error.problems), 'problem')} in {count(len(by_file), 'file')} (warnings and open "
                 "placeholders are counted once there are none)")
    return LpdeckError("\n".join([str(error), *lines]))
