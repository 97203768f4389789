"""Which files are sources: the ``*.yaml`` and ``*.yml`` files under the folders given, and the files given."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem, SourceError


def find_sources(sources: list[Path]) -> list[Path]:
    """Expand directories into their ``*.yaml``/``*.yml`` files (sorted); report missing and unreadable paths."""
    found: list[Path] = []
    problems: list[Problem] = []
    for source in sources:
        if source.is_dir():
            problems.extend(_walk_folder(source, found))
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
                                   "`lpdeck import PAGE.txt` writes some") for s in sources])
    return list(dict.fromkeys(found))


def _why_missing(source: Path) -> str:
    """Say why a path given as a source is not there: nothing by that name, or a file used as a folder on the way."""
    for parent in source.parents:
        if parent.is_file():
            return f"no such file or directory ({os.fspath(parent)} is a file, not a folder)"
    return "no such file or directory"


def is_source_name(name: str) -> bool:
    """Whether a file of this name in a sources folder is a source (``.#x.yaml`` is an editor's lock link)."""
    return name.endswith((".yaml", ".yml")) and not name.startswith(".#")


def _walk_folder(folder: Path, found: list[Path]) -> list[Problem]:
    """Add the folder's source files to ``found``; return a problem for each folder or source it cannot read.

    A folder that cannot be listed, or a ``.yaml`` name that is no readable file (a dangling link, a pipe), is an
    error, not a silent gap: the build would otherwise ship without the walkthroughs in it.
    """
    problems: list[Problem] = []

    def refused(error: OSError) -> None:
        problems.append(Problem(os.fspath(Path(error.filename or folder)), 1, 1,
                                f"cannot read folder: {error.strerror or error}; fix its permissions or move it out"))

    files: list[Path] = []
    for top, folders, names in os.walk(folder, onerror=refused):
        folders.sort()
        for name in names:
            if not is_source_name(name):
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
