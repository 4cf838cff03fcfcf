// Benchmark (not a test): the wasm memory one analyse() needs, each in a fresh instance of the
// core (the same build dist/ embeds), as the growth of its memory during the call (wasm memory
// only grows, so that is the call's peak; it includes the copy of the files the call is handed).
// The national QOF file; the same with peers (k = 10) and pairs; a W2-like file (the national
// file for ten years, 2014 to 2023, as the peer harness makes W2); and a cohort from the seeded
// synthetic A&E extract (examples/cohort_extract.rs). Run with `./dev bench`, or
// `node bench/memory.mjs [people]` after `./dev build`.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wasmBytes = readFileSync(join(root, "build/web/allteach_bg.wasm"));
const people = Number(process.argv[2] || 1_000_000);
let instances = 0;

/** One call in a fresh instance: its time and the growth of the wasm memory. */
async function measure(label, files, options) {
  const glue = await import(`../build/web/allteach.js?instance=${++instances}`);
  const { memory } = await glue.default({ module_or_path: wasmBytes });
  const [data, ...extras] = files;
  const extra = Buffer.concat(extras);
  const before = memory.buffer.byteLength;
  const t = performance.now();
  glue.analyseFilesColumns(data, extra, new Uint32Array(extras.map((e) => e.length)), options);
  const ms = performance.now() - t;
  const grown = memory.buffer.byteLength - before;
  const size = files.reduce((n, f) => n + f.length, 0);
  console.log(`| ${label} | ${(size / 1e6).toFixed(1)} MB | ${(grown / 1e6).toFixed(1)} MB (${(grown / size).toFixed(1)}× the files) | ${ms.toFixed(0)} ms |`);
}

const national = readFileSync(join(root, "bench/data/qof_2223_prevalence_by_practice_long.csv"));
const lines = national.toString("utf8").trim().split("\n").slice(1);
const columns = { code: "PRACTICE_CODE", indicator: "GROUP_CODE", numerator: "REGISTER", denominator: "PRACTICE_LIST_SIZE" };

// Context for the peers: each practice's list size, share aged 50+ and deprivation.
const context = new Map(
  readFileSync(join(root, "bench/data/practice_context_2223.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => [l.slice(0, l.indexOf(",")), l.slice(l.indexOf(",") + 1)]),
);
const withContext = Buffer.from(
  ["PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE,ICB,LIST_SIZE_TOTAL,PCT_AGED_50_PLUS,IMD_2019"]
    .concat(lines.map((l) => `${l},${context.get(l.slice(0, l.indexOf(","))) ?? ",,,"}`))
    .join("\n"),
);
const peers = { columns: { ...columns, context: ["LIST_SIZE_TOTAL", "PCT_AGED_50_PLUS", "IMD_2019"] }, peers: { k: 10, sqrt: ["LIST_SIZE_TOTAL"] }, polarity: "higher_is_better" };

const years = [];
for (let year = 2014; year <= 2023; year++) for (const l of lines) years.push(`${year},${l.split(",").filter((_, i) => i !== 3).join(",")}`);
const w2 = Buffer.from(["period,code,indicator,numerator,denominator"].concat(years).join("\n"));
const w2Columns = { period: "period", code: "code", indicator: "indicator", numerator: "numerator", denominator: "denominator" };

const dir = mkdtempSync(join(tmpdir(), "allteach-memory-"));
execFileSync("cargo", ["run", "--quiet", "--release", "--example", "cohort_extract", "--", String(people), dir], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });

console.log(`\nWasm memory of one analyse() in a fresh instance (Node ${process.version}):\n`);
console.log("| what | files | wasm memory grown | time |\n|---|---|---|---|");
await measure("national QOF file (W1)", [national], { columns, polarity: "no_judgement" });
await measure("the same with peers (k = 10) and pairs", [withContext], peers);
await measure("W2-like: ten years of it", [w2], { columns: w2Columns, type: "proportion", polarity: "no_judgement", multiplier: 1, overdispersion: { method: "none" } });
await measure(`cohort: ${people.toLocaleString("en-GB")} people's A&E attendances and list sizes`, [readFileSync(join(dir, "attendances.csv")), readFileSync(join(dir, "list_sizes.csv"))], { cohort: {} });
