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

/// The most indicators the overview shows as columns at once, a page of them
/// ([`super::RowQuery::column_page`] chooses which): a public-health profile can hold 200
/// indicators, and a page of 100 rows across 1,000 was 7.5 MB of cells and 100,000 badges that
/// no one reads. With [`super::OVERVIEW_PAGE_SIZE`] rows, a page lays out at most 1,250 badges.
/// The tallies (better, worse, the row's summary) count every indicator.
pub const OVERVIEW_COLUMNS_MAX: usize = 25;

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
    /// Which of the indicators are the columns ("Indicators 26 to 50 of 200").
    pub column_page: super::Page,
    /// When the rows are sorted by an indicator on another page of columns, that in words.
    pub sorted_elsewhere: Option<String>,
    /// Whether learning pairs were looked for (then every row has teach and learn counts).
    pub roles: bool,
    /// What a page's cells are made from, shared with every page of this overview.
    #[serde(skip)]
    shown: Arc<Shown>,
}

/// Every indicator's sort keys and the positions: a page's cells are made from these when it
/// is shown, so the overview holds no organisations × indicators table of cells (a file of
/// 50,000 organisations on 2,000 indicators, 25 rows each, asked for 100 million cells and
/// more memory than a tab has).
#[derive(Debug, Default)]
struct Shown {
    /// Each indicator's sort key of each of its rows ([`OverviewCell::sort`]), so that any
    /// indicator can sort the rows, whichever are the columns.
    keys: Vec<Vec<u32>>,
    /// Each indicator's count of rows compared with the benchmark: their keys are below it,
    /// those not compared from it up.
    compared: Vec<u32>,
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

/// Makes the cells of `rows` (the rows of a page, or all of them) for the view's columns,
/// with their values and words, and each row's summary.
pub fn fill_rows(analysis: &Analysis, view: &OverviewView, rows: &mut [OverviewRow]) {
    let shown = &view.shown;
    let columns: Vec<usize> = view.columns.iter().map(|c| c.index).collect();
    let formats: Vec<Format> = columns.iter().map(|&i| Format::for_indicator(&analysis.indicators[i])).collect();
    let judged = analysis.indicators.iter().any(|i| i.polarity != Polarity::NoJudgement);
    for row in rows {
        row.cells = columns.iter().zip(&formats).map(|(&i, format)| cell(shown, &analysis.indicators[i], &shown.keys[i], format, i, row.org)).collect();
        row.summary = row_summary(&row.tally, judged);
    }
}

/// Which indicators are the columns of column page `page` (from 0; past the last is the last),
/// with the words for where it is.
pub fn column_page(indicators: usize, page: usize) -> (std::ops::Range<usize>, super::Page) {
    let super::rows::Bounds { items, page } = super::rows::page_bounds(indicators, page, OVERVIEW_COLUMNS_MAX);
    let text = if page.pages == 1 {
        format!("{}.", count_of(indicators, "indicator", "indicators"))
    } else {
        format!("Indicators {} to {} of {}", thousands((items.start + 1) as f64), thousands(items.end as f64), thousands(indicators as f64))
    };
    (items, super::Page { text, ..page })
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

/// The last of [`severity`]'s order: not compared with the benchmark.
const NOT_COMPARED: u8 = 5;

/// Order of outcomes from worst to best (lowest to highest with no judgement).
fn severity(o: Outcome) -> u8 {
    match o {
        Outcome::Worse(Level::P998) | Outcome::Lower(Level::P998) => 0,
        Outcome::Worse(Level::P95) | Outcome::Lower(Level::P95) => 1,
        Outcome::Similar => 2,
        Outcome::Better(Level::P95) | Outcome::Higher(Level::P95) => 3,
        Outcome::Better(Level::P998) | Outcome::Higher(Level::P998) => 4,
        Outcome::NotCompared => NOT_COMPARED,
    }
}

/// Each row's sort key within its indicator (see [`OverviewCell::sort`]), and how many rows
/// were compared with the benchmark (their keys are below that count).
fn sort_keys(ind: &crate::analysis::IndicatorResult) -> (Vec<u32>, u32) {
    // Worst value first: ascending when higher is better (or no judgement), else descending.
    let sign = if ind.polarity == Polarity::LowerIsBetter { -1.0 } else { 1.0 };
    // Each row's key worked out once (not at every comparison: judging each outcome about 13
    // times a row was a third of the national overview's time), as integers in the order of
    // `f64::total_cmp` packed with the row into one integer, sorted unstably (ties share a key,
    // so their order does not matter).
    let mut order: Vec<u128> = ind
        .organisations
        .iter()
        .enumerate()
        .map(|(k, o)| {
            // + 0.0 makes −0 plain 0, its equal, so the two tie.
            let value = if o.estimate.is_finite() { sign * o.estimate + 0.0 } else { f64::INFINITY };
            u128::from(severity(outcome(o, ind.polarity))) << 96 | u128::from(crate::stats::quantile::total_order(value)) << 32 | k as u128
        })
        .collect();
    order.sort_unstable();
    // The row is the low 32 bits; the rest is the key, shared by ties.
    let row = |entry: u128| entry as u32 as usize;
    let mut keys = vec![0u32; order.len()];
    for (place, &entry) in order.iter().enumerate() {
        let tied = place > 0 && order[place - 1] >> 32 == entry >> 32;
        keys[row(entry)] = if tied { keys[row(order[place - 1])] } else { place as u32 };
    }
    let compared = order.iter().filter(|&&entry| entry >> 96 < u128::from(NOT_COMPARED)).count() as u32;
    (keys, compared)
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
    let (keys, compared) = analysis.indicators.iter().map(sort_keys).unzip();
    let shown = Shown { keys, compared, empty_key: analysis.organisations.len() as u32, at: Some(positions(analysis)) };
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

/// Every organisation's sort key in indicator `i` ([`OverviewCell::sort`]), by organisation,
/// for sorting ascending as given. With `descending` the compared rows' keys run the other way
/// (best first), and those not compared and without a value still come last.
pub(super) fn column_keys(analysis: &Analysis, view: &OverviewView, i: usize, descending: bool) -> Option<Vec<u32>> {
    let keys = view.shown.keys.get(i)?;
    let compared = view.shown.compared.get(i).copied().unwrap_or(0);
    let mut column = vec![view.shown.empty_key; analysis.organisations.len()];
    for (&org, &key) in analysis.org_index.get(i)?.iter().zip(keys) {
        if let Some(slot) = column.get_mut(org) {
            *slot = if descending && key < compared { compared - 1 - key } else { key };
        }
    }
    Some(column)
}

impl OverviewView {
    /// The overview's description with no rows and column page `page` of the indicators as
    /// its columns, to put a page of rows in.
    pub(super) fn without_rows(&self, analysis: &Analysis, page: usize) -> OverviewView {
        let (columns, column_page) = column_page(analysis.indicators.len(), page);
        OverviewView {
            caption: self.caption.clone(),
            table_caption: table_caption(analysis, self.rows.len(), &columns),
            sort_note: self.sort_note.clone(),
            legend: self.legend.clone(),
            columns: overview_columns(analysis, &columns),
            headings: overview_headings(analysis, self.roles, &columns),
            rows: Vec::new(),
            page: None,
            column_page,
            sorted_elsewhere: None,
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

/// The overview around its rows: captions, legend, the first column page's columns and headings.
fn assemble(analysis: &Analysis, rows: Vec<OverviewRow>, with_roles: bool, judged: usize, shown: Shown) -> OverviewView {
    let (columns, column_page) = column_page(analysis.indicators.len(), 0);
    let headings = overview_headings(analysis, with_roles, &columns);
    let legend = overview_legend(analysis);
    OverviewView {
        caption: caption(analysis, &rows, judged),
        table_caption: table_caption(analysis, rows.len(), &columns),
        sort_note: "Sorting an indicator's column puts the worst first: significantly worse at 99.8% confidence, then at 95%, then similar, then better at 95% and at 99.8%, each from the worst value to the best; organisations without a value come last.".into(),
        legend,
        columns: overview_columns(analysis, &columns),
        headings,
        rows,
        page: None,
        column_page,
        sorted_elsewhere: None,
        roles: with_roles,
        shown: Arc::new(shown),
    }
}

/// "Rows are sorted by X, worst first: it is on another page of indicators", when indicator
/// `i` sorts the rows and is not among `view`'s columns.
pub(super) fn sorted_elsewhere(analysis: &Analysis, view: &OverviewView, i: usize, descending: bool) -> Option<String> {
    let ind = analysis.indicators.get(i).filter(|_| !view.columns.iter().any(|c| c.index == i))?;
    let first = match (ind.polarity == Polarity::NoJudgement, descending) {
        (true, false) => "lowest",
        (true, true) => "highest",
        (false, false) => "worst",
        (false, true) => "best",
    };
    Some(format!("Rows are sorted by {}, {first} first: it is on another page of indicators.", ind.name))
}

/// The indicators `columns` as the table's columns.
fn overview_columns(analysis: &Analysis, columns: &std::ops::Range<usize>) -> Vec<OverviewColumn> {
    let ind = &analysis.indicators;
    columns
        .clone()
        .map(|index| OverviewColumn { index, id: ind[index].id.clone(), name: ind[index].name.clone(), direction: words::short_direction(ind[index].polarity) })
        .collect()
}

/// What the table holds: every indicator, or a column page of them.
fn table_caption(analysis: &Analysis, rows: usize, columns: &std::ops::Range<usize>) -> String {
    let organisations = count_of(rows, "organisation", "organisations");
    let indicators = analysis.indicators.len();
    if columns.len() < indicators {
        return format!(
            "Every organisation on indicators {} to {} of {} ({organisations}), in file order: the counts of better and worse take every indicator",
            thousands((columns.start + 1) as f64),
            thousands(columns.end as f64),
            thousands(indicators as f64)
        );
    }
    format!("Every organisation on every indicator ({organisations} × {}), in file order", count_of(indicators, "indicator", "indicators"))
}

/// The table's headings: the organisation, each indicator, the tallies and (with pairs) the roles.
fn overview_headings(analysis: &Analysis, with_roles: bool, columns: &std::ops::Range<usize>) -> Vec<String> {
    let mut headings: Vec<String> = vec!["Organisation".into(), "Code".into()];
    headings.extend(analysis.indicators[columns.clone()].iter().map(|i| i.name.clone()));
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
/// order; every organisation when `codes` is empty), at most [`OVERVIEW_SVG_MAX`], across the
/// first column page's indicators.
pub fn overview_svg(analysis: &Analysis, codes: &[String]) -> String {
    overview_chart(analysis, codes).to_svg()
}

/// The rug of `codes` (every organisation when empty) across the first column page's indicators.
pub fn overview_chart(analysis: &Analysis, codes: &[String]) -> crate::chart::Scene {
    overview_chart_columns(analysis, codes, 0)
}

/// The rug of `codes` (every organisation when empty) across the indicators of column page
/// `page` (see [`column_page`]), as the table shows them.
pub fn overview_chart_columns(analysis: &Analysis, codes: &[String], page: usize) -> crate::chart::Scene {
    let at = positions(analysis);
    let (columns, _) = column_page(analysis.indicators.len(), page);
    let shown = &analysis.indicators[columns.clone()];
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
                        position(&at, columns.start + i, org).map(|k| {
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
    let more_columns = (shown.len() < analysis.indicators.len()).then(|| {
        format!(
            "Showing indicators {} to {} of {}.",
            thousands((columns.start + 1) as f64),
            thousands(columns.end as f64),
            thousands(analysis.indicators.len() as f64)
        )
    });
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
