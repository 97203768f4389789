"""Which Leadership Principle a page names, and where: the title first, then the page's own verdicts, then the rest.

A principle counts as named when its name (or a short form of it: "Disagree and Commit", "Highest Standards") stands in
a line. Names that are also everyday words ("ownership", "earn trust", "deliver results", "dive deep", "think big")
count only when written as a name, capitalized and not merely starting a sentence; in the title, whose words are all
capitalized, any form counts ("Delivered Results", "Took Ownership").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ...errors import Problem
from ...sources.placeholders import placeholder
from ...sources.principles import LEADERSHIP_PRINCIPLES
from .page import Line, Page

# Forms of each name; the distinctive ones are read in any case, the everyday ones only as written here.
_DISTINCT = {
    "Customer Obsession": r"customer[- ]obsess(?:ion|ed)",
    "Invent and Simplify": r"invent(?:ed|ing|s)? and simplif(?:y|ied|ies|ying)",
    "Are Right, A Lot": r"(?:are|be|being|were) right,? a lot",
    "Learn and Be Curious": r"learn(?:ed|ing|s)? and (?:be|being|stay|stayed) curious",
    "Hire and Develop the Best": r"hir(?:e|ed|ing) and develop(?:ed|ing)?(?: the best)?",
    "Insist on the Highest Standards": r"(?:insist(?:ed|ing|s)? on )?the highest standards",
    "Bias for Action": r"bias for action",
    "Frugality": r"frugal(?:ity)?",
    "Have Backbone; Disagree and Commit": (r"have backbone(?:;\s*disagree and commit)?"
                                           r"|disagree(?:d|ing)? and commit(?:ted|ting)?"),
    "Strive to be Earth's Best Employer": r"earth['’]s best employer",
    "Success and Scale Bring Broad Responsibility": (r"success and scale(?: bring broad responsibility)?"
                                                     r"|broad responsibility"),
}
_EVERYDAY = {
    "Ownership": r"Ownership",
    "Think Big": r"Think(?:ing)? Big|Thought Big",
    "Earn Trust": r"Earn(?:ed|ing|s)? Trust",
    "Dive Deep": r"Div(?:e|ed|ing) Deep|Dove Deep",
    "Deliver Results": r"Deliver(?:ed|ing|s)? Results",
}
_ANY_CASE = {name: re.compile(rf"\b(?:{form})\b", re.I) for name, form in {**_DISTINCT, **_EVERYDAY}.items()}
_AS_NAME = {**{name: re.compile(rf"\b(?:{form})\b", re.I) for name, form in _DISTINCT.items()},
            **{name: re.compile(rf"\b(?:{form})\b") for name, form in _EVERYDAY.items()}}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\s-\s+)[\"'‘“(]?$")
assert set(_ANY_CASE) == set(LEADERSHIP_PRINCIPLES)


def names_in(text: str, title: bool = False) -> list[str]:
    """The principles ``text`` names, once per mention, in the order it names them."""
    found: list[tuple[int, str]] = []
    for name, pattern in (_ANY_CASE if title else _AS_NAME).items():
        for match in pattern.finditer(text):
            one_word = name in _EVERYDAY and " " not in match.group(0)
            if title or not one_word or not _SENTENCE_START.search(text[:match.start()]):
                found.append((match.start(), name))
    return [name for _, name in sorted(found)]


def heading_principle(text: str) -> str | None:
    """The principle an angle heading names, however the page spells it."""
    named = names_in(text, title=True)
    return named[0] if named else None


def principle_of(path: str, tiers: Sequence[tuple[Sequence[Line], bool]]) -> tuple[str | None, list[str],
                                                                                 list[Problem]]:
    """The principle the page names: the first tier that names one decides, the next ones break its ties.

    A tier is its lines and whether they are headings (a title: a one-word principle there is the name, not the first
    word of a sentence).

    Returns the principle (None when no line names one or a tie remains), the principles still tied, and a warning
    for a tie, at the first line naming one of them.
    """
    candidates: list[str] = []
    first_line: dict[str, int] = {}
    for tier, headings in tiers:
        counts: Counter[str] = Counter()
        for line in tier:
            for name in names_in(line.text, title=headings):
                counts[name] += 1
                first_line.setdefault(name, line.number)
        if candidates:
            counts = Counter({name: counts[name] for name in candidates})
        top = max(counts.values(), default=0)
        if top:
            candidates = [name for name in counts if counts[name] == top]
        if len(candidates) == 1:
            return candidates[0], [], []
    if not candidates:
        return None, [], []
    first = min(first_line[name] for name in candidates)
    named = " and ".join(candidates)
    return None, candidates, [Problem(path, first, 1, f"warning: the page names {named} as often as each other; "
                                                     "the walkthrough's lp is a TODO: to confirm")]


def _lines_saying(page: Page, texts: list[str | None]) -> list[Line]:
    """The page's lines that hold one of ``texts`` or a paragraph of it (not a mere heading it mentions)."""
    said = [text for text in texts if text]
    return [line for line in page.source
            if any(text in line.text or (len(line.text) > 40 and line.text in text) for text in said)]


def walkthrough_principle(page: Page) -> tuple[str, list[Problem]]:
    """The walkthrough's ``lp``: the principle the page names, or a placeholder (naming the tied ones, if any)."""
    first_angle = [Line(page.angles[0].line, 1, page.angles[0].lp)] if page.angles and page.angles[0].lp else []
    tiers = [(_lines_saying(page, [page.question]), True),
             (_lines_saying(page, [page.summary, *(w.verdict for w in page.weak_answers),
                                   *(text for q in page.quiz for text in (q.question, q.explanation))]), False),
             (first_angle, True), (page.source, False)]
    found, tied, warnings = principle_of(page.path, tiers)
    if found:
        return found, []
    if tied:
        return placeholder(f"confirm the Leadership Principle: {' or '.join(tied)}"), warnings
    return placeholder("the Leadership Principle this question tests"), []
