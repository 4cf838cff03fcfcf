//! What a workbook may claim before calamine reads it. A 2 KB file can claim four billion
//! shared strings, inflate to gigabytes (a zip bomb), point its sectors outside itself or loop;
//! in wasm a panic or a failed allocation stops the core, and a loop freezes it. Each format is
//! checked by code that mirrors the reader calamine uses for it (calamine is pinned to the
//! version these checks follow), then opened by that reader alone.

mod xls;
mod zipped;

use crate::error::{Error, ErrorKind, Result};

/// Most cells read from one sheet: 8 million (wasm32 holds each read cell in 32 bytes, and a
/// national file of 134,000 rows has under a million).
pub const MAX_CELLS: usize = 1 << 23;

/// Which calamine reader may open a workbook that passed its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xls,
    Xlsx,
    Ods,
}

/// The checks for this workbook's format, and which reader may then open it.
pub fn check(bytes: &[u8]) -> Result<Kind> {
    let refused = |r: xls::Rejected| damaged(detail(r.0));
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        xls::check_xls(bytes).map_err(refused)?;
        return Ok(Kind::Xls);
    }
    let refused = |r: zipped::Rejected| damaged(detail(r.0));
    match zipped::check_zip(bytes).map_err(refused)? {
        zipped::ZipKind::Xlsx => {
            zipped::check_shared_strings(bytes).map_err(refused)?;
            zipped::check_styles(bytes).map_err(refused)?;
            Ok(Kind::Xlsx)
        }
        zipped::ZipKind::Ods => {
            zipped::check_ods(bytes).map_err(refused)?;
            Ok(Kind::Ods)
        }
        zipped::ZipKind::Xlsb => Err(Error::new(
            ErrorKind::NotATable,
            "This is an Excel binary workbook (.xlsb), which Allteach does not read: its reader can fail on a damaged file in a way that would stop the page. In Excel, save it as an .xlsx workbook (or the sheet as CSV UTF-8) and choose it again.",
        )),
    }
}

/// A check's finding without its format prefix ("xls: a sector chain loops" → "a sector chain loops").
fn detail(why: &str) -> String {
    why.split_once(": ").map_or(why, |(_, rest)| rest).to_string()
}

fn damaged(detail: String) -> Error {
    if detail.contains("password") {
        return Error::new(ErrorKind::NotATable, "This workbook is password-protected, so it cannot be read. Remove the password in Excel (File > Info > Protect Workbook), save it, and choose it again.");
    }
    Error::new(
        ErrorKind::NotATable,
        format!("This workbook looks damaged and was not read: {detail}. Open it in Excel and save it again (or save the sheet as CSV UTF-8), then retry."),
    )
}
