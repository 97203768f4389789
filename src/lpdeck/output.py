"""Put a build's packages, lock and manifest in place: stage them all, then replace all of them or none."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from . import lock as lockfile
from .files import STAGING_PREFIX, WriteError, describe, replace_all, stage_text
from .manifest import MANIFEST_NAME, file_digest, input_digest, read_manifest, recorded
from .package import build_package, write_apkg
from .uptodate import RECORD
from .writers import run_all

Packages = list[tuple[list[lockfile.Shipped], Path]]  # each package's notes and the path it goes to


def write_outputs(packages: Packages, shipment: lockfile.Shipment, out_dir: Path, lock_path: Path, *,
                  lock_changed: bool, stale: list[Path], last_build: dict[str, Any]) -> list[Path]:
    """Stage every package (and the lock), then replace them all or none; remove the stale packages last.

    A package whose input is the one recorded in the manifest, and whose file still has the recorded bytes, is kept
    as it is (the same input gives the same bytes): return those. ``last_build`` goes into the manifest, with the
    digest of the lock as it will be.
    """
    before_now = recorded(read_manifest(out_dir))
    kept: list[Path] = []
    entries = {name: entry for name, entry in before_now.items() if name not in {p.name for p in stale}}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    except OSError as error:
        raise WriteError(describe(error, out_dir)) from None
    lock_temporary = None
    try:
        moves = _stage_packages(packages, shipment, before_now, staging, entries, kept, out_dir)
        # The lock goes first: a build killed among the renames is finished, byte for byte, by the next one.
        if lock_changed:
            lock_temporary = stage_text(lock_path, lockfile.json_blocks(shipment.lock))
            moves.insert(0, (lock_temporary, lock_path))
        last_build = {**last_build, "lock": file_digest(lock_temporary or lock_path)}
        _stage_manifest(staging / MANIFEST_NAME, lock_path, entries, last_build, out_dir)
        replace_all([*moves, (staging / MANIFEST_NAME, out_dir / MANIFEST_NAME)], staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if lock_temporary is not None and lock_temporary.exists():
            lock_temporary.unlink()
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()
    return kept


def _stage_packages(packages: Packages, shipment: lockfile.Shipment, before_now: dict[str, dict[str, str]],
                    staging: Path, entries: dict[str, dict[str, str]], kept: list[Path],
                    out_dir: Path) -> list[tuple[Path, Path]]:
    """Write each package that changed into ``staging``, recording it in ``entries``; return the moves to make."""
    retired = set(shipment.retired)
    note_digests: dict[str, bytes] = {}
    jobs, digests = [], []
    for notes, path in packages:
        digest = input_digest(notes, shipment.notetype_mods, retired, note_digests)
        before = before_now.get(path.name, {})
        if before.get("input") == digest and before.get("sha256") == file_digest(path):
            kept.append(path)
        else:
            jobs.append((notes, staging / path.name))
            digests.append(digest)

    def write(job: tuple[list[lockfile.Shipped], Path]) -> str:
        write_apkg(build_package(job[0], shipment.notetype_mods, retired), job[1])
        return file_digest(job[1]) or ""

    try:
        written = run_all(jobs, write, weight=lambda job: len(job[0]))
    except (OSError, sqlite3.Error) as error:
        raise WriteError(describe(error, out_dir) + "; nothing was replaced") from None
    for (_, staged), digest, sha256 in zip(jobs, digests, written, strict=True):
        entries[staged.name] = {"input": digest, "sha256": sha256}
    return [(staged, out_dir / staged.name) for _, staged in jobs]


def _stage_manifest(staged: Path, lock_path: Path, entries: dict[str, dict[str, str]], last_build: dict[str, Any],
                    out_dir: Path) -> None:
    """Write the manifest of the packages in ``out_dir`` after this build, to be moved into place with them."""
    text = json.dumps({"lock": os.path.abspath(lock_path), "packages": dict(sorted(entries.items())),
                       RECORD: last_build}, indent=1, ensure_ascii=False)
    try:
        staged.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise WriteError(describe(error, out_dir) + "; nothing was replaced") from None
