"""Time and measure `lpdeck check`, `lpdeck build` and `lpdeck import` on the outsized inputs of issue 25's fault cases.

Each case is one mutation of the repository's example (decks/): a 700-word question, a question of a megabyte on one
line, a one-megabyte line in a story's example, and for `import` the worst page the size limit lets through (32 KiB
of follow-up probes that all merge into one, each adding a sentence, so the merging compares every sentence with
every other) and one just over the limit. Each command runs in a fresh process; CPU time and peak RSS come from
``os.wait4`` for that one child (the machine is shared: wall time is shown, CPU time is what the targets judge).

Before the fixes, the 700-word question took 40 s and 8 GB (and a 1 MB one ended in MemoryError); a 200 KB page ran
past two minutes in `import`.

    python bench/faults.py
    python bench/faults.py --only question-700

The last line is machine-readable: cpu_check_question-700=... rss_build_line-1mb=... and so on.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DECKS = REPO / "decks"
PAGE = REPO / "tests" / "pages" / "migration-mistake-marked.txt"
QUESTION = "question: Tell me about a time you took a calculated risk that paid off"
TARGET_CPU = 2.0  # seconds: the "checked in under 2 s", held by CPU time on this shared machine
TARGET_RSS = 300.0  # MB: linear memory (a few times the input's size above the interpreter's own)


def _words(count: int, seed: int) -> str:
    generator = random.Random(seed)
    return " ".join(f"word{generator.randrange(10**6)}" for _ in range(count))


def _mutate(decks: Path, case: str) -> None:
    walk = decks / "calculated-risk.yaml"
    if case == "question-700":
        walk.write_text(walk.read_text(encoding="utf-8").replace(QUESTION, f"{QUESTION} {_words(700, 1)}"))
    elif case == "question-1mb":
        walk.write_text(walk.read_text(encoding="utf-8").replace(QUESTION, f"{QUESTION} {_words(95_000, 2)}"))
    elif case == "line-1mb":
        story = decks / "stories" / "webhook-drops.yaml"
        text = story.read_text(encoding="utf-8")
        story.write_text(text.replace("      While working as an SDE2,", f"      {_words(95_000, 3)} While working "
                                                                         "as an SDE2,", 1), encoding="utf-8")


def _page(size: int) -> str:
    """A page of ``size`` bytes or a little less: a test page with its first probe told again and again, each
    time with one more sentence, so every retelling merges into one probe and adds to its answer."""
    text = PAGE.read_text(encoding="utf-8")
    start = text.index("❌ Weak") if "❌ Weak" in text else 0
    start = text.rfind("\n", 0, text.rfind("\n", 0, start)) + 1  # the probe's question line
    end = text.index("✅ Strong", start)
    end = text.index("\n\n", text.index("\n\n", end) + 2) + 1
    probe, pages, number = text[start:end], [text[:end]], 0
    while sum(map(len, map(str.encode, pages))) < size - 2 * len(probe.encode()) - len(text[end:].encode()):
        number += 1
        pages.append(probe.replace('✅ Strong\n\n"', f'✅ Strong\n\n"{_words(25, number).capitalize()}. '))
    return "".join(pages) + text[end:]


def _run(args: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """Wall time, CPU time (user + system), peak RSS in MB, and the exit status of ``lpdeck ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "lpdeck", *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only this case (repeatable)")
    options = parser.parse_args()
    source_cases = ["question-700", "question-1mb", "line-1mb"]
    page_cases = {"page-32k": 32 * 1024, "page-33k": 33 * 1024}
    wanted = options.only or [*source_cases, *page_cases]
    results: dict[str, float] = {}
    failed = []
    print(f"{'case':14} {'command':8} {'exit':>4} {'wall s':>7} {'cpu s':>7} {'rss MB':>7}")
    for case in wanted:
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            if case in page_cases:  # into an empty folder: a story written by hand is never rewritten
                (root / "page.txt").write_text(_page(page_cases[case]), encoding="utf-8")
                commands = [["import", "page.txt", "-o", "decks"]]
            else:
                shutil.copytree(DECKS, root / "decks")
                _mutate(root / "decks", case)
                commands = [["check", "decks"], ["build", "decks", "-o", "dist"]]
            for args in commands:
                wall, cpu, rss, code = _run(args, root)
                print(f"{case:14} {args[0]:8} {code:4} {wall:7.2f} {cpu:7.2f} {rss:7.0f}")
                results[f"cpu_{args[0]}_{case}"], results[f"rss_{args[0]}_{case}"] = cpu, rss
                expected = 1 if case == "page-33k" else 0
                if cpu > TARGET_CPU or rss > TARGET_RSS or code != expected:
                    failed.append(f"{case} {args[0]}")
    print(f"targets: CPU under {TARGET_CPU:g} s a command, peak RSS under "
          f"{TARGET_RSS:g} MB, exit status 0 (1 for a page over the limit): "
          + ("all met" if not failed else "missed by " + ", ".join(failed)))
    print(" ".join(f"{name}={value:.2f}" for name, value in results.items()))


if __name__ == "__main__":
    main()
