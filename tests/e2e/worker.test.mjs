// Big files without freezing the page: the analysis runs in a Web Worker (from the script's
// URL over http, from a blob: on file://), shows its progress, can be cancelled, and where no
// worker can start the element works on the page and says so, with no CSP violation.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { launch, guardedPage, resultRows, root } from "./helpers.mjs";
import { serve } from "../../tools/serve.mjs";

const fileUrl = pathToFileURL(join(root, "dist", "allteach.html")).href;
let browser;
let site;
before(async () => {
  browser = await launch();
  site = await serve(join(root, "build", "site"), 0, {
    extra: { "/plain.html": `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="favicon.svg"><script src="allteach.js" defer></script></head><body><peer-benchmark heading="Host page"></peer-benchmark></body></html>` },
  });
});
after(async () => {
  if (browser) await browser.close();
  if (site) site.server.close();
});

/** Builds a CSV of about `megabytes` MB in the page and starts analysing it (not awaited). */
function startBigAnalysis(page, megabytes) {
  return page.evaluate((mb) => {
    const lines = ["Practice code,Practice name,Register,List size"];
    let size = 0;
    for (let i = 0; size < mb * 1e6; i++) {
      const line = `P${String(i).padStart(7, "0")},Practice number ${i} of a generated file,${100 + (i % 900)},${5000 + ((i * 7919) % 9000)}`;
      lines.push(line);
      size += line.length + 1;
    }
    const bytes = new TextEncoder().encode(lines.join("\n"));
    window.__outcome = document.querySelector("peer-benchmark").load(bytes, { polarity: "no_judgement" }).then((r) => (r ? "report" : "no report"));
    return bytes.length;
  }, megabytes);
}

test("a big file shows a progress bar in words, and cancel stops it and leaves the page usable (file://)", async () => {
  const g = await guardedPage(browser, (u) => u === fileUrl);
  await g.page.goto(fileUrl);
  await g.page.locator("peer-benchmark").waitFor();
  const size = await startBigAnalysis(g.page, 60);
  assert.ok(size > 59e6);
  const progress = g.page.locator("peer-benchmark [part=progress]");
  await progress.waitFor({ state: "visible", timeout: 20000 });
  assert.equal(g.page.workers().length, 1, "a blob: worker does the work on file://");
  // The bar moves and is labelled with the stage in words.
  await g.page.waitForFunction(() => document.querySelector("peer-benchmark").shadowRoot.querySelector("progress").value > 0, null, { timeout: 20000 });
  assert.match(await progress.locator("label").textContent(), /Reading the file|Matching the columns|Comparing organisations/);
  // The page stays responsive while the worker reads: a timer still fires.
  const tick = await g.page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve("tick"), 10)));
  assert.equal(tick, "tick");
  await progress.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await g.page.evaluate(() => window.__outcome), "no report");
  await assert.doesNotReject(progress.waitFor({ state: "hidden", timeout: 5000 }));
  assert.match(await g.page.locator("peer-benchmark .status").first().textContent(), /Cancelled: nothing was analysed/);
  assert.equal(await g.page.locator("peer-benchmark section[aria-label=Results]").isHidden(), true);
  // A fresh worker takes the next file.
  await g.page.locator("peer-benchmark input[type=file]").first().setInputFiles(join(root, "samples", "ae_type1_4hr_2026-06.csv"));
  assert.equal(await resultRows(g.page), 120);
  assert.deepEqual(g.strayRequests(), []);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("the report from the worker reads like plain data, load() leaves the caller its bytes, and options re-run on the file the worker kept", async () => {
  const g = await guardedPage(browser, (u) => u.startsWith(site.url));
  await g.page.goto(site.url + "plain.html");
  const sample = readFileSync(join(root, "samples", "ae_type1_4hr_2026-06.csv"), "utf8");
  const result = await g.page.evaluate(async (csv) => {
    const element = document.querySelector("peer-benchmark");
    await customElements.whenDefined("peer-benchmark");
    const bytes = new TextEncoder().encode(csv);
    const first = await element.load(bytes, { polarity: "higher_is_better" });
    const firstJson = JSON.stringify(first);
    element.options = { polarity: "lower_is_better" };
    const second = await new Promise((resolve) => element.addEventListener("report", (e) => resolve(e.detail), { once: true }));
    return { callerKeptBytes: bytes.length, organisations: first.indicators[0].organisations.length, json: JSON.parse(firstJson).indicators[0].organisations[3], polarity: second.indicators[0].polarity };
  }, sample);
  assert.equal(result.callerKeptBytes, Buffer.byteLength(sample), "load() copies: the caller's bytes are not taken");
  assert.equal(result.organisations, 120);
  assert.equal(typeof result.json.code, "string", "lazily built organisations serialise like plain data");
  assert.equal(result.polarity, "lower_is_better");
  assert.equal(g.page.workers().length, 1);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("where no worker can start, the element works on the page, says so, and raises no violation", async () => {
  const g = await guardedPage(browser, (u) => u.startsWith(site.url));
  await g.context.addInitScript(() => delete globalThis.Worker);
  await g.page.goto(site.url);
  assert.equal(await resultRows(g.page), 120);
  assert.equal(g.page.workers().length, 0);
  assert.match(await g.page.locator("peer-benchmark .status").first().textContent(), /on the page itself, as this page does not allow a background worker/);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("cancel() at once after load() resolves to null, and cancel() with nothing running keeps the analysis", async () => {
  const g = await guardedPage(browser, (u) => u.startsWith(site.url));
  await g.page.goto(site.url + "plain.html");
  const sample = readFileSync(join(root, "samples", "ae_type1_4hr_2026-06.csv"), "utf8");
  const result = await g.page.evaluate(async (csv) => {
    await customElements.whenDefined("peer-benchmark");
    const element = document.querySelector("peer-benchmark");
    const bytes = new TextEncoder().encode(csv);
    // Before the worker has even started.
    const cancelled = element.load(bytes, { polarity: "higher_is_better" });
    element.cancel();
    const first = await Promise.race([cancelled, new Promise((r) => setTimeout(() => r("hung"), 10000))]);
    const report = await element.load(bytes, { polarity: "higher_is_better" });
    element.cancel(); // nothing is running: the file and the analysis stay
    const again = await new Promise((resolve) => {
      element.addEventListener("report", (e) => resolve(e.detail.rows.used), { once: true });
      element.options = { polarity: "lower_is_better" };
    });
    return { first, used: report.rows.used, again };
  }, sample);
  assert.deepEqual(result, { first: null, used: 120, again: 120 });
  assert.equal(await resultRows(g.page), 120);
  // Taken off the page, the element lets its worker (and the file it holds) go.
  assert.equal(g.page.workers().length, 1);
  const closed = new Promise((resolve) => g.page.workers()[0].once("close", resolve));
  await g.page.evaluate(() => document.querySelector("peer-benchmark").remove());
  await closed;
  assert.equal(g.page.workers().length, 0);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("the worker starts when the pointer or the keyboard reaches the chooser, and the file chosen then uses it (file://)", async () => {
  for (const reach of ["pointer", "keyboard"]) {
    const g = await guardedPage(browser, (u) => u === fileUrl);
    await g.page.goto(fileUrl);
    assert.equal(g.page.workers().length, 0, "nothing runs before a person comes to choose a file");
    const chooser = g.page.locator("peer-benchmark input[type=file]").first();
    if (reach === "pointer") await chooser.hover({ force: true });
    else await chooser.focus();
    await g.page.waitForEvent("worker", { timeout: 10000 }).catch(() => null);
    assert.equal(g.page.workers().length, 1, `${reach}: the core starts before the file is chosen`);
    await chooser.setInputFiles(join(root, "samples", "ae_type1_4hr_monthly_2021-04_to_2026-06.csv"));
    await g.page.locator("peer-benchmark nav.views").waitFor({ timeout: 60000 });
    assert.equal(g.page.workers().length, 1, `${reach}: the same worker analyses the file`);
    assert.deepEqual(await g.violations(), []);
    assert.deepEqual(g.errors, []);
    await g.context.close();
  }
});

test("the worker compiles the core as it starts and hands the page its compiled module: the page never unpacks or compiles a copy of its own", async () => {
  const pages = [
    [fileUrl, (u) => u === fileUrl],
    [site.url, (u) => u.startsWith(site.url)],
  ];
  for (const [url, allowed] of pages) {
    const g = await guardedPage(browser, allowed);
    // How the page itself (not the worker) makes wasm instances: from bytes, or from a compiled module.
    await g.context.addInitScript(() => {
      window.__wasmOnPage = [];
      const { instantiate, compile } = WebAssembly;
      WebAssembly.instantiate = (source, imports) => {
        window.__wasmOnPage.push(source instanceof WebAssembly.Module ? "module" : "bytes");
        return instantiate.call(WebAssembly, source, imports);
      };
      WebAssembly.compile = (bytes) => {
        window.__wasmOnPage.push("compile");
        return compile.call(WebAssembly, bytes);
      };
    });
    await g.page.goto(url);
    const chooser = g.page.locator("peer-benchmark input[type=file]").first();
    await chooser.hover({ force: true });
    // Before any file: the worker has compiled the core and the page has instantiated it.
    await g.page.waitForFunction(() => window.__wasmOnPage.length > 0, null, { timeout: 20000 });
    await chooser.setInputFiles(join(root, "samples", "ae_type1_4hr_monthly_2021-04_to_2026-06.csv"));
    await g.page.locator("peer-benchmark nav.views").waitFor({ timeout: 60000 });
    await g.page.locator("peer-benchmark nav.views").getByRole("button", { name: "Compare organisations" }).click();
    await g.page.locator("peer-benchmark .view figure .chart[data-state=drawn]").first().waitFor({ timeout: 60000 });
    assert.deepEqual(await g.page.evaluate(() => window.__wasmOnPage), ["module"], url);
    assert.deepEqual(await g.violations(), []);
    assert.deepEqual(g.errors, []);
    await g.context.close();
  }
});

test("while a person chooses a file the worker warms the core up on a made-up file, never in the way of a file chosen at once, and the analysis is the same", async () => {
  const reports = [];
  for (const reach of ["pointer first", "file at once"]) {
    const g = await guardedPage(browser, (u) => u === fileUrl);
    // The worker's word of how many rounds it warmed up (the page itself ignores it).
    await g.context.addInitScript(() => {
      window.__warmedUp = [];
      const Native = window.Worker;
      window.Worker = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener("message", (event) => event.data && "warmedUp" in event.data && window.__warmedUp.push(event.data.warmedUp));
        }
      };
    });
    await g.page.goto(fileUrl);
    const chooser = g.page.locator("peer-benchmark input[type=file]").first();
    if (reach === "pointer first") {
      await chooser.hover({ force: true });
      await g.page.waitForFunction(() => window.__warmedUp.length > 0, null, { timeout: 30000 });
      assert.deepEqual(await g.page.evaluate(() => window.__warmedUp), [3], "three rounds while nobody asks for anything");
    }
    await chooser.setInputFiles(join(root, "samples", "ae_type1_4hr_monthly_2021-04_to_2026-06.csv"));
    await g.page.locator("peer-benchmark nav.views").waitFor({ timeout: 60000 });
    if (reach === "file at once") {
      await g.page.waitForFunction(() => window.__warmedUp.length > 0, null, { timeout: 30000 });
      assert.deepEqual(await g.page.evaluate(() => window.__warmedUp), [0], "no warming up once a file has come");
    }
    // The report is the element's once its first view is drawn, a moment after the views' row appears.
    await g.page.waitForFunction(() => document.querySelector("peer-benchmark").report !== null, null, { timeout: 30000 });
    reports.push(await g.page.evaluate(() => JSON.stringify(document.querySelector("peer-benchmark").report)));
    assert.deepEqual(await g.violations(), []);
    assert.deepEqual(g.errors, []);
    await g.context.close();
  }
  assert.ok(reports[0].length > 1000, `a whole report, not ${reports[0].slice(0, 200)}`);
  assert.equal(reports[0], reports[1], "the same analysis either way");
});
