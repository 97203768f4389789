/* STAR drill: on the front, count down from the step's target time (then count the time over it), so the step is
   practised in time. The start is kept in sessionStorage: the back (which runs this script again) shows how long the
   answer took, that is, until the card was flipped. Without scripts the front shows the target as written. */
(function () {
  var timer = document.querySelector(".lp-step .lp-timer");
  if (!timer || timer.getAttribute("data-lp-ready")) return;
  timer.setAttribute("data-lp-ready", "1");
  var total = parseInt(timer.getAttribute("data-target"), 10);
  if (!(total > 0)) return;
  var isBack = !!document.getElementById("lpdeck-back");
  var context = document.querySelector(".lp-step .lp-context");
  var step = document.querySelector(".lp-step .lp-prompt");
  var storageKey = "lpdeck-step:" + (context ? context.textContent : "") + "/" + (step ? step.textContent : "");
  var store = null;
  try { store = window.sessionStorage; store.setItem("lpdeck-probe", "1"); store.removeItem("lpdeck-probe"); }
  catch (e) { store = null; }

  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  if (isBack) {
    var started = store ? parseInt(store.getItem(storageKey), 10) : NaN;
    var took = (Date.now() - started) / 1000;
    var line = document.querySelector(".lp-step .lp-took");
    // A start older than half an hour belongs to an earlier review, not to this answer.
    if (!line || !(took >= 0 && took < 1800)) return;
    line.textContent = "You took " + clock(took) + " \u2014 target " + clock(total);
    line.classList.add(took <= total + 0.5 ? "lp-in-time" : "lp-over");
    line.hidden = false;
    return;
  }

  var button = document.querySelector(".lp-step .lp-timer-button");
  var bar = document.querySelector(".lp-step .lp-timer-bar");
  var fill = bar ? bar.firstElementChild : null;
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
    if (store) { try { store.setItem(storageKey, String(start)); } catch (e) { /* full: the back shows no time */ } }
    show();
    tick = setInterval(show, 250);
  }
  if (bar) bar.hidden = false;
  if (button) { button.hidden = false; button.addEventListener("click", begin); }
  begin();
})();
