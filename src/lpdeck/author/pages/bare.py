"""The bare layout: one text per line, no markers, in a fixed order.

Title; summary; a coaching and a common-mistake line for each of the five STAR steps; follow-up probes as line triples
(weak answer, why it is weak, strong answer); the weak answer's critique as "- " lines; the quiz explanations; angles as
triples (lead, emphasize, downplay); and the SDE1 and Senior level lines. How many quiz lines and angles there are is
not marked: it is the split whose emphasize/downplay lines are short phrases and whose quiz lines are explanations.
"""

from __future__ import annotations

from ...sources.principles import STEPS
from .page import (
    TITLE_SUFFIX,
    Line,
    Page,
    PageAngle,
    PageLevel,
    PageProbe,
    PageQuiz,
    PageStep,
    PageWeakAnswer,
    unplaced,
    unquote,
)

SHORT = 16  # an emphasize or downplay line is a phrase of at most this many words
LONG = 17  # a quiz explanation is at least this long
LEVELS = ("SDE1", "Senior")


def _words(line: Line) -> int:
    return len(line.text.split())


def _split_score(tail: list[Line], quizzes: int) -> int:
    """How well a split of the tail into quiz lines, angle triples and level lines fits the layout."""
    score = sum(_words(line) >= LONG for line in tail[:quizzes])
    angles = tail[quizzes:len(tail) - len(LEVELS)]
    for start in range(0, len(angles), 3):
        score += (_words(angles[start + 1]) <= SHORT) + (_words(angles[start + 2]) <= SHORT)
        score -= _words(angles[start]) <= 4  # a lead is a sentence, not a label
    return score


def _tail_split(path: str, tail: list[Line]) -> int:
    """The number of quiz lines at the start of the tail."""
    room = len(tail) - len(LEVELS)
    choices = [q for q in range(0, room + 1) if (room - q) % 3 == 0]
    if not choices:
        raise unplaced(path, tail[0] if tail else Line(0, 1, ""), "after the critique lines the bare layout needs the "
                       "quiz explanations, angle triples and the two level lines")
    return max(choices, key=lambda q: (_split_score(tail, q), -q))


def parse_bare(path: str, lines: list[Line]) -> Page:
    """Read a page in the bare layout; raise SourceError naming the first line it cannot place."""
    if not lines or not (TITLE_SUFFIX.search(lines[0].text) or lines[0].text.endswith("?")):
        raise unplaced(path, lines[0] if lines else Line(1, 1, ""),
                       "a page starts with its title ('<question> - Amazon LP STAR Walkthrough')")
    page = Page(path, TITLE_SUFFIX.sub("", lines[0].text).strip())
    if len(lines) < 12 or _words(lines[1]) < 12:
        raise unplaced(path, lines[min(1, len(lines) - 1)], "the bare layout has a summary paragraph after the title, "
                       "then a coaching and a mistake line for each STAR step")
    page.summary = lines[1].text
    for index, step in enumerate(STEPS):
        coaching, mistake = lines[2 + 2 * index], lines[3 + 2 * index]
        page.steps.append(PageStep(step, coaching=[coaching.text], mistakes=[unquote(mistake.text)]))
    rest = lines[12:]
    first_dash = next((i for i, line in enumerate(rest) if line.text.startswith("- ")), None)
    if first_dash is None:
        raise unplaced(path, rest[0] if rest else lines[-1], "expected the weak answer's critique as '- ' lines "
                       "after the probe triples")
    probes, after = rest[:first_dash], rest[first_dash:]
    if len(probes) % 3:
        raise unplaced(path, probes[len(probes) - len(probes) % 3], "probes come as three lines (weak answer, why "
                       "it is weak, strong answer); this one is incomplete")
    for start in range(0, len(probes), 3):
        weak, why, strong = probes[start:start + 3]
        page.probes.append(PageProbe(unquote(weak.text), why.text, unquote(strong.text)))
    critique = []
    while after and after[0].text.startswith("- "):
        critique.append(after.pop(0).text[2:].strip())
    page.weak_answers.append(PageWeakAnswer(critique))
    quizzes = _tail_split(path, after)
    page.quiz = [PageQuiz(line.text) for line in after[:quizzes]]
    angles = after[quizzes:len(after) - len(LEVELS)]
    for start in range(0, len(angles), 3):
        lead, emphasize, downplay = (line.text for line in angles[start:start + 3])
        page.angles.append(PageAngle(lead, emphasize, downplay))
    last = after[len(after) - len(LEVELS):]
    page.levels = [PageLevel(level, focus=line.text) for level, line in zip(LEVELS, last, strict=False)]
    return page
