//! Compare organisations on one indicator: the caterpillar plot (ranked best first, with both
//! intervals) and its table, for everyone or for one organisation and its peers.

use serde::Serialize;

use crate::analysis::{Analysis, IndicatorResult};
use crate::chart::caterpillar::{CaterpillarRow, CaterpillarSpec, LABELLED_MAX};
use crate::stats::quantile::rank_min;
use crate::stats::Polarity;

use super::words::{self, count_of, is_are, lower_first, Level, Outcome};
use super::{benchmark_noun, benchmark_text, benchmark_value, legend_marks, mark_tooltip, org_label, outcome, Format};

#[derive(Debug, Serialize)]
pub struct CaterpillarView {
    pub index: usize,
    pub name: String,
    pub direction: String,
    pub benchmark: String,
    /// The finding, as the figure caption.
    pub caption: String,
    /// What could not be done as asked (an unknown code, no peers), in words; empty otherwise.
    pub note: String,
    /// The code of the organisation in focus, when one was found.
    pub focus: Option<String>,
    /// Whether only the focus organisation and its peers are shown.
    pub peers_only: bool,
    /// Whether the chart has a labelled row per organisation (else a ranked strip).
    pub labelled: bool,
    /// The chart, drawn in the page through plotters.
    pub scene: crate::chart::Scene,
    pub table_caption: String,
    pub headings: Vec<&'static str>,
    /// Best first, as drawn (one page of them once paged).
    pub rows: Vec<CaterpillarRowView>,
    /// Which page of the rows this is (`None`: every row).
    pub page: Option<super::rows::Page>,
}

#[derive(Debug, Serialize)]
pub struct CaterpillarRowView {
    /// "3 of 11", and "(15 of 120 overall)" when only peers are shown.
    pub rank: String,
    pub code: String,
    pub name: String,
    pub value: String,
    pub ci95: String,
    pub ci998: String,
    pub outcome: &'static str,
    pub symbol: &'static str,
    pub words: String,
    /// The organisation in focus (or the other one of a learning pair).
    pub highlight: bool,
}

impl CaterpillarView {
    /// The chart as SVG text (learning packs, tests); the page draws `scene`.
    pub fn svg(&self) -> String {
        self.scene.to_svg()
    }
}

pub fn caterpillar_view(analysis: &Analysis, indicator: usize, focus: Option<&str>, peers_only: bool) -> Option<CaterpillarView> {
    caterpillar(analysis, indicator, focus, peers_only, &[])
}

/// As [`caterpillar_view`], also highlighting the organisations `also` (the learning pack
/// shows both organisations of a pair).
pub(super) fn caterpillar(analysis: &Analysis, indicator: usize, focus: Option<&str>, peers_only: bool, also: &[usize]) -> Option<CaterpillarView> {
    let ind = analysis.indicators.get(indicator)?;
    let rows_org = analysis.org_index.get(indicator)?;
    let f = Format::for_indicator(ind);
    let noun = benchmark_noun(ind);
    let mut notes: Vec<String> = Vec::new();
    let wanted = focus.map(str::trim).filter(|c| !c.is_empty());
    let focus_org = focus_of(analysis, ind, rows_org, wanted, &mut notes);
    let focus_label = focus_org.map(|org| org_label(analysis, org));
    let subset = peers_subset(analysis, rows_org, (wanted, focus_org, focus_label.as_deref()), peers_only, also, &mut notes);
    let (shown, ranks) = best_first(ind, subset.clone().unwrap_or_else(|| (0..ind.organisations.len()).collect()));
    let mut highlighted: Vec<usize> = focus_org.into_iter().chain(also.iter().copied()).collect();
    highlighted.dedup();
    let count = shown.len();
    let (chart_rows, rows) = caterpillar_rows(analysis, ind, rows_org, (&shown, &ranks), subset.is_some(), &highlighted);
    let scope = match (&subset, &focus_label) {
        (Some(_), Some(who)) => format!("{who} and its peers ({})", count_of(count, "organisation", "organisations")),
        _ => count_of(count, "organisation", "organisations"),
    };
    let mut caption = caterpillar_caption(ind, &shown, &scope, noun);
    if let (Some(org), Some(who)) = (focus_org, &focus_label) {
        let found = shown.iter().zip(&ranks).find(|(&k, _)| rows_org.get(k) == Some(&org));
        if let Some((&k, Some(rank))) = found {
            let o = &ind.organisations[k];
            let ci = if o.ci95.is_some() { format!(" (95% CI {})", f.interval(o.ci95)) } else { String::new() };
            caption.push_str(&format!(
                " {who} is ranked {rank} of {count}: {}{ci}, {}.",
                f.value(o.estimate),
                lower_first(&outcome(o, ind.polarity).sentence(noun))
            ));
        }
    }
    caption.push_str(&format!(" The benchmark is {}.", benchmark_value(ind, &f)));
    let legend = legend_marks(std::iter::once(ind));
    let fmt = |t: f64| f.tick(t);
    let bench_text = format!("Benchmark {}", benchmark_value(ind, &f));
    let label =
        format!("Caterpillar plot of {}: {scope}, each value with its 95% and 99.8% confidence intervals, ranked best first, against the benchmark.", ind.name);
    notes.extend(crate::chart::caterpillar::central_note(&chart_rows, ind.benchmark.fraction.map(|b| b * ind.multiplier)));
    let rank_label = if ind.polarity == Polarity::NoJudgement { "Rank (1 = highest)" } else { "Rank (1 = best)" };
    let scene = crate::chart::caterpillar::caterpillar(&CaterpillarSpec {
        label: &label,
        value_label: &super::value_axis(ind),
        rank_label,
        format_tick: &fmt,
        benchmark: ind.benchmark.fraction.map(|b| b * ind.multiplier),
        benchmark_text: &bench_text,
        rows: &chart_rows,
        legend: &legend,
    });
    Some(CaterpillarView {
        index: indicator,
        name: ind.name.clone(),
        direction: words::direction(ind.polarity).into(),
        benchmark: benchmark_text(ind),
        caption,
        note: notes.join(" "),
        focus: focus_org.map(|org| analysis.org_code(org).to_string()),
        peers_only: subset.is_some(),
        labelled: count <= LABELLED_MAX,
        scene,
        table_caption: format!("{}: {scope}, best first", ind.name),
        headings: vec![rank_label, "Code", "Name", "Value", "95% confidence interval", "99.8% confidence interval", "Compared with the benchmark"],
        rows,
        page: None,
    })
}

/// The organisation in focus, if its code is found (and a note when it is not, or has no value).
fn focus_of(analysis: &Analysis, ind: &IndicatorResult, rows_org: &[usize], wanted: Option<&str>, notes: &mut Vec<String>) -> Option<usize> {
    let code = wanted?;
    let Some(org) = super::find_org(analysis, code) else {
        notes.push(format!("No organisation has the code \"{code}\"."));
        return None;
    };
    if !rows_org.contains(&org) {
        notes.push(format!("{} has no value for {}.", org_label(analysis, org), ind.name));
    }
    Some(org)
}

/// Who is shown when only the organisation in focus and its peers are asked for (rows of the
/// indicator); `None` shows everyone, with a note saying why when peers were asked for.
fn peers_subset(
    analysis: &Analysis,
    rows_org: &[usize],
    (wanted, focus_org, focus_label): (Option<&str>, Option<usize>, Option<&str>),
    peers_only: bool,
    also: &[usize],
    notes: &mut Vec<String>,
) -> Option<Vec<usize>> {
    let position = |org: usize| rows_org.iter().position(|&o| o == org);
    match (peers_only, focus_org, &analysis.peers) {
        (false, _, _) => None,
        (true, None, _) => {
            if wanted.is_none() {
                notes.push("Choose an organisation to show only it and its peers.".into());
            }
            None
        }
        (true, Some(_), None) => {
            notes.push("There are no peers in this analysis (they need context columns or a grouping column), so every organisation is shown.".into());
            None
        }
        (true, Some(org), Some(set)) => {
            let peers = set.peers.get(org).map_or(&[][..], |p| p.as_slice());
            if peers.is_empty() {
                notes.push(format!("{} has no peers (a context value may be missing), so every organisation is shown.", focus_label.unwrap_or_default()));
                return None;
            }
            // Its peers, and any other organisation highlighted with it (a teacher found beyond them).
            let mut shown: Vec<usize> = std::iter::once(org).chain(peers.iter().map(|p| p.org)).chain(also.iter().copied()).filter_map(position).collect();
            shown.dedup();
            Some(shown)
        }
    }
}

/// The rows shown, best first (highest first unless lower is better; with no judgement, highest
/// first, as rank 1 is the highest; ties in file order; values that are not numbers last), and
/// their ranks among themselves.
fn best_first(ind: &IndicatorResult, mut shown: Vec<usize>) -> (Vec<usize>, Vec<Option<u32>>) {
    let best_is_high = ind.polarity != Polarity::LowerIsBetter;
    let sort_value = |k: usize| {
        let v = ind.organisations[k].estimate;
        if !v.is_finite() {
            f64::INFINITY
        } else if best_is_high {
            -v
        } else {
            v
        }
    };
    crate::order::sort_positions(&mut shown, &|a, b| sort_value(a).total_cmp(&sort_value(b)).then(a.cmp(&b)));
    let values: Vec<Option<f64>> = shown.iter().map(|&k| Some(ind.organisations[k].estimate).filter(|v| v.is_finite())).collect();
    let ranks = rank_min(&values, best_is_high);
    (shown, ranks)
}

/// Each row shown, for the chart and for the table.
fn caterpillar_rows(
    analysis: &Analysis,
    ind: &IndicatorResult,
    rows_org: &[usize],
    (shown, ranks): (&[usize], &[Option<u32>]),
    subset: bool,
    highlighted: &[usize],
) -> (Vec<CaterpillarRow>, Vec<CaterpillarRowView>) {
    let f = Format::for_indicator(ind);
    let noun = benchmark_noun(ind);
    let (total, count, m) = (ind.organisations.len(), shown.len(), ind.multiplier);
    let mut chart_rows = Vec::with_capacity(count);
    let mut rows = Vec::with_capacity(count);
    for (&k, rank) in shown.iter().zip(ranks) {
        let o = &ind.organisations[k];
        let org = rows_org.get(k).copied().unwrap_or(usize::MAX);
        let out = outcome(o, ind.polarity);
        let who = super::label(analysis.name(o), analysis.code(o));
        let highlight = highlighted.contains(&org);
        let rank = match (rank, subset) {
            (Some(r), true) => format!("{r} of {count} ({} of {total} overall)", o.rank),
            (Some(r), false) => format!("{r} of {count}"),
            (None, _) => "not ranked".into(),
        };
        chart_rows.push(CaterpillarRow {
            code: analysis.code(o).to_string(),
            value: o.estimate * m,
            value_text: f.value(o.estimate),
            ci95: o.ci95.map(|i| (i.lower * m, i.upper * m)),
            ci998: o.ci998.map(|i| (i.lower * m, i.upper * m)),
            mark: out.mark(),
            strong: matches!(out.level(), Some(Level::P998)),
            highlight,
            tooltip: format!("Rank {rank}. {}", mark_tooltip(&who, ind, o, &f)),
            name: analysis.name(o).unwrap_or_default().to_string(),
        });
        rows.push(CaterpillarRowView {
            rank,
            code: analysis.code(o).to_string(),
            name: analysis.name(o).unwrap_or_default().to_string(),
            value: f.value(o.estimate),
            ci95: f.interval(o.ci95),
            ci998: f.interval(o.ci998),
            outcome: out.key(),
            symbol: out.mark().symbol(),
            words: out.sentence(noun),
            highlight,
        });
    }
    (chart_rows, rows)
}

/// The caption's first sentences: who is ranked, and how many are significantly better or worse
/// (higher or lower, with no judgement).
fn caterpillar_caption(ind: &IndicatorResult, shown: &[usize], scope: &str, noun: &str) -> String {
    let tally = |wanted: fn(Outcome) -> bool| shown.iter().filter(|&&k| wanted(outcome(&ind.organisations[k], ind.polarity))).count();
    if ind.polarity == Polarity::NoJudgement {
        let (up, down) = (tally(|o| matches!(o, Outcome::Higher(_))), tally(|o| matches!(o, Outcome::Lower(_))));
        format!(
            "{}: {scope} ranked from highest to lowest. {up} {} significantly higher than {noun} and {down} significantly lower (95% confidence).",
            ind.name,
            is_are(up)
        )
    } else {
        let (up, down) = (tally(|o| matches!(o, Outcome::Better(_))), tally(|o| matches!(o, Outcome::Worse(_))));
        format!(
            "{}: {scope} ranked from best to worst. {up} {} significantly better than {noun} and {down} significantly worse (95% confidence).",
            ind.name,
            is_are(up)
        )
    }
}
