//! Change over time: the over-time summary of an indicator and one organisation's SPC chart.

use serde::Serialize;

use crate::analysis::{Analysis, IndicatorResult};
use crate::chart::spc::{spc, SpcPoint, SpcSpec};
use crate::options::{Bin, IndicatorType};
use crate::stats::Polarity;

use super::Format;

#[derive(Debug, Serialize)]
pub struct OverTimeView {
    pub summary: String,
    pub improving: Vec<String>,
    pub concerning: Vec<String>,
    /// "Name (code): +5.2 points since its first limits", largest first (up to 10).
    pub most_improved: Vec<String>,
    /// Every organisation with a value, as "Name (code)", in the indicator's row order: the
    /// position is what `spc_view` takes.
    pub organisations: Vec<TimeChoice>,
}

#[derive(Debug, Serialize)]
pub struct TimeChoice {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct SpcView {
    pub caption: String,
    /// The chart, drawn in the page through plotters.
    pub scene: crate::chart::Scene,
    pub headings: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl SpcView {
    /// The chart as SVG text (tests); the page draws `scene`.
    pub fn svg(&self) -> String {
        self.scene.to_svg()
    }
}

fn name(analysis: &Analysis, o: &crate::analysis::OrganisationResult) -> String {
    super::label(analysis.name(o), analysis.code(o))
}

fn meaning(point_type: &str, rule: &str) -> String {
    match point_type {
        "special_cause_improvement" => format!("Special cause: improvement ({rule})"),
        "special_cause_concern" => format!("Special cause: concern ({rule})"),
        "special_cause_neutral_high" | "special_cause_neutral_low" => format!("Special cause ({rule})"),
        _ => "Common cause".into(),
    }
}

pub fn over_time(analysis: &Analysis, ind: &IndicatorResult) -> Option<OverTimeView> {
    use crate::spc::PointType;
    if analysis.dataset.periods.len() < 2 {
        return None;
    }
    let latest = |o: &crate::analysis::OrganisationResult| o.spc.as_ref().and_then(|s| s.xmr.points.last().map(|p| p.point_type));
    let improving: Vec<String> = ind.organisations.iter().filter(|o| latest(o) == Some(PointType::Improvement)).map(|o| name(analysis, o)).collect();
    let concerning: Vec<String> = ind.organisations.iter().filter(|o| latest(o) == Some(PointType::Concern)).map(|o| name(analysis, o)).collect();
    let periods = &analysis.dataset.periods;
    let f = Format::for_indicator(ind);
    let sign = if ind.polarity == Polarity::LowerIsBetter { -1.0 } else { 1.0 };
    let mut most: Vec<(f64, String)> = ind
        .organisations
        .iter()
        .filter(|o| latest(o) == Some(PointType::Improvement))
        .filter_map(|o| {
            let s = o.spc.as_ref()?;
            let change = s.xmr.points.last()?.value - s.xmr.groups.first()?.mean;
            Some((
                sign * change,
                format!(
                    "{}: {}{} since its first limits' mean",
                    name(analysis, o),
                    if change >= 0.0 { "+" } else { "−" },
                    f.value(change.abs()).trim_end_matches('%').to_string() + if f.tick(1.0).ends_with('%') { " points" } else { "" }
                ),
            ))
        })
        .collect();
    crate::order::sort_by(&mut most, |a, b| b.0.total_cmp(&a.0));
    let most_improved = most.into_iter().take(10).map(|m| m.1).collect();
    Some(OverTimeView {
        organisations: ind.organisations.iter().map(|o| TimeChoice { code: analysis.code(o).to_string(), label: name(analysis, o) }).collect(),
        most_improved,
        summary: format!(
            "{} periods, {} to {}. In the latest {}, {} organisations show special-cause improvement and {} special-cause concern (Making Data Count rules, as NHSRplotthedots).{}",
            periods.len(),
            periods[0],
            periods[periods.len() - 1],
            analysis.chart_bin.map_or("period", |b| b.noun()),
            improving.len(),
            concerning.len(),
            grouping_note(analysis.chart_bin)
        ),
        improving,
        concerning,
    })
}

/// Fewer points than this give no process limits (one point has no moving range, two only one).
pub const FEWEST_FOR_LIMITS: usize = 3;

/// What a measure can be, on the display scale: 0 to 100 % for a proportion, 0 and above for a
/// rate, a ratio or a count; anything for a mean or a value. Process limits beyond it are shown
/// at it, as the Making Data Count tools do.
pub(super) fn possible(ind: &IndicatorResult) -> (f64, f64) {
    match ind.indicator_type {
        IndicatorType::Proportion => (0.0, ind.multiplier),
        IndicatorType::Rate | IndicatorType::Ratio => (0.0, f64::INFINITY),
        IndicatorType::Mean | IndicatorType::Value => (f64::NEG_INFINITY, f64::INFINITY),
    }
}

pub fn spc_view(analysis: &Analysis, indicator: usize, organisation: usize) -> Option<SpcView> {
    let ind = analysis.indicators.get(indicator)?;
    let o = ind.organisations.get(organisation)?;
    let series = o.spc.as_ref()?;
    let f = Format::for_indicator(ind);
    let m = ind.multiplier;
    let labels = point_labels(analysis, series);
    let (floor, ceiling) = possible(ind);
    let with_limits = series.xmr.points.len() >= FEWEST_FOR_LIMITS;
    // On the display scale, within what the measure can be; none from too few points.
    let limit = |v: f64| if with_limits { (v * m).clamp(floor, ceiling) } else { f64::NAN };
    let points: Vec<SpcPoint> = series
        .xmr
        .points
        .iter()
        .zip(&labels)
        .map(|(p, period)| (p, series.xmr.group_of(p), period))
        .map(|(p, limits, period)| SpcPoint {
            period,
            value: p.value * m,
            mean: limits.mean * m,
            lpl: limit(limits.lpl),
            upl: limit(limits.upl),
            point_type: p.point_type.as_str(),
            upwards: p.rule.side() > 0,
            tooltip: format!("{period}: {}. {}", f.value(p.value), meaning(p.point_type.as_str(), p.rule.label())),
        })
        .collect();
    let last = series.xmr.groups.last()?;
    let who = name(analysis, o);
    let variation = last.variation.as_str();
    let shown = |v: f64| f.value(v / m);
    let caption = if with_limits {
        format!(
            "{who}, {}: {} in the latest period; mean {}, process limits {} to {}. Latest point: {}.{}",
            ind.name,
            f.value(series.xmr.points.last()?.value),
            f.value(last.mean),
            shown(limit(last.lpl)),
            shown(limit(last.upl)),
            meaning(variation, series.xmr.points.last()?.rule.label()).to_lowercase(),
            if last.short { " Fewer than 13 points since the limits were set: treat them as trial limits." } else { "" }
        )
    } else {
        format!(
            "{who}, {}: {} in the latest period. Only {} over time: not enough for process limits (they need at least {FEWEST_FOR_LIMITS}, and 12 or more to be relied on).",
            ind.name,
            f.value(series.xmr.points.last()?.value),
            super::words::count_of(series.xmr.points.len(), "point", "points")
        )
    };
    let caption = caption + &grouping_note(analysis.chart_bin);
    let rows = spc_rows(series, &labels, &f, m, with_limits.then_some(&limit));
    let fmt = |t: f64| f.tick(t);
    let label = format!("SPC chart of {who}: {} over time, with mean and process limits", ind.name);
    let scene = spc(&SpcSpec {
        label: &label,
        y_label: &super::value_axis(ind),
        format_tick: &fmt,
        points,
        target: series.target.map(|t| t * m),
        variation,
        assurance: series.xmr.assurance.map(|a| a.as_str()),
        higher_is_better: match ind.polarity {
            Polarity::HigherIsBetter => Some(true),
            Polarity::LowerIsBetter => Some(false),
            Polarity::NoJudgement => None,
        },
    });
    Some(SpcView {
        caption,
        scene,
        headings: vec![period_heading(analysis.chart_bin), "Value", "Mean", "Lower process limit", "Upper process limit", "Meaning"],
        rows,
    })
}

/// Each point's period as the chart shows it: the period, or its week's Monday or its month when
/// the charts group a daily series (`Analysis::chart_bin`).
fn point_labels(analysis: &Analysis, series: &crate::analysis::Series) -> Vec<String> {
    let periods = &analysis.dataset.periods;
    series
        .periods
        .iter()
        .map(|&p| {
            let label = &periods[p as usize];
            analysis.chart_bin.and_then(|bin| crate::dataset::bins::bin_label(label, bin)).unwrap_or_else(|| label.clone())
        })
        .collect()
}

/// The data table's first heading: what each point is.
fn period_heading(bin: Option<Bin>) -> &'static str {
    match bin {
        Some(Bin::Week) => "Week from (Monday)",
        Some(Bin::Month) => "Month",
        _ => "Period",
    }
}

/// A sentence on how the points group a daily series, and how to see every day.
pub(super) fn grouping_note(bin: Option<Bin>) -> String {
    match bin {
        Some(Bin::Week) => {
            " Each point is a week, Monday to Sunday, its days summed (labelled by its Monday); choose \"Each day\" in the choices made to see every day."
                .into()
        }
        Some(Bin::Month) => " Each point is a calendar month, its days summed; choose \"Each day\" or \"Each week\" in the choices made to see them.".into(),
        _ => String::new(),
    }
}

/// The chart's data table: each point's value, mean, limits ("–" with too few points) and meaning.
/// `limit` takes a limit to the display scale (multiplier `m`), within what the measure can be.
fn spc_rows(series: &crate::analysis::Series, labels: &[String], f: &Format, m: f64, limit: Option<&dyn Fn(f64) -> f64>) -> Vec<Vec<String>> {
    series
        .xmr
        .points
        .iter()
        .zip(labels)
        .map(|(p, period)| {
            let bound = |v: f64| limit.map_or_else(|| "–".to_string(), |limit| f.value(limit(v) / m));
            let g = series.xmr.group_of(p);
            vec![period.clone(), f.value(p.value), f.value(g.mean), bound(g.lpl), bound(g.upl), meaning(p.point_type.as_str(), p.rule.label())]
        })
        .collect()
}
