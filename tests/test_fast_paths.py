"""The shortcuts taken for speed and memory (docs/benchmarks.md) give what the straightforward code gave."""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lpdeck.build import load_sources
from lpdeck.cards.decks import compile_sources
from lpdeck.cards.notetypes import NO_CARD, NOT_MADE, NOTETYPES, Notetype
from lpdeck.cards.text import _markdown, _may_be_markdown, _plain_paragraphs
from lpdeck.errors import SourceError
from lpdeck.ship import apkg, lock_json
from lpdeck.ship import lock as lockfile
from lpdeck.ship.apkg import build_package, deck_id, write_apkg
from lpdeck.ship.atomic import write_text_atomic
from lpdeck.sources.load import _parse, parse
from lpdeck.sources.workspace import resolve
from lpdeck.sources.yaml_tree import _lines_holding
from sources import STORY, WALKTHROUGH, write_sources

TEXT = st.text(alphabet=st.sampled_from(list(" \t\n-+*_\\0123456789.)ab\u2028é")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_markdown_hint_misses_nothing_markdown_would_render(text):
    """A text the hint sends down the fast path (html.escape alone) comes out as the Markdown renderer would give it."""
    candidate = text.strip()
    if not _may_be_markdown(candidate):
        rendered = _markdown().render(candidate).strip()
        if rendered.startswith("<p>") and rendered.endswith("</p>"):
            rendered = rendered[3:-4]
        assert rendered == html.escape(candidate, quote=False)


LOCKED = st.builds(
    lockfile.LockedNote,
    kind=st.sampled_from(["step", "mcq"]), deck=st.text(max_size=8),
    fields=st.lists(st.text(max_size=8), max_size=3).map(tuple), tags=st.lists(st.text(max_size=5), max_size=2).map(tuple),
    mod=st.integers(0, 2**40), id=st.integers(0, 2**50), retired=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=6), LOCKED, max_size=4), st.dictionaries(st.text(max_size=4), st.tuples(st.text(max_size=4), st.integers(0, 9))))
def test_lock_text_written_in_blocks_is_json_dumps_with_indent_1(notes, notetypes):
    text = lock_json.to_json(lockfile.Lock(notes, notetypes))
    # json.loads keeps the order, so the text is json.dumps(indent=1) exactly when dumping what it holds gives it back
    assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n"


def test_a_large_lock_is_written_block_by_block(tmp_path):
    notes = {f"walk/item-{i}": lockfile.LockedNote("probe", "LP Interview::Walk 💭", (f"field {i}", "<b>x</b>"), ("a", "b"),
                                                   1_750_000_000, 10 * (i + 1)) for i in range(3000)}
    lock = lockfile.Lock(notes, {"probe": ("abc", 1)})
    blocks = list(lock_json.json_blocks(lock))
    assert len(blocks) > 2  # never one string holding the whole lock
    write_text_atomic(tmp_path / "lpdeck.lock", iter(blocks))
    # the lock format, written out: sorted keys, one-space indent, text as UTF-8
    expected = {"version": 1, "notetypes": {"probe": {"hash": "abc", "mod": 1}}, "notes": {
        key: {"kind": "probe", "id": 10 * (i + 1), "mod": 1_750_000_000, "deck": "LP Interview::Walk 💭",
              "tags": ["a", "b"], "fields": [f"field {i}", "<b>x</b>"]}
        for key, i in sorted((f"walk/item-{i}", i) for i in range(3000))}}
    text = (tmp_path / "lpdeck.lock").read_text(encoding="utf-8")
    assert text == json.dumps(expected, indent=1, ensure_ascii=False) + "\n"
    assert text == lock_json.to_json(lock)
    assert lock_json.read(tmp_path / "lpdeck.lock") == lock


def _where(text: str) -> tuple[int, int]:
    """The 1-based line and column of ``text`` in WALKTHROUGH, found by searching, not by parsing."""
    line = next(number for number, line in enumerate(WALKTHROUGH.splitlines(), 1) if text in line)
    return line, WALKTHROUGH.splitlines()[line - 1].index(text) + 1


# (path, where its value starts, where its key starts): counted in the text by hand
POSITIONS = [
    (("title",), "Tiny walk", "title:"),
    (("probes", 0, "weak"), "I sent a Slack", "weak: I sent"),
    (("quiz", 0, "options", "c"), "I coordinated", "c: I coordinated"),
    (("levels", 0, "length"), "2.5-3 minutes", "length:"),
]


def test_positions_found_on_demand_are_the_ones_recorded_while_parsing():
    eager = _parse("walk.yaml", WALKTHROUGH, positions=True)
    lazy = parse("walk.yaml", WALKTHROUGH)
    assert lazy.data == eager.data and eager.values and eager.keys
    for path, value, key in POSITIONS:
        assert lazy.position(path) == _where(value) == eager.values[path]
        assert lazy.position(path, of_key=True) == _where(key) == eager.keys[path]
    assert lazy.position(("quiz", 0, "answer", 1)) == (_where("[b, c]")[0], _where("[b, c]")[1] + 4)
    for key in eager.values:
        assert lazy.position(key) == eager.values[key]
    for key in eager.keys:
        assert lazy.position(key, of_key=True) == eager.keys[key]


class _ReferenceModel(genanki.Model):
    """The straightforward way: a genanki model whose ``mod`` is its own."""

    def __init__(self, notetype: Notetype, mod: int):
        super().__init__(notetype.id, notetype.name, fields=[{"name": name} for name in notetype.fields],
                         templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in notetype.templates],
                         css=notetype.css, model_type=genanki.Model.CLOZE if notetype.cloze else genanki.Model.FRONT_BACK)
        self.mod, self.kind, self.template_names = mod, notetype.kind, [t.name for t in notetype.templates]

    def to_json(self, timestamp, deck_id):
        return super().to_json(self.mod, deck_id)

    @property
    def _req(self):
        # genanki reads a front that never renders (a template kept for its note type's identity) as needing every
        # field: corrected, as lpdeck corrects it, to no card
        req = super()._req
        return [[index, "any", []] if (self.kind, name) in NO_CARD else entry
                for (index, *_), entry, name in zip(req, req, self.template_names, strict=True)]


class _ReferenceNote(genanki.Note):
    """The straightforward way: a genanki note with its own ``mod`` and id, due at its position in the package."""

    def __init__(self, model, note, note_id, mod, position, suspend):
        super().__init__(model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid, due=position)
        self.note_id, self.mod = note_id, mod
        for card in self.cards:
            card.suspend = suspend

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.mod, deck_id, itertools.count(self.note_id))


def _genanki_tables(notes, notetype_mods, retired) -> dict:
    """The tables genanki's own write path gives (deck by deck, rewriting the JSON each time) for ``notes``."""
    models = {kind: _ReferenceModel(nt, notetype_mods[kind]) for kind, nt in NOTETYPES.items()}
    decks: dict[str, genanki.Deck] = {}
    for position, (note, mod, note_id) in enumerate(notes):
        deck = decks.setdefault(note.deck, genanki.Deck(deck_id(note.deck), note.deck))
        deck.add_note(_ReferenceNote(models[note.kind], note, note_id, mod, position, note.key in retired))
    connection = sqlite3.connect(":memory:")
    genanki.Package(list(decks.values())).write_to_db(connection.cursor(), 0, itertools.count(1 << 40))
    return _tables(connection)


def _apkg_tables(path: Path, scratch: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        archive.extract("collection.anki2", scratch)
    return _tables(sqlite3.connect(scratch / "collection.anki2"))


def _tables(connection: sqlite3.Connection) -> dict:
    decks, models = connection.execute("SELECT decks, models FROM col").fetchone()
    return {
        "notes": connection.execute("SELECT * FROM notes ORDER BY id").fetchall(),
        "cards": connection.execute("SELECT * FROM cards ORDER BY id").fetchall(),
        # genanki's own way leaves a note type twice in the JSON (as "123" and as 123); Anki, like json.loads, keeps
        # the last: the one a single write gives
        "decks": json.loads(decks),
        "models": json.loads(models),
    }


def test_package_tables_written_once_are_the_ones_genanki_writes_deck_by_deck(tmp_path):
    second = STORY.replace("story: tiny-story", "story: other-story").replace("The tiny story", "The other story")
    folder = write_sources(tmp_path / "decks")
    (folder / "other.yaml").write_text(second, encoding="utf-8")
    (folder / "walk2.yaml").write_text(WALKTHROUGH.replace("walkthrough: tiny-walk", "walkthrough: other-walk")
                                       .replace("title: Tiny walk", "title: Other walk")
                                       .replace("story: tiny-story", "story: other-story"), encoding="utf-8")
    decks = compile_sources(load_sources(resolve([folder])))
    combined = next(d for d in decks if d.name == "all")
    shipment = lockfile.plan(list(combined.notes), lockfile.Lock(), 1_750_000_000, None)
    retired = {shipment.notes[3].note.key}  # its cards are suspended, as a retired note's are
    package = build_package(shipment.notes, shipment.notetype_mods, retired)
    assert len(package.decks) == 6  # two stories, a question's sub-deck of each, the choice between them, the level
    write_apkg(package, tmp_path / "all.apkg")
    ours = _apkg_tables(tmp_path / "all.apkg", tmp_path)
    genanki_way = _genanki_tables(shipment.notes, shipment.notetype_mods, retired)
    assert ours == genanki_way
    # every note type but Coaching (every step has an example to read) and those no longer made
    assert len(ours["notes"]) == len(combined.notes) and len(ours["models"]) == len(NOTETYPES) - 1 - len(NOT_MADE)
    assert sum(card[7] == -1 for card in ours["cards"]) >= 1  # the queue of the retired note's cards


def test_a_package_made_in_memory_has_the_bytes_of_one_made_in_a_scratch_file(tmp_path, monkeypatch):
    decks = compile_sources(load_sources(resolve([write_sources(tmp_path / "decks")])))
    notes = next(d for d in decks if d.name == "all").notes
    shipment = lockfile.plan(list(notes), lockfile.Lock(), 1_750_000_000, None)
    package = build_package(shipment.notes, shipment.notetype_mods, {shipment.notes[0].note.key})
    apkg._empty_collection.cache_clear()
    in_memory = write_apkg(package, tmp_path / "in-memory.apkg")  # a small package: made in memory
    monkeypatch.setattr(apkg, "_IN_MEMORY", False)  # as Python 3.10 (no serialize) and a large package go
    apkg._empty_collection.cache_clear()
    scratch = write_apkg(package, tmp_path / "scratch.apkg")
    apkg._empty_collection.cache_clear()
    assert (tmp_path / "in-memory.apkg").read_bytes() == (tmp_path / "scratch.apkg").read_bytes()
    assert in_memory == scratch == hashlib.sha256((tmp_path / "scratch.apkg").read_bytes()).hexdigest()
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".apkg"] == ["decks"]  # no scratch file left


def test_the_empty_collection_made_in_memory_has_the_bytes_sqlite_writes_to_a_file(tmp_path):
    connection = sqlite3.connect(tmp_path / "empty.anki2")
    connection.executescript(APKG_SCHEMA + APKG_COL)
    connection.commit()
    connection.close()
    assert apkg._empty_collection()[0] == (tmp_path / "empty.anki2").read_bytes()


# Bits of YAML that make the loader refuse a file or record something beside the data: keys without values,
# comments, anchors, aliases, tags, a second document, a list as a key, a duplicate key, deep nesting.
YAML_BITS = ["", " #c", "# x", ":", "- ", "  ", "&a ", "*a", "!x ", "!!str ", "---\n", "? [k]\n", "'q'", '"\\x54"',
             "title: again\n", "[[[[[[[[[[[[[[[[[[[[[[[[[", "{a: 1}", "x #1", "\n", "\r\n", "a: |\n  b\n", "ü", "é: é"]


@st.composite
def _edited(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from([STORY, WALKTHROUGH])).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        at = draw(st.one_of(st.just(0), st.integers(0, len(lines[index]))))  # a new line, or inside one
        lines[index] = lines[index][:at] + draw(st.sampled_from(YAML_BITS)) + lines[index][at:]
    return "".join(lines)


@settings(max_examples=300, deadline=None)
@given(_edited())
@example(STORY + "title: again\n")
@example(STORY + "[k]: v\n")
def test_the_first_parse_without_positions_gives_what_the_parse_with_positions_gives(text):
    """The loop that skips positions refuses the same files and keeps the same data, comments and empty values."""
    try:
        located = _parse("x.yaml", text, positions=True)
    except SourceError:
        located = None
    try:
        unlocated = _parse("x.yaml", text, positions=False)
    except SourceError:
        unlocated = None
    assert (located is None) == (unlocated is None)
    if located is not None and unlocated is not None:
        assert unlocated.data == located.data
        assert unlocated.commented == set(located.commented)
        assert unlocated.trailing_comments == located.trailing_comments


def test_the_loop_without_positions_records_comments_and_empty_values():
    text = "story: s #1\ntitle: a title # says why\nsteps:\n  - id: #2\n    coaching:\n    example: 'x' # quoted\n"
    doc = _parse("x.yaml", text, positions=False)
    assert doc.data == {"story": "s", "title": "a title", "steps": [{"id": None, "coaching": None, "example": "x"}]}
    assert doc.commented == {("steps", 0, "id")}
    assert doc.trailing_comments == {("story",): (1, 10, "#1"), ("title",): (2, 16, "# says why")}


@pytest.mark.parametrize("spelt", ["TODO: say why", "\\x54ODO: say why", "\\u0054ODO: say why", "TO\\\n  DO: say why"])
def test_a_placeholder_warns_however_it_is_spelt(tmp_path, spelt):
    """Files without "TODO:" skip the search for placeholders; an escape that spells one is still found."""
    walkthrough = WALKTHROUGH.replace("overview: A short overview with {{braces}} and emoji 🚀.",
                                      f'overview: "{spelt}"')
    folder = write_sources(tmp_path / "decks", walkthrough=walkthrough)
    warnings = [str(w) for w in load_sources(resolve([folder])).warnings]
    line = next(number for number, text in enumerate(walkthrough.splitlines(), 1) if text.startswith("overview:"))
    assert warnings == [f"{folder / 'walk.yaml'}:{line}:11: warning: placeholder 'TODO: say why': the walkthrough "
                        "waits for its 'overview' (its cards leave it out until you write it)"]
    assert parse("walk.yaml", walkthrough).may_hold_placeholders
    assert not parse("walk.yaml", WALKTHROUGH).may_hold_placeholders


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab# \n\r\x0b\x0c\x1c\x85\u2028\u2029é")), max_size=30))
def test_lines_holding_a_hash_are_counted_as_splitlines_counts_them(text):
    assert _lines_holding("#", text) == {number for number, line in enumerate(text.splitlines()) if "#" in line}


def _markdown_it(text: str) -> str:
    """What to_html made of a Markdown text before the plain-paragraph shortcut: markdown-it, always."""
    rendered = _markdown().render(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered.replace("\n", "")


_WORD = st.text(alphabet=st.sampled_from(list("aZ09")), min_size=1, max_size=3)

_BOLD = st.lists(st.one_of(_WORD, st.sampled_from([*".,;:!?'\"&<_-#`[]()", "  "])), min_size=1, max_size=4).map(
    lambda parts: "**" + " ".join(parts) + "**")
_PIECE = st.one_of(_WORD, _WORD.map(lambda w: f"**{w}**"), _BOLD, _BOLD.map(lambda bold: bold.replace(" ", "")), st.sampled_from([*".,;:!?\"'&<>_-*#>=`[]()1+", "  ", "\n", "\n\n", "1. "]))
_PARAGRAPHS = st.lists(_PIECE, min_size=1, max_size=10).map(lambda pieces: "".join(
    piece if index == 0 or piece in (".", ",", ";", ":") else " " + piece for index, piece in enumerate(pieces)).strip())
_ANY = st.lists(st.sampled_from([*"ab *\n\\-_.:\"&<>\t1#", "**", "\n\n", "\u00a0"]), max_size=20).map("".join).map(str.strip)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_PARAGRAPHS, _ANY))
@example("a **b** c\n\nd **e f**.")
def test_plain_paragraphs_come_out_as_markdown_it_makes_them(text):
    """The shortcut past markdown-it (plain paragraphs, some of it in bold) gives markdown-it's HTML, or declines."""
    plain = _plain_paragraphs(text)
    if plain is not None:
        assert plain == _markdown_it(text)


def test_the_shortcut_takes_the_usual_markdown():
    assert _plain_paragraphs("I **owned** the fix, & it held.\n\nThen **we shipped it**.") == (
        "<p>I <strong>owned</strong> the fix, &amp; it held.</p><p>Then <strong>we shipped it</strong>.</p>")
    for declined in ["a\nb", "- a", "a **b**c", "a **b.**c", "a\n\n\nb", "a \\*b", "*a*"]:
        assert _plain_paragraphs(declined) is None


def test_a_build_pauses_the_cycle_collector_and_restores_it_whatever_happens(tmp_path, monkeypatch):
    import gc

    import lpdeck.build as build_module
    from lpdeck.errors import SourceError

    seen: list[bool] = []
    compile_for_real = build_module.compile_sources
    monkeypatch.setattr(build_module, "compile_sources", lambda sources, **_: (seen.append(gc.isenabled()),
                                                                          compile_for_real(sources))[1])
    folder = write_sources(tmp_path / "decks")
    build_module.build(resolve([folder], out_dir=tmp_path / "dist"), now=1_700_000_000)
    assert seen == [False] and gc.isenabled()
    (folder / "walk.yaml").write_text("walkthrough: [", encoding="utf-8")
    with pytest.raises(SourceError):
        build_module.build(resolve([folder], out_dir=tmp_path / "dist"), now=1_700_000_000)
    assert gc.isenabled()
