"""`lpdeck check` ends with what it counted: each file's problems, warnings and open placeholders, then the total."""

from __future__ import annotations

from conftest import run_cli
from sources import STORY, WALKTHROUGH, write_sources


def test_the_example_checks_clean_and_says_so():
    result = run_cli("check", "decks")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "ok: 5 walkthroughs, 1 story; 0 problems, 0 warnings, 0 open placeholders\n"


def test_each_file_with_warnings_or_placeholders_is_counted(tmp_path):
    folder = write_sources(tmp_path / "decks", story=STORY.replace("coaching: Quantify.", "coaching: 'TODO: how'"),
                           walkthrough=WALKTHROUGH.replace("lp: Bias for Action", "lp: Ownership")
                           .replace("weak_why: Routing, not ownership.", "weak_why: 'TODO: why'")
                           .replace("verdict: Leaning No Hire.", "verdict: 'TODO: verdict'"))
    result = run_cli("check", str(folder))
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert [line.split(":", 1)[0] for line in warnings] == [str(folder / "story.yaml")] + [str(folder / "walk.yaml")] * 3
    assert sum(": warning: placeholder " in line for line in warnings) == 3  # and one warning of another kind
    assert result.stdout.splitlines() == [
        f"{folder / 'story.yaml'}: 0 problems, 0 warnings, 1 open placeholder",
        f"{folder / 'walk.yaml'}: 0 problems, 1 warning, 2 open placeholders",
        "ok: 1 walkthrough, 1 story; 0 problems, 1 warning, 3 open placeholders"]


def test_problems_are_counted_per_file_after_the_problems(tmp_path):
    folder = write_sources(tmp_path / "decks", story=STORY.replace("title: The tiny story\n", ""),
                           walkthrough=WALKTHROUGH.replace("question: Tell me about a time you <b>acted</b> fast\n", "")
                           .replace("title: Tiny walk\n", ""))
    result = run_cli("check", str(folder))
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert lines[:-3] == [f"{folder / 'story.yaml'}:1:1: missing required key 'title'",
                          f"{folder / 'walk.yaml'}:1:1: missing required key 'question'",
                          f"{folder / 'walk.yaml'}:1:1: missing required key 'title'"]
    assert lines[-3:] == [f"{folder / 'story.yaml'}: 1 problem", f"{folder / 'walk.yaml'}: 2 problems",
                          "3 problems in 2 files (warnings and open placeholders are counted once there are none)"]
