//! The one error type of the core: raised only when nothing usable can be read.
//! Problems with single rows are not errors: they are [`crate::dataset::Exclusion`]s.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file has no bytes, or only blank lines.
    Empty,
    /// The bytes are not a delimited text table (binary data, a workbook, an image...).
    NotATable,
    /// A column the analysis needs is absent or could not be recognised.
    MissingColumn,
    /// The `options` object asks for something impossible or unknown.
    BadOptions,
    /// Every row was excluded.
    NothingUsable,
}

/// An error whose message is a sentence a non-programmer can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into() }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Most characters of a cell a message quotes: a 500 MB cell must not become a 500 MB message.
pub const QUOTE_MAX: usize = 100;
/// Most names (columns, sheets) a message lists.
pub const LIST_MAX: usize = 20;

/// A cell's text as a message quotes it: at most [`QUOTE_MAX`] characters, saying when cut.
pub fn quote(text: &str) -> String {
    let mut chars = text.char_indices();
    match chars.nth(QUOTE_MAX) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}… ({} characters in all)", &text[..cut], text.chars().count()),
    }
}

/// Names as a message lists them, quoted: at most [`LIST_MAX`], then how many more.
pub fn list<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<String> = names.iter().take(LIST_MAX).map(|n| format!("\"{}\"", quote(n.as_ref()))).collect();
    let more = names.len().saturating_sub(LIST_MAX);
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{}, …and {more} more", shown.join(", "))
    }
}

/// 12345 -> "12,345": counts as messages, labels and axes write them.
pub fn thousands(x: f64) -> String {
    let rounded = x.round() as i64;
    let digits = rounded.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0 {
        format!("-{out}")
    } else {
        out
    }
}
