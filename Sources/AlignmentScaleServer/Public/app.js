// The explorer page: the answer at the top, recomputed as the inputs change; charts with their
// tables one click away; heavier analyses on request, marked out of date when the inputs move on.
"use strict";

(async function () {
  // Which scenario: one carried in the link (#f=, an opened file), one of the server's
  // (?scenario=NAME), or the built-in default.
  const openStatus = document.getElementById("open-status");
  const packed = (location.hash.match(/[#&]f=([A-Za-z0-9_-]+)/) || [])[1] || null;
  const wanted = new URLSearchParams(location.search).get("scenario") || "default";
  let base = null;
  let source = null;
  if (packed) {
    try {
      base = JSON.parse(await AS.unpack(packed));
      source = packed;
    } catch (error) {
      openStatus.textContent = "The link's scenario could not be read (" + error.message + "); showing the default.";
    }
  }
  if (!base) {
    try {
      base = await AS.getJSON("/api/scenarios/" + encodeURIComponent(wanted));
    } catch (error) {
      openStatus.textContent = "No scenario named “" + wanted + "” here; showing the default.";
      base = await AS.getJSON("/api/scenarios/default");
    }
  }
  const [scale, presetList, openapi, offered] = await Promise.all([
    AS.getJSON("/api/scale"), AS.getJSON("/api/presets"), AS.getJSON("/openapi.json"), AS.getJSON("/api/scenarios"),
  ]);
  document.getElementById("scenario-title").textContent = base.name || "an unnamed scenario";
  const list = document.getElementById("scenario-list");
  for (const entry of offered.scenarios) list.append(AS.el("option", { value: entry.name, text: entry.title }));
  list.append(AS.el("option", { value: "", text: "your own file" }));
  list.value = source ? "" : offered.scenarios.some((e) => e.name === wanted) ? wanted : "default";
  list.addEventListener("change", () => {
    if (list.value !== "") location.assign("/?scenario=" + encodeURIComponent(list.value));
  });
  /** Reads a file's text on the server and, when it is a valid scenario, opens it in the link. */
  async function openText(text, file) {
    openStatus.classList.remove("error");
    openStatus.textContent = "Reading " + file + "…";
    try {
      let scenario = null;
      // A busy server (503) is asked again a few times before the page gives up.
      for (let attempt = 1; scenario === null; attempt += 1) {
        try {
          scenario = await AS.post("/api/open", { text, file });
        } catch (error) {
          if (error.status !== 503 || attempt === 4) throw error;
          openStatus.textContent = "The server is busy; reading " + file + " again in 2 seconds…";
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      }
      const code = await AS.pack(JSON.stringify(scenario));
      // One reload at the new link: pushState changes the URL without the hashchange event, whose
      // own reload would otherwise race this one (two reloads in flight could stall the page).
      history.pushState(null, "", "/#f=" + code);
      location.reload();
    } catch (error) {
      openStatus.classList.add("error");
      openStatus.textContent = "Could not open it: " + error.message;
    }
  }
  document.getElementById("open-scenario").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    if (file.size > 1 << 20) {
      openStatus.classList.add("error");
      openStatus.textContent = "Could not open it: " + file.name + " is larger than 1 MB.";
      return;
    }
    await openText(await file.text(), file.name);
  });
  document.getElementById("open-pasted").addEventListener("click", () =>
    openText(document.getElementById("paste-scenario").value, "pasted text"));
  const programSchema = (openapi.components.schemas.Program || {}).properties || {};
  const help = Object.fromEntries(Object.entries(programSchema).map(([key, value]) => [key, value.description || ""]));
  const state = new ExplorerState(base);
  state.source = source;
  const inputs = new ExplorerInputs(state, scale, presetList.presets, help, changed);
  let results = {};
  /** The URL state the results on the page were computed for. */
  let computedFor = null;

  const answer = document.getElementById("answer");
  const status = document.getElementById("status");
  // What greys out when stale: the numbers, never the message that says why.
  const resultAreas = () => [answer.querySelector(".cards"), document.getElementById("answer-text"), ...document.querySelectorAll(".result")];

  function load(hash) {
    if (!state.decode(hash) && /s=/.test(hash)) status.textContent = "The link's view could not be read; showing the default.";
    inputs.render();
    if (typeof showAt === "function") showAt();
  }

  let timer = null;
  /** After an edit: the URL follows; results are recomputed shortly, or marked stale when the input is invalid. */
  function changed({ compute: recompute = true, error } = {}) {
    const hash = "#" + state.encode();
    if (location.hash !== hash) history.replaceState(null, "", hash);
    markPanels();
    clearTimeout(timer);
    if (!recompute) {
      generation += 1;
      stale("Not recomputed: " + error + ". Fix the marked field and the results follow.");
      return;
    }
    timer = setTimeout(compute, 150);
  }

  /** Greys out the results, which no longer match the inputs, and says why. */
  function stale(message) {
    resultAreas().forEach((area) => area.classList.add("stale"));
    status.textContent = message;
    status.classList.add("error");
  }

  let generation = 0;
  async function compute() {
    const mine = ++generation;
    status.classList.remove("error");
    status.textContent = "Computing…";
    resultAreas().forEach((area) => area.classList.add("updating"));
    const scenario = state.scenario();
    try {
      const [evaluation, optimum, margins, voi] = await Promise.all(
        ["evaluate", "optimize", "margins", "voi"].map((name) => AS.post(`/api/${name}?charts=svg`, scenario)));
      if (mine !== generation) return;
      ExplorerInputs.clearFields();
      results = { evaluate: evaluation, optimize: optimum, margins, voi };
      computedFor = location.hash;
      show(results);
      resultAreas().forEach((area) => area.classList.remove("stale", "updating"));
      status.textContent = "";
      markPanels();
    } catch (error) {
      if (mine !== generation) return;
      ExplorerInputs.clearFields();
      const atField = ExplorerInputs.showError(error);
      resultAreas().forEach((area) => area.classList.remove("updating"));
      stale("Not recomputed: " + error.message.replace(/^request body:\d+:\d+: /, "") + (atField ? " (marked at the field)." : "."));
    }
  }

  /** The last best allocation shown, by id: where your own allocation starts. */
  let lastOptimum = null;

  function show({ evaluate, optimize, margins, voi }) {
    lastOptimum = optimize.allocation;
    const statusQuo = optimize.heuristics.find((h) => h.name === "status-quo");
    document.getElementById("safety-status-quo").textContent = AS.percent(evaluate.safety, 2);
    document.getElementById("safety").textContent = AS.percent(optimize.safety, 2);
    document.getElementById("evpi").textContent = AS.points(voi.evpi);
    const funded = Object.entries(optimize.allocation).filter(([, x]) => x >= 0.005).sort((a, b) => b[1] - a[1]);
    const names = Object.fromEntries(state.programs.map((p) => [p.id, p.name || p.id]));
    const harmful = margins.programs.filter((p) => p.net_negative).map((p) => names[p.id] || p.id);
    const parts = funded.map(([id, x]) => AS.amount(x) + " into " + names[id]);
    const list = parts.length > 1 ? parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1] : parts[0];
    const gain = optimize.safety - statusQuo.safety;
    document.getElementById("answer-text").textContent =
      (parts.length ? "The best allocation puts " + list : "The best allocation spends nothing beyond the minimums") +
      (Math.abs(gain) < 5e-5 ? ", no safer than the status quo. " : ": safety " + AS.points(gain).replace("+", "") + " above the status quo. ") +
      (harmful.length ? "At the status quo, one more unit of " + harmful.join(" or ") + " would lower safety for these beliefs." :
        "At the status quo, no program is net-negative for these beliefs.");

    const ids = state.programs.map((p) => p.id);
    const rows = [{ name: "optimal", safety: optimize.safety, note: "the best allocation" }]
      .concat(optimize.heuristics.map((h) => ({ name: h.name, safety: h.safety, note: h.explanation + " (" + AS.points(h.regret) + " less)" })));
    replace("safety-chart", AS.barList(rows.map((r) => ({ label: r.name, value: r.safety, text: AS.percent(r.safety, 2), title: r.note })),
      "Safety with the best allocation and under each simple rule"));
    const rules = document.getElementById("rules");
    rules.textContent = "";
    optimize.heuristics.forEach((h) => rules.append(AS.el("dt", { text: h.name }), AS.el("dd", { text: h.explanation })));

    replace("allocation-chart", AS.figure(optimize.charts.allocation, AS.table(["program", "optimal", ...optimize.heuristics.map((h) => h.name)],
      ids.map((id) => [names[id], AS.amount(optimize.allocation[id]), ...optimize.heuristics.map((h) => AS.amount(h.allocation[id]))])),
    undefined, AS.barList(ids.map((id) => ({ label: names[id] || id, value: optimize.allocation[id], text: AS.amount(optimize.allocation[id]) })),
      "The best allocation")));

    const marginsTable = AS.table(["program", "marginal (pp per unit)", "P(falls short)", "π*", "net-negative"],
      margins.programs.map((p) => [names[p.id] || p.id, (100 * p.marginal).toPrecision(3),
        p.harder_probability == null ? "–" : AS.percent(p.harder_probability), p.critical_probability == null ? "–" : AS.percent(p.critical_probability),
        p.net_negative ? "yes" : "no"]));
    const shortfall = margins.programs.filter((p) => p.harder_probability != null && p.critical_probability != null);
    const criticalBars = AS.barList(shortfall.map((p) => ({
      label: names[p.id] || p.id, value: p.harder_probability, marker: p.critical_probability, negative: p.net_negative,
      text: AS.percent(p.harder_probability, 0), title: `P(falls short) ${AS.percent(p.harder_probability)}; π* ${AS.percent(p.critical_probability)}`,
    })), "The chance each technique falls short (bar) against its break-even π* (tick)");
    const marginalBars = AS.barList(margins.programs.map((p) => ({
      label: names[p.id] || p.id, value: Math.abs(p.marginal), negative: p.marginal < 0, text: (100 * p.marginal).toPrecision(2),
    })), "What one more unit adds, in pp of safety (red: it takes away)");
    const marginsArea = AS.el("div", {}, AS.figure(margins.charts.critical, null, undefined, criticalBars),
      AS.figure(margins.charts.marginal, marginsTable, undefined, marginalBars));
    replace("margins-chart", marginsArea);

    const voiRows = [["the exact level (EVPI)", AS.points(voi.evpi, 3)], ["the band", AS.points(voi.band, 3)]]
      .concat(voi.thresholds.map((t) => ["whether we are past “" + t.name + "”", AS.points(t.value, 3)]));
    if (voi.ordering != null) voiRows.push(["which ordering is right", AS.points(voi.ordering, 3)]);
    const voiValues = [["the exact level", voi.evpi], ["the band", voi.band]]
      .concat(voi.thresholds.map((t) => ["past “" + t.name + "”", t.value]))
      .concat(voi.ordering != null ? [["which ordering", voi.ordering]] : []);
    replace("voi-chart", AS.figure(voi.charts.voi, AS.table(["what you learn", "value"], voiRows), undefined,
      AS.barList(voiValues.map(([label, value]) => ({ label, value, text: AS.points(value, 2) })), "What learning first would be worth")));
    showLearning(evaluate, voi);
  }

  /** The beliefs before and after the evidence, and what each experiment is worth. */
  function showLearning(evaluate, voi) {
    if (evaluate.posterior) {
      const rows = scale.levels.map((level, k) => [level.level + ". " + level.name, AS.percent(evaluate.prior[k], 1), AS.percent(evaluate.posterior[k], 1)]);
      replace("posterior", AS.el("div", {},
        AS.el("p", { text: "Under your beliefs before it, this evidence had probability " + AS.percent(evaluate.evidence_probability, 2) +
          ". Every answer on this page uses the beliefs after it." }),
        AS.barList(scale.levels.map((level, k) => ({
          label: level.level + ". " + level.name, value: evaluate.posterior[k],
          text: AS.percent(evaluate.prior[k], 0) + " → " + AS.percent(evaluate.posterior[k], 0),
          title: "before " + AS.percent(evaluate.prior[k], 1) + ", after " + AS.percent(evaluate.posterior[k], 1),
        })), "Beliefs after the evidence (before → after)"),
        AS.el("details", { class: "numbers" }, AS.el("summary", { text: "The numbers" }),
          AS.table(["level", "before", "after"], rows))));
    } else {
      replace("posterior", AS.el("p", { class: "hint", text: "No evidence yet: add an observation to see the beliefs move." }));
    }
    const experiments = voi.experiments || [];
    if (experiments.length) {
      const table = AS.table(["experiment", "cost", "worth (net of cost)", "information value", "break-even cost"],
        experiments.map((e) => [e.id, AS.amount(e.cost), AS.points(e.value, 3), AS.points(e.information_value, 3),
          (e.break_even_is_at_least ? "at least " : "") + AS.amount(e.break_even_cost)]));
      const verdicts = experiments.map((e) => e.id + (e.value >= 0 ? " is worth running at its cost (" + AS.points(e.value, 3) + ")" :
        " is not worth its cost (" + AS.points(e.value, 3) + ")") + "; the most it could cost: " + (e.break_even_is_at_least ? "at least " : "") +
        AS.amount(e.break_even_cost) + ".");
      replace("experiments-result", AS.el("div", {}, AS.el("p", { text: verdicts.join(" ") }), AS.figure(voi.charts.experiments, table)));
    } else {
      replace("experiments-result", AS.el("p", { class: "hint", text: "No experiments yet: add one to see what it is worth before you pay for it." }));
    }
    const select = document.getElementById("plan-experiment");
    const chosen = select.value;
    select.textContent = "";
    for (const e of experiments) select.append(AS.el("option", { value: e.id, text: e.id }));
    if (experiments.some((e) => e.id === chosen)) select.value = chosen;
    document.querySelector('[data-panel="plan"]').disabled = !experiments.length;
  }

  function replace(id, node) {
    const target = document.getElementById(id);
    const open = Array.from(target.querySelectorAll("details")).map((d) => d.open);
    target.textContent = "";
    target.append(node);
    target.querySelectorAll("details").forEach((d, i) => { d.open = open[i] || false; });
  }

  // Where Monte Carlo and the race run, chosen once for both and kept in the link.
  const atSelect = document.getElementById("analyses-at");
  atSelect.querySelector('option[value="scenario"]').disabled = !base.allocation;
  /**
   * The chosen point as the API names it; the scenario's own allocation, or yours, goes with
   * the scenario (yours as the scenario's allocation, for the current programs only).
   */
  function atPoint(scenario) {
    if (state.at === "scenario" && base.allocation) scenario.allocation = base.allocation;
    if (state.at === "own") {
      scenario.allocation = Object.fromEntries(state.programs.map((p) => [p.id, state.own[p.id] ?? 0]));
      return "scenario";
    }
    return state.at;
  }
  /** One input per program for your own allocation, shown while it is the chosen point. */
  function showOwn() {
    const box = document.getElementById("own-allocation");
    box.hidden = state.at !== "own";
    if (box.hidden) return;
    const fields = document.getElementById("own-fields");
    fields.textContent = "";
    const total = () => {
      const sum = state.programs.reduce((a, p) => a + (state.own[p.id] ?? 0), 0);
      document.getElementById("own-total").textContent = "Total " + AS.amount(sum) + " of a budget of " + state.budget +
        (sum > Number(state.budget) + 1e-9 ? ": more than the budget, which the analyses will refuse." : ".");
    };
    total();
    state.programs.forEach((p) => {
      const input = AS.el("input", { type: "number", min: "0", step: "any", id: "own-" + p.id, "data-path": "allocation." + p.id,
        value: String(state.own[p.id] ?? 0) });
      input.addEventListener("input", () => {
        const value = Number(input.value);
        if (input.value.trim() === "" || !Number.isFinite(value)) return;
        state.own[p.id] = value;
        total();
        changed();
      });
      fields.append(AS.el("div", { class: "field" }, AS.el("label", { for: input.id, text: p.name || p.id }), input));
    });
  }
  /** The chosen point in words, as each panel's heading says it. */
  function atLabel() { return "at " + atSelect.options[atSelect.selectedIndex].text; }
  function showAt() {
    atSelect.value = state.at;
    showOwn();
    document.querySelectorAll(".at-label").forEach((span) => { span.textContent = atLabel(); });
  }
  atSelect.addEventListener("change", () => {
    state.at = atSelect.value;
    // Yours starts from the best allocation, rounded, the first time.
    if (state.at === "own" && Object.keys(state.own).length === 0 && lastOptimum) {
      for (const p of state.programs) state.own[p.id] = Math.round(100 * (lastOptimum[p.id] ?? 0)) / 100;
    }
    showAt();
    changed();
  });

  /** Spreads the beliefs with the concentration typed into the input `id`, if any. */
  function spreadBeliefs(scenario, id) {
    const kappa = document.getElementById(id).value.trim();
    if (kappa !== "") scenario.belief_concentration = Number(kappa);
  }
  /** What a panel that varies the uncertain numbers says when none is uncertain, and how to add some. */
  function nothingUncertain(consequence, retry) {
    return AS.el("p", { class: "hint", text: "Every number here is fixed, so " + consequence + " Enter a concentration above " +
      "(20 spreads your beliefs moderately, 5 widely) and " + retry + ", or use a scenario whose numbers are ranges (such as scale: 10 to 40)." });
  }

  // Heavier analyses, run on request; each remembers the view it was run for.
  const panels = {
    study: {
      async run(scenario) {
        const study = await AS.post("/api/study?cases=300&charts=svg", scenario);
        return AS.el("div", {},
          AS.el("p", {}, AS.el("strong", { text: "What modelling the optimal allocation gives. " }), study.answers.optimal_allocation),
          AS.el("p", {}, AS.el("strong", { text: "Whether to promote anything past the margin. " }), study.answers.past_the_margin),
          AS.el("p", { class: "hint", text: study.search.mode === "quick"
            ? "Each profile's best allocation was searched from a few very different starts, and from every start where those " +
              "disagreed (" + study.search.full_searches + " of " + study.cases + "). Agreement among the starts is strong " +
              "evidence, not proof, that no better allocation exists."
            : "Each profile's best allocation was searched from every start." }),
          AS.figure(study.charts["study-regret"], AS.table(["rule", "mean loss", "median", "95th percentile", "within 1 pp"],
            study.heuristics.map((h) => [h.name, AS.points(h.mean_regret), AS.points(h.median_regret), AS.points(h.p95_regret), AS.percent(h.within_1pp)]))),
          AS.figure(study.charts["study-shares"], null));
      },
    },
    montecarlo: {
      async run(scenario) {
        spreadBeliefs(scenario, "montecarlo-concentration");
        const r = await AS.post("/api/evaluate?samples=20000&charts=svg&at=" + atPoint(scenario), scenario);
        const p = r.percentiles;
        if (r.maximum - r.minimum <= 1e-12) {
          return nothingUncertain("every draw gives the same safety " + atLabel() + " (" + AS.percent(r.mean, 2) +
            "): there is nothing to sample.", "draw again");
        }
        // The standard error with two significant digits, and the mean to the same place.
        const places = Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(100 * r.stderr))));
        return AS.el("div", {}, AS.el("p", { text: "At " + atLabel().replace(/^at /, "") + ", over " + r.samples + " draws: mean safety " + AS.percent(r.mean, places) +
          " ± " + AS.percent(r.stderr, places) + " (one standard error of the mean); 90% of draws between " + AS.percent(p["5"], 1) + " and " +
          AS.percent(p["95"], 1) + "." }),
        r.charts.histogram ? AS.figure(r.charts.histogram, null) : null);
      },
    },
    robust: {
      async run(scenario) {
        spreadBeliefs(scenario, "robust-concentration");
        let r;
        try {
          r = await AS.post("/api/robust?draws=200&charts=svg", scenario);
        } catch (error) {
          if (!/something uncertain/.test(error.message)) throw error;
          return nothingUncertain("there is nothing to be wrong about yet.", "test again");
        }
        const names = Object.fromEntries(state.programs.map((p) => [p.id, p.name || p.id]));
        const candidates = AS.table(["candidate", "mean loss", "95th percentile", "worst loss", "within 1 pp", "allocation"],
          r.candidates.map((c) => [c.name, AS.loss(c.mean_regret), AS.loss(c.p95_regret), AS.loss(c.max_regret), AS.percent(c.within, 1),
            Object.entries(c.allocation).filter(([, x]) => AS.amount(x) !== "0").map(([id, x]) => id + " " + AS.amount(x)).join(", ") || "nothing"]));
        const ranges = AS.table(["program", "best", "least within 1 pp", "most within 1 pp"],
          r.ranges.map((g) => [names[g.id] || g.id, AS.amount(g.optimum), AS.amount(g.low), AS.amount(g.high)]));
        return AS.el("div", {}, AS.el("p", { text: r.summary }), AS.figure(r.charts.regret, candidates), AS.figure(r.charts.ranges, ranges));
      },
    },
    plan: {
      async run(scenario) {
        const experiment = document.getElementById("plan-experiment").value;
        const later = document.getElementById("plan-later-value").value.trim();
        const r = await AS.post("/api/plan?charts=svg&experiment=" + encodeURIComponent(experiment) +
          "&later_value=" + encodeURIComponent(later), scenario);
        const names = Object.fromEntries(state.programs.map((p) => [p.id, p.name || p.id]));
        const ids = state.programs.map((p) => p.id);
        const outcomes = r.plan.after.filter((o) => o.probability > 0);
        const table = AS.table(["program", "now", ...outcomes.map((o) => "after “" + o.outcome + "”"), "act now"],
          ids.map((id) => [names[id], AS.amount(r.plan.now[id]), ...outcomes.map((o) => "+" + AS.amount(o.spend[id]) + " → " + AS.amount(o.effective[id])),
            AS.amount(r.act_now.allocation[id])]));
        return AS.el("div", {}, AS.el("p", {}, AS.el("strong", { text: r.worth_running ? "Worth running. " : "Not worth running. " }), r.verdict),
          AS.el("ul", {}, ...r.advice.map((line) => AS.el("li", { text: line }))),
          AS.table(["choice", r.maximizes === "value" ? "expected value" : "safety", "against acting now"], [
            ["act now", AS.percent(r.act_now.value, 2), AS.points(0)],
            ["the best plan", AS.percent(r.plan.value, 2), AS.points(r.plan.value - r.act_now.value, 3)],
            ["learn first", AS.percent(r.learn_first.value, 2), AS.points(r.learn_first.value - r.act_now.value, 3)]]),
          AS.figure(r.charts.plan, table));
      },
    },
    race: {
      async run(scenario) {
        const r = await AS.post("/api/race?trajectories=20000&charts=svg&at=" + atPoint(scenario), scenario);
        return AS.el("div", {}, AS.el("p", { text: "At " + atLabel().replace(/^at /, "") + ". Safety when transformative AI arrives: " + AS.percent(r.safety, 2) + " ± " + AS.percent(r.stderr, 2) +
          "; no gap between what is needed and what is usable before it arrives in " + AS.percent(r.no_gap, 1) + " of trajectories." }),
        AS.figure(r.charts.race, null));
      },
    },
  };

  for (const button of document.querySelectorAll("button.run")) {
    const name = button.getAttribute("data-panel");
    const panel = document.getElementById(name + "-panel");
    const body = panel.querySelector(".panel-body");
    button.addEventListener("click", async () => {
      button.disabled = true;
      body.textContent = "Running…";
      const ranFor = location.hash;
      try {
        const content = await panels[name].run(state.scenario());
        body.textContent = "";
        body.append(content);
        panel.setAttribute("data-ran-for", ranFor);
        button.textContent = "Run again";
      } catch (error) {
        body.textContent = "Could not run: " + error.message;
        panel.removeAttribute("data-ran-for");
      }
      button.disabled = false;
      markPanels();
    });
  }

  /** Says on each panel whose inputs have changed since it ran that it is out of date. */
  function markPanels() {
    for (const panel of document.querySelectorAll(".panel")) {
      const ranFor = panel.getAttribute("data-ran-for");
      const old = ranFor != null && ranFor !== location.hash;
      panel.classList.toggle("out-of-date", old);
      let note = panel.querySelector(".out-of-date-note");
      if (old && !note) {
        note = AS.el("p", { class: "out-of-date-note", role: "status" }, "Out of date: the inputs have changed since this ran. ",
          AS.el("button", { type: "button", text: "Rerun", onclick: () => panel.querySelector("button.run").click() }));
        panel.querySelector(".panel-body").before(note);
      } else if (!old && note) {
        note.remove();
      }
    }
  }

  // Share and keep.
  const shareStatus = document.getElementById("share-status");
  async function download(url, name, what) {
    shareStatus.textContent = "Preparing the " + what + "…";
    try {
      const response = await AS.post(url, state.scenario(), { raw: true });
      AS.download(name, "", await response.blob());
      shareStatus.textContent = "Downloaded " + name + ".";
    } catch (error) {
      shareStatus.textContent = "Could not prepare the " + what + ": " + error.message;
    }
  }
  document.getElementById("download-report").addEventListener("click", () =>
    download("/api/report?samples=5000&trajectories=5000", "alignscale-report.html", "report"));
  document.getElementById("download-yaml").addEventListener("click", () => download("/api/yaml", "scenario.yaml", "scenario file"));
  document.getElementById("download-json").addEventListener("click", () => {
    const plain = Object.fromEntries(Object.entries(results).map(([name, value]) => {
      const { charts, ...rest } = value;
      return [name, rest];
    }));
    AS.download("alignscale-results.json", "application/json", JSON.stringify({ scenario: state.scenario(), results: plain }, null, 2));
  });
  document.getElementById("copy-link").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      shareStatus.textContent = "Copied the link to this view.";
    } catch {
      shareStatus.textContent = "Copy this link: " + location.href;
    }
  });

  // A different link pasted into this tab loads its view.
  window.addEventListener("hashchange", () => {
    if (location.hash === computedFor) return;
    // A link to another opened scenario (or none) is a new page, not an edit of this one.
    const carried = (location.hash.match(/[#&]f=([A-Za-z0-9_-]+)/) || [])[1] || null;
    if (carried !== source) { location.reload(); return; }
    load(location.hash);
    changed();
  });

  load(location.hash);
  changed();
})();
