//! One disclosure policy for everything that leaves the page: the results, pairings and roles
//! CSVs, every chart download and the learning pack are all made from one *redacted* analysis,
//! so no export can carry a figure that another one hides.
//!
//! The policy (NHS Digital, "Hospital Episode Statistics (HES) Analysis Guide", small-number
//! suppression): counts from 1 to 7 are suppressed, with every figure derived from them (value,
//! intervals, rank, quartile, comparison, opportunity, the organisation's place in learning
//! pairs). Zeros are shown. A denominator that counts people (a list size, a population) is a
//! count too: one from 1 to 7 is suppressed with its result. Where the published totals would
//! let a suppressed count or denominator be worked out (the pooled benchmark is total numerator
//! over total denominator), the next smallest ones above 7 are suppressed too, until none is
//! pinned to one value.
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

    /// Whether a context value (a peers' column, written in pairs' reasons) may not leave the
    /// page: one that could be a small count, a whole number from 1 to `up_to`. What a context
    /// column counts is not known (a list size, or deaths), so every such value is withheld.
    pub fn hides_context(&self, value: f64) -> bool {
        value.fract() == 0.0 && self.is_small(value)
    }
}

/// Which figures may not leave the page, decided once per analysis and policy.
#[derive(Debug, Clone)]
pub struct Disclosure {
    pub policy: Suppression,
    /// For each indicator, whether each of its organisations (rows of the indicator) is hidden.
    pub hidden: Vec<Vec<bool>>,
    /// For each indicator, whether each row's denominator is hidden too.
    pub population: Vec<Vec<bool>>,
    /// Results with a count, or a denominator counting people, from 1 to `up_to` (primary
    /// suppression).
    pub primary: usize,
    /// Further counts hidden so that no primary one can be worked out (secondary suppression).
    pub secondary: usize,
    /// Series over time withheld because a period's count is small.
    pub series_withheld: usize,
    /// Indicators whose benchmark would itself reveal a suppressed count or population (nothing
    /// is left to hide beside it), so it is not shown either.
    pub benchmark_withheld: Vec<bool>,
}

impl Disclosure {
    pub fn decide(analysis: &Analysis, policy: &Suppression) -> Disclosure {
        let mut d = Disclosure {
            policy: policy.clone(),
            hidden: Vec::new(),
            population: Vec::new(),
            primary: 0,
            secondary: 0,
            series_withheld: 0,
            benchmark_withheld: Vec::new(),
        };
        for ind in &analysis.indicators {
            let h = hide(ind, policy);
            d.primary += h.primary;
            d.secondary += h.secondary;
            d.hidden.push(h.rows);
            d.population.push(h.population);
            d.benchmark_withheld.push(h.benchmark_withheld);
        }
        d
    }

    pub fn is_hidden(&self, indicator: usize, row: usize) -> bool {
        self.hidden.get(indicator).and_then(|h| h.get(row)).copied().unwrap_or(false)
    }

    /// Whether a row's denominator may not leave the page either.
    pub fn is_population_hidden(&self, indicator: usize, row: usize) -> bool {
        self.population.get(indicator).and_then(|h| h.get(row)).copied().unwrap_or(false)
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
            return format!("Small-number suppression applied (counts and populations of 1 to {up_to}, NHS Digital HES rules): nothing needed suppressing.");
        }
        format!(
            "Small-number suppression applied (counts and populations of 1 to {up_to}, NHS Digital HES rules): {} results in this analysis are not shown, with every figure derived from them; ranks are among the results shown.",
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
        out.disclosure = Some(self.policy.clone());
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
            pairing.keep_only(&out.indicators, &out.org_index, |indicator, at| moved[indicator].get(at).copied().flatten());
        }
        out
    }
}

/// What one indicator hides.
struct Hidden {
    /// Rows not shown (their count and every figure derived from it).
    rows: Vec<bool>,
    /// Rows whose denominator is not shown either (a small population, or one hidden so
    /// that a small one cannot be worked out).
    population: Vec<bool>,
    /// Rows hidden as the next smallest count, so their count is no more than the smallest
    /// count shown above the threshold.
    by_count: Vec<bool>,
    primary: usize,
    secondary: usize,
    benchmark_withheld: bool,
}

/// Whether an indicator's denominator counts people (a list size, a population, a sample
/// size), so that a small one is itself a small count; a ratio's is expected from a model.
fn denominator_counts_people(t: crate::options::IndicatorType) -> bool {
    use crate::options::IndicatorType::*;
    matches!(t, Proportion | Rate | Mean)
}

/// The rows of one indicator to hide, and how many were primary and secondary.
fn hide(ind: &IndicatorResult, policy: &Suppression) -> Hidden {
    let counts: Vec<Option<f64>> = ind.organisations.iter().map(|o| o.numerator).collect();
    let people = denominator_counts_people(ind.indicator_type);
    let populations: Vec<Option<f64>> = ind.organisations.iter().map(|o| o.denominator.filter(|_| people)).collect();
    let small = |c: &Option<f64>| c.is_some_and(|x| policy.is_small(x));
    let population: Vec<bool> = populations.iter().map(small).collect();
    let rows: Vec<bool> = counts.iter().zip(&population).map(|(c, &p)| small(c) || p).collect();
    let primary = rows.iter().filter(|&&h| h).count();
    let mut h = Hidden { by_count: vec![false; rows.len()], rows, population, primary, secondary: 0, benchmark_withheld: false };
    // The pooled benchmark publishes its totals' ratio; both totals are assumed known (at full
    // precision its fraction usually gives them). Other benchmarks publish none.
    if primary == 0 || ind.benchmark.method != "pooled" {
        return h;
    }
    // Populations first: hiding one hides its row's count too, which may protect the counts.
    loop {
        let next = if populations_pinned(ind, &h, policy.up_to) {
            smallest_above(&populations, policy.up_to, |k| !h.population[k]).inspect(|&k| h.population[k] = true)
        } else if counts_pinned(ind, &h, policy.up_to) {
            smallest_above(&counts, policy.up_to, |k| !h.rows[k]).inspect(|&k| h.by_count[k] = true)
        } else {
            return h;
        };
        let Some(k) = next else {
            h.benchmark_withheld = true;
            return h;
        };
        if !h.rows[k] {
            h.rows[k] = true;
            h.secondary += 1;
        }
    }
}

/// The row with the smallest value above the threshold among the open ones (zeros protect
/// nothing, and the ones at or below it are hidden already).
fn smallest_above(values: &[Option<f64>], up_to: f64, open: impl Fn(usize) -> bool) -> Option<usize> {
    (0..values.len())
        .filter(|&k| open(k))
        .filter_map(|k| values[k].filter(|&x| x > up_to).map(|x| (k, x)))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
        .map(|(k, _)| k)
}

/// Whether someone who knows the total of all counts, every count and denominator shown, and
/// the policy, could narrow a hidden count to one value. Each hidden count lies in a range the
/// policy implies (1 to `up_to` when small; 0 up to its denominator when only its population
/// is small; otherwise above `up_to` and, when it was hidden as the next smallest count, no
/// more than the smallest count shown above it), and no more than its denominator for a
/// proportion. The attacker is granted every hidden row's true denominator and reason.
fn counts_pinned(ind: &IndicatorResult, h: &Hidden, up_to: f64) -> bool {
    let proportion = ind.indicator_type == crate::options::IndicatorType::Proportion;
    let rows = || ind.organisations.iter().zip(&h.rows).enumerate();
    // A hidden denominator caps its count only as far as the policy bounds it.
    let shown_populations = ind.organisations.iter().zip(&h.population).filter(|(_, &hidden)| !hidden);
    let smallest_population_above = shown_populations.filter_map(|(o, _)| o.denominator.filter(|&d| d > up_to)).fold(f64::INFINITY, f64::min);
    let smallest_shown_above =
        rows().filter(|(_, (_, &hidden))| !hidden).filter_map(|(_, (o, _))| o.numerator.filter(|&x| x > up_to)).fold(f64::INFINITY, f64::min);
    let (mut sum, mut ranges) = (0.0, Vec::new());
    for (k, (o, _)) in rows().filter(|(_, (_, &hidden))| hidden) {
        let Some(x) = o.numerator else { continue };
        sum += x;
        let (lo, hi) = if x < 1.0 {
            (0.0, f64::INFINITY)
        } else if x <= up_to {
            (1.0, up_to.floor())
        } else {
            (up_to.floor() + 1.0, if h.by_count[k] { smallest_shown_above } else { f64::INFINITY })
        };
        let cap = match o.denominator {
            Some(d) if proportion && !h.population[k] => d,
            Some(d) if proportion => {
                if d <= up_to {
                    up_to.floor()
                } else {
                    smallest_population_above
                }
            }
            _ => f64::INFINITY,
        };
        ranges.push((lo, hi.min(cap)));
    }
    pinned(sum, &ranges)
}

/// The same for the hidden denominators, given the total denominator and every denominator
/// shown: a small one lies from 1 to `up_to`, the others (hidden smallest first) above it and
/// no more than the smallest denominator shown above it.
fn populations_pinned(ind: &IndicatorResult, h: &Hidden, up_to: f64) -> bool {
    let rows = || ind.organisations.iter().zip(&h.population);
    let smallest_shown_above = rows().filter(|(_, &hidden)| !hidden).filter_map(|(o, _)| o.denominator.filter(|&x| x > up_to)).fold(f64::INFINITY, f64::min);
    let (mut sum, mut ranges) = (0.0, Vec::new());
    for (o, _) in rows().filter(|(_, &hidden)| hidden) {
        let Some(d) = o.denominator else { continue };
        sum += d;
        ranges.push(if d <= up_to { (1.0, up_to.floor()) } else { (up_to.floor() + 1.0, smallest_shown_above) });
    }
    pinned(sum, &ranges)
}

/// Whether values known to lie in `ranges` and to add up to `sum` leave any of them only one
/// whole number to be.
fn pinned(sum: f64, ranges: &[(f64, f64)]) -> bool {
    let lo_all: f64 = ranges.iter().map(|r| r.0).sum();
    let finite_hi: f64 = ranges.iter().map(|r| r.1).filter(|h| h.is_finite()).sum();
    let unbounded = ranges.iter().filter(|r| r.1.is_infinite()).count();
    ranges.iter().any(|&(lo, hi)| {
        // The most the other hidden values could add up to.
        let others_hi = if unbounded > usize::from(hi.is_infinite()) { f64::INFINITY } else { finite_hi - if hi.is_finite() { hi } else { 0.0 } };
        let least = lo.max(sum - others_hi);
        let most = hi.min(sum - (lo_all - lo));
        // One whole number or none left between them.
        least.ceil() >= most.floor()
    })
}

/// Withholds the series over time of organisations with a small count in any period; returns
/// how many were withheld.
fn withhold_small_series(dataset: &crate::dataset::Dataset, indicator: usize, ind: &mut IndicatorResult, policy: &Suppression) -> usize {
    let Some(data) = dataset.indicators.get(indicator) else { return 0 };
    let people = denominator_counts_people(ind.indicator_type);
    let mut small: rustc_hash::FxHashSet<&str> = Default::default();
    for o in &data.observations {
        let small_here = match o.measure {
            Measure::Counts { numerator, denominator } => policy.is_small(numerator) || (people && policy.is_small(denominator)),
            Measure::Summary { n, .. } => policy.is_small(n),
            Measure::Value(_) => false,
        };
        if small_here {
            small.insert(dataset.code(o));
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
