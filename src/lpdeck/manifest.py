"""What lpdeck wrote in an output folder (the manifest): which packages, from which input, with which bytes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import genanki

from . import package as package_module
from .lock import Shipped
from .notetypes import NOTETYPES

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


def input_digest(notes: list[Shipped], notetype_mods: dict[str, int], retired: set[str],
                 note_digests: dict[str, bytes] | None = None) -> str:
    """A digest of everything a package's bytes depend on: its notes, their mods and ids, the note types, the code.

    ``note_digests`` keeps each note's digest for the next package: a story's notes are in every package of its
    walkthroughs and in all.apkg.
    """
    digest = hashlib.sha256(_PACKAGE_CODE)
    digest.update(json.dumps(sorted((kind, NOTETYPES[kind].digest, mod) for kind, mod in notetype_mods.items()))
                  .encode())
    known = {} if note_digests is None else note_digests
    for note, mod, note_id in notes:
        one = known.get(note.key)
        if one is None:
            one = known[note.key] = hashlib.sha256(repr(  # a repr of strings and numbers tells them all apart
                (note.key, note.kind, note.guid, note.deck, note.fields, note.tags, mod, note_id, note.key in retired)
            ).encode()).digest()
        digest.update(one)
    return digest.hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


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

    Only a whole build removes them.
    """
    if manifest.get("lock") != os.path.abspath(lock_path):
        return []
    names = {path.name for path in written}
    return [out_dir / name for name in recorded(manifest)
            if name not in names and name.endswith(".apkg") and "/" not in name
            and (out_dir / name).is_file()]
