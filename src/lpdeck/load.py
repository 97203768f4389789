"""Read YAML source files into plain data, remembering where every key and value stands.

The data is built straight from PyYAML's event stream (libyaml's C parser when available), without resolving any
scalar, so every value reaches the schema as the exact string the author wrote: ``no`` stays "no" and ``1.10`` stays
"1.10". Anything YAML would silently drop or rewrite (anchors, aliases, tags, duplicate keys) is rejected, and so are
non-scalar keys and absurd nesting; syntax errors are explained in plain words.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problem, SourceError

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 24
# Explicit tags that keep the text exactly as written; any other tag (``!foo``, ``!!int``) would vanish from the text.
_HARMLESS_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

Key = tuple  # a path into the data: ("steps", 0, "coaching")


@dataclass
class Document:
    """A source file's data, with the 1-based (line, column) of each value and key by its path."""

    path: str
    data: object
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)
    # empty values followed by a comment on their line: "id: #1" is an empty id and a comment, not the text "#1"
    commented: set[Key] = field(default_factory=set)
    # Until a message needs a position, only the text is kept, to be parsed again then: most builds need none, and
    # the positions of every node would take more memory than the data itself.
    text: str | None = field(default=None, repr=False)

    def _locate(self) -> None:
        if self.text is not None:
            located = _parse(self.path, self.text, positions=True)
            self.values, self.keys, self.text = located.values, located.keys, None

    def position(self, key: Key, *, of_key: bool = False) -> tuple[int, int]:
        """Return where the value (or its key) at ``key`` stands, or its nearest enclosing node's position."""
        self._locate()
        table = self.keys if of_key else self.values
        while key:
            if key in table:
                return table[key]
            if key in self.values:
                return self.values[key]
            key = key[:-1]
        return self.values.get((), (1, 1))

    def problem(self, key: Key, message: str, *, of_key: bool = False) -> Problem:
        line, column = self.position(key, of_key=of_key)
        return Problem(self.path, line, column, message)


def _mark(node_or_mark) -> tuple[int, int]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return mark.line + 1, mark.column + 1


_AWAITING_KEY = object()  # a mapping's next node is a key
_SKIP = object()  # a mapping's next node is the value of a rejected key: build it, then drop it


class _Builder:
    """Build plain dicts, lists and strings straight from the parser's events, recording positions.

    Working from events rather than a composed node tree keeps the nesting on an explicit stack (libyaml's composer
    recurses in C, so ``- - - - ...`` could overflow it), stops at the first alias instead of expanding anything,
    and skips PyYAML's tag resolution, which lpdeck does not use.
    """

    def __init__(self, path: str, text: str = "", positions: bool = True):
        self.doc = Document(path, None)
        self.positions = positions
        self.problems: list[Problem] = []
        self.text = text
        self._lines: list[str] | None = None

    def _comment_follows(self, mark) -> bool:
        if self._lines is None:
            self._lines = self.text.splitlines()
        line = self._lines[mark.line] if mark.line < len(self._lines) else ""
        return line[mark.column:].lstrip().startswith("#")

    def fail(self, event, message: str) -> SourceError:
        return SourceError(self.problems + [Problem(self.doc.path, *_mark(event), message)])

    def build(self, events) -> object:
        values = self.doc.values
        root = None
        documents = 0
        # open collections, innermost last: [container, path, key awaiting its value (mappings only)]
        stack: list[list] = []
        for event in events:
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                finished = stack.pop()[0]
                if not stack:
                    root = finished
                else:
                    self._attach(stack[-1], finished, event)
                continue
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag not in _HARMLESS_TAGS:
                    raise self.fail(event, _anchor_or_tag_message(event))
                if len(stack) > MAX_DEPTH:
                    raise self.fail(event, f"nested more than {MAX_DEPTH} levels deep")
                if not stack:
                    path = ()
                else:
                    frame = stack[-1]
                    if frame[2] is _AWAITING_KEY:
                        path = None
                    elif frame[2] is None:
                        path = frame[1] + (len(frame[0]),)
                    elif frame[2] is _SKIP:
                        path = (object(),)  # a path of its own, so nothing in it can clash with real data
                    else:
                        path = frame[1] + (frame[2],)
                mark = event.start_mark
                if kind is yaml.ScalarEvent:
                    value = event.value
                    if not value and not event.style and event.tag is None:
                        value = None  # an empty plain scalar: the key is there, with nothing after it
                        if path is not None and self._comment_follows(mark):
                            self.doc.commented.add(path)
                    if path is not None and self.positions:
                        values[path] = (mark.line + 1, mark.column + 1)
                    if not stack:
                        root = value
                    else:
                        self._attach(stack[-1], value, event)
                    continue
                if path is None:  # a list or mapping used as a key
                    self.problems.append(Problem(self.doc.path, *_mark(event), "a key must be plain text"))
                    path = (object(),)
                elif self.positions:
                    values[path] = (mark.line + 1, mark.column + 1)
                if kind is yaml.MappingStartEvent:
                    stack.append([{}, path, _AWAITING_KEY])
                else:
                    stack.append([[], path, None])
                continue
            if kind is yaml.AliasEvent:
                raise self.fail(event, f"YAML aliases are not supported (*{event.anchor}); write the text out, "
                                       "or put text that starts with '*' in quotes")
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(event, "a second YAML document ('---'); a file holds one story or walkthrough")
        if self.problems:
            raise SourceError(self.problems)
        self.doc.data = root
        return root

    def _attach(self, frame: list, value: object, event) -> None:
        """Put a finished value into the open collection ``frame``: as an item, a key, or a key's value."""
        container, path, awaiting = frame
        if awaiting is None:
            container.append(value)
        elif awaiting is _AWAITING_KEY:
            if type(value) is not str and value is not None:
                frame[2] = _SKIP  # already reported where the list or mapping started
                return
            name = sys.intern(value) if value else ""  # one string for the thousands of "id" keys
            if not self.positions:  # a duplicate is an error: parse() starts again, with positions for the message
                if name in container:
                    raise SourceError([])
                frame[2] = name
                return
            where = path + (name,)
            first = self.doc.keys.get(where)
            if first is not None:
                self.problems.append(Problem(self.doc.path, *_mark(event),
                                             f"duplicate key {quoted(name)} (first defined at line {first[0]})"))
                frame[2] = _SKIP
                return
            self.doc.keys[where] = _mark(event)
            frame[2] = name
        else:
            if awaiting is not _SKIP:
                container[awaiting] = value
            frame[2] = _AWAITING_KEY


def quoted(text: str, limit: int = 60) -> str:
    """Quote a bit of the author's text for a one-line message: control characters escaped, long text cut short."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return f"'{text}'"


def _syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """Say in plain words what libyaml's terse message means for someone writing text in YAML."""
    context, problem = error.context or "", error.problem or error.context or "invalid YAML"
    mark = error.problem_mark or error.context_mark
    start = error.context_mark or mark
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    found = line[mark.column: mark.column + 1]
    if "\t" in problem or "tab" in problem.lower() or "\t" in line[: mark.column + 1]:
        message = "tab character where YAML expects spaces for indentation"
    elif "quoted scalar" in context and "end of stream" in problem:
        mark, message = start, "the quoted text that starts here is never closed"
    elif "quoted scalar" in context and "escape" in problem:
        message = (f"unknown escape {quoted(line[mark.column: mark.column + 2])} in double-quoted text; "
                   "write \\\\ for a backslash, or use single quotes")
    elif "scanning an alias" in context or "scanning an anchor" in context:
        sign, meaning = ("*", "an alias") if "alias" in context else ("&", "an anchor")
        mark, message = start, f"text cannot start with '{sign}' here (YAML reads it as {meaning}); put the text in quotes"
    elif "cannot start any token" in problem:
        message = f"text cannot start with {quoted(found)}; put the text in quotes"
    elif "flow sequence" in context or "flow mapping" in context:
        bracket = "[" if "sequence" in context else "{"
        mark, message = start, (f"the '{bracket}' here starts a YAML list or mapping that is never closed; "
                                f"put text that starts with '{bracket}' in quotes")
    elif "mapping values are not allowed" in problem:
        message = "unexpected ':' here; put text that contains ': ' in quotes, or fix the indentation"
    elif "mapping keys are not allowed" in problem:
        message = "unexpected '?' here; put the text in quotes"
    elif "block scalar" in context:
        message = "text cannot follow '|' or '>' on the same line; start it on the next line, indented"
    elif "simple key" in context:
        mark, message = start, "expected 'key: value' or '- item' on this line; add the ':' or fix the indentation"
    elif "document start" in problem:
        message = "a file holds one YAML document; remove the '...' line or what follows it"
    elif "did not find expected key" in problem or "expected '-' indicator" in problem or "block end" in problem:
        before = line[: mark.column].rstrip()
        if before[-1:] in ("'", '"', "]", "}"):
            message = ("text continues after a quoted or bracketed value; put the whole value in quotes "
                       "(and write '' for a ' inside single quotes)")
        else:
            message = "indentation does not match the lines above"
    else:
        message = f"{context}: {problem}" if context and context != problem else problem
    return Problem(path, *_mark(mark), f"YAML syntax error: {message}")


def _reader_problem(path: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """Locate a character YAML refuses (a control character); libyaml reports its offset in UTF-8 bytes."""
    before = text.encode("utf-8")[: error.position].decode("utf-8", "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return Problem(path, line, column, f"control character U+{error.character:04X} is not allowed in YAML; remove it")


def _anchor_or_tag_message(event) -> str:
    is_text = type(event) is yaml.ScalarEvent
    if event.anchor is not None:
        if is_text:
            return (f"'&{event.anchor}' starts a YAML anchor, which YAML drops from the text; "
                    "put text that starts with '&' in quotes")
        return f"YAML anchors are not supported (&{event.anchor}); write the text out in full"
    tag = _tag_name(event.tag)
    if is_text:
        return f"'{tag}' is a YAML tag, which YAML drops from the text; put text that starts with '!' in quotes"
    return f"YAML tags are not supported ({tag})"


def _tag_name(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError([Problem(path, 1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise SourceError([Problem(path, line, column, f"invalid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]) from None


# YAML reads these as line breaks, editors do not: a pasted U+2028 would silently split a text (and shift every line
# number after it), so it is refused with the position an editor shows.
_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")


def parse(path: str, text: str) -> Document:
    """Parse one YAML document from ``text``; ``path`` is only used in messages."""
    hidden = _HIDDEN_BREAK.search(text)
    if hidden:
        at = hidden.start()
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise SourceError([Problem(path, line, column, f"invisible line separator U+{ord(hidden[0]):04X} (YAML reads it "
                                                       "as a line break); delete it, or write it as an escape in "
                                                       "double quotes")])
    try:
        return _parse(path, text, positions=False)
    except SourceError:
        pass
    try:
        return _parse(path, text, positions=True)  # fails again, with every position its messages need
    except SourceError as error:
        raise SourceError(_every_syntax_problem(path, text, error)) from None


_KEYED = re.compile(r"^(\s*(?:-\s+)*)([^\s#'\"][^:#]*?:)(?:\s|$)")
_ITEM = re.compile(r"^(\s*-)(?:\s|$)")


def _neutral(line: str) -> str:
    """The same line with its value made an empty string: the structure stays, the syntax error goes."""
    keyed = _KEYED.match(line)
    if keyed:
        return f'{keyed.group(1)}{keyed.group(2)} ""'
    item = _ITEM.match(line)
    return f'{item.group(1)} ""' if item else ""


def _every_syntax_problem(path: str, text: str, error: SourceError, limit: int = 50) -> list[Problem]:
    """Every syntax error of a file, not only the first: parse again with each bad line's value emptied."""
    problems = list(error.problems)
    lines = text.split("\n")
    for _ in range(limit):
        line = problems[-1].line - 1
        if not _is_syntax_problem(problems[-1]) or not 0 <= line < len(lines) or lines[line] == _neutral(lines[line]):
            break
        lines[line] = _neutral(lines[line])
        try:
            _parse(path, "\n".join(lines), positions=True)
            break
        except SourceError as again:
            new = [p for p in again.problems if p not in problems]
            if not new:
                break
            problems += new
    return problems


def _is_syntax_problem(problem: Problem) -> bool:
    return problem.message.startswith("YAML syntax error")  # not the loader's own refusals (anchors, tags...)


def _parse(path: str, text: str, *, positions: bool) -> Document:
    builder = _Builder(path, text, positions)
    loader = _Loader(text)
    try:
        data = builder.build(iter(loader.get_event, None))
    except yaml.MarkedYAMLError as error:
        raise SourceError(builder.problems + [_syntax_problem(path, text, error)]) from None
    except yaml.reader.ReaderError as error:
        raise SourceError(builder.problems + [_reader_problem(path, text, error)]) from None
    except yaml.YAMLError as error:  # errors without a position
        raise SourceError(builder.problems + [Problem(path, 1, 1, "YAML error: " + " ".join(str(error).split()))]) from None
    finally:
        loader.dispose()
    if data is None:
        raise SourceError([Problem(path, 1, 1, "file is empty; expected a story or a walkthrough")])
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else "single value"
        raise SourceError([builder.doc.problem((), f"expected a mapping with 'story:' or 'walkthrough:' at the top, found a {kind}")])
    if not positions:
        builder.doc.text = text
    return builder.doc


def load_file(path: Path) -> Document:
    """Read and parse one source file."""
    name = os.fspath(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError([Problem(name, 1, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (split it)")])
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError([Problem(name, 1, 1, f"cannot read file: {error.strerror}")]) from None
    return parse(name, _decode(name, raw))


def find_sources(sources: list[Path]) -> list[Path]:
    """Expand directories into their ``*.yaml``/``*.yml`` files (sorted); report missing paths."""
    found: list[Path] = []
    problems = []
    for source in sources:
        if source.is_dir():
            found.extend(sorted(p for p in source.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif source.is_file():
            found.append(source)
        elif source.exists():
            problems.append(Problem(os.fspath(source), 1, 1, "not a regular file or folder"))
        else:
            problems.append(Problem(os.fspath(source), 1, 1, "no such file or directory"))
    if problems:
        raise SourceError(problems)
    if not found:
        raise SourceError([Problem(os.fspath(s), 1, 1, "no .yaml source files here") for s in sources])
    return list(dict.fromkeys(found))
