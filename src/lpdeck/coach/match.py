"""Where a key phrase was said in a transcript: its words in order, allowing one miss in a phrase of three or more.

A recogniser bends words (a number, a short word, a name), so exact matching misses phrases that were said. The
measure used is the phrase's word-level edit distance to the best-fitting stretch of the transcript (Sellers'
approximate string matching: a word missed, replaced or added costs one): a phrase is said when that distance is 0
for a phrase of one or two words and at most 1 for a longer one. Nothing here is tuned to a sample: one miss in three
words is the least that forgives a bent word, and short phrases get none because one miss would leave one word. The
actor's words ("I", "we", "my", "our"...) are never forgiven: "we decided to fix it" does not say "I decided to fix it",
and telling the two apart is what the report is for. Nor are negations ("not", "never", "didn't"): one of them missed
or bent turns a phrase into its opposite, and "the on-call engineer" does not say "not on call".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

LONG_PHRASE = 3  # words: from this length on, a phrase may be said with one of its words missed or bent
ACTOR_WORDS = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've",
                         "we'd", "we'll", "us", "our", "ours", "ourselves"})
NEGATIONS = frozenset({"not", "no", "never", "nor", "cannot"})
_NEVER = 1_000  # the cost of missing or bending an actor's word: more than any phrase may miss


class Found(NamedTuple):
    """Where a phrase stands in the transcript: word indexes ``start`` to ``end`` (exclusive), and its misses."""

    start: int
    end: int
    misses: int


def allowed_misses(length: int) -> int:
    """How many words of a phrase of ``length`` words may be missed, bent or added while it still counts as said."""
    return 1 if length >= LONG_PHRASE else 0


def never_forgiven(word: str) -> bool:
    """Whether a phrase's word must be heard as it is: an actor's word, or a negation ("not", "didn't")."""
    return word in ACTOR_WORDS or word in NEGATIONS or word.endswith("n't")


def find(phrase: Sequence[str], heard: Sequence[str]) -> Found | None:
    """The earliest best stretch of ``heard`` that says ``phrase``, or None when none is close enough."""
    if not phrase or not heard:
        return None
    # cost[j] and start[j]: the least edits aligning the phrase's first i words with a stretch of heard ending at j
    cost = [0] * (len(heard) + 1)
    start = list(range(len(heard) + 1))
    for word in phrase:
        previous_cost, previous_start = cost, start
        miss = _NEVER if never_forgiven(word) else 1
        cost, start = [previous_cost[0] + miss] + [0] * len(heard), [0] * (len(heard) + 1)
        for j, said in enumerate(heard, 1):
            choices = ((previous_cost[j - 1] + (said != word) * miss, previous_start[j - 1]),  # said, or bent
                       (previous_cost[j] + miss, previous_start[j]),  # the phrase's word missed
                       (cost[j - 1] + 1, start[j - 1]))  # a word added inside the phrase
            cost[j], start[j] = min(choices, key=lambda choice: choice[0])
    best = min(range(1, len(heard) + 1), key=lambda j: (cost[j], j))
    if cost[best] > allowed_misses(len(phrase)):
        return None
    return Found(start[best], best, cost[best])
