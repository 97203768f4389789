"""The text measures both coaches score with (lpdeck.coach.measure) and the generic lessons (lpdeck.coach.lessons),
on texts written here and on the seed pages (the numbers, read by the cards stage: tests/test_cards_numbers.py)."""

from __future__ import annotations

import pytest

from lpdeck.coach.lessons import GENERIC_LESSONS, content_words, generic_lesson, specific_words
from lpdeck.coach.measure import (
    actor,
    first_person_counts,
    has_number,
    numbers,
    says_we,
    sentences,
    speaking_seconds,
    word_at,
    word_count,
    words,
    words_per_minute,
)


def test_a_word_is_a_run_of_letters_or_digits_with_its_inner_marks_and_its_sign():
    text = "I isn't $8K ready-to-merge 0.3% 10,000 — end."
    assert [w.text for w in words(text)] == ["I", "isn't", "$8K", "ready-to-merge", "0.3%", "10,000", "end"]
    assert all(text[w.start:w.end] == w.text for w in words(text))
    assert word_count("  ") == 0
    assert word_at(text, 2) == words(text)[2] and word_at(text, 7) is None and word_at(text, -1) is None


def test_speaking_seconds_are_the_words_at_the_pace():
    assert speaking_seconds("one two three " * 50) == 60.0  # 150 words at 150 a minute
    assert speaking_seconds("one two three " * 50, pace=100) == 90.0
    assert words_per_minute(300, 120) == 150.0
    assert words_per_minute(3, 0) == 0.0


def test_sentences_keep_their_offsets_and_their_closing_quotes():
    text = 'I did it. "It works." 3 teams use it! They like it'
    found = sentences(text)
    assert [s.text for s in found] == ["I did it.", '"It works."', "3 teams use it!", "They like it"]
    assert all(text[s.start:s.end] == s.text for s in found)


def test_a_list_item_and_a_paragraph_end_a_sentence():
    text = "I did three things:\n- I wrote a runbook\n- we ran game days.\n\nThen I paired with her"
    found = sentences(text)
    assert [s.text for s in found] == ["I did three things:", "- I wrote a runbook", "- we ran game days.",
                                       "Then I paired with her"]
    assert all(text[s.start:s.end] == s.text for s in found)
    assert [s.text for s in sentences("I fixed it - we shipped it\nand then I left.")] == [
        "I fixed it - we shipped it\nand then I left."]  # a dash inside a line is no list item


@pytest.mark.parametrize(("sentence", "who", "words_"), [
    ("We figured out the root cause together.", "we", "We"),
    ("Our team shipped the fix.", "we", "Our team"),
    ("My lead and I paired on the fix.", "we", "My lead and I"),
    ("Together we rolled it out.", "we", "we"),
    ("The fix we shipped held.", "we", "we"),
    ("We'll see, I said.", "we", "We'll"),
    ("I worked with our team to fix it.", "i", "I"),
    ("After we deployed, I monitored the metrics.", "i", "I"),
    ("Once we agreed, we shipped it.", "we", "we"),
    ("I'm the one who traced it.", "i", "I'm"),
    ("I and the SRE rolled it back.", "we", "I and the SRE"),
    ("Reading the logs and I found the race.", "i", "I"),
    ("When it paged, a colleague and I split the work.", "we", "a colleague and I"),
    ("Our team lead asked me to look.", None, None),
    ("Given that we had two weeks, I cut the scope.", "i", "I"),
    ("To make sure we hit the date, I cut the scope.", "i", "I"),
    ("For our team, I wrote a runbook.", "i", "I"),
    ("Unless we paused writes, the copy would drift, so I added dual writes.", "i", "I"),
    ("We, I admit, were late.", "we", "We"),
    ("We shipped it, I'm proud to say.", "we", "We"),
    ("Then we rolled it back, I think on Tuesday.", "we", "we"),
    ("First, we agreed on the plan.", "we", "we"),
    ("Priya and I paired on the cut-over.", "we", "Priya and I"),
    ("Priya Sharma and I paired on it.", "we", "Priya Sharma and I"),
    ("She and I split the shards.", "we", "She and I"),
    ("Me and my lead rewrote it.", "we", "Me and my lead"),
    ("When it paged, Jan and I split the work.", "we", "Jan and I"),
    ("Jan asked, and I agreed.", "i", "I"),
    ("- Priya and I paired on it.", "we", "Priya and I"),
    ("- After we deployed, I monitored it.", "i", "I"),
    ("\u201cWe ship Friday,\u201d I told the VP.", "i", "I"),
    ('"We ship Friday," I told the VP.', "i", "I"),
    ("\u2018We\u2019re late,\u2019 I said.", "i", "I"),
    ("\u201cWe shipped it,\u201d my lead said.", None, None),
    ('"I will," we said.', "we", "we"),
    ("They fixed it, i.e. the Platform team.", None, None),
    ("The Platform team adopted my alert pattern.", None, None),
])
def test_the_actor_of_a_sentence_is_the_first_i_or_we_of_its_main_clause(sentence, who, words_):
    found = actor(sentence)
    assert (found.actor if found else None) == who
    assert says_we(sentence) or who != "we"
    if found:
        assert found.span.text == words_ and sentence[found.span.start:found.span.end] == words_


def test_first_person_counts_in_a_transcript_without_capitals_or_punctuation():
    assert first_person_counts("so i noticed it and we fixed it then our team shipped it i'm sure we did") == (2, 3)
    assert first_person_counts("My team and I") == (1, 1)  # each word counted once, as said


def test_the_coaches_numbers_are_the_cards_reading_of_them():
    # one reading of what a number is (tests/test_cards_numbers.py): the written rule, the spoken report and the
    # Tell-it card's self-check cannot disagree on a result's numbers
    from lpdeck.cards import numbers as card_numbers

    assert (numbers, has_number) == (card_numbers.numbers, card_numbers.has_number)
    assert [(n.span.text, n.value) for n in numbers("Tickets halved, twice as fast, from forty to four minutes.")] == [
        ("halved", 0.5), ("twice", 2.0), ("forty", 40.0), ("four", 4.0)]


# The seed pages' own weak reflections, and their strong ones (tests/seeds/000 and 001).
WEAK = ["I learned communication is important", "I would communicate more with the team.",
        "Generic reflection like 'communication is important' that applies to any story"]
STRONG = [
    "I would propose a shared webhook reliability SLO and implement cross-team monitoring dashboards earlier to "
    "prevent silent failures and improve visibility.",
    "In retrospect, I would have proposed a shared webhook reliability SLO earlier. I learned how to reproduce race "
    "conditions locally and write safe retry logic. The real gap was zero shared visibility into cross-team payment "
    "health, which caused delayed detection.",
    "The root cause was no shared webhook reliability SLO across teams - an organizational gap causing zero shared "
    "visibility into cross-team payment health. Addressing this systemic issue can prevent similar problems.",
]


@pytest.mark.parametrize("text", WEAK)
def test_the_pages_generic_lessons_are_found(text):
    assert generic_lesson(text) is not None


@pytest.mark.parametrize("text", STRONG)
def test_the_pages_strong_reflections_are_no_generic_lesson(text):
    assert generic_lesson(text) is None


def test_every_documented_generic_lesson_is_found_by_its_own_name():
    for name, _ in GENERIC_LESSONS:
        if name != "the importance of communication or teamwork":
            assert generic_lesson(f"I learned that {name}.") is not None, name
    assert generic_lesson("I learned the importance of teamwork.") is not None


@pytest.mark.parametrize(("text", "lesson"), [
    ("I learned how important communication is.", "how important communication is"),
    ("Looking back, communication was critical.", "communication was critical"),
    ("I realized that teamwork matters.", "teamwork matters"),
    ("I learned to communicate early and often.", "communicate early"),
    ("Now I over-communicate.", "over-communicate"),
])
def test_the_same_generic_lessons_in_other_words_are_found(text, lesson):
    found = generic_lesson(text)
    assert found is not None and found.text == lesson and text[found.start:found.end] == lesson


def test_specific_words_are_the_storys_own_content_words_not_the_lessons():
    story = ["I traced the webhook drops to a race condition.", "I communicated the fix to the Platform team."]
    assert [w.text for w in specific_words("I learned communication is important.", story)] == []
    assert [w.text for w in specific_words("Webhooks need an owner: communication is important.", story)] == [
        "Webhooks"]
    assert "webhoo" in content_words("webhooks") and "the" not in content_words("the")
