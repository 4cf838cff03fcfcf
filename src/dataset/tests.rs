use super::values::{parse_count, CellProblem};

#[test]
fn counts_as_people_write_them() {
    assert_eq!(parse_count(Some(" 12 ")), Ok(12.0));
    assert_eq!(parse_count(Some("1,234")), Ok(1234.0));
    assert_eq!(parse_count(Some("1,234,567.5")), Ok(1234567.5));
    assert_eq!(parse_count(Some("1.2E3")), Ok(1200.0));
    assert_eq!(parse_count(Some("0.445")), Ok(0.445));
}

#[test]
fn markers_are_missing_never_zero() {
    for marker in ["*", "c", "x", "..", ":", "-", "NA", "n/a", "<5", "< 3", ""] {
        assert!(matches!(parse_count(Some(marker)), Err(CellProblem::Missing(_))), "{marker:?}");
    }
    assert_eq!(parse_count(None), Err(CellProblem::Absent));
}

#[test]
fn text_that_is_not_a_number_is_named() {
    for text in ["abc", "12,34", "1,2345", "inf", "NaN", "12 patients"] {
        assert_eq!(parse_count(Some(text)), Err(CellProblem::NotANumber(text.to_string())), "{text:?}");
    }
}
