//! The overview ("tartan rug"): every organisation on every indicator at a glance, with sort
//! keys decided here so that the page can sort any column without computing anything.

use serde::Serialize;

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::chart::rug::{RugCell, RugRow, RugSpec};
use crate::pairing::grid::Grid;
use crate::stats::Polarity;

use super::words::{self, count_of, is_are, Level, Outcome};
use super::{benchmark_noun, legend_marks, mark_tooltip, org_label, outcome, thousands, Format};

/// The most organisations the downloadable rug draws (about 10,000 pixels tall).
pub const OVERVIEW_SVG_MAX: usize = 500;

/// The most indicators the overview shows as columns, the first in file order: a page of 100
/// rows across 1,000 indicators was 7.5 MB of cells and 100,000 badges, and no one reads a
/// table that wide. The tallies (better, worse, the row's summary) count every indicator.
pub const OVERVIEW_COLUMNS_MAX: usize = 100;

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
    /// What a page's cells are made from, shared with every page of this overview.
    #[serde(skip)]
    shown: Arc<Shown>,
}

/// The shown indicators' sort keys and positions: a page's cells are made from these when it
/// is shown, so the overview holds no organisations × indicators table of cells (a file of
/// 50,000 organisations on 2,000 indicators, 25 rows each, asked for 100 million cells and
/// more memory than a tab has).
#[derive(Debug, Default)]
struct Shown {
    /// Each shown indicator's sort key of each of its rows ([`OverviewCell::sort`]).
    keys: Vec<Vec<u32>>,
    /// The key of an organisation without a value (after every other).
    empty_key: u32,
    /// Where each organisation sits in each indicator.
    at: Option<Grid>,
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
    #[serde(skip)]
    org: usize,
    #[serde(skip)]
    tally: Tally,
}

/// An organisation's outcomes counted over every indicator (shown as a column or not).
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    better: usize,
    worse: usize,
    higher: usize,
    lower: usize,
    /// Indicators it has a result on.
    present: usize,
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
}

/// Makes the cells of `rows` (the rows of a page, or all of them) for the shown indicators,
/// with their values and words, and each row's summary.
pub fn fill_rows(analysis: &Analysis, view: &OverviewView, rows: &mut [OverviewRow]) {
    let shown = &view.shown;
    let formats: Vec<Format> = analysis.indicators.iter().take(shown.keys.len()).map(Format::for_indicator).collect();
    let judged = analysis.indicators.iter().any(|i| i.polarity != Polarity::NoJudgement);
    for row in rows {
        row.cells = analysis.indicators.iter().zip(&shown.keys).enumerate().map(|(i, (ind, keys))| cell(shown, ind, keys, &formats[i], i, row.org)).collect();
        row.summary = row_summary(&row.tally, judged);
    }
}

/// Organisation `org`'s cell in shown indicator `i`.
fn cell(shown: &Shown, ind: &crate::analysis::IndicatorResult, keys: &[u32], format: &Format, i: usize, org: usize) -> OverviewCell {
    let Some(k) = shown.at.as_ref().and_then(|at| at.get(org, i)) else {
        return OverviewCell { outcome: "none", symbol: "", value: String::new(), words: "No value".into(), sort: shown.empty_key };
    };
    let o = &ind.organisations[k];
    let out = outcome(o, ind.polarity);
    OverviewCell { outcome: out.key(), symbol: out.mark().symbol(), value: format.value(o.estimate), words: out.sentence(benchmark_noun(ind)), sort: keys[k] }
}

/// A row in a sentence: how many indicators it is significantly better and worse on (higher
/// and lower, when no indicator has a direction), of those it has a value for.
fn row_summary(tally: &Tally, judged: bool) -> String {
    let mut summary = if judged {
        format!("Significantly better on {} and significantly worse on {}", count_of(tally.better, "indicator", "indicators"), thousands(tally.worse as f64))
    } else {
        format!("Significantly higher on {} and significantly lower on {}", count_of(tally.higher, "indicator", "indicators"), thousands(tally.lower as f64))
    };
    summary.push_str(&format!(", of the {} it has a value for.", count_of(tally.present, "indicator", "indicators")));
    summary
}

/// Each organisation's outcomes counted over every indicator, from the results themselves.
fn tallies(analysis: &Analysis) -> Vec<Tally> {
    let mut tallies = vec![Tally::default(); analysis.organisations.len()];
    for (ind, orgs) in analysis.indicators.iter().zip(&analysis.org_index) {
        for (o, &org) in ind.organisations.iter().zip(orgs) {
            let Some(t) = tallies.get_mut(org) else { continue };
            t.present += 1;
            match outcome(o, ind.polarity) {
                Outcome::Better(_) => t.better += 1,
                Outcome::Worse(_) => t.worse += 1,
                Outcome::Higher(_) => t.higher += 1,
                Outcome::Lower(_) => t.lower += 1,
                _ => {}
            }
        }
    }
    tallies
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

/// Each organisation's position in each indicator, flat for a dense file and by hash for a
/// sparse one (see [`Grid`]): organisations × indicators can be far more than the results.
pub(super) fn positions(analysis: &Analysis) -> Grid {
    let results = analysis.org_index.iter().map(Vec::len).sum();
    let mut at = Grid::new(analysis.organisations.len(), analysis.org_index.len(), results);
    for (i, rows) in analysis.org_index.iter().enumerate() {
        for (k, &org) in rows.iter().enumerate() {
            at.get_or_make(org, i, || k);
        }
    }
    at
}

/// Position of organisation `org` in indicator `i`, from [`positions`].
pub(super) fn position(at: &Grid, i: usize, org: usize) -> Option<usize> {
    at.get(org, i)
}

/// Learning pairs each organisation teaches in and learns in, when pairs were looked for.
pub(super) fn role_counts(analysis: &Analysis) -> Option<(Vec<usize>, Vec<usize>)> {
    let roles = analysis.pairing.as_ref()?.roles(analysis.organisations.len());
    Some((roles.teaches.iter().map(Vec::len).collect(), roles.learns.iter().map(Vec::len).collect()))
}

pub fn overview_view(analysis: &Analysis) -> OverviewView {
    let mut view = overview_unworded(analysis);
    let mut rows = std::mem::take(&mut view.rows);
    fill_rows(analysis, &view, &mut rows);
    view.rows = rows;
    view
}

/// The overview with its rows' cells and words left to [`fill_rows`]: nationally 134,000
/// cells, of which a page shows 2,100. It costs the results' count, not organisations ×
/// indicators.
pub fn overview_unworded(analysis: &Analysis) -> OverviewView {
    let columns = analysis.indicators.len().min(OVERVIEW_COLUMNS_MAX);
    let shown = Shown {
        keys: analysis.indicators.iter().take(columns).map(sort_keys).collect(),
        empty_key: analysis.organisations.len() as u32,
        at: Some(positions(analysis)),
    };
    let roles = role_counts(analysis);
    let judged = analysis.indicators.iter().filter(|i| i.polarity != Polarity::NoJudgement).count();
    let rows: Vec<OverviewRow> = tallies(analysis)
        .into_iter()
        .enumerate()
        .map(|(org, tally)| OverviewRow {
            code: analysis.org_code(org).to_string(),
            name: analysis.org_name(org).unwrap_or_default().to_string(),
            cells: Vec::new(), // made with the page's rows
            better: tally.better,
            worse: tally.worse,
            teaches: roles.as_ref().map(|r| r.0[org]),
            learns: roles.as_ref().map(|r| r.1[org]),
            summary: String::new(),
            org,
            tally,
        })
        .collect();
    assemble(analysis, rows, roles.is_some(), judged, shown)
}

/// Every organisation's sort key in shown indicator `i` ([`OverviewCell::sort`]), by organisation.
pub(super) fn column_keys(analysis: &Analysis, view: &OverviewView, i: usize) -> Option<Vec<u32>> {
    let keys = view.shown.keys.get(i)?;
    let mut column = vec![view.shown.empty_key; analysis.organisations.len()];
    for (&org, &key) in analysis.org_index.get(i)?.iter().zip(keys) {
        if let Some(slot) = column.get_mut(org) {
            *slot = key;
        }
    }
    Some(column)
}

impl OverviewView {
    /// The overview's description with no rows, to put a page of rows in.
    pub(super) fn without_rows(&self) -> OverviewView {
        OverviewView {
            caption: self.caption.clone(),
            table_caption: self.table_caption.clone(),
            sort_note: self.sort_note.clone(),
            legend: self.legend.clone(),
            columns: self.columns.clone(),
            headings: self.headings.clone(),
            rows: Vec::new(),
            page: None,
            roles: self.roles,
            shown: Arc::clone(&self.shown),
        }
    }
}

impl OverviewRow {
    /// The organisation the row is of (an index into [`column_keys`]' answer).
    pub(super) fn org(&self) -> usize {
        self.org
    }
}

/// The overview around its rows: captions, legend, columns and headings.
fn assemble(analysis: &Analysis, rows: Vec<OverviewRow>, with_roles: bool, judged: usize, shown: Shown) -> OverviewView {
    let columns = shown.keys.len();
    let headings = overview_headings(analysis, with_roles, columns);
    let legend = overview_legend(analysis);
    OverviewView {
        caption: caption(analysis, &rows, judged),
        table_caption: table_caption(analysis, rows.len(), columns),
        sort_note: "Sorting an indicator's column puts the worst first: significantly worse at 99.8% confidence, then at 95%, then similar, then better at 95% and at 99.8%, each from the worst value to the best; organisations without a value come last.".into(),
        legend,
        columns: analysis
            .indicators
            .iter()
            .take(columns)
            .enumerate()
            .map(|(index, ind)| OverviewColumn { index, id: ind.id.clone(), name: ind.name.clone(), direction: words::short_direction(ind.polarity) })
            .collect(),
        headings,
        rows,
        page: None,
        roles: with_roles,
        shown: Arc::new(shown),
    }
}

/// What the table holds: every indicator, or the first [`OVERVIEW_COLUMNS_MAX`] of them.
fn table_caption(analysis: &Analysis, rows: usize, columns: usize) -> String {
    let organisations = count_of(rows, "organisation", "organisations");
    let indicators = analysis.indicators.len();
    if columns < indicators {
        return format!(
            "Every organisation on the first {} of {} indicators ({organisations}), in file order: the counts of better and worse take every indicator; each indicator is under \"Compare organisations\"",
            thousands(columns as f64),
            thousands(indicators as f64)
        );
    }
    format!("Every organisation on every indicator ({organisations} × {}), in file order", count_of(indicators, "indicator", "indicators"))
}

/// The table's headings: the organisation, each indicator, the tallies and (with pairs) the roles.
fn overview_headings(analysis: &Analysis, with_roles: bool, columns: usize) -> Vec<String> {
    let mut headings: Vec<String> = vec!["Organisation".into(), "Code".into()];
    headings.extend(analysis.indicators.iter().take(columns).map(|i| i.name.clone()));
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
        let higher = rows.iter().filter(|r| r.tally.higher > 0).count();
        let lower = rows.iter().filter(|r| r.tally.lower > 0).count();
        return format!(
            "{head}, none with a better direction: {} {} significantly higher than the benchmark on at least one indicator, and {} significantly lower on at least one (95% confidence).",
            thousands(higher as f64),
            is_are(higher),
            thousands(lower as f64)
        );
    }
    let worse = rows.iter().filter(|r| r.worse > 0).count();
    let better = rows.iter().filter(|r| r.better > 0).count();
    let both = rows.iter().filter(|r| r.worse > 0 && r.better > 0).count();
    let unjudged = indicators - judged;
    let mut text = if indicators == 1 {
        format!(
            "{head}: {} {} significantly worse than the benchmark and {} significantly better (95% confidence).",
            thousands(worse as f64),
            is_are(worse),
            thousands(better as f64)
        )
    } else {
        format!(
            "{head}: {} {} significantly worse than the benchmark on at least one indicator, and {} significantly better on at least one (95% confidence); {} {} both.",
            thousands(worse as f64),
            is_are(worse),
            thousands(better as f64),
            thousands(both as f64),
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

/// The rug of `codes` (every organisation when empty) across the indicators the overview shows
/// as columns (at most [`OVERVIEW_COLUMNS_MAX`]).
pub fn overview_chart(analysis: &Analysis, codes: &[String]) -> crate::chart::Scene {
    let at = positions(analysis);
    let shown = &analysis.indicators[..analysis.indicators.len().min(OVERVIEW_COLUMNS_MAX)];
    let formats: Vec<Format> = shown.iter().map(Format::for_indicator).collect();
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
                cells: shown
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
    let more_rows = (wanted.len() > OVERVIEW_SVG_MAX)
        .then(|| format!("Showing the first {} of {} organisations; filter the table to draw the others.", OVERVIEW_SVG_MAX, thousands(wanted.len() as f64)));
    let more_columns = (shown.len() < analysis.indicators.len())
        .then(|| format!("Showing the first {} of {} indicators.", shown.len(), thousands(analysis.indicators.len() as f64)));
    let note = match (more_rows, more_columns) {
        (Some(r), Some(c)) => Some(format!("{r} {c}")),
        (r, c) => r.or(c),
    };
    let columns: Vec<String> = shown.iter().map(|i| i.name.clone()).collect();
    let label = format!(
        "Overview of {} on {}: each cell is marked better, similar or worse than the benchmark by colour and symbol.",
        count_of(rows.len(), "organisation", "organisations"),
        count_of(columns.len(), "indicator", "indicators")
    );
    crate::chart::rug::rug(&RugSpec { label: &label, columns: &columns, rows: &rows, legend: &legend_marks(shown.iter()), note: note.as_deref() })
}
