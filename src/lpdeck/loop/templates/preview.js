// The preview page: every card's front and back in frames, as Anki shows them. The page's settings (night mode,
// width, filter) and the card and side last looked at live in the URL's hash, so that a reload (by hand, or by
// `lpdeck watch` after a rebuild) brings the author back to where they were.
(function () {
  var data = JSON.parse(document.getElementById("lpdeck-data").textContent);
  var main = document.getElementById("cards");
  var controls = {
    theme: document.getElementById("theme"), width: document.getElementById("width"),
    kind: document.getElementById("kind"), filter: document.getElementById("filter")
  };
  var state = readState();
  var night = state.night === "1";
  var entries = [];
  var byId = {};

  function readState() {
    var params = new URLSearchParams(location.hash.slice(1));
    var read = {};
    ["card", "side", "night", "width", "kind", "q"].forEach(function (name) { read[name] = params.get(name) || ""; });
    return read;
  }
  function saveState() {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    history.replaceState(null, "", "#" + params.toString());
  }

  function cardDocument(card, side) {
    // The page Anki shows: the note type's CSS, and the card's HTML in <body class="card cardN">.
    var classes = "card card" + card.ord + (night ? " nightMode night_mode" : "");
    return "<!doctype html><html><head><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<style>" + data.css[card.kind] + "</style></head><body class=\"" + classes + "\">" +
      card[side] + "</body></html>";
  }
  function fit(frame) {
    try {
      frame.style.height = Math.max(120, frame.contentDocument.documentElement.scrollHeight + 2) + "px";
    } catch (e) { frame.style.height = "640px"; }
  }
  function follow(frame) {
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
  function onClickIn(frame, handler) {
    try { frame.contentDocument.addEventListener("click", handler); } catch (e) { /* not readable */ }
  }
  function show(entry) {
    entry.shown = night;
    if (!entry.front) {
      entry.front = frameIn(entry.slots[0], "Front of " + entry.card.key);
      entry.back = frameIn(entry.slots[1], "Back of " + entry.card.key);
    }
    // The front first: it shuffles a quiz and stores the order, which the back then reads, as in a review.
    entry.back.onload = function () {
      follow(entry.back);
      onClickIn(entry.back, function () { choose(entry, "back"); });
    };
    entry.front.onload = function () {
      follow(entry.front);
      onClickIn(entry.front, function (event) {
        choose(entry, "front");
        if (event.target.closest && event.target.closest(".lp-option")) {
          setTimeout(function () { entry.back.srcdoc = cardDocument(entry.card, "back"); }, 50);
        }
      });
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
  function mark(entry, side) {
    document.querySelectorAll(".lp-side.lp-current").forEach(function (node) { node.classList.remove("lp-current"); });
    entry.sides[side === "back" ? 1 : 0].classList.add("lp-current");
  }
  function choose(entry, side) {
    state.card = entry.id;
    state.side = side;
    mark(entry, side);
    saveState();
  }
  function addCard(card) {
    var id = card.key + "~" + card.ord;
    var section = element("section", "lp-card");
    section.setAttribute("data-kind", card.kind);
    section.setAttribute("data-card", id);
    var title = element("h3", "", card.label + " \u00b7 ");
    title.appendChild(element("code", "", card.key));
    section.appendChild(title);
    var sides = element("div", "lp-sides");
    var entry = { id: id, card: card, shown: null, section: section, slots: [], sides: [],
                  front: null, back: null, text: null };
    ["Front", "Back"].forEach(function (label) {
      var side = element("div", "lp-side");
      side.setAttribute("data-side", label.toLowerCase());
      side.appendChild(element("span", "", label));
      entry.slots.push(side.appendChild(element("div", "lp-slot")));
      entry.sides.push(side);
      sides.appendChild(side);
    });
    title.addEventListener("click", function () { choose(entry, state.card === entry.id ? state.side : "front"); });
    section.appendChild(sides);
    section.lpEntry = entry;
    main.appendChild(section);
    entries.push(entry);
    byId[entry.id] = entry;
  }
  var deck = null;
  data.cards.forEach(function (card) {
    if (card.deck !== deck) {
      deck = card.deck;
      main.appendChild(element("h2", "", deck));
    }
    addCard(card);
  });

  function applyNight() {
    controls.theme.setAttribute("aria-pressed", night ? "true" : "false");
    document.documentElement.classList.toggle("dark", night);
  }
  function applyWidth() {
    document.documentElement.style.setProperty("--frame-width", controls.width.value + "px");
  }
  controls.theme.addEventListener("click", function () {
    night = !night;
    state.night = night ? "1" : "";
    saveState();
    applyNight();
    entries.forEach(function (entry) {
      if (entry.shown === null) return;
      if (nearby) { nearby.unobserve(entry.section); nearby.observe(entry.section); } else show(entry);
    });
  });
  controls.width.addEventListener("change", function () {
    state.width = this.value;
    saveState();
    applyWidth();
  });

  // What the reader sees: the cards' text content, with entities decoded and scripts and styles left out, so that
  // searching "<" finds a card showing "<" and "&" does not find every card whose HTML has "&lt;".
  function readerText(entry) {
    if (entry.text === null) {
      var doc = new DOMParser().parseFromString(entry.card.front + " " + entry.card.back, "text/html");
      doc.querySelectorAll("script, style, template, noscript").forEach(function (node) { node.remove(); });
      entry.text = normal(entry.card.label + " " + entry.card.key + " " + doc.body.textContent);
    }
    return entry.text;
  }
  function normal(text) {
    return text.replace(/\s+/g, " ").trim().toLowerCase();
  }
  function filter() {
    var kind = controls.kind.value;
    var text = normal(controls.filter.value);
    state.kind = kind;
    state.q = controls.filter.value;
    saveState();
    entries.forEach(function (entry) {
      entry.section.hidden = Boolean((kind && entry.card.kind !== kind) ||
        (text && readerText(entry).indexOf(text) < 0));
    });
  }
  controls.kind.addEventListener("change", filter);
  controls.filter.addEventListener("input", filter);

  // Back to where the author was: settings, filter, then the card and side they looked at last.
  applyNight();
  if (state.width && controls.width.querySelector("option[value=\"" + CSS.escape(state.width) + "\"]")) {
    controls.width.value = state.width;
  }
  applyWidth();
  if (state.kind && controls.kind.querySelector("option[value=\"" + CSS.escape(state.kind) + "\"]")) {
    controls.kind.value = state.kind;
  }
  controls.filter.value = state.q;
  if (state.kind || state.q) filter();
  var current = byId[state.card];
  if (current) {
    mark(current, state.side);
    current.section.scrollIntoView({ block: "start" });
  }
  entries.forEach(function (entry) { if (nearby) nearby.observe(entry.section); else show(entry); });

  // Served by `lpdeck watch`: reload when a rebuild changed the cards; show the sources' problems meanwhile.
  function topmostVisible() {
    for (var i = 0; i < entries.length; i++) {
      var box = entries[i].section.getBoundingClientRect();
      if (!entries[i].section.hidden && box.bottom > 80) return entries[i];
    }
    return null;
  }
  function looking() {
    var chosen = byId[state.card];
    if (chosen) {
      var box = chosen.section.getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) return;
    }
    var top = topmostVisible();
    if (top) { state.card = top.id; state.side = state.side || "front"; }
  }
  if (data.live && window.EventSource) {
    var problems = document.getElementById("problems");
    new EventSource(data.live).onmessage = function (event) {
      var news = JSON.parse(event.data);
      problems.textContent = news.problems;
      problems.hidden = !news.problems;
      if (news.version !== data.version) {
        looking();
        saveState();
        location.reload();
      }
    };
  }
})();
