"""Read a saved page: decode it, tell its layout, and hand it to that layout's parser."""

from __future__ import annotations

from pathlib import Path

from ...errors import LpdeckError, Problem, SourceError
from .bare import parse_bare
from .marked import is_marked, parse_marked
from .page import Page, page_lines
from .principle import walkthrough_principle


def read_page(path: Path) -> Page:
    """Return what the page at ``path`` says; raise SourceError naming the first line no layout can place."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text ({error.reason} at byte {error.start})"
        raise SourceError([Problem(str(path), 1, 1, message)]) from None
    except OSError as error:
        raise LpdeckError(f"{path}: {error.strerror}") from None
    lines = page_lines(text)
    if not lines:
        raise SourceError([Problem(str(path), 1, 1, "the page is empty")])
    page = parse_marked(str(path), lines) if is_marked(lines) else parse_bare(str(path), lines)
    page.lp, warnings = walkthrough_principle(page)
    page.warnings += warnings
    return page
