//! Rows that share organisation, period and indicator: the evidence that a column splits one
//! figure into parts. Two ways to find them, with the same answer: by organisation runs, when
//! each organisation's rows come together (most files), and by every row's key otherwise.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::table::{RawRow, RawTable};

/// Each row (of `rows`, in order) whose key an earlier row has, as (that key's first row, this
/// row), when `differ` says their numbers differ; at most `most` of them.
pub(super) fn by_hash<'t>(
    table: &'t RawTable,
    rows: impl Iterator<Item = RawRow<'t>>,
    key_of: &impl Fn(&RawRow<'t>) -> Key<'t>,
    differ: &impl Fn(u32, &RawRow<'t>) -> bool,
    most: usize,
) -> Vec<(u32, u32)> {
    let mut first = FirstRows::new(table.row_count());
    let mut pairs = Vec::new();
    for row in rows {
        let key = key_of(&row);
        if key.0.is_empty() {
            continue;
        }
        let Some(earlier) = first.earlier(key, row.index, |i| table.row(i as usize).map(|r| key_of(&r))) else { continue };
        if differ(earlier, &row) {
            pairs.push((earlier, row.index));
            if pairs.len() >= most {
                break;
            }
        }
    }
    pairs
}

/// As [`by_hash`], remembering only the keys of the organisation at hand: rows of one key
/// are then all in one organisation's run, so nothing is missed, and a key is looked up in a
/// map of a few dozen instead of one of every row (the national QOF file: about 14 of 17 ms
/// natively spent understanding it went on that map). `None` when an organisation's rows
/// come again after another's: the caller then looks by hash.
pub(super) fn in_runs<'t>(
    rows: impl Iterator<Item = RawRow<'t>>,
    key_of: &impl Fn(&RawRow<'t>) -> Key<'t>,
    differ: &impl Fn(u32, &RawRow<'t>) -> bool,
    most: usize,
) -> Option<Vec<(u32, u32)>> {
    let mut finished: HashSet<&str> = HashSet::default();
    let mut run: HashMap<(&str, &str), u32> = HashMap::default();
    let mut org = "";
    let mut pairs = Vec::new();
    for row in rows {
        let (code, period, indicator) = key_of(&row);
        if code.is_empty() {
            continue;
        }
        if code != org {
            if finished.contains(code) {
                return None;
            }
            finished.insert(org);
            org = code;
            // Clearing costs what the map has room for: after a long run, start afresh.
            if run.capacity() > 1024 {
                run = HashMap::default();
            }
            run.clear();
        }
        let earlier = *run.entry((period, indicator)).or_insert(row.index);
        if earlier != row.index && differ(earlier, &row) {
            pairs.push((earlier, row.index));
            if pairs.len() >= most {
                break;
            }
        }
    }
    Some(pairs)
}

/// The first row of each key (organisation, period, indicator), found by the key's 64-bit hash:
/// a national file has a key per row, and a map of the three texts was most of the time spent
/// understanding it (measured: 23 of 33 ms natively for the national QOF file). Two keys that
/// share a hash are told apart by their texts, so a clash costs a lookup, never a wrong answer.
struct FirstRows<'a> {
    by_hash: HashMap<u64, u32>,
    /// Keys whose hash an earlier, different key has: by their texts.
    clashes: HashMap<Key<'a>, u32>,
}

/// A row's organisation, period and indicator.
pub(super) type Key<'a> = (&'a str, &'a str, &'a str);

impl<'a> FirstRows<'a> {
    fn new(rows: usize) -> Self {
        // Room for a national file's keys up front; a bigger file grows it only as far as the
        // search goes (it often stops at MOST_EVIDENCE pairs), as wasm memory never shrinks.
        FirstRows { by_hash: HashMap::with_capacity_and_hasher(rows.min(1 << 18), Default::default()), clashes: HashMap::default() }
    }

    /// The first row with `key` before this one (`row`), or `None` when this is the first (it
    /// is then remembered). `key_of` gives an earlier row's key.
    fn earlier(&mut self, key: Key<'a>, row: u32, key_of: impl Fn(u32) -> Option<Key<'a>>) -> Option<u32> {
        use std::hash::BuildHasher;
        self.earlier_by(rustc_hash::FxBuildHasher.hash_one(key), key, row, key_of)
    }

    /// As [`FirstRows::earlier`], with the key's hash given (tests give clashing ones).
    fn earlier_by(&mut self, hash: u64, key: Key<'a>, row: u32, key_of: impl Fn(u32) -> Option<Key<'a>>) -> Option<u32> {
        let found = *self.by_hash.entry(hash).or_insert(row);
        if found == row {
            return None;
        }
        if key_of(found) == Some(key) {
            return Some(found);
        }
        let found = *self.clashes.entry(key).or_insert(row);
        (found != row).then_some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::{by_hash, in_runs, FirstRows, Key};
    use crate::table::{read_table, RawRow};

    #[test]
    fn keys_that_share_a_hash_are_told_apart_by_their_texts() {
        let keys: [Key; 5] = [("A1", "2023", "DM"), ("B2", "2023", "DM"), ("A1", "2023", "DM"), ("B2", "2023", "DM"), ("C3", "2024", "HYP")];
        let key_of = |row: u32| keys.get(row as usize).copied();
        let mut first = FirstRows::new(keys.len());
        // Every key given the same hash: only the texts tell them apart.
        let found: Vec<Option<u32>> = keys.iter().enumerate().map(|(row, &key)| first.earlier_by(7, key, row as u32, key_of)).collect();
        assert_eq!(found, [None, None, Some(0), Some(1), None]);
        // With real hashes the answer is the same.
        let mut first = FirstRows::new(keys.len());
        let found: Vec<Option<u32>> = keys.iter().enumerate().map(|(row, &key)| first.earlier(key, row as u32, key_of)).collect();
        assert_eq!(found, [None, None, Some(0), Some(1), None]);
    }

    type Pairs = Vec<(u32, u32)>;

    /// Both searches over a file of code, period, indicator, count (the numbers differ when
    /// the counts' texts do), at most `most` pairs.
    fn both(csv: &str, most: usize) -> (Option<Pairs>, Pairs) {
        fn cell<'t>(row: &RawRow<'t>, c: usize) -> &'t str {
            row.cell(c).unwrap_or("")
        }
        fn key_of<'t>(row: &RawRow<'t>) -> Key<'t> {
            (cell(row, 0), cell(row, 1), cell(row, 2))
        }
        let table = read_table(csv.as_bytes()).expect("a table");
        let differ = |earlier: u32, row: &RawRow<'_>| table.row(earlier as usize).is_some_and(|e| cell(&e, 3) != cell(row, 3));
        (in_runs(table.rows(), &key_of, &differ, most), by_hash(&table, table.rows(), &key_of, &differ, most))
    }

    #[test]
    fn runs_of_organisations_find_what_every_key_finds() {
        // A1's sexes split its figure; B2's second row repeats its first (a plain duplicate);
        // C3 has a row with no code between its own; D4 has three parts of one figure.
        let csv = "code,period,ind,count\nA1,2023,DM,5\nA1,2023,DM,7\nA1,2023,HYP,9\nB2,2023,DM,4\nB2,2023,DM,4\nC3,2023,DM,1\n,2023,DM,2\nC3,2023,DM,3\nD4,2024,DM,1\nD4,2024,DM,2\nD4,2024,DM,3\n";
        let (runs, hashed) = both(csv, 100);
        assert_eq!(hashed, [(0, 1), (5, 7), (8, 9), (8, 10)]);
        assert_eq!(runs.as_deref(), Some(&hashed[..]));
        // Stopping early stops at the same pair.
        let (runs, hashed) = both(csv, 2);
        assert_eq!(hashed, [(0, 1), (5, 7)]);
        assert_eq!(runs, Some(hashed));
    }

    #[test]
    fn an_organisation_seen_again_after_another_sends_the_search_to_every_key() {
        // A1's two rows are apart: runs cannot see them together, so they give way.
        let csv = "code,period,ind,count\nA1,2023,DM,5\nB2,2023,DM,4\nA1,2023,DM,7\n";
        let (runs, hashed) = both(csv, 100);
        assert_eq!(runs, None);
        assert_eq!(hashed, [(0, 2)]);
    }
}
