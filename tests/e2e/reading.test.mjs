// Real files dropped on the standalone page as a new user would: a file that needs an answer
// shows its settings with the question first, and is answered in the page, with no JSON.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
const join_ = join;
import { pathToFileURL } from "node:url";
import { readFileSync, writeFileSync } from "node:fs";
import { launch, guardedPage, resultRows, root, artefacts } from "./helpers.mjs";

const fileUrl = pathToFileURL(join(root, "dist", "allteach.html")).href;
const real = (file) => join(root, "tests", "corpus", "real", file);
let browser;
before(async () => (browser = await launch()));
after(async () => browser && browser.close());

/** A trust's days in the handover excerpt, as cells, leaving out days with no arrivals (excluded rows). */
function winter(code) {
  const lines = readFileSync(real("handover_delays_daily_2018-19_excerpt.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  return lines.filter((c) => c[2] === code && Number(c[4]) > 0);
}
const sum = (rows, column) => rows.reduce((total, c) => total + Number(c[column]), 0);

/**
 * Waits until the report maps the numerator and denominator as asked and no analysis is under
 * way, so that the next control is not taken from settings about to be redrawn.
 */
async function settled(page, numerator, denominator) {
  await page.waitForFunction(
    ([n, d]) => {
      const e = document.querySelector("peer-benchmark");
      const idle = e.shadowRoot.querySelector(".progress").hidden && !/Analysing/.test(e.shadowRoot.querySelector(".status").textContent);
      return e.report && e.report.columns.numerator === n && e.report.columns.denominator === d && idle;
    },
    [numerator, denominator],
  );
}

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
  // The figure on screen is the one computed here: the whole winter, summed (a daily series).
  const days = winter("R0A");
  const expected = ((sum(days, 6) / sum(days, 4)) * 100).toFixed(1);
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
  await settled(page, "handover_delay_30_60_mins", "arriving_by_ambulance");
  await page.locator("peer-benchmark select[id$=col-numerator-also]").selectOption("handover_delay_over_60_mins");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.columns.numerator_also.length === 1);
  const report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.indicators[0].name, "Handover delay 30 60 mins + handover delay over 60 mins out of arriving by ambulance");
  const days = winter("RJ1");
  assert.equal(report.indicators[0].organisations.find((o) => o.code === "RJ1").numerator, sum(days, 5) + sum(days, 6));
  // Saved settings reproduce the same report through analyse.
  const saved = await page.evaluate(() => document.querySelector("peer-benchmark")._lastOptions);
  assert.deepEqual(saved.columns.numerator, ["handover_delay_30_60_mins", "handover_delay_over_60_mins"]);
  // "Compare the rest": the share handed over within 30 minutes.
  await page.locator("peer-benchmark input[id$=complement]").check();
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.columns.complement === true);
  const rest = await page.evaluate(() => document.querySelector("peer-benchmark").report.indicators[0].organisations.find((o) => o.code === "RJ1").numerator);
  assert.equal(rest, sum(days, 4) - sum(days, 5) - sum(days, 6));
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a monthly file is compared over a range of months picked in the page, summed", async () => {
  const g = await drop("ae_monthly_by_trust_excerpt.csv");
  const { page } = g;
  await page.locator("peer-benchmark .question").waitFor();
  await page.locator("peer-benchmark select[id$=col-numerator]").selectOption("over4hr_type1");
  await page.locator("peer-benchmark select[id$=col-denominator]").selectOption("att_type1");
  await settled(page, "over4hr_type1", "att_type1");
  await page.locator("peer-benchmark input[id$=complement]").check();
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.columns.complement === true);
  await page.locator("peer-benchmark select[id$=period-from]").selectOption("2026-01-01");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.period_compared.from === "2026-01-01");
  const report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.period_compared.to, "2026-06-01");
  // Computed here: RF4's type 1 attendances seen within four hours, January to June 2026.
  const lines = readFileSync(real("ae_monthly_by_trust_excerpt.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  const rf4 = lines.filter((c) => c[1] === "RF4" && c[0] >= "2026-01-01");
  assert.equal(rf4.length, 6);
  const attendances = sum(rf4.map((c) => c.slice(-10)), 0);
  const breaches = sum(rf4.map((c) => c.slice(-6)), 0);
  const o = report.indicators[0].organisations.find((x) => x.code === "RF4");
  assert.equal(o.denominator, attendances);
  assert.equal(o.numerator, attendances - breaches);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a file of context added in the page is joined on the code, and its columns give peers", async () => {
  const g = await drop("qof_prevalence_long_excerpt.csv");
  const { page } = g;
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.indicators.length === 3);
  await page.locator("peer-benchmark input[id$=context-file]").setInputFiles(real("practice_context_for_join_excerpt.csv"));
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.joins?.length === 1);
  const join = await page.evaluate(() => document.querySelector("peer-benchmark").report.joins[0]);
  assert.equal(join.code_column, "Practice.Code");
  // The five practices of the excerpt with no row in the context file (counted from the two
  // files in tests/it/real_files.rs).
  assert.deepEqual(join.unmatched, ["A81070", "A81630", "A81633", "A81634", "A82004"]);
  // The page says what matched, in words (among the notes, once the views are drawn).
  await page.waitForFunction(() => /File 2 was joined on "Practice.Code": 75 of 80 organisations matched/.test(document.querySelector("peer-benchmark").shadowRoot.textContent));
  // Its columns are offered as context, and ticking them finds peers on them.
  await page.locator("peer-benchmark fieldset.context label", { hasText: "IMD" }).click();
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.peers?.variables.length === 1);
  const report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.peers.variables[0].name, "IMD");
  assert.equal(report.joins.length, 1, "the context file stays joined when the settings change");
  // The same through analyse, from the settings the page saved.
  const saved = await page.evaluate(() => document.querySelector("peer-benchmark")._lastOptions);
  const { analyse } = await import(pathToFileURL(join_(root, "dist", "allteach-core.mjs")).href);
  const again = analyse([readFileSync(real("qof_prevalence_long_excerpt.csv")), readFileSync(real("practice_context_for_join_excerpt.csv"))], saved);
  assert.deepEqual(again.peers.organisations.slice(0, 5), report.peers.organisations.slice(0, 5));
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("more settings: a filter picked from the values present, a target benchmark, and an indicator renamed, without JSON", async () => {
  const g = await drop("ae_attendances_by_type_nhsr_excerpt.csv");
  const { page } = g;
  await page.locator("peer-benchmark .question").waitFor();
  await page.locator("peer-benchmark select[id$=col-numerator]").selectOption("breaches");
  await page.locator("peer-benchmark select[id$=col-denominator]").selectOption("attendances");
  await settled(page, "breaches", "attendances");
  await page.locator("peer-benchmark details.more-settings summary").click();
  // A filter: type "other" instead of type 1, picked from the values with their rows.
  await page.locator("peer-benchmark select[id$=filter-column]").selectOption("type");
  // The values come from the core a moment later.
  await page.waitForFunction(() => document.querySelector("peer-benchmark").shadowRoot.querySelectorAll("select[id$=filter-values] option").length > 0);
  const labels = await page.locator("peer-benchmark select[id$=filter-values] option").allTextContents();
  assert.ok(labels.some((l) => /^other \(\d+ rows\)$/.test(l)), labels.join("; "));
  await page.locator("peer-benchmark select[id$=filter-values]").selectOption("other");
  await page.locator("peer-benchmark button", { hasText: "Keep only these rows" }).click();
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.indicators[0].organisations.length === 4);
  // A target as the benchmark, typed on the scale shown.
  await page.locator("peer-benchmark details.more-settings summary").click();
  await page.locator("peer-benchmark select[id$=benchmark]").selectOption("target");
  await page.locator("peer-benchmark input[id$=benchmark-target]").fill("5");
  await page.locator("peer-benchmark input[id$=benchmark-target]").dispatchEvent("change");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.indicators[0].benchmark.method === "value");
  let report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.indicators[0].benchmark.value, 5);
  // The indicator's name as people call it.
  await page.locator("peer-benchmark details.more-settings summary").click();
  await page.locator("peer-benchmark input[id$=ind-name]").fill("Four-hour breaches");
  await page.locator("peer-benchmark input[id$=ind-name]").dispatchEvent("change");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.indicators[0].name === "Four-hour breaches");
  const saved = await page.evaluate(() => document.querySelector("peer-benchmark")._lastOptions);
  assert.deepEqual(saved.filter, { type: "other" });
  assert.equal(saved.benchmark, 5);
  assert.deepEqual(saved.indicators, [{ id: "breaches", name: "Four-hour breaches" }]);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("settings saved for another file: columns this file lacks are said and left out, not fatal", async () => {
  const g = await drop("handover_delays_daily_2018-19_excerpt.csv");
  const { page } = g;
  await page.locator("peer-benchmark .question").waitFor();
  const settings = join_(artefacts, "settings-for-another-file.json");
  writeFileSync(settings, JSON.stringify({ columns: { numerator: ["handover_delay_30_60_mins", "handover_delay_over_90_mins"], denominator: "arriving_by_ambulance", context: ["IMD"] } }));
  await page.locator("peer-benchmark input[id$=settings-file]").setInputFiles(settings);
  await resultRows(page);
  await page.waitForFunction(() => /left out and found from the file instead: "handover_delay_over_90_mins", "IMD"/.test(document.querySelector("peer-benchmark").shadowRoot.querySelector(".status").textContent));
  const report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.columns.numerator, "handover_delay_30_60_mins");
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a daily series grouped into months in the page, and a rebase, without JSON", async () => {
  const g = await drop("handover_delays_daily_2018-19_excerpt.csv");
  const { page } = g;
  await page.locator("peer-benchmark .question").waitFor();
  await page.locator("peer-benchmark select[id$=col-numerator]").selectOption("handover_delay_over_60_mins");
  await page.locator("peer-benchmark select[id$=col-denominator]").selectOption("arriving_by_ambulance");
  await settled(page, "handover_delay_over_60_mins", "arriving_by_ambulance");
  await page.locator("peer-benchmark select[id$=period-bin]").selectOption("month");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.period_compared?.labels.length === 3);
  let report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.deepEqual(report.period_compared.labels, ["2018-12", "2019-01", "2019-02"]);
  // January, summed here.
  const january = winter("RJ1").filter((c) => c[0].startsWith("2019-01"));
  const jan = await page.evaluate(() => document.querySelector("peer-benchmark").report.indicators[0].organisations.find((o) => o.code === "RJ1").spc.points[1]);
  assert.equal(jan.period, "2019-01");
  assert.ok(Math.abs(jan.value - (sum(january, 6) / sum(january, 4)) * 100) < 1e-9, `${jan.value}`);
  // A rebase at January, from the page.
  await page.locator("peer-benchmark details.more-settings summary").click();
  await page.locator("peer-benchmark select[id$=spc-rebase]").selectOption("2019-01");
  await page.locator("peer-benchmark button", { hasText: "Start new limits at these periods" }).click();
  await page.waitForFunction(() => document.querySelector("peer-benchmark")._lastOptions?.spc?.rebase?.[0] === "2019-01");
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("in a wide file each indicator's type is set in the page", async () => {
  const g = await drop("qof_registers_wide_excerpt.csv");
  const { page } = g;
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.indicators.length === 21);
  await page.locator("peer-benchmark details.more-settings summary").click();
  await page.locator("peer-benchmark select[id$=ind-type]").selectOption("rate");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.indicators[0].type === "rate");
  const report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.indicators[1].type, "proportion", "the others keep theirs");
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a new file starts from its own settings, and the same file chosen again is read again", async () => {
  const g = await guardedPage(browser, (u) => u === fileUrl);
  const { page } = g;
  await page.goto(fileUrl);
  // The example brings its own settings (peers within Region)...
  await page.locator("peer-benchmark button", { hasText: "Use the example data" }).click();
  await resultRows(page);
  const example = await page.evaluate(() => document.querySelector("peer-benchmark")._lastOptions);
  assert.equal(example.peers && example.peers.within, "Region");
  // ...which a file of another shape does not inherit.
  const input = page.locator("peer-benchmark input[type=file]").first();
  await input.setInputFiles(real("qof_hypertension_register_excerpt.csv"));
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.columns.code === "PRACTICE_CODE");
  const options = await page.evaluate(() => document.querySelector("peer-benchmark")._lastOptions);
  assert.equal(options.peers, undefined, JSON.stringify(options));
  assert.equal(await page.locator("peer-benchmark .error").isHidden(), true);
  // Chosen again (after editing it, say), the same file is read again.
  await page.evaluate(() => (document.querySelector("peer-benchmark").report.marked = true));
  await input.setInputFiles(real("qof_hypertension_register_excerpt.csv"));
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report && !document.querySelector("peer-benchmark").report.marked);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a Fingertips rate export shows its area-type choice, and changing it re-runs on PCNs", async () => {
  const g = await drop("fingertips_ae_attendances_0_4_rate_excerpt.csv");
  const { page } = g;
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.indicators[0].type === "rate");
  const area = page.locator("peer-benchmark .choice", { hasText: 'Which kind of organisation is compared (column "Area Type")' }).locator("select");
  assert.match(await area.evaluate((s) => s.selectedOptions[0].textContent), /^GPs \(150 organisations/);
  await area.selectOption({ label: "PCNs (v. 27/10/23) (40 organisations, 40 rows)" });
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.choices.find((c) => c.option === "filter.Area Type")?.chosen === "PCNs (v. 27/10/23)");
  const report = await page.evaluate(() => document.querySelector("peer-benchmark").report);
  assert.equal(report.indicators[0].organisations.length, 40);
  assert.ok(report.indicators[0].organisations.every((o) => o.code.startsWith("U")), "PCN codes");
  assert.equal(report.indicators[0].benchmark.method, "organisation", "England still the benchmark");
  await page.screenshot({ path: join_(artefacts, "reading-fingertips-rate.png"), fullPage: true });
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a lookup file says it has nothing to compare, rather than asking a question", async () => {
  const g = await drop("qof_practice_geography_excerpt.csv");
  const { page } = g;
  await page.locator("peer-benchmark .question").waitFor();
  assert.match(await page.locator("peer-benchmark .question").textContent(), /^About this file: This file holds no numbers to compare/);
  assert.match(await page.locator("peer-benchmark .error").textContent(), /nothing Allteach can compare/);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a long daily series is charted by week, says so, and shows each day when asked in the page", async () => {
  // 200 days from Monday 2 January 2023 for three trusts.
  const lines = ["Code,Date,Delayed,Arrivals"];
  for (let i = 0; i < 200; i++) {
    const day = new Date(Date.UTC(2023, 0, 2 + i)).toISOString().slice(0, 10);
    for (const [t, code] of ["RA1", "RB2", "RC3"].entries()) lines.push(`${code},${day},${20 + ((i * 11 + t * 5) % 30)},${200 + ((i * 7 + t * 13) % 50)}`);
  }
  const file = join(artefacts, "daily-200-days.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  const g = await guardedPage(browser, (u) => u === fileUrl);
  const { page } = g;
  await page.goto(fileUrl);
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(file);
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report?.spc_bin === "week");
  const choice = page.locator("peer-benchmark .choice", { hasText: "How the charts over time group the days" });
  assert.match(await choice.textContent(), /a point a day would be too many to read/);
  assert.match(await choice.locator("select").evaluate((s) => s.selectedOptions[0].textContent), /^Each week/);
  await choice.locator("select").selectOption({ label: "Each day" });
  await page.waitForFunction(() => {
    const report = document.querySelector("peer-benchmark").report;
    return report && report.spc_bin === null && report.indicators[0].organisations[0].spc.points.length === 200;
  });
  const saved = await page.evaluate(() => document.querySelector("peer-benchmark")._lastOptions);
  assert.deepEqual(saved.spc, { bin: "day" });
  assert.deepEqual(g.errors, []);
  await g.context.close();
});
