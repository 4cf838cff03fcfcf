// The package in dist/: size budgets (pkg-config/size-budget.json) and package.json fields.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { root } from "./helpers.mjs";

test("shipped files stay within their gzipped size budgets", () => {
  const budgets = JSON.parse(readFileSync(join(root, "pkg-config", "size-budget.json"), "utf8"));
  for (const [file, budget] of Object.entries(budgets)) {
    if (file.startsWith("_")) continue;
    const size = gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
    assert.ok(size <= budget.gzip_bytes_max, `${file}: ${size} bytes gzipped > budget ${budget.gzip_bytes_max}`);
  }
});

test("package.json has exports, types, files and sideEffects, and every listed file exists", () => {
  const pkg = JSON.parse(readFileSync(join(root, "dist", "package.json"), "utf8"));
  const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
  assert.equal(pkg.version, /^version = "([^"]+)"/m.exec(cargo)[1]);
  assert.equal(pkg.exports["."].default, "./allteach-core.mjs");
  assert.ok(pkg.types && pkg.sideEffects && pkg.files.length > 0);
  for (const file of pkg.files) assert.ok(existsSync(join(root, "dist", file)), `dist/${file}`);
});

test("the standalone file carries its own CSP with connect-src 'none' and the script's hash", () => {
  const html = readFileSync(join(root, "dist", "allteach.html"), "utf8");
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)[1];
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
});
