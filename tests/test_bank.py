"""A user's own bank: eight stories and seventeen walkthroughs, through init, import, check, build and Anki itself.

Seven stories and sixteen walkthroughs are tests/bank (written by hand, as a user writes them); the eighth story comes
from importing a page (tests/pages/customer-crash-marked.txt). What the bank covers was designed and is read here from
those files, not from lpdeck's output: see tests/bank/ and the table in test_stats_shows_the_principle_story_matrix.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import BANK, DECKS, import_package, run_cli
from lpdeck.cards.compile import guid
from regen_support import review, review_count

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
    assert (result.exit_code, result.stdout) == (0, "ok: 17 walkthroughs, 8 stories\n"), result.output
    warned = {line.split(":", 1)[0] for line in result.stderr.splitlines()}
    assert warned <= {str(bank / "decks" / f"{IMPORTED[0]}.yaml"), str(bank / "decks/stories" / f"{IMPORTED[1]}.yaml")}


def test_one_package_per_walkthrough_and_one_deck_per_story(bank, anki):
    walkthroughs = sorted(p.stem for p in (bank / "decks").glob("*.yaml"))
    assert len(walkthroughs) == 17
    assert sorted(p.stem for p in (bank / "dist").glob("*.apkg")) == sorted([*walkthroughs, "all"])
    imported_title = _sources(bank / "decks")[IMPORTED[1]]["title"]
    stories = {name.split("::")[1] for name in (d.name for d in anki.decks.all_names_and_ids()) if "::" in name}
    assert stories == {*TITLES.values(), imported_title, "Which story"}


def test_no_sample_note_anywhere(bank, anki):
    samples = json.loads((DECKS / "lpdeck.lock").read_text(encoding="utf-8"))["notes"]
    sample_guids = {guid(*key.split("/", 1)) for key in samples}
    guids = {anki.get_note(nid).guid for nid in anki.find_notes("")}
    assert guids and not guids & sample_guids
    assert not anki.find_notes("tag:story::webhook-drops") and not anki.find_notes("tag:lpdeck::retired")
    assert not [d.name for d in anki.decks.all_names_and_ids() if "Webhook" in d.name or "retired" in d.name]


def test_every_question_has_a_which_story_card_naming_its_story(bank, anki):
    sources = _sources(bank / "decks")
    walkthroughs = {name: data for name, data in sources.items() if "walkthrough" in data}
    notes = {note.guid: note for note in _notes(anki, "which-story")}
    assert len(notes) == len(walkthroughs) == 17
    for wid, data in walkthroughs.items():
        note = notes[guid("all", f"which-story-for-{wid}")]
        assert note["Question"] == html.escape(data["question"], quote=False)
        assert note["Story"] == html.escape(sources[data["story"]]["title"], quote=False), wid
        assert note["LP"] == html.escape(data["lp"], quote=False)
        card = note.cards()[0]
        back = card.render_output(reload=True).answer_text
        assert html.escape(sources[data["story"]]["title"], quote=False) in back.split('id="answer"')[1], wid
        assert anki.decks.name(card.did) == "LP Interview::Which story"


def test_the_opening_line_is_the_angle_for_the_principle_or_the_first_sentence(bank, anki):
    note = next(n for n in _notes(anki, "which-story") if n.guid == guid("all", "which-story-for-first-theory-wrong"))
    story = _sources(bank / "decks")["checkout-p99-regression"]
    angle = next(a for a in story["angles"] if a["lp"] == "Are Right, A Lot")
    assert note["Opening"] == html.escape(" ".join(angle["lead"].split()), quote=False)


def _ranked(note) -> list[str]:
    return [item.split('<span class="lp-story">')[1].split("</span>")[0]
            for item in note["Stories"].split("<li>")[1:]]


def test_each_principle_with_a_story_asks_for_it_best_first(bank, anki):
    notes = {note["LP"]: note for note in _notes(anki, "story-for-lp")}
    imported = "Customer Obsession"  # the page's walkthrough tests it too
    # served by tests/bank (see the module's docstring) and the imported story; none serves the last two
    assert set(notes) == {"Customer Obsession", "Ownership", "Invent and Simplify", "Are Right, A Lot",
                          "Learn and Be Curious", "Insist on the Highest Standards", "Think Big", "Bias for Action",
                          "Earn Trust", "Dive Deep", "Have Backbone; Disagree and Commit", "Deliver Results",
                          "Strive to be Earth's Best Employer",
                          "Success and Scale Bring Broad Responsibility"}
    assert "Frugality" not in notes and "Hire and Develop the Best" not in notes
    # two walkthroughs of grocery-substitutions test it: first; then the stories with one walkthrough testing it,
    # then those with an angle for it, each in file order (stories/ sorted by name)
    page_story = html.escape(_sources(bank / "decks")[IMPORTED[1]]["title"], quote=False)
    assert _ranked(notes[imported]) == [
        TITLES["grocery-substitutions"], page_story, TITLES["seller-export-platform"],
        TITLES["checkout-p99-regression"], TITLES["refund-api-break"], TITLES["warehouse-floor-shift"]]
    assert _ranked(notes["Think Big"]) == [TITLES["seller-export-platform"]]
    assert _ranked(notes["Earn Trust"]) == [TITLES["refund-api-break"], TITLES["inventory-cache-disagreement"]]
    back = notes["Earn Trust"].cards()[0].render_output(reload=True).answer_text
    assert "asked as: Won back a team's confidence; has an angle for it" in back
    assert back.count("has an angle for it") == 2  # inventory-cache-disagreement is told for it by an angle only


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
    assert again.exit_code == 0 and again.stdout.endswith("18 packages of 18 already up to date: not rewritten\n")
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
    assert (result.exit_code, result.stdout) == (0, "ok: 18 walkthroughs, 8 stories\n"), result.output
    warnings = [line for line in result.stderr.splitlines() if "toughest-bug" in line]
    assert warnings == [
        f"{decks / 'toughest-bug.yaml'}:4:11: warning: asks what 'hardest-production-bug' asks "
        f"({decks / 'hardest-production-bug.yaml'}:4) in near-identical words; one question makes one 'Which story' "
        "card: keep one walkthrough, or ask different questions",
        f"{decks / 'toughest-bug.yaml'}:5:5: warning: story 'refund-api-break' has no angle for Frugality: add one to "
        "its angles (what to lead with, stress and keep short for it), so its cards say how to tell it for this "
        "question",
        f"{decks / 'toughest-bug.yaml'}: 2 warnings"]  # the file's total


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
    principle = collection.get_note(collection.find_notes('"tag:kind::story-for-lp" "LP:Customer Obsession"')[0])
    question = collection.get_note(collection.find_notes('"tag:kind::which-story"')[0])
    for note in (question, principle):  # in the order the deck introduces them (review() buries the cards before)
        review(collection, note.cards()[0].id)
    count = len(collection.find_notes(""))

    imported = run_cli("import", str(PAGE), "-o", str(root / "decks"))  # an eighth story, serving Customer Obsession
    assert imported.exit_code == 0, imported.output
    assert run_cli("build", str(root / "decks"), "-o", str(root / "dist")).exit_code == 0
    log = import_package(collection, root / "dist" / "all.apkg")

    assert not log.conflicting  # ("duplicate" lists the notes that were already as the package has them)
    again = collection.get_note(principle.id)
    assert again.guid == principle.guid and again["Stories"] != principle["Stories"]  # updated in place
    assert len(_ranked(again)) == len(_ranked(principle)) + 1
    for note in (principle, question):
        card = note.cards()[0]
        assert collection.get_card(card.id).type == 2 and review_count(collection, card.id) == 1  # history kept
    guids = [collection.get_note(nid).guid for nid in collection.find_notes("")]
    assert len(guids) == len(set(guids)) > count
    assert guid("all", f"which-story-for-{IMPORTED[0]}") in guids


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
                  if key.startswith("all/")}
    assert len(bank_notes) == 16 + 14  # a question each, and the 14 principles the seven stories serve
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
        assert ('"kind":"which-story"' in page) is choice and ('"kind":"story-for-lp"' in page) is choice
    stats = run_cli("stats", *some).stdout
    assert "which-story" not in stats and "tell-it 2" in stats
