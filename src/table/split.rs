//! Delimited text split into rows of cells, read the way the `csv` crate reads it (which this
//! replaces, and against which the tests hold it): a cell that starts with `"` runs to the next
//! lone `"` (with `""` inside meaning one `"`, and delimiters and line ends taken as text); a `"`
//! anywhere else is text; LF, CRLF and CR end a row; blank lines are skipped but counted, so
//! each row keeps the number Excel shows (a line break inside quotes belongs to its cell's row).
//!
//! The rows stay where the file has them, in the file's own bytes: a row is rewritten in place
//! only where a quoted cell loses its quotes (and `""` becomes `"`), so that its cells are one
//! byte apart. Reading through the `csv` crate copied every row twice and checked its text again
//! for UTF-8; copying each row into a text of the table's own held the file twice while it was
//! read (a cohort's 56 MB of attendances: 258 MB of wasm memory then, 216 MB now).

use super::{Builder, RowSpan};
use crate::error::{Error, ErrorKind, Result};

const QUOTE: u8 = b'"';

/// The rows of `text` (valid UTF-8 from `from` on, past any byte-order mark), split on
/// `delimiter` (an ASCII byte), before the header is found; `text` becomes the table's text.
pub(super) fn split(text: Vec<u8>, from: usize, delimiter: u8) -> Result<Builder> {
    let (cells, rows) = count_cells_and_rows(text.get(from..).unwrap_or_default(), delimiter);
    let total = text.len();
    let mut rows_of = Rows { text, cell_ends: Vec::with_capacity(cells), rows: Vec::with_capacity(rows) };
    let ends_cell = cell_ends_at(delimiter);
    let (mut at, mut line) = (from, 1u32);
    while at < total {
        (at, line) = rows_of.split_some(at, line, &ends_cell);
        crate::progress::report(crate::progress::Stage::Reading, at as f64 / total as f64);
    }
    let Rows { text, cell_ends, rows } = rows_of;
    // Only ASCII quotes were taken out, and only ASCII put in their place, so this cannot fail.
    let text =
        String::from_utf8(text).map_err(|_| Error::new(ErrorKind::NotATable, "The file's text could not be read as UTF-8 after its quotes were removed."))?;
    Ok(Builder { text, cell_ends, rows })
}

/// The file's bytes as they are split into rows, with the cells and rows found so far.
struct Rows {
    text: Vec<u8>,
    cell_ends: Vec<u32>,
    rows: Vec<RowSpan>,
}

/// Which bytes end an unquoted cell: the delimiter and the two line-end bytes.
fn cell_ends_at(delimiter: u8) -> [bool; 256] {
    let mut ends = [false; 256];
    for b in [delimiter, b'\n', b'\r'] {
        ends[b as usize] = true;
    }
    ends
}

/// Upper bounds of the cells and rows: delimiters and line ends, counted in one quick pass so
/// that the lists are never reallocated (doubling a list of millions briefly holds both copies).
/// Counted eight bytes at a time, as one number (the wasm has no vector instructions to do it).
fn count_cells_and_rows(bytes: &[u8], delimiter: u8) -> (usize, usize) {
    let (mut separators, mut lf, mut cr) = (0usize, 0usize, 0usize);
    let words = bytes.chunks_exact(8);
    for &b in words.remainder() {
        (separators, lf, cr) = (separators + usize::from(b == delimiter), lf + usize::from(b == b'\n'), cr + usize::from(b == b'\r'));
    }
    for word in words.map(|w| u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])) {
        separators += equal_bytes(word, delimiter).count_ones() as usize;
        lf += equal_bytes(word, b'\n').count_ones() as usize;
        cr += equal_bytes(word, b'\r').count_ones() as usize;
    }
    let line_ends = if lf > 0 { lf } else { cr };
    (separators + line_ends + 1, line_ends + 1)
}

/// The high bit of each byte of `word` that equals `byte`, and no other bit: a byte's low seven
/// bits plus 0x7F reach its high bit unless they are all zero, and cannot carry into the next.
fn equal_bytes(word: u64, byte: u8) -> u64 {
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    !(((x & LOW_SEVEN) + LOW_SEVEN) | x) & !LOW_SEVEN
}

/// The first byte at or after `at` that is not a line end, and how many line ends (a CRLF is one)
/// came before it.
fn skip_line_ends(bytes: &[u8], mut at: usize) -> (usize, u32) {
    let mut count = 0u32;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => at += 2,
            b'\r' | b'\n' => at += 1,
            _ => break,
        }
        count = count.saturating_add(1);
    }
    (at, count)
}

impl Rows {
    /// Splits up to [`crate::progress::ROWS_PER_CALL`] rows from `at`, the `line`-th line (or
    /// the line ends before it), and returns where and on which line it stopped: the end of the
    /// text once every row is split.
    #[inline(never)] // see ROWS_PER_CALL
    fn split_some(&mut self, mut at: usize, mut line: u32, ends_cell: &[bool; 256]) -> (usize, u32) {
        for _ in 0..crate::progress::ROWS_PER_CALL {
            let (next, blank) = skip_line_ends(&self.text, at);
            (at, line) = (next, line.saturating_add(blank));
            if at >= self.text.len() {
                break;
            }
            at = self.split_row(at, ends_cell, line);
        }
        (at, line)
    }

    /// Splits the row starting at `at` (not a line end) into cells, appends it as row number
    /// `row`, and returns where the row ends (its line end, or the end of the text).
    fn split_row(&mut self, mut at: usize, ends_cell: &[bool; 256], row: u32) -> usize {
        let (start, first_cell) = (at as u32, self.cell_ends.len() as u32);
        // Bytes from `copied` to `at` belong to the row but are not yet moved to `written`
        // (where they already are, until a quoted cell has lost its quotes).
        let (mut copied, mut written) = (at, at);
        let len = self.text.len();
        loop {
            if self.text.get(at) == Some(&QUOTE) {
                written = self.keep(copied..at, written);
                (at, written) = self.quoted(at + 1, written);
                copied = at;
            }
            while at < len && !ends_cell[self.text[at] as usize] {
                at += 1;
            }
            self.cell_ends.push((written + (at - copied)) as u32);
            if at < len && self.text[at] != b'\n' && self.text[at] != b'\r' {
                at += 1; // the delimiter: another cell follows, empty if nothing does
                continue;
            }
            let end = self.keep(copied..at, written);
            // What is left behind is spaces: the bytes there may end part-way through a character.
            self.text[end..at].fill(b' ');
            let cell_count = self.cell_ends.len() as u32 - first_cell;
            self.rows.push(RowSpan { row, first_cell, cell_count, start });
            return at;
        }
    }

    /// Moves the bytes of `range` back to `to` (at or before its start); returns where they end.
    fn keep(&mut self, range: std::ops::Range<usize>, to: usize) -> usize {
        let end = to + range.len();
        if range.start != to {
            self.text.copy_within(range, to);
        }
        end
    }

    /// Moves a quoted cell's text from `at` (just after its opening quote) back to `written`,
    /// without its quotes, and returns where the cell ends (just after its closing quote, or the
    /// end of the text when the quote is never closed: the rest of the file is then that cell,
    /// as the csv crate reads it) and where its text now ends.
    fn quoted(&mut self, mut at: usize, mut written: usize) -> (usize, usize) {
        loop {
            let Some(quote) = self.text[at..].iter().position(|&b| b == QUOTE).map(|q| at + q) else {
                let end = self.text.len();
                return (end, self.keep(at..end, written));
            };
            written = self.keep(at..quote, written);
            if self.text.get(quote + 1) != Some(&QUOTE) {
                return (quote + 1, written);
            }
            // `""` is one quote; `written` is behind `quote`, as the opening quote was dropped.
            if let Some(b) = self.text.get_mut(written) {
                *b = QUOTE;
            }
            written += 1;
            at = quote + 2;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn equal_bytes_marks_exactly_the_equal_bytes() {
        for byte in [0u8, b',', b'\n', b'\r', 0x7F, 0x80, 0xFF] {
            for pattern in 0..=255u8 {
                // Each byte of the word is `byte` where the pattern has a bit, else a different byte.
                let bytes: [u8; 8] = std::array::from_fn(|i| if pattern >> i & 1 == 1 { byte } else { byte.wrapping_add(1 + (i * 37 % 254) as u8) });
                let marked = super::equal_bytes(u64::from_le_bytes(bytes), byte);
                let expected = (0..8).filter(|&i| bytes[i] == byte).fold(0u64, |m, i| m | 0x80 << (8 * i));
                assert_eq!(marked, expected, "{bytes:?}");
            }
        }
    }

    #[test]
    fn counts_match_counting_byte_by_byte() {
        let text: Vec<u8> = (0..1000u32).map(|i| b",;\r\n\"ab\xC3"[(i * 7 % 8) as usize]).collect();
        for len in [0, 1, 7, 8, 9, 63, 64, 65, 1000] {
            let bytes = &text[..len];
            let count = |c: u8| bytes.iter().filter(|&&b| b == c).count();
            let line_ends = if count(b'\n') > 0 { count(b'\n') } else { count(b'\r') };
            assert_eq!(super::count_cells_and_rows(bytes, b','), (count(b',') + line_ends + 1, line_ends + 1), "{len}");
        }
    }
}
