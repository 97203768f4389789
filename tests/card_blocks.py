"""Read rendered cards as a learner reads them: text blocks (paragraphs, list items, sections) and each card's answer."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from anki_text import PLAY_REF

if TYPE_CHECKING:
    from anki.collection import Collection

# Elements that start a block of their own; any other element's text belongs to the block around it.
_BLOCKS = {"p", "li", "ul", "ol", "div", "section", "blockquote", "h1", "h2", "h3", "h4", "hr", "br", "table", "tr",
           "td", "button"}
_HIDDEN = {"script", "style"}
_ANSWER_MARK = '<hr id="answer">'


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.cloze: list[str] = []
        self._buffers: list[list[str]] = [[]]
        self._hidden = 0
        self._cloze_depth = 0  # >0 while inside a revealed cloze deletion

    def _flush(self) -> None:
        text = " ".join("".join(self._buffers[-1]).split())
        if text:
            self.blocks.append(text)
        self._buffers[-1] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self._flush()
            self._buffers.append([])
        elif self._cloze_depth:
            self._cloze_depth += 1
        elif tag == "span" and "cloze" in (dict(attrs).get("class") or "").split():
            self._cloze_depth = 1
            self.cloze.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden -= 1
        elif tag in _BLOCKS:
            self._flush()
            if len(self._buffers) > 1:
                self._buffers.pop()
        elif self._cloze_depth:
            self._cloze_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self._buffers[-1].append(data)
        if self._cloze_depth:
            self.cloze[-1] += data

    def close(self) -> None:
        super().close()
        while self._buffers:
            self._flush()
            self._buffers.pop()


def blocks(card_html: str) -> list[str]:
    """The visible text blocks of rendered card HTML, in order, whitespace folded."""
    parser = _BlockParser()
    parser.feed(PLAY_REF.sub(" ", card_html))  # a play button, not text
    parser.close()
    return parser.blocks


def _cloze_answers(card_html: str) -> list[str]:
    parser = _BlockParser()
    parser.feed(card_html)
    parser.close()
    return [" ".join(text.split()) for text in parser.cloze if text.strip()]


@dataclass(frozen=True)
class CardText:
    """One card as read: its note, its front's blocks, the blocks its back adds, and its answer as one text."""

    note_id: int
    label: str  # "note type name / template name", to name the card in a failure message
    front: tuple[str, ...]
    back: tuple[str, ...]

    @property
    def answer(self) -> str:
        return " ".join(self.back)


def card_texts(col: Collection, search: str = "-tag:lpdeck::retired") -> list[CardText]:
    """Every card of ``col`` that ``search`` finds (by default: every card still taught, not retired), as read. A back repeats its front ({{FrontSide}}): only what follows the answer line is
    the back; a cloze back has no answer line, and its answer is the revealed deletion."""
    cards = []
    for cid in col.find_cards(search):
        card = col.get_card(cid)
        output = card.render_output(reload=True)
        answer_html = output.answer_text
        if _ANSWER_MARK in answer_html:
            back = blocks(answer_html.split(_ANSWER_MARK, 1)[1])
        else:
            back = _cloze_answers(answer_html)
        label = f"{card.note_type()['name']} / {card.template()['name']}"
        cards.append(CardText(card.nid, label, tuple(blocks(output.question_text)), tuple(back)))
    return cards
