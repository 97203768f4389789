"""Time ``lpdeck build`` against two floors (bench/floor.py) on generated corpora, side by side; check the targets.

Tools, each a whole process started fresh (wall time around the subprocess; CPU time and peak RSS from ``os.wait4``
for that one child), taking turns in a rotating order after one warm-up run each, every run into an emptied folder:

- ``lpdeck``: ``lpdeck build`` with no lock: every note new, the whole lock written (a fresh build);
- ``lean``: the lean floor: the same YAML parse and notes written straight to SQLite and a deflated zip;
- ``genanki``: genanki's default write path (superlinear in decks per package: at 50k only with --genanki-at-50k);
- ``rebuild``: ``lpdeck build`` again with an up-to-date lock and the previous packages in place: nothing changed;
- ``check``: ``lpdeck check`` (load and validate only).

Sizes are generated corpora (1k, 10k, 50k notes) or ``samples``: the five sample walkthroughs in the repository's
decks/, built cold (a fresh process, an empty output folder, no lock), where imports are most of the time.

    python bench/run.py                       # samples, 1k, 10k, 50k
    python bench/run.py --sizes 10k --runs 3

The last line is machine-readable: wall_lean_10k=... rss_lean_50k=... and so on.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import GROUP_NOTES, OUT, corpus

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
COMPRESSION = {"lpdeck": "deflate 1", "rebuild": "deflate 1", "lean": "deflate 1", "genanki": "stored"}
# name -> (limit, what it measures); every ratio is lpdeck's over something else's
TARGETS = {
    "wall_lean_10k": (1.0, "wall time, fresh build / lean floor, 10k"),
    "cpu_lean_10k": (1.2, "CPU time (user + system), fresh build / lean floor, 10k"),
    "wall_lean_samples": (1.3, "wall time, cold build of decks/ / lean floor on decks/"),
    "wall_lean_50k": (1.0, "wall time, fresh build / lean floor, 50k"),
    "rss_lean_50k": (1.5, "peak RSS, fresh build / lean floor, 50k"),
    "rss_rebuild_lean_50k": (1.5, "peak RSS, unchanged rebuild / lean floor, 50k"),
    "scale_50k_over_10k": (5.2, "wall time, fresh build, 50k / 10k"),
    "rebuild_over_fresh_10k": (0.4, "wall time, unchanged rebuild / fresh build, 10k"),
    "rebuild_over_fresh_50k": (0.4, "wall time, unchanged rebuild / fresh build, 50k"),
    "help_over_click": (1.5, "`lpdeck --help` / `python -c 'import click'`"),
}


class Sample:
    def __init__(self, wall: float, cpu: float, rss: float):
        self.wall, self.cpu, self.rss = wall, cpu, rss


def timed(command: list[str]) -> Sample:
    """Run ``command``; return its wall seconds, CPU seconds and peak RSS in MB (of that process alone)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(command)}\n{stderr.decode(errors='replace')}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def digest(path: Path) -> str:
    """The file's SHA-256, read in blocks: this process must stay small, as a child's peak RSS counts its parent's.

    (Linux gives a child started by fork or vfork at least the RSS its parent had then: a 70 MB lock held here
    showed as 70 MB more in every rebuild measured.)
    """
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def package_sizes(folder: Path) -> dict[str, int]:
    """Bytes of every .apkg, of all.apkg, and of the collections inside them uncompressed."""
    paths = sorted(folder.glob("*.apkg"))
    inside = 0
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            inside += archive.getinfo("collection.anki2").file_size
    return {"zip": sum(p.stat().st_size for p in paths), "all": (folder / "all.apkg").stat().st_size,
            "collections": inside, "packages": len(paths)}


def bench_size(size: str, runs: int, tools: list[str]) -> dict[str, Any]:
    source = corpus(size)
    work = OUT / f"run-{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out = {tool: work / tool for tool in tools}
    lock, rebuild_lock = work / "fresh.lock", work / "rebuild.lock"

    def lpdeck_build(folder: Path, lock_path: Path) -> list[str]:
        return [PYTHON, "-m", "lpdeck", "build", str(source), "-o", str(folder), "--lock", str(lock_path)]

    commands = {
        "lpdeck": lpdeck_build(out.get("lpdeck", work / "lpdeck"), lock),
        "lean": [PYTHON, str(BENCH / "floor.py"), "lean", str(source), str(out.get("lean", work / "lean"))],
        "genanki": [PYTHON, str(BENCH / "floor.py"), "genanki", str(source), str(out.get("genanki", work / "g"))],
        "rebuild": lpdeck_build(out.get("rebuild", work / "rebuild"), rebuild_lock),
        "check": [PYTHON, "-m", "lpdeck", "check", str(source)],
    }
    if "rebuild" in tools:
        timed(commands["rebuild"])  # the build before: its lock and packages are what the rebuilds find
        shipped_lock = digest(rebuild_lock)

    def once(tool: str) -> Sample:
        if tool in ("lpdeck", "lean", "genanki"):
            shutil.rmtree(out[tool], ignore_errors=True)
        lock.unlink(missing_ok=True)
        sample = timed(commands[tool])
        if tool == "rebuild":
            assert digest(rebuild_lock) == shipped_lock, "a rebuild of unchanged sources changed the lock"
        return sample

    samples: dict[str, list[Sample]] = {tool: [] for tool in tools}
    for tool in tools:  # warm-up: page cache, .pyc files
        once(tool)
    for run in range(runs):
        turn = run % len(tools)
        for tool in tools[turn:] + tools[:turn]:
            samples[tool].append(once(tool))
    files, stories = len(list(source.rglob("*.yaml"))), len(list((source / "stories").glob("*.yaml")))
    label = (f"{GROUP_NOTES * stories} notes in {files} files" if size != "samples" else
             f"decks/: {files - stories} walkthroughs, {stories} story; cold: a new process, no lock, nothing built")
    result: dict[str, Any] = {"label": label}
    for tool in tools:
        result[tool] = {
            "wall": statistics.median(s.wall for s in samples[tool]),
            "cpu": statistics.median(s.cpu for s in samples[tool]),
            "rss": statistics.median(s.rss for s in samples[tool]),
            "walls": [s.wall for s in samples[tool]],
            "sizes": package_sizes(out[tool]) if tool != "check" else None,
        }
    return result


def bench_help(runs: int) -> dict[str, float | str]:
    script = shutil.which("lpdeck", path=os.path.dirname(PYTHON))
    commands = {"help": [script, "--help"] if script else [PYTHON, "-m", "lpdeck", "--help"],
                "click": [PYTHON, "-c", "import click"]}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        timed(command)
    for run in range(runs):
        for name in (("help", "click") if run % 2 == 0 else ("click", "help")):
            samples[name].append(timed(commands[name]).wall)
    return {"help": statistics.median(samples["help"]), "click": statistics.median(samples["click"]),
            "command": "lpdeck --help" if script else "python -m lpdeck --help"}


def report(size: str, r: dict[str, Any]) -> None:
    print(f"\n{size}: {r['label']}")
    print(f"  {'':8} {'wall s':>7} {'CPU s':>6} {'peak MB':>8} {'.apkg MB':>9} {'all.apkg':>9} {'inside MB':>10}"
          f"  {'zip':10} {'÷ lean (wall, CPU, RSS, .apkg)':31} runs (s)")
    lean = r.get("lean")
    for tool in ("lpdeck", "rebuild", "check", "lean", "genanki"):
        if tool not in r:
            continue
        t, sizes = r[tool], r[tool]["sizes"]
        size_text = (f"{sizes['zip'] / 1e6:9.2f} {sizes['all'] / 1e6:9.2f} {sizes['collections'] / 1e6:10.2f}  "
                     f"{COMPRESSION[tool]:10}" if sizes else f"{'':9} {'':9} {'':10}  {'':10}")
        ratios = ""
        if lean and tool != "lean":
            ratios = f"{t['wall'] / lean['wall']:.2f} {t['cpu'] / lean['cpu']:.2f} {t['rss'] / lean['rss']:.2f}"
            ratios += f" {sizes['zip'] / lean['sizes']['zip']:.2f}" if sizes else ""
        print(f"  {tool:8} {t['wall']:7.2f} {t['cpu']:6.2f} {t['rss']:8.1f} {size_text} {ratios:31} "
              + " ".join(f"{w:.2f}" for w in t["walls"]))


def metrics_of(results: dict[str, dict[str, Any]], help_times: dict[str, float | str] | None) -> dict[str, float]:
    metrics = {}
    for size, r in results.items():
        for tool in ("lpdeck", "rebuild"):
            if tool in r and "lean" in r:
                name = "" if tool == "lpdeck" else "rebuild_"
                metrics[f"wall_{name}lean_{size}"] = r[tool]["wall"] / r["lean"]["wall"]
                metrics[f"cpu_{name}lean_{size}"] = r[tool]["cpu"] / r["lean"]["cpu"]
                metrics[f"rss_{name}lean_{size}"] = r[tool]["rss"] / r["lean"]["rss"]
        if "lpdeck" in r and "genanki" in r:
            metrics[f"wall_genanki_{size}"] = r["lpdeck"]["wall"] / r["genanki"]["wall"]
        if "lpdeck" in r and "rebuild" in r:
            metrics[f"rebuild_over_fresh_{size}"] = r["rebuild"]["wall"] / r["lpdeck"]["wall"]
        if "rebuild" in r and "check" in r:
            metrics[f"rebuild_over_check_{size}"] = r["rebuild"]["wall"] / r["check"]["wall"]
    if "lpdeck" in results.get("10k", {}) and "lpdeck" in results.get("50k", {}):
        metrics["scale_50k_over_10k"] = results["50k"]["lpdeck"]["wall"] / results["10k"]["lpdeck"]["wall"]
    if help_times:
        metrics["help_over_click"] = float(help_times["help"]) / float(help_times["click"])
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="samples,1k,10k,50k",
                        help="comma-separated corpus sizes (default: samples,1k,10k,50k)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tool per size, after a warm-up")
    parser.add_argument("--runs-50k", type=int, default=3, help="timed runs at 50k (default 3)")
    parser.add_argument("--runs-samples", type=int, default=15, help="timed runs on the samples (default 15)")
    parser.add_argument("--rebuild-sizes", default="10k,50k", help="sizes that time an unchanged rebuild")
    parser.add_argument("--check-sizes", default="10k", help="sizes that time `lpdeck check`")
    parser.add_argument("--genanki-at-50k", action="store_true", help="also time genanki's default path at 50k (slow)")
    parser.add_argument("--help-runs", type=int, default=15, help="timed runs of `lpdeck --help` and `import click`")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    # every tool imports compiled modules, as an installed lpdeck does, even where PYTHONDONTWRITEBYTECODE is set
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(BENCH.parent / "src"), str(BENCH)], check=True,
                   stdout=subprocess.DEVNULL)

    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}, "
          f"Python {platform.python_version()}; medians of {args.runs} runs ({args.runs_50k} at 50k) after a warm-up;"
          f" load average before: {os.getloadavg()[0]:.1f}")
    results = {}
    for size in sizes:
        tools = ["lpdeck", "lean"]
        if size != "50k" or args.genanki_at_50k:
            tools.append("genanki")
        if size in args.rebuild_sizes.split(","):
            tools.append("rebuild")
        if size in args.check_sizes.split(","):
            tools.append("check")
        runs = {"50k": args.runs_50k, "samples": args.runs_samples}.get(size, args.runs)
        results[size] = bench_size(size, runs, tools)
        report(size, results[size])
    help_times = bench_help(args.help_runs) if args.help_runs else None
    if help_times:
        print(f"\n`{help_times['command']}`: {float(help_times['help']) * 1000:.0f} ms; "
              f"`python -c \"import click\"`: {float(help_times['click']) * 1000:.0f} ms")
    print(f"load average after: {os.getloadavg()[0]:.1f}")

    metrics = metrics_of(results, help_times)
    print("\ntargets:")
    for name, (limit, what) in TARGETS.items():
        value = metrics.get(name)
        verdict = "n/a " if value is None else ("PASS" if value <= limit else "FAIL")
        shown = "   -" if value is None else f"{value:4.2f}"
        print(f"  {verdict}  {name:24} {shown} <= {limit:<4}  {what}")
    print(" ".join(f"{name}={value:.2f}" for name, value in metrics.items()))


if __name__ == "__main__":
    main()
