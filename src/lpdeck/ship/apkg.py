"""Write notes to an ``.apkg``: an Anki collection (SQLite) in a deflated zip, the same bytes for the same input.

lpdeck writes the note and card rows itself; from genanki (pinned ``genanki>=0.13.1,<0.14``) it takes only what
defines the format, and ``tests/test_genanki_seam.py`` fails, naming the change, if a genanki release alters any of it:

- ``genanki.apkg_schema.APKG_SCHEMA``: the SQL of the legacy collection (tables ``col``, ``notes``, ``cards``,
  ``revlog``, ``graves`` and their indexes). lpdeck inserts into ``notes`` and ``cards`` by column name.
- ``genanki.apkg_col.APKG_COL``: the one ``col`` row: collection settings, the Default deck and deck options, which
  Anki's importer expects to find. lpdeck adds its decks and note types to that row's JSON.
- ``genanki.Model.to_json(mod, deck_id)``: a note type as Anki stores it (fields, templates, CSS, LaTeX defaults) and
  its ``req``, which front fields each card needs. A note gets only the cards whose ``req`` its fields meet, as
  genanki decides; lpdeck reads ``req`` from the JSON and sets ``mod`` and ``did`` itself.
- ``genanki.Deck.to_json()``: a deck as Anki stores it.
- ``genanki.guid_for`` (in lpdeck.cards.compile): every note's GUID. Anki matches notes by GUID only, so a release that
  hashed differently would turn every note into a new one for every user: the pin protects that above all.

genanki's own write path (``Package.write_to_file``) is not used: it stamps every note, card and note type with the
build time, numbers ids from it, rewrites the deck and note type JSON once per deck and stores the zip uncompressed.
Here each note carries its own ``mod`` and id (from the lock), its cards take the ids after it, new cards are due in
the order given, the cards of notes passed as retired are suspended (no build passes any: tests/test_retire.py
measures what Anki does with such a package), and the zip entries have a fixed date and are deflated.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..cards.compile import Note
from ..cards.genanki_import import genanki
from ..cards.keyphrases import cloze_ordinals
from ..cards.notetypes import NO_CARD, NOTETYPES, Notetype
from .atomic import file_digest
from .lock import ID_STEP, Shipped

APKG_SCHEMA: str = genanki.apkg_schema.APKG_SCHEMA
APKG_COL: str = genanki.apkg_col.APKG_COL

NOTE_COLUMNS = ("id", "guid", "mid", "mod", "usn", "tags", "flds", "sfld", "csum", "flags", "data")
CARD_COLUMNS = ("id", "nid", "did", "ord", "mod", "usn", "type", "queue", "due", "ivl", "factor", "reps", "lapses",
                "left", "odue", "odid", "flags", "data")
SUSPENDED, NEW = -1, 0  # a card's queue
_INSERT_NOTE = f"INSERT INTO notes ({', '.join(NOTE_COLUMNS)}) VALUES ({', '.join('?' * len(NOTE_COLUMNS))})"
_INSERT_CARD = f"INSERT INTO cards ({', '.join(CARD_COLUMNS)}) VALUES ({', '.join('?' * len(CARD_COLUMNS))})"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Deflate level 1: three times as fast as the default 6, for a package about a quarter larger
_ZIP_LEVEL = 1
# A package of up to this many notes (a few MB) is made in memory; a larger one (all.apkg) in a scratch file, so a
# large build's memory stays flat. Python 3.10's sqlite3 cannot serialize a collection: it uses the scratch file.
_IN_MEMORY_NOTES = 2000
_IN_MEMORY = sys.version_info >= (3, 11)
_ID_BASE = 1 << 40  # deck ids: above any id Anki would give a deck made by hand before 2004, below 2**53
_ID_SLOTS = 1 << 36
assert all(len(nt.templates) < ID_STEP for nt in NOTETYPES.values())  # card ids stay inside their note's block


@dataclass(frozen=True)
class Package:
    """The notes of one package, grouped by deck name in order of first appearance, each with its due position."""

    decks: dict[str, list[tuple[int, Shipped]]]
    notetype_mods: dict[str, int]
    retired: set[str]


def deck_id(name: str) -> int:
    """Return a stable deck id for a deck name (Anki matches decks by name on import; the id only has to be valid)."""
    return _ID_BASE + int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % _ID_SLOTS


def build_package(notes: list[Shipped], notetype_mods: dict[str, int], retired: set[str]) -> Package:
    """Return the package of ``notes``, one deck per deck name; new cards are due in the order given."""
    decks: dict[str, list[tuple[int, Shipped]]] = {}
    for position, shipped in enumerate(notes):
        decks.setdefault(shipped.note.deck, []).append((position, shipped))
    return Package(decks, notetype_mods, retired)


def write_apkg(package: Package, path: Path) -> str:
    """Write ``package`` to ``path`` (in a staging folder: the caller moves it into place); return its SHA-256."""
    if _IN_MEMORY and sum(len(notes) for notes in package.decks.values()) <= _IN_MEMORY_NOTES:
        archive = io.BytesIO()  # all in memory, then one write
        _zip_collection(io.BytesIO(_collection_in_memory(package)), archive)
        path.write_bytes(archive.getbuffer())
        return hashlib.sha256(archive.getbuffer()).hexdigest()
    scratch = path.with_name(f".{path.name}.anki2")
    try:
        _write_collection(package, scratch)
        with open(scratch, "rb") as database:
            _zip_collection(database, path)
    finally:
        scratch.unlink(missing_ok=True)
    return file_digest(path) or ""


def _zip_collection(database: BinaryIO, path: Path | BinaryIO) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL) as archive:
        # streamed from what it is given: a large deck's collection comes from its scratch file, never whole in memory
        with archive.open(_zip_entry("collection.anki2"), "w") as stored:
            shutil.copyfileobj(database, stored, 1 << 20)
        archive.writestr(_zip_entry("media"), b"{}")


def _zip_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    # an entry's own level (the archive's applies only to entries named by a string): Python 3.13 made it public
    setattr(entry, "compress_level" if hasattr(entry, "compress_level") else "_compresslevel", _ZIP_LEVEL)
    return entry


def _collection_in_memory(package: Package) -> bytes:
    """The collection file of ``package``, made in memory: no scratch file to write, read back and delete."""
    if sys.version_info >= (3, 11):
        connection = sqlite3.connect(":memory:")
        try:
            connection.deserialize(_empty_collection()[0])
            _fill(connection, package)
            return connection.serialize()
        finally:
            connection.close()
    raise NotImplementedError("sqlite3 serializes from Python 3.11 on: write_apkg takes the scratch file before")


def _write_collection(package: Package, db_path: Path) -> None:
    db_path.write_bytes(_empty_collection()[0])
    connection = sqlite3.connect(db_path)
    try:
        _fill(connection, package)
    finally:
        connection.close()


def _fill(connection: sqlite3.Connection, package: Package) -> None:
    """Add the decks, note types, notes and cards of ``package`` to an empty collection."""
    # a scratch collection, zipped then dropped, never needs to survive a crash: no journal, no waiting for the disk
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("UPDATE col SET decks = ?, models = ?",
                       _decks_and_models_json(package, json.loads(_empty_collection()[1])))
    connection.executemany(_INSERT_NOTE, _note_rows(package))
    connection.executemany(_INSERT_CARD, _card_rows(package))
    connection.commit()


@functools.cache
def _empty_collection() -> tuple[bytes, str]:
    """Return genanki's empty collection (APKG_SCHEMA with APKG_COL's row) as file bytes, and its decks JSON.

    Made once per process and copied for every package: running the SQL again for each of hundreds of packages
    costs more than the package's own rows.
    """
    if sys.version_info >= (3, 11):
        # SQLite's memdb, which fills in the file header as a file's (":memory:" leaves some of it zero)
        connection = sqlite3.connect("file:lpdeck-empty?vfs=memdb", uri=True)
        try:
            decks = _schema_and_col(connection)
            empty = connection.serialize()
        finally:
            connection.close()
        return empty, decks
    with tempfile.TemporaryDirectory(prefix="lpdeck-") as folder:
        path = Path(folder, "empty.anki2")
        connection = sqlite3.connect(path)
        try:
            decks = _schema_and_col(connection)
        finally:
            connection.close()
        return path.read_bytes(), decks


def _schema_and_col(connection: sqlite3.Connection) -> str:
    """Make an empty collection in ``connection``; return its decks JSON."""
    connection.executescript(APKG_SCHEMA + APKG_COL)
    connection.commit()
    (decks,) = connection.execute("SELECT decks FROM col").fetchone()
    return str(decks)


def _decks_and_models_json(package: Package, decks: dict[str, Any]) -> tuple[str, str]:
    """Return the ``col`` row's decks JSON (``decks`` plus the package's) and models JSON (the note types it uses)."""
    deck_of_kind: dict[str, int] = {}  # as genanki decides: a note type's default deck is the last deck using it
    for name, notes in package.decks.items():
        did = deck_id(name)
        decks[str(did)] = genanki.Deck(did, name).to_json()
        for kind in dict.fromkeys(shipped.note.kind for _, shipped in notes):
            deck_of_kind[kind] = did
    # each note type's JSON text is rendered once (templates and CSS are most of a package's JSON); only its mod and
    # deck are written here, as the first keys of its object
    models = ", ".join(f'"{NOTETYPES[kind].id}": {{"mod": {package.notetype_mods[kind]}, "did": {did}, '
                       + _notetype_json(NOTETYPES[kind], NOTETYPES[kind].digest)[0][1:]
                       for kind, did in deck_of_kind.items())
    return json.dumps(decks), "{" + models + "}"


@functools.lru_cache(maxsize=2 * len(NOTETYPES))
def _notetype_json(notetype: Notetype, digest: str) -> tuple[str, list[list[Any]]]:
    """Return a note type's JSON text without its ``mod`` and ``did``, and its ``req``; rendered once per process.

    genanki renders every front template once per field to find ``req``, and a build writes hundreds of packages
    of the same eight note types. The key holds the digest (all of the note type's text): a changed template is
    rendered again.
    """
    model = genanki.Model(notetype.id, notetype.name, fields=[{"name": name} for name in notetype.fields],
                          templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in notetype.templates],
                          css=notetype.css,
                          model_type=genanki.Model.CLOZE if notetype.cloze else genanki.Model.FRONT_BACK)
    rendered = model.to_json(0, None)
    del rendered["mod"], rendered["did"]
    for index, template in enumerate(notetype.templates):  # genanki reads a never-rendering front as "all fields"
        if (notetype.kind, template.name) in NO_CARD:
            rendered["req"][index] = [index, "any", []]  # any of no field: never
    return json.dumps(rendered), rendered["req"]


def _note_rows(package: Package) -> Iterator[tuple[object, ...]]:
    for notes in package.decks.values():
        for _, (note, mod, note_id) in notes:
            yield (note_id, note.guid, NOTETYPES[note.kind].id, mod, -1, _tags(note), "\x1f".join(note.fields),
                   note.fields[0], 0, 0, "")


def _card_rows(package: Package) -> Iterator[tuple[object, ...]]:
    for name, notes in package.decks.items():
        did = deck_id(name)
        ordinals = card_ordinals(shipped.note for _, shipped in notes)
        for (position, (note, mod, note_id)), ords in zip(notes, ordinals, strict=True):
            queue = SUSPENDED if note.key in package.retired else NEW
            for card_id, ord_ in enumerate(ords, start=note_id + 1):
                yield (card_id, note_id, did, ord_, mod, -1, 0, queue, position, 0, 0, 0, 0, 0, 0, 0, 0, "")


def card_ordinals(notes: Iterable[Note]) -> Iterator[list[int]]:
    """Each note's cards as its package holds them (and Anki makes them): the ordinals of the templates whose
    required fields are filled, or of a cloze note's deletions."""
    req = {kind: _notetype_json(nt, nt.digest)[1] for kind, nt in NOTETYPES.items()}
    for note in notes:
        if NOTETYPES[note.kind].cloze:
            yield cloze_ordinals(note.fields[0])
        else:
            yield list(_card_ords(req[note.kind], note.fields))


def _card_ords(req: list[list[Any]], fields: tuple[str, ...]) -> Iterator[int]:
    """The templates a note gets a card of: those whose required fields are filled ("all") or one of them ("any")."""
    for ord_, mode, required in req:
        if (all if mode == "all" else any)(fields[i] for i in required):
            yield ord_


def _tags(note: Note) -> str:
    joined = " ".join(note.tags)
    if joined.count(" ") > max(len(note.tags) - 1, 0):  # Anki splits tags at spaces: one would silently become two
        raise ValueError(f"tag with a space in note {note.key}: {note.tags}")
    return f" {joined} "
