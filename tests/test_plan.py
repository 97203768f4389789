"""`lpdeck plan --by DATE`: the arithmetic worked by hand, the estimate against Anki's own scheduler, the command."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from anki.cards import Card
from anki.collection import Collection
from anki.scheduler_pb2 import CardAnswer
from click.testing import CliRunner

from conftest import DECKS, import_package
from lpdeck.cli import main
from lpdeck.loop import plan as plan_module
from lpdeck.loop import schedule
from lpdeck.loop.plan import cards_to_meet, interview_date, make_plan, plan_lines
from lpdeck.sources.workspace import resolve
from sources import STORY, write_sources

TODAY = date(2026, 6, 1)  # a Monday


class _FixedDate(date):
    @classmethod
    def today(cls) -> _FixedDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(plan_module, "date", _FixedDate)


def _in(days: int) -> date:
    return TODAY + timedelta(days=days)


# --- new cards a day ---------------------------------------------------------------------------------------------

def test_90_cards_12_days_away_are_12_a_day_over_8_study_days():
    # the last day to first see a card is 5 days before the interview (day 12 - 5 = day 7); today is day 0: 8 days
    plan = make_plan(90, TODAY, _in(12))
    assert (plan.days_left, plan.new_days, plan.per_day) == (12, 8, 12)  # ceil(90 / 8) = ceil(11.25)
    assert plan.new_by_day == [12, 12, 12, 12, 12, 12, 12, 6]  # 7 × 12 = 84, the last 6 on day 7


def test_a_date_far_enough_away_may_finish_early():
    plan = make_plan(10, TODAY, _in(12))  # 8 study days: ceil(10 / 8) = 2 a day, all 10 seen in 5 days
    assert (plan.per_day, plan.new_by_day) == (2, [2, 2, 2, 2, 2])


def test_five_days_away_all_cards_are_new_today():
    plan = make_plan(40, TODAY, _in(5))  # day 5 - 5 = day 0: only today leaves 5 days of review
    assert (plan.new_days, plan.per_day) == (1, 40)


@pytest.mark.parametrize(("days", "cards", "per_day"), [(4, 40, 10), (3, 40, 14), (2, 40, 20)])
def test_closer_than_5_days_cards_are_spread_up_to_the_day_before(days, cards, per_day):
    plan = make_plan(cards, TODAY, _in(days))
    assert (plan.new_days, plan.per_day) == (days, per_day)  # ceil(40/4), ceil(40/3), ceil(40/2)
    lines = plan_lines(plan, met=None)
    assert (f"the interview is in {days} days: cards will be first seen up to the day before, with less than 5 days "
            "of review") in lines
    assert not any("at least 5 days before" in line for line in lines)


def test_tomorrow_all_cards_are_new_today_with_no_review_before_the_interview():
    plan = make_plan(30, TODAY, _in(1))
    assert (plan.new_days, plan.per_day, plan.reviews) == (1, 30, (0.0,))
    lines = plan_lines(plan, met=None)
    assert "new cards a day: 30, today" in lines
    assert any(line.startswith("the interview is tomorrow: all 30 cards would be new today") for line in lines)
    assert "reviews until the interview: none (a card's first review is the day after it is first seen)" in lines


def test_today_says_what_is_still_possible():
    plan = make_plan(30, TODAY, TODAY)
    assert (plan.days_left, plan.new_days, plan.per_day, plan.reviews) == (0, 1, 30, ())
    lines = plan_lines(plan, met=None)
    assert lines[0] == "interview: Mon 2026-06-01, today (today is Mon 2026-06-01)"
    assert any(line.startswith("the interview is today: all 30 cards would be new now") and "lpdeck preview" in line
               for line in lines)
    assert plan.review_limit == 30  # the new cards alone, all today


def test_no_card_left_to_meet():
    plan = make_plan(0, TODAY, _in(12))
    assert (plan.per_day, plan.new_by_day, plan.review_limit) == (0, [], 0)
    assert plan_lines(plan, met=25)[-1] == "nothing new to learn before the interview"


# --- the reviews: Anki's rules worked by hand ---------------------------------------------------------------------

def test_good_on_review_cards_lands_on_anki_s_fuzzed_intervals():
    # 1 day: hard = max(1.2, 1+1) = 2 (no fuzz below 2.5 days); good = 1 × 2.5, at least 3: fuzz 1 + 0.15 × (3 - 2.5)
    # = 1.075 around 3 → round(1.925)..round(4.075) = 2..4, raised to 3: 3 or 4
    assert schedule.next_intervals(1) == {3: Fraction(1, 2), 4: Fraction(1, 2)}
    # 3 days: hard 3.6 → at least 4: 4 ± 1.225 → 3..5 → 4..5; good 7.5 ± (1 + 0.675 + 0.05) → 6..9, at least 5 or 6
    assert schedule.next_intervals(3) == {days: Fraction(1, 4) for days in (6, 7, 8, 9)}
    # 4 days: good 10 ± (1 + 0.675 + 0.3) = 8.025..11.975 → 8..12
    assert schedule.next_intervals(4) == {days: Fraction(1, 5) for days in (8, 9, 10, 11, 12)}


def test_one_card_s_reviews_day_by_day():
    # seen on day 0, graduates (1 day): day 1; then 3 or 4 days on: day 4 or 5 (1/2 each); from day 4 (interval 3)
    # 6..9 days on: days 10..13 (1/8 each); from day 5 (interval 4) 8..12 days on: days 13..17 (1/10 each)
    expected = [0, 1, 0, 0, 1 / 2, 1 / 2, 0, 0, 0, 0, 1 / 8, 1 / 8, 1 / 8, 1 / 8 + 1 / 10]
    assert schedule.review_chances(14) == pytest.approx(expected)


def test_90_cards_12_days_away_reviews_worked_by_hand():
    # day k: new[k-1] + (new[k-4] + new[k-5]) / 2 + (new[k-10] + ... + new[k-13]) / 8 (+ new[k-13] / 10), with
    # new = 12 a day on days 0..6 and 6 on day 7
    plan = make_plan(90, TODAY, _in(12))
    by_hand = [0, 12, 12, 12, 12 + 6, 12 + 12, 12 + 12, 12 + 12, 6 + 12, 0 + 12, 12 + 12 / 8, 9 + 24 / 8]
    assert plan.reviews == pytest.approx(by_hand)
    lines = plan_lines(plan, met=None)
    assert lines[:3] == [
        "interview: Sat 2026-06-13, in 12 days (today is Mon 2026-06-01)",
        "cards to meet: 90, every card the packages hold (`lpdeck plan` cannot see your collection; `lpdeck push "
        "--by DATE` asks Anki which are still new)",
        "new cards a day: 12, today through Mon 2026-06-08, so every card is first seen at least 5 days before the "
        "interview",
    ]
    # peak 24 first on day 5; average 181.5 / 12 = 15.1
    assert lines[3] == "reviews a day until the interview: about 24 at the peak (Sat 2026-06-06), 15 on average"
    assert lines[4].startswith("estimated day by day at Anki's default options (learning steps 1m 10m, graduating "
                               "interval 1 day, ease 250%, FSRS off), every answer Good, its random fuzz averaged out")
    assert lines[5].startswith("each Again adds")
    # the busiest day for the reviews/day limit: day 5..7 hold 12 new + ceil(1.25 × 24) = 42
    assert plan.review_limit == 42


def test_the_reviews_day_limit_holds_the_busiest_day_with_a_quarter_to_spare():
    # 19 cards, 12 days away: 3 a day on days 0..5, 1 on day 6; reviews (as above) 3, 3, 3 on days 1..3,
    # 3 + 3/2 = 4.5 on day 4, 3 + 3 = 6 on days 5 and 6; day 5: 3 new + ceil(1.25 × 6) = 3 + 8 = 11, the most
    plan = make_plan(19, TODAY, _in(12))
    assert plan.reviews[:7] == pytest.approx([0, 3, 3, 3, 4.5, 6, 6])
    assert plan.review_limit == 11


def test_the_estimate_uses_anki_s_default_options(collection):
    default = collection.decks.get_config(1)
    assert default["new"]["delays"] == [1.0, 10.0] and schedule.LEARNING_STEPS == ("1m", "10m")
    assert default["new"]["ints"][0] == schedule.GRADUATING_INTERVAL
    assert default["new"]["initialFactor"] == schedule.STARTING_EASE * 1000
    assert default["rev"]["hardFactor"] == schedule.HARD_FACTOR and default["rev"]["ivlFct"] == 1.0
    assert default["rev"]["maxIvl"] == schedule.MAXIMUM_INTERVAL
    assert not collection.get_config("fsrs", False)


def _anki_days(folder: Path, cards: int, per_day: int, days: int) -> list[Counter]:
    """Study ``cards`` Basic cards in Anki's own scheduler for ``days`` days, answering Good: each day's cards by queue."""
    path = str(folder / "collection.anki2")
    col = Collection(path)
    preset = col.decks.get_config(1)
    preset["new"]["perDay"], preset["rev"]["perDay"] = per_day, 9999
    col.decks.update_config(preset)
    basic = col.models.by_name("Basic")
    for number in range(cards):
        note = col.new_note(basic)
        note["Front"], note["Back"] = f"q{number}", "a"
        col.add_note(note, 1)
    shown = []
    for _ in range(days):
        queues: Counter = Counter()
        while (queued := col.sched.get_queued_cards(fetch_limit=1).cards):
            card = Card(col)
            card._load_from_backend_card(queued[0].card)
            card.start_timer()
            queues[queued[0].queue] += 1
            col.sched.answer_card(col.sched.build_answer(card=card, states=queued[0].states, rating=CardAnswer.GOOD))
        shown.append(queues)
        col.db.execute("update col set crt = crt - 86400")  # the collection is a day older: tomorrow comes
        col.close()
        col = Collection(path)
    col.close()
    return shown


def test_the_estimate_matches_anki_s_own_scheduler(tmp_path):
    plan = make_plan(90, TODAY, _in(12))
    shown = _anki_days(tmp_path, 90, plan.per_day, 12)
    assert [day[0] for day in shown] == plan.new_by_day + [0] * 4  # queue 0: new cards, exactly as planned
    assert [day[1] for day in shown] == [day[0] for day in shown]  # queue 1: each new card's 10m step, once
    reviews = [day[2] for day in shown]  # queue 2: reviews; fuzz (and Anki's load balancer) moves a few by a day
    assert abs(sum(reviews) - sum(plan.reviews)) <= 8, (reviews, plan.reviews)
    assert all(abs(real - estimate) <= 6 for real, estimate in zip(reviews, plan.reviews, strict=True)), reviews
    assert max(reviews) <= math.ceil(plan_module.REVIEW_MARGIN * max(plan.reviews))


# --- the date ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("tomorrow", "'tomorrow' is not a date: write it as YYYY-MM-DD, e.g. 2026-06-15"),
    ("2026-6-20", "'2026-6-20' is not a date: write it as YYYY-MM-DD"),
    ("2026-02-30", "'2026-02-30' is not a date: day is out of range for month"),
    ("2026-05-31", "2026-05-31 is in the past (today is 2026-06-01): give the interview's date"),
])
def test_a_date_that_is_not_one_or_is_past_is_refused(text, message):
    with pytest.raises(ValueError) as refused:
        interview_date(text, TODAY)
    assert str(refused.value).startswith(message)


def test_today_and_later_are_dates():
    assert interview_date("2026-06-01", TODAY) == TODAY and interview_date(" 2027-01-31 ", TODAY) == date(2027, 1, 31)


# --- the command ---------------------------------------------------------------------------------------------------

def _plan(*args: str):
    return CliRunner().invoke(main, ["plan", *args], catch_exceptions=False)


def test_plan_prints_the_plan_for_every_card_of_the_packages(tmp_path, fixed_today, collection):
    sources = write_sources(tmp_path / "decks")
    result = _plan("--by", "2026-06-13", str(sources))
    assert result.exit_code == 0, result.output
    assert not (sources / "lpdeck.lock").exists() and not (tmp_path / "dist").exists()  # nothing written
    built = CliRunner().invoke(main, ["build", str(sources), "-o", str(tmp_path / "dist")])
    assert built.exit_code == 0, built.output
    import_package(collection, tmp_path / "dist" / "all.apkg")
    cards = len(collection.find_cards(""))  # the cards Anki makes of the package: 19 today (more as kinds are added)
    assert cards >= 19
    per_day = math.ceil(cards / 8)  # 12 days away: 8 study days
    last = TODAY + timedelta(days=math.ceil(cards / per_day) - 1)
    lines = result.stdout.splitlines()
    assert lines[0] == "interview: Sat 2026-06-13, in 12 days (today is Mon 2026-06-01)"
    assert lines[1].startswith(f"cards to meet: {cards}, every card the packages hold")
    assert lines[2].startswith(f"new cards a day: {per_day}, today through {last:%a} {last.isoformat()}, so every card")
    assert lines[3].startswith("reviews a day until the interview: about ")


def test_minutes_a_day_count_two_showings_of_a_new_card_and_one_of_a_review():
    # tomorrow: all 30 cards today, each shown new and at its 10m step; no review before the interview
    lines = plan_lines(make_plan(30, TODAY, _in(1), seconds_a_card=40), met=None)
    assert f"minutes a day: about 40 at the peak ({TODAY:%a} {TODAY.isoformat()}), 40 on average, at 40 seconds " \
           "a showing of the average card to meet; a new card is shown 2 times on its first day" in lines
    plan = make_plan(90, TODAY, _in(12), seconds_a_card=30)  # 12 a day over 8 days, then reviews only
    minutes = [(2 * new + reviews) * 30 / 60 for new, reviews in zip(plan.new_by_day + [0] * 4, plan.reviews, strict=True)]
    peak = max(minutes)
    assert any(line.startswith(f"minutes a day: about {math.floor(peak + 0.5)} at the peak") for line in
               plan_lines(plan, met=None))
    assert not any(line.startswith("minutes a day") for line in plan_lines(make_plan(90, TODAY, _in(12)), None))


def test_a_new_card_is_shown_twice_on_its_first_day_in_anki(built_decks, collection):
    """Anki's default learning steps, 1m and 10m: Good on a new card goes to the 10m step, Good there graduates."""
    from anki.cards import Card
    from anki.scheduler_pb2 import CardAnswer

    import_package(collection, built_decks / "all.apkg")
    collection.decks.select(collection.decks.id_for_name("LP Interview"))
    shown: dict[int, int] = {}
    while queued := collection.sched.get_queued_cards(fetch_limit=1).cards:
        card = Card(collection, backend_card=queued[0].card)
        shown[card.id] = shown.get(card.id, 0) + 1
        card.start_timer()
        collection.sched.answer_card(collection.sched.build_answer(card=card, states=queued[0].states,
                                                                   rating=CardAnswer.GOOD))
    assert len(shown) == 20 and set(shown.values()) == {2}


def test_plan_says_the_minutes_a_day_at_the_seconds_it_states(tmp_path, fixed_today, collection):
    """The average showing, worked out from the cards Anki makes of the package and the seconds the output states."""
    sources = write_sources(tmp_path / "decks")
    result = _plan("--by", "2026-06-02", str(sources))  # tomorrow: every card today, twice
    built = CliRunner().invoke(main, ["build", str(sources), "-o", str(tmp_path / "dist")])
    assert built.exit_code == 0, built.output
    import_package(collection, tmp_path / "dist" / "all.apkg")
    stated = result.stdout.splitlines()[-1]
    assert stated.startswith("seconds a showing (estimates): Drill and Tell it: the target spoken + 15 to check "
                             "the back, Story 30, Read 30, Key phrases 20")
    seconds = dict(item.rsplit(" ", 1) for item in stated.split(", ")[1:])
    total = 0
    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        name = card.note_type()["name"].removeprefix("lpdeck · ")
        if name == "Drill":
            total += int(card.note()["Target"].removesuffix("s")) + 15
        elif name == "Tell it":
            minutes, secs = card.note()["Target"].split(":")
            total += 60 * int(minutes) + int(secs) + 15
        else:
            total += int(seconds[name])
    cards = len(collection.find_cards(""))
    assert f"minutes a day: about {math.floor(2 * total / 60 + 0.5)} at the peak" in result.stdout
    assert f"at {total / cards:.0f} seconds a showing of the average card to meet" in result.stdout


def test_plan_counts_the_cards_anki_makes_of_the_repository_s_decks(built_decks, collection):
    import_package(collection, built_decks / "all.apkg")
    # the lock's retired notes go to "LP Interview (retired, delete me)": not cards to meet
    assert cards_to_meet(resolve([DECKS])) == len(collection.find_cards('deck:"LP Interview"'))


def test_plan_counts_the_choice_between_a_banks_stories_too(built_bank, collection):
    import_package(collection, built_bank / "all.apkg")
    assert collection.find_cards('"deck:LP Interview::Which story"')
    assert cards_to_meet(resolve([built_bank.parent / "decks"])) == len(collection.find_cards('deck:"LP Interview"'))


def test_plan_of_some_files_counts_their_packages_cards(tmp_path, collection):
    sources = write_sources(tmp_path / "decks")
    (sources / "stories").mkdir()
    (sources / "story.yaml").rename(sources / "stories" / "story.yaml")
    other = STORY.replace("story: tiny-story", "story: other-story").replace("The tiny story", "Another story")
    (sources / "stories" / "other.yaml").write_text(other)  # a story no walkthrough tells: in all.apkg only
    built = CliRunner().invoke(main, ["build", str(sources / "walk.yaml"), str(sources / "stories"), "-o",
                                      str(tmp_path / "dist")])
    assert built.exit_code == 0 and not (tmp_path / "dist" / "all.apkg").exists(), built.output
    import_package(collection, tmp_path / "dist" / "tiny-walk.apkg")
    assert cards_to_meet(resolve([sources / "walk.yaml", sources / "stories"])) == len(collection.find_cards(""))
    assert cards_to_meet(resolve([sources])) > len(collection.find_cards(""))  # the whole folder: all.apkg, with the other


@pytest.mark.parametrize(("by", "message"), [
    ("2026-05-31", "2026-05-31 is in the past (today is 2026-06-01)"),
    ("next week", "'next week' is not a date: write it as YYYY-MM-DD"),
    ("2026-13-01", "'2026-13-01' is not a date: month must be in 1..12"),
])
def test_plan_with_a_past_or_unparsable_date_is_a_usage_error(tmp_path, fixed_today, by, message):
    result = _plan("--by", by, str(write_sources(tmp_path / "decks")))
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--by'" in result.stderr and message in result.stderr, result.stderr


def test_plan_needs_the_date(tmp_path):
    result = _plan(str(write_sources(tmp_path / "decks")))
    assert result.exit_code == 2 and "Missing option '--by'" in result.stderr


def test_plan_of_sources_with_errors_says_where_and_exits_1(tmp_path, fixed_today):
    sources = write_sources(tmp_path / "decks")
    (sources / "walk.yaml").write_text("walkthrough: [unclosed\n")
    result = _plan("--by", "2026-06-13", str(sources))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{sources / 'walk.yaml'}:") and "Traceback" not in result.stderr


def test_a_date_more_than_a_year_away_is_a_usage_error_not_a_long_wait():
    now = date(2026, 12, 3)
    assert interview_date("2027-12-04", now) == date(2027, 12, 4)  # 366 days: a year, a leap day's worth of slack
    with pytest.raises(ValueError, match=r"^2027-12-05 is more than a year away \(today is 2026-12-03\)"):
        interview_date("2027-12-05", now)
    result = CliRunner().invoke(main, ["plan", "--by", "2099-01-01", str(DECKS)])  # a mistyped year, say
    assert result.exit_code == 2 and "is more than a year away" in result.output, result.output
