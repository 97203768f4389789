/* The countdown of the drill and of the Tell-it card: on the front, count down from the target time (then count the
   time over it), so the answer is practised in time. A Tell-it card may offer its levels' lengths: choosing one
   restarts the countdown from it, and the choice is kept for the next Tell-it card. The start and the target are kept
   in sessionStorage: the back (which runs this script again) shows how long the answer took, that is, until the card
   was flipped, and its self-check names the length chosen. Without scripts the front shows the target as written and
   the back shows no time. */
(function () {
  var root = document.querySelector(".lp-timer-box");
  root = root && root.parentNode;
  var timer = root && root.querySelector(".lp-timer");
  if (!timer || timer.getAttribute("data-lp-ready")) return;
  timer.setAttribute("data-lp-ready", "1");
  var total = seconds(timer.getAttribute("data-target"));
  if (!(total > 0)) return;
  var isBack = !!document.getElementById("lpdeck-back");
  var context = root.querySelector(".lp-context");
  var prompt = root.querySelector(".lp-prompt");
  var storageKey = "lpdeck-timer:" + (context ? context.textContent : "") + "/" + (prompt ? prompt.textContent : "");
  var store = null;
  try { store = window.sessionStorage; store.setItem("lpdeck-probe", "1"); store.removeItem("lpdeck-probe"); }
  catch (e) { store = null; }

  function seconds(text) {  /* "30s" (a drill's target) or "2:55" (a Tell-it card's) */
    var clockText = /^\s*(\d+):([0-5]\d)\s*$/.exec(text || "");
    return clockText ? 60 * parseInt(clockText[1], 10) + parseInt(clockText[2], 10) : parseInt(text, 10);
  }
  function clock(value) {
    var s = Math.max(0, Math.round(value));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  function read(key) {
    try { return store ? store.getItem(key) : null; } catch (e) { return null; }
  }
  function write(key, value) {
    try { if (store) store.setItem(key, value); } catch (e) { /* full: the back shows no time */ }
  }

  if (isBack) {
    var kept = (read(storageKey) || "").split(" ");
    var took = (Date.now() - parseInt(kept[0], 10)) / 1000;
    // A start older than half an hour belongs to an earlier review, not to this answer.
    var timed = took >= 0 && took < 1800;
    var target = timed && parseInt(kept[1], 10) > 0 ? parseInt(kept[1], 10) : total;
    var showCheckTime = function () {  /* the self-check's time is below this script (Anki has it already) */
      var checkTime = document.querySelector(".lp-check-time");
      if (checkTime) checkTime.textContent = clock(target);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showCheckTime);
    else showCheckTime();
    var line = root.querySelector(".lp-took");
    if (!line || !timed) return;
    line.textContent = "You took " + clock(took) + " \u2014 target " + clock(target);
    line.classList.add(took <= target + 0.5 ? "lp-in-time" : "lp-over");
    line.hidden = false;
    return;
  }

  var button = root.querySelector(".lp-timer-button");
  var bar = root.querySelector(".lp-timer-bar");
  var fill = bar ? bar.firstElementChild : null;
  var shownTarget = root.querySelector(".lp-target");
  var start = 0;
  var tick = null;
  function show() {
    if (!document.body.contains(timer)) { clearInterval(tick); return; }
    var left = total - (Date.now() - start) / 1000;
    var over = left <= -0.5;
    timer.textContent = over ? "+" + clock(-left) : clock(Math.ceil(left));
    timer.classList.toggle("lp-over", over);
    if (bar) bar.classList.toggle("lp-over", over);
    if (fill) fill.style.transform = "scaleX(" + (over ? 1 : Math.max(0, left / total)) + ")";
  }
  function begin() {
    clearInterval(tick);
    start = Date.now();
    write(storageKey, start + " " + total);
    if (shownTarget) shownTarget.textContent = clock(total);
    show();
    tick = setInterval(show, 250);
  }
  if (bar) bar.hidden = false;
  if (button) { button.hidden = false; button.addEventListener("click", begin); }
  lengthChoices(root.querySelector(".lp-lengths"));
  begin();

  /* A Tell-it card's lengths become buttons: the countdown's start first (the steps' total, or the learner's level's
     length, as the list's data-start names it), then each other length. */
  function lengthChoices(lengths) {
    var listed = lengths ? lengths.querySelectorAll("li[data-target]") : [];
    if (!listed.length) return;
    var list = lengths.querySelector("[data-start]");
    var choices = [[(list && list.getAttribute("data-start")) || "Steps", total]];
    listed.forEach(function (item) {
      var value = seconds(item.getAttribute("data-target"));
      if (value > 0) choices.push([item.getAttribute("data-level") || item.textContent, value]);
    });
    var row = document.createElement("div");
    row.className = "lp-length-choices";
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", "Count down from");
    var kept = read("lpdeck-tell-level");
    var buttons = choices.map(function (choice) {
      var choose = document.createElement("button");
      choose.type = "button";
      choose.className = "lp-length tappable";
      choose.textContent = choice[0] + " " + clock(choice[1]);
      choose.setAttribute("aria-pressed", "false");
      choose.addEventListener("click", function () { pick(choose, choice); write("lpdeck-tell-level", choice[0]); });
      row.appendChild(choose);
      return choose;
    });
    function pick(chosen, choice) {
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === chosen ? "true" : "false"); });
      total = choice[1];
      if (start) begin();
    }
    lengths.replaceChild(row, lengths.querySelector("ul, ol") || lengths.lastChild);
    var label = lengths.querySelector(".lp-lengths-label");
    if (label) label.textContent = "Count down from:";
    var index = choices.map(function (c) { return c[0]; }).indexOf(kept);
    pick(buttons[index > 0 ? index : 0], choices[index > 0 ? index : 0]);
  }
})();
