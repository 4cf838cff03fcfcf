//! Stable sorts through one copy of the standard library's sort.
//!
//! Every closure given to `slice::sort_by` makes its own copy of the sort (about 7 kB of wasm
//! each, 19 of them before this module). The sorts here take their comparison as `&dyn Fn`, so
//! the wasm holds one: a dynamic call per comparison, which is nothing beside the views, charts
//! and labels they order. The hot sorts (an indicator's values, the pairing's candidates) keep
//! their own.

use std::cmp::Ordering;

/// Sorts positions (indices into something else) stably by `compare`.
pub fn sort_positions(positions: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    positions.sort_by(|&a, &b| compare(a, b));
}

/// Sorts `items` stably by `compare`: their positions are sorted, then the items moved once.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &|a, b| compare(&items[a], &items[b]));
    permute(items, &mut order);
}

/// Sorts `items` stably by the key `key` gives each.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Puts `items[order[i]]` at `i` for every `i`, following each cycle of the permutation once.
/// `order` is used up (each place is marked as filled by pointing at itself).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut hole = start;
        loop {
            let from = std::mem::replace(&mut order[hole], hole);
            if from == start || from == hole {
                break;
            }
            items.swap(hole, from);
            hole = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small generator, so the test needs no crate: every permutation shape gets tried.
    fn shuffled(n: usize, seed: u64) -> Vec<(u8, usize)> {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..n)
            .map(|i| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (((state >> 33) % 5) as u8, i)
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        for n in 0..60 {
            for seed in 0..20 {
                let original = shuffled(n, seed);
                let mut ours = original.clone();
                let mut std_sorted = original.clone();
                sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
                std_sorted.sort_by_key(|a| a.0);
                assert_eq!(ours, std_sorted, "n {n}, seed {seed}");
                let mut by_key = original.clone();
                sort_by_key(&mut by_key, |item| std::cmp::Reverse(item.0));
                std_sorted.sort_by_key(|item| std::cmp::Reverse(item.0));
                assert_eq!(by_key, std_sorted, "n {n}, seed {seed}, by key");
            }
        }
    }

    #[test]
    fn sorts_positions_by_what_they_point_at() {
        let values = [3.0, -1.0, 2.0, -1.0, f64::NAN, 0.5];
        let mut positions: Vec<usize> = (0..values.len()).collect();
        sort_positions(&mut positions, &|a, b| values[a].total_cmp(&values[b]));
        assert_eq!(positions, [1, 3, 5, 2, 0, 4]);
    }
}
