// Shared helpers for the AlignmentScale pages. Plain JavaScript, no dependencies.
"use strict";

/** An error from the API: its message and, when the server named one, the field's path. */
class APIError extends Error {
  constructor(message, path, status) {
    super(message);
    this.path = path || null;
    this.status = status;
  }
}

const AS = {
  /** Creates an element with properties and children; text is always set as textContent. */
  el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value == null) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  },

  percent(x, digits = 1) { return (100 * x).toFixed(digits) + "%"; },
  points(x, digits = 2) {
    const pp = 100 * x;
    if (pp !== 0 && Math.abs(pp) < Math.pow(10, -digits)) return "<" + Math.pow(10, -digits).toFixed(digits) + " pp";
    return (pp > 0 ? "+" : "") + pp.toFixed(digits) + " pp";
  },
  /** `text` deflated and written in base64url (for a scenario carried in the page's link). */
  async pack(text) {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  },

  /** The text `pack` wrote, refusing anything that inflates past `limit` bytes (a hostile link). */
  async unpack(code, limit = 1 << 20) {
    const binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) { reader.cancel(); throw new Error("the link's scenario is larger than " + limit + " bytes"); }
      chunks.push(value);
    }
    return new TextDecoder().decode(await new Blob(chunks).arrayBuffer());
  },

  /** A loss (a regret ≥ 0) in percentage points, without a sign, as the reports print it. */
  loss(x, digits = 2) {
    const pp = 100 * x;
    if (pp <= 0) return "0 pp";
    if (pp < Math.pow(10, -digits) / 2) return "<" + Math.pow(10, -digits).toFixed(digits) + " pp";
    return pp.toFixed(digits) + " pp";
  },
  amount(x) { return Math.abs(x) < 1e-9 ? "0" : (Math.round(x * 100) / 100).toString(); },

  async getJSON(url) {
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new APIError(body.error || response.statusText, body.path, response.status);
    return body;
  },

  /** Posts `data` as JSON; answers the parsed JSON, or the response itself when `raw`. */
  async post(url, data, { raw = false, signal } = {}) {
    const response = await fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data), signal,
    });
    if (!response.ok) {
      let body = {};
      try { body = await response.json(); } catch { /* not JSON */ }
      throw new APIError(body.error || response.statusText, body.path, response.status);
    }
    return raw ? response : response.json();
  },

  /** Parses an SVG document from the server (its text is escaped there) into a node for the page. */
  svg(text) {
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    if (parsed.nodeName !== "svg") return AS.el("p", { class: "hint", text: "(the chart could not be shown)" });
    return document.importNode(parsed, true);
  },

  /**
   * A chart in a figure, with the table behind it one click away. With `narrow` (HTML bars, see
   * barList), a phone's width shows those instead of the chart, whose labels would be too small.
   */
  figure(svgText, table, summary = "Show the numbers as a table", narrow = null) {
    return AS.el("figure", { class: narrow ? "chart has-narrow" : "chart" }, AS.svg(svgText),
      narrow ? AS.el("div", { class: "narrow" }, AS.el("p", { class: "narrow-title", text: narrow.getAttribute("aria-label") }), narrow) : null,
      table ? AS.el("details", { class: "numbers" }, AS.el("summary", { text: summary }), AS.el("div", { class: "scroll" }, table)) : null);
  },

  /**
   * A horizontal bar chart in HTML: one row per item {label, value ≥ 0, text, title, marker,
   * negative}, bars (and a marker, such as a break-even value, drawn as a tick) scaled to the
   * largest value; a negative item's bar is drawn in the warning colour. Readable at any width.
   */
  barList(items, label) {
    const largest = Math.max(...items.map((i) => Math.max(i.value, i.marker ?? 0)), 1e-12);
    return AS.el("ul", { class: "bar-list", "aria-label": label }, ...items.map((item) => {
      const bar = AS.el("span", { class: item.negative ? "bar negative" : "bar" });
      bar.style.width = (100 * Math.max(0, item.value) / largest).toFixed(2) + "%";
      const track = AS.el("span", { class: "bar-track", "aria-hidden": "true" }, bar);
      if (item.marker != null) {
        const tick = AS.el("span", { class: "bar-marker" });
        tick.style.left = (100 * Math.max(0, item.marker) / largest).toFixed(2) + "%";
        track.append(tick);
      }
      return AS.el("li", { title: item.title || null }, AS.el("span", { class: "bar-label", text: item.label }),
        track, AS.el("span", { class: "bar-value", text: item.text }));
    }));
  },

  /** A table from a header row and rows of cells (the first cell of a row is its header). */
  table(header, rows, caption) {
    const table = AS.el("table", {}, caption ? AS.el("caption", { text: caption }) : null,
      AS.el("thead", {}, AS.el("tr", {}, ...header.map((h) => AS.el("th", { scope: "col", text: h })))));
    const body = AS.el("tbody");
    rows.forEach((row) => body.append(AS.el("tr", {},
      ...row.map((cell, i) => AS.el(i === 0 ? "th" : "td", i === 0 ? { scope: "row", text: cell } : { text: cell })))));
    table.append(body);
    return table;
  },

  /**
   * A belief editor drawn as the scale's ladder, hardest level at the top: per level a slider
   * (a weight from 0 to 100) and a bar with the share it gets once the weights are normalised
   * (the likeliest level's bar full),
   * with the scale's thresholds between the rungs. `onchange(weights)` receives the raw weights.
   */
  beliefLadder(container, scale, weights, onchange) {
    container.textContent = "";
    const inputs = [];
    const bars = [];
    const outputs = [];
    const note = AS.el("p", { class: "hint", id: "uniform-note", role: "status" });
    const refresh = () => {
      const values = inputs.map((x) => Number(x.value));
      const sum = values.reduce((a, b) => a + b, 0);
      const shares = sum > 0 ? values.map((v) => v / sum) : values.map(() => 1 / values.length);
      const largest = Math.max(...shares);
      shares.forEach((share, i) => {
        outputs[i].textContent = AS.percent(share);
        bars[i].style.width = (100 * share / largest).toFixed(2) + "%";
      });
      note.textContent = sum > 0 ? "" :
        "Every slider is at zero, so every level counts as equally likely (uniform).";
    };
    const rows = [];
    scale.levels.forEach((level, i) => {
      const id = "belief-" + level.level;
      const input = AS.el("input", {
        type: "range", min: "0", max: "100", step: "1", id, value: String(Math.round(weights[i])),
        "aria-describedby": id + "-share", "data-path": "beliefs",
      });
      const bar = AS.el("span", { class: "bar" });
      const output = AS.el("output", { id: id + "-share", for: id, class: "share" });
      input.addEventListener("input", () => { refresh(); onchange(inputs.map((x) => Number(x.value))); });
      inputs.push(input);
      bars.push(bar);
      outputs.push(output);
      const about = AS.el("details", { class: "about" },
        AS.el("summary", {}, AS.el("span", { class: "level", text: String(level.level) }), " ", AS.el("label", { for: id, text: level.name })),
        AS.el("p", { text: level.summary }),
        level.risks.length ? AS.el("ul", {}, ...level.risks.map((r) => AS.el("li", { text: r }))) : null);
      rows.push(AS.el("li", { class: "rung band-" + level.band }, about, input,
        AS.el("span", { class: "share-bar", "aria-hidden": "true" }, bar), output));
      const threshold = scale.thresholds.find((t) => t.after === level.level);
      if (threshold && level.level < scale.levels.length) {
        rows.push(AS.el("li", { class: "threshold", text: threshold.name }));
      }
    });
    container.append(...rows.reverse(), note);
    refresh();
    return {
      set(values) { values.forEach((v, i) => { inputs[i].value = String(Math.round(v)); }); refresh(); },
      weights() { return inputs.map((x) => Number(x.value)); },
    };
  },

  download(name, type, content) {
    const blob = content instanceof Blob ? content : new Blob([content], { type });
    const link = AS.el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(link);
    link.click();
    link.remove();
  },
};
