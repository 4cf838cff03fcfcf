// The <peer-benchmark> custom element: DOM plumbing only. Every number, word and chart comes
// from the Rust core (a Session kept in wasm, in a worker when the page allows: engine.js);
// this file places them on the page.
//
// The build wraps this file in one classic script together with the wasm-bindgen glue, the
// wasm bytes, engine.js, report-decoder.js and the stylesheet text (`ELEMENT_CSS`).
// Nothing here may send data anywhere: no network API is ever called.

/* global ELEMENT_CSS, createEngine, decodeReport, svgToPng */

const PAGE_SIZE = 250;
const ROLES = [
  ["code", "Organisation code"],
  ["name", "Organisation name"],
  ["indicator", "Indicator (for long files)"],
  ["period", "Period (dates, months, years)"],
  ["numerator", "Numerator (the count)"],
  ["denominator", "Denominator (what it is out of)"],
  ["value", "Value (compared as it is)"],
];

const TYPES = [
  ["", "(as detected)"],
  ["proportion", "Proportion (part of a whole)"],
  ["rate", "Rate (events per population)"],
  ["ratio", "Ratio (observed over expected)"],
  ["mean", "Mean"],
  ["value", "Value (no interval)"],
];

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

let sheet = null;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(ELEMENT_CSS);
  }
  return sheet;
}

let instances = 0;

class PeerBenchmark extends HTMLElement {
  static get observedAttributes() {
    return ["polarity", "type", "multiplier", "benchmark", "confidence", "heading", "options"];
  }

  constructor() {
    super();
    this._id = `pb${++instances}`;
    this._options = {};
    this._engine = null; // created on the first analysis (engine.js)
    this._pendingBytes = null; // bytes not yet handed to the engine, which keeps them after
    this._pendingExtras = null; // files to join to it, when given with it or added
    this._hasData = false; // whether the engine holds a file to re-analyse with new options
    this._runs = 0;
    this._renders = 0;
    this._viewRenders = 0;
    this._report = null;
    this._view = null; // the view shown ("overview", "compare", "funnel", ...)
    this._selected = null; // the organisation code every view follows
    this._selectedPeers = [];
    this._viewHolder = el("div", { className: "view" });
    this._indicator = 0;
    this._page = 0;
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [stylesheet()];
    this._build(root);
  }

  /** The last report (the same object `analyse` returns), or null. */
  get report() {
    return this._report;
  }

  /** Options as given to `analyse`; setting them re-runs the analysis. */
  get options() {
    return JSON.parse(JSON.stringify(this._effectiveOptions()));
  }
  set options(value) {
    this._options = value && typeof value === "object" ? JSON.parse(JSON.stringify(value)) : {};
    // What the host page set: a new file starts from these, not from the previous file's settings.
    this._hostOptions = JSON.parse(JSON.stringify(this._options));
    if (this._hasData) this._run();
  }

  /**
   * Analyse a file's bytes (Uint8Array or ArrayBuffer), or an array of files whose first is the
   * data and the others are joined to it on the organisation code, with optional options.
   */
  async load(bytes, options) {
    // Copies: the engine takes ownership of what it is given, and the caller keeps theirs.
    const copy = (b) => (b instanceof Uint8Array ? b : new Uint8Array(b)).slice();
    if (Array.isArray(bytes)) return this._loadOwned(copy(bytes[0]), options, bytes.slice(1).map(copy));
    return this._loadOwned(copy(bytes), options);
  }

  /** Cancel the analysis under way, if any (the results shown before are cleared). */
  cancel() {
    if (this._engine) this._engine.cancel();
  }

  /** A new data file (with the files joined to it; none unless given). */
  _loadOwned(bytes, options, extras = []) {
    if (options !== undefined) this._options = JSON.parse(JSON.stringify(options || {}));
    this._pendingBytes = bytes;
    this._pendingExtras = extras;
    this._hasData = true;
    return this._run();
  }

  connectedCallback() {
    this._title.textContent = this.getAttribute("heading") || "Compare organisations";
    // Said at once, not after a file has been chosen and reading has started.
    if (typeof WebAssembly !== "object") {
      this._fail(new Error(NO_WASM_MESSAGE));
      this._fileInput.disabled = true;
      return;
    }
    const inline = this.querySelector('script[type="text/csv"]:not([data-example])');
    const example = this.querySelector('script[type="text/csv"][data-example]');
    if (example) {
      this._exampleButton.hidden = false;
      this._exampleButton.textContent = example.getAttribute("data-label") || "Use the example data";
      this._example = example;
    }
    if (inline && !this._hasData) this._loadOwned(new TextEncoder().encode(inline.textContent.replace(/^\s*\n/, "")));
  }

  disconnectedCallback() {
    // Removed from the page (not merely moved, which reconnects at once): free the worker and
    // the file it holds.
    setTimeout(() => {
      if (this.isConnected || !this._engine) return;
      this._engine.dispose();
      this._engine = null;
      this._forget();
    }, 0);
  }

  attributeChangedCallback(name) {
    if (name === "heading" && this._title) this._title.textContent = this.getAttribute("heading") || "Compare organisations";
    else if (this._hasData) this._run();
  }

  _effectiveOptions() {
    // The options attribute (JSON) gives defaults; options set from script or the settings win.
    let fromAttribute = {};
    if (this.hasAttribute("options")) {
      try {
        fromAttribute = JSON.parse(this.getAttribute("options"));
      } catch (e) {
        throw new Error(`The options attribute is not valid JSON: ${e.message}`);
      }
    }
    const options = Object.assign({}, fromAttribute, JSON.parse(JSON.stringify(this._options)));
    if (fromAttribute.columns && this._options.columns) options.columns = Object.assign({}, fromAttribute.columns, this._options.columns);
    for (const name of ["polarity", "type", "benchmark"]) {
      if (this.hasAttribute(name) && options[name] === undefined) {
        const value = this.getAttribute(name);
        options[name] = name === "benchmark" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value;
      }
    }
    if (this.hasAttribute("multiplier") && options.multiplier === undefined) {
      const given = this.getAttribute("multiplier");
      options.multiplier = Number(given);
      if (!(Number.isFinite(options.multiplier) && options.multiplier > 0)) throw new Error(`The multiplier attribute must be a positive number such as 100 (percent) or 1000 (per 1,000); found "${given}".`);
    }
    if (this.hasAttribute("confidence") && !/^\s*(95|99\.8)\s*%?\s*$/.test(this.getAttribute("confidence"))) {
      throw new Error(`The confidence attribute must be 95 or 99.8 (percent); found "${this.getAttribute("confidence")}".`);
    }
    // confidence="95" or "99.8": how sure "significantly worse" and "better" must be for a
    // learning pair. Pairs need peers, so it applies only when peers are asked for.
    const pairsWanted = options.pairing || options.peers || (options.columns && (options.columns.context || options.columns.group));
    if (this.hasAttribute("confidence") && pairsWanted && !(options.pairing && options.pairing.confidence !== undefined)) {
      const given = Number(this.getAttribute("confidence").replace("%", "").trim());
      options.pairing = Object.assign({}, options.pairing, { confidence: given > 1 ? given / 100 : given });
    }
    return options;
  }

  _build(root) {
    const id = this._id;
    this._title = el("h2", { part: "heading", text: "Compare organisations" });
    this._fileInput = el("input", { type: "file", id: `${id}-file`, accept: ".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv" });
    this._exampleButton = el("button", { type: "button", className: "secondary", hidden: true });
    this._drop = el(
      "div",
      { className: "drop", part: "drop-zone" },
      el("p", {}, el("label", { for: `${id}-file`, text: "Choose a CSV or Excel file" }), document.createTextNode(" or drop it here. It stays on this device: nothing is uploaded.")),
      this._fileInput,
      this._exampleButton,
      contextChooser(id, (bytes, name) => this._addContext(bytes, name)),
    );
    this._status = el("p", { className: "status", role: "status", "aria-live": "polite" });
    this._progressLabel = el("label", { for: `${id}-progress`, text: "Reading the file" });
    this._progressBar = el("progress", { id: `${id}-progress`, max: "100", value: "0" });
    const cancel = el("button", { type: "button", className: "secondary", text: "Cancel" });
    cancel.addEventListener("click", () => this.cancel());
    this._progress = el("div", { className: "progress", part: "progress", hidden: true }, this._progressLabel, this._progressBar, cancel);
    this._error = el("div", { className: "error", role: "alert", hidden: true });
    this._settings = el("fieldset", { hidden: true }, el("legend", { text: "Columns and settings" }));
    this._results = el("section", { "aria-label": "Results", hidden: true });
    root.append(el("div", { part: "container" }, this._title, this._drop, this._progress, this._status, this._error, this._settings, this._results));

    this._fileInput.addEventListener("change", () => {
      const file = this._fileInput.files && this._fileInput.files[0];
      if (file) this._readFile(file);
    });
    this._exampleButton.addEventListener("click", () => {
      if (!this._example) return;
      const options = this._example.hasAttribute("data-options") ? JSON.parse(this._example.getAttribute("data-options")) : undefined;
      this._loadOwned(new TextEncoder().encode(this._example.textContent.replace(/^\s*\n/, "")), options);
    });
    for (const type of ["dragenter", "dragover"]) {
      this._drop.addEventListener(type, (event) => {
        event.preventDefault();
        this._drop.classList.add("dragging");
      });
    }
    this._drop.addEventListener("dragleave", () => this._drop.classList.remove("dragging"));
    this._drop.addEventListener("drop", (event) => {
      event.preventDefault();
      this._drop.classList.remove("dragging");
      const files = event.dataTransfer ? [...event.dataTransfer.files] : [];
      // Two files at once: the first is the data, the second is joined to it (context).
      if (files[0]) this._readFile(files[0], files.slice(1));
    });
  }

  /** A file of context joined to the data file on the organisation code, then re-analysed. */
  _addContext(bytes, name) {
    if (!this._hasData) {
      this._fail(new Error("Choose the data file first, then add a file of context to join to it."));
      return;
    }
    this._contextName = name;
    this._pendingExtras = [bytes];
    this._run();
  }

  async _readFile(file, joined = []) {
    this._say(`Reading ${file.name}…`);
    try {
      const buffer = await file.arrayBuffer();
      const extras = await Promise.all(joined.map(async (f) => new Uint8Array(await f.arrayBuffer())));
      this._fileName = file.name;
      // Cleared, so that choosing the same file again (after editing it) reads it again.
      this._fileInput.value = "";
      await this._loadOwned(new Uint8Array(buffer), this._hostOptions || {}, extras);
    } catch (e) {
      this._fail(e);
    }
  }

  async _run() {
    const run = ++this._runs;
    this._error.hidden = true;
    let options;
    try {
      this._engine = this._engine || createEngine();
      options = this._effectiveOptions();
    } catch (e) {
      this._fail(e);
      return null;
    }
    const engine = this._engine;
    const bytes = this._pendingBytes;
    const extras = this._pendingExtras;
    this._pendingBytes = null;
    this._pendingExtras = null;
    this._startProgress(run, engine.inBackground);
    try {
      const owned = [bytes, ...(extras || [])].filter(Boolean);
      const answer = await engine.call("open", [bytes, optionsJson(options), extras], {
        transfer: engine.inBackground ? owned.map((b) => b.buffer) : [],
        progress: (stage, fraction) => this._showProgress(run, stage, fraction),
      });
      if (run !== this._runs) return null; // a newer analysis has started
      this._lastOptions = options;
      this._report = decodeReport(answer.parts, true);
      // Views of the previous analysis are fetched again on demand.
      this._overview = null;
      this._organisations = null;
      this._pairingView = undefined;
      this._overviewState = null;
      this._indicator = Math.max(0, Math.min(this._indicator, this._report.indicators.length - 1));
      this._page = 0;
      await this._render();
      if (run !== this._runs || !this._hasData) return null; // superseded or cancelled meanwhile
      this._say(answer.summary + (engine.inBackground ? "" : " (Worked on the page itself, as this page does not allow a background worker: a big file can make it pause.)"));
      this.dispatchEvent(new CustomEvent("report", { detail: this._report, bubbles: true, composed: true }));
      return this._report;
    } catch (e) {
      if (run !== this._runs) return null;
      if (e.cancelled || e.fatal) this._forget();
      if (e.cancelled) {
        this._say("Cancelled: nothing was analysed. Choose a file to start again.");
        return null;
      }
      this._fail(e);
      this._lastOptions = options;
      if (!e.fatal) await this._settingsAfterFailure(run, options);
      return null;
    } finally {
      this._endProgress(run);
    }
  }

  /**
   * The file could not be analysed: show its settings anyway (headers, the columns found, the
   * choices made and the question asked), so the person can answer in the page.
   */
  async _settingsAfterFailure(run, options) {
    let description;
    try {
      description = await this._ask("describe", optionsJson(options));
    } catch {
      return; // not a table at all: the error says why, and there is nothing to set
    }
    if (run !== this._runs) return;
    this._report = null;
    if (description.question) {
      // The question itself heads the settings; the alert points there rather than repeat it.
      this._error.replaceChildren(el("strong", { text: "This file needs an answer before it can be analysed. " }), document.createTextNode("See the question in the settings below."));
    }
    await this._renderSettings(Object.assign({ indicators: [] }, description), description.question);
  }

  /** The engine no longer holds the file (cancelled, or its worker ended): clear what depended on it. */
  _forget() {
    this._hasData = false;
    this._report = null;
    this._results.hidden = true;
    this._settings.hidden = true;
  }

  // The progress bar appears only if an analysis takes long enough to notice (and only from a
  // worker: on the page itself nothing could repaint it until the work is done).
  _startProgress(run, inBackground) {
    this._say(inBackground ? "Analysing…" : "Analysing… (on this page: it may pause for a big file)");
    clearTimeout(this._progressTimer);
    if (!inBackground) return;
    this._progressBar.value = 0;
    this._progressLabel.textContent = "Reading the file";
    this._progressTimer = setTimeout(() => {
      if (run === this._runs) this._progress.hidden = false;
    }, 150);
  }

  _showProgress(run, stage, fraction) {
    if (run !== this._runs) return;
    this._progressBar.value = Math.round(fraction * 100);
    this._progressLabel.textContent = stage;
  }

  _endProgress(run) {
    if (run !== this._runs) return;
    clearTimeout(this._progressTimer);
    this._progress.hidden = true;
  }

  _say(text) {
    this._status.textContent = text;
  }

  _fail(error) {
    const message = error && error.message ? error.message : String(error);
    this._say("");
    this._error.replaceChildren(el("strong", { text: "The file could not be analysed. " }), document.createTextNode(message));
    this._error.hidden = false;
    this._results.hidden = true;
    this.dispatchEvent(new CustomEvent("analysis-error", { detail: { message }, bubbles: true, composed: true }));
  }

  /** Ask the analysis (in the worker, or on the page) for a view or an export. */
  async _ask(method, ...args) {
    try {
      return await this._engine.call(method, args);
    } catch (e) {
      // The worker that held the file has ended (cancelled, or a bug or no memory in it).
      if (e.cancelled || e.fatal) this._forget();
      throw e;
    }
  }

  /** An event handler whose failure is shown to the user rather than lost in the console. */
  _safely(handler) {
    return (...args) =>
      Promise.resolve()
        .then(() => handler(...args))
        .catch((e) => (e && e.cancelled ? this._say("Cancelled: nothing was analysed. Choose a file to start again.") : this._fail(e)));
  }

  async _render() {
    await this._renderSettings(this._report, null);
    await this._renderResults();
  }

  /** The settings of `report` (or of a description of a file that did not analyse), question first. */
  async _renderSettings(report, question) {
    const id = this._id;
    const fields = [];
    fields.push(
      ...columnControls(report, this._options, id, (columns) => {
        this._options = Object.assign({}, this._options, { columns });
        this._run();
      }),
      ...periodControls(report, this._options, id, (period, bin) => {
        const next = Object.assign({}, this._options, { period });
        if (period === undefined) delete next.period; // new bins: their own periods
        if (bin !== undefined) {
          if (bin) next.bin = bin;
          else delete next.bin;
        }
        this._options = next;
        this._run();
      }),
    );
    const polarity = el("select", { id: `${id}-polarity` });
    for (const [value, text] of [["higher_is_better", "Higher is better"], ["lower_is_better", "Lower is better"], ["no_judgement", "Neither (no judgement)"]]) {
      polarity.append(el("option", { value, text }));
    }
    polarity.value = (report.indicators[0] && report.indicators[0].polarity) || "no_judgement";
    polarity.addEventListener("change", () => {
      this._options = Object.assign({}, this._options, { polarity: polarity.value });
      this._run();
    });
    const type = el("select", { id: `${id}-type` });
    for (const [value, text] of TYPES) type.append(el("option", { value, text }));
    type.value = (this._options && this._options.type) || "";
    type.addEventListener("change", () => {
      this._options = Object.assign({}, this._options, { type: type.value || undefined });
      if (!type.value) delete this._options.type;
      this._run();
    });
    fields.push(el("div", {}, el("label", { for: type.id, text: "Type of figure" }), type));
    // Why the direction is what it is (judged from the measure's name, or nothing said).
    const silent = (report.choices || []).find((c) => c.option === "polarity");
    const why = silent && el("p", { id: `${id}-polarity-why`, className: "why", text: silent.reason });
    if (why) polarity.setAttribute("aria-describedby", why.id);
    fields.push(el("div", {}, el("label", { for: polarity.id, text: "Direction (for all indicators)" }), polarity, why));
    if (report.sheets.length > 1) {
      const sheet = el("select", { id: `${id}-sheet` });
      report.sheets.forEach((name) => sheet.append(el("option", { value: name, text: name })));
      sheet.value = report.sheet;
      sheet.addEventListener("change", () => {
        this._options = Object.assign({}, this._options, { sheet: sheet.value });
        delete this._options.columns;
        this._run();
      });
      fields.unshift(el("div", {}, el("label", { for: sheet.id, text: "Sheet" }), sheet));
    }
    if (report.indicators.length > 1) {
      const picker = el("select", { id: `${id}-indicator` });
      JSON.parse(await this._ask("indicatorsJson")).forEach((choice) => picker.append(el("option", { value: String(choice.index), text: `${choice.name} (${choice.organisations})` })));
      picker.value = String(this._indicator);
      picker.addEventListener("change", () => {
        this._indicator = Number(picker.value);
        this._page = 0;
        this._safely(() => this._renderResults())();
      });
      fields.unshift(el("div", {}, el("label", { for: picker.id, text: "Indicator" }), picker));
    }
    const options = this._lastOptions || {};
    const mapped = new Set(Object.values(report.columns).flat().filter((v) => typeof v === "string" && v));
    const within = el("select", { id: `${id}-within` }, el("option", { value: "", text: "(no grouping)" }));
    for (const header of report.headers) if (!mapped.has(header)) within.append(el("option", { value: header, text: header }));
    within.value = (options.peers && options.peers.within) || "";
    within.addEventListener("change", () => {
      const peers = Object.assign({}, this._options.peers || (this._lastOptions && this._lastOptions.peers) || {});
      if (within.value) peers.within = within.value;
      else delete peers.within;
      this._options = Object.assign({}, this._options, { peers });
      this._run();
    });
    fields.push(el("div", {}, el("label", { for: within.id, text: "Peers: same group in column" }), within));
    const context = new Set((options.columns && options.columns.context) || []);
    const boxes = el("fieldset", { className: "context" }, el("legend", { text: "Peers: similar on (context the organisation cannot change)" }));
    for (const header of report.context_headers || report.numeric_headers) {
      if (mapped.has(header)) continue;
      const box = el("input", { type: "checkbox", id: `${id}-ctx-${boxes.childElementCount}`, value: header, checked: context.has(header) });
      box.addEventListener("change", () => {
        const chosen = [...boxes.querySelectorAll("input:checked")].map((b) => b.value);
        const columns = Object.assign({}, this._options.columns || {}, { context: chosen.length ? chosen : undefined });
        if (!chosen.length) delete columns.context;
        this._options = Object.assign({}, this._options, { columns });
        this._run();
      });
      boxes.append(el("span", { className: "toggle" }, box, el("label", { for: box.id, text: ` ${header}` })));
    }
    // Settings travel as a small JSON file (the options object), so next month's file can be
    // analysed the same way. Nothing is stored in the browser.
    const save = el("button", { type: "button", className: "secondary", text: "Save settings (JSON)" });
    save.addEventListener("click", () => this._download("allteach-settings.json", JSON.stringify(this._lastOptions || {}, null, 2), "application/json"));
    const load = el("input", { type: "file", id: `${id}-settings-file`, accept: ".json,application/json" });
    load.addEventListener("change", async () => {
      const file = load.files && load.files[0];
      if (!file) return;
      try {
        const settings = JSON.parse(await file.text());
        if (!settings || typeof settings !== "object" || Array.isArray(settings)) throw new Error("it is not an options object");
        // Last month's settings on this month's file: columns it lacks are said, not fatal.
        const { kept, missing } = settingsForHeaders(settings, report.headers);
        this._options = kept;
        await this._run();
        if (missing.length) this._say(`The settings name columns this file does not have, so they were left out and found from the file instead: ${missing.map((m) => `"${m}"`).join(", ")}.`);
      } catch (e) {
        this._fail(new Error(`The settings file could not be used: ${e.message}.`));
      }
    });
    const settingsFiles = el("div", { className: "settings" }, save, el("div", {}, el("label", { for: load.id, text: "Load settings (JSON)" }), load));
    const choices = choiceControls(
      (report.choices || []).filter((c) => c.option !== "polarity"),
      id,
      (path, value) => {
        this._options = withOption(this._options, path, value);
        this._run();
      },
    );
    let accept = null;
    if (question) {
      // The columns shown hold the suggestion (if any): one click analyses with them.
      accept = el("button", { type: "button", text: "Analyse with these columns" });
      accept.addEventListener("click", () => {
        const shown = currentColumns(report, this._options);
        for (const [role] of ROLES) {
          const value = this._settings.querySelector(`#${id}-col-${role}`).value;
          if (value && !Array.isArray(shown[role])) shown[role] = value;
        }
        this._options = Object.assign({}, this._options, { columns: shown });
        this._run();
      });
    }
    const parts = [el("legend", { text: "Columns and settings" }), question && questionBlock(question), el("div", { className: "settings" }, ...fields), accept];
    const more =
      this._report === report &&
      moreSettings(
        report,
        this._options,
        this._indicator,
        id,
        async (column) => JSON.parse(await this._ask("columnValuesJson", column)),
        (next) => {
          this._options = next;
          this._run();
        },
      );
    parts.push(choices.childElementCount > 1 && choices, boxes, more, settingsFiles);
    this._settings.replaceChildren(...parts.filter(Boolean));
    this._settings.hidden = false;
  }

  /** The results: a row of views over one analysis, all following one selected organisation. */
  async _renderResults() {
    const report = this._report;
    const render = ++this._renders;
    const view = JSON.parse(await this._ask("viewJson", this._indicator));
    if (render !== this._renders) return;
    if (!view) {
      this._results.hidden = true;
      return;
    }
    this._indicatorView = view;
    if (!this._organisations) this._organisations = JSON.parse(await this._ask("organisationsJson"));
    if (this._pairingView === undefined) this._pairingView = JSON.parse(await this._ask("pairingJson"));
    // The selected organisation's peers may differ in this analysis (new context or grouping).
    const selectedView = this._selected ? JSON.parse(await this._ask("organisationJson", this._selected)) : null;
    this._selectedPeers = selectedView ? selectedView.peers.map((p) => p.code) : [];
    if (this._selected && !selectedView) this._selected = null;
    if (render !== this._renders) return;
    const views = [
      ["overview", "All indicators"],
      ["compare", "Compare organisations"],
      ["funnel", "Funnel plot and table"],
      ["organisation", "One organisation"],
    ];
    if (view.over_time) views.push(["time", "Over time"]);
    if (this._pairingView) views.push(["pairs", "Who can learn from whom"]);
    if (!views.some(([key]) => key === this._view)) this._view = report.indicators.length > 1 ? "overview" : "funnel";
    const nav = el("nav", { className: "views", "aria-label": "Views of the results", part: "views" });
    for (const [key, label] of views) {
      const button = el("button", { type: "button", className: "view-button", "aria-pressed": String(key === this._view), text: label });
      button.dataset.view = key;
      button.addEventListener("click", this._safely(() => this._showView(key)));
      nav.append(button);
    }
    const pieces = [this._selectionBar(), nav, this._viewHolder, this._exportBlock()];
    if (report.warnings.length) {
      pieces.push(el("div", { className: "warnings" }, el("h3", { text: "Notes" }), el("ul", {}, ...report.warnings.map((w) => el("li", { text: w })))));
    }
    if (report.rows.excluded.length) pieces.push(this._excluded(report.rows.excluded, "Rows left out"));
    if (report.rows.partly_used.length) pieces.push(this._excluded(report.rows.partly_used, "Cells not used (the rest of the row was)"));
    this._results.replaceChildren(...pieces);
    this._results.hidden = false;
    await this._renderView();
  }

  async _showView(key) {
    this._view = key;
    for (const button of this._results.querySelectorAll("nav.views button")) button.setAttribute("aria-pressed", String(button.dataset.view === key));
    await this._renderView();
  }

  async _renderView() {
    const render = ++this._viewRenders;
    const build = {
      overview: () => this._overviewView(),
      compare: () => this._compareView(),
      funnel: () => this._funnelView(this._indicatorView),
      organisation: () => this._organisationView(),
      time: () => this._overTime(this._indicatorView),
      pairs: () => this._pairing(this._pairingView),
    }[this._view];
    const content = await build();
    if (render !== this._viewRenders) return;
    // Keyboard users keep their place: the control they used is focused again in the new view.
    const active = this.shadowRoot.activeElement;
    const key = active && active.dataset ? active.dataset.focus : null;
    this._viewHolder.replaceChildren(content);
    this._viewHolder.dataset.view = this._view; // which view is drawn (tests wait for it)
    const again = key ? [...this._viewHolder.querySelectorAll("[data-focus]")].find((node) => node.dataset.focus === key) : null;
    if (again) again.focus();
  }

  /** Which organisation every view follows, chosen here or by clicking it anywhere. */
  _selectionBar() {
    const id = this._id;
    const picker = el("select", { id: `${id}-selected` }, el("option", { value: "", text: "(none)" }));
    for (const o of this._organisations) picker.append(el("option", { value: o.code, text: o.label }));
    picker.value = this._selected || "";
    picker.addEventListener("change", this._safely(() => this._select(picker.value || null)));
    this._selectedPicker = picker;
    return el("div", { className: "settings selection", part: "selection" }, el("div", {}, el("label", { for: picker.id, text: "Selected organisation (highlighted in every view)" }), picker));
  }

  async _select(code) {
    this._selected = code;
    if (this._selectedPicker) this._selectedPicker.value = code || "";
    const view = code ? JSON.parse(await this._ask("organisationJson", code)) : null;
    this._selectedPeers = view ? view.peers.map((p) => p.code) : [];
    const chosen = (this._organisations || []).find((o) => o.code === code);
    this._say(chosen ? `Selected ${chosen.label}.` : "No organisation selected.");
    await this._renderView();
  }

  /** A button that selects an organisation in every view. */
  _orgButton(code, text) {
    const button = el("button", { type: "button", className: "link", text, "aria-pressed": String(code === this._selected), "data-focus": `org:${code}` });
    button.addEventListener("click", this._safely(() => this._select(code)));
    return button;
  }

  _exportBlock() {
    const id = this._id;
    // Every download follows this one setting (the core applies the disclosure policy); the
    // page itself shows the user's own file in full, and says so.
    const suppress = el("input", { type: "checkbox", id: `${id}-suppress`, checked: this._suppress !== false });
    suppress.addEventListener("change", () => (this._suppress = suppress.checked));
    const resultsButton = el("button", { type: "button", text: "Download results (CSV)" });
    const suppressed = el("p", { className: "status", role: "status" });
    resultsButton.addEventListener("click", this._safely(async () => {
      const exported = await this._ask("resultsCsv", JSON.stringify({ up_to: suppress.checked ? 7 : 0 }));
      suppressed.textContent = exported.summary;
      this._download("allteach-results.csv", exported.text, "text/csv;charset=utf-8");
    }));
    return el(
      "div",
      { className: "export", part: "export" },
      el("p", {}, resultsButton),
      el("p", { className: "toggle" }, suppress, el("label", { for: suppress.id, text: " Suppress small numbers in every download (counts of 1 to 7, and any count that would reveal one)" })),
      el("p", { className: "hint", text: "This page shows your file in full: it is your data, on your device. Every download (results, charts, pairings, learning packs) follows the setting above and says in its own text whether it is suppressed." }),
      suppressed,
    );
  }

  /**
   * A chart as a figure: caption stating the finding, the SVG (tooltips on hover and keyboard
   * focus, click to select), SVG and PNG downloads, and its data as a real table.
   */
  _figure({ key, caption, svg, request, table, part = "figure", open = false }) {
    const captionId = `${this._id}-${key}-caption`;
    const chart = el("div", { className: "chart", part: "chart", "data-focus": `chart:${key}` });
    chart.innerHTML = svg; // SVG markup built and escaped by the Rust core.
    this._wireChart(chart, caption);
    const [svgButton, pngButton, said] = this._chartDownloads(request);
    return el(
      "figure",
      { part, "aria-labelledby": captionId },
      el("figcaption", { id: captionId, text: caption }),
      chart,
      el("p", { className: "buttons" }, svgButton, pngButton),
      said,
      table ? el("details", { open }, el("summary", { text: "Show the data table" }), el("div", { className: "table-wrap" }, table)) : null,
    );
  }

  /**
   * Tooltips and selection on a chart's organisation marks (`.org[data-org]`, each with a
   * <title> from the core): hover or move with the arrow keys to read one, click or Enter to
   * select it. One tab stop per chart, however many marks it has.
   */
  _wireChart(chart, caption) {
    const marks = [...chart.querySelectorAll(".org[data-org]")];
    this._highlight(marks);
    if (!marks.length) return;
    for (const mark of marks) {
      const title = mark.querySelector("title");
      if (title) {
        mark.dataset.tip = title.textContent;
        title.remove(); // our tooltip replaces the browser's, which keyboards cannot reach
      }
    }
    const tip = el("div", { className: "tooltip", role: "status", hidden: true });
    chart.append(tip);
    chart.tabIndex = 0;
    chart.setAttribute("role", "group");
    chart.setAttribute("aria-label", `${caption} Chart: use the arrow keys to go through the organisations and Enter to select one.`);
    let active = -1;
    const show = (mark) => {
      tip.textContent = mark.dataset.tip || mark.dataset.org;
      tip.hidden = false;
      const box = mark.getBoundingClientRect();
      const area = chart.getBoundingClientRect();
      const left = Math.min(Math.max(box.left - area.left + box.width / 2, 120), Math.max(area.width - 120, 120));
      tip.style.left = `${left}px`;
      tip.style.top = `${box.top - area.top}px`;
    };
    const hide = () => {
      tip.hidden = true;
      if (active >= 0) marks[active].classList.remove("active");
    };
    const moveTo = (i) => {
      if (active >= 0) marks[active].classList.remove("active");
      active = (i + marks.length) % marks.length;
      marks[active].classList.add("active");
      show(marks[active]);
    };
    chart.addEventListener("mouseover", (event) => {
      const mark = event.target.closest && event.target.closest(".org[data-org]");
      if (mark) show(mark);
    });
    chart.addEventListener("mouseleave", hide);
    chart.addEventListener("blur", hide);
    // Arriving by keyboard: say how to move, at the first mark.
    chart.addEventListener("focus", () => {
      if (active >= 0 || !chart.matches(":focus-visible")) return;
      tip.textContent = "Arrow keys: go through the organisations. Enter: select one.";
      tip.hidden = false;
      const area = chart.getBoundingClientRect();
      tip.style.left = `${area.width / 2}px`;
      tip.style.top = "48px";
    });
    chart.addEventListener("click", (event) => {
      const mark = event.target.closest && event.target.closest(".org[data-org]");
      if (mark) this._safely(() => this._select(mark.dataset.org))();
    });
    chart.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (step) moveTo(active < 0 ? (step > 0 ? 0 : marks.length - 1) : active + step);
      else if (event.key === "Home") moveTo(0);
      else if (event.key === "End") moveTo(marks.length - 1);
      else if ((event.key === "Enter" || event.key === " ") && active >= 0) this._safely(() => this._select(marks[active].dataset.org))();
      else if (event.key === "Escape") hide();
      else return;
      event.preventDefault();
    });
  }

  /** Marks of the selected organisation and its peers stand out (a thicker outline, not colour alone). */
  _highlight(marks) {
    const peers = new Set(this._selectedPeers || []);
    for (const mark of marks) {
      mark.classList.toggle("selected", mark.dataset.org === this._selected);
      mark.classList.toggle("peer", peers.has(mark.dataset.org));
    }
  }

  _dataTable(caption, headings, rows) {
    return el(
      "table",
      {},
      el("caption", { text: caption }),
      el("thead", {}, el("tr", {}, ...headings.map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : el("td", { className: typeof c === "string" && /^[-−\d.,%\s–()]+$/.test(c) ? "num" : "" }, c)))))),
    );
  }

  _badge(outcome, symbol, words) {
    return el("span", { className: `badge ${outcome}`, text: `${symbol} ${words}` });
  }

  async _overviewView() {
    const id = this._id;
    const ov = this._overview || (this._overview = JSON.parse(await this._ask("overviewJson")));
    const state = this._overviewState || (this._overviewState = { sort: null, descending: false, filter: "", show: "all", page: 0 });
    const keys = ["name", "code", ...ov.columns.map((c) => c.index), "better", "worse", ...(ov.roles ? ["teaches", "learns"] : [])];
    const sortValue = (row, key) => (typeof key === "number" ? row.cells[ov.columns.findIndex((c) => c.index === key)].sort : row[key]);
    const wanted = state.filter.trim().toLowerCase();
    let rows = ov.rows.filter((r) => (!wanted || r.name.toLowerCase().includes(wanted) || r.code.toLowerCase().includes(wanted)) && (state.show === "all" || (state.show === "worse" ? r.worse > 0 : r.better > 0)));
    if (state.sort !== null) {
      const key = state.sort;
      const text = key === "name" || key === "code";
      rows = [...rows].sort((a, b) => {
        const order = text ? sortValue(a, key).localeCompare(sortValue(b, key)) : sortValue(a, key) - sortValue(b, key);
        return state.descending ? -order : order;
      });
    }
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const shown = rows.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
    const rerender = this._safely(() => this._renderView());

    const head = el("tr");
    keys.forEach((key, i) => {
      const sorted = state.sort === key;
      const button = el("button", { type: "button", className: "sort", text: ov.headings[i], "data-focus": `sort:${key}` });
      button.addEventListener("click", () => {
        state.descending = sorted ? !state.descending : false;
        state.sort = key;
        state.page = 0;
        rerender();
      });
      const th = el("th", { scope: "col", "aria-sort": sorted ? (state.descending ? "descending" : "ascending") : null }, button);
      if (typeof key === "number") th.append(el("span", { className: "direction", text: ov.columns[i - 2].direction }));
      head.append(th);
    });
    const body = el("tbody");
    for (const r of shown) {
      const tr = el("tr", { className: r.code === this._selected ? "selected" : null });
      tr.append(el("th", { scope: "row" }, this._orgButton(r.code, r.name || r.code)), el("td", { text: r.code }));
      r.cells.forEach((cell) => {
        tr.append(el("td", { className: `cell ${cell.outcome}` }, cell.outcome === "none" ? el("span", { className: "none", text: "–" }) : el("span", { className: `badge ${cell.outcome}`, text: `${cell.symbol} ${cell.value}` }), el("span", { className: "visually-hidden", text: ` ${cell.words}` })));
      });
      tr.append(el("td", { className: "num", text: String(r.better) }), el("td", { className: "num", text: String(r.worse) }));
      if (ov.roles) tr.append(el("td", { className: "num", text: String(r.teaches) }), el("td", { className: "num", text: String(r.learns) }));
      body.append(tr);
    }
    const table = el("table", { part: "overview-table", className: "rug" }, el("caption", { text: ov.table_caption }), el("thead", {}, head), body);

    const search = el("input", { type: "search", id: `${id}-ov-search`, value: state.filter, "data-focus": "ov-search" });
    search.addEventListener("change", () => {
      state.filter = search.value;
      state.page = 0;
      rerender();
    });
    const show = el("select", { id: `${id}-ov-show`, "data-focus": "ov-show" }, el("option", { value: "all", text: "All organisations" }), el("option", { value: "worse", text: "Worse than the benchmark on at least one indicator" }), el("option", { value: "better", text: "Better than the benchmark on at least one indicator" }));
    show.value = state.show;
    show.addEventListener("change", () => {
      state.show = show.value;
      state.page = 0;
      rerender();
    });
    const legend = el("ul", { className: "counts", "aria-label": "Key" }, ...ov.legend.map((l) => el("li", {}, this._badge(l.key, l.symbol, l.label))));
    const [picture, picturePng, pictureSaid] = this._chartDownloads({ what: "overview", codes: shown.map((r) => r.code) });
    picture.textContent = "Download these rows as a chart (SVG)";
    picturePng.textContent = "Download these rows as a chart (PNG)";
    const pager = this._pager(state.page, pages, rows.length, (page) => {
      state.page = page;
      rerender();
    });
    return el(
      "section",
      { "aria-labelledby": `${id}-ov-caption`, part: "overview" },
      el("h3", { id: `${id}-ov-caption`, text: ov.caption }),
      legend,
      el("p", { className: "method", text: ov.sort_note }),
      el("div", { className: "settings" }, el("div", {}, el("label", { for: search.id, text: "Find an organisation (name or code)" }), search), el("div", {}, el("label", { for: show.id, text: "Show" }), show)),
      pager,
      el("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": "All indicators table" }, table),
      el("p", { className: "buttons" }, picture, picturePng),
      pictureSaid,
    );
  }

  _pager(page, pages, total, go) {
    if (pages <= 1) return el("p", { className: "status", text: `${total} ${total === 1 ? "organisation" : "organisations"}.` });
    const previous = el("button", { type: "button", className: "secondary", text: "Previous rows", disabled: page === 0, "data-focus": "pager:previous" });
    const next = el("button", { type: "button", className: "secondary", text: "Next rows", disabled: page >= pages - 1, "data-focus": "pager:next" });
    previous.addEventListener("click", () => go(page - 1));
    next.addEventListener("click", () => go(page + 1));
    return el("div", { className: "pager" }, previous, el("span", { text: `Rows ${page * PAGE_SIZE + 1} to ${Math.min((page + 1) * PAGE_SIZE, total)} of ${total}` }), next);
  }

  async _compareView() {
    const id = this._id;
    const peersOnly = Boolean(this._peersOnly && this._selected);
    const cv = JSON.parse(await this._ask("caterpillarJson", this._indicator, this._selected || "", peersOnly));
    if (!cv) return el("p", { text: "This indicator has no organisations to compare." });
    const box = el("input", { type: "checkbox", id: `${id}-peers-only`, checked: peersOnly, disabled: !this._selected, "data-focus": "peers-only" });
    box.addEventListener("change", () => {
      this._peersOnly = box.checked;
      this._safely(() => this._renderView())();
    });
    const table = this._dataTable(cv.table_caption, cv.headings, cv.rows.map((r) => [r.rank, r.code, this._orgButton(r.code, r.name || r.code), r.value, r.ci95, r.ci998, this._badge(r.outcome, r.symbol, r.words)]));
    return el(
      "section",
      { "aria-labelledby": `${id}-cmp-heading`, part: "compare" },
      el("h3", { id: `${id}-cmp-heading`, text: `${cv.name}: organisations ranked` }),
      el("p", { className: "summary" }, el("strong", { text: cv.direction }), document.createTextNode(` ${cv.benchmark}`)),
      el("p", { className: "toggle" }, box, el("label", { for: box.id, text: this._selected ? " Show only the selected organisation and its peers" : " Show only the selected organisation and its peers (select one first)" })),
      cv.note ? el("p", { className: "method", text: cv.note }) : null,
      this._figure({ key: "cmp", caption: cv.caption, svg: cv.svg, request: { what: "compare", indicator: this._indicator, focus: this._selected || null, peers_only: peersOnly }, table }),
    );
  }

  async _funnelView(view) {
    const id = this._id;
    const counts = el("ul", { className: "counts", "aria-label": "Organisations by comparison" });
    for (const c of view.counts) {
      if (c.count === 0 && c.key === "not_compared") continue;
      counts.append(el("li", {}, el("span", { className: `badge ${c.key}`, text: `${c.symbol} ${c.count} ${c.label.replace(/^./, (s) => s.toLowerCase())}` })));
    }
    let odToggle = null;
    if (view.overdispersion_available) {
      const box = el("input", { type: "checkbox", id: `${id}-od`, checked: view.overdispersion_applied });
      box.addEventListener("change", () => {
        const previous = this._options.overdispersion || {};
        this._options = Object.assign({}, this._options, { overdispersion: Object.assign({}, previous, { method: box.checked ? "additive" : "none" }) });
        this._run();
      });
      odToggle = el("p", { className: "toggle" }, box, el("label", { for: box.id, text: " Widen the funnel limits for over-dispersion (more variation than chance alone)" }));
    }
    const figure = view.funnel_svg ? this._figure({ key: "funnel", caption: view.caption, svg: view.funnel_svg, request: { what: "funnel", indicator: view.index } }) : el("p", { className: "summary", text: view.caption });
    return el(
      "section",
      { "aria-labelledby": `${id}-funnel-heading`, part: "funnel" },
      el("h3", { id: `${id}-funnel-heading`, text: view.name }),
      el("p", { className: "summary" }, el("strong", { text: view.direction }), document.createTextNode(" " + view.benchmark)),
      counts,
      odToggle,
      figure,
      this._table(view),
      el("p", { className: "method", text: view.method }),
    );
  }

  async _organisationView() {
    const id = this._id;
    if (!this._selected) {
      return el("section", { part: "organisation" }, el("h3", { text: "One organisation" }), el("p", { text: "Choose an organisation in the list above, or click one in any chart or table, to see it on every indicator with what it can teach and learn." }));
    }
    const ov = JSON.parse(await this._ask("organisationJson", this._selected));
    if (!ov) return el("p", { text: "That organisation is not in this analysis." });
    const table = this._dataTable(ov.table_caption, ov.headings, ov.rows.map((r) => [r.indicator, r.direction, r.value, r.ci95, r.ci998, this._badge(r.outcome, r.symbol, r.words), r.benchmark, r.rank, r.lowest, r.lower_quartile, r.upper_quartile, r.highest]));
    const roleList = (title, lines) =>
      lines.length
        ? el("div", {}, el("h4", { text: title }), el("ul", { className: "roles" }, ...lines.map((l) => el("li", {}, el("p", { text: l.sentence }), l.reasons.length ? el("ul", {}, ...l.reasons.map((r) => el("li", { text: r }))) : null))))
        : null;
    const pack = el("button", { type: "button", text: "Download the learning pack (printable)" });
    const packSaid = el("p", { className: "status", role: "status" });
    pack.addEventListener("click", () => this._takeAway({ what: "learning_pack", code: ov.code }, packSaid));
    const print = el("button", { type: "button", className: "secondary", text: "Print this view" });
    print.addEventListener("click", () => window.print());
    return el(
      "section",
      { "aria-labelledby": `${id}-org-heading`, part: "organisation" },
      el("h3", { id: `${id}-org-heading`, text: ov.label }),
      ov.role ? el("p", { className: "summary" }, el("strong", { text: ov.role })) : null,
      this._figure({ key: "spine", caption: ov.caption, svg: ov.spine_svg, request: { what: "spine", code: ov.code }, table, open: true }),
      el("p", { className: "method", text: ov.spine_note }),
      ov.missing.length ? el("p", { text: `No value for: ${ov.missing.join(", ")}.` }) : null,
      el("h4", { text: "All teach, all learn" }),
      el("p", { text: ov.roles_note }),
      roleList("What it can teach", ov.teaches),
      roleList("What it can learn", ov.learns),
      el("h4", { text: "Its peers" }),
      el("p", { text: ov.peers_summary }),
      ov.peers.length ? el("ul", { className: "peers" }, ...ov.peers.map((p) => el("li", {}, this._orgButton(p.code, p.name ? `${p.name} (${p.code})` : p.code), document.createTextNode(p.similar_on ? ` — ${p.similar_on}` : "")))) : null,
      el("p", { className: "buttons" }, pack, print),
      packSaid,
    );
  }

  _table(view) {
    const total = view.rows.length;
    const start = this._page * PAGE_SIZE;
    const rows = view.rows.slice(start, start + PAGE_SIZE);
    const head = el("tr", {}, ...view.headings.map((h) => el("th", { scope: "col", text: h })));
    const body = el("tbody");
    for (const r of rows) {
      body.append(
        el(
          "tr",
          { className: r.code === this._selected ? "selected" : null },
          el("th", { scope: "row", text: r.code }),
          el("td", {}, this._orgButton(r.code, r.name || r.code)),
          el("td", { className: "num", text: r.numerator }),
          el("td", { className: "num", text: r.denominator }),
          el("td", { className: "num", text: r.value }),
          el("td", { className: "num", text: r.ci95 }),
          el("td", { className: "num", text: r.ci998 }),
          el("td", {}, el("span", { className: `badge ${r.outcome}`, text: `${r.symbol} ${r.words}` })),
          r.peers === null ? null : el("td", { text: r.peers }),
          el("td", { className: "num", text: r.rank }),
          el("td", { text: r.opportunity }),
        ),
      );
    }
    const table = el("table", { part: "table" }, el("caption", { text: view.table_caption }), el("thead", {}, head), body);
    const wrap = el("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": "Results table" }, table);
    if (total <= PAGE_SIZE) return wrap;
    const pages = Math.ceil(total / PAGE_SIZE);
    const previous = el("button", { type: "button", className: "secondary", text: "Previous rows", disabled: this._page === 0, "data-focus": "pager:previous" });
    const next = el("button", { type: "button", className: "secondary", text: "Next rows", disabled: this._page >= pages - 1, "data-focus": "pager:next" });
    previous.addEventListener("click", () => this._goToPage(this._page - 1));
    next.addEventListener("click", () => this._goToPage(this._page + 1));
    const where = el("span", { text: `Rows ${start + 1} to ${Math.min(start + PAGE_SIZE, total)} of ${total}` });
    return el("div", {}, el("div", { className: "pager" }, previous, where, next), wrap);
  }

  /**
   * SVG and PNG download buttons for a chart, and where they say what they did. The core makes
   * the file (`request`, e.g. `{ what: "funnel", indicator: 0 }`) under the disclosure policy.
   */
  _chartDownloads(request) {
    const said = el("p", { className: "status", role: "status" });
    const svgButton = el("button", { type: "button", className: "secondary", text: "Download chart (SVG)" });
    const pngButton = el("button", { type: "button", className: "secondary", text: "Download chart (PNG)" });
    svgButton.addEventListener("click", () => this._takeAway(request, said));
    // Twice the chart's size: crisp in a board paper or on a high-density screen.
    pngButton.addEventListener("click", () => this._takeAway(request, said, { png: true }));
    return [svgButton, pngButton, said];
  }

  /**
   * Anything a person takes away from the page is made by the core under one disclosure policy
   * (small numbers suppressed unless they turned it off) and says so in its own text; `said`
   * tells them the same, or why there is no file.
   */
  async _takeAway(request, said, { png = false } = {}) {
    try {
      const date = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      const policy = { suppression: { up_to: this._suppress === false ? 0 : 7 }, source: this._fileName || "", date };
      const made = JSON.parse(await this._ask("download", JSON.stringify(Object.assign({}, request, policy))));
      if (png) {
        const holder = document.createElement("template");
        holder.innerHTML = made.text;
        this._download(made.name.replace(/\.svg$/, ".png"), await svgToPng(holder.content.querySelector("svg"), 2), "image/png");
      } else {
        this._download(made.name, made.text, made.mime);
      }
      said.textContent = made.statement;
    } catch (e) {
      if (e && (e.cancelled || e.fatal)) return this._fail(e);
      said.textContent = e && e.message ? e.message : String(e);
    }
  }

  /** Save text or a Blob made on this device as a file (a Blob download: nothing is sent anywhere). */
  _download(name, content, type) {
    const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
    const a = el("a", { href: url, download: name });
    this.shadowRoot.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async _overTime(view) {
    const id = this._id;
    const ot = view.over_time;
    const list = (title, names) => {
      if (!names.length) return null;
      const shown = names.slice(0, 30);
      return el("p", {}, el("strong", { text: `${title}: ` }), document.createTextNode(shown.join("; ") + (names.length > shown.length ? `; and ${names.length - shown.length} more` : "")));
    };
    const picker = el("select", { id: `${id}-spc-org` });
    view.rows.forEach((r, i) => picker.append(el("option", { value: String(i), text: r.name ? `${r.name} (${r.code})` : r.code })));
    const selectedAt = view.rows.findIndex((r) => r.code === this._selected);
    if (selectedAt >= 0) picker.value = String(selectedAt);
    const holder = el("div");
    // Choosing here selects the organisation in every view; opening this view does not.
    const show = async (chosen) => {
      const code = view.rows[Number(picker.value)] && view.rows[Number(picker.value)].code;
      if (chosen && code && code !== this._selected) {
        this._selected = code;
        if (this._selectedPicker) this._selectedPicker.value = code;
        const selectedView = JSON.parse(await this._ask("organisationJson", code));
        this._selectedPeers = selectedView ? selectedView.peers.map((p) => p.code) : [];
      }
      const spc = JSON.parse(await this._ask("spcJson", this._indicator, Number(picker.value)));
      if (!spc) {
        holder.replaceChildren(el("p", { text: "No series over time for this organisation." }));
        return;
      }
      const table = this._dataTable("The chart's data", spc.headings, spc.rows);
      holder.replaceChildren(this._figure({ key: "spc", part: "spc-figure", caption: spc.caption, svg: spc.svg, request: { what: "spc", indicator: this._indicator, code }, table }));
    };
    picker.addEventListener("change", this._safely(() => show(true)));
    await show(false);
    return el(
      "section",
      { "aria-labelledby": `${id}-time-heading`, part: "over-time" },
      el("h3", { id: `${id}-time-heading`, text: "Change over time (statistical process control)" }),
      el("p", { className: "summary", text: ot.summary }),
      list("Improving", ot.improving),
      list("Concerning", ot.concerning),
      ot.most_improved.length ? el("div", {}, el("h4", { text: "Most improved" }), el("ol", {}, ...ot.most_improved.map((m) => el("li", { text: m })))) : null,
      el("div", { className: "settings" }, el("div", {}, el("label", { for: picker.id, text: "Organisation" }), picker)),
      holder,
    );
  }

  _pairing(view) {
    const id = this._id;
    const body = el("tbody");
    const rows = view.rows.map((r) => {
      const reasons = el("ul", {}, ...r.reasons.map((reason) => el("li", { text: reason })));
      const tr = el(
        "tr",
        {},
        el("td", { text: r.indicator }),
        el("th", { scope: "row" }, this._orgButton(r.learner_code, r.learner)),
        el("td", { className: "num", text: r.learner_value }),
        el("td", {}, this._orgButton(r.teacher_code, r.teacher),
          r.reciprocal ? el("span", { className: "badge reciprocal", text: " ⇄ reciprocal" }) : null,
          r.set >= 2 ? el("span", { className: "badge set", text: ` Learning set of ${r.set}` }) : null,
          r.beyond_peers ? el("span", { className: "badge beyond", text: " Beyond its nearest peers" }) : null),
        el("td", { className: "num", text: r.teacher_value }),
        el("td", {}, reasons),
      );
      tr.dataset.indicator = r.indicator;
      tr.dataset.search = `${r.learner} ${r.teacher}`.toLowerCase();
      return tr;
    });
    rows.slice(0, PAGE_SIZE).forEach((tr) => body.append(tr));
    const table = el(
      "table",
      { part: "pairing-table" },
      el("caption", { text: "Learning pairs: each learner with its teacher, and why" }),
      el("thead", {}, el("tr", {}, ...view.headings.map((h) => el("th", { scope: "col", text: h })))),
      body,
    );
    const indicator = el("select", { id: `${id}-pair-indicator` }, el("option", { value: "", text: "All indicators" }), ...view.indicators.map((name) => el("option", { value: name, text: name })));
    const search = el("input", { type: "search", id: `${id}-pair-search` });
    const shown = el("p", { className: "status", role: "status" });
    const filter = () => {
      const wanted = search.value.trim().toLowerCase();
      const matching = rows.filter((tr) => (!indicator.value || tr.dataset.indicator === indicator.value) && (!wanted || tr.dataset.search.includes(wanted)));
      body.replaceChildren(...matching.slice(0, PAGE_SIZE));
      shown.textContent = matching.length > PAGE_SIZE ? `Showing the first ${PAGE_SIZE} of ${matching.length} pairs: filter to see others.` : `${matching.length} ${matching.length === 1 ? "pair" : "pairs"} shown.`;
    };
    indicator.addEventListener("change", filter);
    search.addEventListener("input", filter);
    filter();
    const pairsSaid = el("p", { className: "status", role: "status" });
    const pairsButton = el("button", { type: "button", className: "secondary", text: "Download pairings (CSV)" });
    pairsButton.addEventListener("click", () => this._takeAway({ what: "pairings_csv" }, pairsSaid));
    const rolesButton = el("button", { type: "button", className: "secondary", text: "Download roles (CSV)" });
    rolesButton.addEventListener("click", () => this._takeAway({ what: "roles_csv" }, pairsSaid));
    const cards = el("ul", { className: "cards" }, ...view.roles.slice(0, 200).map((r) =>
      el("li", { className: "card" },
        el("h4", { text: r.name ? `${r.name} (${r.code})` : r.code }),
        el("p", { text: r.summary }),
        r.teaches.length ? el("p", {}, el("strong", { text: "Teaches: " }), document.createTextNode(r.teaches.join(", "))) : null,
        r.learns.length ? el("p", {}, el("strong", { text: "Learns: " }), document.createTextNode(r.learns.join(", "))) : null),
    ));
    return el(
      "section",
      { "aria-labelledby": `${id}-pairs-heading`, part: "pairing" },
      el("h3", { id: `${id}-pairs-heading`, text: "All teach, all learn: who can learn from whom" }),
      el("p", { className: "summary", text: view.summary }),
      el("div", { className: "settings" },
        el("div", {}, el("label", { for: indicator.id, text: "Indicator" }), indicator),
        el("div", {}, el("label", { for: search.id, text: "Organisation" }), search)),
      shown,
      el("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": "Learning pairs" }, table),
      el("p", {}, pairsButton, rolesButton),
      pairsSaid,
      this._unmatched(view.unmatched),
      el("details", {}, el("summary", { text: `Teach and learn cards (${view.roles.length} organisations)` }), view.roles.length > 200 ? el("p", { text: "The first 200 are shown here; the roles download has every organisation." }) : null, cards),
    );
  }

  /** Significantly worse results left without a teacher, each with why (from the core). */
  _unmatched(unmatched) {
    if (!unmatched.length) return el("p", { className: "method", text: "Every significantly worse result has a teacher." });
    const body = el("tbody", {}, ...unmatched.slice(0, 500).map((u) => el("tr", {}, el("td", { text: u.indicator }), el("th", { scope: "row" }, this._orgButton(u.learner_code, u.learner)), el("td", { text: u.reason }))));
    return el(
      "details",
      { part: "unmatched" },
      el("summary", { text: `Without a teacher (${unmatched.length}), and why` }),
      unmatched.length > 500 ? el("p", { text: "The first 500 are shown." }) : null,
      el("div", { className: "table-wrap" }, el("table", {}, el("caption", { text: "Significantly worse results without a teacher" }), el("thead", {}, el("tr", {}, ...["Indicator", "Organisation", "Why"].map((h) => el("th", { scope: "col", text: h })))), body)),
    );
  }

  _goToPage(page) {
    this._page = page;
    this._safely(() => this._renderView())();
  }

  _excluded(excluded, title) {
    const body = el("tbody");
    for (const e of excluded) body.append(el("tr", {}, el("td", { className: "num", text: String(e.row) }), el("td", { text: e.column === null ? "(whole row)" : e.column }), el("td", { text: e.reason })));
    const table = el(
      "table",
      {},
      el("caption", { text: `${title}, with the reason` }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Row" }), el("th", { scope: "col", text: "Column" }), el("th", { scope: "col", text: "Reason" }))),
      body,
    );
    return el("details", { open: excluded.length <= 20 }, el("summary", { text: `${title}: ${excluded.length}` }), el("div", { className: "table-wrap" }, table));
  }
}

if (!customElements.get("peer-benchmark")) customElements.define("peer-benchmark", PeerBenchmark);
