//! Mean with a Student's t interval (PHEindicatormethods `phe_mean`, `R/Means.R`; docs/methods.md §1.5).

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::{Confidence, Interval};

/// mean ± |t⁻¹((1 − c)/2; N − 1)| × sd/√N, with the sample SD (N − 1 denominator).
/// `None` when N < 2 (no spread can be estimated) or the inputs are not finite.
pub fn t_interval(mean: f64, sd: f64, n: f64, confidence: Confidence) -> Option<Interval> {
    if !(n >= 2.0 && sd.is_finite() && sd >= 0.0 && mean.is_finite()) {
        return None;
    }
    let t = StudentsT::new(0.0, 1.0, n - 1.0).ok()?.inverse_cdf(1.0 - (1.0 - confidence.level()) / 2.0);
    let half = t * sd / n.sqrt();
    Some(Interval { lower: mean - half, upper: mean + half })
}

/// Mean and sample SD of row-level values.
pub fn summarise(values: &[f64]) -> (f64, f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let ss: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    let sd = if n > 1.0 { (ss / (n - 1.0)).sqrt() } else { f64::NAN };
    (mean, sd, n)
}
