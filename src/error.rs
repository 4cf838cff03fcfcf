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
