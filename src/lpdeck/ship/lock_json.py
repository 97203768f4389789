"""The lock file's text: written in blocks, and read back with every value checked; a damaged lock is reported at its
line with what to do about it."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from json.encoder import encode_basestring as _string  # C, as json.dumps(ensure_ascii=False) uses
from pathlib import Path

from ..cards.notetypes import NOTETYPES
from ..errors import LockError
from ..sources.messages import one_line
from .lock import ID_STEP, Lock, LockedNote, max_mod

VERSION = 1
MAX_INT = 2**53  # ids and mods are integers below 2**53: exact in JSON everywhere, and in Anki's 64-bit columns
_NOTE_FIELDS = {"kind", "id", "mod", "retired", "deck", "tags", "fields"}
_TOP_FIELDS = {"version", "notetypes", "notes", "shipped_until"}


def to_json(lock: Lock) -> str:
    """Serialise the lock: sorted, one note per block, stable across runs."""
    return "".join(json_blocks(lock))


def json_blocks(lock: Lock) -> Iterator[str]:
    """The text of ``to_json`` in blocks, to write a large lock without ever holding all of it in memory.

    The text is ``json.dumps(..., indent=1, ensure_ascii=False)``'s: one block per note is written here, with the C
    string encoder json uses, since json's indented encoder runs in Python, a call per bracket, key and value, and
    was most of the time it takes to write a large lock (tests/test_fast_paths.py compares the two).
    """
    head: dict[str, object] = {
        "version": VERSION,
        **({"shipped_until": lock.shipped_until} if lock.shipped_until > max_mod(lock) else {}),
        "notetypes": {kind: {"hash": digest, "mod": mod} for kind, (digest, mod) in sorted(lock.notetypes.items())},
    }
    yield json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n "notes": {'
    notes = sorted(lock.notes.items())
    # a block per note, never joined: one emoji in a text would make Python widen a joined block to 4 bytes a
    # character, and writing it would take longer than making it
    for index, (key, note) in enumerate(notes):
        yield (",\n" if index else "\n") + _note_text(key, note)
    yield "\n }\n}\n" if notes else "}\n}\n"


def _note_text(key: str, note: LockedNote) -> str:
    return (f'  {_string(key)}: {{\n   "kind": {_string(note.kind)},\n   "id": {note.id},\n   "mod": {note.mod},\n'
            + ('   "retired": true,\n' if note.retired else "")
            + f'   "deck": {_string(note.deck)},\n   "tags": {_list(note.tags)},\n'
            + f'   "fields": {_list(note.fields)}\n  }}')


def _list(texts: tuple[str, ...]) -> str:
    return "[\n    " + ",\n    ".join(map(_string, texts)) + "\n   ]" if texts else "[]"


def restore_hint(path: str) -> str:
    """What to do about a damaged lock, and what starting over costs."""
    return (f"restore {path} from version control (`git checkout -- {path}`; after a merge conflict either side will "
            "do) and run `lpdeck build` again, or start over with `lpdeck build --new-lock`, which gives every note a "
            "new id and mod: the next import then overwrites any edits you made to these notes in Anki, and the "
            "retired notes are forgotten")


class _Bad(Exception):
    """A wrong value in a parsed lock: what is wrong, and the note key and field it is under (to find its line)."""

    def __init__(self, message: str, *where: str):
        super().__init__(message)
        self.message, self.where = message, where


def _position(text: str, where: tuple[str, ...]) -> tuple[int, int] | None:
    """Line and column of the last of ``where`` (JSON keys, each searched after the one before) in ``text``."""
    index, start = 0, 0
    for name in where:
        found = text.find(json.dumps(name, ensure_ascii=False) + ":", start)
        if found < 0:
            return None if index == 0 else _line_column(text, index)
        index, start = found, found + 1  # the same name twice: its second occurrence
    return _line_column(text, index) if where else None


def _line_column(text: str | bytes, index: int) -> tuple[int, int]:
    newline = "\n" if isinstance(text, str) else b"\n"
    return text.count(newline, 0, index) + 1, index - text.rfind(newline, 0, index)  # type: ignore[arg-type]


def _decode(data: bytes, path: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LockError(f"{path}:1:1: the lock is UTF-16 text, not UTF-8 (an editor re-saved it?); "
                        + restore_hint(path))
    if data.startswith(b"\xef\xbb\xbf"):
        raise LockError(f"{path}:1:1: the lock starts with a byte order mark (an editor re-saved it?); "
                        + restore_hint(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        raise LockError(f"{path}:{line}:{column}: not UTF-8 text (byte {data[error.start]:#04x}"
                        f"{', a character cut short' if error.reason == 'unexpected end of data' else ''}); "
                        + restore_hint(path)) from None


def _reject_constant(name: str) -> float:
    raise _Bad(f"{name} is not a number a lock holds")


class _Twice(dict[str, object]):
    """A JSON object with a key written twice (a merge gone wrong): json keeps the last value, the lock refuses it."""

    def __init__(self, pairs: list[tuple[str, object]], key: str):
        super().__init__(pairs)
        self.key = key


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object, marked when a key comes twice; the check of its values says where."""
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    seen: set[str] = set()
    twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
    return _Twice(pairs, twice)


def _once(value: object, *where: str) -> None:
    """Refuse an object of the lock with a key written twice, at the second one."""
    if isinstance(value, _Twice):
        raise _Bad(f"{_short(value.key)} is written twice in the same object (a merge gone wrong?); which value "
                   "holds is unknown", *where, value.key, value.key)


def from_json(text: str | bytes, path: str) -> Lock:
    """Parse a lock file's text (or bytes), checking every value; a damaged lock raises LockError with its position."""
    if isinstance(text, bytes):
        text = _decode(text, path)
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise LockError(f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}); "
                        + restore_hint(path)) from None
    except _Bad as error:
        found = re.search(r"-?\b(?:NaN|Infinity)\b", text)
        where = ":{}:{}".format(*_line_column(text, found.start())) if found else ""
        raise LockError(f"{path}{where}: {error.message}; {restore_hint(path)}") from None
    except RecursionError:
        raise LockError(f"{path}: nested too deeply to be a lock; {restore_hint(path)}") from None
    except ValueError as error:  # an integer of thousands of digits
        raise LockError(f"{path}: {one_line(error)}; {restore_hint(path)}") from None
    try:
        return _lock_of(data)
    except _Bad as error:
        position = _position(text, error.where)
        where = f"{path}:{position[0]}:{position[1]}" if position else path
        raise LockError(f"{where}: {error.message}; {restore_hint(path)}") from None


def _positive_int(value: object, what: str, *where: str) -> int:
    if type(value) is not int or not 0 < value < MAX_INT:  # bool is an int subclass: type() keeps it out
        raise _Bad(f"{what} must be a whole number from 1 to 2**53 - 1, not {_short(value)}", *where)
    return value


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) or not math.isnan(value) else "NaN"
    return text if len(text) <= 40 else text[:39] + "…"


def _text(value: object, what: str, *where: str) -> str:
    if not isinstance(value, str) or not value:
        raise _Bad(f"{what} must be a non-empty text, not {_short(value)}", *where)
    return value


def _texts(value: object, what: str, *where: str, spaces: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad(f"{what} must be a list of texts, not {_short(value)}", *where)
    bad = None if spaces else next((item for item in value
                                     if not item or len(item.split()) != 1 or item != item.strip()), None)
    if bad is not None:
        raise _Bad(f"{what} must not be empty or hold spaces (Anki splits tags at spaces): {_short(bad)}", *where)
    return tuple(value)


def _lock_of(data: object) -> Lock:
    """Check every value of a parsed lock and build the Lock; raise _Bad naming the first wrong one."""
    if not isinstance(data, dict):
        raise _Bad(f"the lock must be a JSON object, not {_short(data)}")
    _once(data)
    if data.get("version") != VERSION or type(data.get("version")) is not int:
        raise _Bad(f"unsupported lock version {_short(data.get('version'))} (this lpdeck writes {VERSION})", "version")
    unknown = sorted(set(data) - _TOP_FIELDS)
    if unknown:
        raise _Bad(f"unknown field {_short(unknown[0])}", unknown[0])
    raw_types, raw_notes = data.get("notetypes"), data.get("notes")
    if not isinstance(raw_types, dict):
        raise _Bad(f"'notetypes' must be an object, not {_short(raw_types)}", "notetypes")
    if not isinstance(raw_notes, dict):
        raise _Bad(f"'notes' must be an object, not {_short(raw_notes)}", "notes")
    _once(raw_types, "notetypes")
    _once(raw_notes, "notes")
    types: dict[str, tuple[str, int]] = {}
    for kind, entry in raw_types.items():
        _once(entry, "notetypes", kind)
        if kind not in NOTETYPES:
            raise _Bad(f"unknown note type {_short(kind)} (known: {', '.join(NOTETYPES)})", "notetypes", kind)
        if not isinstance(entry, dict) or set(entry) != {"hash", "mod"}:
            raise _Bad(f"note type {kind} must be an object with 'hash' and 'mod', not {_short(entry)}",
                       "notetypes", kind)
        types[kind] = (_text(entry["hash"], f"note type {kind}: 'hash'", "notetypes", kind, "hash"),
                       _positive_int(entry["mod"], f"note type {kind}: 'mod'", "notetypes", kind, "mod"))
    notes = {key: _note_of(key, entry) for key, entry in raw_notes.items()}
    shipped_until = data.get("shipped_until", 0)
    if "shipped_until" in data:
        _positive_int(shipped_until, "'shipped_until'", "shipped_until")
    seen: dict[int, str] = {}
    for key, note in notes.items():
        other = seen.setdefault(note.id // ID_STEP, key)
        if other != key:
            raise _Bad(f"{key} and {other} share the id {note.id}", "notes", key, "id")
    return Lock(notes, types, shipped_until)


def _note_of(key: str, entry: object) -> LockedNote:
    owner, slash, item = key.partition("/")
    if not slash or not owner or not item or len(key.split()) != 1:
        raise _Bad(f"note key {_short(key)} must be 'scope/item' (a walkthrough or story id, a slash, an item id)",
                   "notes", key)
    if not isinstance(entry, dict):
        raise _Bad(f"{key}: must be an object, not {_short(entry)}", "notes", key)
    _once(entry, "notes", key)
    unknown = sorted(set(entry) - _NOTE_FIELDS)
    missing = sorted(_NOTE_FIELDS - {"retired"} - set(entry))
    if unknown or missing:
        raise _Bad(f"{key}: " + (f"unknown field {_short(unknown[0])}" if unknown else f"no {_short(missing[0])}"),
                   "notes", key, *unknown[:1])
    kind = entry["kind"]
    if kind not in NOTETYPES:
        raise _Bad(f"{key}: unknown kind {_short(kind)} (known: {', '.join(NOTETYPES)})", "notes", key, "kind")
    retired = entry.get("retired", False)
    if type(retired) is not bool:
        raise _Bad(f"{key}: 'retired' must be true or false, not {_short(retired)}", "notes", key, "retired")
    note_id = _positive_int(entry["id"], f"{key}: 'id'", "notes", key, "id")
    if note_id + ID_STEP >= MAX_INT:
        raise _Bad(f"{key}: 'id' must be below 2**53 - {ID_STEP} (its cards take the ids after it)", "notes", key, "id")
    return LockedNote(kind, _text(entry["deck"], f"{key}: 'deck'", "notes", key, "deck"),
                      _texts(entry["fields"], f"{key}: 'fields'", "notes", key, "fields"),
                      _texts(entry["tags"], f"{key}: 'tags'", "notes", key, "tags", spaces=False),
                      _positive_int(entry["mod"], f"{key}: 'mod'", "notes", key, "mod"), note_id, retired)


def mod_floor(path: Path) -> int:
    """The latest ``mod`` still legible in the lock at ``path``, damaged or not (0 if none): a new lock starts above."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    mods = [int(found) for found in re.findall(rb'"mod"\s*:\s*(\d{1,16})(?![\d.eE])', data)]
    return max([mod for mod in mods if mod < MAX_INT], default=0)


def read(path: Path) -> Lock:
    """Read the lock at ``path``; a missing file is an empty lock."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Lock()
    except IsADirectoryError:
        raise LockError(f"{path}: is a folder, not a lock file; give the lock file's path with --lock") from None
    except OSError as error:
        raise LockError(f"{path}: cannot read the lock ({error.strerror}); check its permissions") from None
    return from_json(data, str(path))
