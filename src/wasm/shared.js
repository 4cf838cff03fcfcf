// Shared by dist/allteach-core.mjs and dist/allteach.js (the element and its worker).

const BUG_MESSAGE = "Something went wrong inside Allteach (a bug, not a problem with your file). Please reload the page and try again.";
const MEMORY_MESSAGE = "This file needs more memory than this browser tab can give it (a tab can hold at most about 4 GB for Allteach). Split the file into smaller parts, for example by year or by indicator, and analyse each part.";
const WORKBOOK_MESSAGE = "This workbook could not be read: it looks damaged, or uses something Allteach cannot read. Open it in Excel and save it again (or save the sheet as CSV UTF-8), then choose it again.";

/** The core's wasm bytes, which the build embeds as a zlib stream in base64 (see inflate.js). */
function embeddedWasm() {
  return inflateZlib(decodeBase64(EMBEDDED_CORE.deflated), EMBEDDED_CORE.length);
}

function decodeBase64(text) {
  if (typeof Buffer === "function") return new Uint8Array(Buffer.from(text, "base64"));
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether bytes look like a workbook (zip: xlsx, xlsb, ods; compound file: xls). */
function looksLikeWorkbook(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes || []);
  return (b[0] === 0x50 && b[1] === 0x4b) || (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0);
}

/** The sentence for a trap in the wasm core: a panic (a bug, or a workbook a dependency choked on) or no memory left. */
function trapMessage(bytes, panicked) {
  if (!panicked) return MEMORY_MESSAGE;
  return bytes && looksLikeWorkbook(bytes) ? WORKBOOK_MESSAGE : BUG_MESSAGE;
}

/**
 * Options as the core reads them (serde-wasm-bindgen, straight into its Options): a plain copy
 * of the object, which a worker can be sent. A number that is not finite is an error naming the
 * option, as it would otherwise be read as "not set" or slip past a check.
 */
function checkedOptions(options) {
  return JSON.parse(optionsText(options));
}

/** The options as JSON text (the settings file), refusing numbers that are not finite. */
function optionsText(options) {
  return JSON.stringify(options ?? {}, function (key, value) {
    if (typeof value === "number" && !Number.isFinite(value)) {
      const where = Array.isArray(this) ? "an entry of a list" : `"${key}"`;
      throw new Error(`The option ${where} is ${value}, which is not a number that can be used: give a finite number (for example 100).`);
    }
    return value;
  });
}

/**
 * Files for the core: the data file, and the others (joined to it on the organisation code)
 * laid end to end with their lengths, as the wasm boundary takes them.
 */
function joinedFiles(list) {
  const [main, ...others] = list;
  if (others.length === 0) return { main, extra: new Uint8Array(0), lengths: new Uint32Array(0) };
  const lengths = new Uint32Array(others.map((b) => b.length));
  const extra = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const b of others) {
    extra.set(b, at);
    at += b.length;
  }
  return { main, extra, lengths };
}
