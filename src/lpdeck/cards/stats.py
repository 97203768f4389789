"""`lpdeck stats`: the notes of each package by card kind, and the Leadership Principles a story bank covers."""

from __future__ import annotations

from collections import Counter

from ..sources.principles import LEADERSHIP_PRINCIPLES
from ..sources.validate import Sources
from .compile import Deck
from .notetypes import NOTETYPES


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
