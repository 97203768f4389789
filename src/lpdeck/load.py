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
# Every explicit tag (``!!str`` and ``!`` too) vanishes from the text the author sees in the file: the README makes
# them all errors, so a card never lacks a word that stands in the source.
_HARMLESS_TAGS = {None}

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
    # plain (unquoted) values followed by a comment on their line: the 1-based (line, column) of the '#' and the
    # comment; in a text field the author may have meant "ticket #4521" as text (validate decides, by field)
    trailing_comments: dict[Key, tuple[int, int, str]] = field(default_factory=dict)
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

    def _line(self, number: int) -> str:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines[number] if number < len(self._lines) else ""

    def _comment_follows(self, mark) -> bool:
        return self._line(mark.line)[mark.column:].lstrip().startswith("#")

    def _trailing_comment(self, mark) -> tuple[int, int, str] | None:
        """Return the (line, column, text) of a comment that follows ``mark`` on its line, if any."""
        rest = self._line(mark.line)[mark.column:]
        comment = rest.lstrip(" \t")
        if not comment.startswith("#"):
            return None
        return mark.line + 1, mark.column + len(rest) - len(comment) + 1, comment.rstrip()

    def fail(self, event, message: str) -> SourceError:
        return SourceError(self.problems + [Problem(self.doc.path, *_mark(event), message)])

    def build(self, events) -> object:
        values = self.doc.values
        root = None
        documents = 0
        # open collections, innermost last: [container, path, key awaiting its value (mappings only)]
        stack: list[list] = []
        # only a value on a line with a '#' can be followed by a comment: one pass here, then a set lookup per value
        lines_with_hash = {n for n, line in enumerate(self.text.splitlines()) if "#" in line} if "#" in self.text else set()
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
                    elif lines_with_hash and not event.style and path is not None and event.end_mark.line in lines_with_hash:
                        comment = self._trailing_comment(event.end_mark)
                        if comment is not None:
                            self.doc.trailing_comments[path] = comment
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
    elif "quoted scalar" in context and "document" in problem:
        message = ("a line starting with '---' or '...' inside quoted text ends the YAML document; "
                   "indent that line (or use a '>-' block)")
    elif "quoted scalar" in context and "hexdecimal" in problem:
        backslash = line.rfind("\\", 0, mark.column + 1)
        if backslash >= 0:
            mark = yaml.Mark("", 0, mark.line, backslash, None, None)
        message = (f"escape {quoted(line[mark.column: mark.column + 2])} in double-quoted text needs hex digits "
                   "(like \\x41 or \\u00e9); write \\\\ for a backslash, or use single quotes")
    elif "directive" in context:
        mark = yaml.Mark("", 0, start.line, 0, None, None)
        message = "a line cannot start with '%' (YAML reads it as a directive); put text that starts with '%' in quotes"
    elif "tag" in context or "tag handle" in problem:
        mark, message = start, "text cannot start with '!' (YAML reads it as a tag); put the text in quotes"
    elif "block node" in context and "node content" in problem and line.startswith("..."):
        message = "a line '...' ends the YAML document; remove it (or indent it, if it belongs to a text)"
    elif "block node" in context and "node content" in problem and found in ("]", "}", ","):
        message = f"text cannot start with {quoted(found)}; put the text in quotes"
    elif "flow node" in context and "node content" in problem:
        message = (f"{quoted(found)} cannot start an item inside '[...]' or '{{...}}'; "
                   "put the item in quotes, or write the list one '- ' item per line")
    elif "plain scalar" in context and "':'" in problem:
        message = "unexpected ':' inside '[...]' or '{...}'; put the text in quotes"
    elif "sequence entries are not allowed" in problem:
        message = ("a '- ' list cannot start on the line of its key; start the list on the next line, indented, "
                   "or put text that starts with '- ' in quotes")
    elif ("flow sequence" in context or "flow mapping" in context) and _closed_later(line, mark, start, context):
        message = ("expected ',' or the closing bracket here; put an item that contains ': ', ',' or a bracket in "
                   "quotes")
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
    elif "mapping values are not allowed" in problem and _key_without_colon(lines, mark.line) is not None:
        number = _key_without_colon(lines, mark.line)
        assert number is not None
        mark = yaml.Mark("", 0, number, len(lines[number].rstrip()), None, None)
        message = (f"this line has no ':', so YAML reads it and line {mark.line + 2} as one text; "
                   "add the ':' after the key here")
    elif "mapping values are not allowed" in problem:
        message = "unexpected ':' here; put text that contains ': ' in quotes, or fix the indentation"
    elif "mapping keys are not allowed" in problem:
        message = "unexpected '?' here; put the text in quotes"
    elif "block scalar" in context:
        message = "text cannot follow '|' or '>' on the same line; start it on the next line, indented"
    elif "simple key" in context and ":" in _text_line(text, start.line)[start.column + 1024:]:
        mark, message = start, "this key is longer than YAML allows (1024 characters); shorten it"
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


def _closed_later(line: str, mark: yaml.Mark, start: yaml.Mark, context: str) -> bool:
    """Whether the '[' or '{' at ``start`` is closed later on ``line``, the line of the error at ``mark``."""
    closing = "]" if "sequence" in context else "}"
    return mark.line == start.line and closing in line[start.column + 1:]


def _key_without_colon(lines: list[str], number: int) -> int | None:
    """Return the line before ``number`` if it is a bare word at the same indentation (a key missing its ':')."""
    if number == 0 or number >= len(lines):
        return None
    before, here = lines[number - 1], lines[number]
    indent = len(here) - len(here.lstrip(" "))
    if len(before) - len(before.lstrip(" ")) != indent or ":" in before or not before.strip():
        return None
    if before.strip().startswith(("#", "-")):
        return None
    return number - 1


def _text_line(text: str, number: int) -> str:
    """Return line ``number`` (0-based, as libyaml counts) of ``text``, or "" past the end."""
    lines = text.splitlines()
    return lines[number] if number < len(lines) else ""


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
    return f"YAML tags are not supported ({tag}); remove it (a list or mapping needs none)"


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
_HIDDEN_BREAK_OR_LONE_CR = re.compile("[\x85\u2028\u2029]|\r(?!\n)")  # 3x slower: only for files with a CR


def parse(path: str, text: str) -> Document:
    """Parse one YAML document from ``text``; ``path`` is only used in messages."""
    hidden = (_HIDDEN_BREAK_OR_LONE_CR if "\r" in text else _HIDDEN_BREAK).search(text)
    if hidden:
        # Only the first one is reported: every line break before it is a plain LF or CRLF, so its line and column
        # are the same in every editor, whatever the editor makes of a lone CR.
        at = hidden.start()
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        if hidden[0] == "\r":
            message = ("carriage return (U+000D) without a line feed: YAML reads it as a line break, many editors do "
                       "not, and a text would lose it; delete it, or save the file with LF (or CRLF) line endings")
        else:
            message = (f"invisible line separator U+{ord(hidden[0]):04X} (YAML reads it as a line break); delete it, "
                       "or write it as an escape in double quotes")
        raise SourceError([Problem(path, line, column, message)])
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
        if "nesting depth" in (error.problem or "") and error.problem_mark is not None:
            raise _too_deep(path, text, error.problem_mark) from None
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


def _too_deep(path: str, text: str, mark: yaml.Mark) -> SourceError:
    """Report nesting deeper than MAX_DEPTH where it starts, when libyaml's own limit (newer builds) stops it first.

    libyaml reads ahead, so its limit (1000 levels) can strike before the events of the 25th level reach the builder;
    the text up to that point holds those 25 levels and no more than libyaml allows, so parsing it again finds them.
    """
    end = sum(len(line) for line in text.splitlines(keepends=True)[: mark.line]) + mark.column
    try:
        _parse(path, text[:end], positions=True)
    except SourceError as error:
        if any(problem.message.startswith("nested more than") for problem in error.problems):
            return error
    return SourceError([Problem(path, *_mark(mark), f"nested more than {MAX_DEPTH} levels deep")])


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
    """Expand directories into their ``*.yaml``/``*.yml`` files (sorted); report missing and unreadable paths."""
    found: list[Path] = []
    problems = []
    for source in sources:
        if source.is_dir():
            problems.extend(_walk_folder(source, found))
        elif source.is_file():
            found.append(source)
        elif source.exists():
            problems.append(Problem(os.fspath(source), 1, 1, "not a regular file or folder"))
        else:
            problems.append(Problem(os.fspath(source), 1, 1, _why_missing(source)))
    if problems:
        raise SourceError(problems)
    if not found:
        raise SourceError([Problem(os.fspath(s), 1, 1, "no .yaml source files here") for s in sources])
    return list(dict.fromkeys(found))


def _why_missing(source: Path) -> str:
    """Say why a path given as a source is not there: nothing by that name, or a file used as a folder on the way."""
    for parent in source.parents:
        if parent.is_file():
            return f"no such file or directory ({os.fspath(parent)} is a file, not a folder)"
    return "no such file or directory"


def _walk_folder(folder: Path, found: list[Path]) -> list[Problem]:
    """Add the folder's source files to ``found``; return a problem for each folder or source it cannot read.

    A folder that cannot be listed, or a ``.yaml`` name that is no readable file (a dangling link, a pipe), is an
    error, not a silent gap: the build would otherwise ship without the walkthroughs in it.
    """
    problems: list[Problem] = []

    def refused(error: OSError) -> None:
        problems.append(Problem(os.fspath(Path(error.filename or folder)), 1, 1,
                                f"cannot read folder: {error.strerror or error}; fix its permissions or move it out"))

    files: list[Path] = []
    for top, folders, names in os.walk(folder, onerror=refused):
        folders.sort()
        for name in names:
            if not name.endswith((".yaml", ".yml")) or name.startswith(".#"):  # .#x.yaml: an editor's lock link
                continue
            path = Path(top) / name
            if path.is_file():
                files.append(path)
            else:
                what = "a link to nothing" if path.is_symlink() and not path.exists() else "not a regular file"
                problems.append(Problem(os.fspath(path), 1, 1, f"{what}; a source must be a file (remove it or fix it)"))
    found.extend(sorted(files))
    return problems


_STORY_OR_WALKTHROUGH = re.compile(r"^(story|walkthrough):[ \t]*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)\b", re.MULTILINE)


def sniff_id(path: Path) -> tuple[str, str] | None:
    """Guess ("story" or "walkthrough", id) from a file that failed to load, by its top-level id line, if it has one."""
    try:
        text = path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace")
    except OSError:
        return None
    match = _STORY_OR_WALKTHROUGH.search(text.removeprefix("\ufeff"))
    return (match[1], match[2]) if match else None
