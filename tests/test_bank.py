"""A user's own bank: eight stories and seventeen walkthroughs, through init, import, check, build and Anki itself.

Seven stories and sixteen walkthroughs are tests/bank (written by hand, as a user writes them); the eighth story comes
from importing a page (tests/pages/customer-crash-marked.txt). What the bank covers was designed and is read here from
those files, not from lpdeck's output: see tests/bank/ and the table in test_stats_shows_the_principle_story_matrix.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection

from check_counts import check_stdout
from conftest import BANK, DECKS, import_package, run_cli
from lpdeck.cards.compile import guid
from lpdeck.sources.bank import SAME_QUESTION, question_words
from lpdeck.sources.principles import LEADERSHIP_PRINCIPLES
from lpdeck.sources.similar import near
from regen_support import review, review_count
from serving import common_asked, stories_serving

PAGE = Path(__file__).resolve().parent / "pages" / "customer-crash-marked.txt"
IMPORTED = ("went-above-beyond-customer", "found-accessibility-crash")  # the walkthrough and story of PAGE
TITLES = {  # tests/bank/stories/*.yaml: title
    "checkout-p99-regression": "Checkout p99 latency regression",
    "flaky-deploy-pipeline": "Simplifying a flaky deploy pipeline",
    "grocery-substitutions": "Substitutions customers did not want",
    "inventory-cache-disagreement": "Disagreed on a cache design, then committed",
    "refund-api-break": "Rebuilding trust after breaking refunds",
    "seller-export-platform": "One export platform for seller reports",
    "warehouse-floor-shift": "A shift on the warehouse floor",
}


def _sources(folder: Path) -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in folder.rglob("*.yaml")}


def _workspace_with_bank(root: Path) -> Path:
    """A workspace made by `lpdeck init` at ``root``, tests/bank copied into its decks/; ``root``."""
    assert run_cli("init", str(root)).exit_code == 0
    for path in BANK.rglob("*.yaml"):
        target = root / "decks" / path.relative_to(BANK)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return root


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Path:
    """A workspace made by `lpdeck init`, a page imported into it, tests/bank copied in, built; its root."""
    root = tmp_path_factory.mktemp("user") / "lp-bank"
    _workspace_with_bank(root)
    imported = run_cli("import", str(PAGE), "-o", str(root / "decks"))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.splitlines()[:2] == [f"wrote {root / 'decks' / IMPORTED[0]}.yaml",
                                                f"wrote {root / 'decks' / 'stories' / IMPORTED[1]}.yaml"]
    built = run_cli("build", str(root / "decks"), "-o", str(root / "dist"))
    assert built.exit_code == 0, built.output
    return root


@pytest.fixture(scope="module")
def anki(bank, tmp_path_factory):
    """A fresh collection that imported the bank's all.apkg with Anki's default options."""
    from anki.collection import Collection

    col = Collection(str(tmp_path_factory.mktemp("anki") / "collection.anki2"))
    log = import_package(col, bank / "dist" / "all.apkg")
    assert log.new and not log.updated and not log.conflicting
    yield col
    col.close()


def _notes(col, kind: str) -> list:
    return [col.get_note(nid) for nid in col.find_notes(f'"tag:kind::{kind}"')]


def test_importing_a_page_leaves_the_stories_written_by_hand_as_they_were(bank):
    for path in BANK.rglob("*.yaml"):
        assert (bank / "decks" / path.relative_to(BANK)).read_bytes() == path.read_bytes(), path.name


def test_check_accepts_the_bank_and_warns_only_about_the_imported_pages_gaps(bank):
    result = run_cli("check", str(bank / "decks"))
    assert (result.exit_code, result.stdout) == (0, check_stdout(result.stderr, "ok: 17 walkthroughs, 8 stories")), \
        result.output
    warned = {line.split(":", 1)[0] for line in result.stderr.splitlines()}
    assert warned <= {str(bank / "decks" / f"{IMPORTED[0]}.yaml"), str(bank / "decks/stories" / f"{IMPORTED[1]}.yaml")}


def test_one_package_per_walkthrough_and_one_deck_per_story(bank, anki):
    walkthroughs = sorted(p.stem for p in (bank / "decks").glob("*.yaml"))
    assert len(walkthroughs) == 17
    assert sorted(p.stem for p in (bank / "dist").glob("*.apkg")) == sorted([*walkthroughs, "all"])
    imported_title = _sources(bank / "decks")[IMPORTED[1]]["title"]
    names = [d.name for d in anki.decks.all_names_and_ids()]
    stories = {name.split("::")[2] for name in names if name.startswith("LP Interview::Stories::")}
    assert stories == {*TITLES.values(), imported_title}
    assert {name for name in names if name.count("::") == 1} == {"LP Interview::Stories", "LP Interview::Which story",
                                                                  "LP Interview::Your level"}


def test_no_sample_note_anywhere(bank, anki):
    samples = json.loads((DECKS / "lpdeck.lock").read_text(encoding="utf-8"))["notes"]
    # a level's length note is the level's in every workspace (one a level, whatever the stories): tried on the sample
    # first, it is the same note, now saying the bank's lengths
    sample_guids = {guid(*key.split("/", 1)) for key in samples if not key.startswith("all/#length:")}
    guids = {anki.get_note(nid).guid for nid in anki.find_notes("")}
    assert guids and not guids & sample_guids
    (senior,) = [anki.get_note(nid) for nid in anki.find_notes("tag:kind::level tag:level::Senior Length:_*")]
    assert senior.guid == guid("all", "#length:Senior") and senior["Length"] == "2.5-3 minutes."
    assert not anki.find_notes("tag:story::webhook-drops") and not anki.find_notes("tag:lpdeck::retired")
    assert not [d.name for d in anki.decks.all_names_and_ids() if "Webhook" in d.name or "retired" in d.name]


COMMON = yaml.safe_load((Path(__file__).resolve().parents[1] / "src/lpdeck/sources/common_questions.yaml")
                        .read_text(encoding="utf-8"))["questions"]
SERVED = set(LEADERSHIP_PRINCIPLES) - {"Hire and Develop the Best", "Frugality"}  # see the test of Story for LP


def _unstudied(lp: str, studied: list[str]) -> list[dict]:
    """The common questions of ``lp`` in file order, those a walkthrough asks in near-identical words left out."""
    return [q for q in COMMON if q["lp"] == lp and not any(_same(q["question"], s) for s in studied)]


def _same(a: str, b: str) -> bool:
    words_a, words_b = question_words(a), question_words(b)
    return near(a, b) or len(words_a & words_b) >= SAME_QUESTION * len(words_a | words_b)


def test_each_principle_a_story_serves_is_asked_common_questions_two_where_there_is_a_choice(bank, anki):
    sources = _sources(bank / "decks")
    studied = [data["question"] for data in sources.values() if "walkthrough" in data]
    notes = {note.guid: note for note in _notes(anki, "which-story")}
    serving = stories_serving(bank / "decks")
    assert set(serving) == SERVED
    expected = {guid("all", f"which-story-common-{q['id']}"): q for lp in SERVED
                for q in _unstudied(lp, studied)[:common_asked(serving[lp])]}
    assert set(notes) == set(expected) and 14 < len(notes) < 2 * 14
    for key, question in expected.items():
        note = notes[key]
        assert note["Question"] == html.escape(question["question"], quote=False)
        assert note["LP"] == html.escape(question["lp"], quote=False)
        assert note["Opening"] == html.escape(question["listen_for"], quote=False)
        card = note.cards()[0]
        back = card.render_output(reload=True).answer_text.split('id="answer"')[1]
        assert note["Story"].split("<")[0] in back and note["Opening"] in back
        assert anki.decks.name(card.did) == "LP Interview::Which story"
    by_lp = {note["LP"]: note for note in notes.values()}
    page_story = html.escape(_sources(bank / "decks")[IMPORTED[1]]["title"], quote=False)
    # best first, then the next two (the ranking of test_each_principle_with_a_story_asks_for_it_best_first)
    assert by_lp["Customer Obsession"]["Story"] == (f'{TITLES["grocery-substitutions"]}<span class="lp-also">or: '
                                                    f'{page_story} · {TITLES["seller-export-platform"]}</span>')
    assert by_lp["Think Big"]["Story"] == TITLES["seller-export-platform"]
    assert by_lp["Earn Trust"]["Story"] == (f'{TITLES["refund-api-break"]}<span class="lp-also">or: '
                                            f'{TITLES["inventory-cache-disagreement"]}</span>')
    assert "story::refund-api-break" in by_lp["Earn Trust"].tags and "LP::Earn_Trust" in by_lp["Earn Trust"].tags


def test_no_which_story_card_asks_a_question_a_walkthrough_studies(bank, anki):
    studied = [data["question"] for data in _sources(bank / "decks").values() if "walkthrough" in data]
    prompts = [html.unescape(note["Question"]) for note in _notes(anki, "which-story")]
    assert prompts and [(p, s) for p in prompts for s in studied if _same(p, s)] == []


def _back(card) -> str:
    answer = card.render_output(reload=True).answer_text
    return answer.split('<hr id="answer">', 1)[-1]


def test_a_which_story_back_says_what_no_other_back_says(bank, anki):
    cards = [anki.get_card(cid) for cid in anki.find_cards("-tag:lpdeck::retired")]
    backs = {card.id: _back(card) for card in cards}
    which = [card for card in cards if "kind::which-story" in card.note().tags]
    assert len({backs[card.id] for card in which}) == len(which)  # two questions of one principle differ too
    others = [back for cid, back in backs.items() if cid not in {card.id for card in which}]
    for card in which:
        assert backs[card.id] not in others
        opening = card.note()["Opening"]
        assert not [back for back in others if opening in back]  # how to open: not another card's words


def test_no_principle_asks_for_a_ranked_list_of_stories(bank, anki):
    """Story for LP asked for up to five stories, best first: no answer one grades the same way twice (issue 24)."""
    assert not anki.find_notes('"tag:kind::story-for-lp"')
    assert not anki.find_cards('"note:lpdeck · Story for LP"')


def test_importing_again_adds_nothing(bank, anki):
    count = len(anki.find_notes(""))
    again = import_package(anki, bank / "dist" / "all.apkg")
    assert not again.new and not again.updated and not again.conflicting
    for package in sorted((bank / "dist").glob("*.apkg")):
        log = import_package(anki, package)
        assert not log.new and not log.conflicting, package.name
    assert len(anki.find_notes("")) == count
    assert not [nt.name for nt in anki.models.all_names_and_ids() if nt.name.endswith("+")]


def test_a_rebuild_with_nothing_changed_changes_nothing(bank):
    before = {p.name: p.read_bytes() for p in (bank / "dist").glob("*.apkg")}
    again = run_cli("build", str(bank / "decks"), "-o", str(bank / "dist"))
    assert again.exit_code == 0 and again.stdout == (f"18 packages in {bank / 'dist'}: 18 already up to date, not "
                                                     "rewritten\n")
    assert {p.name: p.read_bytes() for p in (bank / "dist").glob("*.apkg")} == before


def test_stats_shows_the_principle_story_matrix(bank):
    result = run_cli("stats", str(bank / "decks"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 100 for line in lines)
    assert lines[0] == "Principles × stories: 14 of 16 principles have a story, 7 rest on one story, 2 have none"
    # stories numbered in file order: 1 checkout-p99-regression, 2 flaky-deploy-pipeline, 3 the imported page's
    # (found-accessibility-crash), 4 grocery-substitutions, 5 inventory-cache-disagreement, 6 refund-api-break,
    # 7 seller-export-platform, 8 warehouse-floor-shift; a number is walkthroughs testing the principle, + an angle
    # (read from tests/bank and the page)
    assert lines[3] == " " * 46 + "1  2  3  4  5  6  7  8  stories"
    assert lines[4] == "Customer Obsession                            +  ·  1+ 2+ ·  +  1+ +        6"
    assert "Dive Deep                                     1+ ·  ·  +  ·  ·  ·  ·        2" in lines
    assert "Think Big                                     ·  ·  ·  ·  ·  ·  1+ ·      one" in lines
    assert "Frugality                                     ·  ·  ·  ·  ·  ·  ·  ·     none" in lines
    assert " 1 checkout-p99-regression: 4 walkthroughs, told for 4 principles (stretched: more than 3)" in lines
    assert " 4 grocery-substitutions: 2 walkthroughs, told for 1 principle" in lines
    assert "No story yet: Hire and Develop the Best · Frugality" in lines
    at = lines.index("Walkthroughs by principle:")
    assert lines[at + 1:at + 3] == [
        "  Customer Obsession: changed-plan-after-listening · surprising-customer-insight ·",
        "    went-above-beyond-customer · worked-backwards-from-sellers"]


def test_stats_says_cards_a_story_and_each_storys_speaking_minutes(bank, anki):
    """Counted in Anki (the cards it made of all.apkg) and read from the sources (the steps' targets): every drill
    spoken once for its target, every Tell-it card for the targets added up."""
    lines = run_cli("stats", str(bank / "decks")).stdout.splitlines()
    cards = len(anki.find_cards(""))
    at = next(i for i, line in enumerate(lines) if line.startswith("Cards: "))
    assert lines[at] == f"Cards: {cards} in all.apkg, {cards / 8:.1f} a story. First pass, each card shown once:"
    story = _sources(bank / "decks")["checkout-p99-regression"]
    targets = sum(int(step["target"].removesuffix("s")) for step in story["steps"])
    told = sum(1 for data in _sources(bank / "decks").values()
               if "walkthrough" in data and data["story"] == "checkout-p99-regression")
    own = len(anki.find_cards("tag:story::checkout-p99-regression"))
    assert lines[at + 1].startswith(f" 1 checkout-p99-regression: {own} cards, {targets * (1 + told) / 60:.1f} min "
                                    "speaking (drills, Tell it), ")
    assert lines[at + 1].endswith(" min the rest") and told == 4
    levels = len(anki.find_cards("tag:kind::level -tag:story::*"))  # one "how long" card a level, no story's
    assert levels == 3 and lines[at + 9] == f"   your level: {levels} cards (how long you speak)"
    assert lines[at + 10].startswith("Seconds a showing (estimates): Drill and Tell it: the target spoken + 15")


def test_the_preview_shows_the_same_matrix(bank, tmp_path):
    result = run_cli("preview", str(bank / "decks"), "-o", str(tmp_path / "preview.html"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "preview.html").read_text(encoding="utf-8")
    table = page.split('<details id="bank">')[1].split("</details>")[0]
    assert table.count('<th scope="row">') == 16 and table.count('<th scope="col" title=') == 8
    row = table.split('<th scope="row">Customer Obsession</th>')[1].split("</tr>")[0]
    assert row == "".join(f"<td>{cell}</td>" for cell in ["+", "·", "1+", "2+", "·", "+", "1+", "+", "6"])
    assert '<tr class="lp-none"><th scope="row">Frugality</th>' in table
    assert f"<li>{TITLES['checkout-p99-regression']} <code>checkout-p99-regression</code> <strong>stretched" in table


def _copy(folder: Path, tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    shutil.copytree(folder, decks)
    (decks / "lpdeck.lock").unlink(missing_ok=True)
    return decks


def test_check_warns_about_a_question_asked_twice_and_a_principle_without_an_angle(bank, tmp_path):
    decks = _copy(bank / "decks", tmp_path)
    original = (decks / "hardest-production-bug.yaml").read_text(encoding="utf-8")
    twin = original.replace("walkthrough: hardest-production-bug", "walkthrough: toughest-bug").replace(
        "question: Walk me through the hardest production problem you have debugged. How did you get to the root "
        "cause?", "question: Walk me through the hardest production problem you debugged; how did you get to its "
        "root cause?").replace("story: checkout-p99-regression", "story: refund-api-break").replace(
        "lp: Dive Deep", "lp: Frugality")
    (decks / "toughest-bug.yaml").write_text(twin, encoding="utf-8")
    result = run_cli("check", str(decks))
    assert (result.exit_code, result.stdout) == (0, check_stdout(result.stderr, "ok: 18 walkthroughs, 8 stories")), \
        result.output
    warnings = [line for line in result.stderr.splitlines() if "toughest-bug" in line]
    assert warnings == [
        f"{decks / 'toughest-bug.yaml'}:4:11: warning: asks what 'hardest-production-bug' asks "
        f"({decks / 'hardest-production-bug.yaml'}:4) in near-identical words; the same question makes the same "
        "cards twice: keep one walkthrough, or ask different questions",
        f"{decks / 'toughest-bug.yaml'}:5:5: warning: story 'refund-api-break' has no angle for Frugality: add one to "
        "its angles (what to lead with, stress and keep short for it), so its cards say how to tell it for this "
        "question"]


@pytest.mark.parametrize("question", [
    "Walk me through a production problem you debugged that turned out to be a hardware fault",
    "Walk me through the hardest product decision you have made",
])
def test_questions_that_only_share_words_are_not_the_same_question(question, bank, tmp_path):
    decks = _copy(bank / "decks", tmp_path)
    text = (decks / "hardest-production-bug.yaml").read_text(encoding="utf-8")
    other = text.replace("walkthrough: hardest-production-bug", "walkthrough: other-bug").replace(
        text.splitlines()[3], f"question: {question}")
    (decks / "other-bug.yaml").write_text(other, encoding="utf-8")
    result = run_cli("check", str(decks))
    assert result.exit_code == 0 and "near-identical" not in result.stderr


def test_one_story_makes_no_choice_cards(built_decks, collection):
    import_package(collection, built_decks / "all.apkg")
    assert collection.find_notes("") and not collection.find_notes('"tag:kind::which-story"')
    assert not collection.find_notes('"tag:kind::story-for-lp"')


def test_a_new_story_updates_the_choice_notes_in_place_with_their_history(tmp_path, collection):
    root = tmp_path / "bank"
    _workspace_with_bank(root)
    assert run_cli("build", str(root / "decks"), "-o", str(root / "dist")).exit_code == 0
    import_package(collection, root / "dist" / "all.apkg")
    question = collection.get_note(collection.find_notes('"tag:kind::which-story" "LP:Customer Obsession"')[0])
    review(collection, question.cards()[0].id)
    count = len(collection.find_notes(""))

    imported = run_cli("import", str(PAGE), "-o", str(root / "decks"))  # an eighth story, serving Customer Obsession
    assert imported.exit_code == 0, imported.output
    assert run_cli("build", str(root / "decks"), "-o", str(root / "dist")).exit_code == 0
    log = import_package(collection, root / "dist" / "all.apkg")

    assert not log.conflicting  # ("duplicate" lists the notes that were already as the package has them)
    asked = collection.get_note(question.id)  # the imported story is the second best for Customer Obsession now
    assert asked.guid == question.guid and asked["Story"] != question["Story"]  # updated in place
    card = question.cards()[0]
    assert collection.get_card(card.id).type == 2 and review_count(collection, card.id) == 1  # history kept
    guids = [collection.get_note(nid).guid for nid in collection.find_notes("")]
    assert len(guids) == len(set(guids)) > count


def test_a_partial_build_neither_makes_nor_retires_the_choice_notes(tmp_path):
    root = tmp_path / "bank"
    _workspace_with_bank(root)
    lock = root / "decks" / "lpdeck.lock"
    partial = run_cli("build", str(root / "decks/simpler-by-taking-away.yaml"),
                      str(root / "decks/hardest-production-bug.yaml"), str(root / "decks/stories"),
                      "-o", str(root / "dist"), "--lock", str(lock))
    assert partial.exit_code == 0, partial.output
    assert not [key for key in json.loads(lock.read_text(encoding="utf-8"))["notes"] if key.startswith("all/")]
    assert run_cli("build", str(root / "decks"), "-o", str(root / "dist")).exit_code == 0
    bank_notes = {key: note for key, note in json.loads(lock.read_text(encoding="utf-8"))["notes"].items()
                  if key.startswith("all/") and not key.startswith("all/#length:")}
    # two questions for each principle two stories or more serve, one for a principle that rests on one story
    assert len(bank_notes) == sum(common_asked(stories) for stories in stories_serving(BANK).values())
    again = run_cli("build", str(root / "decks/simpler-by-taking-away.yaml"), str(root / "decks/stories"),
                    "-o", str(root / "dist"))
    assert again.exit_code == 0, again.output
    after = json.loads(lock.read_text(encoding="utf-8"))["notes"]
    assert {key: after[key] for key in bank_notes} == bank_notes  # not retired, not changed


def test_what_previews_and_counts_a_build_of_some_files_has_no_choice_cards_as_that_build(bank, tmp_path):
    decks = bank / "decks"
    some = [str(decks / "simpler-by-taking-away.yaml"), str(decks / "hardest-production-bug.yaml"),
            str(decks / "stories")]
    for paths, choice in ((some, False), ([str(decks)], True)):
        result = run_cli("preview", *paths, "-o", str(tmp_path / "preview.html"))
        assert result.exit_code == 0, result.output
        page = (tmp_path / "preview.html").read_text(encoding="utf-8")
        assert ('"kind":"which-story-2"' in page) is choice and '"kind":"which-story"' not in page
        assert '"kind":"story-for-lp"' not in page
    stats = run_cli("stats", *some).stdout
    assert "which-story" not in stats and "tell-it 2" in stats


@pytest.mark.parametrize("level", ["SDE1", "SDE2", "Senior"])
def test_at_one_level_a_story_has_at_most_45_cards(level, built_bank, collection, tmp_path):
    """Issue 24's target, counted in Anki: tests/bank's seven stories built at one level (`--level`)."""
    built = run_cli("build", str(BANK), "-o", str(tmp_path / "dist"), "--lock", str(tmp_path / "lpdeck.lock"),
                    "--level", level)
    assert built.exit_code == 0, built.output
    import_package(collection, tmp_path / "dist" / "all.apkg")
    cards = len(collection.find_cards(""))
    assert not collection.find_cards(" OR ".join(f"tag:level::{other}" for other in ("SDE1", "SDE2", "Senior")
                                                 if other != level))  # the other levels' Level cards are not made
    every_level = Collection(str(tmp_path / "every-level.anki2"))
    import_package(every_level, built_bank / "all.apkg")
    assert len(every_level.find_cards("")) > cards  # every level: 483 before issue 24
    every_level.close()
    assert cards / len(TITLES) <= 45, cards / len(TITLES)


def test_stats_cards_a_story_add_up_to_the_deck():
    """A Which-story card names up to three stories: it counts once, for the best one, so the stories add up."""
    lines = run_cli("stats", str(BANK), "--level", "Senior").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Cards: "))
    total = int(re.match(r"Cards: (\d+) in all\.apkg", lines[at])[1])
    each = [int(re.match(r" ?\d+ [\w-]+: (\d+) cards, ", line)[1]) for line in lines[at + 1:at + 1 + len(TITLES)]]
    level = re.fullmatch(r"   your level: (\d+) cards \(how long you speak\)", lines[at + 1 + len(TITLES)])
    assert len(each) == len(TITLES) and sum(each) + int(level[1]) == total
    assert int(level[1]) == 1  # one length card at Senior, not one a story
