"""How fast and how right `lpdeck rehearse` is, on speech espeak-ng synthesizes (docs/rehearse.md, docs/benchmarks.md).

    python bench/rehearse.py speed                 # a 3-minute telling: the file's report, the report after Stop
    python bench/rehearse.py accuracy              # every story x 4 tellings, voice and pace taking turns
    python bench/rehearse.py accuracy --full       # every story x 4 tellings x 3 paces x 2 voices (192 decodes)
    python bench/rehearse.py accuracy --quick      # one story told whole and with a step left out, one voice and pace

``speed``: a 3-minute file (the example's story told at 150 words a minute, twice over) reported by a fresh
``lpdeck rehearse --audio`` process; beside it, pocketsphinx's plain decode of the same audio (its default general
model, the whole file in one call); and the streaming path the page uses: the audio fed a second at a time (the
decoder keeps up when feeding takes less than the audio lasts), then the time from Stop to the report.

``accuracy``: each story of the example (decks/) and of tests/bank/ told whole, with one step left out (the Task, the
step the pages say candidates skip), with "we" for "I", and with fillers added (one every 20 words); spoken by two
espeak-ng voices at 120, 160 and 200 words a minute: by default each telling once, the six voice-and-pace pairs taking
turns down the list (every pair, variant and story is met; on this shared 2-core machine the full product of 192
decodes takes hours), or every pair for every telling with --full. The truth is the script: a key phrase was said
when its words stand in the script in order; a step left out has every phrase missing but those another step says
too; words a minute are the script's words over the audio's length; fillers are the ones added. The script is what a
speaker says: numbers as words (spoken.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import wave
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
from lpdeck.build import load_sources  # noqa: E402
from lpdeck.coach import measure  # noqa: E402
from lpdeck.coach.session import rehearse_file  # noqa: E402
from lpdeck.coach.spoken import spoken  # noqa: E402
from lpdeck.sources.workspace import resolve  # noqa: E402

VOICES = ("en-us", "en-us+f3")
PACES = (120, 160, 200)
FILLERS = ("um", "uh", "you know", "basically")
FILLER_EVERY = 20  # words
TARGETS = {"recall": 0.8, "precision": 0.9, "wpm_error": 0.10, "filler_error": 2}
_SWAP = {"i": "we", "i'm": "we're", "i've": "we've", "i'd": "we'd", "me": "us", "my": "our", "mine": "ours",
         "myself": "ourselves"}


def stories() -> list[tuple[object, object]]:
    """(walkthrough, story) for each story of the example and the bank: its first walkthrough."""
    pairs = []
    for folder in (REPO / "decks", REPO / "tests" / "bank"):
        sources = load_sources(resolve([folder]))
        for story_id, story in sources.stories.items():
            walkthrough = next(w for w in sources.walkthroughs.values() if w.story == story_id)
            pairs.append((walkthrough, story))
    return pairs


def script(story: object, variant: str, seed: int) -> tuple[list[str], str | None]:
    """The spoken words of a telling, and the step left out (None: none)."""
    steps = [s for s in story.steps if not (variant == "left-out" and s.step == "task")]
    words = " ".join(spoken(s.example or "") for s in steps).split()
    if variant == "we":
        words = [_SWAP.get(w, w) for w in words]
    if variant == "fillers":
        rng, out = random.Random(seed), []
        for index, word in enumerate(words):
            if index and index % FILLER_EVERY == 0:
                out += rng.choice(FILLERS).split()
            out.append(word)
        words = out
    return words, "task" if variant == "left-out" else None


def said_truly(phrase: str, words: list[str]) -> bool:
    """Whether the script says the phrase: its words in order, fillers aside ("I um traced" says "I traced")."""
    told = " " + " ".join(words) + " "
    for filler in FILLERS:
        told = told.replace(f" {filler} ", " ")
    needle = " " + spoken(phrase) + " "
    return bool(needle.strip()) and needle in told


def synthesize(words: list[str], voice: str, pace: int, out: Path) -> float:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(pace), "-w", str(out), " ".join(words)], check=True)
    with wave.open(str(out)) as audio:
        return audio.getnframes() / audio.getframerate()


def one(walkthrough: object, story: object, variant: str, voice: str, pace: int, folder: Path) -> dict[str, object]:
    words, left_out = script(story, variant, seed=zlib.crc32(f"{story.story}{pace}{voice}".encode()))
    seconds = synthesize(words, voice, pace, folder / "telling.wav")
    report, _ = rehearse_file(folder / "telling.wav", walkthrough, story)
    truth_wpm = measure.word_count(" ".join(words)) * 60 / seconds
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for step in report.steps:
        for phrase in step.said + step.missed:
            truly, reported = said_truly(phrase, words), phrase in step.said
            counts[{(True, True): "tp", (False, True): "fp", (True, False): "fn", (False, False): "tn"}[
                (truly, reported)]] += 1
    # the step left out is reported missing when none of its phrases is reported said, but those the telling says in
    # another step ("dependency upgrade" of the Task, said again in the Result's "dependency-upgrade checklist")
    left_missing = None if left_out is None else not any(
        not said_truly(phrase, words) for s in report.steps if s.step == left_out for phrase in s.said)
    added = sum(1 for w in words if w in ("um", "uh", "basically")) + " ".join(words).count("you know")
    return {"story": story.story, "variant": variant, "voice": voice, "pace": pace, **counts,
            "wpm": report.words_per_minute, "truth_wpm": round(truth_wpm, 1), "fillers": report.fillers,
            "truth_fillers": added, "left_out_missing": left_missing, "we": report.we_count,
            "i": report.i_count, "audio_s": round(seconds, 1)}


def summary(rows: list[dict[str, object]]) -> dict[str, object]:
    tp, fp, fn = (sum(int(r[k]) for r in rows) for k in ("tp", "fp", "fn"))
    wpm_errors = [abs(float(r["wpm"]) - float(r["truth_wpm"])) / float(r["truth_wpm"]) for r in rows]
    filler_errors = [abs(int(r["fillers"]) - int(r["truth_fillers"])) for r in rows]
    left = [r["left_out_missing"] for r in rows if r["left_out_missing"] is not None]
    return {"tellings": len(rows), "recall": round(tp / max(1, tp + fn), 3),
            "precision": round(tp / max(1, tp + fp), 3),
            "wpm_error_max": round(max(wpm_errors), 3), "wpm_error_median": round(statistics.median(wpm_errors), 3),
            "wpm_within_10pct": f"{sum(e <= 0.10 for e in wpm_errors)}/{len(wpm_errors)}",
            "filler_error_max": max(filler_errors),
            "fillers_within_2": f"{sum(e <= 2 for e in filler_errors)}/{len(filler_errors)}",
            "left_out_reported_missing": f"{sum(bool(x) for x in left)}/{len(left)}"}


def accuracy(quick: bool, full: bool, out: Path | None, only: tuple[str, ...] = ()) -> None:
    pairs = stories()[:1] if quick else stories()
    voices, paces = (VOICES[:1], (160,)) if quick else (VOICES, PACES)
    spoken_by = [(voice, pace) for voice in voices for pace in paces]
    variants = ("whole", "left-out") if quick else ("whole", "left-out", "we", "fillers")
    tellings = [(w, s, v) for w, s in pairs for v in variants]
    plan = ([(w, s, v, *by) for w, s, v in tellings for by in spoken_by] if full else
            [(w, s, v, *spoken_by[n % len(spoken_by)]) for n, (w, s, v) in enumerate(tellings)])
    plan = [telling for telling in plan if not only or telling[2] in only]  # each telling keeps its voice and pace
    variants = tuple(v for v in variants if not only or v in only)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for walkthrough, story, variant, voice, pace in plan:
            rows.append(one(walkthrough, story, variant, voice, pace, Path(folder)))
            print(json.dumps(rows[-1]), flush=True)
    print()
    for name, part in [("all", rows), *[(v, [r for r in rows if r["variant"] == v]) for v in
                                         variants],
                       *[(f"{p} wpm", [r for r in rows if r["pace"] == p]) for p in paces],
                       *[(v, [r for r in rows if r["voice"] == v]) for v in voices]]:
        print(f"{name:>10}: {json.dumps(summary(part))}")
    if out:
        out.write_text(json.dumps(rows, indent=1) + "\n")


def _pcm(path: Path) -> bytes:
    with wave.open(str(path)) as audio:
        return audio.readframes(audio.getnframes())


def speed(runs: int, plain_too: bool = True) -> None:
    from lpdeck.coach.session import Rehearsal

    (walkthrough, story), *_ = stories()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        words = (" ".join(spoken(s.example or "") for s in story.steps) + " ").split() * 2
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(folder / "raw.wav"), " ".join(words)],
                       check=True)
        subprocess.run(["sox", str(folder / "raw.wav"), "-r", "16000", "-c", "1", "-b", "16", str(folder / "t.wav")],
                       check=True)
        pcm = _pcm(folder / "t.wav")
        seconds = len(pcm) / 32000
        subprocess.run([sys.executable, "-m", "lpdeck", "init", str(folder / "ws"), "--example"], check=True,
                       capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
        print(f"audio: {seconds:.1f} s ({len(words)} words at 150 wpm)")
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        for run in range(runs):
            whole = _timed([sys.executable, "-m", "lpdeck", "rehearse", "--audio", str(folder / "t.wav"),
                            walkthrough.walkthrough], folder / "ws", env)
            plain = _timed([sys.executable, "-c", _PLAIN, str(folder / "t.wav")], folder, env) if plain_too else None
            rehearsal = Rehearsal(walkthrough, story, live=True)  # as the page has it
            started, cpu = time.perf_counter(), time.process_time()
            for at in range(0, len(pcm), 32000):
                rehearsal.feed(pcm[at:at + 32000])
            fed = (time.perf_counter() - started, time.process_time() - cpu)
            started, cpu = time.perf_counter(), time.process_time()
            rehearsal.report("bench")
            after_stop = (time.perf_counter() - started, time.process_time() - cpu)
            print(f"run {run + 1}: lpdeck rehearse --audio {_both(whole)} (target < 20 s); streaming: fed in "
                  f"{_both(fed)} ({fed[1] / seconds:.2f} of real time in CPU), report {_both(after_stop)} after Stop "
                  "(target < 5 s)" + (f"; pocketsphinx's plain decode {_both(plain)}" if plain else ""), flush=True)
            plain_too = False  # once is enough: it takes minutes


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of a child process (CPU from its rusage: a loaded machine inflates the wall time)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, command
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def _both(times: tuple[float, float]) -> str:
    return f"{times[0]:.1f} s wall / {times[1]:.1f} s CPU"


# pocketsphinx's own way, for comparison: its default model and dictionary, the whole file in one call
_PLAIN = """
import sys, wave, pocketsphinx
with wave.open(sys.argv[1]) as audio:
    pcm = audio.readframes(audio.getnframes())
decoder = pocketsphinx.Decoder(samprate=16000, loglevel="FATAL")
decoder.start_utt()
decoder.process_raw(pcm, full_utt=True)
decoder.end_utt()
print(decoder.hyp().hypstr if decoder.hyp() else "")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["speed", "accuracy"])
    parser.add_argument("--quick", action="store_true", help="accuracy: one story, one voice, one pace")
    parser.add_argument("--full", action="store_true", help="accuracy: every voice and pace for every telling")
    parser.add_argument("--variant", action="append", choices=["whole", "left-out", "we", "fillers"],
                        help="accuracy: only these tellings (repeat it for several)")
    parser.add_argument("--runs", type=int, default=3, help="speed: runs")
    parser.add_argument("--out", type=Path, help="accuracy: write every telling's row here (JSON)")
    args = parser.parse_args()
    if args.what == "speed":
        speed(1 if args.quick else args.runs, plain_too=not args.quick)
    else:
        accuracy(args.quick, args.full, args.out, tuple(args.variant or ()))


if __name__ == "__main__":
    main()
