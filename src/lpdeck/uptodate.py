"""Skip a build that would write what is already there: every input has the bytes the last build recorded.

What a build writes depends only on its sources, its lock, lpdeck's code (and the libraries that shape the bytes)
and where it reads and writes: an unchanged note keeps its mod whatever the time. So when all of these are the ones
the last build in an output folder read, and the lock and packages it wrote still have their bytes, building again
would rewrite the same bytes. Hashing the sources (milliseconds) then replaces loading, validating, compiling and
planning them (seconds), and the last build's report, kept in the manifest, is what this one says.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import genanki
import pydantic
import yaml

from .errors import Problem, SourceError
from .files import leftovers
from .load import find_sources
from .manifest import file_digest, recorded
from .notetypes import NOTETYPES
from .report import BuildReport, DeckReport, up_to_date

RECORD = "last_build"  # the manifest's key for what the last build read and reported


def inputs_digest(paths: list[Path], out_dir: Path, lock_path: Path) -> str | None:
    """A digest of everything a build of ``paths`` reads but the lock; None if a source cannot be read."""
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(json.dumps({kind: notetype.digest for kind, notetype in NOTETYPES.items()}).encode())
    try:
        where = [os.getcwd(), *map(os.fspath, paths), os.path.abspath(out_dir), os.path.abspath(lock_path)]
        digest.update(json.dumps(where).encode())
        for source in find_sources(paths):
            digest.update(json.dumps(os.fspath(source)).encode())
            digest.update(hashlib.sha256(source.read_bytes()).digest())
    except (OSError, SourceError):  # the build itself says what is wrong
        return None
    return digest.hexdigest()


def record(inputs: str, reports: list[DeckReport], notes: list[str], warnings: tuple[Problem, ...]) -> dict[str, Any]:
    """What the manifest keeps of a build, for the next to compare with; the lock's digest is added as it is staged."""
    return {"inputs": inputs, "lock": None, "decks": [report.to_record() for report in reports],
            "notes": notes, "warnings": [[w.path, w.line, w.column, w.message] for w in warnings]}


def unchanged_build(inputs: str, manifest: dict[str, Any], out_dir: Path, lock_path: Path) -> BuildReport | None:
    """The report of a build with nothing to do, if the last build read ``inputs`` and its outputs are intact."""
    last = manifest.get(RECORD)
    if not isinstance(last, dict) or last.get("inputs") != inputs or last.get("lock") != file_digest(lock_path):
        return None
    try:
        decks = [DeckReport.from_record(deck) for deck in last["decks"]]
        warnings = tuple(Problem(path, line, column, message) for path, line, column, message in last["warnings"])
        notes = [str(note) for note in last["notes"]]
    except (KeyError, TypeError, ValueError):  # a damaged record: build
        return None
    packages = recorded(manifest)
    for deck in decks:
        written = packages.get(deck.path.name, {}).get("sha256")
        if written is None or written != file_digest(out_dir / deck.path.name):
            return None
    if next(leftovers(out_dir, lock_path), None) is not None:  # a killed build to clean up after: build
        return None
    return BuildReport(decks, lock_path, False, True, notes + up_to_date(len(decks), len(decks)), warnings)


@functools.cache
def _code_digest() -> str:
    """A digest of lpdeck's own files and the versions of what else decides a package's bytes."""
    digest = hashlib.sha256(f"{sys.version} {genanki.__version__} {yaml.__version__} {pydantic.VERSION}".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(os.fspath(path.relative_to(package)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
