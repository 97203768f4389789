"""Every command the README and docs/ show runs, as written, and succeeds.

Each ```sh block runs in bash (`set -e`) in a copy of the repository's example (decks/, schema/, and pages/ with the
test pages), with a HOME of its own whose Downloads/ holds two pages, and an AnkiConnect-compatible server backed by a
real collection. `lpdeck` on the PATH is this checkout's. What a test cannot do as a user would is said here:

- the Quickstart's two commands install from the repository: .ci/run runs them verbatim (tests/test_readme_commands.py),
  and `pip install .` / `pipx install .` is proven by tests/test_wheel.py (an installed wheel, outside the repository);
- `lpdeck watch` runs until Ctrl-C: it gets one after its first build, and must stop cleanly (exit status 0);
- a date that has passed since the docs were written is moved 40 days ahead, so `--by DATE` still means the future;
- the benchmark's commands (docs/benchmarks.md) run for minutes on corpora of 10,000 notes and more: their smallest
  run is tested in tests/test_bench.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGES = REPO / "tests" / "pages"
INSTALLS = re.compile(r"^\s*(?:pipx|pip|python3? -m pip) install ")
SKIPPED = {"docs/benchmarks.md"}
WRAPPER = '''#!{python}
"""`lpdeck`, as the docs run it: Ctrl-C for `watch` once it watches, a passed date moved ahead."""
import datetime, re, signal, subprocess, sys
args = sys.argv[1:]
for i, arg in enumerate(args):
    if re.fullmatch(r"\\d{{4}}-\\d{{2}}-\\d{{2}}", arg) and datetime.date.fromisoformat(arg) <= datetime.date.today():
        args[i] = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
command = [sys.executable, "-m", "lpdeck", *args]
if args[:1] != ["watch"]:
    sys.exit(subprocess.call(command))
child = subprocess.Popen([*command, "--port", "0"], stdout=subprocess.PIPE, text=True)
for line in child.stdout:
    print(line, end="", flush=True)
    if line.startswith("watching "):
        child.send_signal(signal.SIGINT)
sys.exit(child.wait(timeout=60))
'''


def _blocks() -> list[tuple[str, int, str]]:
    """Every ```sh block of the README (but its Quickstart) and of docs/*.md: (file, line, text)."""
    found = []
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        name = str(path.relative_to(REPO))
        text = path.read_text(encoding="utf-8")
        quickstart = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0] if "## Quickstart" in text else ""
        for match in re.finditer(r"```sh\n(.*?)\n```", text, re.DOTALL):
            if name not in SKIPPED and match.group(1) not in quickstart:
                found.append((name, text.count("\n", 0, match.start()) + 1, match.group(1)))
    return found


BLOCKS = _blocks()


def test_the_readme_and_every_page_of_docs_show_commands_that_run():
    assert {name for name, _, _ in BLOCKS} == {"README.md", "docs/cards.md", "docs/format.md", "docs/import.md"}


@pytest.mark.parametrize(("name", "line", "block"), BLOCKS, ids=[f"{n}:{line}" for n, line, _ in BLOCKS])
def test_the_command_runs_as_written(name, line, block, tmp_path, ankiconnect):
    work, home, bin_dir = tmp_path / "lpdeck", tmp_path / "home", tmp_path / "bin"
    for folder in ("decks", "schema"):
        shutil.copytree(REPO / folder, work / folder)
    shutil.copytree(PAGES, work / "pages")
    (home / "Downloads").mkdir(parents=True)
    for page in ("customer-crash-marked.txt", "release-checklist-marked.txt"):
        shutil.copy(PAGES / page, home / "Downloads" / page)
    bin_dir.mkdir()
    (bin_dir / "lpdeck").write_text(WRAPPER.format(python=sys.executable), encoding="utf-8")
    (bin_dir / "lpdeck").chmod(0o755)
    script = "\n".join(line for line in block.splitlines() if not INSTALLS.match(line))
    env = {**os.environ, "HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "ANKICONNECT_URL": ankiconnect.url, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=work, env=env, capture_output=True,
                          text=True, timeout=240, check=False)
    assert done.returncode == 0, f"{name}:{line}\n{script}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
