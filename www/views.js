// The element's results: the row of views, the selected organisation, the downloads block, and the figure, chart wiring, data table and badge every view uses.
// Methods of the <peer-benchmark> element (peer-benchmark.js), added to its prototype; DOM
// plumbing only, as the element is.

/* global PeerBenchmark, el */

Object.assign(PeerBenchmark.prototype, {
  /** The results: a row of views over one analysis, all following one selected organisation. */
  async _renderResults() {
    const report = this._report;
    const render = ++this._renders;
    // The shown indicator's own view (its funnel, results page, over time) is asked for only when
    // a view shows it: for the overview first, making it first was 86 ms of the national file's wait.
    this._indicatorAsk = null;
    const shown = report.indicators[this._indicator];
    if (!shown) {
      this._results.hidden = true;
      return;
    }
    // Whether there are pairs at all (the pairs view asks for the page it shows).
    if (this._pairingView === undefined) this._pairingView = await this._askView({ what: "pairing" });
    // The selected organisation's peers may differ in this analysis (new context or grouping).
    const selectedView = this._selected ? await this._askView({ what: "organisation", code: this._selected }) : null;
    this._selectedPeers = selectedView ? selectedView.peers.map((p) => p.code) : [];
    this._selectedChoice = selectedView ? { code: selectedView.code, label: selectedView.label } : null;
    if (this._selected && !selectedView) this._selected = null;
    if (render !== this._renders) return;
    const views = [
      ["overview", "All indicators"],
      ["compare", "Compare organisations"],
      ["funnel", "Funnel plot and table"],
      ["organisation", "One organisation"],
    ];
    if (shown.over_time) views.push(["time", "Over time"]);
    if (this._pairingView) views.push(["pairs", "Who can learn from whom"]);
    if (!views.some(([key]) => key === this._view)) this._view = report.indicators.length > 1 ? "overview" : "funnel";
    // A view drawn from the indicator's own view has it before the last analysis's view is
    // replaced, so the two are never on the page together for a worker's round trip.
    if (this._view === "funnel" || this._view === "time") await this._indicatorViewNow();
    if (render !== this._renders) return;
    const nav = el("nav", { className: "views", "aria-label": "Views of the results", part: "views" });
    for (const [key, label] of views) {
      const button = el("button", { type: "button", className: "view-button", "aria-pressed": String(key === this._view), text: label });
      button.dataset.view = key;
      button.addEventListener("click", this._safely(() => this._showView(key)));
      nav.append(button);
    }
    const pieces = [this._selectionBar(), nav, this._viewHolder, this._exportBlock()];
    if (report.warnings.length) {
      pieces.push(el("div", { className: "warnings" }, el("h3", { text: "Notes" }), el("ul", {}, ...report.warnings.map((w) => el("li", { text: w })))));
    }
    if (report.rows.excluded.length) pieces.push(this._excluded(report.rows.excluded, "Rows left out"));
    if (report.rows.partly_used.length) pieces.push(this._excluded(report.rows.partly_used, "Cells not used (the rest of the row was)"));
    this._results.replaceChildren(...pieces);
    this._results.hidden = false;
    await this._renderView();
    // The list of every organisation (the picker's, the find box's suggestions) comes after the
    // first view, which does not show it: nationally 6,378 names took the worker about 20 ms.
    await this._organisationList();
    if (render === this._renders) this._listArrived();
  },

  /** Every organisation's code and label, asked for once per analysis. */
  _organisationList() {
    if (!this._organisationsAsk) this._organisationsAsk = this._askView({ what: "organisations" }).then((list) => (this._organisations = list));
    return this._organisationsAsk;
  },

  /** The shown indicator's view, asked for once per rendering of the results. */
  async _indicatorViewNow() {
    this._indicatorAsk = this._indicatorAsk || this._askView({ what: "indicator", indicator: this._indicator, query: { page: this._page }, group: this._group || null });
    return this._indicatorAsk;
  },

  async _showView(key) {
    this._view = key;
    for (const button of this._results.querySelectorAll("nav.views button")) button.setAttribute("aria-pressed", String(button.dataset.view === key));
    await this._renderView();
  },

  async _renderView() {
    const render = ++this._viewRenders;
    const view = this._view;
    delete this._viewHolder.dataset.view; // set again once this view is drawn whole
    const build = {
      overview: () => this._overviewView(),
      compare: () => this._compareView(),
      funnel: async () => this._funnelView(await this._indicatorViewNow()),
      organisation: () => this._organisationView(),
      time: async () => this._overTime(await this._indicatorViewNow()),
      pairs: () => this._pairing(),
    }[view];
    const content = await build();
    if (render !== this._viewRenders) return;
    // Keyboard users keep their place: the control they used is focused again in the new view.
    const active = this.shadowRoot.activeElement;
    const key = active && active.dataset ? active.dataset.focus : null;
    // A table's rows come a frame at a time (the focused one among the first): the view keeps
    // the height of the last meanwhile, so that the page does not scroll under the pointer (a
    // view without such rows clears a height one replaced before its rows were in left).
    this._viewHolder.style.minHeight = content.drawn ? `${this._viewHolder.offsetHeight}px` : "";
    this._viewHolder.replaceChildren(content);
    this._focusAgain(key);
    await content.drawn;
    if (render !== this._viewRenders) return;
    this._viewHolder.style.minHeight = "";
    this._viewHolder.dataset.view = view; // which view is drawn whole (tests wait for it)
  },

  /** Focuses the new view's control with `data-focus` `key`, if it has one. */
  _focusAgain(key) {
    const again = key ? [...this._viewHolder.querySelectorAll("[data-focus]")].find((node) => node.dataset.focus === key) : null;
    // A control now disabled (the last page's "Next") cannot hold focus: its neighbour does.
    const target = again && again.disabled ? again.parentElement.querySelector("button:not([disabled])") : again;
    if (target) target.focus();
  },

  /** Which organisation every view follows, chosen here or by clicking it anywhere. */
  _selectionBar() {
    const id = this._id;
    const picker = el("select", { id: `${id}-selected` });
    // A national file lists 6,378 organisations here and again in the find box's suggestions.
    // Their style and layout were a main-thread task of about 100 ms in the first view
    // (measured), so a long list is filled when the picker is first reached (focus, pointer or
    // key), and until then holds only "(none)" and the selected one.
    this._pickerFilled = false;
    this._pickerWanted = false;
    const fill = () => {
      this._pickerWanted = true;
      if (this._pickerFilled || !this._organisations) return; // filled when the list arrives
      this._pickerFilled = true;
      picker.replaceChildren(new Option("(none)", ""), ...this._organisations.map((o) => new Option(o.label, o.code)));
      picker.value = this._selected || "";
    };
    this._selectedPicker = picker;
    this._showInPicker(this._selected);
    for (const type of ["focus", "pointerdown", "keydown"]) picker.addEventListener(type, fill);
    picker.addEventListener("change", this._safely(() => this._select(picker.value || null)));
    // Thousands of organisations are a long list to scroll: typing a name or code finds one.
    const list = el("datalist", { id: `${id}-organisations` });
    const find = el("input", { type: "text", id: `${id}-find-organisation`, list: list.id, autocomplete: "off" });
    // The suggestions too are made only when the box is first used.
    const suggest = () => list.firstChild || !this._organisations || list.append(...this._organisations.map((o) => new Option("", o.label)));
    find.addEventListener("focus", suggest);
    find.addEventListener("change", this._safely(async () => {
      const typed = find.value.trim().toLowerCase();
      const match = typed && (await this._organisationList()).find((o) => o.label.toLowerCase() === typed || o.code.toLowerCase() === typed);
      if (match) return this._select(match.code);
    }));
    // When the list arrives: a short one fills the picker at once, as does one already reached.
    this._listArrived = () => {
      if (this._organisations.length <= 1000 || this._pickerWanted) fill();
      if (this.shadowRoot.activeElement === find) suggest();
    };
    return el(
      "div",
      { className: "settings selection", part: "selection" },
      el("div", {}, el("label", { for: picker.id, text: "Selected organisation (highlighted in every view)" }), picker),
      el("div", {}, el("label", { for: find.id, text: "Or find one by name or code" }), find, list),
    );
  },

  async _select(code) {
    this._selected = code;
    this._showInPicker(code);
    const view = code ? await this._askView({ what: "organisation", code }) : null;
    this._selectedPeers = view ? view.peers.map((p) => p.code) : [];
    if (view) this._selectedChoice = { code: view.code, label: view.label };
    this._showInPicker(code); // with its label, if the list has not arrived yet
    this._say(view ? `Selected ${view.label}.` : "No organisation selected.");
    await this._renderView();
  },

  /** Shows `code` (or "(none)") as the picker's choice; until the list is filled it holds only those two. */
  _showInPicker(code) {
    const picker = this._selectedPicker;
    if (!picker) return;
    // Its label from the list, or (before the list arrives) from its own view.
    const known = code && ((this._organisations || []).find((o) => o.code === code) || (this._selectedChoice && this._selectedChoice.code === code && this._selectedChoice));
    const chosen = known && known.label;
    if (!this._pickerFilled) picker.replaceChildren(new Option("(none)", ""), ...(chosen ? [new Option(chosen, code)] : []));
    picker.value = chosen ? code : "";
  },

  /** A button that selects an organisation in every view. */
  _orgButton(code, text, selected = this._selected) {
    const button = el("button", { type: "button", className: "link", text, "aria-pressed": String(code === selected), "data-focus": `org:${code}` });
    button.addEventListener("click", this._safely(() => this._select(code)));
    return button;
  },

  _exportBlock() {
    const id = this._id;
    // Every download follows this one setting (the core applies the disclosure policy); the
    // page itself shows the user's own file in full, and says so.
    const suppress = el("input", { type: "checkbox", id: `${id}-suppress`, checked: this._suppress !== false });
    suppress.addEventListener("change", () => (this._suppress = suppress.checked));
    const resultsButton = el("button", { type: "button", text: "Download results (CSV)" });
    const suppressed = el("p", { className: "status", role: "status" });
    resultsButton.addEventListener("click", this._safely(async () => {
      const exported = await this._ask("resultsCsv", JSON.stringify({ up_to: suppress.checked ? 7 : 0 }));
      suppressed.textContent = exported.summary;
      this._download("allteach-results.csv", exported.bytes, "text/csv;charset=utf-8");
    }));
    return el(
      "div",
      { className: "export", part: "export" },
      el("p", {}, resultsButton),
      el("p", { className: "toggle" }, suppress, el("label", { for: suppress.id, text: " Suppress small numbers in every download (counts of 1 to 7, and any count that would reveal one)" })),
      el("p", { className: "hint", text: "This page shows your file in full: it is your data, on your device. Every download (results, charts, pairings, learning packs) follows the setting above and says in its own text whether it is suppressed." }),
      suppressed,
    );
  },

  /**
   * A chart as a figure: caption stating the finding, the chart drawn from its scene (tooltips
   * on hover and keyboard focus, click to select), SVG and PNG downloads, and its data as a
   * real table.
   */
  _figure({ key, caption, scene, request, table, part = "figure", open = false }) {
    const captionId = `${this._id}-${key}-caption`;
    const chart = this._chartBox(key, scene, caption);
    const [svgButton, pngButton, said] = this._chartDownloads(request);
    return el(
      "figure",
      { part, "aria-labelledby": captionId },
      el("figcaption", { id: captionId, text: caption }),
      chart,
      el("p", { className: "buttons" }, svgButton, pngButton),
      said,
      table ? el("details", { open }, el("summary", { text: "Show the data table" }), el("div", { className: "table-wrap" }, table)) : null,
    );
  },

  /**
   * One group's organisations in colour against everyone else's in grey (one ICB against
   * England): the column naming each organisation's group, then the group, from the file.
   */
  _groupPicker() {
    const id = this._id;
    const column = el("select", { id: `${id}-group-column`, "data-focus": "group-column" }, el("option", { value: "", text: "(none)" }));
    for (const header of this._report.headers) column.append(el("option", { value: header, text: header, selected: this._group && this._group.column === header }));
    const value = el("select", { id: `${id}-group-value`, "data-focus": "group-value", disabled: !this._group });
    const show = (group) => {
      this._group = group;
      this._safely(() => this._renderResults())();
    };
    const fill = async (chosen) => {
      const answer = chosen ? await this._askView({ what: "column_values", column: chosen }) : null;
      value.replaceChildren(el("option", { value: "", text: "(choose a group)" }));
      for (const v of (answer && answer.values) || []) value.append(el("option", { value: v.value, text: v.value, selected: this._group && this._group.value === v.value }));
      value.disabled = !chosen;
    };
    column.addEventListener("change", this._safely(async () => {
      await fill(column.value);
      if (!column.value && this._group) show(null);
    }));
    value.addEventListener("change", () => show(value.value ? { column: column.value, value: value.value } : null));
    if (this._group) this._safely(() => fill(this._group.column))();
    return el(
      "div",
      { className: "group-picker" },
      el("label", { for: column.id, text: "Show one group in colour against everyone (e.g. your ICB against England): its column " }),
      column,
      el("label", { for: value.id, text: " and the group " }),
      value,
    );
  },

  _dataTable(caption, headings, rows) {
    return el(
      "table",
      {},
      el("caption", { text: caption }),
      el("thead", {}, el("tr", {}, ...headings.map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : el("td", { className: typeof c === "string" && /^[-−\d.,%\s–()]+$/.test(c) ? "num" : "" }, c)))))),
    );
  },

  _badge(outcome, symbol, words) {
    return el("span", { className: `badge ${outcome}`, text: `${symbol} ${words}` });
  },
});
