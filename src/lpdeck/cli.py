"""The ``lpdeck`` command: a thin click layer over the pipeline in ``lpdeck.build``.

Heavy modules (PyYAML, pydantic, genanki) are imported inside the commands, so ``lpdeck --help`` stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .author.commands import import_pages, init, new
from .loop.rehearse_command import rehearse
from .params import PathArg, ankiconnect_options
from .sources.principles import EVERY_LEVEL, LEVELS

if TYPE_CHECKING:  # for annotations only
    from datetime import date

    from .sources.workspace import Workspace

SourcePaths = PathArg(path_type=Path)


def _workspace(sources: tuple[Path, ...], out_dir: Path | None = None, lock_path: Path | None = None,
               level: str | None = None) -> Workspace:
    """What the command works on, found once: the sources named (or the workspace's decks/, found from any folder
    inside it) listed, the output folder, the lock, the level (--level, else the workspace's settings)."""
    from .sources.workspace import resolve

    return resolve(sources, out_dir=out_dir, lock_path=lock_path, level=level)


class _CleanErrorsGroup(click.Group):
    """Turn lpdeck's errors into clean messages and any other exception into one line, unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import LpdeckError
        from .sources.messages import one_line, os_error_line

        try:
            return super().invoke(ctx)
        except LpdeckError as error:
            click.echo(str(error), err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except OSError as error:  # the machine's problem (permissions, a full disk), not lpdeck's: exit 1, no "bug"
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(os_error_line(error), err=True)
            ctx.exit(1)
        except Exception as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"lpdeck: internal error: {type(error).__name__}: {one_line(error)}", err=True)
            click.echo("This is a bug; run again with `lpdeck --debug ...` for the traceback and report it.", err=True)
            ctx.exit(70)  # EX_SOFTWARE: apart from bad input (1) and bad usage (2)


@click.group(cls=_CleanErrorsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lpdeck")
@click.option("--debug", is_flag=True, help="Show the full traceback of unexpected errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Compile Leadership Principle interview walkthroughs (YAML) into Anki decks."""
    ctx.obj = {"debug": debug}


_OUTPUT = click.option("-o", "--output", "out_dir", type=PathArg(file_okay=False, path_type=Path),
                       help="Folder for the .apkg files [default: dist/ in the workspace].")
_LOCK = click.option("--lock", "lock_path", type=PathArg(dir_okay=False, path_type=Path),
                     help="Lock file (default: lpdeck.lock beside the sources).")
_LEVEL = click.option("--level", type=click.Choice((*LEVELS, EVERY_LEVEL), case_sensitive=False),
                      help="The level you interview at, for this run: Level cards for it only; all: every level "
                           "[default: the level in the workspace's lpdeck.yaml, else all].")


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@_LEVEL
def check(sources: tuple[Path, ...], level: str | None) -> None:
    """Validate SOURCES (files or folders; default: the workspace's decks/) without writing anything."""
    from .build import load_sources
    from .errors import SourceError
    from .sources.tally import failed_check, passed_check

    try:
        loaded = load_sources(_workspace(sources, level=level))
    except SourceError as error:
        raise failed_check(error) from None
    for warning in loaded.warnings:
        click.echo(str(warning), err=True)
    click.echo("\n".join(passed_check(loaded)))


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@_OUTPUT
@_LOCK
@click.option("--locked", is_flag=True, help="Fail, writing nothing, if the lock file would change (for CI).")
@click.option("--dry-run", is_flag=True, help="Print what would be built; write nothing.")
@click.option("--new-lock", is_flag=True,
              help="Start a new lock, ignoring any lock there: every note gets a new id and mod (the next import "
                   "overwrites edits made in Anki), and retired notes are forgotten.")
@_LEVEL
def build(sources: tuple[Path, ...], out_dir: Path | None, lock_path: Path | None, locked: bool, dry_run: bool,
          new_lock: bool, level: str | None) -> None:
    """Build one .apkg per walkthrough plus all.apkg from SOURCES (default: the workspace's decks/)."""
    from .build import build as run_build
    from .ship.report import build_lines

    if locked and new_lock:
        raise click.UsageError("--locked and --new-lock contradict each other")
    report = run_build(_workspace(sources, out_dir, lock_path, level), locked=locked, dry_run=dry_run,
                       new_lock=new_lock)
    for line, to_stderr in build_lines(report):
        click.echo(line, err=to_stderr)


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@_LOCK
@click.option("--dry-run", is_flag=True, help="Print what would be forgotten; write nothing.")
@_LEVEL
def prune(sources: tuple[Path, ...], lock_path: Path | None, dry_run: bool, level: str | None) -> None:
    """Forget retired notes for good: remove them from the lock, so no later package ships them."""
    from .build import prune as run_prune
    from .sources.messages import count

    path, gone = run_prune(_workspace(sources, lock_path=lock_path, level=level), dry_run=dry_run)
    verb = "would forget" if dry_run else "forgot"
    for key in gone:
        click.echo(f"{verb} {key}")
    if not gone:
        click.echo(f"{path}: no retired notes to forget")
    elif dry_run:
        click.echo(f"would update {path}: {count(len(gone), 'retired note')} to forget")
    else:
        click.echo(f"updated {path}: {count(len(gone), 'retired note')} forgotten; run `lpdeck build` to write "
                   "packages without them (a collection that has them keeps them: delete them in Anki, "
                   "tag:lpdeck::retired)")


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@_LOCK
def retired(sources: tuple[Path, ...], lock_path: Path | None) -> None:
    """Print the Anki search that finds the lock's retired notes, to tag and suspend them in Anki's browser by hand."""
    from .loop.retire import search_by_hand

    for line, to_stderr in search_by_hand(_workspace(sources, lock_path=lock_path).lock_path):
        click.echo(line, err=to_stderr)


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@_LEVEL
def stats(sources: tuple[Path, ...], level: str | None) -> None:
    """Show which of your stories serve each Leadership Principle (a principle × story matrix), notes by kind, and each
    story's speaking time per step."""
    from .build import compile_for
    from .cards.stats import stats_table
    from .coach.timing import speaking_time_lines

    loaded, decks, _ = compile_for(_workspace(sources, level=level))
    click.echo(stats_table(loaded, decks))
    click.echo("\n".join(["", *speaking_time_lines(loaded.stories)]))


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@click.option("-o", "--output", type=PathArg(dir_okay=False, path_type=Path),
              help="The HTML file to write [default: dist/preview.html in the workspace].")
@_LEVEL
def preview(sources: tuple[Path, ...], output: Path | None, level: str | None) -> None:
    """Write one HTML page showing every card's front and back as Anki renders them (light/dark, phone width)."""
    from .loop.preview import bank_html, preview_cards, preview_html, preview_sources
    from .ship.atomic import write_text_atomic

    workspace = _workspace(sources, level=level)
    output = output or workspace.out_dir / "preview.html"
    notes, bank = preview_sources(workspace)
    cards = preview_cards(notes)
    label = " ".join(str(path) for path in workspace.paths)
    write_text_atomic(output, preview_html(cards, label, bank=bank_html(bank)))
    click.echo(f"wrote {output}: {len(cards)} cards from {len(notes)} notes")


# --- the plan to the interview date: `lpdeck plan` and `lpdeck push --by` ---
def _interview_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A --by that is not a date, or is a past one, is a usage error (exit 2)."""
    from .loop.plan import interview_date

    try:
        return None if value is None else interview_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@click.option("--by", metavar="YYYY-MM-DD", required=True, callback=_interview_date, help="The interview's date.")
@_LEVEL
def plan(sources: tuple[Path, ...], by: date, level: str | None) -> None:
    """New cards a day to first see every card of SOURCES at least 5 days before the interview, and the reviews."""
    from .loop.plan import first_pass, make_plan, plan_lines, today

    cards, showing = first_pass(_workspace(sources, level=level))
    plan_ = make_plan(cards, today(), by, showing.seconds / cards if cards else None)
    click.echo("\n".join(plan_lines(plan_, met=None)))
# --- end of the plan ---


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@_OUTPUT
@_LOCK
@ankiconnect_options
@click.option("--by", metavar="YYYY-MM-DD", callback=_interview_date,
              help="The interview's date: also plan for the cards Anki has as new, and set the LP Interview decks' "
                   "new cards/day (on a preset of lpdeck's own).")
@_LEVEL
def push(sources: tuple[Path, ...], out_dir: Path | None, lock_path: Path | None, url: str | None, key: str | None,
         timeout: float, sync: bool, by: date | None, level: str | None) -> None:
    """Build as `build` does, then import all.apkg into a running Anki through the AnkiConnect add-on."""
    from .loop.deliver import ask_sync, deliver
    from .loop.preset import plan_in_anki
    from .loop.push import client_from
    from .loop.push import push as run_push
    from .ship.report import build_lines

    client = client_from(url, key, timeout)
    report = run_push(_workspace(sources, out_dir, lock_path, level), client)
    for line, to_stderr in build_lines(report):  # each step says what it did before the next may fail
        click.echo(line, err=to_stderr)
    click.echo("\n".join(deliver(client, report)))
    if by is not None:  # the plan to the interview date
        click.echo("\n".join(plan_in_anki(client, by)))
    if sync:  # last: the phone then gets the preset too
        click.echo(ask_sync(client))


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@_OUTPUT
@_LOCK
@click.option("--port", type=click.IntRange(0, 65535), default=8470, show_default=True,
              help="Port of the preview on 127.0.0.1 (0 picks a free one).")
@click.option("--push", "push_builds", is_flag=True, help="Push each good build to Anki, as `push` does.")
@ankiconnect_options
@_LEVEL
def watch(sources: tuple[Path, ...], out_dir: Path | None, lock_path: Path | None, port: int, push_builds: bool,
          url: str | None, key: str | None, timeout: float, sync: bool, level: str | None) -> None:
    """Rebuild SOURCES on every save and serve a preview that reloads itself; Ctrl-C stops."""
    from .loop.push import client_from
    from .loop.watch import WatchOptions
    from .loop.watch import watch as run_watch

    client = client_from(url, key, timeout) if push_builds else None
    options = WatchOptions(_workspace(sources, out_dir, lock_path, level), client, sync)
    try:
        run_watch(options, port, lambda text, err: click.echo(text, err=err))
    except KeyboardInterrupt:  # Ctrl-C is how watch ends: no traceback, no "Aborted!", exit 0
        click.echo("stopped", err=True)


@main.command()
@click.option("-o", "--output", type=PathArg(dir_okay=False, path_type=Path),
              help="Write the schema here instead of printing it.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the source format (for editor completion and checks)."""
    from .sources.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        from .ship.atomic import write_text_atomic

        write_text_atomic(output, text)


main.add_command(init)
main.add_command(new)
main.add_command(import_pages)
main.add_command(rehearse)


def run() -> None:
    """Console-script entry point."""
    main(prog_name="lpdeck")


if __name__ == "__main__":  # pragma: no cover
    run()
