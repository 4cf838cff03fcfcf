//! Text decoding of the encodings analysts' files arrive in.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Excel's "CSV (Comma delimited)" on UK Windows; used when the bytes are not valid UTF-8.
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Decode a file's bytes to text, stripping any byte-order mark.
pub fn decode_text(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (Cow::Owned(utf16(rest, u16::from_le_bytes)), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (Cow::Owned(utf16(rest, u16::from_be_bytes)), Encoding::Utf16Be);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), Encoding::Utf8),
        Err(_) => (Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()), Encoding::Windows1252),
    }
}

/// [`decode_text`] into bytes the table can keep and rewrite: valid UTF-8, from `.1` on (past a
/// UTF-8 byte-order mark, which stays in place). A UTF-8 file's own bytes are kept, not copied:
/// the wasm boundary hands over its copy of the file, which becomes the table's text.
pub fn decode_owned(bytes: Cow<'_, [u8]>) -> (Vec<u8>, usize, Encoding) {
    let (text, encoding) = decode_text(&bytes);
    // Borrowed text is the bytes themselves after any byte-order mark, already checked.
    let kept = match text {
        Cow::Borrowed(valid) => Ok(valid.len()),
        Cow::Owned(text) => Err(text),
    };
    match kept {
        Ok(len) => {
            let from = bytes.len() - len;
            (bytes.into_owned(), from, encoding)
        }
        Err(text) => (text.into_bytes(), 0, encoding),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// Windows-1252: Latin-1 except for the printable characters Microsoft put in 0x80–0x9F.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™',
        'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}
