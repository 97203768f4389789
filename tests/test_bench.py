"""The benchmark's commands (docs/benchmarks.md) run: their smallest sizes, so the suite stays quick.

What they measure is not asserted here (speed targets live in the benchmark, never in a timed test: this machine is
noisy); that they run and report every target is.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from run import TARGETS  # noqa: E402  (bench/ is no package: its modules are scripts)


def _run(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_benchmark_runs_on_the_samples_and_reports_every_target():
    out = _run("bench/run.py", "--sizes", "samples", "--runs-samples", "1", "--help-runs", "1")
    assert re.search(r"^  lpdeck +[\d.]+ +[\d.]+", out, re.MULTILINE) and re.search(r"^  lean +[\d.]+", out, re.M)
    targets = out.split("targets:\n", 1)[1]
    for name in TARGETS:
        assert re.search(rf"^  (PASS|FAIL|n/a ) +{name} ", targets, re.MULTILINE), name
    assert re.search(r"^  (PASS|FAIL)  wall_lean_samples", targets, re.MULTILINE)  # measured in this run


def test_the_phases_of_a_build_are_timed():
    out = _run("bench/phases.py", "1k")
    for phase in ("load_sources", "compile_sources", "plan", "write_outputs", "build() total"):
        assert re.search(rf"^{re.escape(phase)} +[\d.]+ s", out, re.MULTILINE), phase


def test_the_outsized_inputs_are_measured():
    out = _run("bench/faults.py", "--only", "question-700", "--only", "page-33k")
    assert re.search(r"^question-700 +check +0 +[\d.]+ +[\d.]+ +\d+$", out, re.MULTILINE), out
    assert re.search(r"^page-33k +import +1 ", out, re.MULTILINE), out
    assert re.search(r"^targets: CPU under 2 s a command, peak RSS under 300 MB", out, re.MULTILINE), out


def test_the_rehearsal_accuracy_benchmark_runs_on_one_story_and_reports_every_figure():
    out = _run("bench/rehearse.py", "accuracy", "--quick")
    summary = json.loads(re.search(r"^ +all: (\{.*\})$", out, re.MULTILINE).group(1))
    assert {"recall", "precision", "wpm_within_10pct", "fillers_within_2", "left_out_reported_missing"} <= set(summary)
    assert summary["tellings"] == 2 and summary["left_out_reported_missing"] in ("0/1", "1/1")
