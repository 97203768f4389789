"""A page's own part: the walkthrough file (question, principle, summary, takeaways, quiz, its own mistakes)."""

from __future__ import annotations

import re

from ...sources.placeholders import placeholder
from ...sources.principles import LEADERSHIP_PRINCIPLES
from .ids import slug, unique
from .page import Page, takeaways_split

Data = dict[str, object]
LP_TODO = placeholder("the Leadership Principle this question tests")
_OPENING = re.compile(r"^(tell me about a time( when)?( you)?|describe a time( when)?( you)?|"
                      r"give me an example of a time( when)?( you)?)\s+", re.I)


def principle_named(texts: list[str | None]) -> str | None:
    """The Leadership Principle the first of ``texts`` that names one names most often."""
    for text in texts:
        if not text:
            continue
        folded = text.casefold().replace("’", "'")
        counts = {name: folded.count(name.casefold()) for name in LEADERSHIP_PRINCIPLES}
        best = max(counts, key=lambda name: counts[name])
        if counts[best]:
            return best
    return None


def title_of(question: str) -> str:
    """A short deck name from the question: its opening formula and any " - " subtitle left out."""
    short = _OPENING.sub("", question).split(" - ")[0].strip().rstrip("?.") or question
    return (short[0].upper() + short[1:]).replace("::", ":")


def walkthrough_id(question: str) -> str:
    return slug(title_of(question), 6)


def walkthrough_data(page: Page, story_id: str) -> Data:
    """The walkthrough file's data for a page that tells the story ``story_id``."""
    overview, takeaways = takeaways_split(page.summary) if page.summary else (None, [])
    quiz_text = " ".join(q.explanation + " " + (q.question or "") for q in page.quiz)
    lp = principle_named([page.question, page.summary, quiz_text]) or LP_TODO
    data: Data = {"walkthrough": walkthrough_id(page.question), "title": title_of(page.question),
                  "question": page.question, "lp": lp, "story": story_id}
    if overview:
        data["overview"] = overview
    if takeaways:
        data["takeaways"] = takeaways
    taken: set[str] = set()
    quiz = []
    for item in page.quiz:
        ident = unique(slug(item.question or item.explanation), taken)
        quiz.append({"id": ident, "question": item.question or placeholder("the quiz question"),
                     "options": {"a": placeholder("an option"), "b": placeholder("another option")},
                     "answer": placeholder("the key of the correct option, like a"),
                     "explanation": item.explanation})
    if quiz:
        data["quiz"] = quiz
    if page.mistakes:
        data["mistakes"] = list(page.mistakes)
    return data
