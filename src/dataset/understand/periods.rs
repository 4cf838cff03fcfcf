//! Which periods a daily series is compared over. One day of ambulance handovers is noise; a
//! person would compare a month, or a short winter as a whole. So a series of days is compared
//! over the whole span when it is a quarter or less, otherwise over the latest complete calendar
//! month, and the choice offers the others.

use serde_json::json;

use super::{text, Alternative, Choice};
use crate::dataset::period::{day_number, period_key};
use crate::options::{Bin, ChartBin};

/// Longest span (in days) compared as a whole.
const WHOLE_SPAN_DAYS: i64 = 92;

/// For a series of days (periods in time order), the range compared and the choice; `None`
/// when the periods are not days.
pub fn default_range(periods: &[String]) -> Option<(usize, usize, Choice)> {
    let days = days_of(periods)?;
    let last = days.len() - 1;
    let span = span_of(&days);
    let whole = (0, last);
    let month = latest_complete_month(&days);
    let (range, reason) = match month {
        _ if span <= WHOLE_SPAN_DAYS => (whole, format!("The file is a daily series of {span} days, so the whole span is compared, numerators and denominators summed per organisation.")),
        Some(m) => (m, format!("The file is a daily series of {span} days; one day is too short to compare, so the latest complete month is compared, numerators and denominators summed per organisation.")),
        None => (whole, format!("The file is a daily series of {span} days with no complete month, so the whole span is compared.")),
    };
    let value = |(from, to): (usize, usize)| json!({ "from": periods[from], "to": periods[to] });
    let mut alternatives = vec![Alternative { value: value(whole), label: format!("The whole span, {} to {}", periods[0], periods[last]), rows: None }];
    if let Some(m) = month {
        alternatives.push(Alternative { value: value(m), label: format!("The latest complete month, {} to {}", periods[m.0], periods[m.1]), rows: None });
    }
    alternatives.push(text(&periods[last], format!("The last day only, {}", periods[last]), None));
    let choice = Choice { option: "period".into(), about: "Which days are compared".into(), chosen: value(range), alternatives, reason };
    Some((range.0, range.1, choice))
}

/// The periods as (year, month, day) when they are a series of days; `None` otherwise.
fn days_of(periods: &[String]) -> Option<Vec<(i64, i64, i64)>> {
    let days: Vec<(i64, i64, i64)> = periods.iter().map(|p| period_key(p).map(split)).collect::<Option<_>>()?;
    // Days, not months written as their first day (2024-03-01, 2024-04-01): some month holds two.
    let two_in_a_month = days.windows(2).any(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1));
    (days.len() >= 2 && days.iter().all(|&(_, _, d)| d != 0) && two_in_a_month).then_some(days)
}

/// Days from the first to the last, both counted.
fn span_of(days: &[(i64, i64, i64)]) -> i64 {
    day_number(days[days.len() - 1]) - day_number(days[0]) + 1
}

/// Longest span (in days) the charts over time show by week; longer, by month.
const WEEKS_SPAN_DAYS: i64 = 2 * 365;

/// How the charts over time group a series of days: `wanted` (`spc.bin`) when given, else each
/// day up to a quarter (a point a day stays readable), by week up to two years (at most about
/// 104 points), by month beyond. Returns the grouping and the choice (kept when set, so that
/// the page can offer the others); neither for periods that are not days.
pub fn chart_bin(periods: &[String], wanted: Option<ChartBin>) -> (Option<Bin>, Option<Choice>) {
    let Some(days) = days_of(periods) else { return (None, None) };
    let span = span_of(&days);
    let (chosen, reason) = match (wanted, span) {
        (Some(w), _) => (w, "As set in the settings.".to_string()),
        (None, _) if span <= WHOLE_SPAN_DAYS => return (None, None),
        (None, _) if span <= WEEKS_SPAN_DAYS => (ChartBin::Week, format!("The file is a daily series of {span} days: a point a day would be too many to read, so the charts over time show each week (Monday to Sunday), its days' counts summed.")),
        (None, _) => (ChartBin::Month, format!("The file is a daily series of {span} days: a point a day or a week would be too many to read, so the charts over time show each calendar month, its days' counts summed.")),
    };
    let option = |bin: ChartBin, label: &str| Alternative { value: json!(bin), label: label.into(), rows: None };
    let alternatives =
        vec![option(ChartBin::Day, "Each day"), option(ChartBin::Week, "Each week (Monday to Sunday)"), option(ChartBin::Month, "Each calendar month")];
    let choice = Choice { option: "spc.bin".into(), about: "How the charts over time group the days".into(), chosen: json!(chosen), alternatives, reason };
    (chosen.bin(), Some(choice))
}

fn split(key: i64) -> (i64, i64, i64) {
    (key / 10_000, key / 100 % 100, key % 100)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    let next = if m == 12 { (y + 1, 1, 1) } else { (y, m + 1, 1) };
    day_number(next) - day_number((y, m, 1))
}

/// The index range of the latest calendar month the series covers from its first to its last day.
fn latest_complete_month(days: &[(i64, i64, i64)]) -> Option<(usize, usize)> {
    let mut months: Vec<(i64, i64)> = days.iter().map(|&(y, m, _)| (y, m)).collect();
    months.dedup();
    months.into_iter().rev().find_map(|(y, m)| {
        let first = days.iter().position(|&(a, b, _)| (a, b) == (y, m))?;
        let last = days.iter().rposition(|&(a, b, _)| (a, b) == (y, m))?;
        (days[first].2 == 1 && days[last].2 == days_in_month(y, m)).then_some((first, last))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(from: &str, n: i64) -> Vec<String> {
        let (y, m, d) = split(period_key(from).unwrap());
        let start = day_number((y, m, d));
        (0..n)
            .map(|i| {
                // Walk forward a day at a time by searching the calendar (tests only).
                let target = start + i;
                let mut date = (y, m, d);
                while day_number(date) < target {
                    date = if date.2 < days_in_month(date.0, date.1) {
                        (date.0, date.1, date.2 + 1)
                    } else if date.1 < 12 {
                        (date.0, date.1 + 1, 1)
                    } else {
                        (date.0 + 1, 1, 1)
                    };
                }
                format!("{:04}-{:02}-{:02}", date.0, date.1, date.2)
            })
            .collect()
    }

    #[test]
    fn a_short_winter_is_compared_whole_and_a_long_series_on_its_latest_complete_month() {
        let winter = dates("2018-12-03", 63);
        let (from, to, choice) = default_range(&winter).unwrap();
        assert_eq!((winter[from].as_str(), winter[to].as_str()), ("2018-12-03", "2019-02-03"));
        assert_eq!(choice.option, "period");
        let year = dates("2023-04-01", 300);
        let (from, to, _) = default_range(&year).unwrap();
        assert_eq!(
            (year[from].as_str(), year[to].as_str()),
            ("2023-12-01", "2023-12-31"),
            "the series ends on 25 January 2024, so December 2023 is the latest month covered in full"
        );
        assert!(default_range(&["2024-01".to_string(), "2024-02".to_string()]).is_none(), "months are not days");
        assert!(
            default_range(&["2024-01-01".to_string(), "2024-02-01".to_string(), "2024-03-01".to_string()]).is_none(),
            "nor are months written as their first day"
        );
        assert_eq!(days_in_month(2024, 2), 29);
    }
}
