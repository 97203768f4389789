"""The Tell-it card (issue 19): one per walkthrough, the whole story against the clock, the outline on its back; and
Listen: Anki's own text to speech on the backs of the drill, the probe and the Tell-it card.

Read with the official anki library: what a user's Anki renders (render_output(): the text and the sounds of each
side) and the order a learner meets the new cards. Lengths are hand-worked from the authors' words.
"""

from __future__ import annotations

import tempfile
import time
from itertools import combinations
from pathlib import Path

import pytest

from anki_text import visible_text
from conftest import import_package, run_cli
from likeness import likeness, near_identical
from lpdeck.cards.compile import guid
from lpdeck.cards.lengths import length_seconds
from lpdeck.cards.notetypes import NOTETYPES
from lpdeck.sources.principles import LEVEL_LABELS
from sources import STORY, WALKTHROUGH, write_sources
from test_compile import field, notes_by_key


def compiled_notes(level: str | None, source_dir: Path | None = None) -> dict:
    """The combined deck's notes of ``source_dir`` (by default the tiny sources), compiled for ``level``, by key."""
    from lpdeck.build import load_sources
    from lpdeck.cards.decks import combined, compile_sources
    from lpdeck.sources.workspace import resolve

    if source_dir is None:
        source_dir = write_sources(Path(tempfile.mkdtemp()) / "src")
    decks = compile_sources(load_sources(resolve([source_dir])), level=level)
    return {note.key: note for note in combined(decks).notes}


def package_at_level(source_dir: Path, level: str | None, apkg: Path) -> Path:
    """all.apkg of ``source_dir`` compiled for ``level``, written as a first build writes it (an empty lock)."""
    from lpdeck.ship import lock as lockfile
    from lpdeck.ship.apkg import build_package, write_apkg

    notes = list(compiled_notes(level, source_dir).values())
    shipment = lockfile.plan(notes, lockfile.Lock(), int(time.time()), None)
    write_apkg(build_package(shipment.notes, shipment.notetype_mods, set()), apkg)
    return apkg


@pytest.mark.parametrize("text,seconds", [
    ("Keep the story under 2 minutes.", 120),
    ("Story length 2.5-3 minutes.", 180),  # a range counts down from its upper end
    ("Keep to 2 minutes.", 120),
    ("two to three minutes", 180),
    ("between 2 and 3 minutes", 180),
    ("2 min - 3 min", 180),
    ("90-120 seconds", 120),
    ("a minute and a half", 90),
    ("two and a half minutes", 150),
    ("2½ minutes", 150),
    ("2,5 minutes", 150),
    ("2:30", 150),
    ("2:30 to 3:00", 180),
    ("2 min 30 s", 150),
    ("2 minutes and 30 seconds", 150),
    ("2m30s", 150),
    ("Under 90 seconds", 90),
    ("no more than three minutes", 180),
    ("3 minutes (about 450 words)", 180),
])
def test_a_level_length_is_read_from_the_authors_words(text, seconds):
    assert length_seconds(text) == seconds


@pytest.mark.parametrize("text", [
    "Keep it tight.",  # no length
    "2 minutes, 30 seconds of it on the situation",  # two lengths: which one?
    "Aim for 2-2.5 min; never above 3 min",
    "Keep each step under 30 seconds",  # no whole story takes 30 seconds
    "2 hours",
    "1 minute 45",  # 45 what?
    "In 2023 we shipped 3 more services",
])
def test_a_length_that_cannot_be_read_is_not_offered(text):
    assert length_seconds(text) is None


# the angle's lead, emphasis and downplay are its LP-angle card's answer: the plan names them, never says them again
PLAN = ('<div class="lp-plan"><p class="lp-plan-lead">Lead with <strong>Bias for Action</strong>: open, stress and '
        'keep short as its angle does</p><div class="lp-plan-advice">A short overview with {{braces}} and emoji 🚀.</div>'
        '</div>')
OUTLINE = ('<ol class="lp-outline"><li><span class="lp-outline-step">Situation</span> '
           '<span class="lp-outline-target">30s</span> <span class="lp-outline-phrases">'
           '<span class="lp-outline-phrase">I noticed</span> <span class="lp-outline-phrase">nobody owned it</span>'
           '</span></li><li><span class="lp-outline-step">Result</span> <span class="lp-outline-target">20s</span>'
           "</li></ol>")


def test_one_tell_it_per_walkthrough_owned_by_it_with_its_plan_and_the_result_numbers():
    notes = notes_by_key()
    (told,) = [note for note in notes.values() if note.kind == "tell"]
    assert told.key == "tiny-walk/#tell" and told.guid == guid("tiny-walk", "#tell")
    assert told.deck == notes["tiny-walk/#overview"].deck and "kind::tell-it" in told.tags
    assert field(told, "Question") == "Tell me about a time you &lt;b&gt;acted&lt;/b&gt; fast"
    assert field(told, "Story") == "The tiny story"
    assert field(told, "Target") == "0:50"  # 30s + 20s
    assert field(told, "Lengths") == ('<ul class="lp-length-list"><li data-target="3:00" data-level="Senior SDE">'
                                      "Senior SDE 3:00</li></ul>")  # the walkthrough's "2.5-3 minutes."
    # the question's principle, its own overview and the story's Bias for Action angle's emphasis (the walkthrough's
    # own angle is for Dive Deep), then the outline
    assert field(told, "Outline") == PLAN + OUTLINE
    # "The drop rate went to zero; $8K recovered weekly.": both clauses hold a number, one in words, one in digits
    assert field(told, "Numbers") == ('<ul class="lp-numbers"><li>The drop rate went to <strong>zero</strong></li>'
                                      "<li><strong>$8K</strong> recovered weekly</li></ul>")
    assert field(told, "Telling") == ("<div>I noticed a 0.3% drop rate &amp; nobody owned it.</div>"
                                      "<div>The drop rate went to zero; $8K recovered weekly.</div>")
    # what the question changes is said once: the walkthrough's card keeps its principle and takeaways
    assert field(notes["tiny-walk/#overview"], "Overview") == ""
    assert field(notes["tiny-walk/#overview"], "Takeaways") == "<ul><li>Scope boundary</li></ul>"


def test_the_plan_says_only_what_the_sources_give():
    # no overview, and no angle for the question's principle: the principle alone
    bare = WALKTHROUGH.replace("overview: A short overview with {{braces}} and emoji 🚀.\n", "")
    bare = bare.replace("lp: Bias for Action", "lp: Ownership")
    told = notes_by_key(walkthrough=bare)["tiny-walk/#tell"]
    assert field(told, "Outline") == ('<div class="lp-plan"><p class="lp-plan-lead">Lead with <strong>Ownership'
                                      "</strong></p></div>" + OUTLINE)
    # the walkthrough's own angle for its principle comes before the story's; one that keeps nothing short yet
    own = WALKTHROUGH.replace("lp: Bias for Action", "lp: Dive Deep").replace(
        "downplay: Business impact.", "downplay: 'TODO: what to keep short'")
    plan = field(notes_by_key(walkthrough=own)["tiny-walk/#tell"], "Outline")
    assert plan.startswith('<div class="lp-plan"><p class="lp-plan-lead">Lead with <strong>Dive Deep'
                           "</strong>: open and stress as its angle does</p>")
    assert "Root cause analysis" not in plan  # the angle's emphasis is its LP-angle card's answer
    # a placeholder principle leads with nothing
    unsure = WALKTHROUGH.replace("lp: Bias for Action", "lp: 'TODO: which principle?'")
    assert field(notes_by_key(walkthrough=unsure)["tiny-walk/#tell"], "Outline") == (
        '<div class="lp-plan"><div class="lp-plan-advice">A short overview with {{braces}} and emoji 🚀.</div></div>'
        + OUTLINE)


def test_the_self_checks_numbers_are_every_result_clause_with_a_number_and_text_stays_text():
    story = STORY.replace("example: The drop rate went to zero; $8K recovered weekly.",
                          "example: 'Errors fell from 1,200 to 30 a day, saving $8K - and [sound:x.mp3] 2x faster.'")
    story = story.replace("    coaching: Quantify.", "    phrases: [saving $8K]\n    coaching: Quantify.")
    told = notes_by_key(story=story)["tiny-walk/#tell"]
    # every number the result says, those of its key phrases too: the self-check asks that each was said
    assert field(told, "Numbers") == ('<ul class="lp-numbers"><li>Errors fell from <strong>1,200</strong> to '
                                      "<strong>30</strong> a day</li><li>saving <strong>$8K</strong></li>"
                                      "<li>and &#91;sound:x.mp3] <strong>2x</strong> faster</li></ul>")


@pytest.mark.parametrize("level,target,lengths", [
    (None, "0:50", '<ul class="lp-length-list"><li data-target="3:00" data-level="Senior SDE">Senior SDE 3:00</li>'
                   "</ul>"),
    # the walkthrough's "2.5-3 minutes." first, the steps' 30s + 20s still offered
    ("Senior", "3:00", '<ul class="lp-length-list" data-start="Senior SDE"><li data-target="0:50" data-level="Steps">'
                       "Steps 0:50</li></ul>"),
    ("SDE1", "0:50", '<ul class="lp-length-list"><li data-target="3:00" data-level="Senior SDE">Senior SDE 3:00</li>'
                     "</ul>"),  # no length said for SDE1: the steps' time, as without a level
])
def test_with_a_level_the_countdown_starts_from_its_length(level, target, lengths):
    told = compiled_notes(level)["tiny-walk/#tell"]
    assert (field(told, "Target"), field(told, "Lengths")) == (target, lengths)


def test_an_unknown_level_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown level 'sde1'"):
        compiled_notes("sde1")


def test_a_step_not_timed_yet_or_a_question_not_asked_yet_makes_no_card():
    # the countdown starts from the whole story's time: a step still without its target would make it wrong
    untimed = STORY.replace("target: 20s", "target: 'TODO: time it'")
    assert not [n for n in notes_by_key(story=untimed).values() if n.kind == "tell"]
    unasked = WALKTHROUGH.replace("question: Tell me about a time you <b>acted</b> fast", "question: 'TODO: ask'")
    assert not [n for n in notes_by_key(walkthrough=unasked).values() if n.kind == "tell"]


@pytest.fixture
def tiny_collection(tmp_path, collection):
    sources = write_sources(tmp_path / "src")
    assert run_cli("build", str(sources), "-o", str(tmp_path / "out")).exit_code == 0
    import_package(collection, tmp_path / "out" / "all.apkg")
    return collection


def test_anki_renders_the_tell_it_card_and_speaks_only_on_the_back(tiny_collection):
    (card_id,) = tiny_collection.find_cards("tag:kind::tell-it")
    card = tiny_collection.get_card(card_id)
    output = card.render_output(reload=True)
    front, back = visible_text(output.question_text), visible_text(output.answer_text)
    assert front == ("Tell it The tiny story Tell me about a time you <b>acted</b> fast Tell the whole story out loud, "
                     "every step in order. Target: 0:50 Other lengths: Senior SDE 3:00 0:50 Restart")
    assert back.startswith(front)
    assert back.removeprefix(front).strip() == (
        "Told for this question Lead with Bias for Action : open, stress and keep short as its angle does "
        "A short overview with {{braces}} "
        "and emoji 🚀. Situation 30s I noticed nobody owned it Result 20s "
        "After you speak, check "
        "Scope said before the first action: what was yours, and what was not "
        "Every action said with “I”, never “we” "
        "The result's numbers said: The drop rate went to zero $8K recovered weekly "
        "A reflection only this story could give, not a lesson any story could end on "
        "Inside 0:50")
    assert not output.question_av_tags  # never spoken before the answer
    (telling,) = output.answer_av_tags
    assert (telling.lang, " ".join(telling.field_text.split())) == (
        "en_US", "I noticed a 0.3% drop rate & nobody owned it. The drop rate went to zero; $8K recovered weekly.")


@pytest.mark.parametrize("kind,spoken", [("step", "Example"), ("probe", "Strong")])
def test_anki_speaks_the_strong_text_on_the_back_of_the_drill_and_the_probe(tiny_collection, kind, spoken):
    notes = [tiny_collection.get_note(nid) for nid in tiny_collection.find_notes(f'"note:{NOTETYPES[kind].name}"')]
    assert notes and (kind == "probe" or any("<mark" in note[spoken] for note in notes))  # highlighted key phrases
    for note in notes:
        output = note.cards()[0].render_output(reload=True)
        assert not output.question_av_tags
        (tag,) = output.answer_av_tags
        assert tag.lang == "en_US" and "<" not in tag.field_text  # the text as read, its highlighting left out
        assert "".join(tag.field_text.split()) == "".join(visible_text(note[spoken]).split())
        assert "[anki:play:a:0]" in output.answer_text and "[anki:tts" not in output.answer_text


def test_a_result_whose_numbers_are_all_words_lists_them_as_anki_renders_it(tmp_path, collection):
    # the reviewer's result: not a digit in it, yet every clause but its opener states an amount
    result = ("Lost-report tickets halved within a month; the desk answered twice as fast, from forty to four minutes "
              "a call - and no one was paged again.")
    story = STORY.replace("example: The drop rate went to zero; $8K recovered weekly.", f"example: {result}")
    sources = write_sources(tmp_path / "src", story=story)
    assert run_cli("build", str(sources), "-o", str(tmp_path / "out")).exit_code == 0
    import_package(collection, tmp_path / "out" / "all.apkg")
    (card_id,) = collection.find_cards("tag:kind::tell-it")
    answer = collection.get_card(card_id).render_output(reload=True).answer_text
    numbers = answer.split('<ul class="lp-numbers">', 1)[1].split("</ul>", 1)[0]
    # by hand: each clause with its numbers in bold; "no one was paged again" states no amount and is not listed
    assert numbers == ("<li>Lost-report tickets <strong>halved</strong> within a month</li>"
                       "<li>the desk answered <strong>twice</strong> as fast</li>"
                       "<li>from <strong>forty</strong> to <strong>four</strong> minutes a call</li>")
    checks = answer.split('<ul class="lp-checks">', 1)[1].split("</section>", 1)[0]
    assert ("The result's numbers said: Lost-report tickets halved within a month the desk answered twice as fast "
            "from forty to four minutes a call") in [visible_text(line) for line in checks.split("\n")]


def test_autoplay_is_on_by_default_so_the_back_would_speak_unasked(tiny_collection):
    """Why the README asks for "Don't play audio automatically": a card cannot hold its own sound back."""
    (card_id,) = tiny_collection.find_cards("tag:kind::tell-it")
    card = tiny_collection.get_card(card_id)
    assert card.autoplay() is True  # Anki's default deck options play a back's sounds when it shows
    config = tiny_collection.decks.config_dict_for_deck_id(card.did)
    config["autoplay"] = False  # the deck option "Don't play audio automatically"
    tiny_collection.decks.save(config)
    assert tiny_collection.get_card(card_id).autoplay() is False


def test_the_tell_it_card_comes_after_the_storys_drills_in_new_card_order(built_decks, collection):
    from test_cards_teach import _new_card_queue

    import_package(collection, built_decks / "all.apkg")
    queue = _new_card_queue(collection, "LP Interview")
    kinds = [card.note_type()["name"] for card in queue]
    told = [i for i, kind in enumerate(kinds) if kind == NOTETYPES["tell"].name]
    drills = [i for i, kind in enumerate(kinds) if kind == NOTETYPES["step"].name]
    walkthroughs = {card.note()["Question"]: i for i, card in enumerate(queue)
                    if card.note_type()["name"] == NOTETYPES["overview"].name}
    assert len(told) == len(walkthroughs) == 5 and drills and max(drills) < min(told)
    for i in told:  # each question's Tell-it comes right after the question itself
        assert walkthroughs[queue[i].note()["Question"]] == i - 1


# --- each question's own telling, as Anki renders it (issue 24) ---

CHECKS = 5  # scope before the actions, every action "I", the result's numbers, a reflection of this story, the time


def _tell_backs(collection) -> dict[str, tuple[str, str, list[str], str]]:
    """Each Tell-it card by walkthrough tag: its rendered front, what its back adds, its self-check's lines, and its
    plan (what the question changes, above the outline)."""
    from card_blocks import blocks

    backs = {}
    for card_id in collection.find_cards("tag:kind::tell-it"):
        card = collection.get_card(card_id)
        output = card.render_output(reload=True)
        answer = output.answer_text.split('<hr id="answer">', 1)[1]
        checks = answer.split('<ul class="lp-checks">', 1)[1].split("</section>", 1)[0]
        lines = [visible_text(line) for line in checks.split("\n") if line.strip().startswith("<li>")]
        (owner,) = [tag for tag in card.note().tags if tag.startswith("walkthrough::")]
        plan = answer.split('<div class="lp-plan">', 1)[1].split('<ol class="lp-outline">', 1)[0]
        backs[owner] = (visible_text(output.question_text), " ".join(blocks(answer)), lines, " ".join(blocks(plan)))
    return backs


@pytest.mark.parametrize("fixture", ["built_decks", "built_bank"])
def test_no_two_tell_it_backs_in_a_bank_are_the_same(request, fixture, collection):
    import_package(collection, request.getfixturevalue(fixture) / "all.apkg")
    backs = _tell_backs(collection)
    assert len(backs) == (5 if fixture == "built_decks" else 16)
    same = [(a, b) for a, b in combinations(backs, 2) if backs[a][1] == backs[b][1]]
    assert not same, same
    # and what each question changes is its own, not a near-identical wording of another's (tests/likeness.py)
    alike = [(a, b, likeness(backs[a][3], backs[b][3])) for a, b in combinations(backs, 2)
             if near_identical(backs[a][3], backs[b][3])]
    assert not alike, alike
    for owner, (_, back, checks, _) in backs.items():
        assert back.startswith("Told for this question Lead with "), owner  # every walkthrough names a principle
        assert len(checks) == CHECKS, (owner, checks)


def test_the_checkout_storys_four_tellings_each_carry_their_questions_advice(built_bank, collection):
    """The bank's checkout story, told for four questions: each back says its own principle and advice."""
    import_package(collection, built_bank / "all.apkg")
    backs = _tell_backs(collection)
    told = {wid: backs[f"walkthrough::{wid}"][1] for wid in (
        "quick-call-in-an-incident", "hardest-production-bug", "first-theory-wrong", "kept-going-after-the-fix")}
    # by hand from tests/bank: each walkthrough's principle, a sentence of its overview, its angle's emphasis (named, never said)
    for wid, principle, advice, stress in [
        ("quick-call-in-an-incident", "Bias for Action",
         "The root cause the next day is the coda, told in two sentences.", "Why it was a two-way door"),
        ("hardest-production-bug", "Dive Deep", "The rollback is one sentence.", "The chain of evidence"),
        ("first-theory-wrong", "Are Right, A Lot", "Here the wrong theories are the story.",
         "Seeking evidence against your own theory"),
        ("kept-going-after-the-fix", "Ownership", "Make the point of the story everything after that",
         "Following through past the rollback"),
    ]:
        assert told[wid].startswith(f"Told for this question Lead with {principle}: open, stress and keep short as "
                                    "its angle does ")
        assert advice in told[wid] and stress not in told[wid], wid  # the stress is the LP-angle card's answer
    # a question's takeaways stay on its Walkthrough card's back
    assert "The closed ticket is your scope boundary" not in told["kept-going-after-the-fix"]


def test_the_self_check_names_the_storys_numbers_and_its_time(built_bank, collection):
    import_package(collection, built_bank / "all.apkg")
    front, _, checks, _ = _tell_backs(collection)["walkthrough::quick-call-in-an-incident"]
    assert "Target: 3:05" in front  # 30 + 20 + 90 + 25 + 20 seconds
    assert checks[0].startswith("Scope said before the first action") and "“I”" in checks[1]
    # the checkout result's clauses that hold a number, by hand from tests/bank/stories/checkout-p99-regression.yaml
    assert checks[2] == ("The result's numbers said: Order timeouts fell from 1.2% to 0.02% and p99 settled at 170 ms "
                         "The new p99 alarm caught two unrelated regressions in the following quarter within 10 "
                         "minutes each")
    assert checks[3].startswith("A reflection only this story could give")
    assert checks[4] == "Inside 3:05"


@pytest.mark.parametrize("level,target,offered", [
    (None, "3:05", "Other lengths: SDE I 2:00 SDE II 2:30 Senior SDE 3:00"),
    # checkout's SDE2 length "2-2.5 minutes.": from its upper end; the steps' total still offered
    ("SDE2", "2:30", "Other lengths: Steps 3:05 SDE I 2:00 Senior SDE 3:00"),
    ("Senior", "3:00", "Other lengths: Steps 3:05 SDE I 2:00 SDE II 2:30"),
])
def test_anki_counts_down_from_the_learners_level_first(level, target, offered, tmp_path, collection):
    from conftest import BANK

    import_package(collection, package_at_level(BANK, level, tmp_path / "all.apkg"))
    front, _, checks, _ = _tell_backs(collection)["walkthrough::hardest-production-bug"]
    assert f"Target: {target} {offered} {target} Restart" in front
    assert checks[4] == f"Inside {target}"


def test_a_collection_holding_the_first_tell_it_release_takes_todays_in_place(built_decks, collection):
    """Issue 24 changed what a Tell-it note holds, not its fields: users' Tell-it cards keep their history."""
    from lpdeck.ship.lock import RETIRED_TAG
    from regen_support import review, review_count

    release = Path(__file__).resolve().parent / "fixtures" / "tell-it-release" / "all.apkg"
    assert not import_package(collection, release).conflicting
    tell_it = NOTETYPES["tell"]
    assert "lp-checks" not in collection.models.get(tell_it.id)["tmpls"][0]["afmt"]  # the release's own template
    told = {wid: collection.get_note(collection.find_notes(f"tag:walkthrough::{wid} tag:kind::tell-it")[0])
            for wid in ("calculated-risk", "speed-of-execution")}
    assert told["calculated-risk"]["Outline"] == told["speed-of-execution"]["Outline"]  # issue 24: one back for both
    reviewed = {}
    for wid, note in told.items():
        card = note.cards()[0]
        review(collection, card.id)
        reviewed[wid] = (note.id, card.id, collection.get_card(card.id).ivl)

    log = import_package(collection, built_decks / "all.apkg")

    guids = [collection.get_note(nid).guid for nid in collection.find_notes("")]
    assert not log.conflicting and len(guids) == len(set(guids)) == 116 + len(log.new)  # the release's, none twice
    levels = set(LEVEL_LABELS.values())  # and one length note a level, for every story (they retire a story's own)
    assert {note.fields[0] for note in log.new} - levels == {"Situation", "Task", "Action", "Result", "Reflection"}
    assert 0 < len([note for note in log.new if note.fields[0] in levels]) <= len(levels)
    assert not [nt.name for nt in collection.models.all_names_and_ids() if nt.name.endswith("+")]
    stored = collection.models.get(tell_it.id)  # the same note type, its fields and card, today's templates
    assert [f["name"] for f in stored["flds"]] == list(tell_it.fields)
    assert [(t["name"], t["afmt"]) for t in stored["tmpls"]] == [(t.name, t.back) for t in tell_it.templates]
    for wid, (note_id, card_id, interval) in reviewed.items():
        note = collection.get_note(note_id)
        assert RETIRED_TAG not in note.tags and "Lead with <strong>Bias for Action</strong>" in note["Outline"]
        card = collection.get_card(card_id)
        assert card.nid == note_id and card.ivl == interval and review_count(collection, card_id) == 1, wid
    outlines = [collection.get_note(n)["Outline"] for n in collection.find_notes("tag:kind::tell-it")]
    assert len(outlines) == len(set(outlines)) == 5  # the same five notes, each now its question's own
