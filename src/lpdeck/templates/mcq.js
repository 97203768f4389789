/* Multiple choice: options become real buttons, shuffled once per review. The order and the choice are kept in
   sessionStorage so that the back (which includes the front, and so runs this script again) shows the same order and can
   mark the choice. Without storage the back still marks the correct options, in the authored order. */
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
  var storageKey = "lpdeck-mcq:" + (list.getAttribute("data-id") || "");
  var store = null;
  try { store = window.sessionStorage; store.setItem("lpdeck-probe", "1"); store.removeItem("lpdeck-probe"); }
  catch (e) { store = null; }

  function load() {
    if (!store) return null;
    try {
      var s = JSON.parse(store.getItem(storageKey));
      if (s && s.order && s.order.length === keys.length &&
          s.order.every(function (k) { return byKey.hasOwnProperty(k); })) return s;
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
    button.className = "lp-option";
    button.setAttribute("data-key", k);
    button.setAttribute("aria-pressed", state.chosen.indexOf(k) >= 0 ? "true" : "false");
    button.innerHTML = li.innerHTML;
    li.innerHTML = "";
    li.appendChild(button);
    list.appendChild(li);
    buttons[k] = button;
  });
  list.classList.add("lp-interactive");

  var hint = document.querySelector(".lp-mcq .lp-choose");
  if (hint) hint.textContent = correct.length > 1 ? "Choose " + correct.length + " answers." : "Choose one answer.";

  if (!isBack) {
    list.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest(".lp-option") : null;
      if (!button) return;
      var k = button.getAttribute("data-key");
      var at = state.chosen.indexOf(k);
      if (at >= 0) state.chosen.splice(at, 1);
      else if (correct.length > 1) state.chosen.push(k);
      else state.chosen = [k];
      keys.forEach(function (key) {
        buttons[key].setAttribute("aria-pressed", state.chosen.indexOf(key) >= 0 ? "true" : "false");
      });
      save(state);
    });
    return;
  }

  keys.forEach(function (k) {
    var button = buttons[k];
    var isCorrect = correct.indexOf(k) >= 0;
    var isChosen = state.chosen.indexOf(k) >= 0;
    button.disabled = true;
    if (!isCorrect && !isChosen) return;
    button.classList.add(isCorrect ? "lp-correct" : "lp-wrong");
    var verdict = document.createElement("span");
    verdict.className = "lp-verdict";
    verdict.textContent = isCorrect ? (isChosen ? "\u2713 your choice" : "\u2713 correct") : "\u2717 your choice";
    button.insertBefore(verdict, button.firstChild);
  });
  var result = document.querySelector(".lp-mcq .lp-result");
  if (result && known && state.chosen.length) {
    var right = state.chosen.length === correct.length &&
      state.chosen.every(function (k) { return correct.indexOf(k) >= 0; });
    result.textContent = right ? "Right." : "Not quite.";
    result.classList.add(right ? "lp-right" : "lp-missed");
  }
})();
