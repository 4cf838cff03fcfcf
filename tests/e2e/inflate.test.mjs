// The raw-deflate decoder that unpacks the embedded wasm (src/wasm/inflate.js), against
// Node's zlib on every kind of block zlib writes, and on damaged input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateRawSync, constants } from "node:zlib";

const source = readFileSync(new URL("../../src/wasm/inflate.js", import.meta.url), "utf8");
const inflateRaw = new Function(`${source}\nreturn inflateRaw;`)();

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
  let cases = 0;
  for (const kind of ["random", "text", "repeats"]) {
    for (const length of [0, 1, 2, 300, 70_000, 200_003]) {
      const bytes = sampleBytes(length, length + kind.length, kind);
      for (const options of settings) {
        const out = inflateRaw(deflateRawSync(bytes, options), bytes.length);
        assert.deepEqual(Buffer.from(out), Buffer.from(bytes), `${kind}, ${length} bytes, ${JSON.stringify(options)}`);
        cases++;
      }
    }
  }
  assert.equal(cases, 3 * 6 * settings.length);
});

test("inflateRaw unpacks the shipped core's wasm byte for byte", () => {
  const wasm = readFileSync(new URL("../../build/web/allteach_bg.wasm", import.meta.url));
  const out = inflateRaw(deflateRawSync(wasm, { level: 9 }), wasm.length);
  assert.equal(Buffer.compare(Buffer.from(out), wasm), 0);
});

test("damaged input is refused with a sentence, never a hang or a wrong result", () => {
  const bytes = sampleBytes(50_000, 7, "repeats");
  const packed = deflateRawSync(bytes, { level: 9 });
  const damaged = [
    ["cut short", packed.subarray(0, packed.length >> 1), bytes.length],
    ["a length too long", packed, bytes.length + 1],
    ["a length too short", packed, bytes.length - 1],
    ["a reserved block type", Uint8Array.of(0b111), 10],
    ["nothing", new Uint8Array(0), 10],
  ];
  for (const [what, input, length] of damaged) {
    assert.throws(() => inflateRaw(input, length), /The embedded Allteach core is damaged \(.+\); download Allteach again\./, what);
  }
  // Flipped bits anywhere either fail in the same words or (rarely) decode to different bytes of the right length.
  for (let at = 0; at < packed.length; at += 97) {
    const flipped = Uint8Array.from(packed);
    flipped[at] ^= 0x10;
    try {
      assert.equal(inflateRaw(flipped, bytes.length).length, bytes.length);
    } catch (error) {
      assert.match(error.message, /^The embedded Allteach core is damaged/);
    }
  }
});
