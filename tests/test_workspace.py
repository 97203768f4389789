"""One workspace per command: found once, its sources listed once and handed down; and every command agrees on what
a workspace is (outside one, `new` and `import` refuse as `check` does, naming `lpdeck init`)."""

from __future__ import annotations

import importlib
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from check_counts import check_stdout
from conftest import run_cli
from lpdeck.sources import find, workspace
from regen_support import STORY, WALK_A

PAGE = Path(__file__).resolve().parent / "pages" / "customer-crash-marked.txt"
SOON = (date.today() + timedelta(days=60)).isoformat()


def _workspace(root: Path) -> Path:
    assert run_cli("init", str(root)).exit_code == 0
    (root / "decks" / "stories" / "outage.yaml").write_text(STORY, encoding="utf-8")
    (root / "decks" / "walk-a.yaml").write_text(WALK_A, encoding="utf-8")
    return root


def _counting(monkeypatch) -> dict[str, int]:
    """Count every listing of the sources (find_sources, and any walk of decks/) and every search for the workspace,
    wherever lpdeck's modules call them from."""
    # every module that could list the sources is loaded first, so that each one's name for find_sources is counted
    for module in ("cli", "build", "loop.plan", "loop.preset", "loop.preview", "loop.push", "loop.watch", "author.new",
                   "author.pages.importer", "ship.record"):
        importlib.import_module(f"lpdeck.{module}")

    counts = {"listed": 0, "walked": 0, "found": 0}
    find_sources, root, walk = find.find_sources, workspace.root, os.walk

    def listed(*args, **kwargs):
        counts["listed"] += 1
        return find_sources(*args, **kwargs)

    def found(*args, **kwargs):
        counts["found"] += 1
        return root(*args, **kwargs)

    def walked(top, *args, **kwargs):
        counts["walked"] += Path(top).name == "decks"
        return walk(top, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "lpdeck":
            if getattr(module, "find_sources", None) is find_sources:
                monkeypatch.setattr(module, "find_sources", listed)
            if getattr(module, "root", None) is root:
                monkeypatch.setattr(module, "root", found)
    monkeypatch.setattr(os, "walk", walked)
    return counts


@pytest.mark.parametrize(("command", "built_before"), [
    (["check"], False), (["build"], False), (["build"], True), (["build", "--dry-run"], False), (["stats"], False),
    (["preview"], False), (["plan", "--by", SOON], False), (["push"], False), (["push"], True),
    (["prune", "--dry-run"], True),
], ids=["check", "build", "build-up-to-date", "build-dry-run", "stats", "preview", "plan", "push", "push-again",
        "prune"])
def test_each_command_finds_the_workspace_once_and_lists_the_sources_once(command, built_before, tmp_path,
                                                                          monkeypatch, request):
    root = _workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    if command == ["push"]:
        command = ["push", "--url", request.getfixturevalue("ankiconnect").url]
    if built_before:
        assert run_cli(*command if command[0] == "push" else ["build"]).exit_code == 0
    counts = _counting(monkeypatch)
    result = run_cli(*command)
    assert result.exit_code == 0, result.output
    assert counts == {"listed": 1, "walked": 1, "found": 1}


def test_the_count_sees_a_listing_from_any_module(tmp_path, monkeypatch):
    root = _workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    import lpdeck.author.new

    counts = _counting(monkeypatch)
    workspace.resolve()
    lpdeck.author.new.loaded_sources(root / "decks")  # a module that imported find_sources by its name
    assert counts == {"listed": 2, "walked": 2, "found": 1}


def _outside(tmp_path: Path, monkeypatch) -> Path:
    """A folder in no workspace, with a decks/ that is not lpdeck's (slides)."""
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "talk.pdf").write_bytes(b"%PDF")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("command", "otherwise"), [
    (["check"], "name the sources, like `lpdeck build path/to/decks`"),
    (["new", "story", "foo"], "say where to write the file with -o"),
    (["new", "walk", "--story", "foo"], "say where to write the file with -o"),
    (["import", str(PAGE)], "give the folder to write into with -o"),
])
def test_outside_a_workspace_new_and_import_refuse_as_check_does(command, otherwise, tmp_path, monkeypatch):
    _outside(tmp_path, monkeypatch)
    result = run_cli(*command)
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == (f"no lpdeck workspace here: no decks/ folder with sources in {tmp_path} or a folder above "
                             f"it; `lpdeck init` makes one (or {otherwise})\n")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["decks", "decks/talk.pdf"]


def test_what_new_writes_check_reads_and_where_it_told_outside_a_workspace(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    assert run_cli("init", str(root)).exit_code == 0
    monkeypatch.chdir(root / "decks")
    assert run_cli("new", "story", "foo").exit_code == 0
    assert run_cli("new", "walk", "--story", "foo").exit_code == 0
    checked = run_cli("check")  # the files new wrote are the workspace's: check finds them (placeholders warned)
    assert (checked.exit_code, checked.stdout) == (0, check_stdout(checked.stderr, "ok: 1 walkthrough, 1 story"))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    told = run_cli("new", "story", "bar", "-o", "bar.yaml")  # outside, new writes where it is told, as check reads
    assert told.exit_code == 0 and (outside / "bar.yaml").is_file(), told.output
    assert run_cli("check", "bar.yaml").exit_code == 0
