// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, with
// guards that fail a test on any network request outside an allow-list and on any
// Content-Security-Policy violation.

import { chromium } from "playwright-core";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const artefacts = join(root, "test-results");
mkdirSync(artefacts, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/**
 * A page whose every request is recorded and whose CSP violations are collected.
 * `allowed(url)` says which requests are the page's own files.
 */
export async function guardedPage(browser, allowed, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const requests = [];
  context.on("request", (request) => requests.push(request.url()));
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return {
    context,
    page,
    errors,
    /** Requests not allowed by `allowed` (blob: and data: are the page's own). */
    strayRequests: () => requests.filter((u) => !u.startsWith("blob:") && !u.startsWith("data:") && !allowed(u)),
    violations: () => page.evaluate(() => window.__violations),
    requests,
  };
}

/** Waits for the element to finish analysing and returns the number of result rows shown. */
export async function resultRows(page) {
  await page.locator("peer-benchmark table[part=table] tbody tr").first().waitFor({ timeout: 20000 });
  // A page of rows comes a frame at a time: counted once the view is drawn whole.
  await page.locator("peer-benchmark .view[data-view]").first().waitFor({ state: "attached", timeout: 20000 });
  return page.locator("peer-benchmark table[part=table] tbody tr").count();
}

/** Opens one of the element's views by its button ("All indicators", "Over time", ...). */
export async function showView(page, name) {
  const button = page.locator("peer-benchmark nav.views").getByRole("button", { name });
  await button.click();
  await page.locator("peer-benchmark nav.views").getByRole("button", { name, pressed: true }).waitFor();
  // The view is drawn asynchronously: wait until it is this one.
  const key = await button.getAttribute("data-view");
  await page.locator(`peer-benchmark .view[data-view="${key}"]`).waitFor({ state: "attached" });
}
