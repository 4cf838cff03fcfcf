// The report described once: the TypeScript types the package ships (pkg-config/*.d.ts) are
// checked against real reports by the TypeScript compiler itself. Each report is written out as
// an object literal typed `Report`, so a field the types do not declare (excess property), a
// field they declare that is missing, or a null where they do not allow one fails the test.
// The decoder is held to the JSON report by core.test.mjs; together the three cannot drift.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import ts from "typescript";
import { analyse } from "../../dist/allteach-core.mjs";
import { root, artefacts } from "./helpers.mjs";

const read = (path) => readFileSync(join(root, path));

/** Reports of different shapes: peers and pairs, periods and SPC, a join, Fingertips, a question answered. */
function reports() {
  return {
    pairs: analyse(read("tests/fixtures/qof_two_icbs_with_context.csv"), { columns: { context: ["Patients (all ages)", "% aged 50+", "IMD 2019"] }, peers: { k: 10 }, pairing: {}, polarity: "higher_is_better" }),
    series: analyse(read("samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv"), { polarity: "higher_is_better", spc: { target: 78 }, peers: { within: "Region" }, pairing: { teachers: "both" } }),
    joined: analyse([read("tests/corpus/real/qof_prevalence_long_excerpt.csv"), read("tests/corpus/real/practice_context_for_join_excerpt.csv")], { columns: { context: ["IMD"] } }),
    fingertips: analyse(read("tests/corpus/real/fingertips_dementia_prevalence.csv")),
    daily: analyse(read("tests/corpus/real/handover_delays_daily_2018-19_excerpt.csv"), { columns: { numerator: ["handover_delay_30_60_mins", "handover_delay_over_60_mins"], denominator: "arriving_by_ambulance" } }),
    values: analyse(read("tests/corpus/real/practice_imd_scores_by_year_excerpt.csv")),
  };
}

/** A report small enough to type-check: a few organisations, pairs and peers of each kind kept. */
function trimmed(report) {
  const r = JSON.parse(JSON.stringify(report));
  for (const indicator of r.indicators) {
    const some = indicator.organisations.filter((o, i) => i < 3 || o.opportunity || o.spc);
    indicator.organisations = some.slice(0, 8);
  }
  r.pairings = r.pairings.slice(0, 5);
  r.roles = r.roles.slice(0, 5);
  r.unmatched = r.unmatched.slice(0, 5);
  if (r.peers) r.peers.organisations = r.peers.organisations.slice(0, 3);
  return r;
}

test("the shipped types describe every report field for field, nulls included", () => {
  const declarations = join(root, "pkg-config", "allteach-core.d.ts");
  const body = Object.entries(reports())
    .map(([name, report]) => `export const ${name}: Report = ${JSON.stringify(trimmed(report), null, 1)};`)
    .join("\n");
  mkdirSync(artefacts, { recursive: true });
  const file = join(artefacts, "reports-typed.ts");
  writeFileSync(file, `import type { Report } from ${JSON.stringify(declarations.replace(/\.d\.ts$/, ""))};\n${body}\n`);
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    return `${where ? `line ${where.line + 1}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  assert.deepEqual(problems.slice(0, 10), [], `${problems.length} type errors (${file})`);
});

test("the types check something: a report with an undeclared field or a wrong null fails", () => {
  const declarations = join(root, "pkg-config", "allteach-core.d.ts");
  const report = trimmed(reports().fingertips);
  report.indicators[0].organisations[0].surprise = 1;
  report.version = null;
  const file = join(artefacts, "reports-typed-wrong.ts");
  writeFileSync(file, `import type { Report } from ${JSON.stringify(declarations.replace(/\.d\.ts$/, ""))};\nexport const wrong: Report = ${JSON.stringify(report)};\n`);
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler });
  const messages = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n");
  assert.match(messages, /surprise/);
  assert.match(messages, /null/);
});
