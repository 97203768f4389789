"""Pydantic's validation errors in the author's words: which key, which value, and what to write instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .document import DataPath
from .messages import describe, did_you_mean, quoted, suggest
from .records import LONGEST_TARGET, SHORTEST_TARGET
from .schema import ONLY_IN, Story, Walkthrough

# A top-level key of the other kind of file ("phrases:" in a walkthrough) is not a typo: say where it belongs.
_OTHER_FILE: dict[type[BaseModel], tuple[str, set[str]]] = {
    Walkthrough: ("story", ONLY_IN[Story]),
    Story: ("walkthrough", ONLY_IN[Walkthrough]),
}


def _field_names(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _model_at(model: type[BaseModel], loc: DataPath) -> type[BaseModel] | None:
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


def _unknown_key(model: type[BaseModel], loc: DataPath) -> tuple[str, str | None]:
    """Return the message for an unknown key at ``loc`` and the known key it most likely misspells."""
    name = str(loc[-1])
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return f"unknown key {quoted(name)}", None
    other, keys = _OTHER_FILE.get(owner, ("", set()))
    if len(loc) == 1 and name in keys:
        kind = "story" if other == "walkthrough" else "walkthrough"
        return f"unknown key {quoted(name)}: '{name}' belongs in a {other} file, not in a {kind}", None
    near = suggest(name, _field_names(owner))
    return f"unknown key {quoted(name)}; {did_you_mean(near, _field_names(owner), quote=False)}", near


def _label(loc: DataPath) -> str:
    """How a message names the value at ``loc``: 'coaching', 'mistakes[2]' or option 'b'."""
    name = str(loc[-1]) if loc else "file"
    if loc and isinstance(loc[-1], int):
        return f"'{loc[-2]}[{loc[-1] + 1}]'" if len(loc) > 1 else f"'{name}'"
    if len(loc) > 1 and loc[-2] == "options":
        return f"option {quoted(name)}"
    return f"'{name}'"


def _not_text(label: str, error: ErrorDetails) -> str:
    given = error.get("input")
    return f"{label} must not be empty" if given is None else f"{label} must be text, not {describe(given)}"


def _not_list(label: str, error: ErrorDetails) -> str:
    return f"{label} must be a list, not {describe(error.get('input'))}"


def _not_mapping(label: str, error: ErrorDetails) -> str:
    return f"{label} must be a mapping, not {describe(error.get('input'))}"


def _pattern(label: str, error: ErrorDetails) -> str:
    if error["loc"] and error["loc"][-1] == "target":
        given = error.get("input")
        if isinstance(given, str) and re.fullmatch(r"[0-9]+s", given):
            return (f"'target' must be {SHORTEST_TARGET}s to {LONGEST_TARGET}s (10 minutes): a step takes seconds to "
                    f"say, an answer minutes, not {describe(given)}")
        return f"'target' must be seconds like '30s', not {describe(given)}"
    return (f"{label} must be lowercase letters, digits and single hyphens (like 'slack-escalation'), "
            f"not {describe(error.get('input'))}")


def _too_short(label: str, error: ErrorDetails) -> str:
    least = _context(error).get("min_length", 1)
    return f"{label} needs at least {least} {'entry' if least == 1 else 'entries'}"


def _too_long(label: str, error: ErrorDetails) -> str:
    return f"{label} has more than {_context(error).get('max_length')} entries"


def _refused(label: str, error: ErrorDetails) -> str:
    text = str(_context(error)["error"])  # a validator's ValueError: "must ..." reads after the label
    return f"{label} {text}" if text.startswith("must") else text


def _context(error: ErrorDetails) -> dict[str, Any]:
    return error.get("ctx") or {}


# pydantic's error type -> the message for the value at the error's location (labelled as _label says)
_EXPLAIN: dict[str, Callable[[str, ErrorDetails], str]] = {
    "string_type": _not_text, "str_type": _not_text, "list_type": _not_list,
    "dict_type": _not_mapping, "model_type": _not_mapping, "model_attributes_type": _not_mapping,
    "string_pattern_mismatch": _pattern, "too_short": _too_short, "too_long": _too_long, "value_error": _refused,
}


def explain(model: type[BaseModel], error: ErrorDetails) -> tuple[DataPath, str, bool]:
    """Return (loc, message, points at the key) for one pydantic error."""
    loc = tuple(error["loc"])
    if error["type"] == "missing":
        return loc[:-1], f"missing required key '{loc[-1]}'", False
    if error["type"] == "extra_forbidden":
        return loc, _unknown_key(model, loc)[0], True
    if len(loc) > 1 and loc[-1] == "[key]":
        return loc, f"option key {describe(loc[-2])} must be a single lowercase letter, like 'a'", True
    explain = _EXPLAIN.get(error["type"])
    label = _label(loc)
    return loc, explain(label, error) if explain else f"{label}: {error['msg']}", False


def misspelt(model: type[BaseModel], details: list[ErrorDetails], missing: DataPath) -> bool:
    """Whether a missing key's mapping has an unknown key that misspells it (a typo, not an omission)."""
    return any(d["type"] == "extra_forbidden" and tuple(d["loc"][:-1]) == missing[:-1]
               and _unknown_key(model, tuple(d["loc"]))[1] == missing[-1] for d in details)
