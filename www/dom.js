// The DOM helpers every part of the element uses: elements built from attributes and children
// (never from HTML text), long lists appended a frame at a time, and the element's one
// constructed stylesheet.

/* global ELEMENT_CSS */

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/**
 * Appends `make(0)`, `make(1)`… `make(count - 1)` to `parent`: `first` now, then `size` more in
 * each later frame, so that no frame's work (making the elements, their style and layout) blocks
 * the page for long: a page of the national overview (100 rows × 25 cells) drawn whole was one
 * task of 74-154 ms (measured), over the 50 ms a page may block. Where nothing is drawn (a
 * hidden page, which draws no frames, or `parent` out of the document: an element not yet in
 * the page) the rest go in at once. Resolves when all are in, or as soon as they are no longer
 * `wanted()` (a newer view replaced them); rejects if `make` throws.
 */
function appendInFrames(parent, count, make, first, size, wanted) {
  let at = 0;
  const some = (n) => {
    const end = Math.min(count, at + n);
    for (; at < end; at++) parent.append(make(at));
  };
  some(first);
  if (at >= count) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const next = () => {
      try {
        if (wanted()) some(document.hidden || !parent.isConnected ? count : size);
        if (at >= count || !wanted()) resolve();
        else nextFrame(next);
      } catch (error) {
        reject(error);
      }
    };
    nextFrame(next);
  });
}

/** Runs `step` at the next frame, or after 100 ms where frames are not drawn (a hidden page). */
function nextFrame(step) {
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      step();
    }
  };
  requestAnimationFrame(once);
  setTimeout(once, 100);
}

let sheet = null;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(ELEMENT_CSS);
  }
  return sheet;
}
