// The overview, comparison, funnel and one-organisation views, and the results table.
// Methods of the <peer-benchmark> element (peer-benchmark.js), added to its prototype; DOM
// plumbing only, as the element is.

/* global PeerBenchmark, el, appendInFrames */

// Cells of a table page made and drawn in each frame (see appendInFrames): 20 rows of the
// national overview (25 columns), a fifth of its page.
const CELLS_A_FRAME = 500;

Object.assign(PeerBenchmark.prototype, {
  async _overviewView() {
    const id = this._id;
    // The core finds, filters, sorts and pages the rows (present/rows.rs): one page crosses.
    const state = this._overviewState || (this._overviewState = { sort: null, descending: false, find: "", show: "all", page: 0, column_page: 0 });
    const ov = await this._askView({ what: "overview", query: state });
    state.page = ov.page.index;
    state.column_page = ov.column_page.index;
    const keys = ["name", "code", ...ov.columns.map((c) => c.index), "better", "worse", ...(ov.roles ? ["teaches", "learns"] : [])];
    const shown = ov.rows;
    const rerender = this._safely(() => this._renderView());

    const head = el("tr");
    keys.forEach((key, i) => {
      const sorted = state.sort === key;
      const button = el("button", { type: "button", className: "sort", text: ov.headings[i], "data-focus": `sort:${key}` });
      button.addEventListener("click", () => {
        state.descending = sorted ? !state.descending : false;
        state.sort = key;
        state.page = 0;
        rerender();
      });
      const th = el("th", { scope: "col", "aria-sort": sorted ? (state.descending ? "descending" : "ascending") : null }, button);
      if (typeof key === "number") th.append(el("span", { className: "direction", text: ov.columns[i - 2].direction }));
      head.append(th);
    });
    // Rows made in later frames show the selection as it was when the view was asked for.
    const selected = this._selected;
    const row = (r) => {
      const tr = el("tr", { className: r.code === selected ? "selected" : null });
      tr.append(el("th", { scope: "row" }, this._orgButton(r.code, r.name || r.code, selected)), el("td", { text: r.code }));
      // One element per cell, named for a screen reader by the mark's meaning in words and then
      // the value (role img), not hidden text: 2,100 hidden sentences were half the layout of a
      // page of the national overview, and an element for the mark inside the badge a third of
      // what was left (the layout grows with the elements, whatever their style).
      r.cells.forEach((cell) => {
        const none = cell.outcome === "none";
        const label = none ? cell.words : `${cell.words}: ${cell.value}`;
        const mark = el("span", { className: none ? "none" : `badge ${cell.outcome}`, role: "img", "aria-label": label, text: none ? "–" : `${cell.symbol} ${cell.value}` });
        tr.append(el("td", { className: `cell ${cell.outcome}` }, mark));
      });
      tr.append(el("td", { className: "num", text: String(r.better) }), el("td", { className: "num", text: String(r.worse) }));
      if (ov.roles) tr.append(el("td", { className: "num", text: String(r.teaches) }), el("td", { className: "num", text: String(r.learns) }));
      return tr;
    };
    const body = el("tbody");
    const table = el("table", { part: "overview-table", className: "rug" }, el("caption", { text: ov.table_caption }), el("thead", {}, head), body);

    const search = el("input", { type: "search", id: `${id}-ov-search`, value: state.find, "data-focus": "ov-search" });
    search.addEventListener("change", () => {
      state.find = search.value;
      state.page = 0;
      rerender();
    });
    const show = el("select", { id: `${id}-ov-show`, "data-focus": "ov-show" }, el("option", { value: "all", text: "All organisations" }), el("option", { value: "worse", text: "Worse than the benchmark on at least one indicator" }), el("option", { value: "better", text: "Better than the benchmark on at least one indicator" }));
    show.value = state.show;
    show.addEventListener("change", () => {
      state.show = show.value;
      state.page = 0;
      rerender();
    });
    const legend = el("ul", { className: "counts", "aria-label": "Key" }, ...ov.legend.map((l) => el("li", {}, this._badge(l.key, l.symbol, l.label))));
    const [picture, picturePng, pictureSaid] = this._chartDownloads({ what: "overview", codes: shown.map((r) => r.code), column_page: state.column_page });
    picture.textContent = "Download these rows as a chart (SVG)";
    picturePng.textContent = "Download these rows as a chart (PNG)";
    const pager = this._pager(ov.page, (page) => {
      state.page = page;
      rerender();
    });
    // A profile of more indicators than one table can hold shows them as pages of columns.
    const columnPager =
      ov.column_page.pages > 1 &&
      this._pager(
        ov.column_page,
        (page) => {
          state.column_page = page;
          rerender();
        },
        "indicators",
      );
    const section = el(
      "section",
      { "aria-labelledby": `${id}-ov-caption`, part: "overview" },
      el("h3", { id: `${id}-ov-caption`, text: ov.caption }),
      legend,
      el("p", { className: "method", text: ov.sort_note }),
      el("div", { className: "settings" }, el("div", {}, el("label", { for: search.id, text: "Find an organisation (name or code)" }), search), el("div", {}, el("label", { for: show.id, text: "Show" }), show)),
      pager,
      columnPager,
      ov.sorted_elsewhere ? el("p", { className: "status", text: ov.sorted_elsewhere }) : null,
      el("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": "All indicators table" }, table),
      el("p", { className: "buttons" }, picture, picturePng),
      pictureSaid,
    );
    section.drawn = this._rowsInFrames(body, shown, row, keys.length);
    return section;
  },

  /**
   * Appends a page of table rows (`make(r)` for each of `rows`, each with its organisation's
   * `code`, `cells` cells wide) to `body` a frame at a time: the first rows at once, down to the
   * one holding the keyboard's place (so that it is focused again at once), the rest once the
   * table is in the page. Resolves when every row is in (see appendInFrames).
   */
  _rowsInFrames(body, rows, make, cells) {
    const active = this.shadowRoot.activeElement;
    const focusedRow = rows.findIndex((r) => active && active.dataset.focus === `org:${r.code}`);
    const size = Math.max(1, Math.round(CELLS_A_FRAME / cells));
    // Wanted while no newer view has been asked for (this one's rendering is the latest).
    const render = this._viewRenders;
    const wanted = () => render === this._viewRenders;
    return appendInFrames(body, rows.length, (k) => make(rows[k]), Math.max(size, focusedRow + 1), size, wanted);
  },

  /**
   * Previous and next buttons around the core's words for where a page is (`page`: a `Page`),
   * of rows or of another `what` (the overview's pages of indicators).
   */
  _pager(page, go, what = "rows") {
    if (page.pages <= 1) return el("p", { className: "status", text: page.text });
    const previous = el("button", { type: "button", className: "secondary", text: `Previous ${what}`, disabled: !page.has_previous, "data-focus": `pager:${what}:previous` });
    const next = el("button", { type: "button", className: "secondary", text: `Next ${what}`, disabled: !page.has_next, "data-focus": `pager:${what}:next` });
    previous.addEventListener("click", () => go(page.index - 1));
    next.addEventListener("click", () => go(page.index + 1));
    return el("div", { className: "pager" }, previous, el("span", { text: page.text }), next);
  },

  async _compareView() {
    const id = this._id;
    const peersOnly = Boolean(this._peersOnly && this._selected);
    const request = { what: "caterpillar", indicator: this._indicator, focus: this._selected || null, peers_only: peersOnly, group: this._group || null };
    const cv = await this._askView(request);
    if (!cv) return el("p", { text: "This indicator has no organisations to compare." });
    const box = el("input", { type: "checkbox", id: `${id}-peers-only`, checked: peersOnly, disabled: !this._selected, "data-focus": "peers-only" });
    box.addEventListener("change", () => {
      this._peersOnly = box.checked;
      this._safely(() => this._renderView())();
    });
    // The ranked table a page at a time from the core; another page leaves the chart as drawn.
    const holder = el("div");
    const showRows = (page) => {
      const table = this._dataTable(page.table_caption, page.headings, page.rows.map((r) => [r.rank, r.code, this._orgButton(r.code, r.name || r.code), r.value, r.ci95, r.ci998, this._badge(r.outcome, r.symbol, r.words)]));
      const go = (index) => this._safely(async () => showRows(await this._askView(Object.assign({}, request, { query: { page: index }, rows_only: true }))))();
      holder.replaceChildren(table, this._pager(page.page, go));
    };
    showRows(cv);
    const table = holder;
    return el(
      "section",
      { "aria-labelledby": `${id}-cmp-heading`, part: "compare" },
      el("h3", { id: `${id}-cmp-heading`, text: `${cv.name}: organisations ranked` }),
      el("p", { className: "summary" }, el("strong", { text: cv.direction }), document.createTextNode(` ${cv.benchmark}`)),
      el("p", { className: "toggle" }, box, el("label", { for: box.id, text: this._selected ? " Show only the selected organisation and its peers" : " Show only the selected organisation and its peers (select one first)" })),
      this._groupPicker(),
      cv.note ? el("p", { className: "method", text: cv.note }) : null,
      this._figure({ key: "cmp", caption: cv.caption, scene: cv.scene, request: { what: "compare", indicator: this._indicator, focus: this._selected || null, peers_only: peersOnly, group: this._group || null }, table }),
    );
  },

  async _funnelView(view) {
    const id = this._id;
    const counts = el("ul", { className: "counts", "aria-label": "Organisations by comparison" });
    for (const c of view.counts) {
      if (c.count === 0 && c.key === "not_compared") continue;
      counts.append(el("li", {}, el("span", { className: `badge ${c.key}`, text: c.text })));
    }
    let odToggle = null;
    if (view.overdispersion_available) {
      const box = el("input", { type: "checkbox", id: `${id}-od`, checked: view.overdispersion_applied });
      box.addEventListener("change", () => {
        const previous = this._options.overdispersion || {};
        this._options = Object.assign({}, this._options, { overdispersion: Object.assign({}, previous, { method: box.checked ? "additive" : "none" }) });
        this._run();
      });
      odToggle = el("p", { className: "toggle" }, box, el("label", { for: box.id, text: " Widen the funnel limits for over-dispersion (more variation than chance alone)" }));
    }
    const table = this._table(view);
    const figure = view.funnel_scene ? this._figure({ key: "funnel", caption: view.caption, scene: view.funnel_scene, request: { what: "funnel", indicator: view.index, group: this._group || null } }) : el("p", { className: "summary", text: view.caption });
    const section = el(
      "section",
      { "aria-labelledby": `${id}-funnel-heading`, part: "funnel" },
      el("h3", { id: `${id}-funnel-heading`, text: view.name }),
      el("p", { className: "summary" }, el("strong", { text: view.direction }), document.createTextNode(" " + view.benchmark)),
      counts,
      odToggle,
      view.funnel_scene ? this._groupPicker() : null,
      figure,
      view.funnel_note ? el("p", { className: "method", text: view.funnel_note }) : null,
      table,
      el("p", { className: "method", text: view.method }),
    );
    section.drawn = table.drawn;
    return section;
  },

  async _organisationView() {
    const id = this._id;
    if (!this._selected) {
      return el("section", { part: "organisation" }, el("h3", { text: "One organisation" }), el("p", { text: "Choose an organisation in the list above, or click one in any chart or table, to see it on every indicator with what it can teach and learn." }));
    }
    const ov = await this._askView({ what: "organisation", code: this._selected });
    if (!ov) return el("p", { text: "That organisation is not in this analysis." });
    const table = this._dataTable(ov.table_caption, ov.headings, ov.rows.map((r) => [r.indicator, r.direction, r.value, r.ci95, r.ci998, this._badge(r.outcome, r.symbol, r.words), r.benchmark, r.rank, r.lowest, r.lower_quartile, r.upper_quartile, r.highest]));
    const roleList = (title, lines) =>
      lines.length
        ? el("div", {}, el("h4", { text: title }), el("ul", { className: "roles" }, ...lines.map((l) => el("li", {}, el("p", { text: l.sentence }), l.reasons.length ? el("ul", {}, ...l.reasons.map((r) => el("li", { text: r }))) : null))))
        : null;
    const pack = el("button", { type: "button", text: "Download the learning pack (printable)" });
    const packSaid = el("p", { className: "status", role: "status" });
    pack.addEventListener("click", () => this._takeAway({ what: "learning_pack", code: ov.code }, packSaid));
    const print = el("button", { type: "button", className: "secondary", text: "Print this view" });
    print.addEventListener("click", () => window.print());
    return el(
      "section",
      { "aria-labelledby": `${id}-org-heading`, part: "organisation" },
      el("h3", { id: `${id}-org-heading`, text: ov.label }),
      ov.role ? el("p", { className: "summary" }, el("strong", { text: ov.role })) : null,
      this._figure({ key: "spine", caption: ov.caption, scene: ov.spine_scene, request: { what: "spine", code: ov.code }, table, open: true }),
      el("p", { className: "method", text: ov.spine_note }),
      ov.missing.length ? el("p", { text: `No value for: ${ov.missing.join(", ")}.` }) : null,
      el("h4", { text: "All teach, all learn" }),
      el("p", { text: ov.roles_note }),
      roleList("What it can teach", ov.teaches),
      roleList("What it can learn", ov.learns),
      el("h4", { text: "Its peers" }),
      el("p", { text: ov.peers_summary }),
      ov.peers.length ? el("ul", { className: "peers" }, ...ov.peers.map((p) => el("li", {}, this._orgButton(p.code, p.name ? `${p.name} (${p.code})` : p.code), document.createTextNode(p.similar_on ? ` — ${p.similar_on}` : "")))) : null,
      el("p", { className: "buttons" }, pack, print),
      packSaid,
    );
  },

  /**
   * The indicator's results table (`view` holds one page of rows, and where it is): its wrapper,
   * whose `drawn` resolves when every row is in (a page of the national funnel's table drawn
   * whole was one task of 53-96 ms).
   */
  _table(view) {
    const head = el("tr", {}, ...view.headings.map((h) => el("th", { scope: "col", text: h })));
    // Rows made in later frames show the selection as it was when the view was asked for.
    const selected = this._selected;
    const row = (r) =>
      el(
        "tr",
        { className: r.code === selected ? "selected" : null },
        el("th", { scope: "row", text: r.code }),
        el("td", {}, this._orgButton(r.code, r.name || r.code, selected)),
        el("td", { className: "num", text: r.numerator }),
        el("td", { className: "num", text: r.denominator }),
        el("td", { className: "num", text: r.value }),
        el("td", { className: "num", text: r.ci95 }),
        el("td", { className: "num", text: r.ci998 }),
        el("td", {}, el("span", { className: `badge ${r.outcome}`, text: `${r.symbol} ${r.words}` })),
        r.peers === null ? null : el("td", { text: r.peers }),
        el("td", { className: "num", text: r.rank }),
        el("td", { text: r.opportunity }),
      );
    const body = el("tbody");
    const table = el("table", { part: "table" }, el("caption", { text: view.table_caption }), el("thead", {}, head), body);
    const wrap = el("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": "Results table" }, table);
    const whole = !view.page || view.page.pages <= 1 ? wrap : el("div", {}, this._pager(view.page, (page) => this._safely(() => this._goToPage(page))()), wrap);
    whole.drawn = this._rowsInFrames(body, view.rows, row, view.headings.length);
    return whole;
  },
});
