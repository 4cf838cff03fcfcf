//! Which periods the comparison, peers and pairs use: one period, or a range whose numerators
//! and denominators are summed per organisation. Every period still feeds the charts over time.

use crate::dataset::understand::{periods::default_range, Choice};
use crate::dataset::Dataset;
use crate::error::{quote, Error, ErrorKind, Result};
use crate::options::{Options, PeriodOption};

/// The first and last period compared (indexes into `Dataset::periods`, equal for one period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compared {
    pub from: u32,
    pub to: u32,
}

impl Compared {
    pub fn contains(&self, period: u32) -> bool {
        (self.from..=self.to).contains(&period)
    }

    pub fn is_range(&self) -> bool {
        self.from < self.to
    }
}

/// The periods compared, from the options or judged from the file, with the choice when judged.
pub fn compared(dataset: &Dataset, options: &Options) -> Result<(Compared, Option<Choice>)> {
    let periods = &dataset.periods;
    let no_periods = periods.len() < 2 && periods.iter().all(|p| p.trim().is_empty());
    let one = |p: usize| Compared { from: p as u32, to: p as u32 };
    match &options.period {
        None => match default_range(periods) {
            Some((from, to, choice)) => Ok((Compared { from: from as u32, to: to as u32 }, Some(choice))),
            None => Ok((one(latest_full_period(dataset) as usize), None)),
        },
        Some(wanted) if no_periods => {
            let shown = match wanted {
                PeriodOption::One(p) => p.clone(),
                PeriodOption::Range(r) => format!("{} to {}", r.from, r.to),
            };
            Err(Error::new(
                ErrorKind::BadOptions,
                format!("The period \"{}\" was asked for, but the file has no period column (such as Month, Quarter or Year), so there is only one period. Remove the period setting, or name the period column (columns.period).", quote(&shown)),
            ))
        }
        Some(PeriodOption::One(p)) => Ok((one(find(dataset, p)?), None)),
        Some(PeriodOption::Range(r)) => {
            let (from, to) = (find(dataset, &r.from)?, find(dataset, &r.to)?);
            if from > to {
                return Err(Error::new(
                    ErrorKind::BadOptions,
                    format!("The period range runs backwards: \"{}\" comes after \"{}\". Swap from and to.", quote(&r.from), quote(&r.to)),
                ));
            }
            Ok((Compared { from: from as u32, to: to as u32 }, None))
        }
    }
}

/// A period by its label as written, or as the same date in another form.
fn find(dataset: &Dataset, wanted: &str) -> Result<usize> {
    let key = crate::dataset::period::period_key(wanted);
    let periods = &dataset.periods;
    periods.iter().position(|p| p == wanted.trim() || (key.is_some() && crate::dataset::period::period_key(p) == key)).ok_or_else(|| {
        Error::new(
            ErrorKind::BadOptions,
            format!(
                "The period \"{}\" is not in the file; its periods run from \"{}\" to \"{}\".",
                quote(wanted),
                periods.first().map_or("", |s| s.as_str()),
                periods.last().map_or("", |s| s.as_str())
            ),
        )
    })
}

/// The latest period that most organisations have: a period only the benchmark row (or a few
/// early reporters) has reached would be a comparison "of 0 organisations". At least half as
/// many observations as the fullest period.
fn latest_full_period(dataset: &Dataset) -> u32 {
    let mut counts = vec![0usize; dataset.periods.len().max(1)];
    for o in dataset.indicators.iter().flat_map(|i| &i.observations) {
        counts[o.period as usize] += 1;
    }
    let most = counts.iter().copied().max().unwrap_or(0);
    counts.iter().rposition(|&n| n * 2 >= most).unwrap_or(0) as u32
}

/// The sentence saying which periods are compared, when the file has several.
pub fn note(dataset: &Dataset, compared: Compared) -> Option<String> {
    let periods = &dataset.periods;
    if periods.len() < 2 {
        return None;
    }
    let used = match compared.is_range() {
        true => format!("{} to {} (numerators and denominators summed per organisation)", periods[compared.from as usize], periods[compared.to as usize]),
        false => periods[compared.to as usize].clone(),
    };
    Some(format!(
        "The comparison with the benchmark and the pairs use {used} (the file runs from {} to {}); every period is used for the charts over time.",
        periods[0],
        periods[periods.len() - 1]
    ))
}
