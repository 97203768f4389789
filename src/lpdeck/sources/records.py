"""Valid stories, walkthroughs and questions as the later stages read them: plain frozen records, one class a kind.

``read`` makes them straight from a file's data when the data surely meets the source format, with no pydantic (its
import and its models cost a small build more than the build itself). Every field is checked by the name of its type,
as the model of the same name in ``schema.py`` checks it (a test holds the two field for field); when a check is
unsure ``read`` gives None, and the schema's models validate the data and explain every problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from .messages import quoted
from .placeholders import is_placeholder
from .principles import LEADERSHIP_PRINCIPLES, LEVELS, STEPS

COMBINED = "all"  # the combined deck's name (dist/all.apkg), so no walkthrough may have it as its id
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the whole id: lowercase-with-hyphens
# The whole target: seconds, 5s to 600s (10 minutes). A step said in less than 5 seconds is no step, one over 10
# minutes no interview answer; and every countdown then fits the cards' m:ss.
SHORTEST_TARGET, LONGEST_TARGET = 5, 600
TARGET = re.compile(r"(?:[5-9]|[1-9][0-9]|[1-5][0-9][0-9]|600)s")
LEVEL_TEXTS = ("focus", "reflection", "bar", "length")

# The types of the fields, by the names schema.py gives them (these checks are theirs: see _CHECKS)
Id = str
Text = str
OptionalText = str | None
Title = str
TextList = list[str]
KeyPhrases = list[str]  # at most 9
Principle = str
Level = str
StepName = str
Target = str
Options = dict[str, str]  # 2 to 8 options, keyed a, b, c...
Answers = list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    id: Id


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Item):
    step: StepName
    target: Target
    example: OptionalText = None
    phrases: KeyPhrases = field(default_factory=list)
    coaching: TextList
    mistakes: TextList


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrase(Item):
    weak: Text
    strong: Text
    why: OptionalText = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Probe(Item):
    question: Text
    probes: OptionalText = None
    weak: Text
    weak_why: Text
    strong: Text
    key_phrase: OptionalText = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WeakAnswer(Item):
    answer: Text
    critique: TextList
    verdict: OptionalText = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quiz(Item):
    question: Text
    options: Options
    answer: Answers
    explanation: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Angle(Item):
    lp: Principle
    lead: Text
    emphasize: Text
    downplay: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelNote(Item):
    level: Level
    focus: OptionalText = None
    reflection: OptionalText = None
    bar: OptionalText = None
    length: OptionalText = None


Steps = list[Step]  # at least one


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    story: Id
    title: Title
    overview: OptionalText = None
    takeaways: list[Text] = field(default_factory=list)
    steps: Steps
    phrases: list[Phrase] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    weak_answers: list[WeakAnswer] = field(default_factory=list)
    angles: list[Angle] = field(default_factory=list)
    levels: list[LevelNote] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Walkthrough:
    walkthrough: Id
    title: Title
    question: Text
    lp: Principle
    story: Id
    overview: OptionalText = None
    takeaways: list[Text] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    weak_answers: list[WeakAnswer] = field(default_factory=list)
    quiz: list[Quiz] = field(default_factory=list)
    mistakes: list[Text] = field(default_factory=list)
    angles: list[Angle] = field(default_factory=list)
    levels: list[LevelNote] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Question(Item):
    question: Text
    lp: Principle
    listen_for: Text


Asked = list[Question]  # at least one


@dataclass(frozen=True, slots=True, kw_only=True)
class Questions:  # a file of interview questions: lpdeck's common ones, or a workspace's own
    questions: Asked


Source = Story | Walkthrough
SECTIONS: dict[type[Source | Questions], tuple[str, ...]] = {
    Story: ("steps", "phrases", "probes", "weak_answers", "angles", "levels"),
    Walkthrough: ("probes", "weak_answers", "quiz", "angles", "levels"),
    Questions: ("questions",),
}
FIELDS: dict[type[Source], tuple[str, ...]] = {kind: tuple(f.name for f in fields(kind))
                                               for kind in (Story, Walkthrough)}
# The top-level fields only one kind of file has: "phrases:" says a story, "quiz:" a walkthrough.
ONLY_IN: dict[type[Source], set[str]] = {Story: set(FIELDS[Story]) - set(FIELDS[Walkthrough]),
                                         Walkthrough: set(FIELDS[Walkthrough]) - set(FIELDS[Story])}


def items(source: Source | Questions) -> Iterator[tuple[str, int, Item]]:
    """Yield (section, index, item) for every item of a story, walkthrough or questions file, in file order."""
    for section in SECTIONS[type(source)]:
        for index, item in enumerate(getattr(source, section)):
            yield section, index, item


def answer_problem(answer: list[str], options: dict[str, str]) -> str | None:
    """What is wrong with a quiz's answer keys, given its options (None: nothing, or a placeholder stands for them)."""
    if any(is_placeholder(key) for key in answer):
        return None
    for key in answer:
        if key not in options:
            return f"answer {quoted(key)} is not one of the options ({', '.join(options)})"
    return "answer names an option twice" if len(set(answer)) != len(answer) else None


# --- reading data the schema surely accepts, with no pydantic ---

class _Unsure(Exception):
    """The data may not meet the format: let the schema decide and explain."""


def _text(value: object) -> str:
    if type(value) is not str or not value.strip():
        raise _Unsure
    return value


def _title(value: object) -> str:
    text = _text(value)
    if "\n" in text.strip() or "::" in text:
        raise _Unsure
    return text


def _matching(pattern: re.Pattern[str]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if type(value) is not str or not pattern.fullmatch(value):
            raise _Unsure
        return value
    return check


def _one_of(choices: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if type(value) is not str or not (value in choices or is_placeholder(value)):
            raise _Unsure
        return value
    return check


def _list_of(check: Callable[[object], Any], least: int = 0, most: int | None = None,
             one: bool = False) -> Callable[[object], list[Any]]:
    """A list whose entries pass ``check``, ``least`` to ``most`` of them (``one``: a lone text stands for a list)."""
    def check_list(value: object) -> list[Any]:
        if one and type(value) is str:
            value = [value]
        if type(value) is not list or len(value) < least or (most is not None and len(value) > most):
            raise _Unsure
        return [check(entry) for entry in value]
    return check_list


def _options(value: object) -> dict[str, str]:
    if type(value) is not dict or not 2 <= len(value) <= 8 or not all(key in _LETTERS for key in value):
        raise _Unsure
    return {key: _text(text) for key, text in value.items()}


def _answers(value: object) -> list[str]:
    answers = [value] if type(value) is str else value
    if type(answers) is not list or not answers or not all(type(key) is str for key in answers):
        raise _Unsure
    return list(answers)


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_PLACEHOLDER_TARGET = re.compile(r"[ \t]*TODO:.*")  # a target the schema's pattern surely takes for a placeholder


def _target(value: object) -> str:
    if type(value) is not str or not (TARGET.fullmatch(value) or _PLACEHOLDER_TARGET.fullmatch(value)):
        raise _Unsure
    return value


def _record(kind: type[Item]) -> Callable[[object], Item]:
    return lambda value: _read(kind, value)


_CHECKS: dict[str, Callable[[object], Any]] = {
    "Id": _matching(ID), "Text": _text, "OptionalText": _text, "Title": _title, "Target": _target,
    "TextList": _list_of(_text, 1, one=True), "list[Text]": _list_of(_text), "KeyPhrases": _list_of(_text, most=9),
    "Principle": _one_of(LEADERSHIP_PRINCIPLES), "Level": _one_of(LEVELS), "StepName": _one_of(STEPS),
    "Options": _options, "Answers": _answers, "Steps": _list_of(_record(Step), 1),
    "Asked": _list_of(_record(Question), 1),
    **{f"list[{kind.__name__}]": _list_of(_record(kind))
       for kind in (Phrase, Probe, WeakAnswer, Quiz, Angle, LevelNote)},
}
# each record's fields: the check of its type, and whether the field is required
_SPECS: dict[type, dict[str, tuple[Callable[[object], Any], bool]]] = {
    kind: {f.name: (_CHECKS[str(f.type)], f.default is MISSING and f.default_factory is MISSING) for f in fields(kind)}
    for kind in (Step, Phrase, Probe, WeakAnswer, Quiz, Angle, LevelNote, Story, Walkthrough, Question, Questions)
}


def _read(kind: type, data: object) -> Any:
    spec = _SPECS[kind]
    if type(data) is not dict or not all(key in spec for key in data):
        raise _Unsure
    values = {}
    for name, (check, required) in spec.items():
        if name in data:
            values[name] = check(data[name])
        elif required:
            raise _Unsure
    record = kind(**values)
    if isinstance(record, Quiz) and answer_problem(record.answer, record.options):
        raise _Unsure
    if isinstance(record, LevelNote) and not any(getattr(record, text) for text in LEVEL_TEXTS):
        raise _Unsure
    return record


def read(kind: type[Source | Questions], data: dict[str, object]) -> Source | Questions | None:
    """The story, walkthrough or questions in ``data`` if they surely meet the format; None to let the schema decide."""
    try:
        source: Source | Questions = _read(kind, data)
    except _Unsure:
        return None
    return source
