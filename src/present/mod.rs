//! Words, numbers as text, and charts for people: the view model the widget renders.
//! `www/` only places these strings in the page; every number and label is decided here.

mod compare;
mod csv;
mod decimals;
mod download;
mod export;
mod group;
mod organisation;
mod overview;
mod pack;
mod pairs;
mod plain;
mod reasons;
mod request;
mod rows;
mod spc_table;
mod time;
mod words;

pub use compare::{caterpillar_view, CaterpillarRowView, CaterpillarView};
pub use download::{download, Disclosed, Download, DownloadRequest, Request};
pub use organisation::{organisation_view, organisations, spread, OrganisationChoice, OrganisationView, PeerLine, RoleLine, SpineRowView, Spread};
pub use overview::{
    column_page, overview_chart, overview_chart_columns, overview_svg, overview_unworded, overview_view, LegendItem, OverviewCell, OverviewColumn, OverviewRow,
    OverviewView, OVERVIEW_COLUMNS_MAX, OVERVIEW_SVG_MAX,
};
pub use pack::learning_pack_html;

pub use crate::disclosure::Suppression;
pub use export::{results_csv, results_csv_from, ResultsCsv};

pub use spc_table::{spc_table, SpcQuery, SpcSort, SpcTable, SpcTableRow};
pub use time::{spc_view, OverTimeView, SpcView};

pub use group::GroupPick;
pub use pairs::{pairing_view, pairings_csv, roles_csv, PairRow, PairingView, RoleCard, UnmatchedRow};
pub use request::{ColumnValues, ValueCount, ViewAnswer, ViewRequest, Views};
pub use rows::{caterpillar_page, indicator_page, overview_page, pairing_page, Page, RowQuery, OVERVIEW_PAGE_SIZE, PAGE_SIZE};

use serde::Serialize;

use crate::analysis::{Analysis, IndicatorResult, OrganisationResult};
use crate::chart::funnel::{FunnelDot, FunnelSpec};
use crate::error::thousands;
use crate::options::IndicatorType;
use crate::stats::funnel::{poisson_funnel, proportion_funnel};
use crate::stats::Interval;
pub use words::{Level, Outcome};

/// Everything the widget shows for one indicator.
#[derive(Debug, Serialize)]
pub struct IndicatorView {
    pub index: usize,
    pub id: String,
    pub name: String,
    /// "Higher is better" and so on: said on every view.
    pub direction: String,
    /// E.g. "Benchmark: 74.2% (all 120 organisations pooled)".
    pub benchmark: String,
    /// The finding, as the figure caption: "Of 120 organisations, 31 are significantly worse...".
    pub caption: String,
    pub counts: Vec<OutcomeCount>,
    /// The funnel, drawn in the page through plotters (`null` without one).
    pub funnel_scene: Option<crate::chart::Scene>,
    /// When the funnel's value axis was cut to the central 99 % (thousands of organisations):
    /// how many are drawn at its edge.
    pub funnel_note: Option<String>,
    /// Whether over-dispersion can be shown (φ was estimated) and is applied.
    pub overdispersion_available: bool,
    pub overdispersion_applied: bool,
    pub table_caption: String,
    /// Column headings of the results table.
    pub headings: Vec<&'static str>,
    pub rows: Vec<RowView>,
    /// Which page of the rows these are, when the page asked for one (`null`: every row).
    pub page: Option<Page>,
    /// How the numbers were computed, with sources, in plain words.
    pub method: String,
    /// Change over time, when the file has periods.
    pub over_time: Option<OverTimeView>,
}

impl IndicatorView {
    /// The funnel as SVG text (empty without one); the page draws `funnel_scene`.
    pub fn funnel_svg(&self) -> String {
        self.funnel_scene.as_ref().map(crate::chart::Scene::to_svg).unwrap_or_default()
    }
}

#[derive(Debug, Serialize)]
pub struct OutcomeCount {
    pub key: &'static str,
    pub label: String,
    pub symbol: &'static str,
    pub count: usize,
    /// The badge's words: "▲ 12 significantly better than the value for England".
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    pub code: String,
    pub name: String,
    pub numerator: String,
    pub denominator: String,
    pub value: String,
    pub ci95: String,
    pub ci998: String,
    /// "3 of 120" (1 = best).
    pub rank: String,
    /// What reaching the benchmark would take, in the numerator's units; empty if not worse.
    pub opportunity: String,
    /// Machine key for styling, e.g. "worse_998".
    pub outcome: &'static str,
    pub symbol: &'static str,
    pub words: String,
    /// Against its peers' pooled value (95 %), when peers were found: "Significantly worse than
    /// its peers (95% confidence); peers 74.2%". `None` without peers.
    pub peers: Option<String>,
}

/// "Analysed 118 of 120 rows; 2 left out (listed below)."
pub fn rows_summary(analysis: &Analysis) -> String {
    let d = &analysis.dataset;
    let read = thousands(d.rows_read as f64);
    let used = thousands(d.rows_used() as f64);
    match d.exclusions.len() {
        0 => format!("Analysed all {read} rows."),
        1 => format!("Analysed {used} of {read} rows; 1 row was left out (listed below with the reason)."),
        n => format!("Analysed {used} of {read} rows; {} rows were left out (listed below with the reasons).", thousands(n as f64)),
    }
}

/// The list of indicators, for a picker.
#[derive(Debug, Serialize)]
pub struct IndicatorChoice {
    pub index: usize,
    pub name: String,
    pub organisations: usize,
}

pub fn indicator_choices(analysis: &Analysis) -> Vec<IndicatorChoice> {
    analysis.indicators.iter().enumerate().map(|(index, i)| IndicatorChoice { index, name: i.name.clone(), organisations: i.organisations.len() }).collect()
}

/// Number formats for one indicator: decimals that show differences without false precision.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    multiplier: f64,
    percent: bool,
    decimals: usize,
    best_is_high: bool,
}

impl Format {
    pub fn for_indicator(ind: &IndicatorResult) -> Format {
        let m = ind.multiplier;
        let percent = ind.indicator_type == IndicatorType::Proportion && m == 100.0;
        let typical = ind.benchmark.fraction.map(|b| (b * m).abs()).unwrap_or(1.0);
        let decimals = if percent || typical >= 100.0 {
            1
        } else if typical >= 10.0 {
            2
        } else {
            3
        };
        Format { multiplier: m, percent, decimals, best_is_high: ind.polarity != crate::stats::Polarity::LowerIsBetter }
    }

    /// A value on the base scale, shown on the display scale: "61.0%", "0.987", "512.3".
    pub fn value(&self, base: f64) -> String {
        self.shown(base).to_string()
    }

    /// [`Format::value`] written where it is used, without a string of its own (a national
    /// run's pairs' reasons write 65,000 values).
    pub fn shown(&self, base: f64) -> Shown {
        Shown { x: base * self.multiplier, decimals: self.decimals, percent: self.percent }
    }

    pub fn interval(&self, i: Option<Interval>) -> String {
        self.interval_shown(i).to_string()
    }

    /// [`Format::interval`] written where it is used: "58.2 to 63.9", or "none".
    pub fn interval_shown(&self, i: Option<Interval>) -> IntervalShown {
        let i = i.filter(|i| i.lower.is_finite() && i.upper.is_finite()).map(|i| i.scaled(self.multiplier));
        IntervalShown { i, decimals: self.decimals }
    }

    pub fn tick(&self, x: f64) -> String {
        if self.percent {
            format!("{x}%")
        } else {
            format!("{x}")
        }
    }
}

pub fn format_count(x: Option<f64>) -> String {
    match x {
        Some(x) if x.fract() == 0.0 => thousands(x),
        Some(x) => format!("{x}"),
        None => String::new(),
    }
}

/// The comparison of one organisation in words and marks: the Fingertips rule, or, when the
/// funnel limits are adjusted for over-dispersion, its position against those limits.
pub fn outcome(o: &OrganisationResult, polarity: crate::stats::Polarity) -> Outcome {
    Outcome::from_pair(o.judged(polarity, false), o.judged(polarity, true))
}

pub fn indicator_view(analysis: &Analysis, index: usize) -> Option<IndicatorView> {
    let ind = analysis.indicators.get(index)?;
    let f = Format::for_indicator(ind);
    let rows: Vec<RowView> = ind
        .organisations
        .iter()
        .map(|o| {
            let out = outcome(o, ind.polarity);
            RowView {
                code: analysis.code(o).to_string(),
                name: analysis.name(o).unwrap_or_default().to_string(),
                numerator: format_count(o.numerator),
                denominator: format_count(o.denominator),
                value: f.value(o.estimate),
                ci95: f.interval(o.ci95),
                ci998: f.interval(o.ci998),
                rank: match o.peer_rank {
                    Some(r) => format!("{} of {}; {} of {} with its peers", o.rank, ind.organisations.len(), r, o.peer_count + 1),
                    None => format!("{} of {}", o.rank, ind.organisations.len()),
                },
                opportunity: opportunity_text(o, &f),
                outcome: out.key(),
                symbol: out.mark().symbol(),
                words: out.sentence(benchmark_noun(ind)),
                peers: analysis.peers.as_ref().map(|_| match o.peer_benchmark {
                    Some(b) => {
                        format!("{}; peers {}", Outcome::from_pair(o.comparison_peers, crate::stats::Comparison::NotCompared).sentence("its peers"), f.value(b))
                    }
                    None => "No peers to compare with".into(),
                }),
            }
        })
        .collect();

    let counts = words::ORDER
        .iter()
        .filter(|o| o.applies_to(ind.polarity))
        .map(|&o| {
            let label = o.sentence(benchmark_noun(ind));
            let count = ind.organisations.iter().filter(|r| outcome(r, ind.polarity) == o).count();
            let mut lower = label.chars();
            let text = format!(
                "{} {} {}",
                o.mark().symbol(),
                thousands(count as f64),
                lower.next().map(|c| c.to_lowercase().chain(lower).collect::<String>()).unwrap_or_default()
            );
            OutcomeCount { key: o.key(), label, symbol: o.mark().symbol(), count, text }
        })
        .collect::<Vec<_>>();

    let (funnel_scene, funnel_note) = funnel(analysis, ind, index).map_or((None, None), |(scene, note)| (Some(scene), note));
    Some(IndicatorView {
        index,
        id: ind.id.clone(),
        name: ind.name.clone(),
        direction: words::direction(ind.polarity).into(),
        benchmark: benchmark_text(ind),
        caption: words::caption(ind, &counts),
        funnel_scene,
        funnel_note,
        overdispersion_available: ind.overdispersion.is_some(),
        overdispersion_applied: ind.overdispersion.as_ref().is_some_and(|od| od.adjusted),
        table_caption: format!("{}: every organisation, in file order ({} organisations)", ind.name, thousands(ind.organisations.len() as f64)),
        headings: [
            &["Code", "Name", "Numerator", "Denominator", "Value", "95% confidence interval", "99.8% confidence interval", "Compared with the benchmark"][..],
            if analysis.peers.is_some() { &["Compared with its peers"][..] } else { &[][..] },
            &["Rank (1 = best)", "Opportunity (change in numerator)"][..],
        ]
        .concat(),
        rows,
        page: None,
        counts,
        method: words::method(ind),
        over_time: time::over_time(analysis, ind),
    })
}

/// "+25 (19 to 28) to reach the benchmark; +55 to reach the best quarter (60.0%)".
fn opportunity_text(o: &OrganisationResult, f: &Format) -> String {
    let Some(p) = &o.opportunity else { return String::new() };
    let sign = if p.to_benchmark.count >= 0.0 && f.best_is_high { "+" } else { "−" };
    let n = |x: f64| thousands(x.ceil());
    let mut text = format!("{sign}{} ({} to {}) to reach the benchmark", n(p.to_benchmark.count), n(p.to_benchmark.lower), n(p.to_benchmark.upper));
    if let (Some(q), Some(v)) = (p.to_best_quartile, p.best_quartile_value) {
        text.push_str(&format!("; {sign}{} to reach the best quarter ({})", n(q.count), f.value(v)));
    }
    if let (Some(q), Some(v)) = (p.to_peer_best_quartile, p.peer_best_quartile_value) {
        text.push_str(&format!("; {sign}{} to reach the best quarter of its peers ({})", n(q.count), f.value(v)));
    }
    text
}

/// A value on the display scale as [`Format::shown`] gives it.
pub struct Shown {
    x: f64,
    decimals: usize,
    percent: bool,
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        decimals::write_fixed(f, self.x, self.decimals)?;
        if self.percent {
            f.write_str("%")?;
        }
        Ok(())
    }
}

/// An interval on the display scale as [`Format::interval_shown`] gives it.
pub struct IntervalShown {
    i: Option<Interval>,
    decimals: usize,
}

impl std::fmt::Display for IntervalShown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.i {
            Some(i) => {
                decimals::write_fixed(f, i.lower, self.decimals)?;
                f.write_str(" to ")?;
                decimals::write_fixed(f, i.upper, self.decimals)
            }
            None => f.write_str("none"),
        }
    }
}

fn benchmark_noun(ind: &IndicatorResult) -> &'static str {
    match ind.benchmark.method {
        "organisation" => "the benchmark organisation",
        "expected" => "expected",
        "value" => "the target",
        _ => "the benchmark",
    }
}

fn benchmark_text(ind: &IndicatorResult) -> String {
    if ind.benchmark.method == "withheld" {
        return "Benchmark not shown: with small numbers suppressed, it would reveal a suppressed count.".into();
    }
    let Some(b) = ind.benchmark.fraction else {
        return "No benchmark could be set, so no organisation was compared.".into();
    };
    let value = Format::for_indicator(ind).value(b);
    match ind.benchmark.method {
        "pooled" => format!("Benchmark: {value}, the pooled value of all {} organisations (total numerator over total denominator).", ind.benchmark.over),
        "median" => format!("Benchmark: {value}, the median of the {} organisations' values.", ind.benchmark.over),
        "organisation" => {
            let b = &ind.benchmark;
            let named = match (b.organisation_name.as_deref(), b.organisation.as_deref()) {
                (Some(name), _) => name.to_string(),
                (None, Some(code)) => code.to_string(),
                (None, None) => "the named organisation".to_string(),
            };
            format!("Benchmark: {value}, the value for {named}.")
        }
        "expected" => format!("Benchmark: {value}, where observed equals expected."),
        _ => format!("Benchmark: {value}, a fixed target."),
    }
}

/// The funnel plot's SVG, and the note when its value axis was cut (`None` where there is no
/// funnel: means, values, no benchmark).
fn funnel(analysis: &Analysis, ind: &IndicatorResult, index: usize) -> Option<(crate::chart::Scene, Option<String>)> {
    let m = ind.multiplier;
    let b = ind.benchmark.fraction?;
    let draw = match ind.indicator_type {
        IndicatorType::Proportion => proportion_funnel,
        IndicatorType::Rate | IndicatorType::Ratio => poisson_funnel,
        IndicatorType::Mean | IndicatorType::Value => return None,
    };
    let dens = ind.organisations.iter().filter_map(|o| o.denominator);
    let min = dens.clone().fold(f64::INFINITY, f64::min);
    let max = dens.fold(0.0, f64::max);
    if !min.is_finite() {
        return None;
    }
    let limits = match &ind.overdispersion {
        Some(od) if od.adjusted => crate::stats::funnel::phe_populations(min, max)
            .into_iter()
            .map(|n| crate::stats::funnel::FunnelPoint {
                population: n,
                limits95: od.limits(b, n, crate::stats::overdispersion::Z95),
                limits998: od.limits(b, n, crate::stats::overdispersion::Z998),
            })
            .collect(),
        _ => draw(b, min, max),
    };
    let f = Format::for_indicator(ind);
    let noun = benchmark_noun(ind);
    let dots = ind
        .organisations
        .iter()
        .map(|o| {
            let out = outcome(o, ind.polarity);
            let who = label(analysis.name(o), analysis.code(o));
            FunnelDot {
                code: analysis.code(o).to_string(),
                denominator: o.denominator.unwrap_or(0.0),
                value: o.estimate * m,
                mark: out.mark(),
                strong: matches!(out.level(), Some(Level::P998)),
                tooltip: format!(
                    "{who}: {} (95% CI {}), {} of {}. {}",
                    f.value(o.estimate),
                    f.interval(o.ci95),
                    format_count(o.numerator),
                    format_count(o.denominator),
                    out.sentence(noun)
                ),
                label: who,
            }
        })
        .collect();
    let label =
        format!("Funnel plot of {}: each organisation's value against its denominator, with 95% and 99.8% control limits around the benchmark.", ind.name);
    let columns = &analysis.dataset.columns;
    let x_label = columns.denominator_label(&analysis.dataset.headers).map_or_else(|| "Denominator".to_string(), |h| words::display_header(&h));
    let fmt = |t: f64| f.tick(t);
    let spec = FunnelSpec {
        id: &format!("i{index}"),
        label: &label,
        x_label: &x_label,
        y_label: &value_axis(ind),
        format_tick: &fmt,
        multiplier: m,
        benchmark: b * m,
        limits: &limits,
        dots,
        legend: &legend_marks(std::iter::once(ind)),
    };
    Some((crate::chart::funnel::funnel(&spec), crate::chart::funnel::central_note(&spec)))
}

/// A chart's value axis, named by the indicator with its unit: "Diabetes register (%)",
/// "Attendances of 0-4 year olds (per 1,000)"; a long name is cut (the caption has it whole).
pub(super) fn value_axis(ind: &IndicatorResult) -> String {
    let f = Format::for_indicator(ind);
    // The unit, unless the name already gives one.
    let said = ind.name.contains('%') || ind.name.contains("per ");
    let mut name: String = ind.name.chars().take(40).collect();
    if ind.name.chars().count() > 40 {
        name.push('…');
    }
    if said {
        name
    } else if f.tick(1.0).ends_with('%') {
        format!("{name} (%)")
    } else if ind.indicator_type == IndicatorType::Rate {
        format!("{name} (per {})", thousands(ind.multiplier))
    } else {
        name
    }
}

/// The organisation (index into `Analysis::organisations`) with this code: exact first, then
/// ignoring case and surrounding spaces, as a person might type it.
pub fn find_org(analysis: &Analysis, code: &str) -> Option<usize> {
    let n = analysis.organisations.len();
    (0..n).find(|&i| analysis.org_code(i) == code).or_else(|| {
        let wanted = code.trim();
        (!wanted.is_empty()).then(|| (0..n).find(|&i| analysis.org_code(i).trim().eq_ignore_ascii_case(wanted))).flatten()
    })
}

/// "Name (CODE)" of organisation `org`.
pub(crate) fn org_label(analysis: &Analysis, org: usize) -> String {
    label(analysis.org_name(org), analysis.org_code(org))
}

/// Hover text of an organisation's mark: who, the value, its intervals and the comparison.
pub(crate) fn mark_tooltip(who: &str, ind: &IndicatorResult, o: &OrganisationResult, f: &Format) -> String {
    let intervals = match (o.ci95, o.ci998) {
        (Some(_), Some(_)) => format!(" (95% CI {}; 99.8% CI {})", f.interval(o.ci95), f.interval(o.ci998)),
        (Some(_), None) => format!(" (95% CI {})", f.interval(o.ci95)),
        _ => String::new(),
    };
    format!("{who}, {}: {}{intervals}. {}.", ind.name, f.value(o.estimate), outcome(o, ind.polarity).sentence(benchmark_noun(ind)))
}

/// The outcomes a legend needs for these indicators: better/similar/worse when any indicator has
/// a direction, higher/lower when any has none, and "not compared" when it occurs.
pub(crate) fn legend_marks<'a>(indicators: impl Iterator<Item = &'a IndicatorResult>) -> Vec<(crate::chart::Mark, &'static str)> {
    use crate::chart::Mark;
    let (mut judged, mut unjudged, mut uncompared) = (false, false, false);
    for ind in indicators {
        match ind.polarity {
            crate::stats::Polarity::NoJudgement => unjudged = true,
            _ => judged = true,
        }
        uncompared |= ind.organisations.iter().any(|o| outcome(o, ind.polarity) == Outcome::NotCompared);
    }
    let mut marks = Vec::new();
    if judged {
        marks.extend([(Mark::Better, "Better"), (Mark::Similar, "Similar"), (Mark::Worse, "Worse")]);
    }
    if unjudged {
        if !judged {
            marks.push((Mark::Similar, "Similar"));
        }
        marks.extend([(Mark::Higher, "Higher"), (Mark::Lower, "Lower")]);
    }
    if uncompared {
        marks.push((Mark::NotCompared, "Not compared"));
    }
    marks
}

/// The benchmark on the display scale as text, or "none".
pub(crate) fn benchmark_value(ind: &IndicatorResult, f: &Format) -> String {
    ind.benchmark.fraction.map_or_else(|| "none".into(), |b| f.value(b))
}

/// "Name (CODE)", or the code alone when the file has no names.
pub(crate) fn label(name: Option<&str>, code: &str) -> String {
    match name {
        Some(n) => format!("{n} ({code})"),
        None => code.to_string(),
    }
}

/// 1st, 2nd, 3rd, 4th… 11th, 12th, 13th… 21st, written where it is used.
struct Ordinal(usize);

impl std::fmt::Display for Ordinal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0;
        let suffix = match (n % 10, n % 100) {
            (1, 11) | (2, 12) | (3, 13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        write!(f, "{n}{suffix}")
    }
}

pub use reasons::PairWords;

/// Why a significantly worse result has no teacher, in words.
pub fn unmatched_reason(analysis: &Analysis, left: &crate::pairing::LeftOut) -> String {
    use crate::pairing::Unmatched;
    let ind = &analysis.indicators[left.indicator];
    let within = analysis.peers.as_ref().and_then(|p| p.within.clone());
    let place = within.map_or("the file".to_string(), |g| format!("its {g}"));
    match left.reason {
        Unmatched::NoBetter => format!("No organisation in {place} is significantly better on {}, so there is nobody to learn from.", ind.name),
        Unmatched::MissingContext => "A context value is missing, so no similar organisation could be found. Fill it in to pair it.".into(),
        Unmatched::BeyondCap => {
            format!("Every organisation significantly better on {} is more different than the distance cap (pairing.max_distance).", ind.name)
        }
        Unmatched::TopicsFull => {
            let indicators = words::count_of(analysis.pairing.as_ref().map_or(0, |p| p.options.max_topics), "indicator", "indicators");
            format!("It already has teachers on {indicators} where it is further behind: a learner works on that many at once, furthest behind first (pairing.max_topics).")
        }
        Unmatched::TeachersFull => "Every organisation that could teach it is already full (pairing.set_size and pairing.capacity_total).".into(),
    }
}
