"""Render a note's cards as Anki does, without Anki: the question and answer HTML of each card.

Our templates use only ``{{Field}}``, ``{{#Field}}…{{/Field}}``, ``{{^Field}}…{{/Field}}``, ``{{cloze:Field}}``,
``{{tts en_US:Field}}`` and ``{{FrontSide}}``, and field values are HTML already, so a small renderer reproduces
Anki's output (``tests/test_browser.py`` compares the two for every card of the repository's decks). As in Anki's
``render_output()``, a text-to-speech tag comes out as a reference to the side's sounds, ``[anki:play:a:0]``, which
each client turns into its play button (``PLAY_REF``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .compile import Note
from .keyphrases import CLOZE_DELETION, cloze_ordinals
from .notetypes import NOTETYPES

_TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# What rslib's tts filter writes ("[anki:tts lang=en_US]text[/anki:tts]"), and what the card keeps of it once the
# sounds are taken out (card_rendering/writer.rs): "[anki:play:q:0]", numbered per side in order.
_TTS = re.compile(r"\[anki:tts [^\]]*\].*?\[/anki:tts\]", re.DOTALL)
PLAY_REF = re.compile(r"\[anki:play:([qa]):(\d+)\]")
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
        elif shown and tag.startswith("tts ") and ":" in tag:
            options, name = tag[len("tts "):].split(":", 1)
            out.append(f"[anki:tts lang={options.strip()}]{_value(fields, name.strip())}[/anki:tts]")
        elif shown:
            out.append(_value(fields, tag))
    if sections:
        raise TemplateError(f"section {{{{#{sections[-1][0]}}}}} is never closed")
    out.append(template[position:])
    return "".join(out)


def _play_refs(html: str, side: str) -> str:
    """The card as Anki hands it to a client: each text-to-speech tag replaced by its side's play reference."""
    number = itertools.count()
    return _TTS.sub(lambda _: f"[anki:play:{side}:{next(number)}]", html)


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
            question = _play_refs(render_template(template.front, fields, (number, False)), "q")
            answer = _play_refs(render_template(template.back, {**fields, "FrontSide": question}, (number, True)), "a")
            cards.append(Card(note, template.name, number - 1, question, answer, notetype.css))
        return cards
    for ord_, template in enumerate(notetype.templates):
        question = _play_refs(render_template(template.front, fields), "q")
        if not question.strip():
            continue
        answer = _play_refs(render_template(template.back, {**fields, "FrontSide": question}), "a")
        cards.append(Card(note, template.name, ord_, question, answer, notetype.css))
    return cards
