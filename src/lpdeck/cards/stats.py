"""`lpdeck stats`: how a story bank covers the 16 Leadership Principles, and its notes by card kind, in 100 columns."""

from __future__ import annotations

from collections import Counter

from ..sources.bank import STRETCHED, Bank, bank_of
from ..sources.messages import count
from ..sources.principles import LEADERSHIP_PRINCIPLES
from ..sources.records import Question
from ..sources.validate import Sources
from .compile import Note
from .decks import Deck, combined
from .notetypes import NOTETYPES
from .render import render_cards
from .timing import one_showing, seconds_items

WIDTH = 100
_NAME = max(map(len, LEADERSHIP_PRINCIPLES))
_COLUMN = 3  # a story's column: "2+ "


def cell(bank: Bank, lp: str, story: str) -> str:
    """How ``story`` serves ``lp``: its walkthroughs testing it (a number), "+" for an angle, "·" for neither."""
    served = next((s for s in bank.serving[lp] if s.story == story), None)
    if served is None:
        return "·"
    return (str(len(served.walkthroughs)) if served.walkthroughs else "") + ("+" if served.angle else "")


def coverage(bank: Bank, lp: str) -> str:
    """How many stories serve ``lp``, in words."""
    stories = len(bank.serving[lp])
    return "none" if not stories else "one" if stories == 1 else str(stories)


def matrix_lines(bank: Bank, stories: list[str]) -> list[str]:
    """The principle × story matrix, stories numbered 1..n in blocks that fit WIDTH."""
    per_block = max(1, (WIDTH - _NAME - 2 - 7) // _COLUMN)
    lines = []
    for start in range(0, max(len(stories), 1), per_block):
        block = list(enumerate(stories, 1))[start:start + per_block]
        lines.append(" " * (_NAME + 2) + "".join(f"{n:<{_COLUMN}}" for n, _ in block) + "stories".rjust(7))
        for lp in LEADERSHIP_PRINCIPLES:
            cells = "".join(f"{cell(bank, lp, sid):<{_COLUMN}}" for _, sid in block)
            lines.append(f"{lp:<{_NAME}}  {cells}{coverage(bank, lp):>7}")
        lines.append("")
    return lines


def _wrapped(head: str, items: list[str], indent: str = "    ") -> list[str]:
    """``head`` and the items, " · " between them, in lines of WIDTH; an item (a principle's name has commas and a
    semicolon) is never split."""
    lines = [head]
    for index, item in enumerate(items):
        piece = item + (" ·" if index < len(items) - 1 else "")
        joined = f"{lines[-1]} {piece}"
        lines[-1:] = [joined] if len(joined) <= WIDTH else [lines[-1], indent + piece]
    return lines


def question_lines(bank: Bank, own: list[Question], common: tuple[Question, ...]) -> list[str]:
    """How many of lpdeck's common questions (and the workspace's own) a story answers, and the principles whose
    questions find none: a question is answered when a story serves its principle."""
    answered = sum(1 for question in common if bank.serving[question.lp])
    line = f"Common questions your stories answer: {answered} of {len(common)}"
    if own:
        line += f"; your own: {sum(1 for q in own if bank.serving.get(q.lp))} of {len(own)}"
    asked = Counter(question.lp for question in [*common, *own])
    unanswered = [f"{lp} ({asked[lp]})" for lp in LEADERSHIP_PRINCIPLES if asked[lp] and not bank.serving[lp]]
    return [line, *_wrapped("Questions no story answers, by principle:", unanswered or ["none"])]


def stats_table(sources: Sources, decks: list[Deck]) -> str:
    """The principle × story matrix, each story's load, the walkthroughs by principle, and notes by card kind."""
    bank = bank_of(sources.stories, sources.walkthroughs)
    stories = list(sources.stories)
    served = [lp for lp in LEADERSHIP_PRINCIPLES if bank.serving[lp]]
    single = [lp for lp in served if len(bank.serving[lp]) == 1]
    lines = [f"Principles × stories: {len(served)} of {len(LEADERSHIP_PRINCIPLES)} principles have a story, "
             f"{len(single)} rest on one story, {len(LEADERSHIP_PRINCIPLES) - len(served)} have none",
             "(a number: walkthroughs whose question tests the principle; +: an angle for it; ·: neither)", "",
             *matrix_lines(bank, stories)]
    told = {sid: sum(len(wids) for wids in bank.told_for[sid].values()) for sid in stories}
    for number, sid in enumerate(stories, 1):
        load = (f"{number:>2} {sid}: {count(told[sid], 'walkthrough')}, "
                f"told for {count(len(bank.told_for[sid]), 'principle')}")
        lines.append(load + (f" (stretched: more than {STRETCHED})" if bank.stretched(sid) else ""))
    lines.append("")
    lines += _wrapped("No story yet:", [lp for lp in LEADERSHIP_PRINCIPLES if not bank.serving[lp]] or ["none"])
    lines += _wrapped("Resting on one story:", [f"{lp} ({bank.serving[lp][0].story})" for lp in single] or ["none"])
    lines += question_lines(bank, list(sources.questions.values()), sources.common)
    lines.append("Walkthroughs by principle:")
    for lp in served:
        walkthroughs = [wid for s in bank.serving[lp] for wid in s.walkthroughs]
        if walkthroughs:
            lines += _wrapped(f"  {lp}:", walkthroughs)
    kinds = Counter(note.kind for note in combined(decks).notes)
    lines += ["", *_wrapped(f"Notes by card kind ({sum(kinds.values())} in all.apkg):",
                            [f"{NOTETYPES[k].slug} {kinds[k]}" for k in NOTETYPES if kinds[k]])]
    lines += ["", *first_pass_lines(stories, combined(decks).notes)]
    return "\n".join(lines)


def first_pass_lines(stories: list[str], notes: tuple[Note, ...]) -> list[str]:
    """Cards a story, and each story's first pass (one showing of each of its cards): minutes spent speaking (its
    drills and Tell-it cards) against the rest. A Which-story card counts once: for the best story it names (its
    first ``story::`` tag), so the stories' cards add up to the deck's."""
    cards = [len(render_cards(note)) for note in notes]
    lines = [f"Cards: {sum(cards)} in all.apkg, {sum(cards) / max(len(stories), 1):.1f} a story. First pass, each "
             "card shown once:"]
    for number, sid in enumerate(stories, 1):
        own = [(note, count) for note, count in zip(notes, cards, strict=True) if _counted_for(note) == sid]
        showing = one_showing((note for note, _ in own), (count for _, count in own))
        lines.append(f"{number:>2} {sid}: {sum(count for _, count in own)} cards, {showing.speaking / 60:.1f} min "
                     f"speaking (drills, Tell it), {showing.rest / 60:.1f} min the rest")
    levels = sum(count for note, count in zip(notes, cards, strict=True) if _counted_for(note) is None)
    if levels:  # no story's: one "how long do you speak?" card a level
        lines.append(f"   your level: {levels} cards (how long you speak)")
    return [*lines, *_wrapped("Seconds a showing (estimates):", seconds_items())]


def _counted_for(note: Note) -> str | None:
    """The story a note's cards count for: its first ``story::`` tag (a Which-story note names its best first)."""
    return next((tag.removeprefix("story::") for tag in note.tags if tag.startswith("story::")), None)
