"""Read a saved page: decode it, tell its layout, and hand it to that layout's parser."""

from __future__ import annotations

import os
from pathlib import Path

from ...errors import LpdeckError, Problem, SourceError
from .bare import parse_bare
from .marked import is_marked, parse_marked
from .page import Page, page_lines
from .principle import walkthrough_principle

# A walkthrough page saved as text is 4-11 KB. Merging a page into its story compares its sentences with the story's
# pairwise, so the time grows with the square of the page: 32 KiB keeps the worst case within seconds (bench/faults.py)
MAX_PAGE_BYTES = 32 * 1024


def read_page(path: Path) -> Page:
    """Return what the page at ``path`` says; raise SourceError naming the first line no layout can place."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PAGE_BYTES + 1)
            size = os.fstat(file.fileno()).st_size
        if len(data) > MAX_PAGE_BYTES:
            raise SourceError([Problem(str(path), 1, 1, f"page is {max(size, len(data)):,} bytes; the limit is "
                                                        f"{MAX_PAGE_BYTES:,} (a walkthrough page is a few KB: is "
                                                        "this one page, saved as text?)")])
        text = data.decode("utf-8-sig")
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
