//! Long lists as the page shows them: found by name or code, filtered, sorted and cut into
//! pages here, so that the page receives one page of rows with the words for where it is, and
//! a national file's 6,000 rows never cross to the page at once.

use serde::{Deserialize, Serialize};

use super::pairs::PairRow;
use super::words::count_of;
use super::{CaterpillarView, IndicatorView, OverviewRow, OverviewView, PairingView};
use crate::error::thousands;

/// Rows on one page of a table.
pub const PAGE_SIZE: usize = 250;
/// Rows on one page of the overview: at least 100, as the API promises of any table of
/// organisations that is paged (`docs/api.md`). Each has a badge for each of its columns, and
/// laying out 250 rows of 21 took the page over 100 ms in one task on the national file; 100
/// rows take 60–85 ms of style and layout (`bench/longtasks.mjs` and Chromium traces).
pub const OVERVIEW_PAGE_SIZE: usize = 100;
/// Teach-and-learn cards, and learners without a teacher, shown under the pairs.
const ROLE_CARDS_SHOWN: usize = 200;
const UNMATCHED_SHOWN: usize = 500;

/// What part of a long list the page asks for. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RowQuery {
    /// Keep rows whose organisation's name or code contains this (any case).
    pub find: String,
    /// The overview: every organisation, or those worse (better) on at least one indicator.
    pub show: Show,
    /// The overview: the column to sort by (none: file order).
    pub sort: Option<SortBy>,
    pub descending: bool,
    /// The pairs: only this indicator (by name).
    pub indicator: Option<String>,
    /// From 0; past the last page means the last page.
    pub page: usize,
    /// The overview: which page of indicators are its columns
    /// ([`super::OVERVIEW_COLUMNS_MAX`] a page), from 0; past the last means the last.
    pub column_page: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Show {
    #[default]
    All,
    Worse,
    Better,
}

/// An overview column: an indicator by its index, or one of the named columns.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SortBy {
    Indicator(usize),
    Named(Column),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Name,
    Code,
    Better,
    Worse,
    Teaches,
    Learns,
}

/// Where a page is in its list, with the words the page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// From 0.
    pub index: usize,
    pub pages: usize,
    /// Rows that match the query, on every page.
    pub total: usize,
    pub has_previous: bool,
    pub has_next: bool,
    /// "Rows 251 to 500 of 6,378 organisations", or "12 organisations." on a single page.
    pub text: String,
}

/// Cut `rows` to the page asked for, saying where it is in words that count `noun`.
pub fn page_of<T>(rows: Vec<T>, page: usize, noun: (&str, &str)) -> (Vec<T>, Page) {
    page_of_size(rows, page, PAGE_SIZE, noun)
}

/// As [`page_of`], with pages of `size` rows.
fn page_of_size<T>(rows: Vec<T>, page: usize, size: usize, noun: (&str, &str)) -> (Vec<T>, Page) {
    let (total, bounds) = (rows.len(), page_bounds(rows.len(), page, size));
    let shown: Vec<T> = rows.into_iter().skip(bounds.items.start).take(size).collect();
    let text = if bounds.page.pages == 1 {
        format!("{}.", count_of(total, noun.0, noun.1))
    } else {
        format!("Rows {} to {} of {}", thousands((bounds.items.start + 1) as f64), thousands(bounds.items.end as f64), count_of(total, noun.0, noun.1))
    };
    (shown, Page { text, ..bounds.page })
}

/// Page `page` (from 0; past the last is the last) of `total` items, `size` a page: which
/// items it holds, and the page without its words.
pub(super) struct Bounds {
    pub items: std::ops::Range<usize>,
    pub page: Page,
}

pub(super) fn page_bounds(total: usize, page: usize, size: usize) -> Bounds {
    let pages = total.div_ceil(size).max(1);
    let index = page.min(pages - 1);
    let items = index * size..((index + 1) * size).min(total);
    Bounds { items, page: Page { index, pages, total, has_previous: index > 0, has_next: index + 1 < pages, text: String::new() } }
}

/// Whether an organisation is the one being looked for (an empty search finds every one).
pub fn found(find: &str, name: &str, code: &str) -> bool {
    let wanted = find.trim().to_lowercase();
    wanted.is_empty() || name.to_lowercase().contains(&wanted) || code.to_lowercase().contains(&wanted)
}

/// The overview's rows that match the query, sorted, and the page asked for.
/// The page's cells are worded here (`view` may be [`super::overview_unworded`]'s).
pub fn overview_page(analysis: &crate::analysis::Analysis, view: &OverviewView, query: &RowQuery) -> OverviewView {
    let mut rows: Vec<&OverviewRow> = view
        .rows
        .iter()
        .filter(|r| found(&query.find, &r.name, &r.code))
        .filter(|r| match query.show {
            Show::All => true,
            Show::Worse => r.worse > 0,
            Show::Better => r.better > 0,
        })
        .collect();
    if let Some(by) = &query.sort {
        // An indicator's column is sorted by its keys, found for every organisation once, which
        // already run the way asked (organisations without a comparison last either way).
        let column = match by {
            SortBy::Indicator(i) => super::overview::column_keys(analysis, view, *i, query.descending),
            SortBy::Named(_) => None,
        };
        // A stable sort: ties keep file order, whichever way the column is sorted.
        crate::order::sort_by(&mut rows, |a, b| match &column {
            Some(keys) => keys.get(a.org()).cmp(&keys.get(b.org())),
            None if query.descending => compare_rows(a, b, by).reverse(),
            None => compare_rows(a, b, by),
        });
    }
    let (rows, page) = page_of_size(rows, query.page, OVERVIEW_PAGE_SIZE, ("organisation", "organisations"));
    let mut rows: Vec<OverviewRow> = rows.into_iter().cloned().collect();
    let mut answer = view.without_rows(analysis, query.column_page);
    if let Some(SortBy::Indicator(i)) = query.sort {
        answer.sorted_elsewhere = super::overview::sorted_elsewhere(analysis, &answer, i, query.descending);
    }
    super::overview::fill_rows(analysis, &answer, &mut rows);
    answer.rows = rows;
    answer.page = Some(page);
    answer
}

fn compare_rows(a: &OverviewRow, b: &OverviewRow, by: &SortBy) -> std::cmp::Ordering {
    match by {
        // Not a column of the overview (one beyond the first it shows): file order.
        SortBy::Indicator(_) => std::cmp::Ordering::Equal,
        SortBy::Named(Column::Name) => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
        SortBy::Named(Column::Code) => a.code.cmp(&b.code),
        SortBy::Named(Column::Better) => a.better.cmp(&b.better),
        SortBy::Named(Column::Worse) => a.worse.cmp(&b.worse),
        SortBy::Named(Column::Teaches) => a.teaches.cmp(&b.teaches),
        SortBy::Named(Column::Learns) => a.learns.cmp(&b.learns),
    }
}

/// One indicator's results table, found by name or code, and the page asked for.
pub fn indicator_page(mut view: IndicatorView, query: &RowQuery) -> IndicatorView {
    let rows = std::mem::take(&mut view.rows).into_iter().filter(|r| found(&query.find, &r.name, &r.code)).collect();
    let (rows, page) = page_of(rows, query.page, ("organisation", "organisations"));
    view.rows = rows;
    view.page = Some(page);
    view
}

/// The ranked organisations' table cut to the page asked for (where the name or code is
/// found), best first as drawn; `rows_only` leaves the chart out (another page of the table).
pub fn caterpillar_page(mut view: CaterpillarView, query: &RowQuery, rows_only: bool) -> CaterpillarView {
    let rows = std::mem::take(&mut view.rows).into_iter().filter(|r| found(&query.find, &r.name, &r.code)).collect();
    let (rows, page) = page_of(rows, query.page, ("organisation", "organisations"));
    view.rows = rows;
    view.page = Some(page);
    if rows_only {
        view.scene = crate::chart::Scene::default();
    }
    view
}

/// The learning pairs of one indicator (or all), where the learner or teacher is found, and the
/// page asked for.
/// page asked for; the role cards and the unmatched cut to what a page can hold.
pub fn pairing_page(view: &PairingView, query: &RowQuery) -> PairingView {
    let wanted = query.indicator.as_deref().filter(|i| !i.is_empty());
    let rows: Vec<&PairRow> = view
        .rows
        .iter()
        .filter(|r| wanted.is_none_or(|i| r.indicator == i))
        .filter(|r| found(&query.find, &r.learner, &r.learner_code) || found(&query.find, &r.teacher, &r.teacher_code))
        .collect();
    let (rows, page) = page_of(rows, query.page, ("pair", "pairs"));
    let roles_note =
        (view.roles.len() > ROLE_CARDS_SHOWN).then(|| format!("The first {ROLE_CARDS_SHOWN} are shown here; the roles download has every organisation."));
    let unmatched_note = (view.unmatched.len() > UNMATCHED_SHOWN).then(|| format!("The first {UNMATCHED_SHOWN} are shown."));
    PairingView {
        summary: view.summary.clone(),
        headings: view.headings.clone(),
        rows: rows.into_iter().cloned().collect(),
        page: Some(page),
        roles: view.roles.iter().take(ROLE_CARDS_SHOWN).cloned().collect(),
        roles_heading: view.roles_heading.clone(),
        roles_note,
        unmatched: view.unmatched.iter().take(UNMATCHED_SHOWN).cloned().collect(),
        unmatched_heading: view.unmatched_heading.clone(),
        unmatched_note,
        sets: view.sets,
        indicators: view.indicators.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_say_where_they_are() {
        let (rows, page) = page_of((0..600).collect::<Vec<_>>(), 1, ("organisation", "organisations"));
        assert_eq!(rows.first(), Some(&250));
        assert_eq!(rows.len(), 250);
        assert_eq!(page.text, "Rows 251 to 500 of 600 organisations");
        assert!(page.has_previous && page.has_next);
        let (rows, page) = page_of((0..600).collect::<Vec<_>>(), 9, ("organisation", "organisations"));
        assert_eq!((rows.len(), page.index, page.has_next), (100, 2, false), "past the end is the last page");
        let (_, page) = page_of(vec![1], 0, ("pair", "pairs"));
        assert_eq!(page.text, "1 pair.");
        let (_, page) = page_of(Vec::<u8>::new(), 0, ("pair", "pairs"));
        assert_eq!((page.text.as_str(), page.pages), ("0 pairs.", 1));
    }

    #[test]
    fn finding_matches_name_or_code_in_any_case() {
        assert!(found(" leeds ", "The Leeds Practice", "B86001"));
        assert!(found("b86", "The Leeds Practice", "B86001"));
        assert!(!found("york", "The Leeds Practice", "B86001"));
        assert!(found("", "", ""));
    }

    #[test]
    fn a_query_reads_from_the_page_and_refuses_a_misspelling() {
        let q: RowQuery = serde_json::from_str(r#"{"find":"x","show":"worse","sort":3,"descending":true,"page":2}"#).unwrap();
        assert_eq!((q.show, q.sort, q.page), (Show::Worse, Some(SortBy::Indicator(3)), 2));
        let q: RowQuery = serde_json::from_str(r#"{"sort":"teaches"}"#).unwrap();
        assert_eq!(q.sort, Some(SortBy::Named(Column::Teaches)));
        assert!(serde_json::from_str::<RowQuery>(r#"{"serach":"x"}"#).is_err());
    }
}
