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
  /** An allocation {id: amount} as "id amount, …", the programs it funds only. */
  const funded = (allocation) => Object.entries(allocation).filter(([, v]) => v > 1e-9)
    .map(([id, v]) => id + " " + AS.amount(v)).join(", ");
  const poolChart = (title, values) => AS.el("div", {}, AS.el("p", { class: "narrow-title", text: title }),
    AS.barList(scale.levels.map((level, k) => ({ label: levelLabel(level), value: values[k], text: AS.percent(values[k]) })).reverse(), title));
  document.getElementById("pool-charts").append(
    poolChart("Linear pool", summary.linear), poolChart("Logarithmic pool", summary.logarithmic));
  const pools = document.getElementById("pools");
  pools.append(AS.el("tr", {}, ...["level", "linear pool", "logarithmic pool"].map((h) => AS.el("th", { scope: "col", text: h }))));
  scale.levels.forEach((level, k) => pools.append(AS.el("tr", { class: "band-" + level.band },
    AS.el("th", { scope: "row", text: level.level + ". " + level.name }),
    AS.el("td", { text: AS.percent(summary.linear[k]) }), AS.el("td", { text: AS.percent(summary.logarithmic[k]) }))));
  if (summary.groups) drawGroups(summary.groups);
  const consensus = document.getElementById("consensus");
  if (!summary.consensus) {
    document.getElementById("consensus-section").hidden = true;
    return;
  }
  document.getElementById("consensus-chart").append(AS.barList(summary.consensus.map((c) => ({
    label: c.name, value: c.max_regret, text: AS.loss(c.max_regret),
    title: "mean loss " + AS.loss(c.mean_regret) + "; " + funded(c.allocation),
  })), "Largest loss over the respondents"));
  consensus.append(AS.el("tr", {}, ...["allocation", "worst regret", "mean regret", "amounts"].map((h) => AS.el("th", { scope: "col", text: h }))));
  summary.consensus.forEach((c) => consensus.append(AS.el("tr", {},
    AS.el("th", { scope: "row", text: c.name }), AS.el("td", { text: (100 * c.max_regret).toFixed(2) + " pp" }),
    AS.el("td", { text: (100 * c.mean_regret).toFixed(2) + " pp" }),
    AS.el("td", { text: funded(c.allocation) }))));

  /**
   * The groups' cross-regret and divergence matrices as heatmaps: HTML tables whose cells carry
   * their number and a shade scaled to the largest value, readable at any width.
   */
  function drawGroups(data) {
    document.getElementById("groups-section").hidden = false;
    const short = data.groups.map((g, i) => String(i + 1));
    const legend = data.groups.map((g, i) => (i + 1) + " = " + g.name + " (" + g.size + " answers, expected level " +
      g.expected_level.toFixed(1) + ")").join("; ");
    const heatmap = (title, rowsLabel, matrix, format) => {
      const largest = Math.max(1e-12, ...matrix.flat());
      const table = AS.el("table", { class: "heatmap" }, AS.el("caption", { class: "visually-hidden", text: title }),
        AS.el("tr", {}, AS.el("th", { scope: "col", text: rowsLabel }), ...short.map((s) => AS.el("th", { scope: "col", text: s }))),
        ...matrix.map((row, i) => AS.el("tr", {}, AS.el("th", { scope: "row", text: short[i], title: data.groups[i].name }),
          ...row.map((value, j) => {
            const cell = AS.el("td", { text: format(value), title: data.groups[i].name + " under " + data.groups[j].name + ": " + format(value) });
            // Light to strong, dark text throughout (contrast stays readable).
            cell.style.background = "hsl(18, 85%, " + (97 - 42 * Math.max(0, value) / largest).toFixed(1) + "%)";
            return cell;
          }))));
      // The title above at the figure's width (a caption would wrap at the table's).
      return AS.el("figure", { class: "chart" }, AS.el("p", { class: "heatmap-title", "aria-hidden": "true", text: title }), table,
        AS.el("figcaption", { class: "hint", text: legend }));
    };
    document.getElementById("regret-heatmap").append(heatmap(
      "Loss under another group's best allocation (row: the group that loses; column: whose allocation)",
      "loses ↓ / under →", data.cross_regret, (v) => AS.loss(v)));
    document.getElementById("divergence-heatmap").append(heatmap(
      "How far apart the groups' beliefs are (Jensen–Shannon, bits)", "group", data.divergence, (v) => v.toFixed(3)));
    const table = document.getElementById("groups");
    table.append(AS.el("tr", {}, ...["group", "answers", "expected level", "its best safety", "its best allocation"]
      .map((h) => AS.el("th", { scope: "col", text: h }))));
    data.groups.forEach((g, i) => table.append(AS.el("tr", {},
      AS.el("th", { scope: "row", text: (i + 1) + ". " + g.name }), AS.el("td", { text: String(g.size) }),
      AS.el("td", { text: g.expected_level.toFixed(2) }), AS.el("td", { text: AS.percent(g.safety, 2) }),
      AS.el("td", { text: funded(g.allocation) }))));
  }
})();
