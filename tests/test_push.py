"""`lpdeck push`: the build handed to an AnkiConnect-compatible server that imports into a real collection."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from ankiconnect_server import FakeAnkiConnect
from conftest import run_cli
from lpdeck.cli import main
from lpdeck.loop.push import AnkiConnect, AnkiConnectError, import_package
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


KINDS = ("18 notes (1 story, 2 read, 2 drill, 1 key-phrases, 1 rewrite, 1 probe, 1 spot-the-flaws, 2 lp-angle, "
         "4 level, 1 walkthrough, 1 tell-it, 1 quiz)")  # the tiny sources' notes, as test_cli counts them
SYNC_ASKED = ("asked Anki to sync with AnkiWeb (AnkiConnect cannot confirm a sync: Anki shows it, or asks you to "
              "log in)")


def _pushed(sources: Path, dist: Path, url: str, states: str) -> list[str]:
    """What push prints for the tiny sources: both packages written with ``states``, the lock updated, the import."""
    return [f"wrote {dist / 'tiny-walk.apkg'}: {KINDS}; {states}", f"wrote {dist / 'all.apkg'}: {KINDS}; {states}",
            f"2 packages in {dist}: 2 written; updated {sources / 'lpdeck.lock'}",
            f"pushed {dist / 'all.apkg'} to Anki at {url}"]


def test_push_imports_the_build_and_a_second_push_updates_in_place(ankiconnect, tmp_path):
    sources = write_sources(tmp_path / "decks", walkthrough=WALKTHROUGH.replace("weak_why: Routing, not ownership.",
                                                                                "weak_why: 'TODO: x'"))
    dist = tmp_path / "dist"
    result = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == _pushed(sources, dist, ankiconnect.url, "18 new / 0 changed / 0 unchanged")
    assert ankiconnect.actions == ["version", "findNotes", "importPackage"]  # notes tagged retired: none to put back
    assert ankiconnect.imported == [str((dist / "all.apkg").resolve())]
    first = _notes(ankiconnect)
    assert len(first) == 18
    assert any(fields.get("Strong") == "I traced the race condition." for fields in first.values())

    (sources / "story.yaml").write_text(STORY.replace("I traced the race condition.", "I traced the race to a lock."))
    result = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == _pushed(sources, dist, ankiconnect.url, "0 new / 1 changed / 17 unchanged")
    assert result.stderr.startswith(f"{sources / 'walk.yaml'}:14:15: warning: placeholder 'TODO: x'")
    second = _notes(ankiconnect)
    assert second.keys() == first.keys()  # the same notes, updated: no duplicates
    changed = [guid for guid in first if first[guid] != second[guid]]
    assert len(changed) == 1 and second[changed[0]]["Strong"] == "I traced the race to a lock."

    result = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url)  # nothing changed: nothing written
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"2 packages in {dist}: 2 already up to date, not rewritten",
                                          f"pushed {dist / 'all.apkg'} to Anki at {ankiconnect.url}"]


def test_push_reads_url_and_key_from_the_environment_and_asks_anki_to_sync(ankiconnect, tmp_path):
    ankiconnect.key = "s3cret"
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--sync",
                   env={"ANKICONNECT_URL": ankiconnect.url, "ANKICONNECT_KEY": "s3cret"})
    assert result.exit_code == 0, result.output
    assert ankiconnect.actions == ["version", "findNotes", "importPackage", "sync"]
    assert result.stdout.splitlines()[-2:] == [f"pushed {tmp_path / 'dist' / 'all.apkg'} to Anki at {ankiconnect.url}",
                                               SYNC_ASKED]
    assert len(_notes(ankiconnect)) == 18


def test_a_failed_sync_comes_after_every_line_of_what_was_done(ankiconnect, tmp_path):
    ankiconnect.sync_error = "sync: auth not configured"  # what newer add-ons answer with no AnkiWeb login
    sources, dist = write_sources(tmp_path / "decks"), tmp_path / "dist"
    result = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url, "--sync")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == _pushed(sources, dist, ankiconnect.url, "18 new / 0 changed / 0 unchanged")
    assert result.stderr == ("AnkiConnect sync failed: sync: auth not configured (everything before it is done; log "
                             "in to AnkiWeb in Anki, then sync there)\n")
    assert len(_notes(ankiconnect)) == 18  # the import happened


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


def test_push_reports_ankiconnect_errors_after_what_the_build_did(ankiconnect, tmp_path):
    ankiconnect.failing["importPackage"] = "collection is not available"
    sources, dist = write_sources(tmp_path / "decks"), tmp_path / "dist"
    result = _push(str(sources), "-o", str(dist), "--url", ankiconnect.url)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1] == f"2 packages in {dist}: 2 written; updated {sources / 'lpdeck.lock'}"
    assert result.stderr == "AnkiConnect importPackage failed: collection is not available\n"
    assert _notes(ankiconnect) == {}


def test_push_to_an_anki_that_cannot_see_the_package_says_where_anki_must_run(ankiconnect, tmp_path):
    ankiconnect.files_at = tmp_path / "another computer"  # Anki elsewhere: the real add-on answers the open error
    result = _push(str(write_sources(tmp_path / "decks")), "-o", str(tmp_path / "dist"), "--url", ankiconnect.url)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("AnkiConnect importPackage failed: Failed to open")
    assert result.stderr.endswith("No such file or directory (os error 2) (Anki reads the package itself: it must run "
                                  "on this computer and see this path)\n")
    assert _notes(ankiconnect) == {}


def test_push_with_a_key_to_an_add_on_without_one_is_refused_in_one_line(ankiconnect, tmp_path):
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--url", ankiconnect.url, "--key", "s3cret")
    _assert_one_line_error(result, "AnkiConnect refused the API key (valid api key must be provided): check --key / "
                                   "ANKICONNECT_KEY against the add-on's apiKey (with none set, give no key)")
    assert ankiconnect.actions == [] and not (tmp_path / "dist").exists()


def test_push_gives_up_after_the_timeout(ankiconnect, tmp_path):
    ankiconnect.delay = 30
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--url", ankiconnect.url, "--timeout", "0.3")
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"AnkiConnect at {ankiconnect.url} did not answer importPackage within 0.3 s (is a dialog "
                             "open in Anki?); try a larger --timeout\n")


def test_push_while_anki_serves_another_request_waits_its_turn_then_gives_up(ankiconnect, tmp_path):
    ankiconnect.delay = 30  # another client's import holds Anki's one request at a time
    (tmp_path / "other.apkg").write_text("x")
    other = AnkiConnect(ankiconnect.url, timeout=60)
    threading.Thread(target=lambda: _ignore(other.invoke, "importPackage", path=str(tmp_path / "other.apkg")),
                     daemon=True).start()
    time.sleep(0.3)
    result = _push(str(write_sources(tmp_path / "decks")), "-o", str(tmp_path / "dist"), "--url", ankiconnect.url,
                   "--timeout", "0.5")
    _assert_one_line_error(result, f"AnkiConnect at {ankiconnect.url} did not answer version within 0.5 s")
    assert not (tmp_path / "dist").exists()


def _ignore(function, *args, **kwargs) -> None:
    with contextlib.suppress(AnkiConnectError):
        function(*args, **kwargs)


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


def test_a_package_anki_cannot_read_is_one_clean_error(ankiconnect, tmp_path):
    broken = tmp_path / "all.apkg"
    broken.write_text("not a zip")
    with pytest.raises(AnkiConnectError) as raised:
        import_package(AnkiConnect(ankiconnect.url), broken)
    assert str(raised.value).startswith("AnkiConnect importPackage failed: invalid Zip archive")
    assert "\n" not in str(raised.value) and _notes(ankiconnect) == {}


def test_push_reads_the_lock_once_whether_or_not_the_build_changed_anything(tmp_path, monkeypatch, ankiconnect):
    from lpdeck.ship import lock_json

    monkeypatch.chdir(tmp_path)
    assert run_cli("init", "ws", "--example").exit_code == 0
    monkeypatch.chdir(tmp_path / "ws")
    reads: list[str] = []
    real = lock_json.read

    def counted(path, *args, **kwargs):
        reads.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(lock_json, "read", counted)
    for run in ("first build", "nothing changed"):
        reads.clear()
        pushed = run_cli("push", "--url", ankiconnect.url)
        assert pushed.exit_code == 0, pushed.output
        assert len(reads) == 1, (run, reads)  # the build's, handed to the retiring; or the retiring's own
