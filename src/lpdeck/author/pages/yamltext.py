"""Write sources as YAML a person can edit and `lpdeck check` accepts: every value loads back as the same string."""

from __future__ import annotations

import json
import re

WIDTH = 110
_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
_PLAIN_TRAPS = re.compile(r": |\s#|:$|^- |^\? |^: ")
_WRAP = 100  # folded lines are cut near this column, at single spaces only, so folding gives the text back


def _plain(text: str) -> bool:
    return bool(_PLAIN_START.match(text)) and not _PLAIN_TRAPS.search(text) and text == text.strip() and \
        "\n" not in text and "\t" not in text and text.isprintable()


def _foldable(text: str) -> bool:
    """A long one-line text that a folded block scalar (>-) gives back exactly."""
    return (text == text.strip() and "\n" not in text and "\t" not in text and "  " not in text
            and text.isprintable() and not text.startswith(("#", " ")))


def _fold(text: str, indent: str) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(indent) + len(current) + 1 + len(word) > _WRAP:
            lines.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, indent + current]


def scalar(text: str, column: int, indent: str) -> list[str]:
    """The lines of a string value that starts at ``column``; continuation lines use ``indent``."""
    if _plain(text) and column + len(text) <= WIDTH:
        return [text]
    if _foldable(text) and len(text) > 40:
        return [">-", *_fold(text, indent)]
    return [json.dumps(text, ensure_ascii=False)]  # a JSON string is a YAML double-quoted scalar


def _key(key: str) -> str:
    return key if re.fullmatch(r"[a-z_][a-z0-9_]*", key) else json.dumps(key)


def _mapping(data: dict[str, object], indent: str, first_prefix: str | None = None) -> list[str]:
    out = []
    for index, (key, value) in enumerate(data.items()):
        lead = first_prefix if first_prefix is not None and index == 0 else indent
        out += _entry(lead + _key(key) + ":", value, indent)
    return out


def _entry(head: str, value: object, indent: str) -> list[str]:
    inner = indent + "  "
    if isinstance(value, str):
        first, *rest = scalar(value, len(head) + 1, inner)
        return [f"{head} {first}", *rest]
    if isinstance(value, dict):
        return [head, *_mapping(value, inner)] if value else [f"{head} {{}}"]
    if isinstance(value, list):
        if not value:
            return [f"{head} []"]
        return [head, *[line for item in value for line in _item(item, inner)]]
    raise TypeError(f"cannot write {type(value).__name__}")


def _item(value: object, indent: str) -> list[str]:
    if isinstance(value, dict):
        return _mapping(value, indent + "  ", first_prefix=indent + "- ")
    if isinstance(value, str):
        first, *rest = scalar(value, len(indent) + 2, indent + "  ")
        return [f"{indent}- {first}", *rest]
    raise TypeError(f"cannot write {type(value).__name__} in a list")


def dump(data: dict[str, object], schema: str, sections: tuple[str, ...] = ()) -> str:
    """The text of a source file: the editor's schema line, then the keys in order; a blank line before sections."""
    lines = [f"# yaml-language-server: $schema={schema}"]
    for key, value in data.items():
        if key in sections:
            lines.append("")
        lines += _entry(_key(key) + ":", value, "")
    return "\n".join(lines) + "\n"
