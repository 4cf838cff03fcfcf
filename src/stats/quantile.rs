//! Quantiles and ranks (PHEindicatormethods `phe_quantile`, `R/Quantiles.R`; docs/methods.md §1.6).

/// Ranks with ties given the smallest rank (R's `rank(ties.method = "min")`); `None` stays
/// `None`. With `descending`, the highest value has rank 1.
pub fn rank_min(values: &[Option<f64>], descending: bool) -> Vec<Option<u32>> {
    Sorted::of(values).ranks(descending)
}

/// PHE's quantile: with N values and rank r (on −value when `invert`), the quantile is
/// ⌊(q + 1) − ⌈((N + 1) − r)/(N/q)⌉⌋, 0 becoming 1; `None` for missing values or N < q.
pub fn phe_quantile(values: &[Option<f64>], quantiles: u32, invert: bool) -> Vec<Option<u32>> {
    Sorted::of(values).phe_quantile(quantiles, invert)
}

/// The present values sorted once, with where each came from: ranks either way, PHE's
/// quantiles and the sorted values all follow from it (an indicator's ranks, quartiles and
/// best quartile took three sorts of the same values, most of placing the national file's
/// results in wasm).
pub struct Sorted {
    /// (value, index in the values given), lowest first.
    order: Vec<(f64, u32)>,
    len: usize,
}

impl Sorted {
    pub fn of(values: &[Option<f64>]) -> Self {
        // Sorted as integers, each value in `total_cmp`'s order with its index below it: about
        // half the work of comparing pairs (ties, equal to the bit, come in index order).
        let mut keys: Vec<u128> = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| u128::from(total_order(v)) << 32 | i as u128)).collect();
        keys.sort_unstable();
        let order = keys.into_iter().map(|k| (from_total_order((k >> 32) as u64), k as u32)).collect();
        Sorted { order, len: values.len() }
    }

    /// The present values, lowest first.
    pub fn values(&self) -> Vec<f64> {
        self.order.iter().map(|&(v, _)| v).collect()
    }

    /// As [`rank_min`]: ties share the smallest rank; with `descending`, the highest is 1.
    pub fn ranks(&self, descending: bool) -> Vec<Option<u32>> {
        let n = self.order.len();
        let mut ranks = vec![None; self.len];
        let mut start = 0;
        while start < n {
            // A run of equal values (lowest first): rank min is one more than the values
            // below it, or (descending) than those above it. A NaN equals nothing: a run of one.
            let first = self.order[start].0;
            let end = start + 1 + self.order[start + 1..].iter().take_while(|&&(v, _)| v == first).count();
            let rank = if descending { n - end + 1 } else { start + 1 } as u32;
            for &(_, i) in &self.order[start..end] {
                ranks[i as usize] = Some(rank);
            }
            start = end;
        }
        ranks
    }

    /// As [`phe_quantile`].
    pub fn phe_quantile(&self, quantiles: u32, invert: bool) -> Vec<Option<u32>> {
        let n = self.order.len() as f64;
        let q = quantiles as f64;
        self.ranks(invert)
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
}

/// A number as an integer in the order of [`f64::total_cmp`], so that sorting numbers can sort
/// integers instead.
pub(crate) fn total_order(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The number [`total_order`] made `key` from.
fn from_total_order(key: u64) -> f64 {
    f64::from_bits(if key >> 63 == 1 { key & !(1 << 63) } else { !key })
}

#[cfg(test)]
mod tests {
    use super::{from_total_order, rank_min, total_order, Sorted};

    #[test]
    fn numbers_as_integers_keep_the_order_of_total_cmp_and_come_back_bit_for_bit() {
        let values = [f64::NEG_INFINITY, -1e300, -2.5, -f64::MIN_POSITIVE, -0.0, 0.0, 5e-324, 1e-300, 0.1, 2.5, 1e300, f64::INFINITY, f64::NAN, -f64::NAN];
        for a in values {
            assert_eq!(from_total_order(total_order(a)).to_bits(), a.to_bits(), "{a}");
            for b in values {
                assert_eq!(total_order(a).cmp(&total_order(b)), a.total_cmp(&b), "{a} against {b}");
            }
        }
    }

    /// R's rank(ties.method = "min") the slow way: one more than the values strictly better.
    fn by_counting(values: &[Option<f64>], descending: bool) -> Vec<Option<u32>> {
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let better = |v: f64, w: f64| if descending { w > v } else { w < v };
        values.iter().map(|v| v.map(|v| present.iter().filter(|&&w| better(v, w)).count() as u32 + 1)).collect()
    }

    #[test]
    fn ranks_either_way_from_one_sort_match_counting() {
        let values = [Some(3.0), None, Some(1.0), Some(3.0), Some(-0.0), Some(0.0), Some(7.5), None, Some(1.0), Some(3.0)];
        for descending in [false, true] {
            assert_eq!(rank_min(&values, descending), by_counting(&values, descending), "descending {descending}");
        }
        assert_eq!(rank_min(&values, true), [Some(2), None, Some(5), Some(2), Some(7), Some(7), Some(1), None, Some(5), Some(2)]);
        assert_eq!(Sorted::of(&values).values(), [-0.0, 0.0, 1.0, 1.0, 3.0, 3.0, 3.0, 7.5]);
        assert_eq!(rank_min(&[None, None], true), [None, None]);
        // A value that equals nothing, itself included, still gets a rank.
        assert_eq!(rank_min(&[Some(f64::NAN), Some(1.0)], false), [Some(2), Some(1)]);
    }
}
