//! Who could teach whom: for each significantly worse result, its peers that are significantly
//! better on the indicator, then (with context, where peers are the k nearest) the nearest such
//! organisations beyond them, each with the cost of the pair. Results with none are noted with why.

use rustc_hash::FxHashSet as HashSet;

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

/// Extra cost of each step down a learner's list of indicators, furthest behind first: more
/// than anything a pair's similarity, a teacher beyond the peers or a learning set costs, so a
/// learner works on the indicators where it is furthest behind and takes a less pressing one
/// only when nobody can take it on a more pressing one; far less than a pair earns, so coverage
/// still comes first. Without it the solver chose a learner's `max_topics` indicators by how
/// similar their teachers were, which nobody could explain, and weighing every learner's
/// swaps of indicators was most of a national solve's time (measured in the README).
const LESS_PRESSING: i64 = 50_000;
/// Steps counted at most (indicators beyond the 1,000th most pressing count alike): keeps the
/// cost far below a pair's reward in any file.
const MOST_STEPS: usize = 1_000;

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
    /// Its candidates: `Gathered::candidates[first..first + count]`.
    pub first: usize,
    pub count: usize,
    /// 1 = where its learner is furthest behind (as [`super::Pair::pressing`]).
    pub pressing: usize,
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
    /// Where each organisation sits in each indicator (its row), by (organisation, indicator).
    pub position: super::grid::Grid,
    /// Each indicator's organisations that could teach anyone at all (better, or improving, as
    /// the options allow): the only ones worth measuring distances to, sorted for finding the
    /// nearest of them quickly.
    may_teach_near: Vec<crate::peers::Subset>,
    /// Every organisation, for ranking a teacher found beyond the peers by similarity.
    everyone: crate::peers::Subset,
    /// Each indicator's spread of values (5th to 95th percentile), which scales how informative
    /// a gap is.
    spread: Vec<f64>,
    /// Each indicator's results as far as deciding who can teach reads them, by row.
    standing: Vec<Vec<Standing>>,
    /// Each significantly worse result's place in its learner's list, furthest behind first.
    pub pressing: Pressing,
}

/// Each learner's significantly worse results in order, furthest behind first: by its rank
/// among the indicator's organisations as a share of them (the worst of 6,378 before the worst
/// of 800 but one), ties in the file's order of indicators.
pub(super) struct Pressing {
    /// (organisation, indicator) → 0 for its most pressing, 1 for the next…
    place: super::grid::Grid,
    /// How many indicators each organisation is significantly worse on.
    pub worse_on: Vec<usize>,
}

impl Pressing {
    pub fn new(indicators: &[IndicatorResult], org_index: &[Vec<usize>], organisations: usize, at998: bool) -> Self {
        let mut worse: Vec<(usize, f64, usize)> = Vec::new();
        for (i, ind) in indicators.iter().enumerate().filter(|(_, ind)| ind.polarity != Polarity::NoJudgement) {
            let ranked = ind.ranked().max(1) as f64;
            for (k, o) in ind.organisations.iter().enumerate() {
                if o.judged(ind.polarity, at998) == Comparison::Worse {
                    worse.push((org_index[i][k], f64::from(o.rank) / ranked, i));
                }
            }
        }
        worse.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut place = super::grid::Grid::new(organisations, indicators.len(), worse.len());
        let mut worse_on = vec![0; organisations];
        for (org, _, i) in worse {
            let next = worse_on[org];
            place.get_or_make(org, i, || next);
            worse_on[org] += 1;
        }
        Pressing { place, worse_on }
    }

    /// 0 when indicator `i` is where `org` is furthest behind, 1 for the next…
    pub fn place(&self, org: usize, i: usize) -> usize {
        self.place.get(org, i).unwrap_or(0)
    }

    /// The extra cost of a pair for `org` on indicator `i` (see [`LESS_PRESSING`]).
    fn cost(&self, org: usize, i: usize) -> i64 {
        LESS_PRESSING * self.place(org, i).min(MOST_STEPS) as i64
    }
}

impl<'a> Context<'a> {
    pub fn new(indicators: &'a [IndicatorResult], org_index: &'a [Vec<usize>], organisations: usize, peers: &'a PeerSet, options: &'a PairingOptions) -> Self {
        let mut position = super::grid::Grid::new(organisations, indicators.len(), org_index.iter().map(Vec::len).sum());
        for (i, rows) in org_index.iter().enumerate() {
            for (k, &org) in rows.iter().enumerate() {
                position.get_or_make(org, i, || k);
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
        let standing: Vec<Vec<Standing>> =
            indicators.iter().map(|ind| ind.organisations.iter().map(|o| Standing::of(o, ind.polarity, at998)).collect()).collect();
        let may_teach_near = standing
            .iter()
            .enumerate()
            .map(|(i, rows)| {
                let may_teach = rows.iter().enumerate().filter(|(_, s)| (better_teach && s.better) || (improvers_teach && s.improving));
                peers.space.subset(may_teach.map(|(t_at, _)| org_index[i][t_at]))
            })
            .collect();
        let everyone = peers.space.subset(0..organisations);
        let pressing = Pressing::new(indicators, org_index, organisations, at998);
        Context { indicators, org_index, organisations, peers, options, position, may_teach_near, everyone, spread, standing, pressing }
    }

    /// Every candidate pair of the first pass.
    pub fn gather(&self) -> Gathered {
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
                let first = g.candidates.len();
                let why = self.offer(i, k, FURTHER_TEACHERS, true, &mut g);
                let pressing = self.pressing.place(self.org_index[i][k], i) + 1;
                g.open.push(Open { indicator: i, at: k, why, first, count: g.candidates.len() - first, pressing });
            }
        }
        g
    }

    /// The candidates of a later pass: learners in `wide` (indicator, row) are offered `reach`
    /// teachers beyond their peers; every other learner keeps exactly its offer in `previous`.
    pub fn widen(&self, previous: &Gathered, wide: &HashSet<(usize, usize)>, reach: usize) -> Gathered {
        let mut g = Gathered { learns_somewhere: previous.learns_somewhere.clone(), learner_topics: previous.learner_topics, ..Default::default() };
        for o in &previous.open {
            let first = g.candidates.len();
            let why = if wide.contains(&(o.indicator, o.at)) {
                self.offer(o.indicator, o.at, reach, false, &mut g)
            } else {
                let kept = o.first..o.first + o.count;
                g.candidates.extend_from_slice(&previous.candidates[kept.clone()]);
                g.found.extend_from_slice(&previous.found[kept]);
                o.why
            };
            g.open.push(Open { first, count: g.candidates.len() - first, why, ..*o });
        }
        g
    }

    /// How `teacher` ranks among everyone comparable with `learner` by similarity.
    pub fn similarity_rank(&self, learner: usize, teacher: usize) -> usize {
        self.peers.space.similarity_rank_in(&self.everyone, learner, teacher)
    }

    fn at998(&self) -> bool {
        self.options.confidence > 0.99
    }

    /// Adds the candidates for learner row `k` of indicator `i`: its peers that can teach it,
    /// and (unless `peers_first` and a peer can) the `reach` nearest teachers beyond them.
    /// Returns why there are none.
    fn offer(&self, i: usize, k: usize, reach: usize, peers_first: bool, g: &mut Gathered) -> Option<Unmatched> {
        let l = self.org_index[i][k];
        let teaching = self.teaching(i, k)?;
        let within_cap = |d: Option<f64>| self.options.max_distance.is_none_or(|cap| d.is_none_or(|d| d <= cap));
        // Straight into the candidates (a list of its own per learner was 47,000 allocations nationally).
        let (first, pressing) = (g.candidates.len(), self.pressing.cost(l, i));
        let offer = |g: &mut Gathered, teacher: usize, cost: i64, found: Found| {
            g.candidates.push(Candidate { learner: l, teacher, topic: i, cost: cost + pressing });
            g.found.push(found);
        };
        let mut any_teacher = false;
        for (rank, peer) in self.peers.peers[l].iter().enumerate() {
            let Some(gain) = self.position.get(peer.org, i).and_then(|t_at| teaching.cost(t_at)) else { continue };
            any_teacher = true;
            if within_cap(peer.distance) {
                let found = Found { distance: peer.distance, rank: rank + 1, beyond_peers: false };
                offer(g, peer.org, (1000.0 * peer.distance.unwrap_or(0.0)).round() as i64 + gain, found);
            }
        }
        if self.peers.k.is_some() && (!peers_first || g.candidates.len() == first) {
            let further = self.further_teachers(i, l, reach, &teaching);
            any_teacher |= !further.is_empty();
            let near = nearest(further.into_iter().filter(|f| within_cap(Some(f.0))).collect(), reach);
            // The gap's gain only for the few kept: working it out for every teacher was a tenth of the time.
            for (distance, t, gain) in near.into_iter().map(|(d, t, t_at)| (d, t, teaching.gain(t_at))) {
                // Its similarity rank among everyone is worked out for the pairs chosen only.
                offer(g, t, BEYOND_PEERS + (1000.0 * distance).round() as i64 + gain, Found { distance: Some(distance), rank: 0, beyond_peers: true });
            }
        }
        if g.candidates.len() == first {
            return Some(if any_teacher {
                Unmatched::BeyondCap
            } else if self.peers.incomplete.contains(&l) {
                Unmatched::MissingContext
            } else {
                Unmatched::NoBetter
            });
        }
        None
    }

    /// The `reach` nearest organisations beyond `l`'s peers that could teach it on indicator
    /// `i` (with any tied with the last), as (distance, organisation, its row).
    fn further_teachers(&self, i: usize, l: usize, reach: usize, teaching: &Teaching<'_>) -> Vec<(f64, usize, usize)> {
        let peers = &self.peers.peers[l];
        let row = |t: usize| self.position.get(t, i);
        let can = |t: usize| row(t).is_some_and(|t_at| teaching.can(t_at)) && !peers.iter().any(|p| p.org == t);
        self.peers.space.nearest_in(&self.may_teach_near[i], l, reach, can).into_iter().filter_map(|(d, t)| Some((d, t, row(t)?))).collect()
    }

    /// Who can teach learner row `k` of indicator `i`, and the gain of each gap. `None` when
    /// the learner has no interval.
    fn teaching(&self, i: usize, k: usize) -> Option<Teaching<'_>> {
        let ind = &self.indicators[i];
        let learner = &ind.organisations[k];
        let (better_teach, improvers_teach) = teacher_kinds(self.options);
        Some(Teaching {
            standing: &self.standing[i],
            learner,
            learner_ci: learner.ci95?,
            high_good: ind.polarity == Polarity::HigherIsBetter,
            better_teach,
            improvers_teach,
            spread: self.spread[i],
        })
    }
}

/// What deciding whether a result can teach reads of it, side by side: a national run asks of
/// 400,000 possible teachers, each a 200-byte result read for three numbers and two flags.
#[derive(Clone, Copy)]
struct Standing {
    estimate: f64,
    /// Its 95 % interval, when it has one (no interval: it cannot teach).
    ci: Option<crate::stats::Interval>,
    /// Significantly better than the benchmark at the pairing's confidence.
    better: bool,
    /// Special-cause improvement at its latest point.
    improving: bool,
}

impl Standing {
    fn of(o: &crate::analysis::OrganisationResult, polarity: Polarity, at998: bool) -> Standing {
        Standing {
            estimate: o.estimate,
            ci: o.ci95,
            better: o.judged(polarity, at998) == Comparison::Better,
            improving: o.spc.as_ref().is_some_and(|s| s.improving()),
        }
    }
}

/// One learner's view of who can teach it on one indicator.
struct Teaching<'a> {
    standing: &'a [Standing],
    learner: &'a crate::analysis::OrganisationResult,
    learner_ci: crate::stats::Interval,
    high_good: bool,
    better_teach: bool,
    improvers_teach: bool,
    spread: f64,
}

impl Teaching<'_> {
    /// Whether the organisation at row `t_at` can teach: significantly better and clearly so
    /// (intervals apart), or a recent improver ahead of the learner, as the options say.
    fn can(&self, t_at: usize) -> bool {
        let teacher = &self.standing[t_at];
        let Some(teacher_ci) = teacher.ci else { return false };
        let materially_better = if self.high_good { teacher_ci.lower > self.learner_ci.upper } else { teacher_ci.upper < self.learner_ci.lower };
        let ahead = if self.high_good { teacher.estimate > self.learner.estimate } else { teacher.estimate < self.learner.estimate };
        let as_better = self.better_teach && materially_better && teacher.better;
        let as_improver = self.improvers_teach && ahead && teacher.improving;
        as_better || as_improver
    }

    /// The pair's gain for an informative gap (negative: a cost saved), up to 100 for a gap of
    /// the indicator's whole spread.
    fn gain(&self, t_at: usize) -> i64 {
        let gap = (self.standing[t_at].estimate - self.learner.estimate).abs();
        -(100.0 * if self.spread > 0.0 { (gap / self.spread).min(1.0) } else { 0.0 }).round() as i64
    }

    /// The gain when the organisation at `t_at` can teach.
    fn cost(&self, t_at: usize) -> Option<i64> {
        self.can(t_at).then(|| self.gain(t_at))
    }
}

/// The `reach` nearest of (distance, organisation, row), nearest first (ties: file order).
fn nearest(mut further: Vec<(f64, usize, usize)>, reach: usize) -> Vec<(f64, usize, usize)> {
    let order = |a: &(f64, usize, usize), b: &(f64, usize, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
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
