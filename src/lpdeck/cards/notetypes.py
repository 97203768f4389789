"""The note types lpdeck writes: fixed ids, frozen field lists, templates read from ``lpdeck/cards/templates/``.

Once users have imported a note type, Anki matches it by id and compares its field and template names: changing any of
them makes Anki create a duplicate note type and stop updating existing notes. So the ids, field names and template
names below are frozen (``tests/test_notetypes.py`` pins them); templates, CSS and the note type's name may change.
A new kind of card gets a new note type with a new id.

Each note type has one name, used everywhere a user meets it: the note type ("lpdeck · Quiz"), the README, the
``kind::quiz`` tag, the CLI's counts and the preview. ``kind`` is the lock's internal key and never changes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

# "<!-- lpdeck:script x.js -->" inlines a script, "<!-- lpdeck:part x.html -->" a piece of template two cards share
_INCLUDE = re.compile(r"<!-- lpdeck:(script|part) ([\w.-]+) -->")


def read_template(name: str) -> str:
    """Return one file of the card templates (``lpdeck/cards/templates``)."""
    return resources.files(__package__).joinpath("templates").joinpath(name).read_text(encoding="utf-8")


def _with_includes(html: str) -> str:
    # Scripts are inlined: a shared media file named "_x.js" would never be updated on re-import.
    def include(match: re.Match[str]) -> str:
        text = read_template(match.group(2))
        return f"<script>\n{text}</script>" if match.group(1) == "script" else _with_includes(text.rstrip("\n"))

    return _INCLUDE.sub(include, html)


@dataclass(frozen=True)
class Template:
    """One card of a note type: its frozen name and the stem of its .front.html/.back.html files."""

    name: str
    stem: str

    @cached_property
    def front(self) -> str:
        return _with_includes(read_template(f"{self.stem}.front.html"))

    @cached_property
    def back(self) -> str:
        return _with_includes(read_template(f"{self.stem}.back.html"))


@dataclass(frozen=True)
class Notetype:
    """A kind of note: frozen id, name, fields and templates."""

    kind: str
    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    cloze: bool = False
    shown_as: str = ""  # the name on cards, tags and counts, where the note type's own name cannot be it

    @property
    def label(self) -> str:
        """The name a user sees: "Quiz"."""
        return self.shown_as or self.name.removeprefix("lpdeck · ")

    @property
    def slug(self) -> str:
        """The name in tags and counts: "quiz", "lp-angle"."""
        return "-".join("".join(ch if ch.isalnum() else " " for ch in self.label.lower()).split())

    @cached_property
    def css(self) -> str:
        return read_template("card.css")

    @cached_property
    def digest(self) -> str:
        """Hash of everything Anki stores for this note type besides its id: it changes when templates or CSS do."""
        parts = [self.name, *self.fields, self.css, "cloze" if self.cloze else ""]
        for template in self.templates:
            parts += [template.name, template.front, template.back]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _one_card(kind: str, id_: int, name: str, fields: tuple[str, ...], card: str, stem: str | None = None) -> Notetype:
    """A note type with one card template, named ``card``, from ``<stem or kind>.front.html`` and ``.back.html``."""
    return Notetype(kind, id_, name, fields, (Template(card, stem or kind),))


# Overview: the question's own advice, while it has no Tell-it card; a Tell-it back carries it (said once, issue 24)
OVERVIEW = _one_card("overview", 1738620101, "lpdeck · Walkthrough",
                     ("Question", "LP", "Story", "Overview", "Takeaways"), "Walkthrough")
STEP = _one_card("step", 1738620102, "lpdeck · Drill",
                 ("Step", "Story", "Letter", "Target", "Example", "KeyPhrases", "Coaching", "Mistakes"), "Drill")
PHRASE = _one_card("phrase", 1738620103, "lpdeck · Rewrite", ("Weak", "Strong", "Why", "Context"), "Rewrite")
PROBE = _one_card("probe", 1738620104, "lpdeck · Probe",
                  ("Question", "Probes", "Weak", "WeakWhy", "Strong", "KeyPhrase", "Context"), "Probe")
FLAW = _one_card("flaw", 1738620105, "lpdeck · Spot the flaws", ("Answer", "Critique", "Verdict", "Context"),
                 "Spot the flaws")
MCQ = _one_card("mcq", 1738620106, "lpdeck · Quiz", ("Question", "Options", "Answer", "Explanation", "Context"),
                "Quiz")
# "Which angle" (what you emphasize: which principle?) makes no card since issue 24: an interview gives the principle,
# never the emphasis, and the answer is the name the emphasis was written for. Its front renders empty for every note
# (Anki makes no card of it) and the emphasis is on the back of "Tell it for the LP"; the template stays, so that the
# note type keeps its id and template names (NO_CARD below).
ANGLE = Notetype("angle", 1738620107, "lpdeck · LP angle", ("LP", "Lead", "Emphasize", "Downplay", "Context"),
                 (Template("Which angle", "angle-which"), Template("Tell it for the LP", "angle-tell")))
LEVEL = _one_card("level", 1738620108, "lpdeck · Level",
                  ("Level", "Focus", "Reflection", "Bar", "Length", "Context"), "Level")
COACHING = _one_card("coaching", 1738620109, "lpdeck · Coaching", ("Step", "Letter", "Story", "Mistakes", "Coaching"),
                     "Coaching")
CLOZE = Notetype("cloze", 1738620110, "lpdeck · Key phrases", ("Text", "Step", "Story"),
                 (Template("Key phrases", "cloze"),), cloze=True)
STORY = Notetype("story", 1738620111, "lpdeck · Story", ("Title", "Overview", "Takeaways"),
                 (Template("Story", "story"), Template("Takeaways", "takeaways")))
# A step's first card (issue 24): its strong example to read out loud before any card asks for it, and on the back the
# step's coaching and common mistake (which had a Coaching card of their own before; none is made now)
READ = _one_card("read", 1738620115, "lpdeck · Read", ("Step", "Letter", "Story", "Example", "Coaching", "Mistakes"),
                 "Read")
# The choice between stories, made only for a bank of two or more (lpdeck.cards.choice). Its card is its note type's
# second template (issue 24): Anki sorts each day's new cards by template ordinal, then by the order it gathered them
# in (deck-name order, "Stories" before "Which story"), so a Which-story card comes after every story card first shown
# that day, a story's Takeaways and an angle's "Tell it for the LP" (second templates too) included. Its first template
# makes no card (NO_CARD). The notes of the one-template note type before it (WHICH_STORY_BEFORE) all retired when
# this round gave Which-story notes new keys, so no note changes note type. Anki renames a note type arriving with a
# name its collection already holds ("Name+"), and the old one keeps "lpdeck · Which story" in every collection that
# had it: so the new one has a name of its own, and is shown as "Which story" (cards, tag, counts, README).
WHICH_STORY_BEFORE = _one_card("which-story", 1738620113, "lpdeck · Which story",
                               ("Question", "Story", "LP", "Opening"), "Which story")
WHICH_STORY = Notetype("which-story-2", 1738620116, "lpdeck · Which story (2)", ("Question", "Story", "LP", "Opening"),
                       (Template("No card", "which-story-none"), Template("Which story", "which-story")),
                       shown_as="Which story")
STORY_FOR_LP = _one_card("story-for-lp", 1738620114, "lpdeck · Story for LP", ("LP", "Stories"), "Story for LP")

# --- Tell it (issue 19): the whole story told against the clock, one note per walkthrough ---
# Fields, each holding one thing the card uses (frozen once shipped):
# - Question: the walkthrough's question, which the front asks;
# - Story: the story's title, the card's context (as on the drills);
# - Target: the countdown's start, as a clock ("2:55"): the story's steps' targets added up, or, in a build for one
#   level, that level's length when its text names one;
# - Lengths: the other lengths the learner may count down from instead, one <li data-target="m:ss"> each: every level
#   whose free-text length could be read, and the steps' total when a level's length is the start (the list's
#   data-start names it); the script makes them buttons, without it they read as a list;
# - Outline: the telling's plan for its question, the back's first part: what the question changes (the principle to
#   lead with, the question's own advice, what the angle for that principle stresses), then each step's label,
#   target and key phrases in order;
# - Numbers: the result's numbers, each in its clause of the result's example, which the back's self-check asks for;
# - Telling: the whole strong telling (every step's example, in order), only for {{tts}}: it is heard, never shown.
# Issue 24 gave each question its own telling and a self-check without a new field: the question's plan is the
# outline's first part (one thing, the plan of this telling), the self-check's lines are the template's, made
# concrete by Numbers and Target. A field of its own would have needed a new note type, and a new note type new
# notes: every Tell-it card's review history lost, for a cleaner split of one back.
TELL = _one_card("tell", 1738620112, "lpdeck · Tell it",
                 ("Question", "Story", "Target", "Lengths", "Outline", "Numbers", "Telling"), "Tell it")

# In the order a learner meets them: the story is taught (read, drilled, recalled) before it is tested; a
# walkthrough's notes come after its story's, its question first, then the whole story told for it; the choice
# between stories comes once the stories are known.
NOTETYPES = {nt.kind: nt for nt in (STORY, READ, STEP, CLOZE, COACHING, PHRASE, PROBE, FLAW, ANGLE, LEVEL, OVERVIEW,
                                    TELL, MCQ, WHICH_STORY, WHICH_STORY_BEFORE, STORY_FOR_LP)}
# The kinds no build makes a note of any more: their notes retire, their note types stay known for them
NOT_MADE = frozenset({"which-story", "story-for-lp"})
# (kind, template name) of the templates no note ever gets a card of: kept for a note type's identity (the LP angle's),
# or to give the card after it its ordinal (the Which story's)
NO_CARD = frozenset({("angle", "Which angle"), ("which-story-2", "No card")})
