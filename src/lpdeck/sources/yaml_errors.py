"""libyaml's terse errors explained in plain words, at the position an editor shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import yaml

from ..errors import Problem
from .messages import quoted

QUOTE_IT = "put the text in quotes"  # the usual fix: quoted text is never read as YAML syntax


@dataclass(frozen=True)
class _Syntax:
    """One libyaml error, with what the explanations below look at."""

    context: str  # what libyaml was reading: "while scanning a quoted scalar"...
    problem: str  # what it found there
    mark: yaml.Mark  # where it stopped
    start: yaml.Mark  # where what it was reading started
    lines: list[str]

    @property
    def line(self) -> str:
        return self.lines[self.mark.line] if self.mark.line < len(self.lines) else ""

    @property
    def found(self) -> str:
        return self.line[self.mark.column: self.mark.column + 1]

    def at(self, message: str) -> tuple[yaml.Mark, str]:
        return self.mark, message

    def at_start(self, message: str) -> tuple[yaml.Mark, str]:
        return self.start, message


Explained = tuple[yaml.Mark, str] | None


def _mark(line: int, column: int) -> yaml.Mark:
    return yaml.Mark("", 0, line, column, None, 0)


def _tab(e: _Syntax) -> Explained:
    if "\t" in e.problem or "tab" in e.problem.lower() or "\t" in e.line[: e.mark.column + 1]:
        return e.at("tab character where YAML expects spaces for indentation")
    return None


def _quoted_text(e: _Syntax) -> Explained:
    if "quoted scalar" not in e.context:
        return None
    if "end of stream" in e.problem:
        return e.at_start("the quoted text that starts here is never closed")
    if "document" in e.problem:
        return e.at("a line starting with '---' or '...' inside quoted text ends the YAML document; "
                    "indent that line (or use a '>-' block)")
    if "hexdecimal" in e.problem:
        backslash = e.line.rfind("\\", 0, e.mark.column + 1)
        mark = _mark(e.mark.line, backslash) if backslash >= 0 else e.mark
        return mark, (f"escape {quoted(e.line[mark.column: mark.column + 2])} in double-quoted text needs hex digits "
                      "(like \\x41 or \\u00e9); write \\\\ for a backslash, or use single quotes")
    if "escape" in e.problem:
        return e.at(f"unknown escape {quoted(e.line[e.mark.column: e.mark.column + 2])} in double-quoted text; "
                    "write \\\\ for a backslash, or use single quotes")
    return None


def _directive_or_tag(e: _Syntax) -> Explained:
    if "directive" in e.context:
        return _mark(e.start.line, 0), ("a line cannot start with '%' (YAML reads it as a directive); "
                                        "put text that starts with '%' in quotes")
    if "tag" in e.context or "tag handle" in e.problem:
        return e.at_start(f"text cannot start with '!' (YAML reads it as a tag); {QUOTE_IT}")
    return None


def _node_content(e: _Syntax) -> Explained:
    if "node content" not in e.problem:
        return None
    if "block node" in e.context and e.line.startswith("..."):
        return e.at("a line '...' ends the YAML document; remove it (or indent it, if it belongs to a text)")
    if "block node" in e.context and e.found in ("]", "}", ","):
        return e.at(f"text cannot start with {quoted(e.found)}; {QUOTE_IT}")
    if "flow node" in e.context:
        return e.at(f"{quoted(e.found)} cannot start an item inside '[...]' or '{{...}}'; "
                    "put the item in quotes, or write the list one '- ' item per line")
    return None


def _colon_in_brackets_or_list_after_key(e: _Syntax) -> Explained:
    if "plain scalar" in e.context and "':'" in e.problem:
        return e.at(f"unexpected ':' inside '[...]' or '{{...}}'; {QUOTE_IT}")
    if "sequence entries are not allowed" in e.problem:
        return e.at("a '- ' list cannot start on the line of its key; start the list on the next line, indented, "
                    "or put text that starts with '- ' in quotes")
    return None


def _unclosed_bracket(e: _Syntax) -> Explained:
    if "flow sequence" not in e.context and "flow mapping" not in e.context:
        return None
    bracket, closing = ("[", "]") if "sequence" in e.context else ("{", "}")
    if e.mark.line == e.start.line and closing in e.line[e.start.column + 1:]:  # closed later on the line
        return e.at("expected ',' or the closing bracket here; put an item that contains ': ', ',' or a bracket in "
                    "quotes")
    return e.at_start(f"the '{bracket}' here starts a YAML list or mapping that is never closed; "
                      f"put text that starts with '{bracket}' in quotes")


def _alias_anchor_or_token(e: _Syntax) -> Explained:
    if "scanning an alias" in e.context or "scanning an anchor" in e.context:
        sign, meaning = ("*", "an alias") if "alias" in e.context else ("&", "an anchor")
        return e.at_start(f"text cannot start with '{sign}' here (YAML reads it as {meaning}); {QUOTE_IT}")
    if "cannot start any token" in e.problem:
        return e.at(f"text cannot start with {quoted(e.found)}; {QUOTE_IT}")
    return None


def _mapping(e: _Syntax) -> Explained:
    if "mapping values are not allowed" in e.problem:
        number = _key_without_colon(e.lines, e.mark.line)
        if number is not None:
            return _mark(number, len(e.lines[number].rstrip())), (
                f"this line has no ':', so YAML reads it and line {number + 2} as one text; "
                "add the ':' after the key here")
        return e.at("unexpected ':' here; put text that contains ': ' in quotes, or fix the indentation")
    if "mapping keys are not allowed" in e.problem:
        return e.at(f"unexpected '?' here; {QUOTE_IT}")
    if "block scalar" in e.context:
        return e.at("text cannot follow '|' or '>' on the same line; start it on the next line, indented")
    return None


def _key_or_document(e: _Syntax) -> Explained:
    if "simple key" in e.context:
        start_line = e.lines[e.start.line] if e.start.line < len(e.lines) else ""
        if ":" in start_line[e.start.column + 1024:]:
            return e.at_start("this key is longer than YAML allows (1024 characters); shorten it")
        return e.at_start("expected 'key: value' or '- item' on this line; add the ':' or fix the indentation")
    if "document start" in e.problem:
        return e.at("a file holds one YAML document; remove the '...' line or what follows it")
    return None


def _opening_quote(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """Where the double-quoted text that the '"' at (line, column) closes was opened: the unescaped '"' before it."""
    for row in range(line, -1, -1):
        text = lines[row]
        index = text.rfind('"', 0, column if row == line else len(text))
        while index >= 0:
            if (index - len(text[:index].rstrip("\\"))) % 2 == 0:  # not escaped by a backslash
                return row, index
            index = text.rfind('"', 0, index)
    return None


def _quote_closed_lines_later(e: _Syntax) -> Explained:
    """A '"' left open on its line: YAML reads on to the next '"' (lines later), then finds text after it."""
    closing = len(e.line[: e.mark.column].rstrip()) - 1
    if e.line[closing: closing + 1] != '"':
        return None
    opened = _opening_quote(e.lines, e.mark.line, closing)
    if opened is None or opened[0] == e.mark.line:
        return None
    return _mark(*opened), (f"the quoted text that starts here is not closed on its line: YAML reads on to line "
                            f"{e.mark.line + 1}, where the next '\"' ends it; close the quote on this line")


def _indentation(e: _Syntax) -> Explained:
    if "did not find expected key" in e.problem or "expected '-' indicator" in e.problem or "block end" in e.problem:
        if e.line[: e.mark.column].rstrip()[-1:] in ("'", '"', "]", "}"):
            unclosed = _quote_closed_lines_later(e)
            if unclosed is not None:
                return unclosed
            return e.at("text continues after a quoted or bracketed value; put the whole value in quotes "
                        "(and write '' for a ' inside single quotes)")
        return e.at("indentation does not match the lines above")
    return None


# In this order: the first that explains the error wins.
_EXPLANATIONS: tuple[Callable[[_Syntax], Explained], ...] = (
    _tab, _quoted_text, _directive_or_tag, _node_content, _colon_in_brackets_or_list_after_key, _unclosed_bracket,
    _alias_anchor_or_token, _mapping, _key_or_document, _indentation,
)


def syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """Say in plain words what libyaml's terse message means for someone writing text in YAML."""
    context, problem = error.context or "", error.problem or error.context or "invalid YAML"
    mark = error.problem_mark or error.context_mark
    if mark is None:  # no position at all: say what libyaml said, at the start of the file
        return Problem(path, 1, 1, f"YAML syntax error: {problem}")
    syntax = _Syntax(context, problem, mark, error.context_mark or mark, text.splitlines())
    for explanation in _EXPLANATIONS:
        explained = explanation(syntax)
        if explained is not None:
            mark, message = explained
            break
    else:
        message = f"{context}: {problem}" if context and context != problem else problem
    return Problem(path, mark.line + 1, mark.column + 1, f"YAML syntax error: {message}")


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


def reader_problem(path: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """Locate a character YAML refuses (a control character); libyaml reports its offset in UTF-8 bytes."""
    before = text.encode("utf-8")[: error.position].decode("utf-8", "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return Problem(path, line, column, f"control character U+{error.character:04X} is not allowed in YAML; remove it")


def anchor_or_tag_message(event: yaml.NodeEvent) -> str:
    """Why an anchor or a tag is refused, and what to write instead."""
    is_text = type(event) is yaml.ScalarEvent
    if event.anchor is not None:
        if is_text:
            return (f"'&{event.anchor}' starts a YAML anchor, which YAML drops from the text; "
                    "put text that starts with '&' in quotes")
        return f"YAML anchors are not supported (&{event.anchor}); write the text out in full"
    tag = _tag_name(getattr(event, "tag", None) or "")
    if is_text:
        return f"'{tag}' is a YAML tag, which YAML drops from the text; put text that starts with '!' in quotes"
    return f"YAML tags are not supported ({tag}); remove it (a list or mapping needs none)"


def _tag_name(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
