"""A short story to rehearse, and its telling spoken by espeak-ng in the test (real speech for the real recogniser)."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

STORY = """\
story: cache-outage
title: The cache outage
steps:
  - id: situation
    step: situation
    target: 20s
    example: Our checkout page timed out for every customer on a busy evening.
    phrases: [checkout page timed out]
    coaching: Keep it short.
    mistakes: Too much architecture.
  - id: task
    step: task
    target: 15s
    example: Nobody owned the cache, so I took it on.
    phrases: [nobody owned the cache]
    coaching: Say the scope.
    mistakes: No scope.
  - id: action
    step: action
    target: 30s
    example: I traced the failure to an expired certificate. I rotated the certificate and added an alarm.
    phrases: [I traced, I rotated the certificate, added an alarm]
    coaching: Say I.
    mistakes: We did it.
  - id: result
    step: result
    target: 15s
    example: Errors fell to zero and we saved $8K a week.
    phrases: [errors fell to zero]
    coaching: Numbers.
    mistakes: No numbers.
  - id: reflection
    step: reflection
    target: 15s
    example: Certificates need an owner and an alarm before they expire.
    phrases: [certificates need an owner]
    coaching: Be specific.
    mistakes: Generic lesson.
levels:
  - id: sde1
    level: SDE1
    length: Keep it under 2 minutes.
"""

WALKTHROUGH = """\
walkthrough: fixed-the-outage
title: Fixed the outage
question: Tell me about a time you fixed something nobody owned
lp: Ownership
story: cache-outage
"""

# What the learner says: the story's examples as a speaker says them (numbers as words)
TOLD = [
    "Our checkout page timed out for every customer on a busy evening.",
    "Nobody owned the cache, so I took it on.",
    "I traced the failure to an expired certificate. I rotated the certificate and added an alarm.",
    "Errors fell to zero and we saved eight thousand dollars a week.",
    "Certificates need an owner and an alarm before they expire.",
]


def workspace(folder: Path) -> Path:
    """A workspace holding the short story and its one walkthrough."""
    (folder / "decks" / "stories").mkdir(parents=True)
    (folder / "decks" / "stories" / "cache-outage.yaml").write_text(STORY, encoding="utf-8")
    (folder / "decks" / "fixed-the-outage.yaml").write_text(WALKTHROUGH, encoding="utf-8")
    return folder


def speak(text: str, out: Path, *, pace: int = 160, rate: int = 16000, channels: int = 1, voice: str = "en-us") -> Path:
    """``text`` spoken by espeak-ng's ``voice`` at ``pace`` words a minute, as a WAV at ``rate`` Hz with ``channels``."""
    raw = out.with_suffix(".espeak.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(pace), "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", str(rate), "-c", str(channels), "-b", "16", str(out)], check=True)
    raw.unlink()
    return out


def seconds(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()
