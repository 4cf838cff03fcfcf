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
const monthlyPath = join(root, "samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv");
const monthly = readFileSync(monthlyPath);
const monthlyOptions = { polarity: "higher_is_better" };
const nativeSpc = JSON.parse(execFileSync("cargo", ["run", "--quiet", "--release", "--example", "bench_core", "--", monthlyPath, JSON.stringify(monthlyOptions)], { cwd: root, encoding: "utf8" }));
const nativePairing = JSON.parse(execFileSync("cargo", ["run", "--quiet", "--release", "--example", "bench_pairing"], { cwd: root, encoding: "utf8" }));

// The national file with each practice's context joined on (as examples/bench_pairing.rs does).
const context = new Map(
  readFileSync(join(root, "bench/data/practice_context_2223.csv"), "utf8").trim().split("\n").slice(1).map((line) => {
    const at = line.indexOf(",");
    return [line.slice(0, at), line.slice(at + 1)];
  }),
);
const longLines = readFileSync(dataPath, "utf8").trim().split("\n");
const withContext = new TextEncoder().encode(
  ["PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE,ICB,LIST_SIZE_TOTAL,PCT_AGED_50_PLUS,IMD_2019"]
    .concat(longLines.slice(1).map((line) => `${line},${context.get(line.slice(0, line.indexOf(","))) ?? ",,,"}`))
    .join("\n"),
);
const pairingOptions = {
  columns: { ...options.columns, context: ["LIST_SIZE_TOTAL", "PCT_AGED_50_PLUS", "IMD_2019"] },
  peers: { k: 10, sqrt: ["LIST_SIZE_TOTAL"] },
  polarity: "higher_is_better",
};

// Node: start-up in fresh processes, then analyse() warm.
const startups = [];
for (let i = 0; i < 7; i++) {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `const t = performance.now(); await import(${JSON.stringify(join(root, "dist/allteach-core.mjs"))}); console.log(performance.now() - t);`]);
  startups.push(Number(out.toString()));
}
const { analyse } = await import("../dist/allteach-core.mjs");
// Pairs too are built when first read: timed as analyse() returns and with them read.
const nodePairingRuns = [];
const nodePairingReadRuns = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const report = analyse(withContext, pairingOptions);
  nodePairingRuns.push(performance.now() - t);
  if (report.pairings.length !== nativePairing.optimal.matched) throw new Error("wasm and native pairings differ");
  nodePairingReadRuns.push(performance.now() - t);
}
const nodeSpcRuns = [];
for (let i = 0; i < RUNS + 2; i++) {
  const t = performance.now();
  const report = analyse(monthly, monthlyOptions);
  if (i >= 2) nodeSpcRuns.push(performance.now() - t);
  if (report.indicators[0].organisations.filter((o) => o.spc).length !== 120) throw new Error("expected 120 SPC charts");
}
// analyse() builds each indicator's organisation objects when a script first reads them, so it
// is timed both ways: as it returns, and with every organisation object read.
const nodeRuns = [];
const nodeReadRuns = [];
for (let i = 0; i < RUNS + 2; i++) {
  const t = performance.now();
  const report = analyse(bytes, options);
  const returned = performance.now();
  const organisations = report.indicators.reduce((n, indicator) => n + indicator.organisations.length, 0);
  if (i >= 2) nodeRuns.push(returned - t);
  if (i >= 2) nodeReadRuns.push(performance.now() - t);
  if (report.rows.read !== 133938 || organisations !== 133937) throw new Error(`expected 133,938 rows and 133,937 results, read ${report.rows.read}, ${organisations}`);
}

// Chromium: the same module in a page served on loopback.
const site = await serve(join(root, "dist"), 0, {
  csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'",
  extra: {
    "/bench.html": `<!doctype html><title>bench</title><script type="module" src="bench.mjs"></script>`,
    "/qof.csv": bytes,
    "/qof-context.csv": Buffer.from(withContext),
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
      const withContext = new Uint8Array(await (await fetch("qof-context.csv")).arrayBuffer());
      const pairingRuns = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        analyse(withContext, ${JSON.stringify(pairingOptions)});
        pairingRuns.push(performance.now() - t);
      }
      window.result = { startup, runs, pairingRuns };`,
  },
});
const browser = await launch();
const chromiumStartups = [];
let chromiumRuns = [];
let chromiumPairingRuns = [];
try {
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    await page.goto(site.url + "bench.html");
    const result = await (await page.waitForFunction(() => window.result, null, { timeout: 120000 })).jsonValue();
    chromiumStartups.push(result.startup);
    if (i === 0) {
      chromiumRuns = result.runs;
      chromiumPairingRuns = result.pairingRuns;
    }
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
  ["analyse() in Node (wasm), then every organisation object read", median(nodeReadRuns)],
  ["analyse() in headless Chromium (wasm)", median(chromiumRuns)],
  ["wasm start-up, Node (import of allteach-core.mjs)", median(startups)],
  ["wasm start-up, Chromium (import of allteach-core.mjs)", median(chromiumStartups)],
];
console.log(`\nQOF 2022-23, ${native.rows.toLocaleString("en-GB")} rows (${(bytes.length / 1e6).toFixed(1)} MB); medians of ${RUNS} runs (start-up: 7 Node processes, 5 pages)\n`);
console.log("| what | median |\n|---|---|");
for (const [what, ms] of rows) console.log(`| ${what} | ${fmt(ms)} |`);
console.log(`\nSPC (XmR, every rule) for each of 120 trusts over 63 months of A&E four-hour performance (samples/, 7,560 rows), with the whole analysis:\n`);
console.log("| what | median |\n|---|---|");
console.log(`| native core | ${fmt(nativeSpc.native_core_ms)} |`);
console.log(`| analyse() in Node (wasm) | ${fmt(median(nodeSpcRuns))} |`);
console.log(`\nPeers (k = 10 on list size, share aged 50+, IMD 2019) and optimal pairs, ${nativePairing.organisations.toLocaleString("en-GB")} practices x 21 registers (higher taken as better):\n`);
console.log("| what | median |\n|---|---|");
for (const [what, ms] of [
  ["native: peers", nativePairing.peers_ms],
  ["native: pairing (min-cost flow)", nativePairing.pairing_ms],
  ["native: whole analysis with peers and pairs", nativePairing.analyse_with_peers_and_pairs_ms],
  ["analyse() with peers and pairs in Node (wasm)", median(nodePairingRuns)],
  ["analyse() with peers and pairs in Node (wasm), then every pair object read", median(nodePairingReadRuns)],
  ["analyse() with peers and pairs in headless Chromium (wasm)", median(chromiumPairingRuns)],
]) console.log(`| ${what} | ${fmt(ms)} |`);
const o = nativePairing.optimal;
const gr = nativePairing.greedy;
console.log("\n| | optimal (min-cost flow) | greedy best available teacher |\n|---|---|---|");
console.log(`| learners matched (of ${o.learners.toLocaleString("en-GB")}) | ${o.matched.toLocaleString("en-GB")} | ${gr.matched.toLocaleString("en-GB")} |`);
console.log(`| mean peer distance (0-1) | ${o.mean_distance.toFixed(4)} | ${gr.mean_distance.toFixed(4)} |`);
console.log(`| organisations teaching | ${o.teachers.toLocaleString("en-GB")} | ${gr.teachers.toLocaleString("en-GB")} |`);
console.log(`| organisations both teaching and learning | ${o.both.toLocaleString("en-GB")} (${(100 * o.share_both).toFixed(1)}%) | ${gr.both.toLocaleString("en-GB")} (${(100 * gr.share_both).toFixed(1)}%) |`);
console.log(`\nFor comparison (figures from the project's brief, measured on machines of this kind): pandas + numpy ~57 ms, a plain JS page with papaparse ~330 ms.`);
console.log(`analyse() in Node is ${(median(nodeRuns) / 57).toFixed(1)}x the pandas figure and ${(median(nodeRuns) / 330).toFixed(2)}x the papaparse figure.`);
