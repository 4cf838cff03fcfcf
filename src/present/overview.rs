//! The overview ("tartan rug"): every organisation on every indicator at a glance, with sort
//! keys decided here so that the page can sort any column without computing anything.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::chart::rug::{RugCell, RugRow, RugSpec};
use crate::stats::Polarity;

use super::words::{self, count_of, is_are, Level, Outcome};
use super::{benchmark_noun, legend_marks, mark_tooltip, org_label, outcome, thousands, Format};

/// The most organisations the downloadable rug draws (about 10,000 pixels tall).
pub const OVERVIEW_SVG_MAX: usize = 500;

#[derive(Debug, Clone, Serialize)]
pub struct OverviewView {
    /// The finding, as the figure caption.
    pub caption: String,
    pub table_caption: String,
    /// How the sort keys order a column, in words for the page.
    pub sort_note: String,
    pub legend: Vec<LegendItem>,
    pub columns: Vec<OverviewColumn>,
    /// Headings in table order: organisation, code, one per indicator, better, worse, and
    /// teaches and learns when pairs were looked for.
    pub headings: Vec<String>,
    pub rows: Vec<OverviewRow>,
    /// Which page of the rows these are, when the page asked for one (`null`: every row).
    pub page: Option<super::Page>,
    /// Whether learning pairs were looked for (then every row has teach and learn counts).
    pub roles: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    pub key: &'static str,
    pub symbol: &'static str,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverviewColumn {
    pub index: usize,
    pub id: String,
    pub name: String,
    /// "Higher is better", "Lower is better" or "Neither is better".
    pub direction: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverviewRow {
    pub code: String,
    pub name: String,
    /// One per indicator, in column order.
    pub cells: Vec<OverviewCell>,
    /// Indicators on which it is significantly better (worse) than the benchmark at 95 %.
    pub better: usize,
    pub worse: usize,
    /// Learning pairs it teaches in and learns in; `null` when pairs were not looked for.
    pub teaches: Option<usize>,
    pub learns: Option<usize>,
    /// The row in words, for a screen reader: "Significantly better on 2 indicators and …".
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverviewCell {
    /// Machine key as in the indicator table ("worse_998", …), or "none" without a value.
    pub outcome: &'static str,
    pub symbol: &'static str,
    pub value: String,
    pub words: String,
    /// Ascending = worst first within the column: significantly worse at 99.8 %, worse at 95 %,
    /// similar, better at 95 %, better at 99.8 % (lower… higher with no judgement), each from
    /// the worst value to the best; then "not compared"; empty cells last. Ties share a key.
    pub sort: u32,
    /// What `value` and `words` are written from ([`word_rows`]), kept so that a page's rows are
    /// worded when shown rather than every cell when the overview is made.
    #[serde(skip)]
    estimate: f64,
    #[serde(skip)]
    judged: Option<Outcome>,
}

/// Writes the value and the words of the cells of `rows` (the rows of a page, or all of them).
pub fn word_rows(analysis: &Analysis, rows: &mut [OverviewRow]) {
    let formats: Vec<Format> = analysis.indicators.iter().map(Format::for_indicator).collect();
    let judged = analysis.indicators.iter().any(|i| i.polarity != Polarity::NoJudgement);
    for row in rows {
        for (i, cell) in row.cells.iter_mut().enumerate() {
            let (Some(out), Some(ind)) = (cell.judged, analysis.indicators.get(i)) else { continue };
            cell.value = formats[i].value(cell.estimate);
            cell.words = out.sentence(benchmark_noun(ind));
        }
        row.summary = row_summary(&row.cells, judged);
    }
}

/// A row in a sentence: how many indicators it is significantly better and worse on (higher
/// and lower, when no indicator has a direction), of those it has a value for.
fn row_summary(cells: &[OverviewCell], judged: bool) -> String {
    let count = |wanted: fn(&Outcome) -> bool| cells.iter().filter(|c| c.judged.as_ref().is_some_and(wanted)).count();
    let present = cells.iter().filter(|c| c.judged.is_some()).count();
    let mut summary = if judged {
        let (better, worse) = (count(|o| matches!(o, Outcome::Better(_))), count(|o| matches!(o, Outcome::Worse(_))));
        format!("Significantly better on {} and significantly worse on {}", count_of(better, "indicator", "indicators"), worse)
    } else {
        let (higher, lower) = (count(|o| matches!(o, Outcome::Higher(_))), count(|o| matches!(o, Outcome::Lower(_))));
        format!("Significantly higher on {} and significantly lower on {}", count_of(higher, "indicator", "indicators"), lower)
    };
    summary.push_str(&format!(", of the {} it has a value for.", count_of(present, "indicator", "indicators")));
    summary
}

/// Order of outcomes from worst to best (lowest to highest with no judgement).
fn severity(o: Outcome) -> u8 {
    match o {
        Outcome::Worse(Level::P998) | Outcome::Lower(Level::P998) => 0,
        Outcome::Worse(Level::P95) | Outcome::Lower(Level::P95) => 1,
        Outcome::Similar => 2,
        Outcome::Better(Level::P95) | Outcome::Higher(Level::P95) => 3,
        Outcome::Better(Level::P998) | Outcome::Higher(Level::P998) => 4,
        Outcome::NotCompared => 5,
    }
}

/// Each row's sort key within its indicator (see [`OverviewCell::sort`]).
fn sort_keys(ind: &crate::analysis::IndicatorResult) -> Vec<u32> {
    // Worst value first: ascending when higher is better (or no judgement), else descending.
    let sign = if ind.polarity == Polarity::LowerIsBetter { -1.0 } else { 1.0 };
    // Each row's key worked out once, not at every comparison of the sort (which judged each
    // outcome about 13 times a row: a third of the national overview's time).
    let key: Vec<(u8, f64)> = ind
        .organisations
        .iter()
        .map(|o| (severity(outcome(o, ind.polarity)), if o.estimate.is_finite() { sign * o.estimate } else { f64::INFINITY }))
        .collect();
    let mut order: Vec<usize> = (0..ind.organisations.len()).collect();
    order.sort_by(|&a, &b| key[a].0.cmp(&key[b].0).then(key[a].1.total_cmp(&key[b].1)));
    let mut keys = vec![0u32; order.len()];
    for (place, &k) in order.iter().enumerate() {
        let tied = place > 0 && key[order[place - 1]] == key[k];
        keys[k] = if tied { keys[order[place - 1]] } else { place as u32 };
    }
    keys
}

/// For each indicator, each organisation's position in it (`None` without a value).
pub(super) fn positions(analysis: &Analysis) -> Vec<Vec<Option<usize>>> {
    let n = analysis.organisations.len();
    analysis
        .org_index
        .iter()
        .map(|rows| {
            let mut at = vec![None; n];
            for (k, &org) in rows.iter().enumerate() {
                if let Some(slot) = at.get_mut(org) {
                    *slot = Some(k);
                }
            }
            at
        })
        .collect()
}

/// Position of organisation `org` in indicator `i`, from [`positions`].
pub(super) fn position(at: &[Vec<Option<usize>>], i: usize, org: usize) -> Option<usize> {
    at.get(i).and_then(|rows| rows.get(org)).copied().flatten()
}

/// Learning pairs each organisation teaches in and learns in, when pairs were looked for.
pub(super) fn role_counts(analysis: &Analysis) -> Option<(Vec<usize>, Vec<usize>)> {
    let roles = analysis.pairing.as_ref()?.roles(analysis.organisations.len());
    Some((roles.teaches.iter().map(Vec::len).collect(), roles.learns.iter().map(Vec::len).collect()))
}

pub fn overview_view(analysis: &Analysis) -> OverviewView {
    let mut view = overview_unworded(analysis);
    word_rows(analysis, &mut view.rows);
    view
}

/// The overview with its cells' values and words left to [`word_rows`]: 134,000 cells
/// nationally, of which a page shows 2,100.
pub fn overview_unworded(analysis: &Analysis) -> OverviewView {
    let at = positions(analysis);
    let keys: Vec<Vec<u32>> = analysis.indicators.iter().map(sort_keys).collect();
    let roles = role_counts(analysis);
    let empty_key = analysis.organisations.len() as u32;
    let judged = analysis.indicators.iter().filter(|i| i.polarity != Polarity::NoJudgement).count();

    let rows: Vec<OverviewRow> = (0..analysis.organisations.len())
        .map(|org| {
            let (mut better, mut worse) = (0, 0);
            let cells = analysis
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| {
                    let Some(k) = position(&at, i, org) else {
                        return OverviewCell {
                            outcome: "none",
                            symbol: "",
                            value: String::new(),
                            words: "No value".into(),
                            sort: empty_key,
                            estimate: f64::NAN,
                            judged: None,
                        };
                    };
                    let o = &ind.organisations[k];
                    let out = outcome(o, ind.polarity);
                    match out {
                        Outcome::Better(_) => better += 1,
                        Outcome::Worse(_) => worse += 1,
                        _ => {}
                    }
                    OverviewCell {
                        outcome: out.key(),
                        symbol: out.mark().symbol(),
                        value: String::new(),
                        words: String::new(),
                        sort: keys[i][k],
                        estimate: o.estimate,
                        judged: Some(out),
                    }
                })
                .collect();
            OverviewRow {
                code: analysis.org_code(org).to_string(),
                name: analysis.org_name(org).unwrap_or_default().to_string(),
                cells,
                better,
                worse,
                teaches: roles.as_ref().map(|r| r.0[org]),
                learns: roles.as_ref().map(|r| r.1[org]),
                summary: String::new(), // worded with the row's cells
            }
        })
        .collect();

    assemble(analysis, rows, roles.is_some(), judged)
}

/// The overview around its rows: captions, legend, columns and headings.
fn assemble(analysis: &Analysis, rows: Vec<OverviewRow>, with_roles: bool, judged: usize) -> OverviewView {
    let headings = overview_headings(analysis, with_roles);
    let legend = overview_legend(analysis);
    OverviewView {
        caption: caption(analysis, &rows, judged),
        table_caption: format!(
            "Every organisation on every indicator ({} × {}), in file order",
            count_of(rows.len(), "organisation", "organisations"),
            count_of(analysis.indicators.len(), "indicator", "indicators")
        ),
        sort_note: "Sorting an indicator's column puts the worst first: significantly worse at 99.8% confidence, then at 95%, then similar, then better at 95% and at 99.8%, each from the worst value to the best; organisations without a value come last.".into(),
        legend,
        columns: analysis
            .indicators
            .iter()
            .enumerate()
            .map(|(index, ind)| OverviewColumn { index, id: ind.id.clone(), name: ind.name.clone(), direction: words::short_direction(ind.polarity) })
            .collect(),
        headings,
        rows,
        page: None,
        roles: with_roles,
    }
}

/// The table's headings: the organisation, each indicator, the tallies and (with pairs) the roles.
fn overview_headings(analysis: &Analysis, with_roles: bool) -> Vec<String> {
    let mut headings: Vec<String> = vec!["Organisation".into(), "Code".into()];
    headings.extend(analysis.indicators.iter().map(|i| i.name.clone()));
    headings.push("Significantly better on (indicators)".into());
    headings.push("Significantly worse on (indicators)".into());
    if with_roles {
        headings.push("Teaches (learning pairs)".into());
        headings.push("Learns (learning pairs)".into());
    }
    headings
}

/// The key of the marks the table uses, in words.
fn overview_legend(analysis: &Analysis) -> Vec<LegendItem> {
    legend_marks(analysis.indicators.iter())
        .into_iter()
        .map(|(mark, _)| {
            let (key, label) = match mark {
                crate::chart::Mark::Better => ("better", "Significantly better than the benchmark"),
                crate::chart::Mark::Worse => ("worse", "Significantly worse than the benchmark"),
                crate::chart::Mark::Higher => ("higher", "Significantly higher than the benchmark"),
                crate::chart::Mark::Lower => ("lower", "Significantly lower than the benchmark"),
                crate::chart::Mark::Similar => ("similar", "Similar to the benchmark"),
                crate::chart::Mark::NotCompared => ("not_compared", "Not compared"),
            };
            LegendItem { key, symbol: mark.symbol(), label: label.into() }
        })
        .collect()
}

/// "120 organisations on 4 indicators: 17 are significantly worse than the benchmark on at
/// least one indicator, and 23 significantly better on at least one (95% confidence)."
fn caption(analysis: &Analysis, rows: &[OverviewRow], judged: usize) -> String {
    let indicators = analysis.indicators.len();
    let head = format!("{} on {}", count_of(rows.len(), "organisation", "organisations"), count_of(indicators, "indicator", "indicators"));
    if judged == 0 {
        let higher = rows.iter().filter(|r| r.cells.iter().any(|c| c.outcome.starts_with("higher"))).count();
        let lower = rows.iter().filter(|r| r.cells.iter().any(|c| c.outcome.starts_with("lower"))).count();
        return format!(
            "{head}, none with a better direction: {higher} {} significantly higher than the benchmark on at least one indicator, and {lower} significantly lower on at least one (95% confidence).",
            is_are(higher)
        );
    }
    let worse = rows.iter().filter(|r| r.worse > 0).count();
    let better = rows.iter().filter(|r| r.better > 0).count();
    let both = rows.iter().filter(|r| r.worse > 0 && r.better > 0).count();
    let unjudged = indicators - judged;
    let mut text = if indicators == 1 {
        format!("{head}: {worse} {} significantly worse than the benchmark and {better} significantly better (95% confidence).", is_are(worse))
    } else {
        format!(
            "{head}: {worse} {} significantly worse than the benchmark on at least one indicator, and {better} significantly better on at least one (95% confidence); {both} {} both.",
            is_are(worse),
            is_are(both)
        )
    };
    if unjudged > 0 {
        text.push_str(&format!(" {} with no better direction {} not counted.", count_of(unjudged, "indicator", "indicators"), is_are(unjudged)));
    }
    text
}

/// The rug for download: the organisations with these codes (the rows the page shows, in its
/// order; every organisation when `codes` is empty), at most [`OVERVIEW_SVG_MAX`].
pub fn overview_svg(analysis: &Analysis, codes: &[String]) -> String {
    overview_chart(analysis, codes).to_svg()
}

/// The rug of `codes` (every organisation when empty) across every indicator.
pub fn overview_chart(analysis: &Analysis, codes: &[String]) -> crate::chart::Scene {
    let at = positions(analysis);
    let formats: Vec<Format> = analysis.indicators.iter().map(Format::for_indicator).collect();
    let wanted: Vec<usize> = if codes.is_empty() {
        (0..analysis.organisations.len()).collect()
    } else {
        // A map, as the page may pass every one of thousands of codes.
        let index: rustc_hash::FxHashMap<&str, usize> = (0..analysis.organisations.len()).map(|org| (analysis.org_code(org), org)).collect();
        let mut seen = vec![false; analysis.organisations.len()];
        codes
            .iter()
            .filter_map(|c| index.get(c.as_str()).copied().or_else(|| super::find_org(analysis, c)))
            .filter(|&org| !std::mem::replace(&mut seen[org], true))
            .collect()
    };
    let rows: Vec<RugRow> = wanted
        .iter()
        .take(OVERVIEW_SVG_MAX)
        .map(|&org| {
            let who = org_label(analysis, org);
            RugRow {
                code: analysis.org_code(org).to_string(),
                name: analysis.org_name(org).unwrap_or_default().to_string(),
                cells: analysis
                    .indicators
                    .iter()
                    .enumerate()
                    .map(|(i, ind)| {
                        position(&at, i, org).map(|k| {
                            let o = &ind.organisations[k];
                            RugCell { mark: outcome(o, ind.polarity).mark(), tooltip: mark_tooltip(&who, ind, o, &formats[i]) }
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let note = (wanted.len() > OVERVIEW_SVG_MAX)
        .then(|| format!("Showing the first {} of {} organisations; filter the table to draw the others.", OVERVIEW_SVG_MAX, thousands(wanted.len() as f64)));
    let columns: Vec<String> = analysis.indicators.iter().map(|i| i.name.clone()).collect();
    let label = format!(
        "Overview of {} on {}: each cell is marked better, similar or worse than the benchmark by colour and symbol.",
        count_of(rows.len(), "organisation", "organisations"),
        count_of(columns.len(), "indicator", "indicators")
    );
    crate::chart::rug::rug(&RugSpec { label: &label, columns: &columns, rows: &rows, legend: &legend_marks(analysis.indicators.iter()), note: note.as_deref() })
}
