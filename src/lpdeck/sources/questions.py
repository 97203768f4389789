"""lpdeck's common interview questions: a questions file in the package, read as a workspace's own questions are.

``common_questions.yaml`` holds eight or more questions for each of the 16 principles, in lpdeck's own words. It goes
through the loader and validation a user's questions file goes through, so a mistake in it gets the same
``path:line:column`` message; a test keeps it valid, so a user never sees one.
"""

from __future__ import annotations

import functools
from importlib import resources

from .load import parse
from .records import Question, Questions, read
from .validate import validate

COMMON_FILE = "common_questions.yaml"


@functools.cache
def common_questions() -> tuple[Question, ...]:
    """The common questions, in file order: each principle's in the order they are used."""
    source = resources.files(__package__).joinpath(COMMON_FILE)
    doc = parse(str(source), source.read_text(encoding="utf-8"))
    asked = None if doc.trailing_comments else read(Questions, doc.data)  # what validate would read, with no checks
    return tuple(asked.questions) if isinstance(asked, Questions) else tuple(validate([doc]).questions.values())
