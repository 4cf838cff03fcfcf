// The JavaScript half of the report's columnar transfer (see `ReportColumns` in src/report.rs):
// rebuilds the documented report objects from one JSON head and flat typed arrays. It decides
// nothing: names, order and code tables all come from the Rust side. Inlined into
// dist/allteach-core.mjs and dist/allteach.js by tools/assemble.mjs.

/** For each organisation row, the position of its opportunity among `opportunityRows` (-1: none). */
function opportunityIndex(opportunityRows, count) {
  const at = new Int32Array(count).fill(-1);
  opportunityRows.forEach((k, j) => (at[k] = j));
  return at;
}

/**
 * For each organisation row, its chart over time's place among `spcSeries` (each `stride`
 * long: row, point count, runs of limits; -1: none), and where its points and its runs of
 * limits start (a chart's follow the last's).
 */
function spcIndex(spcSeries, stride, count) {
  const series = new Int32Array(count).fill(-1);
  const first = new Float64Array(count);
  const firstRun = new Float64Array(count);
  for (let j = 0, at = 0, run = 0; j * stride < spcSeries.length; at += spcSeries[j * stride + 1], run += spcSeries[j * stride + 2], j++) {
    const k = spcSeries[j * stride];
    series[k] = j;
    first[k] = at;
    firstRun[k] = run;
  }
  return { series, first, firstRun };
}

/**
 * The typed arrays' buffers, which postMessage can move to another thread without copying:
 * every part that is not text (each has a buffer of its own).
 */
function reportTransferables(parts) {
  return Object.values(parts)
    .filter((part) => ArrayBuffer.isView(part))
    .map((part) => part.buffer);
}

/**
 * The report from its parts. With `lazy`, each indicator's `organisations`, the peers'
 * `organisations`, and `pairings` with `unmatched` are built the first time they are read
 * (enumerable, so JSON.stringify and structuredClone see them), then stay ordinary data
 * properties, so a big file's report costs little until a script looks inside it (the widget
 * itself reads none of them: its views come from the core).
 */
function decodeReport(parts, lazy = false) {
  const head = JSON.parse(parts.head);
  const { numbers, rows, ranks, peerRanks, outcomes, hasName, orgs } = parts;
  const { counts, comparisons, funnels, org_codes: orgCodes, peer_lists: peerLists, point_types: pointTypes, assurances, rules, periods, layout } = head;
  for (const key of ["counts", "comparisons", "funnels", "org_codes", "peer_lists", "point_types", "assurances", "rules", "periods", "layout"]) delete head[key];
  const { numbers: numbersStride, outcomes: outcomesStride, opportunity: opportunityStride, spc_numbers: spcStride, spc_codes: spcCodesStride, spc_series: seriesStride, spc_summary: summaryStride, spc_limits: limitsStride, none } = layout;
  const { spcNumbers, spcCodes, spcPeriods, spcSeries, spcSummary, spcLimits } = parts;
  // Chart over time `j` (its summary, then its points put back from the columns: each point's
  // limits are its run's, `run` the first of the chart's runs).
  const spcOf = (j, first, run) => {
    const s = j * summaryStride;
    const count = spcSeries[j * seriesStride + 1];
    const summary = {
      mean: finite(spcSummary[s]),
      lpl: finite(spcSummary[s + 1]),
      upl: finite(spcSummary[s + 2]),
      variation: pointTypes[spcSummary[s + 3]],
      assurance: spcSummary[s + 4] === none ? null : assurances[spcSummary[s + 4]],
      short: spcSummary[s + 5] === 1,
    };
    const points = new Array(count);
    let r = run * limitsStride;
    let left = spcLimits[r];
    for (let i = 0, p = first; i < count; i++, p++, left--) {
      if (left === 0) {
        r += limitsStride;
        left = spcLimits[r];
      }
      points[i] = {
        period: periods[spcPeriods[p]],
        value: finite(spcNumbers[p * spcStride]),
        mean: finite(spcLimits[r + 1]),
        lpl: finite(spcLimits[r + 2]),
        upl: finite(spcLimits[r + 3]),
        point_type: pointTypes[spcCodes[p * spcCodesStride]],
        rule: rules[spcCodes[p * spcCodesStride + 1]],
      };
    }
    summary.points = points;
    return summary;
  };
  const finite = (x) => (Number.isFinite(x) ? x : null);
  // An organisation row's opportunity from its numbers (layout in `ReportColumns::opportunity_numbers`).
  const { opportunityRows, opportunityNumbers: on } = parts;
  const change = (i) => ({ count: finite(on[i]), lower: finite(on[i + 1]), upper: finite(on[i + 2]) });
  const opportunityOf = (j) => {
    const i = j * opportunityStride;
    return {
      to_benchmark: change(i + 1),
      to_best_quartile: on[i] & 1 ? change(i + 4) : null,
      best_quartile_value: finite(on[i + 7]),
      to_peer_best_quartile: on[i] & 2 ? change(i + 8) : null,
      peer_best_quartile_value: finite(on[i + 11]),
    };
  };
  let shared = null; // the text columns, split once when first needed
  const text = () =>
    shared ||
    (shared = {
      names: JSON.parse(parts.names),
      opportunityAt: opportunityIndex(opportunityRows, rows.length),
      spcAt: spcIndex(spcSeries, seriesStride, rows.length),
    });
  const organisationsFrom = (first, count) => {
    const { names, opportunityAt, spcAt } = text();
    const organisations = new Array(count);
    for (let j = 0, k = first; j < count; j++, k++) {
      const n = k * numbersStride;
      const o = k * outcomesStride;
      organisations[j] = {
        code: orgCodes[orgs[k]],
        name: hasName[k] ? names[k] : null,
        row: rows[k],
        numerator: finite(numbers[n]),
        denominator: finite(numbers[n + 1]),
        value: finite(numbers[n + 2]),
        ci95: [finite(numbers[n + 3]), finite(numbers[n + 4])],
        ci998: [finite(numbers[n + 5]), finite(numbers[n + 6])],
        comparison: comparisons[outcomes[o]],
        comparison998: comparisons[outcomes[o + 1]],
        funnel: outcomes[o + 2] === none ? null : funnels[outcomes[o + 2]],
        funnel_adjusted: outcomes[o + 3] === none ? null : funnels[outcomes[o + 3]],
        rank: ranks[k],
        quartile: outcomes[o + 4] === none ? null : outcomes[o + 4],
        spc: spcAt.series[k] < 0 ? null : spcOf(spcAt.series[k], spcAt.first[k], spcAt.firstRun[k]),
        peers: peerLists ? peerLists[orgs[k]].map((i) => orgCodes[i]) : null,
        peer_rank: peerRanks[k] === 0 ? null : peerRanks[k],
        peer_benchmark: finite(numbers[n + 7]),
        comparison_peers: comparisons[outcomes[o + 5]],
        opportunity: opportunityAt[k] < 0 ? null : opportunityOf(opportunityAt[k]),
      };
    }
    return organisations;
  };
  if (lazy) {
    // The two are cut from one text in order, so the first read of either builds both.
    let pairs = null;
    const both = () => pairs || (pairs = decodePairs(parts, layout, finite));
    settleOnRead(head, "pairings", () => both().pairings);
    settleOnRead(head, "unmatched", () => both().unmatched);
  } else Object.assign(head, decodePairs(parts, layout, finite));
  if (head.peers && peerLists) {
    const build = () => peerOrganisations(head.peers, peerLists, orgCodes, parts, layout.peer_similar, finite);
    if (lazy) settleOnRead(head.peers, "organisations", build);
    else head.peers.organisations = build();
  }
  let first = 0;
  head.indicators.forEach((indicator, i) => {
    const start = first;
    const count = counts[i];
    first += count;
    if (!lazy) {
      indicator.organisations = organisationsFrom(start, count);
      return;
    }
    settleOnRead(indicator, "organisations", () => organisationsFrom(start, count));
  });
  return head;
}

/**
 * Gives `object` a property `key` built by `build` the first time it is read (enumerable, so
 * JSON.stringify and structuredClone see it). Read or assigned once, it becomes an ordinary
 * data property, and when every such property has, nothing holds the columns any more.
 */
function settleOnRead(object, key, build) {
  const settle = (value) => Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(object, key, { enumerable: true, configurable: true, get: () => settle(build())[key], set: settle });
}

/** The report's `peers.organisations` from the peer lists and columns (see `take_peer_columns`). */
function peerOrganisations(peers, lists, codes, parts, stride, finite) {
  const { peerDistances: distances, peerSimilar: similar } = parts;
  const names = peers.variables.map((v) => v.name);
  let p = 0;
  return lists.map((list, i) => ({
    code: codes[i],
    peers: list.map((j) => {
      const similarOn = [];
      for (let n = 0; n < stride; n++) if (similar[p * stride + n]) similarOn.push(names[similar[p * stride + n] - 1]);
      return { code: codes[j], distance: finite(distances[p++]), similar_on: similarOn };
    }),
  }));
}

/**
 * The report's `pairings` and `unmatched` from the pair columns (see `PairColumns` in
 * src/report/pair_columns.rs): strings cut from one text in order, numbers and counts by stride.
 */
function decodePairs(parts, layout, finite) {
  const { pairTexts: text, pairTextLengths: lengths, pairNumbers: numbers, pairCounts: counts } = parts;
  let at = 0;
  let next = 0;
  let c = 0;
  const take = () => text.slice(at, (at += lengths[next++]));
  const pairings = new Array(layout.pairs);
  for (let i = 0; i < layout.pairs; i++) {
    const n = i * layout.pair_numbers;
    const flags = counts[c];
    const reasons = counts[c + 1];
    c += layout.pair_counts;
    pairings[i] = {
      indicator: take(),
      learner: take(),
      teacher: take(),
      learner_name: flags & 1 ? take() : null,
      teacher_name: flags & 2 ? take() : null,
      distance: finite(numbers[n]),
      gap: finite(numbers[n + 1]),
      peer_rank: numbers[n + 2],
      reciprocal: (flags & 4) !== 0,
      set: numbers[n + 3],
      beyond_peers: (flags & 8) !== 0,
      reasons: Array.from({ length: reasons }, take),
    };
  }
  const unmatched = new Array(layout.unmatched);
  for (let i = 0; i < layout.unmatched; i++) {
    const flags = counts[c];
    c += layout.unmatched_counts;
    unmatched[i] = { indicator: take(), learner: take(), learner_name: flags & 1 ? take() : null, reason: take() };
  }
  return { pairings, unmatched };
}
