"""The ``lpdeck`` command: a thin click layer over the pipeline in ``lpdeck.build``.

Heavy modules (PyYAML, pydantic, genanki) are imported inside the commands, so ``lpdeck --help`` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

DEFAULT_SOURCES = (Path("decks"),)
SourcePaths = click.Path(path_type=Path)


def _sources(sources: tuple[Path, ...]) -> list[Path]:
    return list(sources or DEFAULT_SOURCES)


class _Group(click.Group):
    """Turn lpdeck's errors into clean messages and any other exception into one line, unless --debug."""

    def invoke(self, ctx: click.Context):
        from .errors import LpdeckError

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
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"lpdeck: {where}{error.strerror or _one_line(error)}", err=True)
            ctx.exit(1)
        except Exception as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"lpdeck: internal error: {type(error).__name__}: {_one_line(error)}", err=True)
            click.echo("This is a bug; run again with `lpdeck --debug ...` for the traceback and report it.", err=True)
            ctx.exit(70)  # EX_SOFTWARE: apart from bad input (1) and bad usage (2)


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lpdeck")
@click.option("--debug", is_flag=True, help="Show the full traceback of unexpected errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Compile Leadership Principle interview walkthroughs (YAML) into Anki decks."""
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
def check(sources: tuple[Path, ...]) -> None:
    """Validate SOURCES (files or folders; default: decks/) without writing anything."""
    from .build import load_sources

    loaded = load_sources(_sources(sources))
    _warn(loaded.warnings)
    click.echo(f"ok: {_count(len(loaded.walkthroughs), 'walkthrough')}, {_count(len(loaded.stories), 'story', 'stories')}")


def _warn(warnings) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Folder for the .apkg files.")
@click.option("--lock", "lock_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Lock file (default: lpdeck.lock beside the sources).")
@click.option("--locked", is_flag=True, help="Fail, writing nothing, if the lock file would change (for CI).")
@click.option("--dry-run", is_flag=True, help="Print what would be built; write nothing.")
def build(sources: tuple[Path, ...], out_dir: Path, lock_path: Path | None, locked: bool, dry_run: bool) -> None:
    """Build one .apkg per walkthrough plus all.apkg from SOURCES (default: decks/)."""
    from .build import build as run_build
    from .report import build_summary

    report = run_build(_sources(sources), out_dir, lock_path=lock_path, locked=locked, dry_run=dry_run)
    _warn(report.warnings)
    click.echo(build_summary(report))


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
def stats(sources: tuple[Path, ...]) -> None:
    """Show notes per walkthrough and card kind, and which Leadership Principles your stories cover."""
    from .build import load_sources
    from .compile import compile_sources
    from .report import stats_table

    loaded = load_sources(_sources(sources))
    click.echo(stats_table(loaded, compile_sources(loaded)))


@main.command()
@click.argument("sources", nargs=-1, type=SourcePaths)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("dist/preview.html"),
              show_default=True, help="The HTML file to write.")
def preview(sources: tuple[Path, ...], output: Path) -> None:
    """Write one HTML page showing every card's front and back as Anki renders them (light/dark, phone width)."""
    from .build import load_sources, write_text_atomic
    from .compile import compile_sources
    from .preview import preview_html, render_cards

    paths = _sources(sources)
    notes = list(next(deck for deck in compile_sources(load_sources(paths)) if deck.name == "all").notes)
    write_text_atomic(output, preview_html(notes, " ".join(str(path) for path in paths)))
    cards = sum(len(render_cards(note)) for note in notes)
    click.echo(f"wrote {output}: {cards} cards from {len(notes)} notes")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema here instead of printing it.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the source format (for editor completion and checks)."""
    import json

    from .schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        from .build import write_text_atomic

        write_text_atomic(output, text)


@main.command()
@click.argument("words", nargs=-1, required=True, metavar="[story] ID")
@click.option("--story", metavar="ID", help="The story the walkthrough tells (default: the only story in decks/).")
@click.option("--lp", help="The Leadership Principle the question tests (default: a placeholder to fill in).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: decks/ID.yaml, or decks/stories/ID.yaml for a story).")
def new(words: tuple[str, ...], story: str | None, lp: str | None, output: Path | None) -> None:
    """Write a new walkthrough file (`lpdeck new ID`) or story file (`lpdeck new story ID`) with every section,
    commented, its texts TODO: placeholders to fill in; never overwrites a file."""
    from .scaffold import new_story, new_walkthrough

    if len(words) == 2 and words[0] == "story":
        if story or lp:
            raise click.UsageError("--story and --lp are for a walkthrough, not for `lpdeck new story ID`")
        path, notes = new_story(words[1], output)
        told = "story"
    elif words == ("story",):
        raise click.UsageError("name the story: `lpdeck new story ID`")
    elif len(words) == 1:
        path, story, notes = new_walkthrough(words[0], story, lp, output)
        told = f"story: {story}"
    else:
        raise click.UsageError("expected `lpdeck new ID` (a walkthrough) or `lpdeck new story ID`")
    for note in notes:
        click.echo(note, err=True)
    click.echo(f"wrote {path} ({told}); fill in its TODO: placeholders, then run `lpdeck check`")


@main.command(name="import")
@click.argument("pages", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("decks"),
              show_default=True, help="The sources folder to write into.")
def import_(pages: tuple[Path, ...], folder: Path) -> None:
    """Turn walkthrough PAGES saved as text into a walkthrough file each and their story file; never over an edit."""
    from .pages.importer import import_pages

    result = import_pages(list(pages), folder)
    for path in result.written:
        click.echo(f"wrote {path}")
    for path in result.unchanged:
        click.echo(f"unchanged {path}")
    click.echo("fill in the TODO: placeholders (`lpdeck check` lists them), then run `lpdeck build`")


def run() -> None:
    """Console-script entry point."""
    main(prog_name="lpdeck")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
