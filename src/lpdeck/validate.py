"""Check loaded documents against the schema and against each other; turn every failure into a positioned Problem."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from .errors import Problem, SourceError
from .load import Document
from .schema import Story, Walkthrough, items

RESERVED_IDS = {"all"}  # dist/all.apkg is the combined deck


@dataclass(frozen=True)
class Sources:
    """Validated stories and walkthroughs, in file order, each with the document it came from."""

    stories: dict[str, tuple[Story, Document]]
    walkthroughs: dict[str, tuple[Walkthrough, Document]]


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
    return f"'{value}'"


def _message(model: type[BaseModel], error: dict) -> tuple[tuple, str, bool]:
    """Return (loc, message, points at the key) for one pydantic error."""
    loc = tuple(error["loc"])
    name = str(loc[-1]) if loc else "file"
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        return loc[:-1], f"missing required key '{name}'", False
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        near = difflib.get_close_matches(name, _field_names(owner), n=1, cutoff=0.6) if owner else []
        hint = f"; did you mean '{near[0]}'?" if near else (f"; expected one of: {', '.join(_field_names(owner))}" if owner else "")
        return loc, f"unknown key '{name}'{hint}", True
    if loc and isinstance(loc[-1], int):
        name = f"{loc[-2]}[{loc[-1] + 1}]" if len(loc) > 1 else name
    if kind in ("string_type", "str_type"):
        return loc, f"'{name}' must be text, not {_describe(given)}", False
    if kind == "list_type":
        return loc, f"'{name}' must be a list, not {_describe(given)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"'{name}' must be a mapping, not {_describe(given)}", False
    if kind == "string_pattern_mismatch":
        if name == "target":
            return loc, f"'target' must be seconds like '30s', not {_describe(given)}", False
        if loc[-2:-1] == ("options",) or (len(loc) > 1 and loc[-1] == "[key]"):
            return loc, f"option key {_describe(given)} must be one lowercase letter a-h", True
        return loc, f"'{name}' must be lowercase letters, digits and single hyphens (like 'slack-escalation'), not {_describe(given)}", False
    if kind == "too_short":
        least = error["ctx"].get("min_length", 1)
        return loc, f"'{name}' needs at least {least} {'entry' if least == 1 else 'entries'}", False
    if kind == "too_long":
        return loc, f"'{name}' has more than {error['ctx'].get('max_length')} entries", False
    if kind == "value_error":
        text = str(error["ctx"]["error"])
        return loc, (f"'{name}' {text}" if text.startswith("must") else text), False
    return loc, f"'{name}': {error['msg']}", False


def _validate_document(doc: Document) -> Story | Walkthrough:
    data = doc.data
    assert isinstance(data, dict)
    if "walkthrough" in data:
        model = Walkthrough
    elif "story" in data:
        model = Story
    else:
        raise SourceError([doc.problem((), "expected 'walkthrough: <id>' or 'story: <id>' at the top of the file")])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = []
        details = error.errors(include_url=False)
        problems = []
        for detail in details:
            if detail["type"] == "missing" and _misspelt(details, tuple(detail["loc"])):
                continue  # reported once, as the misspelt key with its right spelling
            loc, message, of_key = _message(model, detail)
            problems.append(doc.problem(loc, message, of_key=of_key))
        raise SourceError(problems) from None


def _misspelt(details: list[dict], missing: tuple) -> bool:
    """Whether a missing key's mapping has an unknown key that is close to it (a typo, not an omission)."""
    unknown = [str(d["loc"][-1]) for d in details
               if d["type"] == "extra_forbidden" and tuple(d["loc"][:-1]) == missing[:-1]]
    return bool(difflib.get_close_matches(str(missing[-1]), unknown, n=1, cutoff=0.6))


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


def validate(documents: list[Document]) -> Sources:
    """Validate every document and the references between them; raise SourceError with every problem found."""
    problems: list[Problem] = []
    stories: dict[str, tuple[Story, Document]] = {}
    walkthroughs: dict[str, tuple[Walkthrough, Document]] = {}
    for doc in documents:
        try:
            source = _validate_document(doc)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        problems.extend(_duplicate_item_ids(source, doc))
        kind = "story" if isinstance(source, Story) else "walkthrough"
        ident = getattr(source, kind)
        taken = stories.get(ident) or walkthroughs.get(ident)
        if taken:
            problems.append(doc.problem((kind,), f"duplicate id '{ident}' (also in {taken[1].path})"))
        elif ident in RESERVED_IDS:
            problems.append(doc.problem((kind,), f"'{ident}' is reserved (dist/{ident}.apkg is the combined deck)"))
        else:
            (stories if kind == "story" else walkthroughs)[ident] = (source, doc)
    for walkthrough, doc in walkthroughs.values():
        if walkthrough.story not in stories:
            near = difflib.get_close_matches(walkthrough.story, list(stories), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else (
                "; pass its story file too (or the whole decks/ folder)" if not stories else
                f"; known stories: {', '.join(stories)}")
            problems.append(doc.problem(("story",), f"unknown story '{walkthrough.story}'{hint}"))
    if problems:
        raise SourceError(problems)
    return Sources(stories, walkthroughs)
