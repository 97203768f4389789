"""What a learner is asked before it was shown: the order rules of issue 24, read from cards in the order Anki's own
scheduler first shows them (``anki_days.first_seen``).

Each card is known by its note's tags (``story::``, ``step::``, ``kind::``). The rules:

- a step's Read card, which shows its strong example, comes before the step's Drill asks for it, and the Drill before
  the step's Key-phrases card asks for its phrases;
- every Drill of a story comes before any Tell-it card of that story;
- every card of a story comes before a Which-story card that names it.
"""

from __future__ import annotations

from anki.cards import Card


def _tag(tags: list[str], prefix: str) -> str | None:
    return next((tag.removeprefix(prefix) for tag in tags if tag.startswith(prefix)), None)


def broken_rules(order: list[Card]) -> list[str]:
    """Every place ``order`` (cards as first seen) asks for what no earlier card showed, in words; [] if none."""
    problems: list[str] = []
    read: set[tuple[str | None, str | None]] = set()  # (story, step) whose strong example a card has shown
    drilled: set[tuple[str | None, str | None]] = set()
    drills_left: dict[str | None, int] = {}
    cards_left: dict[str | None, int] = {}
    notes = [card.note().tags for card in order]
    for tags in notes:
        story, kind = _tag(tags, "story::"), _tag(tags, "kind::")
        if kind != "which-story":
            cards_left[story] = cards_left.get(story, 0) + 1
        if kind == "drill":
            drills_left[story] = drills_left.get(story, 0) + 1
    for position, tags in enumerate(notes):
        story, step, kind = _tag(tags, "story::"), _tag(tags, "step::"), _tag(tags, "kind::")
        where = f"card {position + 1} ({kind}, {story}, {step or ''})"
        if kind == "drill" and (story, step) not in read:
            problems.append(f"{where}: asks for a strong example no card has shown")
        if kind == "key-phrases" and (story, step) not in drilled:
            problems.append(f"{where}: asks for key phrases before the step's drill")
        if kind == "tell-it" and drills_left.get(story):
            problems.append(f"{where}: the whole story before {drills_left[story]} of its drills")
        if kind == "which-story" and cards_left.get(story):
            problems.append(f"{where}: names a story {cards_left[story]} of whose cards are still to come")
        if kind == "read":
            read.add((story, step))
        if kind == "drill":
            drilled.add((story, step))
            drills_left[story] -= 1
        if kind != "which-story":
            cards_left[story] -= 1
    return problems
