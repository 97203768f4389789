"""The pipeline, end to end: load → validate → compile → plan against the lock → package. The CLI calls these."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import lock as lockfile
from .compile import Deck, compile_sources
from .errors import LockError, SourceError
from .load import find_sources, load_file
from .package import build_package, replace_file, write_apkg
from .validate import Sources, validate


def load_sources(paths: list[Path]) -> Sources:
    """Load and validate every source under ``paths``; raise SourceError with all problems of all files."""
    problems = []
    documents = []
    for path in find_sources(paths):
        try:
            documents.append(load_file(path))
        except SourceError as error:
            problems.extend(error.problems)
    try:
        sources = validate(documents)
    except SourceError as error:
        problems.extend(error.problems)
    if problems:
        raise SourceError(problems)
    return sources


def default_lock_path(paths: list[Path]) -> Path:
    """The lock lives beside the sources: in the one folder given, or the folder the given files share."""
    folders = [os.path.normpath(p if p.is_dir() else p.parent) for p in paths]
    try:
        common = os.path.commonpath(folders)
    except ValueError:  # relative and absolute paths mixed
        common = os.path.commonpath([os.path.abspath(f) for f in folders])
    return Path(common) / lockfile.LOCK_NAME


@dataclass(frozen=True)
class DeckReport:
    """What one package holds and how it differs from what was shipped before."""

    name: str
    path: Path
    kinds: Counter
    status: Counter


@dataclass(frozen=True)
class BuildReport:
    decks: list[DeckReport]
    lock_path: Path
    lock_changed: bool
    written: bool


def _scopes(deck: Deck, sources: Sources) -> set[str] | None:
    if deck.name == "all":
        return None
    return {deck.name, sources.walkthroughs[deck.name][0].story}


def build(paths: list[Path], out_dir: Path, *, lock_path: Path | None = None, locked: bool = False,
          dry_run: bool = False, now: int | None = None) -> BuildReport:
    """Build one .apkg per walkthrough and ``all.apkg``; update the lock. Nothing is written on any error."""
    sources = load_sources(paths)
    decks = compile_sources(sources)
    lock_path = lock_path or default_lock_path(paths)
    previous = lockfile.read(lock_path)
    whole_folders = all(p.is_dir() for p in paths)
    scopes = None if whole_folders else set(sources.stories) | set(sources.walkthroughs)
    combined = next(d for d in decks if d.name == "all")
    shipment = lockfile.plan(list(combined.notes), previous, int(time.time()) if now is None else now, scopes)
    lock_changed = shipment.lock != previous
    if locked and lock_changed:
        moved = [f"{key} ({state})" for key, state in shipment.status.items() if state != "unchanged"]
        moved += [f"note type {kind}" for kind, mod in shipment.notetype_mods.items()
                  if previous.notetypes.get(kind, (None, None))[1] != mod]
        raise LockError(f"{lock_path} is out of date; `lpdeck build` would change: " + ", ".join(moved))
    retired = {key for key, state in shipment.status.items() if state == "retired"}
    reports = []
    packages = []
    for deck in decks:
        scope = _scopes(deck, sources)
        keys = {note.key for note in deck.notes}
        notes = [(n, mod) for n, mod in shipment.notes
                 if n.key in keys or (n.key in retired and (scope is None or n.key.split("/", 1)[0] in scope))]
        path = out_dir / f"{deck.name}.apkg"
        reports.append(DeckReport(deck.name, path, Counter(n.kind for n, _ in notes),
                                  Counter(shipment.status[n.key] for n, _ in notes)))
        packages.append((build_package(notes, shipment.notetype_mods, retired), path))
    if not dry_run:
        for package, path in packages:
            write_apkg(package, path)
        if lock_changed:
            write_text_atomic(lock_path, lockfile.to_json(shipment.lock))
    return BuildReport(reports, lock_path, lock_changed, not dry_run)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        replace_file(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
