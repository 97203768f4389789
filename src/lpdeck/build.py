"""The pipeline, end to end: load → validate → compile → plan against the lock → package. The CLI calls these."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import lock as lockfile
from . import lock_file
from .compile import Deck, combined, compile_sources
from .errors import LockError, Problem, SourceError
from .files import (
    STAGING_PREFIX,
    WriteError,
    describe,
    exclusive,
    remove_leftovers,
    replace_all,
    stage_text,
    write_text_atomic,
)
from .load import find_sources, load_file, sniff_id
from .manifest import (
    MANIFEST_NAME,
    built_packages,
    file_digest,
    input_digest,
    read_manifest,
    recorded,
    stale_packages,
)
from .package import build_package, write_apkg
from .validate import Sources, validate


def load_sources(paths: list[Path]) -> Sources:
    """Load and validate every source under ``paths``; raise SourceError with all problems of all files."""
    problems: list[Problem] = []
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
    return sources  # the documents (data and text: much memory) go when this returns: the models hold everything


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
    kinds: Counter[str]
    status: Counter[str]


@dataclass(frozen=True)
class BuildReport:
    decks: list[DeckReport]
    lock_path: Path
    lock_changed: bool
    written: bool
    notes: list[str] = field(default_factory=list)  # more lines for the user: packages left out, removed, cleaned
    warnings: tuple[Problem, ...] = ()  # in the sources: worth fixing, but they build


def _refuse_new_lock(lock_path: Path, out_dir: Path) -> None:
    """A missing lock where packages were built before is an accident (deleted, or a mistyped --lock): refuse."""
    built = built_packages(out_dir)
    if not built:
        return
    lock_used = read_manifest(out_dir).get("lock")
    was = f" (they were built with the lock {lock_used})" if isinstance(lock_used, str) and lock_used else ""
    names = ", ".join(p.name for p in built[:3]) + (f" and {len(built) - 3} more" if len(built) > 3 else "")
    raise LockError(
        f"{lock_path}: no lock file here, but {out_dir} holds packages built before{was}: {names}. Restore the lock "
        "from version control (or correct --lock). Starting a new "
        "lock gives every note a new id and mod, so the next import overwrites any edits you made to these notes in "
        "Anki and the retired notes are forgotten; to do that deliberately, run again with --new-lock")


def build(paths: list[Path], out_dir: Path, *, lock_path: Path | None = None, locked: bool = False,
          dry_run: bool = False, now: int | None = None, new_lock: bool = False) -> BuildReport:
    """Build one .apkg per walkthrough and ``all.apkg``; update the lock. Nothing is written on any error.

    A build that writes holds OS locks on its lock file and output folder from reading the lock to the last rename,
    so builds sharing either take turns.
    """
    sources = load_sources(paths)
    warnings = tuple(sources.warnings)
    decks = compile_sources(sources)
    lock_path = lock_path or default_lock_path(paths)
    everything = builds_everything(paths, lock_path)
    # a partial build retires only notes of the stories and walkthroughs it builds (None: any note)
    retiring_in = None if everything else set(sources.stories) | set(sources.walkthroughs)
    owners = {deck.name: _owners(deck, sources) for deck in decks}
    del sources  # the notes are all the rest needs: free the models before the lock and the packages take memory
    writes = not dry_run
    with contextlib.ExitStack() as held:
        if writes:
            held.enter_context(exclusive(lock_path.parent, str(lock_path)))
            if os.path.abspath(out_dir) != os.path.abspath(lock_path.parent):  # one lock per folder: flock would wait
                held.enter_context(exclusive(out_dir, str(out_dir)))           # for the one this build holds
        cleaned = remove_leftovers(out_dir, lock_path) if writes else []
        previous = _previous_lock(lock_path, out_dir, new_lock=new_lock, locked=locked)
        shipment = lockfile.plan(list(combined(decks).notes), previous, int(time.time()) if now is None else now,
                                 retiring_in)
        lock_changed = shipment.lock != previous or (new_lock and writes)
        if locked and lock_changed:
            raise _out_of_date(lock_path, previous, shipment)
        notes_for_user = [f"removed what an interrupted build left: {path}" for path in cleaned]
        if not everything:
            notes_for_user.append(f"{'did not write' if writes else 'would not write'} {out_dir / 'all.apkg'}: "
                                  "these sources are only part of the lock's; build the whole folder for it")
        packages = [_package(deck, shipment, owners[deck.name], out_dir)
                    for deck in decks if everything or not deck.is_combined]
        reports = [report for _, _, report in packages]
        stale = stale_packages(out_dir, lock_path, [path for _, path, _ in packages]) if everything else []
        if not writes:
            notes_for_user += [f"would remove {path} (no walkthrough builds it now)" for path in stale]
            return BuildReport(reports, lock_path, lock_changed, False, notes_for_user, warnings)
        kept = _write([(notes, path) for notes, path, _ in packages], shipment, out_dir, lock_path, lock_changed,
                      stale)
        if kept:
            notes_for_user.append(f"{_count(len(kept), 'package')} of {len(packages)} already up to date: "
                                  "not rewritten")
        notes_for_user += [f"removed {path} (no walkthrough builds it now)" for path in stale]
        return BuildReport(reports, lock_path, lock_changed, True, notes_for_user, warnings)


def _owners(deck: Deck, sources: Sources) -> set[str] | None:
    """The stories and walkthroughs whose retired notes ``deck`` carries (None: every one's, in the combined deck)."""
    if deck.is_combined:
        return None
    return {deck.name, sources.walkthroughs[deck.name].story}


def _previous_lock(lock_path: Path, out_dir: Path, *, new_lock: bool, locked: bool) -> lockfile.Lock:
    """The lock this build starts from; a missing one where packages were built before is refused."""
    if new_lock:  # no mod may go backwards, even from a damaged lock: start above what it still shows
        return lockfile.Lock(shipped_until=lock_file.mod_floor(lock_path))
    previous = lock_file.read(lock_path)
    if not lock_path.exists() and not locked:
        _refuse_new_lock(lock_path, out_dir)
    return previous


def _out_of_date(lock_path: Path, previous: lockfile.Lock, shipment: lockfile.Shipment) -> LockError:
    """The error of ``--locked`` when the build would change the lock."""
    if not lock_path.exists():
        return LockError(f"{lock_path} does not exist; run `lpdeck build` and commit it")
    return LockError(f"{lock_path} is out of date; `lpdeck build` would change: "
                     + ", ".join(lockfile.changes(previous, shipment.lock, shipment.status))
                     + "; run `lpdeck build` and commit the lock")


def _package(deck: Deck, shipment: lockfile.Shipment, owners: set[str] | None,
             out_dir: Path) -> tuple[list[lockfile.Shipped], Path, DeckReport]:
    """What one package ships: the deck's notes, then the retired notes of its owners; its path; its report."""
    notes = [shipment.by_key[note.key] for note in deck.notes]
    notes += [shipment.by_key[key] for key in shipment.retired
              if owners is None or key.split("/", 1)[0] in owners]
    path = out_dir / f"{deck.name}.apkg"
    report = DeckReport(deck.name, path, Counter(s.note.kind for s in notes),
                        Counter(shipment.status[s.note.key] for s in notes))
    return notes, path, report


def _write(packages: list[tuple[list[lockfile.Shipped], Path]], shipment: lockfile.Shipment, out_dir: Path,
           lock_path: Path, lock_changed: bool, stale: list[Path]) -> list[Path]:
    """Stage every package (and the lock), then replace them all or none; remove the stale packages last.

    A package whose input is the one recorded in the manifest, and whose file still has the recorded bytes, is kept
    as it is (the same input gives the same bytes): return those.
    """
    before_now = recorded(read_manifest(out_dir))
    retired = set(shipment.retired)
    kept: list[Path] = []
    entries: dict[str, dict[str, str]] = {name: entry for name, entry in before_now.items()
                                          if name not in {p.name for p in stale}}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    except OSError as error:
        raise WriteError(describe(error, out_dir)) from None
    lock_temporary = None
    try:
        moves = []
        try:
            for notes, path in packages:  # built one at a time, so only one package's notes are in memory at once
                digest = input_digest(notes, shipment.notetype_mods, retired)
                before = before_now.get(path.name, {})
                if before.get("input") == digest and before.get("sha256") == file_digest(path):
                    kept.append(path)
                    continue
                moves.append((staging / path.name, path))
                write_apkg(build_package(notes, shipment.notetype_mods, retired), moves[-1][0])
                entries[path.name] = {"input": digest, "sha256": file_digest(moves[-1][0]) or ""}
        except (OSError, sqlite3.Error) as error:
            raise WriteError(describe(error, out_dir) + "; nothing was replaced") from None
        _stage_manifest(staging / MANIFEST_NAME, lock_path, entries, out_dir)
        # The lock goes first: a build killed among the renames is finished, byte for byte, by the next one.
        if lock_changed:
            lock_temporary = stage_text(lock_path, lockfile.json_blocks(shipment.lock))
            moves.insert(0, (lock_temporary, lock_path))
        replace_all([*moves, (staging / MANIFEST_NAME, out_dir / MANIFEST_NAME)], staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if lock_temporary is not None and lock_temporary.exists():
            lock_temporary.unlink()
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()
    return kept


def _stage_manifest(staged: Path, lock_path: Path, entries: dict[str, dict[str, str]], out_dir: Path) -> None:
    """Write the manifest of the packages in ``out_dir`` after this build, to be moved into place with them."""
    text = json.dumps({"lock": os.path.abspath(lock_path), "packages": dict(sorted(entries.items()))}, indent=1)
    try:
        staged.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise WriteError(describe(error, out_dir) + "; nothing was replaced") from None


def _count(number: int, one: str) -> str:
    return f"{number} {one}{'' if number == 1 else 's'}"


def prune(paths: list[Path], *, lock_path: Path | None = None, dry_run: bool = False) -> tuple[Path, list[str]]:
    """Forget the lock's retired notes that the sources do not hold; return the lock's path and the keys forgotten."""
    sources = load_sources(paths)
    keep = {note.key for note in combined(compile_sources(sources)).notes}
    lock_path = lock_path or default_lock_path(paths)
    with contextlib.ExitStack() as held:
        if not dry_run:
            held.enter_context(exclusive(lock_path.parent, str(lock_path)))
        if not lock_path.exists():
            raise LockError(f"{lock_path}: no lock file here; give the lock's path with --lock")
        pruned, gone = lockfile.prune(lock_file.read(lock_path), keep)
        if gone and not dry_run:
            remove_leftovers(None, lock_path)
            write_text_atomic(lock_path, lockfile.json_blocks(pruned))
    return lock_path, gone
