"""`lpdeck import`: pages in both layouts become sources that check and build, keep the page's content on the cards,
never overwrite an author's edit, and fill-in placeholders keep each note's identity in Anki."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from check_counts import check_stdout
from conftest import import_package, run_cli
from lpdeck.author.pages.bare import parse_bare
from lpdeck.author.pages.marked import parse_marked
from lpdeck.author.pages.page import page_lines
from lpdeck.author.pages.yamltext import dump
from lpdeck.sources.load import parse
from page_passages import card_blocks, share_kept

# the five seed pages (a copy of shared/seeds, so the tests never depend on a folder outside the repository)
SEEDS = sorted((Path(__file__).resolve().parent / "seeds").glob("*.txt"))
assert len(SEEDS) == 5, SEEDS
PAGES = Path(__file__).resolve().parent / "pages"
MARKED, BARE = PAGES / "customer-crash-marked.txt", PAGES / "customer-crash-bare.txt"


def _import(*args: object) -> object:
    return run_cli("import", *map(str, args))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds and the two pages of another story, imported into an empty folder and built."""
    root = tmp_path_factory.mktemp("imported")
    result = _import(*SEEDS, MARKED, BARE, "-o", root / "decks")
    assert result.exit_code == 0, result.output
    built = run_cli("build", str(root / "decks"), "-o", str(root / "dist"))
    assert built.exit_code == 0, built.output
    return root


@pytest.fixture(scope="module")
def blocks(imported: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    from anki.collection import Collection

    col = Collection(str(tmp_path_factory.mktemp("col") / "collection.anki2"))
    try:
        log = import_package(col, imported / "dist" / "all.apkg")
        assert log.new and not log.conflicting
        return card_blocks(col)
    finally:
        col.close()


def test_five_seeds_give_one_story_and_two_other_pages_another(imported: Path) -> None:
    assert len(list((imported / "decks").glob("*.yaml"))) == 7
    stories = sorted((imported / "decks" / "stories").glob("*.yaml"))
    assert len(stories) == 2
    checked = run_cli("check", str(imported / "decks"))
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == check_stdout(checked.stderr, "ok: 7 walkthroughs, 2 stories")
    assert "warning: placeholder 'TODO:" in checked.stderr


@pytest.mark.parametrize("page", [*SEEDS, MARKED, BARE], ids=lambda p: p.stem)
def test_at_least_95_percent_of_every_pages_passages_reach_a_card(page: Path, blocks: list[str]) -> None:
    share, missing = share_kept(page, blocks)
    assert share >= 0.95, f"{page.name}: {share:.1%} kept; missing: {missing}"


def test_files_carry_the_schema_line_and_ids_from_the_text(imported: Path) -> None:
    walkthrough = (imported / "decks" / "went-above-beyond-customer.yaml").read_text(encoding="utf-8")
    assert walkthrough.startswith("# yaml-language-server: $schema=")
    assert "lp: Customer Obsession\n" in walkthrough
    assert "mistakes:\n  - Talking about the font library's history for a minute." in walkthrough
    texts = [p.read_text(encoding="utf-8") for p in (imported / "decks" / "stories").glob("*.yaml")]
    story = next(text for text in texts if "TalkBack" in text)
    assert "id: checked-customers-own-data" not in story and "id: know-fix-worked-real-customers" in story


def test_reimporting_changes_no_file_and_an_edited_walkthrough_is_refused(imported: Path, tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    shutil.copytree(imported / "decks", decks)
    before = {p: p.read_bytes() for p in decks.rglob("*.yaml")}
    again = _import(*reversed(SEEDS), MARKED, "-o", decks)
    assert again.exit_code == 0, again.output
    assert {p: p.read_bytes() for p in decks.rglob("*.yaml")} == before
    edited = decks / "went-above-beyond-customer.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Customer Obsession", "Ownership"), encoding="utf-8")
    refused = _import(BARE, MARKED, "-o", decks)
    assert refused.exit_code == 1
    assert f"{edited}:1:1: exists and differs from what {MARKED}" in refused.stderr
    assert "Ownership" in edited.read_text(encoding="utf-8")


def test_a_page_in_neither_layout_names_the_first_line_it_cannot_place(tmp_path: Path) -> None:
    page = tmp_path / "notes.txt"
    page.write_text("\nmy notes about the interview\nsecond line\n", encoding="utf-8")
    result = _import(page, "-o", tmp_path / "decks")
    assert result.exit_code == 1 and result.stderr.startswith(f"{page}:2:1: cannot place this line of the page")
    assert not (tmp_path / "decks").exists()
    broken = tmp_path / "broken.txt"
    lines = MARKED.read_text(encoding="utf-8").splitlines()
    at = lines.index("❌ Weak")
    broken.write_text("\n".join([*lines[:at], "✅ Strong", *lines[at + 1:]]), encoding="utf-8")
    result = _import(broken, "-o", tmp_path / "decks")
    assert result.exit_code == 1 and f"{broken}:{at + 1}:1: cannot place" in result.stderr, result.stderr


def test_a_bare_page_too_short_for_its_summary_and_steps_is_a_clean_error(tmp_path: Path) -> None:
    page = tmp_path / "short.txt"
    lines = ["Tell Me About a Time You Fixed Something - Amazon LP STAR Walkthrough",
             "In this scenario, the candidate found a broken build nobody owned and fixed it over a weekend, saving "
             "the release for everyone.", *(f"Coaching line {n} about what to say at this step." for n in range(9))]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")  # one line short of five coaching/mistake pairs
    result = _import(page, "-o", tmp_path / "decks")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"{page}:11:1: cannot place this line of the page ('Coaching line 8 about"), \
        result.stderr
    assert not (tmp_path / "decks").exists()


def test_marked_layout_quirks() -> None:
    page = parse_marked(str(MARKED), page_lines(MARKED.read_text(encoding="utf-8")))
    assert page.question == "Tell Me About a Time You Went Above and Beyond for a Customer"
    assert page.steps[0].phrases == ["support tickets", "screen readers", "nobody owned accessibility"]  # "a""b"
    assert page.steps[3].target == "20s" and page.steps[4].example is None
    weak = page.weak_answers[0]
    assert weak.critique[0] == '"we looked into it" hides who acted.'  # "  • " bullets
    assert weak.verdict == "Friendly but empty. No evidence of customer focus or ownership."  # Bar Raiser Thinks<verdict>
    senior = [level for level in page.levels if level.level == "Senior"]
    assert senior[0].reflection.startswith("Our metrics only saw")  # the 🏆 box
    assert (senior[1].bar, senior[1].length) == ("Changes how several teams work.", "3 minutes.")  # Bar / length lines
    assert page.levels[2].reflection == "I learned to reproduce crashes with assistive technology."  # Reflection:
    assert page.probes[1].key_phrase == "Customers could not wait a month."
    assert page.quiz[1].question == "What makes the result strong?"
    assert [a.lp for a in page.angles] == ["Customer Obsession", "Ownership"]


def test_bare_layout_quirks() -> None:
    page = parse_bare(str(BARE), page_lines(BARE.read_text(encoding="utf-8")))
    assert [len(page.probes), len(page.quiz), len(page.angles), len(page.levels)] == [2, 2, 2, 2]
    assert page.probes[0].weak == "We shipped it in the next release."  # quotes are the page's, not the text's
    assert page.weak_answers[0].critique[0] == '"Some users had problems" names no customer group'  # "- " lines
    assert page.angles[1].lead == "Open with customers who could not log in to their bank."
    assert page.levels[1].focus.startswith("Add the scope trade-off")


def test_build_says_which_items_wait_and_placeholders_never_reach_a_card(imported: Path, blocks: list[str]) -> None:
    built = run_cli("build", str(imported / "decks"), "-o", str(imported / "dist2"), "--dry-run")
    assert built.exit_code == 0
    assert "quiz item 'makes-result-strong' waits for its 'answer'" in built.stderr
    assert not [block for block in blocks if "TODO" in block]


def test_filling_a_placeholder_updates_the_same_note(tmp_path: Path, collection: object) -> None:
    decks = tmp_path / "decks"
    assert _import(BARE, "-o", decks).exit_code == 0
    assert run_cli("build", str(decks), "-o", str(tmp_path / "dist")).exit_code == 0
    first = import_package(collection, tmp_path / "dist" / "all.apkg")
    story = next((decks / "stories").glob("*.yaml"))
    text = story.read_text(encoding="utf-8")
    text = re.sub(r'question: (>-\n +)?"?TODO: the interviewer.s follow-up question"?', "question: Who shipped it?",
                  text, count=1)
    text = re.sub(r'lp: (>-\n +)?"?TODO: the Leadership Principle[^\n"]*"?', "lp: Deliver Results", text, count=1)
    story.write_text(text, encoding="utf-8")
    assert run_cli("build", str(decks), "-o", str(tmp_path / "dist")).exit_code == 0
    second = import_package(collection, tmp_path / "dist" / "all.apkg")
    assert len(first.new) > 0 and not second.new and not second.conflicting and len(second.updated) == 2
    fronts = [collection.get_card(c).render_output(reload=True).question_text  # type: ignore[attr-defined]
              for c in collection.find_cards("")]  # type: ignore[attr-defined]
    assert any("Who shipped it?" in front for front in fronts)
    assert any("Deliver Results" in front and "Told for this principle" in front for front in fronts)  # its angle


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t:#-*&[{'\" "), min_size=1)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4), _TEXT)
def test_every_written_value_loads_back_as_the_same_string(texts: list[str], title: str) -> None:
    data = {"story": "x", "title": title, "steps": [{"id": "a", "coaching": texts, "mistakes": texts[0]}]}
    assert parse("x.yaml", dump(data, "../schema.json", ("steps",))).data == data


def test_an_existing_empty_folder_takes_an_import(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _import(MARKED, "-o", tmp_path / "empty")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "empty").rglob("*.yaml"))


def test_a_story_file_that_does_not_load_is_never_replaced(tmp_path: Path) -> None:
    assert _import(MARKED, "-o", tmp_path / "first").exit_code == 0
    (story,) = (tmp_path / "first" / "stories").glob("*.yaml")
    target = tmp_path / "second"
    (target / "stories").mkdir(parents=True)
    broken = target / "stories" / story.name
    broken.write_text("story: [half written\n", encoding="utf-8")
    result = _import(MARKED, "-o", target)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}:1:1: exists but does not load as a story"), result.stderr
    assert broken.read_text(encoding="utf-8") == "story: [half written\n"
    assert [p.name for p in target.rglob("*.yaml")] == [story.name]  # nothing else written either
