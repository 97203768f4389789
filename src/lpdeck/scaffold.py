"""``lpdeck new``: write a new walkthrough file with every section, commented, ready to fill in."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import LpdeckError
from .load import find_sources, load_file, quoted
from .principles import LEADERSHIP_PRINCIPLES, LEVELS
from .schema import ID_PATTERN, quoted_list, suggest
from .validate import RESERVED_IDS

SCHEMA_PATH = Path("schema") / "lpdeck.schema.json"

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A walkthrough: one interview question answered with a story. Each section below holds one example item: replace
# its text with yours, copy an item to add another, delete what you do not need. Then run `lpdeck check`.
#
# Text is kept exactly as written; Markdown gives **bold**, *italics*, "- " lists and line breaks. Put a text in
# quotes when it starts with one of  [ ] {{ }} * & ! | > ' " % @ `  or contains ": " or " #" (YAML reads those).
# For a long text, write >- and continue on the next lines, indented.
# Ids are lowercase words joined by hyphens. They name the notes in Anki: never change one once you have imported.

walkthrough: {id}  # this file's id; its deck is dist/{id}.apkg
# the deck's name in Anki, one line
title: {title}
# the interview question, as the interviewer asks it
question: Tell me about a time you ...
# The Leadership Principle the question tests, spelt exactly as one of:
{principles}
lp: {lp}
story: {story}  # the id of the story this walkthrough tells (its STAR steps are in the story's file)
overview: >-
  The answer at a glance: the situation, what you did, the result, and what you learned.
takeaways:  # optional
  - The first thing to remember.

# Follow-up questions for this question. The story's own probes are in every deck that uses the story.
probes:
  - id: first-follow-up
    question: What does the interviewer ask next?
    # optional:
    probes: What the interviewer is probing for.
    weak: A weak answer.
    weak_why: Why the weak answer fails.
    strong: A strong answer.
    # optional:
    key_phrase: The phrase to remember.

# Weak full answers to spot the flaws in.
weak_answers:
  - id: first-weak-answer
    answer: >-
      A weak answer to the question, in full, as a candidate might give it.
    critique:  # one text, or a list
      - What is wrong with it.
    # optional:
    verdict: What the bar raiser thinks.

# Multiple-choice questions: two to eight options keyed a, b, c, ...; the answer is one key, or a list like [a, c].
quiz:
  - id: first-quiz-question
    question: Which of these ...?
    options:
      a: The right choice.
      b: A wrong choice.
      c: Another wrong choice.
    answer: a
    explanation: Why a is right.

# How to tell the same story when the interviewer is after another principle (lp: as above).
angles:
  - id: {angle_id}
    lp: {angle_lp}
    lead: What to lead with.
    emphasize: What to stress.
    downplay: What to say less about.

# How the bar differs by level: {levels}. Each level needs at least one of focus, reflection, bar, length.
levels:
  - id: senior
    level: Senior
    focus: What interviewers focus on at this level.
    # optional:
    reflection: The reflection expected at this level.
    # optional:
    bar: What clears the bar at this level.
    # optional:
    length: How long the answer should take, e.g. 2-3 minutes.
"""


def default_path(walkthrough_id: str) -> Path:
    return Path("decks") / f"{walkthrough_id}.yaml"


def check_id(walkthrough_id: str) -> str | None:
    """Return what is wrong with a walkthrough id, or None."""
    if not re.fullmatch(ID_PATTERN, walkthrough_id):
        return f"{quoted(walkthrough_id)} must be lowercase letters, digits and single hyphens, like 'calculated-risk'"
    if walkthrough_id in RESERVED_IDS:
        return f"'{walkthrough_id}' is reserved (dist/{walkthrough_id}.apkg is the combined deck)"
    return None


def _source_folder(output: Path) -> Path:
    """The folder whose sources the new file joins: decks/ when it goes there, else its own folder."""
    decks = Path("decks").resolve()
    parent = output.resolve().parent
    return decks if decks == parent or decks in parent.parents else parent


def existing_ids(folder: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """Return (stories, walkthroughs): each id found in the sources under ``folder``, with its file."""
    stories: dict[str, Path] = {}
    walkthroughs: dict[str, Path] = {}
    if not folder.is_dir():
        return stories, walkthroughs
    try:
        paths = find_sources([folder])
    except LpdeckError:
        return stories, walkthroughs
    for path in paths:
        try:
            data = load_file(path).data
        except LpdeckError:
            continue  # `lpdeck check` reports broken files; here they only hide ids
        if isinstance(data.get("walkthrough"), str):
            walkthroughs.setdefault(data["walkthrough"], path)
        elif isinstance(data.get("story"), str):
            stories.setdefault(data["story"], path)
    return stories, walkthroughs


def schema_reference(output: Path) -> tuple[str, bool]:
    """Return the path from ``output``'s folder to the nearest schema/lpdeck.schema.json up, and whether it exists."""
    folder = output.resolve().parent
    found = next((c / SCHEMA_PATH for c in (folder, *folder.parents) if (c / SCHEMA_PATH).is_file()), None)
    target = found or Path.cwd().resolve() / SCHEMA_PATH
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


def render(walkthrough_id: str, story: str, lp: str, schema: str) -> str:
    """Return the text of a new walkthrough file."""
    angle_lp = "Ownership" if lp != "Ownership" else "Customer Obsession"
    principles = "\n".join(f"#   {name}" for name in LEADERSHIP_PRINCIPLES)
    return TEMPLATE.format(
        schema=schema, id=walkthrough_id, title=walkthrough_id.replace("-", " ").capitalize(), lp=lp, story=story,
        principles=principles, angle_lp=angle_lp, angle_id=angle_lp.lower().replace(" ", "-"), levels=", ".join(LEVELS),
    )


def _exists(path: Path) -> LpdeckError:
    return LpdeckError(f"{path}: already exists; lpdeck new never overwrites a file (choose another id, or -o PATH)")


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``, complete or not at all, and never over an existing file."""
    if path.exists() or path.is_symlink():
        raise _exists(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # an ordinary file, not mkstemp's private 0600
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        try:
            os.link(temporary, path)  # atomic, and fails if the file appeared meanwhile
        except FileExistsError:
            raise _exists(path) from None
        except OSError:  # a file system without hard links
            try:
                with open(path, "x", encoding="utf-8", newline="\n") as stream:
                    stream.write(text)
            except FileExistsError:
                raise _exists(path) from None
    finally:
        os.unlink(temporary)


def new_walkthrough(walkthrough_id: str, story: str | None = None, lp: str = "Ownership",
                    output: Path | None = None) -> tuple[Path, str, list[str]]:
    """Write a new walkthrough file; return its path, the story it names, and notes for the author."""
    problem = check_id(walkthrough_id)
    if problem:
        raise LpdeckError(f"lpdeck new: {problem}")
    if lp not in LEADERSHIP_PRINCIPLES:
        near = suggest(lp, LEADERSHIP_PRINCIPLES)
        hint = f"did you mean '{near}'?" if near else f"expected one of: {quoted_list(LEADERSHIP_PRINCIPLES)}"
        raise LpdeckError(f"lpdeck new: unknown Leadership Principle {quoted(lp)}; {hint}")
    path = output or default_path(walkthrough_id)
    if path.exists() or path.is_symlink():
        raise _exists(path)
    folder = _source_folder(path)
    stories, walkthroughs = existing_ids(folder)
    taken = walkthroughs.get(walkthrough_id) or stories.get(walkthrough_id)
    if taken:
        raise LpdeckError(f"lpdeck new: '{walkthrough_id}' is already the id in {_shown(taken)}; choose another id")
    notes = []
    if story is None:
        if len(stories) != 1:
            known = f" (stories: {', '.join(sorted(stories))})" if stories else ""
            raise LpdeckError(f"lpdeck new: name the story this walkthrough tells with --story ID{known}")
        story = next(iter(stories))
    elif not re.fullmatch(ID_PATTERN, story):
        raise LpdeckError(f"lpdeck new: --story {quoted(story)} must be lowercase letters, digits and single hyphens")
    elif story not in stories:
        notes.append(f"note: no story '{story}' in {_shown(folder)}/ yet; `lpdeck check` needs its file")
    schema, schema_exists = schema_reference(path)
    if not schema_exists:
        notes.append(f"note: {schema} does not exist yet; `lpdeck schema -o {SCHEMA_PATH.as_posix()}` writes it "
                     "(editors use it to complete keys and flag mistakes)")
    write_new(path, render(walkthrough_id, story, lp, schema))
    return path, story, notes
