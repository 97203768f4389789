"""The words a telling said, counted from words heard with their times (``coach/pace.py``): hand-made timings."""

from __future__ import annotations

from lpdeck.coach.listen import Word
from lpdeck.coach.pace import followed


def words_said(heard: list[Word], story: list[str]) -> int:
    return followed(heard, story).words_said


STORY = ["i", "traced", "the", "failure", "to", "an", "expired", "certificate", "and", "rotated", "it"]


def _timed(*spans: tuple[str, float]) -> list[Word]:
    """Words one after another, each lasting its given seconds, with no pause between them."""
    words, at = [], 0.0
    for text, seconds in spans:
        words.append(Word(text, at, at + seconds))
        at += seconds
    return words


def test_words_heard_as_the_story_has_them_are_counted_as_heard():
    assert words_said(_timed(*[(w, 0.3) for w in STORY]), STORY) == 11


def test_words_run_together_are_counted_back_when_the_time_between_held_them():
    # "the failure to an" heard as silence: 1.2 s between "traced" and "expired", 0.3 s a word
    heard = _timed(("i", 0.3), ("traced", 0.3))
    heard += [Word(w, 1.8 + 0.3 * n, 2.1 + 0.3 * n) for n, w in enumerate(STORY[6:])]
    assert words_said(heard, STORY) == 11


def test_a_step_left_out_is_not_counted_back():
    # "the failure to an expired certificate" never said: a 0.1 s pause, where six words do not fit
    heard = _timed(("i", 0.3), ("traced", 0.3))
    heard += [Word(w, 0.7 + 0.3 * n, 1.0 + 0.3 * n) for n, w in enumerate(STORY[8:])]
    assert words_said(heard, STORY) == 5


def test_one_long_word_split_into_short_ones_is_counted_once():
    # "certificate" (0.3 s at this pace) heard as three words in the same 0.3 s
    heard = _timed(*[(w, 0.3) for w in STORY[:7]], ("search", 0.1), ("if", 0.1), ("eight", 0.1),
                   *[(w, 0.3) for w in STORY[8:]])
    assert words_said(heard, STORY) == 11


def test_words_said_beyond_the_story_are_kept_when_they_took_their_time():
    heard = _timed(*[(w, 0.3) for w in STORY[:8]], ("late", 0.3), ("at", 0.3), ("night", 0.3),
                   *[(w, 0.3) for w in STORY[8:]])
    assert words_said(heard, STORY) == 14


def test_nothing_like_the_story_is_counted_as_heard():
    assert followed(_timed(("hello", 0.3), ("there", 0.3)), STORY) == (2, 0.0)


def test_the_share_of_words_heard_that_follow_the_story():
    heard = _timed(*[(w, 0.3) for w in STORY[:8]], ("late", 0.3), ("at", 0.3), ("night", 0.3),
                   *[(w, 0.3) for w in STORY[8:]])
    assert followed(heard, STORY).share == 11 / 14
    assert followed([], STORY) == (0, 0.0)
