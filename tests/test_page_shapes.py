"""Bare pages of shapes no sample has: any number of probes, critique lines, quiz explanations and angles, written
as the site writes its bare layout from the texts of the marked pages, are read back section by section."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lpdeck.author.pages.bare import parse_bare
from lpdeck.author.pages.marked import parse_marked
from lpdeck.author.pages.page import Page, page_lines

HERE = Path(__file__).resolve().parent
MARKED = [*sorted((HERE / "pages").glob("*-marked.txt")), HERE / "seeds" / "001_703998004d4b9e13.txt"]
BARE = [*sorted((HERE / "pages").glob("*-bare.txt")), *sorted((HERE / "seeds").glob("00[0234]_*.txt"))]
SOURCES = [parse_marked(str(path), page_lines(path.read_text(encoding="utf-8"))) for path in MARKED]
# The texts of every page (read as the pinned tests check they are read), to make pages of new shapes from.
EVERY = [*SOURCES, *(parse_bare(str(path), page_lines(path.read_text(encoding="utf-8"))) for path in BARE)]
PROBES = [probe for page in EVERY for probe in page.probes]
CRITIQUE = [line for page in EVERY for weak in page.weak_answers for line in weak.critique]
QUIZ = sorted({quiz.explanation for page in EVERY for quiz in page.quiz})
ANGLES = sorted({(angle.lead, angle.emphasize, angle.downplay) for page in EVERY for angle in page.angles})


def _focus(page: Page, level: str) -> str:
    return next(lv.focus for lv in page.levels if lv.level == level and lv.focus)


LEVELS = {0: (), 2: ("SDE1", "Senior"), 3: ("SDE1", "SDE2", "Senior")}
SDE2 = "Add the choice to ship with the owning team during their freeze."  # customer-crash-marked's SDE 2 block


def _level_lines(page: Page, levels: int) -> list[tuple[str, str]]:
    return [(level, SDE2 if level == "SDE2" else _focus(page, level)) for level in LEVELS[levels]]


def bare_lines(page: Page, probes: list[int], critique: list[int], quiz: list[int], angles: list[int],
               levels: int = 2) -> list[str]:
    """The bare layout of a page with these items: the texts alone, one a line, in the layout's order."""
    lines = [f"{page.question} - Amazon LP STAR Walkthrough", page.summary or ""]
    for step in page.steps:
        lines += [" ".join(step.coaching), " ".join(step.mistakes)]
    for index in probes:
        lines += [f'"{PROBES[index].weak}"', PROBES[index].weak_why, PROBES[index].strong]
    lines += [f"- {CRITIQUE[index]}" for index in critique]
    lines += [QUIZ[index] for index in quiz]
    lines += [text for index in angles for text in ANGLES[index]]
    return [*lines, *(focus for _, focus in _level_lines(page, levels))]


def _picks(pool: list[object], most: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, len(pool) - 1), max_size=most, unique=True)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SOURCES), _picks(PROBES, 6), _picks(CRITIQUE, 6), _picks(QUIZ, 4), _picks(ANGLES, 4),
       st.sampled_from([2, 2, 2, 3, 0]))
def test_a_bare_page_of_any_shape_is_read_back_as_written(page: Page, probes: list[int], critique: list[int],
                                                          quiz: list[int], angles: list[int], levels: int) -> None:
    text = "\n".join(bare_lines(page, probes, critique, quiz, angles, levels))
    read = parse_bare("page.txt", page_lines(text))
    assert [(p.weak, p.weak_why, p.strong) for p in read.probes] == \
        [(PROBES[i].weak, PROBES[i].weak_why, PROBES[i].strong) for i in probes]
    assert [line for weak in read.weak_answers for line in weak.critique] == [CRITIQUE[i] for i in critique]
    assert [step.coaching for step in read.steps] == [[" ".join(step.coaching)] for step in page.steps]
    placed = ([q.explanation for q in read.quiz], [(a.lead, a.emphasize, a.downplay) for a in read.angles],
              [(lv.level, lv.focus) for lv in read.levels])
    written = ([QUIZ[i] for i in quiz], [ANGLES[i] for i in angles], _level_lines(page, levels))
    if levels == 2:  # the site's shape: read back as written, with no doubt
        assert (placed, read.warnings) == (written, [])
    else:  # three level lines or none: read back as written, or the doubt is said
        assert placed == written or read.warnings
