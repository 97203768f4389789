"""``lpdeck new``: write a new walkthrough or story file with every section, commented, its texts placeholders to fill.

The text of the files is in ``lpdeck/author/templates/scaffold-*.yaml``; every sample text is a ``TODO:``
placeholder, which never reaches a card, so nothing of the scaffold can reach a package unchanged.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..errors import LpdeckError
from ..ship.atomic import create
from ..sources.document import Document
from ..sources.find import find_sources
from ..sources.load import load_file
from ..sources.messages import did_you_mean, quoted, suggest
from ..sources.placeholders import placeholder
from ..sources.principles import LEADERSHIP_PRINCIPLES, LEVELS, STEPS
from ..sources.records import ID
from ..sources.validate import RESERVED_IDS
from ..sources.workspace import SCHEMA_PATH, SOURCES, in_workspace, root

STEP_SECONDS = {"situation": 30, "task": 20, "action": 90, "result": 30, "reflection": 20}


def _scaffold(name: str) -> str:
    """One scaffold file (``lpdeck/author/templates``)."""
    return resources.files(__package__).joinpath("templates").joinpath(name).read_text(encoding="utf-8")


_OUTSIDE = "or say where to write the file with -o"  # outside a workspace, new writes only where it is told


def default_path(walkthrough_id: str) -> Path:
    return in_workspace(SOURCES, _OUTSIDE) / f"{walkthrough_id}.yaml"


def check_id(ident: str) -> str | None:
    """Return what is wrong with a story or walkthrough id (validate refuses the same ids), or None."""
    if not ID.fullmatch(ident):
        return f"{quoted(ident)} must be lowercase letters, digits and single hyphens, like 'calculated-risk'"
    if ident in RESERVED_IDS:
        return f"'{ident}' is reserved (dist/{ident}.apkg is the combined deck)"
    return None


def _workspace_decks() -> Path | None:
    """The decks/ of the workspace around the working folder, relative to it (None outside one)."""
    found = root()
    return Path(os.path.relpath(found / SOURCES)) if found else None


def _source_folder(output: Path, decks: Path | None) -> Path:
    """The folder whose sources the new file joins: ``decks`` when it goes there, else its own folder."""
    parent = output.resolve().parent
    within = decks.resolve() if decks else None
    return within if within and (within == parent or within in parent.parents) else parent


def loaded_sources(folder: Path) -> list[tuple[Path, Document]]:
    """The sources under ``folder`` that load (none if it holds none); `lpdeck check` reports the broken ones."""
    if not folder.is_dir():
        return []
    try:
        paths = find_sources([folder])
    except LpdeckError:
        return []
    loaded = []
    for path in paths:
        try:
            loaded.append((path, load_file(path)))
        except LpdeckError:
            continue
    return loaded


def existing_ids(folder: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """Return (stories, walkthroughs): each id found in the sources under ``folder``, with its file."""
    stories: dict[str, Path] = {}
    walkthroughs: dict[str, Path] = {}
    for path, doc in loaded_sources(folder):
        walkthrough_id, story_id = doc.data.get("walkthrough"), doc.data.get("story")
        if isinstance(walkthrough_id, str):
            walkthroughs.setdefault(walkthrough_id, path)
        elif isinstance(story_id, str):
            stories.setdefault(story_id, path)
    return stories, walkthroughs


def schema_reference(output: Path) -> tuple[str, bool]:
    """Return the path from ``output``'s folder to the nearest schema/lpdeck.schema.json up, and whether it exists."""
    folder = output.resolve().parent
    found = next((c / SCHEMA_PATH for c in (folder, *folder.parents) if (c / SCHEMA_PATH).is_file()), None)
    here = Path.cwd().resolve() / SCHEMA_PATH
    found = found or (here if here.is_file() else None)  # a file outside the project still finds the project's schema
    target = found or here
    try:
        return Path(os.path.relpath(target, folder)).as_posix(), found is not None
    except ValueError:  # another drive, on Windows
        return target.as_posix(), found is not None


def _shown(path: Path) -> str:
    """A path as the author would type it: relative to the current folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _title(ident: str) -> str:
    return ident.replace("-", " ").capitalize()


def render(walkthrough_id: str, story: str, lp: str | None, schema: str) -> str:
    """Return the text of a new walkthrough file."""
    principles = "\n".join(f"#   {name}" for name in LEADERSHIP_PRINCIPLES)
    shown_lp = lp or f'"{placeholder("the Leadership Principle, spelt as above")}"'
    return _scaffold("scaffold-walkthrough.yaml").format(
        schema=schema, id=walkthrough_id, title=_title(walkthrough_id), lp=shown_lp, story=story,
        principles=principles, angle_id="another-principle", levels=", ".join(LEVELS),
    )


def render_story(story_id: str, schema: str) -> str:
    """Return the text of a new story file: one item per STAR step, every text a placeholder."""
    step = _scaffold("scaffold-step.yaml")
    steps = "".join(step.format(step=name, seconds=STEP_SECONDS[name]) for name in STEPS)
    return _scaffold("scaffold-story.yaml").format(schema=schema, id=story_id, title=_title(story_id),
                                                       steps=steps, levels=", ".join(LEVELS))


def _exists(path: Path) -> LpdeckError:
    return LpdeckError(f"{path}: already exists; lpdeck new never overwrites a file (choose another id, or -o PATH)")


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``, complete or not at all, and never over an existing file."""
    try:
        create(path, text)
    except FileExistsError:
        raise _exists(path) from None


def new_walkthrough(walkthrough_id: str, story: str | None = None, lp: str | None = None,
                    output: Path | None = None, *, create_story: bool = False) -> tuple[list[Path], str, list[str]]:
    """Write a new walkthrough file (and its story's, if asked and missing); return the paths written (the
    walkthrough first), the story it names, and notes for the author."""
    problem = check_id(walkthrough_id)
    if problem:
        raise LpdeckError(f"lpdeck new: {problem}")
    if lp is not None and lp not in LEADERSHIP_PRINCIPLES:
        hint = did_you_mean(suggest(lp, LEADERSHIP_PRINCIPLES), LEADERSHIP_PRINCIPLES)
        raise LpdeckError(f"lpdeck new: unknown Leadership Principle {quoted(lp)}; {hint}")
    path = output or default_path(walkthrough_id)
    if path.exists() or path.is_symlink():
        raise _exists(path)
    decks = _workspace_decks()
    folder = _source_folder(path, decks)
    stories, walkthroughs = existing_ids(folder)
    taken = walkthroughs.get(walkthrough_id) or stories.get(walkthrough_id)
    if taken:
        raise LpdeckError(f"lpdeck new: '{walkthrough_id}' is already the id in {_shown(taken)}; choose another id")
    notes = []
    story = _chosen_story(story, stories)
    if story not in stories and decks and decks.is_dir() and decks.resolve() != folder.resolve():  # outside decks/
        stories = {**existing_ids(decks)[0], **stories}
    story_path = Path(_shown(folder / "stories" / f"{story}.yaml")) if story not in stories else None
    if story_path is not None and not create_story:
        raise LpdeckError(_unknown_story(story, stories, folder, story_path))
    schema, schema_exists = schema_reference(path)
    if not schema_exists:
        notes.append(f"note: {schema} does not exist yet; `lpdeck schema -o {SCHEMA_PATH.as_posix()}` writes it "
                     "(editors use it to complete keys and flag mistakes)")
    text = render(walkthrough_id, story, lp, schema)
    if story_path is None:
        write_new(path, text)
        return [path], story, notes
    _write_both(story_path, render_story(story, schema_reference(story_path)[0]), path, text)
    return [path, story_path], story, notes


def _chosen_story(story: str | None, stories: dict[str, Path]) -> str:
    """The story --story names, or the only story there is."""
    if story is None:
        if len(stories) != 1:
            known = f" (stories: {', '.join(sorted(stories))})" if stories else ""
            raise LpdeckError(f"lpdeck new: name the story this walkthrough tells with --story ID{known}")
        return next(iter(stories))
    if problem := check_id(story):
        raise LpdeckError(f"lpdeck new: --story: {problem}")
    return story


def _write_both(first: Path, first_text: str, second: Path, second_text: str) -> None:
    """Write two new files, both or neither."""
    if first.exists() or first.is_symlink():
        raise _exists(first)
    write_new(first, first_text)
    try:
        write_new(second, second_text)
    except BaseException:
        first.unlink()
        raise


def _unknown_story(story: str, stories: dict[str, Path], folder: Path, story_path: Path) -> str:
    """The error of --story naming no story: the likely spelling, where stories live, and how to write a new one."""
    near = suggest(story, list(stories))
    hint = (f"did you mean '{near}'?" if near else f"known stories: {', '.join(sorted(stories))}." if stories
            else "there is no story yet.")
    return (f"lpdeck new: no story '{story}' in {_shown(folder)}/ (stories live in {_shown(folder / 'stories')}/): "
            f"{hint} To write a new story too, add --create-story (it writes {story_path})")


def new_story(story_id: str, output: Path | None = None) -> tuple[Path, list[str]]:
    """Write a new story file (default decks/stories/ID.yaml); return its path and notes for the author."""
    problem = check_id(story_id)
    if problem:
        raise LpdeckError(f"lpdeck new story: {problem}")
    path = output or in_workspace(SOURCES, _OUTSIDE) / "stories" / f"{story_id}.yaml"
    if path.exists() or path.is_symlink():
        raise _exists(path)
    stories, walkthroughs = existing_ids(_source_folder(path, _workspace_decks()))
    taken = stories.get(story_id) or walkthroughs.get(story_id)
    if taken:
        raise LpdeckError(f"lpdeck new story: '{story_id}' is already the id in {_shown(taken)}; choose another id")
    schema, schema_exists = schema_reference(path)
    notes = [] if schema_exists else [f"note: {schema} does not exist yet; `lpdeck schema -o {SCHEMA_PATH.as_posix()}` "
                                      "writes it (editors use it to complete keys and flag mistakes)"]
    write_new(path, render_story(story_id, schema))
    return path, notes
