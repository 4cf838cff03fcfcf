//! "All teach, all learn": optimal learning pairs. A learner on an indicator is significantly
//! worse than the benchmark; its teacher is significantly better, one of its peers, and
//! materially better than it (their 95 % intervals do not overlap). The assignment is a
//! minimum-cost flow (see [`problem`]): first as many pairs as possible, then similar pairs
//! with informative gaps, with teaching spread so that as many organisations as possible both
//! teach and learn.

mod candidates;
pub mod flow;
pub(crate) mod grid;
pub mod problem;

#[cfg(test)]
mod tests;

pub use problem::{Candidate, Problem, Weights};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
    /// 1 = the learner's most similar peer (among everyone comparable, for a teacher found
    /// beyond the peers).
    pub peer_rank: usize,
    /// Not among the learner's k nearest peers: none of those could teach it.
    pub beyond_peers: bool,
    /// Learners this teacher takes on this indicator, this one included (2 or more: a learning set).
    pub set: usize,
    /// The teacher learns something else from this learner.
    pub reciprocal: bool,
    /// 1 = the indicator where the learner is furthest behind (see `candidates::Pressing`)…
    pub pressing: usize,
    /// How many indicators the learner is significantly worse on.
    pub worse_on: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    pub pairs: Vec<Pair>,
    /// Learner×indicator combinations (significantly worse organisations) and how many got a teacher.
    pub learner_topics: usize,
    /// The options the pairs were made with (the report states them, and the reasons use them).
    pub options: crate::options::PairingOptions,
    /// Every significantly worse result without a teacher, with why.
    pub unmatched: Vec<LeftOut>,
}

/// A significantly worse result left without a teacher.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    pub indicator: usize,
    pub learner: usize,
    pub learner_at: usize,
    pub reason: Unmatched,
}

/// Why a learner has no teacher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unmatched {
    /// No organisation it can be compared with (its group, or the file) is significantly better.
    NoBetter,
    /// A context value is missing, so no similar organisation can be found.
    MissingContext,
    /// Every organisation that could teach it is more different than `max_distance`.
    BeyondCap,
    /// It already has teachers on `max_topics` indicators where it is further behind.
    TopicsFull,
    /// The organisations that could teach it are full (`set_size`, `capacity_total`).
    TeachersFull,
}

/// Each organisation's part in the pairs: the pairs (indices into `Pairing::pairs`) in which
/// it teaches and in which it learns. The one tally every view, export and summary uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    pub teaches: Vec<Vec<usize>>,
    pub learns: Vec<Vec<usize>>,
}

impl Roles {
    /// Organisations that teach, that learn, and that do both.
    pub fn counts(&self) -> (usize, usize, usize) {
        let teach = self.teaches.iter().filter(|t| !t.is_empty()).count();
        let learn = self.learns.iter().filter(|l| !l.is_empty()).count();
        let both = self.teaches.iter().zip(&self.learns).filter(|(t, l)| !t.is_empty() && !l.is_empty()).count();
        (teach, learn, both)
    }

    /// Whether an organisation has any part in the pairs.
    pub fn active(&self, org: usize) -> bool {
        !self.teaches[org].is_empty() || !self.learns[org].is_empty()
    }

    /// `load[k]`: teachers with k + 1 pairs.
    pub fn teaching_load(&self) -> Vec<usize> {
        let most = self.teaches.iter().map(Vec::len).max().unwrap_or(0);
        let mut load = vec![0; most];
        for t in self.teaches.iter().filter(|t| !t.is_empty()) {
            load[t.len() - 1] += 1;
        }
        load
    }
}

impl Pairing {
    /// Who teaches and learns in which pairs, for `organisations` organisations.
    pub fn roles(&self, organisations: usize) -> Roles {
        let mut roles = Roles { teaches: vec![Vec::new(); organisations], learns: vec![Vec::new(); organisations] };
        for (k, p) in self.pairs.iter().enumerate() {
            if let Some(t) = roles.teaches.get_mut(p.teacher) {
                t.push(k);
            }
            if let Some(l) = roles.learns.get_mut(p.learner) {
                l.push(k);
            }
        }
        roles
    }

    /// Keeps the pairs whose two results are still shown, at their new positions
    /// (`new_at(indicator, position)`, `None` when hidden), and counts learners, and how far
    /// behind each is where, again among the results shown (`indicators` and `org_index` as
    /// shown): used for what leaves the page under the disclosure policy, so that no reason
    /// counts a hidden result.
    pub fn keep_only(&mut self, indicators: &[IndicatorResult], org_index: &[Vec<usize>], new_at: impl Fn(usize, usize) -> Option<usize>) {
        self.pairs.retain_mut(|p| match (new_at(p.indicator, p.learner_at), new_at(p.indicator, p.teacher_at)) {
            (Some(l), Some(t)) => {
                p.learner_at = l;
                p.teacher_at = t;
                true
            }
            _ => false,
        });
        mark_reciprocal_and_sets(&mut self.pairs);
        let organisations = org_index.iter().flatten().map(|&o| o + 1).max().unwrap_or(0);
        let pressing = candidates::Pressing::new(indicators, org_index, organisations, self.options.confidence > 0.99);
        for p in &mut self.pairs {
            p.worse_on = pressing.worse_on.get(p.learner).copied().unwrap_or(1);
            p.pressing = pressing.place(p.learner, p.indicator) + 1;
        }
        self.unmatched.retain_mut(|u| match new_at(u.indicator, u.learner_at) {
            Some(at) => {
                u.learner_at = at;
                true
            }
            None => false,
        });
        let at998 = self.options.confidence > 0.99;
        self.learner_topics = indicators
            .iter()
            .filter(|i| i.polarity != Polarity::NoJudgement)
            .map(|i| i.organisations.iter().filter(|o| o.judged(i.polarity, at998) == Comparison::Worse).count())
            .sum();
    }
}

/// Find the optimal pairs. `org_index[i][k]` is the organisation of indicator i's k-th row.
pub fn pair(
    indicators: &[IndicatorResult],
    org_index: &[Vec<usize>],
    organisations: usize,
    peers: &PeerSet,
    options: &crate::options::PairingOptions,
) -> Pairing {
    let mut warm = problem::Warm::default();
    pair_with(indicators, org_index, organisations, peers, options, |p| warm.solve(p))
}

/// As [`pair`], with another solver (the greedy baseline, for comparison).
pub fn pair_with(
    indicators: &[IndicatorResult],
    org_index: &[Vec<usize>],
    organisations: usize,
    peers: &PeerSet,
    options: &crate::options::PairingOptions,
    mut solver: impl FnMut(&Problem) -> Vec<usize>,
) -> Pairing {
    let ctx = candidates::Context::new(indicators, org_index, organisations, peers, options);
    // Coverage first: each learner is offered its peers that can teach and the nearest teachers
    // beyond them; a learner left out because those were full is then offered every teacher.
    let mut gathered = ctx.gather();
    let mut flow = problem(&gathered, organisations, options);
    let mut chosen = solver(&flow);
    for reach in &candidates::PASSES[1..] {
        let wider = needing_more(&gathered, &chosen, org_index, options.max_topics);
        if wider.is_empty() {
            break;
        }
        gathered = ctx.widen(&gathered, &wider, *reach);
        flow = problem(&gathered, organisations, options);
        chosen = solver(&flow);
    }
    let position = &ctx.position;
    let (found, learner_topics, open) = (gathered.found, gathered.learner_topics, gathered.open);
    let mut pairs: Vec<Pair> = chosen
        .into_iter()
        .map(|c| {
            let (f, c) = (found[c], flow.candidates[c]);
            Pair {
                indicator: c.topic,
                learner: c.learner,
                teacher: c.teacher,
                learner_at: position.get(c.learner, c.topic).unwrap_or(0),
                teacher_at: position.get(c.teacher, c.topic).unwrap_or(0),
                distance: f.distance,
                peer_rank: if f.beyond_peers { ctx.similarity_rank(c.learner, c.teacher) } else { f.rank },
                beyond_peers: f.beyond_peers,
                set: 1,
                reciprocal: false,
                pressing: ctx.pressing.place(c.learner, c.topic) + 1,
                worse_on: ctx.pressing.worse_on[c.learner],
            }
        })
        .collect();
    mark_reciprocal_and_sets(&mut pairs);
    crate::order::sort_by_key(&mut pairs, |p| (p.indicator, p.learner_at));
    let unmatched = left_out(open, &pairs, org_index, options.max_topics);
    Pairing { pairs, learner_topics, options: options.clone(), unmatched }
}

/// Who is left out, and why: no teacher at all, or (with teachers) `max_topics` indicators
/// where it is further behind taken, or else every teacher it could have full.
fn left_out(open: Vec<candidates::Open>, pairs: &[Pair], org_index: &[Vec<usize>], max_topics: usize) -> Vec<LeftOut> {
    let matched: HashSet<(usize, usize)> = pairs.iter().map(|p| (p.indicator, p.learner_at)).collect();
    // Each learner's least pressing indicator with a teacher, and how many it has.
    let mut taken: HashMap<usize, (usize, usize)> = HashMap::default();
    for p in pairs {
        let t = taken.entry(p.learner).or_default();
        *t = (t.0 + 1, t.1.max(p.pressing));
    }
    open.into_iter()
        .filter(|o| !matched.contains(&(o.indicator, o.at)))
        .map(|candidates::Open { indicator, at: learner_at, why, pressing, .. }| {
            let learner = org_index[indicator][learner_at];
            let (count, least) = taken.get(&learner).copied().unwrap_or((0, 0));
            let reason = why.unwrap_or(if count >= max_topics && least < pressing { Unmatched::TopicsFull } else { Unmatched::TeachersFull });
            LeftOut { indicator, learner, learner_at, reason }
        })
        .collect()
}

/// Learners (indicator, row) left without a teacher although they could take one more topic
/// (fewer than `max_topics`): the teachers offered were full, so they are offered more next.
fn needing_more(gathered: &candidates::Gathered, chosen: &[usize], org_index: &[Vec<usize>], max_topics: usize) -> HashSet<(usize, usize)> {
    let mut topics: HashMap<usize, usize> = HashMap::default();
    for &c in chosen {
        *topics.entry(gathered.candidates[c].learner).or_default() += 1;
    }
    let matched: HashSet<(usize, usize)> = chosen.iter().map(|&c| (gathered.candidates[c].topic, gathered.candidates[c].learner)).collect();
    gathered
        .open
        .iter()
        .filter(|o| o.why.is_none())
        .filter(|o| {
            let learner = org_index[o.indicator][o.at];
            !matched.contains(&(o.indicator, learner)) && topics.get(&learner).copied().unwrap_or(0) < max_topics
        })
        .map(|o| (o.indicator, o.at))
        .collect()
}

/// Each pair's `reciprocal` (the learner teaches its teacher something) and `set` (learners its
/// teacher takes on that indicator), from the pairs as they stand.
fn mark_reciprocal_and_sets(pairs: &mut [Pair]) {
    let links: HashSet<(usize, usize)> = pairs.iter().map(|p| (p.teacher, p.learner)).collect();
    let mut sets: HashMap<(usize, usize), usize> = HashMap::default();
    for p in pairs.iter() {
        *sets.entry((p.teacher, p.indicator)).or_default() += 1;
    }
    for p in pairs.iter_mut() {
        p.reciprocal = links.contains(&(p.learner, p.teacher));
        p.set = sets[&(p.teacher, p.indicator)];
    }
}

/// The flow problem of the gathered candidates under the options.
fn problem(gathered: &candidates::Gathered, organisations: usize, options: &crate::options::PairingOptions) -> Problem {
    Problem {
        organisations,
        candidates: gathered.candidates.clone(),
        capacity: options.capacity as i64,
        set_size: options.set_size.max(options.capacity) as i64,
        capacity_total: options.capacity_total.map(|t| t as i64),
        max_topics: options.max_topics as i64,
        learns_somewhere: gathered.learns_somewhere.clone(),
        weights: Weights::default(),
    }
}
