//! "All teach, all learn": optimal learning pairs. A learner on an indicator is significantly
//! worse than the benchmark; its teacher is significantly better, one of its peers, and
//! materially better than it (their 95 % intervals do not overlap). The assignment is a
//! minimum-cost flow (see [`problem`]): first as many pairs as possible, then similar pairs
//! with informative gaps, with teaching spread so that as many organisations as possible both
//! teach and learn.

pub mod flow;
pub mod problem;

#[cfg(test)]
mod tests;

pub use problem::{Candidate, Problem, Weights};

use crate::analysis::IndicatorResult;
use crate::peers::PeerSet;
use crate::stats::{Comparison, Polarity};

/// One learning pair, in analysis coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub indicator: usize,
    /// Organisations (indexes into `Analysis::organisations`).
    pub learner: usize,
    pub teacher: usize,
    /// Positions of the two in the indicator's `organisations`.
    pub learner_at: usize,
    pub teacher_at: usize,
    pub distance: Option<f64>,
    /// 1 = the learner's most similar peer.
    pub peer_rank: usize,
    /// The teacher learns something else from this learner.
    pub reciprocal: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    pub pairs: Vec<Pair>,
    /// Learner×indicator combinations (significantly worse organisations) and how many got a teacher.
    pub learner_topics: usize,
    pub confidence: f64,
    pub teachers: String,
}

impl Pairing {
    /// Keeps the pairs whose two results are still shown, at their new positions
    /// (`new_at(indicator, position)`, `None` when hidden), and counts learners again among
    /// the results shown: used for what leaves the page under the disclosure policy.
    pub fn keep_only(&mut self, indicators: &[IndicatorResult], new_at: impl Fn(usize, usize) -> Option<usize>) {
        self.pairs.retain_mut(|p| match (new_at(p.indicator, p.learner_at), new_at(p.indicator, p.teacher_at)) {
            (Some(l), Some(t)) => {
                p.learner_at = l;
                p.teacher_at = t;
                true
            }
            _ => false,
        });
        let links: std::collections::HashSet<(usize, usize)> = self.pairs.iter().map(|p| (p.teacher, p.learner)).collect();
        for p in &mut self.pairs {
            p.reciprocal = links.contains(&(p.learner, p.teacher));
        }
        let at998 = self.confidence > 0.99;
        self.learner_topics = indicators
            .iter()
            .filter(|i| i.polarity != Polarity::NoJudgement)
            .map(|i| i.organisations.iter().filter(|o| outcome(o, at998) == Comparison::Worse).count())
            .sum();
    }
}

/// Significance at the chosen level.
fn outcome(o: &crate::analysis::OrganisationResult, at998: bool) -> Comparison {
    if at998 { o.comparison998 } else { o.comparison }
}

/// Find the optimal pairs. `org_index[i][k]` is the organisation of indicator i's k-th row.
pub fn pair(indicators: &[IndicatorResult], org_index: &[Vec<usize>], organisations: usize, peers: &PeerSet, options: &crate::options::PairingOptions) -> Pairing {
    pair_with(indicators, org_index, organisations, peers, options, Problem::solve)
}

/// As [`pair`], with another solver (the greedy baseline, for comparison).
pub fn pair_with(
    indicators: &[IndicatorResult],
    org_index: &[Vec<usize>],
    organisations: usize,
    peers: &PeerSet,
    options: &crate::options::PairingOptions,
    solver: fn(&Problem) -> Vec<usize>,
) -> Pairing {
    let at998 = options.confidence > 0.99;
    // Who may teach: significantly better now, recent improvers (special cause at the latest
    // point), or both.
    let (better_teach, improvers_teach) = match options.teachers.as_str() {
        "improving" => (false, true),
        "both" => (true, true),
        _ => (true, false),
    };
    // Where each organisation sits in each indicator.
    let mut position: Vec<Vec<Option<usize>>> = vec![vec![None; organisations]; indicators.len()];
    for (i, rows) in org_index.iter().enumerate() {
        for (k, &org) in rows.iter().enumerate() {
            position[i][org] = Some(k);
        }
    }
    let mut candidates = Vec::new();
    let mut learner_topics = 0;
    let mut learns_somewhere = vec![false; organisations];
    for (i, ind) in indicators.iter().enumerate() {
        if ind.polarity == Polarity::NoJudgement {
            continue;
        }
        let high_good = ind.polarity == Polarity::HigherIsBetter;
        // The spread of values (5th to 95th percentile) scales how informative a gap is.
        let mut values: Vec<f64> = ind.organisations.iter().map(|o| o.estimate).filter(|v| v.is_finite()).collect();
        values.sort_by(f64::total_cmp);
        let spread = if values.len() >= 2 {
            crate::stats::overdispersion::quantile7(&values, 0.95) - crate::stats::overdispersion::quantile7(&values, 0.05)
        } else {
            0.0
        };
        for (k, learner) in ind.organisations.iter().enumerate() {
            if outcome(learner, at998) != Comparison::Worse {
                continue;
            }
            let l = org_index[i][k];
            learner_topics += 1;
            learns_somewhere[l] = true;
            let Some(learner_ci) = learner.ci95 else { continue };
            for peer in &peers.peers[l] {
                let Some(t_at) = position[i][peer.org] else { continue };
                let teacher = &ind.organisations[t_at];
                let Some(teacher_ci) = teacher.ci95 else { continue };
                let materially_better = if high_good { teacher_ci.lower > learner_ci.upper } else { teacher_ci.upper < learner_ci.lower };
                let ahead = if high_good { teacher.estimate > learner.estimate } else { teacher.estimate < learner.estimate };
                let as_better = better_teach && outcome(teacher, at998) == Comparison::Better && materially_better;
                let as_improver = improvers_teach && ahead && teacher.spc.as_ref().is_some_and(|s| s.improving());
                if !(as_better || as_improver) {
                    continue;
                }
                let gap = (teacher.estimate - learner.estimate).abs();
                let informative = if spread > 0.0 { (gap / spread).min(1.0) } else { 0.0 };
                let dissimilar = peer.distance.unwrap_or(0.0);
                candidates.push(Candidate {
                    learner: l,
                    teacher: peer.org,
                    topic: i,
                    cost: (1000.0 * dissimilar).round() as i64 - (100.0 * informative).round() as i64,
                });
            }
        }
    }
    let problem = Problem {
        organisations,
        candidates,
        capacity: options.capacity as i64,
        capacity_total: options.capacity_total.map(|t| t as i64),
        max_topics: options.max_topics as i64,
        learns_somewhere,
        weights: Weights::default(),
    };
    let chosen = solver(&problem);
    let mut pairs: Vec<Pair> = chosen
        .into_iter()
        .map(|c| {
            let c = problem.candidates[c];
            let rank = peers.peers[c.learner].iter().position(|p| p.org == c.teacher).unwrap_or(0);
            Pair {
                indicator: c.topic,
                learner: c.learner,
                teacher: c.teacher,
                learner_at: position[c.topic][c.learner].unwrap_or(0),
                teacher_at: position[c.topic][c.teacher].unwrap_or(0),
                distance: peers.peers[c.learner].get(rank).and_then(|p| p.distance),
                peer_rank: rank + 1,
                reciprocal: false,
            }
        })
        .collect();
    let links: std::collections::HashSet<(usize, usize)> = pairs.iter().map(|p| (p.teacher, p.learner)).collect();
    for p in &mut pairs {
        p.reciprocal = links.contains(&(p.learner, p.teacher));
    }
    pairs.sort_by_key(|p| (p.indicator, p.learner_at));
    Pairing { pairs, learner_topics, confidence: options.confidence, teachers: options.teachers.clone() }
}
