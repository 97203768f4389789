"""Problems found in sources, and the small flat hierarchy of errors the CLI turns into clean messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a source file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class LpdeckError(Exception):
    """Base of every error lpdeck reports to its user without a traceback."""


class SourceError(LpdeckError):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))

    def __reduce__(self) -> tuple[type[SourceError], tuple[list[Problem]]]:
        return SourceError, (self.problems,)  # pickles as it was made (a second process sends its errors back)


class LockError(LpdeckError):
    """The lock file is unreadable, or ``--locked`` was asked for and the lock would change."""
