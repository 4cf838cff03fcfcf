//! One disclosure policy for everything that leaves the page: the results, pairings and roles
//! CSVs, every chart download and the learning pack are all made from one *redacted* analysis,
//! so no export can carry a figure that another one hides.
//!
//! The policy (NHS Digital, "Hospital Episode Statistics (HES) Analysis Guide", small-number
//! suppression): counts from 1 to 7 are suppressed, with every figure derived from them (value,
//! intervals, rank, quartile, comparison, opportunity, the organisation's place in learning
//! pairs). Zeros are shown. Where the published totals would let a suppressed count be worked
//! out (the pooled benchmark is total numerator over total denominator), the next smallest
//! non-zero counts are suppressed too, until no suppressed count is pinned to one value.
//!
//! The redacted analysis drops suppressed organisations from each indicator and recomputes
//! what is derived from the whole (ranks, quartiles, the best-quarter opportunity, peers'
//! pooled values) among the figures shown, so an export's ranks are ranks among what it shows.

use serde::Deserialize;

use crate::analysis::{Analysis, IndicatorResult};
use crate::dataset::Measure;

/// The policy's one setting, as the page and `resultsCsv` pass it: `{ "up_to": 7 }`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Suppression {
    /// Suppress counts from 1 up to this (0 turns suppression off).
    pub up_to: f64,
}

impl Default for Suppression {
    fn default() -> Self {
        Suppression { up_to: 7.0 }
    }
}

impl Suppression {
    pub fn off() -> Self {
        Suppression { up_to: 0.0 }
    }

    pub fn is_on(&self) -> bool {
        self.up_to >= 1.0
    }

    fn is_small(&self, count: f64) -> bool {
        self.is_on() && count >= 1.0 && count <= self.up_to
    }
}

/// Which figures may not leave the page, decided once per analysis and policy.
#[derive(Debug, Clone)]
pub struct Disclosure {
    pub policy: Suppression,
    /// For each indicator, whether each of its organisations (rows of the indicator) is hidden.
    pub hidden: Vec<Vec<bool>>,
    /// Counts from 1 to `up_to` (primary suppression).
    pub primary: usize,
    /// Further counts hidden so that no primary one can be worked out (secondary suppression).
    pub secondary: usize,
    /// Series over time withheld because a period's count is small.
    pub series_withheld: usize,
    /// Indicators whose benchmark would itself reveal a suppressed count (every other count
    /// is zero or hidden), so it is not shown either.
    pub benchmark_withheld: Vec<bool>,
}

impl Disclosure {
    pub fn decide(analysis: &Analysis, policy: &Suppression) -> Disclosure {
        let mut d = Disclosure { policy: policy.clone(), hidden: Vec::new(), primary: 0, secondary: 0, series_withheld: 0, benchmark_withheld: Vec::new() };
        for ind in &analysis.indicators {
            let h = hide(ind, policy);
            d.primary += h.primary;
            d.secondary += h.secondary;
            d.hidden.push(h.rows);
            d.benchmark_withheld.push(h.benchmark_withheld);
        }
        d
    }

    pub fn is_hidden(&self, indicator: usize, row: usize) -> bool {
        self.hidden.get(indicator).and_then(|h| h.get(row)).copied().unwrap_or(false)
    }

    pub fn hidden_in(&self, indicator: usize) -> usize {
        self.hidden.get(indicator).map_or(0, |h| h.iter().filter(|&&x| x).count())
    }

    /// The sentence every download carries about itself.
    pub fn statement(&self) -> String {
        if !self.policy.is_on() {
            return "Not suppressed: small numbers are included. Check before sharing outside your organisation.".into();
        }
        let up_to = self.policy.up_to;
        if self.primary + self.secondary + self.series_withheld == 0 {
            return format!("Small-number suppression applied (counts of 1 to {up_to}, NHS Digital HES rules): no count needed suppressing.");
        }
        format!(
            "Small-number suppression applied (counts of 1 to {up_to}, NHS Digital HES rules): {} results in this analysis are not shown, with every figure derived from them; ranks are among the results shown.",
            self.primary + self.secondary
        )
    }

    /// The analysis as it may leave the page: hidden results removed, what is derived from
    /// the whole recomputed among the rest, pairs touching a hidden result left out, and
    /// series over time holding a small count withheld.
    pub fn redact(&mut self, analysis: &Analysis) -> Analysis {
        let mut out = analysis.clone();
        if !self.policy.is_on() {
            return out;
        }
        let mut moved: Vec<Vec<Option<usize>>> = Vec::with_capacity(out.indicators.len());
        for (i, ind) in out.indicators.iter_mut().enumerate() {
            let hidden = &self.hidden[i];
            let mut new_at = vec![None; hidden.len()];
            let mut next = 0;
            for (k, slot) in new_at.iter_mut().enumerate() {
                if !hidden[k] {
                    *slot = Some(next);
                    next += 1;
                }
            }
            keep_shown(&mut ind.organisations, hidden);
            keep_shown(&mut out.org_index[i], hidden);
            if let Some(od) = ind.overdispersion.as_mut() {
                od.changed = od.changed.iter().filter_map(|&c| new_at.get(c).copied().flatten()).collect();
            }
            if self.benchmark_withheld[i] {
                ind.benchmark.fraction = None;
                ind.benchmark.method = "withheld";
            }
            self.series_withheld += withhold_small_series(&out.dataset, i, ind, &self.policy);
            crate::analysis::place_again(ind);
            moved.push(new_at);
        }
        if let Some(set) = &out.peers {
            crate::analysis::place_among_peers(&mut out.indicators, &out.org_index, out.organisations.len(), set);
        }
        if let Some(pairing) = out.pairing.as_mut() {
            pairing.keep_only(&out.indicators, |indicator, at| moved[indicator].get(at).copied().flatten());
        }
        out
    }
}

/// What one indicator hides.
struct Hidden {
    rows: Vec<bool>,
    primary: usize,
    secondary: usize,
    benchmark_withheld: bool,
}

/// The rows of one indicator to hide, and how many were primary and secondary.
fn hide(ind: &IndicatorResult, policy: &Suppression) -> Hidden {
    let counts: Vec<Option<f64>> = ind.organisations.iter().map(|o| o.numerator).collect();
    let mut hidden: Vec<bool> = counts.iter().map(|c| c.is_some_and(|x| policy.is_small(x))).collect();
    let primary = hidden.iter().filter(|&&h| h).count();
    if primary == 0 {
        return Hidden { rows: hidden, primary: 0, secondary: 0, benchmark_withheld: false };
    }
    // The pooled benchmark publishes the total count; other benchmarks publish no total.
    let total_published = ind.benchmark.method == "pooled";
    let mut secondary = 0;
    let mut benchmark_withheld = false;
    while total_published && any_pinned(ind, &hidden, policy.up_to) {
        let next = (0..counts.len())
            .filter(|&k| !hidden[k])
            .filter_map(|k| counts[k].filter(|&x| x > 0.0).map(|x| (k, x)))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        match next {
            Some((k, _)) => {
                hidden[k] = true;
                secondary += 1;
            }
            None => {
                benchmark_withheld = true;
                break;
            }
        }
    }
    Hidden { rows: hidden, primary, secondary, benchmark_withheld }
}

/// Whether someone who knows the total of all counts, every count and denominator shown, and
/// the policy, could narrow a hidden count to one value. Each hidden count lies in a range the
/// policy implies (1 to `up_to` when small; otherwise above `up_to` and no more than the
/// smallest count shown above it, since further counts are hidden smallest first), and no
/// more than its denominator for a proportion; the total fixes their sum.
fn any_pinned(ind: &IndicatorResult, hidden: &[bool], up_to: f64) -> bool {
    let proportion = ind.indicator_type == crate::options::IndicatorType::Proportion;
    let rows = || ind.organisations.iter().zip(hidden);
    let smallest_shown_above = rows().filter(|(_, &h)| !h).filter_map(|(o, _)| o.numerator.filter(|&x| x > up_to)).fold(f64::INFINITY, f64::min);
    let mut sum = 0.0;
    let mut ranges: Vec<(f64, f64)> = Vec::new();
    for (o, _) in rows().filter(|(_, &h)| h) {
        let Some(x) = o.numerator else { continue };
        sum += x;
        let (lo, hi) = if x <= up_to { (1.0, up_to.floor()) } else { (up_to.floor() + 1.0, smallest_shown_above) };
        let cap = if proportion { o.denominator.unwrap_or(f64::INFINITY) } else { f64::INFINITY };
        ranges.push((lo, hi.min(cap)));
    }
    let lo_all: f64 = ranges.iter().map(|r| r.0).sum();
    let finite_hi: f64 = ranges.iter().map(|r| r.1).filter(|h| h.is_finite()).sum();
    let unbounded = ranges.iter().filter(|r| r.1.is_infinite()).count();
    ranges.iter().any(|&(lo, hi)| {
        // The most the other hidden counts could add up to.
        let others_hi = if unbounded > usize::from(hi.is_infinite()) { f64::INFINITY } else { finite_hi - if hi.is_finite() { hi } else { 0.0 } };
        let least = lo.max(sum - others_hi);
        let most = hi.min(sum - (lo_all - lo));
        most - least < 1.0
    })
}

/// Withholds the series over time of organisations with a small count in any period; returns
/// how many were withheld.
fn withhold_small_series(dataset: &crate::dataset::Dataset, indicator: usize, ind: &mut IndicatorResult, policy: &Suppression) -> usize {
    let Some(data) = dataset.indicators.get(indicator) else { return 0 };
    let mut small: rustc_hash::FxHashSet<&str> = Default::default();
    for o in &data.observations {
        if let Measure::Counts { numerator, .. } = o.measure {
            if policy.is_small(numerator) {
                small.insert(dataset.code(o));
            }
        }
    }
    let mut withheld = 0;
    for o in ind.organisations.iter_mut() {
        if o.spc.is_some() && small.contains(dataset.code(&o.observation)) {
            o.spc = None;
            withheld += 1;
        }
    }
    withheld
}

/// Keeps the items whose row is not hidden.
fn keep_shown<T>(items: &mut Vec<T>, hidden: &[bool]) {
    let mut row = hidden.iter();
    items.retain(|_| !row.next().copied().unwrap_or(false));
}
