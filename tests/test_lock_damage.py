"""Every damaged lock is refused with exit status 1, its position where it has one, what is wrong and what to do.

Each case damages the lock of a small built project, in text, bytes or parsed JSON, and runs `lpdeck build` on it: no
case may reach "a bug" (exit 70), show a traceback, or write anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli
from regen_support import Project

T = 1_750_000_000
KEY = "walk-a/first-step"
Mutation = Callable[[bytes], bytes]


def _data(change: Callable[[dict], object]) -> Mutation:
    """Change the parsed lock (``change`` edits it in place, or returns a replacement) and write it back as JSON."""
    def mutate(raw: bytes) -> bytes:
        data = json.loads(raw)
        replaced = change(data)
        return json.dumps(data if replaced is None else replaced, indent=1, ensure_ascii=False).encode() + b"\n"
    return mutate


def _note(field: str, value: object) -> Mutation:
    return _data(lambda data: data["notes"][KEY].__setitem__(field, value))


def _text(old: str, new: str) -> Mutation:
    def mutate(raw: bytes) -> bytes:
        text = raw.decode()
        assert old in text, old
        return text.replace(old, new, 1).encode()
    return mutate


def _mod_text(value: str) -> Mutation:
    return lambda raw: re.sub(rb'("walk-a/first-step": \{[^}]*?"mod": )\d+', lambda m: m.group(1) + value.encode(),
                              raw, count=1)


def _rename_key(new: str) -> Mutation:
    return _data(lambda data: data["notes"].__setitem__(new, data["notes"].pop(KEY)))


POSITION = r"decks/lpdeck\.lock:\d+:\d+: "
NOTE = POSITION + re.escape(KEY) + ": "
CASES: dict[str, tuple[Mutation, str]] = {
    "empty file": (lambda raw: b"", r"decks/lpdeck\.lock:1:1: not valid JSON \(Expecting value\)"),
    "cut in half": (lambda raw: raw[: len(raw) // 2], POSITION + "not valid JSON"),
    "merge conflict": (_text(' "notes": {\n', '<<<<<<< HEAD\n "notes": {\n'), POSITION + "not valid JSON"),
    "trailing comma": (_text('"version": 1,', '"version": 1,,'), POSITION + "not valid JSON"),
    "UTF-16": (lambda raw: raw.decode().encode("utf-16"), r"decks/lpdeck\.lock:1:1: the lock is UTF-16 text"),
    "byte order mark": (lambda raw: b"\xef\xbb\xbf" + raw, r"decks/lpdeck\.lock:1:1: the lock starts with a byte order"),
    "invalid UTF-8": (lambda raw: raw.replace(b"Walk A", b"Walk \xff", 1), POSITION + r"not UTF-8 text \(byte 0xff\)"),
    "truncated character": (lambda raw: raw.rstrip() + b"\xe2\x80",
                            POSITION + r"not UTF-8 text \(byte 0xe2, a character cut short\)"),
    "NaN mod": (_mod_text("NaN"), POSITION + "NaN is not a number a lock holds"),
    "infinite mod": (_mod_text("Infinity"), POSITION + "Infinity is not a number a lock holds"),
    "minus infinite mod": (_mod_text("-Infinity"), POSITION + "-Infinity is not a number a lock holds"),
    "overflowing float mod": (_mod_text("1e400"), NOTE + "'mod' must be a whole number from 1 to 2\\*\\*53 - 1"),
    "mod of 5000 digits": (_mod_text("9" * 5000), r"decks/lpdeck\.lock: Exceeds the limit"),
    "nested deeply": (lambda raw: b"[" * 100_000, r"decks/lpdeck\.lock: nested too deeply to be a lock"),
    "a list": (lambda raw: b"[]\n", r"decks/lpdeck\.lock: the lock must be a JSON object, not \[\]"),
    "version 2": (_data(lambda d: d.__setitem__("version", 2)), POSITION + "unsupported lock version 2"),
    "version as text": (_data(lambda d: d.__setitem__("version", "1")), POSITION + 'unsupported lock version "1"'),
    "no notes": (_data(lambda d: d.pop("notes") and None), r"decks/lpdeck\.lock: 'notes' must be an object, not null"),
    "notes a list": (_data(lambda d: d.__setitem__("notes", [])), POSITION + "'notes' must be an object, not \\[\\]"),
    "notetypes a list": (_data(lambda d: d.__setitem__("notetypes", [])), POSITION + "'notetypes' must be an object"),
    "unknown top field": (_data(lambda d: d.__setitem__("extra", 1)), POSITION + 'unknown field "extra"'),
    "note a text": (_data(lambda d: d["notes"].__setitem__(KEY, "x")), NOTE + 'must be an object, not "x"'),
    "key without a slash": (_rename_key("walk-a"), POSITION + "note key \"walk-a\" must be 'scope/item'"),
    "key without an item": (_rename_key("walk-a/"), POSITION + "note key \"walk-a/\" must be 'scope/item'"),
    "key with a space": (_rename_key("walk-a/first step"), POSITION + "note key \"walk-a/first step\" must be"),
    "bogus kind": (_note("kind", "bogus"), NOTE + 'unknown kind "bogus"'),
    "kind a number": (_note("kind", 3), NOTE + "unknown kind 3"),
    "deck a number": (_note("deck", 7), NOTE + "'deck' must be a non-empty text, not 7"),
    "deck empty": (_note("deck", ""), NOTE + "'deck' must be a non-empty text"),
    "fields a text": (_note("fields", "abc"), NOTE + "'fields' must be a list of texts"),
    "fields nested": (_note("fields", [["a"], "b"]), NOTE + "'fields' must be a list of texts"),
    "field a number": (_note("fields", ["a", 1]), NOTE + "'fields' must be a list of texts"),
    "tag with a space": (_note("tags", ["kind::probe", "two words"]), NOTE + "'tags' must not be empty or hold spaces"),
    "tag empty": (_note("tags", [""]), NOTE + "'tags' must not be empty or hold spaces"),
    "tags a text": (_note("tags", "kind::probe"), NOTE + "'tags' must be a list of texts"),
    "id 2**63": (_note("id", 2**63), NOTE + "'id' must be a whole number from 1 to 2\\*\\*53 - 1, not 9223372036854775808"),
    "id at the edge": (_note("id", 2**53 - 5), NOTE + "'id' must be below 2\\*\\*53 - 10"),
    "id zero": (_note("id", 0), NOTE + "'id' must be a whole number from 1"),
    "id negative": (_note("id", -10), NOTE + "'id' must be a whole number from 1"),
    "id a float": (_note("id", 1.5e12), NOTE + "'id' must be a whole number from 1"),
    "id a text": (_note("id", "1750000000000"), NOTE + "'id' must be a whole number from 1"),
    "id true": (_note("id", True), NOTE + "'id' must be a whole number from 1 to 2\\*\\*53 - 1, not true"),
    "mod negative": (_note("mod", -1), NOTE + "'mod' must be a whole number from 1 to 2\\*\\*53 - 1, not -1"),
    "mod zero": (_note("mod", 0), NOTE + "'mod' must be a whole number from 1"),
    "mod true": (_note("mod", True), NOTE + "'mod' must be a whole number from 1 to 2\\*\\*53 - 1, not true"),
    "mod huge": (_note("mod", 10**30), NOTE + "'mod' must be a whole number from 1"),
    "retired a text": (_note("retired", "yes"), NOTE + "'retired' must be true or false"),
    "no mod": (_data(lambda d: d["notes"][KEY].pop("mod") and None), NOTE + 'no "mod"'),
    "unknown note field": (_note("extra", 1), NOTE + 'unknown field "extra"'),
    "two notes share an id": (_data(lambda d: d["notes"]["walk-b/risk"].__setitem__("id", d["notes"][KEY]["id"])),
                              POSITION + "walk-b/risk and walk-a/first-step share the id|walk-a/first-step and "
                                         "walk-b/risk share the id"),
    "unknown note type": (_data(lambda d: d["notetypes"].__setitem__("bogus", {"hash": "x", "mod": 1})),
                          POSITION + 'unknown note type "bogus"'),
    "note type mod negative": (_data(lambda d: d["notetypes"]["probe"].__setitem__("mod", -5)),
                               POSITION + "note type probe: 'mod' must be a whole number"),
    "note type a list": (_data(lambda d: d["notetypes"].__setitem__("probe", [1])),
                         POSITION + "note type probe must be an object with 'hash' and 'mod'"),
    "note type hash a number": (_data(lambda d: d["notetypes"]["probe"].__setitem__("hash", 5)),
                                POSITION + "note type probe: 'hash' must be a non-empty text"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("built") / "project")
    project.build(now=T)
    return project


@pytest.mark.parametrize("case", CASES)
def test_damaged_lock_is_refused_with_its_position_and_what_to_do(case, built, tmp_path, monkeypatch):
    mutate, expected = CASES[case]
    project = built.copy(tmp_path / "project")
    damaged = mutate(project.lock_path.read_bytes())
    assert damaged != built.lock_path.read_bytes()
    project.lock_path.write_bytes(damaged)
    before = _snapshot(project.root)
    monkeypatch.chdir(project.root)
    project.edit("walk-a", "I waited.", "I waited a day.")  # a build would otherwise have something to write
    result = run_cli("build", "decks", "-o", "dist")
    assert result.exit_code == 1, result.output
    assert re.match(expected, result.stderr), result.stderr
    assert "restore decks/lpdeck.lock from version control" in result.stderr and "--new-lock" in result.stderr
    assert "Traceback" not in result.output and "Error:" not in result.stderr
    after = _snapshot(project.root)
    after.pop("decks/walk-a.yaml"), before.pop("decks/walk-a.yaml")
    assert after == before  # nothing written


def test_the_table_covers_the_damage_the_issue_names():
    assert len(CASES) >= 40


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_new_lock_starts_over_from_a_damaged_lock_and_no_mod_goes_backwards(built, tmp_path, monkeypatch):
    project = built.copy(tmp_path / "project")
    project.lock_path.write_bytes(b"\xff")
    monkeypatch.chdir(project.root)
    result = run_cli("build", "decks", "-o", "dist", "--new-lock")
    assert result.exit_code == 0, result.output
    mods = [note["mod"] for note in project.lock()["notes"].values()]
    assert min(mods) > T  # a new lock's notes are all newer than anything shipped at T


def test_new_lock_starts_above_every_mod_a_damaged_lock_still_shows(built, tmp_path, monkeypatch):
    project = built.copy(tmp_path / "project")
    text = project.lock_path.read_text()
    project.lock_path.write_text(_mod_text("4000000000")(text.encode()).decode() + "<<<<<<< HEAD\n")
    monkeypatch.chdir(project.root)
    assert run_cli("build", "decks", "-o", "dist").exit_code == 1
    result = run_cli("build", "decks", "-o", "dist", "--new-lock")
    assert result.exit_code == 0, result.output
    assert min(note["mod"] for note in project.lock()["notes"].values()) == 4_000_000_001
