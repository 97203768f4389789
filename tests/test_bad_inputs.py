"""Bad input: every mistake gets one exact, positioned message, exit status 1, no traceback, and nothing is written.

The corpus is ``tests/bad_inputs/<case>/``: the case's source files, ``expected.txt`` (the exact stderr, paths
relative to the case folder) and, when the sources are not simply ``.``, ``args.txt``. Inputs that cannot live in git as text
(a byte-order mark, invalid UTF-8, a 5 MB file, deep nesting, tabs, control characters) are generated below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_counts import counted_problems
from lpdeck.cli import main

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())

# The valid pair most corpus cases start from.
STORY = """\
story: webhook-drops
title: Webhook drops
steps:
  - id: situation
    step: situation
    target: 30s
    coaching: Keep it short.
    mistakes: Too much architecture.
"""
WALK = """\
walkthrough: calculated-risk
title: Calculated risk
question: Tell me about a time you took a calculated risk
lp: Bias for Action
story: webhook-drops
overview: I fixed a 0.3% webhook drop rate that cost $8K a week.
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its content."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_in(folder: Path, *args: str):
    """Run ``lpdeck ARGS`` in-process with ``folder`` as the current directory; exceptions are results, not raised."""
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)


def assert_rejected(folder: Path, sources: list[str], expected: str, tmp_path: Path) -> None:
    """`check` and `build` both fail with exactly ``expected`` on stderr and leave every file as it was."""
    before = snapshot(folder)
    out = tmp_path / "dist"
    for command in (["check"], ["build", "-o", str(out)]):
        result = run_in(folder, *command, *sources)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        said = expected + (counted_problems(expected) if command == ["check"] else "")
        assert (result.exit_code, result.stderr, result.stdout) == (1, said, ""), command
        assert "Traceback" not in result.output
    assert not out.exists()
    assert snapshot(folder) == before  # no lock, no temporary file, no edit


def test_the_corpus_is_big_enough_and_starts_from_valid_sources(tmp_path):
    assert len(CASES) >= 40
    folder = write_case(tmp_path, WALK)
    result = run_in(folder, "check", ".")
    assert (result.exit_code, result.stdout) == (0, "walk.yaml: 0 problems, 1 warning, 0 open placeholders\n"
                                                     "ok: 1 walkthrough, 1 story; 0 problems, 1 warning, 0 open "
                                                     "placeholders\n")
    assert result.stderr.startswith("walk.yaml:") and result.stderr.count("\n") == 1  # that warning


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case, tmp_path):
    folder = tmp_path / case
    shutil.copytree(CORPUS / case, folder)
    expected = (folder / "expected.txt").read_text(encoding="utf-8")
    args_file = folder / "args.txt"
    sources = args_file.read_text(encoding="utf-8").split() if args_file.exists() else ["."]
    (folder / "expected.txt").unlink()
    if args_file.exists():
        args_file.unlink()
    assert expected.endswith("\n") and all(line.count(":") >= 3 for line in expected.splitlines())
    assert_rejected(folder, sources, expected, tmp_path)


def write_case(tmp_path: Path, walk: bytes | str) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "story.yaml").write_text(STORY, encoding="utf-8")
    (folder / "walk.yaml").write_bytes(walk.encode("utf-8") if isinstance(walk, str) else walk)
    return folder


# Generated cases: (name, walk.yaml's bytes, the expected stderr). Positions are worked out in the comments.
GENERATED = [
    # the fourth line starts with a tab
    ("tab-indentation", "walkthrough: calculated-risk\ntitle: Calculated risk\nprobes:\n\t- id: measuring-impact\n",
     "walk.yaml:4:1: YAML syntax error: tab character where YAML expects spaces for indentation\n"),
    # a tab between the list's dash and its item, column 4 of line 8
    ("tab-after-dash", WALK + "takeaways:\n  -\tScope boundary\n",
     "walk.yaml:8:4: YAML syntax error: tab character where YAML expects spaces for indentation\n"),
    ("byte-order-mark", b"\xef\xbb\xbf" + WALK.encode(),
     "walk.yaml:1:1: file starts with a byte-order mark; save it as UTF-8 without BOM\n"),
    # "question: Tell me — a caf" is 25 characters (the dash is one character, three bytes): the bad byte is column 26
    ("invalid-utf-8", WALK.replace("question: Tell me about a time you took a calculated risk",
                                   "question: Tell me — a caf\xe9 risk").encode("utf-8").replace(b"\xc3\xa9", b"\xe9"),
     "walk.yaml:3:26: invalid UTF-8 (byte 0xe9); save the file as UTF-8\n"),
    # "overview: I fixed it" is 20 characters, then BEL
    ("control-character", WALK.replace("overview: I fixed a 0.3% webhook drop rate that cost $8K a week.",
                                       "overview: I fixed it\x07 fast"),
     "walk.yaml:6:21: control character U+0007 is not allowed in YAML; remove it\n"),
    # a U+2028 pasted after "overview: I fixed" (17 characters): YAML would read a line break there
    ("line-separator", WALK.replace("overview: I fixed", "overview: I fixed\u2028"),
     "walk.yaml:6:18: invisible line separator U+2028 (YAML reads it as a line break); delete it, or write it as an "
     "escape in double quotes\n"),
    # a lone CR after "overview: I fixed a" (19 characters): YAML would read a line break there, most editors not
    ("lone-carriage-return", WALK.replace("overview: I fixed a ", "overview: I fixed a\r"),
     "walk.yaml:6:20: carriage return (U+000D) without a line feed: YAML reads it as a line break, many editors do "
     "not, and a text would lose it; delete it, or save the file with LF (or CRLF) line endings\n"),
    # the same after lines ending in CRLF, which every editor counts as one line break
    ("lone-carriage-return-after-crlf", WALK.replace("\n", "\r\n").replace("overview: I fixed a ", "overview: I fixed a\r"),
     "walk.yaml:6:20: carriage return (U+000D) without a line feed: YAML reads it as a line break, many editors do "
     "not, and a text would lose it; delete it, or save the file with LF (or CRLF) line endings\n"),
    ("very-large-file", WALK + "# " + "x" * (5 * 1024 * 1024 - len(WALK) - 3) + "\n",
     "walk.yaml:1:1: file is 5,242,880 bytes; the limit is 4,194,304 (split it)\n"),
    # "title: " then brackets: the k-th "[" is column 7 + k, and when it opens, k collections are open (the top
    # mapping and k - 1 lists); more than 24 is too deep, so the 25th bracket, column 32, is reported, long before
    # the 200,000 others are read
    ("deep-flow-nesting", WALK.replace("title: Calculated risk", "title: " + "[" * 100_000 + "]" * 100_000),
     "walk.yaml:2:32: nested more than 24 levels deep\n"),
    # "- - - ..." on line 8: the same count for the k-th dash, column 2k - 1; the 25th is column 49
    ("deep-block-nesting", WALK + "takeaways:\n" + "- " * 200_000 + "x\n",
     "walk.yaml:8:49: nested more than 24 levels deep\n"),
    # line 2 adds "k" to the top mapping; each next line is indented 2 more, so the key on line n (from 3) is inside
    # n - 1 collections: one too many on line 26, whose key is column 2 * 24 + 1
    ("deep-indentation", "walkthrough: calculated-risk\n" + "".join("  " * i + "k:\n" for i in range(1000)),
     "walk.yaml:26:49: nested more than 24 levels deep\n"),
]


@pytest.mark.parametrize("name, walk, expected", GENERATED, ids=[case[0] for case in GENERATED])
def test_generated_case(name, walk, expected, tmp_path):
    folder = write_case(tmp_path, walk)
    started = time.perf_counter()
    assert_rejected(folder, ["."], expected, tmp_path)
    assert time.perf_counter() - started < 5  # rejected quickly, not after reading everything


def test_billion_laughs_is_rejected_at_once_without_expanding(tmp_path):
    laughs = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 30))
    folder = write_case(tmp_path, WALK + 'l0: &l0 "lol"\n' + laughs)
    started = time.perf_counter()
    # 'l0: &l0 "lol"' is line 7; its anchor is column 5
    assert_rejected(folder, ["."], "walk.yaml:7:5: '&l0' starts a YAML anchor, which YAML drops from the text; "
                                   "put text that starts with '&' in quotes\n", tmp_path)
    assert time.perf_counter() - started < 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_source_that_is_not_a_regular_file(tmp_path):
    folder = write_case(tmp_path, WALK)
    os.mkfifo(folder / "pipe.yaml")
    before = sorted(p.name for p in folder.iterdir())
    result = run_in(folder, "check", "pipe.yaml", "story.yaml")
    expected = "pipe.yaml:1:1: not a regular file or folder\n"
    assert (result.exit_code, result.stderr) == (1, expected + counted_problems(expected))
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_real_terminal_never_sees_a_traceback(tmp_path):
    """The one subprocess case: `python -m lpdeck build` on a corpus case, as an author would run it."""
    folder = tmp_path / "billion-laughs"
    shutil.copytree(CORPUS / "billion-laughs", folder)
    expected = (folder / "expected.txt").read_text(encoding="utf-8")
    (folder / "expected.txt").unlink()
    done = subprocess.run([sys.executable, "-m", "lpdeck", "build", ".", "-o", str(tmp_path / "dist")],
                          cwd=folder, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (1, expected, "")
    assert not (tmp_path / "dist").exists() and sorted(p.name for p in folder.iterdir()) == ["story.yaml", "walk.yaml"]


def test_an_unexpected_error_is_one_line_and_a_hint_not_a_stack(tmp_path, monkeypatch):
    import lpdeck.build

    def broken(*args, **kwargs):
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(lpdeck.build, "load_sources", broken)
    (tmp_path / "walk.yaml").write_text("walkthrough: walk\n")  # a source to list: the bug comes after
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 70
    assert result.stderr.splitlines() == [
        "lpdeck: internal error: RuntimeError: a bug over two lines",
        "This is a bug; run again with `lpdeck --debug ...` for the traceback and report it.",
    ]
    assert "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["--debug", "check", str(tmp_path)])
    assert isinstance(debug.exception, RuntimeError)  # --debug lets it through, with its traceback


def test_an_unexpected_error_in_a_real_terminal_prints_no_stack(tmp_path):
    (tmp_path / "walk.yaml").write_text("walkthrough: walk\n")  # a source to list: the bug comes after
    script = ("import sys, lpdeck.build\n"
              "def broken(*a, **k): raise RuntimeError('simulated bug')\n"
              "lpdeck.build.load_sources = broken\n"
              "from lpdeck.cli import run\n"
              "sys.argv = ['lpdeck', 'check', '.']\n"
              "run()\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 70
    assert done.stderr == ("lpdeck: internal error: RuntimeError: simulated bug\n"
                           "This is a bug; run again with `lpdeck --debug ...` for the traceback and report it.\n")


def test_a_file_system_error_is_one_line_without_calling_it_a_bug(tmp_path, monkeypatch):
    import lpdeck.build

    folder = write_case(tmp_path, WALK)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "dist/all.apkg")

    monkeypatch.setattr(lpdeck.build, "build", refuse)
    result = run_in(folder, "build", ".", "-o", str(tmp_path / "dist"))
    assert (result.exit_code, result.stderr) == (1, "lpdeck: dist/all.apkg: Permission denied\n")


# A pasted megabyte where a name belongs: rejected with the usual message (the "did you mean" search is bounded;
# bench/huge_values.py times it).
HUGE = "Bias for Action " * 65_536  # 1 MiB
HUGE_VALUES = [
    ("lp", WALK.replace("lp: Bias for Action", "lp: " + HUGE.strip()),
     "walk.yaml:4:5: unknown Leadership Principle 'Bias for Action Bias for Action Bias for Action Bias for Ac…'; "
     "expected one of: 'Customer Obsession', "),
    ("story", WALK.replace("story: webhook-drops", "story: " + "webhook-drops-" * 75_000 + "x"),
     "walk.yaml:5:8: unknown story 'webhook-drops-webhook-drops-webhook-drops-webhook-drops-web…'; "
     "known stories: webhook-drops\n"),
    ("key", WALK + "x" * 1_048_576 + ": y\n",
     "walk.yaml:7:1: YAML syntax error: this key is longer than YAML allows (1024 characters); shorten it\n"),
    ("quoted-key", WALK + '"' + "x" * 1000 + '": y\n',
     "walk.yaml:7:1: unknown key 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'; expected one of: "),
]


@pytest.mark.parametrize("name, walk, expected", HUGE_VALUES, ids=[case[0] for case in HUGE_VALUES])
def test_a_megabyte_value_is_rejected_with_the_usual_message(name, walk, expected, tmp_path):
    folder = write_case(tmp_path, walk)
    result = run_in(folder, "check", ".")
    assert (result.exit_code, result.stdout) == (1, "")
    problem, *counted = result.stderr.splitlines(keepends=True)
    assert problem.startswith(expected) and "".join(counted) == counted_problems(problem), result.stderr[:300]


@pytest.mark.parametrize("story, expected", [
    (b"\xef\xbb\xbf" + STORY.encode(), "story.yaml:1:1: file starts with a byte-order mark; save it as UTF-8 without BOM\n"),
    (STORY.replace("title: Webhook drops", "title: 'Webhook drops").encode(),
     "story.yaml:2:8: YAML syntax error: the quoted text that starts here is never closed\n"),
    # UTF-16 hides the id too: the walkthrough's line names the file as the likely cause instead
    (STORY.encode("utf-16"), "story.yaml:1:1: invalid UTF-8 (byte 0xff); save the file as UTF-8\n"
                             "walk.yaml:5:8: unknown story 'webhook-drops'; it may be in story.yaml, which could not be "
                             "read (see its error): fix that first\n"),
], ids=["bom", "syntax", "utf-16"])
def test_a_broken_story_file_is_not_also_reported_missing_by_its_walkthrough(story, expected, tmp_path):
    folder = write_case(tmp_path, WALK)
    (folder / "story.yaml").write_bytes(story)
    assert_rejected(folder, ["."], expected, tmp_path)


def test_a_source_that_links_to_nothing_is_named_not_skipped(tmp_path):
    folder = write_case(tmp_path, WALK)
    (folder / "more").mkdir()
    (folder / "more" / "gone.yaml").symlink_to(folder / "nowhere.yaml")
    assert_rejected(folder, ["."], "more/gone.yaml:1:1: a link to nothing; a source must be a file (remove it or fix "
                                   "it)\n", tmp_path)


def test_a_folder_that_cannot_be_read_is_named_not_skipped(tmp_path, monkeypatch):
    folder = write_case(tmp_path, WALK)
    (folder / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):  # what a folder without read permission gives (root, who runs CI, is never refused)
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert_rejected(folder, ["."], "locked:1:1: cannot read folder: Permission denied; fix its permissions or move it "
                                   "out\n", tmp_path)


def test_a_path_through_a_file_says_which_part_is_not_a_folder(tmp_path):
    folder = write_case(tmp_path, WALK)
    assert_rejected(folder, ["walk.yaml/more.yaml", "story.yaml"],
                    "walk.yaml/more.yaml:1:1: no such file or directory (walk.yaml is a file, not a folder)\n", tmp_path)
