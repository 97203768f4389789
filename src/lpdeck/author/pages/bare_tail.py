"""The end of a bare page: quiz explanations, then angles (lead, emphasize, downplay), then one line per level.

No marker says how many of each there are. Every count that adds up to the number of lines is a possible reading; each
line is scored for the role a reading gives it (an angle's lead is an instruction, what to emphasize or downplay is a
phrase, a quiz explanation is a statement about an answer), so a line that could be either is settled by the lines
around it. When the best reading does not clearly beat the next one, the import warns at the first line they read
differently, and the items made from such lines carry a TODO: to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import Problem
from .page import Line, Page, PageAngle, PageLevel, PageQuiz, unplaced
from .shapes import explanation, instruction, length

LEVELS = {2: ("SDE1", "Senior"), 3: ("SDE1", "SDE2", "Senior"), 0: ()}
UNUSUAL = 2.0  # the site's pages have two level lines: a reading with three, or none, must fit clearly better
MARGIN = 2.5  # a best reading ahead of the next by less than this is a doubt the author settles


@dataclass(frozen=True)
class Reading:
    quizzes: int
    angles: int
    levels: int
    score: float

    def roles(self) -> list[str]:
        return ["quiz"] * self.quizzes + ["lead", "emphasize", "downplay"] * self.angles + ["level"] * self.levels

    def told(self) -> str:
        counts = _count(self.quizzes, "quiz explanation"), _count(self.angles, "angle")
        return f"{counts[0]}, {counts[1]} and {_count(self.levels, 'level line')}"


def _count(number: int, thing: str) -> str:
    return f"{number or 'no'} {thing}{'' if number == 1 else 's'}"


def _fits(line: Line) -> dict[str, float]:
    """How well a line fits each role."""
    told, explains, long = instruction(line.text), explanation(line.text), length(line.text)
    phrase = 0.5 * (1 - explains) - 0.5 * long - 3 * told
    return {"quiz": 0.5 * explains + 0.5 * long - 3 * told, "lead": 3 * told - 1.5, "emphasize": phrase,
            "downplay": phrase, "level": 1.5 * told - 0.5}


def readings(tail: list[Line]) -> list[Reading]:
    """Every reading of the tail the counts allow, best first."""
    fits = [_fits(line) for line in tail]
    found = []
    for levels in LEVELS:
        room = len(tail) - levels
        for angles in range(max(room, -1) // 3 + 1):
            roles = Reading(room - 3 * angles, angles, levels, 0.0).roles()
            score = sum(fit[role] for fit, role in zip(fits, roles, strict=True)) - UNUSUAL * (levels != 2)
            found.append(Reading(room - 3 * angles, angles, levels, score))
    return sorted(found, key=lambda r: (-r.score, r.levels, r.quizzes))


def read_tail(path: str, page: Page, tail: list[Line]) -> None:
    """Place the tail's lines in ``page`` by the best reading; warn where the next best is close."""
    found = readings(tail)
    if not found:
        raise unplaced(path, tail[0] if tail else page.source[-1], "after the critique lines the bare layout needs the "
                       "quiz explanations, the angle triples and a line for each level (SDE1, Senior)")
    best = found[0]
    close = [other for other in found[1:] if best.score - other.score < MARGIN]
    doubtful = {i for other in close for i, (a, b) in enumerate(zip(best.roles(), other.roles(), strict=True))
                if a != b}
    if doubtful:
        first = tail[min(doubtful)]
        page.warnings.append(Problem(path, first.number, first.column, (
            f"warning: cannot tell for sure how the page's last {len(tail)} lines divide: read as {best.told()}, "
            f"though {close[0].told()} is almost as likely; confirm the TODO: placeholders of what lines "
            f"{tail[min(doubtful)].number}-{tail[max(doubtful)].number} became")))
    _place(path, page, tail, best, doubtful)


def _place(path: str, page: Page, tail: list[Line], reading: Reading, doubtful: set[int]) -> None:
    def unsure(start: int, count: int, what: str) -> str | None:
        if not doubtful & set(range(start, start + count)):
            return None
        return f"confirm {what} ({path}:{tail[start].number})"

    for index in range(reading.quizzes):
        line = tail[index]
        page.quiz.append(PageQuiz(line.text, line=line.number,
                                  unsure=unsure(index, 1, "this line is a quiz explanation")))
    for start in range(reading.quizzes, reading.quizzes + 3 * reading.angles, 3):
        lead, emphasize, downplay = tail[start:start + 3]
        page.angles.append(PageAngle(lead.text, emphasize.text, downplay.text, line=lead.number,
                                     unsure=unsure(start, 3, "these three lines are an angle")))
    first = len(tail) - reading.levels
    for offset, level in enumerate(LEVELS[reading.levels]):
        note = unsure(first + offset, 1, f"this line is the {level} level")
        page.levels.append(PageLevel(level, focus=tail[first + offset].text, unsure=note))
