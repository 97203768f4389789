"""Helpers for one-line messages about the author's text: quoting it, describing a value, suggesting a spelling."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def quoted(text: str, limit: int = 60) -> str:
    """Quote a bit of the author's text for a one-line message: control characters escaped, long text cut short."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return f"'{text}'"


def quoted_list(choices: Iterable[str]) -> str:
    return ", ".join(f"'{choice}'" for choice in choices)


def describe(value: object) -> str:
    """Name what the author wrote where something else was expected: nothing, a mapping, a list, or the text."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quoted(str(value))


def did_you_mean(near: str | None, choices: Iterable[str], *, quote: bool = True) -> str:
    """The hint after "unknown ...": the likely spelling if there is one, else every choice (quoted, or as names)."""
    if near:
        return f"did you mean '{near}'?"
    return f"expected one of: {quoted_list(choices) if quote else ', '.join(choices)}"


def normal_name(text: str) -> str:
    """The letters and digits of ``text``, case-folded: how names are compared for a suggestion."""
    return "".join(filter(str.isalnum, text.casefold()))


def _edits(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one edit (optimal string alignment)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


# A name more than 4x longer than every choice is no misspelling of one (not even by difflib's 0.6 likeness); the
# slack keeps short choices ("lp") comparable with a few stray characters.
_SLACK = 10


def suggest(name: str, choices: Sequence[str]) -> str | None:
    """Return the choice that ``name`` most likely misspells, or None.

    Case, spaces and punctuation are ignored ("bias for action", "weak-why"); then the fewest edits win, within a third
    of the word's length (at least one, so "lx" still finds "lp"); then difflib's looser likeness.
    The work is bounded whatever the input (a pasted megabyte is no misspelling): a name much longer than every choice
    gets no suggestion, and a choice whose length differs by more than the edits allowed is not compared.
    """
    longest = max((len(choice) for choice in choices), default=0)
    if len(name) > 4 * longest + _SLACK:
        return None
    target = normal_name(name)
    if not target:
        return None
    best, fewest = None, None
    for choice in choices:
        normal = normal_name(choice)
        allowed = max(1, len(normal) // 3)
        if abs(len(target) - len(normal)) > allowed:
            continue  # at least that many insertions or deletions: more edits than allowed
        edits = _edits(target, normal)
        if edits <= allowed and (fewest is None or edits < fewest):
            best, fewest = choice, edits
    if best is not None:
        return best
    normals = {normal_name(choice): choice for choice in choices}
    near = difflib.get_close_matches(target, list(normals), n=1, cutoff=0.6)
    return normals[near[0]] if near else None


def one_line(error: BaseException, limit: int = 200) -> str:
    """An error's text on one line, cut to ``limit`` characters."""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def os_error_line(error: OSError) -> str:
    """The machine's problem (permissions, a full disk) as lpdeck says it: the file, then what went wrong."""
    where = f"{error.filename}: " if error.filename else ""
    return f"lpdeck: {where}{error.strerror or one_line(error)}"


def count(number: int, one: str, many: str | None = None) -> str:
    """``number`` and the noun, plural unless it is one: "1 package", "3 stories"."""
    return f"{number} {one if number == 1 else many or one + 's'}"
