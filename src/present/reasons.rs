//! The reasons for a learning pair, in plain words: why these two, what the gap is, how sure we are.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt::Write;

use super::{benchmark_noun, Format, Ordinal};
use crate::analysis::Analysis;
use crate::pairing::{Pair, Pairing};

/// Writes pairs' reasons, knowing once where each organisation sits in each indicator and who
/// teaches whom on what: a national run's 16,000 pairs each looked up ten peers by searching
/// 6,000 rows, a fifth of the wasm time of an analysis with pairs (measured).
pub struct PairWords<'a> {
    analysis: &'a Analysis,
    pairing: &'a Pairing,
    /// Each indicator's row of each organisation.
    rows: crate::pairing::grid::Grid,
    /// (teacher, learner) → the indicators it is taught on, in the pairs' order.
    taught: HashMap<(usize, usize), Vec<usize>>,
    context: Vec<ContextWords<'a>>,
    /// Each indicator's organisations with a rank (those with a value).
    ranked: Vec<usize>,
}

/// A context variable of the peers, with each organisation's value in words, written when a
/// pair first needs it: a national run's 16,000 pairs name about 6,000 organisations' values,
/// which were read and written again for each pair (with this, and names borrowed, the
/// national reasons took 61-70 ms natively instead of 86-117).
struct ContextWords<'a> {
    name: &'a str,
    column: usize,
    words: Vec<OnceCell<String>>,
}

impl<'a> PairWords<'a> {
    pub fn new(analysis: &'a Analysis, pairing: &'a Pairing) -> Self {
        let rows = super::overview::positions(analysis);
        let mut taught: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for p in &pairing.pairs {
            taught.entry((p.teacher, p.learner)).or_default().push(p.indicator);
        }
        let context = analysis.peers.as_ref().map_or_else(Vec::new, |set| {
            let headers = &analysis.dataset.headers;
            let column = |name: &str| headers.iter().position(|h| h == name);
            let words = || (0..analysis.organisations.len()).map(|_| OnceCell::new()).collect();
            set.variables.iter().filter_map(|v| Some(ContextWords { name: &v.name, column: column(&v.name)?, words: words() })).collect()
        });
        let ranked = analysis.indicators.iter().map(crate::analysis::IndicatorResult::ranked).collect();
        PairWords { analysis, pairing, rows, taught, context, ranked }
    }

    /// Both organisations' context values, side by side: "Patients (all ages) 3,996 and 4,210;
    /// IMD 2019 32.4 and 30.1" (learner first), so that anyone can check the similarity.
    /// Written after `line`; false when there are none.
    fn context_side_by_side(&self, line: &mut String, learner: usize, teacher: usize) -> bool {
        let analysis = self.analysis;
        for (i, c) in self.context.iter().enumerate() {
            let words = |org: usize| {
                c.words[org].get_or_init(|| match analysis.dataset.record_number(analysis.organisations[org], c.column) {
                    Some(x) if analysis.disclosure.as_ref().is_some_and(|p| p.hides_context(x)) => "a small number (not shown)".into(),
                    Some(x) if x.abs() >= 1000.0 => crate::error::thousands(x.round()),
                    Some(x) => format!("{}", (x * 10.0).round() / 10.0),
                    None => "unknown".into(),
                })
            };
            if i > 0 {
                line.push_str("; ");
            }
            line.extend([c.name, " ", words(learner), " and ", words(teacher)]);
        }
        !self.context.is_empty()
    }

    fn row(&self, indicator: usize, org: usize) -> Option<usize> {
        super::overview::position(&self.rows, indicator, org)
    }

    /// The reasons for a pair, in plain words: why these two, what the gap is, how sure we are.
    pub fn reasons(&self, pair: &Pair) -> Vec<String> {
        let mut reasons = Vec::new();
        self.write_reasons(pair, &mut |reason| reasons.push(reason.to_string()));
        reasons
    }

    /// The reasons for a pair, each handed to `take` as it is written (one line reused for all:
    /// a national run's 16,000 pairs have about 110,000 reasons).
    pub fn write_reasons(&self, pair: &Pair, take: &mut dyn FnMut(&str)) {
        let (analysis, pairing) = (self.analysis, self.pairing);
        let ind = &analysis.indicators[pair.indicator];
        let f = Format::for_indicator(ind);
        let who = |org: usize| analysis.org_name(org).unwrap_or_else(|| analysis.org_code(org));
        let (learner, teacher) = (who(pair.learner), who(pair.teacher));
        let (l, t) = (&ind.organisations[pair.learner_at], &ind.organisations[pair.teacher_at]);
        let mut line = String::with_capacity(256);
        let mut say = |line: &mut String| {
            take(line);
            line.clear();
        };
        if let Some(set) = &analysis.peers {
            if self.why_these_two(&mut line, pair, set, teacher, learner) {
                say(&mut line);
            }
            let _ = write!(line, "{learner} and {teacher}: ");
            if self.context_side_by_side(&mut line, pair.learner, pair.teacher) {
                line.push('.');
                say(&mut line);
            }
            line.clear();
        }
        let _ = write!(
            line,
            "{}: {teacher} {} (95% CI {}) against {learner} {} (95% CI {}).",
            ind.name,
            f.shown(t.estimate),
            f.interval_shown(t.ci95),
            f.shown(l.estimate),
            f.interval_shown(l.ci95)
        );
        say(&mut line);
        let level = if pairing.options.confidence > 0.99 { "99.8%" } else { "95%" };
        let teacher_better = t.judged(ind.polarity, pairing.options.confidence > 0.99) == crate::stats::Comparison::Better;
        let benchmark = benchmark_noun(ind);
        if teacher_better {
            let _ = write!(line, "{teacher} is significantly better and {learner} significantly worse than {benchmark} ({level} confidence), and their intervals do not overlap.");
        } else {
            let _ = write!(line, "{learner} is significantly worse than {benchmark} ({level} confidence).");
        }
        say(&mut line);
        if pairing.options.teachers != crate::options::Teachers::Better && t.spc.as_ref().is_some_and(|s| s.improving()) {
            let _ = write!(line, "{teacher} has improved recently: its latest point is special-cause improvement on its SPC chart (Making Data Count rules).");
            say(&mut line);
        }
        self.standing_among_peers(&mut line, pair, teacher, learner);
        say(&mut line);
        if self.how_pressing(&mut line, pair, learner) {
            say(&mut line);
        }
        if pair.set >= 2 {
            let _ = write!(line, "{teacher} takes {} learners on {} together, as a learning set.", pair.set, ind.name);
            say(&mut line);
        }
        if pair.reciprocal {
            let _ = write!(line, "In return, {learner} can teach {teacher} on ");
            for (k, &i) in self.taught.get(&(pair.learner, pair.teacher)).into_iter().flatten().enumerate() {
                line.push_str(if k > 0 { ", " } else { "" });
                line.push_str(&analysis.indicators[i].name);
            }
            line.push('.');
            say(&mut line);
        }
    }

    /// Where the teacher's value stands among the learner's peers on the pair's indicator.
    fn standing_among_peers(&self, line: &mut String, pair: &Pair, teacher: &str, learner: &str) {
        let analysis = self.analysis;
        let ind = &analysis.indicators[pair.indicator];
        let value = ind.organisations[pair.teacher_at].estimate;
        let best_high = ind.polarity != crate::stats::Polarity::LowerIsBetter;
        let (mut ahead, mut counted) = (0, usize::from(pair.beyond_peers));
        let peers = analysis.peers.as_ref().map_or(&[][..], |s| s.peers[pair.learner].as_slice());
        for v in peers.iter().filter_map(|p| self.row(pair.indicator, p.org)).map(|at| ind.organisations[at].estimate).filter(|v| v.is_finite()) {
            counted += 1;
            ahead += usize::from(if best_high { v > value } else { v < value });
        }
        let _ = write!(line, "On {}, {teacher} would rank {} of {counted} among {learner}'s peers.", ind.name, ahead + 1);
    }

    /// Why this indicator, of those the learner is significantly worse on: a learner works on
    /// `max_topics` at once, those where it ranks furthest behind first. False (nothing
    /// written) for a learner worse on one indicator only.
    fn how_pressing(&self, line: &mut String, pair: &Pair, learner: &str) -> bool {
        if pair.worse_on < 2 {
            return false;
        }
        let ind = &self.analysis.indicators[pair.indicator];
        let ranked = self.ranked[pair.indicator];
        let rank = ind.organisations[pair.learner_at].rank;
        let (n, max, name) = (pair.worse_on, self.pairing.options.max_topics, &ind.name);
        let standing = format_args!("it ranks {} of {}, 1 being the best", crate::error::thousands(f64::from(rank)), crate::error::thousands(ranked as f64));
        let _ = match pair.pressing {
            1 => write!(line, "Of the {n} indicators on which {learner} is significantly worse, it is furthest behind on {name} ({standing})."),
            p if p <= max => write!(
                line,
                "{name} is the {} furthest behind of the {n} indicators on which {learner} is significantly worse ({standing}); a learner works on up to {max} at once, furthest behind first.",
                Ordinal(p)
            ),
            p => write!(
                line,
                "{name} is the {} furthest behind of the {n} indicators on which {learner} is significantly worse ({standing}): no teacher was free on one further behind.",
                Ordinal(p)
            ),
        };
        true
    }

    /// Why this teacher for this learner: its similarity, or its group. Written to `line`;
    /// false when there is nothing to say.
    fn why_these_two(&self, line: &mut String, pair: &Pair, set: &crate::peers::PeerSet, teacher: &str, learner: &str) -> bool {
        let ind = &self.analysis.indicators[pair.indicator];
        let peer = set.peers[pair.learner].get(pair.peer_rank.saturating_sub(1)).filter(|_| !pair.beyond_peers);
        let _ = match (peer, set.variables.is_empty(), &set.within) {
            (_, false, _) if pair.beyond_peers => {
                let at998 = self.pairing.options.confidence > 0.99;
                let any_better = set.peers[pair.learner]
                    .iter()
                    .filter_map(|p| self.row(pair.indicator, p.org))
                    .any(|at| ind.organisations[at].judged(ind.polarity, at998) == crate::stats::Comparison::Better);
                let why = if any_better { "those significantly better on" } else { "none of them is significantly better on" };
                let why_end = if any_better { " already teach others" } else { "" };
                write!(
                    line,
                    "{teacher} is not among the {} organisations most similar to {learner} ({why} {}{why_end}); it is the most similar that could take {learner}: the {} most similar overall.",
                    set.k.unwrap_or(0),
                    ind.name,
                    Ordinal(pair.peer_rank)
                )
            }
            (Some(p), false, _) => {
                let _ = write!(line, "{teacher} is the {} most similar organisation to {learner} (closest on ", Ordinal(pair.peer_rank));
                for (k, &v) in p.drivers.iter().take(3).enumerate() {
                    line.push_str(if k > 0 { ", " } else { "" });
                    line.push_str(&set.variables[v].name);
                }
                write!(line, ").")
            }
            (_, true, Some(group)) => write!(line, "{teacher} and {learner} are in the same {group}."),
            _ => return false,
        };
        true
    }
}
