//! Quantiles and ranks (PHEindicatormethods `phe_quantile`, `R/Quantiles.R`; docs/methods.md §1.6).

/// Ranks with ties given the smallest rank (R's `rank(ties.method = "min")`); `None` stays
/// `None`. With `descending`, the highest value has rank 1.
pub fn rank_min(values: &[Option<f64>], descending: bool) -> Vec<Option<u32>> {
    let key = |v: f64| if descending { -v } else { v };
    // One sort of the present values' indexes, then ranks in a single pass (ties share the
    // smallest rank).
    let mut order: Vec<(f64, u32)> = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (key(v), i as u32))).collect();
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut ranks = vec![None; values.len()];
    let mut rank = 0u32;
    for (k, &(v, i)) in order.iter().enumerate() {
        if k == 0 || v != order[k - 1].0 {
            rank = k as u32 + 1;
        }
        ranks[i as usize] = Some(rank);
    }
    ranks
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
