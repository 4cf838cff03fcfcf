// Real files dropped on the standalone page as a new user would: a file that needs an answer
// shows its settings with the question first, and is answered in the page, with no JSON.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { launch, guardedPage, resultRows, root, artefacts } from "./helpers.mjs";

const fileUrl = pathToFileURL(join(root, "dist", "allteach.html")).href;
const real = (file) => join(root, "tests", "corpus", "real", file);
let browser;
before(async () => (browser = await launch()));
after(async () => browser && browser.close());

async function drop(file) {
  const g = await guardedPage(browser, (u) => u === fileUrl);
  await g.page.goto(fileUrl);
  await g.page.locator("peer-benchmark input[type=file]").first().setInputFiles(real(file));
  return g;
}

test("a file that needs an answer shows the question and its settings, and is answered in the page", async () => {
  const g = await drop("handover_delays_daily_2018-19_excerpt.csv");
  const { page } = g;
  const question = page.locator("peer-benchmark .question");
  await question.waitFor();
  assert.match(await question.textContent(), /Which measure should be compared\? The file has 3 columns of counts/);
  assert.match(await page.locator("peer-benchmark .error").textContent(), /needs an answer/);
  await page.screenshot({ path: join(artefacts, "reading-question.png"), fullPage: true });
  // Answer with the page's own controls.
  await page.locator("peer-benchmark select[id$=col-numerator]").selectOption("handover_delay_over_60_mins");
  await page.locator("peer-benchmark select[id$=col-denominator]").selectOption("arriving_by_ambulance");
  assert.equal(await resultRows(page), 5, "the five trusts; England is the benchmark");
  // The figure on screen is the one computed here from the file's last day.
  const lines = readFileSync(real("handover_delays_daily_2018-19_excerpt.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
  const last = lines.slice(1).map((c) => c[0]).sort().at(-1);
  const r0a = lines.find((c) => c[0] === last && c[2] === "R0A");
  const expected = ((Number(r0a[6]) / Number(r0a[4])) * 100).toFixed(1);
  const row = await page.locator("peer-benchmark table[part=table] tbody tr", { hasText: "R0A" }).first().textContent();
  assert.ok(row.includes(expected), `R0A shows ${expected}%: ${row}`);
  const report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.indicators[0].polarity, "lower_is_better");
  assert.deepEqual(report.indicators[0].benchmark.method, "organisation");
  assert.deepEqual(g.strayRequests(), []);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a Fingertips export shows what was decided about it, and changing a choice re-runs", async () => {
  const g = await drop("fingertips_dementia_prevalence.csv");
  const { page } = g;
  assert.equal(await resultRows(page), 14, "the practices only");
  const area = page.locator("peer-benchmark .choice", { hasText: 'Which kind of organisation is compared (column "Area Type")' });
  assert.match(await area.locator("select").evaluate((s) => s.selectedOptions[0].textContent), /^GPs \(14 organisations/);
  const benchmark = page.locator("peer-benchmark .choice", { hasText: "What each organisation is compared with" });
  assert.match(await benchmark.textContent(), /England's own figure/);
  await page.screenshot({ path: join(artefacts, "reading-fingertips.png"), fullPage: true });
  await benchmark.locator("select").selectOption({ label: "All the organisations compared, pooled" });
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.indicators[0].benchmark.method === "pooled");
  // The choice made in the page is in the settings saved as JSON.
  const saved = await page.evaluate(() => document.querySelector("peer-benchmark")._lastOptions);
  assert.equal(saved.benchmark, "pooled");
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a measure built from columns in the page: two delays added up, and four-hour performance as the rest", async () => {
  const g = await drop("handover_delays_daily_2018-19_excerpt.csv");
  const { page } = g;
  await page.locator("peer-benchmark .question").waitFor();
  await page.locator("peer-benchmark select[id$=col-numerator]").selectOption("handover_delay_30_60_mins");
  await page.locator("peer-benchmark select[id$=col-denominator]").selectOption("arriving_by_ambulance");
  await resultRows(page);
  await page.locator("peer-benchmark select[id$=col-numerator-also]").selectOption("handover_delay_over_60_mins");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.columns.numerator_also.length === 1);
  const report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.indicators[0].name, "handover_delay_30_60_mins + handover_delay_over_60_mins out of arriving_by_ambulance");
  const lines = readFileSync(real("handover_delays_daily_2018-19_excerpt.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
  const last = lines.slice(1).map((c) => c[0]).sort().at(-1);
  const rj1 = lines.find((c) => c[0] === last && c[2] === "RJ1");
  assert.equal(report.indicators[0].organisations.find((o) => o.code === "RJ1").numerator, Number(rj1[5]) + Number(rj1[6]));
  // Saved settings reproduce the same report through analyse.
  const saved = await page.evaluate(() => document.querySelector("peer-benchmark")._lastOptions);
  assert.deepEqual(saved.columns.numerator, ["handover_delay_30_60_mins", "handover_delay_over_60_mins"]);
  // "Compare the rest": the share handed over within 30 minutes.
  await page.locator("peer-benchmark input[id$=complement]").check();
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.columns.complement === true);
  const rest = await page.evaluate(() => document.querySelector("peer-benchmark").report.indicators[0].organisations.find((o) => o.code === "RJ1").numerator);
  assert.equal(rest, Number(rj1[4]) - Number(rj1[5]) - Number(rj1[6]));
  assert.deepEqual(g.errors, []);
  await g.context.close();
});
