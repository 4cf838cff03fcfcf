// The settings a file's reading needs: the question that stops an analysis, and the choices the
// core made from the file's shape (report.choices / describe().choices), each a control that sets
// the option it names. DOM plumbing only: what to ask and what was chosen come from Rust.

/* global el */

/** The column roles of the mapping, as the settings list them. */
const ROLES = [
  ["code", "Organisation code"],
  ["name", "Organisation name"],
  ["indicator", "Indicator (for long files)"],
  ["period", "Period (dates, months, years)"],
  ["numerator", "Numerator (the count)"],
  ["denominator", "Denominator (what it is out of)"],
  ["value", "Value (compared as it is)"],
];

/** The directions an indicator can have, as the options name them. */
const DIRECTIONS = [
  ["higher_is_better", "Higher is better"],
  ["lower_is_better", "Lower is better"],
  ["no_judgement", "Neither (no judgement)"],
];

const TYPES = [
  ["", "(as detected)"],
  ["proportion", "Proportion (part of a whole)"],
  ["rate", "Rate (events per population)"],
  ["ratio", "Ratio (observed over expected)"],
  ["mean", "Mean"],
  ["value", "Value (no interval)"],
];


/**
 * A copy of `options` with the option at `path` set to `value`. Paths are those of a choice:
 * "benchmark", "type", "polarity", "indicators", "filter.<column>" (the column may contain dots),
 * "spc.<field>" (and pairing's, peers'), and "indicators.<id>.polarity" (the entry of `indicators` with that id, added when absent).
 */
function withOption(options, path, value) {
  const next = JSON.parse(JSON.stringify(options || {}));
  if (path.startsWith("filter.")) {
    next.filter = Object.assign({}, next.filter, { [path.slice("filter.".length)]: value });
    return next;
  }
  const nested = /^(spc|pairing|peers)\.([a-z_]+)$/.exec(path);
  if (nested) {
    const [, group, field] = nested;
    next[group] = Object.assign({}, next[group], { [field]: value });
    return next;
  }
  const perIndicator = /^indicators\.(.+)\.([a-z_]+)$/.exec(path);
  if (perIndicator) {
    const [, id, field] = perIndicator;
    const list = Array.isArray(next.indicators) ? next.indicators : [];
    const entry = list.find((s) => s.id === id) || list[list.push({ id }) - 1];
    entry[field] = value;
    next.indicators = list;
    return next;
  }
  next[path] = value;
  return next;
}

/** The question that stops the analysis, said first, in words. */
function questionBlock(question) {
  // A question offers answers; with none to offer it says what the file is instead.
  const lead = question.alternatives.length ? "A question about this file: " : "About this file: ";
  return el("p", { className: "question", part: "question" }, el("strong", { text: lead }), document.createTextNode(question.reason));
}

/**
 * One control per choice: a labelled list of its alternatives (the chosen one selected) with the
 * reason beneath. `change(path, value)` is called when the person picks another.
 */
function choiceControls(choices, id, change) {
  const box = el("fieldset", { className: "choices" }, el("legend", { text: "What Allteach decided about this file (change any of them)" }));
  choices.forEach((choice, n) => {
    const select = el("select", { id: `${id}-choice-${n}`, "aria-describedby": `${id}-choice-${n}-why` });
    const chosen = JSON.stringify(choice.chosen);
    let found = false;
    choice.alternatives.forEach((alternative, a) => {
      const same = JSON.stringify(alternative.value) === chosen;
      found = found || same;
      select.append(el("option", { value: String(a), text: alternative.label, selected: same }));
    });
    if (!found) {
      select.prepend(el("option", { value: "", text: "(as the file was read)", selected: true }));
    }
    select.addEventListener("change", () => {
      if (select.value === "") return;
      change(choice.option, choice.alternatives[Number(select.value)].value);
    });
    box.append(
      el(
        "div",
        { className: "choice" },
        el("label", { for: select.id, text: choice.about }),
        select,
        el("p", { id: `${id}-choice-${n}-why`, className: "why", text: choice.reason }),
      ),
    );
  });
  return box;
}

/**
 * The columns option as the mapping stands: each role's column from the report (detected or
 * given), overlaid with what the person set (context, group, sums, complement).
 */
function currentColumns(report, options) {
  const columns = {};
  for (const [role] of ROLES) if (report.columns[role]) columns[role] = report.columns[role];
  if (report.columns.numerator_also && report.columns.numerator_also.length) columns.numerator = [report.columns.numerator, ...report.columns.numerator_also];
  if (report.columns.complement) columns.complement = true;
  return Object.assign(columns, (options && options.columns) || {});
}

/** The first column of a numerator or denominator given as one name or a list. */
function firstColumn(value) {
  return Array.isArray(value) ? value[0] : value;
}

/** What each column role is, in one line. */
const ROLE_HELP = {
  code: "Identifies each organisation (an ODS or ONS code).",
  name: "Shown beside the code.",
  indicator: "In a long file, names the indicator of each row.",
  period: "Dates, months or years: gives the charts over time.",
  numerator: "What is counted, e.g. patients on a register.",
  denominator: "What it is counted out of, e.g. the list size.",
  value: "A figure compared as it is, when there are no counts.",
};

/**
 * The mapping editor: a list of headers per role, a second numerator column added to the first,
 * and "compare the rest". `set(columns)` receives the new columns option.
 */
function columnControls(report, current, id, set) {
  const fields = [];
  // The mapping as it stands when a control changes (another may have changed since drawing).
  const columns = () => currentColumns(report, current());
  for (const [role, label] of ROLES) {
    const select = el("select", { id: `${id}-col-${role}` });
    select.append(el("option", { value: "", text: role === "code" ? "(choose a column)" : "(none)" }));
    for (const header of report.headers) select.append(el("option", { value: header, text: header }));
    select.value = report.columns[role] || "";
    select.addEventListener("change", () => {
      const next = columns();
      const also = role === "numerator" && Array.isArray(next.numerator) ? next.numerator.slice(1) : [];
      if (select.value) next[role] = also.length ? [select.value, ...also] : select.value;
      else delete next[role];
      set(next);
    });
    fields.push(described(select, label, ROLE_HELP[role]));
  }
  const also = el("select", { id: `${id}-col-numerator-also` }, el("option", { value: "", text: "(nothing)" }));
  for (const header of report.headers) also.append(el("option", { value: header, text: header }));
  also.value = (report.columns.numerator_also && report.columns.numerator_also[0]) || "";
  also.addEventListener("change", () => {
    const next = columns();
    const first = firstColumn(next.numerator);
    if (first) next.numerator = also.value ? [first, also.value] : first;
    set(next);
  });
  fields.push(described(also, "Add to the numerator", "A second count added to the first, e.g. delays of 30–60 and over 60 minutes."));
  const rest = el("input", { type: "checkbox", id: `${id}-complement`, checked: Boolean(report.columns.complement) });
  rest.addEventListener("change", () => {
    const next = columns();
    if (rest.checked) next.complement = true;
    else delete next.complement;
    set(next);
  });
  fields.push(el("div", { className: "toggle" }, el("span", {}, rest, el("label", { for: rest.id, text: " Compare the rest: denominator − numerator (breaches → seen within four hours)" }))));
  return fields;
}

/**
 * The periods compared: from and to (the same for one period; a range sums numerators and
 * denominators per organisation). `set(period)` receives the new period option.
 */
function periodControls(report, current, id, set) {
  const options = current();
  const compared = report.period_compared;
  if (!compared) return [];
  const bin = el("select", { id: `${id}-period-bin` });
  for (const [value, text] of [["", "(as in the file)"], ["week", "Weeks (from Monday)"], ["month", "Months"], ["quarter", "Quarters"], ["year", "Years"], ["financial_year", "Financial years"]]) bin.append(el("option", { value, text }));
  bin.value = (options && options.bin) || "";
  bin.addEventListener("change", () => set(undefined, bin.value || null));
  const pick = (which) => {
    const select = el("select", { id: `${id}-period-${which}` });
    for (const label of compared.labels) select.append(el("option", { value: label, text: label }));
    select.value = compared[which];
    return select;
  };
  const from = pick("from");
  const to = pick("to");
  const change = () => set(from.value === to.value ? to.value : { from: from.value, to: to.value });
  from.addEventListener("change", change);
  to.addEventListener("change", change);
  return [
    described(from, "Compare from (period)", "The comparison, peers and pairs use these periods; the charts show them all."),
    described(to, "to", "The same period, or a later one: counts are then summed over the range."),
    described(bin, "Group the periods into", "Weeks, months, quarters or years, counts summed: a daily series is easier to read."),
  ];
}

/**
 * "Add a file of context (optional)": a second file joined to the data file on the organisation
 * code, whose columns can then be peers' context or a denominator. `add(bytes, name)` receives it.
 */
function contextChooser(id, add) {
  const input = el("input", { type: "file", id: `${id}-context-file`, accept: ".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv" });
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    input.value = "";
    add(bytes, file.name);
  });
  return el(
    "div",
    { className: "context-file" },
    el("label", { for: input.id, text: "Add a file of context (optional)" }),
    el("span", { className: "why", text: " joined on the organisation code, e.g. deprivation or list size per practice" }),
    input,
  );
}

/**
 * Settings (an options object) without the columns `headers` lacks: `{ kept, missing }`. Column
 * roles, sums, context, filters and grouping are checked; a role left out is detected again.
 */
function settingsForHeaders(settings, headers) {
  const has = new Set(headers);
  const missing = [];
  const keep = (name) => {
    if (has.has(name)) return true;
    missing.push(name);
    return false;
  };
  const kept = JSON.parse(JSON.stringify(settings));
  const columns = kept.columns || {};
  for (const [role, value] of Object.entries(columns)) {
    if (typeof value === "string" && !keep(value)) delete columns[role];
    else if (Array.isArray(value)) {
      const present = value.filter(keep);
      if (present.length) columns[role] = role === "context" || present.length > 1 ? present : present[0];
      else delete columns[role];
    }
  }
  for (const column of Object.keys(kept.filter || {})) if (!keep(column)) delete kept.filter[column];
  if (kept.peers && kept.peers.within && !keep(kept.peers.within)) delete kept.peers.within;
  return { kept, missing };
}
