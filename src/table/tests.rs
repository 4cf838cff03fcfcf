use super::*;

#[test]
fn delimiters_are_sniffed_outside_quotes() {
    assert_eq!(sniff_delimiter("a,b,c\n1,2,3"), b',');
    assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
    assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
    assert_eq!(sniff_delimiter("a|b|c"), b'|');
    assert_eq!(sniff_delimiter("\"x,y,z\";b;c"), b';', "commas inside quotes do not count");
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
