// Downloads, the over-time and pairs views, and the lists of rows left out.
// Methods of the <peer-benchmark> element (peer-benchmark.js), added to its prototype; DOM
// plumbing only, as the element is.

/* global PeerBenchmark, el */

Object.assign(PeerBenchmark.prototype, {
  /**
   * SVG and PNG download buttons for a chart, and where they say what they did. The core makes
   * the file (`request`, e.g. `{ what: "funnel", indicator: 0 }`) under the disclosure policy.
   */
  _chartDownloads(request) {
    const said = el("p", { className: "status", role: "status" });
    const svgButton = el("button", { type: "button", className: "secondary", text: "Download chart (SVG)" });
    const pngButton = el("button", { type: "button", className: "secondary", text: "Download chart (PNG)" });
    svgButton.addEventListener("click", () => this._takeAway(request, said));
    // Twice the chart's size: crisp in a board paper or on a high-density screen.
    pngButton.addEventListener("click", () => this._takeAway(request, said, { png: true }));
    return [svgButton, pngButton, said];
  },

  /**
   * Anything a person takes away from the page is made by the core under one disclosure policy
   * (small numbers suppressed unless they turned it off) and says so in its own text; `said`
   * tells them the same, or why there is no file.
   */
  async _takeAway(request, said, { png = false } = {}) {
    try {
      const date = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      const policy = { suppression: { up_to: this._suppress === false ? 0 : 7 }, source: this._fileName || "", date };
      const made = await this._ask("download", JSON.stringify(Object.assign({}, request, policy, { png })));
      if (made.scene) {
        // The framed chart drawn by plotters at twice its size: crisp in a board paper.
        this._download(made.name, await this._chartPng(made.scene, 2), "image/png");
      } else {
        this._download(made.name, made.bytes, made.mime);
      }
      said.textContent = made.statement;
    } catch (e) {
      if (e && (e.cancelled || e.fatal)) return this._fail(e);
      said.textContent = e && e.message ? e.message : String(e);
    }
  },

  /** Save text or a Blob made on this device as a file (a Blob download: nothing is sent anywhere). */
  _download(name, content, type) {
    const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
    const a = el("a", { href: url, download: name });
    this.shadowRoot.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },

  async _overTime(view) {
    const id = this._id;
    const ot = view.over_time;
    const list = (title, names) => {
      if (!names.length) return null;
      const shown = names.slice(0, 30);
      return el("p", {}, el("strong", { text: `${title}: ` }), document.createTextNode(shown.join("; ") + (names.length > shown.length ? `; and ${names.length - shown.length} more` : "")));
    };
    const picker = el("select", { id: `${id}-spc-org` });
    ot.organisations.forEach((o, i) => picker.append(el("option", { value: String(i), text: o.label })));
    const selectedAt = ot.organisations.findIndex((o) => o.code === this._selected);
    if (selectedAt >= 0) picker.value = String(selectedAt);
    const holder = el("div");
    // Choosing here selects the organisation in every view; opening this view does not.
    const show = async (chosen) => {
      const chosenOne = ot.organisations[Number(picker.value)];
      const code = chosenOne && chosenOne.code;
      if (chosen && code && code !== this._selected) {
        this._selected = code;
        this._selectedChoice = { code, label: chosenOne.label || code };
        this._showInPicker(code);
        const selectedView = await this._askView({ what: "organisation", code });
        this._selectedPeers = selectedView ? selectedView.peers.map((p) => p.code) : [];
      }
      const spc = await this._askView({ what: "spc", indicator: this._indicator, organisation: Number(picker.value) });
      if (!spc) {
        holder.replaceChildren(el("p", { text: "No series over time for this organisation." }));
        return;
      }
      const table = this._dataTable("The chart's data", spc.headings, spc.rows);
      holder.replaceChildren(this._figure({ key: "spc", part: "spc-figure", caption: spc.caption, scene: spc.scene, request: { what: "spc", indicator: this._indicator, code }, table }));
    };
    picker.addEventListener("change", this._safely(() => show(true)));
    await show(false);
    const choose = (position) => {
      picker.value = String(position);
      this._safely(() => show(true))();
      holder.scrollIntoView({ block: "nearest" });
    };
    const summary = await this._spcTable(choose);
    return el(
      "section",
      { "aria-labelledby": `${id}-time-heading`, part: "over-time" },
      el("h3", { id: `${id}-time-heading`, text: "Change over time (statistical process control)" }),
      el("p", { className: "summary", text: ot.summary }),
      list("Improving", ot.improving),
      list("Concerning", ot.concerning),
      ot.most_improved.length ? el("div", {}, el("h4", { text: "Most improved" }), el("ol", {}, ...ot.most_improved.map((m) => el("li", { text: m })))) : null,
      el("div", { className: "settings" }, el("div", {}, el("label", { for: picker.id, text: "Organisation" }), picker)),
      holder,
      summary,
    );
  },

  /**
   * Every organisation's variation and assurance (Making Data Count's summary table): the core
   * finds, sorts and pages it; an organisation's button shows its chart above (`choose`).
   */
  async _spcTable(choose) {
    const id = this._id;
    const state = this._spcState || (this._spcState = { find: "", sort: null, descending: false, page: 0 });
    const view = await this._askView({ what: "spc_table", indicator: this._indicator, query: state });
    if (!view) return null;
    const holder = el("div", { part: "spc-summary" });
    const redraw = this._safely(async () => holder.replaceWith(await this._spcTable(choose)));
    const keys = ["organisation", "latest", null, null, null, "variation", "assurance"];
    const head = el("tr", {}, ...view.headings.map((h, i) => {
      if (!keys[i]) return el("th", { scope: "col", text: h });
      const sorted = state.sort === keys[i];
      const button = el("button", { type: "button", className: "sort", text: h, "data-focus": `spc-sort:${keys[i]}` });
      button.addEventListener("click", () => {
        Object.assign(state, { descending: sorted ? !state.descending : false, sort: keys[i], page: 0 });
        redraw();
      });
      return el("th", { scope: "col", "aria-sort": sorted ? (state.descending ? "descending" : "ascending") : null }, button);
    }));
    const body = el("tbody", {}, ...view.rows.map((r) => {
      const button = el("button", { type: "button", className: "link", text: r.label });
      button.addEventListener("click", () => choose(r.position));
      return el("tr", {}, el("th", { scope: "row" }, button), ...[r.latest, r.mean, r.lower, r.upper].map((v) => el("td", { className: "num", text: v })), el("td", { className: `spc ${r.variation_key}`, text: r.variation }), el("td", { text: r.assurance }));
    }));
    const search = el("input", { type: "search", id: `${id}-spc-search`, value: state.find, "data-focus": "spc-search" });
    search.addEventListener("change", () => {
      Object.assign(state, { find: search.value, page: 0 });
      redraw();
    });
    const pager = this._pager(view.page, (page) => {
      state.page = page;
      redraw();
    });
    holder.append(
      el("h4", { text: "All organisations over time" }),
      el("div", { className: "settings" }, el("div", {}, el("label", { for: search.id, text: "Find an organisation (name or code)" }), search)),
      pager,
      el("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": "Variation and assurance of every organisation" }, el("table", {}, el("caption", { text: view.caption }), el("thead", {}, head), body)),
    );
    return holder;
  },

  /** The learning pairs: the core finds, filters and pages them (present/rows.rs). */
  async _pairing() {
    const id = this._id;
    const state = this._pairState || (this._pairState = { indicator: "", find: "", page: 0 });
    const view = await this._askView({ what: "pairing", query: state });
    state.page = view.page.index;
    const rerender = this._safely(() => this._renderView());
    const body = el("tbody");
    for (const r of view.rows) {
      const reasons = el("ul", {}, ...r.reasons.map((reason) => el("li", { text: reason })));
      body.append(el(
        "tr",
        {},
        el("td", { text: r.indicator }),
        el("th", { scope: "row" }, this._orgButton(r.learner_code, r.learner)),
        el("td", { className: "num", text: r.learner_value }),
        el("td", {}, this._orgButton(r.teacher_code, r.teacher),
          r.reciprocal ? el("span", { className: "badge reciprocal", text: " ⇄ reciprocal" }) : null,
          r.set >= 2 ? el("span", { className: "badge set", text: ` Learning set of ${r.set}` }) : null,
          r.beyond_peers ? el("span", { className: "badge beyond", text: " Beyond its nearest peers" }) : null),
        el("td", { className: "num", text: r.teacher_value }),
        el("td", {}, reasons),
      ));
    }
    const table = el(
      "table",
      { part: "pairing-table" },
      el("caption", { text: "Learning pairs: each learner with its teacher, and why" }),
      el("thead", {}, el("tr", {}, ...view.headings.map((h) => el("th", { scope: "col", text: h })))),
      body,
    );
    const indicator = el("select", { id: `${id}-pair-indicator`, "data-focus": "pair-indicator" }, el("option", { value: "", text: "All indicators" }), ...view.indicators.map((name) => el("option", { value: name, text: name })));
    indicator.value = state.indicator;
    const search = el("input", { type: "search", id: `${id}-pair-search`, value: state.find, "data-focus": "pair-search" });
    const refilter = () => {
      Object.assign(state, { indicator: indicator.value, find: search.value, page: 0 });
      rerender();
    };
    indicator.addEventListener("change", refilter);
    search.addEventListener("change", refilter);
    const pager = this._pager(view.page, (page) => {
      state.page = page;
      rerender();
    });
    const pairsSaid = el("p", { className: "status", role: "status" });
    const pairsButton = el("button", { type: "button", className: "secondary", text: "Download pairings (CSV)" });
    pairsButton.addEventListener("click", () => this._takeAway({ what: "pairings_csv" }, pairsSaid));
    const rolesButton = el("button", { type: "button", className: "secondary", text: "Download roles (CSV)" });
    rolesButton.addEventListener("click", () => this._takeAway({ what: "roles_csv" }, pairsSaid));
    const cards = el("ul", { className: "cards" }, ...view.roles.map((r) =>
      el("li", { className: "card" },
        el("h4", { text: r.label }),
        el("p", { text: r.summary }),
        r.teaches.length ? el("p", {}, el("strong", { text: "Teaches: " }), document.createTextNode(r.teaches.join(", "))) : null,
        r.learns.length ? el("p", {}, el("strong", { text: "Learns: " }), document.createTextNode(r.learns.join(", "))) : null),
    ));
    return el(
      "section",
      { "aria-labelledby": `${id}-pairs-heading`, part: "pairing" },
      el("h3", { id: `${id}-pairs-heading`, text: "All teach, all learn: who can learn from whom" }),
      el("p", { className: "summary", text: view.summary }),
      el("div", { className: "settings" },
        el("div", {}, el("label", { for: indicator.id, text: "Indicator" }), indicator),
        el("div", {}, el("label", { for: search.id, text: "Find an organisation (name or code)" }), search)),
      pager,
      el("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": "Learning pairs" }, table),
      el("p", {}, pairsButton, rolesButton),
      pairsSaid,
      this._unmatched(view),
      el("details", {}, el("summary", { text: view.roles_heading }), view.roles_note ? el("p", { text: view.roles_note }) : null, cards),
    );
  },

  /** Significantly worse results left without a teacher, each with why (from the core). */
  _unmatched(view) {
    const unmatched = view.unmatched;
    if (!unmatched.length) return el("p", { className: "method", text: "Every significantly worse result has a teacher." });
    const body = el("tbody", {}, ...unmatched.map((u) => el("tr", {}, el("td", { text: u.indicator }), el("th", { scope: "row" }, this._orgButton(u.learner_code, u.learner)), el("td", { text: u.reason }))));
    return el(
      "details",
      { part: "unmatched" },
      el("summary", { text: view.unmatched_heading }),
      view.unmatched_note ? el("p", { text: view.unmatched_note }) : null,
      el("div", { className: "table-wrap" }, el("table", {}, el("caption", { text: "Significantly worse results without a teacher" }), el("thead", {}, el("tr", {}, ...["Indicator", "Organisation", "Why"].map((h) => el("th", { scope: "col", text: h })))), body)),
    );
  },

  /** Another page of the indicator's results table. */
  async _goToPage(page) {
    this._page = page;
    // Only the rows: the indicator's charts stay as they are (a national funnel is megabytes).
    const view = await this._indicatorViewNow();
    const results = await this._askView({ what: "results", indicator: this._indicator, query: { page } });
    if (results) Object.assign(view, results);
    await this._renderView();
  },

  _excluded(excluded, title) {
    const body = el("tbody");
    for (const e of excluded) body.append(el("tr", {}, el("td", { className: "num", text: String(e.row) }), el("td", { text: e.column === null ? "(whole row)" : e.column }), el("td", { text: e.reason })));
    const table = el(
      "table",
      {},
      el("caption", { text: `${title}, with the reason` }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Row" }), el("th", { scope: "col", text: "Column" }), el("th", { scope: "col", text: "Reason" }))),
      body,
    );
    return el("details", { open: excluded.length <= 20 }, el("summary", { text: `${title}: ${excluded.length}` }), el("div", { className: "table-wrap" }, table));
  },
});
