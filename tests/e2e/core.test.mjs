// dist/allteach-core.mjs: the DOM-free public API, in Node and in Chromium.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { root, launch, guardedPage } from "./helpers.mjs";
import { serve } from "../../tools/serve.mjs";
import { analyse, analyseJson, version } from "../../dist/allteach-core.mjs";

const sample = readFileSync(join(root, "samples", "ae_type1_4hr_2026-06.csv"));

/** Fails on undefined, NaN, Infinity, Map or anything JSON would not keep. */
function assertJsonCompatible(value, path = "report") {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    assert.ok(Number.isFinite(value), `${path} is ${value}`);
    return;
  }
  assert.notEqual(value, undefined, `${path} is undefined`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJsonCompatible(v, `${path}[${i}]`));
    return;
  }
  assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} is not a plain object`);
  for (const [k, v] of Object.entries(value)) assertJsonCompatible(v, `${path}.${k}`);
}

test("analyse() in Node returns a plain JSON-compatible report with the documented names", () => {
  const report = analyse(sample, { polarity: "higher_is_better" });
  assertJsonCompatible(report);
  assert.deepEqual(Object.keys(report.rows), ["read", "used", "excluded", "partly_used"]);
  assert.equal(report.rows.read, 120);
  const indicator = report.indicators[0];
  assert.deepEqual(
    ["id", "name", "type", "polarity", "multiplier", "benchmark", "organisations"].filter((k) => !(k in indicator)),
    [],
  );
  const org = indicator.organisations.find((o) => o.code === "R0A");
  // Manchester University NHS FT, June 2026: 16,813 of 28,237 Type 1 attendances within 4 hours.
  assert.equal(org.numerator, 16813);
  assert.equal(org.denominator, 28237);
  assert.ok(Math.abs(org.value - (100 * 16813) / 28237) < 1e-12);
  assert.ok(org.ci95[0] < org.value && org.value < org.ci95[1]);
  assert.ok(org.ci998[0] < org.ci95[0] && org.ci95[1] < org.ci998[1]);
  for (const o of indicator.organisations) {
    assert.ok(["better", "similar", "worse"].includes(o.comparison));
    assert.ok(["high_998", "high_95", "not_significant", "low_95", "low_998"].includes(o.funnel));
  }
  assert.equal(version(), "0.1.0");
});

test("organisations built when first read behave as plain data: serialised, cloned, replaced", () => {
  const report = analyse(sample, {});
  const text = JSON.stringify(report); // builds them through the getters
  assert.equal(text, JSON.stringify(JSON.parse(analyseJson(sample, {}))));
  const indicator = report.indicators[0];
  assert.ok(Object.keys(indicator).includes("organisations"));
  assert.deepEqual(structuredClone(report), JSON.parse(text));
  assert.equal(indicator.organisations, indicator.organisations, "built once, then the same array");
  assert.ok(Array.isArray(Object.getOwnPropertyDescriptor(indicator, "organisations").value), "an ordinary data property once read");
  indicator.organisations = indicator.organisations.slice(0, 2);
  assert.equal(indicator.organisations.length, 2);
  // Assigned before it was ever read: the assigned value, as data.
  const other = analyse(sample, {}).indicators[0];
  other.organisations = [];
  assert.deepEqual(Object.getOwnPropertyDescriptor(other, "organisations"), { value: [], writable: true, enumerable: true, configurable: true });
});

test("pairs and learners left out are built when first read, either one first, as plain data after", () => {
  const options = { columns: { context: ["Patients (all ages)", "% aged 50+", "IMD 2019"] }, peers: { k: 10 }, pairing: { max_distance: 0.1 }, polarity: "higher_is_better" };
  const qof = readFileSync(join(root, "tests", "fixtures", "qof_two_icbs_with_context.csv"));
  const expected = JSON.parse(analyseJson(qof, options));
  for (const first of ["unmatched", "pairings"]) {
    const report = analyse(qof, options);
    assert.equal(typeof Object.getOwnPropertyDescriptor(report, "pairings").get, "function", "not built by analyse()");
    assert.deepEqual(report[first], expected[first]);
    const other = first === "pairings" ? "unmatched" : "pairings";
    assert.ok(expected[other].length > 0);
    assert.deepEqual(report[other], expected[other], `${other} after ${first}`);
    assert.ok(Array.isArray(Object.getOwnPropertyDescriptor(report, "pairings").value) && Array.isArray(Object.getOwnPropertyDescriptor(report, "unmatched").value));
  }
});

test("analyse() builds exactly the report analyseJson() writes as text", () => {
  const qof = readFileSync(join(root, "tests", "fixtures", "qof_two_icbs_with_context.csv"), "utf8");
  const qofNamed = new TextEncoder().encode(qof.replaceAll("Park Surgery", "Park Surgery 🏥 Gŵyr").replaceAll("Alma Medical Centre", ""));
  const long = readFileSync(join(root, "bench", "data", "qof_2223_prevalence_by_practice_long.csv")).subarray(0, 200000);
  const cases = [
    [sample, {}],
    [sample, { benchmark: { code: "NOT-THERE" }, polarity: "no_judgement" }],
    [sample, { overdispersion: { method: "additive" } }],
    [readFileSync(join(root, "tests", "fixtures", "reference", "phe_fixture_mean_inputs.csv")), { columns: { code: "area", value: "values" }, type: "mean" }],
    [long, { columns: { code: "PRACTICE_CODE", indicator: "GROUP_CODE", numerator: "REGISTER", denominator: "PRACTICE_LIST_SIZE" } }],
    [new TextEncoder().encode("Code,Name,Numerator,Denominator\nA,,1,10\nB,Beta,x,10\nC,Gamma,3,10\n"), { multiplier: 1 }],
    // Monthly series: the SPC points come through their own columns, their limits once per run
    // of points that share them (a rebase starts another run).
    [readFileSync(join(root, "samples", "ae_type1_4hr_monthly_2021-04_to_2026-06.csv")), { polarity: "higher_is_better", spc: { rebase: ["2023-04"], fix_after: 12 } }],
    [readFileSync(join(root, "samples", "ae_type1_4hr_monthly_2021-04_to_2026-06.csv")), { polarity: "higher_is_better", spc: { target: 78 } }],
    // Peers on context: opportunities to the peers' best quarter beside some without one; pairs
    // (a teacher without a name, a name beyond ASCII, teachers beyond the peers), and with a
    // distance cap learners left unmatched (their own columns in the transfer).
    [qofNamed, { columns: { context: ["Patients (all ages)", "% aged 50+", "IMD 2019"] }, peers: { k: 10 }, polarity: "higher_is_better" }],
    [qofNamed, { columns: { context: ["Patients (all ages)", "% aged 50+", "IMD 2019"] }, peers: { k: 10 }, pairing: { max_distance: 0.1 }, polarity: "higher_is_better" }],
    // Two indicators, a name missing, quotes and a comma in a name, a named benchmark, adjusted
    // funnel positions, opportunities and peers (the case the Rust copy of the decoder held).
    [
      new TextEncoder().encode('Code,Name,Indicator,Numerator,Denominator\nA,Alpha,X,5,10\nB,,X,1,10\nA,Alpha,Y,3,30\nB,Beta,Y,9,30\nC,Gamma,Y,90,100\nD,"Delta, ""the"" surgery",Y,5,100\nE,Eps,Y,50,100\n'),
      { polarity: "higher_is_better", benchmark: { code: "B" }, overdispersion: { method: "additive" }, peers: { within: "Name" } },
    ],
  ];
  for (const [bytes, options] of cases) {
    const report = analyse(bytes, options);
    assert.deepEqual(report, JSON.parse(analyseJson(bytes, options)));
    // deepEqual ignores the order of keys; the text does not.
    assert.equal(JSON.stringify(report), JSON.stringify(JSON.parse(analyseJson(bytes, options))));
  }
  // The cases reach what they are for: opportunities, adjusted funnels, names with quotes, SPC points.
  const rebased = analyse(cases.at(-5)[0], cases.at(-5)[1]).indicators[0].organisations[0].spc.points;
  assert.equal(new Set(rebased.map((p) => p.mean)).size, 2, "two runs of limits, before and after the rebase");
  const two = analyse(cases.at(-1)[0], cases.at(-1)[1]).indicators[1].organisations;
  assert.ok(two.some((o) => o.opportunity) && two.some((o) => o.funnel_adjusted) && two.some((o) => o.name === 'Delta, "the" surgery'));
  const monthly = analyse(cases.at(-4)[0], cases.at(-4)[1]).indicators[0].organisations[0].spc.points;
  const paired = analyse(cases.at(-3)[0], cases.at(-3)[1]);
  const withPeers = paired.indicators.flatMap((i) => i.organisations.map((o) => o.opportunity));
  assert.ok(withPeers.some((p) => p && p.to_peer_best_quartile) && withPeers.some((p) => p && !p.to_peer_best_quartile) && withPeers.includes(null));
  const pairs = paired.pairings;
  assert.ok(pairs.some((p) => p.teacher_name === null) && pairs.some((p) => p.reasons.join().includes("🏥 Gŵyr")) && pairs.some((p) => p.beyond_peers));
  const capped = analyse(cases.at(-2)[0], cases.at(-2)[1]);
  assert.ok(capped.unmatched.length > 0 && capped.unmatched.some((u) => u.learner_name === null) && capped.pairings.some((p) => p.reciprocal));
  assert.ok(monthly.length > 24 && monthly.some((p) => p.point_type !== "common_cause"));
});

test("options cross as JavaScript values and a misspelt or unusable one is refused by name, not ignored", () => {
  assert.throws(() => analyse(sample, { polarty: "lower_is_better" }), /polarty: unknown field `polarty`/);
  assert.throws(() => analyse(sample, { columns: { numerater: "x" } }), /columns\.numerater: unknown field `numerater`/);
  assert.throws(() => analyse(sample, { pairing: { capacity: 2.5 } }), /pairing\.capacity: invalid type: floating point `2\.5`, expected a whole number from 0 to 4,294,967,295/);
  assert.throws(() => analyse(sample, { columns: { context: ["a", 3] } }), /columns\.context\[1\]: invalid type: integer `3`/);
  assert.throws(() => analyse(sample, { multiplier: Number.NaN }), /"multiplier" is NaN/);
  assert.equal(analyse(sample, { polarity: "lower_is_better" }).indicators[0].polarity, "lower_is_better");
});

test("analyse() throws an Error in words when nothing usable can be read, and rejects non-bytes", () => {
  assert.throws(() => analyse(new Uint8Array(0)), { name: "Error", message: /empty/ });
  assert.throws(() => analyse(new TextEncoder().encode("Code,Count\nA,1\n")), /denominator/);
  assert.throws(() => analyse("Code,Numerator,Denominator"), TypeError);
  assert.throws(() => analyse(sample, { polarity: "upwards" }), /upwards/);
  // After errors the module still works.
  assert.equal(analyse(sample).rows.used, 120);
});

test("analyse() runs in Chromium from the ES module under the strict host CSP", async () => {
  const site = await serve(join(root, "dist"), 0, {
    extra: {
      "/core.html": `<!doctype html><html lang="en"><head><title>core</title><script type="module" src="core-page.mjs"></script></head><body></body></html>`,
      "/core-page.mjs": `import { analyse } from "./allteach-core.mjs";
        const bytes = new TextEncoder().encode("Code,Numerator,Denominator\\nA,10,100\\nB,50,100\\n");
        window.result = analyse(bytes, { polarity: "lower_is_better" });`,
    },
  });
  const browser = await launch();
  try {
    const g = await guardedPage(browser, (u) => u.startsWith(site.url));
    await g.page.goto(site.url + "core.html");
    await g.page.waitForFunction(() => window.result);
    const report = await g.page.evaluate(() => window.result);
    assert.equal(report.indicators[0].organisations[0].comparison, "better");
    assert.deepEqual(await g.violations(), []);
    assert.deepEqual(g.strayRequests(), []);
  } finally {
    await browser.close();
    site.server.close();
  }
});

test("options that cannot be used get a sentence before any work: NaN, Infinity, capacity 0, k beyond the organisations, a period without periods", () => {
  const thrown = (options) => {
    try {
      analyse(sample, options);
    } catch (e) {
      assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `${e}`);
      return e.message;
    }
    assert.fail(`no error for ${JSON.stringify(options)}`);
  };
  assert.match(thrown({ multiplier: NaN }), /"multiplier" is NaN, which is not a number that can be used/);
  assert.match(thrown({ multiplier: Number("1e999") }), /"multiplier" is Infinity/);
  assert.match(thrown({ peers: { within: "Region" }, pairing: { capacity: 0 } }), /pairing.capacity must be at least 1/);
  assert.match(thrown({ period: "2024-03" }), /no period column/);
  const report = analyse(sample, { columns: { context: ["Type 1 attendances"] }, peers: { k: 5000 } });
  assert.ok(report.warnings.some((w) => /peers.k is 5000, but there are only \d+ organisations/.test(w)), report.warnings.join("\n"));
});

test("workbooks are read by the workbook reader in Node: the sheet option, a joined workbook, a damaged one", () => {
  const workbook = readFileSync(join(root, "tests", "fixtures", "excel", "ae_two_sheets.xlsx"));
  const first = analyse(workbook, {});
  assert.equal(first.rows.read, 42);
  // The sheet by position and by name, and the first sheet holding figures when none is named.
  assert.equal(analyseJson(workbook, { sheet: 1 }), analyseJson(workbook, { sheet: "Data" }));
  assert.equal(analyseJson(workbook, { sheet: 1 }), analyseJson(workbook, {}));
  assert.throws(() => analyse(workbook, { sheet: "Nope" }), /The workbook has no sheet "Nope"\. Its sheets are: "Notes", "Data"\./);
  assert.throws(() => analyse(workbook, { sheet: true }), /The sheet must be a sheet name or a number counting from 0; found true\./);
  // A workbook joined to a CSV is read as a table too: its columns arrive, marked as file 2's.
  assert.throws(() => analyse([sample, workbook], {}), /"Seen within 4 hours \(file 2\)"/);
  // A workbook the reader chokes on is said in words, and the next call works.
  assert.throws(() => analyse(readFileSync(join(root, "tests", "corpus", "hostile", "truncated_50pc.xls")), {}), /looks damaged/);
  assert.equal(analyse(workbook, {}).rows.read, 42);
});
