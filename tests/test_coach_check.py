"""The written coach in `lpdeck check`: each rule at the exact line:column of the offending word, silenced on purpose
per item, and quiet on the seeds' strong examples, the repository's example and the bank."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import BANK, DECKS, REPO, run_cli
from lpdeck.build import load_sources
from lpdeck.cards.tell import tell_fields
from lpdeck.coach.rules import RULES, TOLERANCE
from lpdeck.sources.workspace import resolve
from sources import STORY, write_sources

# A story breaking every rule once, each text in another YAML style: the positions below are counted by hand.
BAD = """\
story: bad-story
title: A bad story
steps:
  - id: situation
    step: situation
    target: 10s
    example: >-
      The checkout service had a problem that nobody owned, and it was slowly getting worse every single week
      while the platform team worked on other things and the alerts stayed quiet for months.
    coaching: c
    mistakes: m
  - id: action
    step: action
    target: 90s
    example: |
      I looked at the logs. We figured out the root cause together.
      Our team shipped the fix. After we deployed, I monitored the metrics.
    coaching: c
    mistakes: m
  - id: result
    step: result
    target: 20s
    example: Things got better
      and the team was happy.
    coaching: c
    mistakes: m
  - id: reflection
    step: reflection
    target: 15s
    example: "Looking back, I learned communication is important."
    coaching: c
    mistakes: m
levels:
  - id: sde1
    level: SDE1
    length: Keep the story under 1 minute.
"""
# (line, column, rule): "things" is the 26th word, the first said after 10 s at 150 words a minute (25 words)
EXPECTED = [(9, 47, "step-over-target"), (16, 29, "we-actor"), (17, 7, "we-actor"), (23, 14, "result-without-number"),
            (30, 39, "generic-reflection")]


def _warnings(stderr: str) -> list[tuple[int, int, str]]:
    return [(int(line), int(column), rule) for line, column, rule
            in re.findall(r"^[^:\n]+:(\d+):(\d+): warning: .* \[([a-z-]+)\]$", stderr, re.MULTILINE)]


def _check(tmp_path: Path, text: str, name: str = "story.yaml") -> list[tuple[int, int, str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 0, result.output
    return _warnings(result.stderr)


def test_each_rule_warns_at_the_offending_word_in_every_yaml_style(tmp_path):
    assert _check(tmp_path, BAD) == EXPECTED


def test_the_warning_says_what_and_names_its_rule(tmp_path):
    (tmp_path / "story.yaml").write_text(BAD, encoding="utf-8")
    lines = run_cli("check", str(tmp_path / "story.yaml")).stderr.splitlines()
    assert f"{tmp_path / 'story.yaml'}:16:29: warning: 'We' acts in this Action sentence: say what you did, with 'I' " \
           "[we-actor]" in lines
    assert any("takes 13s to say at 150 words a minute, past its target 10s" in line for line in lines)


def test_a_comment_silences_one_rule_for_one_item_and_the_others_still_warn(tmp_path):
    silenced = BAD.replace("    example: |\n", "    # lpdeck: allow we-actor\n    example: |\n").replace(
        "    example: >-\n", "    example: >-  # lpdeck: allow step-over-target, result-without-number\n")
    # one line more above the action's example: every later warning moves down a line
    assert _check(tmp_path, silenced) == [(24, 14, "result-without-number"), (31, 39, "generic-reflection")]
    # a comment above the step's "- id:" line silences the whole step; one naming another rule silences nothing
    above_item = BAD.replace("  - id: result\n", "  # lpdeck: allow result-without-number\n  - id: result\n")
    assert (24, 14, "result-without-number") not in _check(tmp_path, above_item)
    on_id_line = BAD.replace("  - id: action\n", "  - id: action  # lpdeck: allow we-actor\n")
    assert "we-actor" not in [w[2] for w in _check(tmp_path, on_id_line)]
    other_rule = BAD.replace("  - id: result\n", "  # lpdeck: allow we-actor\n  - id: result\n")
    assert (24, 14, "result-without-number") in _check(tmp_path, other_rule)


def test_a_silencing_comment_on_another_step_does_not_reach_this_one(tmp_path):
    elsewhere = BAD.replace("    example: >-\n", "    example: >-  # lpdeck: allow we-actor\n")
    assert [w[2] for w in _check(tmp_path, elsewhere)].count("we-actor") == 2


def test_the_story_past_its_levels_length_warns_where_the_length_runs_out(tmp_path):
    # four steps of 60 words: 96 s at 150 words a minute, past SDE1's 60 s and its 25 %; the minute runs out after
    # 150 words, at the 31st word of the third step's example (line 19)
    step = "    example: " + " ".join(["word"] * 59) + " 7%.\n"
    text = "story: long\ntitle: Long\nsteps:\n" + "".join(
        f"  - id: s{n}\n    step: situation\n    target: 30s\n{step}    coaching: c\n    mistakes: m\n" for n in range(4))
    text += "levels:\n  - id: sde1\n    level: SDE1\n    length: Keep the story under 1 minute.\n"
    path = tmp_path / "long.yaml"
    path.write_text(text.replace("under 1 minute", "under 50 seconds"), encoding="utf-8")
    assert load_sources(resolve([path], level="SDE1")).warnings == []  # 50 s is no whole story's length (lengths.py): no length
    path.write_text(text, encoding="utf-8")
    (warning,) = load_sources(resolve([path], level="SDE1")).warnings
    assert (warning.line, warning.column) == (19, 14 + 30 * 5)
    assert "story takes 1:36 to say" in warning.message and "SDE1 length 1:00" in warning.message
    assert load_sources(resolve([path], level="Senior")).warnings == load_sources(resolve([path], level=None)).warnings == []
    path.write_text(text.replace("steps:\n", "# lpdeck: allow story-over-length\nsteps:\n"), encoding="utf-8")
    assert load_sources(resolve([path], level="SDE1")).warnings == []


def test_a_step_within_its_tolerance_is_quiet_and_one_word_more_warns(tmp_path):
    # 30 s target: 37.5 s allowed, 93 words (37.2 s) pass and 94 (37.6 s) do not
    assert TOLERANCE == 0.25
    story = "story: s\ntitle: S\nsteps:\n  - id: a\n    step: task\n    target: 30s\n    example: {}\n" \
            "    coaching: c\n    mistakes: m\n"
    assert _check(tmp_path, story.format(" ".join(["word"] * 93))) == []
    assert _check(tmp_path, story.format(" ".join(["word"] * 94))) == [(7, 14 + 5 * 75, "step-over-target")]


def test_a_reflection_naming_its_story_is_no_generic_lesson(tmp_path):
    specific = BAD.replace("Looking back, I learned communication is important.",
                           "Communication is important, but the alerts staying quiet for months was the real gap.")
    assert "generic-reflection" not in [w[2] for w in _check(tmp_path, specific)]


def test_placeholders_wait_for_the_text(tmp_path):
    waiting = BAD.replace("example: Things got better\n      and the team was happy.", "example: 'TODO: the result'")
    assert "result-without-number" not in [w[2] for w in _check(tmp_path, waiting)]


# --- no false alarm ---

def _seed_story(tmp_path: Path) -> Path:
    """Seed page 001's strong examples, as its steps show them, with its SDE2 reflection as the reflection."""
    page = (REPO / "tests" / "seeds" / "001_703998004d4b9e13.txt").read_text(encoding="utf-8")
    shown = re.findall(r"⏱ Target: (\d+s)\n(\S+)\nStrong Example\n(.*)\n", page)
    reflection = re.search(r"SDE2 Reflection\n(.*)\n", page)
    assert len(shown) == 5 and reflection
    steps = ["situation", "task", "action", "result", "reflection"]
    examples = [example for _, _, example in shown[:4]] + [reflection[1]]
    lines = ["story: seed-001", "title: Seed 001", "steps:"]
    for step, (target, _, _), example in zip(steps, shown, examples, strict=True):
        lines += [f"  - id: {step}", f"    step: {step}", f"    target: {target}", f"    example: {json.dumps(example)}",
                  "    coaching: c", "    mistakes: m"]
    lines += ["levels:", "  - id: sde1", "    level: SDE1", "    length: Keep to 2 minutes."]
    path = tmp_path / "seed.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("level", [None, "SDE1", "SDE2", "Senior"])
def test_the_seeds_strong_examples_and_the_example_raise_no_alarm(tmp_path, level):
    assert load_sources(resolve([_seed_story(tmp_path)], level=level)).warnings == []
    assert load_sources(resolve([DECKS], level=level)).warnings == []


@pytest.mark.parametrize("level", [None, "SDE2", "Senior"])
def test_the_bank_raises_no_alarm(level):
    assert load_sources(resolve([BANK], level=level)).warnings == []


@pytest.mark.parametrize("pages", ["seeds", "pages"])
def test_stories_imported_from_the_seed_pages_and_the_test_pages_raise_no_alarm(tmp_path, pages):
    result = run_cli("import", *map(str, sorted((REPO / "tests" / pages).glob("*.txt"))), "-o", str(tmp_path / "d"))
    assert result.exit_code == 0, result.output
    for level in (None, "SDE1", "SDE2", "Senior"):
        warnings = load_sources(resolve([tmp_path / "d"], level=level)).warnings
        assert [w for w in warnings if any(w.message.endswith(f"[{rule.name}]") for rule in RULES)] == []


def test_at_sde1_the_bank_warns_only_of_stories_too_long_even_at_the_fast_end_of_a_comfortable_pace():
    warned = {Path(w.path).name for w in load_sources(resolve([BANK], level="SDE1")).warnings}
    # counted here, apart from the coach: whitespace-separated words, said at 160 a minute (130-160 is comfortable)
    for path in sorted((BANK / "stories").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        said = sum(len(m.split()) for m in re.findall(r"^    example: >-\n((?:      .*\n)+)", text, re.MULTILINE))
        if path.name in warned:
            assert said / 160 * 60 > 120 + 15, path.name  # 2 minutes ("Keep to 2 minutes"), and then some
    assert warned == {"checkout-p99-regression.yaml"}


def test_every_rule_has_a_name_a_why_and_a_section_in_the_docs():
    docs = (REPO / "docs" / "coach.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)+", rule.name) and len(rule.why) > 20
        assert f"`{rule.name}`" in docs


# --- targets ---

@pytest.mark.parametrize("target", ["4s", "601s", "900s", "100000000000000000000000s"])
def test_a_target_out_of_range_is_an_error_at_its_position_and_nothing_is_built(tmp_path, target):
    sources = write_sources(tmp_path / "src", story=STORY.replace("target: 20s", f"target: {target}"))
    result = run_cli("build", str(sources), "-o", str(tmp_path / "dist"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"{sources / 'story.yaml'}:15:13: 'target' must be 5s to 600s (10 minutes): a "
                                     f"step takes seconds to say, an answer minutes, not '{target}'")
    assert not (tmp_path / "dist").exists()


def test_the_longest_targets_make_a_countdown_a_person_can_read(tmp_path):
    sources = write_sources(tmp_path / "src", story=STORY.replace("target: 20s", "target: 600s").replace(
        "target: 30s", "target: 600s"))
    loaded = load_sources(resolve([sources]))
    fields = tell_fields(next(iter(loaded.walkthroughs.values())), next(iter(loaded.stories.values())))
    assert fields is not None and fields[2] == "20:00"


# --- stats ---

def test_stats_shows_each_storys_speaking_time_per_step_at_150_words_a_minute():
    result = run_cli("stats", str(DECKS))
    assert result.exit_code == 0, result.output
    story = yaml.safe_load((DECKS / "stories" / "webhook-drops.yaml").read_text(encoding="utf-8"))
    # counted apart from the coach: whitespace-separated pieces that hold a letter or a digit ("-" is no word)
    said = [sum(1 for piece in step["example"].split() if re.search(r"\w", piece)) * 60 / 150 for step in story["steps"]]
    expected = " · ".join(f"{step['step']} {seconds:.0f}s/{step['target']}"
                          for step, seconds in zip(story["steps"], said, strict=True))
    lines = result.stdout.splitlines()
    at = lines.index("Speaking time at 150 words a minute: each step's example / its target (over: by more than 25%)")
    total = round(sum(said))
    assert lines[at + 1:at + 3] == [f" 1 webhook-drops: {total // 60}:{total % 60:02d} of 2:55", "     " + expected]
    assert max(map(len, lines)) <= 100


def test_stats_marks_a_step_over_its_target(tmp_path):
    (tmp_path / "story.yaml").write_text(BAD, encoding="utf-8")
    lines = run_cli("stats", str(tmp_path / "story.yaml")).stdout.splitlines()
    assert lines[-2:] == [" 1 bad-story: 0:29 of 2:15",
                          "     situation 13s/10s (over) · action 10s/90s · result 3s/20s · reflection 3s/15s"]


@pytest.mark.parametrize(("example", "line", "column"), [
    ("'It''s done. We shipped it.'", 7, 27),
    ('"I said \\"go\\". We shipped it."', 7, 30),
    (">\n      I fixed it.\n\n      We shipped it.", 10, 7),
    ("I fixed it.\n      Then we shipped it.", 8, 12),
    ('"I fixed it.\\nWe shipped it."', 7, 28),  # an escape of a space splits the run "it.\nWe" as it splits the text
    ('"I fixed it.\\u00a0We shipped it."', 7, 32),
    ('"I fixed \\\\ it. We shipped it."', 7, 30),  # "\\" is a backslash, no escape of a space
    ('"I fi\\\n      xed it. We shipped it."', 8, 15),  # a line ended by "\" joins "fi" and "xed": one word
    ('"A \\\\\n      b. We shipped it."', 8, 10),  # "\\" ends the line: a backslash, no joining
    ('"I fixed it. \\\n      We shipped it."', 8, 7),  # "\" after a space: "We" is a word of its own
])
def test_we_actor_is_found_at_its_column_in_every_scalar_style(tmp_path, example, line, column):
    story = ("story: s\ntitle: S\nsteps:\n  - id: a\n    step: action\n    target: 30s\n"
             f"    example: {example}\n    coaching: c\n    mistakes: m\n")
    assert _check(tmp_path, story) == [(line, column, "we-actor")]


def test_we_actor_reads_list_items_named_partners_and_quoted_speech(tmp_path):
    # a list item is a sentence of its own; "Priya and I" is a joint subject; what was said in quotes is not done
    story = ("story: s\ntitle: S\nsteps:\n  - id: a\n    step: action\n    target: 60s\n    example: |-\n"
             "      I did three things:\n"
             "      - I wrote a runbook.\n"
             "      - We ran weekly game days.\n"
             "      \u201cWe ship Friday,\u201d I told the VP.\n"
             "      Priya and I paired on the cut\u2011over.\n"
             "    coaching: c\n    mistakes: m\n")
    assert _check(tmp_path, story) == [(10, 9, "we-actor"), (12, 7, "we-actor")]


@pytest.mark.parametrize("result", ["Build time fell by a third and on-call pages by a quarter.",
                                    "p99 latency dropped by an order of magnitude.",
                                    "The runbook now saves hundreds of on-call hours."])
def test_a_result_quantified_in_words_is_quiet(tmp_path, result):
    story = ("story: s\ntitle: S\nsteps:\n  - id: r\n    step: result\n    target: 30s\n"
             f"    example: {result}\n    coaching: c\n    mistakes: m\n")
    assert _check(tmp_path, story) == []
    assert _check(tmp_path, story.replace(result, "p99 latency dropped and the team was happy.")) == [
        (7, 14, "result-without-number")]


def test_a_generic_lesson_in_other_words_warns_at_the_lesson(tmp_path):
    story = ("story: s\ntitle: S\nsteps:\n  - id: a\n    step: action\n    target: 30s\n"
             "    example: I moved the ledger to Aurora one shard a night.\n    coaching: c\n    mistakes: m\n"
             "  - id: r\n    step: reflection\n    target: 30s\n"
             "    example: >-\n      Above all, I learned how\n      important communication is.\n"
             "    coaching: c\n    mistakes: m\n")
    assert _check(tmp_path, story) == [(14, 28, "generic-reflection")]  # at "how"
    assert _check(tmp_path, story.replace("Above all,", "Moving one shard a night,")) == []


def test_we_in_an_opening_phrase_before_i_is_no_actor(tmp_path):
    story = ("story: s\ntitle: S\nsteps:\n  - id: a\n    step: action\n    target: 60s\n    example: >-\n"
             "      Given that we had two weeks, I cut the scope to the checkout path. For our team,\n"
             "      I wrote a runbook. Unless we paused writes, the copy would drift, so I added dual writes.\n"
             "      Together, we tested it.\n"
             "    coaching: c\n    mistakes: m\n")
    assert _check(tmp_path, story) == [(10, 17, "we-actor")]
