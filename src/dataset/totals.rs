//! Aggregate rows that publications put among the organisations ("England", "Total", "All
//! practices"). Compared as if they were an organisation, they would distort the funnel, the ranks
//! and the peers, so they are recognised and left out (unless named as the benchmark).

/// Whole cells that name a total, compared trimmed and ignoring case. "E92000001" is England's
/// ONS code.
const TOTALS: &[&str] = &["england", "total", "grand total", "national", "all", "overall", "e92000001"];

/// Plural organisation words that make "All practices" or "Total (all trusts)" a total.
const PLURALS: &[&str] =
    &["practices", "trusts", "providers", "organisations", "organizations", "areas", "sites", "hospitals", "icbs", "ccgs", "pcns", "regions", "authorities"];

/// Words that may stand beside the plural ("All GP practices in England", "Total (all NHS trusts)").
const FILLERS: &[&str] = &["all", "total", "of", "the", "in", "nhs", "gp", "local", "acute", "england", "english"];

/// Whether a code or name says the row is a total rather than an organisation. Deliberately
/// narrow: "All Saints Surgery" or "National Hospital for Neurology" are organisations.
pub(crate) fn is_total(text: &str) -> bool {
    let text = crate::table::trim(text);
    // Every total starts with one of these letters (or with no letter or digit, "(All trusts)"):
    // most codes are told apart at their first byte, which on a big file is most rows.
    let first = text.bytes().next().unwrap_or(b' ');
    if first.is_ascii_alphanumeric() && !matches!(first.to_ascii_lowercase(), b'e' | b't' | b'g' | b'n' | b'a' | b'o') {
        return false;
    }
    let one_of = |word: &str, list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    if one_of(text, TOTALS) {
        return true;
    }
    // "Total ..." or "All ..." followed only by plural organisation words and fillers.
    let mut words = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    if !words.next().is_some_and(|w| one_of(w, &["total", "all"])) {
        return false;
    }
    let mut plural = false;
    for word in words {
        if one_of(word, PLURALS) {
            plural = true;
        } else if !one_of(word, FILLERS) {
            return false;
        }
    }
    plural
}

/// The reason given for a total row: what it is, and how to use it as the benchmark instead.
pub(crate) fn reason(shown: &str, code: Option<&str>) -> String {
    let mut reason = format!("This is a total row (\"{shown}\"), not an organisation, so it is not compared.");
    if let Some(code) = code {
        // The code as JSON text, so the suggestion can be pasted into the settings as it is.
        let code = serde_json::Value::from(code);
        reason.push_str(&format!(" To compare against it, set the benchmark to this row: {{\"benchmark\": {{\"code\": {code}}}}}."));
    }
    reason
}
