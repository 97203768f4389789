"""Read YAML source files into plain data, remembering where every key and value stands.

The data is built straight from PyYAML's event stream (libyaml's C parser when available), without resolving any
scalar, so every value reaches the schema as the exact string the author wrote: ``no`` stays "no" and ``1.10`` stays
"1.10". Anything YAML would silently drop or rewrite (anchors, aliases, tags, duplicate keys) is rejected, and so are
non-scalar keys and absurd nesting; syntax errors are explained in plain words.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import yaml

from ..errors import Problem, SourceError
from .document import Document
from .placeholders import may_hold_placeholders
from .yaml_errors import reader_problem, syntax_problem
from .yaml_tree import MAX_DEPTH, TreeBuilder, position_of

try:
    _Loader: type[yaml.CSafeLoader | yaml.SafeLoader] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 4 * 1024 * 1024


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError([Problem(path, 1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        message = f"invalid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
        raise SourceError([Problem(path, line, column, message)]) from None


# YAML reads these as line breaks, editors do not: a pasted U+2028 would silently split a text (and shift every line
# number after it), so it is refused with the position an editor shows.
_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")
_HIDDEN_BREAK_OR_LONE_CR = re.compile("[\x85\u2028\u2029]|\r(?!\n)")  # 3x slower: only for files with a lone CR


def _hidden_break(text: str) -> re.Match[str] | None:
    """The first hidden line break (or lone CR) in ``text``, if any."""
    # ``in`` and ``count`` scan at C speed, many times faster than the regex: most texts need no search at all
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return _HIDDEN_BREAK_OR_LONE_CR.search(text)
    if text.isascii() or not ("\x85" in text or "\u2028" in text or "\u2029" in text):
        return None
    return _HIDDEN_BREAK.search(text)


def parse(path: str, text: str) -> Document:
    """Parse one YAML document from ``text``; ``path`` is only used in messages."""
    hidden = _hidden_break(text)
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


def parse_with_positions(path: str, text: str) -> Document:
    """Parse ``text`` (already parsed once without them) again, recording every value's and key's position."""
    return _parse(path, text, positions=True)


def _parse(path: str, text: str, *, positions: bool) -> Document:
    builder, data = _tree(path, text, positions=positions)
    if data is None:
        raise SourceError([Problem(path, 1, 1, "file is empty; expected a story or a walkthrough")])
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else "single value"
        raise SourceError([builder.doc.problem((), "expected a mapping with 'story:' or 'walkthrough:' at the top, "
                                                   f"found a {kind}")])
    builder.doc.data = data
    if not positions:
        builder.doc.locate = functools.partial(parse_with_positions, path, text)
        builder.doc.may_hold_placeholders = may_hold_placeholders(text)
    return builder.doc


def parse_any(path: str, text: str) -> tuple[Document, object]:
    """Parse a YAML file that is no source (the workspace's settings), every position recorded: the document (its
    ``data`` set when the top is a mapping) and the top's data, whatever it is (None for an empty file)."""
    builder, data = _tree(path, text, positions=True)
    if isinstance(data, dict):
        builder.doc.data = data
    return builder.doc, data


def _tree(path: str, text: str, *, positions: bool) -> tuple[TreeBuilder, object]:
    builder = TreeBuilder(path, text, positions)
    loader = _Loader(text)
    try:
        data = builder.build(iter(loader.get_event, None))
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in (error.problem or "") and error.problem_mark is not None:
            raise _too_deep(path, text, error.problem_mark) from None
        raise SourceError([*builder.problems, syntax_problem(path, text, error)]) from None
    except yaml.reader.ReaderError as error:
        raise SourceError([*builder.problems, reader_problem(path, text, error)]) from None
    except yaml.YAMLError as error:  # errors without a position
        message = "YAML error: " + " ".join(str(error).split())
        raise SourceError([*builder.problems, Problem(path, 1, 1, message)]) from None
    finally:
        loader.dispose()
    return builder, data


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
    return SourceError([Problem(path, *position_of(mark), f"nested more than {MAX_DEPTH} levels deep")])


def load_file(path: Path) -> Document:
    """Read and parse one source file."""
    name = os.fspath(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (split it)"
            raise SourceError([Problem(name, 1, 1, message)])
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError([Problem(name, 1, 1, f"cannot read file: {error.strerror}")]) from None
    return parse(name, _decode(name, raw))


_STORY_OR_WALKTHROUGH = re.compile(r"^(story|walkthrough):[ \t]*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)\b", re.MULTILINE)


def sniff_id(path: Path) -> tuple[str, str] | None:
    """Guess ("story" or "walkthrough", id) from a file that failed to load, by its top-level id line, if it has one."""
    try:
        text = path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace")
    except OSError:
        return None
    match = _STORY_OR_WALKTHROUGH.search(text.removeprefix("\ufeff"))
    return (match[1], match[2]) if match else None
