"""Rehearsals kept in the workspace: one JSON file each in ``.lpdeck/rehearsals/``, the audio beside it when asked."""

from __future__ import annotations

import json
import os
import wave
from datetime import datetime
from pathlib import Path
from typing import Any

from .listen import RATE
from .report import Report

FOLDER = Path(".lpdeck") / "rehearsals"  # in the workspace's root


def save(folder: Path, report: Report, when: datetime, audio: bytes = b"") -> Path:
    """Keep the report (and ``audio``, 16 kHz mono PCM, as a WAV beside it when given); return the report's path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{when.strftime('%Y-%m-%dT%H-%M-%S')}-{report.walkthrough}"
    path, again = folder / f"{stem}.json", 1
    while path.exists():  # two rehearsals in one second
        again += 1
        stem = f"{when.strftime('%Y-%m-%dT%H-%M-%S')}-{again}-{report.walkthrough}"
        path = folder / f"{stem}.json"
    record = {"when": when.isoformat(timespec="seconds"), **report.as_record()}
    _write(path, json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    if audio:
        with wave.open(str(folder / f"{stem}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(audio)
    return path


def _write(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)  # a report is whole or absent


def load(folder: Path, story: str | None = None) -> list[dict[str, Any]]:
    """The kept reports, oldest first (of one story when given); a file that is not one is passed over."""
    records = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and {"when", "story", "steps"} <= record.keys():
            records.append(record)
    records.sort(key=lambda record: str(record["when"]))
    return [record for record in records if story is None or record["story"] == story]
