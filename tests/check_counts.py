"""What `lpdeck check` prints on stdout after the warnings it printed on stderr, derived from those warnings."""

from __future__ import annotations

import re
from collections import Counter

_KINDS = ("problem", "warning", "open placeholder")


def _said(counts: Counter[str]) -> str:
    return ", ".join(f"{counts[kind]} {kind}{'' if counts[kind] == 1 else 's'}" for kind in _KINDS)


def check_stdout(stderr: str, ok: str) -> str:
    """Each file the warnings in ``stderr`` name, with its counts, then ``ok`` ("ok: 1 walkthrough, 1 story") and the
    totals."""
    by_file: dict[str, Counter[str]] = {}
    for line in stderr.splitlines():
        found = re.match(r"(.*?):\d+:\d+: warning: (placeholder )?", line)
        assert found, line
        by_file.setdefault(found.group(1), Counter())["open placeholder" if found.group(2) else "warning"] += 1
    total = sum(by_file.values(), Counter())
    return "".join(f"{path}: {_said(counts)}\n" for path, counts in sorted(by_file.items())) + f"{ok}; {_said(total)}\n"


def counted_problems(expected: str) -> str:
    """What `check` adds after the problems: each file's count, then the total."""
    files = Counter(re.match(r"(.*?):\d+:\d+: ", line).group(1) for line in expected.splitlines())  # type: ignore[union-attr]
    plural = {True: "problem", False: "problems"}
    lines = [f"{path}: {n} {plural[n == 1]}" for path, n in sorted(files.items())]
    total = sum(files.values())
    return "\n".join([*lines, f"{total} {plural[total == 1]} in {len(files)} file{'' if len(files) == 1 else 's'} "
                                "(warnings and open placeholders are counted once there are none)"]) + "\n"
