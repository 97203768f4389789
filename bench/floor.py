"""The floor: the least a YAML → .apkg tool must do to write what ``lpdeck build`` writes, with no validation.

Reads the same files with PyYAML's C loader, builds the same notes (same note types, templates and CSS, the same
number of notes and fields, text HTML-escaped, lists as ``<ul>``, stable GUIDs, a few tags), and writes the same
packages as lpdeck (one per walkthrough with its story's notes, plus ``all.apkg``) with genanki's defaults:
``Package.write_to_file``, which stores the zip uncompressed.

    python bench/floor.py SOURCES_DIR OUT_DIR
"""

from __future__ import annotations

import html
import os
import sys
import tempfile
from pathlib import Path

import genanki
import yaml

from lpdeck.notetypes import NOTETYPES  # templates and CSS only: no pydantic, no validation

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
}
STORY_SECTIONS = (("steps", "step"), ("phrases", "phrase"), ("probes", "probe"))
WALKTHROUGH_SECTIONS = (("probes", "probe"), ("weak_answers", "flaw"), ("quiz", "mcq"), ("angles", "angle"),
                        ("levels", "level"))


def render(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{html.escape(str(v), quote=False)}</li>" for v in value) + "</ul>"
    if isinstance(value, dict):
        return "<ol>" + "".join(f"<li>{html.escape(str(v), quote=False)}</li>" for v in value.values()) + "</ol>"
    return html.escape(str(value).strip(), quote=False)


def make_note(models: dict, kind: str, item: dict, special: dict, scope: str, tags: list[str]) -> genanki.Note:
    fields = [special[key] if key[0] == "@" else render(item.get(key)) for key in FIELDS[kind]]
    return genanki.Note(models[kind], fields, tags=tags + [f"kind::{kind}"],
                        guid=genanki.guid_for("floor", scope, str(item.get("id", "#overview"))))


def main(source: Path, out: Path) -> None:
    models = {kind: genanki.Model(nt.id, nt.name, fields=[{"name": f} for f in nt.fields],
                                  templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in nt.templates],
                                  css=nt.css)
              for kind, nt in NOTETYPES.items()}
    stories, walkthroughs = {}, []
    for path in sorted(p for p in source.rglob("*") if p.suffix in (".yaml", ".yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if "story" in data and "walkthrough" not in data:
            stories[data["story"]] = data
        else:
            walkthroughs.append(data)
    story_decks = {}
    for sid, story in stories.items():
        deck = story_decks[sid] = genanki.Deck(abs(hash(sid)) % (1 << 40), f"LP Interview::Story · {story['title']}")
        special = {"@title": render(story["title"]), "@context": render(story["title"])}
        for section, kind in STORY_SECTIONS:
            for item in story.get(section, ()):
                deck.add_note(make_note(models, kind, item, special, sid, [f"story::{sid}"]))
    out.mkdir(parents=True, exist_ok=True)
    every_deck = []
    for walk in walkthroughs:
        wid, sid = walk["walkthrough"], walk["story"]
        deck = genanki.Deck(abs(hash(wid)) % (1 << 40), f"LP Interview::{walk['title']}")
        special = {"@title": render(stories[sid]["title"]), "@context": render(walk["question"])}
        tags = [f"walkthrough::{wid}", f"story::{sid}", "LP::" + walk["lp"].replace(" ", "_")]
        deck.add_note(make_note(models, "overview", walk, special, wid, tags))
        for section, kind in WALKTHROUGH_SECTIONS:
            for item in walk.get(section, ()):
                deck.add_note(make_note(models, kind, item, special, wid, tags))
        genanki.Package([deck, story_decks[sid]]).write_to_file(out / f"{wid}.apkg")
        every_deck.append(deck)
    genanki.Package(every_deck + list(story_decks.values())).write_to_file(out / "all.apkg")


if __name__ == "__main__":
    # genanki leaves its temporary collection files behind: keep them in a folder removed at the end, in memory
    # (/dev/shm) where there is one, since a scratch database never needs to reach the disk
    with tempfile.TemporaryDirectory(prefix="floor-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as scratch:
        tempfile.tempdir = scratch
        main(Path(sys.argv[1]), Path(sys.argv[2]))
        tempfile.tempdir = None
