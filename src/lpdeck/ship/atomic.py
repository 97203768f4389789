"""Atomic writes and file locks: every write lands whole or not at all, and errors name the user's path."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LpdeckError

# How long a build waits for another one sharing its lock or output folder (seconds); the environment may shorten it.
LOCK_WAIT = float(os.environ.get("LPDECK_LOCK_WAIT", "600"))
STAGING_PREFIX = ".lpdeck-"
# Names this module and tempfile give: ".lpdeck-" + 8 random characters (a staging folder), "." + name + "." + 8
# (a temporary beside a file). Only names of exactly this shape are ever cleaned up.
_RANDOM = r"[a-z0-9_]{8}"


class WriteError(LpdeckError):
    """A file could not be written or replaced; nothing the user had was changed."""


def describe(error: BaseException, path: Path | str) -> str:
    """One line naming ``path`` (the user's, never a temporary's) and what went wrong, with what to do."""
    code = getattr(error, "errno", None)
    if code == errno.ENOSPC or (isinstance(error, sqlite3.OperationalError) and "full" in str(error)):
        return f"no space left on {path}; free some space (or write elsewhere with -o) and run the command again"
    if code == errno.EDQUOT:
        return f"disk quota exceeded on {path}; free some space and run the command again"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path}: not allowed to write here ({os.strerror(code)}); check its permissions or choose another path"
    if code == errno.ENOENT:
        return f"{path}: the folder does not exist or cannot hold new files; choose another path"
    if code == errno.EISDIR:
        return f"{path}: is a folder; remove it or choose another path"
    strerror = getattr(error, "strerror", None) or str(error)
    return f"{path}: cannot write ({strerror}); choose another path"


def write_text_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its blocks, in order) to ``path`` through a temporary file in the same folder."""
    temporary = stage_text(path, text)
    try:
        replace_file(temporary, path)
    except BaseException:
        _unlink(temporary)
        raise


def create(path: Path, text: str) -> None:
    """Create ``path`` with ``text``, complete or not at all; FileExistsError if it exists, even if made meanwhile."""
    if path.exists() or path.is_symlink():
        raise FileExistsError(errno.EEXIST, "File exists", os.fspath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # an ordinary file, not mkstemp's private 0600
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        try:
            os.link(temporary, path)  # atomic, and fails if the file appeared meanwhile
        except FileExistsError:  # an OSError too: never a reason to fall back to writing it
            raise
        except OSError:  # a file system without hard links
            with open(path, "x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
    finally:
        os.unlink(temporary)


def stage_text(path: Path, text: str | Iterable[str]) -> Path:
    """Write ``text`` to a new temporary file beside ``path`` (flushed to disk); the caller moves it into place."""
    if path.is_dir():
        raise WriteError(describe(IsADirectoryError(errno.EISDIR, "Is a directory"), path))
    if path.exists() and not path.is_file():
        raise WriteError(f"{path}: not a regular file; lpdeck replaces the file it writes, so choose another path")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise WriteError(describe(error, path)) from None
    temporary = Path(name)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would make a committed lock private
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.writelines([text] if isinstance(text, str) else text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:
        _unlink(temporary)
        if isinstance(error, OSError):
            raise WriteError(describe(error, path)) from None
        raise
    return temporary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _unlink(path: Path | str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def file_digest(path: Path) -> str | None:
    """The SHA-256 of the file at ``path`` (None if it cannot be read)."""
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def sync_file(path: str | Path) -> None:
    """Flush what was written to ``path`` to the disk (a no-op when it already is)."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def replace_file(source: str | Path, target: Path) -> None:
    """Move ``source`` (already flushed to disk: see sync_file) over ``target`` atomically; errors name ``target``."""
    try:
        os.replace(source, target)
    except OSError as error:
        raise WriteError(describe(error, target)) from None


def check_replaceable(target: Path) -> str | None:
    """Why ``target`` cannot be replaced by a file (None if it can): checked before anything is replaced."""
    if target.is_dir():
        return f"{target}: is a folder where lpdeck writes a file; remove or rename it"
    if target.exists() and not target.is_file():
        return f"{target}: not a regular file; remove it"
    if not os.access(target.parent, os.W_OK | os.X_OK):
        return f"{target.parent}: not allowed to write in this folder; check its permissions"
    return None


def replace_all(moves: list[tuple[Path, Path]], backup_dir: Path) -> None:
    """Move every staged file over its target, or none: on a failure, put back every target already replaced.

    Each existing target is first hard-linked into ``backup_dir`` (same file system as the targets beside it); a
    file that cannot be linked (immutable, say) cannot be replaced either, so that fails before anything changed.
    """
    problems = [problem for _, target in moves if (problem := check_replaceable(target))]
    if problems:
        raise WriteError("\n".join(problems)
                         + "\nnothing was replaced: the previous packages and lock are as they were")
    backups: list[tuple[Path, Path | None]] = []
    try:
        for index, (_, target) in enumerate(moves):
            backup = None
            if target.exists():
                backup = _backup_path(backup_dir, target, index)
                os.link(target, backup)
            backups.append((target, backup))
    except OSError as error:
        _drop_backups(backups)
        raise WriteError(describe(error, moves[len(backups)][1])
                         + "\nnothing was replaced: the previous packages and lock are as they were") from None
    done = 0
    try:
        for source, target in moves:
            replace_file(source, target)
            done += 1
    except WriteError as error:
        restored = _restore(backups[:done])
        what = ("every file replaced so far was put back: the previous packages and lock are as they were" if restored
                else "some files could not be put back; restore the lock from version control and build again")
        _drop_backups(backups)
        raise WriteError(f"{error}\nnothing was replaced: {what}") from None
    _drop_backups(backups)


def _backup_path(backup_dir: Path, target: Path, index: int) -> Path:
    # the lock's backup sits beside the lock (hard links cannot cross file systems); packages' in the staging folder
    folder = backup_dir if backup_dir.parent.resolve() == target.parent.resolve() else target.parent
    return folder / f".{target.name}.{index:03d}bakup"  # 8 characters after the dot: cleaned up if left behind


def _restore(backups: list[tuple[Path, Path | None]]) -> bool:
    whole = True
    for target, backup in reversed(backups):
        try:
            if backup is None:
                os.unlink(target)
            else:
                os.replace(backup, target)
        except OSError:
            whole = False
    return whole


def _drop_backups(backups: list[tuple[Path, Path | None]]) -> None:
    for _, backup in backups:
        if backup is not None:
            _unlink(backup)


def leftovers(out_dir: Path | None, lock_path: Path) -> Iterator[Path]:
    """What a killed build left: staging folders in ``out_dir``, temporaries beside the lock (only lpdeck's names)."""
    staging = re.compile(re.escape(STAGING_PREFIX) + _RANDOM)
    temporary = re.compile(r"\." + re.escape(lock_path.name) + r"\." + _RANDOM)
    for folder, pattern in ((out_dir, staging), (lock_path.parent, temporary)):
        if folder is None:
            continue
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        yield from (entry for entry in entries if pattern.fullmatch(entry.name))


def remove_leftovers(out_dir: Path | None, lock_path: Path) -> list[Path]:
    """Remove what a killed build left; call only while holding the build's locks (so no live build owns them)."""
    removed = []
    for path in leftovers(out_dir, lock_path):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


@contextmanager
def exclusive(folder: Path, what: str, wait: float | None = None) -> Iterator[None]:
    """Hold an OS lock (flock) on ``folder`` for the block; wait for another holder up to ``wait`` seconds, saying so.

    The lock is on the folder itself, so taking it writes nothing; a folder that does not exist yet is not locked.
    """
    wait = LOCK_WAIT if wait is None else wait
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        yield
        return
    except OSError as error:
        raise WriteError(describe(error, folder)) from None
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    print(f"lpdeck: waiting for another lpdeck build using {what} to finish (up to {wait:g} s)...",
                          file=sys.stderr, flush=True)
                    told = True
                if time.monotonic() >= deadline:
                    raise WriteError(f"{what}: another lpdeck build has been using it for {wait:g} s; wait for it "
                                     "to finish (or stop it) and run the command again") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # closing releases the lock
