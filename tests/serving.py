"""Which stories serve each principle, read from the YAML by hand (not by lpdeck): a walkthrough of the story tests
it, or an angle of the story or of one of its walkthroughs tells it. The Which-story cards a bank gets follow from it."""

from __future__ import annotations

from pathlib import Path

import yaml


def stories_serving(folder: Path) -> dict[str, set[str]]:
    """Each principle some story in ``folder`` serves, with those stories' ids."""
    serving: dict[str, set[str]] = {}
    for path in folder.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "story" not in data:
            continue  # a questions file, or the lock
        principles = [data["lp"]] if "walkthrough" in data else []
        principles += [angle["lp"] for angle in data.get("angles") or ()]
        for lp in principles:
            serving.setdefault(lp, set()).add(data["story"])
    return serving


def common_asked(serving: set[str]) -> int:
    """How many common questions a principle served by ``serving`` is asked: two where there is a choice, else one."""
    return 2 if len(serving) > 1 else 1
