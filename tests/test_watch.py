"""`lpdeck watch` as a real subprocess: rebuilds on save, reports problems and keeps watching, stops cleanly on Ctrl-C."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from anki.collection import Collection

from ankiconnect_server import FakeAnkiConnect
from conftest import run_cli
from lpdeck.loop.serve import PreviewServer
from lpdeck.loop.watch import SourceFilter, Watcher, WatchOptions
from lpdeck.sources.workspace import Workspace, resolve
from sources import STORY, WALKTHROUGH, write_sources
from watch_support import WatchProcess


def _first_event(url: str) -> dict:
    with urllib.request.urlopen(url + "events", timeout=10) as stream:
        for line in stream:
            if line.startswith(b"data: "):
                return json.loads(line[len(b"data: "):])
    raise AssertionError("no event")


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Cache-Control"] == "no-store"
        return response.read().decode("utf-8")


def _notes(anki: FakeAnkiConnect) -> dict[str, dict[str, str]]:
    collection = Collection(str(anki.collection_path))
    try:
        return {note.guid: dict(note.items()) for note in map(collection.get_note, collection.find_notes(""))}
    finally:
        collection.close()


def _files(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_watch_rebuilds_on_save_keeps_watching_after_an_error_and_stops_cleanly(tmp_path):
    sources = write_sources(tmp_path / "decks")
    (tmp_path / "anki").mkdir()
    Collection(str(tmp_path / "anki" / "collection.anki2")).close()
    anki = FakeAnkiConnect(tmp_path / "anki" / "collection.anki2")
    watch = WatchProcess(tmp_path, "decks", "--push", "--url", anki.url)
    try:
        url = watch.url
        watch.wait_for_line(r"^watching decks for changes$")
        assert any(line.startswith("wrote dist/all.apkg: 18 notes") and "18 new" in line for line in watch.stdout)
        watch.wait_for_line(rf"^pushed dist/all\.apkg to Anki at {re.escape(anki.url)}$")
        assert "I traced the race condition." in _page(url)
        # the bank's matrix: the tiny story serves Bias for Action with its walkthrough and an angle (tests/sources.py)
        assert '<th scope="row">Bias for Action</th><td>1+</td><td>one</td>' in _page(url)
        assert _first_event(url) == {"version": 2, "problems": ""}  # 1: the page before the first build

        mark = len(watch.stdout)
        (sources / "story.yaml").write_text(STORY.replace("I traced the race condition.", "I traced the race."))
        watch.wait_for_line(r"^changed: decks/story\.yaml$", after=mark)
        watch.wait_for_line(r"^wrote dist/all\.apkg: 18 notes .*; 0 new / 1 changed / 17 unchanged$",
                            after=mark)
        assert "I traced the race." in _page(url)
        watch.wait_for(lambda: len(anki.imported) == 2, "second import")
        assert sorted(fields["Strong"] for fields in _notes(anki).values() if "Strong" in fields) == [
            "I brought a complete fix.", "I traced the race."]  # updated in place, no duplicate

        (sources / "walk.yaml").write_text(WALKTHROUGH.replace("title: Tiny walk", "title: [unclosed"))
        problem = watch.wait_for_line(r"^decks/walk\.yaml:\d+:\d+: ", err=True)
        event = _first_event(url)
        assert event["version"] == 3 and problem in event["problems"]  # the last good page stays, with the problem
        assert "I traced the race." in _page(url)

        mark = len(watch.stdout)
        (sources / "walk.yaml").write_text(WALKTHROUGH.replace("A short overview", "A fixed overview")
                                           .replace("weak_why: Routing, not ownership.", "weak_why: 'TODO: why'"))
        watch.wait_for_line(r"^wrote dist/all\.apkg: 18 notes .*; 0 new / 2 changed / 16 unchanged$",
                            after=mark)
        assert watch.wait_for_line(r"warning: placeholder", err=True).startswith("decks/walk.yaml:14:15: ")
        assert _first_event(url) == {"version": 4, "problems": ""}
        assert "A fixed overview" in _page(url)

        watch.wait_for(lambda: len(anki.imported) == 3, "third import")  # the broken build was not pushed
        assert len(_notes(anki)) == 18
        assert watch.interrupt() == 0
    finally:
        watch.kill()
        anki.close()
    assert watch.stderr[-1] == "stopped"
    assert not any("Traceback" in line for line in watch.stderr), watch.stderr
    assert {name for name in _files(tmp_path) if not name.startswith("anki/")} == {  # no temporary files left behind
        "decks/story.yaml", "decks/walk.yaml", "decks/lpdeck.lock", "dist/all.apkg", "dist/tiny-walk.apkg",
        "dist/.lpdeck-packages.json"}  # the record of the packages lpdeck wrote


def test_watch_of_a_missing_folder_fails_at_once(tmp_path):
    result = run_cli("watch", str(tmp_path / "nowhere"), "--port", "0")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nowhere'}:1:1: no such file or directory\n"


def test_watch_reacts_to_sources_only(tmp_path):
    folder = write_sources(tmp_path / "decks")
    single = tmp_path / "other" / "one.yml"
    watched = SourceFilter([folder, single])
    assert watched.roots() == sorted([str(folder), str(single.parent)])
    assert watched(None, str(folder / "walk.yaml")) and watched(None, str(folder / "sub" / "new.yml"))
    assert watched(None, str(single))
    assert not watched(None, str(folder / "lpdeck.lock"))  # written by every build: it must not trigger one
    assert not watched(None, str(folder / ".walk.yaml.swp")) and not watched(None, str(folder / ".lpdeck.lock.x1"))
    # what the build reads is what is watched: a hidden source too, never an editor's lock link
    assert watched(None, str(folder / ".draft.yaml")) and not watched(None, str(folder / ".#walk.yaml"))
    assert not watched(None, str(single.parent / "two.yml"))  # beside the file given, but not given
    assert not watched(None, str(tmp_path / "decks-old" / "walk.yaml"))


def test_each_rebuild_loads_the_sources_once(tmp_path, monkeypatch):
    import lpdeck.build

    folder = write_sources(tmp_path / "decks")
    loads: list[tuple[Path, ...]] = []
    load_sources = lpdeck.build.load_sources

    def counted(workspace: Workspace):
        loads.append(workspace.paths)
        return load_sources(workspace)

    monkeypatch.setattr(lpdeck.build, "load_sources", counted)  # what build() and the preview both call
    server = PreviewServer(0)
    server.start()
    said: list[str] = []
    try:
        watcher = Watcher(WatchOptions(resolve([folder], out_dir=tmp_path / "dist")), server, lambda text, _: said.append(text))
        assert watcher.rebuild() and len(loads) == 1  # the build compiled the notes: the page shows those
        assert "I traced the race condition." in server.snapshot()[0].decode("utf-8")
        (folder / "story.yaml").write_text(STORY.replace("I traced the race condition.", "I traced the race."))
        assert watcher.rebuild() and len(loads) == 2
        assert "I traced the race." in server.snapshot()[0].decode("utf-8")
        assert watcher.rebuild() and len(loads) == 3  # nothing changed: the build loaded nothing, the page did
        assert "I traced the race." in server.snapshot()[0].decode("utf-8")
    finally:
        server.close()
    assert said[-1] == f"2 packages in {tmp_path / 'dist'}: 2 already up to date, not rewritten"  # nothing to do
