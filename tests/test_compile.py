"""Compiling sources into notes: pure, no disk. GUIDs, fields, tags and decks as designed."""

from __future__ import annotations

import genanki
import pytest

from lpdeck.compile import compile_sources, guid
from lpdeck.load import parse
from lpdeck.notetypes import NOTETYPES
from lpdeck.validate import validate
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
    assert kinds == set(NOTETYPES)


def test_guid_comes_from_namespace_scope_and_item_id_only():
    notes = notes_by_key()
    assert notes["tiny-walk/slack"].guid == genanki.guid_for("lpdeck", "tiny-walk", "slack")
    assert notes["tiny-story/situation"].guid == guid("tiny-story", "situation")


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
    assert field(notes["tiny-walk/#overview"], "Overview") == "A short overview with {{braces}} and emoji 🚀."
    assert field(notes["tiny-story/situation"], "Example") == "I noticed a 0.3% drop rate &amp; nobody owned it."
    assert field(notes["tiny-story/result"], "Example") == "The drop rate went to zero; $8K recovered weekly."


def test_yaml_coercions_never_reach_a_card():
    walkthrough = WALKTHROUGH.replace("bar: Broader impact.", "bar: no").replace("length: 2.5-3 minutes.", "length: 1.10")
    note = notes_by_key(walkthrough=walkthrough)["tiny-walk/senior"]
    assert field(note, "Bar") == "no"
    assert field(note, "Length") == "1.10"


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
    note = notes_by_key()["tiny-story/result"]
    assert field(note, "Mistakes") == "<ul><li>Team was happy.</li><li>No numbers.</li></ul>"


def test_quiz_options_mark_the_correct_ones_and_answer_lists_them():
    note = notes_by_key()["tiny-walk/ownership-phrase"]
    options = field(note, "Options")
    assert '<li data-key="a">I escalated it</li>' in options
    assert '<li data-key="b" data-correct>I brought a fix</li>' in options
    assert '<li data-key="c" data-correct>I coordinated the deploy</li>' in options
    assert field(note, "Answer") == "<ul><li>I brought a fix</li><li>I coordinated the deploy</li></ul>"


@pytest.mark.parametrize(
    ("key", "tags"),
    [
        ("tiny-walk/slack", ["LP::Bias_for_Action", "story::tiny-story", "walkthrough::tiny-walk", "kind::probe"]),
        ("tiny-walk/senior", ["LP::Bias_for_Action", "story::tiny-story", "walkthrough::tiny-walk", "kind::level",
                              "level::Senior"]),
        ("tiny-walk/dive-deep", ["LP::Bias_for_Action", "story::tiny-story", "walkthrough::tiny-walk", "kind::angle",
                                 "LP::Dive_Deep"]),
        ("tiny-story/situation", ["story::tiny-story", "kind::step", "step::situation"]),
    ],
)
def test_tags_are_hierarchical_without_spaces(key, tags):
    note = notes_by_key()[key]
    assert list(note.tags) == tags
    assert all(" " not in tag for tag in note.tags)


def test_decks_are_named_after_walkthrough_and_story():
    notes = notes_by_key()
    assert notes["tiny-walk/slack"].deck == "LP Interview::Tiny walk"
    assert notes["tiny-story/we-vs-i"].deck == "LP Interview::Story · The tiny story"


def test_every_note_has_as_many_fields_as_its_notetype():
    for note in notes_by_key().values():
        assert len(note.fields) == len(NOTETYPES[note.kind].fields)


def test_anki_media_syntax_stays_text(collection, tmp_path):
    from conftest import import_package, run_cli
    from sources import write_sources

    from anki_text import visible_text

    walkthrough = WALKTHROUGH.replace("weak: I sent a Slack message.", "weak: I said [sound:ding.mp3] and [anki:tts]hi[/anki:tts]")
    sources = write_sources(tmp_path / "src", walkthrough=walkthrough)
    assert run_cli("build", str(sources), "-o", str(tmp_path / "out")).exit_code == 0
    import_package(collection, tmp_path / "out" / "all.apkg")
    card = collection.get_card(collection.find_cards("tag:kind::probe")[0])
    output = card.render_output(reload=True)
    assert "I said [sound:ding.mp3] and [anki:tts]hi[/anki:tts]" in visible_text(output.answer_text)
    assert not output.answer_av_tags
