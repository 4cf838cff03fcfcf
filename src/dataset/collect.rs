//! Rows that are data become observations of their indicators: the one their indicator column
//! names, or every indicator of a wide file. A second row for the same organisation, indicator
//! and period is reported as a duplicate, never merged.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use super::rows::RowKeys;
use super::{cell_text, read_measure, Exclusion, IndicatorData, Measure, Observation, ResolvedColumns};
use crate::options::{IndicatorSpec, IndicatorType};
use crate::table::{RawRow, RawTable};

/// Per indicator, the first observation of each (code in capitals, period): "a81002" and
/// "A81002 " are the organisation A81002 typed differently.
enum FirstRows {
    /// A cell for each (code in capitals, period): the observation's index plus one, 0 before
    /// any; in lanes by period when the file runs period after period, else by code, so that a
    /// row's cell is mostly beside the last row's (hashing sent every row to a random place in
    /// a big table: a quarter of mapping a file of 7 million rows; cells by code for a file
    /// month after month were still a fifth). Used while all indicators' cells stay within
    /// [`Collector`]'s budget.
    Dense(Vec<Vec<u32>>),
    /// Where cells would take too much (few periods per organisation among many): the
    /// observation's index and 32 bits of its hash (8 bytes), its code's number and period
    /// looked up again on a match.
    Sparse(hashbrown::HashTable<(u32, u32)>),
}

/// One indicator a row feeds: its id, its name from the settings (wide files), its columns.
type Target<'a> = (&'a str, &'a str, &'a ResolvedColumns);

/// The indicators as their rows arrive.
pub(super) struct Collector<'a> {
    table: &'a RawTable,
    columns: &'a ResolvedColumns,
    specs: &'a [IndicatorSpec],
    /// Every indicator of a wide file, each with its own columns; empty for a long file.
    wide: Vec<Target<'a>>,
    pub indicators: Vec<IndicatorData>,
    index: HashMap<&'a str, usize>,
    /// The last row's indicator and its place: a file by indicator has runs of one.
    last_slot: Option<(&'a str, usize)>,
    /// First rows, to find duplicates as they come.
    seen: Vec<FirstRows>,
    /// Period keys as read, per indicator and observation; turned into indexes at the end.
    pub period_keys_of: Vec<Vec<i64>>,
    orgs: Orgs<'a>,
    /// Every period key of the file in order: a row's period is its place here.
    period_keys: &'a [i64],
    /// Whether the dense cells are in a lane per period (else a lane per code).
    by_period: bool,
    /// Cells the dense first-row tables may still take in all: two per row of the table, so
    /// at most 8 bytes a row.
    dense_budget: usize,
}

/// Each organisation code as written (trimmed) numbered on first use, with the number of its
/// code in capitals, which is what duplicates are found by ("a81002" is "A81002"): a row's code
/// is hashed once, and finding duplicates compares numbers instead of looking codes up again.
#[derive(Default)]
struct Orgs<'a> {
    /// The last row's code and number: rows of one organisation often come together.
    last: Option<(&'a str, u32)>,
    by_code: HashMap<&'a str, u32>,
    by_key: HashMap<Cow<'a, str>, u32>,
    /// Each organisation's number in `by_key`.
    key_of: Vec<u32>,
    /// Each organisation's code as written (trimmed), one after another.
    codes: super::Codes,
}

impl<'a> Orgs<'a> {
    fn number(&mut self, code: &'a str) -> u32 {
        if let Some((_, org)) = self.last.filter(|(last, _)| crate::table::same_text(last, code)) {
            return org;
        }
        let org = self.number_anew(code);
        self.last = Some((code, org));
        org
    }

    fn number_anew(&mut self, code: &'a str) -> u32 {
        if let Some(&org) = self.by_code.get(code) {
            return org;
        }
        let next_key = self.by_key.len() as u32;
        let key = *self.by_key.entry(code_key(code)).or_insert(next_key);
        let org = self.key_of.len() as u32;
        self.key_of.push(key);
        self.codes.push(code);
        self.by_code.insert(code, org);
        org
    }
}

impl<'a> Collector<'a> {
    pub fn new(
        table: &'a RawTable,
        columns: &'a ResolvedColumns,
        specs: &'a [IndicatorSpec],
        wide: &'a [(String, String, ResolvedColumns)],
        (period_keys, by_period): (&'a [i64], bool),
    ) -> Self {
        let wide = wide.iter().map(|(id, name, c)| (id.as_str(), name.as_str(), c)).collect();
        Collector {
            period_keys,
            by_period,
            dense_budget: 2 * table.row_count().max(1 << 16),
            table,
            columns,
            specs,
            wide,
            indicators: Vec::new(),
            index: HashMap::default(),
            last_slot: None,
            seen: Vec::new(),
            period_keys_of: Vec::new(),
            orgs: Orgs::default(),
        }
    }

    /// Each numbered organisation's code, by its number.
    pub fn codes(&mut self) -> super::Codes {
        std::mem::take(&mut self.orgs.codes)
    }

    /// Adds a row that is data to each indicator it feeds. Returns whether it fed any, and the
    /// problems with the indicators it could not feed.
    pub fn add(&mut self, raw: &RawRow<'a>, keys: &RowKeys<'a>) -> (bool, Vec<Exclusion>) {
        let mut problems = Vec::new();
        let mut used = false;
        let count = self.wide.len().max(1);
        for t in 0..count {
            let (id, spec_name, cols) = if self.wide.is_empty() { (keys.indicator, "", self.columns) } else { self.wide[t] };
            let measure = match read_measure(raw, cols) {
                Ok(m) => m,
                Err((col, reason)) => {
                    problems.push(Exclusion { row: raw.row, column: Some(self.table.headers[col].clone()), reason });
                    continue;
                }
            };
            let slot = self.slot(raw, id, spec_name, cols);
            // Row-level values of a mean are many rows per organisation by design.
            let samples = cols.indicator_type == IndicatorType::Mean && matches!(measure, Measure::Value(_));
            match self.record(slot, raw, keys, measure, samples) {
                Ok(()) => used = true,
                Err(duplicate) => problems.push(duplicate),
            }
        }
        (used, problems)
    }

    /// The indicator's place, made on its first row.
    fn slot(&mut self, raw: &RawRow<'a>, id: &'a str, spec_name: &str, cols: &ResolvedColumns) -> usize {
        if let Some((last, slot)) = self.last_slot {
            if crate::table::same_text(last, id) {
                return slot;
            }
            // A long file gives each organisation's indicators in the same order, one row each
            // (the national QOF file: a lookup by text on every row): try the one after first.
            let next = if slot + 1 < self.indicators.len() { slot + 1 } else { 0 };
            if crate::table::same_text(&self.indicators[next].id, id) {
                self.last_slot = Some((id, next));
                return next;
            }
        }
        if let Some(&slot) = self.index.get(id) {
            self.last_slot = Some((id, slot));
            return slot;
        }
        let spec = self.specs.iter().find(|s| s.id == id);
        let c = self.columns;
        let name = match (spec.and_then(|s| s.name.clone()), c.indicator, c.indicator_name.and_then(|col| cell_text(raw, col))) {
            (Some(name), _, _) => name,
            (None, Some(_), Some(name)) if name != id => name.to_string(),
            (None, Some(_), _) => id.to_string(),
            (None, None, _) if !self.wide.is_empty() => spec_name.to_string(),
            (None, None, _) => c.default_indicator_name.clone(),
        };
        self.indicators.push(IndicatorData {
            id: id.to_string(),
            name,
            observations: Vec::new(),
            indicator_type: cols.indicator_type,
            polarity: spec.and_then(|s| s.polarity).map(Into::into),
            multiplier: spec.and_then(|s| s.multiplier),
            complement: cols.complement,
        });
        self.seen.push(FirstRows::Dense(Vec::new()));
        self.period_keys_of.push(Vec::new());
        self.index.insert(id, self.indicators.len() - 1);
        self.indicators.len() - 1
    }

    /// The observation, or the duplicate it would be.
    fn record(&mut self, slot: usize, raw: &RawRow, keys: &RowKeys<'a>, measure: Measure, samples: bool) -> Result<(), Exclusion> {
        let org = self.orgs.number(keys.code);
        let key = self.orgs.key_of[org as usize];
        let index = self.indicators[slot].observations.len() as u32;
        if !samples {
            if let Some(first) = self.first_row(slot, key, keys.period, index) {
                return Err(self.duplicate(slot, raw, keys, first));
            }
        }
        self.indicators[slot].observations.push(Observation { row: raw.row, record: raw.index, measure, period: 0, org });
        self.period_keys_of[slot].push(keys.period);
        Ok(())
    }

    /// The earlier observation of the same organisation (code in capitals) and period if there
    /// is one; else `index` (the observation about to be added) is noted as the first.
    fn first_row(&mut self, slot: usize, key: u32, period: i64, index: u32) -> Option<u32> {
        // Every period a row can have is among the keys; were one not, the hash table takes over.
        let ordinal = self.period_keys.binary_search(&period).ok();
        if let (FirstRows::Dense(lanes), Some(ordinal)) = (&mut self.seen[slot], ordinal) {
            let (lane, at) = if self.by_period { (ordinal, key as usize) } else { (key as usize, ordinal) };
            let lane_length = if self.by_period { at + 1 } else { self.period_keys.len() };
            let lanes_more = (lane + 1).saturating_sub(lanes.len());
            let cells_more = lanes.get(lane).map_or(lane_length, |l| lane_length.saturating_sub(l.len()));
            // A lane costs about as much as six cells.
            let more = cells_more + 6 * lanes_more;
            if more <= self.dense_budget {
                self.dense_budget -= more;
                if lanes_more > 0 {
                    lanes.resize_with(lane + 1, Vec::new);
                }
                if cells_more > 0 {
                    lanes[lane].resize(lane_length, 0);
                }
                let cell = &mut lanes[lane][at];
                let first = cell.checked_sub(1);
                if first.is_none() {
                    *cell = index + 1;
                }
                return first;
            }
        }
        if matches!(self.seen[slot], FirstRows::Dense(_)) {
            self.seen[slot] = FirstRows::Sparse(self.sparse_of(slot));
        }
        let short_hash = first_row_hash(key, period);
        let hash = spread(short_hash);
        let (observations, keys_of) = (&self.indicators[slot].observations, &self.period_keys_of[slot]);
        let key_at = |i: u32| self.orgs.key_of[observations[i as usize].org as usize];
        let FirstRows::Sparse(table) = &mut self.seen[slot] else { return None };
        if let Some(&(i, _)) = table.find(hash, |&(i, _)| keys_of[i as usize] == period && key_at(i) == key) {
            return Some(i);
        }
        table.insert_unique(hash, (index, short_hash), |&(_, short)| spread(short));
        None
    }

    /// The hash table of an indicator's first rows so far, for when its dense cells would
    /// outgrow the budget (row-level values of a mean are never in it: they repeat by design).
    /// Every observation so far is a first row: duplicates were never added.
    fn sparse_of(&self, slot: usize) -> hashbrown::HashTable<(u32, u32)> {
        let data = &self.indicators[slot];
        let mut table = hashbrown::HashTable::with_capacity(data.observations.len());
        for (i, (o, &period)) in data.observations.iter().zip(&self.period_keys_of[slot]).enumerate() {
            if data.indicator_type == IndicatorType::Mean && matches!(o.measure, Measure::Value(_)) {
                continue;
            }
            let short = first_row_hash(self.orgs.key_of[o.org as usize], period);
            table.insert_unique(spread(short), (i as u32, short), |&(_, short)| spread(short));
        }
        table
    }

    /// The sentence for a duplicate row, naming the row it repeats.
    fn duplicate(&self, slot: usize, raw: &RawRow, keys: &RowKeys, first: u32) -> Exclusion {
        let c = self.columns;
        let first_observation = &self.indicators[slot].observations[first as usize];
        let written = raw.cell(c.code).unwrap_or(keys.code);
        let first_written = self.table.row(first_observation.record as usize).and_then(|r| r.cell(c.code)).unwrap_or("");
        // When only capitals or spaces differ, say so: shown alone, the two codes look unrelated.
        let (shown, differs) = if written == first_written {
            (keys.code.to_string(), String::new())
        } else {
            (written.to_string(), format!(" as \"{first_written}\": the codes differ only in capitals or spaces, so they are the same organisation"))
        };
        Exclusion {
            row: raw.row,
            column: Some(self.table.headers[c.code].clone()),
            reason: format!(
                "The organisation \"{shown}\" appears again for the same indicator{} (first on row {}{differs}). Each organisation should appear once: remove or combine the duplicate rows.",
                if c.period.is_some() { " and period" } else { "" },
                first_observation.row
            ),
        }
    }
}

/// A 32-bit hash of a (code in capitals, period) key; entries keep it so that a growing table
/// can rehash them without looking their codes up again.
fn first_row_hash(code_key: u32, period: i64) -> u32 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    code_key.hash(&mut hasher);
    period.hash(&mut hasher);
    // Both halves folded: FxHasher is 32-bit on wasm32, where the top half is zero.
    let full = hasher.finish();
    (full ^ (full >> 32)) as u32
}

/// The table's 64-bit hash from the 32 kept: it files entries by the top bits as well as the
/// bottom ones, so the 32 are mixed into both.
fn spread(short: u32) -> u64 {
    u64::from(short).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(32) ^ u64::from(short)
}

/// A code as compared for duplicates: in capitals, allocating only when it has lower case.
fn code_key(code: &str) -> Cow<'_, str> {
    if code.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(code.to_ascii_uppercase())
    } else {
        Cow::Borrowed(code)
    }
}
