"""`lpdeck new`: a commented walkthrough with every section, that `lpdeck check` accepts, and never over a file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from check_counts import check_stdout
from conftest import DECKS, REPO, run_cli
from lpdeck.sources.principles import LEADERSHIP_PRINCIPLES, STEPS
from lpdeck.sources.schema import Angle, LevelNote, Probe, Quiz, Walkthrough, WeakAnswer

MODELINE = "# yaml-language-server: $schema="


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the repository's decks/ and schema/, as the current directory."""
    shutil.copytree(DECKS, tmp_path / "decks")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_writes_a_walkthrough_that_check_accepts_with_its_story(project):
    result = run_cli("new", "handled-ambiguity")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("wrote decks/handled-ambiguity.yaml (story: webhook-drops); "
                             "fill in its TODO: placeholders, then run `lpdeck check`\n")
    assert result.stderr == ""
    checked = run_cli("check", "decks/handled-ambiguity.yaml", "decks/stories/webhook-drops.yaml")
    assert (checked.exit_code, checked.stdout) == (0, check_stdout(checked.stderr, "ok: 1 walkthrough, 1 story")), \
        checked.output
    everything = run_cli("check")
    assert (everything.exit_code, everything.stdout) == (
        0, check_stdout(everything.stderr, "ok: 6 walkthroughs, 1 story")), everything.output


def test_the_scaffold_has_every_section_and_key_and_explains_them(project):
    assert run_cli("new", "handled-ambiguity", "--lp", "Dive Deep").exit_code == 0
    text = (project / "decks" / "handled-ambiguity.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert list(data) == list(Walkthrough.model_fields)
    assert (data["walkthrough"], data["title"], data["lp"], data["story"]) == (
        "handled-ambiguity", "Handled ambiguity", "Dive Deep", "webhook-drops")
    for section, model in (("probes", Probe), ("weak_answers", WeakAnswer), ("quiz", Quiz), ("angles", Angle),
                           ("levels", LevelNote)):
        assert list(data[section][0]) == list(model.model_fields), section
    lines = text.splitlines()
    for section in ("probes", "weak_answers", "quiz", "angles", "levels"):
        assert lines[lines.index(f"{section}:") - 1].startswith("# "), section  # each section is explained
    assert all(f"#   {name}" in lines for name in LEADERSHIP_PRINCIPLES)  # the 16 spellings, for copying


def test_the_scaffold_names_the_schema_for_editors(project):
    assert run_cli("new", "handled-ambiguity").exit_code == 0
    path = project / "decks" / "handled-ambiguity.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE + "../schema/lpdeck.schema.json"
    schema = json.loads((project / "schema" / "lpdeck.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_the_modeline_is_relative_to_where_the_file_goes(project):
    result = run_cli("new", "deep-one", "-o", "decks/more/deeper/deep-one.yaml")
    assert result.exit_code == 0, result.output
    first = (project / "decks/more/deeper/deep-one.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE + "../../../schema/lpdeck.schema.json"
    assert run_cli("check").exit_code == 0


def test_new_never_overwrites_a_file(project):
    path = project / "decks" / "calculated-risk.yaml"
    before = path.read_bytes()
    result = run_cli("new", "calculated-risk")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("decks/calculated-risk.yaml: already exists; lpdeck new never overwrites a file "
                             "(choose another id, or -o PATH)\n")
    assert path.read_bytes() == before
    second = run_cli("new", "fresh-one")
    assert second.exit_code == 0
    again = run_cli("new", "fresh-one")
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_new_refuses_an_id_another_file_already_has(project):
    result = run_cli("new", "calculated-risk", "-o", "decks/copy.yaml")
    assert result.exit_code == 1
    assert result.stderr == ("lpdeck new: 'calculated-risk' is already the id in decks/calculated-risk.yaml; "
                             "choose another id\n")
    assert not (project / "decks" / "copy.yaml").exists()


@pytest.mark.parametrize("args, message", [
    (["Handled Ambiguity"], "Invalid value for 'ID': 'Handled Ambiguity' must be lowercase letters, "
                            "digits and single hyphens, like 'calculated-risk'"),
    (["Bad_Id"], "Invalid value for 'ID': 'Bad_Id' must be lowercase letters, digits and single hyphens, "
                 "like 'calculated-risk'"),
    (["all"], "Invalid value for 'ID': 'all' is reserved (dist/all.apkg is the combined deck)"),
    (["x", "--lp", "bias for actoin"], "Invalid value for '--lp': unknown Leadership Principle 'bias for actoin'; "
                                       "did you mean 'Bias for Action'?"),
    (["x", "--lp", "Dive deep"], "Invalid value for '--lp': unknown Leadership Principle 'Dive deep'; "
                                 "did you mean 'Dive Deep'?"),
    (["x", "--story", "Webhook Drops"], "Invalid value for '--story': 'Webhook Drops' must be lowercase letters, "
                                        "digits and single hyphens, like 'calculated-risk'"),
    # a story may not be called 'all' either: `lpdeck check` refuses it, so the scaffold must not name it
    (["x", "--story", "all"], "Invalid value for '--story': 'all' is reserved (dist/all.apkg is the combined deck)"),
])
def test_new_treats_a_bad_argument_as_a_usage_error_and_writes_nothing(project, args, message):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run_cli("new", *args)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Usage: ") and lines[0].endswith(" new [OPTIONS] [story] ID")
    assert lines[-1] == "Error: " + message
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_bad_argument_exits_2_from_a_real_process(project):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "lpdeck", "new", "x", "--lp", "Dive deep"], cwd=project, check=False,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.endswith("Error: Invalid value for '--lp': unknown Leadership Principle 'Dive deep'; "
                                "did you mean 'Dive Deep'?\n")


def test_new_asks_which_story_when_there_is_not_exactly_one(project):
    shutil.copy(project / "decks/stories/webhook-drops.yaml", project / "decks/stories/other.yaml")
    other = project / "decks/stories/other.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("story: webhook-drops", "story: slack-outage"))
    result = run_cli("new", "handled-ambiguity")
    assert (result.exit_code, result.stderr) == (
        1, "lpdeck new: name the story this walkthrough tells with --story ID (stories: slack-outage, webhook-drops)\n")
    chosen = run_cli("new", "handled-ambiguity", "--story", "slack-outage")
    assert chosen.exit_code == 0, chosen.output
    assert "story: slack-outage  #" in (project / "decks/handled-ambiguity.yaml").read_text(encoding="utf-8")


def test_new_with_an_unknown_story_writes_nothing_and_says_what_it_may_have_meant(project):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run_cli("new", "side-project", "--story", "webhok-drops")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("lpdeck new: no story 'webhok-drops' in decks/ (stories live in decks/stories/): did you "
                             "mean 'webhook-drops'? To write a new story too, add --create-story (it writes "
                             "decks/stories/webhok-drops.yaml)\n")
    result = run_cli("new", "side-project", "--story", "side-story", "-o", "drafts/side-project.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("lpdeck new: no story 'side-story' in drafts/ (stories live in drafts/stories/): known "
                             "stories: webhook-drops. To write a new story too, add --create-story (it writes "
                             "drafts/stories/side-story.yaml)\n")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_new_with_create_story_writes_both_and_check_takes_them(project):
    result = run_cli("new", "side-project", "--story", "side-story", "--create-story", "-o", "drafts/side-project.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("wrote drafts/stories/side-story.yaml (story)\nwrote drafts/side-project.yaml (story: "
                             "side-story); fill in their TODO: placeholders, then run `lpdeck check`\n")
    checked = run_cli("check", "drafts")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == check_stdout(checked.stderr, "ok: 1 walkthrough, 1 story")
    assert "drafts/stories/side-story.yaml:" in checked.stderr and ": warning: placeholder 'TODO:" in checked.stderr
    again = run_cli("new", "side-two", "--story", "side-story", "--create-story", "-o", "drafts/side-two.yaml")
    assert again.exit_code == 0 and "(story)" not in again.stdout, again.output  # the story is there now


def test_new_with_create_story_writes_neither_when_one_cannot_be_written(project):
    (project / "decks" / "stories" / "mine.yaml").mkdir(parents=True)  # a folder where the story goes: no story id
    result = run_cli("new", "my-question", "--story", "mine", "--create-story")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("decks/stories/mine.yaml: already exists; lpdeck new never overwrites a file (choose "
                             "another id, or -o PATH)\n")
    assert not (project / "decks" / "my-question.yaml").exists()


def test_the_new_file_is_an_ordinary_readable_file(project):
    assert run_cli("new", "handled-ambiguity").exit_code == 0
    mode = (project / "decks" / "handled-ambiguity.yaml").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
    assert [p.name for p in (project / "decks").iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_new_has_help():
    result = run_cli("new", "--help")
    assert result.exit_code == 0 and "[story] ID" in result.stdout


def test_new_story_writes_placeholders_that_never_reach_a_card(project):
    assert run_cli("new", "story", "crash-fix").exit_code == 0
    assert run_cli("new", "fixed-crash", "--story", "crash-fix").exit_code == 0
    text = (project / "decks" / "stories" / "crash-fix.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE + "../../schema/lpdeck.schema.json"
    data = yaml.safe_load(text)
    assert [step["step"] for step in data["steps"]] == list(STEPS)
    built = run_cli("build", "decks/stories/crash-fix.yaml", "decks/fixed-crash.yaml", "-o", "out")
    assert built.exit_code == 0, built.output
    assert "wrote out/fixed-crash.apkg: 0 notes" in built.stdout  # every text is a placeholder: no card yet
    assert run_cli("new", "story").exit_code == 2


def test_a_file_outside_the_project_still_finds_the_projects_schema(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "side.yaml"
    result = run_cli("new", "side-one", "--story", "webhook-drops", "-o", str(outside))
    assert result.exit_code == 0 and "does not exist" not in result.stderr, result.output
    schema = outside.read_text(encoding="utf-8").splitlines()[0].removeprefix(MODELINE)
    assert (outside.parent / schema).resolve() == (project / "schema" / "lpdeck.schema.json").resolve()


def test_new_with_create_story_removes_the_story_when_the_walkthrough_cannot_be_written(project, monkeypatch):
    import errno

    from lpdeck.author import new as new_module

    real_create, calls = new_module.create, []

    def create(path, text):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_create(path, text)

    monkeypatch.setattr(new_module, "create", create)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run_cli("new", "my-question", "--story", "mine", "--create-story")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "lpdeck: decks/my-question.yaml: No space left on device\n"
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
