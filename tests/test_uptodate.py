"""A build whose inputs did not change since the last one writes nothing and says what a full build would say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lpdeck.build as build_module
from conftest import run_cli
from lpdeck.ship.record import MANIFEST_NAME
from regen_support import Project

T = 1_700_000_000


@pytest.fixture
def project(project_here) -> Project:
    return project_here


def _cli(*args: str) -> tuple[list[str], list[str]]:
    """Build decks/ into dist/; return stdout's and stderr's lines."""
    result = run_cli("build", "decks", "-o", "dist", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines(), result.stderr.splitlines()


def _forget_last_build(project: Project) -> None:
    """Take the last build's record out of the manifest, so the next build goes the whole way."""
    manifest = json.loads((project.dist / MANIFEST_NAME).read_text(encoding="utf-8"))
    del manifest["last_build"]
    (project.dist / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def _loads(monkeypatch) -> list[int]:
    """Count the builds that load the sources (the whole way), leaving the loading as it is."""
    calls: list[int] = []
    original = build_module.load_sources

    def counted(paths):
        calls.append(1)
        return original(paths)

    monkeypatch.setattr(build_module, "load_sources", counted)
    return calls


def _stamps(project: Project) -> dict[str, int]:
    files = [*project.dist.iterdir(), project.lock_path]
    return {path.name: path.stat().st_mtime_ns for path in files}


def test_nothing_changed_nothing_loaded_or_written_and_the_same_words_as_a_full_build(project, monkeypatch):
    project.edit("walk-b", "weak_why: Naive.", "weak_why: 'TODO: say why'")  # a warning to repeat
    _cli()
    loads = _loads(monkeypatch)
    stamps = _stamps(project)
    quick = _cli()
    assert loads == []
    assert _stamps(project) == stamps
    _forget_last_build(project)
    full = _cli()
    assert loads == [1]
    assert quick == full
    assert quick[0] == ["3 packages in dist: 3 already up to date, not rewritten"]  # no package said to be written
    no_angle = ("warning: story 'outage' has no angle for {}: add one to its angles (what to lead with, stress and "
                "keep short for it), so its cards say how to tell it for this question")
    assert quick[1] == [f"decks/walk-a.yaml:4:5: {no_angle.format('Ownership')}",
                        f"decks/walk-b.yaml:4:5: {no_angle.format('Bias for Action')}",
                        "decks/walk-b.yaml:11:15: warning: placeholder 'TODO: say why': probes item 'risk' waits "
                        "for its 'weak_why' (its cards leave it out until you write it)"]


def test_a_partial_build_repeats_what_it_left_out(project, monkeypatch):
    first = run_cli("build", "decks/walk-a.yaml", "decks/stories", "-o", "dist").stdout
    loads = _loads(monkeypatch)
    again = run_cli("build", "decks/walk-a.yaml", "decks/stories", "-o", "dist").stdout.splitlines()
    assert loads == []
    assert first.splitlines()[0].startswith("wrote dist/walk-a.apkg: 8 notes ")
    assert again == ["did not write dist/all.apkg: these sources are only part of the lock's; build the whole folder "
                     "for it", "1 package in dist: 1 already up to date, not rewritten"]


@pytest.mark.parametrize("change", ["source", "new file", "removed file", "package", "lock", "leftover", "record"])
def test_any_changed_input_or_output_builds_the_whole_way(project, monkeypatch, change):
    _cli()
    loads = _loads(monkeypatch)
    if change == "source":
        project.edit("walk-a", "I waited.", "I waited a day.")
    elif change == "new file":
        (project.decks / "walk-c.yaml").write_text(project.files["walk-b"].read_text().replace("walk-b", "walk-c"))
    elif change == "removed file":
        project.files["walk-b"].unlink()
    elif change == "package":
        (project.dist / "walk-b.apkg").write_bytes(b"damaged")
    elif change == "lock":
        project.lock_path.write_text(project.lock_path.read_text() + " ")
    elif change == "leftover":
        (project.dist / ".lpdeck-abcd1234").mkdir()
    else:
        manifest = json.loads((project.dist / MANIFEST_NAME).read_text())
        manifest["last_build"]["decks"] = [{"name": 1}]
        (project.dist / MANIFEST_NAME).write_text(json.dumps(manifest))
    out, _ = _cli()
    assert loads == [1], out
    if change == "package":
        assert (project.dist / "walk-b.apkg").read_bytes()[:2] == b"PK"
    if change == "leftover":
        assert not (project.dist / ".lpdeck-abcd1234").exists()


def test_a_source_saved_again_unchanged_is_not_a_change(project, monkeypatch):
    _cli()
    loads = _loads(monkeypatch)
    project.files["walk-a"].write_bytes(project.files["walk-a"].read_bytes())
    _cli()
    assert loads == []


@pytest.mark.parametrize("options", [("--dry-run",), ("--new-lock",), ("-o", "elsewhere"), ("--lock", "other.lock")])
def test_other_options_build_the_whole_way(project, monkeypatch, options):
    _cli()
    if options[0] == "--lock":
        project.lock_path.rename(project.root / "other.lock")
    loads = _loads(monkeypatch)
    result = run_cli("build", "decks", "-o", "dist", *options)
    assert result.exit_code == 0, result.output
    assert loads == [1]


def test_locked_passes_without_loading_when_nothing_changed(project, monkeypatch):
    _cli()
    loads = _loads(monkeypatch)
    _cli("--locked")
    assert loads == []


def test_a_build_that_writes_no_package_says_what_a_full_one_would(project, monkeypatch):
    assert run_cli("build", "decks/stories/outage.yaml", "-o", "dist").exit_code == 0  # a story alone: no package
    loads = _loads(monkeypatch)
    quick = run_cli("build", "decks/stories/outage.yaml", "-o", "dist").stdout
    assert loads == []
    _forget_last_build(project)
    assert run_cli("build", "decks/stories/outage.yaml", "-o", "dist").stdout == quick
    assert loads == [1]
    assert "already up to date" not in quick


def test_a_notes_digest_changes_with_anything_its_package_holds_of_it():
    from lpdeck.cards.compile import Note
    from lpdeck.ship.lock import Shipped
    from lpdeck.ship.record import note_digests

    def note(fields=("a", "b", "", "t"), tags=("story::s",), deck="deck"):
        return Note(key="s/x", kind="phrase", guid="guid", fields=fields, tags=tags, deck=deck)

    variants = {
        "same": Shipped(note(), 1, 10), "field": Shipped(note(fields=("a", "c", "", "t")), 1, 10),
        "a NUL at a boundary": Shipped(note(fields=("a\0b", "", "", "t")), 1, 10),
        "a field made a tag": Shipped(note(fields=("a", "b", ""), tags=("t", "story::s")), 1, 10),
        "mod": Shipped(note(), 2, 10), "id": Shipped(note(), 1, 20), "deck": Shipped(note(deck="other"), 1, 10),
    }
    digests = {name: note_digests([shipped], set())["s/x"] for name, shipped in variants.items()}
    assert len(set(digests.values())) == len(digests)
    assert note_digests([variants["same"]], {"s/x"})["s/x"] != digests["same"]  # retired
    assert note_digests([Shipped(note(), 1, 10)], set())["s/x"] == digests["same"]  # the same note, made again


def test_the_code_a_build_depends_on_is_every_file_of_lpdeck():
    """A new lpdeck that compiles cards otherwise must rebuild everything once: its whole package is in the digest."""
    import lpdeck
    from lpdeck.ship.record import code_files

    package = Path(lpdeck.__file__).resolve().parent
    named = {path.relative_to(package).as_posix() for path in code_files()}
    assert {"build.py", "cli.py", "cards/compile.py", "cards/tell.py", "sources/records.py", "sources/load.py",
            "ship/apkg.py", "cards/templates/card.css", "author/example/stories/webhook-drops.yaml"} <= named
    assert named == {path.relative_to(package).as_posix() for path in package.rglob("*")
                     if path.is_file() and "__pycache__" not in path.parts}
