"""An AnkiConnect-compatible HTTP server for tests, backed by a real collection (official anki library).

The actions beyond version, sync and importPackage answer as AnkiConnect's own do (plugin/__init__.py of the add-on,
FooSoft/anki-connect, API version 6), through the same calls into the anki library: deck presets with
``config_dict_for_deck_id``, ``add_config_returning_id``, ``decks.save``/``update_config``; cards with ``find_cards``.
An exception becomes ``{"result": null, "error": str(exception)}``, as the add-on's handler answers it.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from anki.collection import Collection

from conftest import import_package


class FakeAnkiConnect:
    """Answers version 6 requests as the add-on does, on 127.0.0.1 at a free port; records every action it ran."""

    def __init__(self, collection_path: Path, key: str | None = None) -> None:
        self.collection_path = collection_path
        self.key = key
        self.actions: list[str] = []
        self.imported: list[str] = []
        self.fail: str | None = None  # an error message to answer importPackage with
        self.failing: dict[str, str] = {}  # action → the error message to answer it with
        self.delay = 0.0  # seconds to wait before answering importPackage
        self.released = threading.Event()  # ends a delay early, at teardown
        self._lock = threading.Lock()
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.http.daemon_threads = True
        threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}"

    def close(self) -> None:
        self.released.set()
        self.http.shutdown()
        self.http.server_close()

    def answer(self, request: dict) -> dict:
        if request.get("version") != 6:
            return {"result": None, "error": "unsupported version"}
        if self.key is not None and request.get("key") != self.key:
            return {"result": None, "error": "valid api key must be provided"}
        action, params = request["action"], request.get("params", {})
        self.actions.append(action)
        if action in self.failing:
            return {"result": None, "error": self.failing[action]}
        if action in COLLECTION_ACTIONS:
            with self._lock:
                collection = Collection(str(self.collection_path))
                try:
                    return {"result": COLLECTION_ACTIONS[action](collection, **params), "error": None}
                except Exception as error:  # the add-on's handler answers any exception so
                    return {"result": None, "error": str(error)}
                finally:
                    collection.close()
        if action == "version":
            return {"result": 6, "error": None}
        if action == "sync":
            return {"result": None, "error": None}
        if action == "importPackage":
            if self.delay:
                self.released.wait(self.delay)
            if self.fail:
                return {"result": None, "error": self.fail}
            assert Path(params["path"]).is_absolute(), params  # Anki reads it, from its own working folder
            with self._lock:
                collection = Collection(str(self.collection_path))
                try:
                    import_package(collection, Path(params["path"]))
                finally:
                    collection.close()
                self.imported.append(params["path"])
            return {"result": True, "error": None}
        return {"result": None, "error": f"unsupported action: {action}"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                body = json.dumps(server.answer(request)).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

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


COLLECTION_ACTIONS = {"deckNames": _deck_names, "getDeckConfig": _get_deck_config, "saveDeckConfig": _save_deck_config,
                      "setDeckConfigId": _set_deck_config_id, "cloneDeckConfigId": _clone_deck_config_id,
                      "findCards": _find_cards}
