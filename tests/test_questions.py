"""Questions you have not studied: lpdeck's common questions, a workspace's own, and the "Which story" cards they make.

The expectations are read from the shipped file (src/lpdeck/sources/common_questions.yaml) and tests/bank with PyYAML,
not from lpdeck's output; "near-identical" is lpdeck's own measure (sources/similar.py's characters, and the content
words `check` compares walkthroughs by), so the tests hold lpdeck to what it says.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from check_counts import check_stdout, counted_problems
from conftest import BANK, import_package, run_cli
from lpdeck.cards.compile import guid
from lpdeck.cards.notetypes import WHICH_STORY, WHICH_STORY_BEFORE
from lpdeck.loop.retire import retired_search
from lpdeck.ship import lock_json
from lpdeck.ship.lock import RETIRED_TAG
from lpdeck.sources.bank import SAME_QUESTION, question_words
from lpdeck.sources.principles import LEADERSHIP_PRINCIPLES
from lpdeck.sources.questions import common_questions
from lpdeck.sources.similar import near
from regen_support import review, review_count
from serving import common_asked, stories_serving

REPO = Path(__file__).resolve().parent.parent
COMMON = REPO / "src" / "lpdeck" / "sources" / "common_questions.yaml"
PREVIOUS = Path(__file__).resolve().parent / "fixtures" / "previous-bank"
QUESTIONS = yaml.safe_load(COMMON.read_text(encoding="utf-8"))["questions"]
# How interviewers open a behavioural question; the first four are the forms the issue names
OPENINGS = ("Tell me about", "Give me an example", "Describe", "What would you", "Walk me through", "Have you ever",
            "How do you", "Who were", "What is the")
# The principles tests/bank's stories serve (designed: see test_bank.py), and the best story of three of them
SERVED = set(LEADERSHIP_PRINCIPLES) - {"Hire and Develop the Best", "Frugality"}
BEST = {"Customer Obsession": ("Substitutions customers did not want",),
        "Think Big": ("One export platform for seller reports",),
        "Earn Trust": ("Rebuilding trust after breaking refunds", "Disagreed on a cache design, then committed")}


def _same(a: str, b: str) -> bool:
    """Near-identical by either of lpdeck's measures."""
    words_a, words_b = question_words(a), question_words(b)
    return near(a, b) or len(words_a & words_b) >= SAME_QUESTION * len(words_a | words_b)


def _of(lp: str) -> list[dict]:
    return [q for q in QUESTIONS if q["lp"] == lp]


# --- the common questions ---

def test_at_least_eight_questions_for_each_of_the_16_principles():
    per_principle = Counter(q["lp"] for q in QUESTIONS)
    assert set(per_principle) == set(LEADERSHIP_PRINCIPLES)
    assert min(per_principle.values()) >= 8 and len(QUESTIONS) == sum(per_principle.values())


def test_no_two_questions_are_the_same_and_each_has_its_own_point():
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)
    same = [(a["id"], b["id"]) for a, b in combinations(QUESTIONS, 2) if _same(a["question"], b["question"])]
    assert same == []
    assert [(a["id"], b["id"]) for a, b in combinations(QUESTIONS, 2) if near(a["listen_for"], b["listen_for"])] == []


def test_each_is_one_question_as_an_interviewer_words_it():
    for q in QUESTIONS:
        text = q["question"]
        assert text.startswith(OPENINGS), text
        assert "\n" not in text and text.endswith(("?", ".")) and len(re.findall(r"[.?](?= |$)", text)) <= 2, text
        assert not q["listen_for"].endswith(".") and q["listen_for"][0].islower(), q["listen_for"]
    used = Counter(next(o for o in OPENINGS if q["question"].startswith(o)) for q in QUESTIONS)
    assert all(used[form] >= 10 for form in OPENINGS[:4]), used  # the four forms, each often
    for lp in LEADERSHIP_PRINCIPLES:  # the two a principle's cards ask first are of different forms
        first, second = (next(o for o in OPENINGS if q["question"].startswith(o)) for q in _of(lp)[:2])
        assert first != second, lp


def test_lpdeck_reads_the_shipped_file_as_written():
    assert [(q.id, q.question, q.lp, q.listen_for) for q in common_questions()] == [
        (q["id"], " ".join(q["question"].split()), q["lp"], q["listen_for"]) for q in QUESTIONS]


# --- a workspace's own questions ---

def _common_asked() -> int:
    """The common questions tests/bank is asked: two a principle where stories share it, one where a story has it alone."""
    serving = stories_serving(BANK)
    assert set(serving) == SERVED
    return sum(common_asked(stories) for stories in serving.values())


def _workspace(root: Path, questions: str | None = None) -> Path:
    """A workspace made by `lpdeck init`, tests/bank in its decks/, and ``questions`` as decks/questions.yaml."""
    assert run_cli("init", str(root)).exit_code == 0
    for path in BANK.rglob("*.yaml"):
        target = root / "decks" / path.relative_to(BANK)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    if questions is not None:
        (root / "decks" / "questions.yaml").write_text(questions, encoding="utf-8")
    return root


OWN = """\
# yaml-language-server: $schema=../schema/lpdeck.schema.json
questions:
  - id: handed-over-an-incident
    lp: Ownership
    question: Tell me about an on-call shift where you handed over an incident you could not finish.
    listen_for: what you owned before the handover, and how you made sure nothing was dropped
  - id: cheapest-fix
    lp: Frugality
    question: Tell me about the cheapest fix you ever shipped.
    listen_for: what it cost and what it saved
  - id: hardest-bug-again
    lp: Dive Deep
    question: Walk me through the hardest production problem you have debugged. How did you get to its root cause?
    listen_for: the digging
"""


@pytest.fixture(scope="module")
def own(tmp_path_factory) -> tuple[Path, object]:
    """A workspace with tests/bank and three questions of its own, built and imported into a fresh collection."""
    from anki.collection import Collection

    root = _workspace(tmp_path_factory.mktemp("own") / "ws", OWN)
    built = run_cli("build", str(root / "decks"), "-o", str(root / "dist"))
    assert built.exit_code == 0, built.output
    col = Collection(str(tmp_path_factory.mktemp("anki") / "collection.anki2"))
    log = import_package(col, root / "dist" / "all.apkg")
    assert log.new and not log.updated and not log.conflicting
    yield root, col
    col.close()


def _which(col) -> dict[str, object]:
    return {note.guid: note for note in (col.get_note(nid) for nid in col.find_notes('"tag:kind::which-story"'))}


def test_check_counts_your_questions_and_warns_about_one_you_study(own):
    root, _ = own
    result = run_cli("check", str(root / "decks"))
    assert (result.exit_code, result.stdout) == (0, check_stdout(result.stderr,
                                                                 "ok: 16 walkthroughs, 7 stories, 3 questions of your own"))
    path = root / "decks" / "questions.yaml"
    assert result.stderr.splitlines() == [  # line 13, column 15: the third question's text
        f"{path}:13:15: warning: asks what walkthrough 'hardest-production-bug' studies, in near-identical words: a "
        "'Which story' card asks a question you have not studied, so this one makes none; ask another, or remove it"]


def test_your_questions_join_the_common_ones_yours_first(own):
    _, col = own
    notes = _which(col)
    # Ownership: yours, and the first two common ones; Frugality has no story; the studied one makes no card
    ownership = [n for n in notes.values() if n["LP"] == "Ownership"]
    assert sorted(n.guid for n in ownership) == sorted([guid("all", "which-story-own-handed-over-an-incident"),
                                                        *(guid("all", f"which-story-common-{q['id']}")
                                                          for q in _of("Ownership")[:2])])
    mine = notes[guid("all", "which-story-own-handed-over-an-incident")]
    assert mine["Question"] == html.escape(yaml.safe_load(OWN)["questions"][0]["question"], quote=False)
    assert mine["Opening"] == html.escape(yaml.safe_load(OWN)["questions"][0]["listen_for"], quote=False)
    assert guid("all", "which-story-own-cheapest-fix") not in notes
    assert guid("all", "which-story-own-hardest-bug-again") not in notes
    assert len(notes) == _common_asked() + 1


def test_importing_again_adds_nothing_and_a_question_of_yours_retires_nothing(own, tmp_path):
    root, col = own
    count = len(col.find_notes(""))
    again = import_package(col, root / "dist" / "all.apkg")
    assert not again.new and not again.updated and not again.conflicting and len(col.find_notes("")) == count
    more = root.parent / "more"
    shutil.copytree(root, more)
    (more / "decks" / "questions.yaml").write_text(OWN + """\
  - id: second-of-ownership
    lp: Ownership
    question: Describe a commitment you kept even though nobody would have blamed you for dropping it.
    listen_for: why it was still yours to keep, and what keeping it cost
""", encoding="utf-8")
    built = run_cli("build", str(more / "decks"), "-o", str(more / "dist"))
    summary = next(line for line in built.stdout.splitlines() if line.startswith(f"wrote {more / 'dist/all.apkg'}"))
    assert built.exit_code == 0 and summary.endswith(f"1 new / 0 changed / {count} unchanged")
    assert "retired note" not in built.stdout, built.stdout  # the lock retires nothing, summary


def test_stats_counts_the_questions_a_story_answers(own, tmp_path):
    root, _ = own
    lines = run_cli("stats", str(root / "decks")).stdout.splitlines()
    answered = sum(1 for q in QUESTIONS if q["lp"] in SERVED)  # 14 principles of 8
    at = next(i for i, line in enumerate(lines) if line.startswith("Common questions"))
    assert lines[at:at + 2] == [
        f"Common questions your stories answer: {answered} of {len(QUESTIONS)}; your own: 2 of 3",
        f"Questions no story answers, by principle: Hire and Develop the Best ({len(_of('Hire and Develop the Best'))})"
        f" · Frugality ({len(_of('Frugality')) + 1})"]
    bare = _workspace(tmp_path / "bare")  # no questions of its own
    lines = run_cli("stats", str(bare / "decks")).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Common questions"))
    assert lines[at:at + 2] == [f"Common questions your stories answer: {answered} of {len(QUESTIONS)}",
                                "Questions no story answers, by principle: Hire and Develop the Best (8) · "
                                "Frugality (8)"]


@pytest.mark.parametrize("text,expected", [
    ("questions:\n  - id: a\n    lp: Ownershp\n    question: Tell me about a time.\n    listen_for: x\n",
     ["3:9: unknown Leadership Principle 'Ownershp'; did you mean 'Ownership'?"]),
    ("questions:\n  - id: a\n    lp: Ownership\n    question: Tell me about a time.\n",
     ["2:5: missing required key 'listen_for'"]),
    ("questions:\n  - id: a\n    lp: Ownership\n    question: Tell me.\n    listen_for: x\n    listen: y\n",
     ["6:5: unknown key 'listen'; did you mean 'listen_for'?"]),
    ("questions: []\n", ["1:12: 'questions' needs at least 1 entry"]),
    ("questons:\n  - id: a\n", ["1:1: unknown key 'questons'; did you mean 'questions'?"]),
    ("question:\n  - id: a\n    lp: Ownership\n    question: Tell me.\n    listen_for: x\n",
     ["1:1: unknown key 'question'; did you mean 'questions'?"]),
    ("questions:\n  - id: a\n    lp: Ownership\n    question: Tell me.\n    listen_for: x\n"
     "  - id: a\n    lp: Ownership\n    question: Tell me more.\n    listen_for: y\n",
     ["6:9: duplicate id 'a' (first used at line 2)"]),
])
def test_a_bad_questions_file_is_an_error_at_its_position_and_nothing_is_written(text, expected, tmp_path):
    root = _workspace(tmp_path / "ws", text)
    result = run_cli("build", str(root / "decks"), "-o", str(root / "dist"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    path = root / "decks" / "questions.yaml"
    assert result.stderr.splitlines() == [f"{path}:{where}" for where in expected]
    assert not (root / "dist").exists() and not (root / "decks" / "lpdeck.lock").exists()


def test_an_id_in_two_questions_files_is_an_error_naming_both(tmp_path):
    one = "questions:\n  - id: a\n    lp: Ownership\n    question: Tell me.\n    listen_for: x\n"
    root = _workspace(tmp_path / "ws", one)
    (root / "decks" / "more").mkdir()
    (root / "decks" / "more" / "questions.yaml").write_text(one.replace("Tell me.", "Tell me more."), encoding="utf-8")
    result = run_cli("check", str(root / "decks"))
    assert result.exit_code == 1
    said = (f"{root / 'decks/questions.yaml'}:2:9: duplicate id 'a' (also in "
            f"{root / 'decks/more/questions.yaml'}:2:9)\n")
    assert result.stderr == said + counted_problems(said)


def test_the_schema_describes_a_questions_file(tmp_path):
    import jsonschema

    schema = json.loads(run_cli("schema").stdout)
    jsonschema.validate(yaml.safe_load(COMMON.read_text(encoding="utf-8")), schema)
    jsonschema.validate(yaml.safe_load(OWN), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"questions": [{"id": "a", "lp": "Ownership", "question": "Tell me."}]}, schema)


# --- the Which-story cards of a bank ---

def test_a_studied_question_is_never_asked_the_next_common_one_is(tmp_path, collection):
    first, second, third = _of("Customer Obsession")[:3]
    root = _workspace(tmp_path / "ws")
    studied = (root / "decks" / "surprising-customer-insight.yaml").read_text(encoding="utf-8")
    old = next(line for line in studied.splitlines() if line.startswith("question:"))
    asked = first["question"].replace("actually ", "")  # near-identical, not equal
    (root / "decks" / "surprising-customer-insight.yaml").write_text(studied.replace(old, f"question: {asked}"),
                                                                      encoding="utf-8")
    assert run_cli("build", str(root / "decks"), "-o", str(root / "dist")).exit_code == 0
    import_package(collection, root / "dist" / "all.apkg")
    notes = _which(collection)
    prompts = {html.unescape(n["Question"]) for n in notes.values() if n["LP"] == "Customer Obsession"}
    assert prompts == {second["question"], third["question"]}
    questions = [yaml.safe_load(p.read_text(encoding="utf-8"))["question"] for p in (root / "decks").glob("*.yaml")]
    assert [(p, q) for p in (html.unescape(n["Question"]) for n in notes.values()) for q in questions
            if _same(p, q)] == []


def test_old_which_story_notes_retire_and_the_new_ones_join_without_duplicates(tmp_path, collection):
    old_keys = json.loads((PREVIOUS / "lpdeck.lock").read_text(encoding="utf-8"))["notes"]
    old_which = [key for key, note in old_keys.items() if note["kind"] == "which-story"]
    assert len(old_which) == 16 and all(key.startswith("all/which-story-for-") for key in old_which)
    assert import_package(collection, PREVIOUS / "all.apkg").new
    card = _which(collection)[guid(*old_which[0].split("/", 1))].cards()[0]
    review(collection, card.id)
    root = _workspace(tmp_path / "ws")
    shutil.copyfile(PREVIOUS / "lpdeck.lock", root / "decks" / "lpdeck.lock")
    assert run_cli("build", str(root / "decks"), "-o", str(root / "dist")).exit_code == 0

    log = import_package(collection, root / "dist" / "all.apkg")
    search = retired_search(lock_json.read(root / "decks" / "lpdeck.lock"))  # docs/rebuilding.md's way by hand
    assert search is not None
    collection.tags.bulk_add(collection.find_notes(search), RETIRED_TAG)

    assert not log.conflicting
    notes = _which(collection)
    retired = {g for g, note in notes.items() if RETIRED_TAG in note.tags}
    assert retired == {guid(*key.split("/", 1)) for key in old_which}
    assert len(notes) - len(retired) == _common_asked()
    assert review_count(collection, card.id) == 1  # the retired card keeps its history
    guids = [collection.get_note(nid).guid for nid in collection.find_notes("")]
    assert len(guids) == len(set(guids))
    assert not [nt.name for nt in collection.models.all_names_and_ids() if nt.name.endswith("+")]
    stored = collection.models.get(WHICH_STORY.id)
    assert [f["name"] for f in stored["flds"]] == list(WHICH_STORY.fields)
    assert [t["name"] for t in stored["tmpls"]] == ["No card", "Which story"]
    assert stored["tmpls"][1]["afmt"] == WHICH_STORY.templates[1].back
    # the new notes are of the new note type, whose card is its second template; the old ones keep theirs
    assert {note.mid for g, note in notes.items() if g not in retired} == {WHICH_STORY.id}
    assert {card.ord for g, note in notes.items() if g not in retired for card in note.cards()} == {1}
    assert {note.mid for g, note in notes.items() if g in retired} == {WHICH_STORY_BEFORE.id}
    assert collection.models.get(WHICH_STORY_BEFORE.id)["name"] == WHICH_STORY_BEFORE.name


def test_near_identical_is_either_of_lpdecks_measures():
    from lpdeck.sources.bank import Asked

    asked = Asked({"manager": "Tell me about a time you disagreed with your manager.",
                   "bug": "Walk me through the hardest production problem you have debugged.", "short": "Tell me."})
    assert asked.same_as("Tell me about a time when you disagreed with your boss.") == "manager"  # characters agree
    assert asked.same_as("Walk me through the hardest production problem you debugged") == "bug"  # words agree
    assert asked.same_as("tell me") == "short"  # no content words: the same wording only
    assert asked.same_as("Describe a disagreement with your manager, and what happened.") is None
    assert asked.same_as("Walk me through a production problem that turned out to be a hardware fault.") is None
