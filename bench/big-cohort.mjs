// Benchmark (not a test): a record file of millions of attendances and its list sizes chosen in
// the standalone page (file://) in headless Chromium with the cohort option, analysed in the
// worker: time to the first results, and whether the tab survives.
// Usage: node bench/big-cohort.mjs [people]   (3,000,000 people make about 5.1 million rows)

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "../tests/e2e/helpers.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const people = Number(process.argv[2] || 3_000_000);
const dir = join(root, "build", `cohort-${people}`);
mkdirSync(dir, { recursive: true });
if (!existsSync(join(dir, "attendances.csv"))) {
  execFileSync("cargo", ["run", "--quiet", "--release", "--example", "cohort_extract", "--", String(people), dir], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}
const records = join(dir, "attendances.csv");
const browser = await launch();
const page = await browser.newPage();
let crashed = false;
page.on("crash", () => (crashed = true));
await page.goto(pathToFileURL(join(root, "dist", "allteach.html")).href);
await page.locator("peer-benchmark").waitFor();
await page.evaluate(() => document.querySelector("peer-benchmark").setAttribute("options", JSON.stringify({ cohort: {} })));
const start = Date.now();
await page.locator("peer-benchmark input[type=file]").first().setInputFiles([records, join(dir, "list_sizes.csv")]);
let outcome;
try {
  await page.waitForFunction(() => {
    const root = document.querySelector("peer-benchmark").shadowRoot;
    return (root.querySelector("nav.views") && root.querySelector(".view").childElementCount > 0) || !root.querySelector(".error").hidden;
  }, null, { timeout: 600000, polling: 500 });
  outcome = await page.evaluate(() => {
    const e = document.querySelector("peer-benchmark");
    const root = e.shadowRoot;
    return root.querySelector(".error").hidden ? `${e.report.cohort.events.toLocaleString("en-GB")} events, ${e.report.cohort.people_in_cohort.toLocaleString("en-GB")} people in the cohort` : "error: " + root.querySelector(".error").textContent;
  });
} catch (e) {
  outcome = crashed ? "the tab crashed" : `failed: ${e.message.split("\n")[0]}`;
}
const seconds = (Date.now() - start) / 1000;
console.log(`| ${(statSync(records).size / 1e6).toFixed(0)} MB of attendances | ${seconds.toFixed(1)} s to results | ${outcome} |`);
await browser.close();
