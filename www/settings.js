// The settings a file's reading needs: the question that stops an analysis, and the choices the
// core made from the file's shape (report.choices / describe().choices), each a control that sets
// the option it names. DOM plumbing only: what to ask and what was chosen come from Rust.

/* global el */

/**
 * A copy of `options` with the option at `path` set to `value`. Paths are those of a choice:
 * "benchmark", "type", "polarity", "indicators", "filter.<column>" (the column may contain dots),
 * and "indicators.<id>.polarity" (the entry of `indicators` with that id, added when absent).
 */
function withOption(options, path, value) {
  const next = JSON.parse(JSON.stringify(options || {}));
  if (path.startsWith("filter.")) {
    next.filter = Object.assign({}, next.filter, { [path.slice("filter.".length)]: value });
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
  return el("p", { className: "question", part: "question" }, el("strong", { text: "A question about this file: " }), document.createTextNode(question.reason));
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
