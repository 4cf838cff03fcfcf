//! A raw table plus the options become a dataset: organisations' measures (numerator and
//! denominator, mean and spread, or a plain value), grouped by indicator, with every row either
//! used or excluded with a reason.

pub mod bins;
mod collect;
mod columns;
mod pairs;
pub mod period;
mod rows;
mod totals;
pub mod understand;
mod values;

pub use columns::{header_words, resolve_columns, sentence, ResolvedColumns};
pub use values::{parse_count, parse_value, CellProblem};

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, ErrorKind, Result};
use crate::options::{IndicatorSpec, IndicatorType, Options};
use crate::table::{RawRow, RawTable};

/// One usable row: an organisation's counts for one indicator. Its code and name stay in the
/// table (see [`Dataset::code`]), so mapping a national file allocates nothing per row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// Spreadsheet row number.
    pub row: u32,
    /// Index of the data row in the table.
    pub record: u32,
    pub measure: Measure,
    /// Index into [`Dataset::periods`] (0 when the file has no period column).
    pub period: u32,
    /// The organisation, numbered by its code as written (trimmed) in order of first use, below
    /// [`Dataset::organisations`]: later stages group rows by this number, not by their text
    /// (grouping by text was a fifth of analysing a national file of ten years).
    pub org: u32,
}

/// What one row says about an organisation, by indicator type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// Proportion (x of n), rate (events per population) or ratio (observed over expected).
    Counts { numerator: f64, denominator: f64 },
    /// A mean with its sample standard deviation and sample size.
    Summary { mean: f64, sd: f64, n: f64 },
    /// One value: an individual measurement (for means from row-level data) or an indicator
    /// value with no interval.
    Value(f64),
}

/// The observations of one indicator, in file order, with its own settings.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorData {
    pub id: String,
    pub name: String,
    pub observations: Vec<Observation>,
    pub indicator_type: IndicatorType,
    /// Per-indicator polarity and display scale from `indicators`, when given.
    pub polarity: Option<crate::stats::Polarity>,
    pub multiplier: Option<f64>,
    /// Whether the measure is denominator − numerator (its name then counts what is compared against).
    pub complement: bool,
}

/// A row that was not used, and why, in the user's coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// Spreadsheet row number (1-based, counting the header and any rows above it).
    pub row: u32,
    /// The column at fault, by its header text; `None` when the whole row is at fault.
    pub column: Option<String>,
    /// A sentence saying what was wrong and what to do.
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub table: RawTable,
    pub headers: Vec<String>,
    pub header_row: u32,
    pub columns: ResolvedColumns,
    pub indicators: Vec<IndicatorData>,
    pub rows_read: usize,
    rows_used: usize,
    pub exclusions: Vec<Exclusion>,
    /// Problems in rows that were still used for other indicators (wide files).
    pub partly_used: Vec<Exclusion>,
    /// The periods of the file in time order (one unnamed period when there is no period column).
    pub periods: Vec<String>,
    /// How many organisations the observations number ([`Observation::org`]).
    pub organisations: usize,
    /// Their codes, by number: an observation's code without reading its row again (reading
    /// each result's row was most of building a national report's organisations).
    codes: Codes,
    /// Observations about the file as a whole (encoding used, columns guessed...).
    pub notes: Vec<String>,
}

/// Texts numbered in the order they were added, kept one after another in one string.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Codes {
    text: String,
    ends: Vec<u32>,
}

impl Codes {
    fn push(&mut self, code: &str) {
        self.text.push_str(code);
        self.ends.push(self.text.len() as u32);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> Option<&str> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? as usize };
        self.text.get(start..*self.ends.get(i)? as usize)
    }
}

impl Dataset {
    /// Rows that fed at least one indicator.
    pub fn rows_used(&self) -> usize {
        self.rows_used
    }

    /// The organisation code of an observation (trimmed, never empty).
    pub fn code(&self, o: &Observation) -> &str {
        self.codes.get(o.org as usize).unwrap_or("")
    }

    /// The organisation name of an observation, when the file has one.
    pub fn name(&self, o: &Observation) -> Option<&str> {
        self.cell(o.record, self.columns.name)
    }

    /// Code and name by data row index.
    pub fn record_code(&self, record: u32) -> &str {
        self.cell(record, Some(self.columns.code)).unwrap_or("")
    }

    pub fn record_name(&self, record: u32) -> Option<&str> {
        self.cell(record, self.columns.name)
    }

    /// Columns whose cells are (almost all) numbers.
    pub fn numeric_headers(&self) -> Vec<&str> {
        columns::numeric_columns(&self.table, &[]).into_iter().map(|i| self.headers[i].as_str()).collect()
    }

    /// The numeric columns offered as context for peers: not the mapping's, nor any indicator's
    /// measure, limits or bookkeeping.
    pub fn context_headers(&self) -> Vec<&str> {
        columns::context_columns(&self.table, &self.role_columns()).into_iter().map(|i| self.headers[i].as_str()).collect()
    }

    /// Every column the mapping uses (the organisation, the period, each measure).
    fn role_columns(&self) -> Vec<usize> {
        let c = &self.columns;
        let mut roles: Vec<usize> =
            [Some(c.code), c.name, c.indicator, c.period, c.indicator_name, c.numerator, c.denominator, c.value, c.sd].into_iter().flatten().collect();
        roles.extend(c.numerator_extra.iter().chain(&c.denominator_extra));
        roles
    }

    /// A cell's trimmed text by data row index and column.
    pub fn record_text(&self, record: u32, column: usize) -> Option<&str> {
        self.cell(record, Some(column))
    }

    /// A cell as a number (thousands separators allowed), `None` if missing or not a number.
    pub fn record_number(&self, record: u32, column: usize) -> Option<f64> {
        let row = self.table.row(record as usize)?;
        parse_count(row.cell(column)).ok()
    }

    fn cell(&self, record: u32, column: Option<usize>) -> Option<&str> {
        // The column first: a file without names would otherwise visit each result's row for nothing.
        let column = column?;
        cell_text(&self.table.row(record as usize)?, column)
    }

    /// Map a raw table to a dataset. Rows with problems become exclusions; only a table with
    /// no usable row, or without the columns an analysis needs, is an error.
    pub fn from_table(table: RawTable, options: &Options) -> Result<Dataset> {
        let given_specs: &[IndicatorSpec] = options.indicators.as_deref().unwrap_or(&[]);
        // Obvious column pairs make a wide file without settings; `indicators` entries then
        // give settings to them by name.
        let detected = detected_indicators(&table, options, given_specs);
        let specs: &[IndicatorSpec] = if detected.is_empty() { given_specs } else { &detected };
        let wide = specs.iter().any(|s| s.has_columns());
        check_specs(specs, wide, options)?;
        let columns = resolve_columns(&table, &options.columns, options.indicator_type, wide)?;
        // Each indicator of a wide file reads its own measure columns.
        let wide_columns: Vec<(String, String, ResolvedColumns)> = if wide { wide_indicators(&table, specs, &columns, options)? } else { Vec::new() };
        let (period_order, period_runs) = columns.period.map_or((period::PeriodOrder::none(), 1), |col| period::PeriodOrder::with_runs(&table, col));
        let notes = reading_notes(&table, &columns, &period_order, &detected);

        let period_keys = period_order.keys();
        let checks = rows::RowChecks::new(&table, &columns, options, period_order)?;
        // Rows month after month find duplicates by month first (see `collect::FirstRows`).
        let by_period = period_keys.len() == 1 || period_runs.saturating_mul(4) <= table.row_count();
        let mut collector = collect::Collector::new(&table, &columns, specs, &wide_columns, (&period_keys, by_period));
        let mut mapped = Mapped::default();
        let total = table.row_count();
        for first in (0..total).step_by(crate::progress::ROWS_PER_CALL) {
            mapped.add_rows(&table, first..total.min(first + crate::progress::ROWS_PER_CALL), &checks, &mut collector);
            crate::progress::report(crate::progress::Stage::Mapping, first as f64 / total as f64);
        }
        let Mapped { exclusions, partly_used, rows_used, period_labels } = mapped;
        let codes = collector.codes();
        let organisations = codes.len();
        let (mut indicators, period_keys_of) = (collector.indicators, collector.period_keys_of);
        drop(checks);
        // Periods in time order; observations point at them.
        let mut keys: Vec<i64> = period_labels.labels.keys().copied().collect();
        keys.sort_unstable();
        let periods: Vec<String> = if columns.period.is_some() { keys.iter().map(|k| period_labels.labels[k].clone()).collect() } else { vec![String::new()] };
        for (indicator, keys_of) in indicators.iter_mut().zip(&period_keys_of) {
            for (o, key) in indicator.observations.iter_mut().zip(keys_of) {
                o.period = keys.binary_search(key).unwrap_or(0) as u32;
            }
        }
        let dataset = Dataset {
            headers: table.headers.clone(),
            header_row: table.header_row,
            columns,
            indicators,
            rows_read: table.row_count(),
            rows_used,
            periods,
            organisations,
            codes,
            exclusions,
            partly_used,
            notes,
            table,
        };
        if dataset.rows_used() == 0 {
            return Err(nothing_usable(&dataset));
        }
        Ok(dataset)
    }
}

/// What mapping the rows has found so far, besides the observations the collector holds.
#[derive(Default)]
struct Mapped {
    exclusions: Vec<Exclusion>,
    partly_used: Vec<Exclusion>,
    rows_used: usize,
    period_labels: PeriodLabels,
}

impl Mapped {
    /// Maps the table's `rows` (a range of at most [`crate::progress::ROWS_PER_CALL`]).
    #[inline(never)] // see ROWS_PER_CALL
    fn add_rows<'t>(&mut self, table: &'t RawTable, rows: std::ops::Range<usize>, checks: &rows::RowChecks<'t>, collector: &mut collect::Collector<'t>) {
        for raw in rows.filter_map(|i| table.row(i)) {
            let code = checks.code(&raw);
            if let Some(exclusion) = checks.not_data(&raw, code) {
                self.exclusions.push(exclusion);
                continue;
            }
            let keys = match checks.keys(&raw, code) {
                Ok(keys) => keys,
                Err(exclusion) => {
                    self.exclusions.push(exclusion);
                    continue;
                }
            };
            if let Some(label) = keys.period_label {
                self.period_labels.note(keys.period, label);
            }
            match collector.add(&raw, &keys) {
                (true, problems) => {
                    self.rows_used += 1;
                    self.partly_used.extend(problems);
                }
                (false, problems) => self.exclusions.extend(problems.into_iter().next()),
            }
        }
    }
}

/// Each period key's label as first written. Rows of one period mostly come together, so the
/// map is asked only when a row's key is not the last row's.
#[derive(Default)]
struct PeriodLabels {
    labels: HashMap<i64, String>,
    last: Option<i64>,
}

impl PeriodLabels {
    fn note(&mut self, key: i64, label: &str) {
        if self.last != Some(key) {
            self.labels.entry(key).or_insert_with(|| label.to_string());
            self.last = Some(key);
        }
    }
}

/// The indicators' settings that contradict the file's shape.
fn check_specs(specs: &[IndicatorSpec], wide: bool, options: &Options) -> Result<()> {
    if wide && options.columns.indicator.is_some() {
        return Err(Error::new(
            ErrorKind::BadOptions,
            "Give either an indicator column (columns.indicator, a long file) or indicators with their own columns (a wide file), not both.",
        ));
    }
    if !wide && specs.iter().any(|s| s.indicator_type.is_some() && s.indicator_type != options.indicator_type) {
        return Err(Error::new(
            ErrorKind::BadOptions,
            "A type for one indicator applies to wide files (indicators with their own columns); in a long file set the type for all with the type option.",
        ));
    }
    Ok(())
}

/// What the reading itself found worth saying: periods kept in file order, the text encoding,
/// columns detected, and column pairs taken as indicators.
fn reading_notes(table: &RawTable, columns: &ResolvedColumns, period_order: &period::PeriodOrder, detected: &[IndicatorSpec]) -> Vec<String> {
    let mut notes = Vec::new();
    if let (period::PeriodOrder::FileOrder(order), Some(col)) = (period_order, columns.period) {
        let mut labels: Vec<(&String, &i64)> = order.iter().collect();
        crate::order::sort_by_key(&mut labels, |(_, k)| **k);
        let shown: Vec<&str> = labels.iter().map(|(l, _)| l.as_str()).collect();
        notes.push(format!(
            "The periods in \"{}\" ({}) are not dates, months, quarters or years that Allteach reads, so they are taken in the order they first appear in the file. If that is not their order, sort the file by period.",
            table.headers[col],
            crate::error::list(&shown)
        ));
    }
    if table.encoding != crate::table::Encoding::Utf8 {
        notes.push(format!("The file was read as {} text.", table.encoding.label()));
    }
    notes.extend(columns.notes.iter().cloned());
    if !detected.is_empty() {
        let first = |l: &Option<crate::options::ColumnList>| l.as_ref().map_or(String::new(), |l| l.names().join(" + "));
        let list: Vec<String> = detected.iter().map(|s| format!("{} (\"{}\" / \"{}\")", s.id, first(&s.numerator), first(&s.denominator))).collect();
        notes.push(format!(
            "Found {} indicators as column pairs: {}. To analyse one pair alone, name its columns in the settings (columns.numerator and columns.denominator).",
            detected.len(),
            list.join(", ")
        ));
    }
    notes
}

/// The indicators of a wide file found as obvious column pairs (see `pairs.rs`), with any
/// settings `indicators` gives them by name. Only when the options name no indicator or measure
/// column themselves and the file has no indicator column (a long file).
fn detected_indicators(table: &RawTable, options: &Options, given: &[IndicatorSpec]) -> Vec<IndicatorSpec> {
    let c = &options.columns;
    let counts = matches!(options.indicator_type, None | Some(IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio));
    let named = c.indicator.is_some() || c.numerator.is_some() || c.denominator.is_some() || c.value.is_some();
    if !counts || named || given.iter().any(|s| s.has_columns()) || columns::indicator_column(table, c).is_some() {
        return Vec::new();
    }
    pairs::detect_pairs(&table.headers)
        .into_iter()
        .map(|pair| {
            let settings = given.iter().find(|s| s.id == pair.name).cloned().unwrap_or_default();
            IndicatorSpec {
                id: pair.name.clone(),
                name: settings.name.or(Some(pair.name)),
                numerator: Some(table.headers[pair.numerator].clone().into()),
                denominator: Some(table.headers[pair.denominator].clone().into()),
                value: None,
                ..settings
            }
        })
        .collect()
}

/// The columns of each indicator of a wide file: (id, name, columns).
fn wide_indicators(table: &RawTable, specs: &[IndicatorSpec], base: &ResolvedColumns, options: &Options) -> Result<Vec<(String, String, ResolvedColumns)>> {
    let find = |name: &Option<String>, role: &str, id: &str| -> Result<Option<usize>> {
        match name {
            None => Ok(None),
            Some(name) => columns::find_header(table, name).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::MissingColumn,
                    format!("The {role} column \"{name}\" of the indicator \"{id}\" is not in the file. Its columns are: {}.", columns::list_headers(table)),
                )
            }),
        }
    };
    let mut out = Vec::new();
    for spec in specs {
        if spec.id.trim().is_empty() {
            return Err(Error::new(ErrorKind::BadOptions, "Every entry of indicators needs an id."));
        }
        let in_indicator = |e: Error| Error::new(e.kind(), format!("{} (In the indicator \"{}\".)", e.message(), spec.id));
        let (numerator, numerator_extra) = columns::given_list(table, "numerator", spec.numerator.as_ref()).map_err(in_indicator)?;
        let (denominator, denominator_extra) = columns::given_list(table, "denominator", spec.denominator.as_ref()).map_err(in_indicator)?;
        let value = find(&spec.value, "value", &spec.id)?;
        let indicator_type = spec.indicator_type.or(options.indicator_type).unwrap_or(match (numerator, denominator, value) {
            (Some(_), Some(_), _) => IndicatorType::Proportion,
            _ => IndicatorType::Value,
        });
        let counts = matches!(indicator_type, IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio);
        if counts && (numerator.is_none() || denominator.is_none()) {
            return Err(Error::new(
                ErrorKind::BadOptions,
                format!("The indicator \"{}\" is a {} and needs both a numerator and a denominator column.", spec.id, indicator_type.as_str()),
            ));
        }
        if !counts && value.is_none() {
            return Err(Error::new(ErrorKind::BadOptions, format!("The indicator \"{}\" is a {} and needs a value column.", spec.id, indicator_type.as_str())));
        }
        let columns = ResolvedColumns {
            numerator,
            denominator,
            value,
            sd: None,
            indicator_type,
            numerator_extra,
            denominator_extra,
            complement: spec.complement,
            ..base.clone()
        };
        let name = spec.name.clone().unwrap_or_else(|| match (columns.numerator_label(&table.headers), columns.denominator_label(&table.headers), value) {
            (Some(n), Some(d), _) => columns::sentence(&format!("{n} out of {d}")),
            (_, _, Some(v)) => table.headers[v].clone(),
            _ => spec.id.clone(),
        });
        out.push((spec.id.clone(), name, columns));
    }
    Ok(out)
}

/// The distinct values of a column with their row counts, most rows first (ties in file order),
/// at most `limit` of them, and how many more there are: what a filter can pick from.
pub fn column_values(table: &RawTable, column: &str, limit: usize) -> Option<(Vec<(String, usize)>, usize)> {
    let col = columns::find_header(table, column)?;
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::default();
    for row in table.rows() {
        let value = row.cell(col).map_or("", str::trim);
        let next = counts.len();
        counts.entry(value).or_insert((0, next)).0 += 1;
    }
    let mut values: Vec<(&str, (usize, usize))> = counts.into_iter().collect();
    crate::order::sort_by(&mut values, |a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    let more = values.len().saturating_sub(limit);
    Some((values.into_iter().take(limit).map(|(v, (n, _))| (v.to_string(), n)).collect(), more))
}

/// Headers of a table's columns of numbers (see [`Dataset::numeric_headers`]).
pub fn numeric_headers(table: &RawTable) -> Vec<String> {
    columns::numeric_columns(table, &[]).into_iter().map(|i| table.headers[i].clone()).collect()
}

/// Headers offered as context for peers, leaving out the columns in `roles` (see [`Dataset::context_headers`]).
pub fn context_headers(table: &RawTable, roles: &[usize]) -> Vec<String> {
    columns::context_columns(table, roles).into_iter().map(|i| table.headers[i].clone()).collect()
}

/// Organisation codes are short, with no spaces or sentence punctuation, and in capitals or with
/// digits ("A81001", "RJ1", "E92000001"); a lone "Notes:" or "Source" below a table is not one.
fn looks_like_code(text: &str) -> bool {
    text.len() <= 20
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && (text.chars().any(|c| c.is_ascii_digit()) || !text.chars().any(|c| c.is_ascii_lowercase()))
}

fn cell_text<'a>(raw: &RawRow<'a>, col: usize) -> Option<&'a str> {
    raw.cell(col).map(crate::table::trim).filter(|c| !c.is_empty())
}

fn missing_cell(raw: &RawRow, col: usize, column: &str, what: &str) -> Exclusion {
    let reason = if raw.len() <= col {
        format!("The row has only {} cells, fewer than the header, so it has no {what}. Complete the row, or remove it.", raw.len())
    } else {
        format!("The cell is empty, so the row has no {what}. Fill in the {what}, or remove the row.")
    };
    Exclusion { row: raw.row, column: Some(column.to_string()), reason }
}

/// Read and check one row's measure for the indicator type: PHE's input rules
/// (`phe_proportion`, `phe_rate`, `calculate_ISRatio`, `phe_mean`; docs/methods.md §1).
fn read_measure(raw: &RawRow, c: &ResolvedColumns) -> std::result::Result<Measure, (usize, String)> {
    let number = |col: usize, role: &str| parse_count(raw.cell(col)).map_err(|p| (col, p.sentence(role)));
    match c.indicator_type {
        IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio => {
            let (Some(nc), Some(dc)) = (c.numerator, c.denominator) else {
                return Err((c.code, "The numerator and denominator columns are not set.".into()));
            };
            let (numerator_word, denominator_word) = match c.indicator_type {
                IndicatorType::Ratio => ("observed count", "expected count"),
                _ => ("numerator", "denominator"),
            };
            let sum = |first: usize, extra: &[usize], word: &str| -> std::result::Result<f64, (usize, String)> {
                let mut total = number(first, word)?;
                for &col in extra {
                    total += number(col, word)?;
                }
                Ok(total)
            };
            let mut x = sum(nc, &c.numerator_extra, numerator_word)?;
            let n = sum(dc, &c.denominator_extra, denominator_word)?;
            if c.complement {
                // "Seen within four hours" = attendances − those over four hours.
                if x > n {
                    return Err((
                        nc,
                        format!(
                            "The count ({}) is larger than the denominator ({}), so the rest (denominator − count) would be negative. Check the two columns.",
                            fmt_num(x),
                            fmt_num(n)
                        ),
                    ));
                }
                x = n - x;
            }
            if x < 0.0 {
                return Err((nc, format!("The {numerator_word} is negative ({}). Counts must be zero or more.", fmt_num(x))));
            }
            if n <= 0.0 {
                return Err((dc, format!("The {denominator_word} is {}. It must be greater than zero.", fmt_num(n))));
            }
            if c.indicator_type == IndicatorType::Proportion && x > n {
                return Err((
                    nc,
                    format!(
                        "The numerator ({}) is larger than the denominator ({}). For a proportion the numerator must not exceed the denominator: check that the two columns are the right way round, or set the type to rate.",
                        fmt_num(x),
                        fmt_num(n)
                    ),
                ));
            }
            Ok(Measure::Counts { numerator: x, denominator: n })
        }
        IndicatorType::Mean | IndicatorType::Value => {
            let Some(vc) = c.value else {
                return Err((c.code, "The value column is not set.".into()));
            };
            let value = parse_value(raw.cell(vc)).map_err(|p| (vc, p.sentence("value")))?;
            match (c.indicator_type, c.sd, c.denominator) {
                (IndicatorType::Mean, Some(sc), Some(nc)) => {
                    let sd = number(sc, "standard deviation")?;
                    let n = number(nc, "sample size")?;
                    if sd < 0.0 {
                        return Err((sc, format!("The standard deviation is negative ({}).", fmt_num(sd))));
                    }
                    if n < 2.0 {
                        return Err((nc, format!("The sample size is {}; a mean's interval needs at least 2.", fmt_num(n))));
                    }
                    Ok(Measure::Summary { mean: value, sd, n })
                }
                _ => Ok(Measure::Value(value)),
            }
        }
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn nothing_usable(dataset: &Dataset) -> Error {
    if dataset.rows_read == 0 {
        return Error::new(
            ErrorKind::NothingUsable,
            format!("The file has a header (row {}) but no rows of data below it, so there is nothing to compare. Check that this is the file (or sheet) with the figures.", dataset.header_row),
        );
    }
    let mut message = format!("None of the {} rows could be used.", dataset.rows_read);
    if let Some(first) = dataset.exclusions.first() {
        match &first.column {
            Some(col) => message.push_str(&format!(" For example, row {}, column \"{col}\": {}", first.row, first.reason)),
            None => message.push_str(&format!(" For example, row {}: {}", first.row, first.reason)),
        }
    } else {
        message.push_str(" The file has a header but no data rows.");
    }
    Error::new(ErrorKind::NothingUsable, message)
}

#[cfg(test)]
mod tests;

/// Whether text holds a control character other than tab and line breaks.
fn has_control(text: &str) -> bool {
    // The common cell, printable ASCII only, needs no look at its characters one by one.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return false;
    }
    text.chars().any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}')
}
