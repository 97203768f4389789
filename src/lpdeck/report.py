"""What a build did, and how a story bank covers the Leadership Principles: as values, and as text for people."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compile import Deck
from .errors import Problem
from .messages import count
from .notetypes import NOTETYPES
from .principles import LEADERSHIP_PRINCIPLES
from .validate import Sources

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


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for index, row in enumerate(rows):
        cells = (cell.ljust(width) if i == 0 else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(row, widths, strict=True)))
        out.append("  ".join(cells).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def stats_table(sources: Sources, decks: list[Deck]) -> str:
    """Walkthroughs × card kinds, then the 16 Leadership Principles with the walkthroughs that cover each."""
    kinds = list(NOTETYPES)
    rows = [["walkthrough", *(NOTETYPES[k].slug for k in kinds), "total"]]
    for deck in decks:
        counts = Counter(note.kind for note in deck.notes)
        label = f"{deck.name} (combined)" if deck.is_combined else deck.name
        rows.append([label, *(str(counts[k]) for k in kinds), str(sum(counts.values()))])
    covered: dict[str, list[str]] = {lp: [] for lp in LEADERSHIP_PRINCIPLES}
    angles: dict[str, list[str]] = {lp: [] for lp in LEADERSHIP_PRINCIPLES}  # principle -> where an angle tells it
    for sid, story in sources.stories.items():
        for lp in dict.fromkeys(angle.lp for angle in story.angles):
            angles[lp].append(sid)
    for wid, walkthrough in sources.walkthroughs.items():
        covered[walkthrough.lp].append(wid)
        for lp in dict.fromkeys(angle.lp for angle in walkthrough.angles):
            angles[lp].append(wid)
    have = sum(1 for ids in covered.values() if ids)
    lines = [f"Leadership Principles with a walkthrough: {have} of {len(LEADERSHIP_PRINCIPLES)}"]
    for lp, ids in covered.items():
        told = f" (an angle in {', '.join(angles[lp])})" if angles[lp] else ""
        lines.append(f"{'✓' if ids else '✗'} {lp}: {', '.join(ids) if ids else 'no walkthrough yet'}{told}")
    return _table(rows) + "\n\n" + "\n".join(lines)
