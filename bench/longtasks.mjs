// Benchmark (not a test): the main thread while the national QOF file (6,378 practices × 21
// registers) is analysed in the standalone page (file://, the worker) and its charts are shown,
// measured with a `longtask` PerformanceObserver in headless Chromium: every task over 50 ms
// (start and length), at devicePixelRatio 1 and 2. Usage: node bench/longtasks.mjs

import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch, guardedPage } from "../tests/e2e/helpers.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fileUrl = pathToFileURL(join(root, "dist", "allteach.html")).href;
const national = join(root, "bench", "data", "qof_2223_prevalence_by_practice_long.csv");
const browser = await launch();
for (const dpr of [1, 2]) {
  const g = await guardedPage(browser, (u) => u === fileUrl, { viewport: { width: 1200, height: 900 }, deviceScaleFactor: dpr });
  const { page } = g;
  await page.goto(fileUrl);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(Math.round(e.duration)))).observe({ type: "longtask", buffered: true });
  });
  const taken = () => page.evaluate(() => window.longTasks.splice(0));
  // As a person does: the pointer reaches the chooser (which starts the core), then choosing a
  // file in the browser's dialog takes a moment (one second here).
  await page.locator("peer-benchmark input[type=file]").first().hover({ force: true });
  await page.waitForTimeout(1000);
  await taken();
  const started = Date.now();
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(national);
  // The first view is there when its content is (the overview's table), not only the row of views.
  await page.locator("peer-benchmark .view table").first().waitFor({ timeout: 120000 });
  console.log(`DPR ${dpr}: national file to its first view ${Date.now() - started} ms; tasks over 50 ms: [${await taken()}]`);
  for (const name of ["Compare organisations", "Funnel plot and table", "Compare organisations"]) {
    const asked = Date.now();
    await page.locator("peer-benchmark nav.views").getByRole("button", { name }).click();
    await page.locator("peer-benchmark .view figure .chart[data-state=drawn]").first().waitFor({ timeout: 60000 });
    await page.waitForTimeout(300);
    const marks = await page.locator("peer-benchmark .view figure .chart").first().getAttribute("data-marks");
    console.log(`DPR ${dpr}: ${name} (${marks} marks) drawn in ${Date.now() - asked} ms; tasks over 50 ms: [${await taken()}]`);
  }
  if (g.errors.length) console.log("errors:", g.errors);
  await g.context.close();
}
await browser.close();
