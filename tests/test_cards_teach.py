"""Cards that teach (issue 10): no card says the same thing twice, and no two notes give the same answer.

Read from all.apkg imported with Anki's default options into a fresh collection by the official anki library, as a
learner meets the cards still taught (retired notes left out). "The same thing" is near-identical wording as
tests/likeness.py measures it: difflib ratio >= 0.85 on normalised text.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from card_blocks import CardText, blocks, card_texts
from conftest import import_package
from likeness import likeness, near_identical, normalise
from lpdeck.principles import LEADERSHIP_PRINCIPLES


@pytest.fixture(scope="module")
def cards(built_decks, tmp_path_factory) -> list[CardText]:
    from anki.collection import Collection

    col = Collection(str(tmp_path_factory.mktemp("teach") / "collection.anki2"))
    try:
        import_package(col, built_decks / "all.apkg")
        read = card_texts(col)
        assert read, "all.apkg has no card still taught"
        return read
    finally:
        col.close()


def repeats_within(card: CardText) -> list[tuple[str, str]]:
    """Pairs of text blocks on one card (its front and what its back adds) that say the same thing."""
    return [(a, b) for a, b in combinations(card.front + card.back, 2) if near_identical(a, b)]


def _answer_blocks(card: CardText) -> list[str]:
    # A principle's name is the answer to "which principle?" on several cards (the question's and the angle's): a
    # label, not a text said twice. Under four words, a block is a heading or a label too.
    return [b for b in card.back if b not in LEADERSHIP_PRINCIPLES and len(normalise(b).split()) >= 4]


def repeated_answers(cards: list[CardText]) -> list[tuple[str, str, float]]:
    """Pairs of notes whose answers (what the backs of a note's cards add) say the same thing: the whole answers, or
    one text block of each, near-identical."""
    notes: dict[int, list[CardText]] = {}
    for card in cards:
        notes.setdefault(card.note_id, []).append(card)
    answers = [(note[0].label, " ".join(card.answer for card in note), [b for card in note for b in _answer_blocks(card)])
               for note in notes.values()]
    pairs = []
    for (label_a, whole_a, blocks_a), (label_b, whole_b, blocks_b) in combinations(answers, 2):
        for x, y in [(whole_a, whole_b), *((x, y) for x in blocks_a for y in blocks_b)]:
            if near_identical(x, y):
                pairs.append((f"{label_a}: {x[:90]}", f"{label_b}: {y[:90]}", likeness(x, y)))
                break
    return pairs


def test_no_card_shows_two_texts_that_say_the_same_thing(cards):
    repeated = {card.label + " | " + card.front[0][:60]: pairs for card in cards if (pairs := repeats_within(card))}
    assert not repeated, f"{len(repeated)} cards repeat themselves: {repeated}"


def test_no_two_notes_give_near_identical_answers(cards):
    pairs = repeated_answers(cards)
    assert not pairs, f"{len(pairs)} pairs of notes answer alike: " + "; ".join(
        f"[{a}] ~ [{b}] ({ratio:.2f})" for a, b, ratio in pairs)


def test_the_checks_find_a_repeat_where_there_is_one():
    card_html = ("<div><ul><li>Keep Situation concise and focused on the problem and its impact.</li>"
                 "<li>Keep the situation concise and focused on the problem and its business impact.</li></ul>"
                 "<p>Spending 90 seconds on system architecture.</p></div>")
    assert blocks(card_html)[2] == "Spending 90 seconds on system architecture."
    card = CardText(1, "Coaching / Coaching", ("Situation",), tuple(blocks(card_html)))
    assert len(repeats_within(card)) == 1
    other = CardText(2, "Probe / Probe", ("Why?",), ("I brought a solution, not just a problem.",))
    assert repeated_answers([card, other]) == []
    # One block said again inside a longer answer counts.
    longer = CardText(3, "Probe / Probe", ("How?",), ("Strong answer", "I brought a solution, not just a problem!",
                                                      "Weak answer", "I did escalate it - I sent them a Slack message."))
    assert [(a[:13], b[:13]) for a, b, _ in repeated_answers([card, other, longer])] == [("Probe / Probe",) * 2]
    # A principle's name as the answer of two cards does not.
    which = CardText(4, "LP angle / Which angle", ("Emphasize",), ("Bias for Action",))
    question = CardText(5, "Walkthrough / Walkthrough", ("Question",), ("Bias for Action", "For this question",
                                                                       "Make time the thread of the story."))
    assert repeated_answers([which, question]) == []
