// The survey: "chips in bins". Twenty chips, each 5% of your belief, placed on the ten levels
// (hardest at the top), with the probabilities they imply and the chance of passing each of the
// scale's thresholds said back as you place them. Nothing is stored until a chip is placed, so
// an untouched form is never an answer.
"use strict";

const CHIPS = 20;

(async function () {
  const scale = await AS.getJSON("/api/scale");
  const levels = scale.levels;
  const counts = levels.map(() => 0);
  const placed = () => counts.reduce((a, b) => a + b, 0);
  const bins = document.getElementById("bins");
  const submit = document.getElementById("submit");

  /** One bin per level: its name (open it for what it means), − and + buttons, its chips. */
  const rows = levels.map((level, k) => {
    const name = level.level + ". " + level.name;
    const less = AS.el("button", { type: "button", class: "chip-button", text: "−", id: "less-" + level.level,
      "aria-label": "Take a chip from level " + name });
    const more = AS.el("button", { type: "button", class: "chip-button", text: "+", id: "more-" + level.level,
      "aria-label": "Put a chip on level " + name });
    const chips = AS.el("span", { class: "chips", "aria-hidden": "true" });
    const share = AS.el("span", { class: "bin-share", id: "share-" + level.level });
    less.addEventListener("click", () => move(k, -1));
    more.addEventListener("click", () => move(k, +1));
    const row = AS.el("li", { class: "bin band-" + level.band },
      AS.el("details", {}, AS.el("summary", { text: name }), AS.el("p", { class: "hint", text: level.summary })),
      AS.el("span", { class: "bin-controls" }, less, chips, more), share);
    return { row, less, more, chips, share };
  });
  for (const r of rows.slice().reverse()) bins.append(r.row);

  function move(k, step) {
    if (step > 0 && placed() >= CHIPS) return;
    if (step < 0 && counts[k] === 0) return;
    counts[k] += step;
    render();
  }

  /** The chips, what they imply, and whether the answer can be sent. */
  function render() {
    const total = placed();
    rows.forEach((r, k) => {
      r.chips.textContent = "";
      for (let i = 0; i < counts[k]; i += 1) r.chips.append(AS.el("span", { class: "chip" }));
      r.share.textContent = total ? AS.percent(counts[k] / total, 0) : "–";
      r.less.disabled = counts[k] === 0;
      r.more.disabled = total >= CHIPS;
    });
    document.getElementById("chips-left").textContent = CHIPS - total === 0
      ? "All 20 chips placed."
      : (CHIPS - total) + " of 20 chips left" + (total ? " (the shares count the chips placed so far)." : ".");
    const feedback = document.getElementById("feedback");
    feedback.textContent = "";
    if (total === 0) {
      feedback.append(AS.el("p", { text: "Place a chip with + on the level you find most likely; each chip is 5% of your belief." }));
    } else {
      for (const threshold of scale.thresholds) {
        const above = counts.slice(threshold.after).reduce((a, b) => a + b, 0) / total;
        feedback.append(AS.el("p", {
          text: "You give " + AS.percent(above, 0) + " to the difficulty being above level " + threshold.after +
            " (" + threshold.name + ")" + (threshold.name === "sharp left turn" ? ": the sharp left turn being real." : "."),
        }));
      }
      const likeliest = counts.indexOf(Math.max(...counts));
      feedback.append(AS.el("p", { text: "Most likely to you: level " + levels[likeliest].level + ", " + levels[likeliest].name + "." }));
    }
    submit.disabled = total === 0;
  }
  render();

  document.getElementById("survey").addEventListener("submit", async (event) => {
    event.preventDefault();
    const thanks = document.getElementById("thanks");
    const total = placed();
    if (total === 0) {
      thanks.textContent = "Place at least one chip first: an empty answer is not stored.";
      return;
    }
    const beliefs = counts.map((c) => c / total);
    const comment = document.getElementById("comment").value;
    try {
      const result = await AS.post("/api/responses", { beliefs, comment });
      // Your own view in the explorer: the same beliefs as its sliders' weights.
      const view = "/#s=" + encodeURIComponent(btoa(JSON.stringify({ v: 2, w: beliefs.map((p) => Math.round(100 * p)) })));
      thanks.textContent = "";
      thanks.append("Thank you: your answer is stored as " + result.id + ". ",
        AS.el("a", { href: view, id: "own-view", text: "See what your beliefs imply in the explorer" }), " or ",
        AS.el("a", { href: "/results", text: "see the results" }), ".");
      submit.disabled = true;
    } catch (error) {
      thanks.textContent = "Could not store your answer: " + error.message;
    }
  });
})();
