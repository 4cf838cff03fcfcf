//! The report's learning pairs and unmatched learners in the columnar transfer: strings laid end
//! to end with their lengths, numbers and small counts in flat arrays. As JSON text inside the
//! report's head they were 18 MB for a national run (mostly the pairs' reasons), which the page
//! then parsed; laid out so, the page slices one string.

use super::{PairReport, UnmatchedReport};

/// Numbers per pair: distance (NaN for null), gap, peer rank, set size.
pub const PAIR_NUMBERS: usize = 4;
/// Counts per pair: flags (bit 0 learner name present, 1 teacher name present, 2 reciprocal,
/// 3 beyond the peers), then how many reasons.
pub const PAIR_COUNTS: usize = 2;

/// Counts per unmatched learner: flags (bit 0 name present).
pub const UNMATCHED_COUNTS: usize = 1;

/// Strings laid end to end, each length in UTF-16 code units (the unit of JavaScript's string
/// indexes), so the page cuts them out without decoding each.
#[derive(Debug, Default)]
pub struct Texts {
    pub text: String,
    pub lengths: Vec<u32>,
}

/// How many pairs' texts are written before the rest are made room for at their length.
const SAMPLED_PAIRS: usize = 64;

impl Texts {
    /// Room for `more` items the size of the `done` so far, and an eighth again: growing by
    /// doubling copied the national pairs' 10 MB of text over and over.
    fn reserve_like(&mut self, done: usize, more: usize) {
        let grow = |len: usize| (len / done.max(1) + 1) * more * 9 / 8;
        self.text.reserve(grow(self.text.len()));
        self.lengths.reserve(grow(self.lengths.len()));
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        let units = if s.is_ascii() { s.len() } else { s.chars().map(char::len_utf16).sum() };
        self.lengths.push(units as u32);
    }
}

/// Pairs, then unmatched learners, in the report's order. Per pair, strings: indicator, learner,
/// teacher, the names present, the reasons; per unmatched learner: indicator, learner, the name
/// if present, the reason, and [`UNMATCHED_COUNTS`] counts.
#[derive(Debug, Default)]
pub struct PairColumns {
    pub texts: Texts,
    pub numbers: Vec<f64>,
    pub counts: Vec<u32>,
}

impl PairColumns {
    pub fn of(pairs: &[PairReport], unmatched: &[UnmatchedReport]) -> PairColumns {
        let mut c = PairColumns::default();
        c.numbers.reserve_exact(pairs.len() * PAIR_NUMBERS);
        c.counts.reserve_exact(pairs.len() * PAIR_COUNTS + unmatched.len() * UNMATCHED_COUNTS);
        for (done, p) in pairs.iter().enumerate() {
            if done == SAMPLED_PAIRS {
                c.texts.reserve_like(done, pairs.len() - done);
            }
            c.push_pair(p);
        }
        // Made room for exactly: they come after the pairs' 10 MB, which growing would copy again.
        c.texts.text.reserve(unmatched.iter().flat_map(unmatched_texts).map(str::len).sum());
        c.texts.lengths.reserve(unmatched.iter().flat_map(unmatched_texts).count());
        for u in unmatched {
            for s in unmatched_texts(u) {
                c.texts.push(s);
            }
            c.counts.push(u32::from(u.learner_name.is_some()));
        }
        c
    }

    fn push_pair(&mut self, p: &PairReport) {
        for s in [p.indicator, p.learner, p.teacher].into_iter().chain(p.learner_name).chain(p.teacher_name) {
            self.texts.push(s);
        }
        let mut reasons = 0;
        p.reasons.write(&mut |reason| {
            self.texts.push(reason);
            reasons += 1;
        });
        self.numbers.extend([p.distance.unwrap_or(f64::NAN), p.gap, p.peer_rank as f64, p.set as f64]);
        let flags = [p.learner_name.is_some(), p.teacher_name.is_some(), p.reciprocal, p.beyond_peers];
        self.counts.push(flags.iter().enumerate().map(|(bit, &on)| u32::from(on) << bit).sum());
        self.counts.push(reasons);
    }
}

/// An unmatched learner's strings, in the columns' order.
fn unmatched_texts<'a>(u: &'a UnmatchedReport<'_>) -> impl Iterator<Item = &'a str> {
    [u.indicator, u.learner].into_iter().chain(u.learner_name).chain([u.reason.as_str()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_javascript_string_units() {
        let mut t = Texts::default();
        for s in ["", "A81001", "Ysgol Gŵyr", "🏥 ward", "naïve—test"] {
            t.push(s);
        }
        // 🏥 is one char but two UTF-16 units; ŵ, ï and — one each.
        assert_eq!(t.lengths, vec![0, 6, 10, 7, 10]);
        assert_eq!(t.text, "A81001Ysgol Gŵyr🏥 wardnaïve—test");
    }
}
