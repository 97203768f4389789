"""Your level: `lpdeck init --level` writes it to the workspace's lpdeck.yaml, `--level` overrides it for one run, and
the Level cards a collection gets are that level's (the others, once shipped, retire with their history kept)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection

from check_counts import counted_problems
from conftest import DECKS, import_package, run_cli
from regen_support import review, review_count

LEVEL_TAG = re.compile(r"^level::(SDE1|SDE2|Senior)$")
SOON = (date.today() + timedelta(days=60)).isoformat()  # an interview date `plan --by` takes


def _example(tmp_path: Path, monkeypatch, *init: str) -> Path:
    """A workspace holding the repository's example (its story has a Level item for each of the three levels)."""
    monkeypatch.chdir(tmp_path)
    made = run_cli("init", "ws", "--example", *init)
    assert made.exit_code == 0, made.output
    monkeypatch.chdir(tmp_path / "ws")
    return tmp_path / "ws"


def _set_level(root: Path, line: str) -> None:
    """Edit lpdeck.yaml by hand, as its owner would: the level line replaced."""
    settings = root / "lpdeck.yaml"
    text = settings.read_text(encoding="utf-8")
    edited = re.sub(r"^#? ?level: .*$", line, text, count=1, flags=re.MULTILINE)
    assert edited != text
    settings.write_text(edited, encoding="utf-8")


def _live_notes(apkg: Path, folder: Path) -> dict[str, str | None]:
    """Every note a fresh collection gets from ``apkg`` that is not retired: its GUID and its level (None: no Level)."""
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        import_package(col, apkg)
        notes = {}
        for note in map(col.get_note, col.find_notes("-tag:lpdeck::retired")):
            levels = [tag.split("::")[1] for tag in note.tags if LEVEL_TAG.match(tag)]
            notes[note.guid] = levels[0] if levels else None
        return notes
    finally:
        col.close()


def _source_levels() -> set[str]:
    """The levels the example's sources have Level items for, read with PyYAML."""
    return {item["level"] for path in DECKS.rglob("*.yaml")
            for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("levels", [])}


def test_init_writes_the_level_to_a_settings_file_the_user_can_edit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = run_cli("init", "ws", "--level", "sde2")
    assert made.exit_code == 0, made.output
    assert "wrote ws/lpdeck.yaml" in made.stdout.splitlines()
    text = (tmp_path / "ws" / "lpdeck.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"level": "SDE2"}  # any case on the command line, the format's spelling in the file
    assert "docs/settings.md" in text  # the file says where it is explained
    assert run_cli("init", "every").exit_code == 0
    assert yaml.safe_load((tmp_path / "every" / "lpdeck.yaml").read_text(encoding="utf-8")) is None  # every level
    refused = run_cli("init", "bad", "--level", "SDE3")
    assert refused.exit_code == 2 and "'SDE3' is not one of" in refused.stderr
    assert not (tmp_path / "bad").exists()


def test_the_setting_and_the_override_choose_the_level_cards_a_fresh_collection_gets(tmp_path, monkeypatch):
    root = _example(tmp_path, monkeypatch)
    assert run_cli("build").exit_code == 0
    every = _live_notes(root / "dist" / "all.apkg", tmp_path / "every")
    assert set(every.values()) - {None} == _source_levels() == {"SDE1", "SDE2", "Senior"}
    others = {guid for guid, level in every.items() if level is None}

    def only(level: str) -> set[str]:
        return others | {guid for guid, at in every.items() if at == level}

    _set_level(root, "level: sde2")  # by hand, in any case
    built = run_cli("build")
    assert built.exit_code == 0, built.output
    assert "already up to date" not in built.stdout  # the level is part of what a build reads
    assert set(_live_notes(root / "dist" / "all.apkg", tmp_path / "sde2")) == only("SDE2")

    built = run_cli("build", "--level", "Senior")  # for one run: the file still says SDE2
    assert built.exit_code == 0, built.output
    assert set(_live_notes(root / "dist" / "all.apkg", tmp_path / "senior")) == only("Senior")
    assert yaml.safe_load((root / "lpdeck.yaml").read_text(encoding="utf-8")) == {"level": "sde2"}

    assert run_cli("build", "--level", "all").exit_code == 0
    assert set(_live_notes(root / "dist" / "all.apkg", tmp_path / "all")) == set(every)


def test_switching_level_retires_the_other_levels_notes_and_keeps_their_history(tmp_path, monkeypatch, ankiconnect):
    root = _example(tmp_path, monkeypatch)
    assert run_cli("push", "--url", ankiconnect.url).exit_code == 0
    col = Collection(str(ankiconnect.collection_path))
    try:
        held = {note.guid: note for note in map(col.get_note, col.find_notes(""))}
        senior = col.find_cards("tag:level::Senior")
        assert senior and col.find_cards("tag:level::SDE1") and col.find_cards("tag:level::SDE2")
        review(col, senior[0])
    finally:
        col.close()

    _set_level(root, "level: SDE2")
    pushed = run_cli("push", "--url", ankiconnect.url)
    assert pushed.exit_code == 0, pushed.output
    col = Collection(str(ankiconnect.collection_path))
    try:
        notes = {note.guid: note for note in map(col.get_note, col.find_notes(""))}
        assert set(notes) == set(held)  # nothing added twice, nothing deleted
        for note in notes.values():
            level = next((tag for tag in note.tags if LEVEL_TAG.match(tag)), None)
            retired = "lpdeck::retired" in note.tags
            assert retired == (level in {"level::SDE1", "level::Senior"}), (level, note.tags)
        assert review_count(col, senior[0]) == 1  # the Senior card keeps its review
    finally:
        col.close()
    lock = json.loads((root / "decks" / "lpdeck.lock").read_text(encoding="utf-8"))
    retired = sorted(key for key, entry in lock["notes"].items() if entry.get("retired"))
    assert retired and all(key.startswith(("webhook-drops/sde1", "webhook-drops/senior", "all/#length:SDE1",
                                           "all/#length:Senior")) for key in retired), retired


@pytest.mark.parametrize(("text", "problem"), [
    ("level: Senoir\n", "1:8: unknown level 'Senoir'; did you mean 'Senior'?"),
    ("level: x\n", "1:8: unknown level 'x'; expected one of 'SDE1', 'SDE2', 'Senior' (in any case), or 'all' for "
                   "every level"),
    ("# my level\nlevle: SDE2\n", "2:1: unknown setting 'levle'; did you mean 'level'?"),
    ("level: [SDE1, SDE2]\n", "1:8: expected one level ('SDE1', 'SDE2', 'Senior' or 'all'), found a list"),
    ("- level: SDE2\n", "1:1: expected settings as `key: value` lines, like `level: SDE2`; found a list"),
    ("level: 'SDE2\n", "1:8: YAML syntax error: the quoted text that starts here is never closed"),
])
def test_a_bad_settings_file_is_a_clean_error_at_its_position_and_nothing_is_written(text, problem, tmp_path,
                                                                                       monkeypatch):
    root = _example(tmp_path, monkeypatch)
    (root / "lpdeck.yaml").write_text(text, encoding="utf-8")
    for command in (["check"], ["build"], ["stats"], ["preview"], ["plan", "--by", SOON]):
        result = run_cli(*command)
        said = f"lpdeck.yaml:{problem}\n"
        said += counted_problems(said) if command == ["check"] else ""
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", said), command
    monkeypatch.chdir(root / "decks" / "stories")  # the path is said from where the command runs
    assert run_cli("build").stderr == f"../../lpdeck.yaml:{problem}\n"
    assert not (root / "dist").exists() and not (root / "decks" / "lpdeck.lock").exists()


def test_a_settings_file_of_comments_or_an_empty_level_means_every_level(tmp_path, monkeypatch):
    root = _example(tmp_path, monkeypatch, "--level", "Senior")
    counts = {}
    for name, text in (("senior", None), ("comments", "# nothing set\n"), ("empty", "level:\n"), ("all", "level: ALL\n")):
        if text is not None:
            (root / "lpdeck.yaml").write_text(text, encoding="utf-8")
        stats = run_cli("stats")
        assert stats.exit_code == 0, stats.output
        counts[name] = int(re.search(r"· level (\d+)", stats.stdout)[1])
    assert counts["comments"] == counts["empty"] == counts["all"] > counts["senior"] > 0


def test_every_command_that_compiles_takes_the_level_for_one_run(tmp_path, monkeypatch):
    _example(tmp_path, monkeypatch)

    def said(*args: str) -> list[str]:
        out = []
        for level in ("all", "sde2"):
            result = run_cli(*args, "--level", level)
            assert result.exit_code == 0, result.output
            out.append(result.stdout)
        return out

    # the example's story has 9 Level notes: SDE1's focus, reflection, bar and length, SDE2's reflection, Senior's four
    assert [int(re.search(r"· level (\d+)", out)[1]) for out in said("stats")] == [9, 1]
    cards = [int(re.search(r": (\d+) cards", out)[1]) for out in said("preview")]
    assert cards[0] - cards[1] == 8  # a Level note makes one card
    met = [int(re.search(r"^cards to meet: (\d+)", out, re.MULTILINE)[1]) for out in said("plan", "--by", SOON)]
    assert met[0] - met[1] == 8
    assert said("check") == ["ok: 5 walkthroughs, 1 story; 0 problems, 0 warnings, 0 open placeholders\n"] * 2
    wrong = run_cli("stats", "--level", "SDE3")
    assert wrong.exit_code == 2 and "Invalid value for '--level'" in wrong.stderr


@pytest.mark.parametrize("text,meant", [("SDE3", "Senior"), ("sde III", "Senior"), ("SDE II", "SDE2"), ("Senoir", "Senior"),
                                        ("SDE 1", "SDE1")])
def test_a_level_by_another_name_is_refused_with_the_level_meant(text, meant):
    from lpdeck.sources.settings import level_named

    with pytest.raises(ValueError, match=rf"^unknown level '{text}'; did you mean '{meant}'\?$"):
        level_named(text)

