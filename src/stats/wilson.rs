//! Wilson score interval for a proportion (PHEindicatormethods `wilson_lower`/`wilson_upper`,
//! `R/utils.R`; docs/methods.md §1.1).

use super::Confidence;

/// A confidence interval `[lower, upper]` on whatever scale its producer states.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    pub fn scaled(self, multiplier: f64) -> Interval {
        Interval { lower: self.lower * multiplier, upper: self.upper * multiplier }
    }

    /// Inclusive at both ends, as the Fingertips comparers are.
    pub fn contains(&self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }
}

/// Wilson score interval of `x` successes out of `n`, as a fraction (0–1).
///
/// Callers guarantee 0 <= x <= n and n > 0 (the dataset layer rejects anything else with a
/// row-level message). A non-integer `x` is accepted, as PHE accepts it.
pub fn wilson(x: f64, n: f64, confidence: Confidence) -> Interval {
    let z = confidence.z();
    let z2 = z * z;
    let centre = 2.0 * x + z2;
    let spread = z * (z2 + 4.0 * x * (1.0 - x / n)).max(0.0).sqrt();
    let denominator = 2.0 * (n + z2);
    // PHE's formula gives exactly 0 at x = 0 and exactly 1 at x = n only up to rounding;
    // pin the ends so that a 0 % or 100 % organisation's interval touches its own value.
    let lower = if x <= 0.0 { 0.0 } else { (centre - spread) / denominator };
    let upper = if x >= n { 1.0 } else { (centre + spread) / denominator };
    Interval { lower, upper }
}
