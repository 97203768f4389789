"""Render every card as Anki would, into one self-contained HTML page an author can open in a browser.

Anki is not needed: our templates use only ``{{Field}}``, ``{{#Field}}…{{/Field}}``, ``{{^Field}}…{{/Field}}`` and
``{{FrontSide}}``, and field values are HTML already, so a small renderer reproduces Anki's output
(``tests/test_browser.py`` compares the two for every card of the repository's decks).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .compile import Note
from .notetypes import NOTETYPES

_TAG = re.compile(r"\{\{(.*?)\}\}", re.S)
# Anki's rule (rslib template.rs, field_is_empty): only whitespace, <br> and <div> tags count as empty.
_EMPTY = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.I)


class TemplateError(ValueError):
    """A template uses a field or syntax this renderer does not know; a bug in lpdeck's templates."""


def _value(fields: Mapping[str, str], name: str) -> str:
    if name not in fields:
        raise TemplateError(f"unknown field {{{{{name}}}}}")
    return fields[name]


def render_template(template: str, fields: Mapping[str, str]) -> str:
    """Fill ``template`` with ``fields`` (HTML) the way Anki does for the syntax our templates use."""
    out: list[str] = []
    sections: list[tuple[str, bool]] = []  # open sections: (field, shown)
    position = 0
    for match in _TAG.finditer(template):
        shown = all(visible for _, visible in sections)
        if shown:
            out.append(template[position:match.start()])
        position = match.end()
        tag = match.group(1).strip()
        if tag[:1] in ("#", "^"):
            name = tag[1:].strip()
            filled = not _EMPTY.match(_value(fields, name))
            sections.append((name, filled == (tag[0] == "#")))
        elif tag[:1] == "/":
            name = tag[1:].strip()
            if not sections or sections[-1][0] != name:
                raise TemplateError(f"{{{{/{name}}}}} closes no open section")
            sections.pop()
        elif shown:
            out.append(_value(fields, tag))
    if sections:
        raise TemplateError(f"section {{{{#{sections[-1][0]}}}}} is never closed")
    out.append(template[position:])
    return "".join(out)


@dataclass(frozen=True)
class Card:
    """One card as Anki renders it: question and answer HTML, its note type's CSS, and where it comes from."""

    note: Note
    template: str
    ord: int  # 0-based, as in Anki; the card's <body> has class "card{ord + 1}"
    question: str
    answer: str
    css: str


def render_cards(note: Note) -> list[Card]:
    """Render every card of ``note``: front first, then the back with ``{{FrontSide}}`` filled in."""
    notetype = NOTETYPES[note.kind]
    fields = dict(zip(notetype.fields, note.fields))
    cards = []
    for ord_, template in enumerate(notetype.templates):
        question = render_template(template.front, fields)
        answer = render_template(template.back, {**fields, "FrontSide": question})
        cards.append(Card(note, template.name, ord_, question, answer, notetype.css))
    return cards


def _label(card: Card) -> str:
    kind = NOTETYPES[card.note.kind].name.removeprefix("lpdeck · ")
    return kind if card.template == kind else f"{kind} · {card.template}"


def _json_for_script(data: object) -> str:
    # Inside <script>, "</script>" or "<!--" in card text would end the element early; \u003c is the same string.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def preview_html(notes: list[Note], source_label: str) -> str:
    """Return the preview page: every card of ``notes``, front and back, grouped by deck."""
    decks = list(dict.fromkeys(note.deck for note in notes))
    notes = sorted(notes, key=lambda note: decks.index(note.deck))  # stable: one group per deck, in source order
    cards = [card for note in notes for card in render_cards(note)]
    styles = {card.note.kind: card.css for card in cards}
    data = {
        "css": styles,
        "cards": [
            {"deck": c.note.deck, "kind": c.note.kind, "label": _label(c),
             "key": c.note.key, "ord": c.ord + 1, "front": c.question, "back": c.answer}
            for c in cards
        ],
    }
    kinds = "".join(f'<option value="{html.escape(kind)}">{html.escape(nt.name)}</option>'
                    for kind, nt in NOTETYPES.items() if kind in styles)
    summary = f"{len(cards)} cards from {len(notes)} notes · {source_label}"
    values = {"SUMMARY": html.escape(summary), "KINDS": kinds, "DATA": _json_for_script(data)}
    # One pass, so that a placeholder-like text in a path or a card is never replaced in turn.
    return re.sub(r"__(SUMMARY|KINDS|DATA)__", lambda m: values[m.group(1)], _PAGE)


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lpdeck preview</title>
<style>
  :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --bg: #eef1f4; --panel: #ffffff; --line: #d1d9e0;
    --accent: #0b5cad; }
  :root.dark { color-scheme: dark; --ink: #e6edf3; --muted: #9da7b3; --bg: #0d1014; --panel: #1b1f24; --line: #3d444d;
    --accent: #6cb6ff; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", Helvetica,
    Arial, sans-serif; color: var(--ink); background: var(--bg); }
  header { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center;
    padding: 10px 16px; background: var(--panel); border-bottom: 1px solid var(--line); }
  header h1 { font-size: 17px; margin: 0; }
  header .summary { color: var(--muted); flex: 1 1 16rem; }
  header label { display: inline-flex; gap: 6px; align-items: center; }
  header select, header input, header button { font: inherit; color: var(--ink); background: var(--bg);
    border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; min-height: 36px; }
  header button[aria-pressed="true"] { border-color: var(--accent); color: var(--accent); font-weight: 600; }
  main { padding: 8px 16px 48px; }
  h2 { font-size: 16px; margin: 28px 0 8px; color: var(--muted); }
  .lp-card { margin: 0 0 22px; }
  .lp-card[hidden] { display: none; }
  .lp-card h3 { font-size: 13px; font-weight: 600; margin: 0 0 6px; color: var(--muted); }
  .lp-card h3 code { color: var(--ink); }
  .lp-sides { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  .lp-side { display: flex; flex-direction: column; gap: 4px; }
  .lp-side span { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
  iframe, .lp-slot { width: var(--frame-width, 390px); max-width: calc(100vw - 32px); height: 240px;
    border: 1px solid var(--line); border-radius: 14px; background: #fff; display: block; }
  :root.dark iframe, :root.dark .lp-slot { background: #15181c; }
</style>
</head>
<body>
<header>
  <h1>lpdeck preview</h1>
  <span class="summary">__SUMMARY__</span>
  <button type="button" id="theme" aria-pressed="false">Night mode</button>
  <label>Width <select id="width">
    <option value="360">360 px</option><option value="390" selected>390 px</option>
    <option value="430">430 px</option><option value="720">720 px (desktop)</option></select></label>
  <label>Cards <select id="kind"><option value="">all</option>__KINDS__</select></label>
  <label><input type="search" id="filter" placeholder="Search text"></label>
</header>
<noscript><p style="padding: 16px">The preview needs JavaScript to show the cards.</p></noscript>
<main id="cards"></main>
<script type="application/json" id="lpdeck-data">__DATA__</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("lpdeck-data").textContent);
  var main = document.getElementById("cards");
  var night = false;
  var entries = [];

  function cardDocument(card, side) {
    // The page Anki shows: the note type's CSS, and the card's HTML in <body class="card cardN">.
    var classes = "card card" + card.ord + (night ? " nightMode night_mode" : "");
    return "<!doctype html><html><head><meta charset=\\"utf-8\\">" +
      "<meta name=\\"viewport\\" content=\\"width=device-width, initial-scale=1\\">" +
      "<style>" + data.css[card.kind] + "</style></head><body class=\\"" + classes + "\\">" +
      card[side] + "</body></html>";
  }
  function fit(frame) {
    try {
      frame.style.height = Math.max(120, frame.contentDocument.documentElement.scrollHeight + 2) + "px";
    } catch (e) { frame.style.height = "640px"; }
  }
  function watch(frame) {
    try {
      new ResizeObserver(function () { fit(frame); }).observe(frame.contentDocument.body);
    } catch (e) { /* not readable: keep the height from fit() */ }
    fit(frame);
  }
  function frameIn(slot, title) {
    var frame = document.createElement("iframe");
    frame.title = title;
    slot.parentNode.replaceChild(frame, slot);
    return frame;
  }
  function show(entry) {
    entry.shown = night;
    if (!entry.front) {
      entry.front = frameIn(entry.slots[0], "Front of " + entry.card.key);
      entry.back = frameIn(entry.slots[1], "Back of " + entry.card.key);
    }
    // The front first: it shuffles a quiz and stores the order, which the back then reads, as in a review.
    entry.back.onload = function () { watch(entry.back); };
    entry.front.onload = function () {
      watch(entry.front);
      try {
        entry.front.contentDocument.addEventListener("click", function (event) {
          if (event.target.closest && event.target.closest(".lp-option")) {
            setTimeout(function () { entry.back.srcdoc = cardDocument(entry.card, "back"); }, 50);
          }
        });
      } catch (e) { /* not readable: the back shows the stored choice when it renders again */ }
      entry.back.srcdoc = cardDocument(entry.card, "back");
    };
    entry.front.srcdoc = cardDocument(entry.card, "front");
  }
  // Cards render when they come near the screen, so that a page of hundreds of cards opens at once.
  var nearby = "IntersectionObserver" in window ? new IntersectionObserver(function (seen) {
    seen.forEach(function (item) {
      var entry = item.target.lpEntry;
      if (item.isIntersecting && entry.shown !== night) show(entry);
    });
  }, { rootMargin: "800px 0px" }) : null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  var deck = null;
  data.cards.forEach(function (card) {
    if (card.deck !== deck) {
      deck = card.deck;
      main.appendChild(element("h2", "", deck));
    }
    var section = element("section", "lp-card");
    section.setAttribute("data-kind", card.kind);
    section.setAttribute("data-text", (card.back + " " + card.key).replace(/<[^>]*>/g, " ").toLowerCase());
    var title = element("h3", "", card.label + " \u00b7 ");
    title.appendChild(element("code", "", card.key));
    section.appendChild(title);
    var sides = element("div", "lp-sides");
    var entry = { card: card, shown: null, section: section, slots: [], front: null, back: null };
    ["Front", "Back"].forEach(function (label) {
      var side = element("div", "lp-side");
      side.appendChild(element("span", "", label));
      entry.slots.push(side.appendChild(element("div", "lp-slot")));
      sides.appendChild(side);
    });
    section.appendChild(sides);
    section.lpEntry = entry;
    main.appendChild(section);
    entries.push(entry);
    if (nearby) nearby.observe(section); else show(entry);
  });

  document.getElementById("theme").addEventListener("click", function () {
    night = !night;
    this.setAttribute("aria-pressed", night ? "true" : "false");
    document.documentElement.classList.toggle("dark", night);
    entries.forEach(function (entry) {
      if (entry.shown === null) return;
      if (nearby) { nearby.unobserve(entry.section); nearby.observe(entry.section); } else show(entry);
    });
  });
  document.getElementById("width").addEventListener("change", function () {
    document.documentElement.style.setProperty("--frame-width", this.value + "px");
  });
  function filter() {
    var kind = document.getElementById("kind").value;
    var text = document.getElementById("filter").value.trim().toLowerCase();
    entries.forEach(function (entry) {
      entry.section.hidden = Boolean((kind && entry.card.kind !== kind) ||
        (text && entry.section.getAttribute("data-text").indexOf(text) < 0));
    });
  }
  document.getElementById("kind").addEventListener("change", filter);
  document.getElementById("filter").addEventListener("input", filter);
})();
</script>
</body>
</html>
"""
