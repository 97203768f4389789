"""A workspace: a folder with ``decks/`` (the sources), ``schema/lpdeck.schema.json`` (which every source's ``$schema``
line names, for editors) and ``dist/`` (what builds write). Every command finds it from any folder inside it, as git
finds its repository; ``lpdeck init`` makes one anywhere.
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

SOURCES = "decks"
OUTPUT = "dist"
SCHEMA_PATH = Path("schema") / "lpdeck.schema.json"
IGNORED = "/dist/\n"  # the .gitignore of a new workspace: builds are made again from the sources and the lock


def root(start: Path | None = None) -> Path | None:
    """The nearest folder from ``start`` (default: the working folder) up that is a workspace, or None."""
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if _is_workspace(folder)), None)


def _is_workspace(folder: Path) -> bool:
    # decks/ alone is too common a name (slides): the schema init writes, or a source or lock in it, says lpdeck's
    decks = folder / SOURCES
    if not decks.is_dir():
        return False
    if (folder / SCHEMA_PATH).is_file():
        return True
    return any(is_source_name(entry.name) or entry.name == "lpdeck.lock" for entry in _entries(decks))


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def path_in(name: str) -> Path:
    """``name`` (decks, dist...) in the workspace around the working folder, relative to it; as given outside one."""
    found = root()
    return Path(os.path.relpath(found / name)) if found else Path(name)


def default_sources() -> Path:
    """The sources a command reads when none are named: the workspace's decks/; an error outside a workspace."""
    found = root()
    if found is None:
        raise LpdeckError(f"no lpdeck workspace here: no {SOURCES}/ folder with sources in {Path.cwd()} or a folder "
                          f"above it; `lpdeck init` makes one (or name the sources, like `lpdeck build path/to/decks`)")
    return Path(os.path.relpath(found / SOURCES))


@dataclass
class Made:
    """What ``init`` did: the files it wrote, those already there as it would write them, and notes for the user."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def init(folder: Path, *, example: bool = False) -> Made:
    """Make a workspace in ``folder`` (new or without sources); never overwrite a file."""
    if folder.exists() and not folder.is_dir():
        raise LpdeckError(f"{folder}: is a file; `lpdeck init` makes a workspace in a folder (new or empty)")
    held = _sources_in(folder)
    if held:
        shown = ", ".join(map(os.fspath, held[:3])) + (f" and {len(held) - 3} more" if len(held) > 3 else "")
        raise LpdeckError(f"{folder}: already holds lpdeck sources ({count(len(held), 'file')}: {shown}); "
                          "`lpdeck init` makes a new workspace and never overwrites a file: work in this one (cd "
                          "into it and run `lpdeck check`), or choose an empty folder")
    made = Made()
    files = [(folder / relative, text) for relative, text in _files(example)]
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


def _files(example: bool) -> list[tuple[Path, str]]:
    """The files of a new workspace, by path inside it, with their text."""
    from ..sources.schema import schema_text

    files = [(SCHEMA_PATH, schema_text()), (Path(".gitignore"), IGNORED)]
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
