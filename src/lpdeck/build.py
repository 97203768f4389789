"""The pipeline, end to end: load → validate → compile → plan against the lock → package. The CLI calls these."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from .cards.decks import Deck, combined, compile_sources
from .cards.keyphrases import missing_phrase_warnings, split_phrase_warnings
from .coach.written import written_check
from .errors import LockError, Problem, SourceError
from .ship import lock as lockfile
from .ship import lock_json
from .ship.atomic import (
    exclusive,
    file_digest,
    remove_leftovers,
    write_text_atomic,
)
from .ship.publish import current_packages, write_outputs
from .ship.record import (
    RECORD,
    built_packages,
    inputs_digest,
    read_manifest,
    record,
    recorded,
    stale_packages,
    unchanged_build,
)
from .ship.report import BuildReport, DeckReport
from .sources.bank import bank_of
from .sources.document import Document
from .sources.load import load_file, sniff_id
from .sources.questions import common_questions
from .sources.validate import Sources, validate
from .sources.workspace import Workspace

Params = ParamSpec("Params")
Returned = TypeVar("Returned")


def _collector_paused(function: Callable[Params, Returned]) -> Callable[Params, Returned]:
    """Pause Python's cycle collector while ``function`` runs.

    A build makes hundreds of thousands of objects that live until it ends and form no cycles, and the collector
    would walk all of them again and again: measured, a third of a 50k-note build's time, a larger share the larger
    the build. The collector runs again as soon as the function returns.
    """
    @functools.wraps(function)
    def paused(*args: Params.args, **kwargs: Params.kwargs) -> Returned:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()
    return paused


@_collector_paused
def load_sources(workspace: Workspace) -> Sources:
    """Load and validate every source file of ``workspace``, with lpdeck's common questions; raise SourceError with all
    problems of all files.

    The written coach warns past the length of the workspace's level."""
    problems: list[Problem] = []
    documents = []
    unloaded: dict[str, tuple[str, str] | None] = {}  # files that failed to load: what they seem to hold
    # in this process only: a second one would halve the wall time of parsing, but pickling the documents back costs
    # more CPU time than that saves (measured at 10k notes: 0.11 s more CPU, the same wall time within noise)
    for path in workspace.files:
        loaded = _load(path)
        if isinstance(loaded, Document):
            documents.append(loaded)
        else:
            problems.extend(loaded[0])
            unloaded[os.fspath(path)] = loaded[1]
    try:
        sources = validate(documents, unloaded=unloaded, folders_only=all(path.is_dir() for path in workspace.paths),
                           checks=(missing_phrase_warnings, split_phrase_warnings, written_check(workspace.level)))
    except SourceError as error:
        problems.extend(error.problems)
    if problems:
        raise SourceError(problems)
    # files and folders that look like sources but are not read: said, never silently left out
    warnings = sorted([*workspace.skipped, *sources.warnings]) if workspace.skipped else sources.warnings
    sources = dataclasses.replace(sources, warnings=warnings, common=common_questions())
    return sources  # the documents (data and text: much memory) go when this returns: the records hold everything


def _load(path: Path) -> Document | tuple[list[Problem], tuple[str, str] | None]:
    """One source file's document, or its problems and what it seems to hold."""
    try:
        return load_file(path)
    except SourceError as error:
        return error.problems, sniff_id(path)


def _refuse_new_lock(lock_path: Path, out_dir: Path, manifest: dict[str, Any]) -> None:
    """A missing lock where packages were built before is an accident (deleted, or a mistyped --lock): refuse."""
    built = built_packages(out_dir, manifest)
    if not built:
        return
    lock_used = manifest.get("lock")
    was = f" (they were built with the lock {lock_used})" if isinstance(lock_used, str) and lock_used else ""
    names = ", ".join(p.name for p in built[:3]) + (f" and {len(built) - 3} more" if len(built) > 3 else "")
    raise LockError(
        f"{lock_path}: no lock file here, but {out_dir} holds packages built before{was}: {names}. Restore the lock "
        "from version control (or correct --lock). Starting a new "
        "lock gives every note a new id and mod, so the next import overwrites any edits you made to these notes in "
        "Anki and the retired notes are forgotten; to do that deliberately, run again with --new-lock")


@_collector_paused
def build(workspace: Workspace, *, locked: bool = False, dry_run: bool = False, now: int | None = None,
          new_lock: bool = False) -> BuildReport:
    """Build one .apkg per walkthrough and ``all.apkg``; update the lock. Nothing is written on any error.

    A build that writes holds OS locks on its lock file and output folder from reading the lock to the last rename,
    so builds sharing either take turns.
    """
    out_dir, lock_path = workspace.out_dir, workspace.lock_path
    writes = not dry_run
    inputs = inputs_digest(workspace) if writes else None
    if inputs and not new_lock and (same := unchanged_build(inputs, read_manifest(out_dir), out_dir, lock_path)):
        return same
    sources, decks, everything = compile_for(workspace)
    warnings = tuple(sources.warnings)
    # what is built: a partial build retires only these stories' and walkthroughs' notes (a whole one: any note)
    ids = set(sources.stories) | set(sources.walkthroughs)
    every_note, bank = combined(decks).notes, bank_of(sources.stories, sources.walkthroughs)  # for a preview
    del sources  # the notes are all the rest needs: free the models before the lock and the packages take memory
    with contextlib.ExitStack() as held:
        if writes:
            held.enter_context(exclusive(lock_path.parent, str(lock_path)))
            if os.path.abspath(out_dir) != os.path.abspath(lock_path.parent):  # one lock per folder: flock would wait
                held.enter_context(exclusive(out_dir, str(out_dir)))           # for the one this build holds
        cleaned = remove_leftovers(out_dir, lock_path) if writes else []
        manifest = read_manifest(out_dir)  # what earlier builds wrote there: read once, while no other build writes
        previous = _previous_lock(lock_path, out_dir, manifest, new_lock=new_lock, locked=locked,
                                  ids=ids if everything else None)
        shipment = lockfile.plan(list(every_note), previous, int(time.time()) if now is None else now,
                                 None if everything else ids)
        lock_changed = shipment.lock != previous or (new_lock and writes)
        if locked and lock_changed:
            raise _out_of_date(lock_path, previous, shipment)
        partial = [] if everything else [f"{'did not write' if writes else 'would not write'} {out_dir / 'all.apkg'}: "
                                         "these sources are only part of the lock's; build the whole folder for it"]
        notes_for_user = [f"removed what an interrupted build left: {path}" for path in cleaned] + partial
        packages = [_package(deck, shipment, out_dir) for deck in decks if everything or not deck.is_combined]
        reports = [report for _, _, report in packages]
        stale = stale_packages(out_dir, manifest, lock_path, [path for _, path, _ in packages]) if everything else []
        retired, jobs = len(shipment.retired), [(notes, path) for notes, path, _ in packages]
        if not writes:  # a package whose input and bytes are the recorded ones would be kept as it is
            kept: Collection[Path] = current_packages(jobs, shipment, recorded(manifest))
            notes_for_user += [f"would remove {path} (no walkthrough builds it now)" for path in stale]
        else:
            kept = write_outputs(jobs, shipment, out_dir, lock_path, before_now=recorded(manifest),
                                 lock_changed=lock_changed, stale=stale,
                                 last_build=record(inputs or "", reports, partial, warnings, retired))
            notes_for_user += [f"removed {path} (no walkthrough builds it now)" for path in stale]
        reports = [replace(report, rewritten=report.path not in kept) for report in reports]
        return BuildReport(reports, lock_path, lock_changed, writes, notes_for_user, warnings, every_note, bank,
                           retired, shipment.lock)


def compile_for(workspace: Workspace) -> tuple[Sources, list[Deck], bool]:
    """Load and compile ``workspace``'s sources as a build of them does; also whether they are everything the lock
    knows.

    The choice between stories needs the whole bank: a build of some files makes none of those cards, and neither
    does what shows or counts that build's cards (preview, watch, stats, plan). The Level cards are the workspace's
    level's.
    """
    sources = load_sources(workspace)
    everything = workspace.everything
    return sources, compile_sources(sources, bank=everything, level=workspace.level), everything


def _previous_lock(lock_path: Path, out_dir: Path, manifest: dict[str, Any], *, new_lock: bool,
                   locked: bool, ids: set[str] | None) -> lockfile.Lock:
    """The lock this build starts from; a missing one where packages were built before is refused, and so is one of
    another workspace when ``ids`` (of a whole build's sources) are given."""
    if new_lock:  # no mod may go backwards, even from a damaged lock: start above what it still shows
        return lockfile.Lock(shipped_until=lock_json.mod_floor(lock_path))
    previous = lock_json.read(lock_path)
    if not lock_path.exists() and not locked:
        _refuse_new_lock(lock_path, out_dir, manifest)
    if ids is not None:
        _refuse_foreign_lock(lock_path, previous, ids, manifest)
    return previous


def _refuse_foreign_lock(lock_path: Path, previous: lockfile.Lock, ids: set[str], manifest: dict[str, Any]) -> None:
    """A lock of another workspace would ship its notes as retired ones: refuse, unless this dist/ was built with it
    (then the sources were all replaced on purpose, and the lock retires what they were)."""
    owners = lockfile.owners_elsewhere(previous, ids)
    last = manifest.get(RECORD)
    if owners is None or (isinstance(last, dict) and last.get("lock") == file_digest(lock_path)):
        return
    shown = ", ".join(owners[:3]) + (f" and {len(owners) - 3} more" if len(owners) > 3 else "")
    raise LockError(f"{lock_path}: none of its notes belong to these sources (it holds the notes of {shown}): a lock "
                    "copied from another workspace? Put this workspace's own lock back (`git checkout -- "
                    f"{lock_path}`), or start a new one with `lpdeck build --new-lock`")


def _out_of_date(lock_path: Path, previous: lockfile.Lock, shipment: lockfile.Shipment) -> LockError:
    """The error of ``--locked`` when the build would change the lock."""
    if not lock_path.exists():
        return LockError(f"{lock_path} does not exist; run `lpdeck build` and commit it")
    return LockError(f"{lock_path} is out of date; `lpdeck build` would change: "
                     + ", ".join(lockfile.changes(previous, shipment.lock, shipment.status))
                     + "; run `lpdeck build` and commit the lock")


def _package(deck: Deck, shipment: lockfile.Shipment,
             out_dir: Path) -> tuple[list[lockfile.Shipped], Path, DeckReport]:
    """What one package ships: the deck's notes, live ones only; its path; its report.

    No package carries a retired note: Anki would add it, as cards to learn, to a collection that never had it (and
    drop the package's suspension with its default options). `lpdeck push` retires the notes a collection holds.
    """
    notes = [shipment.by_key[note.key] for note in deck.notes]
    path = out_dir / f"{deck.name}.apkg"
    report = DeckReport(deck.name, path, Counter(s.note.kind for s in notes),
                        Counter(shipment.status[s.note.key] for s in notes))
    return notes, path, report


@_collector_paused
def prune(workspace: Workspace, *, dry_run: bool = False) -> tuple[Path, list[str]]:
    """Forget the lock's retired notes that the sources do not hold; return the lock's path and the keys forgotten."""
    lock_path = workspace.lock_path
    keep = {note.key for note in combined(compile_for(workspace)[1]).notes}
    with contextlib.ExitStack() as held:
        if not dry_run:
            held.enter_context(exclusive(lock_path.parent, str(lock_path)))
        if not lock_path.exists():
            raise LockError(f"{lock_path}: no lock file here; give the lock's path with --lock")
        pruned, gone = lockfile.prune(lock_json.read(lock_path), keep)
        if gone and not dry_run:
            remove_leftovers(None, lock_path)
            write_text_atomic(lock_path, lock_json.json_blocks(pruned))
    return lock_path, gone
