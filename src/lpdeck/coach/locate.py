"""Where a word of a text stands in its source file, and which rules a comment there silences.

A document knows where each value starts; a warning about one word of a long folded example should point at that word.
The loader's positions stop at the value, so this reads the file's text again, only when a warning needs it: YAML
folding and quoting change the spaces and line breaks of a text, never the order of its runs of non-space characters,
so the word is found by counting those runs from the value's start. Inside double quotes an escape of a space
(``\\n``, ``\\t``, ``\\u00a0``) splits a run as its space does, and a line ended by ``\\`` joins its last run to the
next line's first, as the text does; another escape may shift the column within its run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from ..sources.document import DataPath, Document, Position

_RUN = re.compile(r"\S+")
# Inside double quotes an escape may stand for a space ("it.\\nWe" is two words once read): it is read as spaces, so
# runs split there as the text's words do ("\\\\" is a backslash, never the start of an escape).
_ESCAPE = re.compile(r"\\\\|\\(?:[tnvfrNLP_ ]|x(?:0[9a-dA-D]|20|[aA]0|85)|u(?:000[9a-dA-D]|0020|00[aA]0|0085|202[89]))")


def _spaced(line: str) -> str:
    """A double-quoted scalar's line with each escape of a space blanked, column for column."""
    return _ESCAPE.sub(lambda escape: escape[0] if escape[0] == "\\\\" else " " * len(escape[0]), line)
# A double-quoted line ended by a lone "\\" goes on into the next one with no space between (YAML's escaped line break)
_JOINS = re.compile(r"(?<!\\)(?:\\\\)*\\$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what YAML counts as a line break (the loader refuses the others)
# "# lpdeck: allow we-actor" or "# lpdeck: allow we-actor, result-without-number"
ALLOW = re.compile(r"#\s*lpdeck:\s*allow\s+([a-z-]+(?:\s*,\s*[a-z-]+)*)")


class SourceText:
    """A source file's lines, read once, when a warning first needs a word's position or a comment."""

    def __init__(self, doc: Document):
        self.doc = doc

    @cached_property
    def lines(self) -> list[str]:
        with open(self.doc.path, encoding="utf-8") as file:
            return _LINE_BREAK.split(file.read())

    def position(self, path: DataPath, value: str, offset: int) -> Position:
        """Where the character at ``offset`` of ``value`` (the text at ``path``) stands in the file."""
        runs = list(_RUN.finditer(value))
        index = next((n for n, run in enumerate(runs) if offset < run.end()), len(runs) - 1)
        if index < 0:
            return self.doc.position(path)
        within = max(0, offset - runs[index].start())
        for line, column, run in self._runs_from(self.doc.position(path)):
            if index == 0:
                return line, column + min(within, len(run) - 1) + 1
            index -= 1
        return self.doc.position(path)

    def _runs_from(self, start: Position) -> Iterator[tuple[int, int, str]]:
        """The runs of non-space characters from a value's start on, with their 1-based line and 0-based column."""
        line, column = start[0] - 1, start[1] - 1
        if line >= len(self.lines):
            return
        first = self.lines[line]
        quoted = first[column:column + 1] == '"'
        if first[column:column + 1] in (">", "|"):  # a block scalar: its text starts on the next line
            line, column = line + 1, 0
        elif first[column:column + 1] in ("'", '"'):
            column += 1
        joined: tuple[int, int, str] | None = None  # a run the line's "\\" ends: the next line's first goes on it
        for number in range(line, len(self.lines)):
            text = _spaced(self.lines[number]) if quoted else self.lines[number]
            runs = [(number + 1, run.start(), run.group()) for run in _RUN.finditer(text, column)]
            if joined and runs:
                runs[0], joined = (joined[0], joined[1], joined[2][:-1] + runs[0][2]), None
            if quoted and runs and _JOINS.search(text):
                joined = runs.pop()
                if joined[2] == "\\":  # after a space: the next line's first run is a word of its own
                    joined = None
            yield from runs
            column = 0

    def allowed(self, path: DataPath) -> set[str]:
        """The rules silenced for the node at ``path``: by ``# lpdeck: allow RULE`` on its key's line (after a block
        scalar's ``>-``), or on the comment lines right above it."""
        line = self.doc.position(path, of_key=True)[0] - 1
        found: set[str] = set()
        while 0 <= line < len(self.lines):
            for match in ALLOW.finditer(self.lines[line]):
                found.update(name.strip() for name in match[1].split(","))
            line -= 1
            if line < 0 or not self.lines[line].lstrip().startswith("#"):
                break
        return found
