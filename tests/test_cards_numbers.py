"""The numbers a text states (lpdeck.cards.numbers), read alike by the Tell-it card and both coaches: texts written
here, each number and its value by hand."""

from __future__ import annotations

import pytest

from lpdeck.cards.numbers import has_number, numbers


@pytest.mark.parametrize(("text", "found"), [
    ("The 0.3% drop rate went to zero.", [("0.3%", 0.3), ("zero", 0.0)]),
    ("We recovered $8K a week.", [("$8K", 8000.0)]),
    ("10,000 users, 2x faster, 120ms p99", [("10,000", 10000.0), ("2x", 2.0), ("120ms", 120.0)]),
    ("eight thousand dollars and zero point three percent", [("eight thousand", 8000.0),
                                                              ("zero point three percent", 0.3)]),
    ("twenty-five teams, $2M, 8 thousand, 1.5 hours", [("twenty-five", 25.0), ("$2M", 2e6), ("8 thousand", 8000.0),
                                                      ("1.5", 1.5)]),
    ("It halved the latency for a dozen teams.", [("halved", 0.5), ("dozen", 12.0)]),
    ("we saved eight k a week, two point five million in all", [("eight k", 8000.0),
                                                                 ("two point five million", 2.5e6)]),
    ("one hundred and twenty ms, a hundred users", [("one hundred and twenty", 120.0), ("hundred", 100.0)]),
    ("Costs fell by a third, pages by a quarter, toil by two thirds.", [("a third", 1 / 3), ("a quarter", 0.25),
                                                                         ("two thirds", 2 / 3)]),
    ("a threefold gain, a ten-fold drop, two orders of magnitude", [("threefold", 3.0), ("ten-fold", 10.0),
                                                                    ("two orders of magnitude", 100.0)]),
    ("It saved hundreds of hours for thousands of users.", [("hundreds", 100.0), ("thousands", 1000.0)]),
    ("A third party audited the third shard this quarter.", []),
    ("the grand opening of plan k", []),
    ("No one noticed; one of them left; someone cared.", []),
    # "one" as a pronoun or in a set phrase states no amount; "one" before its own noun does
    ("His call had been the right one for that event, and this one too.", []),
    ("At one point we met one on one, and each one can help one another.", []),
    ("We cut it to one, in one fulfillment center; at the time one engineer left.", [("one", 1.0), ("one", 1.0),
                                                                                      ("one", 1.0)]),
    ("it rose one point five percent, then one point", [("one point five percent", 1.5), ("one point", 1.0)]),
    ("As an SDE2 I watched p99 in Q3.", []),
    ("Things got better and the team was happy.", []),
])
def test_numbers_are_digits_signs_and_number_words_with_their_values(text, found):
    got = numbers(text)
    assert [(n.span.text, n.value) for n in got] == found
    assert all(text[n.span.start:n.span.end] == n.span.text for n in got)
    assert has_number(text) == bool(found)
