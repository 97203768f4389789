"""Each story's speaking time per step at the written coach's pace, for ``lpdeck stats``."""

from __future__ import annotations

from ..sources.placeholders import is_placeholder
from ..sources.records import Step, Story
from .measure import PACE, speaking_seconds
from .rules import TOLERANCE


def _seconds(step: Step, pace: float) -> float | None:
    return speaking_seconds(step.example, pace) if step.example and not is_placeholder(step.example) else None


def _step(step: Step, pace: float) -> str:
    said = _seconds(step, pace)
    target = None if is_placeholder(step.target) else int(step.target.removesuffix("s"))
    shown = f"{step.step} {'–' if said is None else f'{said:.0f}s'}/{step.target if target else '?'}"
    return shown + (" (over)" if said is not None and target and said > target * (1 + TOLERANCE) else "")


def speaking_time_lines(stories: dict[str, Story], pace: float = PACE) -> list[str]:
    """For each story: its examples' speaking time at ``pace`` against its targets, in all and step by step."""
    lines = [f"Speaking time at {pace:g} words a minute: each step's example / its target (over: by more than "
             f"{TOLERANCE:.0%})"]
    for number, (ident, story) in enumerate(stories.items(), 1):
        said = sum(filter(None, (_seconds(step, pace) for step in story.steps)))
        targets = [int(s.target.removesuffix("s")) for s in story.steps if not is_placeholder(s.target)]
        lines.append(f"{number:>2} {ident}: {_clock(said)} of {_clock(sum(targets))}")
        lines += _wrapped([_step(step, pace) for step in story.steps])
    return lines


def _wrapped(items: list[str], indent: str = "     ", width: int = 100) -> list[str]:
    """The items joined by " · " in lines of ``width``, never splitting one."""
    lines = [indent]
    for item in items:
        joined = f"{lines[-1]} · {item}" if lines[-1].strip() else lines[-1] + item
        lines[-1:] = [joined] if len(joined) <= width or not lines[-1].strip() else [lines[-1] + " ·", indent + item]
    return lines


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
