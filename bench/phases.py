"""Where ``lpdeck build`` spends its time and memory on a generated corpus: per phase, or cProfile's top functions.

    python bench/phases.py 10k              # wall and CPU time per phase, and the peak RSS by the end of each
    python bench/phases.py 10k --cprofile   # the 30 functions with the most time of their own

Builds with no lock into bench/out/profile-<size>/, as bench/run.py does. CPU time is this process's: the second
process that writes half of the packages (lpdeck.ship.parallel) shows in the wall time only (run it under
``taskset -c 0`` for one process: then every phase's CPU time is counted).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import pstats
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import OUT, corpus

START = time.perf_counter()
import lpdeck.build as build_module  # noqa: E402  (timed: imports are part of every build)
from lpdeck.sources.workspace import resolve  # noqa: E402

IMPORTED = time.perf_counter() - START
# (module, function) pairs that make up a build, in the order they run (packages are written by threads: the
# writing phase is _stage_packages as a whole; write_outputs holds it, the lock's text and the renames)
PHASES = [("lpdeck.build", "load_sources"), ("lpdeck.build", "compile_sources"), ("lpdeck.ship.lock", "plan"),
          ("lpdeck.ship.publish", "_stage_packages"), ("lpdeck.ship.publish", "stage_text"),
          ("lpdeck.build", "write_outputs")]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="corpus size, like 10k")
    parser.add_argument("--cprofile", action="store_true", help="print cProfile's top functions instead of phases")
    args = parser.parse_args()
    source = corpus(args.size)
    out = OUT / f"profile-{args.size}"
    shutil.rmtree(out, ignore_errors=True)
    lock = out.with_suffix(".lock")
    lock.unlink(missing_ok=True)

    def run() -> None:
        build_module.build(resolve([source], out_dir=out, lock_path=lock))

    if args.cprofile:
        profiler = cProfile.Profile()
        profiler.runcall(run)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    spent: dict[str, list] = {}  # phase -> [seconds, calls, peak RSS when it last returned, CPU seconds]
    for owner, name in PHASES:
        module = importlib.import_module(owner)
        original = getattr(module, name)

        def timed(*a, _original=original, _name=name, **k):
            began, cpu = time.perf_counter(), time.process_time()
            try:
                return _original(*a, **k)
            finally:
                entry = spent.setdefault(_name, [0.0, 0, 0.0, 0.0])
                entry[0] += time.perf_counter() - began
                entry[3] += time.process_time() - cpu
                entry[1] += 1
                entry[2] = peak_mb()

        setattr(module, name, functools.wraps(original)(timed))
    began = time.perf_counter()
    run()
    total = time.perf_counter() - began
    print(f"{'imports':18} {IMPORTED:7.2f} s {'':10}")
    for _, name in PHASES:
        seconds, calls, peak, cpu = spent.get(name, [0.0, 0, 0.0, 0.0])
        print(f"{name:18} {seconds:7.2f} s  {cpu:5.2f} s CPU  {calls:5} calls  peak RSS so far {peak:6.1f} MB")
    print(f"{'build() total':18} {total:7.2f} s  (the rest: reading the old lock, planning reports)")


if __name__ == "__main__":
    main()
