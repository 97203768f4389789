"""Where a command works, found once and handed down: the workspace around the working folder, its settings, the
source files (listed once), and where their lock and packages go.

A workspace is a folder with ``decks/`` (the sources) and what says it is lpdeck's: ``schema/lpdeck.schema.json``,
the settings file ``lpdeck.yaml``, or a source or lock in ``decks/``. Every command finds it from any folder inside
it, as git finds its repository.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import LpdeckError, Problem
from .find import find_sources, is_source_name
from .principles import EVERY_LEVEL
from .settings import SETTINGS_NAME, level_named, read_settings

SOURCES = "decks"
OUTPUT = "dist"
SCHEMA_PATH = Path("schema") / "lpdeck.schema.json"
LOCK_NAME = "lpdeck.lock"


@dataclass(frozen=True)
class Workspace:
    """What one command reads and writes, resolved once (``resolve``): every stage takes it from here."""

    root: Path | None  # the workspace around the working folder (None outside one)
    paths: tuple[Path, ...]  # the sources as named, or the workspace's decks/
    files: tuple[Path, ...]  # the source files under ``paths``, listed once
    skipped: tuple[Problem, ...]  # a warning for each look-alike under ``paths`` that is not read
    out_dir: Path  # where packages go
    lock_path: Path
    level: str | None  # the level the cards are for (a name of LEVELS), or None: every level

    @property
    def everything(self) -> bool:
        """Whether ``paths`` are all the sources the lock knows: whole folders, none of them inside the lock's folder.

        Only then may a note in the lock but not in the sources be retired; building some files (or decks/stories)
        only retires notes of the stories and walkthroughs being built.
        """
        lock_folder = Path(os.path.abspath(self.lock_path.parent))
        return all(p.is_dir() and lock_folder not in Path(os.path.abspath(p)).parents for p in self.paths)

    def listed_again(self) -> Workspace:
        """The same workspace with its source files listed anew (``lpdeck watch``, after a save)."""
        found = find_sources(list(self.paths))
        return replace(self, files=tuple(path for path in found if not _is_settings(path, self.root)),
                       skipped=tuple(found.skipped))


def resolve(sources: Sequence[Path] = (), *, out_dir: Path | None = None, lock_path: Path | None = None,
            level: str | None = None) -> Workspace:
    """The workspace of one command: ``sources`` (default: the workspace's decks/), listed; ``out_dir`` (default: its
    dist/); ``lock_path`` (default: beside the sources); ``level`` (default: the settings'; EVERY_LEVEL: none)."""
    found = root()
    settings = read_settings(Path(os.path.relpath(found / SETTINGS_NAME))) if found else None
    paths = tuple(sources) or (_in(found, SOURCES, "or name the sources, like `lpdeck build path/to/decks`"),)
    listed = find_sources(list(paths))
    files = tuple(path for path in listed if not _is_settings(path, found))
    if level is not None:
        level = None if level == EVERY_LEVEL else level_named(level)
    elif settings is not None:
        level = settings.level
    out = out_dir or (Path(os.path.relpath(found / OUTPUT)) if found else Path(OUTPUT))
    return Workspace(found, paths, files, tuple(listed.skipped), out, lock_path or default_lock_path(paths), level)


def _is_settings(path: Path, found: Path | None) -> bool:
    """Whether ``path`` is the workspace's settings file (listed when the workspace's own folder is named)."""
    return found is not None and path.name == SETTINGS_NAME and path.resolve() == (found / SETTINGS_NAME).resolve()


def root(start: Path | None = None) -> Path | None:
    """The nearest folder from ``start`` (default: the working folder) up that is a workspace, or None."""
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if _is_workspace(folder)), None)


def _is_workspace(folder: Path) -> bool:
    # decks/ alone is too common a name (slides): the schema init writes, the settings, or a source or lock in it,
    # says lpdeck's
    decks = folder / SOURCES
    if not decks.is_dir():
        return False
    if (folder / SCHEMA_PATH).is_file() or (folder / SETTINGS_NAME).is_file():
        return True
    return any(is_source_name(entry.name) or entry.name == LOCK_NAME for entry in _entries(decks))


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _in(found: Path | None, name: str, otherwise: str) -> Path:
    """``name`` (decks, dist) in the workspace ``found``, relative to the working folder; an error outside one."""
    if found is None:
        raise LpdeckError(f"no lpdeck workspace here: no {SOURCES}/ folder with sources in {Path.cwd()} or a folder "
                          f"above it; `lpdeck init` makes one ({otherwise})")
    return Path(os.path.relpath(found / name))


def in_workspace(name: str, otherwise: str) -> Path:
    """``name`` in the workspace around the working folder (``lpdeck new`` and ``import`` write into its decks/); an
    error naming `lpdeck init`, and what ``otherwise`` to do, outside one."""
    return _in(root(), name, otherwise)


def default_lock_path(paths: Sequence[Path]) -> Path:
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
            if (folder / LOCK_NAME).is_file():
                return folder / LOCK_NAME
            if Path(os.path.abspath(folder)) == here:
                break
    return Path(common) / LOCK_NAME
