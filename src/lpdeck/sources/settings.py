"""The workspace's settings: ``lpdeck.yaml`` at its root, a small YAML file its owner edits by hand.

It is read with the sources' own loader, so a mistake in it is reported as one in a source is, at its line and column;
an unknown key is an error with the likely spelling, never silently ignored. Today it holds one setting, ``level``:
the level its owner interviews at.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, SourceError
from .load import parse_any
from .messages import describe, did_you_mean, quoted, quoted_list, suggest
from .principles import EVERY_LEVEL, LEVELS

SETTINGS_NAME = "lpdeck.yaml"
KEYS = ("level",)


@dataclass(frozen=True)
class Settings:
    """What the workspace's settings file says (no file: every default)."""

    level: str | None = None  # a canonical name of LEVELS, or None: every level


# What the levels are also called, for the hint only (spelling "SDE3" nearest to "SDE1" would mislead)
_ALSO_CALLED = {"sdei": "SDE1", "sdeii": "SDE2", "sde3": "Senior", "sdeiii": "Senior", "seniorsde": "Senior"}


def level_named(text: str) -> str | None:
    """The canonical name of the level ``text`` names in any case ("sde2" -> "SDE2"); None for EVERY_LEVEL.

    Raises ValueError, with the names to choose from, for anything else.
    """
    folded = text.strip().casefold()
    if folded == EVERY_LEVEL:
        return None
    for level in LEVELS:
        if level.casefold() == folded:
            return level
    near = _ALSO_CALLED.get("".join(folded.split())) or suggest(text, (*LEVELS, EVERY_LEVEL))
    hint = (f"did you mean '{near}'?" if near else
            f"expected one of {quoted_list(LEVELS)} (in any case), or '{EVERY_LEVEL}' for every level")
    raise ValueError(f"unknown level {quoted(text)}; {hint}")


def read_settings(path: Path) -> Settings:
    """The settings in ``path`` (none there: the defaults); a mistake in it raises SourceError at its position."""
    name = os.fspath(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise SourceError([Problem(name, 1, 1, f"cannot read the settings: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError([Problem(name, 1, 1, "invalid UTF-8; save the settings as UTF-8")]) from None
    document, data = parse_any(name, text)
    if data is None:  # empty, or only comments
        return Settings()
    if not isinstance(data, dict):
        raise SourceError([document.problem((), f"expected settings as `key: value` lines, like `level: SDE2`; "
                                                f"found {describe(data)}")])
    problems = [document.problem((key,), f"unknown setting {quoted(key)}; {did_you_mean(suggest(key, KEYS), KEYS)}",
                                 of_key=True) for key in data if key not in KEYS]
    level = None
    value = data.get("level")
    if isinstance(value, str):
        try:
            level = level_named(value)
        except ValueError as error:
            problems.append(document.problem(("level",), str(error)))
    elif value is not None:
        problems.append(document.problem(("level",), f"expected one level ({quoted_list(LEVELS)} or "
                                                     f"'{EVERY_LEVEL}'), found {describe(value)}"))
    if problems:
        raise SourceError(problems)
    return Settings(level=level)


def settings_text(level: str | None) -> str:
    """The settings file ``lpdeck init`` writes: the level (None: the line commented out, every level), explained."""
    line = f"level: {level}" if level else "# level: SDE2"
    return ("# lpdeck's settings for this workspace (docs/settings.md); edit them by hand.\n"
            "#\n"
            f"# level: the level you interview at: {', '.join(LEVELS)} (any case), or {EVERY_LEVEL}. With a level, "
            "the Level cards\n"
            "# are for that level only, Tell it counts down from its length first, and `lpdeck check` warns when a\n"
            "# story's steps take longer; without one, every level. `--level` overrides it for one command.\n"
            f"{line}\n")
