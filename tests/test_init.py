"""`lpdeck init`: a workspace anywhere, found from any folder inside it, that never ships a note it did not write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from check_counts import check_stdout
from conftest import DECKS, import_package, run_cli
from lpdeck.cards.compile import guid
from regen_support import STORY, WALK_A


def _files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) + ("/" if path.is_dir() else "") for path in root.rglob("*"))


def test_init_makes_a_workspace_in_a_new_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "bank")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "wrote bank/schema/lpdeck.schema.json",
        "wrote bank/lpdeck.yaml",
        "wrote bank/.gitignore",
        "made a workspace in bank: bank/decks/ holds your stories (in stories/) and walkthroughs, builds go to "
        "bank/dist/",
        "next: cd bank && lpdeck new story ID (or lpdeck import PAGE.txt), then lpdeck build"]
    assert _files(tmp_path / "bank") == [".gitignore", "decks/", "decks/stories/", "lpdeck.yaml", "schema/",
                                         "schema/lpdeck.schema.json"]
    assert (tmp_path / "bank" / ".gitignore").read_text(encoding="utf-8") == "/dist/\n"
    assert (tmp_path / "bank/schema/lpdeck.schema.json").read_text(encoding="utf-8") == run_cli("schema").stdout


def test_init_here_takes_an_empty_folder_and_keeps_what_is_there(tmp_path, monkeypatch):
    (tmp_path / "README.md").write_text("my notes\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.pyc\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("init")
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"note: {Path('.gitignore')} is yours and left as it is; add the line /dist/ to it "
                             "(builds go there)\n")
    assert result.stdout.splitlines()[-1] == "next: lpdeck new story ID (or lpdeck import PAGE.txt), then lpdeck build"
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "my notes\n"
    assert (tmp_path / "decks" / "stories").is_dir()
    again = run_cli("init")  # a workspace without sources yet: init again changes nothing
    assert again.exit_code == 0 and "unchanged schema/lpdeck.schema.json" in again.stdout


def test_init_never_overwrites_sources_and_says_what_is_there(tmp_path, monkeypatch):
    (tmp_path / "decks" / "stories").mkdir(parents=True)
    (tmp_path / "decks" / "stories" / "outage.yaml").write_text(STORY, encoding="utf-8")
    (tmp_path / "decks" / "walk-a.yaml").write_text(WALK_A, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", ".", "--example")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        ".: already holds lpdeck sources (2 files: decks/walk-a.yaml, decks/stories/outage.yaml); `lpdeck init` makes "
        "a new workspace and never overwrites a file: work in this one (cd into it and run `lpdeck check`), or choose "
        "an empty folder\n")
    assert _files(tmp_path) == ["decks/", "decks/stories/", "decks/stories/outage.yaml", "decks/walk-a.yaml"]


def test_init_refuses_a_folder_of_sources_and_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("walk.yaml").write_text(WALK_A, encoding="utf-8")
    Path("notes.yaml").write_text("just: notes\n", encoding="utf-8")  # a YAML file that is no source is no reason
    refused = run_cli("init")
    assert refused.exit_code == 1 and refused.stderr.startswith(".: already holds lpdeck sources (1 file: walk.yaml);")
    assert run_cli("init", "walk.yaml").stderr == (
        "walk.yaml: is a file; `lpdeck init` makes a workspace in a folder (new or empty)\n")
    assert _files(tmp_path) == ["notes.yaml", "walk.yaml"]


def test_init_example_is_the_repositorys_sample_and_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "ws", "--example")
    assert result.exit_code == 0, result.output
    samples = sorted(str(p.relative_to(DECKS)) for p in DECKS.rglob("*.yaml"))
    assert sorted(str(p.relative_to(tmp_path / "ws" / "decks")) for p in (tmp_path / "ws/decks").rglob("*.yaml")) \
        == samples
    for name in samples:  # the package's example is the repository's decks/, byte for byte
        assert (tmp_path / "ws" / "decks" / name).read_bytes() == (DECKS / name).read_bytes(), name
        first = (tmp_path / "ws" / "decks" / name).read_text(encoding="utf-8").splitlines()[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        assert ((tmp_path / "ws" / "decks" / name).parent / schema).resolve() == \
            (tmp_path / "ws/schema/lpdeck.schema.json").resolve(), name  # the editor finds the workspace's schema
    assert not (tmp_path / "ws" / "decks" / "lpdeck.lock").exists()  # the user's history starts with their build
    monkeypatch.chdir(tmp_path / "ws")
    built = run_cli("build")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "ws" / "dist" / "all.apkg").is_file()


def _workspace(root: Path) -> Path:
    assert run_cli("init", str(root)).exit_code == 0
    (root / "decks" / "stories" / "outage.yaml").write_text(STORY, encoding="utf-8")
    (root / "decks" / "walk-a.yaml").write_text(WALK_A, encoding="utf-8")
    return root


def test_every_command_finds_the_workspace_from_a_subfolder(tmp_path, monkeypatch):
    root = _workspace(tmp_path / "ws")
    monkeypatch.chdir(root / "decks" / "stories")
    checked = run_cli("check")
    assert (checked.exit_code, checked.stdout) == (0, check_stdout(checked.stderr, "ok: 1 walkthrough, 1 story")), \
        checked.output
    built = run_cli("build")
    assert built.exit_code == 0, built.output
    assert "wrote ../../dist/all.apkg: " in built.stdout and "updated ../lpdeck.lock" in built.stdout
    assert (root / "dist" / "walk-a.apkg").is_file() and (root / "decks" / "lpdeck.lock").is_file()
    assert run_cli("build").stdout == "2 packages in ../../dist: 2 already up to date, not rewritten\n"
    assert run_cli("stats").exit_code == 0
    assert run_cli("preview").stdout.startswith("wrote ../../dist/preview.html: ")
    new = run_cli("new", "walk-c", "--story", "outage", "--lp", "Ownership")
    assert new.exit_code == 0 and (root / "decks" / "walk-c.yaml").is_file(), new.output
    assert (root / "decks" / "walk-c.yaml").read_text(encoding="utf-8").splitlines()[0].endswith(
        "$schema=../schema/lpdeck.schema.json")
    story = run_cli("new", "story", "another")
    assert story.exit_code == 0 and (root / "decks" / "stories" / "another.yaml").is_file(), story.output
    assert not (root / "decks" / "stories" / "decks").exists() and not (root / "decks" / "stories" / "dist").exists()


def test_an_import_lands_in_the_workspace_from_a_subfolder(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    assert run_cli("init", str(root)).exit_code == 0
    (root / "notes").mkdir()
    monkeypatch.chdir(root / "notes")
    page = Path(__file__).resolve().parent / "pages" / "customer-crash-marked.txt"
    result = run_cli("import", str(page))
    assert result.exit_code == 0, result.output
    # the page's walkthrough in decks/, its story in decks/stories/
    assert sorted(p.parent.name for p in (root / "decks").rglob("*.yaml")) == ["decks", "stories"]
    assert not (root / "notes" / "decks").exists()


def test_outside_a_workspace_a_command_says_what_to_do(tmp_path, monkeypatch):
    (tmp_path / "decks").mkdir()  # a folder called decks with no lpdeck file in it (slides, say) is no workspace
    (tmp_path / "decks" / "talk.pdf").write_bytes(b"%PDF")
    monkeypatch.chdir(tmp_path)
    for command in ("check", "build", "stats", "preview"):
        result = run_cli(command)
        assert (result.exit_code, result.stdout) == (1, ""), command
        assert result.stderr == (
            f"no lpdeck workspace here: no decks/ folder with sources in {tmp_path} or a folder above it; `lpdeck "
            "init` makes one (or name the sources, like `lpdeck build path/to/decks`)\n"), command
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks"]


@pytest.mark.parametrize("marker", ["schema/lpdeck.schema.json", "decks/lpdeck.lock", "decks/walk.yaml"])
def test_a_workspace_is_known_by_its_schema_lock_or_sources(marker, tmp_path, monkeypatch):
    (tmp_path / "decks" / "deep").mkdir(parents=True)
    (tmp_path / marker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / marker).write_text(WALK_A if marker.endswith("walk.yaml") else "{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "decks" / "deep")
    from lpdeck.sources.workspace import root

    assert root() == tmp_path.resolve()


def test_a_workspace_that_never_had_the_samples_never_ships_one(tmp_path, monkeypatch, collection):
    root = _workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    assert run_cli("build").exit_code == 0
    lock = json.loads((root / "decks" / "lpdeck.lock").read_text(encoding="utf-8"))
    assert sorted({key.split("/")[0] for key in lock["notes"]}) == ["outage", "walk-a"]
    log = import_package(collection, root / "dist" / "all.apkg")
    samples = {guid(*key.split("/", 1)) for key in
               json.loads((DECKS / "lpdeck.lock").read_text(encoding="utf-8"))["notes"]}
    guids = {collection.get_note(nid).guid for nid in collection.find_notes("")}
    assert len(log.new) == len(guids) == len(lock["notes"]) and not guids & samples
    decks = {deck.name for deck in collection.decks.all_names_and_ids()}
    assert not any("retired" in name or "Webhook" in name for name in decks), decks
    sample_titles = {yaml.safe_load(p.read_text(encoding="utf-8")).get("title") for p in DECKS.rglob("*.yaml")}
    assert not any(title in name for name in decks for title in sample_titles), decks
