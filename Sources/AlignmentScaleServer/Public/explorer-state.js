// The explorer's state: beliefs, budget, program fields and alternative orderings, the scenario
// they make, and their encoding in the URL (#s=...), so that a link reproduces a view.
"use strict";

/** Program fields the explorer edits, in the order the URL stores them. */
const EDITABLE = ["baseline", "ceiling", "scale", "backfire", "evidence", "misuse_reduction"];
/** Fields that may hold one value per level of the scale instead of one number. */
const BY_LEVEL = ["backfire", "evidence"];
/** The scenario's numbers outside the programs that the explorer edits: [key, label, hint]. */
const SCALARS = [
  ["stop_baseline", "Stopped without help", "chance the world stops an unaligned deployment with no program's help"],
  ["misuse_baseline", "Misuse and structural risk", "chance an aligned system still ends in catastrophe, before any program reduces it"],
  ["frontier", "Frontier level", "the level today's techniques have reached; techniques above it are past the margin"],
];
/**
 * The race's timeline fields the explorer edits: [path, label, default, whether it may be a spread].
 * A path with a dot is inside `automation`.
 */
const TIMELINE = [
  ["tai_years", "Years until transformative AI", 10, true],
  ["required_now", "Level today's systems need", 2.5, false],
  ["shape", "Shape of the rise (1: linear)", 1, false],
  ["reference_years", "Years the budget covers", 10, false],
  ["gap_hazard", "Catastrophes per year in a gap", 0, false],
  ["automation.level", "Research speeds up at level", 5, false],
  ["automation.factor", "By a factor of", 1, false],
];
/** The program keys that say what a program is, rather than how it responds to money. */
const STRUCTURE = ["id", "name", "kind", "level", "requires", "min", "max"];
/** Links made before ceiling and misuse reduction were editable stored these four. */
const EDITABLE_V1 = ["baseline", "scale", "backfire", "evidence"];

class ExplorerState {
  constructor(base) {
    this.base = base;
    this.reset();
  }

  /** The default scenario's values. */
  reset() {
    const base = this.base;
    /** Where Monte Carlo and the race run: optimal, status-quo, scenario or own. */
    this.at = "optimal";
    /** Your own allocation, by program id, when `at` is "own". */
    this.own = {};
    this.weights = base.beliefs.map((p) => Math.round(100 * p));
    /** The budget as typed (a string while it is not a number). */
    this.budget = base.budget;
    this.programs = base.programs.map((p) => ExplorerState.copyProgram(p));
    /** The race's timeline as the scenario gives it, or null while it has none and nothing was edited. */
    this.timeline = base.timeline ? JSON.parse(JSON.stringify(base.timeline)) : null;
    /** stop_baseline, misuse_baseline and frontier as the inputs hold them. */
    this.scalars = ExplorerState.scalarsOf(base);
    /** Alternative orderings: {name, credence, levels: {id: level or null}}. */
    this.orderings = [];
    /** Evidence seen, as threshold tests: {name, says: "k > t" or "k <= t", sensitivity, specificity}. */
    this.evidence = [];
    /** Experiments that could be run, as threshold tests with a cost: {id, cost, says, sensitivity, specificity}. */
    this.experiments = [];
  }

  /** A timeline field's value (`automation.level` inside `automation`), or its default. */
  timelineValue(path, fallback) {
    const [head, tail] = path.split(".");
    const holder = tail ? (this.timeline?.[head] ?? {}) : this.timeline ?? {};
    return holder[tail ?? head] ?? fallback;
  }

  /** Sets a timeline field, creating the timeline when the scenario had none. */
  setTimeline(path, value) {
    if (!this.timeline) this.timeline = {};
    const [head, tail] = path.split(".");
    if (tail) this.timeline[head] = { ...(this.timeline[head] || {}), [tail]: value };
    else this.timeline[head] = value;
  }

  /** A program with its own copies of the lists inside it. */
  static copyProgram(p) {
    const copy = { ...p, ...Object.fromEntries(BY_LEVEL.filter((f) => Array.isArray(p[f])).map((f) => [f, p[f].slice()])) };
    if (Array.isArray(p.requires)) copy.requires = p.requires.slice();
    return copy;
  }

  /** Whether programs were added, removed, renamed or given another level, kind or requirement. */
  structureChanged() {
    const shape = (programs) => JSON.stringify(programs.map((p) => STRUCTURE.map((k) => p[k] ?? null)));
    return shape(this.programs) !== shape(this.base.programs);
  }

  /** stop_baseline, misuse_baseline and frontier of `scenario`, with the file format's defaults. */
  static scalarsOf(scenario) {
    return Object.fromEntries(SCALARS.map(([key]) => [key, scenario[key] ?? (key === "frontier" ? 3 : 0)]));
  }

  /** `stem-N` for the first N from `existing.length + 1` that none of `existing` already is. */
  static freshName(stem, existing) {
    const used = new Set(existing);
    let n = existing.length + 1;
    while (used.has(stem + "-" + n)) n += 1;
    return stem + "-" + n;
  }

  /**
   * Gives program `j` the id `id`, and every reference to its old id (other programs'
   * `requires`, the orderings' levels) the new one.
   */
  rename(j, id) {
    const old = this.programs[j].id;
    this.programs[j].id = id;
    for (const p of this.programs) if (Array.isArray(p.requires)) p.requires = p.requires.map((r) => (r === old ? id : r));
    for (const o of this.orderings) {
      if (old in o.levels) {
        o.levels[id] = o.levels[old];
        delete o.levels[old];
      }
    }
  }

  /** Removes program `j` and every reference to it. */
  remove(j) {
    const [gone] = this.programs.splice(j, 1);
    for (const p of this.programs) if (Array.isArray(p.requires)) p.requires = p.requires.filter((r) => r !== gone.id);
    for (const o of this.orderings) delete o.levels[gone.id];
  }

  /** The scenario to post: the default with these edits. */
  scenario() {
    const total = this.weights.reduce((a, b) => a + b, 0);
    const scenario = {
      ...this.base,
      beliefs: total > 0 ? this.weights : this.weights.map(() => 1),
      normalize: true,
      budget: typeof this.budget === "number" ? this.budget : Number(this.budget),
      programs: this.programs,
      ...this.scalars,
    };
    delete scenario.allocation;
    if (this.orderings.length) scenario.orderings = this.orderings.map((o) => ({ ...o }));
    if (this.timeline) scenario.timeline = JSON.parse(JSON.stringify(this.timeline));
    if (this.evidence.length) scenario.evidence = this.evidence.map((o) => ({ ...o }));
    if (this.experiments.length) scenario.experiments = this.experiments.map((e) => ({ ...e }));
    return scenario;
  }

  /** A program field as its input shows it: a number, "a to b", or a distribution as JSON. */
  static showField(value) {
    if (value == null) return "";
    if (typeof value === "number" || typeof value === "string") return String(value);
    // {"triangular": [0, 0.3, 0.6]} shows as triangular(0, 0.3, 0.6): short enough to read in a
    // table cell, and read back by readField.
    const keys = Object.keys(value);
    if (keys.length === 1 && Array.isArray(value[keys[0]])) return keys[0] + "(" + value[keys[0]].join(", ") + ")";
    return JSON.stringify(value).replace(/,/g, ", ").replace(/:/g, ": ");
  }

  /**
   * What a program field's text means: a number, an uncertain "a to b", or a distribution written
   * name(numbers) (beta(3, 7), triangular(0, 0.3, 0.6), …) or as JSON ({"beta": [3, 7]});
   * undefined when it is none of these. The server checks the values themselves.
   */
  static readField(text) {
    const t = String(text).trim();
    if (t === "") return undefined;
    const call = t.length <= 200 ? /^([a-z_]+)\s*\(([^()]*)\)$/i.exec(t) : null;
    if (call) {
      const numbers = call[2].split(",").map((x) => x.trim());
      if (numbers.some((x) => !/^[-+]?[0-9.]+(e[-+]?[0-9]+)?$/i.test(x) || !Number.isFinite(Number(x)))) return undefined;
      return { [call[1]]: numbers.map(Number) };
    }
    if (/^[-+]?[0-9.]+(e[-+]?[0-9]+)?$/i.test(t) && Number.isFinite(Number(t))) return Number(t);
    if (t.length <= 60 && /^[-+]?[0-9.]+(e[-+]?[0-9]+)?\s+to\s+[-+]?[0-9.]+(e[-+]?[0-9]+)?$/i.test(t)) return t.replace(/\s+/g, " ");
    if (t.length <= 200 && t.startsWith("{")) {
      try {
        const value = JSON.parse(t);
        const keys = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
        if (keys.length === 1 && Array.isArray(value[keys[0]]) && value[keys[0]].every((x) => typeof x === "number")) return value;
      } catch { return undefined; }
    }
    return undefined;
  }

  encode() {
    const state = {
      v: 2, w: this.weights, b: this.budget, p: this.programs.map((p) => EDITABLE.map((f) => p[f] ?? null)),
    };
    // Programs added, removed or renamed: the whole list, since positions no longer match.
    if (this.structureChanged()) {
      delete state.p;
      state.P = this.programs;
    }
    const given = ExplorerState.scalarsOf(this.base);
    if (SCALARS.some(([key]) => this.scalars[key] !== given[key])) state.c = SCALARS.map(([key]) => this.scalars[key]);
    if (this.orderings.length) state.o = this.orderings.map((o) => [o.name, o.credence, o.levels]);
    if (this.timeline && JSON.stringify(this.timeline) !== JSON.stringify(this.base.timeline ?? null)) state.t = this.timeline;
    if (this.evidence.length) state.e = this.evidence.map((o) => [o.name, o.says, o.sensitivity, o.specificity]);
    if (this.at !== "optimal") state.a = this.at;
    if (this.at === "own") state.y = this.programs.map((p) => this.own[p.id] ?? 0);
    if (this.experiments.length) state.x = this.experiments.map((e) => [e.id, e.cost, e.says, e.sensitivity, e.specificity]);
    return (this.source ? "f=" + this.source + "&" : "") + "s=" + encodeURIComponent(btoa(JSON.stringify(state)));
  }

  /**
   * Reads a `#s=` hash into the state (from the default values). Answers false, leaving the
   * default, when the hash holds no state or cannot be read.
   */
  decode(hash) {
    const match = hash.match(/s=([^&]+)/);
    this.reset();
    if (!match) return false;
    let state;
    try { state = JSON.parse(atob(decodeURIComponent(match[1]))); } catch { return false; }
    if (!state || typeof state !== "object") return false;
    const count = this.base.beliefs.length;
    if (Array.isArray(state.w) && state.w.length === count) {
      this.weights = state.w.map((w) => Math.min(100, Math.max(0, Math.round(Number(w)) || 0)));
    }
    if (typeof state.b === "number" || typeof state.b === "string") this.budget = state.b;
    const fields = state.v === 2 ? EDITABLE : EDITABLE_V1;
    if (Array.isArray(state.p)) {
      state.p.forEach((values, j) => {
        if (!this.programs[j] || !Array.isArray(values)) return;
        fields.forEach((field, i) => {
          const value = values[i];
          const read = typeof value === "number" ? value : ExplorerState.readField(typeof value === "string" ? value : JSON.stringify(value));
          if (read !== undefined && !Array.isArray(read)) this.programs[j][field] = read;
          const perLevel = BY_LEVEL.includes(field) && Array.isArray(value) && value.length === count;
          if (perLevel && value.every((v) => typeof v === "number")) this.programs[j][field] = value.slice();
        });
      });
    }
    // A whole program list (programs added, removed or renamed): kept as written, for the server
    // to check, with at most 60 programs (the server's limit) and only objects that have an id.
    if (Array.isArray(state.P) && state.P.length > 0 && state.P.length <= 60
      && state.P.every((p) => p && typeof p === "object" && !Array.isArray(p) && typeof p.id === "string")) {
      this.programs = state.P.map((p) => ExplorerState.copyProgram(p));
    }
    if (Array.isArray(state.c) && state.c.length === SCALARS.length) {
      SCALARS.forEach(([key], i) => {
        const value = state.c[i];
        const read = typeof value === "number" ? value : ExplorerState.readField(typeof value === "string" ? value : JSON.stringify(value));
        if (read !== undefined) this.scalars[key] = read;
      });
    }
    // A timeline: kept as written (the server checks it), its known keys only.
    if (state.t && typeof state.t === "object" && !Array.isArray(state.t)) {
      const known = ["start", "step", ...new Set(TIMELINE.map(([path]) => path.split(".")[0]))];
      this.timeline = Object.fromEntries(Object.entries(state.t).filter(([key]) => known.includes(key)));
    }
    if (Array.isArray(state.o)) {
      this.orderings = state.o.slice(0, 8).filter((o) => Array.isArray(o) && o.length === 3).map(([name, credence, levels]) => ({
        name: String(name).slice(0, 100),
        credence: Number(credence),
        levels: levels && typeof levels === "object" ? Object.fromEntries(
          Object.entries(levels).filter(([id]) => this.programs.some((p) => p.id === id))
            .map(([id, level]) => [id, level === null ? null : Number(level)])) : {},
      }));
    }
    const text = (v) => String(v).slice(0, 100);
    if (Array.isArray(state.e)) {
      this.evidence = state.e.slice(0, 8).filter((o) => Array.isArray(o) && o.length === 4).map(([name, says, sensitivity, specificity]) => ({
        name: text(name), says: text(says), sensitivity: Number(sensitivity), specificity: Number(specificity),
      }));
    }
    if (state.a === "status-quo" || (state.a === "scenario" && this.base.allocation)) this.at = state.a;
    if (state.a === "own" && Array.isArray(state.y) && state.y.length === this.programs.length) {
      this.at = "own";
      this.programs.forEach((p, j) => { this.own[p.id] = Number(state.y[j]) || 0; });
    }
    if (Array.isArray(state.x)) {
      this.experiments = state.x.slice(0, 8).filter((e) => Array.isArray(e) && e.length === 5).map(([id, cost, says, sensitivity, specificity]) => ({
        id: text(id), cost: Number(cost), says: text(says), sensitivity: Number(sensitivity), specificity: Number(specificity),
      }));
    }
    return true;
  }
}
