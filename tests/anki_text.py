"""Read what a user sees: the text of rendered cards, without markup or scripts."""

from __future__ import annotations

import html
import re

_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# Where a card has a sound or text to speech, render_output() leaves "[anki:play:a:0]": every client shows a play
# button there (or nothing, if the user hides play buttons), never the text.
PLAY_REF = re.compile(r"\[anki:play:[qa]:\d+\]")


def visible_text(card_html: str) -> str:
    """Return the text a reader sees in rendered card HTML, whitespace folded."""
    text = _TAG.sub(" ", _SCRIPT.sub(" ", PLAY_REF.sub(" ", card_html)))
    return " ".join(html.unescape(text).split())


def collection_texts(col) -> list[str]:
    """Visible question and answer text of every card in ``col``."""
    texts = []
    for cid in col.find_cards(""):
        output = col.get_card(cid).render_output(reload=True)
        texts.append(visible_text(output.question_text) + " \u2016 " + visible_text(output.answer_text))
    return texts
