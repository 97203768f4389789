"""The written coach: warnings where a story's strong examples break a rule the pages teach (``lpdeck check``)."""

from __future__ import annotations

from functools import partial
from typing import Any

from ..errors import Problem
from ..sources.document import Document
from ..sources.records import Source, Story
from ..sources.validate import Check
from .locate import SourceText
from .rules import findings


def coach_warnings(source: Source, doc: Document, level: str | None = None) -> list[Problem]:
    """A warning at the offending word for each rule a story's examples break, unless a comment silences it there.

    ``level`` (SDE1, SDE2, Senior or None) is the workspace's: the story's length for it bounds the whole telling.
    """
    if not isinstance(source, Story):
        return []
    found = findings(source, level)
    if not found:
        return []
    text = SourceText(doc)
    warnings = []
    for finding in found:
        if any(finding.rule.name in text.allowed(scope) for scope in finding.scope):
            continue
        value = _value(doc, finding.path)
        line, column = text.position(finding.path, value, finding.offset)
        warnings.append(Problem(doc.path, line, column, f"warning: {finding.message} [{finding.rule.name}]"))
    return warnings


def _value(doc: Document, path: tuple[object, ...]) -> str:
    data: Any = doc.data
    for key in path:
        data = data[key]
    return data if isinstance(data, str) else ""


def written_check(level: str | None) -> Check:
    """The written coach as a check of ``validate``, at the workspace's ``level``."""
    return partial(coach_warnings, level=level)
