"""Blanks grammar gives away (issue 24): which key phrases are never blanked on the seeds and the bank, and why.

The expected lists were read off the sources by hand: every key phrase of decks/ (the seeds' story), of the seeds as
`lpdeck import` reads them, and of tests/bank, judged by the rule in lpdeck.cards.guessable's docstring.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BANK, DECKS, import_package, run_cli
from lpdeck.build import load_sources
from lpdeck.cards.guessable import blankable, guessable_reason
from lpdeck.sources.workspace import resolve

SEEDS = sorted((Path(__file__).resolve().parent / "seeds").glob("*.txt"))
PRONOUN_AND_VERB = "a pronoun and its verb"
FUNCTION_WORDS = "function words only"


@pytest.mark.parametrize(("phrase", "reason"), [
    ("I traced", PRONOUN_AND_VERB), ("nobody had asked", PRONOUN_AND_VERB), ("I proposed it", None),
    ("nobody owned it", None), ("Nobody had asked me", None),
    ("I didn't ask", PRONOUN_AND_VERB), ("We’d shipped", PRONOUN_AND_VERB), ("not mine", FUNCTION_WORDS),
    ("it was", FUNCTION_WORDS), ("I took ownership", None), ("I traced it to a race", None), ("no ticket", None),
    ("in ten weeks", None), ("23% to 3%", None), ("That was the freeze", None), ("My task was to fix timeouts", None),
    ("I disagree, and I'll commit", None), ("coordinated with their engineers", None),
])
def test_the_rule(phrase, reason):
    assert guessable_reason(phrase) == reason


def _guessable(folder: Path) -> dict[str, str]:
    sources = load_sources(resolve([folder]))
    return {phrase: reason for story in sources.stories.values() for step in story.steps for phrase in step.phrases
            if (reason := guessable_reason(phrase))}


def test_which_blanks_go_on_the_seeds_story():
    assert _guessable(DECKS) == {
        "I noticed": PRONOUN_AND_VERB, "not mine": FUNCTION_WORDS, "nobody had asked": PRONOUN_AND_VERB,
        **dict.fromkeys(("I pulled", "I traced", "I reproduced", "I wrote", "I added", "I submitted"),
                        PRONOUN_AND_VERB)}


def test_which_blanks_go_on_the_seed_pages_as_imported(tmp_path):
    assert run_cli("import", *map(str, SEEDS), "-o", str(tmp_path / "decks")).exit_code == 0
    assert _guessable(tmp_path / "decks") == {
        "I noticed": PRONOUN_AND_VERB, "not mine": FUNCTION_WORDS, "nobody had asked": PRONOUN_AND_VERB,
        **dict.fromkeys(("I pulled", "I traced", "I reproduced", "I wrote", "I added", "I submitted",
                         "I coordinated"), PRONOUN_AND_VERB)}


def test_which_blanks_go_on_the_bank():
    # the bank's authors wrote phrases that hold content; its two pronoun-led ones go on past the verb
    assert _guessable(BANK) == {}
    phrases = [p for story in load_sources(resolve([BANK])).stories.values() for step in story.steps for p in step.phrases]
    assert len(phrases) == 130 and blankable(phrases) == phrases
    assert {"I proposed it", "Nobody had asked me"} <= set(phrases)
    assert blankable(["I proposed", "pool size set explicitly"]) == ["pool size set explicitly"]


def test_a_phrase_left_unblanked_still_shows_highlighted(built_decks, collection):
    """In Anki: the Action step's key-phrases card blanks only "coordinated with their engineers", while its Read and
    Drill cards highlight every phrase the author wrote."""
    import_package(collection, built_decks / "all.apkg")
    notes = {kind: collection.get_note(collection.find_notes(f'"tag:kind::{kind}" "tag:step::action"')[0])
             for kind in ("key-phrases", "read", "drill")}
    text = notes["key-phrases"]["Text"]
    assert text.count("{{c") == text.count("{{c1::") == 1 and "{{c1::coordinated with their engineers}}" in text
    assert "I traced" in text  # in the text, not blanked
    for kind, field in (("read", "Example"), ("drill", "Example")):
        marked = notes[kind][field]
        for phrase in ("I pulled", "I traced", "I submitted", "coordinated with their engineers"):
            assert f'<mark class="lp-hl">{phrase}</mark>' in marked, (kind, phrase)
    cards = notes["key-phrases"].cards()
    assert len(cards) == 1
    front = cards[0].render_output(reload=True).question_text
    assert front.count("[...]") == 1 and "I traced" in front
