"""The rehearsal page's server, on the loopback interface only: the page records, lpdeck listens as audio arrives.

``GET /`` is the page; ``GET /state`` the questions and the history; ``POST /start`` begins a telling of a walkthrough,
``POST /audio?id=`` hands on the next piece of it (16 kHz mono 16-bit PCM), decoded at once so the report is ready
soon after ``POST /stop?id=``, which answers with the report and keeps it in the workspace.
"""

from __future__ import annotations

import json
import secrets
import threading
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..coach.history import load, save
from ..coach.lines import report_lines
from ..coach.report import level_seconds, target_seconds
from ..coach.session import Rehearsal
from ..errors import LpdeckError
from ..sources.bank import bank_of
from ..sources.records import Question, Walkthrough
from ..sources.validate import Sources
from .serve import LoopbackServer

KEPT_TELLINGS = 4  # tellings in progress at once: the oldest goes first
LONGEST_BODY = 4 * 1024 * 1024  # bytes in one request: the page sends about a second of audio at a time


class RehearseServer(LoopbackServer):
    """Serves the page and keeps each telling in progress, by an id the page gets at its start."""

    def __init__(self, sources: Sources, folder: Path, port: int = 0, *, level: str | None = None,
                 keep_audio: bool = False) -> None:
        self.sources, self.folder, self.level, self.keep_audio = sources, folder, level, keep_audio
        self.tellings: dict[str, Rehearsal] = {}
        self.choices = choices(sources)
        self.lock = threading.Lock()
        super().__init__(_handler_for(self), port, "lpdeck-rehearse")

    def state(self) -> dict[str, Any]:
        """The questions to pick from and every rehearsal kept."""
        questions = []
        for key, (kind, walkthrough) in self.choices.items():
            story = self.sources.stories[walkthrough.story]
            questions.append({"id": key, "kind": kind, "question": walkthrough.question, "story": story.story,
                              "title": story.title, "level_s": level_seconds(story, walkthrough, self.level),
                              "target_s": target_seconds(story)})
        return {"questions": questions, "history": load(self.folder)}

    def begin(self, walkthrough: str) -> str:
        if walkthrough not in self.choices:
            raise LpdeckError(f"no walkthrough or question {walkthrough!r}")
        _, chosen = self.choices[walkthrough]
        telling = Rehearsal(chosen, self.sources.stories[chosen.story], self.level, live=True)
        key = secrets.token_hex(8)
        with self.lock:
            while len(self.tellings) >= KEPT_TELLINGS:  # a tab closed while recording never stops its telling
                del self.tellings[next(iter(self.tellings))]
            self.tellings[key] = telling
        return key

    def telling(self, key: str) -> Rehearsal:
        with self.lock:
            if key not in self.tellings:
                raise LpdeckError("no telling in progress by that id (the page was reloaded?): start again")
            return self.tellings[key]

    def finish(self, key: str) -> dict[str, Any]:
        """The telling's report, kept; or a one-line error the page shows."""
        telling = self.telling(key)
        with self.lock:
            del self.tellings[key]
        report = telling.report("the recording")
        save(self.folder, report, datetime.now().astimezone(), bytes(telling.audio))
        return {**report.as_record(), "lines": report_lines(report), "history": load(self.folder, report.story)}


def choices(sources: Sources) -> dict[str, tuple[str, Walkthrough]]:
    """The questions to rehearse, by id: each walkthrough ("yours"), then the workspace's own questions ("workspace")
    and the common ones ("common"), each told with the best story for its principle and scored against that story's
    steps; a question of a principle no story serves is left out (nothing to tell)."""
    found = {w.walkthrough: ("yours", w) for w in sources.walkthroughs.values()}
    serving = bank_of(sources.stories, sources.walkthroughs).serving
    asked: list[tuple[str, Question]] = [("workspace", q) for q in sources.questions.values()]
    for kind, question in asked + [("common", q) for q in sources.common]:
        if serving.get(question.lp):
            best = serving[question.lp][0]
            told = sources.walkthroughs[best.walkthroughs[0]] if best.walkthroughs else None
            found.setdefault(f"{kind}:{question.id}", (kind, Walkthrough(
                walkthrough=told.walkthrough if told else question.id, title=question.question,
                question=question.question, lp=question.lp, story=best.story, levels=told.levels if told else [])))
    return found


def _handler_for(server: RehearseServer) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (_Handler,), {"rehearsals": server})


class _Handler(BaseHTTPRequestHandler):
    """The page's requests, answered for ``rehearsals``."""

    rehearsals: RehearseServer

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/":
            page = files("lpdeck.loop").joinpath("templates/rehearse.html").read_text(encoding="utf-8")
            script = files("lpdeck.loop").joinpath("templates/rehearse.js").read_text(encoding="utf-8")
            self._send(page.replace("/*SCRIPT*/", script).encode(), "text/html; charset=utf-8")
        elif path == "/state":
            self._json(self.rehearsals.state())
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        key = parse_qs(parts.query).get("id", [""])[0]
        length = int(self.headers.get("Content-Length") or 0)
        if length > LONGEST_BODY:
            self._json({"error": "too much audio in one piece"}, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        try:
            self._route(parts.path, key, self.rfile.read(length))
        except (LpdeckError, ValueError) as error:
            self._json({"error": str(error)}, HTTPStatus.BAD_REQUEST)

    def _route(self, path: str, key: str, body: bytes) -> None:
        if path == "/start":
            self._json({"id": self.rehearsals.begin(json.loads(body or b"{}").get("walkthrough", ""))})
        elif path == "/audio":
            self.rehearsals.telling(key).feed(body, keep=self.rehearsals.keep_audio)
            self._json({"ok": True})
        elif path == "/stop":
            self._json(self.rehearsals.finish(key))
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _json(self, value: object, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(json.dumps(value, ensure_ascii=False).encode(), "application/json", status)

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for what the user needs, not request logs
