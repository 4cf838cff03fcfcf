// Raw DEFLATE (RFC 1951) decoding, for the wasm the shipped scripts carry compressed.
//
// Why: the wasm is embedded as base64 text so that one file works from file:// and under a
// strict CSP. Base64 hides the wasm's byte patterns from a server's gzip, which then gets only
// three quarters of the way; base64 of already-deflated wasm gzips to about the wasm's own
// gzipped size (a third less to download, 60 % less on disk). It is decoded synchronously, in
// plain JS, so it works in every browser that runs wasm (DecompressionStream is younger) and
// the worker's synchronous start stays as it is.

const DEFLATE_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/**
 * A canonical Huffman code as one lookup table indexed by the next `bits` input bits (deflate
 * sends codes most significant bit first inside least-significant-first bytes, hence the
 * reversal). Each entry is symbol << 4 | code length; 0 marks bits that start no code.
 */
function huffmanTable(lengths) {
  const counts = new Array(16).fill(0);
  let bits = 1;
  for (const length of lengths) {
    counts[length]++;
    if (length > bits) bits = length;
  }
  counts[0] = 0;
  const next = new Array(16).fill(0);
  for (let length = 1, code = 0; length < 16; length++) {
    code = (code + counts[length - 1]) << 1;
    next[length] = code;
  }
  const table = new Int32Array(1 << bits);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol];
    if (!length) continue;
    let code = next[length]++;
    let reversed = 0;
    for (let i = 0; i < length; i++, code >>= 1) reversed = (reversed << 1) | (code & 1);
    for (let at = reversed; at < table.length; at += 1 << length) table[at] = (symbol << 4) | length;
  }
  return { table, bits, mask: (1 << bits) - 1 };
}

let fixedCodes = null;

/** The codes of a block of type 1 (RFC 1951, 3.2.6). */
function fixedHuffman() {
  if (!fixedCodes) {
    const literals = new Array(288).fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    fixedCodes = [huffmanTable(literals), huffmanTable(new Array(30).fill(5))];
  }
  return fixedCodes;
}

/** Decodes `input` (raw deflate, no zlib or gzip header) into exactly `outputLength` bytes. */
function inflateRaw(input, outputLength) {
  const output = new Uint8Array(outputLength);
  let at = 0; // next input byte
  let buffer = 0; // bits read but not used, least significant first
  let count = 0; // how many
  let written = 0;
  const fail = damaged;
  const take = (n) => {
    while (count < n) {
      if (at > input.length + 4) fail("it ends too soon");
      buffer |= (input[at++] | 0) << count; // past the end reads 0 bits, caught above or by the length check
      count += 8;
    }
    const value = buffer & ((1 << n) - 1);
    buffer >>>= n;
    count -= n;
    return value;
  };
  const symbol = (code) => {
    while (count < code.bits) {
      buffer |= (input[at++] | 0) << count;
      count += 8;
    }
    const entry = code.table[buffer & code.mask];
    const length = entry & 15;
    if (!length) fail("a code that does not exist");
    buffer >>>= length;
    count -= length;
    return entry >>> 4;
  };
  const dynamicHuffman = () => {
    const literalCount = take(5) + 257;
    const distanceCount = take(5) + 1;
    const lengthCodeCount = take(4) + 4;
    const lengthLengths = new Array(19).fill(0);
    for (let i = 0; i < lengthCodeCount; i++) lengthLengths[DEFLATE_ORDER[i]] = take(3);
    const lengthCode = huffmanTable(lengthLengths);
    const lengths = [];
    while (lengths.length < literalCount + distanceCount) {
      const s = symbol(lengthCode);
      if (s < 16) lengths.push(s);
      else if (s === 16) {
        if (!lengths.length) fail("a repeat with nothing before it");
        const last = lengths[lengths.length - 1];
        for (let n = 3 + take(2); n > 0; n--) lengths.push(last);
      } else for (let n = s === 17 ? 3 + take(3) : 11 + take(7); n > 0; n--) lengths.push(0);
    }
    if (lengths.length !== literalCount + distanceCount) fail("code lengths that overrun");
    return [huffmanTable(lengths.slice(0, literalCount)), huffmanTable(lengths.slice(literalCount))];
  };
  // The hot loop: bit state in locals (written back on leaving), so the JIT keeps it in registers.
  const codedBlock = ([literals, distances]) => {
    let bits = buffer;
    let held = count;
    let next = at;
    let out = written;
    const { table: literalTable, mask: literalMask } = literals;
    const { table: distanceTable, mask: distanceMask } = distances;
    const end = input.length + 4;
    for (;;) {
      while (held <= 24) {
        bits |= (input[next++] | 0) << held; // at most 32 bits held: a code (15) and its extra bits (5) fit
        held += 8;
      }
      if (next > end) fail("it ends too soon");
      let entry = literalTable[bits & literalMask];
      let length = entry & 15;
      if (!length) fail("a code that does not exist");
      bits >>>= length;
      held -= length;
      const s = entry >>> 4;
      if (s < 256) {
        if (out >= outputLength) fail("more bytes than expected");
        output[out++] = s;
        continue;
      }
      if (s === 256) break;
      const l = s - 257;
      if (l >= 29) fail("a length that does not exist");
      const extra = LENGTH_EXTRA[l];
      const copy = LENGTH_BASE[l] + (bits & ((1 << extra) - 1));
      bits >>>= extra;
      held -= extra;
      while (held <= 24) {
        bits |= (input[next++] | 0) << held;
        held += 8;
      }
      entry = distanceTable[bits & distanceMask];
      length = entry & 15;
      if (!length) fail("a code that does not exist");
      bits >>>= length;
      held -= length;
      const d = entry >>> 4;
      if (d >= 30) fail("a distance that does not exist");
      const distanceExtra = DISTANCE_EXTRA[d];
      while (held < distanceExtra) {
        bits |= (input[next++] | 0) << held;
        held += 8;
      }
      const distance = DISTANCE_BASE[d] + (bits & ((1 << distanceExtra) - 1));
      bits >>>= distanceExtra;
      held -= distanceExtra;
      if (distance > out) fail("a distance before the start");
      if (out + copy > outputLength) fail("more bytes than expected");
      for (let from = out - distance, stop = out + copy; out < stop; ) output[out++] = output[from++];
    }
    buffer = bits;
    count = held;
    at = next;
    written = out;
  };
  const storedBlock = () => {
    take(count & 7); // to the byte boundary
    const length = take(16);
    if ((take(16) ^ 0xffff) !== length) fail("a stored block's length");
    if (written + length > outputLength) fail("more bytes than expected");
    for (let i = 0; i < length; i++) output[written++] = take(8);
  };
  let last = 0;
  while (!last) {
    last = take(1);
    const type = take(2);
    if (type === 0) storedBlock();
    else if (type === 1) codedBlock(fixedHuffman());
    else if (type === 2) codedBlock(dynamicHuffman());
    else fail("a block type that does not exist");
  }
  // Whole bytes used: the last block ends inside the byte holding its last bit.
  const used = Math.ceil((at * 8 - count) / 8);
  if (written !== outputLength || used > input.length) fail("its length");
  if (used !== input.length) fail("bytes after its end");
  return output;
}

/**
 * Decodes a zlib stream (RFC 1950: a two-byte header, raw deflate, then the Adler-32 checksum
 * of what it holds) into exactly `outputLength` bytes, and checks that checksum: raw deflate
 * alone would turn most damage into wrong bytes of the right length, without a word.
 */
function inflateZlib(input, outputLength) {
  const header = (input[0] << 8) | input[1];
  if (input.length < 6 || (input[0] & 15) !== 8 || header % 31 !== 0 || input[1] & 32) damaged("its header");
  const output = inflateRaw(input.subarray(2, input.length - 4), outputLength);
  const end = input.length - 4;
  const stored = ((input[end] << 24) | (input[end + 1] << 16) | (input[end + 2] << 8) | input[end + 3]) >>> 0;
  if (adler32(output) !== stored) damaged("its checksum");
  return output;
}

/** The Adler-32 checksum of `bytes` (RFC 1950). */
function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // 5,552 bytes is the most that can be summed before the sums must be reduced.
    for (const end = Math.min(i + 5552, bytes.length); i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function damaged(what) {
  throw new Error(`The embedded Allteach core is damaged (${what}); download Allteach again.`);
}
