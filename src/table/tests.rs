use super::*;

#[test]
fn delimiters_are_sniffed_outside_quotes() {
    assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3"), b',');
    assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3"), b';');
    assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
    assert_eq!(sniff_delimiter(b"a|b|c"), b'|');
    assert_eq!(sniff_delimiter(b"\"x,y,z\";b;c"), b';', "commas inside quotes do not count");
}

#[test]
fn header_row_and_row_numbers_follow_the_spreadsheet() {
    let table = read_table(b"\n\nCode,N,D\r\nA,1,2\r\n\r\nB,3,4\r\n").unwrap();
    assert_eq!(table.header_row, 3);
    let rows: Vec<u32> = table.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, vec![4, 6]);
}

#[test]
fn old_mac_line_endings_are_read() {
    let table = read_table(b"Code,N,D\rA,1,2\rB,3,4\r").unwrap();
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1].row, 3);
}

#[test]
fn whitespace_only_is_empty() {
    assert_eq!(read_table(b"  \n\n ").unwrap_err().kind(), ErrorKind::Empty);
}

#[test]
fn same_text_is_str_equality() {
    let texts = ["", "A", "A81001", "A81002", "a81001", "A81001 ", "2014", "2015", "Ærø", "Ærø–", "AFIB", "AF"];
    for a in texts {
        for b in texts {
            assert_eq!(super::same_text(a, b), a == b, "{a:?} {b:?}");
        }
    }
}

#[test]
fn trimming_a_cell_is_str_trim() {
    for cell in [
        "",
        " ",
        "A81001",
        " A81001",
        "A81001 ",
        "\tx\r",
        "\u{a0}5\u{a0}",
        "5\u{a0}",
        "\u{2003}E92000001",
        "a\u{b}",
        "\u{b}a",
        "é",
        " é ",
        "x\u{85}",
        "~!",
        "\u{7f}",
    ] {
        assert_eq!(super::trim(cell), cell.trim(), "{cell:?}");
    }
    // Every character up to U+3000 (the last whitespace) alone, before a letter and after one.
    for c in (0..=0x3000).filter_map(char::from_u32) {
        for cell in [format!("{c}"), format!("{c}x"), format!("x{c}")] {
            assert_eq!(super::trim(&cell), cell.trim(), "{cell:?}");
        }
    }
}

/// Rows as the `csv` crate reads them (the reader `split` replaced, configured as it was), with
/// each row's number counted as before: the line ends skipped before each row added.
fn rows_read_by_the_csv_crate(text: &str, delimiter: u8) -> Vec<(u32, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let (bytes, mut next_row, mut rows) = (text.as_bytes(), 1u32, Vec::new());
    for record in reader.records() {
        let record = record.expect("text is UTF-8");
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let row = next_row + blank_lines_at(bytes, start);
        next_row = row + 1;
        rows.push((row, record.iter().map(str::to_string).collect()));
    }
    rows
}

/// The line ends at `start` (the old reader's count; it could stop between a CR and its LF).
fn blank_lines_at(text: &[u8], start: usize) -> u32 {
    let mut i = start;
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

fn rows_split(text: &str, delimiter: u8) -> Vec<(u32, Vec<String>)> {
    let builder = split::split(text.as_bytes().to_vec(), 0, delimiter).expect("valid UTF-8 stays valid");
    let table = RawTable {
        headers: Vec::new(),
        header_row: 0,
        encoding: Encoding::Utf8,
        delimiter,
        sheets: Vec::new(),
        sheet: None,
        text: builder.text,
        cell_ends: builder.cell_ends,
        rows: builder.rows,
    };
    table.rows().map(|r| (r.row, (0..r.len()).map(|i| r.cell(i).expect("every cell is there").to_string()).collect())).collect()
}

#[test]
fn rows_split_as_the_csv_crate_reads_them() {
    for (text, delimiter) in [
        ("a,b\n1,2", b','),
        ("a,b\r\n1,\"2,3\"\r\n\r\n\"x\"\"y\",\"line\nbreak\"\n", b','),
        ("\"ab\"cd,e\"f\",\"\"\n,\n,,", b','),
        ("\"unclosed,\nrest", b','),
        ("a;b\r\r\n\n\rc;\"d\"", b';'),
        ("é,\"ü\"\"\",日本\n", b','),
        ("a\tb\t\"c\td\"\n", b'\t'),
        ("a|b||\"\"", b'|'),
        ("\n\n\r\n", b','),
        ("", b','),
        ("\"", b','),
        ("a,\"b\"", b','),
    ] {
        assert_eq!(rows_split(text, delimiter), rows_read_by_the_csv_crate(text, delimiter), "{text:?}");
    }
}

/// Random texts of the characters that matter (delimiters, quotes, line ends, spaces, letters of
/// one to three bytes): 20,000 of them, each split as the csv crate reads it.
#[test]
fn random_texts_split_as_the_csv_crate_reads_them() {
    const PIECES: [&str; 12] = ["a", "b", ",", ";", "\"", "\"\"", "\r", "\n", "\r\n", " ", "é", "€"];
    let mut next = crate::test_rng::xorshift(0x9E37_79B9_7F4A_7C15);
    for case in 0..20_000 {
        let length = (next() % 24) as usize;
        let text: String = (0..length).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        let delimiter = if case % 3 == 0 { b';' } else { b',' };
        assert_eq!(rows_split(&text, delimiter), rows_read_by_the_csv_crate(&text, delimiter), "{text:?}");
    }
}

/// A text of more rows than one call splits (`ROWS_PER_CALL`), with blank lines and quoted
/// line ends about where one call ends and the next begins: split as the csv crate reads it.
#[test]
fn a_text_split_over_several_calls_is_read_as_the_csv_crate_reads_it() {
    const PIECES: [&str; 10] = ["a", "b", ",", "\"x\ny\"", "\"\"", "\r", "\n", "\r\n", "\n\n", "é"];
    let mut next = crate::test_rng::xorshift(0x2545_F491_4F6C_DD1D);
    let text: String = (0..400_000).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
    let rows = rows_split(&text, b',');
    assert!(rows.len() > 3 * crate::progress::ROWS_PER_CALL, "{} rows", rows.len());
    assert_eq!(rows, rows_read_by_the_csv_crate(&text, b','));
}
