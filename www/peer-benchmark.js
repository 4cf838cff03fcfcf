// The <peer-benchmark> custom element: DOM plumbing only. Every number, word and chart comes
// from the Rust core (a Session kept in wasm, in a worker when the page allows: engine.js);
// this file places them on the page.
//
// The build wraps this file in one classic script together with the wasm-bindgen glue, the
// wasm bytes, engine.js, report-decoder.js and the stylesheet text (`ELEMENT_CSS`).
// Nothing here may send data anywhere: no network API is ever called.

/* global ELEMENT_CSS, createEngine, decodeReport */

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
    this._shownReport = null; // what `report` gives: set once the page shows it
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

  /** The last report shown (the same object `analyse` returns), or null: a script reading it sees what the page shows. */
  get report() {
    return this._shownReport;
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
    this._fileInput = el("input", { type: "file", id: `${id}-file`, multiple: true, accept: ".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv" });
    this._exampleButton = el("button", { type: "button", className: "secondary", hidden: true });
    this._drop = el(
      "div",
      { className: "drop", part: "drop-zone" },
      el("p", {}, el("label", { for: `${id}-file`, text: "Choose a CSV or Excel file" }), document.createTextNode(" or drop it here (with a second file of context or population, choose or drop both: the larger is the data). It stays on this device: nothing is uploaded.")),
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

    this._fileInput.addEventListener("change", () => this._readFiles([...(this._fileInput.files || [])]));
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
    // A pointer or the keyboard reaching the chooser, or a file dragged in: start the core now.
    for (const type of ["pointerenter", "focusin", "dragenter"]) this._drop.addEventListener(type, () => this._warm(), { once: true });
    this._drop.addEventListener("drop", (event) => {
      event.preventDefault();
      this._drop.classList.remove("dragging");
      this._readFiles(event.dataTransfer ? [...event.dataTransfer.files] : []);
    });
  }

  /** The engine, made and started ahead of the first analysis (a failure here is met there). */
  _warm() {
    try {
      this._engine = this._engine || createEngine();
      this._engine.warm();
    } catch {
      // No WebAssembly: the first analysis says so.
    }
  }

  /** Files chosen or dropped together: the largest is the data, the others are joined to it. */
  _readFiles(files) {
    if (!files.length) return;
    const [data, ...joined] = [...files].sort((a, b) => b.size - a.size);
    this._readFile(data, joined);
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
      const answer = await engine.call("open", [bytes, checkedOptions(options), extras], {
        transfer: engine.inBackground ? owned.map((b) => b.buffer) : [],
        progress: (stage, fraction) => this._showProgress(run, stage, fraction),
      });
      if (run !== this._runs) return null; // a newer analysis has started
      this._lastOptions = options;
      this._report = decodeReport(answer.parts, true);
      // Views of the previous analysis are fetched again on demand.
      this._organisations = this._organisationsAsk = null;
      this._pairingView = undefined;
      this._overviewState = null;
      this._pairState = null;
      this._spcState = null;
      this._indicator = Math.max(0, Math.min(this._indicator, this._report.indicators.length - 1));
      this._page = 0;
      // A group shown against everyone holds while its column is still in the file.
      if (this._group && !this._report.headers.includes(this._group.column)) this._group = null;
      await this._render();
      if (run !== this._runs || !this._hasData) return null; // superseded or cancelled meanwhile
      this._shownReport = this._report;
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
      description = await this._ask("describe", checkedOptions(options));
    } catch {
      return; // not a table at all: the error says why, and there is nothing to set
    }
    if (run !== this._runs) return;
    this._report = this._shownReport = null;
    if (description.records && !(options && options.cohort)) {
      this._error.replaceChildren(el("strong", { text: "This file has one row per event. " }), document.createTextNode("Choose who is in the cohort in the settings below, and Allteach counts it for each organisation on this device."));
    } else if (description.question) {
      // The question itself heads the settings; the alert points there rather than repeat it.
      const asks = description.question.alternatives.length > 0;
      const [lead, next] = asks ? ["This file needs an answer before it can be analysed. ", "See the question in the settings below."] : ["This file has nothing Allteach can compare. ", "See why in the settings below."];
      this._error.replaceChildren(el("strong", { text: lead }), document.createTextNode(next));
    }
    await this._renderSettings(Object.assign({ indicators: [] }, description), description.question);
  }

  /** The engine no longer holds the file (cancelled, or its worker ended): clear what depended on it. */
  _forget() {
    this._hasData = false;
    this._report = this._shownReport = null;
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

  /** A view of the analysis (`request`: `{ what, ... }`, see present::ViewRequest), as plain objects. */
  async _askView(request) {
    return this._ask("view", request);
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

}

// Defined once every part of the element (the files after this one) has added its methods.
