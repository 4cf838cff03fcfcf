//! Comparison of an organisation with a benchmark: the Fingertips rule
//! (`SingleOverlappingCIsForOneCILevelComparer` and its two-level sibling; docs/methods.md §2).

use super::{wilson::wilson, Confidence, Interval};

/// Which direction is good for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    /// Variation is described as higher or lower, never as better or worse.
    NoJudgement,
}

/// Outcome of comparing one organisation with the benchmark at one confidence level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    Better,
    Similar,
    Worse,
    /// Significantly higher, for an indicator with no judgement of direction.
    Higher,
    /// Significantly lower, for an indicator with no judgement of direction.
    Lower,
    /// A value, its interval or the benchmark is missing.
    NotCompared,
}

impl Comparison {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::Better => "better",
            Comparison::Similar => "similar",
            Comparison::Worse => "worse",
            Comparison::Higher => "higher",
            Comparison::Lower => "lower",
            Comparison::NotCompared => "not_compared",
        }
    }

    /// Significantly different from the benchmark (in either direction).
    pub fn is_significant(self) -> bool {
        !matches!(self, Comparison::Similar | Comparison::NotCompared)
    }
}

/// Direction of a significant difference before polarity is applied.
fn judged(area_is_higher: bool, polarity: Polarity) -> Comparison {
    match (polarity, area_is_higher) {
        (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Comparison::Better,
        (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => Comparison::Worse,
        (Polarity::NoJudgement, true) => Comparison::Higher,
        (Polarity::NoJudgement, false) => Comparison::Lower,
    }
}

/// Fingertips' usual rule: similar when the benchmark lies inside the organisation's interval
/// (ends included); otherwise better or worse by which side the value is on, with polarity.
pub fn compare_with_benchmark(value: Option<f64>, interval: Option<Interval>, benchmark: Option<f64>, polarity: Polarity) -> Comparison {
    let (Some(value), Some(interval), Some(benchmark)) = (value, interval, benchmark) else {
        return Comparison::NotCompared;
    };
    if !(value.is_finite() && interval.lower.is_finite() && interval.upper.is_finite() && benchmark.is_finite()) {
        return Comparison::NotCompared;
    }
    if interval.contains(benchmark) {
        Comparison::Similar
    } else {
        judged(value > benchmark, polarity)
    }
}

/// Five-level outcome of Fingertips' `SingleOverlappingCIsForTwoCILevelsComparer`, expressed
/// as the pair of one-level outcomes at 95 % and 99.8 %: "best" is better at 99.8 %, "better"
/// is better at 95 % only, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoLevelComparison {
    pub at95: Comparison,
    pub at998: Comparison,
}

impl TwoLevelComparison {
    /// Fingertips' label: Best, Better, Same, Worse, Worst or NotCompared.
    pub fn fingertips_label(&self) -> &'static str {
        match (self.at95, self.at998) {
            (_, Comparison::Better) => "Best",
            (_, Comparison::Worse) => "Worst",
            (Comparison::Better, _) => "Better",
            (Comparison::Worse, _) => "Worse",
            (Comparison::Similar, _) => "Same",
            _ => "NotCompared",
        }
    }
}

/// Fingertips' `SpcForProportionsComparer`: control limits are the Wilson interval computed at
/// the benchmark's expected count, and the area's value is compared with them strictly.
/// `unit` is the display multiplier (100 for percentages).
pub fn compare_spc_for_proportions(
    value: Option<f64>,
    denominator: Option<f64>,
    benchmark: Option<f64>,
    unit: f64,
    confidence: Confidence,
    polarity: Polarity,
) -> Comparison {
    let (Some(value), Some(n), Some(benchmark)) = (value, denominator, benchmark) else {
        return Comparison::NotCompared;
    };
    // Also rejects NaN.
    if n.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Comparison::NotCompared;
    }
    let expected = n * benchmark / unit;
    let limits = wilson_unpinned(expected, n, confidence);
    let proportion = value / unit;
    if proportion > limits.upper {
        judged(true, polarity)
    } else if proportion < limits.lower {
        judged(false, polarity)
    } else {
        Comparison::Similar
    }
}

/// Fingertips computes these limits with the raw formula (no pinning at 0 or n).
fn wilson_unpinned(x: f64, n: f64, confidence: Confidence) -> Interval {
    if x > 0.0 && x < n {
        return wilson(x, n, confidence);
    }
    let z = confidence.z();
    let z2 = z * z;
    let spread = z * (z2 + 4.0 * x * (1.0 - x / n)).max(0.0).sqrt();
    Interval { lower: (2.0 * x + z2 - spread) / (2.0 * (n + z2)), upper: (2.0 * x + z2 + spread) / (2.0 * (n + z2)) }
}
