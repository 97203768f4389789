"""Property tests: mangled sources never crash the CLI, every text reaches its card exactly, typos find their key."""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from anki_text import visible_text
from conftest import import_package, run_cli
from lpdeck.cards.decks import compile_sources
from lpdeck.cards.text import to_html, to_html_list
from lpdeck.cli import main
from lpdeck.errors import SourceError
from lpdeck.sources.load import parse
from lpdeck.sources.schema import Angle, LevelNote, Phrase, Probe, Quiz, Step, Story, Walkthrough, WeakAnswer
from lpdeck.sources.validate import validate
from sources import STORY, WALKTHROUGH

# Few examples keep the suite fast; LPDECK_EXAMPLES=2000 explores further.
SETTINGS = settings(max_examples=int(os.environ.get("LPDECK_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
PROBLEM = re.compile(r"(?P<path>.+):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): \S.*")

# ---------------------------------------------------------------------------------------------------------------------
# Mangled sources: exit status 0 or 1, and on 1 every line of stderr is a positioned problem in one of the files.

YAML_NOISE = ":-[]{}#&*!|>'\",?%@`\\\t\n  \r~=<"
ODD = ["é", "🚀", "\x00", "\x07", "\ufeff", "\x85", "\u2028", "—", "\u0301"]


@st.composite
def mangled(draw, text: str) -> bytes:
    """``text`` after a few random edits of the kinds a hurried author (or a bad editor) makes."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "indent", "dedent", "truncate"]))
        line = lines[index]
        if edit == "insert":
            at = draw(st.integers(0, len(line)))
            noise = draw(st.text(st.sampled_from(list(YAML_NOISE) + ODD + ["a", "0"]), min_size=1, max_size=4))
            lines[index] = line[:at] + noise + line[at:]
        elif edit == "delete":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + line[at + draw(st.integers(1, 6)):]
        elif edit == "duplicate":
            lines.insert(index, line)
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif edit == "indent":
            lines[index] = " " * draw(st.integers(1, 3)) + line
        elif edit == "dedent":
            lines[index] = line[draw(st.integers(1, 3)):] if line.startswith("  ") else line
        else:
            lines = lines[: index + 1]
    data = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and data:  # sometimes break the encoding too: a stray byte, or a character cut in half
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x80", b"\xef\xbb\xbf"])) + data[at:]
    return data


def assert_clean_outcome(folder: Path, files: dict[str, bytes], result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:  # nothing on stderr but warnings, each with its position, and check's totals per file
        assert all(re.match(r"^.+:\d+:\d+: warning: |^.+: \d+ (open placeholders? \(TODO:\)|warnings?)", line)
                   for line in result.stderr.splitlines()), result.stderr
        return
    lines = result.stderr.splitlines()
    assert lines and result.stdout == ""
    # check ends with each file's count of problems, then the total: they agree with the problems above them
    total = re.fullmatch(r"(\d+) problems? in (\d+) files? \(warnings and open placeholders are counted once there are "
                         r"none\)", lines.pop())
    assert total, result.stderr
    counted = [re.fullmatch(r"(.+): (\d+) problems?", line) for line in lines[-int(total[2]):]]
    assert all(counted) and sum(int(c[2]) for c in counted if c) == int(total[1]) == len(lines) - len(counted)
    del lines[-len(counted):]
    for line in lines:
        match = PROBLEM.fullmatch(line)
        assert match, line
        path = Path(match["path"])
        assert path.name in files, line
        assert int(match["line"]) <= len(re.findall(rb"\r\n|\r|\n", files[path.name])) + 1, line


def run_check(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        result = CliRunner().invoke(main, ["check", str(folder)])
        assert_clean_outcome(folder, files, result)
        assert sorted(p.name for p in folder.iterdir()) == sorted(files)  # check writes nothing


@SETTINGS
@given(story=mangled(STORY), walkthrough=mangled(WALKTHROUGH), which=st.sampled_from(["story", "walk", "both"]))
def test_mangled_text_never_crashes_the_cli(story, walkthrough, which):
    files = {"story.yaml": story if which != "walk" else STORY.encode(),
             "walk.yaml": walkthrough if which != "story" else WALKTHROUGH.encode()}
    run_check(files)


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def restructured(draw, text: str) -> bytes:
    """``text``'s data with a few values replaced, keys dropped or added, then written out again as YAML."""
    data = yaml.safe_load(text)
    for _ in range(draw(st.integers(1, 3))):
        node = data
        while True:  # walk down to a random mapping or list
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            containers = [(k, v) for k, v in children if isinstance(v, (dict, list)) and v]
            if not containers or draw(st.booleans()):
                break
            node = draw(st.sampled_from(containers))[1]
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        edit = draw(st.sampled_from(["replace", "drop", "add"]))
        if edit == "replace" and keys:
            node[draw(st.sampled_from(keys))] = draw(ANY_VALUE)
        elif edit == "drop" and keys:
            del node[draw(st.sampled_from(keys))]
        elif isinstance(node, dict):
            node[draw(st.text(min_size=1, max_size=10))] = draw(ANY_VALUE)
        else:
            node.append(draw(ANY_VALUE))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@SETTINGS
@given(story=restructured(STORY), walkthrough=restructured(WALKTHROUGH))
def test_restructured_data_never_crashes_the_cli(story, walkthrough):
    run_check({"story.yaml": story, "walk.yaml": walkthrough})


# ---------------------------------------------------------------------------------------------------------------------
# Valid text reaches the card exactly, after HTML escaping.

TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(lambda t: t.strip())


def double_quoted(text: str) -> str:
    """``text`` as a one-line YAML double-quoted scalar: every character outside printable ASCII is escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def walkthrough_with(question: str, strong: str, takeaway: str) -> str:
    return (WALKTHROUGH.replace("question: Tell me about a time you <b>acted</b> fast", f"question: {question}")
            .replace("    strong: I brought a complete fix.", f"    strong: {strong}")
            .replace("  - Scope boundary", f"  - {takeaway}"))


def compiled_notes(walkthrough: str) -> dict[str, object]:
    sources = validate([parse("story.yaml", STORY), parse("walk.yaml", walkthrough)])
    return {note.key: note for note in next(d for d in compile_sources(sources) if d.name == "all").notes}


def is_plain(text: str) -> bool:
    """No Markdown at all: no emphasis or escape characters, no line break, no leading list marker."""
    return not re.search(r"[*_\\\n]", text) and not re.match(r"\s*(?:[-+]|\d+[.)])(?:\s|$)", text)


@SETTINGS
@given(question=TEXT, strong=TEXT, takeaway=TEXT)
@example(question="$2M ... $500k, \\(x\\) and {{c1::cloze}}", strong="<b>not bold</b> & &amp;", takeaway="  1.10  ")
@example(question="no", strong="yes", takeaway="~")
def test_any_text_reaches_its_field_exactly(question, strong, takeaway):
    notes = compiled_notes(walkthrough_with(double_quoted(question), double_quoted(strong), double_quoted(takeaway)))
    overview, probe = notes["tiny-walk/#overview"], notes["tiny-walk/slack"]
    assert overview.fields[0] == to_html(question)  # Question
    assert overview.fields[4] == to_html_list([takeaway])  # Takeaways
    assert probe.fields[4] == to_html(strong)  # Strong
    assert probe.fields[6] == to_html(question)  # Context
    for text, field in ((question, overview.fields[0]), (strong, probe.fields[4])):
        if is_plain(text):
            assert html.unescape(field) == text.strip()
            assert field == html.escape(text.strip(), quote=False)


PRINTABLE = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40).filter(
    lambda t: t.strip())


@SETTINGS
@given(text=PRINTABLE)
def test_text_written_by_a_yaml_emitter_reaches_its_field_exactly(text):
    """The same, with the text written the way a YAML library (an editor plugin, a script) would write it."""
    dumped = yaml.safe_dump({"strong": text}, allow_unicode=True, width=10_000)
    assert dumped.startswith("strong: ")
    notes = compiled_notes(walkthrough_with("How?", dumped[len("strong: "):].rstrip("\n"), "x"))
    assert notes["tiny-walk/slack"].fields[4] == to_html(text)
    if is_plain(text):
        assert html.unescape(notes["tiny-walk/slack"].fields[4]) == text.strip()


NASTY = [
    "$2M ARR ... $500k cost",  # a peer turns this into MathJax
    "<script>alert(1)</script> & {{Question}}",
    "{{c1::not a cloze}} [not a link](x)",
    "\\(Markdown escapes: the backslashes go\\)",
    "Ünïcödé, 中文, עברית, 🚀👩‍💻",
    "no",
    "1.10",
    "   padded   ",
]


def test_anki_shows_nasty_text_unchanged(tmp_path, collection):
    """Through the real anki library: the stored field and the rendered card hold the text exactly, escaped."""
    probes = "".join(
        f"  - id: nasty-{i}\n    question: {double_quoted(text)}\n    weak: w\n    weak_why: w\n    strong: s\n"
        for i, text in enumerate(NASTY))
    walkthrough = WALKTHROUGH.replace("probes:\n", "probes:\n" + probes, 1)
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "story.yaml").write_text(STORY, encoding="utf-8")
    (folder / "walk.yaml").write_text(walkthrough, encoding="utf-8")
    result = run_cli("build", str(folder), "-o", str(tmp_path / "dist"))
    assert result.exit_code == 0, result.output
    import_package(collection, tmp_path / "dist" / "tiny-walk.apkg")
    questions = {}
    for note_id in collection.find_notes("tag:kind::probe"):
        note = collection.get_note(note_id)
        questions[note["Question"]] = note.cards()[0].render_output(reload=True).question_text
    for text in NASTY:
        field = to_html(text)
        assert field in questions, text  # stored exactly
        assert field in questions[field]  # and shown exactly
        if is_plain(text):
            assert field == html.escape(text.strip(), quote=False)
            assert text.strip() in visible_text(questions[field])


# ---------------------------------------------------------------------------------------------------------------------
# A mistyped key is told its right spelling.

MINIMAL_ITEMS = {
    Step: ("story", "steps", {"id": "x", "step": "task", "target": "20s", "example": "e", "phrases": ["p"],
                              "coaching": "c", "mistakes": "m"}),
    Phrase: ("story", "phrases", {"id": "x", "weak": "w", "strong": "s", "why": "y"}),
    Probe: ("walk", "probes", {"id": "x", "question": "q", "probes": "p", "weak": "w", "weak_why": "y", "strong": "s",
                               "key_phrase": "k"}),
    WeakAnswer: ("walk", "weak_answers", {"id": "x", "answer": "a", "critique": "c", "verdict": "v"}),
    Quiz: ("walk", "quiz", {"id": "x", "question": "q", "options": {"a": "1", "b": "2"}, "answer": "a",
                            "explanation": "e"}),
    Angle: ("walk", "angles", {"id": "x", "lp": "Ownership", "lead": "l", "emphasize": "e", "downplay": "d"}),
    LevelNote: ("walk", "levels", {"id": "x", "level": "SDE1", "focus": "f", "reflection": "r", "bar": "b",
                                   "length": "l"}),
}
TOP = {
    Story: {"story": "s", "title": "S", "overview": "O", "takeaways": ["t"], "steps": [MINIMAL_ITEMS[Step][2]],
            "phrases": [], "probes": [], "weak_answers": [], "angles": [], "levels": []},
    Walkthrough: {"walkthrough": "w", "title": "W", "question": "Q", "lp": "Ownership", "story": "s", "overview": "O",
                  "takeaways": ["t"], "probes": [], "weak_answers": [], "quiz": [], "mistakes": ["m"], "angles": [], "levels": []},
}
# The only one-edit typos one edit from two keys of the same mapping: an angle's "ip" or "ld" could be "id" or "lp"
AMBIGUOUS = {(Angle, "ip"), (Angle, "ld")}


@st.composite
def typo(draw, word: str) -> str:
    at = draw(st.integers(0, len(word) - 1))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    kind = draw(st.sampled_from(["delete", "double", "swap", "replace", "insert", "case", "separator"]))
    if kind == "delete":
        return word[:at] + word[at + 1:]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    if kind == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if kind == "replace":
        return word[:at] + letter + word[at + 1:]
    if kind == "insert":
        return word[:at] + letter + word[at:]
    if kind == "case":
        return word[:at] + word[at].upper() + word[at + 1:]
    return word.replace("_", draw(st.sampled_from(["-", " ", ""]))) if "_" in word else word.capitalize()


@st.composite
def misspelt_document(draw):
    model = draw(st.sampled_from([Story, Walkthrough, *MINIMAL_ITEMS]))
    key = draw(st.sampled_from(list(model.model_fields)))
    wrong = draw(typo(key))
    fields = set(model.model_fields)
    if model in MINIMAL_ITEMS:
        owner, section, item = MINIMAL_ITEMS[model]
        top = Story if owner == "story" else Walkthrough
        data = {**TOP[top], section: [{(wrong if k == key else k): v for k, v in item.items()}]}
    else:
        top = model
        data = {(wrong if k == key else k): v for k, v in TOP[model].items()}
    assert set(TOP[model] if model in TOP else MINIMAL_ITEMS[model][2]) == fields  # every key can be mistyped
    section = MINIMAL_ITEMS[model][1] if model in MINIMAL_ITEMS else None
    return model, top, section, data, key, wrong, fields


@SETTINGS
@given(misspelt_document())
def test_a_mistyped_key_is_told_the_right_spelling(case):
    model, top, section, data, key, wrong, fields = case
    assume(wrong not in fields and (model, wrong) not in AMBIGUOUS)  # else it is no typo of this key alone
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    doc = parse("walk.yaml", text)
    documents = [doc] if top is Story else [doc, parse("story.yaml", "story: s\ntitle: S\nsteps:\n  - id: x\n"
                                                       "    step: task\n    target: 20s\n    coaching: c\n"
                                                       "    mistakes: m\n")]
    try:
        validate(documents)
    except SourceError as error:
        problems = error.problems
    else:
        raise AssertionError(f"{wrong!r} accepted")
    # where the key stands: at the top, or in the section's item
    lines = text.splitlines()
    first = lines.index(f"{section}:") + 1 if section else 0
    line, column = next((i, len(m[1]) + 1) for i, text_line in enumerate(lines[first:], first + 1)
                        if (m := re.match(rf"((?:- |  )*)['\"]?{re.escape(wrong)}['\"]?:(?: |$)", text_line))
                        and (section or not m[1]))
    assert [(p.path, p.line, p.column, p.message) for p in problems] == [
        ("walk.yaml", line, column, f"unknown key '{wrong}'; did you mean '{key}'?")]
