// Benchmark (not a test): read-and-map throughput in wasm (Node), on the national QOF file and on
// a ~100 MB file made from it (each practice repeated under 30 suffixed codes), with the peak size
// of the wasm memory (which only grows, so its size after a run is the run's peak; it includes the
// copy of the file the call takes). Each file gets a fresh wasm instance. Run with `./dev bench`.

import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wasmBytes = readFileSync(join(root, "build/web/allteach_bg.wasm"));
const options = JSON.stringify({ columns: { code: "PRACTICE_CODE", indicator: "GROUP_CODE", numerator: "REGISTER", denominator: "PRACTICE_LIST_SIZE" }, polarity: "no_judgement" });
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
let instances = 0;

/** A fresh instance of the wasm core (the same build dist/ embeds), with its memory. */
async function freshCore() {
  const glue = await import(`../build/web/allteach.js?instance=${++instances}`);
  const exports = await glue.default({ module_or_path: wasmBytes });
  return { glue, memory: exports.memory };
}

async function measure(label, bytes, runs, run) {
  const { glue, memory } = await freshCore();
  const before = memory.buffer.byteLength;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const read = run(glue, bytes);
    times.push(performance.now() - t);
    if (read < 1) throw new Error("nothing read");
  }
  const ms = median(times);
  const mb = bytes.length / 1e6;
  const peak = memory.buffer.byteLength - before;
  console.log(`| ${label} | ${mb.toFixed(1)} MB | ${ms.toFixed(0)} ms | ${(mb / (ms / 1000)).toFixed(0)} MB/s | ${(peak / 1e6).toFixed(0)} MB (${(peak / bytes.length).toFixed(1)}x the file) |`);
}

const qof = readFileSync(join(root, "bench/data/qof_2223_prevalence_by_practice_long.csv"));
const lines = qof.toString("utf8").trim().split("\n");
const big = [lines[0]];
for (let copy = 0; copy < 30; copy++) for (const line of lines.slice(1)) big.push(`${line.slice(0, 6)}-${copy}${line.slice(6)}`);
const bigBytes = Buffer.from(big.join("\n"));
const readOnly = (glue, bytes) => JSON.parse(glue.inspectJson(bytes, options)).rows_read;
const whole = (glue, bytes) => JSON.parse(glue.analyseJson(bytes, options)).rows.read;
console.log(`\nIn wasm (Node ${process.version}); peak growth of the wasm memory during the runs:\n`);
console.log("| what | size | median time | throughput | wasm memory |\n|---|---|---|---|---|");
await measure("read and map: QOF 2022-23 (national)", qof, 7, readOnly);
await measure("read and map: QOF x 30 (generated)", bigBytes, 3, readOnly);
await measure("whole analysis, report as JSON: QOF 2022-23", qof, 5, whole);
