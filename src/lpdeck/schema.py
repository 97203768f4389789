"""The source format: what a story file and a walkthrough file may contain.

Pydantic v2 models, strict: unknown keys are errors, every text must be non-empty, and because the loader hands
every YAML scalar over as the exact string the author wrote, no YAML coercion (``no`` -> False, ``1.10`` -> 1.1) can
reach a card. The same models give ``lpdeck schema`` its JSON Schema.
"""

from __future__ import annotations

import difflib
from typing import Annotated

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictStr, ValidationInfo, WithJsonSchema,
    field_validator, model_validator,
)

from .principles import LEADERSHIP_PRINCIPLES, LEVELS, STEPS

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TARGET_PATTERN = r"^[1-9][0-9]*s$"


def _non_empty(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def _one_line(text: str) -> str:
    if "\n" in text.strip():
        raise ValueError("must be a single line")
    if "::" in text:
        raise ValueError("must not contain '::' (Anki reads it as a sub-deck)")
    return text


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _known(choices: tuple[str, ...], what: str):
    def check(value: str) -> str:
        if value not in choices:
            near = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
            hint = f"; did you mean '{near[0]}'?" if near else f"; expected one of: {', '.join(choices)}"
            raise ValueError(f"unknown {what} '{value}'{hint}")
        return value

    return check


Text = Annotated[StrictStr, AfterValidator(_non_empty)]
Title = Annotated[StrictStr, AfterValidator(_non_empty), AfterValidator(_one_line)]
Id = Annotated[StrictStr, Field(pattern=ID_PATTERN)]
TextList = Annotated[
    list[Text],
    BeforeValidator(_as_list),
    Field(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]}),
]
Principle = Annotated[
    StrictStr,
    AfterValidator(_known(LEADERSHIP_PRINCIPLES, "Leadership Principle")),
    WithJsonSchema({"enum": list(LEADERSHIP_PRINCIPLES)}),
]
Level = Annotated[StrictStr, AfterValidator(_known(LEVELS, "level")), WithJsonSchema({"enum": list(LEVELS)})]
StepName = Annotated[StrictStr, AfterValidator(_known(STEPS, "STAR step")), WithJsonSchema({"enum": list(STEPS)})]
Target = Annotated[StrictStr, Field(pattern=TARGET_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(Strict):
    id: Id = Field(description="Stable id of the note this item becomes; never change it once users have imported.")


class Step(Item):
    """One STAR step of a story, drilled against its target time."""

    step: StepName
    target: Target = Field(description="Target speaking time, e.g. 30s.")
    example: Text | None = Field(default=None, description="The strong example, as you would say it.")
    phrases: list[Text] = Field(default_factory=list, description="Key phrases, highlighted in the example.")
    coaching: TextList
    mistakes: TextList = Field(description="Common mistakes at this step.")


class Phrase(Item):
    """A weak phrasing and the strong one that replaces it."""

    weak: Text
    strong: Text
    why: Text | None = None


class Probe(Item):
    """A follow-up question an interviewer asks, with a weak and a strong answer."""

    question: Text
    probes: Text | None = Field(default=None, description="What the interviewer is probing for.")
    weak: Text
    weak_why: Text = Field(description="Why the weak answer fails.")
    strong: Text
    key_phrase: Text | None = None


class WeakAnswer(Item):
    """A weak full answer to spot the flaws in."""

    answer: Text
    critique: TextList
    verdict: Text | None = Field(default=None, description="What the bar raiser thinks.")


class Quiz(Item):
    """A multiple-choice question; ``answer`` names the correct option keys."""

    question: Text
    options: dict[Annotated[StrictStr, Field(pattern=r"^[a-z]$")], Text] = Field(min_length=2, max_length=8)
    answer: Annotated[list[StrictStr], BeforeValidator(_as_list), Field(min_length=1),
                      WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]})]
    explanation: Text

    @field_validator("answer")
    @classmethod
    def _answer_among_options(cls, answer: list[str], info: ValidationInfo) -> list[str]:
        options = info.data.get("options")
        if options is None:
            return answer
        for key in answer:
            if key not in options:
                raise ValueError(f"answer '{key}' is not one of the options ({', '.join(options)})")
        if len(set(answer)) != len(answer):
            raise ValueError("answer names an option twice")
        return answer


class Angle(Item):
    """How to tell the story when the interviewer is after one principle."""

    lp: Principle
    lead: Text = Field(description="What to lead with.")
    emphasize: Text
    downplay: Text


class LevelNote(Item):
    """How the bar differs at one level."""

    level: Level
    focus: Text | None = None
    reflection: Text | None = None
    bar: Text | None = None
    length: Text | None = None

    @model_validator(mode="after")
    def _has_content(self) -> LevelNote:
        if not (self.focus or self.reflection or self.bar or self.length):
            raise ValueError("a level needs at least one of focus, reflection, bar, length")
        return self


class Story(Strict):
    """A story told in STAR steps, shared by the walkthroughs that use it."""

    story: Id
    title: Title
    steps: list[Step] = Field(min_length=1)
    phrases: list[Phrase] = Field(default_factory=list)
    probes: list[Probe] = Field(default_factory=list)


class Walkthrough(Strict):
    """One interview question answered with a story."""

    walkthrough: Id
    title: Title = Field(description="Short name, used as the deck name.")
    question: Text
    lp: Principle
    story: Id
    overview: Text
    takeaways: list[Text] = Field(default_factory=list)
    probes: list[Probe] = Field(default_factory=list)
    weak_answers: list[WeakAnswer] = Field(default_factory=list)
    quiz: list[Quiz] = Field(default_factory=list)
    angles: list[Angle] = Field(default_factory=list)
    levels: list[LevelNote] = Field(default_factory=list)


SECTIONS = {
    Story: ("steps", "phrases", "probes"),
    Walkthrough: ("probes", "weak_answers", "quiz", "angles", "levels"),
}


def items(source: Story | Walkthrough):
    """Yield (section, index, item) for every item of a story or walkthrough, in file order."""
    for section in SECTIONS[type(source)]:
        for index, item in enumerate(getattr(source, section)):
            yield section, index, item


def json_schema() -> dict:
    """Return the JSON Schema of a source file (a story or a walkthrough)."""
    from pydantic.json_schema import models_json_schema

    _, defs = models_json_schema([(Story, "validation"), (Walkthrough, "validation")], ref_template="#/$defs/{model}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://lpdeck.invalid/lpdeck.schema.json",
        "title": "lpdeck source file",
        "description": "A story (STAR steps shared by walkthroughs) or a walkthrough (an interview question answered with a story).",
        "oneOf": [{"$ref": "#/$defs/Story"}, {"$ref": "#/$defs/Walkthrough"}],
        "$defs": defs["$defs"],
    }

