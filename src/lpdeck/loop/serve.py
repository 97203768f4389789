"""Serve the latest preview page on the loopback interface, and tell open pages when it changed (server-sent events)."""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOST = "127.0.0.1"  # loopback only: the preview is for the author at this machine
EVENTS_PATH = "/events"
_HEARTBEAT = 15.0  # seconds between keep-alive comments, so a closed tab frees its thread soon


class LoopbackServer:
    """An HTTP server on the loopback interface, serving from a thread of its own until ``close``."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int, name: str) -> None:
        self._http = ThreadingHTTPServer((HOST, port), handler)
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=name, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._http.server_address[1]}/"

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()


class PreviewServer(LoopbackServer):
    """``/`` is the page last published, ``/events`` streams its version."""

    def __init__(self, port: int = 0) -> None:
        self._changed = threading.Condition()
        self._page = b""
        self._version = 0
        self._problems = ""
        self._closing = False
        super().__init__(_handler_for(self), port, "lpdeck-preview")

    def close(self) -> None:
        """Stop serving: end the event streams, then the server."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        super().close()

    def publish(self, page: str | None, problems: str = "") -> int:
        """Show ``page`` from now on (None keeps the last one) and ``problems`` above it; return the page's version."""
        with self._changed:
            if page is not None:
                self._version += 1
                self._page = page.encode("utf-8")
            self._problems = problems
            self._changed.notify_all()
            return self._version

    @property
    def next_version(self) -> int:
        """The version the next published page will have (the page embeds it, to know when it is out of date)."""
        with self._changed:
            return self._version + 1

    def snapshot(self) -> tuple[bytes, str]:
        with self._changed:
            return self._page, self._event()

    def _event(self) -> str:
        return json.dumps({"version": self._version, "problems": self._problems})

    def wait_for_news(self, seen: str) -> str | None:
        """Block until the event differs from ``seen`` or a heartbeat is due; None once the server closes."""
        with self._changed:
            self._changed.wait_for(lambda: self._closing or self._event() != seen, timeout=_HEARTBEAT)
            return None if self._closing else self._event()


def _handler_for(server: PreviewServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """``/``: the page; ``/events``: one ``data:`` line per change."""

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/":
                self._send_page()
            elif path == EVENTS_PATH:
                self._stream_events()
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send_page(self) -> None:
            page, _ = server.snapshot()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(page)

        def _stream_events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            _, event = server.snapshot()
            try:
                self.wfile.write(f"retry: 500\ndata: {event}\n\n".encode())
                self.wfile.flush()
                while (news := server.wait_for_news(event)) is not None:
                    chunk = f"data: {news}\n\n" if news != event else ": keep-alive\n\n"
                    event = news
                    self.wfile.write(chunk.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the tab was closed or reloaded

        def log_message(self, format: str, *args: object) -> None:
            pass  # the terminal is for build results, not request logs

    return Handler
