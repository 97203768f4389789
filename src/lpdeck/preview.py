"""Render every card as Anki would, into one self-contained HTML page an author can open in a browser.

Anki is not needed: our templates use only ``{{Field}}``, ``{{#Field}}…{{/Field}}``, ``{{^Field}}…{{/Field}}``,
``{{cloze:Field}}`` and ``{{FrontSide}}``, and field values are HTML already, so a small renderer reproduces Anki's
output (``tests/test_browser.py`` compares the two for every card of the repository's decks).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .compile import Note
from .keyphrases import CLOZE_DELETION, cloze_ordinals
from .notetypes import NOTETYPES, read_template

_TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Anki's rule (rslib template.rs, field_is_empty): only whitespace, <br> and <div> tags count as empty.
_EMPTY = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)


class TemplateError(ValueError):
    """A template uses a field or syntax this renderer does not know; a bug in lpdeck's templates."""


def _value(fields: Mapping[str, str], name: str) -> str:
    if name not in fields:
        raise TemplateError(f"unknown field {{{{{name}}}}}")
    return fields[name]


def _attribute(text: str) -> str:
    # Anki's data-cloze attribute (rslib's htmlescape::encode_attribute): ASCII letters, digits and non-ASCII kept
    named = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
    return "".join(ch if (ch.isascii() and ch.isalnum()) or not ch.isascii() else named.get(ch, f"&#x{ord(ch):X};")
                   for ch in text)


def _cloze(text: str, ordinal: int, answer: bool) -> str:
    def one(match: re.Match[str]) -> str:
        number, content = int(match[1]), match[2]
        if number != ordinal:
            return f'<span class="cloze-inactive" data-ordinal="{number}">{content}</span>'
        if answer:
            return f'<span class="cloze" data-ordinal="{number}">{content}</span>'
        return f'<span class="cloze" data-cloze="{_attribute(content)}" data-ordinal="{number}">[...]</span>'

    return CLOZE_DELETION.sub(one, text)


def render_template(template: str, fields: Mapping[str, str], cloze: tuple[int, bool] | None = None) -> str:
    """Fill ``template`` with ``fields`` (HTML) the way Anki does for the syntax our templates use.

    ``cloze`` is the card's cloze number and whether its answer is shown, for ``{{cloze:Field}}``.
    """
    out: list[str] = []
    sections: list[tuple[str, bool]] = []  # open sections: (field, shown)
    position = 0
    for match in _TAG.finditer(template):
        shown = all(visible for _, visible in sections)
        if shown:
            out.append(template[position:match.start()])
        position = match.end()
        tag = match.group(1).strip()
        if tag[:1] in ("#", "^"):
            name = tag[1:].strip()
            filled = not _EMPTY.match(_value(fields, name))
            sections.append((name, filled == (tag[0] == "#")))
        elif tag[:1] == "/":
            name = tag[1:].strip()
            if not sections or sections[-1][0] != name:
                raise TemplateError(f"{{{{/{name}}}}} closes no open section")
            sections.pop()
        elif shown and tag.startswith("cloze:") and cloze is not None:
            out.append(_cloze(_value(fields, tag[len("cloze:"):]), *cloze))
        elif shown:
            out.append(_value(fields, tag))
    if sections:
        raise TemplateError(f"section {{{{#{sections[-1][0]}}}}} is never closed")
    out.append(template[position:])
    return "".join(out)


@dataclass(frozen=True)
class Card:
    """One card as Anki renders it: question and answer HTML, its note type's CSS, and where it comes from."""

    note: Note
    template: str
    ord: int  # 0-based, as in Anki; the card's <body> has class "card{ord + 1}"
    question: str
    answer: str
    css: str


def render_cards(note: Note) -> list[Card]:
    """Render every card Anki makes of ``note``: front first, then the back with ``{{FrontSide}}`` filled in.

    A template whose front comes out empty makes no card; a cloze note makes one card per cloze number.
    """
    notetype = NOTETYPES[note.kind]
    fields = dict(zip(notetype.fields, note.fields, strict=True))
    cards = []
    if notetype.cloze:
        template = notetype.templates[0]
        for number in (ordinal + 1 for ordinal in cloze_ordinals(fields["Text"])):
            question = render_template(template.front, fields, (number, False))
            answer = render_template(template.back, {**fields, "FrontSide": question}, (number, True))
            cards.append(Card(note, template.name, number - 1, question, answer, notetype.css))
        return cards
    for ord_, template in enumerate(notetype.templates):
        question = render_template(template.front, fields)
        if not question.strip():
            continue
        answer = render_template(template.back, {**fields, "FrontSide": question})
        cards.append(Card(note, template.name, ord_, question, answer, notetype.css))
    return cards


def _label(card: Card) -> str:
    kind = NOTETYPES[card.note.kind].label
    return kind if card.template == kind else f"{kind} · {card.template}"


def _json_for_script(data: object) -> str:
    # Inside <script>, "</script>" or "<!--" in card text would end the element early; \u003c is the same string.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def preview_notes(paths: list[Path]) -> list[Note]:
    """Load and compile ``paths``; return the notes of the combined deck (every note once)."""
    from .build import load_sources
    from .compile import combined, compile_sources

    return list(combined(compile_sources(load_sources(paths))).notes)


def preview_cards(notes: list[Note]) -> list[Card]:
    """Every card of ``notes``, rendered once, grouped by deck in source order."""
    order = {deck: index for index, deck in enumerate(dict.fromkeys(note.deck for note in notes))}
    notes = sorted(notes, key=lambda note: order[note.deck])  # stable: one group per deck, in source order
    return [card for note in notes for card in render_cards(note)]


def preview_html(cards: list[Card], source_label: str, *, live: str = "", version: int = 0) -> str:
    """Return the preview page: every card, front and back, grouped by deck.

    With ``live`` (the URL of a server-sent events stream), the page reloads itself when an event names a ``version``
    other than its own, keeping its place.
    """
    notes = list(dict.fromkeys(card.note for card in cards))
    styles = {card.note.kind: card.css for card in cards}
    data = {
        "css": styles,
        "cards": [
            {"deck": c.note.deck, "kind": c.note.kind, "label": _label(c),
             "key": c.note.key, "ord": c.ord + 1, "front": c.question, "back": c.answer}
            for c in cards
        ],
        "live": live,
        "version": version,
    }
    kinds = "".join(f'<option value="{html.escape(kind)}">{html.escape(nt.name)}</option>'
                    for kind, nt in NOTETYPES.items() if kind in styles)
    summary = f"{len(cards)} cards from {len(notes)} notes · {source_label}"
    values = {"SUMMARY": html.escape(summary), "KINDS": kinds, "DATA": _json_for_script(data),
              "STYLE": read_template("preview.css"), "SCRIPT": read_template("preview.js")}
    # One pass, so that a placeholder-like text in a path or a card is never replaced in turn.
    return re.sub(r"__(SUMMARY|KINDS|DATA|STYLE|SCRIPT)__", lambda m: values[m.group(1)], read_template("preview.html"))
