"""An AnkiConnect server for tests that answers as the real add-on does, backed by a real collection (anki library).

Written from a reading of the add-on's own source (FooSoft/anki-connect, plugin/__init__.py and plugin/web.py, API
version 6), for everything lpdeck relies on:

- the HTTP layer (web.py): an empty body is answered ``AnkiConnect v.6`` (HTTP 200, as a plain body); a body that is
  not JSON, or not a request (an object with a non-empty string ``action``, an integer ``version``, an object
  ``params``), is answered ``{"result": null, "error": "..."}``; requests are served one at a time (the add-on polls
  its socket on Anki's main thread), so a slow import holds every other request back;
- the handler (``AnkiConnect.handler``): the ``key`` must equal the configured ``apiKey`` (with none configured, a
  request carrying a key is refused too); a request without ``version`` is version 4, whose success is the bare
  result; any exception is ``{"result": null, "error": str(exception)}``; an unknown action is "unsupported action";
  ``multi`` runs each of its actions through the same handler (each checked for the key, each version 4 unless it
  says otherwise);
- the actions, through the same calls into the anki library: ``importPackage`` runs what
  ``anki.importing.AnkiPackageImporter`` runs in this release (``import_anki_package`` with note-type merging,
  scheduling and deck presets on; a missing file, a relative path Anki cannot open, or a file that is no zip is the
  library's own error); deck presets with ``config_dict_for_deck_id``, ``add_config_returning_id``,
  ``decks.save``/``update_config``; ``findNotes``/``findCards``; ``notesInfo`` (``{}`` for an unknown note);
  ``addTags`` (no result); ``suspend`` (false when every card given is suspended already: lpdeck gives only cards
  that are not), ``unsuspend`` (no result),
  ``areSuspended`` (null for an unknown card); ``sync``, which in the add-on only asks Anki's window to sync and
  answers null (``sync_error`` gives the error newer releases answer, e.g. "sync: auth not configured").

Not modelled: CORS origins (lpdeck sends no Origin header) and actions lpdeck does not use.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jsonschema
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.errors import NotFoundError

VERSION = 6
QUEUE_SUSPENDED = -1
# what a request must be (web.py validates each body so before its handler sees it)
REQUEST = {"type": "object", "required": ["action"],
           "properties": {"action": {"type": "string", "minLength": 1}, "version": {"type": "integer"},
                          "params": {"type": "object"}}}


class FakeAnkiConnect:
    """Answers requests as the add-on does, on 127.0.0.1 at a free port; records every action it ran."""

    def __init__(self, collection_path: Path, key: str | None = None) -> None:
        self.collection_path = collection_path
        self.key = key  # the add-on's apiKey setting (None: no key, and a request must carry none)
        self.actions: list[str] = []  # every action run, in order (multi's own actions after "multi")
        self.imported: list[str] = []
        self.failing: dict[str, str] = {}  # action → the error to answer it with (e.g. "collection is not available")
        self.sync_error: str | None = None  # what sync answers: None as the add-on of 2023, or a newer release's error
        self.delay = 0.0  # seconds importPackage takes
        # the file system Anki sees: None for this computer's; a folder standing for another computer's (Anki run
        # elsewhere, or sandboxed), under which every path is looked up
        self.files_at: Path | None = None
        self.released = threading.Event()  # ends a delay early, at teardown
        self.http = HTTPServer(("127.0.0.1", 0), self._handler())  # one request at a time, as on Anki's main thread
        threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}"

    def close(self) -> None:
        self.released.set()
        self.http.shutdown()
        self.http.server_close()

    def reply(self, body: bytes) -> bytes:
        """The body answering one HTTP request's ``body``, as web.py makes it."""
        if not body:
            return f"AnkiConnect v.{VERSION}".encode()
        try:
            request = json.loads(body.decode("utf-8"))
            jsonschema.validate(request, REQUEST)
        except (ValueError, jsonschema.ValidationError) as error:
            return json.dumps({"result": None, "error": str(error)}).encode()
        return json.dumps(self.answer(request)).encode()

    def answer(self, request: dict[str, Any]) -> Any:
        """The handler's answer to one request (a JSON object): an envelope, or a bare result below version 5."""
        name, version = request.get("action", ""), request.get("version", 4)
        try:
            if request.get("key") != self.key:
                raise Exception("valid api key must be provided")
            action = self._actions().get(name)
            if action is None:
                raise Exception("unsupported action")
            self.actions.append(name)
            if name in self.failing:
                raise Exception(self.failing[name])
            result = action(**request.get("params", {}))
        except Exception as error:  # the add-on answers any exception so
            return {"result": None, "error": str(error)}
        return result if version <= 4 else {"result": result, "error": None}

    def _actions(self) -> dict[str, Callable[..., Any]]:
        on_collection = {name: self._on_collection(function) for name, function in COLLECTION_ACTIONS.items()}
        return {"version": lambda: VERSION, "sync": self._sync, "multi": self._multi,
                "importPackage": self._import_package, **on_collection}

    def _on_collection(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(**params: Any) -> Any:
            collection = Collection(str(self.collection_path))
            try:
                return function(collection, **params)
            finally:
                collection.close()
        return run

    def _sync(self) -> None:
        if self.sync_error:
            raise Exception(self.sync_error)

    def _multi(self, actions: list[dict[str, Any]]) -> list[Any]:
        return [self.answer(action) for action in actions]

    def _import_package(self, path: str) -> bool:
        if self.delay:
            self.released.wait(self.delay)
        collection = Collection(str(self.collection_path))
        try:  # anki.importing.AnkiPackageImporter(collection, path).run() in this release, less its deprecation print
            options = ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=True, with_deck_configs=True)
            seen = str(self.files_at / path.lstrip("/")) if self.files_at else path
            collection.import_anki_package(ImportAnkiPackageRequest(package_path=seen, options=options))
        finally:
            collection.close()
        self.imported.append(path)
        return True

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = server.reply(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            do_GET = do_POST  # the add-on reads any request's body alike

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def _deck_names(col: Collection) -> list[str]:
    return [deck.name for deck in col.decks.all_names_and_ids()]


def _get_deck_config(col: Collection, deck: str) -> Any:
    if deck not in _deck_names(col):
        return False
    return col.decks.config_dict_for_deck_id(col.decks.id(deck))


def _save_deck_config(col: Collection, config: dict) -> bool:
    config["id"] = str(config["id"])
    config["mod"] = int(time.time())
    config["usn"] = col.usn()
    if int(config["id"]) not in [c["id"] for c in col.decks.all_config()]:
        return False
    try:
        col.decks.save(config)
        col.decks.update_config(config)
    except Exception:
        return False
    return True


def _set_deck_config_id(col: Collection, decks: list[str], configId: Any) -> bool:
    config_id = int(configId)
    for deck in decks:
        if deck not in _deck_names(col):
            return False
    for deck in decks:
        try:
            # the add-on reads aqt.mw.col.decks.decks[did]: the same col.decks.get(did), less its deprecation print
            deck_dict = col.decks.get(col.decks.id(deck))
            deck_dict["conf"] = config_id
            col.decks.save(deck_dict)
        except Exception:
            return False
    return True


def _clone_deck_config_id(col: Collection, name: str, cloneFrom: Any = "1") -> Any:
    config_id = int(cloneFrom)
    if config_id not in [c["id"] for c in col.decks.all_config()]:
        return False
    return col.decks.add_config_returning_id(name, col.decks.get_config(config_id))


def _find_cards(col: Collection, query: str | None = None) -> list[int]:
    return [] if query is None else [int(card) for card in col.find_cards(query)]


def _find_notes(col: Collection, query: str | None = None) -> list[int]:
    return [] if query is None else [int(note) for note in col.find_notes(query)]


def _notes_info(col: Collection, notes: list[int]) -> list[dict[str, Any]]:
    infos: list[dict[str, Any]] = []
    for note_id in notes:
        try:
            note = col.get_note(note_id)
        except NotFoundError:
            infos.append({})
            continue
        notetype = note.note_type()
        assert notetype is not None
        infos.append({"noteId": note.id, "tags": note.tags, "modelName": notetype["name"],
                      "fields": {field["name"]: {"value": note.fields[field["ord"]], "order": field["ord"]}
                                 for field in notetype["flds"]},
                      "cards": col.db.list("select id from cards where nid = ? order by ord", note.id)})
    return infos


def _add_tags(col: Collection, notes: list[int], tags: str, add: bool = True) -> None:
    if add:
        col.tags.bulk_add(notes, tags)
    else:
        col.tags.bulk_remove(notes, tags)


def _is_suspended(col: Collection, card: int) -> bool:
    return bool(col.get_card(card).queue == QUEUE_SUSPENDED)  # NotFoundError for an unknown card


def _suspend(col: Collection, cards: list[int], suspend: bool = True) -> bool:
    to_change = [card for card in cards if _is_suspended(col, card) != suspend]
    if not to_change:
        return False
    if suspend:
        col.sched.suspend_cards(to_change)
    else:
        col.sched.unsuspend_cards(to_change)
    return True


def _unsuspend(col: Collection, cards: list[int]) -> None:
    _suspend(col, cards, False)


def _are_suspended(col: Collection, cards: list[int]) -> list[bool | None]:
    answers: list[bool | None] = []
    for card in cards:
        try:
            answers.append(_is_suspended(col, card))
        except NotFoundError:
            answers.append(None)
    return answers


COLLECTION_ACTIONS: dict[str, Callable[..., Any]] = {
    "deckNames": _deck_names, "getDeckConfig": _get_deck_config, "saveDeckConfig": _save_deck_config,
    "setDeckConfigId": _set_deck_config_id, "cloneDeckConfigId": _clone_deck_config_id, "findCards": _find_cards,
    "findNotes": _find_notes, "notesInfo": _notes_info, "addTags": _add_tags, "suspend": _suspend,
    "unsuspend": _unsuspend, "areSuspended": _are_suspended}
