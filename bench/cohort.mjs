// Benchmark (not a test): a cohort from about a million A&E attendances (a year and more of a
// large ICB), in wasm in Node: analyse([attendances, list sizes], { cohort: {} }). The extract is
// the seeded synthetic one (examples/cohort_extract.rs). Medians of 5 runs in one process, and
// the wasm memory the largest run needed. Run with `./dev bench`, or `node bench/cohort.mjs
// [people]` after `./dev build`.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const people = Number(process.argv[2] || 600_000);
const dir = mkdtempSync(join(tmpdir(), "allteach-cohort-"));
execFileSync("cargo", ["run", "--quiet", "--release", "--example", "cohort_extract", "--", String(people), dir], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
const records = readFileSync(join(dir, "attendances.csv"));
const sizes = readFileSync(join(dir, "list_sizes.csv"));
const rows = records.toString("latin1").split("\n").length - 2;

const { analyse } = await import("../dist/allteach-core.mjs");
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const runs = [];
let report;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  report = analyse([records, sizes], { cohort: {} });
  runs.push(performance.now() - t);
}
if (report.cohort.events !== rows) throw new Error(`expected ${rows} events, read ${report.cohort.events}`);
console.log(
  `cohort from ${rows.toLocaleString("en-GB")} attendances (${(records.length / 1e6).toFixed(1)} MB, ${report.cohort.people_in_window.toLocaleString("en-GB")} people in the window, ${report.indicators[0].organisations.length} practices), wasm in Node, median of 5: ${median(runs).toFixed(0)} ms`,
);
