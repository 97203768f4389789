"""Placeholders: a value that starts with ``TODO:`` marks what the author still has to write.

`lpdeck check` and `lpdeck build` list every open placeholder as a warning; compiling treats it as absent, so a
placeholder never reaches a card and each item still makes the card it can make without it.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import Problem
from .document import Document
from .messages import quoted

MARKER = "TODO:"

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")


def is_placeholder(value: object) -> bool:
    """Whether ``value`` is a placeholder text."""
    return isinstance(value, str) and value.lstrip().startswith(MARKER)


def placeholder(what: str) -> str:
    """The placeholder text for something missing, described in a few words."""
    return f"{MARKER} {what}"


def may_hold_placeholders(text: str) -> bool:
    """Whether a source text can hold a placeholder: only "TODO:" written out, or a backslash escape, can make one."""
    return MARKER in text or "\\" in text


def _walk(value: object, loc: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _walk(item, (*loc, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _walk(item, (*loc, index))]
    return [(loc, value)] if isinstance(value, str) and is_placeholder(value) else []


def _item_name(data: object, loc: tuple[Any, ...]) -> str:
    """Name the item a placeholder belongs to: "probe 'x'" or the file's own key."""
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
        section = data.get(loc[0])
        item = section[loc[1]] if isinstance(section, list) and loc[1] < len(section) else None
        ident = item.get("id") if isinstance(item, dict) else None
        return f"{loc[0]} item {quoted(str(ident))}" if ident else f"{loc[0]}[{loc[1] + 1}]"
    kind = "walkthrough" if isinstance(data, dict) and "walkthrough" in data else "story"
    return f"the {kind}"


def placeholder_warnings(doc: Document) -> list[Problem]:
    """One warning per open placeholder in a document, naming the item that waits for it."""
    if not doc.may_hold_placeholders:
        return []
    warnings = []
    for loc, text in _walk(doc.data, ()):
        field = ".".join(str(part) for part in loc[2:] if not isinstance(part, int)) or str(loc[-1])
        warnings.append(doc.problem(loc, f"{_PLACEHOLDER}{quoted(text)}: {_item_name(doc.data, loc)} waits "
                                         f"for its '{field}' (its cards leave it out until you write it)"))
    return warnings


def warning_totals(warnings: list[Problem]) -> list[str]:
    """A line per file with warnings: how many placeholders are still open in it, and how many other warnings."""
    by_file: dict[str, list[int]] = {}
    for warning in warnings:
        counts = by_file.setdefault(warning.path, [0, 0])
        counts[0 if warning.message.startswith(_PLACEHOLDER) else 1] += 1
    lines = []
    for path, (open_ones, others) in by_file.items():
        parts = [f"{open_ones} open placeholder{'s' * (open_ones != 1)} ({MARKER})"] if open_ones else []
        parts += [f"{others} {'other ' if open_ones else ''}warning{'s' * (others != 1)}"] if others else []
        lines.append(f"{path}: {', '.join(parts)}")
    return lines


_PLACEHOLDER = "warning: placeholder "


def _blank_value(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return without_placeholders(value)
    if isinstance(value, list):
        return [_blank_value(item) for item in value if not is_placeholder(item)]
    if isinstance(value, dict):
        return {key: _blank_value(item) for key, item in value.items() if not is_placeholder(item)}
    return "" if is_placeholder(value) else value


def without_placeholders(record: Record) -> Record:
    """A copy of a validated source with every placeholder made empty (texts) or left out (list items, options)."""
    return replace(record, **{f.name: _blank_value(getattr(record, f.name)) for f in fields(record)})
