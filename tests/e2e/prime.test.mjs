// SessionHost.prime (www/session-host.js), in Node with a stand-in core that records its calls:
// a text file of PRIMED_FROM_BYTES or more has its first rows analysed before the whole, once
// per file; smaller files and workbooks do not; an error in the part is let go, a trap is not.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./helpers.mjs";

const source = ["src/wasm/shared.js", "src/wasm/report-decoder.js", "www/session-host.js"].map((f) => readFileSync(join(root, f), "utf8")).join("\n");
// The page's helpers for workbooks are not needed: a text file is read as it is.
const { SessionHost, PRIMED_FROM_BYTES, PRIMER_BYTES } = new Function(
  "readWorkbooks",
  `${source}; return { SessionHost, PRIMED_FROM_BYTES, PRIMER_BYTES };`,
)((isWorkbook, reader, files) => files);

/** A stand-in core: each analysis records the bytes it was given; `fail(bytes)` may throw. */
function core(fail = () => {}) {
  const calls = [];
  return {
    calls,
    isWorkbook: () => false,
    panicked: () => false,
    Session: {
      openFiles(bytes, extra, lengths, options) {
        calls.push({ length: bytes.length, last: bytes[bytes.length - 1], options });
        fail(bytes);
        return { reportColumns: () => ({}), rowsSummary: () => "", free() {} };
      },
    },
  };
}

const LINE = 997; // bytes a line, its line end included: no line ends where the part does

/** A text file of `size` bytes of lines of LINE bytes. */
function file(size) {
  const bytes = new Uint8Array(size).fill(65);
  for (let i = LINE - 1; i < size; i += LINE) bytes[i] = 10;
  return bytes;
}

test("a big text file's first rows, cut at a line end, are analysed before the whole, once per file", () => {
  const c = core();
  const host = new SessionHost(c);
  const bytes = file(PRIMED_FROM_BYTES);
  host.handle("open", [bytes, { polarity: "no_judgement" }, []]);
  const cut = Math.floor((PRIMER_BYTES + 1) / LINE) * LINE; // up to the last line end within the part
  assert.deepEqual(c.calls, [
    { length: cut, last: 10, options: { polarity: "no_judgement" } },
    { length: PRIMED_FROM_BYTES, last: bytes.at(-1), options: { polarity: "no_judgement" } },
  ]);
  // Again with other settings: the whole only.
  host.handle("open", [null, { polarity: "higher_is_better" }]);
  assert.equal(c.calls.length, 3);
  assert.equal(c.calls[2].length, PRIMED_FROM_BYTES);
});

test("a smaller file is analysed whole at once", () => {
  const c = core();
  new SessionHost(c).handle("open", [file(PRIMED_FROM_BYTES - 1), {}, []]);
  assert.deepEqual(
    c.calls.map((call) => call.length),
    [PRIMED_FROM_BYTES - 1],
  );
});

test("an error in the part is the part's, and the whole is still analysed; a trap ends the call", () => {
  const part = (bytes) => bytes.length < PRIMED_FROM_BYTES;
  const erring = core((bytes) => {
    if (part(bytes)) throw new Error("a cut row");
  });
  new SessionHost(erring).handle("open", [file(PRIMED_FROM_BYTES), {}, []]);
  assert.equal(erring.calls.length, 2);
  const trapping = core((bytes) => {
    if (part(bytes)) throw new WebAssembly.RuntimeError("unreachable");
  });
  assert.throws(() => new SessionHost(trapping).handle("open", [file(PRIMED_FROM_BYTES), {}, []]), WebAssembly.RuntimeError);
  assert.equal(trapping.calls.length, 1, "the whole is not tried on a broken core");
});
