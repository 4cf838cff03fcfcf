// Accessibility (WCAG 2.2 AA): axe-core on the page and inside the element's shadow root, with
// every view the sample data produces open; and the keyboard-only flow to a download.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { launch, root, resultRows, showView } from "./helpers.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser && browser.close());

const fileUrl = pathToFileURL(join(root, "dist", "allteach.html")).href;

async function serious(page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
}

/** Every view of the element in turn, with its tables open, checked by axe. */
async function everyViewPasses(page, label) {
  const names = await page.locator("peer-benchmark nav.views button").allTextContents();
  assert.ok(names.length >= 4, names.join(", "));
  for (const name of names) {
    await showView(page, name);
    // Every table shown: open each closed "Show the data table" in turn.
    const closed = page.locator("peer-benchmark .view details:not([open]) summary");
    for (let i = 0; i < 10 && (await closed.count()) > 0; i++) await closed.first().click();
    assert.deepEqual(await serious(page), [], `${label}: ${name}`);
  }
}

test("no serious or critical axe violations in every view", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(fileUrl);
  assert.deepEqual(await serious(page), [], "the empty widget");
  await page.getByRole("button", { name: /example data/ }).click();
  await resultRows(page);
  // With an organisation selected, so that the one-organisation view and highlights are shown.
  await page.locator("peer-benchmark select[id$=-selected]").selectOption({ index: 3 });
  await everyViewPasses(page, "the example");
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "samples", "ae_type1_4hr_monthly_2021-04_to_2026-06.csv"));
  await page.locator("peer-benchmark nav.views").getByRole("button", { name: "Over time" }).waitFor();
  await everyViewPasses(page, "a monthly file");
  // The check reaches inside the shadow root: a nameless button there is caught.
  await page.evaluate(() => document.querySelector("peer-benchmark").shadowRoot.append(document.createElement("button")));
  assert.ok((await serious(page)).some((v) => v.startsWith("button-name")), "axe sees the shadow root");
  await context.close();
});

test("keyboard only: choose the example data and download the pairings", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl);
  // Tab to the example button and press Enter; then Tab onwards to each control.
  const focusName = () => page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName} ${el.textContent || el.getAttribute("type") || ""}`.trim() : "";
  });
  let found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await page.keyboard.press("Tab");
    found = /example data/.test(await focusName());
  }
  assert.ok(found, "the example button is reachable by Tab");
  await page.keyboard.press("Enter");
  await resultRows(page);
  // To the view of learning pairs, then on to its download.
  let opened = false;
  for (let i = 0; i < 60 && !opened; i++) {
    await page.keyboard.press("Tab");
    if (/Who can learn from whom/.test(await focusName())) {
      await page.keyboard.press("Enter");
      opened = true;
    }
  }
  assert.ok(opened, "the pairs view is reachable by Tab");
  let download = null;
  page.on("download", (d) => (download = d));
  for (let i = 0; i < 200 && !download; i++) {
    await page.keyboard.press("Tab");
    if (/Download pairings/.test(await focusName())) await page.keyboard.press("Enter");
  }
  for (let i = 0; i < 20 && !download; i++) await page.waitForTimeout(100);
  assert.ok(download, "the pairings download is reachable and works by keyboard alone");
  await page.close();
});

test("the settings of a file that needs an answer, and every setting open, have no serious axe violation", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(fileUrl);
  await page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "tests", "corpus", "real", "handover_delays_daily_2018-19_excerpt.csv"));
  await page.locator("peer-benchmark .question").waitFor();
  assert.deepEqual(await serious(page), [], "the question and its settings");
  await page.locator("peer-benchmark select[id$=col-numerator]").selectOption("handover_delay_over_60_mins");
  await page.locator("peer-benchmark select[id$=col-denominator]").selectOption("arriving_by_ambulance");
  await resultRows(page);
  await page.locator("peer-benchmark details.more-settings summary").click();
  assert.deepEqual(await serious(page), [], "every setting open");
  // Every new control is labelled and reachable from the keyboard.
  const unlabelled = await page.evaluate(() =>
    [...document.querySelector("peer-benchmark").shadowRoot.querySelectorAll("fieldset select, fieldset input")].filter((c) => !c.labels || c.labels.length === 0).map((c) => c.id),
  );
  assert.deepEqual(unlabelled, []);
  await context.close();
});
