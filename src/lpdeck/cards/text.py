"""Turn an author's text into card HTML: escaped, with a small Markdown subset (bold, italics, lists, line breaks).

markdown-it-py (CommonMark) does the Markdown, with raw HTML off so ``<`` and ``&`` are escaped, and every rule but
emphasis, lists, backslash escapes and line breaks disabled, so ``$8K``, ``{{``, links and headings stay as written.
Of what is left, only the README's subset renders: emphasis with ``*`` around words, never inside one (``2*3*4``,
``__init__`` and ``_x_`` stay as written) and
lists with ``- `` (``2024. It was`` and ``1) `` do not become numbered lists, ``* ``/``+ `` not bullets).
Most text has no Markdown at all; it takes a fast path through ``html.escape``, and plain paragraphs with some
bold take one past markdown-it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_AV_TAG = re.compile(r"\[(?=sound:|anki:)")
_LIST_START = re.compile(r"\s*-(?:\s|$)")


def _may_be_markdown(text: str) -> bool:
    # ``in`` scans at C speed; one regex alternating a character class with ``^`` tried at every position is 10x slower
    return "*" in text or "\\" in text or "\n" in text or _LIST_START.match(text) is not None


def _emphasis_outside_words(state: Any, silent: bool) -> bool:
    """markdown-it's emphasis rule, for '*' only and never inside a word: ``2*3*4 = 24`` and ``**x**y`` stay as written.

    CommonMark lets '*' emphasise inside a word (``a*b*c`` is a, italic b, c), which would drop the stars of a
    product; '_' is plain text (``__init__``, ``snake_case``). The delimiters are scanned as CommonMark scans '_'
    (``canSplitWord=False``), and handed to markdown-it's own pairing.
    """
    from markdown_it.rules_inline.state_inline import Delimiter

    if silent or state.src[state.pos] != "*":
        return False
    scanned = state.scanDelims(state.pos, False)
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = "*"
        state.delimiters.append(Delimiter(marker=ord("*"), length=scanned.length, token=len(state.tokens) - 1,
                                          end=-1, open=scanned.can_open, close=scanned.can_close))
    state.pos += scanned.length
    return True


def _dash_lists_only(list_block: Callable[..., bool]) -> Callable[..., bool]:
    """Let the list rule start a list only at '-': a line like "2024. It was" or "* note" stays a line of text."""

    def rule(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        first = state.bMarks[start_line] + state.tShift[start_line]
        return state.src[first: first + 1] == "-" and list_block(state, start_line, end_line, silent)

    return rule


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"breaks": True, "html": False})
    md.enable(["emphasis", "list", "newline", "escape"])
    emphasis = next(rule for rule in md.inline.ruler.__rules__ if rule.name == "emphasis")
    md.inline.ruler.at("emphasis", _emphasis_outside_words, {"alt": emphasis.alt})
    lists = next(rule for rule in md.block.ruler.__rules__ if rule.name == "list")
    md.block.ruler.at("list", _dash_lists_only(lists.fn), {"alt": lists.alt})
    return md


# Bold that opens after a space (or first) and closes before a space, a stop (or last), around text that neither starts
# nor ends with a space: CommonMark's flanking rules let such a pair be nothing but <strong>
_PLAIN_BOLD = re.compile(r"(?:(?<= )|^)\*\*([^\s*](?:[^*]*[^\s*])?)\*\*(?=[ .,;:]|$)")


def _plain_paragraphs(text: str) -> str | None:
    """What markdown-it makes of a text of plain paragraphs with some of it in bold; None for any other text.

    Most Markdown in sources is just that, and markdown-it takes a hundred times longer (and its import 50 ms).
    """
    if "\\" in text:
        return None
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if not paragraph.isprintable() or paragraph != paragraph.strip() or paragraph[:1] in ("", "-"):
            return None  # a blank line more, a line break, an indent, a list: markdown-it knows
        escaped = html.escape(paragraph, quote=False).replace('"', "&quot;")  # as markdown-it escapes
        paragraphs.append(_PLAIN_BOLD.sub(r"<strong>\1</strong>", escaped))
    if any("*" in paragraph for paragraph in paragraphs):
        return None
    return paragraphs[0] if len(paragraphs) == 1 else "".join(f"<p>{p}</p>" for p in paragraphs)


def _rendered_markdown(text: str) -> str:
    plain = _plain_paragraphs(text)
    if plain is not None:
        return plain
    rendered: str = _markdown().render(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered.replace("\n", "")


def plain_html(text: str) -> str:
    """Text that is no Markdown (a title, a principle's name, a phrase) as card HTML: escaped, and never a player."""
    escaped = html.escape(text, quote=False)
    return _AV_TAG.sub("&#91;", escaped) if "[" in escaped else escaped


def to_html(text: str) -> str:
    """Render one text field: HTML-escaped, Markdown subset applied, surrounding whitespace removed."""
    text = text.strip()
    if not _may_be_markdown(text):
        return plain_html(text)
    rendered = _rendered_markdown(text)
    # Anki turns "[sound:x]" and "[anki:tts]" in a card into players; an entity keeps them text.
    return _AV_TAG.sub("&#91;", rendered) if "[" in rendered else rendered


def to_html_list(texts: list[str] | tuple[str, ...]) -> str:
    """Render several texts as one ``<ul>``."""
    return "<ul>" + "".join(f"<li>{to_html(text)}</li>" for text in texts) + "</ul>"
