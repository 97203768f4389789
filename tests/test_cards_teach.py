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
from lpdeck.sources.principles import LEADERSHIP_PRINCIPLES


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


TELL_IT = "lpdeck · Tell it / Tell it"


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
        if label_a == label_b == TELL_IT:
            # each question of a story has its Tell-it card (issue 19): one story, one outline and self-check; what
            # each question changes differs (tests/test_tell.py)
            continue
        # the principle alone answers "which principle?" for two questions testing it: a label, as above
        wholes = [] if whole_a in LEADERSHIP_PRINCIPLES else [(whole_a, whole_b)]
        for x, y in [*wholes, *((x, y) for x in blocks_a for y in blocks_b)]:
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


def _new_card_queue(col, deck: str) -> list:
    """The new cards a learner studying ``deck`` meets, in order, with Anki's default options but no daily limit."""
    config = col.decks.config_dict_for_deck_id(col.decks.id_for_name(deck))
    config["new"]["perDay"] = 9999
    col.decks.save(config)
    col.decks.select(col.decks.id_for_name(deck))
    queued = col.sched.get_queued_cards(fetch_limit=9999).cards
    return [col.get_card(entry.card.id) for entry in queued]


def test_new_cards_teach_the_story_before_they_test_it(built_decks, collection):
    import_package(collection, built_decks / "all.apkg")
    queue = _new_card_queue(collection, "LP Interview")
    kinds = [card.note_type()["name"].removeprefix("lpdeck · ") for card in queue]
    assert kinds[0] == "Story"  # the story at a glance comes first
    assert not [c for c in queue if "lpdeck::retired" in c.note().tags]  # retired notes are not to learn
    first_test = min(kinds.index(kind) for kind in ("Quiz", "Walkthrough", "Probe") if kind in kinds)
    drills = [i for i, kind in enumerate(kinds) if kind == "Drill"]
    assert drills and max(drills) < first_test, "every STAR step is drilled before any question tests the story"
    reads = [i for i, kind in enumerate(kinds) if kind == "Read"]  # each step's coaching is on its Read card's back
    assert len(reads) == len(drills) and max(reads) < first_test and "Coaching" not in kinds


def test_one_questions_package_brings_its_story_and_only_that_question(built_decks, collection):
    import_package(collection, built_decks / "calculated-risk.apkg")
    story = "LP Interview::Stories::Webhook drops in another team's service"
    queue = _new_card_queue(collection, story)  # the deck the README says to study for one question
    tags = [set(card.note().tags) for card in queue]
    assert any("kind::drill" in t for t in tags) and any("kind::key-phrases" in t for t in tags)
    assert any("walkthrough::calculated-risk" in t for t in tags)
    assert not [t for t in tags if any(tag.startswith("walkthrough::") and tag != "walkthrough::calculated-risk"
                                        for tag in t)]
    assert tags.index(next(t for t in tags if "kind::drill" in t)) < tags.index(
        next(t for t in tags if "walkthrough::calculated-risk" in t))


def test_no_card_shows_the_answer_of_a_sibling_card(built_decks, collection):
    """A card never shows, on its front, the answer of a sibling card the learner has not met yet.

    New cards of one note (an angle's two, a story's two) come in template order, often on the same day: an earlier
    card must not give away a later one's answer.
    """
    from anki_text import visible_text

    import_package(collection, built_decks / "all.apkg")
    checked = 0
    for note_id in collection.find_notes("-tag:lpdeck::retired"):
        cards = collection.get_note(note_id).cards()
        if len(cards) < 2 or cards[0].note_type()["type"] == 1:
            continue  # a cloze card shows the other blanks' phrases by design: that is the text it is read in
        rendered = [card.render_output(reload=True) for card in cards]
        for earlier, later in ((i, j) for i in range(len(cards)) for j in range(len(cards)) if cards[i].ord < cards[j].ord):
            one, other = rendered[earlier], rendered[later]
            added = visible_text(other.answer_text).removeprefix(visible_text(other.question_text)).strip()
            assert added and added not in visible_text(one.question_text), added
            checked += 1
    assert checked, "the decks should have notes with several cards"


def test_no_quiz_gives_its_answer_away_by_length():
    """The correct option is never the one clearly longer than every distractor (a test-wise learner's clue)."""
    from conftest import DECKS
    from lpdeck.build import load_sources
    from lpdeck.sources.workspace import resolve

    quizzes = [quiz for walkthrough in load_sources(resolve([DECKS])).walkthroughs.values() for quiz in walkthrough.quiz]
    assert quizzes
    for quiz in quizzes:
        longest_distractor = max(len(text) for key, text in quiz.options.items() if key not in quiz.answer)
        for key in quiz.answer:
            assert len(quiz.options[key]) <= 1.2 * longest_distractor, (quiz.id, quiz.options[key])
