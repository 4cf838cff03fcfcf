// The element embedded in an intranet-style page served on loopback with the strict host CSP
// of pkg-config/host-csp.txt: the demo page, with its sample inline.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { launch, guardedPage, resultRows, root, artefacts } from "./helpers.mjs";
import { serve, HOST_CSP } from "../../tools/serve.mjs";

let browser;
let site;
before(async () => {
  browser = await launch();
  const sample = readFileSync(join(root, "samples", "ae_type1_4hr_2026-06.csv"), "utf8");
  site = await serve(join(root, "build", "site"), 0, {
    extra: {
      // Host pages have their own icon; without one Chromium asks for /favicon.ico.
      "/favicon.ico": "",
      // The embed snippet with the script in <head> (defer) and after the element.
      "/head-defer.html": `<!doctype html><html lang="en"><head><title>Host</title><script src="allteach.js" defer></script></head><body><peer-benchmark heading="Host page"><script type="text/csv">\n${sample}</script></peer-benchmark></body></html>`,
      "/after-element.html": `<!doctype html><html lang="en"><head><title>Host</title></head><body><peer-benchmark><script type="text/csv">\n${sample}</script></peer-benchmark><script src="allteach.js"></script></body></html>`,
    },
  });
});
after(async () => {
  if (browser) await browser.close();
  if (site) site.server.close();
});

const ownFiles = (u) => u.startsWith(site.url);

test("the demo page serves the strict host CSP and shows the sample with no violation and no stray request", async () => {
  const g = await guardedPage(browser, ownFiles);
  const response = await g.page.goto(site.url);
  assert.equal(response.headers()["content-security-policy"], HOST_CSP);
  assert.equal(HOST_CSP, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'none'");
  assert.equal(await resultRows(g.page), 120);
  await g.page.screenshot({ path: join(artefacts, "demo-host-csp.png") });
  assert.deepEqual(g.strayRequests(), []);
  // allteach.js twice: the page's script, then the same file started as the analysis worker.
  assert.deepEqual(g.requests.map((u) => new URL(u).pathname).sort(), ["/", "/allteach.js", "/allteach.js", "/favicon.svg"]);
  assert.equal(g.page.workers().length, 1, "the analysis runs in a worker");
  assert.doesNotMatch(await g.page.locator("peer-benchmark .status").first().textContent(), /on the page itself/);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

for (const page of ["head-defer.html", "after-element.html"]) {
  test(`the embed snippet works with the script ${page.startsWith("head") ? "in <head> with defer" : "after the element"}`, async () => {
    const g = await guardedPage(browser, ownFiles);
    await g.page.goto(site.url + page);
    assert.equal(await resultRows(g.page), 120);
    assert.deepEqual(g.strayRequests(), []);
    assert.deepEqual(await g.violations(), []);
    await g.context.close();
  });
}

test("the element's JS API: load(), options, report and the report event", async () => {
  const g = await guardedPage(browser, ownFiles);
  await g.page.goto(site.url + "head-defer.html");
  await resultRows(g.page);
  const result = await g.page.evaluate(async () => {
    const element = document.querySelector("peer-benchmark");
    const events = [];
    element.addEventListener("report", (e) => events.push(e.detail.rows.read));
    const bytes = new TextEncoder().encode("Code,Numerator,Denominator\nA,10,100\nB,50,100\nC,30,100\n");
    const report = await element.load(bytes, { polarity: "lower_is_better", multiplier: 1 });
    return { read: report.rows.read, same: report === element.report, options: element.options, events, value: report.indicators[0].organisations[0].value };
  });
  assert.deepEqual(result, { read: 3, same: true, options: { polarity: "lower_is_better", multiplier: 1 }, events: [3], value: 0.1 });
  const shadowIsOpen = await g.page.evaluate(() => document.querySelector("peer-benchmark").shadowRoot !== null);
  assert.ok(shadowIsOpen);
  await g.context.close();
});

test("the confidence attribute sets how sure a learning pair must be", async () => {
  const g = await guardedPage(browser, ownFiles);
  await g.page.goto(site.url + "head-defer.html");
  await resultRows(g.page);
  const result = await g.page.evaluate(async () => {
    const element = document.querySelector("peer-benchmark");
    const pairs = async (confidence) => {
      if (confidence) element.setAttribute("confidence", confidence);
      else element.removeAttribute("confidence");
      const report = await new Promise((resolve) => {
        element.addEventListener("report", (e) => resolve(e.detail), { once: true });
        element.options = { polarity: "higher_is_better", peers: { within: "Region" } };
      });
      return { pairs: report.pairings.length, confidence: element.options.pairing && element.options.pairing.confidence };
    };
    return { at95: await pairs(null), at998: await pairs("99.8") };
  });
  assert.equal(result.at95.confidence, undefined);
  assert.equal(result.at998.confidence, 0.998);
  assert.ok(result.at998.pairs < result.at95.pairs, JSON.stringify(result));
  await g.context.close();
});

test("a host CSP without 'wasm-unsafe-eval' gets a message naming the directive", async () => {
  const strict = await serve(join(root, "build", "site"), 0, { csp: "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'none'" });
  const g = await guardedPage(browser, (u) => u.startsWith(strict.url));
  await g.page.goto(strict.url);
  const alert = g.page.locator("peer-benchmark [role=alert]");
  await alert.waitFor();
  assert.match(await alert.textContent(), /'wasm-unsafe-eval'.*script-src/);
  assert.deepEqual(g.strayRequests(), []);
  await g.context.close();
  strict.server.close();
});

test("a browser without WebAssembly gets a clear message, not a blank box", async () => {
  const g = await guardedPage(browser, ownFiles);
  await g.context.addInitScript(() => {
    delete globalThis.WebAssembly;
  });
  await g.page.goto(site.url);
  const alert = g.page.locator("peer-benchmark [role=alert]");
  await alert.waitFor();
  assert.match(await alert.textContent(), /cannot run WebAssembly/);
  await g.context.close();
});
