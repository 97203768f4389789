"""``lpdeck import``: turn pages into a walkthrough file each and one story file per story, never over an edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...errors import Problem, SourceError
from ...sources.similar import content_words
from ..new import loaded_sources, schema_reference
from .page import Page
from .read import read_page
from .story import SECTIONS as STORY_SECTIONS
from .story import merge_page, story_id, story_title
from .walkthrough import merge_walkthrough, walkthrough_data
from .yamltext import dump

WALKTHROUGH_SECTIONS = ("quiz", "mistakes")
SAME_STORY = 0.3  # share of content words a page's summary has in common with a summary of the same story


@dataclass
class StoryFile:
    path: Path
    data: dict[str, object]
    text: str | None  # what the file holds now; None for a new file
    summaries: list[str] = field(default_factory=list)  # the overviews of the walkthroughs that tell it
    by_hand: bool = False  # the file is not as lpdeck import writes it: never rewritten


@dataclass
class Planned:
    """A walkthrough file to write, and the pages it comes from (two layouts of one page give one walkthrough)."""

    data: dict[str, object]
    pages: list[str]


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # what the pages leave in doubt, as path:line: warning:
    notes: list[str] = field(default_factory=list)


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _same_story(page: Page, stories: list[StoryFile]) -> StoryFile | None:
    """The existing story the page tells: the one a summary of which shares most of the page summary's content words.

    Summaries are compared one by one (not with a whole story), so a story that many pages have grown does not
    swallow a page of another story that merely shares the site's vocabulary.
    """
    mine = content_words([page.summary or page.telling or page.question])
    best, best_share = None, 0.0
    for story in stories:
        tellings = [*story.summaries, str(story.data.get("overview", ""))]
        share = max(_overlap(mine, content_words([text])) for text in tellings)
        if share > best_share:
            best, best_share = story, share
    return best if best_share >= SAME_STORY else None


def _existing(folder: Path) -> tuple[list[StoryFile], dict[str, Path]]:
    """Story files (with their data) and walkthrough files already in ``folder``."""
    stories: list[StoryFile] = []
    walkthroughs: dict[str, Path] = {}
    summaries: dict[str, list[str]] = {}
    for path, doc in loaded_sources(folder):  # broken files are `lpdeck check`'s to report: import leaves them alone
        walkthrough_id = doc.data.get("walkthrough")
        if isinstance(walkthrough_id, str):
            walkthroughs[walkthrough_id] = path
            summaries.setdefault(str(doc.data.get("story")), []).append(str(doc.data.get("overview", "")))
        elif isinstance(doc.data.get("story"), str):
            stories.append(StoryFile(path, doc.data, path.read_text(encoding="utf-8")))
    for story in stories:
        story.summaries = summaries.get(str(story.data["story"]), [])
        story.by_hand = _render(story.data, story.path, STORY_SECTIONS) != story.text
    return stories, walkthroughs


def _new_story(page: Page, folder: Path, stories: list[StoryFile]) -> StoryFile:
    title = story_title(page)
    ident = story_id(title, {str(s.data.get("story")) for s in stories})
    story = StoryFile(folder / "stories" / f"{ident}.yaml", {"story": ident, "title": title}, None)
    stories.append(story)
    return story


def _render(data: dict[str, object], path: Path, sections: tuple[str, ...]) -> str:
    return dump(data, schema_reference(path)[0], sections)


def import_pages(pages: list[Path], folder: Path) -> ImportResult:
    """Import ``pages`` into ``folder``; write nothing unless every page reads and no file holds an author's edit."""
    read = [read_page(path) for path in pages]
    stories, walkthroughs = _existing(folder)
    originals = {id(s): s.text for s in stories}
    told: set[int] = set()  # the stories the pages tell: only those files are written, never another one
    planned: dict[Path, Planned] = {}
    problems: list[Problem] = []
    result = ImportResult(warnings=[warning for page in read for warning in page.warnings])
    for page in read:
        story = _same_story(page, stories) or _new_story(page, folder, stories)
        problem = _story_refused(story, page)
        if problem:
            problems += [] if problem in problems else [problem]
            continue
        merge_page(story.data, page)
        told.add(id(story))
        story.summaries.append(page.summary or "")
        data = walkthrough_data(page, str(story.data["story"]))
        path = walkthroughs.get(str(data["walkthrough"]), folder / f"{data['walkthrough']}.yaml")
        problems += _plan(planned, path, data, page.path, result)
    outputs = _walkthrough_texts(planned, problems, result)
    if problems:
        raise SourceError(problems)
    for story in (story for story in stories if id(story) in told):
        text = _render(story.data, story.path, STORY_SECTIONS)
        if text != originals.get(id(story)):
            outputs[story.path] = text
    written = _write(outputs)
    result.written, result.unchanged = written.written, written.unchanged
    return result


def _story_refused(story: StoryFile, page: Page) -> Problem | None:
    """Why the story file the page tells may not be rewritten, if it may not."""
    if story.text is None and (story.path.exists() or story.path.is_symlink()):
        return Problem(str(story.path), 1, 1, "exists but does not load as a story, so lpdeck import does not replace "
                       "it; `lpdeck check` says what is wrong: fix it or move it, and import again")
    if story.by_hand:
        return Problem(str(story.path), 1, 1, f"written or edited by hand, so lpdeck import does not rewrite it; "
                       f"{page.path} tells this story: import it into an empty folder (-o) and copy what you want "
                       "from there")
    return None


def _plan(planned: dict[Path, Planned], path: Path, data: dict[str, object], page: str,
          result: ImportResult) -> list[Problem]:
    """Plan the walkthrough ``page`` gives; pages of one question and story give one walkthrough, merged."""
    earlier = planned.get(path)
    if earlier is None:
        planned[path] = Planned(data, [page])
        return []
    if earlier.data["story"] != data["story"]:
        return [Problem(str(path), 1, 1, f"{earlier.pages[0]} and {page} ask the same question but tell different "
                        "stories, and a walkthrough tells one story: import them into separate folders (-o)")]
    earlier.data, warnings = merge_walkthrough(earlier.data, data, page)
    earlier.pages.append(page)
    result.warnings += warnings
    return []


def _walkthrough_texts(planned: dict[Path, Planned], problems: list[Problem],
                       result: ImportResult) -> dict[Path, str]:
    """The text of each planned walkthrough file, which a file already there must hold (it may hold edits)."""
    outputs = {}
    for path, plan in planned.items():
        text = _render(plan.data, path, WALKTHROUGH_SECTIONS)
        pages = " and ".join(plan.pages)
        if path.exists() and path.read_text(encoding="utf-8") != text:
            problems.append(Problem(str(path), 1, 1, f"exists and differs from what {pages} "
                                    f"give{'s' if len(plan.pages) == 1 else ''}; lpdeck import never merges into an "
                                    "existing walkthrough (it may hold your edits): rename or move the file to import "
                                    "again"))
        if len(plan.pages) > 1:
            result.notes.append(f"{pages} give the same walkthrough ({path}): written once, with what each page adds")
        outputs[path] = text
    return outputs


def _write(outputs: dict[Path, str]) -> ImportResult:
    from ...ship.atomic import write_text_atomic

    result = ImportResult()
    for path, text in outputs.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            result.unchanged.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, text)
            result.written.append(path)
    return result
