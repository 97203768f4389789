"""A rehearsal from audio to report: the story's model, the audio decoded as it comes, the transcript scored."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from ..sources.records import Story, Walkthrough
from . import measure
from .audio import AudioError, decode
from .listen import RATE, Listener, StoryModel, Word, story_model
from .report import Report, score

FEWEST_WORDS = 3  # fewer words heard than this is no telling: silence, noise, or a microphone that was off


def story_sentences(story: Story) -> list[str]:
    """The sentences of the story's strong examples, in order: what the learner means to say."""
    return [sentence.text for step in story.steps if step.example for sentence in measure.sentences(step.example)]


@functools.lru_cache(maxsize=16)
def _model(sentences: tuple[str, ...]) -> StoryModel:
    # a folder of this process's own (another lpdeck may be writing the same story's model), gone when it exits
    folder = Path(tempfile.mkdtemp(prefix="lpdeck-listen-"))
    atexit.register(shutil.rmtree, folder, True)
    return story_model(sentences, folder)


def model_for(story: Story) -> StoryModel:
    """The story's language model and dictionary (made once a process per story text)."""
    return _model(tuple(story_sentences(story)))


class Rehearsal:
    """One telling of a walkthrough: feed its audio as it arrives, then ``report``."""

    def __init__(self, walkthrough: Walkthrough, story: Story, level: str | None = None, *, live: bool = False) -> None:
        self.walkthrough, self.story, self.level = walkthrough, story, level
        self.model = model_for(story)
        self.listener = Listener(self.model, live=live)  # live: cut at pauses, so the report is ready at Stop
        self.audio = bytearray()
        self._turn = threading.Lock()  # a decoder takes one piece at a time

    def feed(self, pcm: bytes, *, keep: bool = False) -> None:
        with self._turn:
            if keep:
                self.audio += pcm
            self.listener.feed(pcm)

    @property
    def seconds(self) -> float:
        return self.listener.samples / RATE

    def report(self, source: str) -> Report:
        """The report; AudioError when too little was heard to be a telling (``source`` names the audio)."""
        with self._turn:
            heard: list[Word] = self.listener.finish()
        if len(heard) < FEWEST_WORDS:
            raise AudioError(f"{source}: heard no speech in {self.seconds:.1f} s of audio (silence, noise, or a "
                             "microphone that was off)")
        return score(self.walkthrough, self.story, heard, self.model.vocabulary, self.level)


def rehearse_audio(chunks: Iterable[bytes], walkthrough: Walkthrough, story: Story, source: str,
                   level: str | None = None, *, keep: bool = False) -> tuple[Report, bytes]:
    """Decode ``chunks`` (16 kHz mono PCM) as they come and score them; the audio too when ``keep``."""
    rehearsal = Rehearsal(walkthrough, story, level)
    for chunk in chunks:
        rehearsal.feed(chunk, keep=keep)
    return rehearsal.report(source), bytes(rehearsal.audio)


def rehearse_file(path: Path, walkthrough: Walkthrough, story: Story, level: str | None = None, *,
                  keep: bool = False) -> tuple[Report, bytes]:
    """The report of a recording made elsewhere (WAV, m4a/AAC, mp3, ogg, webm/Opus)."""
    return rehearse_audio(decode(path), walkthrough, story, str(path), level, keep=keep)


__all__ = ["AudioError", "Rehearsal", "model_for", "rehearse_audio", "rehearse_file", "story_sentences"]
