//! Excel (.xlsx, .xlsb, .xls) and OpenDocument (.ods) workbooks, read from bytes by calamine.
//! Cells become text exactly as the CSV path sees it, so everything downstream is shared.

use std::io::Cursor;

use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsx};

use super::guard::Kind;
use super::{Builder, Encoding, RawTable, SheetChoice};
use crate::error::{Error, ErrorKind, Result};

pub fn read_workbook(bytes: &[u8], choice: Option<&SheetChoice>) -> Result<RawTable> {
    // Each format is checked, then opened by its own reader alone: a broken file of one kind
    // must not fall through to another kind's parser.
    let opened = |e: &dyn std::fmt::Display| {
        Error::new(ErrorKind::NotATable, format!("The workbook could not be opened ({e}). Save it again from Excel, or as CSV UTF-8, and retry."))
    };
    let cursor = Cursor::new(bytes);
    let mut workbook: Sheets<Cursor<&[u8]>> = match super::guard::check(bytes)? {
        Kind::Xls => Sheets::Xls(Xls::new(cursor).map_err(|e| opened(&e))?),
        Kind::Xlsx => Sheets::Xlsx(Xlsx::new(cursor).map_err(|e| opened(&e))?),
        Kind::Ods => Sheets::Ods(Ods::new(cursor).map_err(|e| opened(&e))?),
    };
    let names = workbook.sheet_names();
    if names.is_empty() {
        return Err(Error::new(ErrorKind::Empty, "The workbook has no sheets."));
    }
    let list = || crate::error::list(&names);
    let chosen: Vec<String> = match choice {
        Some(SheetChoice::Name(name)) => match names.iter().find(|n| n.trim().eq_ignore_ascii_case(name.trim())) {
            Some(n) => vec![n.clone()],
            None => return Err(Error::new(ErrorKind::BadOptions, format!("The workbook has no sheet \"{name}\". Its sheets are: {}.", list()))),
        },
        Some(SheetChoice::Index(i)) => match names.get(*i) {
            Some(n) => vec![n.clone()],
            None => {
                return Err(Error::new(
                    ErrorKind::BadOptions,
                    format!("The workbook has {} sheets, so there is no sheet number {i} (counting from 0). Its sheets are: {}.", names.len(), list()),
                ))
            }
        },
        None => names.clone(),
    };
    // With no sheet named, read the first sheet holding a table of figures; failing that, the
    // first holding any table (whose columns then say what is missing).
    let mut found = None;
    let mut fallback = None;
    for name in &chosen {
        let sheet = read_sheet(&mut workbook, name)?;
        if choice.is_some() || holds_table(&sheet, true) {
            found = Some((name, sheet));
            break;
        }
        if fallback.is_none() && holds_table(&sheet, false) {
            fallback = Some((name, sheet));
        }
    }
    if let Some((name, sheet)) = found.or(fallback) {
        let cells: usize = sheet.iter().map(|r| r.1.len()).sum();
        let mut builder = Builder::with_capacity(cells * 8, cells, sheet.len());
        let mut record: Vec<String> = Vec::new();
        let mut previous: Option<u32> = None;
        for (row, cells) in &sheet {
            // Empty rows between filled ones are rows of the table, as in a CSV (they are
            // listed as empty); a gap of thousands is a damaged or hostile file's, not a table's.
            if let Some(p) = previous.filter(|p| row - p <= MAX_EMPTY_GAP) {
                for empty in p + 1..*row {
                    builder.push(empty + 1, [""; 0]);
                }
            }
            previous = Some(*row);
            record.clear();
            // Cells keep their spreadsheet columns: empty ones to their left stay empty.
            for (col, cell) in cells {
                while record.len() < *col as usize {
                    record.push(String::new());
                }
                record.push(cell_text(cell));
            }
            builder.push(row + 1, &record);
        }
        return builder.finish(Encoding::Utf8, b',', names.clone(), Some(name.to_string()));
    }
    Err(Error::new(ErrorKind::NotATable, format!("None of the workbook's sheets holds a table (a header and rows of data). Its sheets are: {}.", list())))
}

/// Most empty rows between two filled rows that are kept as rows of the table.
const MAX_EMPTY_GAP: u32 = 10_000;

/// A sheet's filled cells, row by row in order: `(row, [(column, value)])`, 0-based. Only cells
/// that hold something take memory, whatever range the file claims.
type Sheet = Vec<(u32, Vec<(u32, Data)>)>;

/// One sheet's filled cells. Xlsx sheets are read cell by cell (the range reader reserves rows ×
/// columns, which a file claiming a cell at XFD1048576 makes billions); xls and ods through
/// their ranges, whose size their checks bound (`guard`).
fn read_sheet<RS: std::io::Read + std::io::Seek>(workbook: &mut Sheets<RS>, name: &str) -> Result<Sheet> {
    let failed = |e: &dyn std::fmt::Display| Error::new(ErrorKind::NotATable, format!("The sheet \"{}\" could not be read ({e}).", crate::error::quote(name)));
    let mut cells: Vec<(u32, u32, Data)> = Vec::new();
    let mut take = |pos: (u32, u32), value: Data| -> Result<()> {
        if !matches!(value, Data::Empty) {
            if cells.len() >= super::guard::MAX_CELLS {
                return Err(Error::new(ErrorKind::NotATable, format!("The sheet \"{}\" has more than {} filled cells, more than a browser tab can analyse. Split it (for example by year) and analyse each part.", crate::error::quote(name), super::guard::MAX_CELLS)));
            }
            cells.push((pos.0, pos.1, value));
        }
        Ok(())
    };
    match workbook {
        Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(reader) => reader,
                // A chart sheet: no cells, not a failure of the workbook.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
                Err(e) => return Err(failed(&e)),
            };
            while let Some(cell) = reader.next_cell().map_err(|e| failed(&e))? {
                take(cell.get_position(), Data::from(cell.get_value().clone()))?;
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| failed(&e))?;
            let start = range.start().unwrap_or((0, 0));
            for (r, c, value) in range.used_cells() {
                take((start.0 + r as u32, start.1 + c as u32), value.clone())?;
            }
        }
    }
    cells.sort_unstable_by_key(|c| (c.0, c.1));
    let mut sheet: Sheet = Vec::new();
    for (row, col, value) in cells {
        match sheet.last_mut() {
            Some((r, row_cells)) if *r == row => {
                // The same cell twice (a damaged file): the first stands.
                if row_cells.last().is_some_and(|c| c.0 == col) {
                    continue;
                }
                row_cells.push((col, value));
            }
            _ => sheet.push((row, vec![(col, value)])),
        }
    }
    Ok(sheet)
}

/// At least two rows with two or more filled cells, and (`with_numbers`) a number in each: a
/// contents sheet listing the sheets is a table of text, the data sheet after it one of figures.
fn holds_table(sheet: &Sheet, with_numbers: bool) -> bool {
    let number = |c: &Data| match c {
        Data::Int(_) | Data::Float(_) => true,
        Data::String(s) => s.trim().replace(',', "").parse::<f64>().is_ok(),
        _ => false,
    };
    let rows = sheet.iter().filter(|(_, r)| r.len() >= 2 && (!with_numbers || r.iter().any(|(_, c)| number(c))));
    rows.take(2).count() >= 2
}

/// A cell as text: numbers in their shortest exact form, dates as ISO dates, errors as shown.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => {
            if *b {
                "TRUE".into()
            } else {
                "FALSE".into()
            }
        }
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

/// An Excel serial date (days since 1899-12-30) as YYYY-MM-DD (with the time if it has one).
fn excel_date(serial: f64) -> String {
    // Beyond the years Excel can show (a damaged cell), the number as it is.
    if !(-1e7..1e7).contains(&serial) {
        return format!("{serial}");
    }
    let days = serial.floor() as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days - 25569 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    let seconds = ((serial - serial.floor()) * 86400.0).round() as i64;
    if seconds == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", seconds / 3600, (seconds % 3600) / 60)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_contents_sheet_of_text_is_passed_over_for_the_figures() {
        // Sheets "Contents" (a two-column list of the sheets), "Notes", then "Registers".
        let bytes = include_bytes!("../../tests/corpus/qof_registers_three_sheets.xlsx");
        let table = super::read_workbook(bytes, None).unwrap();
        assert_eq!(table.sheet.as_deref(), Some("Registers"));
        assert_eq!((table.header_row, table.headers[0].as_str()), (3, "Practice code"));
        // Named, a sheet is read whatever it holds.
        let named = super::read_workbook(bytes, Some(&super::SheetChoice::Index(0))).unwrap();
        assert_eq!(named.headers, ["Sheet", "Contents"]);
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(super::excel_date(46174.0), "2026-06-01");
        assert_eq!(super::excel_date(1.0), "1899-12-31");
        assert_eq!(super::excel_date(45292.5), "2024-01-01 12:00");
    }
}
