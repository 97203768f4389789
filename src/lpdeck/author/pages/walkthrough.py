"""A page's own part: the walkthrough file (question, principle, summary, takeaways, quiz, its own mistakes)."""

from __future__ import annotations

import re

from ...errors import Problem
from ...sources.placeholders import is_placeholder, placeholder
from ...sources.similar import additions, merged_list, merged_text
from .ids import slug, unique
from .page import Page, takeaways_split

Data = dict[str, object]
_OPENING = re.compile(r"^(tell me about a time( when)?( you)?|describe a time( when)?( you)?|"
                      r"give me an example of a time( when)?( you)?)\s+", re.I)


def title_of(question: str) -> str:
    """A short deck name from the question: its opening formula and any " - " subtitle left out."""
    short = _OPENING.sub("", question).split(" - ")[0].strip().rstrip("?.") or question
    return (short[0].upper() + short[1:]).replace("::", ":")


def walkthrough_id(question: str) -> str:
    return slug(title_of(question), 6)


def walkthrough_data(page: Page, story_id: str) -> Data:
    """The walkthrough file's data for a page that tells the story ``story_id``."""
    overview, takeaways = takeaways_split(page.summary) if page.summary else (None, [])
    lp = page.lp or placeholder("the Leadership Principle this question tests")
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
        asked = "; ".join(part for part in ("the quiz question", item.unsure) if part)
        quiz.append({"id": ident, "question": item.question or placeholder(asked),
                     "options": {"a": placeholder("an option"), "b": placeholder("another option")},
                     "answer": placeholder("the key of the correct option, like a"),
                     "explanation": item.explanation})
    if quiz:
        data["quiz"] = quiz
    if page.mistakes:
        data["mistakes"] = list(page.mistakes)
    return data


def merge_walkthrough(kept: Data, variant: Data, page: str) -> tuple[Data, list[Problem]]:
    """One walkthrough from two pages of one question and story: ``kept`` with what ``variant`` adds (a placeholder
    gives way to a text; two principles that differ leave a placeholder naming both, and a warning)."""
    merged = dict(kept)
    warnings = []
    lp, other = str(kept["lp"]), str(variant["lp"])
    if is_placeholder(lp):
        merged["lp"] = other if not is_placeholder(other) else lp
    elif not is_placeholder(other) and other != lp:
        merged["lp"] = placeholder(f"confirm the Leadership Principle: {lp} or {other}")
        warnings.append(Problem(page, 1, 1, f"warning: this page names {other}, another page of the same question "
                                            f"{lp}; the walkthrough's lp is a TODO: to confirm"))
    overview = merged_text(_text(kept.get("overview")), _text(variant.get("overview")))
    if overview:
        merged["overview"] = overview
    for key in ("takeaways", "mistakes"):
        items = merged_list(_texts(kept.get(key)), _texts(variant.get(key)))
        if items:
            merged[key] = items
    quiz = _merged_quiz(_items(kept.get("quiz")), _items(variant.get("quiz")))
    if quiz:
        merged["quiz"] = quiz
    order = ("walkthrough", "title", "question", "lp", "story", "overview", "takeaways", "quiz", "mistakes")
    return {key: merged[key] for key in order if key in merged}, warnings


def _merged_quiz(kept: list[Data], variant: list[Data]) -> list[Data]:
    """The quiz items of both; an item both have is the one that has its question (whichever page came first)."""
    quiz = [dict(item) for item in kept]
    taken = {str(item["id"]) for item in quiz}
    for item in variant:
        explanation = str(item["explanation"])
        at = next((i for i, q in enumerate(quiz) if additions(explanation, [str(q["explanation"])]) is None), None)
        if at is None:
            quiz.append({**item, "id": unique(str(item["id"]), taken)})
        elif is_placeholder(quiz[at]["question"]) and not is_placeholder(item["question"]):
            taken.discard(str(quiz[at]["id"]))
            quiz[at] = {**item, "id": unique(str(item["id"]), taken)}
    return quiz


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _texts(value: object) -> list[str]:
    return [str(text) for text in value] if isinstance(value, list) else []


def _items(value: object) -> list[Data]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
