"""An AnkiConnect-compatible HTTP server for tests: importPackage imports into a real collection (official anki library)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
