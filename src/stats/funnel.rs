//! Funnel plots for proportions: PHE's inverse-Wilson control limits
//! (PHEindicatormethods `calculate_funnel_limits`, `R/Funnels.R`; docs/methods.md §3.1).
//!
//! The limit at population n is the proportion whose Wilson interval just touches the
//! benchmark, so "outside the funnel" and "interval excludes the benchmark" are one statement:
//! the funnel plot and the comparison table can never disagree.

use super::{Comparison, Confidence, Interval};

/// Where an organisation sits in the funnel, without polarity (PHE's "High (0.001)" etc.).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunnelPosition {
    High998,
    High95,
    NotSignificant,
    Low95,
    Low998,
}

impl FunnelPosition {
    pub fn as_str(self) -> &'static str {
        match self {
            FunnelPosition::High998 => "high_998",
            FunnelPosition::High95 => "high_95",
            FunnelPosition::NotSignificant => "not_significant",
            FunnelPosition::Low95 => "low_95",
            FunnelPosition::Low998 => "low_998",
        }
    }

    /// PHE's label, as in `assign_funnel_significance`.
    pub fn phe_label(self) -> &'static str {
        match self {
            FunnelPosition::High998 => "High (0.001)",
            FunnelPosition::High95 => "High (0.025)",
            FunnelPosition::NotSignificant => "Not significant",
            FunnelPosition::Low95 => "Low (0.025)",
            FunnelPosition::Low998 => "Low (0.001)",
        }
    }

    /// The position implied by an organisation's intervals and the benchmark. Because the
    /// limits are inverse Wilson, this equals PHE's test of x/n against the limits.
    pub fn from_intervals(value: f64, ci95: Interval, ci998: Interval, benchmark: f64) -> Self {
        let high = value > benchmark;
        if !ci998.contains(benchmark) {
            if high {
                FunnelPosition::High998
            } else {
                FunnelPosition::Low998
            }
        } else if !ci95.contains(benchmark) {
            if high {
                FunnelPosition::High95
            } else {
                FunnelPosition::Low95
            }
        } else {
            FunnelPosition::NotSignificant
        }
    }

    /// PHE's own test: the proportion against the unclipped limits, strict inequalities,
    /// in PHE's order.
    pub fn from_limits(proportion: f64, limits95: Interval, limits998: Interval) -> Self {
        if proportion < limits998.lower {
            FunnelPosition::Low998
        } else if proportion < limits95.lower {
            FunnelPosition::Low95
        } else if proportion > limits998.upper {
            FunnelPosition::High998
        } else if proportion > limits95.upper {
            FunnelPosition::High95
        } else {
            FunnelPosition::NotSignificant
        }
    }

    /// True when this position agrees with a one-level comparison (used by tests and as a
    /// debug guard on the promise that funnel and table never disagree).
    pub fn agrees_with(self, at95: Comparison) -> bool {
        let significant = !matches!(self, FunnelPosition::NotSignificant);
        significant == at95.is_significant()
    }
}

/// Control limits (as fractions, unclipped) for a proportion funnel around `benchmark`
/// (a fraction in (0, 1)) at population `n`. PHE's closed form, as coded in `R/Funnels.R`.
pub fn proportion_limits(benchmark: f64, n: f64, confidence: Confidence) -> Interval {
    let z = confidence.z();
    let z2 = z * z;
    let p = benchmark;
    let a = p * (n / z2 + 1.0);
    let b_squared = (-8.0 * p * (n / z2 + 1.0)).powi(2) - 64.0 * (1.0 / z2 + 1.0 / n) * p * (n * (p * (n / z2 + 2.0) - 1.0) + z2 * (p - 1.0));
    let b = b_squared.max(0.0).sqrt();
    let c = 1.0 / z2 + 1.0 / n;
    Interval { lower: ((a - b / 8.0) / c) / n, upper: ((a + b / 8.0) / c) / n }
}

/// One point of a drawn funnel: limits at a population, clipped to [0, 1] for display.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelPoint {
    pub population: f64,
    pub limits95: Interval,
    pub limits998: Interval,
}

/// The populations at which PHE tabulates the funnel: 100 points from the axis minimum to
/// the axis maximum, geometrically spaced and rounded (`calculate_funnel_limits`).
pub fn phe_populations(min_denominator: f64, max_denominator: f64) -> Vec<f64> {
    let axis_max = signif_ceiling(max_denominator);
    let axis_min = if max_denominator > 2.0 * min_denominator { 0.0 } else { signif_floor(min_denominator) };
    let mut points = Vec::with_capacity(100);
    let mut previous = axis_min.max(1.0);
    points.push(previous);
    for j in 2..=100 {
        let next = ((axis_max / previous).powf(1.0 / (101 - j) as f64) * previous).round();
        previous = next.max(previous + 1.0);
        points.push(previous);
    }
    points
}

/// The drawn funnel: PHE's limits at PHE's populations, clipped to [0, 1].
pub fn proportion_funnel(benchmark: f64, min_denominator: f64, max_denominator: f64) -> Vec<FunnelPoint> {
    let clip = |i: Interval| Interval { lower: i.lower.max(0.0), upper: i.upper.min(1.0) };
    phe_populations(min_denominator, max_denominator)
        .into_iter()
        .map(|n| FunnelPoint {
            population: n,
            limits95: clip(proportion_limits(benchmark, n, Confidence::c95())),
            limits998: clip(proportion_limits(benchmark, n, Confidence::c998())),
        })
        .collect()
}

/// The drawn funnel for a rate or ratio around `benchmark` (per unit of denominator; 1 for
/// O/E): exact Poisson limits, as rates per unit, at PHE's populations.
pub fn poisson_funnel(benchmark: f64, min_denominator: f64, max_denominator: f64) -> Vec<FunnelPoint> {
    use super::poisson::funnel_counts;
    phe_populations(min_denominator, max_denominator)
        .into_iter()
        .map(|n| {
            let e = n * benchmark;
            let per = |i: Interval| Interval { lower: i.lower / n, upper: i.upper / n };
            FunnelPoint { population: n, limits95: per(funnel_counts(e, Confidence::c95())), limits998: per(funnel_counts(e, Confidence::c998())) }
        })
        .collect()
}

/// Number of decimal digits of a non-negative whole number, as R's `nchar` of it.
fn digits(x: f64) -> i32 {
    if x < 1.0 {
        1
    } else {
        x.log10().floor() as i32 + 1
    }
}

/// PHE's `signif.ceiling(x, percentage_up = 1.05)`: 1.05·x rounded up to two significant figures.
fn signif_ceiling(x: f64) -> f64 {
    let v = 1.05 * x;
    if v <= 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(digits(v.ceil()) - 2);
    (v / scale).ceil() * scale
}

/// PHE's `signif.floor(x, percentage_down = 0.95)`: 0.95·x rounded down to one significant figure.
fn signif_floor(x: f64) -> f64 {
    let v = 0.95 * x;
    if v <= 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(digits(v.floor()) - 1);
    (v / scale).floor() * scale
}
