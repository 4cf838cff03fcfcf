//! When a file carries its publisher's own confidence limits (Fingertips' `Lower CI 95.0 limit`,
//! `Upper CI 99.8 limit`, …), how Allteach's agree with them: a check anyone can read in the
//! report, rather than a promise.

use serde::Serialize;

use super::IndicatorResult;
use crate::dataset::Dataset;

/// Agreement within this relative difference counts as agreeing: the figure the issue on
/// reading real files asks to report (published limits carry nine or more significant digits).
pub const RELATIVE_TOLERANCE: f64 = 1e-6;

/// The published limits compared with Allteach's, on the display scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PublishedIntervals {
    /// Limits compared (two per interval per organisation).
    pub compared: usize,
    /// Of those, within [`RELATIVE_TOLERANCE`].
    pub agree: usize,
    /// The largest absolute difference, on the display scale.
    pub largest_difference: f64,
    /// The largest relative difference.
    pub largest_relative_difference: f64,
    /// Organisations whose published value is not their count over their denominator (counts
    /// rounded for disclosure, say): their limits come from other counts, so they are not compared.
    pub values_differ: usize,
    /// Whether every count compared is a multiple of 5 (20 counts or more): the mark of counts
    /// rounded for disclosure, whose limits the publisher computed from the exact counts.
    pub counts_rounded: bool,
}

/// The file's 95 % and 99.8 % limit columns, as Fingertips names them.
const COLUMNS: [(&str, &str); 2] = [("Lower CI 95.0 limit", "Upper CI 95.0 limit"), ("Lower CI 99.8 limit", "Upper CI 99.8 limit")];

/// `None` when the file has no published limits, or none could be compared.
pub fn compare(dataset: &Dataset, indicators: &[IndicatorResult]) -> Option<PublishedIntervals> {
    let find = |name: &str| dataset.headers.iter().position(|h| h == name);
    let columns: Vec<(usize, usize, bool)> = COLUMNS.iter().enumerate().filter_map(|(i, (l, u))| Some((find(l)?, find(u)?, i == 1))).collect();
    if columns.is_empty() {
        return None;
    }
    let mut out =
        PublishedIntervals { compared: 0, agree: 0, largest_difference: 0.0, largest_relative_difference: 0.0, values_differ: 0, counts_rounded: false };
    let value_column = find("Value");
    let (mut counts, mut multiples_of_5) = (0usize, 0usize);
    let relative = |mine: f64, published: f64| if published == 0.0 { (mine - published).abs() } else { ((mine - published) / published).abs() };
    for indicator in indicators {
        for o in &indicator.organisations {
            if value_column.is_some_and(|c| !value_agrees(dataset, o.observation.record, c, o.estimate * indicator.multiplier)) {
                out.values_differ += 1;
                continue;
            }
            if let Some(n) = o.numerator {
                counts += 1;
                multiples_of_5 += usize::from(n % 5.0 == 0.0);
            }
            for &(lower, upper, at998) in &columns {
                let Some(ours) = (if at998 { o.ci998 } else { o.ci95 }) else { continue };
                for (col, mine) in [(lower, ours.lower), (upper, ours.upper)] {
                    let Some(published) = dataset.record_number(o.observation.record, col) else { continue };
                    let mine = mine * indicator.multiplier;
                    let difference = (mine - published).abs();
                    let relative = relative(mine, published);
                    out.compared += 1;
                    out.agree += usize::from(relative <= RELATIVE_TOLERANCE);
                    out.largest_difference = out.largest_difference.max(difference);
                    out.largest_relative_difference = out.largest_relative_difference.max(relative);
                }
            }
        }
    }
    out.counts_rounded = counts >= 20 && multiples_of_5 == counts;
    (out.compared > 0).then_some(out)
}

/// Whether the file's value is ours, to the decimals it is written with (Fingertips writes a
/// practice's 0.550551 as "0.55055").
fn value_agrees(dataset: &Dataset, record: u32, column: usize, ours: f64) -> bool {
    let (Some(text), Some(published)) = (dataset.record_text(record, column), dataset.record_number(record, column)) else { return true };
    let decimals = text.split_once('.').map_or(0, |(_, d)| d.chars().take_while(char::is_ascii_digit).count()) as i32;
    let rounding = 0.5 * 10f64.powi(-decimals);
    (ours - published).abs() <= rounding.max(RELATIVE_TOLERANCE * published.abs()) * (1.0 + 1e-9)
}

/// The comparison in words, for the notes.
pub fn note(p: &PublishedIntervals) -> String {
    let mut note = String::new();
    if p.values_differ > 0 {
        note.push_str(&format!(
            "For {} organisations the file's own value is not its count over its denominator (published counts are often rounded for disclosure, hospital counts to the nearest 5), so their published limits come from other counts and were not compared. ",
            p.values_differ
        ));
    }
    note.push_str(&format!(
        "The file's own confidence limits were compared with Allteach's: {} of {} agree within one part in a million; the largest difference is {:.2e} on the scale shown ({:.1e} relative).",
        p.agree, p.compared, p.largest_difference, p.largest_relative_difference
    ));
    if p.agree < p.compared && p.largest_relative_difference < Z_ROUNDING {
        note.push_str(" Differences this small are those of Fingertips' rounded z values (1.96 and 3.0902 rather than 1.959964 and 3.090232).");
    } else if p.agree < p.compared && p.counts_rounded {
        note.push_str(" Every count in the file is a multiple of 5, as counts rounded for disclosure are: the publisher computed its limits from the exact counts, so they differ most where counts are small.");
    } else if p.agree < p.compared {
        note.push_str(" Differences this large suggest another method or scale: check the type and multiplier in the settings.");
    }
    note
}

/// The largest relative difference that rounding z to 1.96 and 3.0902 explains.
const Z_ROUNDING: f64 = 1e-4;
