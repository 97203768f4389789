/* Multiple choice: options become real buttons, shuffled once per review. The order and the choice are kept in
   sessionStorage so that the back (which includes the front, and so runs this script again) shows the same order and can
   mark the choice. Without storage the back marks the correct options in the authored order; without scripts the
   stylesheet marks them (and the back's own sections always show the answer and the explanation). */
(function () {
  var list = document.querySelector(".lp-mcq .lp-options");
  if (!list || list.getAttribute("data-lp-ready")) return;
  list.setAttribute("data-lp-ready", "1");
  var isBack = !!document.getElementById("lpdeck-back");
  var items = Array.prototype.slice.call(list.children);
  var byKey = {};
  var keys = items.map(function (li) { var k = li.getAttribute("data-key"); byKey[k] = li; return k; });
  var correct = items.filter(function (li) { return li.hasAttribute("data-correct"); })
    .map(function (li) { return li.getAttribute("data-key"); });
  var multiple = correct.length > 1;
  var storageKey = "lpdeck-mcq:" + (list.getAttribute("data-id") || "");
  var store = null;
  try { store = window.sessionStorage; store.setItem("lpdeck-probe", "1"); store.removeItem("lpdeck-probe"); }
  catch (e) { store = null; }

  function load() {
    if (!store) return null;
    try {
      var s = JSON.parse(store.getItem(storageKey));
      if (s && s.order && s.chosen && s.order.length === keys.length &&
          s.order.every(function (k) { return byKey.hasOwnProperty(k); }) &&
          s.chosen.every(function (k) { return byKey.hasOwnProperty(k); })) return s;
    } catch (e) { /* unreadable state: start afresh */ }
    return null;
  }
  function save(state) {
    if (!store) return;
    try { store.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* full or blocked: nothing to keep */ }
  }
  function shuffle(a) {
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)); var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }
  function chosen(k) { return state.chosen.indexOf(k) >= 0; }

  // The front always starts a new review; the back reuses the front's order and choice when storage kept them.
  var state = isBack ? load() : null;
  var known = !!state;
  if (!state) {
    state = { order: isBack ? keys.slice() : shuffle(keys.slice()), chosen: [] };
    if (!isBack) save(state);
  }

  var buttons = {};
  state.order.forEach(function (k) {
    var li = byKey[k];
    var button = document.createElement("button");
    button.type = "button";
    button.className = "lp-option tappable";
    button.setAttribute("data-key", k);
    button.setAttribute("aria-pressed", chosen(k) ? "true" : "false");
    var letter = document.createElement("span");
    letter.className = "lp-letter";
    letter.setAttribute("aria-hidden", "true");
    var text = document.createElement("span");
    text.className = "lp-option-text";
    while (li.firstChild) text.appendChild(li.firstChild);
    button.appendChild(letter);
    button.appendChild(text);
    li.appendChild(button);
    list.appendChild(li);
    buttons[k] = button;
  });
  list.classList.add("lp-interactive");
  if (multiple) list.classList.add("lp-multi");

  var hint = document.querySelector(".lp-mcq .lp-choose");
  if (hint) hint.textContent = multiple ? "Choose " + correct.length + " answers." : "Choose one answer.";

  if (!isBack) {
    list.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest(".lp-option") : null;
      if (!button) return;
      var k = button.getAttribute("data-key");
      if (chosen(k)) state.chosen.splice(state.chosen.indexOf(k), 1);
      else if (multiple) state.chosen.push(k);
      else state.chosen = [k];
      keys.forEach(function (key) { buttons[key].setAttribute("aria-pressed", chosen(key) ? "true" : "false"); });
      save(state);
    });
    return;
  }

  var answered = known && state.chosen.length > 0;
  keys.forEach(function (k) {
    var button = buttons[k];
    var isCorrect = correct.indexOf(k) >= 0;
    button.disabled = true;
    if (!isCorrect && !chosen(k)) return;
    button.classList.add(isCorrect ? "lp-correct" : "lp-wrong");
    var verdict = document.createElement("span");
    verdict.className = "lp-verdict";
    // The round marker shows the tick or cross; the words say it for screen readers and in any colour.
    verdict.textContent = !isCorrect ? "Your choice \u00b7 wrong" : chosen(k) ? "Your choice \u00b7 correct"
      : answered && multiple ? "Correct \u00b7 missed" : "Correct";
    button.querySelector(".lp-option-text").insertBefore(verdict, button.querySelector(".lp-option-text").firstChild);
  });
  var result = document.querySelector(".lp-mcq .lp-result");
  if (!result || !known) return;
  var right = state.chosen.length === correct.length && state.chosen.every(function (k) { return correct.indexOf(k) >= 0; });
  result.textContent = !answered ? "No option chosen." : right ? "\u2713 Right." : "\u2717 Not quite.";
  result.classList.add(!answered ? "lp-none" : right ? "lp-right" : "lp-missed");
})();
