//! The analysis of a dataset: for each indicator, every organisation's value, intervals,
//! comparison with the benchmark and funnel position. Pure: no formatting, no JavaScript.

use crate::dataset::{Dataset, IndicatorData, Observation};
use crate::error::{Error, ErrorKind, Result};
use crate::options::{Benchmark, IndicatorType, Options};
use crate::stats::{compare_with_benchmark, wilson::wilson, Comparison, Confidence, FunnelPosition, Interval, Polarity};
use crate::table::read_table;

#[derive(Debug, Clone)]
pub struct Analysis {
    pub dataset: Dataset,
    pub indicators: Vec<IndicatorResult>,
    /// Things the user should know about the analysis as a whole, in sentences.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct IndicatorResult {
    pub id: String,
    pub name: String,
    pub indicator_type: IndicatorType,
    pub polarity: Polarity,
    /// Display scale of values, intervals and benchmark (100 = percent).
    pub multiplier: f64,
    pub benchmark: BenchmarkResult,
    pub organisations: Vec<OrganisationResult>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BenchmarkResult {
    /// As a fraction (0–1); `None` when it could not be established.
    pub fraction: Option<f64>,
    /// "pooled", "median", "value" or "organisation".
    pub method: &'static str,
    /// The organisation whose row is the benchmark, for method "organisation".
    pub organisation: Option<String>,
    /// Number of organisations the pooled or median benchmark was taken over.
    pub over: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationResult {
    /// The input row; its code and name are read through [`Analysis::code`] and [`Analysis::name`].
    pub observation: Observation,
    pub numerator: f64,
    pub denominator: f64,
    /// x / n as a fraction; the report scales it by the multiplier.
    pub proportion: f64,
    pub ci95: Interval,
    pub ci998: Interval,
    pub comparison: Comparison,
    pub comparison998: Comparison,
    pub funnel: Option<FunnelPosition>,
}

impl Analysis {
    pub fn code(&self, o: &OrganisationResult) -> &str {
        self.dataset.code(&o.observation)
    }

    pub fn name(&self, o: &OrganisationResult) -> Option<&str> {
        self.dataset.name(&o.observation)
    }
}

/// Read, map and analyse a file: the whole core in one call.
pub fn analyse(bytes: &[u8], options: &Options) -> Result<Analysis> {
    if let Some(t) = options.indicator_type.filter(|t| *t != IndicatorType::Proportion) {
        return Err(Error::new(
            ErrorKind::BadOptions,
            format!("The indicator type \"{}\" is not available in this version yet; only \"proportion\" is. Leave the type out or set it to \"proportion\".", t.as_str()),
        ));
    }
    if let Some(m) = options.multiplier {
        if !(m.is_finite() && m > 0.0) {
            return Err(Error::new(ErrorKind::BadOptions, format!("The multiplier must be a positive number such as 100 (percent) or 1 (fraction); found {m}.")));
        }
    }
    let benchmark = options.benchmark()?;
    let table = read_table(bytes)?;
    let dataset = Dataset::from_table(table, options)?;
    let mut warnings = Vec::new();
    for name in options.unsupported() {
        warnings.push(format!("The option \"{name}\" is not available in this version yet, so it was not applied."));
    }
    if options.polarity.is_none() {
        warnings.push("No polarity was given, so higher values are taken to be better. Set the polarity if lower is better, or if neither is.".into());
    }
    let multiplier = options.multiplier.unwrap_or(100.0);
    let polarity = options.polarity();
    let indicators = dataset
        .indicators
        .iter()
        .map(|data| analyse_indicator(&dataset, data, polarity, multiplier, &benchmark, &mut warnings))
        .collect::<Result<Vec<_>>>()?;
    Ok(Analysis { dataset, indicators, warnings })
}

fn analyse_indicator(
    dataset: &Dataset,
    data: &IndicatorData,
    polarity: Polarity,
    multiplier: f64,
    benchmark: &Benchmark,
    warnings: &mut Vec<String>,
) -> Result<IndicatorResult> {
    let mut observations: Vec<&Observation> = data.observations.iter().collect();
    let benchmark = match benchmark {
        Benchmark::Pooled => {
            let (x, n) = observations.iter().fold((0.0, 0.0), |(x, n), o| (x + o.numerator, n + o.denominator));
            BenchmarkResult { fraction: Some(x / n), method: "pooled", organisation: None, over: observations.len() }
        }
        Benchmark::Median => {
            let mut values: Vec<f64> = observations.iter().map(|o| o.numerator / o.denominator).collect();
            BenchmarkResult { fraction: median(&mut values), method: "median", organisation: None, over: observations.len() }
        }
        Benchmark::Fixed(v) => {
            let fraction = v / multiplier;
            if !(0.0..=1.0).contains(&fraction) {
                return Err(Error::new(
                    ErrorKind::BadOptions,
                    format!("The benchmark {v} is outside the range of a proportion on this scale (0 to {multiplier})."),
                ));
            }
            BenchmarkResult { fraction: Some(fraction), method: "value", organisation: None, over: 0 }
        }
        Benchmark::Organisation(code) => {
            let position = observations.iter().position(|o| dataset.code(o).eq_ignore_ascii_case(code));
            let fraction = position.map(|i| {
                let o = observations.remove(i);
                o.numerator / o.denominator
            });
            if fraction.is_none() {
                warnings.push(format!(
                    "The benchmark organisation \"{code}\" has no usable row for the indicator \"{}\", so its organisations were not compared.",
                    data.name
                ));
            }
            BenchmarkResult { fraction, method: "organisation", organisation: Some(code.clone()), over: 0 }
        }
    };

    let (c95, c998) = (Confidence::c95(), Confidence::c998());
    let organisations = observations
        .into_iter()
        .map(|o| {
            let proportion = o.numerator / o.denominator;
            let ci95 = wilson(o.numerator, o.denominator, c95);
            let ci998 = wilson(o.numerator, o.denominator, c998);
            let b = benchmark.fraction;
            OrganisationResult {
                observation: *o,
                numerator: o.numerator,
                denominator: o.denominator,
                proportion,
                ci95,
                ci998,
                comparison: compare_with_benchmark(Some(proportion), Some(ci95), b, polarity),
                comparison998: compare_with_benchmark(Some(proportion), Some(ci998), b, polarity),
                funnel: b.map(|b| FunnelPosition::from_intervals(proportion, ci95, ci998, b)),
            }
        })
        .collect();

    Ok(IndicatorResult {
        id: data.id.clone(),
        name: data.name.clone(),
        indicator_type: IndicatorType::Proportion,
        polarity,
        multiplier,
        benchmark,
        organisations,
    })
}

/// Median of finite values (mean of the middle two for an even count); `None` when empty.
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 0 { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}
