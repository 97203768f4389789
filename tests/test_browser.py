"""The cards in a real browser: Debian's Chromium, driven by Playwright, showing cards the official anki library rendered.

Each card is loaded as AnkiDroid does it: the front, then the back as a new page of the same origin (window globals are
lost, sessionStorage is kept), at phone size (390×844), in light and in night mode, with AnkiDroid's play buttons where
Anki's text to speech speaks (browser_support.with_play_buttons; the Listen tests try each client's). Screenshots go to tests/output/;
with LPDECK_DOCS_SCREENSHOTS=1 a few are also written to docs/screenshots/ for the README.
"""

from __future__ import annotations

import html
import os
import re
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from browser_support import (
    BODY_COLOURS_JS,
    CHROMIUM,
    CLIENTS,
    CONTRAST_JS,
    OUTPUT,
    OVERFLOW_JS,
    PHONE,
    CardSite,
    Errors,
    card_page,
    render_collection,
    with_play_buttons,
)
from conftest import BANK_ONLY, import_package, run_cli
from lpdeck.build import load_sources
from lpdeck.cards.decks import compile_sources
from lpdeck.cards.guessable import guessable_reason
from lpdeck.cards.notetypes import NO_CARD, NOT_MADE, NOTETYPES, WHICH_STORY
from lpdeck.cards.render import TemplateError, render_cards, render_template
from lpdeck.sources.workspace import resolve
from sources import STORY, WALKTHROUGH

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = OUTPUT / "screenshots"
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"
# (note type name, template name) of every card kind still made, from the frozen note types (issue 24 ended Story for
# LP, the one-template Which story and the LP angle's "Which angle": no build makes one)
TEMPLATES = [(nt.name, t.name) for nt in NOTETYPES.values() for t in nt.templates
             if nt.kind not in NOT_MADE and (nt.kind, t.name) not in NO_CARD]
STEMS = {(nt.name, t.name): t.stem for nt in NOTETYPES.values() for t in nt.templates}
# Which screenshots the README shows: (stem, mode, side)
DOCS = {("mcq", "light", "back"), ("mcq", "night", "front"), ("step", "light", "front"), ("step", "night", "back"),
        ("cloze", "light", "front"), ("read", "light", "back"), ("tell", "light", "front"), ("tell", "night", "back"),
        ("which-story", "light", "back")}


@pytest.fixture(scope="session")
def anki_cards(built_decks, tmp_path_factory):
    """Every card of the repository's all.apkg, imported into a fresh collection and rendered by the anki library."""
    from anki.collection import Collection

    folder = tmp_path_factory.mktemp("anki-render")
    col = Collection(str(folder / "collection.anki2"))
    try:
        import_package(col, built_decks / "all.apkg")
        return render_collection(col)
    finally:
        col.close()


@pytest.fixture(scope="session")
def bank_cards(built_bank, tmp_path_factory):
    """Every card of tests/bank's all.apkg (seven stories: the choice between them too), rendered by the anki library."""
    from anki.collection import Collection

    col = Collection(str(tmp_path_factory.mktemp("anki-bank") / "collection.anki2"))
    try:
        import_package(col, built_bank / "all.apkg")
        return render_collection(col)
    finally:
        col.close()


@pytest.fixture(scope="session")
def waiting_cards(tmp_path_factory):
    """The cards of a story whose Situation example is still a placeholder (only such a step has a Coaching card)."""
    from anki.collection import Collection

    folder = tmp_path_factory.mktemp("waiting")
    (folder / "decks").mkdir()
    (folder / "decks" / "story.yaml").write_text(STORY.replace(
        "example: I noticed a 0.3% drop rate & nobody owned it.", "example: 'TODO: the situation, told strong'"),
        encoding="utf-8")
    (folder / "decks" / "walk.yaml").write_text(WALKTHROUGH, encoding="utf-8")
    built = run_cli("build", str(folder / "decks"), "-o", str(folder / "dist"))
    assert built.exit_code == 0, built.output
    col = Collection(str(folder / "collection.anki2"))
    try:
        import_package(col, folder / "dist" / "all.apkg")
        return render_collection(col)
    finally:
        col.close()


def _cards_of(request, notetype: str):
    """The rendered cards to find a card of ``notetype`` in: the choice between stories needs a bank of two or more,
    and a Coaching card a step whose example is still a placeholder."""
    kind = next(nt.kind for nt in NOTETYPES.values() if nt.name == notetype)
    fixture = "bank_cards" if kind in BANK_ONLY else "waiting_cards" if kind == "coaching" else "anki_cards"
    return request.getfixturevalue(fixture)


def _longest(cards, notetype: str, template: str):
    # The card with the most content is the hardest to fit on a phone; a card still taught, as a learner meets it
    # (retired notes keep their old content; test_every_card_fits_the_narrowest_phone still covers them).
    kind = [c for c in cards if (c.notetype, c.template) == (notetype, template)]
    return max([c for c in kind if not c.retired] or kind, key=lambda c: len(c.answer))


class Phone:
    """One browser context at phone size, serving card pages at one origin; front and back share its storage."""

    def __init__(self, browser, *, night: bool = False, javascript: bool = True, storage: bool = True,
                 scale: float = 1, viewport: dict | None = None, mobile: bool = True):
        self.night = night
        self.context = browser.new_context(viewport=viewport or PHONE, is_mobile=mobile, has_touch=True,
                                           device_scale_factor=scale, java_script_enabled=javascript)
        if not storage:  # as in Anki's previews: any use of sessionStorage throws
            self.context.add_init_script(
                "Object.defineProperty(window, 'sessionStorage', {get() { throw new DOMException('no storage', "
                "'SecurityError'); }});")
        self.site = CardSite(self.context)
        self.page = self.context.new_page()
        self.errors = Errors(self.page)

    def show(self, card, side: str, client: str = "ankidroid"):
        html_text = with_play_buttons(card.question if side == "front" else card.answer, client)
        self.page.goto(self.site.add(f"{side}.html", card_page(html_text, card.css, card.ord, self.night)))
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def phones(browser):
    opened = []

    def open_phone(**options) -> Phone:
        opened.append(Phone(browser, **options))
        return opened[-1]

    yield open_phone
    for phone in opened:
        phone.close()


def _luminance(rgb) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _assert_reads_well(page, what: str, night: bool) -> None:
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["scrollWidth"] <= overflow["width"] and not overflow["wide"], f"{what}: horizontal overflow {overflow}"
    low = [r for r in page.evaluate(CONTRAST_JS) if r["ratio"] < (3 if r["large"] else 4.5)]
    assert not low, f"{what}: text with too little contrast: {low}"
    colours = page.evaluate(BODY_COLOURS_JS)
    background, text = _luminance(colours["background"]), _luminance(colours["color"])
    if night:  # explicit night colours: AnkiDroid would otherwise invert the light ones
        assert background < 0.05 < 0.5 < text, f"{what}: night mode is not dark: {colours}"
    else:
        assert text < 0.05 < 0.8 < background, f"{what}: light mode is not light: {colours}"
    small = page.evaluate("""() => [...document.querySelectorAll("button, a.replay-button")]
        .filter(b => b.getClientRects().length).map(b => b.getBoundingClientRect())
        .filter(r => r.height < 44 || r.width < 44).map(r => [r.width, r.height])""")
    assert not small, f"{what}: tap targets smaller than 44 px: {small}"
    shown = page.locator("body").inner_text()
    raw = [mark for mark in ("[anki:", "[/anki:", "{{tts", "{{#", "{{/") if mark in shown]
    assert not raw, f"{what}: template or Anki markup shown as text: {raw}"


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _option_keys(page) -> list[str]:
    return page.locator(".lp-option").evaluate_all("buttons => buttons.map(b => b.dataset.key)")


def _authored_keys(card) -> list[str]:
    return re.findall(r'<li data-key="([a-z])"', card.fields["Options"])


def _correct_keys(card) -> list[str]:
    return re.findall(r'<li data-key="([a-z])" data-correct', card.fields["Options"])


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_chromium_is_installed():
    assert CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}; the browser tests need Debian's chromium package"


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
@pytest.mark.parametrize("notetype,template", TEMPLATES, ids=[STEMS[t] for t in TEMPLATES])
def test_every_card_kind_reads_well_on_a_phone(phones, request, notetype, template, night):
    card = _longest(_cards_of(request, notetype), notetype, template)
    stem, mode = STEMS[(notetype, template)], "night" if night else "light"
    docs = os.environ.get("LPDECK_DOCS_SCREENSHOTS") == "1"
    phone = phones(night=night, scale=1.5 if docs else 1)
    if docs:  # the same shuffle every time, so that regenerated screenshots only change when the cards do
        phone.context.add_init_script(
            "(() => { let s = 7; Math.random = () => ((s = s * 16807 % 2147483647) - 1) / 2147483646; })()")
    phone.page.clock.install(time=datetime(2030, 1, 7, 8, 0, 0))
    phone.page.clock.pause_at(datetime(2030, 1, 7, 8, 0, 1))
    for side in ("front", "back"):
        page = phone.show(card, side)
        assert page.locator(".lp").first.is_visible()
        _assert_reads_well(page, f"{stem} {side} ({mode})", night)
        if side == "front":
            page.clock.run_for(23_000)  # a drill's countdown is running, and the back shows how long the answer took
            wrong = [k for k in _option_keys(page) if k not in _correct_keys(card)]
            if wrong:  # choose a wrong option, so that the back shows both markings
                page.locator(f'.lp-option[data-key="{wrong[0]}"]').tap()
        _screenshot(page, f"{stem}-{mode}-{side}")
        if docs and (stem, mode, side) in DOCS:
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            # a Tell-it back whole: its self-check is under the outline
            page.screenshot(path=str(DOCS_SCREENSHOTS / f"{stem}-{mode}-{side}.png"),
                            full_page=(stem, side) == ("tell", "back"))
    assert phone.errors.messages == []


def test_every_card_fits_the_narrowest_phone(phones, anki_cards):
    phone = phones(viewport={"width": 360, "height": 740})
    page = phone.page
    page.goto(phone.site.add("blank.html", "<!doctype html><title>cards</title>"))
    for card in anki_cards:
        for side, html_text in (("front", card.question), ("back", card.answer)):
            page.set_content(card_page(html_text, card.css, card.ord, False))
            overflow = page.evaluate(OVERFLOW_JS)
            assert overflow["scrollWidth"] <= 360 and not overflow["wide"], f"{card.guid} {side}: {overflow}"
    assert phone.errors.messages == []


def test_line_length_stays_comfortable_on_desktop(phones, anki_cards):
    card = _longest(anki_cards, NOTETYPES["tell"].name, "Tell it")  # the back with the most prose
    page = phones(viewport={"width": 1280, "height": 800}, mobile=False).show(card, "back")
    widths = page.locator(".lp").evaluate_all("blocks => blocks.map(b => b.getBoundingClientRect().width)")
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.lp-section')).fontSize)")
    assert widths and all(w <= 36 * font for w in widths), (widths, font)  # at most ~80 characters a line


# --- multiple choice -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def quiz(anki_cards):
    """A single-answer quiz card with at least three options."""
    quizzes = [c for c in anki_cards if c.notetype == NOTETYPES["mcq"].name
               and len(_correct_keys(c)) == 1 and len(_authored_keys(c)) >= 3]
    assert quizzes, "the decks should have a single-answer quiz with three or more options"
    return quizzes[0]


def _verdicts(page) -> dict[str, tuple[str, str]]:
    """Option key → (its class marking, its verdict text) on the back."""
    return {key: tuple(marking) for key, marking in page.locator(".lp-option").evaluate_all("""buttons => buttons.map(b => [b.dataset.key, [
        b.classList.contains("lp-correct") ? "correct" : b.classList.contains("lp-wrong") ? "wrong" : "",
        (b.querySelector(".lp-verdict") || {textContent: ""}).textContent]])""")}


def _assert_answer_and_explanation_shown(page, card) -> None:
    """The back marks the correct option(s) in the list itself, names each once besides the explanation, and explains."""
    border = "e => getComputedStyle(e.querySelector('.lp-option') || e).borderLeftColor"
    plain = [li.evaluate(border) for li in page.locator(".lp-options > li").all()
             if li.get_attribute("data-correct") is None and not li.locator(".lp-wrong").count()]
    outside_explanation = " ".join(page.evaluate("""() => { const body = document.body.cloneNode(true);
        body.querySelectorAll('.lp-mcq-answer').forEach(e => e.remove()); return body.innerText; }""").split())
    for key in _correct_keys(card):
        option = _text(re.search(rf'<li data-key="{key}"[^>]*>(.*?)</li>', card.fields["Options"]).group(1))
        marked = page.locator(f'.lp-options > li[data-key="{key}"]')
        assert marked.is_visible()
        assert plain and marked.evaluate(border) not in plain  # green, with or without scripts
        assert outside_explanation.count(option) == 1, f"the correct option is named {outside_explanation.count(option)} times"
    explanation = page.locator(".lp-mcq-answer .lp-section").first
    assert explanation.is_visible()
    assert _text(card.fields["Explanation"]) in " ".join(explanation.inner_text().split())


@pytest.mark.parametrize("pick", ["wrong", "right"])
def test_quiz_back_keeps_the_order_and_marks_the_choice(phones, quiz, pick):
    phone = phones()
    page = phone.show(quiz, "front")
    order = _option_keys(page)
    assert sorted(order) == sorted(_authored_keys(quiz))
    assert page.locator(".lp-option").evaluate_all("bs => bs.every(b => b.tagName === 'BUTTON' && !b.disabled)")
    assert page.locator(".lp-choose").inner_text() == "Choose one answer."
    (correct,) = _correct_keys(quiz)
    chosen = correct if pick == "right" else next(k for k in order if k != correct)
    page.locator(f'.lp-option[data-key="{chosen}"]').tap()
    assert page.locator('.lp-option[aria-pressed="true"]').evaluate_all("bs => bs.map(b => b.dataset.key)") == [chosen]

    page = phone.show(quiz, "back")
    assert _option_keys(page) == order
    verdicts = _verdicts(page)
    if pick == "right":
        assert verdicts[correct] == ("correct", "Your choice · correct")
        assert page.locator(".lp-result").inner_text() == "✓ Right."
    else:
        assert verdicts[chosen] == ("wrong", "Your choice · wrong")
        assert verdicts[correct] == ("correct", "Correct")
        assert page.locator(".lp-result").inner_text() == "✗ Not quite."
    others = [k for k in order if k not in (chosen, correct)]
    assert others and all(verdicts[k] == ("", "") for k in others)
    assert page.locator(".lp-option").evaluate_all("bs => bs.every(b => b.disabled)")
    _assert_answer_and_explanation_shown(page, quiz)
    assert phone.errors.messages == []


def test_quiz_is_shuffled_for_each_review(phones, quiz):
    phone = phones()
    orders = set()
    for _ in range(12):
        orders.add(tuple(_option_keys(phone.show(quiz, "front"))))
    assert all(sorted(order) == sorted(_authored_keys(quiz)) for order in orders)
    assert len(orders) > 1  # 12 equal shuffles of 3+ options happen with probability below 1e-9


def test_quiz_back_without_storage_still_marks_the_answer(phones, quiz):
    phone = phones(storage=False)
    page = phone.show(quiz, "front")
    page.locator(".lp-option").first.tap()
    assert page.locator('.lp-option[aria-pressed="true"]').count() == 1
    page = phone.show(quiz, "back")
    assert _option_keys(page) == _authored_keys(quiz)  # nothing was kept: the authored order
    verdicts = _verdicts(page)
    assert {k: v[0] for k, v in verdicts.items()} == {k: "correct" if k in _correct_keys(quiz) else ""
                                                       for k in _authored_keys(quiz)}
    assert page.locator(".lp-result").is_hidden()
    _assert_answer_and_explanation_shown(page, quiz)
    assert phone.errors.messages == []


def test_quiz_back_shown_first_marks_the_answer(phones, quiz):
    phone = phones()  # a preview of the back alone: storage works but holds nothing for this card
    page = phone.show(quiz, "back")
    assert _option_keys(page) == _authored_keys(quiz)
    assert {k for k, v in _verdicts(page).items() if v[0] == "correct"} == set(_correct_keys(quiz))
    _assert_answer_and_explanation_shown(page, quiz)
    assert phone.errors.messages == []


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
def test_quiz_back_without_javascript_shows_answer_and_explanation(phones, quiz, night):
    phone = phones(javascript=False, night=night)
    page = phone.show(quiz, "front")
    assert page.locator(".lp-options > li").count() == len(_authored_keys(quiz))
    _assert_reads_well(page, "quiz front without JavaScript", night)
    page = phone.show(quiz, "back")
    _assert_answer_and_explanation_shown(page, quiz)
    _assert_reads_well(page, "quiz back without JavaScript", night)
    # the stylesheet alone marks the correct options in the list
    good = page.evaluate("""() => { const probe = document.createElement("i");
        probe.style.background = "var(--good-bg)"; document.body.append(probe);
        return getComputedStyle(probe).backgroundColor; }""")
    backgrounds = page.locator(".lp-options > li").evaluate_all(
        "items => items.map(li => [li.dataset.key, getComputedStyle(li).backgroundColor])")
    assert {k for k, bg in backgrounds if bg == good} == set(_correct_keys(quiz))
    _screenshot(page, f"mcq-nojs-{'night' if night else 'light'}-back")


LONG_WORD = "Antidisestablishmentarianism" * 5
QUIZ_SOURCES = {
    "stories/tiny.yaml": """\
        story: tiny
        title: A tiny story
        steps:
          - id: situation
            step: situation
            target: 30s
            coaching: Keep it short.
            mistakes: Rambling.
        """,
    "tiny-quiz.yaml": f"""\
        walkthrough: tiny-quiz
        title: Tiny quiz
        question: Tell me about a time you owned a problem
        lp: Ownership
        story: tiny
        overview: A tiny walkthrough with one quiz of two correct answers.
        quiz:
          - id: two-answers
            question: Which two phrases show ownership?
            options:
              a: I noticed it and acted
              b: My manager told me to
              c: Nobody had asked me to fix it
              d: {LONG_WORD}
            answer: [a, c]
            explanation: Both show the work was self-initiated.
        """,
}


def _the_card_of(sources: dict[str, str], kind: str, tmp_path, collection):
    """Write ``sources`` (file name: YAML), build them, import all.apkg into ``collection``; return its one ``kind`` card."""
    for name, text in sources.items():
        (tmp_path / "decks" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "decks" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    result = run_cli("build", str(tmp_path / "decks"), "-o", str(tmp_path / "dist"))
    assert result.exit_code == 0, result.output
    import_package(collection, tmp_path / "dist" / "all.apkg")
    (card,) = [c for c in render_collection(collection) if c.notetype == NOTETYPES[kind].name]
    return card


@pytest.fixture
def two_answer_quiz(tmp_path, collection):
    """A quiz card with two correct options (and an option that is one very long word), built and rendered by Anki."""
    card = _the_card_of(QUIZ_SOURCES, "mcq", tmp_path, collection)
    assert _correct_keys(card) == ["a", "c"]
    return card


def test_quiz_with_several_correct_answers(phones, two_answer_quiz):
    phone = phones()
    page = phone.show(two_answer_quiz, "front")
    assert page.locator(".lp-choose").inner_text() == "Choose 2 answers."
    assert page.locator(".lp-options.lp-multi").count() == 1
    _assert_reads_well(page, "two-answer quiz front", False)
    page.locator('.lp-option[data-key="a"]').tap()
    page.locator('.lp-option[data-key="b"]').tap()
    assert sorted(page.locator('.lp-option[aria-pressed="true"]').evaluate_all("bs => bs.map(b => b.dataset.key)")) \
        == ["a", "b"]
    order = _option_keys(page)

    page = phone.show(two_answer_quiz, "back")
    assert _option_keys(page) == order
    assert _verdicts(page) == {"a": ("correct", "Your choice · correct"), "b": ("wrong", "Your choice · wrong"),
                               "c": ("correct", "Correct · missed"), "d": ("", "")}
    assert page.locator(".lp-result").inner_text() == "✗ Not quite."
    _assert_answer_and_explanation_shown(page, two_answer_quiz)
    _assert_reads_well(page, "two-answer quiz back", False)
    _screenshot(page, "mcq-two-answers-light-back")
    assert phone.errors.messages == []


def test_quiz_with_several_correct_answers_right(phones, two_answer_quiz):
    phone = phones(night=True)
    page = phone.show(two_answer_quiz, "front")
    page.locator('.lp-option[data-key="c"]').tap()
    page.locator('.lp-option[data-key="a"]').tap()
    page = phone.show(two_answer_quiz, "back")
    assert page.locator(".lp-result").inner_text() == "✓ Right."
    assert {k: v[0] for k, v in _verdicts(page).items()} == {"a": "correct", "b": "", "c": "correct", "d": ""}


# --- STAR drill ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def drill(anki_cards):
    """A Drill card whose strong example has key phrases."""
    steps = [c for c in anki_cards if c.notetype == NOTETYPES["step"].name and "<mark" in c.fields["Example"]]
    assert steps, "the decks should have a STAR step with an example and key phrases"
    return max(steps, key=lambda c: int(c.fields["Target"][:-1]))


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def test_drill_counts_down_from_the_target(phones, drill):
    target = int(drill.fields["Target"].removesuffix("s"))
    phone = phones()
    phone.page.clock.install(time=datetime(2030, 1, 7, 8, 0, 0))
    phone.page.clock.pause_at(datetime(2030, 1, 7, 8, 0, 1))  # from here time moves only when the test says so
    page = phone.show(drill, "front")
    timer = page.locator(".lp-timer")
    assert timer.inner_text() == _clock(target)
    assert f"Target: {drill.fields['Target']}" in page.locator(".lp-ask").inner_text()
    page.clock.run_for(10_000)
    assert timer.inner_text() == _clock(target - 10)
    fill = page.locator(".lp-timer-bar > span").evaluate("e => e.getBoundingClientRect().width / e.parentElement.getBoundingClientRect().width")
    assert fill == pytest.approx((target - 10) / target, abs=0.02)
    page.clock.run_for((target - 10 + 5) * 1000)
    assert timer.inner_text() == "+0:05"
    assert "lp-over" in timer.get_attribute("class")
    page.locator(".lp-timer-button").tap()  # restart
    assert timer.inner_text() == _clock(target)
    page.clock.run_for(7_000)

    page = phone.show(drill, "back")  # flipped after 7 seconds
    assert page.locator(".lp-timer").is_hidden()
    took = page.locator(".lp-took")
    assert took.inner_text() == f"You took 0:07 — target {_clock(target)}"
    assert "lp-in-time" in took.get_attribute("class")
    assert phone.errors.messages == []


def test_drill_back_highlights_the_key_phrases_its_cloze_cards_blank(phones, drill, anki_cards):
    phone = phones(night=True)
    phone.show(drill, "front")
    page = phone.show(drill, "back")
    marked = page.locator(".lp-example mark.lp-hl").all_inner_texts()
    assert marked, "no key phrase highlighted"
    step = [c for c in anki_cards if c.notetype == NOTETYPES["cloze"].name
            and c.fields["Step"] == drill.fields["Step"] and c.fields["Story"] == drill.fields["Story"]]
    blanked = {_text(m).lower() for card in step for m in re.findall(r"\{\{c\d+::(.*?)\}\}", card.fields["Text"])}
    # the same phrases, highlighted to read and blanked to recall, but those grammar gives away: highlighted only
    assert blanked and blanked <= {m.lower() for m in marked}
    assert all(guessable_reason(m) for m in marked if m.lower() not in blanked)
    colours = page.locator(".lp-example mark.lp-hl").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colours != page.locator(".lp-example").evaluate("e => getComputedStyle(e).backgroundColor")
    assert " ".join(page.locator(".lp-example").inner_text().split()) == _text(drill.fields["Example"])
    assert phone.errors.messages == []


def test_key_phrase_card_blanks_its_step_s_phrases_and_shows_them_on_the_back(phones, anki_cards):
    card = max((c for c in anki_cards if c.notetype == NOTETYPES["cloze"].name and not c.retired),
               key=lambda c: c.fields["Text"].count("{{c1::"))
    hidden = [_text(text) for text in re.findall(r"\{\{c1::(.*?)\}\}", card.fields["Text"])]
    assert len(hidden) >= 3 and card.ord == 0  # one card a step: every blank is c1
    phone = phones()
    front = phone.show(card, "front")
    assert front.locator(".cloze").all_inner_texts() == ["[...]"] * len(hidden)
    shown = " ".join(front.locator(".lp-example").inner_text().split())
    assert not [phrase for phrase in hidden if phrase in shown]
    back = phone.show(card, "back")
    assert back.locator(".cloze").all_inner_texts() == hidden
    assert phone.errors.messages == []


def test_drill_without_javascript_shows_the_target(phones, drill):
    page = phones(javascript=False).show(drill, "front")
    assert page.locator(".lp-timer").inner_text() == drill.fields["Target"]
    assert page.locator(".lp-timer-button").is_hidden()


# --- Tell it ---------------------------------------------------------------------------------------------------------

TELL_SOURCES = {
    "stories/told.yaml": """\
        story: told
        title: The told story
        steps:
          - id: situation
            step: situation
            target: 30s
            example: I noticed a 0.3% error rate in checkout that no team owned.
            phrases: [I noticed, no team owned]
            coaching: Keep it short.
            mistakes: Rambling.
          - id: task
            step: task
            target: 20s
            example: Nobody had asked me to fix it.
            phrases: [Nobody had asked me]
            coaching: Say whose it was.
            mistakes: Skipping the scope.
          - id: action
            step: action
            target: 90s
            example: I traced the errors to a retry bug and shipped a fix.
            phrases: [I traced, shipped a fix]
            coaching: Say I.
            mistakes: Saying we.
          - id: result
            step: result
            target: 20s
            example: The error rate went from 0.3% to zero, saving $8K a week. Two teams adopted the alert.
            phrases: [saving $8K a week]
            coaching: Numbers.
            mistakes: No numbers.
          - id: reflection
            step: reflection
            target: 15s
            example: Shared error budgets would have caught it sooner.
            phrases: [Shared error budgets]
            coaching: Be specific.
            mistakes: Generic lessons.
        angles:
          - id: ownership
            lp: Ownership
            lead: Lead with the error rate nobody owned.
            emphasize: That nobody had asked, and that you saw it through to the fix.
            downplay: The retry bug's details.
        levels:
          - id: sde1
            level: SDE1
            length: Keep the story under two minutes.
          - id: sde2
            level: SDE2
            length: Keep it tight.
          - id: senior
            level: Senior
            length: Story length 2.5-3 minutes.
        """,
    "told-walk.yaml": """\
        walkthrough: told-walk
        title: Told walk
        question: Tell me about a time you fixed what nobody owned
        lp: Ownership
        story: told
        overview: Make "nobody owned it" the thread, and end on the alert other teams adopted.
        levels:
          - id: senior-here
            level: Senior
            length: Aim for 2:30 at most.
        """,
}
# By hand from TELL_SOURCES: 30 + 20 + 90 + 20 + 15 seconds; SDE1 "under two minutes"; SDE2 "tight" names no length;
# Senior's 2.5-3 minutes replaced by this question's own 2:30.
TOLD_TOTAL = "2:55"
TOLD_CHOICES = ["Steps 2:55", "SDE I 2:00", "Senior SDE 2:30"]


@pytest.fixture
def told(tmp_path, collection):
    """The Tell-it card of TELL_SOURCES, built and rendered by Anki."""
    return _the_card_of(TELL_SOURCES, "tell", tmp_path, collection)


def _pressed(page) -> list[str]:
    return page.locator('.lp-length[aria-pressed="true"]').all_inner_texts()


def test_tell_it_counts_down_from_the_steps_total_or_a_chosen_level(phones, told):
    phone = phones()
    phone.page.clock.install(time=datetime(2030, 1, 7, 8, 0, 0))
    phone.page.clock.pause_at(datetime(2030, 1, 7, 8, 0, 1))
    page = phone.show(told, "front")
    timer = page.locator(".lp-timer")
    assert timer.inner_text() == TOLD_TOTAL and page.locator(".lp-target").inner_text() == TOLD_TOTAL
    assert page.locator(".lp-length").all_inner_texts() == TOLD_CHOICES and _pressed(page) == ["Steps 2:55"]
    _assert_reads_well(page, "tell-it front", False)
    page.clock.run_for(10_000)
    assert timer.inner_text() == "2:45"

    page.locator(".lp-length", has_text="SDE I").tap()  # the learner's level: the countdown starts again from it
    assert timer.inner_text() == "2:00" and page.locator(".lp-target").inner_text() == "2:00"
    assert _pressed(page) == ["SDE I 2:00"]
    page.clock.run_for(125_000)
    assert timer.inner_text() == "+0:05" and "lp-over" in timer.get_attribute("class")
    page.locator(".lp-timer-button").tap()
    assert timer.inner_text() == "2:00"
    page.clock.run_for(61_000)

    page = phone.show(told, "back")  # flipped 61 seconds after the restart
    assert page.locator(".lp-took").inner_text() == "You took 1:01 \u2014 target 2:00"
    assert "lp-in-time" in page.locator(".lp-took").get_attribute("class")
    assert page.locator(".lp-checks > li").last.inner_text() == "Inside 2:00"  # the length chosen, not the steps'
    assert page.locator(".lp-timer-box").is_hidden() and page.locator(".lp-lengths").is_hidden()

    page = phone.show(told, "front")  # the next Tell-it card counts down from the level chosen
    assert timer.inner_text() == "2:00" and _pressed(page) == ["SDE I 2:00"]
    assert phone.errors.messages == []


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
def test_tell_it_back_is_the_questions_plan_the_outline_then_the_self_check(phones, told, night):
    phone = phones(night=night)
    phone.show(told, "front")
    page = phone.show(told, "back")
    plan = page.locator(".lp-plan")
    assert plan.locator(".lp-plan-lead").inner_text() == "Lead with Ownership: open, stress and keep short as its angle does"
    assert plan.locator(".lp-plan-advice").inner_text() == ('Make "nobody owned it" the thread, and end on the alert '
                                                            "other teams adopted.")
    assert plan.locator(".lp-plan-stress").count() == 0  # the angle's stress is its LP-angle card's answer
    steps = page.locator(".lp-outline > li")
    assert steps.locator(".lp-outline-step").all_inner_texts() == ["Situation", "Task", "Action", "Result",
                                                                  "Reflection"]
    assert steps.locator(".lp-outline-target").all_inner_texts() == ["30s", "20s", "90s", "20s", "15s"]
    assert steps.nth(0).locator(".lp-outline-phrase").all_inner_texts() == ["I noticed", "no team owned"]
    assert steps.nth(2).locator(".lp-outline-phrase").all_inner_texts() == ["I traced", "shipped a fix"]
    checks = page.locator(".lp-checks > li")
    assert checks.count() == 5 and checks.nth(0).inner_text().startswith("Scope said before the first action")
    # every clause of the result with a number, in digits or in words; the time counted down from
    assert page.locator(".lp-numbers li").all_inner_texts() == ["The error rate went from 0.3% to zero",
                                                               "saving $8K a week", "Two teams adopted the alert"]
    assert page.locator(".lp-numbers strong").all_inner_texts() == ["0.3%", "zero", "$8K", "Two"]
    assert checks.nth(4).inner_text() == f"Inside {TOLD_TOTAL}"
    listen = page.locator(".lp-listen .replay-button")
    assert listen.is_visible()
    assert listen.evaluate("b => getComputedStyle(b, '::after').content") == '"Listen to the whole story"'
    _assert_reads_well(page, "tell-it back", night)
    _screenshot(page, f"tell-levels-{'night' if night else 'light'}-back")
    assert phone.errors.messages == []


@pytest.fixture
def told_at_sde1(tmp_path, collection):
    """The Tell-it card of TELL_SOURCES built for a learner interviewing at SDE1, rendered by Anki."""
    from test_tell import package_at_level

    for name, text in TELL_SOURCES.items():
        (tmp_path / "decks" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "decks" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    import_package(collection, package_at_level(tmp_path / "decks", "SDE1", tmp_path / "all.apkg"))
    (card,) = [c for c in render_collection(collection) if c.notetype == NOTETYPES["tell"].name]
    return card


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
def test_tell_it_at_a_level_counts_down_from_its_length_and_offers_the_others(phones, told_at_sde1, night):
    phone = phones(night=night)
    phone.page.clock.install(time=datetime(2030, 1, 7, 8, 0, 0))
    phone.page.clock.pause_at(datetime(2030, 1, 7, 8, 0, 1))
    page = phone.show(told_at_sde1, "front")
    timer = page.locator(".lp-timer")
    assert timer.inner_text() == "2:00" and page.locator(".lp-target").inner_text() == "2:00"  # "under two minutes"
    assert page.locator(".lp-length").all_inner_texts() == ["SDE I 2:00", "Steps 2:55", "Senior SDE 2:30"]
    assert _pressed(page) == ["SDE I 2:00"]
    _assert_reads_well(page, f"tell-it front at SDE1 ({'night' if night else 'light'})", night)
    page.locator(".lp-length", has_text="Steps").tap()
    assert timer.inner_text() == "2:55"
    page = phone.show(told_at_sde1, "back")
    assert page.locator(".lp-checks > li").last.inner_text() == "Inside 2:55"
    _assert_reads_well(page, f"tell-it back at SDE1 ({'night' if night else 'light'})", night)
    assert phone.errors.messages == []


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
def test_which_story_back_names_the_stories_the_principle_and_what_they_listen_for(phones, bank_cards, night):
    card = next(c for c in bank_cards if c.notetype == WHICH_STORY.name and not c.retired
                and "lp-also" in c.fields["Story"])  # a principle several stories serve
    best, others = _text(card.fields["Story"].split("<span")[0]), _text(card.fields["Story"].split(">", 1)[1])
    phone = phones(night=night)
    page = phone.show(card, "front")
    assert _text(card.fields["Question"]) in page.locator(".lp-prompt").inner_text()
    assert best not in page.locator("body").inner_text()  # the front asks; it does not tell
    page = phone.show(card, "back")
    assert page.locator(".lp-answer-lp").inner_text().splitlines() == [best, others]
    assert others.startswith("or: ") and page.locator(".lp-also").is_visible()
    assert page.locator(".lp-which-story h3").all_text_contents() == ["Lead with", "Open with what they listen for"]
    assert page.locator(".lp-which-story .lp-badge").inner_text() == _text(card.fields["LP"])
    assert page.locator(".lp-which-story .lp-strong").inner_text().endswith(_text(card.fields["Opening"]))
    _assert_reads_well(page, "which-story back", night)
    _screenshot(page, f"which-story-common-{'night' if night else 'light'}-back")
    assert phone.errors.messages == []


def test_tell_it_without_scripts_shows_the_target_the_levels_and_the_outline(phones, told):
    phone = phones(javascript=False)
    page = phone.show(told, "front")
    assert page.locator(".lp-timer").inner_text() == TOLD_TOTAL
    assert page.locator(".lp-lengths li").all_inner_texts() == TOLD_CHOICES[1:]
    assert page.locator(".lp-length").count() == 0 and page.locator(".lp-timer-button").is_hidden()
    _assert_reads_well(page, "tell-it front without JavaScript", False)
    page = phone.show(told, "back")
    assert page.locator(".lp-took").is_hidden() and page.locator(".lp-timer-box").is_hidden()
    assert page.locator(".lp-outline > li").count() == 5 and page.locator(".lp-numbers li").count() == 3
    assert page.locator(".lp-checks > li").last.inner_text() == f"Inside {TOLD_TOTAL}"  # the target as written
    _assert_reads_well(page, "tell-it back without JavaScript", False)


def test_tell_it_without_storage_counts_down_and_its_back_still_answers(phones, told):
    phone = phones(storage=False)  # as in Anki's previews
    phone.page.clock.install(time=datetime(2030, 1, 7, 8, 0, 0))
    phone.page.clock.pause_at(datetime(2030, 1, 7, 8, 0, 1))
    page = phone.show(told, "front")
    page.locator(".lp-length", has_text="Senior SDE").tap()
    page.clock.run_for(3_000)
    assert page.locator(".lp-timer").inner_text() == "2:27"
    page = phone.show(told, "back")
    assert page.locator(".lp-took").is_hidden()  # no start to measure from: no time rather than a wrong one
    assert page.locator(".lp-outline > li").count() == 5 and page.locator(".lp-listen .replay-button").is_visible()
    assert phone.errors.messages == []


# --- Listen: Anki's text to speech on the backs, clean on every client ------------------------------------------------

LISTENED = {"step": "Listen", "probe": "Listen", "tell": "Listen to the whole story"}


def _contrast(page, selector: str, pseudo: str = "") -> float:
    colours = page.locator(selector).first.evaluate(
        """(e, pseudo) => { const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        return [rgb(getComputedStyle(e, pseudo || null).color), rgb(getComputedStyle(e).backgroundColor)]; }""",
        pseudo)
    return _ratio(*colours)


def _ratio(one, other) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("kind", LISTENED)
def test_listen_is_a_clean_play_button_on_every_client_voice_or_not(phones, anki_cards, kind, client, night):
    """Where Anki's {{tts}} speaks, each client shows its play button, or nothing if the user hides play buttons; no
    client knows whether a voice exists, so "no voice" looks the same. The card stays clean on every one."""
    notetype = NOTETYPES[kind]
    card = _longest(anki_cards, notetype.name, notetype.templates[0].name)
    phone = phones(night=night)
    page = phone.show(card, "front", client)
    assert page.locator(".replay-button").count() == 0  # nothing to hear before the answer
    page = phone.show(card, "back", client)
    what = f"{kind} back on {client} ({'night' if night else 'light'})"
    _assert_reads_well(page, what, night)
    listen = page.locator(".lp-listen .replay-button")
    if client == "no play buttons":
        assert listen.count() == 0
        assert page.locator(".lp-listen").evaluate("e => e.getBoundingClientRect().height") == 0
    else:
        assert listen.count() == 1 and listen.is_visible()
        box = listen.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
        assert listen.evaluate("b => getComputedStyle(b, '::after').content") == f'"{LISTENED[kind]}"'
        assert _contrast(page, ".lp-listen .replay-button", "::after") >= 4.5, what
        fills = listen.evaluate("""b => [...b.querySelectorAll("circle, path")].map(e => getComputedStyle(e).fill)
            .concat([getComputedStyle(b).backgroundColor]).map(c => c.match(/[\\d.]+/g).slice(0, 3).map(Number))""")
        circle, arrow, button = fills
        assert _ratio(circle, button) >= 3 and _ratio(arrow, circle) >= 3, (what, fills)  # WCAG non-text contrast
        section = listen.evaluate("b => b.closest('.lp-section, .lp') && b.closest('.lp-section, .lp').className")
        assert "lp-strong" in section or kind == "tell", section  # under the strong text it reads out
    _screenshot(page, f"listen-{kind}-{client.replace(' ', '-')}-{'night' if night else 'light'}-back")
    assert phone.errors.messages == []


# --- the preview -----------------------------------------------------------------------------------------------------

def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("built", ["built_decks", "built_bank"])
def test_preview_renders_every_card_as_anki_does(built, request):
    built_decks = request.getfixturevalue(built)
    anki_cards = request.getfixturevalue("anki_cards" if built == "built_decks" else "bank_cards")
    notes = next(d for d in compile_sources(load_sources(resolve([built_decks.parent / "decks"]))) if d.name == "all").notes
    ours = {(card.note.guid, card.ord): card for note in notes for card in render_cards(note)}
    current = [anki for anki in anki_cards if anki.guid in {note.guid for note in notes}]  # all.apkg also has retired
    assert sorted(ours) == sorted((anki.guid, anki.ord) for anki in current)
    for anki in current:
        card = ours[(anki.guid, anki.ord)]
        assert card.template == anki.template
        assert _normal(card.question) == _normal(anki.question), anki.guid
        assert _normal(card.answer) == _normal(anki.answer), anki.guid
        assert card.css == anki.css


def test_render_template_follows_anki_syntax():
    fields = {"A": "<b>x</b>", "Empty": " <br> <div></div> ", "B": "{{A}}"}
    assert render_template("{{A}}|{{ B }}", fields) == "<b>x</b>|{{A}}"  # field text is inserted as-is
    assert render_template("{{#A}}yes{{/A}}{{#Empty}}no{{/Empty}}{{^Empty}}none{{/Empty}}", fields) == "yesnone"
    assert render_template("{{#A}}{{#Empty}}in{{/Empty}}out{{/A}}", fields) == "out"
    # rslib's tts filter; render_cards then leaves the play reference, as render_output() does (compared below)
    assert render_template("{{tts en_US:A}}", fields) == "[anki:tts lang=en_US]<b>x</b>[/anki:tts]"
    for broken, message in (("{{Nope}}", "unknown field {{Nope}}"), ("{{#A}}x", "never closed"),
                            ("{{#A}}x{{/Empty}}", "closes no open section")):
        with pytest.raises(TemplateError, match=re.escape(message)):
            render_template(broken, fields)


@pytest.mark.parametrize("value", ["", " \n ", " <br> ", "<BR/>", "<div><br></div>", "<p></p>", "&nbsp;", "0"])
def test_render_template_empty_field_rule_matches_anki(collection, value):
    notetype = collection.models.by_name("Basic")
    notetype["tmpls"][0]["afmt"] = "{{#Back}}filled{{/Back}}|{{^Back}}empty{{/Back}}"
    collection.models.save(notetype)
    note = collection.new_note(notetype)
    note["Front"], note["Back"] = "x", value
    collection.add_note(note, collection.decks.id("Default"))
    anki = note.cards()[0].render_output(reload=True).answer_text
    assert render_template(notetype["tmpls"][0]["afmt"], {"Back": value}) == anki


def test_preview_command_writes_a_self_contained_page(browser, anki_cards, built_decks, tmp_path):
    output = tmp_path / "out" / "preview.html"
    result = run_cli("preview", str(built_decks.parent / "decks"), "-o", str(output))
    assert result.exit_code == 0, result.output
    notes = {note.guid for note in compile_sources(load_sources(resolve([built_decks.parent / "decks"])))[-1].notes}
    cards = [c for c in anki_cards if c.guid in notes]  # all.apkg also carries the retired notes, the preview not
    assert result.output == f"wrote {output}: {len(cards)} cards from {len(notes)} notes\n"
    text = output.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = []
    context.route(re.compile(r"^(?!file:|about:|data:)"), lambda route: (requests.append(route.request.url), route.abort()))
    try:
        page = context.new_page()
        errors = Errors(page)
        page.goto(output.as_uri())
        assert page.locator(".lp-card").count() == len(cards)
        assert page.locator("iframe").count() < 2 * len(cards)  # only cards near the screen have rendered
        # cards render as they come near the screen: the first ones at once, the last ones after scrolling down
        rendered = """([first, night]) => {
            const cards = [...document.querySelectorAll(".lp-card")];
            const frames = (first ? cards.slice(0, 1) : cards.slice(-1)).flatMap(s => [...s.querySelectorAll("iframe")]);
            return frames.every(f => f.contentDocument && f.contentDocument.readyState === "complete" &&
              f.contentDocument.querySelector(".lp") && f.contentDocument.body.classList.contains("card") &&
              f.contentDocument.body.classList.contains("nightMode") === night &&
              f.contentDocument.body.classList.contains("night_mode") === night);
        }"""
        page.wait_for_function(rendered, arg=[True, False], timeout=10_000)
        assert page.evaluate("document.querySelector('iframe').getBoundingClientRect().width") == 390

        page.locator("#theme").click()
        page.wait_for_function(rendered, arg=[True, True], timeout=10_000)
        page.locator(".lp-card").last.scroll_into_view_if_needed()
        page.wait_for_function(rendered, arg=[False, True], timeout=10_000)
        page.locator(".lp-card").first.scroll_into_view_if_needed()
        page.wait_for_function(rendered, arg=[True, True], timeout=10_000)

        page.locator("#width").select_option("360")
        assert page.evaluate("document.querySelector('iframe').getBoundingClientRect().width") == 360

        # tapping an option on a quiz's front shows the choice on its back, as in a review
        quiz = page.locator('.lp-card[data-kind="mcq"]').first
        quiz.scroll_into_view_if_needed()
        front, back = quiz.locator("iframe").nth(0), quiz.locator("iframe").nth(1)
        option = front.content_frame.locator(".lp-option").first
        key = option.get_attribute("data-key")
        option.click()
        back.content_frame.locator(f'.lp-option[data-key="{key}"] .lp-verdict', has_text="Your choice").wait_for(
            timeout=5_000)

        page.locator("#kind").select_option("step")
        shown = page.locator(".lp-card:visible").count()
        assert shown == sum(1 for c in anki_cards if c.notetype == NOTETYPES["step"].name)
        assert errors.messages == []
        assert requests == []
    finally:
        context.close()


def test_preview_shows_anki_play_buttons_that_do_nothing(browser, tmp_path):
    """Where Anki's {{tts}} speaks, the preview shows the play button, styled as on the cards; tapping it is harmless."""
    from sources import write_sources

    output = tmp_path / "preview.html"
    assert run_cli("preview", str(write_sources(tmp_path / "decks")), "-o", str(output)).exit_code == 0
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors = Errors(page)
        page.goto(output.as_uri())
        for kind, count in (("step", 2), ("probe", 1), ("tell", 1)):
            page.locator("#kind").select_option(kind)
            assert page.locator(".lp-card:visible").count() == count, kind
            card = page.locator(".lp-card:visible").first
            card.scroll_into_view_if_needed()
            back = card.locator("iframe").nth(1).content_frame
            listen = back.locator(".lp-listen .replay-button")
            listen.wait_for(timeout=5_000)
            assert listen.bounding_box()["height"] >= 44
            listen.click()
            assert back.locator(".lp-listen").count() == 1 and "[anki:" not in back.locator("body").inner_text()
        assert page.url == output.as_uri() + page.evaluate("location.hash") and errors.messages == []
    finally:
        context.close()


def test_preview_reports_bad_sources_and_writes_nothing(tmp_path):
    bad = tmp_path / "decks" / "broken.yaml"
    bad.parent.mkdir()
    bad.write_text("walkthrough: broken\ntitle: [unclosed\n", encoding="utf-8")
    output = tmp_path / "preview.html"
    result = run_cli("preview", str(bad.parent), "-o", str(output))
    assert result.exit_code == 1
    assert re.match(rf"{re.escape(str(bad))}:\d+:\d+: ", result.stderr)
    assert not output.exists()
