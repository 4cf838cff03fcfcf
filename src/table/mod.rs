//! Bytes to a table of text cells, with no meaning attached yet.
//!
//! Decoding (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 as Excel writes on UK
//! Windows) and delimiter sniffing live here; what the columns mean is `dataset`'s business.

mod decode;
#[cfg(feature = "workbook")]
mod guard;
pub mod join;
pub mod transfer;
#[cfg(feature = "workbook")]
pub(crate) mod workbook;

use crate::error::{Error, ErrorKind, Result};
pub use decode::{decode_text, Encoding};

/// A parsed delimited text file. Cells live in one text arena (no allocation per cell or
/// row), which keeps a national file of 134,000 rows fast to read in wasm.
#[derive(Debug, Clone)]
pub struct RawTable {
    /// Header cells, trimmed.
    pub headers: Vec<String>,
    /// The spreadsheet row number of the header (1-based, as Excel shows it).
    pub header_row: u32,
    pub encoding: Encoding,
    pub delimiter: u8,
    /// The sheets of a workbook, and the one read (empty and `None` for a text file).
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    text: String,
    /// End offset in `text` of every cell, row after row.
    cell_ends: Vec<u32>,
    rows: Vec<RowSpan>,
}

#[derive(Debug, Clone, Copy)]
struct RowSpan {
    row: u32,
    first_cell: u32,
    cell_count: u32,
}

/// A cell without the spaces around it, as `str::trim`, with a quick way out for the common cell
/// that starts and ends with a visible ASCII character (trimming in full, char by char, was a
/// twentieth of mapping a big file in wasm).
#[inline]
pub fn trim(cell: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x80).contains(b));
    if visible(cell.as_bytes().first()) && visible(cell.as_bytes().last()) {
        cell
    } else {
        cell.trim()
    }
}

/// One data row of a [`RawTable`].
#[derive(Debug, Clone, Copy)]
pub struct RawRow<'a> {
    /// The row number the user sees in their spreadsheet (1-based, counting the header).
    pub row: u32,
    /// Index of this row among the data rows (0-based).
    pub index: u32,
    table: &'a RawTable,
    span: RowSpan,
}

impl<'a> RawRow<'a> {
    /// The cell in column `index`, or `None` when the row is too short to have it.
    pub fn cell(&self, index: usize) -> Option<&'a str> {
        if index >= self.span.cell_count as usize {
            return None;
        }
        let i = self.span.first_cell as usize + index;
        let start = if i == 0 { 0 } else { self.table.cell_ends[i - 1] as usize };
        let end = self.table.cell_ends[i] as usize;
        self.table.text.get(start..end)
    }

    /// Number of cells in this row (may differ from the header's).
    pub fn len(&self) -> usize {
        self.span.cell_count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.span.cell_count == 0
    }

    pub fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.cell(i).is_none_or(|c| trim(c).is_empty()))
    }
}

impl RawTable {
    /// The table's description (headers, encoding, sheets) with no rows, to build another on.
    fn without_rows(self) -> RawTable {
        RawTable { text: String::new(), cell_ends: Vec::new(), rows: Vec::new(), ..self }
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    pub fn row(&self, index: usize) -> Option<RawRow<'_>> {
        self.rows.get(index).map(|&span| RawRow { row: span.row, index: index as u32, table: self, span })
    }

    pub fn rows(&self) -> impl Iterator<Item = RawRow<'_>> + '_ {
        self.rows.iter().enumerate().map(move |(i, &span)| RawRow { row: span.row, index: i as u32, table: self, span })
    }
}

/// Which sheet of a workbook to read: by name or by 0-based position.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetChoice {
    Name(String),
    Index(usize),
}

/// Parse a CSV (or semicolon-, tab- or pipe-delimited) file, or an Excel or OpenDocument
/// workbook, from its bytes.
pub fn read_table(bytes: &[u8]) -> Result<RawTable> {
    read_table_sheet(bytes, None)
}

static CAUGHT_WORKBOOK_PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many panics inside workbook reading were caught so far in this process. Natively a
/// panic is caught and becomes an error; in wasm it would abort, so the tests require none.
#[doc(hidden)]
pub fn caught_workbook_panics() -> usize {
    CAUGHT_WORKBOOK_PANICS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Zip (xlsx, ods) or OLE (xls) signatures: the files the workbook reader reads.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && looks_like_workbook_zip(bytes) || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A zip that holds a workbook part (the names are stored uncompressed in the zip directory).
fn looks_like_workbook_zip(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    has(b"xl/") || has(b"content.xml")
}

pub fn read_table_sheet(bytes: &[u8], sheet: Option<&SheetChoice>) -> Result<RawTable> {
    if transfer::is_transfer(bytes) {
        return transfer::decode(bytes);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(
            ErrorKind::Empty,
            "The file is empty: there is nothing to analyse. Choose a CSV or Excel file with a header row and one row per organisation.",
        ));
    }
    if is_workbook(bytes) {
        return read_workbook(bytes, sheet);
    }
    if let Some(kind) = recognise_binary(bytes) {
        return Err(Error::new(ErrorKind::NotATable, kind));
    }
    let (text, encoding) = decode_text(bytes);
    let delimiter = sniff_delimiter(&text);

    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());

    let mut record = csv::StringRecord::new();
    // Sized from a count of delimiters and line ends, so that the cell and row lists are never
    // reallocated (doubling a list of millions briefly holds both copies).
    let (separators, lf, cr) = text
        .bytes()
        .fold((0usize, 0usize, 0usize), |(s, lf, cr), b| (s + usize::from(b == delimiter), lf + usize::from(b == b'\n'), cr + usize::from(b == b'\r')));
    let line_ends = if lf > 0 { lf } else { cr };
    let mut builder = Builder::with_capacity(text.len(), separators + line_ends + 1, line_ends + 1);
    // Excel counts a blank line as a row but a line break inside a quoted cell as part of its
    // row. The csv reader skips blank lines and reports where it started reading, so count
    // the line ends it skipped before each record.
    let text_bytes = text.as_bytes();
    let mut next_row = 1u32;
    let mut records = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(Error::new(
                    ErrorKind::NotATable,
                    format!("The file could not be read as a table near line {line}: {e}. Save it again as CSV (comma delimited) and retry."),
                ));
            }
        }
        let start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        records += 1;
        if records.is_multiple_of(16_384) {
            crate::progress::report(crate::progress::Stage::Reading, start as f64 / text_bytes.len() as f64);
        }
        let row = next_row + blank_lines_at(text_bytes, start);
        next_row = row + 1;
        builder.push(row, &record);
    }
    builder.finish(encoding, delimiter, Vec::new(), None)
}

/// A workbook, read here (natively, and in the wasm web tests) by the workbook reader.
#[cfg(feature = "workbook")]
pub fn read_workbook(bytes: &[u8], sheet: Option<&SheetChoice>) -> Result<RawTable> {
    // calamine can panic on a damaged workbook (found by the mutation test). Natively the
    // panic becomes an error here; in wasm it aborts the workbook reader's own instance, and
    // workbook-reader.js says the workbook could not be read.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| workbook::read_workbook(bytes, sheet))).unwrap_or_else(|_| {
        CAUGHT_WORKBOOK_PANICS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Err(Error::new(
            ErrorKind::NotATable,
            "The workbook seems to be damaged and could not be read. Open it in Excel, save it again (or as CSV UTF-8) and retry.",
        ))
    })
}

/// A build without the workbook reader (the shipped core) is handed workbooks already read, by
/// the separate workbook module (see `transfer`); a workbook reaching it means that module was
/// not there to read it.
#[cfg(not(feature = "workbook"))]
pub fn read_workbook(_bytes: &[u8], _sheet: Option<&SheetChoice>) -> Result<RawTable> {
    Err(Error::new(
        ErrorKind::NotATable,
        "This is an Excel or OpenDocument workbook, and Allteach's workbook reader (allteach-workbook.js) was not there to read it. Save the sheet as CSV UTF-8 and choose that, or ask the page's owner to put allteach-workbook.js beside allteach.js (or load it with a <script> of its own).",
    ))
}

/// Collects rows into a [`RawTable`], finding the header among the first rows.
struct Builder {
    headers: Option<(Vec<String>, u32)>,
    early: Vec<(u32, csv::StringRecord)>,
    rows: Vec<RowSpan>,
    arena: String,
    cell_ends: Vec<u32>,
}

impl Builder {
    fn with_capacity(bytes: usize, cells: usize, rows: usize) -> Self {
        Builder { headers: None, early: Vec::new(), rows: Vec::with_capacity(rows), arena: String::with_capacity(bytes), cell_ends: Vec::with_capacity(cells) }
    }

    fn push(&mut self, row: u32, record: &csv::StringRecord) {
        if self.headers.is_none() {
            // Title and note rows above the header are common in NHS publications: hold the
            // first rows back until the header can be told from them.
            if self.early.is_empty() && record.iter().all(|c| c.trim().is_empty()) {
                return;
            }
            self.early.push((row, record.clone()));
            if self.early.len() >= HEADER_SEARCH {
                self.settle_header();
            }
            return;
        }
        push_row(&mut self.arena, &mut self.cell_ends, &mut self.rows, row, record);
    }

    fn settle_header(&mut self) {
        self.headers = Some(take_header(&mut self.early));
        for (row, record) in std::mem::take(&mut self.early) {
            push_row(&mut self.arena, &mut self.cell_ends, &mut self.rows, row, &record);
        }
    }

    fn finish(mut self, encoding: Encoding, delimiter: u8, sheets: Vec<String>, sheet: Option<String>) -> Result<RawTable> {
        if self.headers.is_none() && !self.early.is_empty() {
            self.settle_header();
        }
        let Some((headers, header_row)) = self.headers else {
            return Err(Error::new(ErrorKind::Empty, "The file is empty: there is nothing to analyse."));
        };
        if self.arena.len() > u32::MAX as usize {
            return Err(Error::new(ErrorKind::NotATable, "The file is larger than 4 GB of text, more than Allteach can hold. Split it into smaller files."));
        }
        Ok(RawTable { headers, header_row, encoding, delimiter, text: self.arena, cell_ends: self.cell_ends, rows: self.rows, sheets, sheet })
    }
}

/// How many leading rows are looked at to find the header.
const HEADER_SEARCH: usize = 30;

fn filled(record: &csv::StringRecord) -> usize {
    record.iter().filter(|c| !c.trim().is_empty()).count()
}

/// The header is the first row that fills at least 60 % as many cells as the fullest of the
/// first rows (and at least two): title rows above it fill one or two cells. Removes the
/// header and the rows above it from `early`.
fn take_header(early: &mut Vec<(u32, csv::StringRecord)>) -> (Vec<String>, u32) {
    let widest = early.iter().map(|(_, r)| filled(r)).max().unwrap_or(0);
    let at = early.iter().position(|(_, r)| filled(r) >= 2 && filled(r) * 10 >= widest * 6).unwrap_or(0);
    let (row, record) = early[at].clone();
    early.drain(..=at);
    (record.iter().map(|c| c.trim().to_string()).collect(), row)
}

/// Appends a row read from text: the reader holds its cells as one text already, so it is copied
/// whole (copying cell by cell was an eighth of reading a 200 MB file in wasm).
fn push_row(arena: &mut String, cell_ends: &mut Vec<u32>, rows: &mut Vec<RowSpan>, row: u32, record: &csv::StringRecord) {
    let (first_cell, start) = (cell_ends.len() as u32, arena.len());
    arena.push_str(record.as_slice());
    cell_ends.extend((0..record.len()).filter_map(|i| record.range(i)).map(|cell| (start + cell.end) as u32));
    rows.push(RowSpan { row, first_cell, cell_count: cell_ends.len() as u32 - first_cell });
}

/// Appends one row of cells to a table's arena.
fn push_cells<'c>(arena: &mut String, cell_ends: &mut Vec<u32>, rows: &mut Vec<RowSpan>, row: u32, cells: impl IntoIterator<Item = &'c str>) {
    let first_cell = cell_ends.len() as u32;
    for cell in cells {
        arena.push_str(cell);
        cell_ends.push(arena.len() as u32);
    }
    rows.push(RowSpan { row, first_cell, cell_count: cell_ends.len() as u32 - first_cell });
}

/// Number of empty lines (LF, CRLF or CR endings) starting at `start`.
fn blank_lines_at(text: &[u8], start: usize) -> u32 {
    let mut i = start;
    // The reader may stop between the CR and LF of a CRLF line end: that LF ends the last row.
    if i > 0 && text.get(i - 1) == Some(&b'\r') && text.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut count = 0;
    while i < text.len() {
        match text[i] {
            b'\r' if text.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => break,
        }
        count += 1;
    }
    count
}

/// Names well-known non-table formats so the message can say what to do instead.
fn recognise_binary(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(
            "This is a zipped file but not an Excel or OpenDocument workbook that could be opened. Choose a CSV file, or an .xlsx, .xls or .ods workbook."
                .into(),
        );
    }
    if bytes.starts_with(b"\x89PNG") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || bytes.starts_with(b"GIF8") {
        return Some("This is a picture, not a table. Choose the CSV or Excel file the figures came from.".into());
    }
    if bytes.starts_with(b"%PDF") {
        return Some("This is a PDF document, not a table. Choose the CSV file the figures came from.".into());
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let head = &bytes[..bytes.len().min(8192)];
    // A stray NUL or control byte in text is named with its row and column later; only a file
    // where they are common (more than 8, and over 1 in 200 bytes) is binary.
    let control = head.iter().filter(|&&b| b == 0 || (b < 0x09) || (0x0E..0x20).contains(&b)).count();
    if !utf16 && control > 8 && control > head.len() / 200 {
        return Some("This file is not a text table: it contains binary data. Choose a CSV file (in Excel: File > Save As > CSV UTF-8).".into());
    }
    None
}

/// The delimiter that splits the first non-blank line into the most fields, outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut best = (b',', 0usize);
    for candidate in [b',', b';', b'\t', b'|'] {
        let mut in_quotes = false;
        let mut count = 0;
        for b in first.bytes() {
            if b == b'"' {
                in_quotes = !in_quotes;
            } else if b == candidate && !in_quotes {
                count += 1;
            }
        }
        if count > best.1 {
            best = (candidate, count);
        }
    }
    best.0
}

#[cfg(test)]
mod tests;
