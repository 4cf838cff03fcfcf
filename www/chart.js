// Charts on a canvas: the core lays a chart out as a scene, and plotters (in wasm, `drawChart`)
// draws it onto a <canvas> at the screen's pixel ratio. Drawing runs on the page: a canvas
// belongs to the page, and plotters-canvas draws on an HTMLCanvasElement (the worker, which
// holds the analysis, has neither). The page's wasm instance is the same module, loaded once
// (loadPageCore in engine.js); it reads the scene's `drawing` (bytes). The scene's `spots` (its
// marks: each an organisation's code, place and tooltip) make the chart reachable: tooltips on
// hover and by the arrow keys, click or Enter selects. Methods of the <peer-benchmark> element,
// added to its prototype; DOM plumbing only.

/* global PeerBenchmark, el, loadPageCore */

Object.assign(PeerBenchmark.prototype, {
  /** A chart's box: its canvas (named for a screen reader by the chart's own words), drawn once the page's core is ready. */
  _chartBox(key, scene, caption) {
    const chart = el("div", { className: "chart", part: "chart", "data-focus": `chart:${key}` });
    // Laid out at the chart's size before it is drawn, so the page does not jump.
    const canvas = el("canvas", { role: "img", "aria-label": scene.label, width: scene.width, height: scene.height });
    canvas.style.width = `${scene.width}px`; // CSSOM, which a strict style-src allows
    // The canvas and what is placed over it (rings, the tooltip), placed in shares of its size
    // so that they stay on their marks however wide the page lets the chart be.
    const plot = el("div", { className: "plot" }, canvas);
    chart.append(plot);
    chart.dataset.state = "drawing";
    // A tab stop from the start, so that focus can come back to it when a view is redrawn.
    chart.tabIndex = 0;
    chart.setAttribute("role", "group");
    chart.setAttribute("aria-label", caption);
    // Drawn in a task of its own, after the view is on the page: a national chart's drawing
    // and the view's building would otherwise hold the page in one long task.
    const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
    Promise.all([loadPageCore(), nextTask()])
      .then(([core]) => {
        core.drawChart(canvas, scene.drawing, window.devicePixelRatio || 1);
        this._wireChart(chart, plot, scene, scene.spots, caption);
        chart.dataset.state = "drawn";
      })
      .catch((error) => this._fail(error));
    return chart;
  },

  /** A chart's scene as a PNG Blob, drawn at `scale` backend pixels per chart pixel. */
  async _chartPng(scene, scale) {
    const core = await loadPageCore();
    const canvas = document.createElement("canvas");
    core.drawChart(canvas, scene.drawing, scale);
    return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The picture could not be made."))), "image/png"));
  },

  /**
   * Tooltips and selection on a chart's organisation marks (`marks`: code, x, y, r, title in
   * chart pixels): hover or move with the arrow keys to read one, click or Enter to select it.
   * One tab stop per chart, however many marks it has. The selected organisation and its peers
   * are ringed (a shape, not colour alone).
   */
  _wireChart(chart, plot, scene, marks, caption) {
    const canvas = plot.querySelector("canvas");
    chart.marks = marks;
    chart.dataset.marks = String(marks.length);
    const across = (x) => `${(100 * x) / scene.width}%`;
    const down = (y) => `${(100 * y) / scene.height}%`;
    // A ring round a mark, `extra` chart pixels clear of it.
    const place = (node, mark, extra) => {
      const r = Math.max(mark.r, 4) + extra;
      Object.assign(node.style, { left: across(mark.x - r), top: down(mark.y - r), width: across(2 * r), height: down(2 * r) });
    };
    const peers = new Set(this._selectedPeers || []);
    // Rings pick the selected organisation out from others (not on its own spine chart).
    const others = marks.some((m) => m.code && m.code !== this._selected);
    for (const mark of others ? marks : []) {
      const kind = mark.code === this._selected ? "selected" : peers.has(mark.code) ? "peer" : null;
      if (!kind) continue;
      const ring = el("div", { className: `mark-ring ${kind}`, "data-org": mark.code });
      plot.append(ring);
      place(ring, mark, 3);
    }
    if (!marks.length) {
      chart.removeAttribute("tabindex"); // nothing to step through
      return;
    }
    const tip = el("div", { className: "tooltip", role: "status", hidden: true });
    const cursor = el("div", { className: "mark-ring active", hidden: true });
    plot.append(tip, cursor);
    const things = marks[0].code ? "organisations" : "points";
    const keys = marks[0].code ? `the arrow keys to go through the ${things} and Enter to select one` : `the arrow keys to go through the ${things}`;
    chart.setAttribute("aria-label", `${caption} Chart: use ${keys}.`);
    let active = -1;
    const show = (mark) => {
      tip.textContent = mark.title || mark.code;
      tip.hidden = false;
      // Kept clear of the chart's sides.
      tip.style.left = `clamp(120px, ${across(mark.x)}, calc(100% - 120px))`;
      tip.style.top = down(mark.y - Math.max(mark.r, 4));
    };
    const hide = () => {
      tip.hidden = true;
      cursor.hidden = true;
    };
    const moveTo = (i) => {
      active = (i + marks.length) % marks.length;
      cursor.hidden = false;
      cursor.dataset.org = marks[active].code;
      place(cursor, marks[active], 4);
      show(marks[active]);
    };
    /** The mark under the pointer (the nearest within reach, in chart pixels), or -1. */
    const under = (event) => {
      const box = canvas.getBoundingClientRect();
      const k = box.width / scene.width;
      const x = (event.clientX - box.left) / k;
      const y = (event.clientY - box.top) / k;
      let best = -1;
      let bestDistance = Infinity;
      marks.forEach((mark, i) => {
        const d = Math.hypot(mark.x - x, mark.y - y);
        if (d <= Math.max(mark.r, 4) + 3 && d < bestDistance) [best, bestDistance] = [i, d];
      });
      return best;
    };
    canvas.addEventListener("mousemove", (event) => {
      const i = under(event);
      canvas.classList.toggle("over-mark", i >= 0 && Boolean(marks[i].code));
      if (i >= 0) show(marks[i]);
      else if (active < 0) tip.hidden = true;
    });
    chart.addEventListener("mouseleave", hide);
    chart.addEventListener("blur", hide);
    // Arriving by keyboard: say how to move, at the first mark.
    chart.addEventListener("focus", () => {
      if (active >= 0 || !chart.matches(":focus-visible")) return;
      tip.textContent = marks[0].code ? "Arrow keys: go through the organisations. Enter: select one." : "Arrow keys: go through the points.";
      tip.hidden = false;
      tip.style.left = "50%";
      tip.style.top = "48px";
    });
    canvas.addEventListener("click", (event) => {
      const i = under(event);
      if (i >= 0 && marks[i].code) this._safely(() => this._select(marks[i].code))();
    });
    chart.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (step) moveTo(active < 0 ? (step > 0 ? 0 : marks.length - 1) : active + step);
      else if (event.key === "Home") moveTo(0);
      else if (event.key === "End") moveTo(marks.length - 1);
      else if ((event.key === "Enter" || event.key === " ") && active >= 0 && marks[active].code) this._safely(() => this._select(marks[active].code))();
      else if (event.key === "Escape") hide();
      else return;
      event.preventDefault();
    });
  },
});
