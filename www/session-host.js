// The analysis held in the wasm core, and the worker's side of the conversation: the same
// SessionHost answers calls in the worker and, when no worker may run, on the page
// (PageEngine in engine.js). Plumbing only: the Rust Session (src/wasm/) does the work.

/* global wasm_bindgen, embeddedWasm, joinedFiles, reportTransferables, trapMessage, WorkbookReader, readWorkbooks, isCspRefusal, CSP_WASM_MESSAGE */

/**
 * A text file at least this big is first analysed in part, its first PRIMER_BYTES cut at a line
 * end, then whole. V8 runs wasm first as code compiled quickly, and optimises a function only
 * once it has run a while, for its next call: the part gets the functions this very file needs
 * optimised, and the whole (whose long loops call a function per 16,384 rows, see
 * ROWS_PER_CALL in src/progress.rs) runs on them. The warm-up below does the same while a
 * person is still choosing, but with a made-up file, and only if the pointer came first. A
 * 200 MB file in the standalone page, chosen at once: 5.1–5.3 s to its results without, 3.7–4.2
 * s with, the part taking 120–210 ms (headless Chromium, alternated; see the README). Smaller
 * files gained nothing (100 MB the same; the W2-like 33 MB file 60 ms slower). Once per file:
 * analysing it again with other settings finds the code optimised already.
 */
const PRIMED_FROM_BYTES = 128e6;
const PRIMER_BYTES = 2e6;

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
    this.primed = new WeakSet(); // files whose first rows were analysed first (see prime), held weakly
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
      this.prime(files, options);
      const next = this.core.Session.openFiles(files.main, files.extra, files.lengths, options, progress || undefined);
      if (this.session) this.session.free();
      this.session = next;
      const parts = next.reportColumns();
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
      // Bytes, moved to the page as they are (see CsvExport.bytes in src/wasm/mod.rs).
      const answer = { bytes: exported.bytes, summary: exported.summary };
      exported.free();
      return [answer, [answer.bytes.buffer]];
    }
    if (method === "download") {
      const made = this.session.download(...args);
      return [made, made.bytes ? [made.bytes.buffer] : []];
    }
    if (typeof this.session[method] !== "function") throw new Error(`Unknown call ${method}`);
    return [this.session[method](...args), []];
  }

  /**
   * Analyses the first rows of a big text file (see PRIMED_FROM_BYTES) and drops the answer, so
   * that the analysis of the whole runs on optimised code. An error there is the part's (a cut
   * row, a context column it lacks) and is let go; a trap is the core's, and ends the call.
   */
  prime(files, options) {
    const main = files.main;
    if (main !== this.bytes || main.length < PRIMED_FROM_BYTES || this.primed.has(main)) return; // a workbook's table is not cut
    this.primed.add(main);
    const end = main.lastIndexOf(10, PRIMER_BYTES);
    if (end <= 0) return;
    let session = null;
    try {
      session = this.core.Session.openFiles(main.subarray(0, end + 1), files.extra, files.lengths, options);
      session.reportColumns();
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError || this.core.panicked()) throw error;
    } finally {
      if (session) session.free();
    }
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
  let called = false; // a real call came: no more warming up
  self.onmessage = (event) => {
    called = true;
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
  if (host) warmUp(wasm_bindgen, () => !called);
}

const WARM_UP_DELAY_MS = 100; // a file chosen as the worker starts arrives well within this
const WARM_UP_ROUNDS = 3;

/**
 * While a person is still choosing a file, the worker analyses a made-up one a few times. V8
 * runs wasm first through its baseline compiler and optimises a function only once it has run
 * a while, so a one-off analysis ran almost all on the slow code (measured in Chromium on the
 * national file: its analysis 192–205 → 123–128 ms, its report 55 → 45 ms, its first view
 * 357–383 → 262–265 ms). Only while idle (`idle()`): one round per task, none once a call has
 * reached the worker, so a file chosen meanwhile usually waits for one round at most. Tells the
 * page how many rounds ran (`{ warmedUp }`, which the tests read) and whether the core trapped
 * (`broken`: the page then replaces this worker before anything is asked of it).
 */
function warmUp(core, idle) {
  const options = { columns: { code: "code", indicator: "indicator", numerator: "numerator", denominator: "denominator" }, polarity: "higher_is_better" };
  let bytes = null;
  let done = 0;
  const round = () => {
    if (done === WARM_UP_ROUNDS || !idle()) return self.postMessage({ warmedUp: done });
    let session = null;
    try {
      bytes = bytes || madeUpFile();
      session = core.Session.openFiles(bytes, new Uint8Array(0), new Uint32Array(0), options);
      session.reportColumns();
      // The views a file's first view waits for, and the list of organisations just after.
      for (const request of [{ what: "pairing" }, { what: "overview", query: {} }, { what: "organisations" }]) session.view(request);
      done++;
    } catch (error) {
      // Never in the way of a real analysis: a core that trapped here is replaced before one.
      const broken = error instanceof WebAssembly.RuntimeError || core.panicked();
      return self.postMessage({ warmedUp: done, broken });
    } finally {
      if (session) session.free();
    }
    setTimeout(round, 0);
  };
  setTimeout(round, WARM_UP_DELAY_MS);
}

/** A file of 1,500 organisations × 10 indicators of counts, the same every time. */
function madeUpFile() {
  const lines = ["code,name,indicator,numerator,denominator"];
  let seed = 1;
  const next = (below) => (seed = (seed * 1103515245 + 12345) % 2147483648) % below;
  for (let org = 0; org < 1500; org++) {
    for (let indicator = 0; indicator < 10; indicator++) {
      const denominator = 2000 + next(9000);
      lines.push(`P${org},Practice ${org},Indicator ${indicator},${next(denominator)},${denominator}`);
    }
  }
  return new TextEncoder().encode(lines.join("\n"));
}
