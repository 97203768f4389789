"""What a walkthrough page says, whichever layout it came in: the importer's one model of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import Problem, SourceError


@dataclass
class PageStep:
    step: str
    target: str | None = None
    example: str | None = None
    phrases: list[str] = field(default_factory=list)
    coaching: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)


@dataclass
class PageProbe:
    weak: str
    weak_why: str
    strong: str
    question: str | None = None
    probes: str | None = None
    key_phrase: str | None = None


@dataclass
class PageWeakAnswer:
    critique: list[str]
    answer: str | None = None
    verdict: str | None = None


@dataclass
class PageQuiz:
    explanation: str
    question: str | None = None
    line: int = 0  # where the page has it, for what the import says about it
    unsure: str | None = None  # what the author should confirm, when the page's layout leaves a doubt


@dataclass
class PageAngle:
    lead: str
    emphasize: str
    downplay: str
    lp: str | None = None
    line: int = 0
    unsure: str | None = None


@dataclass
class PageLevel:
    level: str
    focus: str | None = None
    reflection: str | None = None
    bar: str | None = None
    length: str | None = None
    unsure: str | None = None


@dataclass
class Page:
    """Everything one page says, in the page's words."""

    path: str
    question: str
    lp: str | None = None  # the principle the page names (or a placeholder to confirm one), found once it is read
    summary: str | None = None  # the page's "in this scenario ..." paragraph
    telling: str | None = None  # the story told in the first person, when the page has it apart from its steps
    steps: list[PageStep] = field(default_factory=list)
    probes: list[PageProbe] = field(default_factory=list)
    weak_answers: list[PageWeakAnswer] = field(default_factory=list)
    quiz: list[PageQuiz] = field(default_factory=list)
    angles: list[PageAngle] = field(default_factory=list)
    levels: list[PageLevel] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    source: list[Line] = field(default_factory=list)  # the page's lines, to say where it names something
    warnings: list[Problem] = field(default_factory=list)  # what the import could not tell for sure


@dataclass(frozen=True)
class Line:
    """One non-blank line of a page, stripped, with its 1-based number and the column its text starts at."""

    number: int
    column: int
    text: str


def page_lines(text: str) -> list[Line]:
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped:
            lines.append(Line(number, len(raw) - len(raw.lstrip()) + 1, stripped))
    return lines


def unplaced(path: str, line: Line, why: str) -> SourceError:
    """The error for a line no layout can place."""
    shown = line.text if len(line.text) <= 60 else line.text[:59] + "…"
    return SourceError([Problem(path, line.number, line.column,
                                f"cannot place this line of the page ({shown!r}): {why}")])


BULLET = re.compile(r"^(?:[-•*▪‣]|\d{1,2}[.)])\s+")  # a list item's mark: "- ", "• ", "1. ", "2) "
TITLE_SUFFIX = re.compile(r"\s+-\s+[^-]*STAR Walkthrough\s*$", re.I)


def unquote(text: str) -> str:
    """A text without the quotes the page wraps a spoken answer in."""
    if len(text) >= 2 and text[0] in "\"“" and text[-1] in "\"”" and '"' not in text[1:-1]:
        return text[1:-1].strip()
    return text


def overview_parts(paragraphs: list[str]) -> tuple[str | None, str | None]:
    """The story told in the first person (if the page has it) and the summary (the last paragraph, with a "Key
    takeaways" paragraph of its own joined to it), from the paragraphs before the steps."""
    parts = list(paragraphs)
    if len(parts) > 1 and re.match(r"Key takeaways\b", parts[-1], re.I):
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    if not parts:
        return None, None
    return "\n\n".join(parts[:-1]) or None, parts[-1]


def takeaways_split(summary: str) -> tuple[str, list[str]]:
    """Split a summary into its body and the takeaways it lists after "Key takeaways ..."."""
    match = re.search(r"\s*Key takeaways(?: include| are)?\s*:?\s*", summary, re.I)
    if not match:
        return summary, []
    body, tail = summary[:match.start()].strip(), summary[match.end():].strip()
    return body or summary, list_items(tail)


_NUMBERED = re.compile(r"(?:^|(?<=\s))\(?\d{1,2}[.)]\s+")
_BULLET = re.compile(r"(?:^|\s)[•·▪‣]\s+")
_CONTRAST = re.compile(r"^(?:not|but|rather than|instead of|never)\b", re.I)


def list_items(text: str) -> list[str]:
    """The items of a list run into one sentence, split where the page separates them.

    Numbered items or bullets first, then semicolons; only a list without either is split at its commas, and a comma
    part that contrasts ("..., not by automating them") stays with the item before it.
    """
    text = text.strip().rstrip(".").strip()
    for marker in (_NUMBERED, _BULLET):
        parts = marker.split(text)
        if len(parts) > 2 and not parts[0].strip():
            return _cleaned(parts[1:])
    if ";" in text:
        return _cleaned(text.split(";"))
    items: list[str] = []
    for part in re.split(r",\s+", text):
        if items and _CONTRAST.match(part.strip()):
            items[-1] = f"{items[-1]}, {part.strip()}"
        else:
            items.append(part)
    return _cleaned(items)


def _cleaned(parts: list[str]) -> list[str]:
    stripped = (re.sub(r"(?:,\s*|\s+)(?:and|or)$", "", part.strip().rstrip(";,.").strip()) for part in parts)
    items = [re.sub(r"^(?:and|or)\s+", "", item) for item in stripped]
    return [item for item in items if item]
