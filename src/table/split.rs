//! Delimited text split into rows of cells, read the way the `csv` crate reads it (which this
//! replaces, and against which the tests hold it): a cell that starts with `"` runs to the next
//! lone `"` (with `""` inside meaning one `"`, and delimiters and line ends taken as text); a `"`
//! anywhere else is text; LF, CRLF and CR end a row; blank lines are skipped but counted, so
//! each row keeps the number Excel shows (a line break inside quotes belongs to its cell's row).
//!
//! A row's cells are written to the table's text as the file has them, delimiters included,
//! whole stretches at a time; only a quoted cell is copied by itself, without its quotes. Reading
//! through the `csv` crate copied every row twice and checked its text again for UTF-8, though the
//! text was already decoded: about half of reading a file natively.

use super::{Builder, RowSpan};

const QUOTE: u8 = b'"';

/// The rows of `text`, split on `delimiter` (an ASCII byte), before the header is found.
pub(super) fn split(text: &str, delimiter: u8) -> Builder {
    let bytes = text.as_bytes();
    let (cells, rows) = count_cells_and_rows(bytes, delimiter);
    let mut builder = Builder::with_capacity(text.len(), cells, rows);
    let ends_cell = cell_ends_at(delimiter);
    let (mut at, mut line) = (0, 1u32);
    loop {
        let (next, blank) = skip_line_ends(bytes, at);
        (at, line) = (next, line.saturating_add(blank));
        if at >= bytes.len() {
            return builder;
        }
        at = builder.split_row(text, at, &ends_cell, line);
        if builder.rows.len().is_multiple_of(16_384) {
            crate::progress::report(crate::progress::Stage::Reading, at as f64 / bytes.len() as f64);
        }
    }
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

impl Builder {
    /// Splits the row starting at `at` (not a line end) into cells, appends it as row number
    /// `row`, and returns where the row ends (its line end, or the end of the text).
    fn split_row(&mut self, text: &str, mut at: usize, ends_cell: &[bool; 256], row: u32) -> usize {
        let bytes = text.as_bytes();
        let (start, first_cell) = (self.text.len() as u32, self.cell_ends.len() as u32);
        // Bytes from `copied` to `at` belong in the table's text but are not written yet.
        let mut copied = at;
        loop {
            if bytes.get(at) == Some(&QUOTE) {
                self.text.push_str(&text[copied..at]);
                at = self.quoted(text, at + 1);
                copied = at;
            }
            while at < bytes.len() && !ends_cell[bytes[at] as usize] {
                at += 1;
            }
            self.cell_ends.push((self.text.len() + (at - copied)) as u32);
            if at < bytes.len() && bytes[at] != b'\n' && bytes[at] != b'\r' {
                at += 1; // the delimiter: another cell follows, empty if nothing does
                continue;
            }
            self.text.push_str(&text[copied..at]);
            let cell_count = self.cell_ends.len() as u32 - first_cell;
            self.rows.push(RowSpan { row, first_cell, cell_count, start });
            return at;
        }
    }

    /// Writes a quoted cell's text from `at` (just after its opening quote) without its quotes,
    /// and returns where it ends: just after its closing quote, or the end of the text when the
    /// quote is never closed (the rest of the file is then that cell, as the csv crate reads it).
    fn quoted(&mut self, text: &str, mut at: usize) -> usize {
        let bytes = text.as_bytes();
        loop {
            let Some(quote) = bytes[at..].iter().position(|&b| b == QUOTE).map(|q| at + q) else {
                self.text.push_str(&text[at..]);
                return bytes.len();
            };
            self.text.push_str(&text[at..quote]);
            if bytes.get(quote + 1) != Some(&QUOTE) {
                return quote + 1;
            }
            self.text.push('"');
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
