"use strict";

(async function () {
  const [scale, summary] = await Promise.all([AS.getJSON("/api/scale"), AS.getJSON("/api/responses/summary")]);
  document.getElementById("count").textContent = String(summary.responses);
  const answers = (n) => (n === 1 ? "1 answer" : n + " answers");
  const every = summary.publish_every;
  document.getElementById("batch").textContent = summary.published_at == null
    ? "The results appear once " + answers(every) + (every === 1 ? " is" : " are") + " in (" +
      (summary.waiting === 0 ? "none yet" : summary.waiting + " so far") + ")."
    : "Last changed " + new Date(summary.published_at).toLocaleString() + ". The results change in batches of " +
      answers(every) + "; " + (summary.waiting === 0 ? "none waits" : answers(summary.waiting) + " waiting") +
      " for the next.";
  if (summary.responses === 0) {
    document.getElementById("disagreement").textContent = "none yet";
    document.getElementById("tables").hidden = true;
    const empty = document.getElementById("empty");
    empty.hidden = false;
    return;
  }
  document.getElementById("disagreement").textContent =
    summary.mean_jensen_shannon == null ? "–" : summary.mean_jensen_shannon.toFixed(3);
  if (summary.jensen_shannon_sample < summary.responses) {
    document.getElementById("disagreement").title = "over the newest " + summary.jensen_shannon_sample + " answers";
  }
  const levelLabel = (level) => level.level + ". " + level.name;
  const poolChart = (title, values) => AS.el("div", {}, AS.el("p", { class: "narrow-title", text: title }),
    AS.barList(scale.levels.map((level, k) => ({ label: levelLabel(level), value: values[k], text: AS.percent(values[k]) })).reverse(), title));
  document.getElementById("pool-charts").append(
    poolChart("Linear pool", summary.linear), poolChart("Logarithmic pool", summary.logarithmic));
  const pools = document.getElementById("pools");
  pools.append(AS.el("tr", {}, ...["level", "linear pool", "logarithmic pool"].map((h) => AS.el("th", { scope: "col", text: h }))));
  scale.levels.forEach((level, k) => pools.append(AS.el("tr", { class: "band-" + level.band },
    AS.el("th", { scope: "row", text: level.level + ". " + level.name }),
    AS.el("td", { text: AS.percent(summary.linear[k]) }), AS.el("td", { text: AS.percent(summary.logarithmic[k]) }))));
  const consensus = document.getElementById("consensus");
  if (!summary.consensus) {
    document.getElementById("consensus-section").hidden = true;
    return;
  }
  document.getElementById("consensus-chart").append(AS.barList(summary.consensus.map((c) => ({
    label: c.name, value: c.max_regret, text: AS.loss(c.max_regret),
    title: "mean loss " + AS.loss(c.mean_regret) + "; " + Object.entries(c.allocation).filter(([, v]) => v > 1e-9)
      .map(([id, v]) => id + " " + AS.amount(v)).join(", "),
  })), "Largest loss over the respondents"));
  consensus.append(AS.el("tr", {}, ...["allocation", "worst regret", "mean regret", "amounts"].map((h) => AS.el("th", { scope: "col", text: h }))));
  summary.consensus.forEach((c) => consensus.append(AS.el("tr", {},
    AS.el("th", { scope: "row", text: c.name }), AS.el("td", { text: (100 * c.max_regret).toFixed(2) + " pp" }),
    AS.el("td", { text: (100 * c.mean_regret).toFixed(2) + " pp" }),
    AS.el("td", { text: Object.entries(c.allocation).filter(([, v]) => v > 1e-9).map(([id, v]) => id + " " + AS.amount(v)).join(", ") }))));
})();
