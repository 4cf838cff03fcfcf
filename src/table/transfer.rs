//! A read table (or the error reading it) as bytes, and back.
//!
//! Workbooks are read by a second, separate wasm module (`src/workbook_module.rs`), loaded only
//! when someone chooses a workbook: calamine, zip, XML and the text-encoding tables are more than
//! a third of the code, and most files are CSV. That module hands the core its result as these
//! bytes, which `read_table` recognises by their opening and reads back as if it had read the
//! workbook itself. Anyone can make a file that starts the same way, so every length and offset
//! is checked before it is used: a damaged or forged table is an error, never a panic.

use super::{Encoding, RawTable, RowSpan};
use crate::error::{Error, ErrorKind, Result};

/// The opening of a table passed as bytes: a zero byte (no text file starts with one), a name,
/// and the format's version.
pub const MAGIC: &[u8; 16] = b"\0allteach table\x02";

const TABLE: u8 = 0;
const FAILED: u8 = 1;

/// Whether `bytes` are a table (or error) passed as bytes.
pub fn is_transfer(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The table read, or the error reading it, as bytes.
pub fn encode(result: &Result<RawTable>) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    match result {
        Err(e) => {
            out.push(FAILED);
            out.push(kind_code(e.kind()));
            put_str(&mut out, e.message());
        }
        Ok(t) => {
            out.push(TABLE);
            put_u32(&mut out, t.header_row);
            out.push(encoding_code(t.encoding));
            out.push(t.delimiter);
            put_strings(&mut out, &t.headers);
            put_strings(&mut out, &t.sheets);
            out.push(u8::from(t.sheet.is_some()));
            put_str(&mut out, t.sheet.as_deref().unwrap_or(""));
            put_str(&mut out, &t.text);
            // The rows' cells only: those of the header and the rows above it are not rows.
            let used = &t.cell_ends[t.rows.first().map_or(t.cell_ends.len(), |r| r.first_cell as usize)..];
            put_u32(&mut out, used.len() as u32);
            used.iter().for_each(|&end| put_u32(&mut out, end));
            put_u32(&mut out, t.rows.len() as u32);
            for span in &t.rows {
                put_u32(&mut out, span.row);
                put_u32(&mut out, span.cell_count);
                put_u32(&mut out, span.start);
            }
        }
    }
    out
}

/// The table (or error) in `bytes`, which start with [`MAGIC`]; an error naming the damage if
/// they do not hold one whole, consistent table.
pub fn decode(bytes: &[u8]) -> Result<RawTable> {
    let mut r = Reader { bytes, at: MAGIC.len() };
    let decoded = match r.u8() {
        Some(FAILED) => r.error().map(Err),
        Some(TABLE) => r.table().map(Ok),
        _ => None,
    };
    match decoded {
        Some(result) if r.at == bytes.len() => result,
        _ => Err(Error::new(
            ErrorKind::NotATable,
            "This file starts like a table passed from Allteach's workbook reader, but it is damaged. Choose the original workbook or CSV file again.",
        )),
    }
}

fn kind_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Empty => 0,
        ErrorKind::NotATable => 1,
        ErrorKind::MissingColumn => 2,
        ErrorKind::BadOptions => 3,
        ErrorKind::NothingUsable => 4,
    }
}

fn encoding_code(encoding: Encoding) -> u8 {
    match encoding {
        Encoding::Utf8 => 0,
        Encoding::Utf16Le => 1,
        Encoding::Utf16Be => 2,
        Encoding::Windows1252 => 3,
    }
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn put_strings(out: &mut Vec<u8>, list: &[String]) {
    put_u32(out, list.len() as u32);
    list.iter().for_each(|s| put_str(out, s));
}

/// Reads the bytes in order; `None` as soon as anything is short or inconsistent.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len())?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes)
    }

    /// A count of items of `size` bytes each, refused if the bytes left cannot hold them (so a
    /// forged count never reserves memory).
    fn count(&mut self, size: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(size)? <= self.bytes.len() - self.at).then_some(n)
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }

    fn error(&mut self) -> Option<Error> {
        let kind = match self.u8()? {
            0 => ErrorKind::Empty,
            1 => ErrorKind::NotATable,
            2 => ErrorKind::MissingColumn,
            3 => ErrorKind::BadOptions,
            4 => ErrorKind::NothingUsable,
            _ => return None,
        };
        Some(Error::new(kind, self.string()?))
    }

    fn table(&mut self) -> Option<RawTable> {
        let header_row = self.u32()?;
        let encoding = match self.u8()? {
            0 => Encoding::Utf8,
            1 => Encoding::Utf16Le,
            2 => Encoding::Utf16Be,
            3 => Encoding::Windows1252,
            _ => return None,
        };
        let delimiter = self.u8()?;
        let headers = self.strings()?;
        let sheets = self.strings()?;
        let has_sheet = self.u8()?;
        let sheet_name = self.string()?;
        let sheet = match has_sheet {
            0 if sheet_name.is_empty() => None,
            1 => Some(sheet_name),
            _ => return None,
        };
        let text = self.string()?;
        let cell_ends = self.cell_ends(&text)?;
        let rows = self.rows(&text, &cell_ends)?;
        Some(RawTable { headers, header_row, encoding, delimiter, sheets, sheet, text, cell_ends, rows })
    }

    /// Cell ends within the text, each between characters.
    fn cell_ends(&mut self, text: &str) -> Option<Vec<u32>> {
        let n = self.count(4)?;
        (0..n).map(|_| self.u32().filter(|&end| text.is_char_boundary(end as usize))).collect()
    }

    /// Rows that take the cells in order, each after the one before, and all of them; each row's
    /// cells in order in the text, one byte apart, every cell starting between characters.
    fn rows(&mut self, text: &str, cell_ends: &[u32]) -> Option<Vec<RowSpan>> {
        let n = self.count(12)?;
        let mut rows = Vec::with_capacity(n);
        let mut first_cell = 0u32;
        for _ in 0..n {
            let (row, cell_count, start) = (self.u32()?, self.u32()?, self.u32()?);
            let end = first_cell.checked_add(cell_count)?;
            let ends = cell_ends.get(first_cell as usize..end as usize)?;
            let mut cell_start = start as usize;
            for &end in ends {
                let end = end as usize;
                if cell_start > end || !text.is_char_boundary(cell_start) {
                    return None;
                }
                cell_start = end + 1;
            }
            text.is_char_boundary(start as usize).then_some(())?;
            rows.push(RowSpan { row, first_cell, cell_count, start });
            first_cell = end;
        }
        (first_cell as usize == cell_ends.len()).then_some(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::read_table;

    fn same(a: &RawTable, b: &RawTable) {
        assert_eq!(
            (&a.headers, a.header_row, a.encoding, a.delimiter, &a.sheets, &a.sheet),
            (&b.headers, b.header_row, b.encoding, b.delimiter, &b.sheets, &b.sheet)
        );
        assert_eq!(a.text, b.text);
        let rows = |t: &RawTable| t.rows().map(|r| (r.row, (0..r.len()).map(|i| r.cell(i).map(str::to_string)).collect::<Vec<_>>())).collect::<Vec<_>>();
        assert_eq!(rows(a), rows(b));
    }

    #[test]
    fn a_table_comes_back_as_it_went() {
        let table = read_table("Title row\n\nCode;Name;N\nA;Ärzte;1\n\nB;\"two\nlines\";2\nC\n".as_bytes()).expect("a table");
        let bytes = encode(&Ok(table.clone()));
        assert!(is_transfer(&bytes));
        same(&decode(&bytes).expect("decoded"), &table);
    }

    #[test]
    fn the_same_through_read_table() {
        let table = read_table(b"Code,N,D\nA,1,2\nB,3,4\n").expect("a table");
        let mut named = table.clone();
        named.sheets = vec!["Notes".into(), "Data".into()];
        named.sheet = Some("Data".into());
        same(&read_table(&encode(&Ok(named.clone()))).expect("read back"), &named);
    }

    #[test]
    fn an_error_comes_back_as_it_went() {
        let error = Error::new(ErrorKind::BadOptions, "The workbook has no sheet \"X\".");
        assert_eq!(decode(&encode(&Err(error.clone()))).expect_err("an error"), error);
    }

    #[test]
    fn damage_anywhere_is_an_error_never_a_panic() {
        let table = read_table("Code,Name,N\nA,Ärzte,1\nB,x,2\n".as_bytes()).expect("a table");
        let bytes = encode(&Ok(table));
        // Every truncation, and every byte changed to each of a few values.
        for cut in MAGIC.len()..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut accepted = 0;
        for at in MAGIC.len()..bytes.len() {
            for value in [0u8, 1, 2, 0x7f, 0x80, 0xC3, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                if let Ok(t) = decode(&damaged) {
                    accepted += 1;
                    // Whatever is accepted is a consistent table: every cell can be read.
                    t.rows().for_each(|r| (0..r.len()).for_each(|i| assert!(r.cell(i).is_some())));
                }
            }
        }
        // Changes to the text's own letters or the row numbers keep a consistent table; a
        // change to a length or offset does not.
        assert!(accepted > 0 && accepted < (bytes.len() - MAGIC.len()) * 7 / 2, "{accepted}");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err(), "trailing bytes");
    }

    /// Every workbook the tests hold (the Excel fixture, the hostile corpus), read and passed as
    /// bytes, gives what reading it directly gives: the same table, or the same error.
    #[cfg(feature = "workbook")]
    #[test]
    fn every_workbook_reads_the_same_passed_as_bytes() {
        let dirs = ["tests/fixtures/excel", "tests/corpus/hostile"].map(|d| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(d));
        let mut tables = 0;
        for path in dirs.iter().flat_map(|d| std::fs::read_dir(d).expect("a test folder")).map(|e| e.expect("an entry").path()) {
            let bytes = std::fs::read(&path).expect("a test file");
            if !crate::table::is_workbook(&bytes) {
                continue;
            }
            let direct = crate::table::read_workbook(&bytes, None);
            match (&direct, decode(&encode(&direct))) {
                (Ok(a), Ok(b)) => {
                    same(a, &b);
                    tables += 1;
                }
                (Err(a), Err(b)) => assert_eq!(a, &b, "{}", path.display()),
                _ => panic!("{}: one read failed and the other did not", path.display()),
            }
        }
        assert!(tables >= 4, "{tables} workbooks read as tables");
    }

    #[test]
    fn a_forged_count_reserves_nothing() {
        let mut bytes = MAGIC.to_vec();
        bytes.push(TABLE);
        bytes.extend_from_slice(&[1, 0, 0, 0, 0, b',']);
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&bytes).is_err());
    }
}
