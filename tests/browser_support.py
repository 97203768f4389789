"""Helpers for the browser tests: Debian's Chromium through Playwright, and cards as the official anki library renders them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path(os.environ.get("LPDECK_CHROMIUM", "/usr/bin/chromium"))
# No downloads, no background traffic: the browser only ever sees the pages the tests hand it.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-default-apps", "--mute-audio"]
PHONE = {"width": 390, "height": 844}
# A real (never resolved) origin: sessionStorage needs one, and pages served here share it, front to back.
ORIGIN = "http://cards.lpdeck.test"
OUTPUT = Path(__file__).resolve().parent / "output"


@dataclass(frozen=True)
class RenderedCard:
    """One card as Anki renders it, with its note's identity and fields."""

    notetype: str
    template: str
    ord: int
    guid: str
    fields: dict[str, str]
    question: str
    answer: str
    css: str
    retired: bool = False  # tagged lpdeck::retired: shipped for the collections that have it, not a card to learn


def render_collection(col) -> list[RenderedCard]:
    """Render every card of an anki Collection with the official library."""
    cards = []
    for card_id in sorted(col.find_cards("")):
        card = col.get_card(card_id)
        note = card.note()
        notetype = card.note_type()
        output = card.render_output(reload=True)
        template = notetype["tmpls"][0 if notetype["type"] == 1 else card.ord]  # a cloze note type has one template
        cards.append(RenderedCard(notetype["name"], template["name"], card.ord, note.guid,
                                  dict(note.items()), output.question_text, output.answer_text, output.css,
                                  "lpdeck::retired" in note.tags))
    return cards


def card_page(html: str, css: str, ord_: int, night: bool) -> str:
    """Wrap card HTML the way Anki's reviewers do: the CSS, and the card in <body class="card cardN">."""
    # Desktop marks night mode with "nightMode", AnkiDroid with "night_mode": a night page carries both.
    classes = f"card card{ord_ + 1}" + (" nightMode night_mode" if night else "")
    return ('<!doctype html><html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<style>{css}</style></head><body class=\"{classes}\">{html}</body></html>")


class CardSite:
    """Serves pages at ORIGIN inside one browser context, so front and back share its sessionStorage."""

    def __init__(self, context):
        self.pages: dict[str, str] = {}
        context.route(f"{ORIGIN}/**", self._serve)

    def _serve(self, route) -> None:
        path = route.request.url[len(ORIGIN):]
        if path in self.pages:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.pages[path])
        else:
            route.fulfill(status=404, body="not found")

    def add(self, name: str, html: str) -> str:
        """Publish ``html`` at ``/name``; return its URL."""
        self.pages[f"/{name}"] = html
        return f"{ORIGIN}/{name}"


class Errors:
    """Collects uncaught exceptions and console errors of a page."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))
        page.on("console", lambda message: message.type == "error" and self.messages.append(f"console: {message.text}"))


# Anything wider than the viewport: the page itself, or any element sticking out to the right.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).replace(/ +/g, ".") : ""));
  return {width, scrollWidth: document.documentElement.scrollWidth, wide};
}"""

# WCAG contrast of every visible piece of text against the background it is painted on (alpha composited).
CONTRAST_JS = """() => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = element => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reduceRight((acc, layer) => over(layer, acc), [255, 255, 255, 1]);
  };
  const luminance = c => {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const results = [];
  for (const e of document.querySelectorAll("body *")) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.nodeValue.trim());
    if (!own || !e.getClientRects().length) continue;
    const style = getComputedStyle(e);
    if (style.visibility === "hidden" || style.opacity === "0") continue;
    const bg = background(e);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    results.push({text: e.textContent.trim().slice(0, 40), ratio: (hi + 0.05) / (lo + 0.05),
                  large: parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.6 && +style.fontWeight >= 700)});
  }
  return results;
}"""

# The body's background and text colours, as [r, g, b].
BODY_COLOURS_JS = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const style = getComputedStyle(document.body);
  return {background: rgb(style.backgroundColor), color: rgb(style.color)};
}"""


# --- Play buttons: what each client puts where Anki's render_output() leaves "[anki:play:a:0]" ----------------------
# Anki desktop (qt/aqt/sound.py, av_refs_to_play_icons; qt/aqt/main.py, _add_play_buttons) and AnkiDroid
# (com/ichi2/libanki/Sound.kt, avRefsToPlayIcons) write the markup below, copied from their sources; with the
# preference "show play buttons" off both strip the reference (anki.sound.strip_av_refs). No client shows the
# reference's text, and none knows whether the device has a voice: where none exists, the button is there all the same
# and only tapping it reports the missing voice (desktop: a tooltip; AnkiDroid: a dialog).
_DESKTOP_BUTTON = """
<a class="replay-button soundLink" href=# onclick="pycmd('{ref}'); return false;">
    <svg class="playImage" viewBox="0 0 64 64" version="1.1">
        <circle cx="32" cy="32" r="29" />
        <path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z" />
    </svg>
</a>"""
_ANKIDROID_BUTTON = """<a class="replay-button soundLink" href=playsound:{side}:{index}><span>
    <svg class="playImage" viewBox="0 0 64 64" version="1.1">
        <circle cx="32" cy="32" r="29" fill="lightgrey"/>
        <path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z" fill="black"/>Replay
    </svg>
</span></a>"""
CLIENTS = ("ankidroid", "desktop", "no play buttons")


def with_play_buttons(card_html: str, client: str = "ankidroid") -> str:
    """Card HTML from render_output() as ``client`` shows it (see CLIENTS)."""
    from anki.sound import AV_REF_RE, strip_av_refs

    if client == "no play buttons":
        return strip_av_refs(card_html)
    if client == "desktop":
        return AV_REF_RE.sub(lambda m: _DESKTOP_BUTTON.format(ref=m.group(1)), card_html)
    assert client == "ankidroid", client
    return AV_REF_RE.sub(lambda m: _ANKIDROID_BUTTON.format(side=m.group(2), index=m.group(3)), card_html)
