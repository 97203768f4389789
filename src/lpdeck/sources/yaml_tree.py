"""Build plain dicts, lists and strings straight from PyYAML's event stream, recording where every node stands."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from ..errors import Problem, SourceError
from .document import DataPath, Document, Position
from .messages import quoted
from .yaml_errors import anchor_or_tag_message

MAX_DEPTH = 24

_AWAITING_KEY = object()  # a mapping's next node is a key
_SKIP = object()  # a mapping's next node is the value of a rejected key: build it, then drop it
_COLLECTION_ENDS = {yaml.MappingEndEvent, yaml.SequenceEndEvent}


class Mark(Protocol):
    """A place in the text, as PyYAML's Python and C parsers both give it (0-based)."""

    line: int
    column: int


def position_of(mark: Mark | None) -> Position:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


# characters other than "\n" that str.splitlines() breaks a line at
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _lines_holding(char: str, text: str) -> set[int]:
    """The 0-based numbers of the lines (as ``text.splitlines()`` numbers them) that hold ``char``."""
    if char not in text:
        return set()
    if any(other in text for other in _OTHER_BREAKS):
        return {number for number, line in enumerate(text.splitlines()) if char in line}
    # only "\n" breaks lines: count them between one hit and the next, with no list of every line
    found: set[int] = set()
    number, counted, at = 0, 0, text.find(char)
    while at != -1:
        number += text.count("\n", counted, at)
        found.add(number)
        counted = text.find("\n", at)
        at = text.find(char, counted) if counted != -1 else -1
    return found


@dataclass(slots=True)
class _Open:
    """A list or mapping being built: its container, its path, and what its next node is."""

    container: dict[str, object] | list[object]
    path: DataPath
    # a list: None; a mapping: _AWAITING_KEY, _SKIP, or the name of the key whose value comes next (Any: a str there)
    next_node: Any


class TreeBuilder:
    """Build the data of one YAML document from its events, recording positions (if asked) and comments.

    Working from events rather than a composed node tree keeps the nesting on an explicit stack (libyaml's composer
    recurses in C, so ``- - - - ...`` could overflow it), stops at the first alias instead of expanding anything,
    and skips PyYAML's tag resolution, which lpdeck does not use.
    """

    def __init__(self, path: str, text: str = "", positions: bool = True):
        self.doc = Document(path, {})
        self.positions = positions
        self.problems: list[Problem] = []
        self.text = text
        self._lines: list[str] | None = None
        self._documents = 0
        # only a value on a line with a '#' can be followed by a comment: one pass here, then a set lookup per value
        self._lines_with_hash = _lines_holding("#", text)

    def _line(self, number: int) -> str:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines[number] if number < len(self._lines) else ""

    def _comment_follows(self, mark: Mark | None) -> bool:
        return mark is not None and self._line(mark.line)[mark.column:].lstrip().startswith("#")

    def _trailing_comment(self, mark: Mark | None) -> tuple[int, int, str] | None:
        """Return the (line, column, text) of a comment that follows ``mark`` on its line, if any."""
        if mark is None:
            return None
        rest = self._line(mark.line)[mark.column:]
        comment = rest.lstrip(" \t")
        if not comment.startswith("#"):
            return None
        return mark.line + 1, mark.column + len(rest) - len(comment) + 1, comment.rstrip()

    def fail(self, event: yaml.Event, message: str) -> SourceError:
        return SourceError([*self.problems, Problem(self.doc.path, *position_of(event.start_mark), message)])

    def build(self, events: Iterable[yaml.Event]) -> object:
        """Return the document's data (None for an empty one); raise SourceError for what YAML would drop or rewrite."""
        if not self.positions:
            return self._build_unlocated(events)
        root: object = None
        stack: list[_Open] = []  # open lists and mappings, innermost last
        for event in events:
            value: object
            if isinstance(event, yaml.ScalarEvent):
                value = self._scalar(event, stack)
            elif isinstance(event, yaml.CollectionEndEvent):
                value = stack.pop().container
            else:
                self._other(event, stack)
                continue
            if stack:
                self._attach(stack[-1], value, event)
            else:
                root = value
        if self.problems:
            raise SourceError(self.problems)
        return root

    def _build_unlocated(self, events: Iterable[yaml.Event]) -> object:
        """``build`` without positions, in one loop with no call per scalar or end: a file's first, usual parse.

        Any problem raises an empty SourceError at once (parse() starts again with positions for the messages), so
        only the data, the commented values and the trailing comments must come out as ``build`` makes them.
        """
        root: object = None
        stack: list[_Open] = []  # open lists and mappings, innermost last
        hashes, scalar_event, intern = self._lines_with_hash, yaml.ScalarEvent, sys.intern
        for event in events:
            value: Any  # a str, None, or a list or mapping that just closed
            if type(event) is scalar_event:
                if event.anchor is not None or event.tag is not None or len(stack) > MAX_DEPTH:
                    raise SourceError([])
                value = event.value or ("" if event.style else None)  # an empty plain scalar: nothing after the key
                if hashes and not event.style:
                    mark = event.end_mark if value else event.start_mark
                    if mark is not None and mark.line in hashes:
                        self._scalar(event, stack)  # a comment may follow: record it as build() does
            elif type(event) in _COLLECTION_ENDS:
                value = stack.pop().container
            else:
                self._unlocated_start(event, stack)
                continue
            if not stack:
                root = value
                continue
            frame = stack[-1]
            container = frame.container
            if isinstance(container, list):
                container.append(value)
            elif frame.next_node is _AWAITING_KEY:  # a scalar: a list or mapping as a key raised as it started
                frame.next_node = intern(value) if value else ""
                if frame.next_node in container:
                    raise SourceError([])  # a duplicate key
            else:
                container[frame.next_node] = value
                frame.next_node = _AWAITING_KEY
        return root

    def _unlocated_start(self, event: yaml.Event, stack: list[_Open]) -> None:
        """Open a list or mapping (refusing one as a key); let ``_other`` judge the remaining events."""
        if isinstance(event, yaml.CollectionStartEvent):
            if stack and stack[-1].next_node is _AWAITING_KEY:
                raise SourceError([])  # a list or mapping as a key
            stack.append(self._open(event, stack))
        else:
            self._other(event, stack)

    def _other(self, event: yaml.Event, stack: list[_Open]) -> None:
        """Open a list or mapping; refuse an alias or a second document; nothing else matters."""
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append(self._open(event, stack))
        elif isinstance(event, yaml.AliasEvent):
            raise self.fail(event, f"YAML aliases are not supported (*{event.anchor}); write the text out, "
                                   "or put text that starts with '*' in quotes")
        elif isinstance(event, yaml.DocumentStartEvent):
            self._documents += 1
            if self._documents > 1:
                raise self.fail(event, "a second YAML document ('---'); a file holds one story or walkthrough")

    def _path(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent, stack: list[_Open]) -> DataPath | None:
        """The path of the node ``event`` starts (None for a mapping's key), after checking what YAML would lose."""
        # Every explicit tag (``!!str`` and ``!`` too) vanishes from the text the author sees in the file: the README
        # makes them all errors, so a card never lacks a word that stands in the source.
        if event.anchor is not None or event.tag is not None:
            raise self.fail(event, anchor_or_tag_message(event))
        if len(stack) > MAX_DEPTH:
            raise self.fail(event, f"nested more than {MAX_DEPTH} levels deep")
        if not stack:
            return ()
        frame = stack[-1]
        if frame.next_node is _AWAITING_KEY:
            return None
        if frame.next_node is None:
            return (*frame.path, len(frame.container))
        if frame.next_node is _SKIP:
            return (object(),)
        return (*frame.path, frame.next_node)

    def _scalar(self, event: yaml.ScalarEvent, stack: list[_Open]) -> str | None:
        path = self._path(event, stack)
        value: str | None = event.value
        if not value and not event.style:  # (_path refused every tag)
            value = None  # an empty plain scalar: the key is there, with nothing after it
            if path is not None and self._comment_follows(event.start_mark):
                self.doc.commented.add(path)
        elif (self._lines_with_hash and not event.style and path is not None and event.end_mark is not None
              and event.end_mark.line in self._lines_with_hash):
            comment = self._trailing_comment(event.end_mark)
            if comment is not None:
                self.doc.trailing_comments[path] = comment
        if path is not None and self.positions:
            self.doc.values[path] = position_of(event.start_mark)
        return value

    def _open(self, event: yaml.CollectionStartEvent, stack: list[_Open]) -> _Open:
        path = self._path(event, stack)
        if path is None:  # a list or mapping used as a key
            self.problems.append(Problem(self.doc.path, *position_of(event.start_mark), "a key must be plain text"))
            path = (object(),)
        elif self.positions:
            self.doc.values[path] = position_of(event.start_mark)
        if isinstance(event, yaml.MappingStartEvent):
            return _Open({}, path, _AWAITING_KEY)
        return _Open([], path, None)

    def _attach(self, frame: _Open, value: object, event: yaml.Event) -> None:
        """Put a finished value into the open collection ``frame``: as an item, a key, or a key's value."""
        container, awaiting = frame.container, frame.next_node
        if isinstance(container, list):
            container.append(value)
        elif awaiting is _AWAITING_KEY:
            frame.next_node = self._key(frame, value, event)
        else:
            if awaiting is not _SKIP:
                container[str(awaiting)] = value
            frame.next_node = _AWAITING_KEY

    def _key(self, frame: _Open, value: object, event: yaml.Event) -> object:
        """Check a mapping's key; return the name its value goes under, or _SKIP to drop the value."""
        if value is not None and not isinstance(value, str):
            return _SKIP  # already reported where the list or mapping started
        name = sys.intern(value) if value else ""  # one string for the thousands of "id" keys
        where = (*frame.path, name)
        first = self.doc.keys.get(where)
        if first is not None:
            self.problems.append(Problem(self.doc.path, *position_of(event.start_mark),
                                         f"duplicate key {quoted(name)} (first defined at line {first[0]})"))
            return _SKIP
        self.doc.keys[where] = position_of(event.start_mark)
        return name
