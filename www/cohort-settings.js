// The cohort settings: for a file of one row per event (a person, a date, an organisation), the
// rule that puts a person in a cohort of frequent users, its columns, and the day it is counted
// to. DOM plumbing only: the core counts (src/cohort/), on this device.

/* global el, described, numberInput */

// Definitions in use (README, "Cohorts"): the value is the rule as min_events/window_days.
const COHORT_PRESETS = [
  ["21/365", "More than 20 times in a year (NHS England's High Intensity Use programme)"],
  ["6/30", "More than 5 times in a month (NHS England's High Intensity Use programme)"],
  ["6/365", "More than 5 times in a year (British Red Cross research)"],
  ["11/365", "More than 10 times in 12 months (used by some services)"],
  ["5/365", "5 or more times in a year (Allteach's default)"],
];

/**
 * The cohort's controls. `records`: `{ headers, columns: { person, date, by } }` (from describe()
 * or the report's cohort); `cohort`: the cohort option as it stands (undefined before one is
 * counted); `set(cohort)` runs the analysis with it.
 */
function cohortControls(records, cohort, id, set) {
  const current = Object.assign({ min_events: 5, window_days: 365 }, cohort || {});
  const box = el(
    "fieldset",
    { className: "cohort", part: "cohort" },
    el("legend", { text: "A cohort from these records (counted on this device; no record leaves it)" }),
    el("p", { text: "This file has one row per event. Allteach can count, for each organisation, the people who have had many events in a window of days, and their share of all events; the person column is used only to tell people apart and appears in no view or download." }),
  );
  const rule = el("select", { id: `${id}-cohort-rule` }, el("option", { value: "", text: "Choose a rule…" }));
  for (const [value, text] of COHORT_PRESETS) rule.append(el("option", { value, text }));
  const key = `${current.min_events}/${current.window_days}`;
  rule.value = cohort && COHORT_PRESETS.some(([value]) => value === key) ? key : "";
  const picked = {};
  const minEvents = numberInput(`${id}-cohort-min`, current.min_events, (n) => Number.isNaN(n) || (picked.min_events = n));
  const windowDays = numberInput(`${id}-cohort-window`, current.window_days, (n) => Number.isNaN(n) || (picked.window_days = n));
  rule.addEventListener("change", () => {
    if (!rule.value) return;
    const [min, days] = rule.value.split("/");
    minEvents.value = min;
    windowDays.value = days;
    Object.assign(picked, { min_events: Number(min), window_days: Number(days) });
  });
  const asOf = el("input", { type: "text", id: `${id}-cohort-as-of`, value: current.as_of || "", placeholder: "the last event's date" });
  const column = (role, label, what) => {
    const select = el("select", { id: `${id}-cohort-${role}` });
    for (const header of records.headers) select.append(el("option", { value: header, text: header }));
    select.value = current[role] || records.columns[role];
    return [select, described(select, label, what)];
  };
  const [person, personBox] = column("person", "Person", "The pseudonymised identifier of the person: used only to tell people apart.");
  const [date, dateBox] = column("date", "Date of the event", "A date, or a date and time.");
  const [by, byBox] = column("by", "Counted under", "The organisation each person counts under (their latest event's): e.g. their practice.");
  const count = el("button", { type: "button", text: cohort ? "Count the cohort again" : "Count the cohort" });
  count.addEventListener("click", () => {
    const next = Object.assign({}, current, picked, { person: person.value, date: date.value, by: by.value });
    if (minEvents.value.trim()) next.min_events = Number(minEvents.value);
    if (windowDays.value.trim()) next.window_days = Number(windowDays.value);
    if (asOf.value.trim()) next.as_of = asOf.value.trim();
    else delete next.as_of;
    set(next);
  });
  box.append(
    el(
      "div",
      { className: "settings" },
      described(rule, "Who is in the cohort", "Definitions differ: choose the one your service uses, or set the numbers below."),
      described(minEvents, "At least this many events", "A person with this many events or more in the window is in the cohort."),
      described(windowDays, "In a window of (days)", "The days ending on the day counted to, inclusive."),
      described(asOf, "Counted to (date)", "The window's last day, e.g. 2026-03-31; empty: the last event's date."),
      personBox,
      dateBox,
      byBox,
    ),
    count,
  );
  return box;
}
