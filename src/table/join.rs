//! A second file joined to the first on the organisation code: its columns are appended to the
//! first file's table, row by row, so that everything downstream (context for peers, a list size
//! as denominator, filters) names them like any other column.

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::{push_cells, RawTable};

/// What a join matched, for the report (`report.joins`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JoinOutcome {
    /// 2 for the first extra file (the data file is 1).
    pub file: usize,
    pub code_column: String,
    /// Organisations of the data file found in this file.
    pub matched: usize,
    /// Codes of the data file not in this file (their joined cells are empty).
    pub unmatched: Vec<String>,
    /// The columns added, as named in the joined table.
    pub columns: Vec<String>,
    /// Codes this file holds more than once: the last row of each is used.
    pub repeated: usize,
}

/// Codes compared as people mean them: trimmed, in capitals.
fn key(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// `main` with the columns of `extra` (all but its code column) appended, matched on
/// `main_code` = `extra_code`. A header the data file already has is renamed "<header> (file N)".
pub fn join(main: RawTable, main_code: usize, extra: &RawTable, extra_code: usize, file: usize) -> (RawTable, JoinOutcome) {
    let added: Vec<usize> = (0..extra.headers.len()).filter(|&c| c != extra_code).collect();
    let mut by_code: HashMap<String, u32> = HashMap::default();
    let mut repeated = 0;
    for row in extra.rows() {
        let code = row.cell(extra_code).map(key).unwrap_or_default();
        if !code.is_empty() && by_code.insert(code, row.index).is_some() {
            repeated += 1;
        }
    }
    let width = main.headers.len();
    let mut headers = main.headers.clone();
    let columns: Vec<String> = added
        .iter()
        .map(|&c| {
            let h = &extra.headers[c];
            if main.headers.iter().any(|m| m.eq_ignore_ascii_case(h)) {
                format!("{h} (file {file})")
            } else {
                h.clone()
            }
        })
        .collect();
    headers.extend(columns.iter().cloned());
    let (mut matched, mut unmatched, mut seen) = (0usize, Vec::new(), rustc_hash::FxHashSet::default());
    let mut arena = String::with_capacity(main.text.len() + main.row_count() * added.len() * 8);
    let (mut cell_ends, mut rows) = (Vec::with_capacity(main.row_count() * headers.len()), Vec::with_capacity(main.row_count()));
    for row in main.rows() {
        let code = row.cell(main_code).map(key).unwrap_or_default();
        let partner = by_code.get(&code).and_then(|&i| extra.row(i as usize));
        if !code.is_empty() && seen.insert(code.clone()) {
            match partner {
                Some(_) => matched += 1,
                None => unmatched.push(row.cell(main_code).unwrap_or("").trim().to_string()),
            }
        }
        let own = (0..width).map(|c| row.cell(c).unwrap_or(""));
        let joined = added.iter().map(|&c| partner.and_then(|p| p.cell(c)).unwrap_or(""));
        // Rows that are notes or blank stay as short as they were, so they are still seen as such.
        let cells: Vec<&str> = if row.is_blank() || partner.is_none() && row.len() < width {
            (0..row.len()).map(|c| row.cell(c).unwrap_or("")).collect()
        } else {
            own.chain(joined).collect()
        };
        push_cells(&mut arena, &mut cell_ends, &mut rows, row.row, cells.iter().copied());
    }
    let table = RawTable { headers, text: arena, cell_ends, rows, ..main.without_rows() };
    let outcome = JoinOutcome { file, code_column: extra.headers[extra_code].clone(), matched, unmatched, columns, repeated };
    (table, outcome)
}
