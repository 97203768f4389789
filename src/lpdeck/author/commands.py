"""The authoring commands: `lpdeck init` (a workspace), `lpdeck new` (a scaffold) and `lpdeck import` (pages).

A malformed id or unknown principle on their command line is a usage error (exit status 2), as click reports it.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..params import PathArg
from ..sources.principles import LEVELS


def _valid_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A wrong id on the command line is a usage error (exit 2), with the rule it breaks."""
    if value is None:
        return None
    from .new import check_id

    problem = check_id(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def _valid_principle(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An unknown principle on the command line is a usage error (exit 2), with the likely spelling."""
    if value is None:
        return None
    from ..sources.messages import did_you_mean, quoted, suggest
    from ..sources.principles import LEADERSHIP_PRINCIPLES

    if value not in LEADERSHIP_PRINCIPLES:
        hint = did_you_mean(suggest(value, LEADERSHIP_PRINCIPLES), LEADERSHIP_PRINCIPLES)
        raise click.BadParameter(f"unknown Leadership Principle {quoted(value)}; {hint}")
    return value


@click.command()
@click.argument("words", nargs=-1, required=True, metavar="[story] ID")
@click.option("--story", metavar="ID", callback=_valid_id,
              help="The story the walkthrough tells (default: the only story in decks/).")
@click.option("--lp", callback=_valid_principle,
              help="The Leadership Principle the question tests (default: a placeholder to fill in).")
@click.option("--create-story", is_flag=True,
              help="Also write the story's file (decks/stories/ID.yaml) when no story has the --story ID yet.")
@click.option("-o", "--output", type=PathArg(dir_okay=False, path_type=Path),
              help="Where to write it (default: decks/ID.yaml, or decks/stories/ID.yaml for a story).")
def new(words: tuple[str, ...], story: str | None, lp: str | None, create_story: bool, output: Path | None) -> None:
    """Write a new walkthrough file (`lpdeck new ID`) or story file (`lpdeck new story ID`) with every section,
    commented, its texts TODO: placeholders to fill in; never overwrites a file."""
    from .new import check_id, new_story, new_walkthrough

    problem = check_id(words[-1])
    if problem:
        raise click.BadParameter(problem, param_hint="'ID'")
    if len(words) == 2 and words[0] == "story":
        if story or lp or create_story:
            raise click.UsageError("--story, --lp and --create-story are for a walkthrough, not for `lpdeck new story "
                                   "ID`")
        path, notes = new_story(words[1], output)
        paths, told = [path], "story"
    elif words == ("story",):
        raise click.UsageError("name the story: `lpdeck new story ID`")
    elif len(words) == 1:
        paths, story, notes = new_walkthrough(words[0], story, lp, output, create_story=create_story)
        told = f"story: {story}"
    else:
        raise click.UsageError("expected `lpdeck new ID` (a walkthrough) or `lpdeck new story ID`")
    for note in notes:
        click.echo(note, err=True)
    if len(paths) == 2:
        click.echo(f"wrote {paths[1]} (story)")
    click.echo(f"wrote {paths[0]} ({told}); fill in {'their' if len(paths) == 2 else 'its'} TODO: placeholders, "
               "then run `lpdeck check`")


@click.command(name="import")
@click.argument("pages", nargs=-1, required=True, type=PathArg(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "folder", type=PathArg(file_okay=False, path_type=Path),
              help="The sources folder to write into [default: decks/ in the workspace].")
def import_pages(pages: tuple[Path, ...], folder: Path | None) -> None:
    """Turn walkthrough PAGES saved as text into a walkthrough file each and their story file; never over an edit."""
    from ..sources.workspace import SOURCES, in_workspace
    from .pages.importer import import_pages

    result = import_pages(list(pages), folder or in_workspace(SOURCES, "or give the folder to write into with -o"))
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    for note in result.notes:
        click.echo(note)
    for path in result.written:
        click.echo(f"wrote {path}")
    for path in result.unchanged:
        click.echo(f"unchanged {path}")
    click.echo("fill in the TODO: placeholders (`lpdeck check` lists them), then run `lpdeck build`")


@click.command()
@click.argument("folder", required=False, type=PathArg(path_type=Path), default=Path("."))
@click.option("--example", is_flag=True, help="Add the sample story and its walkthroughs to learn the format from.")
@click.option("--level", type=click.Choice(LEVELS, case_sensitive=False),
              help="The level you interview at, saved in lpdeck.yaml: Level cards for it only [default: every level].")
def init(folder: Path, example: bool, level: str | None) -> None:
    """Make a workspace in FOLDER (default: here; new or without sources): decks/, decks/stories/, its settings
    (lpdeck.yaml), the schema for editors and a .gitignore for dist/; never overwrites a file."""
    from ..sources.workspace import OUTPUT, SOURCES
    from .workspace import init as make

    made = make(folder, example=example, level=level)
    for note in made.notes:
        click.echo(note, err=True)
    for path in made.written:
        click.echo(f"wrote {path}")
    for path in made.unchanged:
        click.echo(f"unchanged {path}")
    click.echo(f"made a workspace in {folder}: {Path(folder, SOURCES)}/ holds your stories (in stories/) and "
               f"walkthroughs, builds go to {Path(folder, OUTPUT)}/")
    where = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(f"next: {where}lpdeck new story ID (or lpdeck import PAGE.txt), then lpdeck build")
