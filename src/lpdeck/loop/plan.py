"""`lpdeck plan --by DATE`: new cards a day so that every card not yet met is first seen at least 5 days before the
interview, and the reviews a day to expect until then (estimated in ``lpdeck.loop.schedule``)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..cards.timing import Showing, one_showing, seconds_items
from .schedule import GRADUATING_INTERVAL, LEARNING_STEPS, STARTING_EASE, expected_reviews, round_half_up

if TYPE_CHECKING:  # `lpdeck plan --by` checks its date before anything heavy is imported
    from ..sources.workspace import Workspace

FARTHEST = 366  # days ahead an interview date may be
REVIEW_DAYS = 5  # every card is first seen at least this many days before the interview, today counting
# The estimate is an average: fuzz brings some days a few more (so does Anki's own scheduler in the tests). A quarter
# more leaves room before the reviews/day limit holds cards back.
REVIEW_MARGIN = 1.25
# Good on a new card takes it to its second learning step at once (10m): shown new, then once per step after the first
FIRST_DAY_SHOWINGS = len(LEARNING_STEPS)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def today() -> date:
    """The local date (tests put a fixed ``date`` in this module)."""
    return date.today()


def interview_date(text: str, now: date | None = None) -> date:
    """The date ``--by`` gives; ValueError, saying why, for one that is unparsable or in the past."""
    now = now or today()
    example = (now + timedelta(days=14)).isoformat()
    if not _ISO_DATE.fullmatch(text.strip()):
        raise ValueError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. {example}")
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as error:
        raise ValueError(f"{text!r} is not a date: {error}") from None
    if day < now:
        raise ValueError(f"{day.isoformat()} is in the past (today is {now.isoformat()}): give the interview's date")
    if (day - now).days > FARTHEST:  # a mistyped year, most likely: and the reviews are estimated day by day
        raise ValueError(f"{day.isoformat()} is more than a year away (today is {now.isoformat()}): give the "
                         "interview's date, within a year")
    return day


@dataclass(frozen=True)
class Plan:
    """New cards a day until the interview, and the reviews a day that follow from them."""

    today: date
    by: date
    cards: int  # cards not yet met
    per_day: int  # new cards a day
    new_days: int  # the days, from today, on which new cards may be first seen
    reviews: tuple[float, ...]  # expected reviews on each day from today to the day before the interview
    seconds_a_card: float | None = None  # one showing of an average card to meet (None: the cards are not known)

    @property
    def days_left(self) -> int:
        return (self.by - self.today).days

    @property
    def new_by_day(self) -> list[int]:
        """How many new cards are first seen on each day, from today: per_day until they run out."""
        return _new_by_day(self.cards, self.per_day)

    @property
    def review_limit(self) -> int:
        """The reviews/day limit that holds no card back: Anki's v3 scheduler counts new cards against it too."""
        days = max(len(self.new_by_day), len(self.reviews))
        new = self.new_by_day + [0] * (days - len(self.new_by_day))
        reviews = [*self.reviews] + [0.0] * (days - len(self.reviews))
        return max((n + math.ceil(REVIEW_MARGIN * r) for n, r in zip(new, reviews, strict=True)), default=0)


def _new_by_day(cards: int, per_day: int) -> list[int]:
    full, rest = divmod(cards, per_day) if per_day else (0, 0)
    return [per_day] * full + ([rest] if rest else [])


def make_plan(cards: int, now: date, by: date, seconds_a_card: float | None = None) -> Plan:
    """The plan for ``cards`` not yet met, from ``now`` to the interview on ``by`` (not before ``now``); with the
    seconds one showing of an average card takes, the minutes a day too."""
    days_left = (by - now).days
    assert days_left >= 0, (now, by)
    # today counts: the last day to first see a card is REVIEW_DAYS before the interview; when that day has passed,
    # the day before the interview (and on the day itself, today)
    new_days = days_left - REVIEW_DAYS + 1 if days_left >= REVIEW_DAYS else max(days_left, 1)
    per_day = math.ceil(cards / new_days)
    reviews = tuple(expected_reviews(_new_by_day(cards, per_day), days_left))
    return Plan(now, by, cards, per_day, new_days, reviews, seconds_a_card)


def _day(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def plan_lines(plan: Plan, met: int | None) -> list[str]:
    """The plan as printed; ``met`` is how many cards Anki says were met already (None: the collection is unseen)."""
    lines = [f"interview: {_day(plan.by)}, {_in_days(plan.days_left)} (today is {_day(plan.today)})"]
    if met is None:
        lines.append(f"cards to meet: {plan.cards}, every card the packages hold (`lpdeck plan` cannot see your "
                     "collection; `lpdeck push --by DATE` asks Anki which are still new)")
    else:
        lines.append(f"cards to meet: {plan.cards} still new in Anki's LP Interview decks ({met} met already, their "
                     "reviews not counted below)")
    if not plan.cards:
        return [*lines, "nothing new to learn before the interview"]
    lines += _new_cards(plan)
    lines += _reviews(plan)
    lines += _minutes(plan)
    return lines


def _in_days(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def _new_cards(plan: Plan) -> list[str]:
    last = plan.today + timedelta(days=len(plan.new_by_day) - 1)
    when = "today" if last == plan.today else f"today through {_day(last)}"
    lines = [f"new cards a day: {plan.per_day}, {when}"]
    if plan.days_left >= REVIEW_DAYS:
        lines[0] += f", so every card is first seen at least {REVIEW_DAYS} days before the interview"
    elif plan.days_left >= 2:
        lines.append(f"the interview is in {plan.days_left} days: cards will be first seen up to the day before, "
                     f"with less than {REVIEW_DAYS} days of review")
    elif plan.days_left == 1:
        lines.append(f"the interview is tomorrow: all {plan.cards} cards would be new today, with no day of review "
                     "before it; learn the stories you will tell first")
    else:
        lines.append(f"the interview is today: all {plan.cards} cards would be new now, with no review before it; "
                     "read through the stories you will tell (`lpdeck preview`) rather than learn new cards")
    return lines


def _reviews(plan: Plan) -> list[str]:
    steps = " ".join(LEARNING_STEPS)
    how = (f"estimated day by day at Anki's default options (learning steps {steps}, graduating interval "
           f"{GRADUATING_INTERVAL} day, ease {STARTING_EASE:.0%}, FSRS off), every answer Good, its random fuzz "
           f"averaged out; a new card's {steps} steps on its first day are not counted as reviews")
    again = ("each Again adds a showing that day (after 1 minute while learning, 10 minutes on a review) and sends a "
             "review card back to the start: due the next day, then after about 3 and 7 days")
    if not any(plan.reviews):
        return ["reviews until the interview: none (a card's first review is the day after it is first seen)", how,
                again]
    peak = max(plan.reviews)
    peak_day = plan.today + timedelta(days=plan.reviews.index(peak))
    average = sum(plan.reviews) / len(plan.reviews)
    return [f"reviews a day until the interview: about {round_half_up(peak)} at the peak ({_day(peak_day)}), "
            f"{round_half_up(average)} on average", how, again]


def _minutes(plan: Plan) -> list[str]:
    """The minutes a day to expect: a new card is shown twice on its first day (new, then at its 10m step: Good
    skips the 1m one), a review once, each showing at the average of the cards to meet."""
    if plan.seconds_a_card is None:
        return []
    new = plan.new_by_day + [0] * max(0, len(plan.reviews) - len(plan.new_by_day))
    reviews = [*plan.reviews] + [0.0] * max(0, len(new) - len(plan.reviews))
    minutes = [(FIRST_DAY_SHOWINGS * n + r) * plan.seconds_a_card / 60 for n, r in zip(new, reviews, strict=True)]
    peak = max(minutes)
    busiest = plan.today + timedelta(days=minutes.index(peak))
    return [f"minutes a day: about {round_half_up(peak)} at the peak ({_day(busiest)}), "
            f"{round_half_up(sum(minutes) / len(minutes))} on average, at {plan.seconds_a_card:.0f} seconds a "
            f"showing of the average card to meet; a new card is shown {FIRST_DAY_SHOWINGS} times on its first day",
            "seconds a showing (estimates): " + ", ".join(seconds_items())]


def cards_to_meet(workspace: Workspace) -> int:
    """The cards of the packages a build of ``workspace`` would write, counted as Anki makes them; nothing is
    written."""
    return first_pass(workspace)[0]


def first_pass(workspace: Workspace) -> tuple[int, Showing]:
    """The cards of the packages a build of ``workspace`` would write, counted as Anki makes them, and one showing of
    each (``lpdeck.cards.timing``); nothing is written."""
    from ..build import compile_for
    from ..cards.decks import combined
    from ..ship.apkg import card_ordinals

    _, decks, everything = compile_for(workspace)
    if everything:
        notes = list(combined(decks).notes)
    else:  # a build of some files writes their walkthroughs' packages, not all.apkg; a story's notes are in several
        notes = list({note.key: note for deck in decks if not deck.is_combined for note in deck.notes}.values())
    cards = [len(ordinals) for ordinals in card_ordinals(notes)]
    return sum(cards), one_showing(notes, cards)
