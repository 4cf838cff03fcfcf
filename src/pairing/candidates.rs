//! Who could teach whom: for each significantly worse result, its peers that are significantly
//! better on the indicator, then (with context, where peers are the k nearest) the nearest such
//! organisations beyond them, each with the cost of the pair. Results with none are noted with why.

use std::collections::HashSet;

use super::{Candidate, Unmatched};
use crate::analysis::IndicatorResult;
use crate::options::PairingOptions;
use crate::peers::PeerSet;
use crate::stats::{Comparison, Polarity};

/// Teachers offered beyond a learner's peers: on the first pass, only to a learner none of whose
/// peers can teach it, the nearest this many (room for the optimisation when some are full); a
/// learner the first pass left out or put in a set is offered the nearest `WIDER`; one still
/// left out, every one. Offering every learner everyone would make a national flow too large.
const FURTHER_TEACHERS: usize = 4;
const WIDER: usize = 40;

/// Extra cost of a teacher found beyond the learner's peers: any peer that can teach comes first.
const BEYOND_PEERS: i64 = 2_000;

/// What is known of a candidate pair besides its cost.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub distance: Option<f64>,
    /// 1 = the learner's most similar peer; 0 for a teacher beyond the peers (ranked later).
    pub rank: usize,
    pub beyond_peers: bool,
}

/// A significantly worse result: its indicator, its row there, and why it has no candidate
/// teacher (`None`: it has some).
#[derive(Debug, Clone, Copy)]
pub(super) struct Open {
    pub indicator: usize,
    pub at: usize,
    pub why: Option<Unmatched>,
}

#[derive(Debug, Default)]
pub(super) struct Gathered {
    pub candidates: Vec<Candidate>,
    /// Beside each candidate.
    pub found: Vec<Found>,
    pub open: Vec<Open>,
    pub learner_topics: usize,
    pub learns_somewhere: Vec<bool>,
}

/// How many teachers beyond its peers a learner is offered on each pass: a few (if no peer can
/// teach it), more, all.
pub(super) const PASSES: [usize; 3] = [FURTHER_TEACHERS, WIDER, 250];

pub(super) struct Context<'a> {
    indicators: &'a [IndicatorResult],
    org_index: &'a [Vec<usize>],
    organisations: usize,
    peers: &'a PeerSet,
    options: &'a PairingOptions,
    /// Where each organisation sits in each indicator.
    pub position: Vec<Vec<Option<usize>>>,
    /// Each indicator's rows that could teach anyone at all (better, or improving, as the
    /// options allow): the only ones worth measuring distances to.
    may_teach: Vec<Vec<usize>>,
    /// Each indicator's spread of values (5th to 95th percentile), which scales how informative
    /// a gap is.
    spread: Vec<f64>,
}

impl<'a> Context<'a> {
    pub fn new(indicators: &'a [IndicatorResult], org_index: &'a [Vec<usize>], organisations: usize, peers: &'a PeerSet, options: &'a PairingOptions) -> Self {
        let mut position: Vec<Vec<Option<usize>>> = vec![vec![None; organisations]; indicators.len()];
        for (i, rows) in org_index.iter().enumerate() {
            for (k, &org) in rows.iter().enumerate() {
                position[i][org] = Some(k);
            }
        }
        let spread = indicators
            .iter()
            .map(|ind| {
                let mut values: Vec<f64> = ind.organisations.iter().map(|o| o.estimate).filter(|v| v.is_finite()).collect();
                values.sort_by(f64::total_cmp);
                if values.len() >= 2 {
                    crate::stats::overdispersion::quantile7(&values, 0.95) - crate::stats::overdispersion::quantile7(&values, 0.05)
                } else {
                    0.0
                }
            })
            .collect();
        let (better_teach, improvers_teach) = teacher_kinds(options);
        let at998 = options.confidence > 0.99;
        let may_teach = indicators
            .iter()
            .map(|ind| {
                (0..ind.organisations.len())
                    .filter(|&t| {
                        let o = &ind.organisations[t];
                        (better_teach && o.judged(ind.polarity, at998) == Comparison::Better)
                            || (improvers_teach && o.spc.as_ref().is_some_and(|s| s.improving()))
                    })
                    .collect()
            })
            .collect();
        Context { indicators, org_index, organisations, peers, options, position, may_teach, spread }
    }

    /// Every candidate pair; learners in `wide` (indicator, row) are offered `reach` teachers
    /// beyond their peers instead of [`FURTHER_TEACHERS`].
    pub fn gather(&self, wide: &HashSet<(usize, usize)>, reach: usize) -> Gathered {
        let mut g = Gathered { learns_somewhere: vec![false; self.organisations], ..Default::default() };
        for (i, ind) in self.indicators.iter().enumerate() {
            if ind.polarity == Polarity::NoJudgement {
                continue;
            }
            for k in 0..ind.organisations.len() {
                if ind.organisations[k].judged(ind.polarity, self.at998()) != Comparison::Worse {
                    continue;
                }
                g.learner_topics += 1;
                g.learns_somewhere[self.org_index[i][k]] = true;
                // On a later pass, learners not being widened keep exactly the first pass's offer.
                let why = self.offer(i, k, if wide.contains(&(i, k)) { reach } else { FURTHER_TEACHERS }, !wide.contains(&(i, k)), &mut g);
                g.open.push(Open { indicator: i, at: k, why });
            }
        }
        g
    }

    fn at998(&self) -> bool {
        self.options.confidence > 0.99
    }

    /// Adds the candidates for learner row `k` of indicator `i`: its peers that can teach it,
    /// and (unless `peers_first` and a peer can) the `reach` nearest teachers beyond them.
    /// Returns why there are none.
    fn offer(&self, i: usize, k: usize, reach: usize, peers_first: bool, g: &mut Gathered) -> Option<Unmatched> {
        let l = self.org_index[i][k];
        let cost_of = self.teaching(i, k)?;
        let within_cap = |d: Option<f64>| self.options.max_distance.is_none_or(|cap| d.is_none_or(|d| d <= cap));
        let mut offers: Vec<(usize, i64, Found)> = Vec::new();
        let mut any_teacher = false;
        for (rank, peer) in self.peers.peers[l].iter().enumerate() {
            let Some(gain) = self.position[i][peer.org].and_then(&cost_of) else { continue };
            any_teacher = true;
            if within_cap(peer.distance) {
                offers.push((
                    peer.org,
                    (1000.0 * peer.distance.unwrap_or(0.0)).round() as i64 + gain,
                    Found { distance: peer.distance, rank: rank + 1, beyond_peers: false },
                ));
            }
        }
        if self.peers.k.is_some() && (!peers_first || offers.is_empty()) {
            let further = self.further_teachers(i, l, &cost_of);
            any_teacher |= !further.is_empty();
            for (distance, t, gain) in nearest(further.into_iter().filter(|f| within_cap(Some(f.0))).collect(), reach) {
                // Its similarity rank among everyone is worked out for the pairs chosen only.
                offers.push((t, BEYOND_PEERS + (1000.0 * distance).round() as i64 + gain, Found { distance: Some(distance), rank: 0, beyond_peers: true }));
            }
        }
        if offers.is_empty() {
            return Some(if any_teacher {
                Unmatched::BeyondCap
            } else if self.peers.incomplete.contains(&l) {
                Unmatched::MissingContext
            } else {
                Unmatched::NoBetter
            });
        }
        for (teacher, cost, found) in offers {
            g.candidates.push(Candidate { learner: l, teacher, topic: i, cost });
            g.found.push(found);
        }
        None
    }

    /// Organisations beyond `l`'s peers that could teach it on indicator `i`, in no order:
    /// (distance, organisation, cost of the gap).
    fn further_teachers(&self, i: usize, l: usize, cost_of: &impl Fn(usize) -> Option<i64>) -> Vec<(f64, usize, i64)> {
        self.may_teach[i]
            .iter()
            .filter_map(|&t_at| {
                let t = self.org_index[i][t_at];
                if t == l || !self.peers.space.comparable(l, t) || self.peers.peers[l].iter().any(|p| p.org == t) {
                    return None;
                }
                let gain = cost_of(t_at)?;
                Some((self.peers.space.distance(l, t)?, t, gain))
            })
            .collect()
    }

    /// For learner row `k` of indicator `i`: whether the organisation at a row can teach it
    /// (significantly better and clearly so, or a recent improver ahead of it, as the options
    /// say), and the pair's gain for an informative gap. `None` when the learner has no interval.
    fn teaching(&self, i: usize, k: usize) -> Option<impl Fn(usize) -> Option<i64> + '_> {
        let ind = &self.indicators[i];
        let learner = &ind.organisations[k];
        let learner_ci = learner.ci95?;
        let high_good = ind.polarity == Polarity::HigherIsBetter;
        let (better_teach, improvers_teach) = teacher_kinds(self.options);
        let spread = self.spread[i];
        let at998 = self.at998();
        Some(move |t_at: usize| {
            let teacher = &ind.organisations[t_at];
            let teacher_ci = teacher.ci95?;
            let materially_better = if high_good { teacher_ci.lower > learner_ci.upper } else { teacher_ci.upper < learner_ci.lower };
            let ahead = if high_good { teacher.estimate > learner.estimate } else { teacher.estimate < learner.estimate };
            let as_better = better_teach && teacher.judged(ind.polarity, at998) == Comparison::Better && materially_better;
            let as_improver = improvers_teach && ahead && teacher.spc.as_ref().is_some_and(|s| s.improving());
            if !(as_better || as_improver) {
                return None;
            }
            let gap = (teacher.estimate - learner.estimate).abs();
            Some(-(100.0 * if spread > 0.0 { (gap / spread).min(1.0) } else { 0.0 }).round() as i64)
        })
    }
}

/// The `reach` nearest of (distance, organisation, gain), nearest first (ties: file order).
fn nearest(mut further: Vec<(f64, usize, i64)>, reach: usize) -> Vec<(f64, usize, i64)> {
    let order = |a: &(f64, usize, i64), b: &(f64, usize, i64)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    if further.len() > reach {
        further.select_nth_unstable_by(reach, order);
        further.truncate(reach);
    }
    further.sort_by(order);
    further
}

/// Who may teach under the options: significantly better organisations, recent improvers
/// (special cause at the latest point), or both.
fn teacher_kinds(options: &PairingOptions) -> (bool, bool) {
    use crate::options::Teachers;
    match options.teachers {
        Teachers::Improving => (false, true),
        Teachers::Both => (true, true),
        Teachers::Better => (true, false),
    }
}
