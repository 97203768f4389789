"""The pipeline, end to end: load → validate → compile → plan against the lock → package. The CLI calls these."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import lock as lockfile
from .compile import Deck, compile_sources
from .errors import LockError, SourceError
from .load import find_sources, load_file, sniff_id
from .package import build_package, write_apkg
from .validate import Sources, validate


def load_sources(paths: list[Path]) -> Sources:
    """Load and validate every source under ``paths``; raise SourceError with all problems of all files."""
    problems = []
    documents = []
    unloaded: dict[str, tuple[str, str] | None] = {}  # files that failed to load: what they seem to hold
    for path in find_sources(paths):
        try:
            documents.append(load_file(path))
        except SourceError as error:
            problems.extend(error.problems)
            unloaded[os.fspath(path)] = sniff_id(path)
    try:
        sources = validate(documents, unloaded=unloaded, folders_only=all(path.is_dir() for path in paths))
    except SourceError as error:
        problems.extend(error.problems)
    if problems:
        raise SourceError(problems)
    for document in documents:  # the models hold everything now: free the parsed data and text (much memory)
        document.data = document.text = None
    return sources


def default_lock_path(paths: list[Path]) -> Path:
    """The lock lives beside the sources: in the one folder given, or the folder the given files share.

    A lock already in a folder above that one, up to the working folder, is used instead: building a story file or
    decks/stories alone must not start a second lock.
    """
    folders = [os.path.normpath(p if p.is_dir() else p.parent) for p in paths]
    try:
        common = os.path.commonpath(folders)
    except ValueError:  # relative and absolute paths mixed
        common = os.path.commonpath([os.path.abspath(f) for f in folders])
    here = Path.cwd()
    if Path(os.path.abspath(common)).is_relative_to(here):
        for folder in (Path(common), *Path(common).parents):
            if (folder / lockfile.LOCK_NAME).is_file():
                return folder / lockfile.LOCK_NAME
            if Path(os.path.abspath(folder)) == here:
                break
    return Path(common) / lockfile.LOCK_NAME


def builds_everything(paths: list[Path], lock_path: Path) -> bool:
    """Whether ``paths`` are all the sources the lock knows: whole folders, none of them inside the lock's folder.

    Only then may a note in the lock but not in the sources be retired; building some files (or decks/stories) only
    retires notes of the stories and walkthroughs being built.
    """
    lock_folder = Path(os.path.abspath(lock_path.parent))
    return all(p.is_dir() and lock_folder not in Path(os.path.abspath(p)).parents for p in paths)


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
    scopes = None if builds_everything(paths, lock_path) else set(sources.stories) | set(sources.walkthroughs)
    deck_scopes = {deck.name: _scopes(deck, sources) for deck in decks}
    del sources  # the notes are all the rest needs: free the models before the lock and the packages take memory
    combined = next(d for d in decks if d.name == "all")
    shipment = lockfile.plan(list(combined.notes), previous, int(time.time()) if now is None else now, scopes)
    lock_changed = shipment.lock != previous
    if locked and lock_changed:
        if not lock_path.exists():
            raise LockError(f"{lock_path} does not exist; run `lpdeck build` and commit it")
        raise LockError(f"{lock_path} is out of date; `lpdeck build` would change: "
                        + ", ".join(lockfile.changes(previous, shipment.lock, shipment.status))
                        + "; run `lpdeck build` and commit the lock")
    retired = {key for key, state in shipment.status.items() if state == "retired"}
    by_key = {shipped.note.key: shipped for shipped in shipment.notes}
    reports = []
    packages = []
    for deck in decks:
        scope = deck_scopes[deck.name]
        notes = [by_key[note.key] for note in deck.notes]
        notes += [by_key[key] for key in sorted(retired) if scope is None or key.split("/", 1)[0] in scope]
        path = out_dir / f"{deck.name}.apkg"
        reports.append(DeckReport(deck.name, path, Counter(s.note.kind for s in notes),
                                  Counter(shipment.status[s.note.key] for s in notes)))
        packages.append((notes, path))
    if not dry_run:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".lpdeck-", dir=out_dir) as staging:
            staged = []
            for notes, path in packages:  # built one at a time, so only one package's notes are in memory at once
                staged.append((Path(staging) / path.name, path))
                write_apkg(build_package(notes, shipment.notetype_mods, retired), staged[-1][0])
            # Every package is whole before anything is replaced, so a build killed while writing them leaves the
            # previous packages and lock as they were. The lock goes first: a build killed among the renames is
            # finished, byte for byte, by the next one.
            if lock_changed:
                write_text_atomic(lock_path, lockfile.json_blocks(shipment.lock))
            for staged_path, path in staged:
                replace_file(staged_path, path)
    return BuildReport(reports, lock_path, lock_changed, not dry_run)


def write_text_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its blocks, in order) to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would make a committed lock private
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.writelines([text] if isinstance(text, str) else text)
        replace_file(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_file(source: str | Path, target: Path) -> None:
    """Move ``source`` over ``target`` atomically, after flushing it to disk."""
    with open(source, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(source, target)
