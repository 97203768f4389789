"""Every seed's content reaches a card: at least 95 % of each seed's distinctive passages are on the cards still taught.

The deck keeps one wording where the seeds say one thing in several, so a passage counts as kept when it, or a
near-identical passage of another seed (tests/likeness.py: difflib ratio >= 0.85 on normalised text), occurs as whole
words in the text of a card built from decks/ — all.apkg imported with Anki's default options into a fresh collection
by the official anki library, retired notes left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from card_blocks import card_texts
from conftest import import_package
from likeness import contains, near_identical, normalise
from seed_passages import PASSAGES

KEPT_AT_LEAST = 0.95
SEEDS = Path(__file__).resolve().parent / "seeds"  # the seed pages the decks were written from, as given


@pytest.fixture(scope="module")
def all_card_text(built_decks, tmp_path_factory) -> str:
    from anki.collection import Collection

    col = Collection(str(tmp_path_factory.mktemp("seeds") / "collection.anki2"))
    try:
        import_package(col, built_decks / "all.apkg")
        cards = card_texts(col)
        assert cards, "all.apkg has no card still taught"
        return "\n".join(" ".join(card.front + card.back) for card in cards)
    finally:
        col.close()


def stand_ins(seed: str, passage: str) -> list[str]:
    """The passage itself, then every near-identical passage of another seed: any of them on a card keeps it."""
    others = [p for other, passages in PASSAGES.items() if other != seed for p in passages]
    return [passage] + [p for p in others if near_identical(passage, p)]


def missing(seed: str, card_text: str) -> list[str]:
    """The seed's passages that reach no card, neither themselves nor through a near-identical passage."""
    return [p for p in PASSAGES[seed] if not any(contains(card_text, s) for s in stand_ins(seed, p))]


@pytest.mark.parametrize("seed", sorted(PASSAGES))
def test_at_least_95_percent_of_every_seeds_passages_reach_a_card(seed, all_card_text):
    lost = missing(seed, all_card_text)
    kept = 1 - len(lost) / len(PASSAGES[seed])
    print(f"{seed}: {kept:.0%} of {len(PASSAGES[seed])} passages kept")
    assert kept >= KEPT_AT_LEAST, f"{seed}: only {kept:.0%} kept; on no card: {lost}"


def test_a_near_identical_wording_keeps_a_passage_and_an_unrelated_one_does_not():
    card_text = "Keep the situation concise and focused on the problem and its business impact."
    seed = "002_2b6fc7fa2beaed4d"
    assert "Keep Situation concise and focused on the problem and its impact." in PASSAGES[seed]
    assert "Keep Situation concise and focused on the problem and its impact." not in missing(seed, card_text)
    assert "I just fixed it as fast as possible." in missing(seed, card_text)
    assert missing(seed, "") == PASSAGES[seed]


@pytest.mark.parametrize("seed", sorted(PASSAGES))
def test_every_seed_has_30_to_40_distinct_passages(seed):
    passages = PASSAGES[seed]
    assert 30 <= len(passages) <= 40, len(passages)
    assert len({normalise(p) for p in passages}) == len(passages), "a passage is listed twice"
    assert all(len(normalise(p).split()) >= 2 for p in passages), "a passage of one word is not distinctive"


def test_every_seed_page_has_its_passages():
    assert sorted(path.stem for path in SEEDS.glob("*.txt")) == sorted(PASSAGES)


@pytest.mark.parametrize("seed", sorted(PASSAGES))
def test_every_passage_is_verbatim_in_its_seed_page(seed):
    page = " ".join((SEEDS / f"{seed}.txt").read_text(encoding="utf-8").split())
    absent = [p for p in PASSAGES[seed] if " ".join(p.split()) not in page]
    assert not absent, f"{seed}: not verbatim in {SEEDS / seed}.txt: {absent}"
    assert not [p for p in PASSAGES[seed] if any(m in p for m in ("<", ">", "{{", "\n"))], "page text only, no markup"
