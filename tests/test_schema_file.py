"""Editor support: the committed JSON Schema is `lpdeck schema`'s, every deck names it, and it agrees with lpdeck."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import run_cli
from lpdeck.sources.load import load_file, parse
from sources import STORY, WALKTHROUGH

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO / "schema" / "lpdeck.schema.json"
DECK_FILES = sorted((REPO / "decks").rglob("*.yaml"))
CORPUS = Path(__file__).resolve().parent / "bad_inputs"
MODELINE = "# yaml-language-server: $schema="


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_the_committed_schema_is_what_lpdeck_schema_prints():
    result = run_cli("schema")
    assert result.exit_code == 0
    assert SCHEMA_FILE.read_text(encoding="utf-8") == result.stdout, "run: lpdeck schema -o schema/lpdeck.schema.json"


def test_lpdeck_schema_writes_the_same_file(tmp_path):
    result = run_cli("schema", "-o", str(tmp_path / "s.json"))
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "s.json").read_bytes() == SCHEMA_FILE.read_bytes()


def test_the_schema_is_draft_7_which_editors_support():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)


@pytest.mark.parametrize("path", DECK_FILES, ids=[p.relative_to(REPO).as_posix() for p in DECK_FILES])
def test_every_deck_file_starts_with_the_modeline_to_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    target = first[len(MODELINE):]
    assert not target.startswith("/") and "\\" not in target  # relative, so it works in any clone
    assert (path.parent / target).resolve() == SCHEMA_FILE


@pytest.mark.parametrize("path", DECK_FILES, ids=[p.relative_to(REPO).as_posix() for p in DECK_FILES])
def test_every_deck_file_validates_against_the_schema(path, validator):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load_file(path).data)]
    assert errors == []


def test_the_test_sources_validate_too(validator):
    for text in (STORY, WALKTHROUGH):
        assert list(validator.iter_errors(parse("x.yaml", text).data)) == []


# Corpus cases whose mistake the schema can express: an editor flags them while the author types.
FLAGGED_BY_EDITORS = [
    "blank-text", "empty-list-entries", "empty-text-nothing", "empty-text-quoted", "id-is-a-comment",
    "id-with-invalid-characters", "id-with-space", "item-given-text", "level-without-content", "list-given-a-mapping",
    "list-given-text", "misspelt-kind-key", "missing-key", "missing-key-in-item", "missing-keys",
    "options-given-a-list", "quiz-empty-answer", "quiz-empty-option", "quiz-one-option", "quiz-option-key-not-a-letter",
    "quiz-without-answer", "story-key-in-walkthrough", "target-not-seconds", "text-given-a-list",
    "text-given-a-mapping", "text-is-a-comment", "title-on-two-lines", "title-with-subdeck-separator",
    "unknown-key", "unknown-key-capitalised", "unknown-key-hyphen-for-underscore", "unknown-key-in-item",
    "unknown-key-in-story-step", "unknown-key-no-suggestion", "unknown-level", "unknown-level-no-suggestion",
    "unknown-level-other-name", "unknown-lp-in-angle", "unknown-lp-lowercase", "unknown-lp-no-suggestion",
    "unknown-lp-short-name", "unknown-lp-typo", "unknown-star-step",
]


@pytest.mark.parametrize("case", FLAGGED_BY_EDITORS)
def test_an_editor_flags_the_mistake_too(case, validator):
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8")
    culprit = expected.split(":", 1)[0]
    documents = {path.name: parse(path.name, path.read_text(encoding="utf-8")).data
                 for path in (CORPUS / case).glob("*.yaml")}
    assert not validator.is_valid(documents[culprit])
    others = [name for name in documents if name != culprit and name not in expected]
    assert all(validator.is_valid(documents[name]) for name in others)


def test_the_schema_describes_every_key_for_hover_help():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    undescribed = [f"{name}.{key}" for name, definition in schema["definitions"].items()
                   for key, spec in definition["properties"].items() if not spec.get("description")]
    assert undescribed == []

