"""The build record: what lpdeck wrote in an output folder, and what the build that wrote it read.

The record (``dist/.lpdeck-packages.json``, the manifest) names each package lpdeck wrote there with the digests of
its input and bytes, so that a package whose input did not change is not rewritten and a package no walkthrough
builds any more is removed (only those lpdeck wrote).

It also lets a build with nothing to do skip everything. What a build writes depends only on its sources, its lock,
lpdeck's code (and the libraries that shape the bytes) and where it reads and writes: an unchanged note keeps its mod
whatever the time. So when all of these are the ones the last build in an output folder read, and the lock and
packages it wrote still have their bytes, building again would rewrite the same bytes. Hashing the sources
(milliseconds) then replaces loading, validating, compiling and planning them (seconds), and the last build's report,
kept in the record, is what this one says.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from ..cards.genanki_import import genanki
from ..cards.notetypes import NOTETYPES
from ..errors import Problem
from ..sources.workspace import Workspace
from . import apkg as package_module
from .atomic import file_digest, leftovers
from .lock import Shipped
from .report import BuildReport, DeckReport

MANIFEST_NAME = ".lpdeck-packages.json"  # in the output folder: the packages lpdeck wrote there, and with which lock


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """What lpdeck recorded writing in ``out_dir`` (empty if nothing, or if the record is unreadable)."""
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("packages"), (list, dict)):
        return {}
    return data


def recorded(manifest: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The manifest's packages by file name, each with the digests of its input and bytes (if recorded)."""
    packages = manifest.get("packages", {})
    if isinstance(packages, list):  # a record without digests
        return {name: {} for name in packages if isinstance(name, str)}
    return {name: entry if isinstance(entry, dict) else {} for name, entry in packages.items()}


def note_digests(notes: list[Shipped], retired: set[str]) -> dict[str, bytes]:
    """Each note's digest, by key: of all a package holds of it (content, GUID, deck, mod, id, whether retired)."""
    digests = {}
    for note, mod, note_id in notes:
        parts = (note.key, note.kind, note.guid, note.deck, str(len(note.fields)), *note.fields, *note.tags, str(mod),
                 str(note_id), "retired" if note.key in retired else "")
        text = "\0".join(parts)  # tells every note apart, as no part holds a NUL (else a repr does: it shows none)
        digests[note.key] = hashlib.sha256(
            (text if text.count("\0") == len(parts) - 1 else repr(parts)).encode()).digest()
    return digests


def input_digest(notes: list[Shipped], notetype_mods: dict[str, int], digests: dict[str, bytes]) -> str:
    """A digest of all a package's bytes depend on: its notes' ``digests`` (note_digests), the note types, the code."""
    digest = hashlib.sha256(_PACKAGE_CODE)
    digest.update(json.dumps(sorted((kind, NOTETYPES[kind].digest, mod) for kind, mod in notetype_mods.items()))
                  .encode())
    for shipped in notes:
        digest.update(digests[shipped.note.key])
    return digest.hexdigest()


# the code that writes the bytes is part of a package's input: a new lpdeck or genanki rewrites every package once
_PACKAGE_CODE = (Path(package_module.__file__ or "").read_bytes() + genanki.__version__.encode()
                 if Path(package_module.__file__ or "").is_file() else b"")


def built_packages(out_dir: Path, manifest: dict[str, Any]) -> list[Path]:
    """Packages in ``out_dir`` that an earlier build wrote (recorded in its ``manifest``, or any .apkg there)."""
    named = [out_dir / name for name in recorded(manifest)]
    try:
        found = sorted(out_dir.glob("*.apkg"))
    except OSError:
        found = []
    return sorted({path for path in named + found if path.is_file()})


def stale_packages(out_dir: Path, manifest: dict[str, Any], lock_path: Path, written: list[Path]) -> list[Path]:
    """Packages an earlier build with this lock wrote in ``out_dir`` (per its ``manifest``) that this one does not.

    Only a whole build removes them. The lock is known by its path, or by its path from the output folder: a
    workspace moved or copied elsewhere is still the one that wrote its dist/.
    """
    if manifest.get("lock") != os.path.abspath(lock_path) and manifest.get("lock_from_output") != lock_from(out_dir,
                                                                                                          lock_path):
        return []
    names = {path.name for path in written}
    return [out_dir / name for name in recorded(manifest)
            if name not in names and name.endswith(".apkg") and "/" not in name
            and (out_dir / name).is_file()]


def lock_from(out_dir: Path, lock_path: Path) -> str:
    """The lock's path from the output folder (``../decks/lpdeck.lock``): what a moved workspace keeps."""
    return Path(os.path.relpath(os.path.abspath(lock_path), os.path.abspath(out_dir))).as_posix()


RECORD = "last_build"  # the manifest's key for what the last build read and reported


def inputs_digest(workspace: Workspace) -> str | None:
    """A digest of everything a build of ``workspace`` reads but the lock (its level too); None if a source cannot be
    read."""
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(json.dumps({kind: notetype.digest for kind, notetype in NOTETYPES.items()}).encode())
    try:
        where = [os.getcwd(), *map(os.fspath, workspace.paths), os.path.abspath(workspace.out_dir),
                 os.path.abspath(workspace.lock_path), workspace.level]
        digest.update(json.dumps(where).encode())
        digest.update(json.dumps([warning.path for warning in workspace.skipped]).encode())  # their warnings, too
        for source in workspace.files:
            digest.update(json.dumps(os.fspath(source)).encode())
            digest.update(hashlib.sha256(source.read_bytes()).digest())
    except OSError:  # the build itself says what is wrong
        return None
    return digest.hexdigest()


def record(inputs: str, reports: list[DeckReport], notes: list[str], warnings: tuple[Problem, ...],
           retired: int) -> dict[str, Any]:
    """What the manifest keeps of a build, for the next to compare with; the lock's digest is added as it is staged."""
    return {"inputs": inputs, "lock": None, "decks": [report.to_record() for report in reports],
            "notes": notes, "warnings": [[w.path, w.line, w.column, w.message] for w in warnings], "retired": retired}


def unchanged_build(inputs: str, manifest: dict[str, Any], out_dir: Path, lock_path: Path) -> BuildReport | None:
    """The report of a build with nothing to do, if the last build read ``inputs`` and its outputs are intact."""
    last = manifest.get(RECORD)
    if not isinstance(last, dict) or last.get("inputs") != inputs or last.get("lock") != file_digest(lock_path):
        return None
    try:
        decks = [DeckReport.from_record(deck) for deck in last["decks"]]
        warnings = tuple(Problem(path, line, column, message) for path, line, column, message in last["warnings"])
        notes = [str(note) for note in last["notes"]]
        retired = int(last["retired"])
    except (KeyError, TypeError, ValueError):  # a damaged record: build
        return None
    packages = recorded(manifest)
    for deck in decks:
        written = packages.get(deck.path.name, {}).get("sha256")
        if written is None or written != file_digest(out_dir / deck.path.name):
            return None
    if next(leftovers(out_dir, lock_path), None) is not None:  # a killed build to clean up after: build
        return None
    if stale_packages(out_dir, manifest, lock_path, [deck.path for deck in decks]):  # packages to remove: build
        return None
    return BuildReport(decks, lock_path, False, True, notes, warnings, retired=retired)


def _version_file(module: str, name: str) -> bytes:
    """The file of a library that names its version, read rather than imported: a build of valid sources imports
    neither pydantic nor (for plain text) markdown-it."""
    spec = importlib.util.find_spec(module)
    version = Path(spec.origin).with_name(name) if spec and spec.origin else None
    return version.read_bytes() if version and version.is_file() else b""


def code_files() -> list[Path]:
    """Every file of lpdeck's own package (modules, templates, scaffolds, the example), sorted."""
    package = Path(__file__).resolve().parent.parent
    return sorted(path for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


@functools.cache
def _code_digest() -> str:
    """A digest of lpdeck's own files and the versions of what else decides a package's bytes."""
    digest = hashlib.sha256(f"{sys.version} {genanki.__version__} {yaml.__version__}".encode())
    digest.update(_version_file("pydantic", "version.py") + _version_file("markdown_it", "__init__.py"))
    package = Path(__file__).resolve().parent.parent
    for path in code_files():
        digest.update(os.fspath(path.relative_to(package)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
