// The JavaScript half of the report's columnar transfer (see `ReportColumns` in src/report.rs):
// rebuilds the documented report objects from one JSON head and flat typed arrays. It decides
// nothing: names, order and code tables all come from the Rust side. Inlined into
// dist/allteach-core.mjs by tools/assemble.mjs.

function decodeReport(columns) {
  const head = JSON.parse(columns.head());
  const numbers = columns.numbers();
  const rows = columns.rows();
  const ranks = columns.ranks();
  const peerRanks = columns.peerRanks();
  const opportunities = new Map(JSON.parse(columns.opportunities()));
  const spc = new Map(JSON.parse(columns.spc()));
  const outcomes = columns.outcomes();
  const hasName = columns.hasName();
  const codes = columns.codes().split("\u001f");
  const names = columns.names().split("\u001f");
  const orgs = columns.orgs();
  const { counts, comparisons, funnels, org_codes: orgCodes, peer_lists: peerLists } = head;
  for (const key of ["counts", "comparisons", "funnels", "org_codes", "peer_lists"]) delete head[key];
  const finite = (x) => (Number.isFinite(x) ? x : null);
  let k = 0;
  head.indicators.forEach((indicator, i) => {
    const organisations = new Array(counts[i]);
    for (let j = 0; j < counts[i]; j++, k++) {
      const n = k * 8;
      const o = k * 6;
      organisations[j] = {
        code: codes[k],
        name: hasName[k] ? names[k] : null,
        row: rows[k],
        numerator: finite(numbers[n]),
        denominator: finite(numbers[n + 1]),
        value: finite(numbers[n + 2]),
        ci95: [finite(numbers[n + 3]), finite(numbers[n + 4])],
        ci998: [finite(numbers[n + 5]), finite(numbers[n + 6])],
        comparison: comparisons[outcomes[o]],
        comparison998: comparisons[outcomes[o + 1]],
        funnel: outcomes[o + 2] === 255 ? null : funnels[outcomes[o + 2]],
        funnel_adjusted: outcomes[o + 3] === 255 ? null : funnels[outcomes[o + 3]],
        rank: ranks[k],
        quartile: outcomes[o + 4] === 255 ? null : outcomes[o + 4],
        spc: spc.has(k) ? spc.get(k) : null,
        peers: peerLists ? peerLists[orgs[k]].map((i) => orgCodes[i]) : null,
        peer_rank: peerRanks[k] === 0 ? null : peerRanks[k],
        peer_benchmark: finite(numbers[n + 7]),
        comparison_peers: comparisons[outcomes[o + 5]],
        opportunity: opportunities.has(k) ? opportunities.get(k) : null,
      };
    }
    indicator.organisations = organisations;
  });
  return head;
}
