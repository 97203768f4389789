"""The source format: what a story, walkthrough or questions file may contain.

Pydantic v2 models, strict: unknown keys are errors, every text must be non-empty, and as the loader hands every YAML
scalar over as the exact string the author wrote, no YAML coercion (``no`` -> False, ``1.10`` -> 1.1) reaches a card.
The same models give ``lpdeck schema`` its JSON Schema; a build of valid sources reads them with ``records.read``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictStr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from . import records
from .messages import did_you_mean, normal_name, quoted, suggest
from .placeholders import MARKER, is_placeholder
from .principles import LEADERSHIP_PRINCIPLES, LEVELS, STEPS
from .records import LEVEL_TEXTS, answer_problem

ID_PATTERN = f"^{records.ID.pattern}$"
TARGET_PATTERN = f"^{records.TARGET.pattern}$"


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


def _known(choices: tuple[str, ...], what: str, aliases: dict[str, str] | None = None) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in choices and not is_placeholder(value):
            near = (aliases or {}).get(normal_name(value)) or suggest(value, choices)
            raise ValueError(f"unknown {what} {quoted(value)}; {did_you_mean(near, choices)}")
        return value

    return check


# In the JSON Schema (for editors), "\\S" stands for "not empty or blank".
_TEXT_JSON = {"type": "string", "pattern": "\\S"}
Text = Annotated[StrictStr, AfterValidator(_non_empty), WithJsonSchema(_TEXT_JSON)]


def _not_none(value: object) -> object:
    # An optional text may be left out, but a key written with nothing after it is a mistake, not "no text".
    if value is None:
        raise ValueError("must not be empty")
    return value


OptionalText = Annotated[Text | None, BeforeValidator(_not_none), WithJsonSchema(_TEXT_JSON)]
Title = Annotated[
    StrictStr,
    AfterValidator(_non_empty),
    AfterValidator(_one_line),
    WithJsonSchema({"type": "string", "pattern": "^\\s*\\S(?:[^\\n]*\\S)?\\s*$", "not": {"pattern": "::"}}),
]
Id = Annotated[StrictStr, Field(pattern=ID_PATTERN)]
TextList = Annotated[
    list[Text],
    BeforeValidator(_as_list),
    Field(min_length=1),
    WithJsonSchema({"anyOf": [_TEXT_JSON, {"type": "array", "items": _TEXT_JSON, "minItems": 1}]}),
]
# A placeholder ("TODO: ...") may stand for a principle or a target time until the author knows it.
_PLACEHOLDER_JSON = {"type": "string", "pattern": f"^\\s*{MARKER}"}
Principle = Annotated[
    StrictStr,
    AfterValidator(_known(LEADERSHIP_PRINCIPLES, "Leadership Principle")),
    WithJsonSchema({"anyOf": [{"enum": list(LEADERSHIP_PRINCIPLES)}, _PLACEHOLDER_JSON]}),
]
# Other names for the levels, to suggest the right spelling (Amazon's SDE I/II/III are L4/L5/L6).
LEVEL_ALIASES = {"sdei": "SDE1", "sdeii": "SDE2", "sdeiii": "Senior", "sde3": "Senior", "seniorsde": "Senior",
                 "l4": "SDE1", "l5": "SDE2", "l6": "Senior"}
Level = Annotated[StrictStr, AfterValidator(_known(LEVELS, "level", LEVEL_ALIASES)),
                  WithJsonSchema({"enum": list(LEVELS)})]
StepName = Annotated[StrictStr, AfterValidator(_known(STEPS, "STAR step")), WithJsonSchema({"enum": list(STEPS)})]
Target = Annotated[StrictStr, Field(pattern=f"^(?:{TARGET_PATTERN[1:-1]}|\\s*{MARKER}.*)$"),
                   WithJsonSchema({"anyOf": [{"type": "string", "pattern": TARGET_PATTERN}, _PLACEHOLDER_JSON]})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(Strict):
    id: Id = Field(description="Stable id of the note this item becomes; never change it once users have imported.")


class Step(Item):
    """One STAR step of a story, drilled against its target time."""

    step: StepName = Field(description="Which STAR step: situation, task, action, result or reflection.")
    target: Target = Field(description="Target speaking time, e.g. 30s.")
    example: OptionalText = Field(default=None, description="The strong example, as you would say it.")
    # At most nine: a step's key-phrases note once made a card a phrase, and a note's cards take the nine ids after
    # its own (see lock.ID_STEP); its cards of earlier releases may still be in a collection.
    phrases: list[Text] = Field(default_factory=list, max_length=9,
                                description="Key phrases (at most 9): highlighted in the example, blanked together on "
                                            "the step's key-phrases card unless grammar gives them away.")
    coaching: TextList = Field(description="How to tell this step well: one text or a list.")
    mistakes: TextList = Field(description="Common mistakes at this step.")


class Phrase(Item):
    """A weak phrasing and the strong one that replaces it."""

    weak: Text = Field(description="The weak phrasing.")
    strong: Text = Field(description="The strong phrasing that replaces it.")
    why: OptionalText = Field(default=None, description="Why the strong one works.")


class Probe(Item):
    """A follow-up question an interviewer asks, with a weak and a strong answer."""

    question: Text = Field(description="The follow-up question.")
    probes: OptionalText = Field(default=None, description="What the interviewer is probing for.")
    weak: Text = Field(description="A weak answer.")
    weak_why: Text = Field(description="Why the weak answer fails.")
    strong: Text = Field(description="A strong answer.")
    key_phrase: OptionalText = Field(default=None, description="The phrase to remember.")


class WeakAnswer(Item):
    """A weak full answer to spot the flaws in."""

    answer: Text = Field(description="The weak answer, in full.")
    critique: TextList = Field(description="What is wrong with it: one text or a list.")
    verdict: OptionalText = Field(default=None, description="What the bar raiser thinks.")


class Quiz(Item):
    """A multiple-choice question; ``answer`` names the correct option keys."""

    question: Text = Field(description="The question.")
    options: Annotated[
        dict[Annotated[StrictStr, Field(pattern=r"^[a-z]$")], Text],
        WithJsonSchema({"type": "object", "propertyNames": {"pattern": "^[a-z]$"}, "additionalProperties": _TEXT_JSON,
                        "minProperties": 2, "maxProperties": 8}),
    ] = Field(min_length=2, max_length=8, description="The choices, keyed by one lowercase letter: a, b, c, ...")
    answer: Annotated[list[StrictStr], BeforeValidator(_as_list), Field(min_length=1),
                      WithJsonSchema({"anyOf": [{"type": "string"},
                                                {"type": "array", "items": {"type": "string"}, "minItems": 1}]})
                      ] = Field(description="The key of the correct option, or a list of keys: a, or [a, c].")
    explanation: Text = Field(description="Why the answer is right.")

    @field_validator("answer")
    @classmethod
    def _answer_among_options(cls, answer: list[str], info: ValidationInfo) -> list[str]:
        options = info.data.get("options")
        problem = None if options is None else answer_problem(answer, options)
        if problem:
            raise ValueError(problem)
        return answer


class Angle(Item):
    """How to tell the story when the interviewer is after one principle."""

    lp: Principle = Field(description="The Leadership Principle the interviewer is after.")
    lead: Text = Field(description="What to lead with.")
    emphasize: Text = Field(description="What to stress.")
    downplay: Text = Field(description="What to say less about.")


class LevelNote(Item):
    """How the bar differs at one level."""

    model_config = ConfigDict(json_schema_extra={
        "anyOf": [{"required": [key]} for key in ("focus", "reflection", "bar", "length")]})

    level: Level = Field(description="The level: SDE1, SDE2 or Senior.")
    focus: OptionalText = Field(default=None, description="What interviewers focus on at this level.")
    reflection: OptionalText = Field(default=None, description="The reflection expected at this level.")
    bar: OptionalText = Field(default=None, description="What clears the bar at this level.")
    length: OptionalText = Field(default=None, description="How long the answer should take at this level.")

    @model_validator(mode="after")
    def _has_content(self) -> LevelNote:
        if not any(getattr(self, text) for text in LEVEL_TEXTS):
            raise ValueError(f"a level needs at least one of {', '.join(LEVEL_TEXTS)}")
        return self


class Story(Strict):
    """A story told in STAR steps, with everything that holds whichever question it answers."""

    story: Id = Field(description=("The story's id (lowercase-with-hyphens); walkthroughs name it in 'story:'. Never "
                                   "change it."))
    title: Title = Field(description="The story's name, shown on its cards and in its deck name.")
    overview: OptionalText = Field(default=None, description="The story at a glance, in a few sentences.")
    takeaways: list[Text] = Field(default_factory=list, description="What makes the story land, in a few words each.")
    steps: list[Step] = Field(min_length=1, description="The STAR steps, in order.")
    phrases: list[Phrase] = Field(default_factory=list, description="Weak phrasings and their strong ones.")
    probes: list[Probe] = Field(default_factory=list, description="Follow-ups any walkthrough of this story may meet.")
    weak_answers: list[WeakAnswer] = Field(default_factory=list, description="Weak tellings to spot the flaws in.")
    angles: list[Angle] = Field(default_factory=list, description="How to tell it for each principle it can answer.")
    levels: list[LevelNote] = Field(default_factory=list, description="How the telling changes by level.")


class Walkthrough(Strict):
    """One interview question answered with a story."""

    walkthrough: Id = Field(description=("The walkthrough's id (lowercase-with-hyphens), also its deck's file name. "
                                         "Never change it."))
    title: Title = Field(description="Short name, used as the deck name.")
    question: Text = Field(description="The interview question.")
    lp: Principle = Field(description="The Leadership Principle the question tests.")
    story: Id = Field(description="The id of the story this walkthrough tells.")
    overview: OptionalText = Field(default=None, description=("What this question changes in the telling (the "
                                                              "story's own overview is in the story)."))
    takeaways: list[Text] = Field(default_factory=list, description="Takeaways that hold for this question only.")
    probes: list[Probe] = Field(default_factory=list, description="Follow-up questions for this question only.")
    weak_answers: list[WeakAnswer] = Field(default_factory=list, description="Weak answers to this question only.")
    quiz: list[Quiz] = Field(default_factory=list, description="Multiple-choice questions.")
    mistakes: list[Text] = Field(default_factory=list,
                                 description="Common mistakes in answering this question (the story's steps hold "
                                             "the mistakes of each step).")
    angles: list[Angle] = Field(default_factory=list, description="Angles for this question only (shared: the story).")
    levels: list[LevelNote] = Field(default_factory=list,
                                    description="Level notes for this question only (shared ones belong in the story).")


class Question(Item):
    """An interview question: the principle it tests, and what the interviewer listens for."""

    question: Text = Field(description="The question, worded as an interviewer asks it.")
    lp: Principle = Field(description="The Leadership Principle it tests.")
    listen_for: Text = Field(description="What the interviewer listens for: what your answer's first sentence says.")


class Questions(Strict):
    """Interview questions you have not studied: each a 'Which story' card for a principle your stories serve."""

    questions: list[Question] = Field(min_length=1, description="The questions, each with its principle.")


ONLY_IN = {Story: records.ONLY_IN[records.Story], Walkthrough: records.ONLY_IN[records.Walkthrough]}


def to_record(model: BaseModel) -> Any:
    """The record (records.py) of a validated model: the same values, the items' models made records too."""
    kind = getattr(records, type(model).__name__)
    return kind(**{name: _record_value(getattr(model, name)) for name in type(model).model_fields})


def _record_value(value: object) -> object:
    if isinstance(value, list):
        return [_record_value(entry) for entry in value]
    return to_record(value) if isinstance(value, BaseModel) else value


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a source file (a story, a walkthrough or questions)."""
    from pydantic.json_schema import models_json_schema

    # Draft 7: the version the YAML language server (VS Code, Neovim, JetBrains...) fully supports.
    _, defs = models_json_schema([(Story, "validation"), (Walkthrough, "validation"), (Questions, "validation")],
                                 ref_template="#/definitions/{model}")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://lpdeck.invalid/lpdeck.schema.json",
        "title": "lpdeck source file",
        "description": ("A story (STAR steps shared by walkthroughs), a walkthrough (an interview question answered "
                        "with a story) or questions (asked of the bank: which story do you tell?)."),
        "oneOf": [{"$ref": f"#/definitions/{kind}"} for kind in ("Story", "Walkthrough", "Questions")],
        "definitions": defs["$defs"],
    }


def schema_text() -> str:
    """The JSON Schema's text, as `lpdeck schema` prints it and a workspace keeps it (schema/lpdeck.schema.json)."""
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
