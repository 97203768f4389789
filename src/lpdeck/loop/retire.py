"""Retire in Anki what the sources no longer hold: the lock's retired notes a collection has are tagged and suspended.

No package carries a retired note: Anki's importer would add it to a collection that never had it, as new cards to
learn (and its default options drop a package's suspension). Only a push can ask Anki which notes it holds, so push
retires them there, through AnkiConnect, and adds none. Anki has no search by GUID: a note is found by its id, which
the lock gave it and Anki's importer kept, and must be one of lpdeck's note types. A note put back in the sources
comes back untagged with the next import; push then unsuspends the cards it had suspended.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import LockError
from ..ship import lock_json
from ..ship.lock import RETIRED_TAG, Lock
from ..sources.messages import count, quoted
from .push import AnkiConnect, AnkiConnectError

NOTETYPE_PREFIX = "lpdeck"  # every note type lpdeck ships is named "lpdeck · ..."


def retired_search(lock: Lock) -> str | None:
    """The Anki search finding the collection's notes that ``lock`` retired (None if it retired none)."""
    ids = sorted(note.id for note in lock.notes.values() if note.retired)
    return f"nid:{','.join(map(str, ids))} note:{NOTETYPE_PREFIX}*" if ids else None


def search_by_hand(lock_path: Path) -> list[tuple[str, bool]]:
    """`lpdeck retired`: the search for the retired notes of the lock at ``lock_path``, if any, and what to do with it;
    each line with whether it goes to stderr (the search alone goes to stdout, to copy or pipe)."""
    if not lock_path.is_file():
        raise LockError(f"{lock_path}: no lock file here; give the lock's path with --lock")
    lock = lock_json.read(lock_path)
    search = retired_search(lock)
    if search is None:
        return [(f"{lock_path}: no retired notes", True)]
    retired = sum(note.retired for note in lock.notes.values())
    how = (f"{count(retired, 'retired note')} in {lock_path}: in Anki's browser (Browse), search for the line above, "
           f"select all, then Notes → Add Tags… {RETIRED_TAG} and Cards → Toggle Suspend")
    return [(search, False), (how, True)]


@dataclass(frozen=True)
class Retirement:
    """What push does about retired notes around its import: what it learnt before, to act on after."""

    lock: Lock
    revived: tuple[int, ...]  # notes Anki holds tagged retired that the sources hold again


def before_import(client: AnkiConnect, lock: Lock) -> Retirement:
    """Ask Anki which of its notes tagged retired are live again (the import is about to drop their tag)."""
    live = {note.id for note in lock.notes.values() if not note.retired}
    tagged = _ids(client.invoke("findNotes", query=f"tag:{RETIRED_TAG}"), "findNotes")
    return Retirement(lock, tuple(note for note in tagged if note in live))


def after_import(client: AnkiConnect, retirement: Retirement) -> list[str]:
    """Unsuspend the notes put back, tag and suspend the retired notes Anki holds; return what to print."""
    lines = []
    # the import dropped their tag (unless the collection's copy is newer than the package's)
    revived = [info for info in (_notes_info(client, retirement.revived) if retirement.revived else [])
               if RETIRED_TAG not in _tags(info)]
    if revived:
        unsuspended = _set_suspended(client, _cards(revived), False)
        lines.append(f"put back in Anki: {count(len(revived), 'note')} no longer retired, "
                     f"{count(unsuspended, 'card')} unsuspended")
    search = retired_search(retirement.lock)
    if search is None:
        return lines
    retired = {note.id for note in retirement.lock.notes.values() if note.retired}
    held = [info for info in _notes_info(client, _ids(client.invoke("findNotes", query=search), "findNotes"))
            if info.get("noteId") in retired and str(info.get("modelName", "")).startswith(NOTETYPE_PREFIX)]
    if not held:
        return [*lines, f"retired notes: none of the lock's {len(retired)} is in this collection, nothing to retire"]
    untagged = [info["noteId"] for info in held if RETIRED_TAG not in _tags(info)]
    if untagged:
        client.invoke("addTags", notes=untagged, tags=RETIRED_TAG)
    suspended = _set_suspended(client, _cards(held), True)
    return [*lines, f"retired notes: {len(held)} of the lock's {len(retired)} in this collection; "
                    f"tagged {len(untagged)} {RETIRED_TAG}, suspended {count(suspended, 'card')}"]


def _set_suspended(client: AnkiConnect, cards: list[int], suspend: bool) -> int:
    """Suspend (or unsuspend) those of ``cards`` that are not yet so; return how many changed."""
    if not cards:
        return 0
    states = client.invoke("areSuspended", cards=cards)
    if not isinstance(states, list) or len(states) != len(cards):
        raise AnkiConnectError(f"AnkiConnect areSuspended returned {quoted(repr(states))}, not one answer per card")
    changing = [card for card, state in zip(cards, states, strict=True) if state is (not suspend)]
    if changing:
        client.invoke("suspend" if suspend else "unsuspend", cards=changing)
    return len(changing)


def _notes_info(client: AnkiConnect, notes: Iterable[int]) -> list[dict[str, object]]:
    infos = client.invoke("notesInfo", notes=list(notes))
    if not isinstance(infos, list) or not all(isinstance(info, dict) for info in infos):
        raise AnkiConnectError(f"AnkiConnect notesInfo returned {quoted(repr(infos))}, not a list of notes")
    return infos


def _tags(info: dict[str, object]) -> list[str]:
    tags = info.get("tags")
    return [str(tag) for tag in tags] if isinstance(tags, list) else []


def _cards(infos: list[dict[str, object]]) -> list[int]:
    return [card for info in infos for card in _ids(info.get("cards", []), "notesInfo")]


def _ids(result: object, action: str) -> list[int]:
    if not isinstance(result, list) or not all(isinstance(item, int) for item in result):
        raise AnkiConnectError(f"AnkiConnect {action} returned {quoted(repr(result))}, not a list of ids")
    return result
