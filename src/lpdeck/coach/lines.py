"""The spoken report and the history as terminal lines (the page shows the same, from the same records)."""

from __future__ import annotations

from typing import Any

from ..cards.lengths import clock
from ..sources.principles import STEP_LABELS
from .report import HEARD_POORLY, PACE_RANGE, UNNOTICED_FILLERS, Report, pace_verdict

PACE_SOURCE = "conversational pace, Tauroza & Allison 1990; Street & Brady 1982"


def per_hundred(fillers: int, words: int) -> float:
    return round(100 * fillers / words, 1) if words else 0.0


def report_lines(report: Report) -> list[str]:
    """The report, a line a measure, then the transcript with the key phrases [in brackets]."""
    over = report.duration_s - report.target_s
    level = f"; your level's length {clock(report.level_s)}" if report.level_s else ""
    low, high = PACE_RANGE
    lines = [f"{report.walkthrough}: {report.question}",
             f"time: {clock(round(report.duration_s))} against the steps' target {clock(report.target_s)} "
             f"({'over' if over > 0 else 'under'} by {clock(round(abs(over)))}){level}",
             f"pace: {report.words_per_minute:.0f} words a minute, {pace_verdict(report.words_per_minute)} "
             f"(aim for {low}-{high}: {PACE_SOURCE})"]
    for step in report.steps:
        said = len(step.said)
        line = f"{STEP_LABELS[step.step]}: {said} of {said + len(step.missed)} key phrases said"
        if step.missed:
            line += " — missed: " + ", ".join(f'"{phrase}"' for phrase in step.missed)
        lines.append(line)
    lines += [f"order: {'the steps came in order' if report.steps_in_order else 'the steps came out of order'}",
              f'"I" {report.i_count} times, "we" {report.we_count} times',
              _numbers_line(report),
              f"fillers: {report.fillers} ({per_hundred(report.fillers, report.words)} per 100 words; about "
              f"{UNNOTICED_FILLERS:.0f} goes unnoticed)",
              *_heard_poorly(report),
              "transcript (key phrases in [brackets]):", "  " + _bracketed(report)]
    return lines


def _heard_poorly(report: Report) -> list[str]:
    if report.story_share >= HEARD_POORLY:
        return []
    return [f"heard poorly: {report.story_share:.0%} of the words heard follow your story's text (an accent the "
            "recogniser was not trained on, noise, or the story told in other words): the phrases missed, \"I\" "
            "against \"we\" and the fillers may be wrong; read the transcript"]


def _numbers_line(report: Report) -> str:
    said = ", ".join(report.numbers_said) or "none"
    if not report.numbers_said and not report.numbers_missed:
        return "the result's numbers: the result states none"
    return f"the result's numbers said: {said}" + (
        f"; missed: {', '.join(report.numbers_missed)}" if report.numbers_missed else "")


def _bracketed(report: Report) -> str:
    text, pieces, last = report.transcript, [], 0
    for start, end, kind in report.marks:
        if kind != "phrase" or start < last:
            continue
        pieces += [text[last:start], f"[{text[start:end]}]"]
        last = end
    return "".join(pieces) + text[last:]


def history_lines(records: list[dict[str, Any]]) -> list[str]:
    """Each story's rehearsals, oldest first: when, which question, time against target, phrases said, fillers."""
    if not records:
        return ["no rehearsals yet: `lpdeck rehearse` opens the page, `lpdeck rehearse --audio FILE WALKTHROUGH` "
                "reports on a recording"]
    lines: list[str] = []
    for story in dict.fromkeys(record["story"] for record in records):
        lines.append(f"{story}:")
        for record in (r for r in records if r["story"] == story):
            said = sum(len(step["said"]) for step in record["steps"])
            total = said + sum(len(step["missed"]) for step in record["steps"])
            lines.append(f"  {record['when'][:16].replace('T', ' ')}  {record['walkthrough']}  "
                         f"time {clock(round(record['duration_s']))} of {clock(record['target_s'])}  "
                         f"phrases {said}/{total}  fillers {per_hundred(record['fillers'], record['words'])} "
                         "per 100 words")
    return lines
