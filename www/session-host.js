// The analysis held in the wasm core, and the worker's side of the conversation: the same
// SessionHost answers calls in the worker and, when no worker may run, on the page
// (PageEngine in engine.js). Plumbing only: the Rust Session (src/wasm/) does the work.

/* global wasm_bindgen, embeddedWasm, joinedFiles, takeReportParts, reportTransferables, trapMessage, WorkbookReader, readWorkbooks, isCspRefusal, CSP_WASM_MESSAGE */

/**
 * One analysis kept in the wasm core and the calls the widget makes on it. The same code serves
 * the worker and the page engine, so both behave alike. `progress(stage, fraction)` hears how
 * far an `open` has got.
 */
class SessionHost {
  constructor(core) {
    this.core = core;
    this.session = null;
    this.bytes = null;
    this.extras = []; // files joined to the data file on the organisation code
    this.workbook = null; // the workbook reader, once the page has sent it
    this.read = null; // the files as last read, so that describe() after open() reads a workbook once
  }

  /** The data file and the files joined to it (workbooks read into tables), as the wasm boundary takes them. */
  files(options) {
    const sheet = options ? options.sheet : undefined;
    const last = this.read;
    if (!last || last.bytes !== this.bytes || last.extras !== this.extras || last.sheet !== sheet || last.reader !== this.workbook) {
      const files = readWorkbooks(this.core.isWorkbook, () => this.workbook, [this.bytes, ...this.extras], sheet);
      this.read = { bytes: this.bytes, extras: this.extras, sheet, reader: this.workbook, files };
    }
    return joinedFiles(this.read.files);
  }

  /** Returns [answer, transferable buffers]. */
  handle(method, args, progress) {
    if (method === "open") {
      const [bytes, options, extras, workbookSource] = args;
      if (workbookSource && !this.workbook) this.workbook = new WorkbookReader(workbookSource);
      if (bytes) this.bytes = bytes; // null: analyse the same file again with new options
      if (extras) this.extras = extras; // a new data file brings its own (none: [])
      if (!this.bytes) throw new Error("There is no file to analyse yet: choose one first.");
      const files = this.files(options);
      this.opening = files.main; // what the core was given: a workbook's table, not the workbook
      const next = this.core.Session.openFiles(files.main, files.extra, files.lengths, options, progress || undefined);
      if (this.session) this.session.free();
      this.session = next;
      const columns = next.reportColumns();
      const parts = takeReportParts(columns);
      columns.free();
      return [{ parts, summary: next.rowsSummary() }, reportTransferables(parts)];
    }
    if (method === "describe") {
      // The file's settings even when it could not be analysed (a question, a missing column).
      if (!this.bytes) throw new Error("There is no file yet: choose one first.");
      const files = this.files(args[0]);
      return [JSON.parse(this.core.describeFilesJson(files.main, files.extra, files.lengths, args[0])), []];
    }
    if (!this.session) throw new Error("There is no analysis yet: choose a file first.");
    if (method === "resultsCsv") {
      const exported = this.session.resultsCsv(...args);
      const answer = { text: exported.text, summary: exported.summary };
      exported.free();
      return [answer, []];
    }
    if (typeof this.session[method] !== "function") throw new Error(`Unknown call ${method}`);
    return [this.session[method](...args), []];
  }

  /** A sentence for an error thrown by the core, or by wasm itself. */
  explain(error) {
    // With panic=abort a failed allocation traps without a panic: the tab's memory ran out. A
    // workbook a dependency chokes on traps in the workbook reader, which says so itself
    // (workbook-reader.js); a trap here is the core's, and the worker holding the broken
    // instance is thrown away so the next file gets a fresh one.
    const panicked = this.core.panicked();
    if (panicked || error instanceof WebAssembly.RuntimeError) return { message: trapMessage(this.opening, panicked), fatal: true };
    return { message: error && error.message ? error.message : String(error), fatal: false };
  }
}

/**
 * Runs when this script is started as a worker: serves one page's calls. The core is compiled
 * as the worker starts (a person is about to choose a file), not on the first call; the compiled
 * module then goes to the page, whose charts instantiate it instead of unpacking and compiling
 * a copy of their own on the main thread.
 */
function serveAsWorker() {
  let host = null;
  let module = null;
  let failure = null;
  try {
    module = new WebAssembly.Module(embeddedWasm());
    wasm_bindgen.initSync({ module });
    host = new SessionHost(wasm_bindgen);
  } catch (error) {
    failure = error; // told to the first call, which ends this worker
  }
  self.onmessage = (event) => {
    const { id, method, args } = event.data;
    try {
      if (!host) throw failure;
      const progress = method === "open" ? (stage, fraction) => self.postMessage({ id, progress: { stage, fraction } }) : null;
      const [value, transfer] = host.handle(method, args, progress);
      self.postMessage({ id, ok: true, value }, transfer);
    } catch (error) {
      const explained = host ? host.explain(error) : { message: isCspRefusal(error) ? CSP_WASM_MESSAGE : String(error && error.message), fatal: true };
      self.postMessage({ id, ok: false, ...explained });
    }
  };
  self.postMessage({ ready: true });
  if (module) {
    try {
      self.postMessage({ coreModule: module });
    } catch {
      // A browser that cannot send a compiled module: the page compiles its own.
    }
  }
}
