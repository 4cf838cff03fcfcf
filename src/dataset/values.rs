//! Numbers as people write them in spreadsheets, and the markers they use for "no number".

/// Why a cell could not give a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    /// The row is shorter than the header.
    Absent,
    /// Blank, or a missing/suppression marker such as `*`, `c`, `..`, `<5`: kept as the text seen.
    Missing(String),
    /// Text that is not a number.
    NotANumber(String),
}

impl CellProblem {
    /// A sentence for the exclusion list, naming the role of the column (e.g. "numerator").
    pub fn sentence(&self, role: &str) -> String {
        use crate::error::quote;
        match self {
            CellProblem::Absent => format!("The row is shorter than the header, so it has no {role}: a cell or a delimiter is missing. Complete the row, or remove it."),
            CellProblem::Missing(marker) if marker.is_empty() => format!("The {role} is blank, so this row cannot be compared. It was left out, not counted as zero."),
            CellProblem::Missing(marker) => format!(
                "The {role} is \"{}\", a missing or suppressed value, so this row cannot be compared. It was left out, not counted as zero.",
                quote(marker)
            ),
            // A percentage where a count belongs: say what to give instead.
            CellProblem::NotANumber(text) if is_percentage(text) && COUNT_ROLES.contains(&role) => format!(
                "Expected a number for the {role}, found the percentage \"{}\". Give the numerator and denominator as counts, or compare the percentages as values (name the column in columns.value).",
                quote(text)
            ),
            CellProblem::NotANumber(text) => format!("Expected a number for the {role}, found \"{}\". Correct the cell, or leave it empty if the number is not known.", quote(text)),
        }
    }
}

/// The roles of a count, whose cells cannot be percentages.
const COUNT_ROLES: [&str; 4] = ["numerator", "denominator", "observed count", "expected count"];

fn is_percentage(text: &str) -> bool {
    text.strip_suffix('%').is_some_and(|n| parse_count(Some(n)).is_ok())
}

/// Markers that publications use for missing or suppressed values (compared case-insensitively).
const MISSING_MARKERS: [&str; 13] = ["*", "c", "x", "..", ".", ":", "-", "–", "na", "n/a", "null", "none", "#n/a"];

/// Parse a count: thousands separators (`1,234`) and surrounding spaces are accepted,
/// as is scientific notation (`1.2E3`); non-finite numbers are not.
pub fn parse_count(cell: Option<&str>) -> Result<f64, CellProblem> {
    let Some(cell) = cell else { return Err(CellProblem::Absent) };
    let text = crate::table::trim(cell);
    if text.is_empty() {
        return Err(CellProblem::Missing(String::new()));
    }
    if let Some(x) = whole_number(text) {
        return Ok(x);
    }
    if let Ok(x) = text.parse::<f64>() {
        if x.is_finite() {
            return Ok(x);
        }
        return Err(CellProblem::NotANumber(text.to_string()));
    }
    if MISSING_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(text)) || is_small_number_marker(text) {
        return Err(CellProblem::Missing(text.to_string()));
    }
    if let Some(plain) = without_thousands_separators(text) {
        if let Ok(x) = plain.parse::<f64>() {
            return Ok(x);
        }
    }
    Err(CellProblem::NotANumber(text.to_string()))
}

/// A number written as up to 15 digits alone, as most counts are, read without the general
/// parser (which was a tenth of mapping the national file natively). Such a number is below
/// 2^53, so it is exactly the `f64` that parsing it gives.
fn whole_number(text: &str) -> Option<f64> {
    if text.len() > 15 {
        return None;
    }
    let digits = text.bytes().try_fold(0u64, |n, b| b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0')))?;
    Some(digits as f64)
}

/// `<5`, `< 3`: a suppressed small count.
fn is_small_number_marker(text: &str) -> bool {
    text.strip_prefix('<').is_some_and(|rest| rest.trim().parse::<f64>().is_ok())
}

/// `1,234,567.5` -> `1234567.5`, only when the commas are in thousands positions.
fn without_thousands_separators(text: &str) -> Option<String> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    if groups.len() < 2 {
        return None;
    }
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let all_digits = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if !(first_ok && rest_ok && all_digits) {
        return None;
    }
    let mut plain = format!("{sign}{}", groups.concat());
    if let Some(f) = fraction {
        plain.push('.');
        plain.push_str(f);
    }
    Some(plain)
}

/// A value (of a mean, or of an indicator compared without intervals): a number as
/// [`parse_count`] reads it, or a percentage as spreadsheets show one ("45.6%" is 45.6, on the
/// scale it was written in).
pub fn parse_value(cell: Option<&str>) -> Result<f64, CellProblem> {
    match cell.map(str::trim).and_then(|t| t.strip_suffix('%')) {
        Some(number) => parse_count(Some(number)).map_err(|_| CellProblem::NotANumber(cell.unwrap_or("").trim().to_string())),
        None => parse_count(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_read_as_the_general_parser_reads_them() {
        let mut texts: Vec<String> = ["0", "7", "007", "123456789012345", "999999999999999", "4503599627370497"].map(String::from).to_vec();
        texts.extend((0..2000u64).map(|i| (i * 7_919_000_003 % 1_000_000_000_000_007).to_string()));
        for text in &texts {
            assert_eq!(parse_count(Some(text)), Ok(text.parse::<f64>().expect("a number")), "{text}");
        }
        // Not digits alone, or too long to be sure: the general parser's answer, or its refusal.
        for text in ["1.5", "-3", "+4", "1e3", "1234567890123456", "12a", "1,234"] {
            assert_eq!(whole_number(text), None, "{text}");
        }
        assert_eq!(parse_count(Some("1,234")), Ok(1234.0));
        assert_eq!(parse_count(Some("-3")), Ok(-3.0));
    }
}
