"""The preview page in Chromium: its filter matches what the reader sees, and under `lpdeck watch` it reloads itself
after each rebuild, keeping the author's card, side and settings."""

from __future__ import annotations

import html
import re

import pytest

from browser_support import Errors
from conftest import run_cli
from lpdeck.cards.render import render_cards
from lpdeck.loop.preview import preview_sources
from lpdeck.sources.workspace import resolve
from sources import STORY, write_sources
from watch_support import WatchProcess


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.lp_errors = Errors(opened)
    yield opened
    context.close()


def _shown_text(fragment: str) -> str:
    """What a reader sees of card HTML: no scripts or styles, entities decoded (the test's own oracle)."""
    fragment = re.sub(r"<(script|style|noscript)\b.*?</\1>", " ", fragment, flags=re.DOTALL | re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _visible_cards(page) -> set[str]:
    return set(page.locator(".lp-card:visible").evaluate_all("cards => cards.map(c => c.dataset.card)"))


@pytest.mark.parametrize("search", ["<", "&"])
def test_preview_filter_matches_the_text_the_reader_sees(page, tmp_path, search):
    sources = write_sources(tmp_path / "decks")
    output = tmp_path / "preview.html"
    assert run_cli("preview", str(sources), "-o", str(output)).exit_code == 0
    cards = [card for note in preview_sources(resolve([sources]))[0] for card in render_cards(note)]
    expected = {f"{c.note.key}~{c.ord + 1}" for c in cards if search in _shown_text(c.question + c.answer)}
    in_source = {f"{c.note.key}~{c.ord + 1}" for c in cards if search in c.question + c.answer}
    assert expected and expected != in_source  # the HTML source would give another answer: the test can fail
    page.goto(output.as_uri())
    page.locator("#filter").fill(search)
    assert _visible_cards(page) == expected
    assert page.evaluate("location.hash") == "#" + ("q=%3C" if search == "<" else "q=%26")
    assert page.lp_errors.messages == []


CHOSEN = "tiny-story/we-vs-i~1"  # the weak → strong card; its back shows the strong phrasing


def _back_text(page, card: str) -> str:
    return page.evaluate("""card => {
        const frame = document.querySelector(`.lp-card[data-card="${card}"] .lp-side[data-side="back"] iframe`);
        return frame && frame.contentDocument && frame.contentDocument.body ? frame.contentDocument.body.innerText : "";
    }""", card)


def test_watched_preview_reloads_after_a_rebuild_and_keeps_the_authors_place(page, tmp_path):
    sources = write_sources(tmp_path / "decks")
    watch = WatchProcess(tmp_path, "decks")
    try:
        page.goto(watch.url)
        section = page.locator(f'.lp-card[data-card="{CHOSEN}"]')
        section.scroll_into_view_if_needed()
        page.wait_for_function("""card => { const f = document.querySelector(
            `.lp-card[data-card="${card}"] .lp-side[data-side="back"] iframe`);
            return f && f.contentDocument && f.contentDocument.readyState === "complete" &&
                   f.contentDocument.querySelector(".lp"); }""", arg=CHOSEN, timeout=10_000)
        assert "I traced the race condition." in _back_text(page, CHOSEN)

        section.locator('.lp-side[data-side="back"] iframe').content_frame.locator("body").click()
        page.locator("#theme").click()
        page.locator("#width").select_option("360")
        page.locator("#filter").fill("race")
        assert page.locator(f'.lp-card[data-card="{CHOSEN}"] .lp-side.lp-current').get_attribute("data-side") == "back"
        page.evaluate("window.lpBeforeReload = true")

        (sources / "story.yaml").write_text(STORY.replace("I traced the race condition.", "I traced the race to a lock."))
        page.wait_for_function("card => !window.lpBeforeReload && document.querySelector("
                               "`.lp-card[data-card=\"${card}\"] .lp-side[data-side=\"back\"] iframe`)",
                               arg=CHOSEN, timeout=20_000)
        page.wait_for_function("""card => { const f = document.querySelector(
            `.lp-card[data-card="${card}"] .lp-side[data-side="back"] iframe`);
            return f && f.contentDocument && f.contentDocument.body &&
                   f.contentDocument.body.innerText.includes("I traced the race to a lock."); }""",
                               arg=CHOSEN, timeout=10_000)

        # the same card and side, night mode, width and filter as before the rebuild
        current = page.locator(".lp-side.lp-current")
        assert current.count() == 1 and current.get_attribute("data-side") == "back"
        assert current.evaluate("side => side.closest('.lp-card').dataset.card") == CHOSEN
        assert page.locator("#theme").get_attribute("aria-pressed") == "true"
        assert page.evaluate("document.documentElement.classList.contains('dark')")
        back = page.locator(f'.lp-card[data-card="{CHOSEN}"] .lp-side[data-side="back"] iframe')
        assert back.evaluate("f => f.contentDocument.body.classList.contains('nightMode')")
        assert back.evaluate("f => f.getBoundingClientRect().width") == 360
        assert page.locator("#width").input_value() == "360"
        assert page.locator("#filter").input_value() == "race"
        assert CHOSEN in _visible_cards(page) and len(_visible_cards(page)) < page.locator(".lp-card").count()
        box = page.locator(f'.lp-card[data-card="{CHOSEN}"]').bounding_box()
        assert box is not None and 0 <= box["y"] < 900  # scrolled back to it
        assert page.lp_errors.messages == []
    finally:
        page.context.close()
        watch.kill()
