//! Wide files whose indicators are obvious column pairs, recognised without settings:
//! "Hypertension numerator" / "Hypertension denominator", "DM_NUM" / "DM_DEN",
//! "Numerator (Flu 65+)" / "Denominator (Flu 65+)", "Asthma register" / "Asthma list size".
//!
//! Conservative on purpose: a pair needs the same stem on both sides and a numerator word on one
//! and a denominator word on the other, at the start or the end of the header; each stem must
//! pair exactly one way; and it takes two pairs or more, as one pair is the ordinary file with a
//! single indicator (whose columns `columns.rs` finds as before).

/// Words that mark a numerator's or a denominator's header, as lower-case word sequences.
const NUMERATOR_WORDS: &[&[&str]] = &[&["numerator"], &["num"], &["count"], &["register"]];
const DENOMINATOR_WORDS: &[&[&str]] = &[&["denominator"], &["denom"], &["den"], &["list", "size"]];

/// One indicator found as a pair of columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnPair {
    /// The shared stem as written, tidied: "Hypertension", "DM", "Flu 65+".
    pub name: String,
    pub numerator: usize,
    pub denominator: usize,
}

/// The indicators of a wide file as column pairs, in the order of their numerator columns;
/// empty unless there are at least two.
pub fn detect_pairs(headers: &[String]) -> Vec<ColumnPair> {
    // Plain "Numerator" and "Denominator" (or "Count" and "Denominator") columns make it a
    // single-indicator file, whatever else it holds.
    let bare = |markers: &[&[&str]]| headers.iter().any(|h| markers.iter().any(|m| words(h).iter().map(|w| w.2.as_str()).eq(m.iter().copied())));
    if bare(NUMERATOR_WORDS) && bare(DENOMINATOR_WORDS) {
        return Vec::new();
    }
    let numerators: Vec<(usize, String, String)> = headers.iter().enumerate().filter_map(|(i, h)| stem(h, NUMERATOR_WORDS).map(|(k, s)| (i, k, s))).collect();
    let denominators: Vec<(usize, String, String)> =
        headers.iter().enumerate().filter_map(|(i, h)| stem(h, DENOMINATOR_WORDS).map(|(k, s)| (i, k, s))).collect();
    let mut pairs = Vec::new();
    for (i, key, name) in &numerators {
        let same = |list: &[(usize, String, String)]| list.iter().filter(|(_, k, _)| k == key).map(|(j, _, _)| *j).collect::<Vec<_>>();
        // Exactly one column of each kind with this stem, or it is not obvious which pairs.
        if let ([n], [d]) = (same(&numerators).as_slice(), same(&denominators).as_slice()) {
            if n == i && n != d {
                pairs.push(ColumnPair { name: name.clone(), numerator: *n, denominator: *d });
            }
        }
    }
    if pairs.len() < 2 {
        return Vec::new();
    }
    pairs
}

/// The header's words: (start, end, lower-cased text), split at anything not a letter or digit.
fn words(header: &str) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    let mut start = None;
    for (i, c) in header.char_indices().chain([(header.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, header[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// When the header starts or ends with one of `markers` and has other words too: the stem's
/// key (its lower-case words) and the stem as written, tidied for display.
fn stem(header: &str, markers: &[&[&str]]) -> Option<(String, String)> {
    let w = words(header);
    for marker in markers {
        let k = marker.len();
        if w.len() <= k {
            continue;
        }
        let matches = |part: &[(usize, usize, String)]| part.iter().map(|x| x.2.as_str()).eq(marker.iter().copied());
        let (rest, text) = if matches(&w[w.len() - k..]) {
            (&w[..w.len() - k], &header[..w[w.len() - k].0])
        } else if matches(&w[..k]) {
            (&w[k..], &header[w[k - 1].1..])
        } else {
            continue;
        };
        let key = rest.iter().map(|x| x.2.as_str()).collect::<Vec<_>>().join(" ");
        return Some((key, tidy(text)));
    }
    None
}

/// "(Flu 65+)" -> "Flu 65+", "DM_" -> "DM", "Smoking - " -> "Smoking", "flu_65_plus" -> "flu 65 plus".
fn tidy(text: &str) -> String {
    let separators: &[char] = &[' ', '_', '-', '–', ':', '.', ',', '\t'];
    let mut s = text.trim_matches(separators);
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        if !inner.contains(['(', ')']) {
            s = inner.trim_matches(separators);
        }
    }
    if s.contains(' ') {
        s.to_string()
    } else {
        s.replace('_', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(headers: &[&str]) -> Vec<(String, usize, usize)> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        detect_pairs(&headers).into_iter().map(|p| (p.name, p.numerator, p.denominator)).collect()
    }

    fn named(pairs: &[(&str, usize, usize)]) -> Vec<(String, usize, usize)> {
        pairs.iter().map(|&(n, a, b)| (n.to_string(), a, b)).collect()
    }

    #[test]
    fn pairs_in_the_forms_publications_use() {
        let found = detect(&["Practice code", "Hypertension numerator", "Hypertension denominator", "Diabetes numerator", "Diabetes denominator"]);
        assert_eq!(found, named(&[("Hypertension", 1, 2), ("Diabetes", 3, 4)]));
        let found = detect(&["PRACTICE_CODE", "DM_NUM", "HYP_NUM", "HYP_DEN", "DM_DEN", "LIST_SIZE_TOTAL"]);
        assert_eq!(found, named(&[("DM", 1, 4), ("HYP", 2, 3)]), "paired by stem, not by position");
        let found = detect(&["Code", "Numerator (Flu 65+)", "Denominator (Flu 65+)", "Numerator (Flu under 65 at risk)", "Denominator (Flu under 65 at risk)"]);
        assert_eq!(found, named(&[("Flu 65+", 1, 2), ("Flu under 65 at risk", 3, 4)]));
        let found = detect(&["Code", "Asthma register", "Asthma list size", "COPD register", "COPD list size"]);
        assert_eq!(found, named(&[("Asthma", 1, 2), ("COPD", 3, 4)]));
        let found = detect(&["Code", "Smoking count", "Smoking denominator", "Obesity (18+) count", "Obesity (18+) denominator"]);
        assert_eq!(found, named(&[("Smoking", 1, 2), ("Obesity (18+)", 3, 4)]), "brackets inside a stem are kept");
        let found = detect(&["Code", "flu_65_plus_num", "flu_65_plus_den", "flu_2_3_num", "flu_2_3_den"]);
        assert_eq!(found, named(&[("flu 65 plus", 1, 2), ("flu 2 3", 3, 4)]));
    }

    #[test]
    fn a_single_pair_is_the_ordinary_single_indicator_file() {
        assert!(detect(&["Practice code", "Hypertension numerator", "Hypertension denominator"]).is_empty());
        assert!(detect(&["Code", "HYP_NUM", "HYP_DEN", "DM_NUM"]).is_empty(), "a numerator without its denominator is no pair");
    }

    #[test]
    fn unrelated_or_unclear_columns_do_not_pair() {
        // A Fingertips export: a value with its confidence limits beside plain Count/Denominator.
        assert!(detect(&["Area Code", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator"]).is_empty());
        assert!(detect(&["Code", "Value", "Lower CI", "Upper CI", "Value 2", "Lower CI 2"]).is_empty());
        // Stems that differ.
        assert!(detect(&["Code", "HYP register", "DM list size", "AST register", "COPD list size"]).is_empty());
        // The QOF wide file: registers and list sizes by age band, not by disease.
        assert!(detect(&["PRACTICE_CODE", "LIST_SIZE_TOTAL", "LIST_SIZE_17OV", "REGISTER_HYP", "REGISTER_DM"]).is_empty());
        // Two numerators for one stem: which one pairs is not obvious, so neither does.
        assert!(detect(&["Code", "Flu count", "Flu numerator", "Flu denominator", "Covid count", "Covid numerator", "Covid denominator"]).is_empty());
        // Plain Numerator and Denominator columns: a single-indicator file.
        assert!(detect(&["Code", "Numerator", "Denominator", "HYP numerator", "HYP denominator", "DM numerator", "DM denominator"]).is_empty());
        // A marker inside a header, not at its start or end.
        assert!(detect(&["Code", "Patients counted", "Number denominated", "A count of B", "A den of B"]).is_empty());
    }

    #[test]
    fn stems_are_tidied_for_display() {
        assert_eq!(tidy(" (Depression, 18+)"), "Depression, 18+");
        assert_eq!(tidy("DM_"), "DM");
        assert_eq!(tidy("Smoking - "), "Smoking");
        assert_eq!(tidy("Smoking (16+) "), "Smoking (16+)");
        assert_eq!(tidy("(a) and (b)"), "(a) and (b)");
    }
}
