// The workbook reader: a second wasm module (src/workbook_module.rs), used only when a file is
// a workbook. Calamine with its zip, XML and text-encoding code is more than a third of the
// core's size, and most files are CSV, so the core ships without it. The reader reads the
// workbook's chosen sheet and gives back the table (or the error reading it) as bytes, which the
// core then takes in the workbook's place (src/table/transfer.rs).
//
// Shared by dist/allteach-core.mjs and dist/allteach.js (its worker, or the page when no worker
// is allowed). Defined by the build around this file: inflateZlib(), decodeBase64(),
// looksLikeWorkbook(), WORKBOOK_MESSAGE.

/* global inflateZlib, decodeBase64, looksLikeWorkbook, WORKBOOK_MESSAGE */

class WorkbookReader {
  /** `source`: the reader's wasm, embedded as `{ deflated, length }` (see shared.js). */
  constructor(source) {
    this.module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(workbookWasmBytes(source));
    this.prepared = null;
  }

  /** Compiled asynchronously: for the page itself, where some browsers refuse large synchronous compiles. */
  static async compile(source) {
    return new WorkbookReader(await WebAssembly.compile(workbookWasmBytes(source)));
  }

  /**
   * Instantiate ahead, asynchronously: for the page itself, where some browsers refuse to
   * instantiate a large module synchronously. Workers and Node instantiate as they read.
   */
  async prepare() {
    if (!this.prepared) this.prepared = await WebAssembly.instantiate(this.module, this._imports());
  }

  /**
   * The table the core takes in place of the workbook `bytes`: its `sheet` (a name, a 0-based
   * position, or undefined for the first sheet holding a table). A fresh instance reads each
   * workbook, so nothing of one file stays for the next, and a trap (a workbook a dependency
   * choked on) leaves the core untouched.
   */
  read(bytes, sheet) {
    const instance = this.prepared || new WebAssembly.Instance(this.module, this._imports());
    this.prepared = null;
    try {
      return readWith(instance.exports, bytes, sheet);
    } catch (error) {
      throw error instanceof WebAssembly.RuntimeError ? new Error(WORKBOOK_MESSAGE) : error;
    }
  }

  /**
   * The module's imports are wasm-bindgen's few leftovers from crates the reader never calls
   * into (plotters' and getrandom's browser bindings): each throws if it ever is called.
   */
  _imports() {
    const imports = {};
    for (const { module, name, kind } of WebAssembly.Module.imports(this.module)) {
      if (kind !== "function") throw new Error(`The workbook reader asks for a ${kind} "${name}", which this page cannot give.`);
      (imports[module] = imports[module] || {})[name] = () => {
        throw new Error(`The workbook reader called "${name}", which it should never need.`);
      };
    }
    return imports;
  }
}

function workbookWasmBytes(source) {
  return inflateZlib(decodeBase64(source.deflated), source.length);
}

/** One read through the module's exports: the sheet's name (if any), then the file, in; the table out. */
function readWith(exports, bytes, sheet) {
  const name = typeof sheet === "string" ? new TextEncoder().encode(sheet) : new Uint8Array(0);
  const byIndex = Number.isInteger(sheet) && sheet >= 0;
  // A sheet that is neither (true, -1, 1.5) is read as no choice; the core then refuses the
  // option. A position past any workbook's (4 billion) is asked for as the last possible.
  const kind = typeof sheet === "string" ? 1 : byIndex ? 2 : 0;
  const at = exports.workbook_input(name.length + bytes.length) >>> 0;
  new Uint8Array(exports.memory.buffer, at, name.length).set(name);
  new Uint8Array(exports.memory.buffer, at + name.length, bytes.length).set(bytes);
  const length = exports.workbook_read(kind, name.length, byIndex ? Math.min(sheet, 0xffffffff) : 0) >>> 0;
  const out = exports.workbook_output() >>> 0; // before the memory is looked at: a call may grow it
  return new Uint8Array(exports.memory.buffer, out, length).slice();
}

/**
 * The files as the core takes them: each workbook among them read by the reader `getReader()`
 * gives (the first file with the `sheet` option, the files joined to it with their first
 * table), other files as they are. With no reader, a workbook goes to the core as it is, and
 * the core says the reader was missing.
 */
function readWorkbooks(isWorkbook, getReader, files, sheet) {
  return files.map((bytes, i) => {
    // looksLikeWorkbook first: isWorkbook copies the file into the core's memory to look.
    const reader = bytes && looksLikeWorkbook(bytes) && isWorkbook(bytes) ? getReader() : null;
    return reader ? reader.read(bytes, i === 0 ? sheet : undefined) : bytes;
  });
}
