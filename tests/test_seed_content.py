"""Every seed's content reaches a card: its distinctive passages are found in the combined deck, as Anki renders it."""

from __future__ import annotations

import pytest

from anki_text import collection_texts
from conftest import import_package
from seed_passages import PASSAGES


@pytest.fixture(scope="module")
def all_card_text(built_decks, tmp_path_factory):
    from anki.collection import Collection

    col = Collection(str(tmp_path_factory.mktemp("seeds") / "collection.anki2"))
    try:
        import_package(col, built_decks / "all.apkg")
        return "\n".join(collection_texts(col))
    finally:
        col.close()


@pytest.mark.parametrize("seed", sorted(PASSAGES))
def test_seed_passages_reach_a_card(seed, all_card_text):
    missing = [p for p in PASSAGES[seed] if " ".join(p.split()) not in all_card_text]
    assert not missing, f"{seed}: {len(missing)} passages not on any card: {missing}"


def test_every_seed_has_passages_from_the_seed_file():
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    for seed, passages in PASSAGES.items():
        assert len(passages) >= 15
        page = " ".join((seeds / f"{seed}.txt").read_text(encoding="utf-8").split()) if seeds.is_dir() else None
        if page is not None:
            assert all(" ".join(p.split()) in page for p in passages), seed
