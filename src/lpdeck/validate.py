"""Check loaded documents against the schema and against each other; turn every failure into a positioned Problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from .errors import Problem, SourceError
from .keyphrases import occurs
from .load import Document, quoted
from .schema import Story, Walkthrough, items, suggest
from .text import to_html

RESERVED_IDS = {"all"}  # dist/all.apkg is the combined deck


@dataclass(frozen=True)
class Sources:
    """Validated stories and walkthroughs, in file order, each with the document it came from."""

    stories: dict[str, tuple[Story, Document]]
    walkthroughs: dict[str, tuple[Walkthrough, Document]]
    warnings: list[Problem] = field(default_factory=list)  # worth fixing, but the sources build


def _field_names(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Return the pydantic model that the mapping at ``loc`` is validated against."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        current = _innermost_model(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _innermost_model(annotation: object) -> object:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _innermost_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quoted(str(value))


def _unknown_key(model: type[BaseModel], loc: tuple) -> tuple[str, str | None]:
    """Return the message for an unknown key at ``loc`` and the known key it most likely misspells."""
    name = str(loc[-1])
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return f"unknown key {quoted(name)}", None
    near = suggest(name, _field_names(owner))
    hint = f"; did you mean '{near}'?" if near else f"; expected one of: {', '.join(_field_names(owner))}"
    return f"unknown key {quoted(name)}{hint}", near


def _message(model: type[BaseModel], error: dict) -> tuple[tuple, str, bool]:
    """Return (loc, message, points at the key) for one pydantic error."""
    loc = tuple(error["loc"])
    name = str(loc[-1]) if loc else "file"
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        return loc[:-1], f"missing required key '{name}'", False
    if kind == "extra_forbidden":
        return loc, _unknown_key(model, loc)[0], True
    if len(loc) > 1 and loc[-1] == "[key]":
        return loc, f"option key {_describe(loc[-2])} must be a single lowercase letter, like 'a'", True
    if loc and isinstance(loc[-1], int):
        label = f"'{loc[-2]}[{loc[-1] + 1}]'" if len(loc) > 1 else f"'{name}'"
    elif len(loc) > 1 and loc[-2] == "options":
        label = f"option {quoted(name)}"
    else:
        label = f"'{name}'"
    if kind in ("string_type", "str_type"):
        return loc, (f"{label} must not be empty" if given is None else f"{label} must be text, not {_describe(given)}"), False
    if kind == "list_type":
        return loc, f"{label} must be a list, not {_describe(given)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"{label} must be a mapping, not {_describe(given)}", False
    if kind == "string_pattern_mismatch":
        if name == "target":
            return loc, f"'target' must be seconds like '30s', not {_describe(given)}", False
        return loc, f"{label} must be lowercase letters, digits and single hyphens (like 'slack-escalation'), not {_describe(given)}", False
    if kind == "too_short":
        least = error["ctx"].get("min_length", 1)
        return loc, f"{label} needs at least {least} {'entry' if least == 1 else 'entries'}", False
    if kind == "too_long":
        return loc, f"{label} has more than {error['ctx'].get('max_length')} entries", False
    if kind == "value_error":
        text = str(error["ctx"]["error"])
        return loc, (f"{label} {text}" if text.startswith("must") else text), False
    return loc, f"{label}: {error['msg']}", False


def _model_for(data: dict) -> type[Story] | type[Walkthrough] | None:
    """Tell a walkthrough from a story, even when its first key is misspelt, so the typo is what gets reported."""
    if "walkthrough" in data:
        return Walkthrough
    typos = {suggest(key, ("walkthrough", "story")) for key in data if key not in _ALL_FIELDS}
    if "walkthrough" in typos:
        return Walkthrough
    walkthrough_keys = sum(key in _WALKTHROUGH_ONLY for key in data)
    story_keys = sum(key in _STORY_ONLY for key in data)
    if "story" in data or "story" in typos:
        return Walkthrough if walkthrough_keys > story_keys else Story
    if walkthrough_keys != story_keys:
        return Walkthrough if walkthrough_keys > story_keys else Story
    return None


_WALKTHROUGH_ONLY = set(Walkthrough.model_fields) - set(Story.model_fields)
_STORY_ONLY = set(Story.model_fields) - set(Walkthrough.model_fields)
_ALL_FIELDS = set(Walkthrough.model_fields) | set(Story.model_fields)


def _validate_document(doc: Document) -> Story | Walkthrough:
    data = doc.data
    assert isinstance(data, dict)
    model = _model_for(data)
    if model is None:
        raise SourceError([doc.problem((), "expected 'walkthrough: <id>' or 'story: <id>' at the top of the file")])
    comments = _comments_in_text(model, doc)
    try:
        source = model.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        problems = comments
        for detail in details:
            if detail["type"] == "missing" and _misspelt(model, details, tuple(detail["loc"])):
                continue  # reported once, as the misspelt key with its right spelling
            loc, message, of_key = _message(model, detail)
            if loc in doc.commented and message.endswith("must not be empty"):
                message += " ('#' starts a YAML comment; put text that starts with '#' in quotes)"
            problems.append(doc.problem(loc, message, of_key=of_key))
        raise SourceError(problems) from None
    if comments:
        raise SourceError(comments)
    return source


def _comments_in_text(model: type[BaseModel], doc: Document) -> list[Problem]:
    """Report each comment that ends an unquoted text early: ``weak: ticket #4521 fixed`` would lose '#4521 fixed'.

    A comment after a value whose field would refuse the value with the comment in it (an id, a principle, a
    target...) loses nothing the author meant, and stays allowed. Asking the model keeps this right as fields change.
    """
    if not doc.trailing_comments:
        return []
    data: object = doc.data
    for loc, (_, _, comment) in doc.trailing_comments.items():
        data = _replaced(data, loc, lambda value, comment=comment: f"{value} {comment}")
    try:
        model.model_validate(data)
        refused: set[tuple] = set()
    except ValidationError as error:
        refused = {tuple(detail["loc"]) for detail in error.errors(include_url=False)}
    problems = []
    for loc, (line, column, comment) in doc.trailing_comments.items():
        if not any(where[: len(loc)] == loc for where in refused):
            problems.append(Problem(doc.path, line, column,
                                    f"'#' after a space starts a YAML comment, so {quoted(comment)} is cut from this text; "
                                    "put the whole text in quotes (or move the comment to a line of its own)"))
    return problems


def _replaced(data: object, loc: tuple, change: Callable[[str], str]) -> object:
    """Return ``data`` with the string at ``loc`` changed; the containers on the way are copied, the rest shared."""
    if not loc:
        return change(data) if isinstance(data, str) else data
    head, rest = loc[0], loc[1:]
    if isinstance(data, dict) and head in data:
        return {**data, head: _replaced(data[head], rest, change)}
    if isinstance(data, list) and isinstance(head, int) and head < len(data):
        return [*data[:head], _replaced(data[head], rest, change), *data[head + 1:]]
    return data


def _misspelt(model: type[BaseModel], details: list[dict], missing: tuple) -> bool:
    """Whether a missing key's mapping has an unknown key that misspells it (a typo, not an omission)."""
    return any(d["type"] == "extra_forbidden" and tuple(d["loc"][:-1]) == missing[:-1]
               and _unknown_key(model, tuple(d["loc"]))[1] == missing[-1] for d in details)


def _duplicate_item_ids(source: Story | Walkthrough, doc: Document) -> list[Problem]:
    problems = []
    first: dict[str, tuple] = {}
    for section, index, item in items(source):
        loc = (section, index, "id")
        if item.id in first:
            line = doc.position(first[item.id])[0]
            problems.append(doc.problem(loc, f"duplicate id '{item.id}' (first used at line {line})"))
        else:
            first[item.id] = loc
    return problems


def _key_phrases_missing(story: Story, doc: Document) -> list[Problem]:
    warnings = []
    for index, step in enumerate(story.steps):
        example = to_html(step.example) if step.example else ""
        for number, phrase in enumerate(step.phrases):
            if not occurs(example, phrase):
                where = "in its example" if step.example else "anywhere: the step has no example"
                warnings.append(doc.problem(("steps", index, "phrases", number),
                                            f"warning: key phrase {quoted(phrase)} does not occur {where} as whole "
                                            "words, so it is neither highlighted nor blanked on a card"))
    return warnings


def validate(documents: list[Document], *, unloaded: dict[str, tuple[str, str] | None] | None = None,
             folders_only: bool = False) -> Sources:
    """Validate every document and the references between them; raise SourceError with every problem found.

    ``unloaded`` names the files that failed to load (their problems are reported already) with the kind and id they
    seem to hold, so a walkthrough is not also told that a story in one of them is missing; ``folders_only`` says
    whether only folders were given (then "pass its story file too" would be no help).
    """
    unloaded = unloaded or {}
    problems: list[Problem] = []
    stories: dict[str, tuple[Story, Document]] = {}
    walkthroughs: dict[str, tuple[Walkthrough, Document]] = {}
    broken_stories = set()  # ids of story files with problems: their walkthroughs are not told the story is missing
    for doc in documents:
        try:
            source = _validate_document(doc)
        except SourceError as error:
            problems.extend(error.problems)
            if _model_for(doc.data) is Story:
                broken_stories.update(value for key, value in doc.data.items()
                                      if isinstance(value, str) and (key == "story" or suggest(key, ("story",))))
            continue
        problems.extend(_duplicate_item_ids(source, doc))
        kind = "story" if isinstance(source, Story) else "walkthrough"
        ident = getattr(source, kind)
        taken = stories.get(ident) or walkthroughs.get(ident)
        if taken:
            first = taken[1].position(("story" if ident in stories else "walkthrough",))
            problems.append(doc.problem((kind,), f"duplicate id '{ident}' (also in {taken[1].path}:{first[0]}:{first[1]})"))
        elif ident in RESERVED_IDS:
            problems.append(doc.problem((kind,), f"'{ident}' is reserved (dist/{ident}.apkg is the combined deck)"))
        else:
            (stories if kind == "story" else walkthroughs)[ident] = (source, doc)
    broken_stories.update(ident for kind, ident in filter(None, unloaded.values()) if kind == "story")
    unknown_files = [path for path, sniffed in unloaded.items() if sniffed is None]
    for walkthrough, doc in walkthroughs.values():
        if walkthrough.story not in stories and walkthrough.story not in broken_stories:
            near = suggest(walkthrough.story, list(stories))
            if near:
                hint = f"; did you mean '{near}'?"
            elif unknown_files:
                hint = (f"; it may be in {', '.join(unknown_files)}, which could not be read (see its error): "
                        "fix that first")
            elif stories:
                hint = f"; known stories: {', '.join(stories)}"
            elif folders_only:
                hint = f"; no source file has {quoted('story: ' + walkthrough.story)}: write the story's file, or fix the id"
            else:
                hint = "; pass its story file too (or the whole decks/ folder)"
            problems.append(doc.problem(("story",), f"unknown story {quoted(walkthrough.story)}{hint}"))
    if problems:
        raise SourceError(problems)
    warnings = [w for story, doc in stories.values() for w in _key_phrases_missing(story, doc)]
    return Sources(stories, walkthroughs, sorted(warnings))
