"""A small source tree (one story, two walkthroughs) to edit, build and import in regeneration tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from anki.cards import Card
from anki.collection import Collection
from anki.scheduler_pb2 import CardAnswer

from lpdeck.build import build
from lpdeck.cards.notetypes import NOTETYPES
from lpdeck.ship.lock import LOCK_NAME
from lpdeck.ship.report import BuildReport
from lpdeck.sources.workspace import resolve

STORY = """\
story: outage
title: The outage
steps:
  - id: situation
    step: situation
    target: 30s
    example: The checkout service dropped 2% of orders.
    coaching: Keep it short.
    mistakes: Too much architecture.
phrases:
  - id: we-vs-i
    weak: We fixed it.
    strong: I fixed it.
"""

WALK_A = """\
walkthrough: walk-a
title: Walk A
question: Tell me about an outage you owned
lp: Ownership
story: outage
overview: I owned the outage end to end.
probes:
  - id: first-step
    question: What did you do first?
    weak: I waited.
    weak_why: Passive.
    strong: I paged the owner and rolled back.
  - id: follow-up
    question: How did you follow up?
    weak: I did not.
    weak_why: No closure.
    strong: I wrote the post-mortem.
angles:
  - id: dive-deep
    lp: Dive Deep
    lead: The logs.
    emphasize: Root cause.
    downplay: Politics.
"""

WALK_B = """\
walkthrough: walk-b
title: Walk B
question: Tell me about a time you acted fast
lp: Bias for Action
story: outage
overview: I rolled back within minutes.
probes:
  - id: risk
    question: What was the risk?
    weak: None.
    weak_why: Naive.
    strong: A bad rollback, so I checked the migration first.
"""

# Notes per source, in the order the packages carry them.
STORY_KEYS = ["outage/situation#read", "outage/situation", "outage/we-vs-i"]
WALK_A_KEYS = ["walk-a/#overview", "walk-a/#tell", "walk-a/first-step", "walk-a/follow-up", "walk-a/dive-deep"]
WALK_B_KEYS = ["walk-b/#overview", "walk-b/#tell", "walk-b/risk"]
STORY_DECK = "LP Interview::Stories::The outage"
WALK_A_DECK = "LP Interview::Stories::The outage::Walk A"


class Project:
    """A sources folder laid out like the repository's (decks/stories/*.yaml, decks/*.yaml) and a dist/ folder."""

    def __init__(self, root: Path, *, write: bool = True):
        self.root = root
        self.decks = root / "decks"
        self.dist = root / "dist"
        self.files = {"story": self.decks / "stories" / "outage.yaml", "walk-a": self.decks / "walk-a.yaml",
                      "walk-b": self.decks / "walk-b.yaml"}
        if write:
            (self.decks / "stories").mkdir(parents=True)
            for name, text in (("story", STORY), ("walk-a", WALK_A), ("walk-b", WALK_B)):
                self.files[name].write_text(text, encoding="utf-8")

    def copy(self, root: Path) -> Project:
        """A copy of this project, sources, lock and packages, at ``root``."""
        shutil.copytree(self.root, root)
        return Project(root, write=False)

    @property
    def lock_path(self) -> Path:
        return self.decks / LOCK_NAME

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in a source file."""
        text = self.files[name].read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        self.files[name].write_text(text.replace(old, new), encoding="utf-8")

    def build(self, now: int, **options) -> BuildReport:
        return build(resolve([self.decks], out_dir=self.dist), now=now, **options)

    def apkg(self, name: str = "all") -> Path:
        return self.dist / f"{name}.apkg"

    def lock(self) -> dict:
        return json.loads(self.lock_path.read_text(encoding="utf-8"))

    def outputs(self) -> dict[str, bytes]:
        """Every package and the lock, by file name."""
        files = [*sorted(self.dist.glob("*.apkg")), self.lock_path]
        return {path.name: path.read_bytes() for path in files}


def note_by_text(col: Collection, text: str):
    """The one note whose first field is ``text``."""
    found = [nid for nid in col.find_notes("") if col.get_note(nid).fields[0] == text]
    assert len(found) == 1, (text, found)
    return col.get_note(found[0])


def drill_note(col: Collection):
    """The one Drill note (its first field, the step's name, is also the Coaching note's)."""
    found = col.find_notes('"note:lpdeck · Drill"')
    assert len(found) == 1, found
    return col.get_note(found[0])


def review(col: Collection, card_id: int, rating=CardAnswer.EASY) -> None:
    """Answer one card through the scheduler, as a user reviewing its deck would."""
    col.decks.select(col.get_card(card_id).did)
    while True:  # the scheduler only answers the card at the top of the queue: bury the ones before it
        queued = col.sched.get_queued_cards(fetch_limit=1).cards
        assert queued, f"card {card_id} is not due"
        if queued[0].card.id == card_id:
            break
        col.sched.bury_cards([queued[0].card.id])
    card = Card(col, backend_card=queued[0].card)
    card.start_timer()
    col.sched.answer_card(col.sched.build_answer(card=card, states=queued[0].states, rating=rating))


def review_count(col: Collection, card_id: int) -> int:
    return col.db.scalar("select count() from revlog where cid=?", card_id)


def lpdeck_notetypes(col: Collection) -> list[str]:
    return sorted(nt.name for nt in col.models.all_names_and_ids() if nt.name.startswith("lpdeck"))


def clear_notetype_caches(monkeypatch) -> None:
    """Forget the note types' cached templates, CSS and digests, so a patched template file is read again."""
    for notetype in NOTETYPES.values():
        for name in ("css", "digest"):
            monkeypatch.delitem(notetype.__dict__, name, raising=False)
        for template in notetype.templates:
            for name in ("front", "back"):
                monkeypatch.delitem(template.__dict__, name, raising=False)
