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
 * Appends `make(0)`, `make(1)`… `make(count - 1)` to `parent`, `size` now and `size` more in
 * each later frame, so that no frame's work (making the elements, their style and layout) blocks
 * the page for long: a page of the national overview (100 rows × 25 cells) drawn whole was one
 * task of 51-116 ms (measured), over the 50 ms a page may block. Resolves when all are in (a
 * replaced view's finish harmlessly, off the page).
 */
function appendInFrames(parent, count, make, size) {
  let at = 0;
  const some = () => {
    const end = Math.min(count, at + size);
    for (; at < end; at++) parent.append(make(at));
  };
  some();
  if (at >= count) return Promise.resolve();
  return new Promise((resolve) => {
    const next = () => {
      some();
      if (at >= count) resolve();
      else requestAnimationFrame(next);
    };
    requestAnimationFrame(next);
  });
}

let sheet = null;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(ELEMENT_CSS);
  }
  return sheet;
}
