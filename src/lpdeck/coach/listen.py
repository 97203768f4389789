"""Listening offline with pocketsphinx: a language model made from the story's own words, and a streaming decoder.

pocketsphinx is the one recogniser whose English model ships inside its wheel (no download, no network). Its general
language model knows no story: the story's text, as spoken words (``spoken.py``), makes a trigram model
(``pocketsphinx.lm.ArpaBoLM``) that expects what this learner means to say, plus the words the report counts that a
story's text never holds (fillers, "we", "our team"), so the recogniser can hear them too. The dictionary holds only the
model's words (loading all of cmudict costs seconds); a word cmudict lacks is given the pronunciation of its parts
("webhook" is "web" + "hook") or of its letters ("SLO", "SDE"), or left out when neither works.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .spoken import spoken_words

RATE = 16_000  # samples a second: the acoustic model's rate (16 kHz, mono, 16-bit little-endian)
FRAMES_PER_SECOND = 100  # pocketsphinx's frame rate: a segment's start and end are in frames
# Words a speaker says that no story's text holds, so the model must offer them: hesitations and discourse fillers
# (the report counts them), and the plural actor (the report counts "we" against "I"). Not "ah" nor "er": "ah" is how
# many accents say "I" (Scottish, Southern US: "ah pulled the logs"), and "er" is the British spelling of "uh" whose
# cmudict sound (ER) is every "-er" ending; offered, they were heard for a story's words 2 to 18 times in tellings
# with no filler, by voices with other accents (docs/rehearse.md).
EXTRA_SENTENCES = ("um", "uh", "hmm", "you know", "i mean", "basically", "actually", "literally",
                   "we", "our team", "my team")
# Each sentence is also offered with the other actor ("we pulled the logs" beside "I pulled the logs"), so the model
# favours neither and the sound decides: the report exists to tell the two apart.
_I_WE = (("i", "we"), ("i'm", "we're"), ("i've", "we've"), ("i'd", "we'd"), ("i'll", "we'll"), ("me", "us"),
         ("my", "our"), ("mine", "ours"), ("myself", "ourselves"))
_OTHER_ACTOR = {**dict(_I_WE), **{we: i for i, we in _I_WE}}
_NON_WORDS = ("<s>", "</s>", "<sil>")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class VoiceMissing(ImportError):
    """pocketsphinx or PyAV is not installed."""


def _pocketsphinx() -> Any:
    try:
        import pocketsphinx
    except ImportError as error:
        raise VoiceMissing(str(error)) from None
    return pocketsphinx


@functools.cache
def _cmudict() -> dict[str, list[str]]:
    """cmudict as shipped in pocketsphinx's wheel: each word's pronunciations."""
    path = Path(_pocketsphinx().get_model_path()) / "en-us" / "cmudict-en-us.dict"
    entries: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, phones = line.strip().partition(" ")
            entries.setdefault(word.split("(")[0], []).append(phones)
    return entries


def pronunciation(word: str) -> list[str]:
    """The word's pronunciations: cmudict's, else its two parts' ("webhook"), else its letters' (up to five: "slo")."""
    known = _cmudict()
    if word in known:
        return known[word]
    for cut in range(len(word) - 2, 1, -1):
        head, tail = word[:cut], word[cut:]
        if head in known and tail in known and len(tail) > 1:
            return [f"{known[head][0]} {known[tail][0]}"]
    if len(word) <= 5 and all(letter in _LETTERS for letter in word):
        return [" ".join(known[f"{letter}."][0] if f"{letter}." in known else known[letter][0] for letter in word)]
    return []


@dataclass(frozen=True)
class StoryModel:
    """The files a decoder reads for one story: its language model and its dictionary."""

    lm: Path
    dictionary: Path
    vocabulary: frozenset[str]


def story_model(texts: Iterable[str], folder: Path) -> StoryModel:
    """In ``folder``: a language model of ``texts`` (a sentence a line, spoken as words), a dictionary of its words."""
    from pocketsphinx.lm import ArpaBoLM

    told = [spoken_words(text) for text in texts]
    swapped = [[_OTHER_ACTOR.get(word, word) for word in words] for words in told]
    lines = [" ".join(words) for words in told + [s for s, t in zip(swapped, told, strict=True) if s != t]]
    lines += EXTRA_SENTENCES
    said = {word for line in lines for word in line.split()}
    hearable = {word: pronunciation(word) for word in sorted(said)}
    vocabulary = frozenset(word for word, sounds in hearable.items() if sounds)
    corpus = "\n".join(" ".join(w for w in line.split() if w in vocabulary) for line in lines)
    model = ArpaBoLM(text=corpus, case="lower", add_start=True)
    model.compute()
    lm, dictionary = folder / "story.lm", folder / "story.dict"
    model.write_file(str(lm))
    dictionary.write_text("".join(f"{word}{f'({n + 1})' if n else ''} {sounds}\n" for word in sorted(vocabulary)
                                  for n, sounds in enumerate(hearable[word])), encoding="utf-8")
    return StoryModel(lm, dictionary, vocabulary)


@dataclass(frozen=True)
class Word:
    """A word heard, and when: seconds from the start of the audio."""

    text: str
    start: float
    end: float


class Listener:
    """One telling, decoded as its audio arrives: ``feed`` 16 kHz mono 16-bit PCM as it comes, then ``finish``.

    A ``live`` telling is cut into utterances at pauses, as pocketsphinx's own live decoding does: once an utterance has
    run ``UTTERANCE`` seconds, it ends at the next ``PAUSE`` seconds without speech (pocketsphinx's voice activity
    detector), so the passes pocketsphinx makes when an utterance ends run while the learner speaks, and little is left
    to do at Stop (one 3-minute utterance left about 5 s). A file is one utterance: nobody waits for its end, and the
    cuts cost a fifth more in all.
    """

    UTTERANCE = 10.0  # seconds of audio at least in an utterance
    PAUSE = 0.18  # seconds without speech that end one: six of the detector's 30 ms frames

    def __init__(self, model: StoryModel, *, live: bool = False) -> None:
        pocketsphinx = _pocketsphinx()
        self._decoder = pocketsphinx.Decoder(samprate=RATE, lm=str(model.lm), dict=str(model.dictionary),
                                             loglevel="FATAL")
        self._vad = pocketsphinx.Vad(pocketsphinx.Vad.MEDIUM_STRICT, RATE)
        self._quiet = 0  # frames without speech just heard
        self._longest = self.UTTERANCE * RATE if live else float("inf")
        self._decoder.start_utt()
        self._odd = b""  # a byte left over from a chunk with an odd length (half a sample)
        self.samples = 0
        self._began = 0  # the sample the utterance under way began at
        self._heard: list[Word] = []

    def feed(self, pcm: bytes) -> None:
        """Decode the next piece of audio now, so little is left to do when the telling ends."""
        pcm = self._odd + pcm
        whole = len(pcm) - len(pcm) % 2
        self._odd = pcm[whole:]
        if not whole:
            return
        pcm, size, done, start = pcm[:whole], self._vad.frame_bytes, 0, self.samples
        pause = round(self.PAUSE / self._vad.frame_length)
        for end in range(size, len(pcm) + 1, size) if self._longest < float("inf") else ():  # (a part-frame: unjudged)
            self._quiet = 0 if self._vad.is_speech(pcm[end - size:end]) else self._quiet + 1
            if self._quiet >= pause and start + end // 2 - self._began >= self._longest:
                self._decoder.process_raw(pcm[done:end], False, False)
                self.samples, done = start + end // 2, end
                self._end_utterance()
                self._decoder.start_utt()
        self._decoder.process_raw(pcm[done:], False, False)
        self.samples = start + len(pcm) // 2

    def _end_utterance(self) -> None:
        self._decoder.end_utt()
        offset = self._began / RATE
        for segment in self._decoder.seg() or []:  # None when nothing was heard
            text = segment.word.split("(")[0]
            if text not in _NON_WORDS and not text.startswith("["):
                self._heard.append(Word(text, offset + segment.start_frame / FRAMES_PER_SECOND,
                                        offset + (segment.end_frame + 1) / FRAMES_PER_SECOND))
        self._began = self.samples

    def finish(self) -> list[Word]:
        """End the telling: the words heard, in order (silences and noises left out)."""
        self._end_utterance()
        return self._heard
