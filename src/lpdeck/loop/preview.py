"""The preview: every card rendered as Anki would (``lpdeck.cards.render``), in one self-contained HTML page an author
can open in a browser."""

from __future__ import annotations

import html
import json
import re
from importlib import resources

from ..cards.compile import Note
from ..cards.notetypes import NOTETYPES
from ..cards.render import PLAY_REF, Card, render_cards
from ..cards.stats import cell, coverage
from ..sources.bank import Bank, bank_of
from ..sources.principles import LEADERSHIP_PRINCIPLES
from ..sources.workspace import Workspace

# Where Anki shows its play button for a text-to-speech tag, the preview shows the same button (Anki desktop's
# markup, which the card's CSS styles), inert: the author sees the card as a learner does; the voice is the device's.
_PLAY_BUTTON = ('<a class="replay-button soundLink" href="#" onclick="return false;" '
                'title="Anki reads this aloud with the device\'s voice (not in the preview)">'
                '<svg class="playImage" viewBox="0 0 64 64" version="1.1"><circle cx="32" cy="32" r="29" />'
                '<path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z" /></svg></a>')


def _label(card: Card) -> str:
    kind = NOTETYPES[card.note.kind].label
    return kind if card.template == kind else f"{kind} · {card.template}"


def _json_for_script(data: object) -> str:
    # Inside <script>, "</script>" or "<!--" in card text would end the element early; \u003c is the same string.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def preview_sources(workspace: Workspace) -> tuple[list[Note], Bank]:
    """Load and compile ``workspace``'s sources; return the notes of the combined deck (every note once) and the bank
    they make."""
    from ..build import compile_for
    from ..cards.decks import combined

    sources, decks, _ = compile_for(workspace)
    return list(combined(decks).notes), bank_of(sources.stories, sources.walkthroughs)


def preview_cards(notes: list[Note]) -> list[Card]:
    """Every card of ``notes``, rendered once, grouped by deck in source order."""
    order = {deck: index for index, deck in enumerate(dict.fromkeys(note.deck for note in notes))}
    notes = sorted(notes, key=lambda note: order[note.deck])  # stable: one group per deck, in source order
    return [card for note in notes for card in render_cards(note)]


def bank_html(bank: Bank) -> str:
    """The principle × story matrix of `lpdeck stats`, as a table above the cards."""
    stories = list(bank.titles)
    head = "".join(f'<th scope="col" title="{html.escape(bank.titles[sid])}">{number}</th>'
                   for number, sid in enumerate(stories, 1))
    rows = "".join(
        f'<tr class="lp-{coverage(bank, lp)}"><th scope="row">{html.escape(lp)}</th>'
        + "".join(f"<td>{cell(bank, lp, sid)}</td>" for sid in stories) + f"<td>{coverage(bank, lp)}</td></tr>"
        for lp in LEADERSHIP_PRINCIPLES)
    legend = "".join(f"<li>{html.escape(bank.titles[sid])} <code>{html.escape(sid)}</code>"
                     + (" <strong>stretched</strong>" if bank.stretched(sid) else "") + "</li>" for sid in stories)
    return (f'<details id="bank"><summary>Principles × stories</summary><table><thead><tr><th scope="col">Principle'
            f'</th>{head}<th scope="col">Stories</th></tr></thead><tbody>{rows}</tbody></table>'
            "<p>A number: walkthroughs whose question tests the principle; +: an angle for it; ·: neither.</p>"
            f"<ol>{legend}</ol></details>")


def preview_html(cards: list[Card], source_label: str, *, live: str = "", version: int = 0, bank: str = "") -> str:
    """Return the preview page: the bank's matrix (``bank``, from bank_html), then every card, front and back, by deck.

    With ``live`` (the URL of a server-sent events stream), the page reloads itself when an event names a ``version``
    other than its own, keeping its place.
    """
    notes = list(dict.fromkeys(card.note for card in cards))
    styles = {card.note.kind: card.css for card in cards}
    data = {
        "css": styles,
        "cards": [
            {"deck": c.note.deck, "kind": c.note.kind, "label": _label(c),
             "key": c.note.key, "ord": c.ord + 1, "front": _with_play_buttons(c.question),
             "back": _with_play_buttons(c.answer)}
            for c in cards
        ],
        "live": live,
        "version": version,
    }
    kinds = "".join(f'<option value="{html.escape(kind)}">{html.escape(nt.name)}</option>'
                    for kind, nt in NOTETYPES.items() if kind in styles)
    summary = f"{len(cards)} cards from {len(notes)} notes · {source_label}"
    values = {"SUMMARY": html.escape(summary), "KINDS": kinds, "DATA": _json_for_script(data), "BANK": bank,
              "STYLE": _page_file("preview.css"), "SCRIPT": _page_file("preview.js")}
    # One pass, so that a placeholder-like text in a path or a card is never replaced in turn.
    return re.sub(r"__(SUMMARY|KINDS|DATA|STYLE|SCRIPT|BANK)__", lambda m: values[m.group(1)],
                  _page_file("preview.html"))


def _with_play_buttons(card_html: str) -> str:
    return PLAY_REF.sub(_PLAY_BUTTON, card_html)


def _page_file(name: str) -> str:
    """One file of the preview page (``lpdeck/loop/templates``)."""
    return resources.files(__package__).joinpath("templates").joinpath(name).read_text(encoding="utf-8")
