// The views people use: every view renders with a caption stating the finding, tooltips reach
// keyboard users, one click selects an organisation in every view, charts download as SVG and
// PNG, and the learning pack downloads. Screenshots of every view at devicePixelRatio 1 and 2
// are saved in test-results/views/ for a person to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mkdirSync, readFileSync } from "node:fs";
import { launch, guardedPage, resultRows, root, artefacts, showView } from "./helpers.mjs";

const fileUrl = pathToFileURL(join(root, "dist", "allteach.html")).href;
const shots = join(artefacts, "views");
mkdirSync(shots, { recursive: true });
// QOF registers of two ICBs' practices with context for peers (see tests/fixtures/).
const qof = readFileSync(join(root, "tests", "fixtures", "qof_two_icbs_with_context.csv"), "utf8");
const qofOptions = {
  columns: { context: ["Patients (all ages)", "% aged 50+", "IMD 2019"] },
  peers: { k: 10, sqrt: ["Patients (all ages)"], weights: { "IMD 2019": 2 } },
  pairing: { capacity: 2, capacity_total: 3, max_topics: 2 },
  polarity: "higher_is_better",
};

let browser;
before(async () => (browser = await launch()));
after(async () => browser && browser.close());

async function openWithQof(deviceScaleFactor = 1) {
  const g = await guardedPage(browser, (u) => u === fileUrl, { deviceScaleFactor, viewport: { width: 1100, height: 900 } });
  await g.page.goto(fileUrl);
  await g.page.evaluate(
    ([csv, options]) => customElements.whenDefined("peer-benchmark").then(() => document.querySelector("peer-benchmark").load(new TextEncoder().encode(csv), options)),
    [qof, qofOptions],
  );
  await g.page.locator("peer-benchmark nav.views").waitFor();
  return g;
}

const selected = (page) => page.locator("peer-benchmark select[id$=-selected]").inputValue();

test("every view renders with a caption in words, and is photographed at DPR 1 and 2", async () => {
  for (const dpr of [1, 2]) {
    const g = await openWithQof(dpr);
    const { page } = g;
    // The overview comes first for a file of several indicators.
    await page.locator("peer-benchmark nav.views").getByRole("button", { name: "All indicators", pressed: true }).waitFor();
    await page.locator("peer-benchmark select[id$=-selected]").selectOption({ index: 5 });
    const views = await page.locator("peer-benchmark nav.views button").allTextContents();
    assert.deepEqual(views, ["All indicators", "Compare organisations", "Funnel plot and table", "One organisation", "Who can learn from whom"]);
    for (const name of views) {
      await showView(page, name);
      const view = page.locator("peer-benchmark .view");
      if (name === "All indicators") {
        assert.match(await view.locator("h3").first().textContent(), /organisations on \d+ indicators/);
        assert.equal(await view.locator("table.rug tbody tr").count(), 100, "a page of the overview");
      } else if (name !== "Who can learn from whom") {
        const figure = view.locator("figure").first();
        assert.ok((await figure.locator("figcaption").textContent()).length > 30, `${name}: a caption in words`);
        assert.equal(await figure.locator("canvas[role=img]").count(), 1, name);
        await figure.locator(".chart[data-state=drawn]").waitFor();
        assert.ok(Number(await figure.locator(".chart").getAttribute("data-marks")) > 0, `${name}: organisation marks`);
      }
      // The top of the view (the chart, or the start of a long table), as a person first sees it.
      const key = name.toLowerCase().replace(/[^a-z]+/g, "-");
      const box = await view.boundingBox();
      await page.screenshot({ path: join(shots, `${key}-dpr${dpr}.png`), fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1400) } });
    }
    assert.deepEqual(await g.violations(), []);
    assert.deepEqual(g.errors, []);
    await g.context.close();
  }
});

test("every view renders for the shipped sample (A&E, trusts paired within their region), photographed at DPR 1 and 2", async () => {
  for (const dpr of [1, 2]) {
    const g = await guardedPage(browser, (u) => u === fileUrl, { deviceScaleFactor: dpr, viewport: { width: 1100, height: 900 } });
    const { page } = g;
    await page.goto(fileUrl);
    await page.getByRole("button", { name: /example data/ }).click();
    await resultRows(page);
    await page.locator("peer-benchmark select[id$=-selected]").selectOption({ index: 10 });
    const views = await page.locator("peer-benchmark nav.views button").allTextContents();
    assert.deepEqual(views, ["All indicators", "Compare organisations", "Funnel plot and table", "One organisation", "Who can learn from whom"]);
    for (const name of views) {
      await showView(page, name);
      const view = page.locator("peer-benchmark .view");
      if (name === "All indicators") assert.equal(await view.locator("table.rug tbody tr").count(), 100, "the first page of 120 trusts");
      else if (name === "Who can learn from whom") assert.ok((await view.locator("table[part=pairing-table] tbody tr").count()) > 10);
      else {
        const figure = view.locator("figure").first();
        assert.ok((await figure.locator("figcaption").textContent()).length > 30, `${name}: a caption in words`);
        await figure.locator(".chart[data-state=drawn]").waitFor();
        assert.ok(Number(await figure.locator(".chart").getAttribute("data-marks")) > 0, `${name}: organisation marks`);
      }
      const key = name.toLowerCase().replace(/[^a-z]+/g, "-");
      const box = await view.boundingBox();
      await page.screenshot({ path: join(shots, `sample-${key}-dpr${dpr}.png`), fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1400) } });
    }
    // The results table compares each trust with its peers in words.
    await showView(page, "Funnel plot and table");
    assert.ok((await page.locator("peer-benchmark table[part=table] thead").textContent()).includes("Compared with its peers"));
    assert.match(await page.locator("peer-benchmark table[part=table] tbody").textContent(), /than its peers \(95% confidence\); peers \d/);
    assert.deepEqual(await g.violations(), []);
    assert.deepEqual(g.errors, []);
    await g.context.close();
  }
});

test("keyboard: arrow keys show each organisation's tooltip, Enter selects it in every view", async () => {
  const g = await openWithQof();
  const { page } = g;
  await showView(page, "Funnel plot and table");
  const chart = page.locator("peer-benchmark figure .chart");
  await chart.locator("canvas").waitFor();
  await page.locator("peer-benchmark figure .chart[data-state=drawn]").waitFor();
  await chart.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const tip = chart.locator(".tooltip");
  assert.equal(await tip.isVisible(), true);
  const text = await tip.textContent();
  const code = await chart.locator(".mark-ring.active").getAttribute("data-org");
  assert.ok(text.includes(code), `the tooltip names the organisation: ${text}`);
  assert.match(text, /\d/, "and gives its value");
  await page.keyboard.press("Enter");
  await page.waitForFunction((c) => document.querySelector("peer-benchmark").shadowRoot.querySelector("select[id$=-selected]").value === c, code);
  // The view is redrawn with the selection, and the keyboard user is still on the chart.
  await page.waitForFunction(() => {
    const root = document.querySelector("peer-benchmark").shadowRoot;
    return root.querySelector(".chart .mark-ring.selected") && root.activeElement && root.activeElement.dataset.focus === "chart:funnel";
  });
  // The same organisation is highlighted in the other views.
  await page.locator("peer-benchmark figure .chart .mark-ring.selected").first().waitFor();
  assert.equal(await page.locator("peer-benchmark figure .chart .mark-ring.selected").first().getAttribute("data-org"), code);
  await showView(page, "Compare organisations");
  await page.locator(`peer-benchmark figure .mark-ring.selected[data-org="${code}"]`).first().waitFor();
  await showView(page, "All indicators");
  const row = page.locator("peer-benchmark table.rug tbody tr.selected");
  // The selected practice may be on a later page of the table; the selection holds either way.
  if (await row.count()) assert.ok((await row.textContent()).includes(code));
  await showView(page, "One organisation");
  assert.ok((await page.locator("peer-benchmark .view h3").first().textContent()).includes(code));
  assert.equal(await selected(page), code);
  // Clicking an organisation in a table selects it too.
  await showView(page, "Compare organisations");
  await page.locator("peer-benchmark .view details summary").first().click();
  const other = page.locator("peer-benchmark .view table tbody tr th button.link, peer-benchmark .view table tbody tr td button.link").nth(3);
  const otherName = await other.textContent();
  await other.click();
  await page.waitForFunction((c) => document.querySelector("peer-benchmark").shadowRoot.querySelector("select[id$=-selected]").value !== c, code);
  const now = await selected(page);
  const label = await page.locator(`peer-benchmark select[id$=-selected] option[value="${now}"]`).textContent();
  assert.ok(label.includes(otherName), `${label} / ${otherName}`);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("charts download as SVG and as PNG at twice their size; the rug and the learning pack download", async () => {
  const g = await openWithQof();
  const { page } = g;
  await showView(page, "Funnel plot and table");
  const figure = page.locator("peer-benchmark figure").first();
  const [svgDownload] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", { name: "Download chart (SVG)" }).click()]);
  const svg = readFileSync(await svgDownload.path(), "utf8");
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<text[^>]*>COPD: funnel plot<\/text>/, "the chart is titled with its indicator");
  assert.match(svg, /Small-number suppression applied/, "the chart says in its own text that it is suppressed");
  assert.match(svg, /Made with Allteach on this device( from [^<]+)? on \d+ \w+ \d{4}\./, "the chart names its source and date");
  const width = Number(/viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)[1]);
  const [pngDownload] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", { name: "Download chart (PNG)" }).click()]);
  assert.equal(pngDownload.suggestedFilename(), "allteach-funnel.png");
  const png = readFileSync(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "a PNG file");
  assert.equal(png.readUInt32BE(16), Math.ceil(width * 2), "twice the chart's width");
  await pngDownload.saveAs(join(artefacts, "views", "funnel-download.png"));
  // The overview's rows as a chart.
  await showView(page, "All indicators");
  const [rug] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download these rows as a chart (PNG)" }).click()]);
  await rug.saveAs(join(artefacts, "views", "overview-download.png"));
  assert.deepEqual([...readFileSync(join(artefacts, "views", "overview-download.png")).subarray(1, 4)], [80, 78, 71]);
  // The learning pack of a practice that teaches or learns.
  await showView(page, "Who can learn from whom");
  const learner = page.locator("peer-benchmark table[part=pairing-table] tbody tr th button.link").first();
  const learnerName = await learner.textContent();
  await learner.click();
  await showView(page, "One organisation");
  const [pack] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /learning pack/ }).click()]);
  const html = readFileSync(await pack.path(), "utf8");
  await pack.saveAs(join(artefacts, "views", "learning-pack.html"));
  assert.match(html, /^<!doctype html>/i);
  assert.ok(html.includes(learnerName.replace(/&/g, "&amp;").split(" (")[0]), "the pack names the organisation");
  assert.match(html, /<svg/);
  assert.doesNotMatch(html, /<script/i);
  assert.match(html, /Produced on this device by Allteach [\d.]+<span data-slot="date"> on \d+ \w+ \d{4}<\/span>\./);
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("the overview sorts worst first on a column and filters by name or code", async () => {
  const g = await openWithQof();
  const { page } = g;
  const table = page.locator("peer-benchmark table.rug");
  const firstIndicator = table.locator("thead th").nth(2);
  await firstIndicator.locator("button.sort").click();
  await page.locator("peer-benchmark table.rug thead th[aria-sort=ascending]").waitFor();
  const firstCell = table.locator("tbody tr").first().locator("td.cell").first();
  assert.match(await firstCell.getAttribute("class"), /worse_998|worse_95/);
  // A screen reader hears the mark's meaning in words, then the value, as the cell's one name.
  const mark = firstCell.getByRole("img");
  assert.match(await mark.getAttribute("aria-label"), /^Significantly worse than .+ \((95|99\.8)% confidence\): \d/);
  assert.match(await firstCell.evaluate((cell) => cell.textContent), /^▼ \d/);
  await firstIndicator.locator("button.sort").click();
  await page.locator("peer-benchmark table.rug thead th[aria-sort=descending]").waitFor();
  assert.doesNotMatch(await table.locator("tbody tr").first().locator("td.cell").first().getAttribute("class"), /worse/);
  await page.locator("peer-benchmark input[id$=-ov-search]").fill("A81001");
  await page.locator("peer-benchmark input[id$=-ov-search]").press("Enter");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").shadowRoot.querySelectorAll("table.rug tbody tr").length === 1);
  assert.match(await table.locator("tbody tr").first().textContent(), /A81001/);
  await g.context.close();
});

/**
 * Enter on the organisation of the 90th row of `view`'s table `table` selects it; the view, drawn
 * again (its rows a frame at a time), keeps the keyboard on that organisation. Returns its focus key.
 */
async function selectKeepsKeyboardPlace(page, view, table) {
  const button = view.locator(`${table} tbody tr`).nth(89).locator("button.link");
  const code = await button.getAttribute("data-focus");
  await button.focus();
  await page.keyboard.press("Enter");
  await page.locator(`peer-benchmark ${table} tbody tr.selected`).waitFor();
  await view.waitFor({ state: "attached" });
  await page.waitForFunction((key) => document.querySelector("peer-benchmark").shadowRoot.activeElement?.dataset.focus === key, code);
  return code;
}

/** In the page: counts the rows added to the body of the table `selector` names, batch by batch, in `window.rowBatches`. */
function watchRowBatches(selector = "table.rug") {
  window.rowBatches = [];
  const root = document.querySelector("peer-benchmark").shadowRoot;
  new MutationObserver((records) => {
    const added = records.filter((r) => r.target.matches && r.target.matches(`${selector} tbody`)).reduce((n, r) => n + r.addedNodes.length, 0);
    if (added) window.rowBatches.push(added);
  }).observe(root, { childList: true, subtree: true });
}

test("the overview's rows arrive about 500 cells a frame, and a keyboard user's place in a later row is kept", async () => {
  const g = await openWithQof();
  const { page } = g;
  const overview = page.locator('peer-benchmark .view[data-view="overview"]');
  await overview.waitFor({ state: "attached" });
  // Rows added to the overview's table, batch by batch, while a sort draws it again.
  await page.evaluate(watchRowBatches);
  await page.locator("peer-benchmark table.rug thead th").nth(2).locator("button.sort").click();
  await page.locator("peer-benchmark table.rug thead th[aria-sort=ascending]").waitFor();
  await overview.waitFor({ state: "attached" });
  assert.equal(await overview.locator("table.rug tbody tr").count(), 100, "every row of the page, once the view is drawn whole");
  const batches = await page.evaluate(() => window.rowBatches);
  // Rows of 9 cells (name, code, 3 registers, better, worse, teaches, learns): 56 a frame, the
  // first 56 with the table, the other 44 into the table on the page in the next frame.
  assert.deepEqual(batches, [44]);
  await selectKeepsKeyboardPlace(page, overview, "table.rug");
  // Drawn whole, and then another view: neither keeps a held height.
  const heldHeight = () => page.evaluate(() => document.querySelector("peer-benchmark").shadowRoot.querySelector(".view").style.minHeight);
  assert.equal(await heldHeight(), "");
  await showView(page, "Compare organisations");
  assert.equal(await heldHeight(), "");
  await g.context.close();
});

test("the results table's rows arrive about 500 cells a frame, and a keyboard user's place in a later row is kept", async () => {
  const g = await openWithQof();
  const { page } = g;
  await page.locator('peer-benchmark .view[data-view="overview"]').waitFor({ state: "attached" });
  await page.evaluate(watchRowBatches, "table[part=table]");
  await showView(page, "Funnel plot and table");
  const funnel = page.locator('peer-benchmark .view[data-view="funnel"]');
  assert.equal(await funnel.locator("table[part=table] tbody tr").count(), 250, "every row of the page, once the view is drawn whole");
  // Rows of 11 cells: 45 a frame, the first 45 with the table, the rest into the table on the
  // page a frame at a time.
  assert.deepEqual(await page.evaluate(() => window.rowBatches), [45, 45, 45, 45, 25]);
  const code = await selectKeepsKeyboardPlace(page, funnel, "table[part=table]");
  assert.equal(await funnel.locator("table[part=table] tbody tr.selected button.link").getAttribute("data-focus"), code);
  await g.context.close();
});

test("an element not yet in the page gets every row of its table (nothing is drawn there to wait for)", async () => {
  const g = await guardedPage(browser, (u) => u === fileUrl, { viewport: { width: 1100, height: 900 } });
  const { page } = g;
  await page.goto(fileUrl);
  const rows = await page.evaluate(async ([csv, options]) => {
    await customElements.whenDefined("peer-benchmark");
    const element = document.createElement("peer-benchmark");
    await element.load(new TextEncoder().encode(csv), options);
    const count = () => element.shadowRoot.querySelectorAll("table.rug tbody tr").length;
    const before = count();
    document.body.append(element);
    return [before, count()];
  }, [qof, { polarity: "higher_is_better" }]);
  // 100 rows of 7 cells: 71 would come with the table, the rest only in frames of a page.
  assert.deepEqual(rows, [100, 100]);
  await g.context.close();
});

test("a table's rows all come where the page draws no frames: hidden, or frames stopped", async () => {
  for (const hidden of [true, false]) {
    const g = await guardedPage(browser, (u) => u === fileUrl, { viewport: { width: 1100, height: 900 } });
    const { page } = g;
    // No frames at all (as in a hidden tab, or an iframe off screen); the page hidden or not.
    await page.addInitScript((isHidden) => {
      window.requestAnimationFrame = () => 0;
      if (isHidden) Object.defineProperty(document, "hidden", { get: () => true });
    }, hidden);
    await g.page.goto(fileUrl);
    await page.evaluate(() => customElements.whenDefined("peer-benchmark"));
    await page.evaluate(([csv, options]) => document.querySelector("peer-benchmark").load(new TextEncoder().encode(csv), options), [qof, qofOptions]);
    await page.locator('peer-benchmark .view[data-view="overview"]').waitFor({ state: "attached" });
    // The results table: 250 rows of 11 cells, 45 with the table, the rest into the table on the
    // page at once when hidden, else 45 at a time (each within 100 ms without frames).
    await page.evaluate(watchRowBatches, "table[part=table]");
    await showView(page, "Funnel plot and table");
    const funnel = page.locator('peer-benchmark .view[data-view="funnel"]');
    assert.equal(await funnel.locator("table[part=table] tbody tr").count(), 250, `hidden: ${hidden}`);
    assert.deepEqual(await page.evaluate(() => window.rowBatches), hidden ? [205] : [45, 45, 45, 45, 25], `hidden: ${hidden}`);
    await g.context.close();
  }
});

test("a profile of more indicators than one table holds shows them as pages of columns, and the chart download follows", async () => {
  const g = await guardedPage(browser, (u) => u === fileUrl, { viewport: { width: 1100, height: 900 } });
  const { page } = g;
  await page.goto(fileUrl);
  // 30 indicators, so two pages of columns (25 and 5); D is worse than the others on the 30th.
  let csv = "Code,Indicator,Numerator,Denominator\n";
  for (let i = 1; i <= 30; i++) for (const [code, n] of [["A", 50], ["B", 52], ["C", 48], ["D", i === 30 ? 9 : 51]]) csv += `${code},Indicator ${i},${n},100\n`;
  await page.evaluate(
    (text) => customElements.whenDefined("peer-benchmark").then(() => document.querySelector("peer-benchmark").load(new TextEncoder().encode(text), { polarity: "higher_is_better" })),
    csv,
  );
  const view = page.locator("peer-benchmark section[part=overview]");
  await view.locator("table.rug").waitFor();
  const headings = () => view.locator("table.rug thead th button.sort").allTextContents();
  assert.deepEqual((await headings()).slice(1, 4), ["Code", "Indicator 1", "Indicator 2"]);
  assert.equal((await headings()).length, 2 + 25 + 2);
  assert.match(await view.locator("caption").textContent(), /on indicators 1 to 25 of 30/);
  assert.ok(await view.getByRole("button", { name: "Previous indicators" }).isDisabled());
  await view.getByText("Indicators 1 to 25 of 30", { exact: true }).waitFor();
  await view.getByRole("button", { name: "Next indicators" }).focus();
  await page.keyboard.press("Enter");
  await view.getByText("Indicators 26 to 30 of 30", { exact: true }).waitFor();
  // The last page's "Next" is disabled: the keyboard's place moves to "Previous", not the page's start.
  const focused = () => page.evaluate(() => document.querySelector("peer-benchmark").shadowRoot.activeElement?.textContent);
  assert.equal(await focused(), "Previous indicators");
  assert.deepEqual((await headings()).slice(2, 7), ["Indicator 26", "Indicator 27", "Indicator 28", "Indicator 29", "Indicator 30"]);
  const d = view.locator("table.rug tbody tr").filter({ has: page.locator("th", { hasText: /^D$/ }) });
  assert.match(await d.locator("td.cell").last().getAttribute("class"), /worse/);
  assert.equal(await view.locator("table.rug tbody td.worse_95, table.rug tbody td.worse_998").count(), 1, "only D on the 30th");
  await view.screenshot({ path: join(shots, "overview-second-page-of-indicators.png") });
  // Sorted by an indicator on this page, then shown another page: the page says how it is sorted.
  await view.locator("table.rug thead th").filter({ hasText: "Indicator 30" }).locator("button.sort").click();
  await view.locator("table.rug thead th[aria-sort=ascending]").waitFor();
  assert.match(await view.locator("table.rug tbody tr").first().locator("th").textContent(), /^D$/, "D, the worst on the 30th, first");
  await view.getByRole("button", { name: "Previous indicators" }).click();
  await view.getByText("Rows are sorted by Indicator 30, worst first: it is on another page of indicators.").waitFor();
  await view.getByRole("button", { name: "Next indicators" }).click();
  await view.locator("table.rug thead th[aria-sort=ascending]").waitFor();
  // The chart of these rows draws the same columns.
  const [svg] = await Promise.all([page.waitForEvent("download"), view.getByRole("button", { name: "Download these rows as a chart (SVG)" }).click()]);
  const text = readFileSync(await svg.path(), "utf8");
  assert.ok(text.includes("Showing indicators 26 to 30 of 30.") && text.includes("Indicator 30") && !text.includes(">Indicator 25<"), "the download's columns");
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("the pairs view shows learning sets, teachers beyond the nearest peers, and who is left without a teacher and why", async () => {
  const g = await openWithQof();
  const { page } = g;
  // A distance cap leaves some learners without a teacher, with the reason.
  await page.evaluate((options) => {
    const element = document.querySelector("peer-benchmark");
    element.options = Object.assign({}, options, { pairing: Object.assign({}, options.pairing, { max_distance: 0.05 }) });
  }, qofOptions);
  await page.waitForFunction(() => (document.querySelector("peer-benchmark").report || {}).unmatched?.length > 0);
  await showView(page, "Who can learn from whom");
  const view = page.locator("peer-benchmark section[part=pairing]");
  await view.waitFor();
  assert.match(await view.locator(".summary").textContent(), /have no teacher: the list below says why/);
  await view.locator("details[part=unmatched] summary").click();
  const why = await view.locator("details[part=unmatched] tbody tr td").nth(1).textContent();
  assert.match(why, /distance cap/);
  // Without the cap, every learner has a teacher, some in a learning set or from beyond its peers.
  await page.evaluate((options) => (document.querySelector("peer-benchmark").options = options), qofOptions);
  await page.waitForFunction(() => (document.querySelector("peer-benchmark").report || {}).pairing_summary?.matched > 600);
  await showView(page, "Who can learn from whom");
  await page.locator("peer-benchmark section[part=pairing] .badge.set").first().waitFor();
  assert.ok((await page.locator("peer-benchmark section[part=pairing] .badge.set").count()) > 0, "a learning set is shown");
  await page.locator("peer-benchmark section[part=pairing] table[part=pairing-table] tbody tr").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "pairs-sets.png") });
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("every pairing choice is in the page's settings, shows the value in force, and refuses what cannot be used with a sentence", async () => {
  const g = await openWithQof();
  const { page } = g;
  const report = () => page.evaluate(() => document.querySelector("peer-benchmark").report);
  const before = await report();
  await page.locator("peer-benchmark details.more-settings summary").click();
  const box = page.locator("peer-benchmark fieldset.pairing-settings");
  const field = (label) => box.getByLabel(label, { exact: true });
  // The values in force: those given (max_topics 2, capacity_total 3) and the core's defaults (set size 4).
  assert.equal(await field("Indicators a learner works on at once").inputValue(), "2");
  assert.equal(await field("Learners per teacher on one indicator, one to one").inputValue(), "2");
  assert.equal(await field("Largest learning set").inputValue(), "4");
  assert.equal(await field("Learners per teacher in all (blank: no limit)").inputValue(), "3");
  assert.equal(await field("Most different a teacher may be (blank: no limit)").inputValue(), "");
  assert.equal(await field("Confidence").inputValue(), "0.95");
  // A number that cannot be used is named beside its field, and nothing re-runs.
  await field("Largest learning set").fill("2.5");
  await field("Largest learning set").press("Tab");
  await box.getByRole("alert").filter({ hasText: "Largest learning set: a whole number of 1 or more." }).waitFor();
  assert.equal(await field("Largest learning set").getAttribute("aria-invalid"), "true");
  assert.match(await field("Largest learning set").getAttribute("aria-describedby"), /-problem$/, "the problem is said with the field");
  await field("Most different a teacher may be (blank: no limit)").fill("-1");
  await field("Most different a teacher may be (blank: no limit)").press("Tab");
  await box.getByRole("alert").filter({ hasText: "Most different a teacher may be (blank: no limit): a number of 0 or more, or blank." }).waitFor();
  await field("Most different a teacher may be (blank: no limit)").fill("");
  assert.equal((await report()).pairing_summary.set_size, 4);
  await box.screenshot({ path: join(shots, "pairing-settings.png") });
  // One indicator at a time: no learner has two teachers, and the report says what was used.
  await field("Indicators a learner works on at once").fill("1");
  await field("Indicators a learner works on at once").press("Tab");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report.pairing_summary.max_topics === 1);
  const one = await report();
  const learners = one.pairings.map((p) => p.learner);
  assert.equal(new Set(learners).size, learners.length, "each learner on one indicator");
  assert.ok(one.pairings.length < before.pairings.length, `${one.pairings.length} pairs with one indicator each, ${before.pairings.length} with two`);
  // A distance cap leaves learners without a teacher, each listed with why.
  // The settings are drawn again with the new report; open them again if they closed.
  if (!(await box.isVisible())) await page.locator("peer-benchmark details.more-settings summary").click();
  await field("Most different a teacher may be (blank: no limit)").fill("0.05");
  await field("Most different a teacher may be (blank: no limit)").press("Tab");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").report.pairing_summary.max_distance === 0.05);
  const capped = await report();
  assert.equal(capped.pairing_summary.max_topics, 1, "the earlier choice is kept");
  assert.ok(capped.unmatched.some((u) => /distance cap/.test(u.reason)));
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("every view at national scale (6,378 practices × 21 registers) is drawn with every mark, photographed at DPR 1 and 2", async () => {
  const national = join(root, "bench", "data", "qof_2223_prevalence_by_practice_long.csv");
  for (const dpr of [1, 2]) {
    const g = await guardedPage(browser, (u) => u === fileUrl, { deviceScaleFactor: dpr, viewport: { width: 1100, height: 900 } });
    const { page } = g;
    await page.goto(fileUrl);
    await page.locator("peer-benchmark input[type=file]").first().setInputFiles(national);
    await page.locator("peer-benchmark nav.views").waitFor({ timeout: 120000 });
    // The 6,378 organisations are put in the picker when a person reaches it, not before (their
    // style and layout were a 100 ms task of the first view).
    const picker = page.locator("peer-benchmark select[id$=-selected]");
    assert.equal(await picker.locator("option").count(), 1, "only (none) before the picker is reached");
    // Selected elsewhere (rows of the overview), it shows there all the same, and a list not yet
    // filled holds only "(none)" and the one selected (a screen reader announces its length).
    for (const row of [0, 1]) {
      const button = page.locator("peer-benchmark .view table tbody th button.link").nth(row);
      const name = await button.textContent();
      await button.click();
      await page.waitForFunction((name) => document.querySelector("peer-benchmark").shadowRoot.querySelector("select[id$=-selected]").selectedOptions[0]?.textContent.startsWith(name), name);
      assert.equal(await picker.locator("option").count(), 2);
    }
    await picker.focus();
    assert.equal(await picker.locator("option").count(), 6379);
    await picker.selectOption({ index: 100 });
    const selected = await page.locator("peer-benchmark select[id$=-selected]").inputValue();
    for (const name of ["All indicators", "Compare organisations", "Funnel plot and table", "One organisation"]) {
      await showView(page, name);
      const view = page.locator("peer-benchmark .view");
      if (name !== "All indicators") {
        const chart = view.locator("figure .chart").first();
        await view.locator("figure .chart[data-state=drawn]").first().waitFor({ timeout: 60000 });
        const marks = Number(await chart.getAttribute("data-marks"));
        assert.equal(marks, name === "One organisation" ? 21 : 6378, `${name}: every mark drawn`);
        // Crisp at this pixel ratio: the canvas's backing store is its CSS size times it.
        const [store, css] = await chart.locator("canvas").evaluate((c) => [c.width, c.getBoundingClientRect().width]);
        assert.equal(store, Math.round(css * dpr), `${name} at DPR ${dpr}`);
        // The selected practice is ringed where its mark is.
        assert.equal(await chart.locator(`.mark-ring.selected[data-org="${selected}"]`).count(), name === "One organisation" ? 0 : 1, name);
      }
      // The chart (or the start of the overview's table), as a person looks at it.
      const key = name.toLowerCase().replace(/[^a-z]+/g, "-");
      const shown = name === "All indicators" ? view.locator("table.rug tbody tr").first() : view.locator("figure").first();
      await shown.screenshot({ path: join(shots, `national-${key}-dpr${dpr}.png`) });
    }
    assert.deepEqual(await g.violations(), []);
    assert.deepEqual(g.errors, []);
    await g.context.close();
  }
});

test("one ICB's practices are shown in colour against everyone else's in grey, chosen in the page", async () => {
  const g = await openWithQof();
  const { page } = g;
  await showView(page, "Compare organisations");
  await page.locator("peer-benchmark select[id$=-group-column]").selectOption("ICB");
  await page.locator("peer-benchmark select[id$=-group-value] option[value=QHM]").waitFor({ state: "attached" });
  await page.locator("peer-benchmark select[id$=-group-value]").selectOption("QHM");
  const note = page.locator("peer-benchmark .view p.method", { hasText: "In colour:" });
  await note.waitFor();
  assert.match(await note.textContent(), /^In colour: \d+ organisations with "QHM" in ICB, drawn on top; in grey, the other \d+\./);
  await page.locator("peer-benchmark .view figure .chart[data-state=drawn]").first().waitFor();
  await page.locator("peer-benchmark .view figure").first().screenshot({ path: join(shots, "group-against-everyone.png") });
  // The funnel keeps the group, and its download says so.
  await showView(page, "Funnel plot and table");
  await page.locator("peer-benchmark .view p.method", { hasText: "In colour:" }).waitFor();
  assert.equal(await page.locator("peer-benchmark select[id$=-group-value]").inputValue(), "QHM");
  const figure = page.locator("peer-benchmark figure").first();
  const [download] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", { name: "Download chart (SVG)" }).click()]);
  assert.match(readFileSync(await download.path(), "utf8"), /In colour: \d+ organisations with &quot;QHM&quot; in ICB/);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});

test("an organisation is found by typing its code, or its name as the list offers it, and is selected", async () => {
  const g = await openWithQof();
  const { page } = g;
  const find = page.locator("peer-benchmark input[id$=-find-organisation]");
  await find.fill("a81006");
  await find.press("Enter");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").shadowRoot.querySelector("select[id$=-selected]").value === "A81006");
  const label = await page.locator('peer-benchmark select[id$=-selected] option[value="A81006"]').textContent();
  // And by the name as the list offers it.
  await find.fill(label);
  await page.locator("peer-benchmark select[id$=-selected]").selectOption("");
  await find.press("Enter");
  await page.waitForFunction(() => document.querySelector("peer-benchmark").shadowRoot.querySelector("select[id$=-selected]").value === "A81006");
  assert.equal(await page.locator("peer-benchmark datalist option").count(), 764, "every practice offered as one types");
  assert.deepEqual(await g.violations(), []);
  assert.deepEqual(g.errors, []);
  await g.context.close();
});
