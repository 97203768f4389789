"""The lock file: what was last shipped for every note and note type, and when.

Anki's importer updates a note only when the package's ``mod`` is later than the collection's. So an unchanged note
must keep the ``mod`` it was first shipped with (or it would overwrite the user's own edits), and a changed one must
get a ``mod`` later than anything shipped before, even within the same second. The lock remembers those times, and the
last shipped fields of every note so that a note removed from the sources can be shipped once more, tagged retired.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from .compile import Note, guid
from .errors import LockError
from .notetypes import NOTETYPES

RETIRED_TAG = "lpdeck::retired"
LOCK_NAME = "lpdeck.lock"
VERSION = 1


@dataclass(frozen=True)
class LockedNote:
    """What was last shipped for one note."""

    kind: str
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    mod: int
    retired: bool = False

    @classmethod
    def of(cls, note: Note, mod: int) -> LockedNote:
        return cls(note.kind, note.deck, note.fields, note.tags, mod)

    def same_content(self, note: Note) -> bool:
        return (self.kind, self.deck, self.fields, self.tags) == (note.kind, note.deck, note.fields, note.tags)


@dataclass(frozen=True)
class Lock:
    """Every note (by "scope/item" key) and note type (by kind) ever shipped."""

    notes: dict[str, LockedNote] = field(default_factory=dict)
    notetypes: dict[str, tuple[str, int]] = field(default_factory=dict)  # kind -> (digest, mod)

    def last_mod(self) -> int:
        mods = [n.mod for n in self.notes.values()] + [mod for _, mod in self.notetypes.values()]
        return max(mods, default=0)


@dataclass(frozen=True)
class Shipment:
    """What one build ships: every note with its ``mod``, each note's status, and the lock to save afterwards."""

    notes: list[tuple[Note, int]]  # current notes and retired ones, with the mod to ship them with
    status: dict[str, str]  # key -> new | changed | unchanged | retired
    notetype_mods: dict[str, int]
    lock: Lock


def plan(notes: list[Note], lock: Lock, now: int, scopes: set[str] | None) -> Shipment:
    """Decide every note's ``mod`` and status against the lock; ``scopes`` limits retirement (None: retire anything)."""
    stamp = max(now, lock.last_mod() + 1)
    shipped: list[tuple[Note, int]] = []
    status: dict[str, str] = {}
    locked_notes = dict(lock.notes)
    for note in notes:
        before = lock.notes.get(note.key)
        if before is not None and before.kind != note.kind:
            raise LockError(f"{note.key}: this id was a {before.kind} note and is now a {note.kind}; ids are "
                            "permanent, so give the new item a new id")
        if before is None:
            state, mod = "new", stamp
        elif before.same_content(note) and not before.retired:
            state, mod = "unchanged", before.mod
        else:
            state, mod = "changed", stamp
        status[note.key] = state
        shipped.append((note, mod))
        locked_notes[note.key] = LockedNote.of(note, mod)
    for key, before in lock.notes.items():
        if key in status or before.retired or (scopes is not None and key.split("/", 1)[0] not in scopes):
            continue
        tags = before.tags + (RETIRED_TAG,)
        scope, item = key.split("/", 1)
        shipped.append((Note(key, before.kind, guid(scope, item), before.fields, tags, before.deck), stamp))
        status[key] = "retired"
        locked_notes[key] = replace(before, mod=stamp, retired=True)
    notetype_mods = {}
    locked_types = dict(lock.notetypes)
    for kind, notetype in NOTETYPES.items():
        digest = notetype.digest
        old = lock.notetypes.get(kind)
        notetype_mods[kind] = old[1] if old and old[0] == digest else stamp
        locked_types[kind] = (digest, notetype_mods[kind])
    return Shipment(shipped, status, notetype_mods, Lock(dict(sorted(locked_notes.items())), locked_types))


def to_json(lock: Lock) -> str:
    """Serialise the lock: sorted, one note per block, stable across runs."""
    data = {
        "version": VERSION,
        "notetypes": {kind: {"hash": digest, "mod": mod} for kind, (digest, mod) in sorted(lock.notetypes.items())},
        "notes": {
            key: {
                "kind": n.kind, "mod": n.mod, **({"retired": True} if n.retired else {}),
                "deck": n.deck, "tags": list(n.tags), "fields": list(n.fields),
            }
            for key, n in sorted(lock.notes.items())
        },
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def from_json(text: str, path: str) -> Lock:
    """Parse a lock file's text."""
    try:
        data = json.loads(text)
        if data.get("version") != VERSION:
            raise LockError(f"{path}: unsupported lock version {data.get('version')!r}")
        notes = {
            key: LockedNote(n["kind"], n["deck"], tuple(n["fields"]), tuple(n["tags"]), int(n["mod"]),
                            bool(n.get("retired", False)))
            for key, n in data["notes"].items()
        }
        types = {kind: (t["hash"], int(t["mod"])) for kind, t in data["notetypes"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise LockError(f"{path}: not a valid lpdeck lock file ({error}); restore it from version control") from None
    return Lock(notes, types)


def read(path: Path) -> Lock:
    """Read the lock at ``path``; a missing file is an empty lock."""
    try:
        return from_json(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        return Lock()
