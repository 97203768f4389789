"""Read YAML source files into plain data, remembering where every key and value stands.

PyYAML's ``compose`` (in C when libyaml is available) builds the node tree with line and column marks and without
resolving any scalar, so every value reaches the schema as the exact string the author wrote: ``no`` stays "no" and
``1.10`` stays "1.10". Duplicate keys, aliases, non-scalar keys and absurd nesting are rejected here.
"""

from __future__ import annotations

import os
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
# libyaml's composer recurses in C: a file of deeply nested flow brackets would overflow the stack before Python
# could object, so files with many brackets have their depth measured from the (iterative) event stream first.
_BRACKET_SCAN_THRESHOLD = 256

Key = tuple  # a path into the data: ("steps", 0, "coaching")


@dataclass
class Document:
    """A source file's data, with the 1-based (line, column) of each value and key by its path."""

    path: str
    data: object
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def position(self, key: Key, *, of_key: bool = False) -> tuple[int, int]:
        """Return where the value (or its key) at ``key`` stands, or its nearest enclosing node's position."""
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


class _Builder:
    """Turn a composed node tree into plain dicts, lists and strings, recording positions."""

    def __init__(self, path: str, text: str):
        self.doc = Document(path, None)
        self.text = text
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, key: Key = ()) -> object:
        if id(node) in self.seen:
            raise SourceError([self._alias_problem()])
        self.seen.add(id(node))
        self.doc.values[key] = _mark(node)
        if len(key) > MAX_DEPTH:
            raise SourceError([self.doc.problem(key, f"nested more than {MAX_DEPTH} levels deep")])
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:null" and not node.value:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, key + (index,)) for index, child in enumerate(node.value)]
        mapping: dict[str, object] = {}
        problems = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(self.doc.path, *_mark(key_node), "a key must be plain text"))
                continue
            name = key_node.value
            if name in mapping:
                first = self.doc.keys[key + (name,)]
                problems.append(Problem(self.doc.path, *_mark(key_node),
                                        f"duplicate key '{name}' (first defined at line {first[0]})"))
                continue
            self.doc.keys[key + (name,)] = _mark(key_node)
            mapping[name] = self.build(value_node, key + (name,))
        if problems:
            raise SourceError(problems)
        return mapping

    def _alias_problem(self) -> Problem:
        for event in yaml.parse(self.text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return Problem(self.doc.path, *_mark(event),
                               f"YAML aliases are not supported (*{event.anchor}); write the text out, "
                               "or share it through a story")
        return Problem(self.doc.path, 1, 1, "YAML aliases are not supported")


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError([Problem(path, 1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise SourceError([Problem(path, line, column, f"invalid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]) from None


def _check_flow_depth(path: str, text: str) -> None:
    if text.count("[") + text.count("{") < _BRACKET_SCAN_THRESHOLD:
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH + 1:
                raise SourceError([Problem(path, *_mark(event), f"nested more than {MAX_DEPTH} levels deep")])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def parse(path: str, text: str) -> Document:
    """Parse one YAML document from ``text``; ``path`` is only used in messages."""
    try:
        _check_flow_depth(path, text)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        if "\t" in message or "tab" in message.lower() or (mark and _tab_at(text, mark)):
            message = "tab character where YAML expects spaces for indentation"
        raise SourceError([Problem(path, *_mark(mark), f"YAML syntax error: {message}")]) from None
    except yaml.YAMLError as error:  # errors without a position, e.g. a second document
        raise SourceError([Problem(path, 1, 1, f"YAML error: {error}")]) from None
    if root is None:
        raise SourceError([Problem(path, 1, 1, "file is empty; expected a story or a walkthrough")])
    builder = _Builder(path, text)
    builder.doc.data = builder.build(root)
    if not isinstance(builder.doc.data, dict):
        kind = "list" if isinstance(builder.doc.data, list) else "single value"
        raise SourceError([Problem(path, *_mark(root), f"expected a mapping with 'story:' or 'walkthrough:' at the top, found a {kind}")])
    return builder.doc


def _tab_at(text: str, mark) -> bool:
    lines = text.splitlines()
    return mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


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
        else:
            problems.append(Problem(os.fspath(source), 1, 1, "no such file or directory"))
    if problems:
        raise SourceError(problems)
    if not found:
        raise SourceError([Problem(os.fspath(s), 1, 1, "no .yaml source files here") for s in sources])
    return list(dict.fromkeys(found))
