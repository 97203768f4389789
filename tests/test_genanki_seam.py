"""The genanki internals lpdeck relies on (listed in lpdeck.ship.apkg's docstring) are still what lpdeck expects.

A genanki release that changes any of them fails here, naming what changed, before it can change what users import.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from lpdeck.cards.notetypes import NOTETYPES
from lpdeck.ship.apkg import CARD_COLUMNS, NOTE_COLUMNS

PIN = "genanki>=0.13.1,<0.14"
SEAM = "see the docstring of lpdeck.ship.apkg for what lpdeck uses and why"


def _collection() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.executescript(APKG_SCHEMA + APKG_COL)
    return connection


def _columns(connection: sqlite3.Connection, table: str) -> list[tuple[str, bool]]:
    return [(name, bool(not_null)) for _, name, _, not_null, _, _ in connection.execute(f"PRAGMA table_info({table})")]


def test_the_pin_in_pyproject_is_the_one_this_seam_was_checked_against() -> None:
    pyproject = Path(__file__).parents[1].joinpath("pyproject.toml").read_text(encoding="utf-8")
    assert f'"{PIN}"' in pyproject, f"the genanki pin changed from {PIN}: re-check the seam ({SEAM})"
    major, minor, patch = (int(part) for part in genanki.__version__.split(".")[:3])
    assert (0, 13, 1) <= (major, minor, patch) < (0, 14, 0), f"genanki {genanki.__version__} is outside {PIN}"


def test_guid_for_still_hashes_as_it_did() -> None:
    # Anki matches notes by GUID only: a different hash would make every note new for every user on the next import
    assert genanki.guid_for("lpdeck", "tiny-walk", "slack") == "d^t+HBnH3%", "genanki.guid_for hashes differently"
    assert genanki.guid_for("lpdeck", "story-é", "step-1") == genanki.guid_for("lpdeck", "story-é", "step-1")


def test_the_schema_creates_every_table_and_exactly_the_columns_lpdeck_writes() -> None:
    connection = _collection()
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"col", "notes", "cards", "revlog", "graves"} <= tables, f"APKG_SCHEMA's tables are now {sorted(tables)}"
    for table, written in (("notes", NOTE_COLUMNS), ("cards", CARD_COLUMNS)):
        columns = _columns(connection, table)
        # lpdeck inserts by name: a new NOT NULL column would fail every insert, a renamed one would lose a value
        assert [name for name, _ in columns] == list(written), \
            f"APKG_SCHEMA's {table} columns are now {columns}, lpdeck writes {written}"
    assert {"decks", "models"} <= {name for name, _ in _columns(connection, "col")}, "APKG_SCHEMA's col table changed"


def test_the_col_row_is_one_row_with_the_default_deck_and_options_and_no_note_types() -> None:
    connection = _collection()
    rows = connection.execute("SELECT decks, models, dconf, conf FROM col").fetchall()
    assert len(rows) == 1, f"APKG_COL now inserts {len(rows)} col rows"
    decks, models, dconf, conf = (json.loads(text) for text in rows[0])
    assert decks["1"]["name"] == "Default", "APKG_COL's Default deck changed"
    assert "1" in dconf and conf, "APKG_COL's deck options or settings changed"
    # lpdeck replaces the models JSON with its own note types: anything genanki put there would be lost
    assert models == {}, f"APKG_COL now holds note types: {list(models)}"


def test_model_to_json_has_the_keys_lpdeck_relies_on() -> None:
    for notetype in NOTETYPES.values():
        model = genanki.Model(notetype.id, notetype.name, fields=[{"name": name} for name in notetype.fields],
                              templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back}
                                         for t in notetype.templates], css=notetype.css)
        rendered = model.to_json(1_750_000_000, 123)
        # lpdeck drops mod and did and writes its own; sfld is the first field, every card is of type 0 (not cloze)
        assert (rendered.get("mod"), rendered.get("did")) == (1_750_000_000, 123), \
            f"Model.to_json no longer stores mod and did as given: {sorted(rendered)}"
        assert (rendered.get("id"), rendered.get("sortf"), rendered.get("type")) == (str(notetype.id), 0, 0), \
            "Model.to_json's id, sortf or type changed"
        assert [f["name"] for f in rendered["flds"]] == list(notetype.fields), "Model.to_json's flds changed"
        assert [t["name"] for t in rendered["tmpls"]] == [t.name for t in notetype.templates], \
            "Model.to_json's tmpls changed"
        assert rendered.get("css") == notetype.css, "Model.to_json's css changed"
        # which cards a note gets: one [ord, "any"|"all", [field ords]] per template (else a card silently vanishes)
        req = rendered.get("req")
        assert isinstance(req, list) and [entry[0] for entry in req] == list(range(len(notetype.templates))), \
            f"Model.to_json's req for {notetype.kind} is now {req}"
        for _, mode, required in req:
            assert mode in ("any", "all") and required, f"Model.to_json's req for {notetype.kind} is now {req}"
            assert all(0 <= i < len(notetype.fields) for i in required), f"req names fields that are not there: {req}"


def test_deck_to_json_stores_the_id_and_name_given() -> None:
    rendered = genanki.Deck(1 << 40, "LP Interview::Ownership").to_json()
    assert (rendered.get("id"), rendered.get("name")) == (1 << 40, "LP Interview::Ownership"), \
        f"Deck.to_json changed: {rendered}"


def test_a_package_has_the_schema_genanki_gives(tmp_path) -> None:
    """lpdeck builds the indexes after the rows: the package still holds every table and index, as APKG_SCHEMA has them."""
    import zipfile

    from lpdeck.cards.compile import Note
    from lpdeck.ship.apkg import build_package, write_apkg
    from lpdeck.ship.lock import Shipped

    fields = ("Q",) + ("",) * (len(NOTETYPES["probe"].fields) - 1)
    note = Note("walk/x", "probe", "g", fields, ("t",), "LP Interview::X")
    write_apkg(build_package([Shipped(note, 1, 10)], {"probe": 1}, set()), tmp_path / "x.apkg")
    with zipfile.ZipFile(tmp_path / "x.apkg") as archive:
        (tmp_path / "x.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "x.anki2")
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
    assert connection.execute(query).fetchall() == _collection().execute(query).fetchall(), \
        f"a package's tables and indexes are no longer APKG_SCHEMA's ({SEAM})"


_NOTETYPES_JSON = """
import json, sys
{first}
from lpdeck.cards.notetypes import NOTETYPES
from lpdeck.ship.apkg import _notetype_json
print(json.dumps([_notetype_json(nt, nt.digest) for nt in NOTETYPES.values()]))
print(json.dumps(sorted(name for name in ("asyncio", "cached_property") if name in sys.modules)))
"""


def _run(first: str) -> list[str]:
    code = _NOTETYPES_JSON.format(first=first)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()


def test_genanki_imported_by_lpdeck_renders_the_note_types_as_with_its_own_cached_property() -> None:
    # lpdeck hands genanki functools.cached_property while it is imported (lpdeck.cards.genanki_import): no asyncio
    ours, theirs = _run(""), _run("import cached_property, genanki")
    assert ours[0] == theirs[0]  # every note type's JSON and req, as genanki's backport computes them
    assert (ours[1], theirs[1]) == ("[]", '["asyncio", "cached_property"]')
