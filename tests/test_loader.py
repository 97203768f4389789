"""The loader: exact strings, exact positions, and nothing YAML would silently drop or rewrite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from lpdeck.errors import Problem, SourceError
from lpdeck.sources.find import find_sources
from lpdeck.sources.load import load_file, parse
from lpdeck.sources.messages import quoted
from lpdeck.sources.yaml_errors import syntax_problem

REPO = Path(__file__).resolve().parent.parent


def problems(text: str) -> list[str]:
    with pytest.raises(SourceError) as caught:
        parse("f.yaml", text)
    return [str(problem) for problem in caught.value.problems]


def test_every_scalar_stays_the_string_the_author_wrote():
    doc = parse("f.yaml", "a: no\nb: 1.10\nc: 0x1F\nd: ~\ne: null\nf: 2024-01-01\ng: 1e3\nh: .inf\ni: Yes\n"
                          "j: '007'\nk: \"tab\\there\"\nl: '3'\n")
    assert doc.data == {"a": "no", "b": "1.10", "c": "0x1F", "d": "~", "e": "null", "f": "2024-01-01", "g": "1e3",
                        "h": ".inf", "i": "Yes", "j": "007", "k": "tab\there", "l": "3"}


def test_block_scalars_keep_their_text():
    doc = parse("f.yaml", "folded: >-\n  one\n  two\n\n  three\nliteral: |\n  line 1\n    indented\nkeep: |+\n  x\n\n")
    assert doc.data == {"folded": "one two\nthree", "literal": "line 1\n  indented\n", "keep": "x\n\n"}


def test_nothing_after_a_key_is_none_and_empty_quotes_are_empty_text():
    assert parse("f.yaml", "a:\nb: ''\nc: \"\"\nd: []\ne: {}\n").data == {"a": None, "b": "", "c": "", "d": [], "e": {}}


def test_positions_of_keys_and_values_are_one_based_line_and_column():
    doc = parse("f.yaml", "title: T\nprobes:\n  - id: a\n    tags: [x, 'y']\n  - id: b\n")
    assert doc.position(("title",), of_key=True) == (1, 1) and doc.position(("title",)) == (1, 8)
    assert doc.position(("probes",)) == (3, 3)  # a block list starts at its first dash
    assert doc.position(("probes", 0)) == (3, 5) and doc.position(("probes", 0, "id"), of_key=True) == (3, 5)
    assert doc.position(("probes", 0, "tags", 1)) == (4, 15)  # the opening quote
    assert doc.position(("probes", 1, "id")) == (5, 9)
    assert doc.position(("probes", 1, "missing")) == (5, 5)  # the nearest enclosing node
    assert doc.problem(("probes", 0, "id"), "m", of_key=True) == Problem("f.yaml", 3, 5, "m")


def test_windows_line_endings_give_the_same_data_and_positions():
    text = "title: T\nprobes:\n  - id: a\n    weak: |\n      two\n      lines\n"
    unix, windows = parse("f.yaml", text), parse("f.yaml", text.replace("\n", "\r\n"))
    assert windows.data == unix.data == {"title": "T", "probes": [{"id": "a", "weak": "two\nlines\n"}]}
    for key in [("title",), ("probes",), ("probes", 0), ("probes", 0, "id"), ("probes", 0, "weak")]:
        assert windows.position(key) == unix.position(key)
        assert windows.position(key, of_key=True) == unix.position(key, of_key=True)
    assert unix.position(("probes", 0, "weak")) == (4, 11)


def test_the_loader_agrees_with_pyyaml_on_every_repository_file():
    # PyYAML's BaseLoader also keeps every scalar a string; it only differs on empty values ('' for None)
    def blank(value):
        if isinstance(value, dict):
            return {k: blank(v) for k, v in value.items()}
        if isinstance(value, list):
            return [blank(v) for v in value]
        return "" if value is None else value

    files = sorted((REPO / "decks").rglob("*.yaml"))
    assert files
    for path in files:
        assert blank(load_file(path).data) == yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_all_duplicate_keys_of_a_file_are_reported_together():
    assert problems("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n") == [
        "f.yaml:4:3: duplicate key 'c' (first defined at line 3)",
        "f.yaml:5:1: duplicate key 'a' (first defined at line 1)",
    ]


def test_values_of_rejected_keys_do_not_clash():
    # the duplicates' values both have a key 'x': neither is a duplicate of the other
    assert problems("a: {x: 1}\na: {x: 2}\nb: 1\nb: {x: 3}\n") == [
        "f.yaml:2:1: duplicate key 'a' (first defined at line 1)",
        "f.yaml:4:1: duplicate key 'b' (first defined at line 3)",
    ]


@pytest.mark.parametrize("text, expected", [
    ("a: &x [1]\n", "f.yaml:1:4: YAML anchors are not supported (&x); write the text out in full"),
    ("&k a: 1\n", "f.yaml:1:1: '&k' starts a YAML anchor, which YAML drops from the text; put text that starts with "
                  "'&' in quotes"),
    ("a: !!int 3\n", "f.yaml:1:4: '!!int' is a YAML tag, which YAML drops from the text; put text that starts with "
                     "'!' in quotes"),
    ("a: !!set {x}\n", "f.yaml:1:4: YAML tags are not supported (!!set); remove it (a list or mapping needs none)"),
    ("a: b\nc: *b\n", "f.yaml:2:4: YAML aliases are not supported (*b); write the text out, or put text that starts "
                      "with '*' in quotes"),
    ("- [a]: b\n", "f.yaml:1:3: a key must be plain text"),
])
def test_what_yaml_would_drop_or_share_is_refused(text, expected):
    assert problems(text) == [expected]


def test_an_empty_value_followed_by_a_comment_is_remembered():
    doc = parse("f.yaml", "id: #1\nweak: # TODO\nstrong:\nkey: value # a note\n")
    assert doc.data == {"id": None, "weak": None, "strong": None, "key": "value"}
    assert doc.commented == {("id",), ("weak",)}


def test_a_control_character_is_located_in_characters_not_bytes():
    # the BEL comes after "a: é’x" on line 1 (6 characters, 9 bytes) and "b: ééé" on line 3
    assert problems("a: é’x\n\nb: ééé\x07\n") == [
        "f.yaml:3:7: control character U+0007 is not allowed in YAML; remove it"]


def test_an_invalid_utf8_byte_is_located_in_characters(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes("title: ‘Ünïcödé’ \xff\n".encode().replace("\xff".encode(), b"\xff"))
    with pytest.raises(SourceError) as caught:
        load_file(path)
    # "title: ‘Ünïcödé’ " is 17 characters
    assert caught.value.problems == [Problem(str(path), 1, 18, "invalid UTF-8 (byte 0xff); save the file as UTF-8")]


def test_find_sources_expands_folders_in_order_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("z.yaml", "a.yml", "notes.txt", "b/c.yaml", "b/.hidden.yaml"):
        (tmp_path / name).write_text("x: 1\n")
    (tmp_path / "d.yaml").mkdir()  # a folder that looks like a file
    found = find_sources([tmp_path, tmp_path / "z.yaml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.yml", "b/.hidden.yaml", "b/c.yaml", "z.yaml"]


def test_find_sources_reports_every_missing_path(tmp_path):
    with pytest.raises(SourceError) as caught:
        find_sources([tmp_path / "nope", tmp_path / "gone.yaml"])
    assert [p.message for p in caught.value.problems] == ["no such file or directory"] * 2


def test_quoted_keeps_messages_on_one_line():
    assert quoted("two\nlines\ttab") == "'two\\nlines\\ttab'"
    assert quoted("x" * 100) == "'" + "x" * 59 + "…'"


def test_parse_is_linear_enough_for_a_big_file():
    import time

    text = "walkthrough: w\nprobes:\n" + "".join(
        f"  - id: p{i}\n    question: q {i}\n    weak: w\n    weak_why: y\n    strong: s\n" for i in range(20_000))
    started = time.perf_counter()
    doc = parse("f.yaml", text)
    assert len(doc.data["probes"]) == 20_000
    assert time.perf_counter() - started < 10  # about a second on a laptop; generous for a busy CI machine


def test_a_file_that_cannot_be_read_is_a_problem_not_a_crash(tmp_path):
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    with pytest.raises(SourceError) as caught:
        load_file(folder)
    assert caught.value.problems[0].message.startswith("cannot read file: ")
    assert os.path.isdir(folder)


def test_a_comment_after_an_unquoted_value_is_remembered_with_where_its_hash_stands():
    doc = parse("f.yaml", "id: a-b  # the id\nweak: ticket #4521 done\nq: 'quoted' # fine\nl: [x #y\n  ]\nt: |  # note\n  #1\n")
    assert doc.data == {"id": "a-b", "weak": "ticket", "q": "quoted", "l": ["x"], "t": "#1\n"}
    assert doc.trailing_comments == {("id",): (1, 10, "# the id"), ("weak",): (2, 14, "#4521 done"),
                                     ("l", 0): (4, 7, "#y")}


@pytest.mark.parametrize("text, line, column", [
    ("a: one\rtwo\n", 1, 7),  # inside a plain text, which YAML would fold to "one two"
    ("a: >-\n  one\r  two\n", 2, 6),  # inside folded text
    ("a: 1\r\nb: 'x\ry'\n", 2, 6),  # after a CRLF, which counts as one line break, as in every editor
    ("# note\ra: 1\n", 1, 7),  # Mac line endings: the first one is reported, the file is not read any further
])
def test_a_lone_carriage_return_is_refused_where_every_editor_shows_it(text, line, column):
    assert problems(text) == [f"f.yaml:{line}:{column}: carriage return (U+000D) without a line feed: YAML reads it "
                              "as a line break, many editors do not, and a text would lose it; delete it, or save "
                              "the file with LF (or CRLF) line endings"]


def test_comments_after_ids_and_names_are_fine_but_not_after_text():
    from lpdeck.sources.validate import validate

    story = ("story: webhook-drops  # the id\ntitle: 'Webhook drops'  # quoted, so the comment is a comment\n"
             "steps:  # the STAR steps\n  - id: situation # first\n    step: situation # one of five\n"
             "    target: 30s # short\n    coaching: [Keep it short.] # a list\n    mistakes: Too much.\n")
    walk = ("walkthrough: w # id\ntitle: W\nquestion: Q?\nlp: Bias for Action # the principle\nstory: webhook-drops # s\n"
            "overview: O.\nquiz:\n  - id: q\n    question: Which?\n    options: {a: A, b: B}\n    answer: a # b is a trap\n"
            "    explanation: Because.\n")
    sources = validate([parse("s.yaml", story), parse("w.yaml", walk)])
    assert sources.walkthroughs["w"].quiz[0].answer == ["a"]
    with pytest.raises(SourceError) as caught:
        validate([parse("s.yaml", story.replace("mistakes: Too much.", "mistakes: Too much. # really")),
                  parse("w.yaml", walk.replace("explanation: Because.", "explanation: Because #1 wins."))])
    assert [str(p) for p in caught.value.problems] == [
        "s.yaml:8:25: '#' after a space starts a YAML comment, so '# really' is cut from this text; put the whole "
        "text in quotes (or move the comment to a line of its own)",
        "w.yaml:12:26: '#' after a space starts a YAML comment, so '#1 wins.' is cut from this text; put the whole "
        "text in quotes (or move the comment to a line of its own)",
    ]


def test_a_syntax_error_without_a_position_is_reported_at_the_start_of_the_file():
    error = yaml.MarkedYAMLError(context=None, context_mark=None, problem="something odd", problem_mark=None)
    assert str(syntax_problem("f.yaml", "a: b\n", error)) == "f.yaml:1:1: YAML syntax error: something odd"


def test_validation_leaves_the_documents_as_they_were_and_keeps_only_records():
    from lpdeck.sources.records import Story, Walkthrough
    from lpdeck.sources.validate import validate
    from sources import STORY, WALKTHROUGH

    story, walk = parse("story.yaml", STORY), parse("walk.yaml", WALKTHROUGH)
    data = (dict(story.data), dict(walk.data))
    sources = validate([story, walk])
    assert (story.data, walk.data) == data  # nothing emptied in place: a later message still finds its position
    assert walk.position(("probes", 0, "weak")) == (13, 11)
    assert [type(s) for s in sources.stories.values()] == [Story]
    assert [type(w) for w in sources.walkthroughs.values()] == [Walkthrough]
