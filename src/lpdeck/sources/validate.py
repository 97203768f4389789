"""Check loaded documents against the schema and against each other; turn every failure into a positioned Problem."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Problem, SourceError
from .bank import bank_warnings, question_warnings
from .document import DataPath, Document
from .messages import quoted, suggest
from .placeholders import placeholder_warnings
from .records import COMBINED, FIELDS, ONLY_IN, Question, Questions, Source, Story, Walkthrough, items, read

if TYPE_CHECKING:
    from pydantic import BaseModel

RESERVED_IDS = {COMBINED}  # dist/all.apkg is the combined deck

@dataclass(frozen=True)
class Sources:
    """Validated stories and walkthroughs by id, in file order: the records are all a build needs after validation.

    Every message that needs a position in a source file is made during validation (warnings included), so nothing
    here keeps a file's text or data alive.
    """

    stories: dict[str, Story]
    walkthroughs: dict[str, Walkthrough]
    warnings: list[Problem] = field(default_factory=list)  # worth fixing, but the sources build
    questions: dict[str, Question] = field(default_factory=dict)  # the workspace's own questions, by id
    common: tuple[Question, ...] = ()  # lpdeck's common questions (``questions.common_questions``), when loaded
    # ids of the stories and walkthroughs whose file holds no placeholder: compiling need not look for one in them
    placeholder_free: frozenset[str] = frozenset()


def _model_for(data: dict[str, object]) -> type[Story] | type[Walkthrough] | type[Questions] | None:
    """Tell a walkthrough from a story (or questions), even when its first key is misspelt, so the typo is reported."""
    if "walkthrough" in data:
        return Walkthrough
    typos = {suggest(key, ("walkthrough", "story", "questions")) for key in data if key not in _ALL_FIELDS}
    if "walkthrough" in typos:
        return Walkthrough
    if ("questions" in data or "questions" in typos or isinstance(data.get("question"), list)) and "story" not in data:
        return Questions  # a list under "question:" is a questions file's list under a misspelt key
    walkthrough_keys = sum(key in ONLY_IN[Walkthrough] for key in data)
    story_keys = sum(key in ONLY_IN[Story] for key in data)
    if "story" in data or "story" in typos:
        return Walkthrough if walkthrough_keys > story_keys else Story
    if walkthrough_keys != story_keys:
        return Walkthrough if walkthrough_keys > story_keys else Story
    return None


_ALL_FIELDS = set(FIELDS[Walkthrough]) | set(FIELDS[Story])


def _validate_document(doc: Document) -> Source | Questions:
    kind = _model_for(doc.data)
    if kind is None:
        raise SourceError([doc.problem((), _NO_KIND)])
    # a comment after a value is for the schema to judge (_comments_in_text); without one, most files need no pydantic
    source = None if doc.trailing_comments else read(kind, doc.data)
    return source if source is not None else _validated_by_schema(kind, doc)


def _validated_by_schema(kind: type[Source | Questions], doc: Document) -> Source | Questions:
    """Validate with the schema's pydantic models: the record, or every problem in the author's words."""
    from pydantic import ValidationError

    from . import schema
    from .schema_errors import explain, misspelt

    data = doc.data
    model: type[BaseModel] = getattr(schema, kind.__name__)
    comments = _comments_in_text(model, doc)
    try:
        source = model.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        problems = comments
        for detail in details:
            if detail["type"] == "missing" and misspelt(model, details, tuple(detail["loc"])):
                continue  # reported once, as the misspelt key with its right spelling
            loc, message, of_key = explain(model, detail)
            if loc in doc.commented and message.endswith("must not be empty"):
                message += " ('#' starts a YAML comment; put text that starts with '#' in quotes)"
            problems.append(doc.problem(loc, message, of_key=of_key))
        raise SourceError(problems) from None
    if comments:
        raise SourceError(comments)
    record: Source | Questions = schema.to_record(source)
    return record


def _comments_in_text(model: type[BaseModel], doc: Document) -> list[Problem]:
    """Report each comment that ends an unquoted text early: ``weak: ticket #4521 fixed`` would lose '#4521 fixed'.

    A comment after a value whose field would refuse the value with the comment in it (an id, a principle, a
    target...) loses nothing the author meant, and stays allowed. Asking the model keeps this right as fields change.
    """
    from pydantic import ValidationError

    if not doc.trailing_comments:
        return []
    data: object = doc.data
    for loc, (_, _, comment) in doc.trailing_comments.items():
        data = _replaced(data, loc, f" {comment}")
    try:
        model.model_validate(data)
        refused: set[DataPath] = set()
    except ValidationError as error:
        refused = {tuple(detail["loc"]) for detail in error.errors(include_url=False)}
    problems = []
    for loc, (line, column, comment) in doc.trailing_comments.items():
        if not any(where[: len(loc)] == loc for where in refused):
            problems.append(Problem(doc.path, line, column,
                                    f"'#' after a space starts a YAML comment, so {quoted(comment)} is cut from this "
                                    "text; put the whole text in quotes (or move the comment to a line of its own)"))
    return problems


def _replaced(data: object, loc: DataPath, suffix: str) -> object:
    """Return ``data`` with ``suffix`` added to the string at ``loc``; the containers on the way are copied."""
    if not loc:
        return data + suffix if isinstance(data, str) else data
    head, rest = loc[0], loc[1:]
    if isinstance(data, dict) and head in data:
        return {**data, head: _replaced(data[head], rest, suffix)}
    if isinstance(data, list) and isinstance(head, int) and head < len(data):
        return [*data[:head], _replaced(data[head], rest, suffix), *data[head + 1:]]
    return data


def _duplicate_item_ids(source: Source | Questions, doc: Document) -> list[Problem]:
    problems = []
    first: dict[str, DataPath] = {}
    for section, index, item in items(source):
        loc = (section, index, "id")
        if item.id in first:
            line = doc.position(first[item.id])[0]
            problems.append(doc.problem(loc, f"duplicate id '{item.id}' (first used at line {line})"))
        else:
            first[item.id] = loc
    return problems


Check = Callable[[Source, Document], list[Problem]]  # warnings of a later stage about one valid source


def validate(documents: list[Document], *, unloaded: dict[str, tuple[str, str] | None] | None = None,
             folders_only: bool = False, checks: Sequence[Check] = ()) -> Sources:
    """Validate every document and the references between them; raise SourceError with every problem found.

    ``unloaded`` names the files that failed to load (their problems are reported already) with the kind and id they
    seem to hold, so a walkthrough is not also told that a story in one of them is missing; ``folders_only`` says
    whether only folders were given (then "pass its story file too" would be no help). ``checks`` add warnings about
    each valid source while its document (and so every position) is at hand: what the later stages will make of it.
    """
    unloaded = unloaded or {}
    problems: list[Problem] = []
    stories: dict[str, Story] = {}
    walkthroughs: dict[str, Walkthrough] = {}
    found_in: dict[str, Document] = {}  # the document of each valid story and walkthrough, by id
    # ids of story files with problems: their walkthroughs are not told the story is missing
    broken_stories = {ident for kind, ident in filter(None, unloaded.values()) if kind == "story"}
    valid, asked, idless = _read_all(documents, problems, broken_stories)
    # stories first: a walkthrough that takes a story's id is the one at fault, and the story's walkthroughs find it
    for source, doc in sorted(valid, key=lambda pair: not isinstance(pair[0], Story)):
        problems.extend(_register(source, doc, stories, walkthroughs, found_in))
    questions, placed = _own_questions(asked, problems)
    unknown_files = [path for path, sniffed in unloaded.items() if sniffed is None]
    missing = {w.story for w in walkthroughs.values() if w.story not in stories and w.story not in broken_stories}
    if idless:  # one line says it, at the file without its id: not one more for each walkthrough of the story
        problems = [_named_story(problem, idless, missing) for problem in problems]
        missing = set()
    for ident, walkthrough in walkthroughs.items():
        if walkthrough.story in missing:
            hint = _unknown_story_hint(walkthrough.story, list(stories), unknown_files, folders_only)
            problems.append(found_in[ident].problem(("story",), f"unknown story {quoted(walkthrough.story)}{hint}"))
    if problems:
        raise SourceError(problems)
    sources: dict[str, Source] = {**stories, **walkthroughs}
    warnings = [w for check in checks for ident, doc in found_in.items() for w in check(sources[ident], doc)]
    warnings += [w for doc in [*found_in.values(), *(doc for _, doc in asked)] for w in placeholder_warnings(doc)]
    warnings += bank_warnings(stories, walkthroughs, found_in) + question_warnings(questions, placed, walkthroughs)
    placeholder_free = frozenset(ident for ident, doc in found_in.items() if not doc.may_hold_placeholders)
    return Sources(stories, walkthroughs, sorted(warnings), questions=questions, placeholder_free=placeholder_free)


def _read_all(documents: list[Document], problems: list[Problem], broken_stories: set[str]) -> tuple[
        list[tuple[Source, Document]], list[tuple[Questions, Document]], list[Document]]:
    """Each document read on its own: the valid stories and walkthroughs, the questions files (the workspace's own), and
    the broken files that may be a story without its id line (it may be the one missing); their problems join
    ``problems``, the ids broken story files hold ``broken_stories``."""
    valid: list[tuple[Source, Document]] = []
    asked: list[tuple[Questions, Document]] = []
    idless: list[Document] = []
    for doc in documents:
        try:
            source = _validate_document(doc)
        except SourceError as error:
            problems.extend(error.problems)
            if _model_for(doc.data) in (Story, None):
                found = list(_story_ids(doc.data))
                broken_stories.update(found)
                idless += [] if found else [doc]
            continue
        problems.extend(_duplicate_item_ids(source, doc))
        if isinstance(source, Questions):
            asked.append((source, doc))
        else:
            valid.append((source, doc))
    return valid, asked, idless


def _own_questions(asked: list[tuple[Questions, Document]],
                   problems: list[Problem]) -> tuple[dict[str, Question], dict[str, tuple[Document, int]]]:
    """The questions of every questions file by id, and where each stands; an id two files use joins ``problems``."""
    questions: dict[str, Question] = {}
    placed: dict[str, tuple[Document, int]] = {}  # each question's file and index in its list
    for source, doc in asked:
        for index, question in enumerate(source.questions):
            if question.id not in placed:
                questions[question.id], placed[question.id] = question, (doc, index)
            elif placed[question.id][0] is not doc:  # a file's own duplicate is reported with its items
                first, at = placed[question.id]
                line, column = first.position(("questions", at, "id"))
                problems.append(doc.problem(("questions", index, "id"), f"duplicate id '{question.id}' (also in "
                                            f"{first.path}:{line}:{column})"))
    return questions, placed


def _named_story(problem: Problem, idless: list[Document], missing: set[str]) -> Problem:
    """The problem of a story file without its id line, saying which id the walkthroughs look for."""
    if not missing or problem.message not in (_NO_ID, _NO_KIND) or problem.path not in {d.path for d in idless}:
        return problem
    named = " or ".join(f"'story: {story}'" for story in sorted(missing))
    return Problem(problem.path, problem.line, problem.column,
                   f"no 'story: <id>' line: walkthroughs look for a story by its id; if this is theirs, add {named} "
                   "at the top")


_NO_ID = "missing required key 'story'"
_NO_KIND = "expected 'walkthrough: <id>', 'story: <id>' or 'questions:' at the top of the file"


def _story_ids(data: dict[str, object]) -> Iterator[str]:
    """The ids a broken story file may hold: under 'story', or a key that misspells it."""
    return (value for key, value in data.items()
            if isinstance(value, str) and (key == "story" or suggest(key, ("story",))))


def _register(source: Source, doc: Document, stories: dict[str, Story],
              walkthroughs: dict[str, Walkthrough], found_in: dict[str, Document]) -> list[Problem]:
    """Add a valid story or walkthrough under its id; if the id is taken or reserved, return that problem instead."""
    kind = "story" if isinstance(source, Story) else "walkthrough"
    ident = source.story if isinstance(source, Story) else source.walkthrough
    if ident in found_in:
        other = found_in[ident]
        line, column = other.position(("story" if ident in stories else "walkthrough",))
        return [doc.problem((kind,), f"duplicate id '{ident}' (also in {other.path}:{line}:{column})")]
    if ident in RESERVED_IDS:
        return [doc.problem((kind,), f"'{ident}' is reserved (dist/{ident}.apkg is the combined deck)")]
    if isinstance(source, Story):
        stories[ident] = source
    else:
        walkthroughs[ident] = source
    found_in[ident] = doc
    return []


def _unknown_story_hint(story: str, known: list[str], unknown_files: list[str], folders_only: bool) -> str:
    """What to do about a walkthrough's story that no valid source holds."""
    near = suggest(story, known)
    if near:
        return f"; did you mean '{near}'?"
    if unknown_files:
        return f"; it may be in {', '.join(unknown_files)}, which could not be read (see its error): fix that first"
    if known:
        return f"; known stories: {', '.join(known)}"
    if folders_only:
        return (f"; no source file has {quoted('story: ' + story)}: write the story's file "
                f"(`lpdeck new story {story}`), or fix the id")
    return "; pass its story file too (or the whole decks/ folder)"
