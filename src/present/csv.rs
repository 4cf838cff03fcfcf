//! CSV as the downloads write it: a UTF-8 byte-order mark (so that Excel opens it with the right
//! characters), CRLF line ends, quotes where a cell needs them, formula-like text guarded.
//! Written field by field into one text: building each row's cells as strings first made two
//! million small strings for the national results file, most of the 470-580 ms it took natively.

use std::fmt::Write;

/// A CSV being written, one row at a time.
pub struct Csv {
    text: String,
    /// Fields written in the row so far.
    fields: usize,
    /// Where a field written through `Display` is put before it is quoted (kept, not remade).
    scratch: String,
}

impl Csv {
    /// A CSV with its header row written.
    pub fn with_header(header: &[&str]) -> Csv {
        let mut csv = Csv { text: String::from("\u{feff}"), fields: 0, scratch: String::new() };
        csv.row(header);
        csv
    }

    /// Appends a field to the row being written.
    pub fn field(&mut self, text: &str) {
        self.separate();
        push_cell(&mut self.text, text);
    }

    /// Appends a field already made a cell by [`cell`] (a long sentence repeated on every row).
    pub fn cell(&mut self, cell: &str) {
        self.separate();
        self.text.push_str(cell);
    }

    /// Appends a field as `Display` writes it (a number, a value with its unit).
    pub fn shown(&mut self, value: impl std::fmt::Display) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = write!(scratch, "{value}");
        self.field(&scratch);
        self.scratch = scratch;
    }

    /// Appends a field of several texts, each after the first preceded by `between`.
    pub fn joined<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>, between: &str) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        for (i, text) in texts.into_iter().enumerate() {
            scratch.push_str(if i > 0 { between } else { "" });
            scratch.push_str(text);
        }
        self.field(&scratch);
        self.scratch = scratch;
    }

    /// Ends the row being written.
    pub fn end_row(&mut self) {
        self.text.push_str("\r\n");
        self.fields = 0;
    }

    /// Appends a whole row.
    pub fn row<S: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = S>) {
        for field in fields {
            self.field(field.as_ref());
        }
        self.end_row();
    }

    pub fn finish(self) -> String {
        self.text
    }

    fn separate(&mut self) {
        if self.fields > 0 {
            self.text.push(',');
        }
        self.fields += 1;
    }
}

/// CSV of a header and rows of texts.
pub fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = Csv::with_header(header);
    for row in rows {
        out.row(row);
    }
    out.finish()
}

/// A CSV cell: quoted when it holds a delimiter, quote or line break; formula-like text is
/// prefixed so that spreadsheets show it rather than run it.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_cell(&mut out, text);
    out
}

/// [`cell`], written at the end of `out`.
fn push_cell(out: &mut String, text: &str) {
    let guarded = text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err();
    let quoted = text.contains([',', '"', '\n', '\r']);
    out.push_str(if quoted { "\"" } else { "" });
    out.push_str(if guarded { "'" } else { "" });
    if quoted {
        for (i, part) in text.split('"').enumerate() {
            out.push_str(if i > 0 { "\"\"" } else { "" });
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::{cell, csv, Csv};

    #[test]
    fn cells_are_quoted_and_guarded_where_they_need_it() {
        for (text, expected) in [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("\"", "\"\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\r", "\"cr\r\""),
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+44 20", "'+44 20"),
            ("@name", "'@name"),
            ("-x", "'-x"),
            ("=1,2", "\"'=1,2\""),
            ("-\"q\"", "\"'-\"\"q\"\"\""),
            ("-1.5", "-1.5"),
            ("+3", "+3"),
            ("1e5", "1e5"),
            ("Café, St Mary’s", "\"Café, St Mary’s\""),
        ] {
            assert_eq!(cell(text), expected, "{text:?}");
        }
    }

    #[test]
    fn rows_are_written_field_by_field_as_whole_rows_are() {
        let rows = || vec![vec!["A81001".to_string(), "a, b".into(), "-2".into()], vec!["=x".into(), String::new(), "q\"".into()]].into_iter();
        let whole = csv(&["Code", "Name", "N"], rows());
        let mut by_field = Csv::with_header(&["Code", "Name", "N"]);
        by_field.field("A81001");
        by_field.cell(&cell("a, b"));
        by_field.shown(-2);
        by_field.end_row();
        by_field.joined(["=", "x"], "");
        by_field.field("");
        by_field.joined(["q", "\""], "");
        by_field.end_row();
        assert_eq!(by_field.finish(), whole);
        assert_eq!(whole, "\u{feff}Code,Name,N\r\nA81001,\"a, b\",-2\r\n'=x,,\"q\"\"\"\r\n");
    }
}
