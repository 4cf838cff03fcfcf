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
    let mut out = PublishedIntervals { compared: 0, agree: 0, largest_difference: 0.0, largest_relative_difference: 0.0 };
    for indicator in indicators {
        for o in &indicator.organisations {
            for &(lower, upper, at998) in &columns {
                let Some(ours) = (if at998 { o.ci998 } else { o.ci95 }) else { continue };
                for (col, mine) in [(lower, ours.lower), (upper, ours.upper)] {
                    let Some(published) = dataset.record_number(o.observation.record, col) else { continue };
                    let mine = mine * indicator.multiplier;
                    let difference = (mine - published).abs();
                    let relative = if published == 0.0 { difference } else { difference / published.abs() };
                    out.compared += 1;
                    out.agree += usize::from(relative <= RELATIVE_TOLERANCE);
                    out.largest_difference = out.largest_difference.max(difference);
                    out.largest_relative_difference = out.largest_relative_difference.max(relative);
                }
            }
        }
    }
    (out.compared > 0).then_some(out)
}

/// The comparison in words, for the notes.
pub fn note(p: &PublishedIntervals) -> String {
    let mut note = format!(
        "The file's own confidence limits were compared with Allteach's: {} of {} agree within one part in a million; the largest difference is {:.2e} on the scale shown ({:.1e} relative).",
        p.agree, p.compared, p.largest_difference, p.largest_relative_difference
    );
    if p.agree < p.compared && p.largest_relative_difference < Z_ROUNDING {
        note.push_str(" Differences this small are those of Fingertips' rounded z values (1.96 and 3.0902 rather than 1.959964 and 3.090232).");
    } else if p.agree < p.compared {
        note.push_str(" Differences this large suggest another method or scale: check the type and multiplier in the settings.");
    }
    note
}

/// The largest relative difference that rounding z to 1.96 and 3.0902 explains.
const Z_ROUNDING: f64 = 1e-4;
