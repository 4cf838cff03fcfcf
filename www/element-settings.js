// The element's settings panel: the columns, periods, choices, context and settings files, drawn from the report (or from a description of a file that could not be analysed).
// Methods of the <peer-benchmark> element (peer-benchmark.js), added to its prototype; DOM
// plumbing only, as the element is.

/* global PeerBenchmark, el, cohortControls */

Object.assign(PeerBenchmark.prototype, {
  /** The settings of `report` (or of a description of a file that did not analyse), question first. */
  async _renderSettings(report, question) {
    const id = this._id;
    const fields = [];
    fields.push(
      ...columnControls(report, () => this._options, id, (columns) => {
        this._options = Object.assign({}, this._options, { columns });
        this._run();
      }),
      ...periodControls(report, () => this._options, id, (period, bin) => {
        const next = Object.assign({}, this._options, { period });
        if (period === undefined) delete next.period; // new bins: their own periods
        if (bin !== undefined) {
          if (bin) next.bin = bin;
          else delete next.bin;
        }
        this._options = next;
        this._run();
      }),
    );
    const polarity = el("select", { id: `${id}-polarity` });
    for (const [value, text] of DIRECTIONS) {
      polarity.append(el("option", { value, text }));
    }
    polarity.value = (report.indicators[0] && report.indicators[0].polarity) || "no_judgement";
    polarity.addEventListener("change", () => {
      this._options = Object.assign({}, this._options, { polarity: polarity.value });
      this._run();
    });
    const type = el("select", { id: `${id}-type` });
    for (const [value, text] of TYPES) type.append(el("option", { value, text }));
    type.value = (this._options && this._options.type) || "";
    type.addEventListener("change", () => {
      this._options = Object.assign({}, this._options, { type: type.value || undefined });
      if (!type.value) delete this._options.type;
      this._run();
    });
    fields.push(el("div", {}, el("label", { for: type.id, text: "Type of figure" }), type));
    // Why the direction is what it is (judged from the measure's name, or nothing said).
    const silent = (report.choices || []).find((c) => c.option === "polarity");
    const why = silent && el("p", { id: `${id}-polarity-why`, className: "why", text: silent.reason });
    if (why) polarity.setAttribute("aria-describedby", why.id);
    fields.push(el("div", {}, el("label", { for: polarity.id, text: "Direction (for all indicators)" }), polarity, why));
    if (report.sheets.length > 1) {
      const sheet = el("select", { id: `${id}-sheet` });
      report.sheets.forEach((name) => sheet.append(el("option", { value: name, text: name })));
      sheet.value = report.sheet;
      sheet.addEventListener("change", () => {
        this._options = Object.assign({}, this._options, { sheet: sheet.value });
        delete this._options.columns;
        this._run();
      });
      fields.unshift(el("div", {}, el("label", { for: sheet.id, text: "Sheet" }), sheet));
    }
    if (report.indicators.length > 1) {
      const picker = el("select", { id: `${id}-indicator` });
      (await this._askView({ what: "indicators" })).forEach((choice) => picker.append(el("option", { value: String(choice.index), text: `${choice.name} (${choice.organisations})` })));
      picker.value = String(this._indicator);
      picker.addEventListener("change", () => {
        this._indicator = Number(picker.value);
        this._page = 0;
        this._safely(() => this._renderResults())();
      });
      fields.unshift(el("div", {}, el("label", { for: picker.id, text: "Indicator" }), picker));
    }
    const options = this._lastOptions || {};
    const mapped = new Set(Object.values(report.columns).flat().filter((v) => typeof v === "string" && v));
    const within = el("select", { id: `${id}-within` }, el("option", { value: "", text: "(no grouping)" }));
    for (const header of report.headers) if (!mapped.has(header)) within.append(el("option", { value: header, text: header }));
    within.value = (options.peers && options.peers.within) || "";
    within.addEventListener("change", () => {
      const peers = Object.assign({}, this._options.peers || (this._lastOptions && this._lastOptions.peers) || {});
      if (within.value) peers.within = within.value;
      else delete peers.within;
      this._options = Object.assign({}, this._options, { peers });
      this._run();
    });
    fields.push(el("div", {}, el("label", { for: within.id, text: "Peers: same group in column" }), within));
    const context = new Set((options.columns && options.columns.context) || []);
    const boxes = el("fieldset", { className: "context" }, el("legend", { text: "Peers: similar on (context the organisation cannot change)" }));
    for (const header of report.context_headers || report.numeric_headers) {
      if (mapped.has(header)) continue;
      const box = el("input", { type: "checkbox", id: `${id}-ctx-${boxes.childElementCount}`, value: header, checked: context.has(header) });
      box.addEventListener("change", () => {
        const chosen = [...boxes.querySelectorAll("input:checked")].map((b) => b.value);
        const columns = Object.assign({}, this._options.columns || {}, { context: chosen.length ? chosen : undefined });
        if (!chosen.length) delete columns.context;
        this._options = Object.assign({}, this._options, { columns });
        this._run();
      });
      boxes.append(el("span", { className: "toggle" }, box, el("label", { for: box.id, text: ` ${header}` })));
    }
    // Settings travel as a small JSON file (the options object), so next month's file can be
    // analysed the same way. Nothing is stored in the browser.
    const save = el("button", { type: "button", className: "secondary", text: "Save settings (JSON)" });
    save.addEventListener("click", () => this._download("allteach-settings.json", JSON.stringify(this._lastOptions || {}, null, 2), "application/json"));
    const load = el("input", { type: "file", id: `${id}-settings-file`, accept: ".json,application/json" });
    load.addEventListener("change", async () => {
      const file = load.files && load.files[0];
      if (!file) return;
      try {
        const settings = JSON.parse(await file.text());
        if (!settings || typeof settings !== "object" || Array.isArray(settings)) throw new Error("it is not an options object");
        // Last month's settings on this month's file: columns it lacks are said, not fatal.
        const { kept, missing } = settingsForHeaders(settings, report.headers);
        this._options = kept;
        await this._run();
        if (missing.length) this._say(`The settings name columns this file does not have, so they were left out and found from the file instead: ${missing.map((m) => `"${m}"`).join(", ")}.`);
      } catch (e) {
        this._fail(new Error(`The settings file could not be used: ${e.message}.`));
      }
    });
    const settingsFiles = el("div", { className: "settings" }, save, el("div", {}, el("label", { for: load.id, text: "Load settings (JSON)" }), load));
    const choices = choiceControls(
      (report.choices || []).filter((c) => c.option !== "polarity"),
      id,
      (path, value) => {
        this._options = withOption(this._options, path, value);
        this._run();
      },
    );
    let accept = null;
    if (question) {
      // The columns shown hold the suggestion (if any): one click analyses with them.
      accept = el("button", { type: "button", text: "Analyse with these columns" });
      accept.addEventListener("click", () => {
        const shown = currentColumns(report, this._options);
        for (const [role] of ROLES) {
          const value = this._settings.querySelector(`#${id}-col-${role}`).value;
          if (value && !Array.isArray(shown[role])) shown[role] = value;
        }
        this._options = Object.assign({}, this._options, { columns: shown });
        this._run();
      });
    }
    // A file of one row per event: the cohort comes first (its own columns replace the mapping).
    const records = report.records || (report.cohort && { headers: report.cohort.record_headers, columns: report.cohort.columns });
    const cohort =
      records &&
      cohortControls(records, this._options && this._options.cohort, id, (rule) => {
        const columns = (this._options && this._options.columns) || {};
        const kept = Object.fromEntries(["context", "group"].filter((k) => columns[k]).map((k) => [k, columns[k]]));
        this._options = Object.assign({}, this._options, { cohort: rule, columns: kept });
        this._run();
      });
    const asked = records && !report.cohort ? null : question && questionBlock(question);
    const parts = [el("legend", { text: "Columns and settings" }), cohort, asked, el("div", { className: "settings" }, ...fields), records && !report.cohort ? null : accept];
    const more =
      this._report === report &&
      moreSettings(
        report,
        () => this._options,
        this._indicator,
        id,
        async (column) => this._askView({ what: "column_values", column }),
        (next) => {
          this._options = next;
          this._run();
        },
      );
    parts.push(choices.childElementCount > 1 && choices, boxes, more, settingsFiles);
    this._settings.replaceChildren(...parts.filter(Boolean));
    this._settings.hidden = false;
  },
});
