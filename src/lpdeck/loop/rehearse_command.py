"""`lpdeck rehearse`: the click command, its options, and what each combination does."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..sources.principles import EVERY_LEVEL, LEVELS

if TYPE_CHECKING:
    from ..sources.workspace import Workspace

_Command = TypeVar("_Command", bound=Callable[..., Any])
REHEARSALS = Path(".lpdeck") / "rehearsals"  # in the workspace: each rehearsal's report (and audio, if kept)


def rehearse_options(function: _Command) -> _Command:
    for option in reversed((
        click.option("--audio", type=click.Path(dir_okay=False, path_type=Path),
                     help="Report on a recording made elsewhere (WAV, m4a/AAC, mp3, ogg, webm/Opus) of WALKTHROUGH."),
        click.option("--json", "as_json", is_flag=True, help="With --audio: print the report as one JSON object."),
        click.option("--history", is_flag=True, help="Show each story's rehearsals over time: time, phrases, fillers."),
        click.option("--keep-audio", is_flag=True, help="Keep each rehearsal's audio beside its report."),
        click.option("--level", type=click.Choice((*LEVELS, EVERY_LEVEL), case_sensitive=False),
                     help="The level you interview at, for this run: its length is shown beside the steps' target "
                          "[default: the level in the workspace's lpdeck.yaml]."),
        click.option("--port", type=click.IntRange(0, 65535), default=8471, show_default=True,
                     help="Port of the rehearsal page on 127.0.0.1 (0 picks a free one)."),
    )):
        function = option(function)
    return function


@click.command()
@click.argument("walkthrough", required=False)
@rehearse_options
def rehearse(walkthrough: str | None, **options: Any) -> None:
    """Tell a story out loud and hear how it went: opens a page on 127.0.0.1 that records you (offline)."""
    from ..sources.workspace import resolve

    run(walkthrough, resolve, **options)


def run(walkthrough: str | None, resolve: Callable[..., Workspace], *, audio: Path | None, as_json: bool,
        history: bool, keep_audio: bool, level: str | None, port: int) -> None:
    """The history, a recording's report, or the page (``resolve`` finds the workspace, its sources and level)."""
    from .rehearse import history_text, rehearse_page, rehearse_recording

    workspace = resolve((), level=level)
    folder = Path(os.path.relpath((workspace.root or Path.cwd()) / REHEARSALS))
    if history:
        click.echo(history_text(folder))
    elif audio is None:
        if walkthrough is not None or as_json:
            raise click.UsageError("WALKTHROUGH and --json go with --audio FILE; the page lets you pick a question")
        try:
            rehearse_page(workspace, folder, port, workspace.level, keep_audio, click.echo)
        except KeyboardInterrupt:  # Ctrl-C ends the page, as it ends watch
            click.echo("stopped", err=True)
    elif walkthrough is None:
        raise click.UsageError("--audio FILE needs the WALKTHROUGH it tells (its id, e.g. caught-critical-issue)")
    else:
        click.echo(rehearse_recording(workspace, folder, audio, walkthrough, workspace.level, keep_audio=keep_audio,
                                      as_json=as_json))
