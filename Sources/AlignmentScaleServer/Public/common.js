// Shared helpers for the AlignmentScale pages. Plain JavaScript, no dependencies.
"use strict";

const AS = {
  /** Creates an element with properties and children; text is always set as textContent. */
  el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  },

  percent(x, digits = 1) { return (100 * x).toFixed(digits) + "%"; },
  amount(x) { return Math.abs(x) < 1e-9 ? "0" : (Math.round(x * 100) / 100).toString(); },

  async getJSON(url) {
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  },

  async postJSON(url, data) {
    const response = await fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data),
    });
    const text = await response.text();
    let body;
    try { body = JSON.parse(text); } catch { body = text; }
    if (!response.ok) throw new Error((body && body.error) || response.statusText);
    return body;
  },

  /** Presets of beliefs over ten levels. */
  presets: {
    default: [0.05, 0.10, 0.15, 0.15, 0.15, 0.12, 0.10, 0.08, 0.05, 0.05],
    optimist: [0.25, 0.25, 0.2, 0.12, 0.08, 0.05, 0.03, 0.01, 0.005, 0.005],
    pessimist: [0.01, 0.02, 0.03, 0.05, 0.07, 0.12, 0.15, 0.2, 0.2, 0.15],
    uniform: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
  },

  /**
   * A belief editor: one slider per level with its normalised share shown live.
   * `onchange(weights)` receives the raw weights (not normalised).
   */
  beliefEditor(container, levels, weights, onchange) {
    container.textContent = "";
    const outputs = [];
    const inputs = [];
    const total = () => inputs.reduce((sum, input) => sum + Number(input.value), 0);
    const refresh = () => {
      const sum = total();
      inputs.forEach((input, i) => {
        outputs[i].textContent = sum > 0 ? AS.percent(Number(input.value) / sum) : "–";
      });
    };
    levels.forEach((level, i) => {
      const id = "belief-" + level.level;
      const input = AS.el("input", {
        type: "range", min: "0", max: "100", step: "1", id, value: String(Math.round(weights[i] * 100)),
        "aria-describedby": id + "-share",
      });
      const output = AS.el("output", { id: id + "-share", for: id, class: "share" });
      input.addEventListener("input", () => { refresh(); onchange(inputs.map((x) => Number(x.value))); });
      inputs.push(input);
      outputs.push(output);
      container.append(AS.el("div", { class: "belief band-" + level.band },
        AS.el("label", { for: id, text: level.level + ". " + level.name }), input, output));
    });
    refresh();
    return {
      set(values) { values.forEach((v, i) => { inputs[i].value = String(Math.round(v * 100)); }); refresh(); },
      weights() { return inputs.map((x) => Number(x.value)); },
    };
  },

  normalise(weights) {
    const sum = weights.reduce((a, b) => a + b, 0);
    return sum > 0 ? weights.map((w) => w / sum) : weights.map(() => 1 / weights.length);
  },

  download(name, type, text) {
    const link = AS.el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(link);
    link.click();
    link.remove();
  },
};
