// The standalone file, opened from file:// as an analyst would by double-clicking it.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeFileSync, readFileSync } from "node:fs";
import { launch, guardedPage, resultRows, root, artefacts, showView } from "./helpers.mjs";

const fileUrl = pathToFileURL(join(root, "dist", "allteach.html")).href;
let browser;
before(async () => (browser = await launch()));
after(async () => browser && browser.close());

async function openStandalone(deviceScaleFactor = 1) {
  const g = await guardedPage(browser, (u) => u === fileUrl, { deviceScaleFactor });
  await g.page.goto(fileUrl);
  return g;
}

test("a CSV chosen through the file input gives the table and the funnel plot, with no network and no CSP violation", async () => {
  const g = await openStandalone();
  const { page } = g;
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "samples", "ae_type1_4hr_2026-06.csv"));
  assert.equal(await resultRows(page), 120);
  // The funnel plot: drawn by plotters on a canvas inside a figure whose caption states the finding.
  const caption = await page.locator("peer-benchmark figure figcaption").textContent();
  assert.match(caption, /of 120 organisations, \d+ are significantly better than the benchmark/);
  assert.equal(await page.locator("peer-benchmark figure canvas[role=img]").count(), 1);
  const chart = page.locator("peer-benchmark figure .chart[data-state=drawn]");
  await chart.waitFor();
  assert.equal(Number(await chart.getAttribute("data-marks")), 120, "one mark per organisation");
  // Its backing store is its CSS size times the pixel ratio.
  const store = await chart.locator("canvas").evaluate((c) => [c.width, c.height, c.getBoundingClientRect().width, window.devicePixelRatio]);
  assert.equal(store[0], Math.round(store[2] * store[3]));
  // Hovering over a known trust's mark shows its tooltip.
  const mark = await chart.evaluate((c) => c.marks.find((m) => m.code === "RJ1"));
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.locator("canvas").boundingBox();
  const k = box.width / (await chart.locator("canvas").evaluate((c) => c.width / window.devicePixelRatio));
  await page.mouse.move(box.x + mark.x * k, box.y + mark.y * k);
  const tip = chart.locator(".tooltip");
  await tip.waitFor();
  assert.match(await tip.textContent(), /RJ1/);
  // Five-level comparison in words, with polarity.
  const words = await page.locator("peer-benchmark table[part=table] tbody .badge").allTextContents();
  assert.ok(words.some((w) => /Significantly worse than the benchmark \(99\.8% confidence\)/.test(w)));
  assert.ok(words.some((w) => /Similar to the benchmark/.test(w)));
  assert.match(await page.locator("peer-benchmark .summary").textContent(), /Higher is better/);
  await page.screenshot({ path: join(artefacts, "standalone-sample.png"), fullPage: true });
  assert.deepEqual(g.strayRequests(), []);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("the example data button works from file://", async () => {
  const g = await openStandalone();
  await g.page.getByRole("button", { name: /example data/ }).click();
  assert.equal(await resultRows(g.page), 120);
  assert.deepEqual(g.strayRequests(), []);
  assert.deepEqual(await g.violations(), []);
  await g.context.close();
});

test("bad rows are listed with row, column and reason while the rest is analysed", async () => {
  const path = join(artefacts, "bad-rows.csv");
  writeFileSync(path, "Code,Name,Numerator,Denominator\nA,Alpha,5,10\nB,Beta,n/a,10\nC,Gamma,-1,10\nD,Delta,5,0\nE,Epsilon,12,10\nF,Zeta,abc,10\nG,Eta,7,10\n");
  const g = await openStandalone();
  await g.page.locator("peer-benchmark input[type=file]").first().setInputFiles(path);
  assert.equal(await resultRows(g.page), 2);
  const status = await g.page.locator("peer-benchmark .status").first().textContent();
  assert.match(status, /Analysed 2 of 7 rows; 5 rows were left out/);
  const left = await g.page.locator("peer-benchmark details tbody tr").allTextContents();
  assert.equal(left.length, 5);
  assert.match(left[0], /^3Numerator.*missing or suppressed/);
  assert.match(left[4], /^7Numerator.*Expected a number for the numerator, found "abc"/);
  await g.context.close();
});

test("a file that is not a table gets a clear message, not a blank page", async () => {
  const path = join(artefacts, "not-a-table.xlsx");
  writeFileSync(path, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 4, 5]));
  const g = await openStandalone();
  await g.page.locator("peer-benchmark input[type=file]").first().setInputFiles(path);
  const alert = g.page.locator("peer-benchmark [role=alert]");
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not be analysed.*Excel.*CSV/s);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("the over-dispersion toggle widens the limits and says so", async () => {
  const g = await openStandalone();
  const { page } = g;
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "samples", "ae_type1_4hr_2026-06.csv"));
  await resultRows(page);
  const before = await page.locator("peer-benchmark figure figcaption").textContent();
  await page.getByRole("checkbox", { name: /over-dispersion/ }).check();
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report.indicators[0].overdispersion.adjusted === true);
  // The report is the new one before the view drawn from it is on the page: wait for the view.
  await page.locator("peer-benchmark figure figcaption").filter({ hasText: /widened for over-dispersion/ }).waitFor();
  const after = await page.locator("peer-benchmark figure figcaption").textContent();
  assert.match(after, /widened for over-dispersion/);
  assert.notEqual(before, after);
  assert.match(await page.locator("peer-benchmark .method").textContent(), /φ = \d+\.\d\d, τ² = /);
  await page.locator("peer-benchmark figure").screenshot({ path: join(artefacts, "funnel-overdispersion.png") });
  await g.context.close();
});

test("changing the mapping and direction re-runs the analysis", async () => {
  const g = await openStandalone();
  const { page } = g;
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "samples", "ae_type1_4hr_2026-06.csv"));
  await resultRows(page);
  const before = await page.locator("peer-benchmark table[part=table] tbody tr").first().locator(".badge").textContent();
  await page.locator("peer-benchmark select[id$=polarity]").selectOption("lower_is_better");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report.indicators[0].polarity === "lower_is_better");
  // The report is replaced before the table is redrawn from it: wait for the redraw (a table
  // that never changes times out here and fails the test).
  await page.waitForFunction((was) => {
    const badge = document.querySelector("peer-benchmark").shadowRoot.querySelector("table[part=table] tbody tr .badge");
    return badge && badge.textContent !== was;
  }, before);
  const after = await page.locator("peer-benchmark table[part=table] tbody tr").first().locator(".badge").textContent();
  assert.notEqual(before, after, "the first trust's outcome flips with the direction");
  assert.match(await page.locator("peer-benchmark .summary").textContent(), /Lower is better/);
  await g.context.close();
});

test("the example data pairs trusts within their region, with reasons, and the pairings download as CSV", async () => {
  const g = await openStandalone();
  const { page } = g;
  await page.getByRole("button", { name: /example data/ }).click();
  await resultRows(page);
  await showView(page, "Who can learn from whom");
  const pairs = page.locator("peer-benchmark table[part=pairing-table] tbody tr");
  await pairs.first().waitFor();
  assert.ok((await pairs.count()) > 10);
  assert.match(await pairs.first().textContent(), /same Region/);
  assert.match(await page.locator("peer-benchmark section[part=pairing] .summary").first().textContent(), /significantly worse results \(95% confidence\) have a teacher/);
  // Filter by organisation, then download with the keyboard.
  const learner = await pairs.first().locator("th").textContent();
  const code = /\(([^)]+)\)$/.exec(learner)[1];
  const before = await pairs.count();
  // The core finds the pairs (present/rows.rs) when the search is entered.
  await page.locator("peer-benchmark input[type=search]").fill(code);
  await page.locator("peer-benchmark input[type=search]").press("Enter");
  await page.waitForFunction((n) => document.querySelector("peer-benchmark").shadowRoot.querySelectorAll("table[part=pairing-table] tbody tr").length < n, before);
  const filtered = await pairs.allTextContents();
  assert.ok(filtered.length >= 1 && filtered.length < before && filtered.every((t) => t.includes(code)), `${code}: ${filtered.length} of ${before}`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download pairings (CSV)" }).press("Enter"),
  ]);
  const path = join(artefacts, "pairings.csv");
  await download.saveAs(path);
  const csv = readFileSync(path, "utf8");
  assert.ok(csv.startsWith("\ufeffIndicator,Learner code,Learner name"), csv.slice(0, 80));
  assert.ok(csv.split("\r\n").length > 10);
  await page.locator("peer-benchmark section[part=pairing]").screenshot({ path: join(artefacts, "pairing.png") });
  assert.deepEqual(g.strayRequests(), []);
  assert.deepEqual(await g.violations(), []);
  await g.context.close();
});

test("a monthly trust file shows an SPC chart with its icons and data table", async () => {
  // At twice the pixel ratio: the chart's canvas is drawn at it.
  const g = await openStandalone(2);
  const { page } = g;
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "samples", "ae_type1_4hr_monthly_2021-04_to_2026-06.csv"));
  await resultRows(page);
  await showView(page, "Over time");
  const section = page.locator("peer-benchmark section[part=over-time]");
  await section.waitFor();
  assert.match(await section.locator(".summary").textContent(), /63 periods, 2021-04 to 2026-06/);
  const figure = section.locator("figure[part=spc-figure]");
  await figure.locator(".chart[data-state=drawn]").waitFor();
  assert.match(await figure.locator("canvas[role=img]").getAttribute("aria-label"), /^SPC chart of /);
  assert.equal(await figure.locator(".chart").getAttribute("data-marks"), "63", "a point each month, each with its tooltip");
  const [store, css] = await figure.locator("canvas").evaluate((c) => [c.width, c.getBoundingClientRect().width]);
  assert.equal(store, Math.round(css * 2), "the backing store is the CSS size times the pixel ratio");
  await figure.locator(".chart").focus();
  await page.keyboard.press("End");
  assert.match(await figure.locator(".tooltip").textContent(), /^2026-06: /, "the last point by keyboard");
  assert.match(await figure.locator("figcaption").textContent(), /process limits/);
  await page.locator("peer-benchmark select[id$=spc-org]").selectOption({ index: 5 });
  await section.locator("details summary").click();
  assert.equal(await section.locator("details tbody tr").count(), 63);
  await figure.screenshot({ path: join(artefacts, "spc.png") });
  assert.ok((await section.locator("h4 + ol li").count()) > 0, "a most improved list");
  const [download] = await Promise.all([page.waitForEvent("download"), section.getByRole("button", { name: "Download chart (SVG)" }).click()]);
  const path = join(artefacts, "spc.svg");
  await download.saveAs(path);
  assert.match(readFileSync(path, "utf8"), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  // Every trust's variation and assurance, sorted in the core; a trust's button shows its chart.
  const summary = section.locator("[part=spc-summary]");
  assert.equal(await summary.locator("tbody tr").count(), 120);
  await summary.getByRole("button", { name: "Variation" }).click();
  await page.waitForFunction(() => {
    const root = document.querySelector("peer-benchmark").shadowRoot;
    const th = root.querySelector("[part=spc-summary] th[aria-sort]");
    return th && th.textContent === "Variation";
  });
  assert.match(await summary.locator("tbody tr").first().locator("td.spc").textContent(), /^Special cause: concern$/);
  const first = await summary.locator("tbody tr th button").first().textContent();
  await summary.locator("tbody tr th button").first().click();
  await page.waitForFunction((label) => document.querySelector("peer-benchmark").shadowRoot.querySelector("figure[part=spc-figure] figcaption").textContent.startsWith(label), first);
  assert.deepEqual(await g.violations(), []);
  await g.context.close();
});

test("settings save as JSON and load again, changing the analysis", async () => {
  const g = await openStandalone();
  const { page } = g;
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "samples", "ae_type1_4hr_2026-06.csv"));
  await resultRows(page);
  await page.locator("peer-benchmark select[id$=polarity]").selectOption("lower_is_better");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report.indicators[0].polarity === "lower_is_better");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save settings (JSON)" }).click()]);
  const path = join(artefacts, "settings.json");
  await download.saveAs(path);
  const saved = JSON.parse(readFileSync(path, "utf8"));
  assert.equal(saved.polarity, "lower_is_better");
  saved.polarity = "no_judgement";
  writeFileSync(path, JSON.stringify(saved));
  await page.locator("peer-benchmark input[id$=settings-file]").setInputFiles(path);
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report.indicators[0].polarity === "no_judgement");
  writeFileSync(path, "{ not json");
  await page.locator("peer-benchmark input[id$=settings-file]").setInputFiles(path);
  await page.locator("peer-benchmark [role=alert]").waitFor();
  assert.match(await page.locator("peer-benchmark [role=alert]").textContent(), /settings file could not be used/);
  await g.context.close();
});

test("an Excel workbook and a Windows-1252 CSV chosen through the file input give the right table", async () => {
  const g = await openStandalone();
  const { page } = g;
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "tests", "fixtures", "excel", "ae_two_sheets.xlsx"));
  assert.equal(await resultRows(page), 40);
  assert.equal(await page.locator("peer-benchmark select[id$=sheet]").inputValue(), "Data");
  const cp1252 = join(artefacts, "windows-1252.csv");
  writeFileSync(cp1252, Buffer.concat([Buffer.from("Code,Name,Numerator,Denominator\r\nA,Caf"), Buffer.from([0xe9]), Buffer.from(" St Mary"), Buffer.from([0x92]), Buffer.from("s,5,10\r\nB,Beta,7,10\r\n")]));
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(cp1252);
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report.rows.read === 2);
  // The report is set before the view is drawn from it: wait for the table itself.
  await page.locator("peer-benchmark table[part=table] tbody").filter({ hasText: /Café St Mary’s/ }).waitFor({ timeout: 20000 });
  assert.deepEqual(g.strayRequests(), []);
  await g.context.close();
});

test("keyboard only: the results CSV downloads with small numbers suppressed, and the page says so", async () => {
  const path = join(artefacts, "small-numbers.csv");
  writeFileSync(path, "Code,Name,Numerator,Denominator\nA,Alpha,3,100\nB,Beta,40,100\nC,Gamma,12,100\nD,Delta,55,100\n");
  const g = await openStandalone();
  const { page } = g;
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(path);
  await resultRows(page);
  await page.getByRole("button", { name: "Download results (CSV)" }).focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const saved = join(artefacts, "results.csv");
  await download.saveAs(saved);
  const rows = readFileSync(saved, "utf8").replace(/^\ufeff/, "").trim().split("\r\n").map((l) => l.split(","));
  const a = rows.find((r) => r[1] === "A");
  const c = rows.find((r) => r[1] === "C");
  assert.deepEqual([a[3], a[5], c[3], c[5]], ["*", "*", "*", "*"]);
  assert.equal(rows.find((r) => r[1] === "B")[3], "40");
  assert.match(await page.locator("peer-benchmark .export [role=status]").textContent(), /Small numbers suppressed/);
  await g.context.close();
});

test("hostile workbooks get a sentence saying so, and the next file is analysed", async () => {
  const g = await openStandalone();
  const { page } = g;
  const input = page.locator("peer-benchmark input[type=file]").first();
  const error = page.locator("peer-benchmark .error");
  for (const [file, words] of [
    ["unique_count_4e9.xlsx", /claims more strings than it can hold/],
    ["ods_unclosed_table.ods", /not closed/],
    ["zip_bomb_200mb_sheet.xlsx", /zip bomb/],
    ["truncated_50pc.xls", /looks damaged/],
  ]) {
    await input.setInputFiles(join(root, "tests", "corpus", "hostile", file));
    await page.locator("peer-benchmark .error").filter({ hasText: words }).waitFor();
    assert.doesNotMatch(await error.textContent(), /a bug/, file);
  }
  // A cell claimed at XFD1048576 is read as the table it holds.
  await input.setInputFiles(join(root, "tests", "corpus", "hostile", "cell_at_xfd1048576.xlsx"));
  assert.equal(await resultRows(page), 2);
  await input.setInputFiles(join(root, "samples", "ae_type1_4hr_2026-06.csv"));
  await page.waitForFunction(() => (document.querySelector("peer-benchmark").report || { indicators: [] }).indicators[0]?.organisations.length === 120);
  // The report is the new one before its table replaces the last file's: wait for the table.
  await page.waitForFunction(() => document.querySelector("peer-benchmark").shadowRoot.querySelectorAll("table[part=table] tbody tr").length === 120);
  assert.equal(await resultRows(page), 120);
  assert.deepEqual(await g.violations(), []);
  await g.context.close();
});

test("a browser without WebAssembly is told so when the page opens, before any file is chosen", async () => {
  const g = await guardedPage(browser, (u) => u === fileUrl);
  await g.page.addInitScript(() => {
    delete globalThis.WebAssembly;
  });
  await g.page.goto(fileUrl);
  const shown = g.page.locator("peer-benchmark").getByText(/cannot run WebAssembly/);
  await shown.waitFor();
  assert.ok(await g.page.locator("peer-benchmark input[type=file]").first().isDisabled(), "no file can be chosen in vain");
  await g.context.close();
});

test("attributes that cannot be used are named: confidence=\"abc\", multiplier=\"1e999\"", async () => {
  const g = await openStandalone();
  const { page } = g;
  for (const [name, value, words] of [
    ["confidence", "abc", /The confidence attribute must be 95 or 99\.8 \(percent\); found "abc"/],
    ["multiplier", "1e999", /The multiplier attribute must be a positive number .*found "1e999"/],
  ]) {
    await page.evaluate(([n, v]) => {
      const element = document.querySelector("peer-benchmark");
      for (const a of ["confidence", "multiplier"]) element.removeAttribute(a);
      element.setAttribute(n, v);
    }, [name, value]);
    await page.getByRole("button", { name: /example data/ }).click();
    await page.locator("peer-benchmark .error").filter({ hasText: words }).waitFor();
  }
  await g.context.close();
});

test("the results table pages through the core, and the funnel stays", async () => {
  const g = await openStandalone();
  const { page } = g;
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "tests", "fixtures", "qof_two_icbs_with_context.csv"));
  await page.locator("peer-benchmark nav.views").waitFor();
  await showView(page, "Funnel plot and table");
  const funnel = page.locator("peer-benchmark section[part=funnel]");
  await funnel.getByRole("button", { name: "Next rows" }).click();
  await funnel.locator(".pager span", { hasText: "Rows 251 to 500 of 764 organisations" }).waitFor();
  // The page's rows come a frame at a time: counted once the view is drawn whole.
  await page.locator('peer-benchmark .view[data-view="funnel"]').waitFor({ state: "attached" });
  assert.equal(await funnel.locator("table[part=table] tbody tr").count(), 250);
  assert.equal(await funnel.locator("figure canvas").count(), 1, "the funnel is still drawn");
  await g.context.close();
});
