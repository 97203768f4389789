"""Anki's default scheduling (SM-2; FSRS is off by default), every answer Good, its random fuzz averaged out exactly.

The rules, as Anki's source has them (rslib/src/scheduler/states/learning.rs, review.rs, fuzz.rs) with the default
deck options (its manual's "Deck Options"; the anki library's Default preset):

- A new card is shown at the learning steps 1m and 10m on its first day; Good on the last step graduates it with the
  graduating interval, 1 day (too short to fuzz).
- Good on a review card of interval I, answered on its due day: hard = I × 1.2, at least I + 1; good = I × ease
  (250%, which Good leaves as it is), at least hard + 1; both rounded half away from zero.
- Fuzz: each of those intervals x lands, for the card's one random factor f in [0, 1), on lower + floor(f × n) in the
  n days round(x - d) .. round(x + d), d = 1 day + 15% of x's days in 2.5-7 + 10% in 7-20 + 5% above 20 (none below
  2.5 days), raised to the interval's minimum. Averaging over f gives each landing day its exact chance.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from fractions import Fraction

LEARNING_STEPS = ("1m", "10m")
GRADUATING_INTERVAL = 1  # days
STARTING_EASE = 2.5
HARD_FACTOR = 1.2
MAXIMUM_INTERVAL = 36500
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, math.inf, 0.05))  # (from, to, share) in days


def round_half_up(days: float) -> int:
    """Rust's ``f32::round`` of a positive number: halves up (Python's round() takes halves to even)."""
    return math.floor(days + 0.5)


def fuzz_bounds(interval: float, minimum: int) -> tuple[int, int]:
    """The first and last day an interval may land on (Anki's ``constrained_fuzz_bounds``)."""
    interval = min(max(interval, minimum), MAXIMUM_INTERVAL)
    delta = 0.0 if interval < 2.5 else 1.0 + sum(share * max(min(interval, end) - start, 0.0)
                                                 for start, end, share in _FUZZ_RANGES)
    lower = min(max(round_half_up(interval - delta), minimum), MAXIMUM_INTERVAL)
    upper = min(max(round_half_up(interval + delta), minimum), MAXIMUM_INTERVAL)
    if upper == lower and 2 < upper < MAXIMUM_INTERVAL:
        upper = lower + 1
    return lower, upper


def _landings(bounds: tuple[int, int], low: Fraction, high: Fraction) -> Iterator[tuple[int, Fraction, Fraction]]:
    """The days ``lower + floor(f × n)`` gives for f in [low, high): each with its own part of that range of f."""
    lower, upper = bounds
    count = upper - lower + 1
    for step in range(math.floor(low * count), math.ceil(high * count)):
        yield lower + step, max(low, Fraction(step, count)), min(high, Fraction(step + 1, count))


@functools.cache
def next_intervals(interval: int) -> dict[int, Fraction]:
    """Good on a review card of ``interval`` days, on its due day: each next interval and its chance."""
    chances: dict[int, Fraction] = {}
    hard_bounds = fuzz_bounds(interval * HARD_FACTOR, interval + 1)
    for hard, low, high in _landings(hard_bounds, Fraction(0), Fraction(1)):  # the same f fuzzes hard and good
        for good, start, end in _landings(fuzz_bounds(interval * STARTING_EASE, hard + 1), low, high):
            chances[good] = chances.get(good, Fraction(0)) + end - start
    return chances


@functools.cache
def review_chances(days: int) -> tuple[float, ...]:
    """The expected reviews of one card on each of ``days`` days from the day it is first seen (day 0: none)."""
    expected = [0.0] * days
    due: dict[int, dict[int, float]] = {GRADUATING_INTERVAL: {GRADUATING_INTERVAL: 1.0}}  # day → interval → chance
    for day in range(days):
        for interval, chance in due.pop(day, {}).items():
            expected[day] += chance
            for following, share in next_intervals(interval).items():
                if day + following < days:
                    landing = due.setdefault(day + following, {})
                    landing[following] = landing.get(following, 0.0) + chance * float(share)
    return tuple(expected)


def expected_reviews(new_by_day: list[int], days: int) -> list[float]:
    """The expected review cards on each of ``days`` days when ``new_by_day[d]`` new cards are first seen on day d."""
    offsets = [(offset, chance) for offset, chance in enumerate(review_chances(days)) if chance]
    reviews = [0.0] * days
    for first, new in enumerate(new_by_day):
        for offset, chance in offsets:
            if first + offset >= days:
                break
            reviews[first + offset] += new * chance
    return reviews
