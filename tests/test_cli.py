"""The command line: defaults, summaries, help, version, and clean errors."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import run_cli
from lpdeck import __version__
from sources import STORY, WALKTHROUGH, write_sources


def test_build_with_no_arguments_builds_decks_into_dist(decks_copy, monkeypatch):
    monkeypatch.chdir(decks_copy.parent)
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (decks_copy.parent / "dist").glob("*.apkg"))
    assert written == ["all.apkg", "calculated-risk.apkg", "caught-critical-issue.apkg", "earths-best-employer.apkg",
                       "protected-users.apkg", "speed-of-execution.apkg"]
    # the lock's retired Coaching notes ship in no package (issue 24 put the coaching on the Read cards)
    assert re.search(r"^wrote dist/all\.apkg: \d+ notes \(1 story, 5 read, 5 drill, 5 key-phrases, 1 rewrite, .*\d+ quiz\); ",
                     result.stdout, re.MULTILINE), result.stdout
    assert re.search(r"; \d+ retired notes in no package \(", result.stdout.splitlines()[-1]), result.stdout


def test_build_summary_counts_notes_per_kind(tmp_path):
    sources = write_sources(tmp_path / "src")
    result = run_cli("build", str(sources), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (f"wrote {tmp_path / 'out' / 'tiny-walk.apkg'}: 18 notes (1 story, 2 read, 2 drill, "
                        "1 key-phrases, 1 rewrite, 1 probe, 1 spot-the-flaws, 2 lp-angle, 4 level, 1 walkthrough, "
                        "1 tell-it, 1 quiz); 18 new / 0 changed / 0 unchanged")
    assert lines[-1] == f"2 packages in {tmp_path / 'out'}: 2 written; updated {sources / 'lpdeck.lock'}"


def test_check_accepts_the_repository_decks():
    result = run_cli("check", "decks")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 5 walkthroughs, 1 story; 0 problems, 0 warnings, 0 open placeholders\n"


def test_check_reports_a_misspelt_key_with_its_position_and_spelling(tmp_path):
    sources = write_sources(tmp_path / "src", walkthrough=WALKTHROUGH.replace("    weak_why:", "    weak_wy:"))
    result = run_cli("check", str(sources))
    assert result.exit_code == 1
    # the key stands on line 14, indented four spaces
    assert result.stderr == (f"{sources / 'walk.yaml'}:14:5: unknown key 'weak_wy'; did you mean 'weak_why'?\n"
                             f"{sources / 'walk.yaml'}: 1 problem\n1 problem in 1 file (warnings and open placeholders "
                             "are counted once there are none)\n")
    assert "Traceback" not in result.output


def test_errors_of_all_files_are_reported_together_and_sorted(tmp_path):
    sources = write_sources(tmp_path / "src", walkthrough=WALKTHROUGH.replace("lp: Bias for Action", "lp: Bias for Actoin")
                            .replace("title: Tiny walk", "titel: Tiny walk"))
    (sources / "story.yaml").write_text((sources / "story.yaml").read_text().replace("target: 20s", "target: soon"))
    result = run_cli("check", str(sources))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{sources / 'story.yaml'}:15:13: 'target' must be seconds like '30s', not 'soon'",
        f"{sources / 'walk.yaml'}:2:1: unknown key 'titel'; did you mean 'title'?",
        f"{sources / 'walk.yaml'}:4:5: unknown Leadership Principle 'Bias for Actoin'; did you mean 'Bias for Action'?",
        f"{sources / 'story.yaml'}: 1 problem",
        f"{sources / 'walk.yaml'}: 2 problems",
        "3 problems in 2 files (warnings and open placeholders are counted once there are none)",
    ]


def test_failed_build_writes_nothing(tmp_path):
    sources = write_sources(tmp_path / "src", walkthrough=WALKTHROUGH.replace("question: How", "question: ''\n    x: How"))
    result = run_cli("build", str(sources), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in sources.iterdir()) == ["story.yaml", "walk.yaml"]


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["stats"], ["schema"]])
def test_every_command_has_help(command):
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")


def test_version():
    result = run_cli("--version")
    assert result.stdout == f"lpdeck, version {__version__}\n"


def test_python_dash_m_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "lpdeck", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout == f"lpdeck, version {__version__}\n"


def test_stats_shows_the_principles_the_story_serves_and_the_gaps():
    result = run_cli("stats", "decks")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 100 for line in lines)
    assert lines[0] == "Principles × stories: 8 of 16 principles have a story, 8 rest on one story, 8 have none"
    # the story's walkthroughs test four principles, its angles tell it for eight (read from decks/)
    assert "Bias for Action                               2+     one" in lines
    assert "Ownership                                     +      one" in lines
    assert "Frugality                                     ·     none" in lines
    assert " 1 webhook-drops: 5 walkthroughs, told for 4 principles (stretched: more than 3)" in lines
    assert "  Bias for Action: calculated-risk · speed-of-execution" in lines
    assert "Notes by card kind (57 in all.apkg): story 1 · read 5 · drill 5 · key-phrases 5 · rewrite 1 ·" in lines
    # its steps' targets, 30 + 20 + 90 + 20 + 15 s (decks/stories/webhook-drops.yaml), spoken by five drills and
    # five Tell-it cards: 6 × 175 s
    assert lines[lines.index("Cards: 58 in all.apkg, 58.0 a story. First pass, each card shown once:") + 1].startswith(
        " 1 webhook-drops: 56 cards, 17.5 min speaking (drills, Tell it), ")
    assert "   your level: 2 cards (how long you speak)" in lines  # the SDE1 and Senior lengths: the levels', no story's


def test_a_key_phrase_of_a_step_whose_example_is_still_a_placeholder_waits_for_the_example(tmp_path):
    story = STORY.replace("example: I noticed a 0.3% drop rate & nobody owned it.", "example: 'TODO: the situation'")
    sources = write_sources(tmp_path / "src", story=story)
    result = run_cli("check", str(sources))
    assert result.exit_code == 0, result.output
    assert "key phrase" not in result.stderr  # only the placeholder's own warning, not one per phrase
    assert result.stderr.count("warning: placeholder 'TODO: the situation'") == 1
