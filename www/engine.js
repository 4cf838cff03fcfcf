// Where the analysis runs: in a Web Worker when the page allows one, so that a big file never
// freezes the page and can be cancelled, or else on the page itself. Plumbing only: the Rust
// Session (src/wasm/) does the work and this file moves bytes, calls and answers.
//
// The worker is this very script, started a second time (it notices it has no `document`):
//   - over http(s), from the script's own URL, which a host CSP of `script-src 'self'` allows;
//   - on file://, from a blob: URL holding the script's own source (the only kind of worker
//     Chromium starts there; dist/allteach.html's CSP allows `worker-src blob:`);
//   - otherwise (the script inlined in an http page, whose CSP we cannot know) no worker is
//     tried at all, because a refused worker raises a `securitypolicyviolation` on the host.
//
// Workbooks are read by a second wasm module (workbook-reader.js), which the page finds (or
// loads from allteach-workbook.js beside this script) only when a file looks like a workbook,
// and hands to the worker with that file.
//
// The calls themselves are answered by a SessionHost (session-host.js), in the worker or here.
//
// Defined by the build around this file: wasm_bindgen, embeddedWasm(), EMBEDDED_WORKBOOK,
// SCRIPT_URL, scriptSource().

/* global wasm_bindgen, embeddedWasm, EMBEDDED_WORKBOOK, SCRIPT_URL, scriptSource, MEMORY_MESSAGE, looksLikeWorkbook, WorkbookReader, SessionHost */

const NO_WASM_MESSAGE = "This browser cannot run WebAssembly, which Allteach needs. Open this page in a current version of Microsoft Edge, Chrome or Firefox (not Internet Explorer mode).";
const CSP_WASM_MESSAGE = "This page's Content-Security-Policy does not allow WebAssembly. The page's owner needs to add 'wasm-unsafe-eval' to its script-src directive.";

function isCspRefusal(error) {
  return error instanceof WebAssembly.CompileError || /Content Security Policy|unsafe-eval/i.test(String(error && error.message));
}

/** How a worker may be started on this page, or null if none may. */
function workerStarter() {
  if (typeof Worker !== "function" || typeof Blob !== "function") return null;
  if (location.protocol === "file:") {
    return () => {
      const url = URL.createObjectURL(new Blob([`(${scriptSource()})();`], { type: "text/javascript" }));
      const worker = new Worker(url);
      worker.addEventListener("message", () => URL.revokeObjectURL(url), { once: true });
      return worker;
    };
  }
  if (/^https?:/.test(SCRIPT_URL) && new URL(SCRIPT_URL).origin === location.origin) return () => new Worker(SCRIPT_URL);
  return null;
}

class Cancelled extends Error {
  constructor() {
    super("Cancelled.");
    this.cancelled = true;
  }
}

/** Calls answered by a worker; cancel() stops one at once by ending the worker. */
class WorkerEngine {
  constructor(start) {
    this.start = start;
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    this.inBackground = true;
    this.onPage = null;
    this.waiting = 0; // calls waiting for the worker to start (or for the workbook reader)
    this.rejectReady = null;
    this.turn = Promise.resolve(); // calls reach the worker in the order they were made
    this.workbooks = new WorkbookFiles();
  }

  /**
   * Start the worker before it is needed (a person is about to choose a file): compiling the
   * core there takes a few hundred milliseconds that choosing a file then no longer waits for.
   * A refusal is met again, and handled, by the first call.
   */
  warm() {
    if (!this.onPage && !this.worker) this._ensureWorker().catch(() => {});
  }

  /** Resolves once the worker runs, or rejects if the browser refused it. */
  _ensureWorker() {
    if (this.worker) return this.ready;
    let worker;
    try {
      worker = this.start();
    } catch (e) {
      return Promise.reject(e);
    }
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      // Cancelled before the worker says it runs: the waiting call must hear of it too.
      this.rejectReady = reject;
      worker.onmessage = (event) => {
        const data = event.data;
        if (data.coreModule) return offerPageCore(data.coreModule);
        if (data.broken) return this._replaceIdle();
        if (data.ready) return resolve();
        const call = this.pending.get(data.id);
        if (!call) return;
        if (data.progress) return call.progress && call.progress(data.progress.stage, data.progress.fraction);
        this.pending.delete(data.id);
        const error = data.ok ? null : Object.assign(new Error(data.message), { fatal: data.fatal });
        if (data.ok) call.resolve(data.value);
        else call.reject(error);
        // The worker's wasm is unusable after a bug or running out of memory: end it, and fail
        // anything else it was asked with the same error.
        if (error && error.fatal) this._end(error);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        if (this.pending.size > 0) this._end(Object.assign(new Error(MEMORY_MESSAGE), { fatal: true }));
        else this._end(new Error("The background worker could not start."));
      };
    });
    return this.ready;
  }

  async call(method, args = [], { transfer = [], progress = null } = {}) {
    if (this.onPage) return this.onPage.call(method, args);
    // An "open" may wait for the workbook reader to load: a call made meanwhile waits its turn,
    // so the worker's analysis is always the last one asked for.
    const turn = this.turn;
    let done;
    this.turn = new Promise((resolve) => (done = resolve));
    this.waiting++;
    let worker;
    try {
      await this._ensureWorker();
      worker = this.worker;
      if (method === "open" && this.workbooks.needReader(args) && !readerSentTo.has(worker)) {
        const source = await workbookSource();
        if (source) {
          readerSentTo.add(worker);
          args = [args[0], args[1], args[2] || null, source];
        }
      }
      await turn;
    } catch (error) {
      if (error.cancelled || error.fatal) throw error;
      // The browser or a policy refused the worker before it ran anything (so no bytes were
      // sent): from now on this element works on the page, and says so.
      this.worker = null;
      this.onPage = this.onPage || new PageEngine();
      this.inBackground = false;
      return this.onPage.call(method, args);
    } finally {
      this.waiting--;
      done();
    }
    if (!worker || this.worker !== worker) throw new Cancelled(); // ended while waiting
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, progress });
      this.worker.postMessage({ id, method, args }, transfer);
    });
  }

  /** End a worker whose core trapped while nothing was asked of it: the next call starts afresh. */
  _replaceIdle() {
    if (this.worker && this.pending.size === 0 && this.waiting === 0) {
      this.worker.terminate();
      this.worker = null;
    }
  }

  /** Stop what the worker is doing (it holds the file, so only when something is under way). */
  cancel() {
    if (this.worker && (this.pending.size > 0 || this.waiting > 0)) this._end(new Cancelled());
  }

  /** Let the worker go (the element left the page): it holds the file and the analysis. */
  dispose() {
    this._end(new Cancelled());
    if (this.onPage) this.onPage.dispose();
  }

  /** End the worker and fail what it was doing; the next call starts a fresh one. */
  _end(error) {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    if (this.rejectReady) this.rejectReady(error);
    this.rejectReady = null;
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }
}

const readerSentTo = new WeakSet(); // workers that hold the workbook reader

/** Whether the files an engine holds include one that looks like a workbook. */
class WorkbookFiles {
  constructor() {
    this.held = false;
  }

  /** For an "open" call: its new files, or (bytes null: the same files again) those held. */
  needReader(args) {
    if (args[0]) this.held = [args[0], ...(args[2] || [])].some((bytes) => bytes && looksLikeWorkbook(bytes));
    return this.held;
  }
}

let workbookLoad = null;

/**
 * The workbook reader's wasm: embedded (the standalone file), already on the page (a page that
 * includes allteach-workbook.js itself), or loaded from allteach-workbook.js beside this script,
 * which file:// and a host CSP of `script-src 'self'` both allow. Null if it cannot be had.
 */
function workbookSource() {
  if (EMBEDDED_WORKBOOK) return Promise.resolve(EMBEDDED_WORKBOOK);
  if (self.AllteachWorkbookWasm) return Promise.resolve(self.AllteachWorkbookWasm);
  if (!SCRIPT_URL) return Promise.resolve(null);
  if (!workbookLoad) {
    workbookLoad = new Promise((resolve) => {
      const script = document.createElement("script");
      try {
        script.src = new URL("allteach-workbook.js", SCRIPT_URL).href;
      } catch {
        return resolve(null);
      }
      script.onload = () => resolve(self.AllteachWorkbookWasm || null);
      script.onerror = () => resolve(null);
      document.head.appendChild(script);
    }).then((source) => {
      if (!source) workbookLoad = null; // try again with the next workbook
      return source;
    });
  }
  return workbookLoad;
}

let pageCore = null;
let workerModule = null; // the core as a worker compiled it, for the page's charts

/** A worker's compiled core: the page instantiates it for its charts once the page is idle. */
function offerPageCore(module) {
  if (pageCore || !(module instanceof WebAssembly.Module)) return;
  workerModule = module;
  const whenIdle = self.requestIdleCallback || ((task) => setTimeout(task, 200));
  whenIdle(() => loadPageCore().catch(() => {}));
}

/**
 * The core on this page, once, asynchronously (Chromium refuses large synchronous compiles on
 * the main thread): a worker's compiled module if one came, else the embedded wasm unpacked here.
 */
function loadPageCore() {
  if (!pageCore) {
    pageCore = (async () => {
      try {
        await wasm_bindgen({ module_or_path: workerModule || embeddedWasm() });
      } catch (e) {
        workerModule = null; // the next try unpacks the embedded copy
        throw new Error(isCspRefusal(e) ? CSP_WASM_MESSAGE : String(e && e.message));
      }
      return wasm_bindgen;
    })();
    pageCore.catch(() => (pageCore = null));
  }
  return pageCore;
}

/** Calls answered on the page itself: no progress and no cancel, as the page is busy meanwhile. */
class PageEngine {
  constructor() {
    this.inBackground = false;
    this.turn = Promise.resolve(); // calls are answered in the order they were made
    this.workbooks = new WorkbookFiles();
  }

  async call(method, args = []) {
    const turn = this.turn;
    let done;
    this.turn = new Promise((resolve) => (done = resolve));
    try {
      await turn.catch(() => {});
      return await this._answer(method, args);
    } finally {
      done();
    }
  }

  async _answer(method, args) {
    // One analysis per element: two elements on a page must not share a session.
    if (!this.host) {
      this.host = loadPageCore().then((core) => new SessionHost(core));
      this.host.catch(() => (this.host = null));
    }
    const host = await this.host;
    if (method === "open" && this.workbooks.needReader(args) && !host.workbook) {
      const source = await workbookSource();
      if (source) host.workbook = await WorkbookReader.compile(source);
    }
    if (host.workbook && (method === "open" || method === "describe")) await host.workbook.prepare();
    try {
      return host.handle(method, args, null)[0];
    } catch (error) {
      const explained = host.explain(error);
      throw Object.assign(new Error(explained.message), { fatal: explained.fatal });
    }
  }

  /** Compile the core on the page before it is needed. */
  warm() {
    loadPageCore().catch(() => {});
  }

  cancel() {}

  dispose() {
    this.host = null;
  }
}

/**
 * The engine for one element: a worker if the page allows one, else the page. If the worker
 * cannot start (a browser or policy refusing it), the element falls back to the page.
 */
function createEngine() {
  if (typeof WebAssembly !== "object") throw new Error(NO_WASM_MESSAGE);
  const start = workerStarter();
  return start ? new WorkerEngine(start) : new PageEngine();
}
