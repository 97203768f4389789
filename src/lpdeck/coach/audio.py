"""Audio files as the recogniser hears them: decoded in-process with PyAV and resampled to 16 kHz mono 16-bit PCM.

PyAV's wheel carries FFmpeg's libraries, so a phone's m4a/AAC, an mp3, ogg or webm with Opus, and WAV at any rate or
channel count decode here with no ffmpeg on the PATH. What cannot be one telling is refused in one line: a file that
is no audio, holds none, or runs longer than ``LONGEST`` seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import LpdeckError
from .listen import RATE, VoiceMissing

LONGEST = 6 * 60  # seconds: a behavioural answer takes about 2 minutes; three times that is no single telling
CHUNK = RATE * 2  # bytes handed on at a time: a second of audio


class AudioError(LpdeckError):
    """An audio file lpdeck cannot take as a telling."""


def decode(path: Path) -> Iterator[bytes]:
    """The audio of ``path`` as 16 kHz mono 16-bit PCM, about a second at a time; AudioError when it cannot be."""
    try:
        import av
    except ImportError as error:
        raise VoiceMissing(str(error)) from None
    if path.is_file() and path.stat().st_size == 0:
        raise AudioError(f"{path}: is empty (no audio)")
    try:
        container = av.open(str(path))
    except FileNotFoundError:
        raise AudioError(f"{path}: no such file") from None
    except (av.FFmpegError, ValueError, OSError) as error:
        raise AudioError(f"{path}: not an audio file lpdeck can read ({_reason(error)})") from None
    with container:
        if not container.streams.audio:
            raise AudioError(f"{path}: holds no audio stream")
        if container.duration is not None and container.duration / 1_000_000 > LONGEST:  # known at once, mostly
            raise _too_long(path)
        yield from _pcm(container, path)


def _pcm(container: Any, path: Path) -> Iterator[bytes]:
    import av

    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    pending, total = bytearray(), 0
    try:
        for frame in container.decode(container.streams.audio[0]):
            for out in resampler.resample(frame):
                pending += bytes(out.planes[0])[: out.samples * 2]
            if total + len(pending) > LONGEST * RATE * 2:  # refused as soon as known: the rest is not decoded
                raise _too_long(path)
            if len(pending) >= CHUNK:
                yield bytes(pending)
                total += len(pending)
                pending.clear()
        for out in resampler.resample(None):
            pending += bytes(out.planes[0])[: out.samples * 2]
    except (av.FFmpegError, ValueError) as error:
        raise AudioError(f"{path}: the audio is damaged and cannot be decoded ({_reason(error)})") from None
    if total + len(pending) == 0:
        raise AudioError(f"{path}: holds no audio (no samples)")
    if pending:
        yield bytes(pending)


def _too_long(path: Path) -> AudioError:
    return AudioError(f"{path}: runs longer than {LONGEST // 60} minutes, which is no single telling (an answer "
                      "takes about 2); trim it to one telling")


def _reason(error: Exception) -> str:
    return " ".join(str(getattr(error, "strerror", None) or error).split()) or type(error).__name__
