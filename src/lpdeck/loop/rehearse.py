"""`lpdeck rehearse`: a recording's report, the history, and the page that records a telling (``rehearse_server``)."""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..build import load_sources
from ..errors import LpdeckError
from ..sources.records import Story, Walkthrough
from ..sources.validate import Sources
from ..sources.workspace import Workspace

VOICE_HINT = "pip install 'lpdeck[voice]'"


def require_voice() -> None:
    """One line, exit 1, when the listening parts are not installed."""
    missing = [name for name, module in (("pocketsphinx", "pocketsphinx"), ("PyAV", "av"))
               if importlib.util.find_spec(module) is None]
    if missing:
        raise LpdeckError(f"lpdeck rehearse listens with {' and '.join(missing)}, not installed here: {VOICE_HINT}")


def told(sources: Sources, walkthrough: str) -> tuple[Walkthrough, Story]:
    """The walkthrough named and the story it tells; an error naming the ones there are."""
    if walkthrough not in sources.walkthroughs:
        known = ", ".join(sorted(sources.walkthroughs)) or "none"
        raise LpdeckError(f"no walkthrough {walkthrough!r} in the sources (there are: {known})")
    found = sources.walkthroughs[walkthrough]
    return found, sources.stories[found.story]


def rehearse_recording(workspace: Workspace, folder: Path, audio: Path, walkthrough: str, level: str | None, *,
                       keep_audio: bool = False, as_json: bool = False) -> str:
    """The report of a recording of ``walkthrough`` told, kept in ``folder``; as text or one JSON object."""
    require_voice()
    from ..coach.history import save
    from ..coach.lines import report_lines
    from ..coach.session import rehearse_file

    chosen, story = told(load_sources(workspace), walkthrough)
    report, pcm = rehearse_file(audio, chosen, story, level, keep=keep_audio)
    save(folder, report, datetime.now().astimezone(), pcm)
    if as_json:
        return json.dumps(report.as_json(), ensure_ascii=False)
    return "\n".join(report_lines(report))


def history_text(folder: Path) -> str:
    from ..coach.history import load
    from ..coach.lines import history_lines

    return "\n".join(history_lines(load(folder)))


def rehearse_page(workspace: Workspace, folder: Path, port: int, level: str | None, keep_audio: bool,
                  say: Callable[[str], None], stop: threading.Event | None = None) -> None:
    """Serve the rehearsal page on 127.0.0.1 until Ctrl-C (or ``stop``)."""
    require_voice()
    from .rehearse_server import RehearseServer

    sources = load_sources(workspace)
    if not sources.walkthroughs:
        raise LpdeckError("no walkthrough to rehearse in the sources: `lpdeck new ID --story STORY` adds one")
    server = RehearseServer(sources, folder, port, level=level, keep_audio=keep_audio)
    server.start()
    say(f"rehearse at {server.url} (127.0.0.1 only: your audio stays on this machine); Ctrl-C stops")
    try:
        stop = stop or threading.Event()
        while not stop.wait(0.5):  # a short wait, so Ctrl-C is seen at once
            pass
    finally:
        server.close()
