"""The fault cases of issue 25, each as the README promises: one clean line at the right position, exit status 1 (2 for
a wrong command line), nothing written, nothing the author wrote dropped.

Each case is one mutation of the example's sources (the repository's decks/, copied) or one command line.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from check_counts import check_stdout, counted_problems
from conftest import DECKS, run_cli
from lpdeck.sources import bank

STORY = Path("decks/stories/webhook-drops.yaml")
WALK = Path("decks/calculated-risk.yaml")


@pytest.fixture
def example(tmp_path, monkeypatch) -> Path:
    """The repository's example (sources and lock) as a workspace of its own, the working folder."""
    root = tmp_path / "ws"
    shutil.copytree(DECKS, root / "decks")
    monkeypatch.chdir(root)
    monkeypatch.delenv("ANKICONNECT_URL", raising=False)
    monkeypatch.delenv("ANKICONNECT_KEY", raising=False)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _usage_error(result, message: str) -> None:
    """Exit status 2 and click's usage message ending in ``message``; nothing on stdout."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"Error: {message}", result.stderr


# --- a wrong command line: exit status 2, nothing written ------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["--timeout", "inf"], "Invalid value for '--timeout': 'inf' is not a number of seconds above 0 and at most "
                           "86,400 (a day)"),
    (["--timeout", "nan"], "Invalid value for '--timeout': 'nan' is not a number of seconds above 0 and at most "
                           "86,400 (a day)"),
    (["--timeout", "1e300"], "Invalid value for '--timeout': '1e300' is not a number of seconds above 0 and at most "
                             "86,400 (a day)"),
    (["--url", "not a url"], "Invalid value for '--url': 'not a url' is not an http:// address; expected one like "
                             "http://127.0.0.1:8765"),
    (["--url", "http://[::1"], "Invalid value for '--url': 'http://[::1' is not a valid address (Invalid IPv6 URL); "
                               "expected one like http://127.0.0.1:8765"),
    (["--url", "http://127.0.0.1:99999"], "Invalid value for '--url': 'http://127.0.0.1:99999' is not a valid "
                                          "address (Port out of range 0-65535); expected one like "
                                          "http://127.0.0.1:8765"),
], ids=["timeout-inf", "timeout-nan", "timeout-huge", "url-not-a-url", "url-unclosed-bracket", "url-port"])
def test_a_wrong_push_option_is_a_usage_error(args, message, example):
    before = _files(example)
    _usage_error(run_cli("push", *args), message)
    assert _files(example) == before


def test_a_wrong_ankiconnect_url_in_the_environment_says_where_it_came_from(example, monkeypatch):
    monkeypatch.setenv("ANKICONNECT_URL", "::garbage::")
    before = _files(example)
    for command in ("push", "watch"):
        _usage_error(run_cli(command, "--push") if command == "watch" else run_cli(command),
                     "ANKICONNECT_URL (from the environment): '::garbage::' is not an http:// address; expected one "
                     "like http://127.0.0.1:8765; fix or unset it, or pass --url")
    assert _files(example) == before


@pytest.mark.parametrize("args", [["check", ""], ["build", ""], ["build", "-o", ""], ["build", "--lock", ""],
                                  ["preview", "-o", ""], ["import", ""], ["init", ""], ["new", "x", "-o", ""]])
def test_an_empty_path_is_a_usage_error_not_the_working_folder(args, example):
    before = _files(example)
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1].endswith(": an empty path names no file or folder"), result.stderr
    assert _files(example) == before


# --- AnkiConnect's answers are Anki's words, cut short -----------------------------------------------------------------

@pytest.fixture
def huge_answer():
    """An AnkiConnect-like server whose every answer is an error of 20 million characters."""
    body = json.dumps({"result": None, "error": "Anki says: " + "x" * 20_000_000}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_huge_ankiconnect_answer_is_not_echoed_whole(example, huge_answer):
    before = _files(example)
    result = run_cli("push", "--url", huge_answer)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("AnkiConnect version failed: Anki says: " + "x" * 288 + "… (20,000,011 characters)\n")
    assert _files(example) == before  # push asks for the version before it builds


# --- a 700-word question, a 1 MB line: linear --------------------------------------------------------------------------

def test_near_identical_questions_are_every_pair_at_the_threshold():
    """The prefix filter finds exactly the pairs a comparison of every pair finds (random small word sets)."""
    class Asked:
        def __init__(self, question: str):
            self.question = question

    generator = random.Random(25)
    vocabulary = [f"word{i}x" for i in range(14)]
    for _ in range(200):
        asked = {f"w{i}": Asked(" ".join(generator.sample(vocabulary, generator.randint(1, 12)))) for i in range(12)}
        words = {wid: bank.question_words(a.question) for wid, a in asked.items()}
        every_pair = {(a, b) for a, b in itertools.combinations(asked, 2)
                      if len(words[a] & words[b]) >= bank.SAME_QUESTION * len(words[a] | words[b])}
        assert set(bank.same_questions(asked)) == every_pair  # type: ignore[arg-type]


# --- which files are sources: a rule the docs state, and nothing that looks like one skipped without a word -----------

def _live_notes(apkg: Path) -> set[str]:
    """The GUIDs of the notes a package holds that are not retired."""
    import sqlite3
    import tempfile
    import zipfile

    with zipfile.ZipFile(apkg) as package, tempfile.TemporaryDirectory() as scratch:
        name = "collection.anki21" if "collection.anki21" in package.namelist() else "collection.anki2"
        package.extract(name, scratch)
        with sqlite3.connect(Path(scratch) / name) as db:
            return {guid for guid, tags in db.execute("select guid, tags from notes") if "retired" not in tags}


def test_a_source_saved_in_upper_case_is_read(example):
    assert run_cli("build").exit_code == 0
    live = _live_notes(example / "dist" / "all.apkg")
    WALK.rename(WALK.with_suffix(".YAML"))
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert (example / "dist" / "calculated-risk.apkg").is_file()
    assert _live_notes(example / "dist" / "all.apkg") == live


def test_a_linked_folder_is_read_and_a_folder_reached_twice_is_read_once_and_said(example, tmp_path):
    assert run_cli("build").exit_code == 0
    live = _live_notes(example / "dist" / "all.apkg")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    WALK.rename(elsewhere / WALK.name)
    (example / "decks" / "more").symlink_to(elsewhere)
    (example / "decks" / "stories" / "up").symlink_to(example / "decks")  # a loop
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert _live_notes(example / "dist" / "all.apkg") == live
    assert result.stderr == (f"decks/stories/up:1:1: warning: not read again: this is the folder {example / 'decks'}, "
                             "read already through another path (its sources are read once)\n")


def test_a_file_named_like_a_source_but_not_read_is_said(example):
    (example / "decks" / "draft.yaml.txt").write_text("walkthrough: draft\n")
    (example / "decks" / "notes.yml.bak").write_text("x\n")
    for editors_own in ("calculated-risk.yaml~", "#calculated-risk.yaml#", ".calculated-risk.yaml.swp"):
        (example / "decks" / editors_own).write_text("x\n")
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "decks/draft.yaml.txt:1:1: warning: not read: a source's name ends in .yaml or .yml; rename it to draft.yaml "
        "to build it, or move it out of the sources folder\n"
        "decks/notes.yml.bak:1:1: warning: not read: a source's name ends in .yaml or .yml; rename it to notes.yml "
        "to build it, or move it out of the sources folder\n")
    assert result.stdout == check_stdout(result.stderr, "ok: 5 walkthroughs, 1 story")


def test_a_deleted_walkthroughs_package_goes_from_a_copied_workspace(example, tmp_path):
    """The issue's case: a workspace built, copied elsewhere, a walkthrough deleted: its package went on shipping."""
    assert run_cli("build").exit_code == 0
    copy = tmp_path / "copy"
    shutil.copytree(example, copy, symlinks=True)
    (copy / WALK).unlink()
    for _ in range(2):  # the first build removes it; the second, with nothing changed, does not bring it back
        result = run_cli("build", str(copy / "decks"), "-o", str(copy / "dist"))
        assert result.exit_code == 0, result.output
        assert not (copy / "dist" / "calculated-risk.apkg").exists()
    assert (example / "dist" / "calculated-risk.apkg").is_file()  # the original workspace's own is its own


# --- what the author wrote reaches the card as written ----------------------------------------------------------------

def test_a_product_in_a_probe_reaches_the_card_as_written(example, collection):
    from anki_text import collection_texts
    from conftest import import_package

    _edit(example / STORY, "would have added 2-3\n      weeks", "would have added 2*3*4 = 24\n      days, not **weeks**")
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    import_package(collection, example / "dist" / "all.apkg")
    texts = collection_texts(collection)
    assert any("would have added 2*3*4 = 24 days, not weeks given" in text for text in texts)
    assert not any("added 234" in text or "added 2*34" in text for text in texts)
    answers = [collection.get_card(cid).render_output(reload=True).answer_text for cid in collection.find_cards("")]
    assert any("2*3*4 = 24 days, not <strong>weeks</strong>" in answer for answer in answers)


# --- a lock that is not well formed, or not this workspace's: refused, with how to start over --------------------------

def _restore_hint(path: str) -> str:
    return (f"restore {path} from version control (`git checkout -- {path}`; after a merge conflict either side will "
            "do) and run `lpdeck build` again, or start over with `lpdeck build --new-lock`, which gives every note a "
            "new id and mod: the next import then overwrites any edits you made to these notes in Anki, and the "
            "retired notes are forgotten")


def _lock_lines(example: Path) -> list[str]:
    return (example / "decks" / "lpdeck.lock").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("where", ["note field", "note key", "top"])
def test_a_lock_with_a_key_written_twice_is_refused_where_it_is(where, example):
    lock = example / "decks" / "lpdeck.lock"
    lines = _lock_lines(example)
    if where == "note field":  # a note's "mod" twice: the second one is reported
        at = next(i for i, line in enumerate(lines) if line.startswith('   "mod": ') and line.endswith(",") and i > 60)
        lines.insert(at + 1, lines[at])
        line, column, key = at + 2, 4, "mod"
    elif where == "note key":  # one note's key twice (a merge that kept both sides)
        at = next(i for i, line in enumerate(lines) if line.startswith('  "') and line.endswith(": {"))
        end = lines.index("  },", at)
        lines[end + 1: end + 1] = lines[at: end + 1]
        line, column, key = end + 2, 3, lines[at].strip()[1:-4]
    else:
        lines.insert(1, ' "version": 1,')
        line, column, key = 3, 2, "version"
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _files(example)
    result = run_cli("build")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f'decks/lpdeck.lock:{line}:{column}: "{key}" is written twice in the same object (a '
                             "merge gone wrong?); which value holds is unknown; " + _restore_hint("decks/lpdeck.lock")
                             + "\n")
    assert _files(example) == before


def test_a_lock_of_another_workspace_is_refused(example, tmp_path):
    from conftest import BANK

    other = tmp_path / "other"
    shutil.copytree(BANK, other / "decks")
    assert run_cli("build", str(other / "decks"), "-o", str(other / "dist")).exit_code == 0
    assert run_cli("build").exit_code == 0  # this workspace's dist/, built with its own lock
    shutil.copyfile(other / "decks" / "lpdeck.lock", example / "decks" / "lpdeck.lock")
    before = _files(example)
    result = run_cli("build")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "decks/lpdeck.lock: none of its notes belong to these sources (it holds the notes of "
        "changed-plan-after-listening, checkout-p99-regression, disagreed-with-a-senior-engineer and 20 more): a "
        "lock copied "
        "from another workspace? Put this workspace's own lock back (`git checkout -- decks/lpdeck.lock`), or start "
        "a new one with `lpdeck build --new-lock`\n")
    assert _files(example) == before
    result = run_cli("build", "--new-lock")
    assert result.exit_code == 0, result.output


def test_replacing_every_source_on_purpose_keeps_the_lock_that_built_this_dist(example):
    """The lock holds nothing of the new sources, but dist/ was built with it: the old notes are retired as usual."""
    assert run_cli("build").exit_code == 0
    shutil.rmtree(example / "decks" / "stories")
    for path in (example / "decks").glob("*.yaml"):
        path.unlink()
    assert run_cli("new", "story", "mine").exit_code == 0
    assert run_cli("new", "mine-too", "--story", "mine").exit_code == 0
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert "retired" in result.stdout


# --- one clear line, not five misleading ones ---------------------------------------------------------------------------

def test_a_story_without_its_id_line_is_one_line_naming_the_id_wanted(example):
    lines = (example / STORY).read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("story: webhook-drops\n")
    (example / STORY).write_text("".join(lines[:at] + lines[at + 1:]), encoding="utf-8")
    before = _files(example)
    for command in ("check", "build"):
        result = run_cli(command)
        assert (result.exit_code, result.stdout) == (1, "")
        # the first key left is the top of the file's mapping: there the line goes
        said = (f"{STORY}:{at + 2}:1: no 'story: <id>' line: walkthroughs look for a story by its id; if this is "
                "theirs, add 'story: webhook-drops' at the top\n")
        assert result.stderr == said + (counted_problems(said) if command == "check" else "")
    assert _files(example) == before


def test_a_walkthrough_with_its_storys_id_is_the_one_line(example):
    _edit(example / WALK, "walkthrough: calculated-risk", "walkthrough: webhook-drops")
    lines = (example / STORY).read_text(encoding="utf-8").splitlines()
    story_line = lines.index("story: webhook-drops") + 1
    walk_line = (example / WALK).read_text(encoding="utf-8").splitlines().index("walkthrough: webhook-drops") + 1
    result = run_cli("check")
    assert (result.exit_code, result.stdout) == (1, "")
    said = f"{WALK}:{walk_line}:14: duplicate id 'webhook-drops' (also in {STORY}:{story_line}:8)\n"
    assert result.stderr == said + counted_problems(said)


def test_build_of_an_unreadable_folder_is_a_problem_with_the_sources_not_the_command_line(example, monkeypatch):
    """What a user without read permission gets (root, who runs CI, is never refused: the refusal is simulated)."""
    import os

    real_access, real_scandir = os.access, os.scandir
    decks = os.path.abspath("decks")

    def access(path, mode, *args, **kwargs):
        return False if os.path.abspath(path) == decks else real_access(path, mode, *args, **kwargs)

    def scandir(path="."):
        if os.path.abspath(path) == decks:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "scandir", scandir)
    before = _files(example)
    result = run_cli("build", "decks")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "decks:1:1: cannot read folder: Permission denied; fix its permissions or move it out\n"
    assert _files(example) == before


def test_an_unclosed_double_quote_is_placed_on_its_own_line(example):
    """The quote runs on to the next '"' (a comment's, a line later), where YAML then finds text after it."""
    lines = (example / STORY).read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    assert '"' in lines[at + 1] and lines[at + 1].startswith("#")  # the example's next line holds a quote
    _edit(example / STORY, "title: Webhook drops", 'title: "Webhook drops')
    result = run_cli("check")
    assert (result.exit_code, result.stdout) == (1, "")
    said = (f"{STORY}:{at + 1}:8: YAML syntax error: the quoted text that starts here is not closed on its line: "
            f"YAML reads on to line {at + 2}, where the next '\"' ends it; close the quote on this line\n")
    assert result.stderr == said + counted_problems(said)


def test_an_escaped_quote_is_not_where_the_text_opened(example):
    _edit(example / STORY, "title: Webhook drops", 'title: "Webhook \\" drops')
    at = next(i for i, line in enumerate((example / STORY).read_text().splitlines()) if line.startswith("title: "))
    result = run_cli("check")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{STORY}:{at + 1}:8: YAML syntax error: the quoted text that starts here is not "
                                    "closed on its line"), result.stderr


# --- init on a full disk: no half-made workspace ------------------------------------------------------------------------

@pytest.mark.parametrize("fails_at", [1, 3, 6])
@pytest.mark.parametrize("there", [False, True], ids=["new-folder", "empty-folder"])
def test_init_on_a_full_disk_leaves_nothing_behind(fails_at, there, tmp_path, monkeypatch):
    """The fault made by failing the n-th file's write with ENOSPC, as a full disk does."""
    import errno

    from lpdeck.author import workspace

    real_create, calls = workspace.create, []

    def create(path, text):
        calls.append(path)
        if len(calls) == fails_at:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_create(path, text)

    monkeypatch.setattr(workspace, "create", create)
    monkeypatch.chdir(tmp_path)
    if there:
        (tmp_path / "bank").mkdir()
    result = run_cli("init", "bank/deep" if not there else "bank", "--example")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"{calls[-1]}: no space left; lpdeck init made nothing (it removed what it had "
                             "written): fix that and run it again\n")
    assert sorted(p.name for p in tmp_path.rglob("*")) == (["bank"] if there else [])


# --- authoring slips caught ----------------------------------------------------------------------------------------------

SITUATION_PHRASES = ("    phrases:\n      - I noticed\n      - no alerting or ticket raised\n      - outside my team’s "
                     "scope\n      - incomplete information\n      - I decided to investigate and fix\n")


@pytest.mark.parametrize(("written", "warned"), [
    ("    phrases: [While working as an SDE2, I noticed, incomplete information]\n", True),
    ("    phrases: [ While working as an SDE2,I noticed ]\n", True),
    ('    phrases: ["While working as an SDE2", "I noticed"]\n', False),  # quoted one by one: split on purpose
    ("    phrases:\n      - While working as an SDE2\n      - I noticed\n", False),  # one a line: on purpose
    ("    phrases: [I noticed, incomplete information]\n", False),  # not side by side in the example
], ids=["flow", "flow-no-space", "quoted", "block", "apart"])
def test_a_key_phrase_cut_at_its_comma_is_warned_of(written, warned, example):
    _edit(example / STORY, SITUATION_PHRASES, written)
    line = (example / STORY).read_text(encoding="utf-8").splitlines().index(written.splitlines()[0]) + 1
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    split = [text for text in result.stderr.splitlines() if "stand in the example as one" in text]
    column = written.index("I noticed") + 1
    assert split == ([f"{STORY}:{line}:{column}: warning: key phrases 'While working as an SDE2' and 'I noticed' "
                      "stand in the example as one, 'While working as an SDE2, I noticed': in a '[...]' list a comma "
                      "separates items, so if it is one phrase, put it in quotes (\"While working as an SDE2, I "
                      "noticed\")"] if warned else [])


def test_a_new_walkthroughs_placeholder_warnings_come_with_a_total(example):
    assert run_cli("new", "brand-new").exit_code == 0
    _edit(example / STORY, SITUATION_PHRASES, "    phrases: [While working as an SDE2, I noticed]\n")
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    mine = [line for line in lines if line.startswith("decks/brand-new.yaml:") and ": warning: placeholder" in line]
    assert len(mine) > 20
    totals = result.stdout.splitlines()  # check's last lines: each file's counts, then the total
    assert totals[:2] == [f"decks/brand-new.yaml: 0 problems, 0 warnings, {len(mine)} open placeholders",
                          f"{STORY}: 0 problems, 1 warning, 0 open placeholders"]
    assert result.stdout == check_stdout(result.stderr, "ok: 6 walkthroughs, 1 story")


# --- outsized inputs: a documented limit, or linear time and memory (measured in bench/faults.py) ------------------------

@pytest.mark.parametrize("words", [700, 95_000], ids=["700-words", "1-MB"])
def test_an_outsized_question_is_checked_and_built(words, example):
    question = "question: Tell me about a time you took a calculated risk that paid off"
    _edit(example / WALK, question, question + "".join(f" word{i}" for i in range(words)))
    for command in ("check", "build"):
        result = run_cli(command)
        assert result.exit_code == 0, result.output[:500]


def test_a_page_over_the_limit_is_refused_before_it_is_read(example):
    page = example / "page.txt"
    page.write_bytes(b"x" * (32 * 1024 + 1))
    before = _files(example)
    result = run_cli("import", "page.txt", "-o", "imported")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("page.txt:1:1: page is 32,769 bytes; the limit is 32,768 (a walkthrough page is a few "
                             "KB: is this one page, saved as text?)\n")
    assert _files(example) == before


def test_a_linked_source_file_is_read(example, tmp_path):
    assert run_cli("build").exit_code == 0
    live = _live_notes(example / "dist" / "all.apkg")
    moved = tmp_path / "kept-elsewhere.yaml"
    (example / WALK).rename(moved)
    (example / WALK).symlink_to(moved)
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert _live_notes(example / "dist" / "all.apkg") == live


def test_watch_without_push_does_not_judge_an_ankiconnect_url_it_never_uses(monkeypatch):
    import click

    from lpdeck.cli import watch
    from lpdeck.params import ankiconnect_url

    monkeypatch.setenv("ANKICONNECT_URL", "::garbage::")
    url = next(param for param in watch.params if param.name == "url")
    with click.Context(watch) as ctx:
        ctx.params["push_builds"] = False
        assert ankiconnect_url(ctx, url, None) is None
        ctx.params["push_builds"] = True
        with pytest.raises(click.UsageError):
            ankiconnect_url(ctx, url, None)
