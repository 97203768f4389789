"""``lpdeck init``: a workspace, a folder with ``decks/`` (the sources), ``schema/lpdeck.schema.json`` (which every
source's ``$schema`` line names, for editors), ``lpdeck.yaml`` (its settings) and ``dist/`` (what builds write).
Every command finds it from any folder inside it (``lpdeck.sources.workspace``); ``lpdeck init`` makes one anywhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from ..errors import LpdeckError
from ..ship.atomic import create
from ..sources.find import is_source_name
from ..sources.load import sniff_id
from ..sources.messages import count
from ..sources.settings import SETTINGS_NAME, settings_text
from ..sources.workspace import SCHEMA_PATH, SOURCES

IGNORED = "/dist/\n"  # the .gitignore of a new workspace: builds are made again from the sources and the lock


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


@dataclass
class Made:
    """What ``init`` did: the files it wrote, those already there as it would write them, and notes for the user."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def init(folder: Path, *, example: bool = False, level: str | None = None) -> Made:
    """Make a workspace in ``folder`` (new or without sources), its settings saying ``level`` (None: every level);
    never overwrite a file."""
    if folder.exists() and not folder.is_dir():
        raise LpdeckError(f"{folder}: is a file; `lpdeck init` makes a workspace in a folder (new or empty)")
    held = _sources_in(folder)
    if held:
        shown = ", ".join(map(os.fspath, held[:3])) + (f" and {len(held) - 3} more" if len(held) > 3 else "")
        raise LpdeckError(f"{folder}: already holds lpdeck sources ({count(len(held), 'file')}: {shown}); "
                          "`lpdeck init` makes a new workspace and never overwrites a file: work in this one (cd "
                          "into it and run `lpdeck check`), or choose an empty folder")
    made = Made()
    files = [(folder / relative, text) for relative, text in _files(example, level)]
    new_folders = _missing([folder / SOURCES / "stories", *(path.parent for path, _ in files)])
    path = folder / SOURCES / "stories"
    try:
        for path, text in files:
            _write(path, text, made)
        (folder / SOURCES / "stories").mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a full disk, say: no half-made workspace is left behind
        _undo(made.written, new_folders)
        reason = "no space left" if error.errno == errno.ENOSPC else error.strerror or str(error)
        raise LpdeckError(f"{path}: {reason}; lpdeck init made nothing (it removed what it had written): "
                          "fix that and run it again") from None
    return made


def _missing(needed: list[Path]) -> list[Path]:
    """The folders init would make for ``needed`` (and above them), not there yet: the deepest first."""
    missing = {above for path in needed for above in (path, *path.parents) if not above.exists()}
    return sorted(missing, key=lambda path: len(path.parts), reverse=True)


def _undo(written: list[Path], folders: list[Path]) -> None:
    """Remove the files init wrote and the folders it made (those it found are left as they were)."""
    for path in written:
        path.unlink(missing_ok=True)
    for made in folders:
        with contextlib.suppress(OSError):
            made.rmdir()


def _sources_in(folder: Path) -> list[Path]:
    """The lpdeck sources already in ``folder``: any under its decks/, and its own files that hold a story or one."""
    found: list[Path] = []
    for top, folders, names in os.walk(folder / SOURCES):
        folders.sort()
        found += sorted(Path(top) / name for name in names if is_source_name(name))
    own = sorted(entry for entry in _entries(folder) if is_source_name(entry.name) and entry.is_file())
    return found + [path for path in own if sniff_id(path)]


def _files(example: bool, level: str | None) -> list[tuple[Path, str]]:
    """The files of a new workspace, by path inside it, with their text."""
    from ..sources.schema import schema_text

    files = [(SCHEMA_PATH, schema_text()), (Path(SETTINGS_NAME), settings_text(level)), (Path(".gitignore"), IGNORED)]
    if example:
        files += [(Path(SOURCES) / relative, text) for relative, text in _example()]
    return files


def _example(folder: Traversable | None = None, under: Path = Path()) -> list[tuple[Path, str]]:
    """The sample story and its walkthroughs (``lpdeck/author/example``: the repository's decks/, without its lock)."""
    folder = folder or resources.files(__package__).joinpath("example")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.is_dir():
            found += _example(entry, under / entry.name)
        elif is_source_name(entry.name):
            found.append((under / entry.name, entry.read_text(encoding="utf-8")))
    return found


def _write(path: Path, text: str, made: Made) -> None:
    try:
        create(path, text)
        made.written.append(path)
        return
    except FileExistsError:
        pass
    if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
        made.unchanged.append(path)
    elif path.name == ".gitignore":
        if {"/dist/", "dist/", "/dist", "dist"} & set(path.read_text(encoding="utf-8", errors="replace").split()):
            made.unchanged.append(path)
            return
        made.notes.append(f"note: {path} is yours and left as it is; add the line {IGNORED.strip()} to it "
                          "(builds go there)")
    else:
        made.notes.append(f"note: {path} is already there and left as it is (lpdeck init never overwrites a file)")
