//! Quantiles and ranks (PHEindicatormethods `phe_quantile`, `R/Quantiles.R`; methods.md §1.6).

/// Ranks with ties given the smallest rank (R's `rank(ties.method = "min")`); `None` stays
/// `None`. With `descending`, the highest value has rank 1.
pub fn rank_min(values: &[Option<f64>], descending: bool) -> Vec<Option<u32>> {
    let key = |v: f64| if descending { -v } else { v };
    let mut present: Vec<f64> = values.iter().flatten().map(|&v| key(v)).collect();
    present.sort_by(f64::total_cmp);
    values
        .iter()
        .map(|v| v.map(|v| present.partition_point(|&x| x < key(v)) as u32 + 1))
        .collect()
}

/// PHE's quantile: with N values and rank r (on −value when `invert`), the quantile is
/// ⌊(q + 1) − ⌈((N + 1) − r)/(N/q)⌉⌋, 0 becoming 1; `None` for missing values or N < q.
pub fn phe_quantile(values: &[Option<f64>], quantiles: u32, invert: bool) -> Vec<Option<u32>> {
    let n = values.iter().flatten().count() as f64;
    let q = quantiles as f64;
    rank_min(values, invert)
        .into_iter()
        .map(|rank| {
            let r = rank? as f64;
            if n < q {
                return None;
            }
            let quantile = ((q + 1.0) - (((n + 1.0) - r) / (n / q)).ceil()).floor();
            Some(if quantile <= 0.0 { 1 } else { quantile as u32 })
        })
        .collect()
}
