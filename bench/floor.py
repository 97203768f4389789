"""Two floors for ``lpdeck build``: what a YAML → .apkg tool with no validation does to write the same packages.

Both read the same files with PyYAML's C loader and build the same notes (same note types, templates and CSS, the same
number of notes and fields, text HTML-escaped, lists as ``<ul>``, stable GUIDs, a few tags) into the same packages as
lpdeck (one per walkthrough with its story's notes, plus ``all.apkg``). They differ only in how they write them:

- ``genanki``: genanki's default write path, ``Package.write_to_file``: a genanki object per note and card, one
  ``INSERT`` per row, the deck and note type JSON read, rewritten and re-encoded once per deck (so a package of n decks
  costs O(n²)), and a zip stored uncompressed.
- ``lean``: the same rows written straight to SQLite in genanki's schema (``APKG_SCHEMA``, ``APKG_COL``, run once
  and the empty file copied for each package) with ``executemany``, each note type's JSON rendered once per run and
  the decks and note types written once per package, then deflated into the zip at lpdeck's level (1), streamed
  from a scratch file beside the package.

    python bench/floor.py {genanki,lean} SOURCES_DIR OUT_DIR
"""

from __future__ import annotations

import html
import itertools
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import genanki
import yaml
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from lpdeck.cards.notetypes import (
    NOTETYPES,  # templates and CSS only: no pydantic, no validation
)

# note kind -> the source key behind each of its fields ("@title": the story title, "@context": the question)
FIELDS = {
    "overview": ("question", "lp", "@title", "overview", "takeaways"),
    "step": ("step", "@title", "step", "target", "example", "phrases", "coaching", "mistakes"),
    "phrase": ("weak", "strong", "why", "@context"),
    "probe": ("question", "probes", "weak", "weak_why", "strong", "key_phrase", "@context"),
    "flaw": ("answer", "critique", "verdict", "@context"),
    "mcq": ("question", "options", "answer", "explanation", "@context"),
    "angle": ("lp", "lead", "emphasize", "downplay", "@context"),
    "level": ("level", "focus", "reflection", "bar", "length", "@context"),
    "read": ("step", "step", "@title", "example", "coaching", "mistakes"),
    "cloze": ("example", "step", "@title"),
    "tell": ("question", "@title", "@target", "@lengths", "@outline", "@numbers", "@telling"),
    "which-story-2": ("question", "@title", "lp", "@opening"),
}
# As lpdeck's cards ask one thing each: a step is also a Read note and a key-phrase (cloze) note; a level is one
# note per text it has.
LEVEL_TEXTS = ("focus", "reflection", "bar", "length")
STORY_SECTIONS = (("steps", "step"), ("phrases", "phrase"), ("probes", "probe"))
WALKTHROUGH_SECTIONS = (("probes", "probe"), ("weak_answers", "flaw"), ("quiz", "mcq"), ("angles", "angle"),
                        ("levels", "level"))
ZIP_LEVEL = 1  # lpdeck's
COMMON_QUESTIONS = Path(__file__).resolve().parents[1] / "src" / "lpdeck" / "sources" / "common_questions.yaml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class FloorNote(NamedTuple):
    kind: str
    guid: str
    fields: list[str]
    tags: list[str]


class FloorDeck(NamedTuple):
    id: int
    name: str
    notes: list[FloorNote]


def render(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{html.escape(str(v), quote=False)}</li>" for v in value) + "</ul>"
    if isinstance(value, dict):
        return "<ol>" + "".join(f"<li>{html.escape(str(v), quote=False)}</li>" for v in value.values()) + "</ol>"
    return html.escape(str(value).strip(), quote=False)


def make_note(kind: str, item: dict[str, Any], special: dict[str, str], scope: str, tags: list[str],
              suffix: str = "") -> FloorNote:
    fields = [special[key] if key[0] == "@" else render(item.get(key)) for key in FIELDS[kind]]
    return FloorNote(kind, genanki.guid_for("floor", scope, str(item.get("id", "#overview")) + suffix), fields,
                     [*tags, f"kind::{kind}"])


def item_notes(kind: str, item: dict[str, Any], special: dict[str, str], scope: str,
               tags: list[str]) -> list[FloorNote]:
    """The notes lpdeck makes of one item: one, or a step's three, or one per text of a level."""
    if kind == "step":
        return [make_note(kind, item, special, scope, tags), make_note("read", item, special, scope, tags, "#r"),
                make_note("cloze", item, special, scope, tags, "#k")]
    if kind == "level":
        return [make_note(kind, {k: v for k, v in item.items() if k not in LEVEL_TEXTS or k == text}, special, scope,
                          tags, f"#{text}") for text in LEVEL_TEXTS if item.get(text)]
    return [make_note(kind, item, special, scope, tags)]


def make_deck(name: str) -> FloorDeck:
    return FloorDeck((1 << 40) + zlib.crc32(name.encode()), name, [])


def read_packages(source: Path) -> list[tuple[str, list[FloorDeck]]]:
    """Parse every YAML file and return each package's file name and decks."""
    stories, walkthroughs = {}, []
    for path in sorted(p for p in source.rglob("*") if p.suffix in (".yaml", ".yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if "story" in data and "walkthrough" not in data:
            stories[data["story"]] = data
        else:
            walkthroughs.append(data)
    story_decks, told = {}, {}
    for sid, story in stories.items():
        deck = story_decks[sid] = make_deck(f"LP Interview::Story · {story['title']}")
        special = {"@title": render(story["title"]), "@context": render(story["title"])}
        for section, kind in STORY_SECTIONS:
            for item in story.get(section, ()):
                deck.notes.extend(item_notes(kind, item, special, sid, [f"story::{sid}"]))
        told[sid] = telling(story)
    packages, every_deck = [], []
    choice = make_deck("LP Interview::Which story")
    for walk in walkthroughs:
        wid, sid = walk["walkthrough"], walk["story"]
        deck = make_deck(f"LP Interview::{walk['title']}")
        special = {"@title": render(stories[sid]["title"]), "@context": render(walk["question"]), **told[sid]}
        tags = [f"walkthrough::{wid}", f"story::{sid}", "LP::" + walk["lp"].replace(" ", "_")]
        deck.notes.append(make_note("overview", walk, special, wid, tags))
        deck.notes.append(make_note("tell", walk, special, wid, tags, "#tell"))
        for section, kind in WALKTHROUGH_SECTIONS:
            for item in walk.get(section, ()):
                deck.notes.extend(item_notes(kind, item, special, wid, tags))
        packages.append((f"{wid}.apkg", [deck, story_decks[sid]]))
        every_deck.append(deck)
    if len(stories) > 1:  # the choice between stories: two common questions a principle
        common = yaml.load(COMMON_QUESTIONS.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["questions"]
        for lp in sorted({walk["lp"] for walk in walkthroughs}):
            serving = [render(stories[w["story"]]["title"]) for w in walkthroughs if w["lp"] == lp]
            for question in [q for q in common if q["lp"] == lp][:2]:
                choice.notes.append(make_note("which-story-2", question, {"@title": serving[0], "@opening": render(
                    question["listen_for"])}, "all", ["LP::" + lp.replace(" ", "_")]))
    packages.append(("all.apkg", every_deck + list(story_decks.values()) + ([choice] if len(stories) > 1 else [])))
    return packages


def telling(story: dict[str, Any]) -> dict[str, str]:
    """What a Tell-it note of the story shows: the total target, the level lengths, the outline, the whole telling."""
    steps = story.get("steps", ())
    return {"@target": str(sum(int(step["target"].rstrip("s")) for step in steps)),
            "@lengths": render([level["length"] for level in story.get("levels", ()) if level.get("length")]),
            "@outline": "<ol>" + "".join(f"<li>{render(step['step'])} {render(step['target'])} "
                                         f"{render(step.get('phrases'))}</li>" for step in steps) + "</ol>",
            "@numbers": "", "@telling": "".join(f"<div>{render(step.get('example'))}</div>" for step in steps)}


def genanki_models() -> dict[str, genanki.Model]:
    return {kind: genanki.Model(nt.id, nt.name, fields=[{"name": f} for f in nt.fields],
                                templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in nt.templates],
                                css=nt.css)
            for kind, nt in NOTETYPES.items()}


def write_genanki(packages: list[tuple[str, list[FloorDeck]]], out: Path) -> None:
    """genanki's default path: genanki objects, ``Package.write_to_file``."""
    models = genanki_models()
    for file_name, decks in packages:
        genanki_decks = []
        for deck in decks:
            genanki_deck = genanki.Deck(deck.id, deck.name)
            for note in deck.notes:
                genanki_deck.add_note(genanki.Note(models[note.kind], note.fields, tags=note.tags, guid=note.guid))
            genanki_decks.append(genanki_deck)
        genanki.Package(genanki_decks).write_to_file(out / file_name)


def note_rows(decks: list[FloorDeck], first_id: int, now: int) -> Iterator[tuple[object, ...]]:
    """The notes table's rows; note ids ten apart, as each note's cards take the ids after it."""
    notes = (note for deck in decks for note in deck.notes)
    for index, note in enumerate(notes):
        yield (first_id + 10 * index, note.guid, NOTETYPES[note.kind].id, now, -1, " " + " ".join(note.tags) + " ",
               "\x1f".join(note.fields), note.fields[0], 0, 0, "")


def card_rows(decks: list[FloorDeck], first_id: int, now: int,
              cards_of: dict[str, int]) -> Iterator[tuple[object, ...]]:
    """The cards table's rows: one card per template, new, due in the order of the notes."""
    index = 0
    for deck in decks:
        for note in deck.notes:
            note_id = first_id + 10 * index
            for ord_ in range(cards_of[note.kind]):
                yield (note_id + 1 + ord_, note_id, deck.id, ord_, now, -1, 0, 0, index, 0, 0, 0, 0, 0, 0, 0, 0, "")
            index += 1


def write_lean(packages: list[tuple[str, list[FloorDeck]]], out: Path) -> None:
    """The same rows straight to SQLite in genanki's schema, then a deflated zip."""
    now = int(time.time())
    rendered = {kind: model.to_json(now, None) for kind, model in genanki_models().items()}
    models_json = {kind: json.dumps(model) for kind, model in rendered.items()}
    cards_of = {kind: len(model["tmpls"]) for kind, model in rendered.items()}
    ids = itertools.count(now * 1000, 1 << 24)  # a block of ids per package
    empty = out / ".empty.anki2"  # the schema and col row, made once and copied for every package
    connection = sqlite3.connect(empty)
    connection.executescript(APKG_SCHEMA + APKG_COL)
    empty_decks = connection.execute("SELECT decks FROM col").fetchone()[0]
    connection.close()
    for file_name, decks in packages:
        scratch = out / f".{file_name}.anki2"
        shutil.copyfile(empty, scratch)
        connection = sqlite3.connect(scratch)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        deck_json = json.loads(empty_decks)
        kinds: dict[str, None] = {}
        for deck in decks:
            deck_json[str(deck.id)] = genanki.Deck(deck.id, deck.name).to_json()
            kinds.update(dict.fromkeys(note.kind for note in deck.notes))
        models = "{" + ", ".join(f'"{NOTETYPES[kind].id}": {models_json[kind]}' for kind in kinds) + "}"
        connection.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(deck_json), models))
        first_id = next(ids)
        connection.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows(decks, first_id, now))
        connection.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                               card_rows(decks, first_id, now, cards_of))
        connection.commit()
        connection.close()
        with zipfile.ZipFile(out / file_name, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
            entry = zipfile.ZipInfo("collection.anki2", date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            setattr(entry, "compress_level" if hasattr(entry, "compress_level") else "_compresslevel", ZIP_LEVEL)
            with open(scratch, "rb") as database, archive.open(entry, "w") as stored:
                shutil.copyfileobj(database, stored, 1 << 20)
            archive.writestr("media", "{}")
        scratch.unlink()
    empty.unlink()


def main(writer: str, source: Path, out: Path) -> None:
    packages = read_packages(source)
    out.mkdir(parents=True, exist_ok=True)
    if writer == "genanki":
        # genanki leaves its temporary collection files behind: keep them in a folder removed at the end, in memory
        # (/dev/shm) where there is one, since a scratch database never needs to reach the disk
        shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
        with tempfile.TemporaryDirectory(prefix="floor-", dir=shm) as scratch:
            tempfile.tempdir = scratch
            write_genanki(packages, out)
            tempfile.tempdir = None
    else:
        write_lean(packages, out)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("genanki", "lean"):
        sys.exit(__doc__.splitlines()[-1].strip())
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
