"""The bare layout: one text per line, no markers, in a fixed order.

Title; the summary (after the story told in the first person, on pages that have it); a coaching and a common-mistake
line for each of the five STAR steps; follow-up probes as line triples (weak answer in quotes, why it is weak, strong
answer); the weak answer's critique as "- " lines; then the quiz explanations, the angles as triples (lead, emphasize,
downplay) and a line for each level, which bare_tail.py tells apart.
"""

from __future__ import annotations

import re

from ...sources.principles import STEPS
from .bare_tail import read_tail
from .page import (
    BULLET,
    TITLE_SUFFIX,
    Line,
    Page,
    PageProbe,
    PageStep,
    PageWeakAnswer,
    overview_parts,
    unplaced,
    unquote,
)

STEP_LINES = 2 * len(STEPS)
SUMMARY = 40  # a line this long after the title is the summary paragraph, not a step's coaching


def _words(line: Line) -> int:
    return len(line.text.split())


def _quoted(line: Line) -> bool:
    return line.text[:1] in "\"“" and line.text[-1:] in "\"”"


def _summary_like(line: Line) -> bool:
    return _words(line) >= SUMMARY or bool(re.search(r"\bKey takeaways\b|^In this\b", line.text, re.I))


def parse_bare(path: str, lines: list[Line]) -> Page:
    """Read a page in the bare layout; raise SourceError naming the first line it cannot place."""
    if not lines or not (TITLE_SUFFIX.search(lines[0].text) or lines[0].text.endswith("?")):
        raise unplaced(path, lines[0] if lines else Line(1, 1, ""),
                       "a page starts with its title ('<question> - Amazon LP STAR Walkthrough')")
    page = Page(path, TITLE_SUFFIX.sub("", lines[0].text).strip(), source=lines)
    critique = next((i for i, line in enumerate(lines) if i > 1 and BULLET.match(line.text)), None)
    overview = _overview_lines(path, lines, critique) if len(lines) >= 1 + STEP_LINES else 0
    if len(lines) < 1 + overview + STEP_LINES:  # the title, the overview, then every step's two lines
        raise unplaced(path, lines[-1], "the bare layout has a summary paragraph after the title, then a coaching "
                       "and a mistake line for each STAR step")
    end = critique if critique is not None else _probes_end(lines, 1 + overview + STEP_LINES)
    _overview(page, lines[1:1 + overview])
    for index, step in enumerate(STEPS):
        coaching, mistake = lines[1 + overview + 2 * index:3 + overview + 2 * index]
        page.steps.append(PageStep(step, coaching=[coaching.text], mistakes=[unquote(mistake.text)]))
    for start in range(1 + overview + STEP_LINES, end, 3):
        weak, why, strong = lines[start:start + 3]
        page.probes.append(PageProbe(unquote(weak.text), why.text, unquote(strong.text)))
    rest = lines[end:]
    bullets = []
    while rest and BULLET.match(rest[0].text):
        bullets.append(BULLET.sub("", rest.pop(0).text).strip())
    if bullets:
        page.weak_answers.append(PageWeakAnswer(bullets))
    read_tail(path, page, rest)
    return page


def _overview_lines(path: str, lines: list[Line], critique: int | None) -> int:
    """How many paragraphs come before the steps (the summary, after the story told in the first person if the page
    has it): the count that leaves the probes whole triples, if the lines agree."""
    if critique is None:  # no count to go by: the lines' shapes say
        if _summary_like(lines[2]) and not _quoted(lines[1]) and _words(lines[1]) >= 12:
            return 2
        first_probe = lines[1 + STEP_LINES] if len(lines) > 1 + STEP_LINES else None
        no_summary = not _summary_like(lines[1]) and (first_probe is None or _quoted(first_probe))
        return 0 if no_summary else 1
    if critique - 1 < STEP_LINES:
        raise unplaced(path, lines[critique], "the critique lines come after a coaching and a mistake line for each "
                       "STAR step and the probes")
    count = (critique - 1 - STEP_LINES) % 3
    probes_start = 1 + count + STEP_LINES
    weak_quoted = probes_start >= critique or _quoted(lines[probes_start])
    agrees = {0: not _summary_like(lines[1]), 1: True, 2: _summary_like(lines[2]) and _words(lines[1]) >= 12}[count]
    if not agrees or (count != 1 and not weak_quoted):
        incomplete = lines[critique - (critique - 2 - STEP_LINES) % 3]
        raise unplaced(path, incomplete, "probes come as three lines (weak answer, why it is weak, strong answer); "
                       "this one is incomplete")
    return count


def _probes_end(lines: list[Line], start: int) -> int:
    """Without critique lines, the probes end where the triples stop starting with a quoted weak answer."""
    end = start
    while end + 3 <= len(lines) and _quoted(lines[end]) and not _quoted(lines[end + 1]):
        end += 3
    return end


def _overview(page: Page, paragraphs: list[Line]) -> None:
    page.telling, page.summary = overview_parts([line.text for line in paragraphs])
