"""records.read, the check without pydantic, accepts only what the schema's models accept, with the same values."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from dataclasses import MISSING, fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lpdeck.sources import records, schema
from lpdeck.sources.load import parse
from sources import STORY, WALKTHROUGH, write_sources

REPO = Path(__file__).resolve().parent.parent
MODELS = {getattr(records, name): getattr(schema, name) for name in
          ("Step", "Phrase", "Probe", "WeakAnswer", "Quiz", "Angle", "LevelNote", "Story", "Walkthrough", "Question",
           "Questions")}
# record fields whose type name says what schema.py writes as a constraint on the field: (annotation, constraint)
CONSTRAINED = {("Step", "phrases"): ("list[Text]", "max_length=9"), ("Story", "steps"): ("list[Step]", "min_length=1"),
               ("Quiz", "options"): ("Annotated[", "min_length=2"), ("Quiz", "answer"): ("Annotated[", "min_length=1"),
               ("Questions", "questions"): ("list[Question]", "min_length=1")}


@pytest.mark.parametrize("record", MODELS, ids=lambda kind: kind.__name__)
def test_each_record_has_the_fields_of_its_model_with_the_same_types_and_defaults(record):
    model = MODELS[record]
    assert [f.name for f in fields(record)] == list(model.model_fields)
    for f in fields(record):
        info, annotation = model.model_fields[f.name], model.__annotations__.get(f.name) or "Id"  # Item's id
        assert (f.default is MISSING and f.default_factory is MISSING) == info.is_required(), f.name
        if not info.is_required():
            default = f.default_factory() if f.default is MISSING else f.default  # type: ignore[misc]
            assert default == info.get_default(call_default_factory=True), f.name
        if (record.__name__, f.name) in CONSTRAINED:
            written, constraint = CONSTRAINED[record.__name__, f.name]
            assert annotation.startswith(written) and constraint in repr(info), (f.name, annotation, info)
        else:
            assert str(f.type) == annotation, f.name


def _data(text: str) -> dict:
    return parse("source.yaml", text).data


COMMON = REPO / "src" / "lpdeck" / "sources" / "common_questions.yaml"
SOURCES = [_data(STORY), _data(WALKTHROUGH), _data(COMMON.read_text(encoding="utf-8")),
           *(_data(path.read_text(encoding="utf-8")) for path in sorted((REPO / "decks").rglob("*.yaml")))]


def _kind(data: dict) -> type[records.Story] | type[records.Walkthrough] | type[records.Questions]:
    if "questions" in data:
        return records.Questions
    return records.Walkthrough if "walkthrough" in data else records.Story


def test_the_sample_sources_are_read_without_pydantic_as_the_schema_reads_them():
    for data in SOURCES:
        kind = _kind(data)
        assert records.read(kind, data) == schema.to_record(MODELS[kind].model_validate(data))


# What an author writes wrong (or oddly) in a value: empty, blank, a list or mapping, a placeholder, a comment-like
# text, near-miss ids, targets, principles, levels and option keys
VALUES = st.sampled_from([
    None, "", " ", "\t", "\u3000", "\x1c", "x", "TODO: later", "  TODO: x", "\x1cTODO: x", "TODO: a\nb", "a\nb",
    "a::b", "Ownership", "Dive Deep", "ownership", "SDE1", "sde1", "Senior", "task", "Task", "30s", "0s", "30s\n",
    "4s", "5s", "600s", "601s",
    "30", "ok-id", "Bad_Id", "x-", "a", "b", "z", "A", [], ["x"], [""], [None], ["a", "a"], ["a", "b"], {}, {"a": "x"},
    {"a": "x", "b": "y"}, {"A": "x", "b": "y"}, {"a": "", "b": "y"}, [{"id": "x"}], ["x"] * 10, "#1 wins",
])


@st.composite
def _edited_source(draw: st.DrawFn) -> dict:
    """A valid source with a few keys removed, added or given another value, at the top or in an item."""
    data = copy.deepcopy(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 3))):
        target = data
        lists = [key for key, value in data.items() if isinstance(value, list) and value and isinstance(value[0], dict)]
        if lists and draw(st.booleans()):
            target = draw(st.sampled_from(data[draw(st.sampled_from(lists))]))
            if isinstance(target.get("options"), dict) and draw(st.booleans()):
                target = target["options"]
        key = draw(st.sampled_from([*target, "extra", "id", "options", "answer", "focus", "phrases"]))
        if draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(draw(VALUES))  # never the strategy's own list or mapping
    return data


@settings(max_examples=int(os.environ.get("LPDECK_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_edited_source())
@example({**SOURCES[0], "steps": [{**SOURCES[0]["steps"][0], "target": "\x1cTODO: x"}]})
@example({**SOURCES[1], "levels": [{"id": "x", "level": "SDE1"}]})
@example({**SOURCES[1], "quiz": [{**SOURCES[1]["quiz"][0], "answer": ["b", "b"]}]})
def test_what_read_accepts_the_schema_accepts_with_the_same_values(data):
    kind = _kind(data)
    read = records.read(kind, data)
    try:
        validated = schema.to_record(MODELS[kind].model_validate(data))
    except ValidationError:
        assert read is None  # unsure, so the schema decides (and explains)
        return
    assert read is None or read == validated


# One edit per rule of the format: (source, section or None, key, value)
EDITS = [
    (0, None, "title", "a::b"), (0, None, "title", "a\nb"), (0, None, "title", " "), (0, None, "story", "Bad_Id"),
    (0, None, "story", "ok-id\n"), (0, None, "steps", []), (0, None, "overview", None), (0, None, "takeaways", "x"),
    (0, "steps", "phrases", ["x"] * 10), (0, "steps", "phrases", ["x"] * 9), (0, "steps", "target", "30s\n"),
    (0, "steps", "target", "30sx"), (0, "steps", "target", "  TODO: x"), (0, "steps", "target", "\x1cTODO: x"),
    (0, "steps", "target", "0s"), (0, "steps", "target", "4s"), (0, "steps", "target", "5s"),
    (0, "steps", "target", "600s"), (0, "steps", "target", "601s"), (0, "steps", "target", "1000s"),
    (0, "steps", "target", "100000000000000000000000s"), (0, "steps", "step", "Task"), (0, "steps", "step", "TODO: which"),
    (0, "steps", "coaching", "one text"), (0, "steps", "coaching", []), (0, "steps", "mistakes", [" "]),
    (0, "steps", "example", None), (0, "phrases", "why", ""), (0, "phrases", "extra", "x"),
    (1, None, "lp", "ownership"), (1, None, "lp", "TODO: pick"), (1, None, "mistakes", "x"), (1, None, "quiz", {}),
    (1, "quiz", "options", {"a": "x"}), (1, "quiz", "options", dict.fromkeys("abcdefghi", "x")),
    (1, "quiz", "options", {"A": "x", "b": "y"}), (1, "quiz", "options", {"a": " ", "b": "y"}),
    (1, "quiz", "answer", "a"), (1, "quiz", "answer", "d"), (1, "quiz", "answer", ["b", "b"]),
    (1, "quiz", "answer", []), (1, "quiz", "answer", [""]), (1, "quiz", "answer", ["TODO: which"]),
    (1, "levels", "level", "sde1"), (1, "levels", "focus", None), (1, "angles", "lp", "Dive deep"),
    (1, "probes", "probes", "\u3000"), (1, "weak_answers", "critique", []),
    (2, None, "questions", []), (2, None, "questions", "x"), (2, "questions", "lp", "ownership"),
    (2, "questions", "lp", "TODO: pick"), (2, "questions", "listen_for", " "), (2, "questions", "id", "Bad_Id"),
    (2, "questions", "question", None), (2, "questions", "extra", "x"),
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: f"{edit[1] or 'top'}.{edit[2]}={edit[3]!r}"[:60])
def test_each_rule_of_the_format_is_read_as_the_schema_reads_it(edit):
    index, section, key, value = edit
    data = copy.deepcopy(SOURCES[index])
    (data[section][0] if section else data)[key] = value
    kind = _kind(data)
    read = records.read(kind, data)
    try:
        validated = schema.to_record(MODELS[kind].model_validate(data))
    except ValidationError:
        assert read is None
    else:
        assert read == validated or (read is None and (section, key, value) == ("steps", "target", "\x1cTODO: x"))


def test_a_build_of_valid_sources_imports_neither_pydantic_nor_asyncio(tmp_path):
    folder = write_sources(tmp_path / "decks")
    code = ("import sys; from pathlib import Path; from lpdeck.build import build; "
            "from lpdeck.sources.workspace import resolve; "
            f"build(resolve([Path({str(folder)!r})], out_dir=Path({str(tmp_path / 'dist')!r}))); "
            "print(sorted(name for name in ('pydantic', 'asyncio') if name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "dist" / "all.apkg").is_file()


@pytest.mark.parametrize(("target", "valid"), [("4s", False), ("5s", True), ("600s", True), ("601s", False),
                                               ("100000000000000000000000s", False)])
def test_a_target_is_5s_to_600s_for_the_records_and_the_schema_alike(target, valid):
    data = copy.deepcopy(SOURCES[0])
    data["steps"][0]["target"] = target
    read = records.read(records.Story, data)
    try:
        schema.to_record(MODELS[records.Story].model_validate(data))
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == valid and (read is not None) == valid


def test_the_target_pattern_takes_exactly_the_seconds_between_its_bounds():
    taken = [n for n in range(0, 2000) if records.TARGET.fullmatch(f"{n}s")]
    assert taken == list(range(records.SHORTEST_TARGET, records.LONGEST_TARGET + 1))
    assert not records.TARGET.fullmatch("05s") and not records.TARGET.fullmatch("600")
