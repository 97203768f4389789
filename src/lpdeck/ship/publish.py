"""Put a build's packages, lock and manifest in place: stage them all, then replace all of them or none."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import lock as lockfile
from . import lock_json
from .apkg import build_package, write_apkg
from .atomic import STAGING_PREFIX, WriteError, describe, file_digest, replace_all, stage_text, sync_file
from .parallel import run_all
from .record import MANIFEST_NAME, RECORD, input_digest, lock_from, note_digests

Packages = list[tuple[list[lockfile.Shipped], Path]]  # each package's notes and the path it goes to


def write_outputs(packages: Packages, shipment: lockfile.Shipment, out_dir: Path, lock_path: Path, *,
                  before_now: dict[str, dict[str, str]], lock_changed: bool, stale: list[Path],
                  last_build: dict[str, Any]) -> list[Path]:
    """Stage every package (and the lock), then replace them all or none; remove the stale packages last.

    A package whose input is the one recorded in the manifest (``before_now``, by file name), and whose file still
    has the recorded bytes, is kept as it is (the same input gives the same bytes): return those. ``last_build``
    goes into the manifest, with the digest of the lock as it will be.
    """
    kept: list[Path] = []
    entries = {name: entry for name, entry in before_now.items() if name not in {p.name for p in stale}}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    except OSError as error:
        raise WriteError(describe(error, out_dir)) from None
    staged_lock: list[Path] = []

    def stage_lock() -> None:
        staged_lock.append(stage_text(lock_path, lock_json.json_blocks(shipment.lock)))

    try:
        moves = _stage_packages(packages, shipment, before_now, staging, entries, kept, out_dir,
                                stage_lock if lock_changed else None)
        # The lock goes first: a build killed among the renames is finished, byte for byte, by the next one.
        moves[:0] = [(temporary, lock_path) for temporary in staged_lock]
        last_build = {**last_build, "lock": file_digest(staged_lock[0] if staged_lock else lock_path)}
        _stage_manifest(staging / MANIFEST_NAME, lock_path, entries, last_build, out_dir)
        replace_all([*moves, (staging / MANIFEST_NAME, out_dir / MANIFEST_NAME)], staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for temporary in staged_lock:
            temporary.unlink(missing_ok=True)
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()
    return kept


def _stage_packages(packages: Packages, shipment: lockfile.Shipment, before_now: dict[str, dict[str, str]],
                    staging: Path, entries: dict[str, dict[str, str]], kept: list[Path], out_dir: Path,
                    stage_lock: Callable[[], None] | None) -> list[tuple[Path, Path]]:
    """Write each package that changed into ``staging``, recording it in ``entries``; return the moves to make.

    ``stage_lock`` is done meanwhile (by this process, while a second one writes packages).
    """
    retired = set(shipment.retired)
    digests = note_digests(shipment.notes, retired)  # once, before a second process shares the packages: both use them

    def stage(job: tuple[list[lockfile.Shipped], Path]) -> list[str]:
        """Write one package unless its input and bytes are the recorded ones; return its input digest and sha256."""
        notes, path = job
        digest = input_digest(notes, shipment.notetype_mods, digests)
        if _is_current(digest, path, before_now):
            return [digest]
        staged = staging / path.name
        written = write_apkg(build_package(notes, shipment.notetype_mods, retired), staged)
        sync_file(staged)  # here, in whichever process wrote it, rather than one by one before the renames
        return [digest, written]

    # measured: a package costs what 100 of its notes cost (a fresh collection, the zip, fsync), then 30 µs a note;
    # the lock's text 12 µs a note
    meanwhile = (stage_lock, len(shipment.lock.notes) * 2 // 5) if stage_lock else None
    try:
        results = run_all(packages, stage, weight=lambda job: 100 + len(job[0]), meanwhile=meanwhile)
    except (OSError, sqlite3.Error) as error:
        raise WriteError(describe(error, out_dir) + "; nothing was replaced") from None
    moves = []
    for (_, path), result in zip(packages, results, strict=True):
        if len(result) == 1:
            kept.append(path)
        else:
            entries[path.name] = {"input": result[0], "sha256": result[1]}
            moves.append((staging / path.name, path))
    return moves


def _is_current(digest: str, path: Path, before_now: dict[str, dict[str, str]]) -> bool:
    """Whether the package at ``path`` was written from input ``digest`` (per the manifest) and still has its bytes."""
    before = before_now.get(path.name, {})
    return before.get("input") == digest and before.get("sha256") == file_digest(path)


def current_packages(packages: Packages, shipment: lockfile.Shipment,
                     before_now: dict[str, dict[str, str]]) -> set[Path]:
    """The packages a build would keep as they are (what a dry run would not write)."""
    digests = note_digests(shipment.notes, set(shipment.retired))
    return {path for notes, path in packages
            if _is_current(input_digest(notes, shipment.notetype_mods, digests), path, before_now)}


def _stage_manifest(staged: Path, lock_path: Path, entries: dict[str, dict[str, str]], last_build: dict[str, Any],
                    out_dir: Path) -> None:
    """Write the manifest of the packages in ``out_dir`` after this build, to be moved into place with them."""
    text = json.dumps({"lock": os.path.abspath(lock_path), "lock_from_output": lock_from(out_dir, lock_path),
                       "packages": dict(sorted(entries.items())),
                       RECORD: last_build}, indent=1, ensure_ascii=False)
    try:
        staged.write_text(text + "\n", encoding="utf-8")
        sync_file(staged)
    except OSError as error:
        raise WriteError(describe(error, out_dir) + "; nothing was replaced") from None
