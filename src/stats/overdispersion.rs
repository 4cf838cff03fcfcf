//! Over-dispersion: FunnelPlotR's additive random-effects adjustment (Spiegelhalter 2005, with
//! the SHMI variant), as coded in FunnelPlotR v0.6.0 `R/od_adjustment.R`,
//! `R/calculate_limits.R` and `R/outliers_func.R` (docs/methods.md §3.3).

use statrs::function::gamma::gamma_lr;

use super::poisson::solve_increasing;
use super::Interval;

/// FunnelPlotR hard-codes these two quantiles; using them reproduces its numbers to 1e-9.
pub const Z95: f64 = 1.959964;
pub const Z998: f64 = 3.090232;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Standardised ratio O/E on the log scale with truncation (SHMI).
    RatioLog,
    /// Standardised ratio on the square-root scale with Winsorisation (CQC).
    RatioSqrt,
    /// Proportion on the arcsine square-root scale.
    Proportion,
    /// Ratio of counts O/D on the log scale (used here for rates).
    RatioOfCounts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dispersion {
    /// The target on the natural scale (1 for O/E, the pooled value otherwise).
    pub target: f64,
    pub phi: f64,
    pub tau2: f64,
    /// Number of z-scores that entered φ after trimming.
    pub used: usize,
    /// Each organisation's z-score, and after Winsorisation or truncation (`None` = dropped).
    pub z: Vec<f64>,
    pub z_trimmed: Vec<Option<f64>>,
}

/// The transformed value Y, its target and standard error s for one unit.
fn transform(scale: Scale, o: f64, d: f64, target: f64) -> (f64, f64, f64) {
    match scale {
        Scale::RatioLog => ((o / d).ln(), 0.0, 1.0 / d.sqrt()),
        Scale::RatioSqrt => ((o / d).sqrt(), 1.0, 1.0 / (2.0 * d.sqrt())),
        Scale::Proportion => ((o / d).sqrt().asin(), target.sqrt().asin(), 1.0 / (2.0 * d.sqrt())),
        Scale::RatioOfCounts => (((o + 0.5) / (d + 0.5)).ln(), target.ln(), (o / (o + 0.5).powi(2) + d / (d + 0.5).powi(2)).sqrt()),
    }
}

/// φ and τ² for numerators and denominators (for O/E, the expected counts, which the SHMI
/// method first rounds to 2 dp as FunnelPlotR does by default).
pub fn estimate(scale: Scale, units: &[(f64, f64)], trim: f64) -> Dispersion {
    let units: Vec<(f64, f64)> = units.iter().map(|&(o, d)| if scale == Scale::RatioLog { (o, (d * 100.0).round() / 100.0) } else { (o, d) }).collect();
    let target = match scale {
        Scale::RatioLog | Scale::RatioSqrt => 1.0,
        _ => {
            let (o, d) = units.iter().fold((0.0, 0.0), |(a, b), u| (a + u.0, b + u.1));
            o / d
        }
    };
    let mut z = Vec::with_capacity(units.len());
    let mut s = Vec::with_capacity(units.len());
    for &(o, d) in &units {
        let (y, t, se) = transform(scale, o, d, target);
        z.push((y - t) / se);
        s.push(se);
    }
    let z_trimmed = match scale {
        Scale::RatioLog => truncate(&z, trim),
        _ => winsorise(&z, trim),
    };
    let mut used = 0usize;
    let (mut sum_z2, mut sum_w, mut sum_w2) = (0.0, 0.0, 0.0);
    for (zt, se) in z_trimmed.iter().zip(&s) {
        if let Some(zt) = zt.filter(|v| v.is_finite()) {
            used += 1;
            sum_z2 += zt * zt;
            let w = 1.0 / (se * se);
            sum_w += w;
            sum_w2 += w * w;
        }
    }
    let n = used as f64;
    let phi = sum_z2 / n;
    let tau2 = if n * phi < n - 1.0 { 0.0 } else { ((n * phi - (n - 1.0)) / (sum_w - sum_w2 / sum_w)).max(0.0) };
    Dispersion { target, phi, tau2, used, z, z_trimmed }
}

/// SHMI truncation: with k = 1/trim, drop z whose ⌊rank·k/(N+1)⌋ is ≤ 0 or ≥ k − 1
/// (ranks with ties averaged).
fn truncate(z: &[f64], trim: f64) -> Vec<Option<f64>> {
    let k = (1.0 / trim).round();
    let n = z.len() as f64;
    let ranks = average_ranks(z);
    z.iter()
        .zip(ranks)
        .map(|(&v, r)| {
            let sp = (r * k / (n + 1.0)).floor();
            if sp <= 0.0 || sp >= k - 1.0 {
                None
            } else {
                Some(v)
            }
        })
        .collect()
}

fn average_ranks(z: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..z.len()).collect();
    crate::order::sort_positions(&mut order, &|a, b| z[a].total_cmp(&z[b]));
    let mut ranks = vec![0.0; z.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && z[order[j + 1]] == z[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Winsorisation at the trim and 1 − trim quantiles (R's type 7).
fn winsorise(z: &[f64], trim: f64) -> Vec<Option<f64>> {
    let mut finite: Vec<f64> = z.iter().copied().filter(|v| v.is_finite()).collect();
    let lo = quantile7_unsorted(&mut finite, trim);
    let hi = quantile7_unsorted(&mut finite, 1.0 - trim);
    z.iter().map(|&v| if v.is_finite() { Some(v.clamp(lo, hi)) } else { None }).collect()
}

/// [`quantile7`] of values in any order (it reorders them), by selecting the two values it
/// reads instead of sorting them all: the same values, so the same result. Sorting was the
/// larger part of estimating over-dispersion for the national file's 134,000 results.
fn quantile7_unsorted(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let h = (values.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (_, &mut at_lo, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let at_hi = above.iter().copied().min_by(f64::total_cmp).unwrap_or(at_lo);
    at_lo + (h - lo as f64) * (at_hi - at_lo)
}

/// R's `quantile(type = 7)` of sorted values.
pub fn quantile7(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Control limits at denominator `d` on the natural scale. With τ² = 0 these are FunnelPlotR's
/// unadjusted limits, except for standardised ratios, whose unadjusted limits are exact
/// Poisson ([`sr_exact_limits`]).
pub fn limits(scale: Scale, target: f64, d: f64, tau2: f64, z: f64) -> Interval {
    match scale {
        Scale::RatioLog => {
            let h = z * (1.0 / d + tau2).sqrt();
            Interval { lower: target * (-h).exp(), upper: target * h.exp() }
        }
        Scale::RatioSqrt => {
            // As FunnelPlotR codes it: not squared back from the square-root scale.
            let h = z * (1.0 / (4.0 * d) + tau2).sqrt();
            Interval { lower: target * (1.0 - h), upper: target * (1.0 + h) }
        }
        Scale::Proportion => {
            let centre = target.sqrt().asin();
            let h = z * (1.0 / (4.0 * d) + tau2).sqrt();
            let back = |a: f64| a.clamp(0.0, std::f64::consts::FRAC_PI_2).sin().powi(2);
            Interval { lower: back(centre - h), upper: back(centre + h) }
        }
        Scale::RatioOfCounts => {
            let h = z * (1.0 / (4.0 * d) + tau2).sqrt();
            Interval { lower: (target.ln() - h).exp(), upper: (target.ln() + h).exp() }
        }
    }
}

/// FunnelPlotR's unadjusted limits for a standardised ratio: exact Poisson at (non-integer)
/// expected count E, target·χ²⁻¹(α/2; 2E)/(2E) and target·χ²⁻¹(1 − α/2; 2E + 2)/(2E).
pub fn sr_exact_limits(target: f64, e: f64, tail: f64) -> Interval {
    let qgamma = |p: f64, shape: f64| solve_increasing(|x| gamma_lr(shape, x), p, shape);
    Interval { lower: target * qgamma(tail, e) / e, upper: target * qgamma(1.0 - tail, e + 1.0) / e }
}

#[cfg(test)]
mod tests {
    use super::{quantile7, quantile7_unsorted};

    #[test]
    fn selecting_gives_the_quantiles_sorting_gives() {
        // Scrambled values with ties, including the ends and single values.
        let values: Vec<f64> = (0..101u64).map(|i| ((i * 37) % 101) as f64 / 7.0 - (i % 3) as f64).collect();
        for n in [1, 2, 3, 10, 101] {
            let mut part = values[..n].to_vec();
            let mut part_sorted = part.clone();
            part_sorted.sort_by(f64::total_cmp);
            for p in [0.0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1.0] {
                assert_eq!(quantile7_unsorted(&mut part, p).to_bits(), quantile7(&part_sorted, p).to_bits(), "n {n} p {p}");
            }
        }
        assert!(quantile7_unsorted(&mut [], 0.5).is_nan());
    }
}
