"""The marked layout: ⏱ targets, S/T/A/R/💭 step letters, 💡/⚠️ boxes, ❌/✅ probes, 🧠 quiz, angle and level blocks."""

from __future__ import annotations

import re
from collections.abc import Callable

from ...errors import Problem
from ...sources.placeholders import placeholder
from ...sources.principles import LEADERSHIP_PRINCIPLES
from .page import (
    BULLET,
    TITLE_SUFFIX,
    Line,
    Page,
    PageAngle,
    PageLevel,
    PageProbe,
    PageQuiz,
    PageStep,
    PageWeakAnswer,
    overview_parts,
    unplaced,
    unquote,
)
from .principle import heading_principle

TARGET = re.compile(r"^⏱\s*Target:\s*(\d+)\s*s$")
LETTERS = {"S": "situation", "T": "task", "A": "action", "R": "result", "💭": "reflection"}
PHRASES = re.compile(r'^(?:"[^"]+")+$')
BOX = re.compile(r"^(SDE ?[123]|SDE ?I{1,3}|Senior) Reflection$", re.I)
LEVEL = re.compile(r"^(SDE ?[123]|SDE ?I{1,3}|Senior SDE|Senior|Principal)$", re.I)
CHROME = re.compile(r"^(Choose your preparation mode.*|Scenario Overview|🎬|Amazon Leadership Principles)$")
PRINCIPLES = {name.casefold(): name for name in LEADERSHIP_PRINCIPLES}
MARKERS = {"Strong Example", "💡 Coaching", "⚠️ Common Mistake", "❌ Weak", "✅ Strong", "Weak Answer", "🧠",
           "✅ Emphasize", "⬇ Downplay", "👤", "🏆", "Common Mistakes"}


def is_marked(lines: list[Line]) -> bool:
    """Whether a page is in the marked layout: it has step targets or the layout's box headings."""
    return any(TARGET.match(line.text) or line.text in ("💡 Coaching", "❌ Weak", "Strong Example") for line in lines)


def level_name(text: str) -> str:
    """The schema's level for a page's heading: "SDE 1" -> SDE1, "Senior SDE" -> Senior."""
    key = text.replace(" ", "").upper()
    return {"SDE1": "SDE1", "SDEI": "SDE1", "SDE2": "SDE2", "SDEII": "SDE2"}.get(key, "Senior")


def _is_marker(line: Line) -> bool:
    text = line.text
    return bool(text in MARKERS or TARGET.match(text) or text in LETTERS or BOX.match(text) or LEVEL.match(text)
                or text.casefold() in PRINCIPLES or text.startswith(("Probes:", "Bar Raiser Thinks", "• ")))


class MarkedParser:
    """Reads a marked page line by line; every line is placed or named in an error."""

    def __init__(self, path: str, lines: list[Line]):
        self.path, self.lines, self.at = path, lines, 0
        self.page = Page(path, "", source=lines)

    def peek(self, offset: int = 0) -> Line | None:
        index = self.at + offset
        return self.lines[index] if index < len(self.lines) else None

    def take(self) -> Line:
        line = self.lines[self.at]
        self.at += 1
        return line

    def texts(self) -> list[str]:
        """The text lines up to the next marker (or a heading known by what follows it)."""
        found = []
        while (line := self.peek()) and not _is_marker(line) and not self._probe_question() \
                and not self._angle_heading():
            found.append(self.take().text)
        return found

    def _probe_question(self) -> bool:
        """A probe's question: the line before its "Probes:" line, or before "❌ Weak" on a page without one."""
        following = self.peek(1)
        return bool(self.peek() and following and (following.text.startswith("Probes:") or following.text == "❌ Weak"))

    def _angle_heading(self) -> bool:
        """An angle's heading: a principle's name, or any line whose next but one is "✅ Emphasize"."""
        line, lead, after = self.peek(), self.peek(1), self.peek(2)
        if line is None:
            return False
        if line.text.casefold() in PRINCIPLES:
            return True
        return bool(lead and after and after.text == "✅ Emphasize" and not _is_marker(line) and not _is_marker(lead))

    def parse(self) -> Page:
        self._title()
        handlers: list[tuple[Callable[[Line], bool], Callable[[], None]]] = [
            (lambda line: bool(CHROME.match(line.text)), self.take_chrome),
            (lambda line: bool(TARGET.match(line.text)), self.step),
            (lambda line: line.text in ("👤", "🏆") or bool(BOX.match(line.text)), self.reflection_box),
            (lambda line: self._probe_question(), self.probe),
            (lambda line: line.text == "Weak Answer", self.weak_answer),
            (lambda line: line.text == "🧠", self.quiz),
            (lambda line: self._angle_heading(), self.angle),
            (lambda line: bool(LEVEL.match(line.text)), self.level),
            (lambda line: line.text == "Common Mistakes", self.common_mistakes),
        ]
        while (line := self.peek()) is not None:
            handler = next((run for test, run in handlers if test(line)), None)
            if handler is None and not self.page.steps and not _is_marker(line):
                self.overview()
            elif handler is None:
                raise unplaced(self.path, line, "no section of the marked layout starts with it here")
            else:
                handler()
        return self.page

    def _title(self) -> None:
        for index, line in enumerate(self.lines):
            if TITLE_SUFFIX.search(line.text):
                self.page.question = TITLE_SUFFIX.sub("", line.text).strip()
                self.at = index + 1  # what comes before the title is the site's navigation
                return
        raise unplaced(self.path, self.lines[0], "expected a title line ending in ' - Amazon LP STAR Walkthrough'")

    def take_chrome(self) -> None:
        self.take()

    def overview(self) -> None:
        self.page.telling, self.page.summary = overview_parts(self.texts())

    def expect(self, text: str) -> bool:
        if (line := self.peek()) is not None and line.text == text:
            self.take()
            return True
        return False

    def step(self) -> None:
        target_line = self.take()
        letter = self.peek()
        if letter is None or letter.text not in LETTERS:
            raise unplaced(self.path, letter or target_line, "expected a step letter (S, T, A, R or 💭) after ⏱ Target")
        self.take()
        step = PageStep(LETTERS[letter.text], target=TARGET.match(target_line.text).group(1) + "s")  # type: ignore[union-attr]
        if self.expect("Strong Example"):
            example = self.texts()
            if example and PHRASES.match(example[-1]):
                step.phrases = re.findall(r'"([^"]+)"', example.pop())
            step.example = "\n\n".join(example) or None
        if self.expect("💡 Coaching"):
            step.coaching = self.texts()
        if self.expect("⚠️ Common Mistake"):
            step.mistakes = self.texts()
        self.page.steps.append(step)

    def reflection_box(self) -> None:
        if self.peek() is not None and self.peek().text in ("👤", "🏆"):  # type: ignore[union-attr]
            self.take()
        heading = self.take()
        match = BOX.match(heading.text)
        if not match:
            raise unplaced(self.path, heading, "expected 'SDE2 Reflection' or 'Senior Reflection' after the box icon")
        text = " ".join(self.texts())
        self.page.levels.append(PageLevel(level_name(match.group(1)), reflection=text or None))

    def probe(self) -> None:
        question = self.take().text
        probes = None
        if (line := self.peek()) is not None and line.text.startswith("Probes:"):
            probes = self.take().text.removeprefix("Probes:").strip() or None
        if not self.expect("❌ Weak"):
            raise unplaced(self.path, self.peek() or self.lines[-1],
                           "expected '❌ Weak' after the probe's question and its 'Probes:' line")
        weak = self.texts()
        if not self.expect("✅ Strong") or len(weak) < 2:
            raise unplaced(self.path, self.peek() or self.lines[-1],
                           "expected the weak answer, why it is weak, then '✅ Strong'")
        strong = self.texts()
        key_phrase = unquote(strong.pop()) if len(strong) > 1 else None
        self.page.probes.append(PageProbe(unquote(weak[0]), " ".join(weak[1:]), " ".join(map(unquote, strong)),
                                          question=question, probes=probes, key_phrase=key_phrase))

    def weak_answer(self) -> None:
        """The weak answer, its critique as a list ("• ", "- " or numbered items) and the bar raiser's verdict."""
        self.take()
        found = self.texts()  # stops at "• " items only: other marks are read from what it found
        while (line := self.peek()) and BULLET.match(line.text):
            found.append(self.take().text)
        first = next((i for i, text in enumerate(found) if BULLET.match(text)), len(found))
        critique: list[str] = []
        for text in found[first:]:  # a line without a mark goes on the item before it
            if BULLET.match(text) or not critique:
                critique.append(BULLET.sub("", text).strip())
            else:
                critique[-1] = f"{critique[-1]} {text}"
        verdict = None
        if (line := self.peek()) and line.text.startswith("Bar Raiser Thinks"):
            verdict = self.take().text.removeprefix("Bar Raiser Thinks").strip() or None
        answer = " ".join(found[:first]) or None
        self.page.weak_answers.append(PageWeakAnswer(critique, answer=answer, verdict=verdict))

    def quiz(self) -> None:
        brain = self.take()
        found = self.texts()
        if not found:
            raise unplaced(self.path, self.peek() or self.lines[-1], "expected the quiz question after 🧠")
        if len(found) == 1 and found[0].endswith("?"):  # a question the page gives no explanation for
            found.append(placeholder("why the answer is right"))
        question, explanation = (found[0], " ".join(found[1:])) if len(found) > 1 else (None, found[0])
        self.page.quiz.append(PageQuiz(explanation, question=question, line=brain.number))

    def angle(self) -> None:
        heading = self.take()
        lp = heading_principle(heading.text)
        if lp is None:
            self.page.warnings.append(Problem(self.path, heading.number, heading.column, (
                f"warning: the angle heading {heading.text!r} names no Leadership Principle lpdeck knows; its lp is a "
                "TODO: to fill in")))
        lead = " ".join(self.texts())
        emphasize = " ".join(self.texts()) if self.expect("✅ Emphasize") else ""
        downplay = " ".join(self.texts()) if self.expect("⬇ Downplay") else ""
        self.page.angles.append(PageAngle(lead, emphasize, downplay, lp=lp, line=heading.number))

    def level(self) -> None:
        """A level block: its focus, then "Reflection: ...", "Bar ..." and the length, a paragraph that goes on after
        one of them (a reflection in two paragraphs) belonging to it."""
        level = PageLevel(level_name(self.take().text))
        current = "focus"
        for line in self.texts():
            text = line
            if line.startswith("Reflection:"):
                current, text = "reflection", line.removeprefix("Reflection:").strip()
            elif re.match(r"^Bar\b", line):
                current, text = "bar", re.sub(r"^Bar\s*:?\s*", "", line)
            elif re.search(r"\bminutes?\b", line) and len(line.split()) <= 8:
                current = "length"
            before = getattr(level, current)
            setattr(level, current, f"{before} {text}" if before else text)
        self.page.levels.append(level)

    def common_mistakes(self) -> None:
        self.take()
        while (line := self.peek()) and BULLET.match(line.text):
            self.page.mistakes.append(BULLET.sub("", self.take().text).strip())


def parse_marked(path: str, lines: list[Line]) -> Page:
    page = MarkedParser(path, lines).parse()
    if page.summary:
        page.summary = page.summary.strip()
    return page

