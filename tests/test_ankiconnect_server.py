"""The AnkiConnect stand-in answers as the real add-on does (FooSoft/anki-connect, plugin/web.py and __init__.py).

One test per way the earlier stand-in was kinder than the add-on: a key given where none is set, errors answered as
``{"result": null, "error": ...}`` instead of a dropped connection (imports of a missing, relative or broken file, an
empty or non-JSON body), one request at a time, ``multi``, and version 4's bare results.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request

import pytest

from ankiconnect_server import FakeAnkiConnect


def _post(server: FakeAnkiConnect, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(server.url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def _ask(server: FakeAnkiConnect, **request: object) -> object:
    status, body = _post(server, json.dumps(request).encode())
    assert status == 200
    return json.loads(body)


def test_an_empty_body_is_answered_with_the_add_on_s_name(ankiconnect):
    assert _post(ankiconnect, b"") == (200, b"AnkiConnect v.6")


@pytest.mark.parametrize("body, error", [
    (b"{not json", "Expecting property name enclosed in double quotes"),
    (b"\xff\xfe", "codec can't decode"),
    (b"[1, 2]", "is not of type 'object'"),
    (b'{"params": {}}', "'action' is a required property"),
    (b'{"action": ""}', "should be non-empty"),
    (b'{"action": "version", "version": "6"}', "is not of type 'integer'"),
])
def test_a_body_that_is_no_request_is_answered_with_an_error(ankiconnect, body, error):
    status, answer = _post(ankiconnect, body)
    reply = json.loads(answer)
    assert status == 200 and reply["result"] is None and error in reply["error"], reply
    assert ankiconnect.actions == []


def test_without_an_api_key_set_a_request_carrying_one_is_refused(ankiconnect):
    assert _ask(ankiconnect, action="version", version=6, key="s3cret") == {
        "result": None, "error": "valid api key must be provided"}
    assert _ask(ankiconnect, action="version", version=6) == {"result": 6, "error": None}


@pytest.mark.parametrize("key", [None, "wrong", ""])
def test_with_an_api_key_set_a_missing_or_wrong_key_is_refused(ankiconnect, key):
    ankiconnect.key = "s3cret"
    request = {"action": "version", "version": 6, **({"key": key} if key is not None else {})}
    assert _ask(ankiconnect, **request) == {"result": None, "error": "valid api key must be provided"}
    assert _ask(ankiconnect, action="version", version=6, key="s3cret") == {"result": 6, "error": None}
    assert ankiconnect.actions == ["version"]


def test_version_4_answers_the_bare_result_and_errors_in_an_envelope(ankiconnect):
    assert _ask(ankiconnect, action="version") == 6  # no version: 4
    assert _ask(ankiconnect, action="deckNames", version=4) == ["Default"]
    assert _ask(ankiconnect, action="noSuchAction") == {"result": None, "error": "unsupported action"}
    assert _ask(ankiconnect, action="findNotes", version=6, params={"query": "x", "extra": 1})["error"].endswith(
        "got an unexpected keyword argument 'extra'")


def test_multi_runs_each_action_through_the_handler(ankiconnect):
    actions = [{"action": "version"}, {"action": "version", "version": 6}, {"action": "nope", "version": 6},
               {"action": "findNotes", "version": 6, "params": {"query": "deck:Default"}}]
    assert _ask(ankiconnect, action="multi", version=6, params={"actions": actions}) == {"result": [
        6, {"result": 6, "error": None}, {"result": None, "error": "unsupported action"},
        {"result": [], "error": None}], "error": None}
    ankiconnect.key = "s3cret"  # each action of multi is checked for the key on its own
    answer = _ask(ankiconnect, action="multi", version=6, key="s3cret",
                  params={"actions": [{"action": "version", "version": 6},
                                      {"action": "version", "version": 6, "key": "s3cret"}]})
    assert answer == {"result": [{"result": None, "error": "valid api key must be provided"},
                                 {"result": 6, "error": None}], "error": None}


@pytest.mark.parametrize("name", ["missing", "relative", "not a zip"])
def test_a_failed_import_is_answered_with_the_library_s_error_not_a_dropped_connection(ankiconnect, tmp_path, name):
    path = {"missing": str(tmp_path / "gone.apkg"), "relative": "no-such-folder/all.apkg",
            "not a zip": str(tmp_path / "notes.txt")}[name]
    (tmp_path / "notes.txt").write_text("not a package")
    reply = _ask(ankiconnect, action="importPackage", version=6, params={"path": path})
    assert reply["result"] is None, reply
    expected = {"missing": f"Failed to open '{path}': No such file or directory",
                "relative": "Failed to open 'no-such-folder/all.apkg': No such file or directory",
                "not a zip": "invalid Zip archive"}[name]
    assert expected in reply["error"], reply
    assert _ask(ankiconnect, action="version", version=6) == {"result": 6, "error": None}  # still serving


def test_requests_are_served_one_at_a_time(ankiconnect, tmp_path):
    ankiconnect.delay = 2.0
    (tmp_path / "notes.txt").write_text("not a package")
    finished: dict[str, float] = {}

    def slow_import() -> None:
        _ask(ankiconnect, action="importPackage", version=6, params={"path": str(tmp_path / "notes.txt")})
        finished["import"] = time.monotonic()

    worker = threading.Thread(target=slow_import)
    worker.start()
    waited = time.monotonic() + 10
    while "importPackage" not in ankiconnect.actions and time.monotonic() < waited:  # the import is being served
        time.sleep(0.01)
    started = time.monotonic()
    assert _ask(ankiconnect, action="version", version=6) == {"result": 6, "error": None}
    finished["version"] = time.monotonic()
    worker.join()
    # the version waited for the import to be served (the two clients' own clocks race: their order proves nothing)
    assert finished["version"] - started >= 0.5 and "import" in finished
    assert ankiconnect.actions == ["importPackage", "version"]


def test_sync_answers_null_as_the_add_on_of_2023_or_the_error_of_a_newer_one(ankiconnect):
    assert _ask(ankiconnect, action="sync", version=6) == {"result": None, "error": None}
    ankiconnect.sync_error = "sync: auth not configured"
    assert _ask(ankiconnect, action="sync", version=6) == {"result": None, "error": "sync: auth not configured"}
