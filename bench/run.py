"""Time ``lpdeck build`` against the floor (bench/floor.py) on generated corpora; print medians and ratios.

Every measurement is a whole process, started fresh: wall time around the subprocess, peak RSS from ``os.wait4``
for that one child. lpdeck and the floor alternate (which goes first alternates too), after one warm-up run each.
Every lpdeck run starts with no lock file and an empty output folder, so every run does the same, worst-case work:
every note is new and the lock is written from scratch. The last line is machine-readable.

    python bench/run.py                      # 1k, 10k, 50k
    python bench/run.py --sizes 1k,10k --runs 7
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import GROUP_NOTES, OUT, corpus  # noqa: E402

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
TARGETS = {"ratio_wall_10k": 1.3, "ratio_rss_10k": 1.5, "ratio_size_10k": 0.5, "scale_50k_over_10k": 5.5,
           "ratio_help": 1.5}


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Run ``command``; return (wall seconds, peak RSS in MB) of that process alone."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"failed ({child.returncode}): {' '.join(command)}\n{stderr.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def apkg_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.apkg"))


def bench_size(size: str, runs: int, with_floor: bool) -> dict:
    source = corpus(size)
    work = OUT / f"run-{size}"
    lock = work / "lpdeck.lock"
    outputs = {"lpdeck": work / "lpdeck", "floor": work / "floor"}
    commands = {
        "lpdeck": [PYTHON, "-m", "lpdeck", "build", str(source), "-o", str(outputs["lpdeck"]), "--lock", str(lock)],
        "floor": [PYTHON, str(BENCH / "floor.py"), str(source), str(outputs["floor"])],
    }
    tools = ["lpdeck", "floor"] if with_floor else ["lpdeck"]
    samples: dict[str, list[tuple[float, float]]] = {tool: [] for tool in tools}

    def once(tool: str) -> tuple[float, float]:
        shutil.rmtree(outputs[tool], ignore_errors=True)
        if tool == "lpdeck":
            lock.unlink(missing_ok=True)
        return timed(commands[tool])

    for tool in tools:  # warm-up: page cache, .pyc files
        once(tool)
    for run in range(runs):
        for tool in (tools if run % 2 == 0 else tools[::-1]):
            samples[tool].append(once(tool))
    result = {"notes": GROUP_NOTES * len(list((source / "stories").glob("*.yaml"))),
              "files": len(list(source.rglob("*.yaml")))}
    for tool in tools:
        result[tool] = {
            "wall": statistics.median(w for w, _ in samples[tool]),
            "rss": statistics.median(r for _, r in samples[tool]),
            "walls": [w for w, _ in samples[tool]],
            "size": apkg_bytes(outputs[tool]),
            "all_size": (outputs[tool] / "all.apkg").stat().st_size,
            "packages": len(list(outputs[tool].glob("*.apkg"))),
        }
    return result


def bench_help(runs: int) -> dict:
    lpdeck = shutil.which("lpdeck", path=os.path.dirname(PYTHON)) or shutil.which("lpdeck")
    commands = {"help": [lpdeck, "--help"] if lpdeck else [PYTHON, "-m", "lpdeck", "--help"],
                "click": [PYTHON, "-c", "import click"]}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        timed(command)
    for run in range(runs):
        for name in (("help", "click") if run % 2 == 0 else ("click", "help")):
            samples[name].append(timed(commands[name])[0])
    return {name: statistics.median(values) for name, values in samples.items()} | {"command": commands["help"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,50k", help="comma-separated corpus sizes (default: 1k,10k,50k)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tool per size, after a warm-up")
    parser.add_argument("--help-runs", type=int, default=15, help="timed runs of `lpdeck --help` and `import click`")
    parser.add_argument("--floor-at-50k", action="store_true",
                        help="also time the floor at 50k (slow; only lpdeck's 50k time enters the ratios)")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]

    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}, "
          f"Python {platform.python_version()}; {args.runs} runs per tool after one warm-up; medians")
    results = {}
    for size in sizes:
        with_floor = size != "50k" or args.floor_at_50k
        results[size] = bench_size(size, args.runs, with_floor)
        r = results[size]
        print(f"\n{size}: {r['notes']} notes in {r['files']} files -> {r['lpdeck']['packages']} packages")
        print(f"  {'':8} {'wall s':>8} {'peak RSS MB':>12} {'.apkg MB (all files)':>21} {'all.apkg MB':>12}   runs (s)")
        for tool in ("lpdeck", "floor"):
            if tool in r:
                t = r[tool]
                print(f"  {tool:8} {t['wall']:8.2f} {t['rss']:12.1f} {t['size'] / 1e6:21.2f} {t['all_size'] / 1e6:12.2f}   "
                      + " ".join(f"{w:.2f}" for w in t["walls"]))
        if "floor" in r:
            print(f"  ratio    {r['lpdeck']['wall'] / r['floor']['wall']:8.2f} {r['lpdeck']['rss'] / r['floor']['rss']:12.2f} "
                  f"{r['lpdeck']['size'] / r['floor']['size']:21.2f} {r['lpdeck']['all_size'] / r['floor']['all_size']:12.2f}")
    help_times = bench_help(args.help_runs)
    print(f"\n`{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(help_times['command']))}`: "
          f"{help_times['help'] * 1000:.0f} ms; `python -c \"import click\"`: {help_times['click'] * 1000:.0f} ms")

    metrics = {}
    for size, r in results.items():
        if "floor" in r:
            metrics[f"ratio_wall_{size}"] = r["lpdeck"]["wall"] / r["floor"]["wall"]
            metrics[f"ratio_rss_{size}"] = r["lpdeck"]["rss"] / r["floor"]["rss"]
            metrics[f"ratio_size_{size}"] = r["lpdeck"]["size"] / r["floor"]["size"]
    if "10k" in results and "50k" in results:
        metrics["scale_50k_over_10k"] = results["50k"]["lpdeck"]["wall"] / results["10k"]["lpdeck"]["wall"]
    metrics["ratio_help"] = help_times["help"] / help_times["click"]
    failed = [f"{name}={metrics[name]:.2f} > {limit}" for name, limit in TARGETS.items()
              if name in metrics and metrics[name] > limit]
    print("\ntargets: " + ", ".join(f"{name} <= {limit}" for name, limit in TARGETS.items()))
    print("result: " + ("all met" if not failed else "NOT met: " + "; ".join(failed)))
    print(" ".join(f"{name}={value:.2f}" for name, value in metrics.items()))


if __name__ == "__main__":
    main()
