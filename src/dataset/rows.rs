//! The checks each row of the table goes through, in order, each small and named: whether it is
//! data at all (blank, damaged, a note, misaligned, a breakdown, left out by a filter, a total),
//! and then its keys (organisation, indicator, period). A row that fails one is an
//! [`Exclusion`] with its row, column and a sentence.

use super::period::PeriodOrder;
use super::{cell_text, columns, has_control, looks_like_code, missing_cell, totals, Exclusion, ResolvedColumns};
use crate::error::{quote, Error, ErrorKind, Result};
use crate::options::{BenchmarkOption, Options, ScalarValue};
use crate::table::{RawRow, RawTable};

/// Fingertips' breakdown rows (deprivation deciles and the like) carry a category type.
pub(crate) const CATEGORY_TYPE: &str = "Category Type";

/// A filter of the options: its column, the values kept, and whether it applies to the
/// benchmark row too (it does when the benchmark has a row it keeps: "Sex: Persons" picks
/// England's Persons row, while "Area Type: GPs" must not drop England).
struct Filter {
    column: usize,
    keep: Vec<ScalarValue>,
    applies_to_benchmark: bool,
}

/// The keys of a row that is data.
pub(super) struct RowKeys<'t> {
    pub code: &'t str,
    pub indicator: &'t str,
    /// The period's sort key (0 without a period column) and its label as written.
    pub period: i64,
    pub period_label: Option<&'t str>,
}

/// What every row is checked against, worked out once before the rows are read.
pub(super) struct RowChecks<'t> {
    table: &'t RawTable,
    columns: &'t ResolvedColumns,
    filters: Vec<Filter>,
    /// A named benchmark row (e.g. England), kept whatever a filter on the kind of area says.
    benchmark: Option<&'t str>,
    category_type: Option<usize>,
    period_order: PeriodOrder,
    /// The last row's period label and key: rows of one period often come together.
    last_period: std::cell::Cell<Option<(&'t str, i64)>>,
}

impl<'t> RowChecks<'t> {
    pub fn new(table: &'t RawTable, columns: &'t ResolvedColumns, options: &'t Options, period_order: PeriodOrder) -> Result<Self> {
        let benchmark = match &options.benchmark {
            Some(BenchmarkOption::Organisation { code }) => Some(code.trim()),
            _ => None,
        };
        let mut filters = Vec::with_capacity(options.filter.len());
        for (name, value) in &options.filter {
            let column = columns::find_header(table, name).ok_or_else(|| {
                Error::new(
                    ErrorKind::MissingColumn,
                    format!("The filter names the column \"{name}\", but the file has no such column. Its columns are: {}.", columns::list_headers(table)),
                )
            })?;
            let keep = value.values().to_vec();
            let applies_to_benchmark = benchmark.is_some_and(|b| benchmark_has(table, columns.code, b, column, &keep));
            filters.push(Filter { column, keep, applies_to_benchmark });
        }
        let category_type = table.headers.iter().position(|h| h == CATEGORY_TYPE);
        Ok(RowChecks { table, columns, filters, benchmark, category_type, period_order, last_period: Default::default() })
    }

    fn header(&self, column: usize) -> String {
        self.table.headers[column].clone()
    }

    fn excluded(&self, raw: &RawRow, column: Option<usize>, reason: String) -> Exclusion {
        Exclusion { row: raw.row, column: column.map(|c| self.header(c)), reason }
    }

    /// The row's organisation code, trimmed (`None` when empty): what both checks below start from.
    pub fn code(&self, raw: &RawRow<'t>) -> Option<&'t str> {
        cell_text(raw, self.columns.code)
    }

    /// Why the row is not data, if it is not: the first check it fails. `code` is [`Self::code`].
    pub fn not_data(&self, raw: &RawRow<'t>, code: Option<&'t str>) -> Option<Exclusion> {
        if let Some(e) = self.blank(raw, code).or_else(|| self.control_character(raw)).or_else(|| self.note(raw, code)) {
            return Some(e);
        }
        let is_benchmark = self.benchmark.is_some_and(|b| code.is_some_and(|c| c.eq_ignore_ascii_case(b)));
        self.too_many_cells(raw)
            .or_else(|| self.category_breakdown(raw))
            .or_else(|| self.filtered_out(raw, is_benchmark))
            .or_else(|| self.total(raw, code, is_benchmark))
    }

    /// Only a row without a code can be blank: tested first, as it is the common case.
    fn blank(&self, raw: &RawRow, code: Option<&str>) -> Option<Exclusion> {
        (code.is_none() && raw.is_blank()).then(|| self.excluded(raw, None, "The row is empty.".into()))
    }

    /// A control character (NUL and the like) in the code or name: a damaged file, or binary
    /// data inside text; the row is named rather than the file refused.
    fn control_character(&self, raw: &RawRow) -> Option<Exclusion> {
        let damaged = |c: usize| raw.cell(c).is_some_and(has_control);
        let column = if damaged(self.columns.code) { self.columns.code } else { self.columns.name.filter(|&c| damaged(c))? };
        Some(self.excluded(raw, Some(column), "The cell holds a control character (an invisible byte such as NUL), which a text table should not contain: this part of the file may be damaged. Remove the character, or the row, and retry.".into()))
    }

    /// A note or footnote: one filled cell in a table of three or more columns.
    fn note(&self, raw: &RawRow, code: Option<&str>) -> Option<Exclusion> {
        let filled = (0..raw.len()).filter(|&i| raw.cell(i).is_some_and(|c| !crate::table::trim(c).is_empty())).take(2).count();
        if filled != 1 || self.table.headers.len() < 3 || code.is_some_and(looks_like_code) {
            return None;
        }
        let text = (0..raw.len()).find_map(|i| raw.cell(i).map(str::trim).filter(|c| !c.is_empty())).unwrap_or("");
        let shown: String = text.chars().take(60).collect();
        Some(self.excluded(raw, None, format!("Only one cell is filled in (\"{shown}\"): a note or footnote, not a row of data.")))
    }

    /// More cells than the header: a delimiter inside an unquoted value ("1,234", or a name
    /// with a comma) has moved the cells along, so none of them can be trusted.
    fn too_many_cells(&self, raw: &RawRow) -> Option<Exclusion> {
        let width = self.table.headers.len();
        if raw.len() <= width {
            return None;
        }
        let cells = (0..raw.len()).rev().find(|&i| raw.cell(i).is_some_and(|c| !crate::table::trim(c).is_empty())).map_or(0, |i| i + 1);
        (cells > width).then(|| {
            self.excluded(raw, None, format!(
                "The row has {cells} cells, more than the {width} columns of the header, so its values may be in the wrong columns (a delimiter inside a number such as 1,234 or inside a name splits a cell in two). Put quotes around such values, or remove the extra cells, and retry."
            ))
        })
    }

    /// A Fingertips breakdown (a deprivation decile of an area), not the area as a whole.
    fn category_breakdown(&self, raw: &RawRow) -> Option<Exclusion> {
        let column = self.category_type?;
        let kind = cell_text(raw, column)?;
        let category = raw.cell(column + 1).unwrap_or("").trim();
        Some(self.excluded(raw, Some(column), format!("A breakdown by {kind} ({category}), not the area as a whole, so it is not compared with the areas.")))
    }

    /// A value no filter keeps (the benchmark row escapes filters on the kind of area).
    fn filtered_out(&self, raw: &RawRow, is_benchmark: bool) -> Option<Exclusion> {
        let filter = self.filters.iter().filter(|f| !is_benchmark || f.applies_to_benchmark).find(|f| {
            let cell = raw.cell(f.column).unwrap_or("").trim();
            !f.keep.iter().any(|v| v.matches(cell))
        })?;
        let cell = raw.cell(filter.column).unwrap_or("").trim();
        let wanted: Vec<String> = filter.keep.iter().map(|v| format!("\"{}\"", v.display())).collect();
        Some(self.excluded(
            raw,
            Some(filter.column),
            format!("Left out by the filter: the value is \"{}\", and the filter keeps {}.", quote(cell), wanted.join(" or ")),
        ))
    }

    /// A total ("England", "All practices") is not an organisation, unless it is the benchmark.
    fn total(&self, raw: &RawRow, code: Option<&str>, is_benchmark: bool) -> Option<Exclusion> {
        if is_benchmark {
            return None;
        }
        let name = self.columns.name.and_then(|c| cell_text(raw, c));
        let (column, text) = [(self.columns.name, name), (Some(self.columns.code), code)]
            .into_iter()
            .find_map(|(col, text)| Some((col?, text.filter(|t| totals::is_total(t))?)))?;
        Some(self.excluded(raw, Some(column), totals::reason(text, code)))
    }

    /// The organisation, indicator and period of a row that is data. `code` is [`Self::code`].
    pub fn keys(&self, raw: &RawRow<'t>, code: Option<&'t str>) -> std::result::Result<RowKeys<'t>, Exclusion> {
        let c = self.columns;
        let code = code.ok_or_else(|| missing_cell(raw, c.code, &self.header(c.code), "organisation code"))?;
        let indicator = match c.indicator {
            Some(col) => cell_text(raw, col).ok_or_else(|| missing_cell(raw, col, &self.header(col), "indicator"))?,
            None => self.table_default_indicator(),
        };
        let (period, period_label) = match c.period {
            None => (0, None),
            Some(col) => {
                let text = cell_text(raw, col).ok_or_else(|| missing_cell(raw, col, &self.header(col), "period"))?;
                let key = self.period_key(text).ok_or_else(|| {
                    self.excluded(raw, Some(col), format!("The period \"{}\" is not a date, month, quarter, year or financial year that Allteach recognises (e.g. 2024-03, Mar-24, 2023/24, 2024 Q1).", quote(text)))
                })?;
                (key, Some(text))
            }
        };
        Ok(RowKeys { code, indicator, period, period_label })
    }

    /// A period label's key, the last row's again when its label is the same.
    fn period_key(&self, label: &'t str) -> Option<i64> {
        if let Some((_, key)) = self.last_period.get().filter(|(last, _)| crate::table::same_text(last, label)) {
            return Some(key);
        }
        let key = self.period_order.key(label)?;
        self.last_period.set(Some((label, key)));
        Some(key)
    }

    /// The id of the single indicator of a file without an indicator column.
    fn table_default_indicator(&self) -> &'t str {
        &self.columns.default_indicator_id
    }
}

/// Whether a row of the benchmark organisation holds one of `values` in column `col`.
fn benchmark_has(table: &RawTable, code: usize, benchmark: &str, col: usize, values: &[ScalarValue]) -> bool {
    table
        .rows()
        .any(|row| cell_text(&row, code).is_some_and(|c| c.eq_ignore_ascii_case(benchmark)) && values.iter().any(|v| v.matches(row.cell(col).unwrap_or(""))))
}
