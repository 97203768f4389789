"""The Markdown subset: exactly what the README lists renders, and everything else stays as written."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lpdeck.cards.text import to_html, to_html_list


@pytest.mark.parametrize("text, expected", [
    # what renders
    ("**bold** words", "<strong>bold</strong> words"),
    ("an *italic* word", "an <em>italic</em> word"),
    ("***both***", "<em><strong>both</strong></em>"),
    ("- one\n- two", "<ul><li>one</li><li>two</li></ul>"),
    ("Steps:\n- one\n- two", "<p>Steps:</p><ul><li>one</li><li>two</li></ul>"),
    ("- one\n  - nested\n- two", "<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>"),
    ("first line\nsecond line", "first line<br>second line"),
    ("one paragraph\n\nanother", "<p>one paragraph</p><p>another</p>"),
    ("\\*not italic\\*, \\\\ and \\- x", "*not italic*, \\ and - x"),
    ("\\- not a list", "- not a list"),
])
def test_the_subset_renders(text, expected):
    assert to_html(text) == expected


@pytest.mark.parametrize("text", [
    "__init__ is called first",
    "_x_ and __y__ and snake_case_name",
    "2024. It was the year the pager never stopped.",
    "1. first\n2. second",
    "1) first",
    "We shipped.\n2024. It was good.",
    "* a star line\n* another",
    "+ a plus line",
    "# not a heading",
    "> not a quote",
    "[a link](https://example.com) and <https://example.com>",
    "`code` and ~~strike~~",
    "---",
    "a | table | row",
    "C:\\Users\\me and a \\n",
    "$8K, {{c1::x}}, 3 * 4 = 12",
])
def test_everything_else_stays_as_written(text):
    # each line of the text is shown as written (escaped for HTML), lines joined by <br>
    assert to_html(text) == "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


def test_a_list_item_keeps_other_markers_as_text():
    assert to_html("- one\n+ two") == "<ul><li>one<br>+ two</li></ul>"
    assert to_html("- ranked _1st_\n- 2024. a year") == "<ul><li>ranked _1st_</li><li>2024. a year</li></ul>"
    assert to_html_list(["__init__", "**x**"]) == "<ul><li>__init__</li><li><strong>x</strong></li></ul>"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_text_without_markup_characters_takes_the_same_path_either_way(text):
    """A text with no '*', '\\\\', line break or leading '- ' is escaped and nothing else."""
    if "*" in text or "\\" in text or text.strip().startswith("-"):
        return
    assert to_html(text) == html.escape(text.strip(), quote=False)
