// Makes a big, realistically shaped file for the big-file benchmark (not a test): every
// practice in the national QOF file (bench/data/), each of its 21 registers, as a monthly
// series of five years, so that one row is one practice x register x month, like an extract
// from a data warehouse. Usage: node bench/make-big.mjs [megabytes] [out.csv]

import { readFileSync, createWriteStream } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export function makeBig(megabytes, out) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const lines = readFileSync(join(root, "bench/data/qof_2223_prevalence_by_practice_long.csv"), "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const at = (name) => header.indexOf(name);
  const [code, group, register, list] = ["PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PRACTICE_LIST_SIZE"].map(at);
  const rows = lines.slice(1).map((l) => l.split(","));
  const file = createWriteStream(out);
  let written = 0;
  const write = (text) => {
    written += text.length;
    file.write(text);
  };
  write("Month,Practice code,Indicator,Register,List size\n");
  // Months from the most recent back, so any size is a complete recent stretch of the series.
  outer: for (let m = 0; m < 600; m++) {
    const year = 2026 - Math.floor((m + 6) / 12);
    const month = 12 - ((m + 6) % 12);
    const period = `${year}-${String(month).padStart(2, "0")}`;
    const drift = 1 - m * 0.002;
    let chunk = "";
    for (const r of rows) {
      const n = Math.max(0, Math.round(Number(r[register]) * drift));
      chunk += `${period},${r[code]},${r[group]},${n},${r[list]}\n`;
      if (chunk.length > 1 << 20) {
        write(chunk);
        chunk = "";
      }
      if (written + chunk.length >= megabytes * 1e6) {
        write(chunk);
        break outer;
      }
    }
    write(chunk);
  }
  return new Promise((resolve) => file.end(() => resolve(written)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mb = Number(process.argv[2] || 200);
  const out = process.argv[3] || "build/big.csv";
  const written = await makeBig(mb, out);
  console.log(`${out}: ${(written / 1e6).toFixed(0)} MB`);
}
