//! Periods as analysts write them, sorted correctly whatever their text form: dates
//! (2024-03-01, 01/03/2024), months (2024-03, Mar-24, March 2024), financial years (2022/23,
//! 2022-23), quarters (2024 Q1, Q1 2024, 2022/23 Q2) and years.

/// A reader of one form of period: None when the text is not in that form, else its key, if any.
type Form = fn(&str) -> Option<Option<i64>>;

/// A sort key (finer periods sort after coarser ones that start on the same day).
pub fn period_key(text: &str) -> Option<i64> {
    let t = text.trim();
    // Each form either is not the text's (None: try the next), or decides (a key, or no key).
    let forms: [Form; 5] = [iso, uk_date, financial_year, two_words, month_dash];
    forms.iter().find_map(|form| form(t)).unwrap_or_else(|| year4(t).map(|y| key(y, 0, 0)))
}

fn key(y: i64, m: i64, d: i64) -> i64 {
    y * 10_000 + m * 100 + d
}

fn num(s: &str) -> Option<i64> {
    s.trim().parse::<i64>().ok()
}

fn year4(s: &str) -> Option<i64> {
    num(s).filter(|y| (1900..=2200).contains(y))
}

fn month_name(s: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let l = s.trim().to_ascii_lowercase();
    (l.len() >= 3).then(|| MONTHS.iter().position(|m| l.starts_with(m)).map(|i| i as i64 + 1)).flatten()
}

fn valid_day(m: i64, d: i64) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// ISO date or month: 2024-03-01, 2024-03, with a time after the date; 2022-23, a financial year.
fn iso(t: &str) -> Option<Option<i64>> {
    let date = t.split(['T', ' ']).next().unwrap_or(t);
    let parts: Vec<&str> = date.split('-').collect();
    if parts.len() == 3 && parts[0].len() == 4 {
        let (Some(y), Some(m), Some(d)) = (year4(parts[0]), num(parts[1]), num(parts[2])) else { return Some(None) };
        return valid_day(m, d).then_some(Some(key(y, m, d)));
    }
    if parts.len() != 2 || parts[0].len() != 4 || parts[1].len() != 2 {
        return None;
    }
    let (y, m) = (year4(parts[0])?, num(parts[1])?);
    if (1..=12).contains(&m) {
        Some(Some(key(y, m, 0)))
    } else {
        (m == (y + 1) % 100).then_some(Some(key(y, 4, 0)))
    }
}

/// UK date: 01/03/2024.
fn uk_date(t: &str) -> Option<Option<i64>> {
    let slash: Vec<&str> = t.split('/').collect();
    if slash.len() != 3 {
        return None;
    }
    let (Some(d), Some(m), Some(y)) = (num(slash[0]), num(slash[1]), year4(slash[2].split(' ').next().unwrap_or(""))) else {
        return Some(None);
    };
    valid_day(m, d).then_some(Some(key(y, m, d)))
}

/// Financial year 2022/23 (or 2022/2023), optionally with a quarter: 2022/23 Q2.
fn financial_year(t: &str) -> Option<Option<i64>> {
    if t.split('/').count() != 2 {
        return None;
    }
    let mut words = t.split_whitespace();
    let (a, b) = words.next()?.split_once('/')?;
    let y = year4(a)?;
    let next = num(b)?;
    if next != (y + 1) % 100 && next != y + 1 {
        return None;
    }
    let quarter = words.next().and_then(|w| w.strip_prefix(['Q', 'q'])).and_then(num).filter(|q| (1..=4).contains(q));
    Some(Some(match quarter {
        Some(4) => key(y + 1, 1, 1),
        Some(q) => key(y, 4 + 3 * (q - 1), 1),
        None => key(y, 4, 0),
    }))
}

/// Quarters (2024 Q1, Q1 2024) and months in words (March 2024, Mar 2024).
fn two_words(t: &str) -> Option<Option<i64>> {
    let words: Vec<&str> = t.split_whitespace().collect();
    let [a, b] = words[..] else { return None };
    let quarter = |q: &str| q.strip_prefix(['Q', 'q']).and_then(num).filter(|q| (1..=4).contains(q));
    if let (Some(y), Some(q)) = (year4(a), quarter(b)) {
        return Some(Some(key(y, 1 + 3 * (q - 1), 1)));
    }
    if let (Some(q), Some(y)) = (quarter(a), year4(b)) {
        return Some(Some(key(y, 1 + 3 * (q - 1), 1)));
    }
    Some(Some(key(year4(b)?, month_name(a)?, 0)))
}

/// Mar-24, Mar-2024.
fn month_dash(t: &str) -> Option<Option<i64>> {
    let (a, b) = t.split_once(['-', ' '])?;
    let m = month_name(a)?;
    let y = year4(b).or_else(|| num(b).filter(|_| b.trim().len() == 2).map(|y| 2000 + y))?;
    Some(Some(key(y, m, 0)))
}

#[cfg(test)]
mod tests {
    use super::period_key;

    #[test]
    fn forms_people_write_sort_in_time_order() {
        let ordered = ["2019", "2019-03", "Apr-19", "April 2019", "2019/20", "2019-20 ", "2019 Q3", "01/10/2019", "2019-11-01", "Q1 2020", "2020/21 Q2"];
        let keys: Vec<i64> = ordered.iter().map(|t| period_key(t).unwrap_or_else(|| panic!("{t}"))).collect();
        for w in keys.windows(2) {
            assert!(w[0] <= w[1], "{keys:?}");
        }
        assert_eq!(period_key("Mar-19"), period_key("2019-03"));
        assert_eq!(period_key("2022/23"), period_key("2022-23"));
        for bad in ["", "soon", "2019-13", "32/01/2020", "Q5 2020"] {
            assert_eq!(period_key(bad), None, "{bad}");
        }
    }
}

/// How a file's period labels are put in order.
#[derive(Debug, Clone, PartialEq)]
pub enum PeriodOrder {
    /// Dates, months, quarters and years: by [`period_key`], read once per distinct label
    /// (reading each row's label again was a sixth of mapping a file of 1.3 million rows).
    Time(rustc_hash::FxHashMap<String, Option<i64>>),
    /// Labels Allteach does not read as dates (`Y01`, `Week 3`, `Winter A`): the order each
    /// first appears in the file, by label.
    FileOrder(rustc_hash::FxHashMap<String, i64>),
}

impl PeriodOrder {
    /// The order of a file without a period column (no label is ever asked for).
    pub fn none() -> PeriodOrder {
        PeriodOrder::Time(Default::default())
    }

    /// The labels of a period column: in time order when at least [`RECOGNISED_SHARE`] of the
    /// distinct labels are dates (the others are then rows to report), else in file order; and
    /// how many runs of one label the rows make (a file of month after month has as many as
    /// months; one sorted by organisation, about one a row).
    pub fn with_runs(table: &crate::table::RawTable, col: usize) -> (PeriodOrder, usize) {
        let mut first_seen: rustc_hash::FxHashMap<String, i64> = Default::default();
        let (mut runs, mut last) = (0, "");
        for row in table.rows() {
            let Some(label) = row.cell(col).map(crate::table::trim).filter(|t| !t.is_empty()) else { continue };
            if label == last {
                continue;
            }
            (runs, last) = (runs + 1, label);
            if !first_seen.contains_key(label) {
                let n = first_seen.len() as i64;
                first_seen.insert(label.to_string(), n);
            }
        }
        let keys: rustc_hash::FxHashMap<String, Option<i64>> = first_seen.keys().map(|l| (l.clone(), period_key(l))).collect();
        let recognised = keys.values().filter(|k| k.is_some()).count();
        let order = if first_seen.is_empty() || recognised as f64 >= RECOGNISED_SHARE * first_seen.len() as f64 {
            PeriodOrder::Time(keys)
        } else {
            PeriodOrder::FileOrder(first_seen)
        };
        (order, runs)
    }

    /// Every sort key a label of the column can have, in order (one, 0, without a period
    /// column): a row's period is then its place among them.
    pub fn keys(&self) -> Vec<i64> {
        let mut keys: Vec<i64> = match self {
            PeriodOrder::Time(keys) if keys.is_empty() => vec![0],
            PeriodOrder::Time(keys) => keys.values().flatten().copied().collect(),
            PeriodOrder::FileOrder(order) => order.values().copied().collect(),
        };
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// The sort key of a label, `None` when it cannot be placed.
    pub fn key(&self, label: &str) -> Option<i64> {
        let label = crate::table::trim(label);
        match self {
            PeriodOrder::Time(keys) => keys.get(label).copied().unwrap_or_else(|| period_key(label)),
            PeriodOrder::FileOrder(order) => order.get(label).copied(),
        }
    }
}

/// Share of distinct labels that must read as dates for a period column to be put in time order.
pub const RECOGNISED_SHARE: f64 = 0.8;

#[cfg(test)]
mod order_tests {
    use super::*;

    #[test]
    fn labels_that_are_not_dates_keep_the_file_order() {
        let table = crate::table::read_table(b"Code,Period,N,D\nA,Y01,1,10\nA,Y02,2,10\nB,Y01,1,10\nA,Y10,3,10\n").unwrap();
        let (order, runs) = PeriodOrder::with_runs(&table, 1);
        assert_eq!(runs, 4);
        assert_eq!([order.key("Y01"), order.key("Y02"), order.key("Y10"), order.key("Y03")], [Some(0), Some(1), Some(2), None]);
        let dates = crate::table::read_table(b"Code,Month,N,D\nA,2024-02,1,10\nA,2024-01,2,10\n").unwrap();
        let (dates, runs) = PeriodOrder::with_runs(&dates, 1);
        assert!(matches!(dates, PeriodOrder::Time(_)) && runs == 2);
        assert_eq!(dates.key(" 2024-02"), period_key("2024-02"));
        assert_eq!(dates.key("2024-13"), None);
    }
}

/// Days since 1 March of year 0 of a (year, month, day) in the proleptic Gregorian calendar.
pub fn day_number((y, m, d): (i64, i64, i64)) -> i64 {
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1
}

/// The (year, month, day) of a [`day_number`].
pub fn from_day_number(n: i64) -> (i64, i64, i64) {
    let y = (10_000 * n + 14_780) / 3_652_425;
    let mut doy = n - (365 * y + y / 4 - y / 100 + y / 400);
    let mut y = y;
    if doy < 0 {
        y -= 1;
        doy = n - (365 * y + y / 4 - y / 100 + y / 400);
    }
    let mi = (100 * doy + 52) / 3_060;
    let m = (mi + 2) % 12 + 1;
    let y = y + (mi + 2) / 12;
    let d = doy - (mi * 306 + 5) / 10 + 1;
    (y, m, d)
}

#[cfg(test)]
mod day_tests {
    use super::*;

    #[test]
    fn day_numbers_go_there_and_back() {
        for date in [(2018, 12, 3), (2019, 2, 28), (2020, 2, 29), (2024, 3, 1), (2000, 1, 1), (2026, 12, 31)] {
            assert_eq!(from_day_number(day_number(date)), date);
        }
        assert_eq!(day_number((2018, 12, 4)) - day_number((2018, 12, 3)), 1);
    }
}
