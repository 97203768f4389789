"""Which files are sources: the files given, and under the folders given every file named ``*.yaml`` or ``*.yml``
(in any case: ``.YAML`` too), links to files and folders followed.

Nothing that looks like a source is skipped without a word: a file named like one with more after it
(``x.yaml.txt``, ``x.yml.bak``) and a folder reached a second time through a link (read once) are warnings. Editors'
own files are not sources and are passed over quietly: hidden ones (``.#x.yaml``, ``.x.yaml.swp``), backups ending in
``~`` and autosaves like ``#x.yaml#``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import Problem, SourceError

SUFFIXES = (".yaml", ".yml")
_LOOKS_LIKE = re.compile(r"\.ya?ml\.", re.IGNORECASE)  # x.yaml.txt: a source saved (or renamed) with more after it


class Found(list[Path]):
    """The source files found, in order, and a warning for each file or folder that looks like a source but is not
    read."""

    def __init__(self, paths: list[Path], skipped: list[Problem]):
        super().__init__(paths)
        self.skipped = skipped


def find_sources(sources: list[Path]) -> Found:
    """Expand folders into their source files (sorted); report missing and unreadable paths, warn of look-alikes."""
    found: list[Path] = []
    problems: list[Problem] = []
    skipped: list[Problem] = []
    for source in sources:
        if source.is_dir():
            problems.extend(_walk_folder(source, found, skipped))
        elif source.is_file():
            found.append(source)
        elif source.exists():
            problems.append(Problem(os.fspath(source), 1, 1, "not a regular file or folder"))
        else:
            problems.append(Problem(os.fspath(source), 1, 1, _why_missing(source)))
    if problems:
        raise SourceError(problems)
    if not found:
        raise SourceError([Problem(os.fspath(s), 1, 1, "no .yaml source files here; `lpdeck new story ID` or "
                                   "`lpdeck import PAGE.txt` writes some") for s in sources] + skipped)
    return Found(_once(found), skipped)


def _once(found: list[Path]) -> list[Path]:
    """Each file once, even when named twice or reached through a link to it (the first path found is kept)."""
    seen: dict[str, Path] = {}
    for path in found:
        seen.setdefault(os.path.realpath(path), path)
    return list(seen.values())


def _why_missing(source: Path) -> str:
    """Say why a path given as a source is not there: nothing by that name, or a file used as a folder on the way."""
    for parent in source.parents:
        if parent.is_file():
            return f"no such file or directory ({os.fspath(parent)} is a file, not a folder)"
    return "no such file or directory"


def is_source_name(name: str) -> bool:
    """Whether a file of this name in a sources folder is a source (``.#x.yaml`` is an editor's lock link)."""
    return name.lower().endswith(SUFFIXES) and not name.startswith(".#")


def _looks_like_source(name: str) -> bool:
    """A name like a source's with more after it (``x.yaml.txt``), not an editor's own file."""
    return bool(_LOOKS_LIKE.search(name)) and not name.startswith((".", "#")) and not name.endswith("~")


def _skipped_file(path: Path) -> Problem:
    stem = path.name[: _LOOKS_LIKE.search(path.name).end() - 1]  # type: ignore[union-attr]
    return Problem(os.fspath(path), 1, 1, f"warning: not read: a source's name ends in .yaml or .yml; rename it to "
                                          f"{stem} to build it, or move it out of the sources folder")


def _walk_folder(folder: Path, found: list[Path], skipped: list[Problem]) -> list[Problem]:
    """Add the folder's source files to ``found``; return a problem for each folder or source it cannot read.

    A folder that cannot be listed, or a ``.yaml`` name that is no readable file (a dangling link, a pipe), is an
    error, not a silent gap: the build would otherwise ship without the walkthroughs in it.
    """
    problems: list[Problem] = []

    def refused(error: OSError) -> None:
        problems.append(Problem(os.fspath(Path(error.filename or folder)), 1, 1,
                                f"cannot read folder: {error.strerror or error}; fix its permissions or move it out"))

    files: list[Path] = []
    seen = {os.path.realpath(folder)}
    for top, folders, names in os.walk(folder, onerror=refused, followlinks=True):
        folders[:] = _not_seen(Path(top), folders, seen, skipped)
        for name in names:
            if not is_source_name(name):
                if _looks_like_source(name):
                    skipped.append(_skipped_file(Path(top) / name))
                continue
            path = Path(top) / name
            if path.is_file():
                files.append(path)
            else:
                what = "a link to nothing" if path.is_symlink() and not path.exists() else "not a regular file"
                message = f"{what}; a source must be a file (remove it or fix it)"
                problems.append(Problem(os.fspath(path), 1, 1, message))
    found.extend(sorted(files))
    return problems


def _not_seen(top: Path, folders: list[str], seen: set[str], skipped: list[Problem]) -> list[str]:
    """The folders not read yet; one reached again through a link (or a link to a folder above: a loop) is said."""
    kept = []
    for name in sorted(folders, key=lambda name: (os.path.islink(top / name), name)):  # a real folder before a link
        real = os.path.realpath(top / name)
        if real in seen:
            skipped.append(Problem(os.fspath(top / name), 1, 1, f"warning: not read again: this is the folder {real}, "
                                   "read already through another path (its sources are read once)"))
        else:
            seen.add(real)
            kept.append(name)
    return kept
