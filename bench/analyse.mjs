// Benchmarks (not tests): how long analyse() takes on the national QOF 2022-23 file
// (133,938 rows: 6,378 practices x 21 registers) in Node and in headless Chromium, and how long
// the wasm takes to start. Medians of repeated runs; run with `./dev bench`.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../tests/e2e/helpers.mjs";
import { serve } from "../tools/serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dataPath = join(root, "bench/data/qof_2223_prevalence_by_practice_long.csv");
const bytes = readFileSync(dataPath);
const options = {
  columns: { code: "PRACTICE_CODE", indicator: "GROUP_CODE", numerator: "REGISTER", denominator: "PRACTICE_LIST_SIZE" },
  polarity: "no_judgement",
};
const RUNS = 11;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

// Native core, for reference (what the wasm boundary and JS objects add on top).
const native = JSON.parse(execFileSync("cargo", ["run", "--quiet", "--release", "--example", "bench_core", "--", dataPath], { cwd: root, encoding: "utf8" }));

// Node: start-up in fresh processes, then analyse() warm.
const startups = [];
for (let i = 0; i < 7; i++) {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `const t = performance.now(); await import(${JSON.stringify(join(root, "dist/allteach-core.mjs"))}); console.log(performance.now() - t);`]);
  startups.push(Number(out.toString()));
}
const { analyse } = await import("../dist/allteach-core.mjs");
const nodeRuns = [];
for (let i = 0; i < RUNS + 2; i++) {
  const t = performance.now();
  const report = analyse(bytes, options);
  if (i >= 2) nodeRuns.push(performance.now() - t);
  if (report.rows.read !== 133938) throw new Error(`expected 133,938 rows, read ${report.rows.read}`);
}

// Chromium: the same module in a page served on loopback.
const site = await serve(join(root, "dist"), 0, {
  csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'",
  extra: {
    "/bench.html": `<!doctype html><title>bench</title><script type="module" src="bench.mjs"></script>`,
    "/qof.csv": bytes,
    "/bench.mjs": `
      const t0 = performance.now();
      const { analyse } = await import("./allteach-core.mjs");
      const startup = performance.now() - t0;
      const bytes = new Uint8Array(await (await fetch("qof.csv")).arrayBuffer());
      const options = ${JSON.stringify(options)};
      const runs = [];
      for (let i = 0; i < ${RUNS + 2}; i++) {
        const t = performance.now();
        analyse(bytes, options);
        if (i >= 2) runs.push(performance.now() - t);
      }
      window.result = { startup, runs };`,
  },
});
const browser = await launch();
const chromiumStartups = [];
let chromiumRuns = [];
try {
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    await page.goto(site.url + "bench.html");
    const result = await (await page.waitForFunction(() => window.result, null, { timeout: 120000 })).jsonValue();
    chromiumStartups.push(result.startup);
    if (i === 0) chromiumRuns = result.runs;
    await page.close();
  }
} finally {
  await browser.close();
  site.server.close();
}

const rows = [
  ["native Rust core (analysis only)", native.native_core_ms],
  ["native Rust core + report JSON", native.native_core_and_json_ms],
  ["analyse() in Node (wasm)", median(nodeRuns)],
  ["analyse() in headless Chromium (wasm)", median(chromiumRuns)],
  ["wasm start-up, Node (import of allteach-core.mjs)", median(startups)],
  ["wasm start-up, Chromium (import of allteach-core.mjs)", median(chromiumStartups)],
];
console.log(`\nQOF 2022-23, ${native.rows.toLocaleString("en-GB")} rows (${(bytes.length / 1e6).toFixed(1)} MB); medians of ${RUNS} runs (start-up: 7 Node processes, 5 pages)\n`);
console.log("| what | median |\n|---|---|");
for (const [what, ms] of rows) console.log(`| ${what} | ${fmt(ms)} |`);
console.log(`\nFor comparison (figures from the project's brief, measured on machines of this kind): pandas + numpy ~57 ms, a plain JS page with papaparse ~330 ms.`);
console.log(`analyse() in Node is ${(median(nodeRuns) / 57).toFixed(1)}x the pandas figure and ${(median(nodeRuns) / 330).toFixed(2)}x the papaparse figure.`);
