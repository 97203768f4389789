"""Teach before test, whatever the names (issue 24): the order Anki's own scheduler shows new cards in, at its
default options, studied day by day with every answer Good (tests/anki_days.py), checked against the rules of
tests/teach_order.py on the example and on the bank, its stories and questions renamed to sort before and after
"Which story", and on a bank so small that the last story's cards of a note type's second template share their first
day with the first Which-story cards."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from anki_days import first_seen
from conftest import BANK, DECKS, import_package, run_cli
from sources import STORY, WALKTHROUGH, write_sources
from teach_order import broken_rules

TITLE = re.compile(r"^title: (.*)$", re.M)


def _built(sources: Path, root: Path, rename: bool) -> Path:
    shutil.copytree(sources, root / "decks")
    (root / "decks" / "lpdeck.lock").unlink(missing_ok=True)
    if rename:  # stories and questions alternately first and last in deck-name order, around "Which story"
        for number, path in enumerate(sorted((root / "decks").rglob("*.yaml"))):
            text = path.read_text(encoding="utf-8")
            prefix = "Working a shift" if number % 2 else "Aardvark"
            path.write_text(TITLE.sub(f"title: {prefix} \\1", text, count=1), encoding="utf-8")
    result = run_cli("build", str(root / "decks"), "-o", str(root / "dist"))
    assert result.exit_code == 0, result.output
    return root / "dist" / "all.apkg"


def _small_bank(folder: Path) -> Path:
    """Two copies of the tiny test story, each with its walkthrough: 42 cards, so the second story's Takeaways and
    "Tell it for the LP" cards are first shown on the day of the first Which-story cards."""
    write_sources(folder)
    again = STORY.replace("story: tiny-story", "story: tiny-again").replace("title: The tiny story", "title: Tiny again")
    (folder / "again.yaml").write_text(again, encoding="utf-8")
    walk = WALKTHROUGH.replace("walkthrough: tiny-walk", "walkthrough: tiny-walk-again")
    walk = walk.replace("story: tiny-story", "story: tiny-again").replace("title: Tiny walk", "title: Tiny walk again")
    (folder / "walk-again.yaml").write_text(walk, encoding="utf-8")
    return folder


@dataclass
class Studied:
    cards: list  # as first seen
    decks: list[str]
    days: list[int]  # the day each card is first seen on


def _studied(sources: Path | None, rename: bool) -> Studied:
    """``sources`` built and imported into a fresh collection (in memory where the machine has /dev/shm: a day of
    study writes the collection hundreds of times), studied to the last new card."""
    from anki.collection import Collection

    root = Path(tempfile.mkdtemp(dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    sources = sources or _small_bank(root / "small-bank")
    collection = Collection(str(root / "collection.anki2"))
    try:
        import_package(collection, _built(sources, root, rename))
        order = first_seen(collection)
        assert len(order) == len(collection.find_cards("-tag:lpdeck::retired")), "every card is met"
        for _, card in order:
            card.note()  # read while the collection is open
        return Studied([card for _, card in order], sorted(d.name for d in collection.decks.all_names_and_ids()),
                       [day for day, _ in order])
    finally:
        collection.close()
        shutil.rmtree(root)


CASES: dict[str, tuple[Path | None, bool]] = {
    "example": (DECKS, False), "bank": (BANK, False), "bank-renamed": (BANK, True), "example-renamed": (DECKS, True),
    "small-bank": (None, False)}  # None: _small_bank


@pytest.fixture(scope="module")
def studied() -> dict[str, Studied]:
    return {}


def _case(studied: dict[str, Studied], name: str) -> Studied:
    if name not in studied:
        studied[name] = _studied(*CASES[name])
    return studied[name]


@pytest.mark.parametrize("case", list(CASES))
def test_no_card_asks_for_what_no_earlier_card_showed(case, studied):
    sources = CASES[case][0]
    cards = _case(studied, case).cards
    kinds = [tag for card in cards for tag in card.note().tags if tag.startswith("kind::")]
    assert {"kind::read", "kind::drill", "kind::key-phrases", "kind::tell-it"} <= set(kinds)
    assert ("kind::which-story" in kinds) is (sources != DECKS)
    assert broken_rules(cards) == []
    # the first card is the story at a glance, the second shows the Situation before anything asks for it
    assert kinds[:3] == ["kind::story", "kind::read", "kind::drill"]


def test_the_renamed_bank_really_sorts_around_which_story(studied):
    names = _case(studied, "bank-renamed").decks
    stories = [name for name in names if name.count("::") == 2]
    assert any(n.split("::")[2] < "Which story" for n in stories) and any(n.split("::")[2] > "Which story"
                                                                         for n in stories)
    assert "LP Interview::Which story" in names


def test_the_rules_catch_a_story_taught_after_the_choice(studied):
    """The check is no stub: the bank's order turned round breaks each rule."""
    cards = _case(studied, "bank").cards
    problems = broken_rules(cards[::-1])
    for said in ("asks for a strong example no card has shown", "asks for key phrases before the step's drill",
                 "the whole story before", "names a story"):
        assert any(said in problem for problem in problems), said


def test_the_small_bank_really_shows_second_templates_on_the_first_choice_day(studied):
    """The case the rules once missed: on the day of the first Which-story card, Anki also first shows a story's cards
    of a note type's second template (Takeaways, "Tell it for the LP"), and sorts that day's batch by template: the
    Which-story card, its note type's second template, comes after them (test above)."""
    small = _case(studied, "small-bank")
    kinds = [next(t for t in card.note().tags if t.startswith("kind::")) for card in small.cards]
    first_choice = kinds.index("kind::which-story")
    day = small.days[first_choice]
    that_day = [(kind, card) for kind, card, seen in zip(kinds, small.cards, small.days, strict=True) if seen == day]
    second = {kind for kind, card in that_day if card.ord == 1}
    assert "kind::which-story" in second and second & {"kind::story", "kind::lp-angle"}
    assert all(card.ord == 1 for kind, card in that_day if kind == "kind::which-story")
