// Benchmark (not a test): read-and-map throughput of analyse() in wasm (Node), on the national
// QOF file and on a ~100 MB file made from it (each practice repeated under 30 suffixed codes),
// with the process's resident memory before and after. Run with `./dev bench`.

import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { analyse, inspect } = await import("../dist/allteach-core.mjs");
const options = { columns: { code: "PRACTICE_CODE", indicator: "GROUP_CODE", numerator: "REGISTER", denominator: "PRACTICE_LIST_SIZE" }, polarity: "no_judgement" };
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function measure(label, bytes, runs, run) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const read = run(bytes);
    times.push(performance.now() - t);
    rss = Math.max(rss, process.memoryUsage().rss);
    if (read < 1) throw new Error("nothing read");
  }
  const ms = median(times);
  const mb = bytes.length / 1e6;
  console.log(`| ${label} | ${mb.toFixed(1)} MB | ${ms.toFixed(0)} ms | ${(mb / (ms / 1000)).toFixed(0)} MB/s | ${(rss / 1e6).toFixed(0)} MB (${(rss / bytes.length).toFixed(1)}x the file) |`);
}

const qof = readFileSync(join(root, "bench/data/qof_2223_prevalence_by_practice_long.csv"));
const lines = qof.toString("utf8").trim().split("\n");
const big = [lines[0]];
for (let copy = 0; copy < 30; copy++) for (const line of lines.slice(1)) big.push(`${line.slice(0, 6)}-${copy}${line.slice(6)}`);
const bigBytes = Buffer.from(big.join("\n"));
const baseline = process.memoryUsage().rss;
const readOnly = (bytes) => inspect(bytes, options).rows_read;
const whole = (bytes) => analyse(bytes, options).rows.read;
console.log(`\nIn wasm (Node ${process.version}); resident memory of the whole process (baseline ${(baseline / 1e6).toFixed(0)} MB, which includes the generated input held by this script):\n`);
console.log("| what | size | median time | throughput | peak resident memory |\n|---|---|---|---|---|");
measure("read and map: QOF 2022-23 (national)", qof, 7, readOnly);
measure("read and map: QOF x 30 (generated)", bigBytes, 3, readOnly);
measure("whole analysis and report objects: QOF 2022-23", qof, 7, whole);
