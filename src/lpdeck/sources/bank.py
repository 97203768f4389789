"""A story bank: which stories serve each Leadership Principle (best first), and what `lpdeck check` warns about it.

A story serves a principle when one of its walkthroughs asks a question that tests it, or when the story (or one of
its walkthroughs) has an angle for it: how to tell the story when that principle is asked about.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..errors import Problem
from .document import Document
from .messages import quoted
from .placeholders import is_placeholder
from .principles import LEADERSHIP_PRINCIPLES
from .records import Angle, Question, Story, Walkthrough
from .similar import content_words, near, normal

STRETCHED = 3  # told for more principles than this, a story is stretched: a loop hears each story once or twice
SAME_QUESTION = 0.75  # share of content words two questions have in common (of all of theirs) to ask the same


@dataclass(frozen=True)
class Serving:
    """How one story serves one principle: the walkthroughs whose question tests it, and whether an angle tells it."""

    story: str
    walkthroughs: tuple[str, ...]
    angle: bool


@dataclass(frozen=True)
class Bank:
    """The stories serving each of the 16 principles, best first; and each story's walkthroughs by principle."""

    serving: dict[str, list[Serving]]  # principle -> stories, best first (more questions, then an angle, then order)
    told_for: dict[str, dict[str, list[str]]]  # story -> principle -> its walkthroughs testing it
    titles: dict[str, str]  # story -> its title, the stories in file order

    def stretched(self, story: str) -> bool:
        return len(self.told_for[story]) > STRETCHED


def _principle(lp: str) -> str | None:
    return None if is_placeholder(lp) or not lp else lp


def angle_for(story: Story, walkthrough: Walkthrough) -> Angle | None:
    """The angle that tells ``story`` for the principle ``walkthrough`` tests (the walkthrough's own first), if any."""
    lp = _principle(walkthrough.lp)
    return next((angle for angle in [*walkthrough.angles, *story.angles] if angle.lp == lp), None) if lp else None


def bank_of(stories: dict[str, Story], walkthroughs: dict[str, Walkthrough]) -> Bank:
    """How ``stories`` and their ``walkthroughs`` cover the principles."""
    told_for: dict[str, dict[str, list[str]]] = {sid: {} for sid in stories}
    angles: dict[str, set[str]] = {sid: {a.lp for a in story.angles} for sid, story in stories.items()}
    for wid, walkthrough in walkthroughs.items():
        if walkthrough.story not in stories:
            continue
        if lp := _principle(walkthrough.lp):
            told_for[walkthrough.story].setdefault(lp, []).append(wid)
        angles[walkthrough.story].update(angle.lp for angle in walkthrough.angles)
    serving: dict[str, list[Serving]] = {}
    for lp in LEADERSHIP_PRINCIPLES:
        found = [Serving(sid, tuple(told_for[sid].get(lp, ())), lp in angles[sid]) for sid in stories]
        found = [s for s in found if s.walkthroughs or s.angle]
        serving[lp] = sorted(found, key=lambda s: (-len(s.walkthroughs), not s.angle))  # stable: file order
    return Bank(serving, told_for, {sid: story.title for sid, story in stories.items()})


# --- what `lpdeck check` warns about a bank ---

_OPENING = re.compile(r"^(?:can you |could you )?(?:tell me about|describe|give (?:me )?an example of|walk me through|"
                      r"share|talk about)\s+(?:an? )?(?:time|situation|example|occasion)?\s*"
                      r"(?:when|where|that|in which)?\s*")


_ASKING = {"its", "get", "got", "ever", "one", "some", "any", "would", "could", "were", "been"}  # and similar's


def question_words(question: str) -> set[str]:
    """The words that carry a question's content: its opening formula ("Tell me about a time when") left out."""
    words = content_words([_OPENING.sub("", " ".join(question.casefold().split()))])
    return {word.strip(".") for word in words} - _ASKING


def _prefix(words: set[str], rarity: Counter[str]) -> list[str]:
    """The words a question is filed under: its rarest, as many as two questions asking the same must share one of.

    Two word sets with at least SAME_QUESTION of their union in common share ``n`` words or more, where ``n`` is at
    least SAME_QUESTION of each set's size; ordered the same way (rarest first), the first ``size - n + 1`` words of
    each then share one (prefix filtering, Chaudhuri et al. 2006). Each question is filed under a few words, and
    compared only with the questions filed with it: the work grows with the words, not with their pairs.
    """
    shared = math.ceil(SAME_QUESTION * len(words))
    return sorted(sorted(words), key=rarity.__getitem__)[: len(words) - shared + 1]  # stable: rarest, then A-Z


def same_questions(walkthroughs: dict[str, Walkthrough]) -> list[tuple[str, str]]:
    """Pairs of walkthroughs (in file order) that ask the same question in near-identical words."""
    words = {wid: question_words(w.question) for wid, w in walkthroughs.items() if not is_placeholder(w.question)}
    rarity = Counter(word for found in words.values() for word in found)
    filed: dict[str, list[str]] = {}
    pairs: set[tuple[str, str]] = set()
    for wid, found in words.items():  # in file order: the earlier question comes first in a pair
        prefix = _prefix(found, rarity)
        for first in dict.fromkeys(other for word in prefix for other in filed.get(word, ())):
            a = words[first]
            if len(a & found) >= SAME_QUESTION * len(a | found):
                pairs.add((first, wid))
        for word in prefix:
            filed.setdefault(word, []).append(wid)
    order = {wid: index for index, wid in enumerate(walkthroughs)}
    return sorted(pairs, key=lambda pair: (order[pair[1]], order[pair[0]]))


def bank_warnings(stories: dict[str, Story], walkthroughs: dict[str, Walkthrough],
                  documents: dict[str, Document]) -> list[Problem]:
    """Warnings about the choice between stories: one question asked twice, a principle its story has no angle for."""
    warnings = []
    for first, second in same_questions(walkthroughs):
        line = documents[first].position(("question",))[0]
        warnings.append(documents[second].problem(
            ("question",), f"warning: asks what '{first}' asks ({documents[first].path}:{line}) in near-identical "
                           "words; the same question makes the same cards twice: keep one walkthrough, or ask "
                           "different questions"))
    for wid, walkthrough in walkthroughs.items():
        story, lp = stories.get(walkthrough.story), _principle(walkthrough.lp)
        if story is None or lp is None or angle_for(story, walkthrough):
            continue
        warnings.append(documents[wid].problem(
            ("lp",), f"warning: story {quoted(walkthrough.story)} has no angle for {lp}: add one to its angles (what "
                     "to lead with, stress and keep short for it), so its cards say how to tell it for this question"))
    return warnings


# --- questions asked of the bank ("Which story"): never one the learner studies ---

class Asked:
    """Questions already asked, by name: whether another text asks one of them in near-identical words.

    Near-identical is either measure lpdeck uses: three quarters of the content words in common (as `check` tells two
    walkthroughs apart), or wordings whose characters agree (similar.near). Both are tried only on the questions that
    share at least half of the words of the shorter one (which any pair meeting the first measure does), found by
    word: near-identical wordings share most of their words, and the character measure is the slow one.
    """

    def __init__(self, questions: dict[str, str]):
        self.texts: dict[str, str] = {}
        self.words: dict[str, set[str]] = {}
        self.order: dict[str, int] = {}
        self.holding: dict[str, list[str]] = {}  # a word -> the questions holding it
        self.worded: dict[str, str] = {}  # a normalized wording -> the first question worded so
        for name, text in questions.items():
            self.add(name, text)

    def add(self, name: str, text: str) -> None:
        if not text or is_placeholder(text):
            return
        self.texts[name], self.words[name], self.order[name] = text, question_words(text), len(self.order)
        self.worded.setdefault(normal(text), name)
        for word in self.words[name]:
            self.holding.setdefault(word, []).append(name)

    def same_as(self, text: str) -> str | None:
        """The first question (in the order given) asking what ``text`` asks, if any."""
        words = question_words(text)
        shared = Counter(name for word in words for name in self.holding.get(word, ()))
        for name in sorted(shared, key=self.order.__getitem__):
            common, theirs = shared[name], len(self.words[name])
            if 2 * common >= min(len(words), theirs) and (
                    common >= SAME_QUESTION * (len(words) + theirs - common) or near(text, self.texts[name])):
                return name
        return self.worded.get(normal(text))  # a question with no content words: the same wording only


def question_warnings(questions: dict[str, Question], placed: dict[str, tuple[Document, int]],
                      walkthroughs: dict[str, Walkthrough]) -> list[Problem]:
    """Warnings about the workspace's own questions: one a walkthrough studies, one asked twice."""
    studied = Asked({wid: walkthrough.question for wid, walkthrough in walkthroughs.items()})
    warnings, earlier = [], Asked({})
    for qid, question in questions.items():
        doc, index = placed[qid]
        wid, twin = studied.same_as(question.question), earlier.same_as(question.question)
        if wid:
            warnings.append(doc.problem(("questions", index, "question"), (
                f"warning: asks what walkthrough {quoted(wid)} studies, in near-identical words: a 'Which story' card "
                "asks a question you have not studied, so this one makes none; ask another, or remove it")))
        elif twin:
            warnings.append(doc.problem(("questions", index, "question"), (
                f"warning: asks what question {quoted(twin)} asks, in near-identical words: keep one")))
        earlier.add(qid, question.question)
    return warnings
