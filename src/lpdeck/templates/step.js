/* STAR drill: count down from the step's target time on the front, so the step is practised in time. */
(function () {
  var timer = document.querySelector(".lp-step .lp-timer");
  if (!timer || timer.getAttribute("data-lp-ready")) return;
  timer.setAttribute("data-lp-ready", "1");
  var total = parseInt(timer.getAttribute("data-target"), 10);
  if (!(total > 0)) return;
  function show(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    timer.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  show(total);
  if (document.getElementById("lpdeck-back")) return;
  var button = document.querySelector(".lp-step .lp-timer-button");
  var started = 0;
  var tick = null;
  function run() {
    var left = total - (Date.now() - started) / 1000;
    if (!document.body.contains(timer)) { clearInterval(tick); return; }
    show(left);
    if (left <= 0) {
      clearInterval(tick);
      timer.classList.add("lp-done");
      timer.textContent = "0:00 \u2014 time";
    }
  }
  function start() {
    clearInterval(tick);
    timer.classList.remove("lp-done");
    started = Date.now();
    show(total);
    tick = setInterval(run, 200);
  }
  if (button) { button.hidden = false; button.addEventListener("click", start); }
  start();
})();
