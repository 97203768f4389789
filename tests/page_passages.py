"""A measure of how much of a page reaches the cards: its passages, and whether each (or a near-identical wording) is shown.

A passage is a sentence of at least four words taken verbatim from a page's content (markers, icons, the site's
navigation and the line prefixes the layouts add, like "Probes:" or "• ", are not content).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from lpdeck.sources.similar import near, normal, sentences

_PREFIX = re.compile(r'^(?:[-•]\s+|Probes:\s*|Reflection:\s*|Bar Raiser Thinks|Bar\s+)')
_TITLE = re.compile(r"\s+-\s+[^-]*STAR Walkthrough\s*$")


def passages(page: Path) -> list[str]:
    lines = [line.strip() for line in page.read_text(encoding="utf-8").splitlines()]
    title = next(i for i, line in enumerate(lines) if _TITLE.search(line))
    found = [_TITLE.sub("", lines[title])]
    for line in lines[title + 1:]:
        if line.startswith("Choose your preparation mode"):
            continue
        if re.fullmatch(r'(?:"[^"]+"){2,}', line):
            found += re.findall(r'"([^"]+)"', line)
            continue
        found += sentences(_PREFIX.sub("", line).strip('"'))
    return [p.strip('"') for p in found if len(p.split()) >= 4]


def kept(passage: str, card_text: str, card_sentences: list[str]) -> bool:
    """Shown verbatim, or in a near-identical wording, or clause by clause (a list the page runs into a sentence)."""
    if normal(passage) in card_text or any(near(passage, sentence) for sentence in card_sentences):
        return True
    clauses = [c for c in re.split(r"[,;:]\s*(?:and\s+|include\s+)?", passage.rstrip(".")) if len(c.split()) >= 2]
    return len(clauses) > 1 and all(normal(clause) in card_text for clause in clauses[1:])


_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_BLOCK = re.compile(r"</?(?:p|li|ul|ol|div|section|h\d|br|hr|blockquote)\b[^>]*>", re.I)


def card_blocks(col) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of every block (paragraph, list item, section) of every card in ``col``, as a reader sees it."""
    blocks = []
    for cid in col.find_cards(""):
        output = col.get_card(cid).render_output(reload=True)
        for side in (output.question_text, output.answer_text):
            blocks_marked = _BLOCK.sub("\n", _SCRIPT.sub("\n", side))
            text = html.unescape(re.sub(r"<[^>]+>", "", blocks_marked))
            blocks += [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    return blocks


def share_kept(page: Path, blocks: list[str]) -> tuple[float, list[str]]:
    """The share of a page's passages that reach the card blocks, and the passages that do not."""
    card_text = normal(" ".join(blocks))
    card_sentences = sorted({s for block in blocks for s in sentences(block)})
    mine = passages(page)
    missing = [p for p in mine if not kept(p, card_text, card_sentences)]
    return 1 - len(missing) / len(mine), missing
