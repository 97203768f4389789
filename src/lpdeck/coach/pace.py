"""How many words a telling said: the words heard, mended where the recogniser ran words together or split one.

The recogniser's word count drifts with pace: told fast, it runs words together and hears a stretch of the story as one
long word or as silence (on espeak-ng at about 240 words a minute, 10-13 % too few words); told slowly, it splits a long
word into short ones (4-10 % too many at 120). Between two words heard where the story has them in order, the learner
said either what was heard or the story's own words there; the time between the two decides which count to believe,
read at the speaker's own pace (the median length of a word heard where the story has it). A step left out is not
counted back: forty of the story's words do not fit the pause between two steps. The words are lined up with
``difflib.SequenceMatcher``, the standard library's longest-matching-blocks alignment.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import pairwise
from statistics import median
from typing import NamedTuple

from .listen import Word


class Followed(NamedTuple):
    """How a telling followed its story: the words said, and the share of the words heard that stand in the story's
    text in its order (low when the recogniser heard the telling poorly, or it was told in other words)."""

    words_said: int
    share: float


def followed(heard: list[Word], story_words: list[str]) -> Followed:
    """``heard`` (the transcript, timed) lined up with ``story_words`` (the story, as spoken)."""
    tokens = [word.text for word in heard]
    blocks = SequenceMatcher(None, tokens, story_words, autojunk=False).get_matching_blocks()
    anchors = [(block.a + n, block.b + n) for block in blocks for n in range(block.size)]
    share = len(anchors) / len(tokens) if tokens else 0.0
    return Followed(_mended(heard, anchors), share)


def _mended(heard: list[Word], anchors: list[tuple[int, int]]) -> int:
    """How many words were said: the words heard, with each gap between two anchors counted as the time says."""
    if not anchors:
        return len(heard)
    seconds_a_word = median(heard[at].end - heard[at].start for at, _ in anchors)
    count = len(heard)
    for (heard_at, story_at), (heard_next, story_next) in pairwise(anchors):
        heard_between, story_between = heard_next - heard_at - 1, story_next - story_at - 1
        if heard_between == story_between:
            continue
        time_says = round((heard[heard_next].start - heard[heard_at].end) / seconds_a_word)
        fewer, more = sorted((heard_between, story_between))
        count += min(more, max(fewer, time_says)) - heard_between
    return count
