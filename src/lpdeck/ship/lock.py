"""The lock file: what was last shipped for every note and note type, and when.

Anki's importer updates a note only when the package's ``mod`` is later than the collection's. So an unchanged note
must keep the ``mod`` it was first shipped with (or it would overwrite the user's own edits), and a changed one must
get a ``mod`` later than anything shipped before, even within the same second. The lock remembers those times, and the
last shipped fields and id of every note, so that a note removed from the sources stays known, retired: no package
carries it, and `lpdeck push` finds it in Anki by its id.
It also gives every note its id once, from the time it was first shipped, so builds are reproducible and Anki's
"Added" dates are real.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

from ..cards.compile import Note, guid
from ..cards.notetypes import NOTETYPES
from ..errors import LockError
from ..sources.records import COMBINED
from ..sources.workspace import LOCK_NAME as LOCK_NAME  # the lock's file name, where a workspace keeps it

RETIRED_TAG = "lpdeck::retired"
ID_STEP = 10  # a note's cards take the ids after its own, so note ids are multiples of this


@dataclass(frozen=True, slots=True)
class LockedNote:
    """What was last shipped for one note."""

    kind: str
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    mod: int
    id: int
    retired: bool = False

    @classmethod
    def of(cls, note: Note, mod: int, note_id: int) -> LockedNote:
        return cls(note.kind, note.deck, note.fields, note.tags, mod, note_id)

    def same_content(self, note: Note) -> bool:
        return (self.kind, self.deck, self.fields, self.tags) == (note.kind, note.deck, note.fields, note.tags)


@dataclass(frozen=True)
class Lock:
    """Every note (by "owner/item" key: a story or walkthrough id, a slash, an item id) and note type ever shipped."""

    notes: dict[str, LockedNote] = field(default_factory=dict)
    notetypes: dict[str, tuple[str, int]] = field(default_factory=dict)  # kind -> (digest, mod)
    shipped_until: int = 0  # the latest mod of notes pruned from the lock: later mods must stay above it

    def last_mod(self) -> int:
        return max(max_mod(self), self.shipped_until)


def owners_elsewhere(lock: Lock, ids: set[str]) -> list[str] | None:
    """The stories and walkthroughs of a lock none of whose notes belong to ``ids`` (those of the sources built), or
    None: a lock with live notes and nothing of these sources is another workspace's, copied here by mistake."""
    owners = {key.partition("/")[0] for key in lock.notes} - {COMBINED}  # the bank's own notes ("all/...") too
    if not owners or owners & ids or all(note.retired for note in lock.notes.values()):
        return None
    return sorted(owners)


class Shipped(NamedTuple):
    """One note as a package carries it."""

    note: Note
    mod: int
    id: int


@dataclass(frozen=True)
class Shipment:
    """What one build ships: every note with its ``mod``, each note's status, and the lock to save afterwards."""

    notes: list[Shipped]  # current notes, then retired ones
    status: dict[str, str]  # key -> new | changed | unchanged | retired
    notetype_mods: dict[str, int]
    lock: Lock

    @cached_property
    def by_key(self) -> dict[str, Shipped]:
        return {shipped.note.key: shipped for shipped in self.notes}

    @cached_property
    def retired(self) -> list[str]:
        """The keys of the retired notes, sorted."""
        return sorted(key for key, state in self.status.items() if state == "retired")


def _with_article(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _free_ids(stamp: int, lock: Lock) -> Iterator[int]:
    """Ids for new notes: milliseconds from ``stamp`` on (Anki reads a note's id as the time it was added)."""
    taken = {n.id // ID_STEP for n in lock.notes.values()}
    candidate = stamp * 1000
    while True:
        if candidate // ID_STEP not in taken:
            yield candidate
        candidate += ID_STEP


def plan(notes: list[Note], lock: Lock, now: int, retiring_in: set[str] | None) -> Shipment:
    """Decide every note's ``mod``, id and status against the lock.

    A note in the lock but not in ``notes`` is retired if its owner (the story or walkthrough id before the slash of
    its key) is in ``retiring_in``, or whatever its owner if that is None (a build of everything).
    """
    stamp = max(now, lock.last_mod() + 1)
    new_ids = _free_ids(stamp, lock)
    shipped: list[Shipped] = []
    status: dict[str, str] = {}
    locked_notes = dict(lock.notes)
    for note in notes:
        before = lock.notes.get(note.key)
        if before is not None and before.kind != note.kind:
            raise LockError(f"{note.key}: this id was {_with_article(before.kind)} note and is now "
                            f"{_with_article(note.kind)} note; ids are permanent, so give the new item a new id")
        if before is None:
            state, mod, note_id = "new", stamp, next(new_ids)
        elif before.same_content(note) and not before.retired:
            state, mod, note_id = "unchanged", before.mod, before.id
        else:
            state, mod, note_id = "changed", stamp, before.id
        status[note.key] = state
        shipped.append(Shipped(note, mod, note_id))
        locked_notes[note.key] = LockedNote.of(note, mod, note_id)
    _retire(lock, retiring_in, stamp, shipped, status, locked_notes)
    notetype_mods: dict[str, int] = {}
    locked_types = dict(lock.notetypes)
    for kind, notetype in NOTETYPES.items():
        digest = notetype.digest
        old = lock.notetypes.get(kind)
        notetype_mods[kind] = old[1] if old and old[0] == digest else stamp
        locked_types[kind] = (digest, notetype_mods[kind])
    return Shipment(shipped, status, notetype_mods,
                    Lock(dict(sorted(locked_notes.items())), locked_types, lock.shipped_until))


def _retire(lock: Lock, retiring_in: set[str] | None, stamp: int, shipped: list[Shipped], status: dict[str, str],
            locked_notes: dict[str, LockedNote]) -> None:
    """Mark retired every note of the lock that is not shipped and whose owner may retire notes."""
    for key in sorted(lock.notes):
        owner, item = key.split("/", 1)
        if key in status or (retiring_in is not None and owner not in retiring_in):
            continue
        # A retired note stays retired in every later lock, not just the next one: a push after skipped builds still
        # finds it, and the build that retires is reproducible from the lock it writes.
        before = lock.notes[key]
        if not before.retired:
            before = locked_notes[key] = replace(before, mod=stamp, retired=True)
        # Kept as a package would carry it, tagged, though none does (a collection that never had it would get it as
        # cards to learn): `lpdeck push` tags and suspends it in a collection that holds it.
        shipped.append(Shipped(Note(key, before.kind, guid(owner, item), before.fields, (*before.tags, RETIRED_TAG),
                                    before.deck), before.mod, before.id))
        status[key] = "retired"


def prune(lock: Lock, keep: set[str]) -> tuple[Lock, list[str]]:
    """Forget every retired note not in ``keep``: no later package ships it; return the lock and the keys forgotten.

    The forgotten notes' latest ``mod`` stays in the lock (``shipped_until``), so no later mod goes below it.
    """
    gone = sorted(key for key, note in lock.notes.items() if note.retired and key not in keep)
    if not gone:
        return lock, []
    notes = {key: note for key, note in lock.notes.items() if key not in gone}
    return Lock(notes, dict(lock.notetypes), lock.last_mod()), gone


def max_mod(lock: Lock) -> int:
    """The latest mod of any note or note type in the lock."""
    return max([n.mod for n in lock.notes.values()] + [mod for _, mod in lock.notetypes.values()], default=0)


def changes(before: Lock, after: Lock, status: dict[str, str]) -> list[str]:
    """Name every note and note type whose lock entry differs between ``before`` and ``after``."""
    named = [f"{key} ({status[key]})" for key in sorted(before.notes.keys() | after.notes.keys())
             if before.notes.get(key) != after.notes.get(key)]
    named += [f"note type {kind}" for kind in sorted(before.notetypes.keys() | after.notetypes.keys())
              if before.notetypes.get(kind) != after.notetypes.get(kind)]
    return named
