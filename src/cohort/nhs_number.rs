//! Whether identifiers look like NHS numbers: ten digits whose last is the Modulus 11 check digit
//! of the first nine (NHS Data Dictionary, "NHS Number"). A real NHS number should not be in an
//! extract for this analysis: a pseudonymised identifier does the same job.

/// Whether `text` (spaces allowed, as "943 476 5919") is a valid NHS number.
pub fn is_nhs_number(text: &str) -> bool {
    let digits: Vec<u32> = text.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_digit(10)).collect::<Option<_>>().unwrap_or_default();
    if digits.len() != 10 {
        return false;
    }
    let total: u32 = digits[..9].iter().enumerate().map(|(i, d)| d * (10 - i as u32)).sum();
    let check = 11 - total % 11;
    match check {
        11 => digits[9] == 0,
        10 => false,
        c => digits[9] == c,
    }
}

/// Whether most of the (non-empty) identifiers given are valid NHS numbers.
pub fn mostly_nhs_numbers<'a>(ids: impl Iterator<Item = &'a str>) -> bool {
    let (mut seen, mut valid) = (0usize, 0usize);
    for id in ids.filter(|s| !s.trim().is_empty()).take(200) {
        seen += 1;
        valid += usize::from(is_nhs_number(id));
    }
    seen > 0 && valid * 10 >= seen * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_digit_is_checked() {
        // 943 476 5919 is the NHS Data Dictionary's own example of a valid number.
        assert!(is_nhs_number("9434765919"));
        assert!(is_nhs_number("943 476 5919"));
        assert!(!is_nhs_number("9434765918"), "a wrong check digit");
        assert!(!is_nhs_number("943476591"), "nine digits");
        assert!(!is_nhs_number("P000123"), "a pseudonym");
        assert!(mostly_nhs_numbers(["9434765919", "9434765919", "4010232137"].into_iter()));
        assert!(!mostly_nhs_numbers(["P1", "P2", "9434765919"].into_iter()));
    }
}
