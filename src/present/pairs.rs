//! The pairing view and the CSV exports of pairings and roles.

use serde::Serialize;

use crate::analysis::Analysis;

use super::csv::csv;
use super::Format;
use crate::error::thousands;

#[derive(Debug, Clone, Serialize)]
pub struct PairingView {
    /// One or two sentences: how many learners got a teacher, and how many both teach and learn.
    pub summary: String,
    pub headings: Vec<&'static str>,
    pub rows: Vec<PairRow>,
    /// Which page of the pairs these are, when the page asked for one (`null`: every pair).
    pub page: Option<super::Page>,
    pub roles: Vec<RoleCard>,
    /// "Teach and learn cards (120 organisations)"; with a note when a page shows only some.
    pub roles_heading: String,
    pub roles_note: Option<String>,
    /// Every significantly worse result left without a teacher, with why.
    pub unmatched: Vec<UnmatchedRow>,
    /// "Without a teacher (12), and why"; with a note when a page shows only some.
    pub unmatched_heading: String,
    pub unmatched_note: Option<String>,
    /// Learning sets (a teacher with two or more learners on one indicator).
    pub sets: usize,
    /// Indicator names, for the filter.
    pub indicators: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairRow {
    pub indicator: String,
    pub learner: String,
    pub teacher: String,
    /// Codes of the two, so that the page can select either in the other views.
    pub learner_code: String,
    pub teacher_code: String,
    pub learner_value: String,
    pub teacher_value: String,
    pub reciprocal: bool,
    /// Learners this teacher takes on this indicator (2 or more: a learning set).
    pub set: usize,
    /// The teacher is not among the learner's nearest peers (none of them could teach it).
    pub beyond_peers: bool,
    pub reasons: Vec<String>,
}

/// A significantly worse result without a teacher, and why.
#[derive(Debug, Clone, Serialize)]
pub struct UnmatchedRow {
    pub indicator: String,
    pub learner: String,
    pub learner_code: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleCard {
    pub code: String,
    pub name: String,
    /// "Name (CODE)", or the code alone.
    pub label: String,
    pub teaches: Vec<String>,
    pub learns: Vec<String>,
    /// "Teaches 2 and learns 1", said plainly.
    pub summary: String,
}

/// An organisation's role in the learning pairs, said plainly: "Teaches 2 topics; learns one topic."
pub(super) fn role_summary(teaches: usize, learns: usize) -> String {
    let topics = |k: usize| if k == 1 { "one topic".to_string() } else { format!("{k} topics") };
    format!(
        "Teaches {}; learns {}.",
        if teaches == 0 { "nothing yet".to_string() } else { topics(teaches) },
        if learns == 0 { "nothing".to_string() } else { topics(learns) }
    )
}

fn who(analysis: &Analysis, org: usize) -> String {
    super::label(analysis.org_name(org), analysis.org_code(org))
}

/// How many teachers take a learning set on some indicator.
fn learning_sets(pairing: &crate::pairing::Pairing) -> usize {
    pairing.pairs.iter().filter(|p| p.set >= 2).map(|p| (p.teacher, p.indicator)).collect::<std::collections::HashSet<_>>().len()
}

/// The pairs view's opening words: how many have a teacher, both teach and learn, in sets, and why some have none.
fn pairing_summary(pairing: &crate::pairing::Pairing, tally: &crate::pairing::Roles, n: usize) -> String {
    let (_, _, both) = tally.counts();
    let level = if pairing.options.confidence > 0.99 { "99.8%" } else { "95%" };
    let sets = learning_sets(pairing);
    let mut summary = format!(
        "{} of {} significantly worse results ({level} confidence) have a teacher: a similar organisation that is significantly better. {} of {} organisations ({:.0}%) both teach and learn.",
        thousands(pairing.pairs.len() as f64),
        thousands(pairing.learner_topics as f64),
        thousands(both as f64),
        thousands(n as f64),
        if n > 0 { 100.0 * both as f64 / n as f64 } else { 0.0 }
    );
    if sets == 1 {
        summary.push_str(" 1 teacher takes several learners on one indicator, as a learning set.");
    } else if sets > 1 {
        summary.push_str(&format!(" {} teachers take several learners on one indicator, as a learning set.", thousands(sets as f64)));
    }
    if pairing.pairs.iter().any(|p| p.worse_on > pairing.options.max_topics) {
        let most = super::words::count_of(pairing.options.max_topics, "indicator", "indicators");
        summary.push_str(&format!(" Each learner works on up to {most} at once, those where it is furthest behind first."));
    }
    if !pairing.unmatched.is_empty() {
        let n = pairing.unmatched.len();
        summary.push_str(&format!(" {} {} no teacher: the list below says why.", thousands(n as f64), if n == 1 { "has" } else { "have" }));
    }
    summary
}

pub fn pairing_view(analysis: &Analysis) -> Option<PairingView> {
    let pairing = analysis.pairing.as_ref()?;
    let n = analysis.organisations.len();
    let tally = pairing.roles(n);
    let words = super::PairWords::new(analysis, pairing);
    let rows = pairing
        .pairs
        .iter()
        .map(|p| {
            let ind = &analysis.indicators[p.indicator];
            let f = Format::for_indicator(ind);
            PairRow {
                indicator: ind.name.clone(),
                learner: who(analysis, p.learner),
                teacher: who(analysis, p.teacher),
                learner_code: analysis.org_code(p.learner).to_string(),
                teacher_code: analysis.org_code(p.teacher).to_string(),
                learner_value: f.value(ind.organisations[p.learner_at].estimate),
                teacher_value: f.value(ind.organisations[p.teacher_at].estimate),
                reciprocal: p.reciprocal,
                set: p.set,
                beyond_peers: p.beyond_peers,
                reasons: words.reasons(p),
            }
        })
        .collect::<Vec<_>>();
    let summary = pairing_summary(pairing, &tally, n);
    let sets = learning_sets(pairing);
    let unmatched = pairing
        .unmatched
        .iter()
        .map(|u| UnmatchedRow {
            indicator: analysis.indicators[u.indicator].name.clone(),
            learner: who(analysis, u.learner),
            learner_code: analysis.org_code(u.learner).to_string(),
            reason: super::unmatched_reason(analysis, u),
        })
        .collect();
    let topics = |pairs: &[usize]| pairs.iter().map(|&k| analysis.indicators[pairing.pairs[k].indicator].name.clone()).collect();
    let roles = (0..n)
        .filter(|&i| tally.active(i))
        .map(|i| RoleCard {
            code: analysis.org_code(i).to_string(),
            name: analysis.org_name(i).unwrap_or_default().to_string(),
            label: who(analysis, i),
            summary: role_summary(tally.teaches[i].len(), tally.learns[i].len()),
            teaches: topics(&tally.teaches[i]),
            learns: topics(&tally.learns[i]),
        })
        .collect::<Vec<RoleCard>>();
    Some(PairingView {
        roles_heading: format!("Teach and learn cards ({})", super::words::count_of(roles.len(), "organisation", "organisations")),
        roles_note: None,
        unmatched_heading: format!("Without a teacher ({}), and why", thousands(pairing.unmatched.len() as f64)),
        unmatched_note: None,
        summary,
        headings: vec!["Indicator", "Learner", "Learner's value", "Teacher", "Teacher's value", "Why this pair"],
        rows,
        page: None,
        roles,
        unmatched,
        sets,
        indicators: analysis.indicators.iter().map(|i| i.name.clone()).collect(),
    })
}

pub fn pairings_csv(analysis: &Analysis) -> String {
    let Some(pairing) = &analysis.pairing else { return String::new() };
    let words = super::PairWords::new(analysis, pairing);
    csv(
        &[
            "Indicator",
            "Learner code",
            "Learner name",
            "Learner value",
            "Teacher code",
            "Teacher name",
            "Teacher value",
            "Peer distance (0-1)",
            "Similarity rank",
            "Beyond the nearest peers",
            "Learning set (learners)",
            "Reciprocal",
            "Reasons",
        ],
        pairing.pairs.iter().map(|p| {
            let ind = &analysis.indicators[p.indicator];
            let f = Format::for_indicator(ind);
            vec![
                ind.name.clone(),
                analysis.org_code(p.learner).to_string(),
                analysis.org_name(p.learner).unwrap_or_default().to_string(),
                f.value(ind.organisations[p.learner_at].estimate),
                analysis.org_code(p.teacher).to_string(),
                analysis.org_name(p.teacher).unwrap_or_default().to_string(),
                f.value(ind.organisations[p.teacher_at].estimate),
                p.distance.map(|d| format!("{d:.3}")).unwrap_or_default(),
                p.peer_rank.to_string(),
                if p.beyond_peers { "yes".into() } else { "no".into() },
                p.set.to_string(),
                if p.reciprocal { "yes".into() } else { "no".into() },
                words.reasons(p).join(" "),
            ]
        }),
    )
}

pub fn roles_csv(analysis: &Analysis) -> String {
    let Some(view) = pairing_view(analysis) else { return String::new() };
    csv(&["Code", "Name", "Teaches", "Learns"], view.roles.into_iter().map(|r| vec![r.code, r.name, r.teaches.join("; "), r.learns.join("; ")]))
}
