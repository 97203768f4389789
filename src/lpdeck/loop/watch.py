"""Rebuild on every save of a source, serve the preview with live reload, and optionally push each good build."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..build import build
from ..errors import LpdeckError
from ..ship.report import BuildReport, build_lines
from ..sources.find import is_source_name
from ..sources.messages import os_error_line
from ..sources.workspace import Workspace
from .deliver import ask_sync, deliver
from .preview import bank_html, preview_cards, preview_html, preview_sources
from .push import AnkiConnect
from .serve import EVENTS_PATH, PreviewServer

Say = Callable[[str, bool], None]  # (text, to stderr)


@dataclass(frozen=True)
class WatchOptions:
    """What to build (the workspace, its sources listed when watch began), and what to do with each good build."""

    workspace: Workspace
    client: AnkiConnect | None = None  # push each good build through this AnkiConnect
    sync: bool = False


class SourceFilter:
    """Passes changes to source files under the given folders, or to the given files; not the lock or temp files."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.folders = [os.path.abspath(p) for p in paths if p.is_dir()]
        self.files = {os.path.abspath(p) for p in paths if not p.is_dir()}

    def roots(self) -> list[str]:
        """The folders to watch: a file is watched through its folder, as editors often save by replacing it."""
        return sorted(set(self.folders) | {os.path.dirname(f) for f in self.files})

    def __call__(self, change: object, path: str) -> bool:
        path = os.path.abspath(path)
        if path in self.files:
            return True
        return is_source_name(os.path.basename(path)) and any(path.startswith(folder + os.sep)
                                                               for folder in self.folders)


class Watcher:
    """Builds, publishes the preview and pushes; reports each outcome through ``say``."""

    def __init__(self, options: WatchOptions, server: PreviewServer, say: Say) -> None:
        self.options = options
        self.server = server
        self.say = say
        self.label = " ".join(str(path) for path in options.workspace.paths)
        self.listed: Workspace | None = options.workspace  # the first build takes the sources as watch listed them
        # Until a build succeeds, the page has no cards but shows the problems, and reloads when cards come.
        server.publish(preview_html([], self.label, live=EVENTS_PATH, version=server.next_version))

    def rebuild(self) -> bool:
        """Build once (the sources listed anew after a save); print the summary or the problems; return whether the
        build was good."""
        options = self.options
        try:
            workspace, self.listed = self.listed or options.workspace.listed_again(), None
            report = build(workspace)
            # the notes the build compiled; a build with nothing to do compiled none: load them for the page
            notes, bank = ((list(report.compiled), report.bank) if report.compiled is not None and report.bank
                           else preview_sources(workspace))
        except (LpdeckError, OSError) as error:
            self.server.publish(None, str(error))
            self.say(_message(error), True)
            return False
        page = preview_html(preview_cards(notes), self.label, live=EVENTS_PATH, version=self.server.next_version,
                            bank=bank_html(bank))
        self.server.publish(page)
        for line, to_stderr in build_lines(report):  # as `lpdeck build` prints them
            self.say(line, to_stderr)
        if options.client is not None:
            self._push(options.client, report)
        return True

    def _push(self, client: AnkiConnect, report: BuildReport) -> None:
        try:
            for line in deliver(client, report):
                self.say(line, False)
            if self.options.sync:
                self.say(ask_sync(client), False)
        except LpdeckError as error:
            self.say(str(error), True)


def _message(error: BaseException) -> str:
    return os_error_line(error) if isinstance(error, OSError) else str(error)


def watch(options: WatchOptions, port: int, say: Say, stop: threading.Event | None = None) -> None:
    """Serve the preview on ``port``, build now and after every change, until ``stop`` is set or Ctrl-C."""
    import watchfiles

    try:
        server = PreviewServer(port)
    except OSError as error:
        raise LpdeckError(f"cannot serve the preview on 127.0.0.1:{port}: {error.strerror or error}; "
                          "choose another --port (0 picks a free one)") from None
    try:
        watcher = Watcher(options, server, say)
        watcher.rebuild()
        server.start()
        say(f"preview on {server.url} (Ctrl-C stops)", False)
        sources = SourceFilter(options.workspace.paths)
        say(f"watching {watcher.label} for changes", False)
        for changes in watchfiles.watch(*sources.roots(), watch_filter=sources, debounce=1600, step=100,
                                        stop_event=stop, raise_interrupt=True):
            say(f"changed: {', '.join(sorted(_relative(path) for _, path in changes))}", False)
            watcher.rebuild()
    finally:
        server.close()


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return path
