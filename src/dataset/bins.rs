//! A daily or monthly series grouped into longer periods (`options.bin`): weeks (from Monday),
//! months, quarters, years or financial years, numerators and denominators summed per
//! organisation, for the comparison and the charts over time alike.

use rustc_hash::FxHashMap as HashMap;

use super::period::{day_number, from_day_number, period_key};
use super::{Dataset, Measure, Observation};
use crate::error::{Error, ErrorKind, Result};
use crate::options::{Bin, IndicatorType};

/// Each organisation's observations (of one indicator, over several periods) as one: counts
/// summed, values averaged; its latest row stands for it (code, name, row number). Row-level
/// samples of a mean are returned as they are.
pub fn summed(indicator_type: IndicatorType, observations: &[Observation]) -> Vec<Observation> {
    let mut index: HashMap<u32, usize> = HashMap::default();
    let mut out: Vec<(Observation, usize)> = Vec::new();
    for o in observations {
        let slot = *index.entry(o.org).or_insert_with(|| {
            out.push((*o, 0));
            out.len() - 1
        });
        let (total, n) = &mut out[slot];
        *n += 1;
        if *n == 1 {
            continue;
        }
        total.measure = match (total.measure, o.measure) {
            (Measure::Counts { numerator: a, denominator: b }, Measure::Counts { numerator: x, denominator: y }) => {
                Measure::Counts { numerator: a + x, denominator: b + y }
            }
            // A running mean of values; row-level samples of a mean are kept as they are below.
            (Measure::Value(a), Measure::Value(x)) if indicator_type != IndicatorType::Mean => Measure::Value(a + (x - a) / *n as f64),
            (kept, _) => kept,
        };
        if o.period >= total.period {
            *total = Observation { measure: total.measure, ..*o };
        }
    }
    if indicator_type == IndicatorType::Mean {
        return observations.to_vec();
    }
    out.into_iter().map(|(o, _)| o).collect()
}

/// The bin of a period (its sort key), as (label, key); `None` when the period is too coarse for
/// the bin (a year cannot be put in a month).
fn bin_of(key: i64, bin: Bin) -> Option<(String, i64)> {
    let (y, m, d) = (key / 10_000, key / 100 % 100, key % 100);
    let k = |y: i64, m: i64, d: i64| y * 10_000 + m * 100 + d;
    match bin {
        Bin::Week => {
            if d == 0 {
                return None;
            }
            let day = day_number((y, m, d));
            // Weeks start on Monday: 3 December 2018 was one.
            let monday = day - (day - day_number((2018, 12, 3))).rem_euclid(7);
            let (wy, wm, wd) = from_day_number(monday);
            Some((format!("{wy:04}-{wm:02}-{wd:02}"), k(wy, wm, wd)))
        }
        Bin::Month => (m > 0).then(|| (format!("{y:04}-{m:02}"), k(y, m, 0))),
        Bin::Quarter => (m > 0).then(|| {
            let q = (m - 1) / 3 + 1;
            (format!("{y:04} Q{q}"), k(y, 1 + 3 * (q - 1), 1))
        }),
        Bin::Year => Some((format!("{y:04}"), k(y, 0, 0))),
        Bin::FinancialYear => (m > 0).then(|| {
            let start = if m >= 4 { y } else { y - 1 };
            (format!("{start:04}/{:02}", (start + 1) % 100), k(start, 4, 0))
        }),
    }
}

/// For each period, the index of the first period in the same `bin`: the charts over time group
/// a daily series by these. `None` when a period is not a date, or is coarser than the bin.
pub fn bin_starts(periods: &[String], bin: Bin) -> Option<Vec<u32>> {
    let keys: Vec<i64> = periods.iter().map(|p| period_key(p).and_then(|k| bin_of(k, bin)).map(|b| b.1)).collect::<Option<_>>()?;
    let mut first: HashMap<i64, u32> = HashMap::default();
    Some(keys.iter().enumerate().map(|(i, k)| *first.entry(*k).or_insert(i as u32)).collect())
}

/// A period's bin as the charts label it: the Monday a week starts ("2018-12-03"), the month
/// ("2018-12"); `None` as for [`bin_starts`].
pub fn bin_label(period: &str, bin: Bin) -> Option<String> {
    period_key(period).and_then(|k| bin_of(k, bin)).map(|b| b.0)
}

impl Dataset {
    /// The dataset with its periods grouped into `bin`s, observations summed per organisation
    /// and bin. Refused with a sentence when the periods are not dates, or coarser than the bin.
    pub fn rebinned(mut self, bin: Bin) -> Result<Dataset> {
        if self.columns.period.is_none() {
            return Err(Error::new(ErrorKind::BadOptions, "Grouping periods (bin) needs a period column (dates, months or years), and this file has none."));
        }
        let mut bins: Vec<(String, i64)> = Vec::with_capacity(self.periods.len());
        for label in &self.periods {
            let key = period_key(label).ok_or_else(|| {
                Error::new(
                    ErrorKind::BadOptions,
                    format!("The period \"{}\" is not a date, so the periods cannot be grouped (bin). Remove the bin setting.", crate::error::quote(label)),
                )
            })?;
            let b = bin_of(key, bin).ok_or_else(|| {
                Error::new(
                    ErrorKind::BadOptions,
                    format!(
                        "The period \"{}\" is longer than a {}, so it cannot be grouped by {}. Choose a longer bin, or none.",
                        crate::error::quote(label),
                        bin.noun(),
                        bin.noun()
                    ),
                )
            })?;
            bins.push(b);
        }
        let mut keys: Vec<i64> = bins.iter().map(|b| b.1).collect();
        keys.sort_unstable();
        keys.dedup();
        let labels: HashMap<i64, String> = bins.iter().map(|(l, k)| (*k, l.clone())).collect();
        let index_of = |period: u32| keys.binary_search(&bins[period as usize].1).unwrap_or(0) as u32;
        let mut indicators = std::mem::take(&mut self.indicators);
        for data in &mut indicators {
            let mut by_bin: HashMap<u32, Vec<Observation>> = HashMap::default();
            for o in &data.observations {
                by_bin.entry(index_of(o.period)).or_default().push(Observation { period: index_of(o.period), ..*o });
            }
            let mut grouped: Vec<(u32, Vec<Observation>)> = by_bin.into_iter().collect();
            crate::order::sort_by_key(&mut grouped, |(b, _)| *b);
            data.observations = grouped.into_iter().flat_map(|(_, obs)| summed(data.indicator_type, &obs)).collect();
        }
        self.indicators = indicators;
        self.periods = keys.iter().map(|k| labels[k].clone()).collect();
        self.notes.push(format!(
            "The periods were grouped by {} (numerators and denominators summed per organisation): {} periods became {}.",
            bin.noun(),
            bins.len(),
            self.periods.len()
        ));
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_fall_in_their_bins() {
        let key = |t: &str| period_key(t).unwrap();
        assert_eq!(bin_of(key("2018-12-05"), Bin::Week).unwrap().0, "2018-12-03", "a Wednesday's week starts on Monday");
        assert_eq!(bin_of(key("2018-12-09"), Bin::Week).unwrap().0, "2018-12-03", "Sunday ends it");
        assert_eq!(bin_of(key("2018-12-10"), Bin::Week).unwrap().0, "2018-12-10");
        assert_eq!(bin_of(key("2019-01-02"), Bin::Week).unwrap().0, "2018-12-31", "across a year end");
        assert_eq!(bin_of(key("2019-02-17"), Bin::Month).unwrap().0, "2019-02");
        assert_eq!(bin_of(key("2019-02-17"), Bin::Quarter).unwrap().0, "2019 Q1");
        assert_eq!(bin_of(key("2019-02-17"), Bin::FinancialYear).unwrap().0, "2018/19");
        assert_eq!(bin_of(key("2019-04-01"), Bin::FinancialYear).unwrap().0, "2019/20");
        assert_eq!(bin_of(key("2019"), Bin::Month), None, "a year is not in a month");
        // Each bin's label reads back as a period in the same order.
        assert!(period_key("2018-12-31") < period_key("2019-01-07"));
        assert!(period_key("2019 Q1") < period_key("2019 Q2") && period_key("2018/19") < period_key("2019/20"));
    }
}
