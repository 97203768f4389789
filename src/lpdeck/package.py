"""Write notes to an ``.apkg`` with genanki: reproducible, compressed, and written atomically.

genanki stamps every note, card and note type with one build time and numbers them from it, and stores the zip
uncompressed. Here each note carries its own ``mod`` (from the lock), note and card ids derive from the GUID, the zip
entries have a fixed date and are deflated, so the same sources and lock give the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

import genanki

from .compile import Note
from .notetypes import NOTETYPES, Notetype

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ID_BASE = 1 << 40  # above any id Anki would give a note made by hand before 2004, below 2**53
_ID_SLOTS = 1 << 36
_CARD_BLOCK = 16  # ids per note: the note's own, then one per card


class _Model(genanki.Model):
    """A genanki model whose ``mod`` is its own, not the build time."""

    def __init__(self, notetype: Notetype, mod: int):
        super().__init__(
            notetype.id, notetype.name,
            fields=[{"name": name} for name in notetype.fields],
            templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in notetype.templates],
            css=notetype.css,
        )
        self.mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict:
        return super().to_json(self.mod, deck_id)


class _Note(genanki.Note):
    """A genanki note with its own ``mod`` and ids derived from its GUID."""

    def __init__(self, model: _Model, note: Note, note_id: int, mod: int, suspend: bool):
        super().__init__(model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid)
        self.note_id = note_id
        self.mod = mod
        for card in self.cards:
            card.suspend = suspend

    def write_to_db(self, cursor, timestamp: float, deck_id: int, id_gen) -> None:
        super().write_to_db(cursor, self.mod, deck_id, itertools.count(self.note_id))

    def _check_invalid_html_tags_in_fields(self) -> None:
        pass  # fields are built by lpdeck.text, which escapes everything the author wrote


def _note_ids(guids: Iterable[str]) -> dict[str, int]:
    """Give each GUID a stable id block; collisions are resolved in GUID order, so the result is stable too."""
    taken: set[int] = set()
    ids = {}
    for guid in sorted(set(guids)):
        slot = int.from_bytes(hashlib.sha256(guid.encode()).digest()[:8], "big") % _ID_SLOTS
        while slot in taken:
            slot = (slot + 1) % _ID_SLOTS
        taken.add(slot)
        ids[guid] = _ID_BASE + slot * _CARD_BLOCK
    return ids


def deck_id(name: str) -> int:
    """Return a stable deck id for a deck name (Anki matches decks by name on import; the id only has to be valid)."""
    return _ID_BASE + int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % _ID_SLOTS


def build_package(notes: list[tuple[Note, int]], notetype_mods: dict[str, int], retired: set[str]) -> genanki.Package:
    """Return a genanki Package of ``notes`` (each with its mod), one deck per deck name, in the order given."""
    models = {kind: _Model(nt, notetype_mods[kind]) for kind, nt in NOTETYPES.items()}
    ids = _note_ids(note.guid for note, _ in notes)
    decks: dict[str, genanki.Deck] = {}
    for note, mod in notes:
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
        deck.add_note(_Note(models[note.kind], note, ids[note.guid], mod, note.key in retired))
    return genanki.Package(list(decks.values()))


def write_apkg(package: genanki.Package, path: Path) -> None:
    """Write ``package`` to ``path`` atomically: a temporary file in the same folder, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".lpdeck-", dir=path.parent) as scratch:
        db_path = os.path.join(scratch, "collection.anki2")
        connection = sqlite3.connect(db_path)
        try:
            package.write_to_db(connection.cursor(), 0, itertools.count(_ID_BASE))
            connection.commit()
        finally:
            connection.close()
        zip_path = os.path.join(scratch, "package.apkg")
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, data in (("collection.anki2", Path(db_path).read_bytes()), ("media", b"{}")):
                entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, data)
        replace_file(zip_path, path)


def replace_file(source: str | Path, target: Path) -> None:
    """Move ``source`` over ``target`` atomically, after flushing it to disk."""
    with open(source, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(source, target)
