"""Time ``lpdeck build`` against the floor (bench/floor.py) on generated corpora; print medians and ratios.

Every measurement is a whole process, started fresh: wall time around the subprocess, peak RSS from ``os.wait4`` for
that one child. lpdeck and the floor alternate (which goes first alternates too), after one warm-up run each. Every
run writes into an emptied output folder. By default every lpdeck run starts with no lock file, the worst case: every
note is new and the whole lock is written. ``--with-lock`` gives each run a fresh copy of the lock a first build
wrote, the everyday case: nothing changed, so the lock is read and compared but not written.

    python bench/run.py                      # 1k, 10k, 50k
    python bench/run.py --sizes 1k,10k --runs 7

The last line is machine-readable: ratio_wall_10k=... ratio_rss_10k=... ratio_size_10k=... scale_50k_over_10k=...
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


def timed(command: list[str]) -> tuple[float, float]:
    """Run ``command``; return (wall seconds, peak RSS in MB) of that process alone."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"failed ({child.returncode}): {' '.join(command)}\n{stderr.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def apkg_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.apkg"))


def bench_size(size: str, runs: int, with_floor: bool, with_lock: bool) -> dict:
    source = corpus(size)
    work = OUT / f"run-{size}"
    lock, seed_lock = work / "lpdeck.lock", work / "seed.lock"
    outputs = {"lpdeck": work / "lpdeck", "floor": work / "floor"}

    def lpdeck(lock_path: Path) -> list[str]:
        return [PYTHON, "-m", "lpdeck", "build", str(source), "-o", str(outputs["lpdeck"]), "--lock", str(lock_path)]

    commands = {"lpdeck": lpdeck(lock), "floor": [PYTHON, str(BENCH / "floor.py"), str(source), str(outputs["floor"])]}
    seed_lock.unlink(missing_ok=True)
    if with_lock:
        timed(lpdeck(seed_lock))

    def once(tool: str) -> tuple[float, float]:
        shutil.rmtree(outputs[tool], ignore_errors=True)
        if tool == "lpdeck":
            lock.unlink(missing_ok=True)
            if with_lock:
                shutil.copyfile(seed_lock, lock)
        return timed(commands[tool])

    tools = ["lpdeck", "floor"] if with_floor else ["lpdeck"]
    samples: dict[str, list[tuple[float, float]]] = {tool: [] for tool in tools}
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
    script = shutil.which("lpdeck", path=os.path.dirname(PYTHON))
    commands = {"help": [script, "--help"] if script else [PYTHON, "-m", "lpdeck", "--help"],
                "click": [PYTHON, "-c", "import click"]}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        timed(command)
    for run in range(runs):
        for name in (("help", "click") if run % 2 == 0 else ("click", "help")):
            samples[name].append(timed(commands[name])[0])
    return {"help": statistics.median(samples["help"]), "click": statistics.median(samples["click"]),
            "command": "lpdeck --help" if script else "python -m lpdeck --help"}


def report(size: str, r: dict) -> None:
    print(f"\n{size}: {r['notes']} notes in {r['files']} files -> {r['lpdeck']['packages']} packages")
    print(f"  {'':8} {'wall s':>8} {'peak RSS MB':>12} {'.apkg MB (all files)':>21} {'all.apkg MB':>12}   runs (s)")
    for tool in ("lpdeck", "floor"):
        if tool in r:
            t = r[tool]
            print(f"  {tool:8} {t['wall']:8.2f} {t['rss']:12.1f} {t['size'] / 1e6:21.2f} {t['all_size'] / 1e6:12.2f}   "
                  + " ".join(f"{w:.2f}" for w in t["walls"]))
    if "floor" in r:
        lp, fl = r["lpdeck"], r["floor"]
        print(f"  {'ratio':8} {lp['wall'] / fl['wall']:8.2f} {lp['rss'] / fl['rss']:12.2f} "
              f"{lp['size'] / fl['size']:21.2f} {lp['all_size'] / fl['all_size']:12.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,50k", help="comma-separated corpus sizes (default: 1k,10k,50k)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tool per size, after a warm-up")
    parser.add_argument("--help-runs", type=int, default=15, help="timed runs of `lpdeck --help` and `import click`")
    parser.add_argument("--with-lock", action="store_true",
                        help="give every lpdeck run a copy of an up-to-date lock (default: no lock, every note new)")
    parser.add_argument("--floor-at-50k", action="store_true",
                        help="also time the floor at 50k (slow; only lpdeck's 50k time enters the ratios)")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]

    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}, "
          f"Python {platform.python_version()}; {args.runs} runs per tool after one warm-up; medians; "
          f"lpdeck {'with an up-to-date lock' if args.with_lock else 'with no lock (every note new)'}")
    results = {}
    for size in sizes:
        results[size] = bench_size(size, args.runs, size != "50k" or args.floor_at_50k, args.with_lock)
        report(size, results[size])
    help_times = bench_help(args.help_runs)
    print(f"\n`{help_times['command']}`: {help_times['help'] * 1000:.0f} ms; "
          f"`python -c \"import click\"`: {help_times['click'] * 1000:.0f} ms")

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
