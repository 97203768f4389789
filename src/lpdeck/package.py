"""Write notes to an ``.apkg`` with genanki: reproducible and compressed.

genanki stamps every note, card and note type with one build time and numbers them from it, and stores the zip
uncompressed. Here each note carries its own ``mod`` and id (from the lock), its cards take the ids after it, new cards
are due in the order of the sources, the zip entries have a fixed date and are deflated, so the same sources and lock
give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from .compile import Note
from .lock import ID_STEP, Shipped
from .notetypes import NOTETYPES, Notetype

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Deflate level 1: three times as fast as the default 6, for a package about a quarter larger (a seventh of genanki's)
_ZIP_LEVEL = 1
_ID_BASE = 1 << 40  # deck ids: above any id Anki would give a deck made by hand before 2004, below 2**53
_ID_SLOTS = 1 << 36
assert all(len(nt.templates) < ID_STEP for nt in NOTETYPES.values())  # card ids stay inside their note's block


class _Model(genanki.Model):
    """A genanki model whose ``mod`` is its own, not the build time."""

    def __init__(self, notetype: Notetype, mod: int):
        super().__init__(
            notetype.id, notetype.name,
            fields=[{"name": name} for name in notetype.fields],
            templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in notetype.templates],
            css=notetype.css,
            model_type=genanki.Model.CLOZE if notetype.cloze else genanki.Model.FRONT_BACK,
        )
        self.mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict:
        return super().to_json(self.mod, deck_id)


class _Note(genanki.Note):
    """A genanki note with its own ``mod`` and id, its cards due at ``position`` among the package's new cards."""

    def __init__(self, model: _Model, note: Note, note_id: int, mod: int, position: int, suspend: bool):
        super().__init__(model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid, due=position)
        self.note_id = note_id
        self.mod = mod
        for card in self.cards:
            card.suspend = suspend

    def write_to_db(self, cursor, timestamp: float, deck_id: int, id_gen) -> None:
        super().write_to_db(cursor, self.mod, deck_id, itertools.count(self.note_id))

    def _check_invalid_html_tags_in_fields(self) -> None:
        pass  # fields are built by lpdeck.text, which escapes everything the author wrote


def deck_id(name: str) -> int:
    """Return a stable deck id for a deck name (Anki matches decks by name on import; the id only has to be valid)."""
    return _ID_BASE + int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % _ID_SLOTS


@functools.lru_cache(maxsize=64)
def _model(notetype: Notetype, digest: str, mod: int) -> _Model:
    # shared by the packages of a build (the digest covers the templates' text): genanki renders every template once
    # per field for each new instance
    return _Model(notetype, mod)


class _Package(genanki.Package):
    """A genanki package that writes the collection's deck and note type tables once, not once for every deck."""

    def write_to_db(self, cursor, timestamp: float, id_gen) -> None:
        cursor.executescript(APKG_SCHEMA)
        cursor.executescript(APKG_COL)
        decks = json.loads(cursor.execute("SELECT decks FROM col").fetchone()[0])
        deck_of_model: dict[genanki.Model, int] = {}  # as genanki does: a note type's deck is the last deck using it
        for deck in self.decks:
            decks[str(deck.deck_id)] = deck.to_json()
            for note in deck.notes:
                deck_of_model[note.model] = deck.deck_id
        models = {str(model.model_id): model.to_json(timestamp, did) for model, did in deck_of_model.items()}
        cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks), json.dumps(models)))
        for deck in self.decks:
            for note in deck.notes:
                note.write_to_db(cursor, timestamp, deck.deck_id, id_gen)


def build_package(notes: list[Shipped], notetype_mods: dict[str, int], retired: set[str]) -> genanki.Package:
    """Return a genanki Package of ``notes``, one deck per deck name; new cards are due in the order given."""
    models = {kind: _model(nt, nt.digest, notetype_mods[kind]) for kind, nt in NOTETYPES.items()}
    decks: dict[str, genanki.Deck] = {}
    for position, (note, mod, note_id) in enumerate(notes):
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
        deck.add_note(_Note(models[note.kind], note, note_id, mod, position, note.key in retired))
    return _Package(list(decks.values()))


def write_apkg(package: genanki.Package, path: Path) -> None:
    """Write ``package`` to ``path``; the caller writes it to a staging folder and moves it into place."""
    with tempfile.TemporaryDirectory(prefix=".lpdeck-", dir=path.parent) as scratch:
        db_path = os.path.join(scratch, "collection.anki2")
        _write_collection(package, db_path)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL) as archive:
            # streamed from the file: the collection of a large deck is never held in memory
            with open(db_path, "rb") as database, archive.open(_zip_entry("collection.anki2"), "w") as stored:
                shutil.copyfileobj(database, stored, 1 << 20)
            archive.writestr(_zip_entry("media"), b"{}")


def _zip_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    # an entry's own level (the archive's applies only to entries named by a string): Python 3.13 made it public
    setattr(entry, "compress_level" if hasattr(entry, "compress_level") else "_compresslevel", _ZIP_LEVEL)
    return entry


def _write_collection(package: genanki.Package, db_path: str) -> None:
    connection = sqlite3.connect(db_path)
    try:
        # a scratch file, zipped then deleted, never needs to survive a crash: no journal, no waiting for the disk
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        package.write_to_db(connection.cursor(), 0, itertools.count(_ID_BASE))
        connection.commit()
    finally:
        connection.close()
