// The explorer's inputs: the belief ladder and its presets, the budget, the program table and the
// alternative orderings. Each calls `changed()` after an edit; errors from the server are shown at
// the field whose path they name.
"use strict";

class ExplorerInputs {
  /**
   * @param state an ExplorerState
   * @param scale the built-in scale (GET /api/scale)
   * @param presets GET /api/presets
   * @param help descriptions of the program fields, by name (from the OpenAPI document's schema)
   * @param changed called after every edit
   */
  constructor(state, scale, presets, help, changed) {
    Object.assign(this, { state, scale, presets, help, changed });
  }

  /** Builds (or rebuilds, after a new link is opened) every input from the state. */
  render() {
    this.renderBeliefs();
    this.renderBudget();
    this.renderScalars();
    this.renderTimeline();
    this.renderPrograms();
    this.renderOrderings();
    this.renderLearning();
  }

  renderBeliefs() {
    const select = document.getElementById("preset");
    select.textContent = "";
    for (const preset of this.presets) select.append(AS.el("option", { value: preset.name, text: preset.name }));
    select.append(AS.el("option", { value: "custom", text: "custom", disabled: "" }));
    select.onchange = () => {
      const preset = this.presets.find((p) => p.name === select.value);
      if (!preset) return;
      this.ladder.set(preset.beliefs.map((p) => 100 * p));
      this.state.weights = this.ladder.weights();
      this.showPreset();
      this.changed();
    };
    this.ladder = AS.beliefLadder(document.getElementById("ladder"), this.scale, this.state.weights, (weights) => {
      this.state.weights = weights;
      this.showPreset();
      this.changed();
    });
    this.showPreset();
  }

  /** Names the preset the sliders match, or "custom" once they match none. */
  showPreset() {
    const select = document.getElementById("preset");
    const same = (preset) => preset.beliefs.every((p, i) => Math.round(100 * p) === this.state.weights[i]);
    const preset = this.presets.find(same);
    select.value = preset ? preset.name : "custom";
    document.getElementById("preset-summary").textContent = preset ? preset.summary : "your own beliefs";
  }

  renderBudget() {
    const input = document.getElementById("budget");
    input.value = String(this.state.budget);
    input.oninput = () => {
      const text = input.value.trim();
      if (text === "" || !Number.isFinite(Number(text))) {
        this.state.budget = text;
        this.invalid(input, "budget: expected a number ≥ 0, found " + (text === "" ? "nothing" : "'" + text + "'"));
        return;
      }
      this.state.budget = Number(text);
      this.changed();
    };
  }

  /** The scenario's own numbers: the stop and misuse baselines (which may be uncertain) and the frontier. */
  renderScalars() {
    const container = document.getElementById("scalars");
    container.textContent = "";
    for (const [key, label, hint] of SCALARS) {
      const value = this.state.scalars[key];
      const byLevel = Array.isArray(value);
      const whole = key === "frontier";
      const input = this.valueField({
        attributes: { id: "scalar-" + key, "data-path": key, title: byLevel ? "given by level in the scenario file: edit it there" : hint },
        value,
        refuse: (read) => read === undefined || (whole && !Number.isInteger(read))
          ? (whole ? `${key}: expected a level (a whole number)` : `${key}: expected a number, "a to b" or a distribution`) : null,
        set: (read) => { this.state.scalars[key] = read; },
      });
      if (byLevel) input.disabled = true;
      container.append(AS.el("div", { class: "field" }, AS.el("label", { for: input.id, text: label, title: hint }), input));
    }
  }

  /** The race's timeline: when transformative AI arrives, how the needed level rises, automation. */
  renderTimeline() {
    const container = document.getElementById("timeline-fields");
    container.textContent = "";
    for (const [path, label, fallback, spread] of TIMELINE) {
      const value = this.state.timelineValue(path, fallback);
      const input = this.valueField({
        attributes: {
          id: "timeline-" + path.replace(".", "-"), "data-path": "timeline." + path,
          title: spread ? "a number, or a spread such as \"4 to 25\"" : "a number",
        },
        value,
        refuse: (read) => read === undefined || (!spread && typeof read !== "number")
          ? `timeline.${path}: expected ${spread ? "a number or a spread such as \"4 to 25\"" : "a number"}` : null,
        set: (read) => this.state.setTimeline(path, read),
      });
      container.append(AS.el("div", { class: "field" }, AS.el("label", { for: input.id, text: label }), input));
    }
  }

  /** The level-or-kind choice of program j: a technique at a level of the scale, or another kind. */
  kindSelect(program, j) {
    const select = AS.el("select", { id: `program-${j}-level`, "data-path": `programs[${j}].level`,
      "aria-label": `${program.name || program.id}: level or kind` },
    ...this.scale.levels.map((l) => AS.el("option", { value: String(l.level), text: `${l.level}. ${l.name}` })),
    ...["governance", "coordination", "evidence"].map((kind) => AS.el("option", { value: kind, text: kind })));
    select.value = program.level != null ? String(program.level) : program.kind || "governance";
    select.addEventListener("change", () => {
      if (/^\d+$/.test(select.value)) {
        program.level = Number(select.value);
        delete program.kind;
      } else {
        delete program.level;
        program.kind = select.value;
      }
      this.renderOrderings();
      this.changed();
    });
    return select;
  }

  /** The cell that names program j: its name and id (renaming updates every reference) and its requirements. */
  nameCell(program, j) {
    const label = (what) => `${program.name || program.id}: ${what}`;
    const name = AS.el("input", { type: "text", value: program.name || "", placeholder: program.id, maxlength: "100",
      id: `program-${j}-name`, "data-path": `programs[${j}].name`, "aria-label": label("name") });
    name.addEventListener("input", () => {
      if (name.value.trim() === "") delete program.name;
      else program.name = name.value;
      this.changed();
    });
    const id = AS.el("input", { type: "text", value: program.id, maxlength: "64", class: "program-id",
      id: `program-${j}-id`, "data-path": `programs[${j}].id`, "aria-label": label("id, used by requires and links") });
    id.addEventListener("change", () => {
      const text = id.value.trim();
      if (!/^[a-z0-9][a-z0-9-]*$/.test(text)) {
        this.invalid(id, `programs[${j}].id: expected a slug (lower-case letters, digits and hyphens), found '${text}'`);
        return;
      }
      if (this.state.programs.some((p, i) => i !== j && p.id === text)) {
        this.invalid(id, `programs[${j}].id: expected a unique id, found '${text}', already used`);
        return;
      }
      this.state.rename(j, text);
      this.renderPrograms();
      this.renderOrderings();
      this.changed();
    });
    const requires = AS.el("input", { type: "text", value: (program.requires || []).join(", "), placeholder: "requires: ids",
      id: `program-${j}-requires`, "data-path": `programs[${j}].requires`, "aria-label": label("requires (ids, comma-separated)"),
      title: "ids of programs that must also be ready for this one to be usable, comma-separated" });
    requires.addEventListener("change", () => {
      const ids = requires.value.split(",").map((s) => s.trim()).filter((s) => s !== "");
      const unknown = ids.find((r) => !this.state.programs.some((p) => p.id === r));
      if (unknown !== undefined) {
        this.invalid(requires, `programs[${j}].requires: expected ids of programs, found '${unknown}'`);
        return;
      }
      if (ids.length) program.requires = ids;
      else delete program.requires;
      this.changed();
    });
    const remove = AS.el("button", { type: "button", class: "remove-program", text: "Remove",
      "aria-label": `Remove ${program.name || program.id}` });
    remove.disabled = this.state.programs.length <= 1;
    remove.addEventListener("click", () => {
      this.state.remove(j);
      this.renderPrograms();
      this.renderOrderings();
      this.changed();
    });
    return AS.el("th", { scope: "row", class: "program-name" }, name, id, requires, remove);
  }

  renderPrograms() {
    const table = document.getElementById("programs");
    table.textContent = "";
    const header = AS.el("tr", {}, AS.el("th", { scope: "col", text: "program" }), AS.el("th", { scope: "col", text: "level or kind" }),
      ...EDITABLE.map((field) => AS.el("th", { scope: "col", title: this.help[field] || "", tabindex: "0", class: "has-help" },
        field.replace("_", " "))));
    table.append(AS.el("thead", {}, header));
    const body = AS.el("tbody");
    this.state.programs.forEach((program, j) => {
      const cells = EDITABLE.map((field) => {
        const path = `programs[${j}].${field}`;
        const label = `${program.name || program.id}: ${field.replace("_", " ")}`;
        const cell = (...children) => AS.el("td", { "data-label": field.replace("_", " ") }, ...children);
        if (BY_LEVEL.includes(field) && Array.isArray(program[field])) return cell(this.levelEditor(program, field, path, label));
        // A number, or an uncertain value: "a to b" or a distribution such as beta(3, 7). A
        // one-line text area, so that a long spread wraps in its cell instead of being cut off.
        const input = this.valueField({
          tag: "textarea",
          attributes: {
            rows: "1", spellcheck: "false", "aria-label": label, "data-path": path, id: "program-" + j + "-" + field,
            title: "a number, or an uncertain value: \"a to b\" (5% below a, 5% above b) or a distribution such as beta(3, 7) or triangular(0, 0.3, 0.6)",
          },
          value: program[field],
          refuse: (read) => read === undefined ? `${path}: expected a number, "a to b" or a distribution such as beta(3, 7)` : null,
          set: (read) => { program[field] = read; },
        });
        input.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
        if (!BY_LEVEL.includes(field)) return cell(input);
        // One value for every level, until the reader asks for one per level.
        const split = AS.el("button", {
          type: "button", class: "by-level", text: "by level", "aria-label": `${label}: give one value per level`,
        });
        // Per level is for fixed numbers: an uncertain value must be made one number first.
        split.hidden = typeof program[field] !== "number";
        input.addEventListener("input", () => { split.hidden = typeof program[field] !== "number"; });
        split.addEventListener("click", () => {
          program[field] = this.scale.levels.map(() => Number(program[field]) || 0);
          this.renderPrograms();
          this.changed();
        });
        return cell(input, split);
      });
      body.append(AS.el("tr", {}, this.nameCell(program, j), AS.el("td", { "data-label": "level or kind" }, this.kindSelect(program, j)), ...cells));
    });
    table.append(body);
    const add = document.getElementById("add-program");
    add.disabled = this.state.programs.length >= 60;
    add.onclick = () => {
      const id = ExplorerState.freshName("program", this.state.programs.map((p) => p.id));
      this.state.programs.push({ id, name: "New program", level: 6, baseline: 0.1, scale: 100 });
      this.renderPrograms();
      this.renderOrderings();
      this.changed();
      document.getElementById(`program-${this.state.programs.length - 1}-name`).focus();
    };
    const list = document.getElementById("field-help");
    list.textContent = "";
    for (const field of EDITABLE) {
      list.append(AS.el("dt", { text: field.replace("_", " ") }), AS.el("dd", { text: this.help[field] || "" }));
    }
  }

  /**
   * One input per level of the scale for a value given by level (the value in worlds whose true
   * level is that one), and a button that goes back to one value for every level.
   */
  levelEditor(program, field, path, label) {
    const values = program[field];
    const grid = AS.el("div", { class: "level-values" });
    this.scale.levels.forEach((level, k) => {
      const input = AS.el("input", {
        type: "number", step: "any", min: "0", max: "1", value: String(values[k] ?? 0),
        "aria-label": `${label} at level ${level.level}`, "data-path": `${path}[${k}]`, title: `level ${level.level}: ${level.name}`,
      });
      input.addEventListener("input", () => {
        const text = input.value.trim();
        if (text === "" || !Number.isFinite(Number(text))) {
          this.invalid(input, `${path}[${k}]: expected a number`);
          return;
        }
        values[k] = Number(text);
        this.changed();
      });
      grid.append(AS.el("label", {}, AS.el("span", { text: String(level.level) }), input));
    });
    const join = AS.el("button", {
      type: "button", class: "by-level", text: "one value", "aria-label": `${label}: one value for every level`,
    });
    join.addEventListener("click", () => {
      program[field] = values.reduce((a, b) => a + b, 0) / values.length;
      this.renderPrograms();
      this.changed();
    });
    return AS.el("details", { open: "" }, AS.el("summary", { text: "by level" }), grid, join);
  }

  renderOrderings() {
    const container = document.getElementById("orderings");
    container.textContent = "";
    const techniques = this.state.programs.filter((p) => p.level != null);
    const levels = this.scale.levels.filter((l) => !l.impossible);
    this.state.orderings.forEach((ordering, i) => {
      const path = `orderings[${i}]`;
      const name = AS.el("input", { type: "text", value: ordering.name, "data-path": path + ".name", id: `ordering-${i}-name`, maxlength: "100" });
      name.addEventListener("input", () => { ordering.name = name.value; this.changed(); });
      const credence = AS.el("input", {
        type: "number", min: "0", max: "1", step: "0.05", value: String(ordering.credence), "data-path": path + ".credence", id: `ordering-${i}-credence`,
      });
      credence.addEventListener("input", () => {
        if (credence.value.trim() === "" || !Number.isFinite(Number(credence.value))) {
          this.invalid(credence, `${path}.credence: expected a credence in [0, 1]`);
          return;
        }
        ordering.credence = Number(credence.value);
        this.changed();
      });
      const rows = techniques.map((program) => {
        const select = AS.el("select", { "data-path": `${path}.levels.${program.id}`, id: `ordering-${i}-${program.id}`,
          "aria-label": `${program.name || program.id} in ${ordering.name}` },
        AS.el("option", { value: "", text: `as in the scale (${program.level})` }),
        ...levels.map((l) => AS.el("option", { value: String(l.level), text: `${l.level}. ${l.name}` })),
        AS.el("option", { value: "null", text: "dead end: never enough" }));
        const current = ordering.levels[program.id];
        select.value = current === undefined ? "" : current === null ? "null" : String(current);
        select.addEventListener("change", () => {
          if (select.value === "") delete ordering.levels[program.id];
          else ordering.levels[program.id] = select.value === "null" ? null : Number(select.value);
          this.changed();
        });
        return AS.el("tr", {}, AS.el("th", { scope: "row", text: program.name || program.id }), AS.el("td", {}, select));
      });
      const remove = AS.el("button", { type: "button", text: "Remove this ordering" });
      remove.addEventListener("click", () => {
        this.state.orderings.splice(i, 1);
        this.renderOrderings();
        this.changed();
      });
      container.append(AS.el("fieldset", { class: "ordering" }, AS.el("legend", { text: "Alternative ordering " + (i + 1) }),
        AS.el("div", { class: "field-row" },
          AS.el("div", { class: "field" }, AS.el("label", { for: name.id, text: "Name" }), name),
          AS.el("div", { class: "field" }, AS.el("label", { for: credence.id, text: "Credence (0 to 1)" }), credence)),
        AS.el("div", { class: "scroll" }, AS.el("table", {},
          AS.el("thead", {}, AS.el("tr", {}, AS.el("th", { scope: "col", text: "technique" }), AS.el("th", { scope: "col", text: "level in this ordering" }))),
          AS.el("tbody", {}, ...rows))),
        remove));
    });
    const add = document.getElementById("add-ordering");
    add.disabled = this.state.orderings.length >= 8;
    add.onclick = () => {
      const name = ExplorerState.freshName("alternative", this.state.orderings.map((o) => o.name));
      this.state.orderings.push({ name, credence: 0.25, levels: {} });
      this.renderOrderings();
      this.changed();
      document.getElementById(`ordering-${this.state.orderings.length - 1}-name`).focus();
    };
  }

  /**
   * The evidence seen and the experiments that could be run, each a test of a threshold
   * ("k > t" or "k <= t") with its sensitivity and specificity; an experiment also has a cost.
   */
  renderLearning() {
    const levels = this.scale.levels.length;
    const row = (list, i, kind) => {
      const item = list[i];
      const base = kind === "evidence" ? `evidence[${i}]` : `experiments[${i}]`;
      const prefix = `${kind}-${i}`;
      const key = kind === "evidence" ? "name" : "id";
      const name = AS.el("input", { type: "text", value: item[key], id: `${prefix}-${key}`, "data-path": `${base}.${key}`, maxlength: "100" });
      name.addEventListener("input", () => { item[key] = name.value; this.changed(); });
      const match = /^k\s*(>|<=)\s*(\d+)$/.exec(item.says) || [null, ">", "6"];
      const side = AS.el("select", { id: `${prefix}-side`, "aria-label": "which side of the threshold it says", "data-path": `${base}.says` },
        AS.el("option", { value: ">", text: "k >" }), AS.el("option", { value: "<=", text: "k ≤" }));
      side.value = match[1];
      const threshold = AS.el("select", { id: `${prefix}-threshold`, "aria-label": "threshold level" },
        ...Array.from({ length: levels - 1 }, (_, t) => AS.el("option", { value: String(t + 1), text: String(t + 1) })));
      threshold.value = match[2];
      const says = () => { item.says = `k ${side.value} ${threshold.value}`; this.changed(); };
      side.addEventListener("change", says);
      threshold.addEventListener("change", says);
      const number = (field, label, attributes) => {
        const input = AS.el("input", { type: "number", step: "any", value: String(item[field]), id: `${prefix}-${field}`, "data-path": `${base}.${field}`, ...attributes });
        input.addEventListener("input", () => {
          const text = input.value.trim();
          if (text === "" || !Number.isFinite(Number(text))) {
            this.invalid(input, `${base}.${field}: expected a number`);
            return;
          }
          item[field] = Number(text);
          this.changed();
        });
        return AS.el("div", { class: "field" }, AS.el("label", { for: input.id, text: label }), input);
      };
      const remove = AS.el("button", { type: "button", text: "Remove", "aria-label": `Remove ${item[key]}` });
      remove.addEventListener("click", () => {
        list.splice(i, 1);
        this.renderLearning();
        this.changed();
      });
      return AS.el("fieldset", { class: "test" }, AS.el("legend", { text: kind === "evidence" ? "Observation " + (i + 1) : "Experiment " + (i + 1) }),
        AS.el("div", { class: "field-row" },
          AS.el("div", { class: "field" }, AS.el("label", { for: name.id, text: kind === "evidence" ? "Name" : "Id" }), name),
          AS.el("div", { class: "field" }, AS.el("label", { for: side.id, text: "It says" }), AS.el("span", { class: "says" }, side, threshold)),
          number("sensitivity", "Sensitivity", { min: "0", max: "1" }),
          number("specificity", "Specificity", { min: "0", max: "1" }),
          kind === "experiments" ? number("cost", "Cost", { min: "0" }) : null),
        remove);
    };
    const sections = [["evidence", "observations", "add-observation", "observation"], ["experiments", "experiments", "add-experiment", "experiment"]];
    for (const [kind, id, button, stem] of sections) {
      const list = this.state[kind];
      const container = document.getElementById(id);
      container.textContent = "";
      list.forEach((_, i) => container.append(row(list, i, kind)));
      const add = document.getElementById(button);
      add.disabled = list.length >= 8;
      add.onclick = () => {
        const key = kind === "evidence" ? "name" : "id";
        const item = { [key]: ExplorerState.freshName(stem, list.map((other) => other[key])), says: "k > 6", sensitivity: 0.9, specificity: 0.75 };
        if (kind === "experiments") item.cost = 2;
        list.push(item);
        this.renderLearning();
        this.changed();
        document.getElementById(`${kind}-${list.length - 1}-${key}`).focus();
      };
    }
  }

  /** A value the page can tell is wrong before asking the server: marked, and nothing computed. */
  /**
   * A field for a number or an uncertain value ("a to b", or a distribution such as beta(3, 7)):
   * shown and read as ExplorerState shows and reads them, marked uncertain while it holds a
   * spread. `refuse(read)` is the message for a value this field does not take (null: taken),
   * and `set(read)` stores a taken one; then the results follow.
   */
  valueField({ tag = "input", attributes, value, refuse, set }) {
    const shown = ExplorerState.showField(value);
    const field = AS.el(tag, {
      ...attributes, inputmode: "decimal", class: typeof value === "number" || value == null ? "" : "uncertain",
      ...(tag === "input" ? { type: "text", value: shown } : { text: shown }),
    });
    field.addEventListener("input", () => {
      const read = ExplorerState.readField(field.value);
      const message = refuse(read);
      if (message) {
        this.invalid(field, message);
        return;
      }
      set(read);
      field.classList.toggle("uncertain", typeof read !== "number");
      this.changed();
    });
    return field;
  }

  invalid(element, message) {
    ExplorerInputs.clearFields();
    ExplorerInputs.markField(element, message);
    this.changed({ compute: false, error: message });
  }

  /** Clears every field's error mark. */
  static clearFields() {
    document.querySelectorAll("[aria-invalid=true]").forEach((el) => el.removeAttribute("aria-invalid"));
    document.querySelectorAll(".field-error.dynamic").forEach((el) => el.remove());
    document.getElementById("budget-error").textContent = "";
  }

  /** Marks `element` as invalid with `message` beside it. */
  static markField(element, message) {
    element.setAttribute("aria-invalid", "true");
    if (element.id === "budget") {
      document.getElementById("budget-error").textContent = message;
      return;
    }
    const slot = AS.el("p", { class: "field-error dynamic", role: "alert", text: message, id: element.id + "-error" });
    element.setAttribute("aria-describedby", slot.id);
    const anchor = element.closest("td, .field, .ladder") || element;
    anchor.append(slot);
  }

  /**
   * Shows a server error at the field its path names (the longest path of an input that is a
   * prefix of it); answers whether a field was found.
   */
  static showError(error) {
    if (!error.path) return false;
    let best = null;
    for (const element of document.querySelectorAll("[data-path]")) {
      const path = element.getAttribute("data-path");
      const fits = error.path === path || error.path.startsWith(path + ".") || error.path.startsWith(path + "[");
      if (fits && (!best || path.length > best.getAttribute("data-path").length)) best = element;
    }
    if (!best) return false;
    // The position in the posted JSON means nothing here: the field is marked instead.
    ExplorerInputs.markField(best, error.message.replace(/^request body:\d+:\d+: /, ""));
    return true;
  }
}
