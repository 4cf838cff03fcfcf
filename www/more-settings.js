// "More settings": the options a person may want beyond the columns, each a labelled control
// with one line on what it does, setting one option and re-running. DOM plumbing only: the values
// offered (a column's values and their rows, the indicators) come from the report and the core.

/* global el, withOption, DIRECTIONS */

/** A labelled control with the line that says what it does. */
function described(control, label, what) {
  const why = el("p", { id: `${control.id}-why`, className: "why", text: what });
  control.setAttribute("aria-describedby", why.id);
  return el("div", { className: "setting" }, el("label", { for: control.id, text: label }), control, why);
}

/**
 * A number input that calls `change(number | undefined)` when left with a new value: undefined
 * when blank, NaN when what was typed is not a number (the browser then reports it as blank).
 */
function numberInput(id, value, change) {
  const input = el("input", { type: "number", id, step: "any", value: value === undefined || value === null ? "" : String(value) });
  input.addEventListener("change", () => change(input.validity.badInput ? NaN : input.value.trim() === "" ? undefined : Number(input.value)));
  return input;
}

/** Shows or hides a field's problem, and says it to a screen reader only while shown. */
function markProblem(input, problem, fine) {
  input.setAttribute("aria-invalid", String(!fine));
  problem.hidden = fine;
  input.setAttribute("aria-describedby", fine ? `${input.id}-why` : `${input.id}-why ${problem.id}`);
}

/**
 * The more-settings block. `current()` gives the options in force, `indicator` the index of the
 * indicator shown, `values(column)` resolves to `{ values: [{ value, rows }], more }`, and
 * `set(options)` re-runs with new options.
 */
function moreSettings(report, current, indicator, id, values, set) {
  // Read when a control changes, not when it was drawn: two quick changes both count.
  const options = current();
  const setWith = (path, value) => set(withOption(current(), path, value));
  const box = el("details", { className: "more-settings", part: "more-settings" }, el("summary", { text: "More settings: filters, benchmark, each indicator, peers, learning pairs and charts over time" }));
  const body = el("div", { className: "choices" });
  box.append(body);
  body.append(filterControls(report, current, id, values, set, setWith));
  body.append(benchmarkControl(current, id, set));
  const shown = report.indicators[indicator];
  // A wide file's indicators each have their own columns, so each may have its own type.
  const wide = report.indicators.length > 1 && !report.columns.indicator && !report.columns.numerator;
  if (shown) body.append(...indicatorControls(shown, id, setWith, wide).filter(Boolean));
  if (report.peers) {
    body.append(described(numberInput(`${id}-k`, (options.peers && options.peers.k) || report.peers.k || 10, (k) => Number.isNaN(k) || setWith("peers", Object.assign({}, current().peers, { k }))), "Peers: how many nearest neighbours", "Each organisation is compared with this many organisations most like it on the context columns (10 is usual)."));
    for (const variable of report.peers.variables || []) {
      const weight = numberInput(`${id}-weight-${variable.name.replace(/[^A-Za-z0-9]/g, "_")}`, variable.weight, (w) => {
        if (!(w >= 0)) return;
        const peers = Object.assign({}, current().peers);
        peers.weights = Object.assign({}, peers.weights, { [variable.name]: w });
        setWith("peers", peers);
      });
      body.append(described(weight, `Peers: weight of "${variable.name}"`, "How much this context counts in finding similar organisations (1 = as much as each other)."));
    }
    body.append(pairingControls(report, current, id, setWith));
  }
  if (report.period_compared) {
    const target = numberInput(`${id}-spc-target`, options.spc && options.spc.target, (value) => Number.isNaN(value) || setWith("spc", Object.assign({}, current().spc, { target: value })));
    body.append(described(target, "Charts over time: target (on the scale shown, e.g. 95 for 95%)", "Gives each organisation's chart an assurance icon: whether its process will meet the target."));
    const rebase = el("select", { id: `${id}-spc-rebase`, multiple: true, size: "5" });
    const chosen = new Set((options.spc && options.spc.rebase) || []);
    for (const label of report.period_compared.labels.slice(1)) rebase.append(el("option", { value: label, text: label, selected: chosen.has(label) }));
    const apply = el("button", { type: "button", className: "secondary", text: "Start new limits at these periods" });
    apply.addEventListener("click", () => setWith("spc", Object.assign({}, current().spc, { rebase: [...rebase.selectedOptions].map((o) => o.value) })));
    body.append(described(rebase, "Charts over time: rebase (pick periods where a change began)", "The process limits are worked out afresh from each period picked, as after a change in how care is given."), apply);
  }
  return box;
}

/**
 * The learning pairs' choices (the `pairing` options), each shown with the value in force, which
 * the report states (`pairing_summary`), so the page holds no defaults of its own.
 */
function pairingControls(report, current, id, setWith) {
  const inForce = report.pairing_summary || {};
  const given = () => current().pairing || {};
  const setPairing = (field, value) => setWith("pairing", Object.assign({}, given(), { [field]: value }));
  const block = el("fieldset", { className: "pairing-settings" }, el("legend", { text: "Learning pairs" }));
  const confidence = el("select", { id: `${id}-pair-confidence` }, el("option", { value: "0.95", text: "95%" }), el("option", { value: "0.998", text: "99.8%" }));
  confidence.value = String(given().confidence || inForce.confidence || 0.95);
  confidence.addEventListener("change", () => setPairing("confidence", Number(confidence.value)));
  block.append(described(confidence, "Confidence", "How sure a learner's 'significantly worse' and a teacher's 'significantly better' must be."));
  if (report.period_compared) {
    const teachers = el("select", { id: `${id}-pair-teachers` });
    for (const [value, text] of [["better", "Significantly better now"], ["improving", "Improving (special-cause improvement at the latest point)"], ["both", "Either"]]) teachers.append(el("option", { value, text }));
    teachers.value = given().teachers || inForce.teachers || "better";
    teachers.addEventListener("change", () => setPairing("teachers", teachers.value));
    block.append(described(teachers, "Who may teach", "An improving organisation is ahead of the learner and its chart over time shows improvement at its latest point."));
  }
  const fields = [
    ["max_topics", "Indicators a learner works on at once", "Those where it is furthest behind come first (3 is usual).", false],
    ["capacity", "Learners per teacher on one indicator, one to one", "Beyond this a teacher takes learners together, as a learning set (2 is usual).", false],
    ["set_size", "Largest learning set", "The most learners one teacher takes on one indicator, where teachers are scarce (4 is the default).", false],
    ["capacity_total", "Learners per teacher in all (blank: no limit)", "Caps how many learners one teacher takes across every indicator.", true],
  ];
  for (const [field, label, what, blankAllowed] of fields) {
    const input = numberInput(`${id}-pair-${field.replace(/_/g, "-")}`, given()[field] ?? inForce[field], (n) => {
      const fine = n === undefined ? blankAllowed : Number.isInteger(n) && n >= 1;
      markProblem(input, problem, fine);
      if (fine) setPairing(field, n);
    });
    input.min = "1";
    input.step = "1";
    const problem = el("p", { id: `${input.id}-problem`, className: "problem", role: "alert", hidden: true, text: `${label}: a whole number of 1 or more${blankAllowed ? ", or blank" : ""}.` });
    block.append(described(input, label, what), problem);
  }
  const distanceLabel = "Most different a teacher may be (blank: no limit)";
  const distance = numberInput(`${id}-pair-max-distance`, given().max_distance ?? inForce.max_distance, (d) => {
    const fine = d === undefined || d >= 0;
    markProblem(distance, distanceProblem, fine);
    if (fine) setPairing("max_distance", d);
  });
  distance.min = "0";
  const distanceProblem = el("p", { id: `${distance.id}-problem`, className: "problem", role: "alert", hidden: true, text: `${distanceLabel}: a number of 0 or more, or blank.` });
  block.append(described(distance, distanceLabel, "As a peer distance: 0 is identical, 1 the farthest pair among everyone's peers. Learners with no teacher this close are listed with why."), distanceProblem);
  return block;
}

/** Keep only rows whose column holds chosen values; each filter in force can be removed. */
function filterControls(report, current, id, values, set, setWith) {
  const options = current();
  const block = el("fieldset", { className: "filters" }, el("legend", { text: "Filters: keep only some rows" }));
  for (const [column, kept] of Object.entries(options.filter || {})) {
    const remove = el("button", { type: "button", className: "secondary", text: `Remove the filter on "${column}" (keeps ${[].concat(kept).join(", ")})` });
    remove.addEventListener("click", () => {
      const next = JSON.parse(JSON.stringify(current()));
      delete next.filter[column];
      set(next);
    });
    block.append(remove);
  }
  const column = el("select", { id: `${id}-filter-column` }, el("option", { value: "", text: "(choose a column)" }));
  for (const header of report.headers) column.append(el("option", { value: header, text: header }));
  const picked = el("select", { id: `${id}-filter-values`, multiple: true, size: "6", disabled: true });
  const apply = el("button", { type: "button", text: "Keep only these rows", disabled: true });
  column.addEventListener("change", async () => {
    picked.replaceChildren();
    picked.disabled = apply.disabled = !column.value;
    if (!column.value) return;
    const found = await values(column.value);
    for (const { value, rows } of (found && found.values) || []) picked.append(el("option", { value, text: `${value === "" ? "(blank)" : value} (${rows} rows)` }));
    if (found && found.more) picked.append(el("option", { value: "", disabled: true, text: `…and ${found.more} more values` }));
  });
  apply.addEventListener("click", () => {
    const chosen = [...picked.selectedOptions].map((o) => o.value);
    if (column.value && chosen.length) setWith(`filter.${column.value}`, chosen.length === 1 ? chosen[0] : chosen);
  });
  block.append(
    described(column, "Column", "The rows kept are those whose cell in this column is one of the values picked."),
    described(picked, "Values (pick one or more)", "Each value with its number of rows in the file."),
    apply,
  );
  return block;
}

/** What each organisation is compared with. */
function benchmarkControl(current, id, set) {
  const given = current().benchmark;
  const kind = el("select", { id: `${id}-benchmark` });
  for (const [value, text] of [["", "(as the file was read)"], ["pooled", "All organisations pooled"], ["median", "The median organisation"], ["target", "A target"], ["organisation", "A named row, such as England"]]) {
    kind.append(el("option", { value, text }));
  }
  kind.value = typeof given === "number" ? "target" : given && typeof given === "object" ? "organisation" : given || "";
  const target = el("input", { type: "number", step: "any", id: `${id}-benchmark-target`, value: typeof given === "number" ? String(given) : "" });
  const code = el("input", { type: "text", id: `${id}-benchmark-code`, value: given && given.code ? given.code : "" });
  const apply = () => {
    const next = JSON.parse(JSON.stringify(current()));
    if (kind.value === "") delete next.benchmark;
    else if (kind.value === "target") {
      if (target.value.trim() === "") return;
      next.benchmark = Number(target.value);
    } else if (kind.value === "organisation") {
      if (!code.value.trim()) return;
      next.benchmark = { code: code.value.trim() };
    } else next.benchmark = kind.value;
    set(next);
  };
  for (const control of [kind, target, code]) control.addEventListener("change", apply);
  return el(
    "div",
    { className: "benchmark-settings" },
    described(kind, "Benchmark", "What each organisation is compared with."),
    described(target, "Target (on the scale shown, e.g. 95 for 95%)", "Used when the benchmark is a target."),
    described(code, "Code of the benchmark row (e.g. E92000001)", "Used when the benchmark is a named row; that row is not compared with itself."),
  );
}

/** The shown indicator's name, direction and display scale (an `indicators` entry by its id). */
function indicatorControls(indicator, id, setWith, wide) {
  const path = (field) => `indicators.${indicator.id}.${field}`;
  const name = el("input", { type: "text", id: `${id}-ind-name`, value: indicator.name });
  name.addEventListener("change", () => name.value.trim() && setWith(path("name"), name.value.trim()));
  const direction = el("select", { id: `${id}-ind-direction` });
  for (const [value, text] of DIRECTIONS) direction.append(el("option", { value, text }));
  direction.value = indicator.polarity;
  direction.addEventListener("change", () => setWith(path("polarity"), direction.value));
  const scale = numberInput(`${id}-ind-multiplier`, indicator.multiplier, (m) => m > 0 && setWith(path("multiplier"), m));
  const type = wide && el("select", { id: `${id}-ind-type` });
  if (type) {
    for (const [value, text] of [["proportion", "Proportion (part of a whole)"], ["rate", "Rate (events per population)"], ["ratio", "Ratio (observed over expected)"], ["value", "Value (no interval)"]]) type.append(el("option", { value, text }));
    type.value = indicator.type;
    type.addEventListener("change", () => setWith(path("type"), type.value));
  }
  return [
    type && described(type, "Type of this indicator", "How its intervals are worked out: Wilson for a proportion, Poisson for a rate."),
    described(name, `Name of this indicator (${indicator.id})`, "How it is called in the views, the downloads and the learning pack."),
    described(direction, "Direction for this indicator", "Which way is better; with no judgement nobody is better or worse, and there are no pairs."),
    described(scale, "Display scale for this indicator", "100 shows percentages, 1,000 per 1,000, 100,000 per 100,000; 1 shows the raw fraction or rate."),
  ];
}
