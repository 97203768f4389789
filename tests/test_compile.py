"""Compiling sources into notes: pure, no disk. GUIDs, fields, tags and decks as designed."""

from __future__ import annotations

import genanki
import pytest

from lpdeck.cards.compile import guid
from lpdeck.cards.decks import compile_sources
from lpdeck.cards.notetypes import NOTETYPES
from lpdeck.sources.load import parse
from lpdeck.sources.validate import validate
from sources import STORY, WALKTHROUGH


def compile_texts(story: str = STORY, walkthrough: str = WALKTHROUGH):
    sources = validate([parse("story.yaml", story), parse("walk.yaml", walkthrough)])
    return {deck.name: deck for deck in compile_sources(sources)}


def notes_by_key(story: str = STORY, walkthrough: str = WALKTHROUGH):
    return {note.key: note for note in compile_texts(story, walkthrough)["all"].notes}


def field(note, name):
    return note.fields[NOTETYPES[note.kind].fields.index(name)]


def test_one_deck_per_walkthrough_plus_all():
    decks = compile_texts()
    assert list(decks) == ["tiny-walk", "all"]
    assert {n.key for n in decks["tiny-walk"].notes} == {n.key for n in decks["all"].notes}


def test_every_kind_of_note_is_made():
    kinds = {note.kind for note in notes_by_key().values()}
    # the choice between stories needs a bank of two (tests/test_bank.py); these sources hold one story. No note
    # is a Story for LP (issue 24) nor of the one-template Which story, nor a Coaching note while every step has an
    # example (its Read card has the coaching)
    assert kinds == set(NOTETYPES) - {"which-story-2", "which-story", "story-for-lp", "coaching"}


def test_a_step_without_an_example_keeps_its_coaching_card():
    story = STORY.replace("    example: The drop rate went to zero; $8K recovered weekly.\n", "")
    notes = notes_by_key(story=story)
    assert [k for k in notes if k.startswith("tiny-story/result")] == ["tiny-story/result#coaching"]
    assert field(notes["tiny-story/result#coaching"], "Coaching") == "<ul><li>Quantify.</li></ul>"


def test_guid_comes_from_namespace_owner_and_item_id_only():
    notes = notes_by_key()
    assert notes["tiny-walk/slack"].guid == genanki.guid_for("lpdeck", "tiny-walk", "slack")
    # written out: a GUID that changed between releases would duplicate every note on the next import
    assert notes["tiny-story/situation"].guid == "7!+dy|<=y"
    assert guid("tiny-story", "situation") == "7!+dy|<=y"


def test_editing_text_keeps_every_guid():
    before = {k: n.guid for k, n in notes_by_key().items()}
    edited = WALKTHROUGH.replace("I brought a complete fix.", "I brought a complete, tested fix.")
    after = {k: n.guid for k, n in notes_by_key(walkthrough=edited).items()}
    assert after == before


def test_reordering_items_keeps_every_guid():
    before = {k: n.guid for k, n in notes_by_key().items()}
    first, second = STORY.index("  - id: situation"), STORY.index("  - id: result")
    end = STORY.index("phrases:\n  - id: we-vs-i")
    swapped = STORY[:first] + STORY[second:end] + STORY[first:second] + STORY[end:]
    assert swapped != STORY
    after = {k: n.guid for k, n in notes_by_key(story=swapped).items()}
    assert after == before


def test_plain_text_is_escaped_and_kept_exactly():
    notes = notes_by_key()
    assert field(notes["tiny-walk/#overview"], "Question") == "Tell me about a time you &lt;b&gt;acted&lt;/b&gt; fast"
    assert '<div class="lp-plan-advice">A short overview with {{braces}} and emoji 🚀.</div>' in field(
        notes["tiny-walk/#tell"], "Outline")  # the question's overview, on its Tell-it back
    assert field(notes["tiny-story/situation"], "Example") == (
        '<mark class="lp-hl">I noticed</mark> a 0.3% drop rate &amp; <mark class="lp-hl">nobody owned it</mark>.')
    assert field(notes["tiny-story/result"], "Example") == "The drop rate went to zero; $8K recovered weekly."


def test_yaml_coercions_never_reach_a_card():
    walkthrough = WALKTHROUGH.replace("bar: Broader impact.", "bar: no").replace("length: 2.5-3 minutes.", "length: 1.10")
    notes = notes_by_key(walkthrough=walkthrough)
    assert field(notes["tiny-walk/senior#bar"], "Bar") == "no"
    assert field(notes["all/#length:Senior"], "Length") == "1.10"


def test_markdown_subset_renders():
    walkthrough = WALKTHROUGH.replace(
        "explanation: Both show individual action.",
        'explanation: "**Both** show *individual* action:\\n- one\\n- two"',
    )
    note = notes_by_key(walkthrough=walkthrough)["tiny-walk/ownership-phrase"]
    assert field(note, "Explanation") == (
        "<p><strong>Both</strong> show <em>individual</em> action:</p><ul><li>one</li><li>two</li></ul>"
    )


def test_lists_become_html_lists():
    note = notes_by_key()["tiny-story/result#read"]
    assert field(note, "Mistakes") == "<ul><li>Team was happy.</li><li>No numbers.</li></ul>"


def test_quiz_options_mark_the_correct_ones_and_the_back_names_them_once():
    note = notes_by_key()["tiny-walk/ownership-phrase"]
    options = field(note, "Options")
    assert '<li data-key="a">I escalated it</li>' in options
    assert '<li data-key="b" data-correct>I brought a fix</li>' in options
    assert '<li data-key="c" data-correct>I coordinated the deploy</li>' in options
    assert field(note, "Answer") == ""  # the options on the back are marked; a second list would say it twice


@pytest.mark.parametrize(
    ("key", "tags"),
    [
        ("tiny-walk/slack", ["LP::Bias_for_Action", "story::tiny-story", "walkthrough::tiny-walk", "kind::probe"]),
        ("tiny-walk/senior", ["LP::Bias_for_Action", "story::tiny-story", "walkthrough::tiny-walk", "kind::level",
                              "level::Senior"]),
        ("tiny-walk/dive-deep", ["LP::Bias_for_Action", "story::tiny-story", "walkthrough::tiny-walk",
                                 "kind::lp-angle", "LP::Dive_Deep"]),
        ("tiny-walk/ownership-phrase", ["LP::Bias_for_Action", "story::tiny-story", "walkthrough::tiny-walk",
                                        "kind::quiz"]),
        ("tiny-story/situation", ["story::tiny-story", "kind::drill", "step::situation"]),
        ("tiny-story/situation#key-phrases", ["story::tiny-story", "kind::key-phrases", "step::situation"]),
        ("tiny-story/situation#read", ["story::tiny-story", "kind::read", "step::situation"]),
        ("tiny-story/#story", ["story::tiny-story", "kind::story"]),
    ],
)
def test_tags_are_hierarchical_without_spaces(key, tags):
    note = notes_by_key()[key]
    assert list(note.tags) == tags
    assert all(" " not in tag for tag in note.tags)


def test_a_walkthroughs_deck_is_a_subdeck_of_its_storys():
    notes = notes_by_key()
    assert notes["tiny-walk/slack"].deck == "LP Interview::Stories::The tiny story::Tiny walk"
    assert notes["tiny-story/we-vs-i"].deck == "LP Interview::Stories::The tiny story"


def test_notes_come_in_teaching_order_story_first():
    keys = [note.key for note in compile_texts()["tiny-walk"].notes]
    assert keys[:6] == ["tiny-story/#story", "tiny-story/situation#read", "tiny-story/situation",
                        "tiny-story/situation#key-phrases", "tiny-story/result#read", "tiny-story/result"]
    assert keys.index("tiny-walk/#overview") > keys.index("tiny-story/we-vs-i")
    assert keys[-1] == "tiny-walk/ownership-phrase"  # the quiz tests what came before


def test_a_level_gives_one_note_per_thing_to_recall():
    notes = notes_by_key()
    levels = {key: [field(note, name) for name in ("Focus", "Reflection", "Bar", "Length")]
              for key, note in notes.items() if note.kind == "level"}
    assert levels == {
        "tiny-walk/senior": ["Organizational thinking.", "", "", ""],
        "tiny-walk/senior#reflection": ["", "No shared SLO.", "", ""],
        "tiny-walk/senior#bar": ["", "", "Broader impact.", ""],
        "all/#length:Senior": ["", "", "", "2.5-3 minutes."],  # the level's: one note for every story
    }
    only_bar = WALKTHROUGH.replace("    focus: Organizational thinking.\n    reflection: No shared SLO.\n", "")
    assert [k for k, n in notes_by_key(walkthrough=only_bar).items() if n.kind == "level"] == ["all/#length:Senior",
                                                                                              "tiny-walk/senior#bar"]


def test_key_phrases_become_one_cloze_deletion_grammar_giving_none_away():
    note = notes_by_key()["tiny-story/situation#key-phrases"]
    # "I noticed" is a pronoun and its verb: highlighted on the Read and Drill cards, never blanked
    assert field(note, "Text") == "I noticed a 0.3% drop rate &amp; {{c1::nobody owned it}}."
    story = STORY.replace("phrases: [I noticed, nobody owned it]", "phrases: [owned it, rate & nobody, noticed a 0]")
    note = notes_by_key(story=story)["tiny-story/situation#key-phrases"]
    assert field(note, "Text") == "I {{c1::noticed a 0}}.3% drop {{c1::rate &amp; nobody}} {{c1::owned it}}."


def test_key_phrases_match_whole_words_only():
    story = STORY.replace("phrases: [I noticed, nobody owned it]", "phrases: [drop, rat, nobody owned]")
    notes = notes_by_key(story=story)
    assert field(notes["tiny-story/situation"], "Example") == (
        'I noticed a 0.3% <mark class="lp-hl">drop</mark> rate &amp; <mark class="lp-hl">nobody owned</mark> it.')
    assert field(notes["tiny-story/situation#key-phrases"], "Text") == (
        "I noticed a 0.3% {{c1::drop}} rate &amp; nobody owned it.")  # "nobody owned": a pronoun and its verb


def test_a_step_without_key_phrases_in_its_example_gets_no_cloze_card():
    story = STORY.replace("phrases: [I noticed, nobody owned it]", "phrases: [alert]")
    assert "tiny-story/situation#key-phrases" not in notes_by_key(story=story)
    result_without_phrases = [k for k in notes_by_key() if k.startswith("tiny-story/result")]
    assert result_without_phrases == ["tiny-story/result#read", "tiny-story/result"]
    only_grammar = STORY.replace("phrases: [I noticed, nobody owned it]", "phrases: [I noticed, nobody owned]")
    assert "tiny-story/situation#key-phrases" not in notes_by_key(story=only_grammar)


def test_every_note_has_as_many_fields_as_its_notetype():
    for note in notes_by_key().values():
        assert len(note.fields) == len(NOTETYPES[note.kind].fields)


def test_anki_media_syntax_stays_text(collection, tmp_path):
    from anki_text import visible_text
    from conftest import import_package, run_cli
    from sources import write_sources

    walkthrough = WALKTHROUGH.replace("weak: I sent a Slack message.", "weak: I said [sound:ding.mp3] and [anki:tts]hi[/anki:tts]")
    sources = write_sources(tmp_path / "src", walkthrough=walkthrough)
    assert run_cli("build", str(sources), "-o", str(tmp_path / "out")).exit_code == 0
    import_package(collection, tmp_path / "out" / "all.apkg")
    card = collection.get_card(collection.find_cards("tag:kind::probe")[0])
    output = card.render_output(reload=True)
    assert "I said [sound:ding.mp3] and [anki:tts]hi[/anki:tts]" in visible_text(output.answer_text)
    # the card's only sound is the template's own: the strong answer read out; the weak answer's text plays nothing
    assert [(tag.field_text, tag.lang) for tag in output.answer_av_tags] == [("I brought a complete fix.", "en_US")]


def test_key_phrases_prefer_the_longest_at_one_place_and_never_overlap():
    story = STORY.replace("phrases: [I noticed, nobody owned it]", "phrases: [nobody, nobody owned, owned it, NOTICED]")
    notes = notes_by_key(story=story)
    assert field(notes["tiny-story/situation"], "Example") == (
        'I <mark class="lp-hl">noticed</mark> a 0.3% drop rate &amp; <mark class="lp-hl">nobody owned</mark> it.')
    # "nobody owned" stands where it is longest, and stays text: grammar gives it away ("owned it" is not blanked
    # inside it)
    assert field(notes["tiny-story/situation#key-phrases"], "Text") == (
        "I {{c1::noticed}} a 0.3% drop rate &amp; nobody owned it.")


def _two_walkthroughs(first_length: str, second_length: str) -> dict[str, object]:
    """The tiny story told by two walkthroughs, each saying its own length at Senior."""
    second = (WALKTHROUGH.replace("walkthrough: tiny-walk", "walkthrough: other-walk")
              .replace("title: Tiny walk", "title: Other walk").replace("<b>acted</b> fast", "moved quickly"))
    sources = validate([parse("story.yaml", STORY),
                        parse("walk.yaml", WALKTHROUGH.replace("2.5-3 minutes.", first_length)),
                        parse("other.yaml", second.replace("2.5-3 minutes.", second_length))])
    notes = {note.key: note for note in next(d for d in compile_sources(sources) if d.name == "all").notes}
    return {key: note for key, note in notes.items() if key.endswith("#length") or "#length:" in key}


def test_a_length_said_the_same_for_two_questions_makes_one_card():
    # the same time in two wordings ("About 3 minutes." twice, "3 minutes at most." once would read as 180 s too)
    (note,) = _two_walkthroughs("About 3 minutes.", "Keep it to 3 minutes").values()
    assert note.key == "all/#length:Senior" and note.deck == "LP Interview::Your level"
    assert field(note, "Length") == "About 3 minutes." and field(note, "Context") == "Every story"
    assert "level::Senior" in note.tags and not [tag for tag in note.tags if tag.startswith("story::")]


def test_lengths_that_differ_are_listed_with_whose_they_are_on_the_one_card():
    (note,) = _two_walkthroughs("About 3 minutes.", "Two minutes").values()
    assert field(note, "Length") == ('<ul><li>About 3 minutes. <span class="lp-whose">Tiny walk</span></li>'
                                     '<li>Two minutes <span class="lp-whose">Other walk</span></li></ul>')
    assert field(note, "Context") == "By story"


def test_the_length_cards_guid_is_the_levels_whatever_the_lengths_say():
    guids = {note.guid for lengths in (("About 3 minutes.", "Two minutes"), ("2 minutes", "2 minutes"))
             for note in _two_walkthroughs(*lengths).values()}
    assert guids == {guid("all", "#length:Senior")}


def test_a_build_of_some_files_makes_no_length_card():
    sources = validate([parse("story.yaml", STORY), parse("walk.yaml", WALKTHROUGH)])
    assert not [note for deck in compile_sources(sources, bank=False) for note in deck.notes if note.kind == "level"
                and field(note, "Length")]
