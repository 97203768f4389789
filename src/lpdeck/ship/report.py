"""What a build did (and would do): as values the build record keeps, and as the lines `lpdeck build` prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cards.notetypes import NOTETYPES
from ..errors import Problem
from ..sources.bank import Bank
from ..sources.messages import count

if TYPE_CHECKING:
    from ..cards.compile import Note

STATES = ("new", "changed", "unchanged", "retired")


@dataclass(frozen=True)
class DeckReport:
    """What one package holds and how it differs from what was shipped before."""

    name: str
    path: Path
    kinds: Counter[str]
    status: Counter[str]

    def to_record(self) -> dict[str, Any]:
        """The report a build with nothing changed would give, as JSON data: what is new or changed now is then not."""
        settled = Counter({"unchanged": self.status["new"] + self.status["changed"] + self.status["unchanged"],
                           "retired": self.status["retired"]})
        return {"name": self.name, "path": str(self.path), "kinds": dict(self.kinds), "status": dict(settled)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> DeckReport:
        return cls(record["name"], Path(record["path"]), Counter(record["kinds"]), Counter(record["status"]))


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote (or would write), its lock, and what the user should read."""

    decks: list[DeckReport]
    lock_path: Path
    lock_changed: bool
    written: bool
    notes: list[str] = field(default_factory=list)  # more lines for the user: packages left out, removed, cleaned
    warnings: tuple[Problem, ...] = ()  # in the sources: worth fixing, but they build
    # every note once (the combined deck's), if this build compiled the sources: what a preview of them shows
    compiled: tuple[Note, ...] | None = None
    bank: Bank | None = None  # how the compiled sources cover the principles: the preview's matrix


def up_to_date(kept: int, packages: int) -> list[str]:
    """The line saying how many packages a build left as they were (none if it left none)."""
    return [f"{count(kept, 'package')} of {packages} already up to date: not rewritten"] if kept else []


def build_lines(report: BuildReport) -> list[tuple[str, bool]]:
    """What to print of a build, each line with whether it goes to stderr: warnings, the summary, the notes."""
    summary = build_summary(report)
    return [(str(warning), True) for warning in report.warnings] + [
        (line, False) for line in [*([summary] if summary else []), *report.notes]]


def build_summary(report: BuildReport) -> str:
    """One line per package: notes per kind and per state; then the lock."""
    lines = []
    for deck in report.decks:
        kinds = ", ".join(f"{deck.kinds[k]} {nt.slug}" for k, nt in NOTETYPES.items() if deck.kinds[k])
        states = " / ".join(f"{deck.status[s]} {s}" for s in STATES)
        verb = "wrote" if report.written else "would write"
        lines.append(f"{verb} {deck.path}: {sum(deck.kinds.values())} notes ({kinds}); {states}")
    if report.lock_changed:
        lines.append(f"{'updated' if report.written else 'would update'} {report.lock_path}")
    return "\n".join(lines)
