"""A loaded source file: its data, and where each value and key stands in the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Problem

# A path into the data: mapping keys and list indexes, like ("steps", 0, "coaching"). A value under a rejected key
# gets a path of its own, (object(),), so nothing in it can clash with real data.
DataPath = tuple[object, ...]
Position = tuple[int, int]  # 1-based (line, column)


@dataclass
class Document:
    """A source file's top-level mapping, with the position of each value and key by its path."""

    path: str
    data: dict[str, object]
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)
    # empty values followed by a comment on their line: "id: #1" is an empty id and a comment, not the text "#1"
    commented: set[DataPath] = field(default_factory=set)
    # plain (unquoted) values followed by a comment on their line: the 1-based (line, column) of the '#' and the
    # comment; in a text field the author may have meant "ticket #4521" as text (validate decides, by field)
    trailing_comments: dict[DataPath, tuple[int, int, str]] = field(default_factory=dict)
    # Until a message needs a position, only a way to find them is kept (the loader parses the text again): most
    # builds need none, and the positions of every node would take more memory than the data itself.
    locate: Callable[[], Document] | None = field(default=None, repr=False)
    # Whether the text may hold a placeholder: False when the loader saw no "TODO:" in it (nor an escape that could
    # spell one), so the placeholder warnings need not walk the data.
    may_hold_placeholders: bool = True

    def _locate(self) -> None:
        if self.locate is not None:
            located = self.locate()
            self.values, self.keys, self.locate = located.values, located.keys, None

    def position(self, path: DataPath, *, of_key: bool = False) -> Position:
        """Return where the value (or its key) at ``path`` stands, or its nearest enclosing node's position."""
        self._locate()
        table = self.keys if of_key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: DataPath, message: str, *, of_key: bool = False) -> Problem:
        line, column = self.position(path, of_key=of_key)
        return Problem(self.path, line, column, message)
