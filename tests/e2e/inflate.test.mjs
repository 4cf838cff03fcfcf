// The deflate decoder that unpacks the embedded wasm (src/wasm/inflate.js), against Node's zlib
// on every kind of block zlib writes, on the shipped files' own wasm, and on damaged input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateRawSync, deflateSync, constants } from "node:zlib";

const source = readFileSync(new URL("../../src/wasm/inflate.js", import.meta.url), "utf8");
const { inflateRaw, inflateZlib } = new Function(`${source}\nreturn { inflateRaw, inflateZlib };`)();

/** Seeded bytes: random, or text-like with long repeats, so every block type and code length occurs. */
function sampleBytes(length, seed, kind) {
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const bytes = new Uint8Array(length);
  const words = ["practice", "register", "hypertension", " ", ",", "0.", "\n", "E", "8", "Q"];
  for (let i = 0; i < length; ) {
    if (kind === "random") bytes[i++] = next() & 255;
    else if (kind === "repeats" && i > 300 && next() % 4 === 0) {
      const distance = 1 + (next() % 300); // overlapping copies when shorter than the run
      for (let n = 3 + (next() % 250); n > 0 && i < length; n--, i++) bytes[i] = bytes[i - distance];
    } else for (const c of words[next() % words.length]) if (i < length) bytes[i++] = c.charCodeAt(0);
  }
  return bytes;
}

const settings = [
  { level: 0 },
  { level: 1 },
  { level: 6 },
  { level: 9 },
  { level: 9, strategy: constants.Z_FIXED },
  { level: 9, strategy: constants.Z_HUFFMAN_ONLY },
  { level: 9, strategy: constants.Z_RLE },
];

test("inflateRaw gives back exactly what zlib deflated, for every block type", () => {
  for (const kind of ["random", "text", "repeats"]) {
    for (const length of [0, 1, 2, 300, 70_000, 200_003]) {
      const bytes = sampleBytes(length, length + kind.length, kind);
      for (const options of settings) {
        const out = inflateRaw(deflateRawSync(bytes, options), bytes.length);
        assert.deepEqual(Buffer.from(out), Buffer.from(bytes), `${kind}, ${length} bytes, ${JSON.stringify(options)}`);
        assert.deepEqual(Buffer.from(inflateZlib(deflateSync(bytes, options), bytes.length)), Buffer.from(bytes));
      }
    }
  }
});

test("each shipped file's embedded wasm unpacks to a valid module with its checksum", () => {
  // The core (its exports include isWorkbook) and the workbook reader (workbook_read), in every
  // file that carries them.
  const carried = {
    "dist/allteach.js": ["isWorkbook"],
    "dist/allteach-workbook.js": ["workbook_read"],
    "dist/allteach-core.mjs": ["isWorkbook", "workbook_read"],
    "dist/allteach.html": ["isWorkbook", "workbook_read"],
  };
  for (const [file, exports] of Object.entries(carried)) {
    const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
    const found = [];
    for (const [, deflated, length] of text.matchAll(/\{"deflated":"([A-Za-z0-9+/=]+)","length":(\d+)\}/g)) {
      const wasm = inflateZlib(Buffer.from(deflated, "base64"), Number(length));
      assert.ok(WebAssembly.validate(wasm), file);
      const names = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
      found.push(...exports.filter((name) => names.includes(name)));
    }
    assert.deepEqual(found.sort(), [...exports].sort(), file);
  }
});

test("damaged input is refused with a sentence, never a hang or a wrong result", () => {
  const bytes = sampleBytes(50_000, 7, "repeats");
  const packed = deflateRawSync(bytes, { level: 9 });
  const zlib = deflateSync(bytes, { level: 9 });
  const sentence = /The embedded Allteach core is damaged \(.+\); download Allteach again\.$/;
  const damaged = [
    ["cut short", () => inflateRaw(packed.subarray(0, packed.length >> 1), bytes.length)],
    ["a length too long", () => inflateRaw(packed, bytes.length + 1)],
    ["a length too short", () => inflateRaw(packed, bytes.length - 1)],
    ["bytes after the end", () => inflateRaw(Buffer.concat([packed, Buffer.from([0])]), bytes.length)],
    ["a reserved block type", () => inflateRaw(Uint8Array.of(0b111), 10)],
    ["nothing", () => inflateRaw(new Uint8Array(0), 10)],
    ["a zlib stream without its header", () => inflateZlib(packed, bytes.length)],
    ["a zlib stream cut short", () => inflateZlib(zlib.subarray(0, zlib.length - 1), bytes.length)],
  ];
  for (const [what, decode] of damaged) assert.throws(decode, sentence, what);
  // A flipped bit anywhere in a zlib stream is caught: by the decoding, or else by the checksum.
  let byChecksum = 0;
  for (let at = 0; at < zlib.length; at += 37) {
    const flipped = Uint8Array.from(zlib);
    flipped[at] ^= 1 << at % 8;
    assert.throws(() => inflateZlib(flipped, bytes.length), (error) => {
      assert.match(error.message, sentence);
      byChecksum += /checksum/.test(error.message);
      return true;
    }, `bit flipped at byte ${at}`);
  }
  assert.ok(byChecksum > 0, "some damage decodes, and only the checksum tells");
});
