// The explorer page: edit beliefs, budget and programs; results recompute as you edit; the whole
// state lives in the URL (#s=...), so a link reproduces a view.
"use strict";

(async function () {
  const scale = await AS.getJSON("/api/scale");
  const base = await AS.getJSON("/api/scenarios/default");
  const levels = scale.levels;
  const editable = ["baseline", "scale", "backfire", "evidence"];
  // Beliefs as the sliders hold them: whole-number weights from 0 to 100, normalised when sent.
  let weights = base.beliefs.map((p) => Math.round(100 * p));
  let budget = base.budget;
  let programs = base.programs.map((p) => ({ ...p }));
  let lastResults = {};

  // State in the URL: beliefs (weights), budget and the editable program fields.
  function encodeState() {
    const state = { w: weights, b: budget, p: programs.map((p) => editable.map((f) => p[f])) };
    return "s=" + encodeURIComponent(btoa(JSON.stringify(state)));
  }
  function decodeState() {
    const match = location.hash.match(/s=([^&]+)/);
    if (!match) return;
    try {
      const state = JSON.parse(atob(decodeURIComponent(match[1])));
      if (Array.isArray(state.w) && state.w.length === levels.length) weights = state.w.map((w) => Math.min(100, Math.max(0, Math.round(Number(w)) || 0)));
      if (typeof state.b === "number") budget = state.b;
      if (Array.isArray(state.p)) {
        state.p.forEach((values, j) => {
          if (programs[j] && Array.isArray(values)) editable.forEach((f, i) => { if (typeof values[i] === "number") programs[j][f] = values[i]; });
        });
      }
    } catch (e) {
      document.getElementById("status").textContent = "The link's state could not be read; showing the default.";
    }
  }

  function scenario() {
    const total = weights.reduce((a, b) => a + b, 0);
    return { ...base, beliefs: total > 0 ? weights : weights.map(() => 1), normalize: true, budget, programs, allocation: undefined };
  }

  // The ladder.
  const ladder = document.getElementById("ladder");
  levels.slice().reverse().forEach((level) => {
    const threshold = scale.thresholds.find((t) => t.after === level.level);
    if (threshold) ladder.append(AS.el("li", { class: "threshold", text: "— " + threshold.name + " —" }));
    const details = AS.el("details", {},
      AS.el("summary", {}, AS.el("span", { class: "level", text: String(level.level) }), " " + level.name),
      AS.el("p", { text: level.summary }),
      AS.el("ul", {}, ...level.risks.map((r) => AS.el("li", { text: r }))));
    ladder.append(AS.el("li", { class: "rung band-" + level.band }, details));
  });

  decodeState();
  const editor = AS.beliefEditor(document.getElementById("beliefs"), levels, weights.map((w) => w / 100), (w) => {
    weights = w;
    changed();
  });

  const preset = document.getElementById("preset");
  const summary = await AS.getJSON("/api/responses/summary").catch(() => ({ responses: 0 }));
  if (summary.responses > 0) {
    const option = preset.querySelector("option[value=pooled]");
    option.disabled = false;
    option.textContent = "pooled survey (" + summary.responses + ")";
  }
  preset.addEventListener("change", () => {
    const values = preset.value === "pooled" ? summary.linear : AS.presets[preset.value];
    editor.set(values);
    weights = editor.weights();
    changed();
  });

  const budgetInput = document.getElementById("budget");
  budgetInput.value = String(budget);
  budgetInput.addEventListener("input", () => {
    const value = Number(budgetInput.value);
    if (Number.isFinite(value) && value >= 0) { budget = value; changed(); }
  });

  // The program table.
  const table = document.getElementById("programs");
  table.append(AS.el("tr", {}, ...["program", "level", ...editable].map((h) => AS.el("th", { scope: "col", text: h }))));
  programs.forEach((p, j) => {
    const cells = editable.map((field) => {
      const input = AS.el("input", {
        type: "number", step: "any", value: String(p[field]), "aria-label": p.id + " " + field, id: "program-" + j + "-" + field,
      });
      input.addEventListener("input", () => {
        const value = Number(input.value);
        if (input.value !== "" && Number.isFinite(value)) { programs[j][field] = value; changed(); }
      });
      return AS.el("td", {}, input);
    });
    table.append(AS.el("tr", {}, AS.el("th", { scope: "row", text: p.id }), AS.el("td", { text: p.level ?? p.kind }), ...cells));
  });

  let timer = null;
  function changed() {
    history.replaceState(null, "", "#" + encodeState());
    clearTimeout(timer);
    timer = setTimeout(compute, 150);
  }

  function fillTable(id, caption, header, rows) {
    const t = document.getElementById(id);
    t.textContent = "";
    t.append(AS.el("caption", { text: caption }));
    t.append(AS.el("tr", {}, ...header.map((h) => AS.el("th", { scope: "col", text: h }))));
    rows.forEach((row) => t.append(AS.el("tr", {}, ...row.map((cell, i) => AS.el(i === 0 ? "th" : "td", i === 0 ? { scope: "row", text: cell } : { text: cell })))));
  }

  let generation = 0;
  async function compute() {
    const mine = ++generation;
    const status = document.getElementById("status");
    status.textContent = "computing…";
    try {
      const s = scenario();
      const [evaluation, optimum, margins, voi] = await Promise.all([
        AS.postJSON("/api/evaluate", s), AS.postJSON("/api/optimize", s), AS.postJSON("/api/margins", s), AS.postJSON("/api/voi", s),
      ]);
      if (mine !== generation) return;
      lastResults = { evaluate: evaluation, optimize: optimum, margins, voi };
      document.getElementById("safety-status-quo").textContent = AS.percent(evaluation.safety, 2);
      document.getElementById("safety").textContent = AS.percent(optimum.safety, 2);
      document.getElementById("evpi").textContent = "+" + (100 * voi.evpi).toFixed(2) + " pp";
      const ids = programs.map((p) => p.id);
      fillTable("allocation", "Optimal allocation against the heuristics (safety and regret in the last rows)",
        ["program", "optimal", ...optimum.heuristics.map((h) => h.name)],
        ids.map((id) => [id, AS.amount(optimum.allocation[id]), ...optimum.heuristics.map((h) => AS.amount(h.allocation[id]))])
          .concat([["safety", AS.percent(optimum.safety, 2), ...optimum.heuristics.map((h) => AS.percent(h.safety, 2))]])
          .concat([["regret", "0", ...optimum.heuristics.map((h) => (100 * h.regret).toFixed(2) + " pp")]]));
      fillTable("margins", "Marginal value at the status quo (pp per unit); net-negative programs and their π*",
        ["program", "marginal", "net-negative", "π* (harmful above)"],
        margins.programs.map((p) => [p.id, (100 * p.marginal).toPrecision(3), p.net_negative ? "yes" : "",
          p.critical_probability == null ? "–" : AS.percent(p.critical_probability)]));
      fillTable("voi", "Value of information (pp of safety)", ["what you learn", "value"],
        [["the exact level (EVPI)", (100 * voi.evpi).toFixed(2)], ["the band", (100 * voi.band).toFixed(2)]]
          .concat(voi.thresholds.map((t) => ["whether k ≤ " + t.after, (100 * t.value).toFixed(2)])));
      status.textContent = "";
    } catch (error) {
      if (mine === generation) status.textContent = "Could not compute: " + error.message;
    }
  }

  document.getElementById("run-montecarlo").addEventListener("click", async () => {
    const target = document.getElementById("montecarlo");
    target.textContent = "drawing…";
    try {
      const s = scenario();
      s.allocation = lastResults.optimize ? lastResults.optimize.allocation : undefined;
      const r = await AS.postJSON("/api/evaluate?samples=20000", s);
      const p = r.percentiles;
      target.textContent = "";
      target.append(AS.el("p", { text: "At the optimal allocation, over 20000 draws of the uncertain parameters: mean safety " +
        AS.percent(r.mean, 2) + " ± " + AS.percent(r.stderr, 2) + "; 5–95% band " + AS.percent(p["5"], 1) + " – " + AS.percent(p["95"], 1) +
        (r.samples && base.belief_concentration == null ? " (this scenario has no uncertain parameters, so the band is a point)" : "") + "." }));
    } catch (error) { target.textContent = "Could not compute: " + error.message; }
  });

  document.getElementById("run-race").addEventListener("click", async () => {
    const target = document.getElementById("race");
    target.textContent = "racing…";
    try {
      const response = await fetch("/api/race?format=svg&trajectories=20000", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(scenario()),
      });
      if (!response.ok) throw new Error((await response.json()).error);
      const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml").documentElement;
      target.textContent = "";
      target.append(document.importNode(svg, true));
    } catch (error) { target.textContent = "Could not compute: " + error.message; }
  });

  document.getElementById("download-json").addEventListener("click", () =>
    AS.download("alignscale-results.json", "application/json", JSON.stringify(lastResults, null, 2)));
  document.getElementById("download-yaml").addEventListener("click", () =>
    AS.download("scenario.yaml", "text/yaml", toYAML(scenario())));
  document.getElementById("copy-link").addEventListener("click", () => {
    if (navigator.clipboard) navigator.clipboard.writeText(location.href);
    document.getElementById("status").textContent = "Link: " + location.href;
  });

  /** The scenario as YAML in the file format (JSON values are valid YAML flow values). */
  function toYAML(s) {
    const lines = ["# Scenario from the AlignmentScale explorer", "version: 1"];
    for (const [key, value] of Object.entries(s)) {
      if (key === "version" || value === undefined) continue;
      if (key === "programs") {
        lines.push("programs:");
        value.forEach((p) => lines.push("  - " + JSON.stringify(p)));
      } else {
        lines.push(key + ": " + JSON.stringify(value));
      }
    }
    return lines.join("\n") + "\n";
  }

  history.replaceState(null, "", "#" + encodeState());
  compute();
})();
