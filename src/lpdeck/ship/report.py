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
from .lock import Lock

if TYPE_CHECKING:
    from ..cards.compile import Note

STATES = ("new", "changed", "unchanged")  # of a package's notes: no package carries a retired one


@dataclass(frozen=True)
class DeckReport:
    """What one package holds and how it differs from what was shipped before."""

    name: str
    path: Path
    kinds: Counter[str]
    status: Counter[str]
    rewritten: bool = True  # whether the build writes (or, dry, would write) it: not if the one there is up to date

    def to_record(self) -> dict[str, Any]:
        """The report a build with nothing changed would give, as JSON data: what is new or changed now is then not."""
        settled = Counter({"unchanged": self.status["new"] + self.status["changed"] + self.status["unchanged"]})
        return {"name": self.name, "path": str(self.path), "kinds": dict(self.kinds), "status": dict(settled)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> DeckReport:
        return cls(record["name"], Path(record["path"]), Counter(record["kinds"]), Counter(record["status"]), False)


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
    retired: int = 0  # notes the lock keeps retired, which no package carries
    lock: Lock | None = None  # the lock this build wrote (or would write); None when it found nothing changed, unread


def build_lines(report: BuildReport) -> list[tuple[str, bool]]:
    """What to print of a build, each line with whether it goes to stderr: warnings, each package written, the
    notes, and one summary line."""
    return [(str(warning), True) for warning in report.warnings] + [
        (line, False) for line in [*package_lines(report), *report.notes, build_summary(report)]]


def package_lines(report: BuildReport) -> list[str]:
    """A line for each package the build writes (or would write): its notes per kind and per state."""
    lines = []
    for deck in report.decks:
        if not deck.rewritten:
            continue
        kinds = ", ".join(f"{deck.kinds[k]} {nt.slug}" for k, nt in NOTETYPES.items() if deck.kinds[k])
        states = " / ".join(f"{deck.status[s]} {s}" for s in STATES)
        verb = "wrote" if report.written else "would write"
        lines.append(f"{verb} {deck.path}: {sum(deck.kinds.values())} notes ({kinds}); {states}")
    return lines


def build_summary(report: BuildReport) -> str:
    """The build in one line: its packages, written or up to date; the lock; the retired notes no package carries."""
    where = f" in {report.decks[0].path.parent}" if report.decks else ""
    written = sum(deck.rewritten for deck in report.decks)
    kept = len(report.decks) - written
    if not report.decks:
        parts = ["no package: these sources hold no walkthrough"]
    elif not report.written:
        parts = [f"would write {written} of {count(len(report.decks), 'package')}{where}"
                 + (f" ({kept} already up to date)" if kept else "")]
    else:
        done = [f"{written} written"] if written else []
        done += [f"{kept} already up to date, not rewritten"] if kept else []
        parts = [f"{count(len(report.decks), 'package')}{where}: {', '.join(done) or 'none'}"]
    if report.lock_changed:
        parts.append(f"{'updated' if report.written else 'would update'} {report.lock_path}")
    if report.retired:
        them = "it" if report.retired == 1 else "them"
        parts.append(f"{count(report.retired, 'retired note')} in no package (`lpdeck push` retires {them} in Anki; "
                     "by hand: `lpdeck retired`)")
    return "; ".join(parts)
