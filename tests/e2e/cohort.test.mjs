// A record-level file (one row per A&E attendance, pseudonymised) and a list-size file chosen
// together on the standalone page from file://: the page offers a cohort, the British Red Cross
// rule is picked in the page, and the funnel of people in the cohort per practice is shown,
// with no person's identifier anywhere on the page. The files are the seeded synthetic extract
// (tests/fixtures/cohort, made by examples/cohort_extract.rs and held to it by a native test).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { launch, guardedPage, showView, root } from "./helpers.mjs";

const fileUrl = pathToFileURL(join(root, "dist", "allteach.html")).href;
const fixture = (file) => join(root, "tests", "fixtures", "cohort", file);
let browser;
before(async () => (browser = await launch()));
after(async () => browser && browser.close());

test("a record file and list sizes become a cohort per practice, picked in the page, and no identifier is shown", async () => {
  const g = await guardedPage(browser, (u) => u === fileUrl);
  const { page } = g;
  await page.goto(fileUrl);
  // Chosen together, in the order a file picker may give them: the larger is the data.
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles([fixture("list_sizes.csv"), fixture("attendances.csv")]);
  const alert = page.locator("peer-benchmark [role=alert]");
  await alert.filter({ hasText: "one row per event" }).waitFor();
  const cohort = page.locator("peer-benchmark fieldset[part=cohort]");
  await cohort.waitFor();
  assert.equal(await cohort.locator("select[id$=cohort-person]").inputValue(), "Pseudo ID");
  assert.equal(await cohort.locator("select[id$=cohort-date]").inputValue(), "Arrival date");
  assert.equal(await cohort.locator("select[id$=cohort-by]").inputValue(), "Practice code");

  await cohort.locator("select[id$=cohort-rule]").selectOption({ label: "More than 5 times in a year (British Red Cross research)" });
  assert.equal(await cohort.locator("input[id$=cohort-min]").inputValue(), "6");
  await cohort.getByRole("button", { name: "Count the cohort" }).click();

  await page.waitForFunction(() => {
    const e = document.querySelector("peer-benchmark");
    return e.report && e.report.cohort && e.report.cohort.min_events === 6;
  });
  const report = await page.evaluate(() => {
    const r = document.querySelector("peer-benchmark").report;
    return { cohort: r.cohort, indicators: r.indicators.map((i) => ({ id: i.id, name: i.name, type: i.type, organisations: i.organisations.length })), warnings: r.warnings };
  });
  assert.equal(report.cohort.population, "List size", "the list sizes are the denominator");
  const people = report.indicators.find((i) => i.id === "cohort_people");
  assert.equal(people.type, "rate");
  assert.equal(people.organisations, 10, "every practice");
  assert.match(people.name, /at least 6 events in 365 days \(per 1,000 population\)/);
  assert.ok(report.warnings.some((w) => /Built on this device/.test(w)));

  await showView(page, "Funnel plot and table");
  const funnel = page.locator("peer-benchmark section[part=funnel]");
  await funnel.locator("figure .chart[data-state=drawn]").first().waitFor();
  assert.match(await funnel.locator("h3").first().textContent(), /People with at least 6 events/);
  assert.equal(await funnel.locator("table[part=table] tbody tr").count(), 10);

  // No person's identifier anywhere the page shows.
  const shown = await page.evaluate(() => document.querySelector("peer-benchmark").shadowRoot.innerHTML);
  const ids = new Set(readFileSync(fixture("attendances.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",")[0]));
  const leaked = [...ids].filter((id) => shown.includes(id));
  assert.deepEqual(leaked, [], "identifiers on the page");
  await g.context.close();
});
