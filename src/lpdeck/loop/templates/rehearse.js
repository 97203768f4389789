"use strict";
// The rehearsal page: pick a question, record the microphone as 16 kHz mono PCM, hand it to lpdeck (127.0.0.1) about
// twice a second so it is transcribed while the learner speaks, and show the report and the story's progress.
(function () {
  const RATE = 16000;
  const SURPRISE = "__surprise__";
  // yours: your walkthroughs; then questions you have not written a walkthrough for, told with your best story for
  // their principle: your workspace's own questions, and the common ones
  const KINDS = { yours: "Your walkthroughs", workspace: "Your questions", common: "Common questions" };
  const STEP_LABELS = { situation: "Situation", task: "Task", action: "Action", result: "Result",
    reflection: "Reflection" };
  const $ = (id) => document.getElementById(id);
  let state = { questions: [], history: [] };
  let recording = null;

  const clock = (seconds) => {
    const sign = seconds < 0 ? "-" : "";
    const whole = Math.round(Math.abs(seconds));
    return `${sign}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  };
  const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;",
    '"': "&quot;" }[c]));
  const chosen = () => state.questions.find((q) => q.id === $("pick").value);
  const showError = (text) => { $("error").textContent = text; $("error").hidden = !text; };

  async function post(path, body) {
    const response = await fetch(path, { method: "POST", body });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
    return answer;
  }

  function fillPicker() {
    const option = (q) => `<option value="${escape(q.id)}">${escape(q.question)}</option>`;
    const groups = Object.entries(KINDS).map(([kind, label]) => [label, state.questions.filter((q) => q.kind === kind)])
      .filter(([, questions]) => questions.length)
      .map(([label, questions]) => `<optgroup label="${label}">${questions.map(option).join("")}</optgroup>`);
    groups.push(`<option value="${SURPRISE}">Surprise me</option>`);
    $("pick").innerHTML = groups.join("");
    showQuestion();
  }

  function showQuestion() {
    const question = chosen();
    $("question").textContent = question ? question.question : "A question picked for you when you tap Start";
    const target = question ? (question.level_s || question.target_s) : 0;
    $("clock").textContent = clock(target);
    showHistory(question ? question.story : null);
  }

  function showHistory(story) {
    const rows = state.history.filter((r) => story === null || r.story === story);
    $("history-story").textContent = story || "every story";
    $("history").innerHTML = rows.map((r) => {
      const said = r.steps.reduce((n, s) => n + s.said.length, 0);
      const total = said + r.steps.reduce((n, s) => n + s.missed.length, 0);
      const fillers = r.words ? (100 * r.fillers / r.words).toFixed(1) : "0.0";
      return `<tr><td>${escape(r.when.slice(0, 16).replace("T", " "))}</td>` +
        `<td>${clock(r.duration_s)} of ${clock(r.target_s)}</td><td>${said}/${total}</td><td>${fillers}</td></tr>`;
    }).join("") || '<tr><td colspan="4">No rehearsals of this story yet.</td></tr>';
  }

  function toPcm(samples, rate) {
    const count = Math.floor(samples.length * RATE / rate);
    const out = new Int16Array(count);
    for (let i = 0; i < count; i++) {
      const value = samples[Math.min(samples.length - 1, Math.floor(i * rate / RATE))];
      out[i] = Math.max(-32768, Math.min(32767, Math.round(value * 32767)));
    }
    return out;
  }

  async function sendPending() {
    if (!recording || !recording.pending.length) return;
    const pieces = recording.pending.splice(0);
    const all = new Int16Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const piece of pieces) { all.set(piece, at); at += piece.length; }
    await post(`/audio?id=${recording.id}`, all.buffer);
  }

  async function start() {
    showError("");
    if ($("pick").value === SURPRISE) {
      $("pick").value = state.questions[Math.floor(Math.random() * state.questions.length)].id;
      showQuestion();
    }
    const question = chosen();
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1 } });
      const context = new AudioContext({ sampleRate: RATE });
      const source = context.createMediaStreamSource(stream);
      const processor = context.createScriptProcessor(4096, 1, 1);
      const { id } = await post("/start", JSON.stringify({ walkthrough: question.id }));
      recording = { id, stream, context, processor, pending: [], began: performance.now(), sending: null };
      processor.onaudioprocess = (event) => {
        if (recording) recording.pending.push(toPcm(event.inputBuffer.getChannelData(0), context.sampleRate));
      };
      source.connect(processor);
      processor.connect(context.destination);
      recording.sending = setInterval(() => sendPending().catch((e) => showError(e.message)), 500);
      recording.ticking = setInterval(() => {
        const left = (question.level_s || question.target_s) - (performance.now() - recording.began) / 1000;
        $("clock").textContent = clock(left);
        $("clock").classList.toggle("over", left < 0);
      }, 250);
      $("start").disabled = true; $("stop").disabled = false; $("pick").disabled = true;
      $("status").textContent = "Listening… tap Stop when you are done.";
    } catch (error) {
      showError(`Cannot record: ${error.message}`);
    }
  }

  async function stop() {
    if (!recording) return;
    const done = recording;
    clearInterval(done.sending); clearInterval(done.ticking);
    done.processor.disconnect();
    done.stream.getTracks().forEach((track) => track.stop());
    await done.context.close();
    $("stop").disabled = true;
    $("status").textContent = "Scoring…";
    try {
      await sendPending();
      recording = null;
      const report = await post(`/stop?id=${done.id}`, "");
      showReport(report);
      state.history = state.history.filter((r) => r.story !== report.story).concat(report.history);
      showHistory(report.story);
      $("status").textContent = "Done. Pick a question and tap Start to go again.";
    } catch (error) {
      showError(error.message);
      $("status").textContent = "";
    } finally {
      recording = null;
      $("start").disabled = false; $("pick").disabled = false;
    }
  }

  function showReport(report) {
    $("measures").innerHTML = report.lines.slice(1, 3).concat(report.lines.slice(3 + report.steps.length, -2))
      .map((line) => `<li>${escape(line)}</li>`).join("");
    $("steps").innerHTML = report.steps.map((step) => `<li><strong>${STEP_LABELS[step.step] || step.step}</strong>: ` +
      step.said.map((p) => `<span class="said">${escape(p)}</span>`).concat(
        step.missed.map((p) => `<span class="missed" title="missed">${escape(p)}</span>`)).join(" · ") +
      "</li>").join("");
    let html = "", last = 0;
    for (const [from, to, kind] of report.marks) {
      if (from < last) continue;
      html += escape(report.transcript.slice(last, from)) +
        `<mark class="${kind}">${escape(report.transcript.slice(from, to))}</mark>`;
      last = to;
    }
    $("transcript").innerHTML = html + escape(report.transcript.slice(last));
    $("report").hidden = false;
  }

  $("pick").addEventListener("change", showQuestion);
  $("start").addEventListener("click", start);
  $("stop").addEventListener("click", stop);
  fetch("/state").then((r) => r.json()).then((loaded) => { state = loaded; fillPicker(); })
    .catch((error) => showError(`Cannot reach lpdeck: ${error.message}`));
})();
