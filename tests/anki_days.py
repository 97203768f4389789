"""Study a collection as a learner does at Anki's default options, day by day, answering Good: the order new cards
are first seen in (Anki's own v3 scheduler decides it; see /work/shared/anki-facts.md, "The order new cards really come
in")."""

from __future__ import annotations

from anki.cards import Card
from anki.collection import Collection
from anki.scheduler_pb2 import CardAnswer

NEW_PER_DAY = 20  # the Default preset's new cards/day


def _tree(col: Collection, root: str) -> list[int]:
    """The deck ``root`` and every deck under it."""
    return [d.id for d in col.decks.all_names_and_ids() if d.name == root or d.name.startswith(root + "::")]


def first_seen(col: Collection, root: str = "LP Interview", days: int = 400) -> list[tuple[int, Card]]:
    """Every new card under ``root`` in the order a learner first sees it, with the day (0-based) it is seen on.

    Each day's new cards are answered Good as they come, each then buried for the day (its 10m learning step would
    bring it back today and change no new card's place, only the time the test takes); the next day is Anki's custom
    study "extend today's new card limit" by one day's worth on every deck of the tree, since each deck's own limit
    applies too.
    """
    seen: list[tuple[int, Card]] = []
    met: set[int] = set()
    root_id = col.decks.id_for_name(root)
    assert root_id, root
    for day in range(days):
        if day:
            for did in _tree(col, root):
                col.decks.select(did)
                col.sched.extend_limits(NEW_PER_DAY, 0)
        col.decks.select(root_id)
        fresh = 0
        while queued := col.sched.get_queued_cards(fetch_limit=1).cards:
            entry = queued[0]
            card = Card(col, backend_card=entry.card)
            if card.id not in met:
                met.add(card.id)
                seen.append((day, card))
                fresh += 1
            card.start_timer()
            col.sched.answer_card(col.sched.build_answer(card=card, states=entry.states, rating=CardAnswer.GOOD))
            col.sched.bury_cards([card.id])  # its later steps today change no new card's place: not answered
        if not fresh:
            break
    return seen
