// Workbooks with dist/allteach.js, which ships without the workbook reader: the reader's wasm is
// loaded from allteach-workbook.js beside the script only when someone chooses a workbook, over
// http under the strict host CSP, on file://, and where no worker may start; and a page
// without that file says what is missing.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { launch, guardedPage, resultRows, root, artefacts } from "./helpers.mjs";
import { serve } from "../../tools/serve.mjs";

const workbook = join(root, "tests", "fixtures", "excel", "ae_two_sheets.xlsx");
const csv = join(root, "samples", "ae_type1_4hr_2026-06.csv");
const hostPage = (src) => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="/favicon.svg"><script src="${src}" defer></script></head><body><peer-benchmark heading="Host page"></peer-benchmark></body></html>`;

let browser;
let site;
before(async () => {
  browser = await launch();
  site = await serve(join(root, "build", "site"), 0, {
    extra: {
      "/plain.html": hostPage("allteach.js"),
      // allteach.js copied alone, without allteach-workbook.js beside it.
      "/alone/index.html": hostPage("allteach.js"),
      "/alone/allteach.js": readFileSync(join(root, "dist", "allteach.js"), "utf8"),
    },
  });
});
after(async () => {
  if (browser) await browser.close();
  if (site) site.server.close();
});

const choose = (page, path) => page.locator("peer-benchmark input[type=file]").first().setInputFiles(path);
const readerRequests = (g) => g.requests.filter((u) => u.endsWith("/allteach-workbook.js")).length;
const waitForRows = (page, n) => page.waitForFunction((want) => document.querySelector("peer-benchmark").shadowRoot.querySelectorAll("table[part=table] tbody tr").length === want, n, { timeout: 20000 });

test("over http with the host CSP, the workbook reader is loaded once, only when a workbook is chosen, and sheets can be changed", async () => {
  const g = await guardedPage(browser, (u) => u.startsWith(site.url));
  await g.page.goto(site.url + "plain.html");
  await choose(g.page, csv);
  assert.equal(await resultRows(g.page), 120);
  assert.equal(readerRequests(g), 0, "a CSV needs no workbook reader");
  await choose(g.page, workbook);
  await waitForRows(g.page, 40);
  assert.equal(await g.page.locator("peer-benchmark select[id$=sheet]").inputValue(), "Data");
  assert.equal(readerRequests(g), 1);
  assert.equal(g.page.workers().length, 1, "the workbook is read in the worker");
  // The other sheet, chosen in the page: the worker reads the workbook it kept again.
  await g.page.locator("peer-benchmark select[id$=sheet]").selectOption("Notes");
  await g.page.locator("peer-benchmark .error").filter({ hasText: /About this workbook/ }).waitFor();
  await g.page.locator("peer-benchmark select[id$=sheet]").selectOption("Data");
  await waitForRows(g.page, 40);
  // A damaged workbook is the reader's trouble, not the core's: the next file is analysed.
  await choose(g.page, join(root, "tests", "corpus", "hostile", "truncated_50pc.xls"));
  await g.page.locator("peer-benchmark .error").filter({ hasText: /looks damaged/ }).waitFor();
  await choose(g.page, workbook);
  await waitForRows(g.page, 40);
  assert.equal(readerRequests(g), 1, "loaded once");
  assert.deepEqual(g.strayRequests(), []);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a CSV chosen while the workbook reader is still loading is the file analysed, and the one the worker keeps", async () => {
  const g = await guardedPage(browser, (u) => u.startsWith(site.url));
  // A slow network: the reader arrives a second and a half after it is asked for.
  await g.page.route("**/allteach-workbook.js", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await g.page.goto(site.url + "plain.html");
  await choose(g.page, workbook);
  await choose(g.page, csv);
  assert.equal(await resultRows(g.page), 120);
  await new Promise((resolve) => setTimeout(resolve, 2500)); // the reader has arrived meanwhile
  // Options re-run on the file the worker kept: the CSV's 120 rows, not the workbook's 42.
  const read = await g.page.evaluate(
    () =>
      new Promise((resolve) => {
        const element = document.querySelector("peer-benchmark");
        element.addEventListener("report", (e) => resolve(e.detail.rows.read), { once: true });
        element.options = { polarity: "lower_is_better" };
      }),
  );
  assert.equal(read, 120);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("where no worker can start, the page reads the workbook itself", async () => {
  const g = await guardedPage(browser, (u) => u.startsWith(site.url));
  await g.context.addInitScript(() => delete globalThis.Worker);
  await g.page.goto(site.url + "plain.html");
  await choose(g.page, workbook);
  await waitForRows(g.page, 40);
  assert.equal(g.page.workers().length, 0);
  assert.equal(readerRequests(g), 1);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("a page on file:// with allteach.js beside it reads a workbook in its worker", async () => {
  const dir = join(artefacts, "file-host");
  mkdirSync(dir, { recursive: true });
  for (const f of ["allteach.js", "allteach-workbook.js"]) copyFileSync(join(root, "dist", f), join(dir, f));
  writeFileSync(join(dir, "host.html"), hostPage("allteach.js").replace(`<link rel="icon" href="/favicon.svg">`, ""));
  const url = pathToFileURL(join(dir, "host.html")).href;
  const g = await guardedPage(browser, (u) => u.startsWith(pathToFileURL(dir).href));
  await g.page.goto(url);
  await choose(g.page, workbook);
  await waitForRows(g.page, 40);
  assert.equal(g.page.workers().length, 1);
  assert.equal(readerRequests(g), 1);
  assert.deepEqual(g.strayRequests(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("allteach.js without allteach-workbook.js beside it says what is missing, and still reads CSV", async () => {
  const g = await guardedPage(browser, (u) => u.startsWith(site.url));
  await g.page.goto(site.url + "alone/index.html");
  await choose(g.page, workbook);
  await g.page.locator("peer-benchmark .error").filter({ hasText: /allteach-workbook\.js/ }).waitFor();
  assert.match(await g.page.locator("peer-benchmark .error").textContent(), /Save the sheet as CSV UTF-8/);
  await choose(g.page, csv);
  assert.equal(await resultRows(g.page), 120);
  assert.deepEqual(await g.violations(), []);
  await g.context.close();
});
