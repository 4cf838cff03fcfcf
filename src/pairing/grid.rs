//! A number for each (organisation, topic) pair: where an organisation sits in an indicator,
//! or its node in the pairing's network. In one flat array when that is small next to what it
//! holds: a national problem (6,378 practices × 21 registers) looks pairs up hundreds of
//! thousands of times, and ordered maps were a tenth of a national pairing's wasm time
//! (measured). A sparse file of many organisations and many indicators, few rows each, would
//! make the array organisations × indicators long (50,000 rows over 2,000 indicators asked for
//! 1.6 GB, 8,000 indicators for more than the machine's 24 GB), so such a grid keeps its
//! pairs in a hash map instead.

use rustc_hash::FxHashMap as HashMap;

#[derive(Debug, Clone)]
pub(crate) enum Grid {
    Flat { organisations: usize, cells: Vec<usize> },
    Sparse(HashMap<(usize, usize), usize>),
}

const EMPTY: usize = usize::MAX;

/// The most cells a flat grid may have beyond a few per pair it holds (8 MB of indexes).
const FLAT_CELLS: usize = 1 << 20;

impl Grid {
    /// A grid for `organisations` × `topics` that will hold about `pairs` pairs.
    pub(crate) fn new(organisations: usize, topics: usize, pairs: usize) -> Self {
        if organisations.saturating_mul(topics) <= FLAT_CELLS.max(pairs.saturating_mul(4)) {
            Grid::Flat { organisations, cells: Vec::new() }
        } else {
            Grid::Sparse(HashMap::default())
        }
    }

    pub(crate) fn get(&self, org: usize, topic: usize) -> Option<usize> {
        match self {
            Grid::Flat { organisations, cells } => cells.get(topic * organisations + org).copied().filter(|&n| n != EMPTY),
            Grid::Sparse(map) => map.get(&(org, topic)).copied(),
        }
    }

    /// The number for (org, topic), made by `make` the first time.
    pub(crate) fn get_or_make(&mut self, org: usize, topic: usize, make: impl FnOnce() -> usize) -> usize {
        match self {
            Grid::Flat { organisations, cells } => {
                let at = topic * *organisations + org;
                if at >= cells.len() {
                    cells.resize(at + 1, EMPTY);
                }
                if cells[at] == EMPTY {
                    cells[at] = make();
                }
                cells[at]
            }
            Grid::Sparse(map) => *map.entry((org, topic)).or_insert_with(make),
        }
    }

    /// How many cells it holds room for (a flat grid's length).
    #[cfg(test)]
    pub(crate) fn room(&self) -> usize {
        match self {
            Grid::Flat { cells, .. } => cells.len(),
            Grid::Sparse(map) => map.len(),
        }
    }
}
