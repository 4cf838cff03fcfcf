//! Confidence intervals for counts: exact Poisson (χ²) for small counts and Byar's
//! approximation otherwise (PHEindicatormethods `phe_rate`, `byars_lower/upper`, `R/utils.R`;
//! docs/methods.md §1.2). Used for rates (count / population) and ratios (observed / expected).

use statrs::function::gamma::{gamma_lr, gamma_ur};

use super::{Confidence, Interval};

/// PHE switches from exact to Byar at this count (a hard threshold: 9 is exact, 10 is Byar).
pub const BYAR_FROM: f64 = 10.0;

/// Which method an interval came from, for the method note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountMethod {
    Exact,
    Byar,
}

/// The interval PHE publishes for a count: exact below 10, Byar from 10.
pub fn count_interval(x: f64, confidence: Confidence) -> (Interval, CountMethod) {
    if x < BYAR_FROM {
        (exact_poisson(x, confidence), CountMethod::Exact)
    } else {
        (byar(x, confidence), CountMethod::Byar)
    }
}

/// Exact Poisson limits: lower = χ²⁻¹(α/2; 2x)/2, upper = χ²⁻¹(1 − α/2; 2x + 2)/2, solved
/// through the regularised incomplete gamma function (χ²ₖ(2λ) = P(k/2, λ)) to full precision.
pub fn exact_poisson(x: f64, confidence: Confidence) -> Interval {
    let tail = (1.0 - confidence.level()) / 2.0;
    let lower = if x <= 0.0 { 0.0 } else { solve_increasing(|l| gamma_lr(x, l), tail, x) };
    // Upper: P(X <= x | λ) = tail, i.e. Q(x + 1, λ) = tail, decreasing in λ.
    let upper = solve_increasing(|l| -gamma_ur(x + 1.0, l), -tail, x + 1.0);
    Interval { lower, upper }
}

/// The expected count at which an observed count `x` sits exactly on a funnel's lower or upper
/// exact Poisson limit (PHE `poisson_funnel`, solved exactly instead of by bisection on a grid).
pub fn exact_poisson_expected(x: f64, confidence: Confidence) -> Interval {
    exact_poisson(x, confidence)
}

/// Funnel limits as counts at an expected count `e`: the (continuous) observed counts at which
/// the exact Poisson interval just touches `e`. PHE traces the same curve through whole counts
/// (`poisson_funnel`): lower = O with P(X <= O | e) = tail, upper = O with P(X >= O | e) = tail.
pub fn funnel_counts(e: f64, confidence: Confidence) -> Interval {
    if e > EXACT_FUNNEL_UP_TO {
        return funnel_counts_byar(e, confidence);
    }
    funnel_counts_exact(e, confidence)
}

/// Above this expected count the funnel's limits come from Byar's approximation, as PHE's
/// intervals do from a count of 10: the exact limits' incomplete gamma function takes time
/// that grows with the count (seconds at 1e10), while the two agree to within 1e-6 relative
/// from here on (tested).
pub const EXACT_FUNNEL_UP_TO: f64 = 1e5;

/// Funnel limits by inverting Byar's interval: the lower limit is the count whose Byar upper
/// limit is `e`, the upper limit the count whose Byar lower limit is `e`.
pub fn funnel_counts_byar(e: f64, confidence: Confidence) -> Interval {
    let scale = e + 1.0;
    let lower = solve_increasing(|o| byar(o.max(1e-300), confidence).upper, e, scale);
    let upper = solve_increasing(
        |o| {
            let l = byar(o.max(1.0), confidence).lower;
            if l.is_nan() {
                0.0
            } else {
                l
            }
        },
        e,
        scale,
    );
    Interval { lower, upper }
}

/// [`funnel_counts`] by the exact Poisson limits, at any size.
pub fn funnel_counts_exact(e: f64, confidence: Confidence) -> Interval {
    let tail = (1.0 - confidence.level()) / 2.0;
    let scale = e + 1.0;
    // Q(O + 1, e) increases with O; below 0 the limit is 0.
    let lower = if gamma_ur(1.0, e) >= tail { 0.0 } else { solve_increasing(|o| gamma_ur(o + 1.0, e), tail, scale) };
    // P(O, e) decreases with O.
    let upper = solve_increasing(|o| -gamma_lr(o.max(1e-300), e), -tail, scale);
    Interval { lower, upper }
}

/// Byar's approximation (PHE `byars_lower`, `byars_upper`). `lower` is NaN where Byar's
/// formula goes negative (PHE returns NA); `count_interval` never uses Byar there.
pub fn byar(x: f64, confidence: Confidence) -> Interval {
    let z = confidence.z();
    let lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * x.sqrt())).powi(3);
    let y = x + 1.0;
    let upper = y * (1.0 - 1.0 / (9.0 * y) + z / (3.0 * y.sqrt())).powi(3);
    Interval { lower: if lower < 0.0 { f64::NAN } else { lower }, upper }
}

/// The λ > 0 with f(λ) = target for an increasing f, by bracketing and bisection to the last
/// representable digit (the functions are accurate to ~1e-15, so this matches R's qchisq).
pub(crate) fn solve_increasing(f: impl Fn(f64) -> f64, target: f64, scale: f64) -> f64 {
    let mut lo = 0.0f64;
    let mut hi = (scale + 10.0 * scale.sqrt() + 20.0).max(1.0);
    while f(hi) < target {
        lo = hi;
        hi *= 2.0;
        if hi > 1e300 {
            return f64::NAN;
        }
    }
    for _ in 0..2000 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}
