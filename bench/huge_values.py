"""Time `lpdeck check` on sources with one huge value where a name belongs (a principle, a story id, a key).

Every input must be rejected in well under a second apart from reading it; before the "did you mean" search was
bounded, a 1 MB `lp:` took 75-114 s.

    PYTHONPATH=src python bench/huge_values.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

STORY = ("story: webhook-drops\ntitle: Webhook drops\nsteps:\n  - id: situation\n    step: situation\n"
         "    target: 30s\n    coaching: Keep it short.\n    mistakes: Too much architecture.\n")
WALK = ("walkthrough: calculated-risk\ntitle: Calculated risk\nquestion: Tell me about a time\nlp: {lp}\n"
        "story: {story}\noverview: I fixed it.\n")
CASES = {
    "lp 1 MB": WALK.format(lp="Bias for Action " * 65_536, story="webhook-drops"),
    "lp 100 KB": WALK.format(lp="x" * 100_000, story="webhook-drops"),
    "story 1 MB": WALK.format(lp="Ownership", story="webhook-drops-" * 75_000 + "x"),
    "key 1000 chars x 1000": WALK.format(lp="Ownership", story="webhook-drops")
    + "".join(f'"{i:04d}{"k" * 996}": v\n' for i in range(1000)),
}


def main() -> None:
    for name, walk in CASES.items():
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            (folder / "story.yaml").write_text(STORY, encoding="utf-8")
            (folder / "walk.yaml").write_text(walk, encoding="utf-8")
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "lpdeck", "check", str(folder)], capture_output=True,
                                  text=True, check=False)
            elapsed = time.perf_counter() - started
            print(f"{name:24} exit {done.returncode}  {elapsed:6.2f} s  {len(done.stderr):,} bytes of messages")


if __name__ == "__main__":
    main()
