"""`lpdeck push`: the build handed to an AnkiConnect-compatible server that imports into a real collection."""

from __future__ import annotations

import socket
import threading
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from ankiconnect_server import FakeAnkiConnect
from lpdeck.cli import main
from sources import STORY, WALKTHROUGH, write_sources


def _push(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["push", *args], catch_exceptions=False,
                              env={"ANKICONNECT_URL": None, "ANKICONNECT_KEY": None, **(env or {})})


def _notes(ankiconnect: FakeAnkiConnect) -> dict[str, dict[str, str]]:
    """guid → fields of every note in the server's collection."""
    collection = Collection(str(ankiconnect.collection_path))
    try:
        notes = [collection.get_note(nid) for nid in collection.find_notes("")]
        return {note.guid: dict(note.items()) for note in notes}
    finally:
        collection.close()


def test_push_imports_the_build_and_a_second_push_updates_in_place(ankiconnect, tmp_path):
    sources = write_sources(tmp_path / "decks", walkthrough=WALKTHROUGH.replace("weak_why: Routing, not ownership.",
                                                                                "weak_why: 'TODO: x'"))
    dist = tmp_path / "dist"
    result = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url)
    assert result.exit_code == 0, result.output
    assert f"wrote {dist / 'all.apkg'}: 18 notes" in result.stdout and "18 new / 0 changed" in result.stdout
    assert result.stdout.splitlines()[-1] == f"pushed {dist / 'all.apkg'} to Anki at {ankiconnect.url}"
    assert ankiconnect.actions == ["version", "importPackage"]
    assert ankiconnect.imported == [str((dist / "all.apkg").resolve())]
    first = _notes(ankiconnect)
    assert len(first) == 18
    assert any(fields.get("Strong") == "I traced the race condition." for fields in first.values())

    (sources / "story.yaml").write_text(STORY.replace("I traced the race condition.", "I traced the race to a lock."))
    result = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url)
    assert result.exit_code == 0, result.output
    assert "0 new / 1 changed / 17 unchanged / 0 retired" in result.stdout
    assert result.stderr.startswith(f"{sources / 'walk.yaml'}:14:15: warning: placeholder 'TODO: x'")
    second = _notes(ankiconnect)
    assert second.keys() == first.keys()  # the same notes, updated: no duplicates
    changed = [guid for guid in first if first[guid] != second[guid]]
    assert len(changed) == 1 and second[changed[0]]["Strong"] == "I traced the race to a lock."


def test_push_reads_url_and_key_from_the_environment_and_syncs(ankiconnect, tmp_path):
    ankiconnect.key = "s3cret"
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--sync",
                   env={"ANKICONNECT_URL": ankiconnect.url, "ANKICONNECT_KEY": "s3cret"})
    assert result.exit_code == 0, result.output
    assert ankiconnect.actions == ["version", "importPackage", "sync"]
    assert result.stdout.endswith(" and synced\n")
    assert len(_notes(ankiconnect)) == 18


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _assert_one_line_error(result, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr


def test_push_without_anki_running_says_so_and_builds_nothing(tmp_path):
    sources = write_sources(tmp_path / "decks")
    url = f"http://127.0.0.1:{_free_port()}"
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--url", url)
    _assert_one_line_error(result, f"cannot reach AnkiConnect at {url}", "is Anki running", "2055492159")
    assert not (tmp_path / "dist").exists() and not (sources / "lpdeck.lock").exists()


@pytest.mark.parametrize("given", [None, "wrong"])
def test_push_with_a_missing_or_wrong_key_says_so(ankiconnect, tmp_path, given):
    ankiconnect.key = "s3cret"
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--url", ankiconnect.url, *(["--key", given] if given else []))
    _assert_one_line_error(result, "AnkiConnect refused the API key", "valid api key must be provided",
                           "ANKICONNECT_KEY")
    assert ankiconnect.actions == [] and not (tmp_path / "dist").exists()


def test_push_reports_ankiconnect_errors(ankiconnect, tmp_path):
    ankiconnect.failing["importPackage"] = "collection is not available"
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--url", ankiconnect.url)
    _assert_one_line_error(result, "AnkiConnect importPackage failed: collection is not available")
    assert _notes(ankiconnect) == {}


def test_push_gives_up_after_the_timeout(ankiconnect, tmp_path):
    ankiconnect.delay = 30
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--url", ankiconnect.url, "--timeout", "0.3")
    _assert_one_line_error(result, f"AnkiConnect at {ankiconnect.url} did not answer importPackage within 0.3 s")


def test_push_reports_a_server_that_is_not_ankiconnect(tmp_path):
    class Quiet(SimpleHTTPRequestHandler):  # answers POST with 501, and logs nothing
        def log_message(self, format: str, *args: object) -> None:
            pass

    other = HTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{other.server_address[1]}"
        result = _push(str(write_sources(tmp_path / "decks")), "-o", str(tmp_path / "dist"), "--url", url)
        _assert_one_line_error(result, f"AnkiConnect at {url} answered version with HTTP 501")
    finally:
        other.shutdown()
        other.server_close()


def test_push_needs_a_path_anki_can_open(ankiconnect, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_sources(Path("decks"))
    result = _push("--url", ankiconnect.url)  # the defaults: decks/ into dist/, given relative
    assert result.exit_code == 0, result.output
    assert ankiconnect.imported == [str(tmp_path / "dist" / "all.apkg")]


def test_push_of_part_of_the_sources_says_to_push_the_folder_and_builds_nothing(ankiconnect, tmp_path):
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources / "walk.yaml"), str(sources / "story.yaml"), "-o", str(tmp_path / "dist"),
                   "--url", ankiconnect.url)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("push imports all.apkg, which only a build of whole folders writes"), result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert ankiconnect.actions == []  # refused before Anki was asked anything
    assert not (tmp_path / "dist").exists() and not (sources / "lpdeck.lock").exists()
