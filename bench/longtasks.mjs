// Benchmark (not a test): the main thread while the national QOF file (6,378 practices × 21
// registers) is analysed in the standalone page (file://, the worker) and its charts are shown,
// measured with a `longtask` PerformanceObserver in headless Chromium: every task over 50 ms
// (start and length), at devicePixelRatio 1 and 2, while it loads and while every view is
// opened in turn. Usage: node bench/longtasks.mjs
// (ALLTEACH_HTML=path/to/allteach.html for another build).

import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch, guardedPage } from "../tests/e2e/helpers.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// ALLTEACH_HTML names another build of the page, to compare two builds in one run.
const fileUrl = pathToFileURL(process.env.ALLTEACH_HTML || join(root, "dist", "allteach.html")).href;
const national = join(root, "bench", "data", "qof_2223_prevalence_by_practice_long.csv");
const browser = await launch();
/**
 * Chooses the national file and returns the times in the page from the input's change event to
 * the first view's content (the overview's table, with its first rows) and to the view drawn
 * whole (every row of its page, a frame at a time): the harness's own time to hand the file to
 * the browser (about 300 ms here) is not the product's.
 */
async function firstView(page) {
  await page.evaluate(() => {
    const root = document.querySelector("peer-benchmark").shadowRoot;
    root.querySelector("input[type=file]").addEventListener("change", () => (window.chosenAt = performance.now()), { capture: true, once: true });
    new MutationObserver((_, observer) => {
      if (!window.viewAt && root.querySelector(".view table")) window.viewAt = performance.now();
      if (root.querySelector(".view[data-view]")) {
        window.wholeAt = performance.now();
        observer.disconnect();
      }
    }).observe(root, { childList: true, subtree: true, attributes: true });
  });
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(national);
  await page.locator("peer-benchmark .view[data-view]").first().waitFor({ timeout: 120000 });
  const [first, whole] = await page.evaluate(() => [window.viewAt - window.chosenAt, window.wholeAt - window.chosenAt].map(Math.round));
  return `${first} ms (every row of its page ${whole} ms)`;
}

for (const dpr of [1, 2]) {
  const g = await guardedPage(browser, (u) => u === fileUrl, { viewport: { width: 1200, height: 900 }, deviceScaleFactor: dpr });
  const { page } = g;
  await page.goto(fileUrl);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(Math.round(e.duration)))).observe({ type: "longtask", buffered: true });
  });
  const taken = () => page.evaluate(() => window.longTasks.splice(0));
  if (dpr === 1) {
    // Without a pointer on the chooser first, the worker starts only once the file is chosen.
    const cold = await guardedPage(browser, (u) => u === fileUrl, { viewport: { width: 1200, height: 900 } });
    await cold.page.goto(fileUrl);
    console.log(`DPR 1: national file chosen to its first view, the worker started on choosing: ${await firstView(cold.page)}`);
    await cold.context.close();
  }
  // As a person does: the pointer reaches the chooser (which starts the core), then choosing a
  // file in the browser's dialog takes a moment (one second here).
  await page.locator("peer-benchmark input[type=file]").first().hover({ force: true });
  await page.waitForTimeout(1000);
  await taken();
  console.log(`DPR ${dpr}: national file chosen to its first view ${await firstView(page)}; tasks over 50 ms: [${await taken()}]`);
  // Every view in turn, and back (the first time a view's chart is drawn costs more).
  for (const name of ["Compare organisations", "Funnel plot and table", "All indicators", "Compare organisations", "Funnel plot and table", "All indicators"]) {
    const asked = Date.now();
    await page.locator("peer-benchmark nav.views").getByRole("button", { name, exact: true }).click();
    await page.locator("peer-benchmark .view[data-view]").first().waitFor({ timeout: 60000 });
    const chart = page.locator("peer-benchmark .view figure .chart").first();
    const charted = (await chart.count()) > 0;
    if (charted) await page.locator("peer-benchmark .view figure .chart[data-state=drawn]").first().waitFor({ timeout: 60000 });
    const drawn = Date.now() - asked;
    await page.waitForTimeout(300);
    const what = charted ? `${await chart.getAttribute("data-marks")} marks` : "table";
    console.log(`DPR ${dpr}: ${name} (${what}) drawn in ${drawn} ms; tasks over 50 ms: [${await taken()}]`);
  }
  if (g.errors.length) console.log("errors:", g.errors);
  await g.context.close();
}
await browser.close();
