"""The Tell-it card (issue 19): one per walkthrough, the whole story against the clock, the outline on its back; and
Listen: Anki's own text to speech on the backs of the drill, the probe and the Tell-it card.

Read with the official anki library: what a user's Anki renders (render_output(): the text and the sounds of each
side) and the order a learner meets the new cards. Lengths are hand-worked from the authors' words.
"""

from __future__ import annotations

import pytest

from anki_text import visible_text
from conftest import import_package, run_cli
from lpdeck.cards.compile import guid
from lpdeck.cards.lengths import length_seconds
from lpdeck.cards.notetypes import NOTETYPES
from sources import STORY, WALKTHROUGH, write_sources
from test_compile import field, notes_by_key


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


def test_one_tell_it_per_walkthrough_owned_by_it_with_the_outline_and_the_result_numbers():
    notes = notes_by_key()
    (told,) = [note for note in notes.values() if note.kind == "tell"]
    assert told.key == "tiny-walk/#tell" and told.guid == guid("tiny-walk", "#tell")
    assert told.deck == notes["tiny-walk/#overview"].deck and "kind::tell-it" in told.tags
    assert field(told, "Question") == "Tell me about a time you &lt;b&gt;acted&lt;/b&gt; fast"
    assert field(told, "Story") == "The tiny story"
    assert field(told, "Target") == "0:50"  # 30s + 20s
    assert field(told, "Lengths") == ('<ul class="lp-length-list"><li data-target="3:00" data-level="Senior SDE">'
                                      "Senior SDE 3:00</li></ul>")  # the walkthrough's "2.5-3 minutes."
    assert field(told, "Outline") == (
        '<ol class="lp-outline"><li><span class="lp-outline-step">Situation</span> '
        '<span class="lp-outline-target">30s</span> <span class="lp-outline-phrases">'
        '<span class="lp-outline-phrase">I noticed</span> <span class="lp-outline-phrase">nobody owned it</span>'
        '</span></li><li><span class="lp-outline-step">Result</span> <span class="lp-outline-target">20s</span>'
        "</li></ol>")
    # "The drop rate went to zero; $8K recovered weekly.": the clause with a number
    assert field(told, "Numbers") == '<ul class="lp-numbers"><li><strong>$8K</strong> recovered weekly</li></ul>'
    assert field(told, "Telling") == ("<div>I noticed a 0.3% drop rate &amp; nobody owned it.</div>"
                                      "<div>The drop rate went to zero; $8K recovered weekly.</div>")


def test_numbers_the_outline_shows_are_not_repeated_and_text_stays_text():
    story = STORY.replace("example: The drop rate went to zero; $8K recovered weekly.",
                          "example: 'Errors fell from 1,200 to 30 a day, saving $8K - and [sound:x.mp3] 2x faster.'")
    story = story.replace("    coaching: Quantify.", "    phrases: [saving $8K]\n    coaching: Quantify.")
    told = notes_by_key(story=story)["tiny-walk/#tell"]
    assert field(told, "Numbers") == ('<ul class="lp-numbers"><li>Errors fell from <strong>1,200</strong> to '
                                      "<strong>30</strong> a day</li><li>and &#91;sound:x.mp3] <strong>2x</strong> "
                                      "faster</li></ul>")


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
                     "every step in order. Target: 0:50 At your level: Senior SDE 3:00 0:50 Restart")
    assert back.startswith(front)
    assert back.removeprefix(front).strip() == ("Outline Situation 30s I noticed nobody owned it Result 20s "
                                                "The numbers $8K recovered weekly")
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
