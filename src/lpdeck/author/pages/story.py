"""Merge what a page tells into a story file's data: one wording per idea, what a variant adds kept, gaps filled."""

from __future__ import annotations

import re
from collections.abc import Callable

from ...sources import records
from ...sources.placeholders import is_placeholder, placeholder
from ...sources.similar import additions, merged_list, merged_text, near, said, sentences
from .ids import item_ids, slug, unique
from .page import Page, PageAngle, PageLevel, PageProbe, PageStep, PageWeakAnswer
from .walkthrough import title_of

Data = dict[str, object]
SECTIONS = records.SECTIONS[records.Story]
TARGET_TODO = placeholder("the target time, like 30s")
QUESTION_TODO = placeholder("the interviewer's follow-up question")
ANSWER_TODO = placeholder("the weak answer, in full")
ANGLE_LP_TODO = placeholder("the Leadership Principle this angle tells the story for")


def _fill(item: Data, key: str, value: str | None) -> None:
    """Set ``key`` when the item lacks it or holds a placeholder; otherwise add what ``value`` says besides."""
    current = item.get(key)
    if value is None:
        return
    if current is None or is_placeholder(current):
        item[key] = value
    elif isinstance(current, str) and current != value:
        item[key] = merged_text(current, value)


def _items(story: Data, section: str) -> list[Data]:
    return story.setdefault(section, [])  # type: ignore[return-value]


def _step(story: Data, page_step: PageStep) -> None:
    steps = _items(story, "steps")
    step = next((s for s in steps if s.get("step") == page_step.step), None)
    if step is None:
        step = {"id": unique(page_step.step, item_ids([steps])), "step": page_step.step, "target": TARGET_TODO}
        steps.append(step)
    if is_placeholder(step["target"]) and page_step.target:
        step["target"] = page_step.target
    _fill(step, "example", page_step.example)
    have = _texts(step.get("phrases", []))
    known = {p.casefold() for p in have}
    phrases = [*have, *(p for p in page_step.phrases if p.casefold() not in known)]
    if phrases:
        step["phrases"] = phrases
    for key in ("coaching", "mistakes"):
        step[key] = merged_list(_texts(step.get(key, [])), getattr(page_step, key))
    _order(step, ("id", "step", "target", "example", "phrases", "coaching", "mistakes"))


def _order(item: Data, keys: tuple[str, ...]) -> None:
    ordered = {key: item[key] for key in keys if key in item and item[key] not in (None, [], "")}
    item.clear()
    item.update(ordered)


def _same_probe(item: Data, probe: PageProbe) -> int:
    question = item.get("question")
    if probe.question and isinstance(question, str) and not is_placeholder(question) and near(question, probe.question):
        return 2
    return int(near(str(item.get("weak", "")), probe.weak))


def _probe(story: Data, probe: PageProbe) -> None:
    probes = _items(story, "probes")
    item = _best(probes, lambda p: _same_probe(p, probe))
    if item is None:
        base = slug(probe.question or probe.weak)
        item = {"id": unique(base, item_ids([_items(story, s) for s in SECTIONS])), "question": QUESTION_TODO}
        probes.append(item)
    _fill(item, "question", probe.question)
    _fill(item, "probes", probe.probes)
    _fill(item, "weak", probe.weak)
    _fill(item, "weak_why", probe.weak_why)
    _fill(item, "strong", probe.strong)
    _fill(item, "key_phrase", probe.key_phrase)
    _order(item, ("id", "question", "probes", "weak", "weak_why", "strong", "key_phrase"))


def _critique(item: Data) -> list[str]:
    return _texts(item.get("critique", []))


def _texts(value: object) -> list[str]:
    """A text or a list of texts (as a source file holds them) as a list of texts."""
    if isinstance(value, str):
        return [value]
    return [str(text) for text in value] if isinstance(value, list) else []


def _best(items: list[Data], score: Callable[[Data], int]) -> Data | None:
    """The item that scores highest above zero (the first of equals): re-importing a page finds the same item."""
    scored = [(score(item), -index) for index, item in enumerate(items)]
    best = max(scored, default=(0, 0))
    return items[-best[1]] if best[0] > 0 else None


def _same_weak_answer(item: Data, weak: PageWeakAnswer) -> int:
    answer = item.get("answer")
    if weak.answer and isinstance(answer, str) and not is_placeholder(answer):
        return 100 * near(answer, weak.answer)
    return sum(said(line, _critique(item)) for line in weak.critique)


def _weak_answer(story: Data, weak: PageWeakAnswer) -> None:
    answers = _items(story, "weak_answers")
    item = _best(answers, lambda w: _same_weak_answer(w, weak))
    if item is None:
        base = slug(weak.answer or (weak.critique[0] if weak.critique else "weak answer"))
        item = {"id": unique(base, item_ids([_items(story, s) for s in SECTIONS])), "answer": ANSWER_TODO}
        answers.append(item)
    _fill(item, "answer", weak.answer)
    item["critique"] = merged_list(_critique(item), weak.critique) or [placeholder("what is wrong with it")]
    _fill(item, "verdict", weak.verdict)
    _order(item, ("id", "answer", "critique", "verdict"))


def _angle_match(item: Data, angle: PageAngle) -> int:
    lp = item.get("lp")
    if angle.lp and isinstance(lp, str) and not is_placeholder(lp):
        return 100 * (lp == angle.lp)
    return sum(said(sentence, [str(item.get(key, ""))]) for key in ("lead", "emphasize", "downplay")
               for sentence in sentences(getattr(angle, key)))


def _angle(story: Data, angle: PageAngle) -> None:
    angles = _items(story, "angles")
    item = _best(angles, lambda a: _angle_match(a, angle))
    if item is None:
        base = slug(angle.lp or angle.lead, 4)
        lp = placeholder(f"{ANGLE_LP_TODO.removeprefix('TODO: ')}; {angle.unsure}") if angle.unsure else ANGLE_LP_TODO
        item = {"id": unique(base, item_ids([_items(story, s) for s in SECTIONS])), "lp": lp}
        angles.append(item)
    for key in ("lp", "lead", "emphasize", "downplay"):
        _fill(item, key, getattr(angle, key) or None)
    for key in ("lead", "emphasize", "downplay"):
        item.setdefault(key, placeholder(f"what to {'lead with' if key == 'lead' else key}"))
    _order(item, ("id", "lp", "lead", "emphasize", "downplay"))


def _level(story: Data, level: PageLevel) -> None:
    levels = _items(story, "levels")
    item = next((entry for entry in levels if entry.get("level") == level.level), None)
    if item is None:
        item = {"id": unique(level.level.lower(), item_ids([_items(story, s) for s in SECTIONS])), "level": level.level}
        levels.append(item)
        if level.unsure:  # `lpdeck check` lists the doubt until the author settles it
            item["reflection"] = placeholder(f"the reflection expected at this level; {level.unsure}")
    for key in ("focus", "reflection", "bar", "length"):
        _fill(item, key, getattr(level, key))
    _order(item, ("id", "level", "focus", "reflection", "bar", "length"))


def merge_page(story: Data, page: Page) -> Data:
    """Add what ``page`` tells to ``story`` (changed in place, and returned)."""
    examples = [step.example for step in page.steps if step.example]
    if page.telling and additions(page.telling, examples):
        _fill(story, "overview", page.telling)
    for step in page.steps:
        _step(story, step)
    for probe in page.probes:
        _probe(story, probe)
    for weak in page.weak_answers:
        _weak_answer(story, weak)
    for angle in page.angles:
        _angle(story, angle)
    for level in page.levels:
        _level(story, level)
    _order(story, ("story", "title", "overview", "takeaways", *SECTIONS))
    return story


_FRAMING = re.compile(r"^(?:In this\b[^,]{0,60}?,\s*)?(?:(?:the|this|our) (?:candidate|engineer)|they|I|we)\s+", re.I)
_BREAK = re.compile(r"^(?:that|which|who|whose|because|while|when|after|before|so|but|then|and|where)$", re.I)
_LITTLE = re.compile(r"^(?:a|an|the|in|on|at|of|to|for|with|from|by|and|or|as|into|their|its|our|my|his|her)$", re.I)
TITLE_WORDS = 8


def story_title(page: Page) -> str:
    """A new story's title: a few telling words of the page's summary, short enough for a deck name.

    The summary's first sentence without the page's framing ("In this scenario, the candidate ..."), cut at its
    first clause break (a comma, semicolon, colon, dash, or a word like "that", "which", "because") once it has three
    words, and at eight words at most, never ending on a little word ("in", "the"): "Noticed a 0.3% webhook drop
    rate". Both layouts of a page share their summary, so they name (and give an id to) the story alike; the author
    may rename it before the first build.
    """
    source = page.summary or page.telling or title_of(page.question)
    first = next(iter(sentences(source)), source)
    words = _FRAMING.sub("", first).split()
    kept: list[str] = []
    for word in words[:TITLE_WORDS]:
        if len(kept) >= 3 and (_BREAK.match(word) or word in ("-", "–", "—")):
            break
        kept.append(word)
        if len(kept) >= 3 and word[-1] in ",;:":
            break
    if len(kept) == TITLE_WORDS < len(words):  # cut short: end before the phrase the cut broke into
        little = [i for i, word in enumerate(kept) if i >= 3 and _LITTLE.match(word)]
        kept = kept[:little[-1]] if little else kept
    while len(kept) > 3 and (_LITTLE.match(kept[-1].rstrip(",;:")) or kept[-1] in ("-", "–", "—")):
        kept.pop()
    title = " ".join(kept).rstrip(",;:.").replace("::", ":") or page.question
    return title[:1].upper() + title[1:]


def story_id(title: str, taken: set[str]) -> str:
    """A new story's id: the title's first telling words, without bare numbers, unique among the stories."""
    base = "-".join(part for part in slug(title, 8).split("-") if not part.isdigit())
    return unique("-".join(base.split("-")[:4]) or slug(title, 4), taken)
