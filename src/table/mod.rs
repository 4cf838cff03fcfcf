//! Bytes to a table of text cells, with no meaning attached yet.
//!
//! Decoding (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 as Excel writes on UK
//! Windows) and delimiter sniffing live here; what the columns mean is `dataset`'s business.

mod decode;
#[cfg(feature = "workbook")]
mod guard;
pub mod join;
mod split;
pub mod transfer;
#[cfg(feature = "workbook")]
pub(crate) mod workbook;

use std::borrow::Cow;

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
    /// Every row's cells, each row's joined by one ASCII byte, so that a cell starts one byte
    /// after the one before. A delimited file's text is the file itself: its rows where the
    /// file has them, delimiters included, with what lies between rows (line ends) left there.
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
    /// Where the row's first cell starts in the table's text.
    start: u32,
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

/// Whether two cells hold the same text: their lengths, then their bytes in place. The cells
/// compared row after row (codes, periods, indicators) are short, and a call to `memcmp` for each
/// was a twentieth of mapping a big file.
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// One data row of a [`RawTable`].
#[derive(Debug, Clone, Copy)]
pub struct RawRow<'a> {
    /// The row number the user sees in their spreadsheet (1-based, counting the header).
    pub row: u32,
    /// Index of this row among the data rows (0-based).
    pub index: u32,
    text: &'a str,
    /// Where the row's first cell starts in `text`, and where each of its cells ends.
    start: u32,
    ends: &'a [u32],
}

impl<'a> RawRow<'a> {
    /// The cell in column `index`, or `None` when the row is too short to have it.
    pub fn cell(&self, index: usize) -> Option<&'a str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index.checked_sub(1) {
            None => self.start as usize,
            Some(before) => self.ends[before] as usize + 1,
        };
        self.text.get(start..end)
    }

    /// Number of cells in this row (may differ from the header's).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
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
        self.rows.get(index).map(|span| self.raw_row(index, span))
    }

    pub fn rows(&self) -> impl Iterator<Item = RawRow<'_>> + '_ {
        self.rows.iter().enumerate().map(move |(i, span)| self.raw_row(i, span))
    }

    fn raw_row(&self, index: usize, span: &RowSpan) -> RawRow<'_> {
        let first = span.first_cell as usize;
        // Every table is made with its rows' cells in `cell_ends` (checked when passed as bytes).
        let ends = self.cell_ends.get(first..first.saturating_add(span.cell_count as usize)).unwrap_or(&[]);
        RawRow { row: span.row, index: index as u32, text: &self.text, start: span.start, ends }
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
    read_file(Cow::Borrowed(bytes), sheet)
}

/// [`read_table_sheet`] of bytes the table may keep when they are owned: a text file's own
/// bytes then become the table's text, so that reading it holds no second copy of the file
/// (the wasm boundary hands over its copy).
pub fn read_file(bytes: Cow<'_, [u8]>, sheet: Option<&SheetChoice>) -> Result<RawTable> {
    if transfer::is_transfer(&bytes) {
        return transfer::decode(&bytes);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(
            ErrorKind::Empty,
            "The file is empty: there is nothing to analyse. Choose a CSV or Excel file with a header row and one row per organisation.",
        ));
    }
    if is_workbook(&bytes) {
        return read_workbook(&bytes, sheet);
    }
    if let Some(kind) = recognise_binary(&bytes) {
        return Err(Error::new(ErrorKind::NotATable, kind));
    }
    let (text, from, encoding) = decode::decode_owned(bytes);
    if text.len() > u32::MAX as usize {
        return Err(too_large());
    }
    let delimiter = sniff_delimiter(&text[from..]);
    split::split(text, from, delimiter)?.finish(encoding, delimiter, Vec::new(), None)
}

fn too_large() -> Error {
    Error::new(ErrorKind::NotATable, "The file is larger than 4 GB of text, more than Allteach can hold. Split it into smaller files.")
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

/// Collects rows into a [`RawTable`]; the header is found among the first rows when it is done.
struct Builder {
    text: String,
    cell_ends: Vec<u32>,
    rows: Vec<RowSpan>,
}

impl Builder {
    #[cfg(feature = "workbook")]
    fn with_capacity(bytes: usize, cells: usize, rows: usize) -> Self {
        Builder { text: String::with_capacity(bytes), cell_ends: Vec::with_capacity(cells), rows: Vec::with_capacity(rows) }
    }

    /// Appends one row of cells.
    #[cfg(feature = "workbook")]
    fn push<S: AsRef<str>>(&mut self, row: u32, cells: impl IntoIterator<Item = S>) {
        push_cells(&mut self.text, &mut self.cell_ends, &mut self.rows, row, cells);
    }

    fn finish(self, encoding: Encoding, delimiter: u8, sheets: Vec<String>, sheet: Option<String>) -> Result<RawTable> {
        if self.text.len() > u32::MAX as usize {
            return Err(too_large());
        }
        let Builder { text, cell_ends, rows } = self;
        let mut table = RawTable { headers: Vec::new(), header_row: 0, encoding, delimiter, sheets, sheet, text, cell_ends, rows };
        let Some(at) = header_at(&table) else {
            return Err(Error::new(ErrorKind::Empty, "The file is empty: there is nothing to analyse."));
        };
        let header = table.rows().nth(at).map(|r| (r.row, (0..r.len()).map(|i| r.cell(i).unwrap_or("").trim().to_string()).collect()));
        (table.header_row, table.headers) = header.unwrap_or_default();
        table.rows.drain(..=at);
        Ok(table)
    }
}

/// How many leading rows are looked at to find the header.
const HEADER_SEARCH: usize = 30;

fn filled(row: &RawRow) -> usize {
    (0..row.len()).filter(|&i| row.cell(i).is_some_and(|c| !c.trim().is_empty())).count()
}

/// Title and note rows above the header are common in NHS publications. The header is the first
/// row, of the first rows after any blank ones, that fills at least 60 % as many cells as the
/// fullest of them (and at least two): title rows above it fill one or two cells. `None` when
/// every row is blank.
fn header_at(table: &RawTable) -> Option<usize> {
    let first = table.rows().position(|r| !r.is_blank())?;
    let early: Vec<usize> = table.rows().skip(first).take(HEADER_SEARCH).map(|r| filled(&r)).collect();
    let widest = early.iter().copied().max().unwrap_or(0);
    Some(first + early.iter().position(|&f| f >= 2 && f * 10 >= widest * 6).unwrap_or(0))
}

/// Appends one row of cells to a table's text, joined by one byte as [`RawTable::text`] needs.
fn push_cells<S: AsRef<str>>(text: &mut String, cell_ends: &mut Vec<u32>, rows: &mut Vec<RowSpan>, row: u32, cells: impl IntoIterator<Item = S>) {
    let (first_cell, start) = (cell_ends.len() as u32, text.len() as u32);
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(cell.as_ref());
        cell_ends.push(text.len() as u32);
    }
    rows.push(RowSpan { row, first_cell, cell_count: cell_ends.len() as u32 - first_cell, start });
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
fn sniff_delimiter(text: &[u8]) -> u8 {
    let first = text.split(|&b| b == b'\n').map(String::from_utf8_lossy).find(|l| !l.trim().is_empty()).unwrap_or_default();
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
