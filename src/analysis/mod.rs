//! The analysis of a dataset: for each indicator, every organisation's value, intervals,
//! comparison with the benchmark and funnel position. Pure: no formatting, no JavaScript.

mod files;
mod periods;
pub mod published;

use std::borrow::Cow;

use crate::dataset::understand::{understand, Choice, Understanding};
use crate::dataset::{Dataset, IndicatorData, Measure, Observation};
use crate::error::{Error, ErrorKind, Result};
use crate::options::{Benchmark, IndicatorType, Options, OverdispersionMethod, OverdispersionOptions, SrMethod};
use crate::stats::mean::{summarise, t_interval};
use crate::stats::overdispersion::{self, Scale, Z95, Z998};
use crate::stats::poisson::count_interval;
use crate::stats::{compare_with_benchmark, wilson::wilson, Comparison, Confidence, FunnelPosition, Interval, Polarity};
pub use periods::Compared;

#[derive(Debug, Clone)]
pub struct Analysis {
    /// Shared, never changed once analysed: the copy of the analysis a download redacts
    /// (`Disclosure::redact`) shares it, where copying it (the file's text, its cells, every
    /// observation) doubled a big file's memory on the first download (W2-like: 302 → 545 MB).
    pub dataset: std::sync::Arc<Dataset>,
    pub indicators: Vec<IndicatorResult>,
    /// Every organisation once, by the data row it first appears on (code and name live there).
    pub organisations: Vec<u32>,
    /// For each indicator, the organisation (index into `organisations`) of each of its rows.
    pub org_index: Vec<Vec<usize>>,
    pub peers: Option<crate::peers::PeerSet>,
    pub pairing: Option<crate::pairing::Pairing>,
    /// Things the user should know about the analysis as a whole, in sentences.
    pub warnings: Vec<String>,
    /// The period compared (index into `Dataset::periods`), when the file has periods; the last
    /// of a range.
    pub period: Option<u32>,
    /// The first period of a range compared (numerators and denominators summed), if a range.
    pub period_from: Option<u32>,
    /// How the charts over time group a daily series (each point a week or month, at its
    /// first day's period); `None`: a point per period.
    pub chart_bin: Option<crate::options::Bin>,
    /// What was judged from the file's shape, each with its alternatives.
    pub choices: Vec<Choice>,
    /// What each file joined to the data file matched.
    pub joins: Vec<crate::table::join::JoinOutcome>,
    /// How the file's own published confidence limits agree with Allteach's, when it has them.
    pub published: Option<published::PublishedIntervals>,
    /// What a record file made into a cohort held (`options.cohort`).
    pub cohort: Option<crate::cohort::CohortSummary>,
    /// Each organisation's code, read from its row once: the report and the reasons name
    /// organisations about 100,000 times in a national run with pairs, and reading each from
    /// the file's table (its row, its cell, trimmed) was 2 % of that run in wasm.
    codes: Vec<Box<str>>,
    /// The disclosure policy this analysis was redacted under, for what is written from the
    /// file itself when it leaves the page (context values); `None` on the page.
    pub disclosure: Option<crate::disclosure::Suppression>,
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
    /// φ and τ² (FunnelPlotR's method), for types with a funnel and a benchmark.
    pub overdispersion: Option<Overdispersion>,
}

impl IndicatorResult {
    /// How many organisations are ranked on it (those with a value): the "of N" of a rank.
    pub fn ranked(&self) -> usize {
        self.organisations.iter().filter(|o| o.rank > 0).count()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Overdispersion {
    pub phi: f64,
    pub tau2: f64,
    /// Whether the adjusted limits are in use (method "additive", or "auto" with φ > 1).
    pub adjusted: bool,
    pub scale: Scale,
    pub trim: f64,
    /// Indexes of organisations whose funnel position differs once adjusted.
    pub changed: Vec<usize>,
}

impl Overdispersion {
    /// Limits (base scale) at a denominator, around benchmark `b`, adjusted by τ².
    pub fn limits(&self, b: f64, denominator: f64, z: f64) -> Interval {
        match self.scale {
            // Rates are judged as observed over expected events at the benchmark rate.
            Scale::RatioLog | Scale::RatioSqrt => {
                let e = denominator * b;
                let i = overdispersion::limits(self.scale, 1.0, e, self.tau2, z);
                Interval { lower: i.lower * b, upper: i.upper * b }
            }
            _ => overdispersion::limits(self.scale, b, denominator, self.tau2, z),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BenchmarkResult {
    /// On the indicator's base scale (a fraction for proportions, per person for rates, O/E for
    /// ratios); `None` when it could not be established.
    pub fraction: Option<f64>,
    /// "pooled", "median", "value", "organisation" or "expected" (ratios: observed = expected).
    pub method: &'static str,
    /// The organisation whose row is the benchmark, for method "organisation" (its code).
    pub organisation: Option<String>,
    /// Its name as the file gives it ("England"), to say the benchmark as people do.
    pub organisation_name: Option<String>,
    /// Number of organisations the pooled or median benchmark was taken over.
    pub over: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationResult {
    /// The input row (the first, for a mean of row-level values); its code and name are read
    /// through [`Analysis::code`] and [`Analysis::name`].
    pub observation: Observation,
    /// Numerator (observed count for ratios); `None` for means and values.
    pub numerator: Option<f64>,
    /// Denominator (expected count for ratios, sample size for means).
    pub denominator: Option<f64>,
    /// The value on the base scale (x/n, O/E, the mean...); the report scales it by the multiplier.
    pub estimate: f64,
    /// `None` when no interval can be computed (values, means of fewer than 2).
    pub ci95: Option<Interval>,
    pub ci998: Option<Interval>,
    pub comparison: Comparison,
    pub comparison998: Comparison,
    pub funnel: Option<FunnelPosition>,
    /// Position against the over-dispersion-adjusted limits, when they are in use.
    pub funnel_adjusted: Option<FunnelPosition>,
    /// 1 = best among all organisations of the indicator (highest, with no judgement); ties share.
    pub rank: u32,
    /// PHE quartile, polarity-aware: 1 = the worst quarter, 4 = the best (1 = highest values
    /// with no judgement); `None` with fewer than 4 organisations.
    pub quartile: Option<u32>,
    /// Rank among itself and its peers (1 = best), and the number of peers on this indicator.
    pub peer_rank: Option<u32>,
    pub peer_count: usize,
    /// The peers' pooled value (counts types), and this organisation compared with it (95 %).
    pub peer_benchmark: Option<f64>,
    pub comparison_peers: Comparison,
    /// The organisation's series over time and its XmR chart, when the file has periods.
    pub spc: Option<Box<Series>>,
    /// For an organisation significantly worse (95 %) on counts: the change in numerator that
    /// would bring it to the benchmark and to the best quartile's boundary.
    pub opportunity: Option<Box<Opportunity>>,
}

impl OrganisationResult {
    /// The one judgement of this result against the benchmark, at 95 % or (`at998`) 99.8 %:
    /// the Fingertips rule on its interval, or, when the funnel limits are widened for
    /// over-dispersion, its position against those limits. Every view, word, export, pair and
    /// reason takes it from here, so none can call a result worse that another calls similar.
    pub fn judged(&self, polarity: Polarity, at998: bool) -> Comparison {
        use crate::stats::FunnelPosition as F;
        let Some(position) = self.funnel_adjusted else {
            return if at998 { self.comparison998 } else { self.comparison };
        };
        let (high, strong) = match position {
            F::High998 => (true, true),
            F::High95 => (true, false),
            F::Low95 => (false, false),
            F::Low998 => (false, true),
            F::NotSignificant => return Comparison::Similar,
        };
        if at998 && !strong {
            return Comparison::Similar;
        }
        match (polarity, high) {
            (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Comparison::Better,
            (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => Comparison::Worse,
            (Polarity::NoJudgement, true) => Comparison::Higher,
            (Polarity::NoJudgement, false) => Comparison::Lower,
        }
    }
}

/// An organisation's values over time (base scale) with their XmR chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Indexes into `Dataset::periods`, in time order.
    pub periods: Vec<u32>,
    pub xmr: crate::spc::Xmr,
    /// The target the assurance is judged against (base scale), drawn on the chart.
    pub target: Option<f64>,
}

impl Series {
    /// Special-cause improvement at the latest point.
    pub fn improving(&self) -> bool {
        self.xmr.points.last().is_some_and(|p| p.point_type == crate::spc::PointType::Improvement)
    }
}

/// A change in numerator, in the indicator's own units (patients, events...), with the range
/// the organisation's 95 % interval implies. Positive = more of the numerator is needed
/// (higher is better); for lower-is-better indicators, the number fewer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opportunity {
    pub to_benchmark: Change,
    /// Reaching the value that starts the best quarter of organisations (upper quartile).
    pub to_best_quartile: Option<Change>,
    pub best_quartile_value: Option<f64>,
    /// The same for the best quarter of its peer group (itself included).
    pub to_peer_best_quartile: Option<Change>,
    pub peer_best_quartile_value: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub count: f64,
    pub lower: f64,
    pub upper: f64,
}

impl Analysis {
    /// The code of organisation `org` (an index into `organisations`).
    pub fn org_code(&self, org: usize) -> &str {
        &self.codes[org]
    }

    pub fn org_name(&self, org: usize) -> Option<&str> {
        self.dataset.record_name(self.organisations[org])
    }

    /// The label of the period compared, when the file has periods.
    pub fn period_compared(&self) -> Option<String> {
        let label = |p: u32| self.dataset.periods.get(p as usize).map(String::as_str).filter(|p| !p.trim().is_empty());
        let to = label(self.period?)?;
        match self.period_from.and_then(label) {
            Some(from) => Some(format!("{from} to {to}")),
            None => Some(to.to_string()),
        }
    }

    pub fn code(&self, o: &OrganisationResult) -> &str {
        self.dataset.code(&o.observation)
    }

    pub fn name(&self, o: &OrganisationResult) -> Option<&str> {
        self.dataset.name(&o.observation)
    }
}

/// Read, map and analyse a file: the whole core in one call.
pub fn analyse(bytes: &[u8], options: &Options) -> Result<Analysis> {
    analyse_files(&[bytes], options)
}

/// As [`analyse`], with files after the first joined to it on the organisation code.
pub fn analyse_files(files: &[&[u8]], options: &Options) -> Result<Analysis> {
    let (first, extras) = files::first_and_rest(files)?;
    analyse_read(read_files(Cow::Borrowed(first), extras, options)?, options)
}

/// The first step of [`analyse_files`]: the files read into one table. The data file's bytes,
/// when owned, become the table's text (the wasm boundary hands over its copy of the file,
/// which would otherwise be a second copy in memory to the end of the analysis); the files
/// joined to it are copied, and their bytes can be freed before [`analyse_read`].
pub(crate) fn read_files(first: Cow<'_, [u8]>, extras: &[&[u8]], options: &Options) -> Result<files::Read> {
    check_options(options)?;
    files::read_joined(first, extras, options)
}

/// The rest of [`analyse_files`], from the files as [`read_files`] read them.
pub(crate) fn analyse_read(read: files::Read, options: &Options) -> Result<Analysis> {
    use crate::progress::{report as progress, Stage};
    let files::Read { table, joins, cohort } = read;
    let options = cohort.as_ref().map_or(options, |c| &c.options);
    progress(Stage::Mapping, 0.0);
    let understood = understood(&table, options)?;
    let options = &understood.options;
    let benchmark = options.benchmark()?;
    let dataset = Dataset::from_table(table, options)?;
    let mut dataset = match options.bin {
        Some(bin) => dataset.rebinned(bin)?,
        None => dataset,
    };
    progress(Stage::Comparing, 0.0);
    let mut warnings: Vec<String> = joins.iter().map(files::join_note).collect();
    if let Some(c) = &cohort {
        dataset.exclusions.extend(c.exclusions.iter().cloned());
        warnings.extend(crate::cohort::notes(&c.summary));
    }
    if options.sheet.is_some() && dataset.table.sheets.is_empty() {
        warnings.push("The sheet option applies to workbooks; this file is a text (CSV) file, so it was not used.".into());
    }
    let (polarities, direction_choices) = crate::dataset::understand::direction::directions(&dataset.indicators, options);
    let (compared, period_choice) = periods::compared(&dataset, options)?;
    warnings.extend(periods::note(&dataset, compared));
    let (chart_bin, chart_choice) = crate::dataset::understand::periods::chart_bin(&dataset.periods, options.spc.as_ref().and_then(|s| s.bin));
    let chart_bins = chart_bin.and_then(|b| crate::dataset::bins::bin_starts(&dataset.periods, b));
    let chart_bin = chart_bin.filter(|_| chart_bins.is_some());
    let mut indicators = dataset
        .indicators
        .iter()
        .enumerate()
        .map(|(i, data)| {
            progress(Stage::Comparing, i as f64 / dataset.indicators.len() as f64);
            let multiplier = multiplier_of(data, options)?;
            let when = When { compared, chart_bins: chart_bins.as_deref() };
            analyse_indicator(&dataset, data, data.indicator_type, polarities[i], multiplier, &benchmark, options, when, &mut warnings)
        })
        .collect::<Result<Vec<_>>>()?;
    let (organisations, org_index) = organisations_of(&dataset, &indicators);
    progress(Stage::Pairing, 0.0);
    let peers = find_peers_for(&dataset, options, &organisations, &mut warnings)?;
    if let Some(set) = &peers {
        place_among_peers(&mut indicators, &org_index, organisations.len(), set);
    }
    let pairing = pair_for(&dataset, &indicators, &org_index, organisations.len(), peers.as_ref(), options, &mut warnings);
    progress(Stage::Pairing, 1.0);
    // Limits the file publishes (Fingertips) are checked against Allteach's, for the single
    // period compared (a range sums counts the published limits do not cover).
    let published = if compared.is_range() { None } else { published::compare(&dataset, &indicators) };
    warnings.extend(published.as_ref().map(published::note));
    let mut choices = understood.choices;
    choices.extend(period_choice);
    choices.extend(chart_choice);
    choices.extend(direction_choices);
    let period = (!dataset.periods.is_empty()).then_some(compared.to);
    let codes = organisations.iter().map(|&record| dataset.record_code(record).into()).collect();
    let period_from = compared.is_range().then_some(compared.from);
    let cohort = cohort.map(|c| c.summary);
    Ok(Analysis {
        dataset: std::sync::Arc::new(dataset),
        indicators,
        organisations,
        org_index,
        peers,
        pairing,
        warnings,
        period,
        period_from,
        chart_bin,
        choices,
        joins,
        published,
        cohort,
        codes,
        disclosure: None,
    })
}

/// Which periods an indicator is compared over, and how its charts over time group them.
#[derive(Clone, Copy)]
struct When<'a> {
    compared: Compared,
    /// Each period's first period in its week or month (`spc.bin`), when the charts group them.
    chart_bins: Option<&'a [u32]>,
}

/// Options that cannot be used, found before a byte of the file is read.
fn check_options(options: &Options) -> Result<()> {
    check_pairing_options(options)?;
    if let Some(m) = options.multiplier {
        if !(m.is_finite() && m > 0.0) {
            return Err(Error::new(
                ErrorKind::BadOptions,
                format!("The multiplier must be a positive number such as 100 (percent) or 1 (fraction); found {m}."),
            ));
        }
    }
    options.benchmark().map(|_| ())
}

/// An indicator's display scale: its own setting (the `indicators` option), the file-wide one,
/// or its type's default.
fn multiplier_of(data: &IndicatorData, options: &Options) -> Result<f64> {
    let multiplier = data.multiplier.or(options.multiplier).unwrap_or(default_multiplier(data.indicator_type));
    if !(multiplier.is_finite() && multiplier > 0.0) {
        return Err(Error::new(ErrorKind::BadOptions, format!("The multiplier of \"{}\" must be a positive number; found {multiplier}.", data.id)));
    }
    Ok(multiplier)
}

/// Every organisation once, by its first row, and for each indicator the organisation of each
/// of its results.
fn organisations_of(dataset: &Dataset, indicators: &[IndicatorResult]) -> (Vec<u32>, Vec<Vec<usize>>) {
    let mut organisations: Vec<u32> = Vec::new();
    let mut seen = vec![usize::MAX; dataset.organisations];
    let org_index = indicators
        .iter()
        .map(|ind| {
            ind.organisations
                .iter()
                .map(|o| {
                    let at = &mut seen[o.observation.org as usize];
                    if *at == usize::MAX {
                        organisations.push(o.observation.record);
                        *at = organisations.len() - 1;
                    }
                    *at
                })
                .collect()
        })
        .collect();
    (organisations, org_index)
}

/// Learning pairs among peers, when peers were found; what stops them is said in the warnings.
fn pair_for(
    dataset: &Dataset,
    indicators: &[IndicatorResult],
    org_index: &[Vec<usize>],
    organisations: usize,
    peers: Option<&crate::peers::PeerSet>,
    options: &Options,
    warnings: &mut Vec<String>,
) -> Option<crate::pairing::Pairing> {
    let Some(peers) = peers else {
        if options.pairing.is_some() {
            warnings.push("Learning pairs need peers: name context columns (columns.context) or a grouping column (peers.within), so that teachers are similar organisations.".into());
        }
        return None;
    };
    let mut pairing = options.pairing.clone().unwrap_or_default();
    if pairing.teachers != crate::options::Teachers::Better && dataset.periods.len() < 2 {
        warnings.push(format!(
            "Teachers \"{}\" need change over time: the file has no period column, so only significantly better organisations teach.",
            pairing.teachers.as_str()
        ));
        // As the warning says: without periods nobody is improving, so nobody would teach.
        pairing.teachers = crate::options::Teachers::Better;
    }
    if indicators.iter().all(|i| i.polarity == Polarity::NoJudgement) {
        warnings
            .push("With no judgement of direction nobody is better or worse, so there are no learning pairs. Set the polarity to pair organisations.".into());
    }
    Some(crate::pairing::pair(indicators, org_index, organisations, peers, &pairing))
}

/// What the file is, judged from its shape (see `dataset::understand`); a question the file
/// cannot be analysed without stops the analysis with its words.
fn understood(table: &crate::table::RawTable, options: &Options) -> Result<Understanding> {
    let understood = understand(table, options);
    match &understood.question {
        Some(question) => Err(Error::new(ErrorKind::MissingColumn, question.reason.clone())),
        None => Ok(understood),
    }
}

/// Pairing options that cannot be used, found before a byte of the file is read.
fn check_pairing_options(options: &Options) -> Result<()> {
    let Some(p) = &options.pairing else { return Ok(()) };
    let bad = |message: String| Err(Error::new(ErrorKind::BadOptions, message));
    if !(p.confidence == 0.95 || p.confidence == 0.998) {
        return bad(format!("pairing.confidence must be 0.95 or 0.998 (95% or 99.8%); found {}.", p.confidence));
    }
    if p.capacity == 0 {
        return bad("pairing.capacity must be at least 1: it is how many learners one teacher takes on one indicator (2 is usual).".into());
    }
    if p.capacity_total == Some(0) {
        return bad("pairing.capacity_total must be at least 1: it is how many learners one teacher takes in all.".into());
    }
    if p.set_size == 0 {
        return bad(
            "pairing.set_size must be at least 1: it is how many learners one teacher takes on one indicator as a learning set (4 is the default).".into()
        );
    }
    if p.max_distance.is_some_and(|d| !(d.is_finite() && d >= 0.0)) {
        return bad("pairing.max_distance must be a number of 0 or more (0 = identical, 1 = the farthest pair among everyone's peers).".into());
    }
    if p.max_topics == 0 {
        return bad("pairing.max_topics must be at least 1: it is how many indicators a learner works on at once (3 is usual).".into());
    }
    Ok(())
}

/// Statistical neighbours from `columns.context`, within `peers.within` (or `columns.group`).
fn find_peers_for(dataset: &Dataset, options: &Options, organisations: &[u32], warnings: &mut Vec<String>) -> Result<Option<crate::peers::PeerSet>> {
    use crate::peers::{find_peers, Variable};
    let peer_options = options.peers.clone().unwrap_or_default();
    let context_names = options.columns.context.clone().unwrap_or_default();
    let within = peer_options.within.clone().or_else(|| options.columns.group.clone());
    if context_names.is_empty() && within.is_none() {
        if options.peers.is_some() {
            return Err(Error::new(
                ErrorKind::BadOptions,
                "Peers need context columns (columns.context, e.g. [\"List size\", \"IMD score\"]) or a grouping column (peers.within, e.g. \"ICB\").",
            ));
        }
        return Ok(None);
    }
    if peer_options.k == 0 {
        return Err(Error::new(ErrorKind::BadOptions, "peers.k must be at least 1 (10 is usual)."));
    }
    let column = |name: &str, role: &str| {
        dataset.headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::new(
                ErrorKind::MissingColumn,
                format!("The {role} column \"{name}\" is not in the file. Its columns are: {}.", crate::error::list(&dataset.headers)),
            )
        })
    };
    let mut variables = Vec::new();
    let mut values = Vec::new();
    for name in &context_names {
        let col = column(name, "context")?;
        let weight = peer_options.weights.get(name).copied().unwrap_or(1.0);
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(Error::new(ErrorKind::BadOptions, format!("The weight of \"{name}\" must be zero or more; found {weight}.")));
        }
        variables.push(Variable { name: name.clone(), weight, sqrt: peer_options.sqrt.contains(name) });
        values.push(organisations.iter().map(|&r| dataset.record_number(r, col)).collect::<Vec<Option<f64>>>());
    }
    for name in peer_options.weights.keys().chain(&peer_options.sqrt) {
        if !context_names.contains(name) {
            return Err(Error::new(ErrorKind::BadOptions, format!("peers names \"{name}\", which is not one of the context columns (columns.context).")));
        }
    }
    let groups = match &within {
        Some(name) => {
            let col = column(name, "grouping")?;
            Some(organisations.iter().map(|&r| dataset.record_text(r, col).map(str::to_string)).collect::<Vec<_>>())
        }
        None => None,
    };
    let k = (!variables.is_empty()).then_some(peer_options.k);
    if k.is_some_and(|k| k >= organisations.len()) {
        warnings.push(format!(
            "peers.k is {}, but there are only {} organisations, so each has at most {} peers: all of them{}.",
            peer_options.k,
            organisations.len(),
            organisations.len().saturating_sub(1),
            if within.is_some() { " in its group" } else { "" }
        ));
    }
    let set = find_peers(variables, &values, groups.as_deref(), k, within);
    if !set.incomplete.is_empty() {
        warnings.push(format!(
            "{} organisations have a missing context value, so they have no statistical neighbours (for example {}).",
            set.incomplete.len(),
            dataset.record_code(organisations[set.incomplete[0]])
        ));
    }
    Ok(Some(set))
}

/// Display scale by type: percent for proportions, per 100,000 for rates, as is otherwise.
pub fn default_multiplier(t: IndicatorType) -> f64 {
    match t {
        IndicatorType::Proportion => 100.0,
        IndicatorType::Rate => 100_000.0,
        IndicatorType::Ratio | IndicatorType::Mean | IndicatorType::Value => 1.0,
    }
}

/// One organisation's measure before comparison: the value and its intervals (base scale).
struct Estimate {
    observation: Observation,
    numerator: Option<f64>,
    denominator: Option<f64>,
    value: f64,
    ci95: Option<Interval>,
    ci998: Option<Interval>,
    /// Weight in a pooled benchmark: (numerator, denominator) summed across organisations.
    pooled: (f64, f64),
}

fn estimate(t: IndicatorType, observation: Observation) -> Estimate {
    let (c95, c998) = (Confidence::c95(), Confidence::c998());
    let base = |value, ci95, ci998, numerator, denominator, pooled| Estimate { observation, numerator, denominator, value, ci95, ci998, pooled };
    match observation.measure {
        Measure::Counts { numerator: x, denominator: n } => {
            let (ci95, ci998) = match t {
                IndicatorType::Proportion => (wilson(x, n, c95), wilson(x, n, c998)),
                _ => {
                    let per = |i: Interval| Interval { lower: i.lower / n, upper: i.upper / n };
                    (per(count_interval(x, c95).0), per(count_interval(x, c998).0))
                }
            };
            base(x / n, Some(ci95), Some(ci998), Some(x), Some(n), (x, n))
        }
        Measure::Summary { mean, sd, n } => base(mean, t_interval(mean, sd, n, c95), t_interval(mean, sd, n, c998), None, Some(n), (mean * n, n)),
        Measure::Value(v) => base(v, None, None, None, None, (v, 1.0)),
    }
}

/// An observation's value alone, as [`estimate`] gives it, without its intervals: the series
/// over time need only the values (their intervals were a twentieth of analysing a big file).
fn value_of(observation: &Observation) -> f64 {
    match observation.measure {
        Measure::Counts { numerator: x, denominator: n } => x / n,
        Measure::Summary { mean, .. } => mean,
        Measure::Value(v) => v,
    }
}

/// Means from row-level values: one summary per organisation, in order of first appearance.
fn summarise_samples(observations: &[Observation]) -> Vec<Observation> {
    let mut order: Vec<(Observation, Vec<f64>)> = Vec::new();
    let mut index: rustc_hash::FxHashMap<u32, usize> = Default::default();
    for o in observations {
        let Measure::Value(v) = o.measure else { continue };
        let slot = *index.entry(o.org).or_insert_with(|| {
            order.push((*o, Vec::new()));
            order.len() - 1
        });
        order[slot].1.push(v);
    }
    order
        .into_iter()
        .map(|(first, values)| {
            let (mean, sd, n) = summarise(&values);
            Observation { measure: Measure::Summary { mean, sd, n }, ..first }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn analyse_indicator(
    dataset: &Dataset,
    data: &IndicatorData,
    indicator_type: IndicatorType,
    polarity: Polarity,
    multiplier: f64,
    benchmark: &Benchmark,
    options: &Options,
    When { compared, chart_bins }: When,
    warnings: &mut Vec<String>,
) -> Result<IndicatorResult> {
    let benchmark_given = options.benchmark.is_some();
    let current: Vec<Observation> = data.observations.iter().filter(|o| compared.contains(o.period)).copied().collect();
    let current = if compared.is_range() { crate::dataset::bins::summed(indicator_type, &current) } else { current };
    let samples = indicator_type == IndicatorType::Mean && current.iter().any(|o| matches!(o.measure, Measure::Value(_)));
    let observations = if samples { summarise_samples(&current) } else { current };
    let mut estimates: Vec<Estimate> = observations.into_iter().map(|o| estimate(indicator_type, o)).collect();
    let benchmark = benchmark_of(dataset, data, &mut estimates, (benchmark, benchmark_given), indicator_type, multiplier, warnings)?;
    let b = benchmark.fraction;
    let has_funnel = matches!(indicator_type, IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio);
    let mut organisations: Vec<OrganisationResult> = estimates.into_iter().map(|e| compared_with(e, b, polarity, has_funnel)).collect();
    place(&mut organisations, polarity, b, indicator_type);
    if dataset.periods.len() > 1 && !samples {
        attach_series(dataset, data, indicator_type, polarity, multiplier, options, chart_bins, &mut organisations)?;
    }

    let od_options = options.overdispersion.clone().unwrap_or_default();
    let overdispersion = match (has_funnel, b) {
        (true, Some(b)) if organisations.len() >= 3 => over_dispersion(indicator_type, b, &mut organisations, &od_options, &data.name, warnings)?,
        _ => None,
    };
    Ok(IndicatorResult { id: data.id.clone(), name: data.name.clone(), indicator_type, polarity, multiplier, benchmark, organisations, overdispersion })
}

/// The benchmark the indicator's organisations are compared with; a named organisation's row is
/// taken out of `estimates` (it is not compared with itself).
fn benchmark_of(
    dataset: &Dataset,
    data: &IndicatorData,
    estimates: &mut Vec<Estimate>,
    (benchmark, benchmark_given): (&Benchmark, bool),
    indicator_type: IndicatorType,
    multiplier: f64,
    warnings: &mut Vec<String>,
) -> Result<BenchmarkResult> {
    // A ratio's natural benchmark is observed = expected; a value has no pooled form.
    Ok(match (benchmark, benchmark_given, indicator_type) {
        (_, false, IndicatorType::Ratio) => BenchmarkResult { fraction: Some(1.0), method: "expected", organisation: None, organisation_name: None, over: 0 },
        (Benchmark::Pooled, _, IndicatorType::Value) => median_benchmark(estimates),
        (Benchmark::Pooled, _, _) => {
            let (x, n) = estimates.iter().fold((0.0, 0.0), |(x, n), e| (x + e.pooled.0, n + e.pooled.1));
            BenchmarkResult {
                fraction: Some(x / n).filter(|b| b.is_finite()),
                method: "pooled",
                organisation: None,
                organisation_name: None,
                over: estimates.len(),
            }
        }
        (Benchmark::Median, _, _) => median_benchmark(estimates),
        (Benchmark::Fixed(v), _, _) => {
            let fraction = v / multiplier;
            if indicator_type == IndicatorType::Proportion && !(0.0..=1.0).contains(&fraction) {
                return Err(Error::new(
                    ErrorKind::BadOptions,
                    format!("The benchmark {v} is outside the range of a proportion on this scale (0 to {multiplier})."),
                ));
            }
            BenchmarkResult { fraction: Some(fraction), method: "value", organisation: None, organisation_name: None, over: 0 }
        }
        (Benchmark::Organisation(code), _, _) => {
            let position = estimates.iter().position(|e| dataset.code(&e.observation).eq_ignore_ascii_case(code));
            let organisation_name = position.and_then(|i| dataset.name(&estimates[i].observation)).map(str::to_string);
            let fraction = position.map(|i| estimates.remove(i).value);
            if fraction.is_none() {
                warnings.push(format!(
                    "The benchmark organisation \"{code}\" has no usable row for the indicator \"{}\", so its organisations were not compared.",
                    data.name
                ));
            }
            BenchmarkResult { fraction, method: "organisation", organisation: Some(code.clone()), organisation_name, over: 0 }
        }
    })
}

/// One organisation's estimate compared with the benchmark `b` at 95 % and 99.8 %, and placed
/// on the funnel; ranks, peers and series are added later.
fn compared_with(e: Estimate, b: Option<f64>, polarity: Polarity, has_funnel: bool) -> OrganisationResult {
    OrganisationResult {
        observation: e.observation,
        numerator: e.numerator,
        denominator: e.denominator,
        estimate: e.value,
        ci95: e.ci95,
        ci998: e.ci998,
        comparison: compare_with_benchmark(Some(e.value), e.ci95, b, polarity),
        comparison998: compare_with_benchmark(Some(e.value), e.ci998, b, polarity),
        funnel: match (has_funnel, b, e.ci95, e.ci998) {
            (true, Some(b), Some(c95), Some(c998)) => Some(FunnelPosition::from_intervals(e.value, c95, c998, b)),
            _ => None,
        },
        funnel_adjusted: None,
        rank: 0,
        quartile: None,
        spc: None,
        peer_rank: None,
        peer_count: 0,
        peer_benchmark: None,
        comparison_peers: Comparison::NotCompared,
        opportunity: None,
    }
}

/// Each organisation's values over time as (period, value), by its number: every period, or with `chart_bins`
/// (each period's first period in its week or month) one value per bin, its observations
/// summed as a range compared is (counts summed, values averaged), at the bin's first period.
fn series_by_org(data: &IndicatorData, indicator_type: IndicatorType, chart_bins: Option<&[u32]>) -> ByOrganisation {
    let Some(starts) = chart_bins else {
        let points = data.observations.iter().map(|o| (o.org, o.period, value_of(o))).filter(|p| p.2.is_finite());
        return ByOrganisation::of(points.collect());
    };
    let mut grouped: rustc_hash::FxHashMap<(u32, u32), Vec<Observation>> = Default::default();
    for o in &data.observations {
        grouped.entry((o.org, starts[o.period as usize])).or_default().push(*o);
    }
    let mut points = Vec::with_capacity(grouped.len());
    for ((org, at), observations) in grouped {
        let values: Vec<f64> =
            crate::dataset::bins::summed(indicator_type, &observations).into_iter().map(|o| value_of(&o)).filter(|v| v.is_finite()).collect();
        if !values.is_empty() {
            points.push((org, at, values.iter().sum::<f64>() / values.len() as f64));
        }
    }
    ByOrganisation::of(points)
}

/// Points (period, value) grouped by organisation number in one list, in the order given within
/// each: a map of a list per organisation was an allocation, its growth and its freeing for
/// each of a big file's 134,000 series.
struct ByOrganisation {
    /// Organisation `o`'s points are `points[first[o]..first[o + 1]]`.
    first: Vec<u32>,
    points: Vec<(u32, f64)>,
}

impl ByOrganisation {
    /// By a counting sort on the organisation number.
    fn of(points: Vec<(u32, u32, f64)>) -> Self {
        let organisations = points.iter().map(|p| p.0 as usize + 1).max().unwrap_or(0);
        let mut first = vec![0u32; organisations + 1];
        for &(org, _, _) in &points {
            first[org as usize + 1] += 1;
        }
        for o in 0..organisations {
            first[o + 1] += first[o];
        }
        let mut next = first.clone();
        let mut placed = vec![(0u32, 0.0); points.len()];
        for (org, period, value) in points {
            placed[next[org as usize] as usize] = (period, value);
            next[org as usize] += 1;
        }
        ByOrganisation { first, points: placed }
    }

    /// Organisation `org`'s points (none for a number beyond every point's).
    fn of_mut(&mut self, org: u32) -> &mut [(u32, f64)] {
        let o = org as usize;
        match (self.first.get(o), self.first.get(o + 1)) {
            (Some(&from), Some(&to)) => &mut self.points[from as usize..to as usize],
            _ => &mut [],
        }
    }
}

/// Each organisation's series over all periods (or `chart_bins`, see [`series_by_org`]) and
/// its XmR chart (NHSRplotthedots' method).
#[allow(clippy::too_many_arguments)]
fn attach_series(
    dataset: &Dataset,
    data: &IndicatorData,
    indicator_type: IndicatorType,
    polarity: Polarity,
    multiplier: f64,
    options: &Options,
    chart_bins: Option<&[u32]>,
    organisations: &mut [OrganisationResult],
) -> Result<()> {
    use crate::spc::{xmr_with, Direction, Scratch, XmrOptions};
    let spc = options.spc.clone().unwrap_or_default();
    if spc.fix_after.is_some_and(|n| n < 2) {
        return Err(Error::new(ErrorKind::BadOptions, "spc.fix_after must be at least 2 (NHSRplotthedots asks for 12 or more)."));
    }
    let mut rebase_at = Vec::new();
    for label in &spc.rebase {
        let key = crate::dataset::period::period_key(label);
        match dataset.periods.iter().position(|p| p == label.trim() || (key.is_some() && crate::dataset::period::period_key(p) == key)) {
            Some(i) => rebase_at.push(i as u32),
            None => return Err(Error::new(ErrorKind::BadOptions, format!("The rebase period \"{label}\" is not in the file."))),
        }
    }
    let mut by_org = series_by_org(data, indicator_type, chart_bins);
    let direction = match polarity {
        Polarity::HigherIsBetter => Direction::Increase,
        Polarity::LowerIsBetter => Direction::Decrease,
        Polarity::NoJudgement => Direction::Neutral,
    };
    // Kept from one organisation's series to the next rather than made for each.
    let (mut scratch, mut values) = (Scratch::default(), Vec::new());
    for o in organisations.iter_mut() {
        let series = by_org.of_mut(o.observation.org);
        if series.is_empty() {
            continue;
        }
        series.sort_by_key(|s| s.0);
        let periods: Vec<u32> = series.iter().map(|s| s.0).collect();
        values.clear();
        values.extend(series.iter().map(|s| s.1));
        let options = XmrOptions {
            screen_outliers: spc.screen_outliers,
            fix_after: spc.fix_after,
            rebase_at: rebase_at.iter().filter_map(|&r| periods.iter().position(|&p| p >= r)).collect(),
            direction,
            target: spc.target.map(|t| t / multiplier),
        };
        o.spc = Some(Box::new(Series { periods, target: options.target, xmr: xmr_with(&values, &options, &mut scratch) }));
    }
    Ok(())
}

/// Ranks, quartiles and opportunities (PHE `phe_quantile`; docs/methods.md §1.6).
/// Ranks, quartiles and opportunities of an indicator's organisations again, among those it
/// holds (the disclosure policy recomputes them among the results shown); peers' figures are
/// cleared for [`place_among_peers`] to set again.
pub(crate) fn place_again(ind: &mut IndicatorResult) {
    for o in ind.organisations.iter_mut() {
        o.opportunity = None;
        o.peer_rank = None;
        o.peer_count = 0;
        o.peer_benchmark = None;
        o.comparison_peers = Comparison::NotCompared;
    }
    place(&mut ind.organisations, ind.polarity, ind.benchmark.fraction, ind.indicator_type);
}

fn place(organisations: &mut [OrganisationResult], polarity: Polarity, benchmark: Option<f64>, t: IndicatorType) {
    use crate::stats::overdispersion::quantile7;
    let values: Vec<Option<f64>> = organisations.iter().map(|o| Some(o.estimate).filter(|v| v.is_finite())).collect();
    let sorted = crate::stats::quantile::Sorted::of(&values);
    let best_is_high = polarity != Polarity::LowerIsBetter;
    let ranks = sorted.ranks(best_is_high);
    // PHE inverts (quantile 1 = highest) for low-is-good and by default; so quantile 1 is the worst.
    let quartiles = sorted.phe_quantile(4, polarity != Polarity::HigherIsBetter);
    let best_quartile_value = (polarity != Polarity::NoJudgement)
        .then(|| {
            let sorted = sorted.values();
            (sorted.len() >= 4).then(|| quantile7(&sorted, if best_is_high { 0.75 } else { 0.25 }))
        })
        .flatten();
    let counts = matches!(t, IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio);
    for (o, (rank, quartile)) in organisations.iter_mut().zip(ranks.into_iter().zip(quartiles)) {
        o.rank = rank.unwrap_or(0);
        o.quartile = quartile;
        let (Some(b), Some(n), Some(ci), true) = (benchmark, o.denominator, o.ci95, counts) else { continue };
        if o.comparison != Comparison::Worse {
            continue;
        }
        let change = |target: f64| change_to(o.estimate, ci, n, target, best_is_high);
        let better_than = |x: f64, y: f64| if best_is_high { x > y } else { x < y };
        o.opportunity = Some(Box::new(Opportunity {
            to_benchmark: change(b),
            to_best_quartile: best_quartile_value.filter(|q| better_than(*q, o.estimate)).map(change),
            best_quartile_value,
            to_peer_best_quartile: None,
            peer_best_quartile_value: None,
        }));
    }
}

/// Numerator change that moves a value to `target`, over the range its interval allows.
fn change_to(value: f64, ci: Interval, denominator: f64, target: f64, best_is_high: bool) -> Change {
    let sign = if best_is_high { 1.0 } else { -1.0 };
    let at = |v: f64| (sign * (target - v) * denominator).max(0.0);
    let (a, c) = (at(ci.lower), at(ci.upper));
    Change { count: at(value), lower: a.min(c), upper: a.max(c) }
}

/// Each organisation among its peers: rank, the peers' pooled benchmark and the comparison with
/// it, and the opportunity to reach the best quarter of its peer group (itself included).
pub(crate) fn place_among_peers(indicators: &mut [IndicatorResult], org_index: &[Vec<usize>], organisations: usize, peers: &crate::peers::PeerSet) {
    use crate::stats::overdispersion::quantile7;
    for (ind, rows) in indicators.iter_mut().zip(org_index) {
        let mut position = vec![usize::MAX; organisations];
        for (k, &org) in rows.iter().enumerate() {
            position[org] = k;
        }
        let best_is_high = ind.polarity != Polarity::LowerIsBetter;
        let counts = matches!(ind.indicator_type, IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio);
        let snapshot: Vec<(f64, Option<f64>, Option<f64>)> = ind.organisations.iter().map(|o| (o.estimate, o.numerator, o.denominator)).collect();
        // Two lists refilled for each organisation rather than two allocations each (134,000 in a national run).
        let (mut group, mut values): (Vec<usize>, Vec<f64>) = (Vec::new(), Vec::new());
        for (k, &org) in rows.iter().enumerate() {
            group.clear();
            group.extend(peers.peers[org].iter().map(|p| position[p.org]).filter(|&at| at != usize::MAX));
            let o = &mut ind.organisations[k];
            if group.is_empty() {
                continue;
            }
            let value = o.estimate;
            let better = |x: f64| if best_is_high { x > value } else { x < value };
            o.peer_rank = Some(1 + group.iter().filter(|&&at| better(snapshot[at].0)).count() as u32);
            o.peer_count = group.len();
            if counts {
                let (x, n) = group.iter().fold((0.0, 0.0), |(x, n), &at| (x + snapshot[at].1.unwrap_or(0.0), n + snapshot[at].2.unwrap_or(0.0)));
                o.peer_benchmark = Some(x / n).filter(|b| b.is_finite());
            }
            o.comparison_peers = compare_with_benchmark(Some(value), o.ci95, o.peer_benchmark, ind.polarity);
            if let (Some(opportunity), Some(ci), Some(n)) = (o.opportunity.as_mut(), o.ci95, o.denominator) {
                values.clear();
                values.extend(group.iter().map(|&at| snapshot[at].0).chain(std::iter::once(value)));
                values.sort_by(f64::total_cmp);
                if values.len() >= 4 {
                    let q = quantile7(&values, if best_is_high { 0.75 } else { 0.25 });
                    opportunity.peer_best_quartile_value = Some(q);
                    opportunity.to_peer_best_quartile = better(q).then(|| change_to(value, ci, n, q, best_is_high));
                }
            }
        }
    }
}

/// φ and τ² always (they describe the spread); adjusted positions only when asked for.
fn over_dispersion(
    indicator_type: IndicatorType,
    b: f64,
    organisations: &mut [OrganisationResult],
    options: &OverdispersionOptions,
    indicator_name: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<Overdispersion>> {
    if !(options.trim >= 0.0 && options.trim < 0.5) {
        return Err(Error::new(ErrorKind::BadOptions, format!("overdispersion.trim must be at least 0 and below 0.5 (e.g. 0.1); found {}.", options.trim)));
    }
    let scale = match (indicator_type, options.sr_method) {
        (IndicatorType::Proportion, _) => Scale::Proportion,
        (_, SrMethod::Shmi) => Scale::RatioLog,
        (_, SrMethod::Cqc) => Scale::RatioSqrt,
    };
    // Ratios are O/E already; rates become observed over expected events at the benchmark.
    let units: Vec<(f64, f64)> = organisations
        .iter()
        .filter_map(|o| match (o.numerator, o.denominator) {
            (Some(x), Some(n)) => Some(match indicator_type {
                IndicatorType::Rate => (x, n * b),
                _ => (x, n),
            }),
            _ => None,
        })
        .collect();
    // A zero count has no log-scale z-score: it is truncated from φ (FunnelPlotR drops it too).
    let d = overdispersion::estimate(scale, &units, options.trim);
    if !d.phi.is_finite() {
        return Ok(None);
    }
    let adjusted = match options.method {
        OverdispersionMethod::None => false,
        OverdispersionMethod::Additive => true,
        OverdispersionMethod::Auto => d.phi > 1.0,
    };
    let mut od = Overdispersion { phi: d.phi, tau2: d.tau2, adjusted, scale, trim: options.trim, changed: Vec::new() };
    if options.method == OverdispersionMethod::Auto {
        warnings.push(if adjusted {
            format!("{indicator_name}: the organisations vary more than chance alone would explain (φ = {:.2}), so the funnel limits were widened for over-dispersion (τ² = {:.4}).", d.phi, d.tau2)
        } else {
            format!("{indicator_name}: no over-dispersion (φ = {:.2} ≤ 1), so the funnel limits were not adjusted.", d.phi)
        });
    }
    if adjusted {
        for (i, o) in organisations.iter_mut().enumerate() {
            let Some(n) = o.denominator else { continue };
            let position = FunnelPosition::from_limits(o.estimate, od.limits(b, n, Z95), od.limits(b, n, Z998));
            o.funnel_adjusted = Some(position);
            if Some(position) != o.funnel {
                od.changed.push(i);
            }
        }
    }
    Ok(Some(od))
}

fn median_benchmark(estimates: &[Estimate]) -> BenchmarkResult {
    let mut values: Vec<f64> = estimates.iter().map(|e| e.value).collect();
    BenchmarkResult { fraction: median(&mut values), method: "median", organisation: None, organisation_name: None, over: estimates.len() }
}

/// Median of finite values (mean of the middle two for an even count); `None` when empty.
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

/// What a file holds, without the analysis: the columns found, the rows read, used and left
/// out, and the indicators and periods. Quick enough for a preview of a very large file.
#[derive(Debug, serde::Serialize)]
pub struct Inspection {
    pub headers: Vec<String>,
    pub header_row: u32,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub rows_read: usize,
    pub rows_used: usize,
    pub rows_excluded: usize,
    pub indicators: Vec<String>,
    pub periods: usize,
}

pub fn inspect(bytes: &[u8], options: &Options) -> Result<Inspection> {
    let files::Read { table, cohort, .. } = files::read_joined(Cow::Borrowed(bytes), &[], options)?;
    let options = cohort.as_ref().map_or(options, |c| &c.options);
    let understood = understood(&table, options)?;
    let dataset = Dataset::from_table(table, &understood.options)?;
    Ok(Inspection {
        headers: dataset.headers.clone(),
        header_row: dataset.header_row,
        sheets: dataset.table.sheets.clone(),
        sheet: dataset.table.sheet.clone(),
        rows_read: dataset.rows_read,
        rows_used: dataset.rows_used(),
        rows_excluded: dataset.exclusions.len(),
        indicators: dataset.indicators.iter().map(|i| i.id.clone()).collect(),
        periods: dataset.periods.len(),
    })
}

/// What the settings need to show for a file, even one that cannot be analysed yet: its headers,
/// the columns found so far, the choices made and the question that stops the analysis. Fails
/// only when the bytes are not a table (or the options cannot be read).
#[derive(Debug, serde::Serialize)]
pub struct Description {
    pub headers: Vec<String>,
    pub header_row: u32,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// Each role's column as found (or given), in the shape of the `columns` option; `null` when
    /// it could not be found.
    pub columns: std::collections::BTreeMap<&'static str, Option<String>>,
    pub numeric_headers: Vec<String>,
    pub context_headers: Vec<String>,
    pub choices: Vec<Choice>,
    pub question: Option<Choice>,
    /// A file of one row per event (a person seen more than once, dates, an organisation), or
    /// one made into a cohort: its headers and the columns found, for the cohort's settings.
    pub records: Option<Records>,
}

/// The record file behind a cohort, by headers only.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Records {
    pub headers: Vec<String>,
    pub columns: crate::cohort::RecordColumns,
}

pub fn describe(bytes: &[u8], options: &Options) -> Result<Description> {
    describe_files(&[bytes], options)
}

/// As [`describe`], with files after the first joined to it.
pub fn describe_files(files: &[&[u8]], options: &Options) -> Result<Description> {
    let (first, extras) = files::first_and_rest(files)?;
    let files::Read { table, cohort, .. } = files::read_joined(Cow::Borrowed(first), extras, options)?;
    let options_given = options;
    let options = cohort.as_ref().map_or(options, |c| &c.options);
    let understood = understand(&table, options);
    let o = &understood.options;
    // The full mapping when it can be made, else the organisation, name and period columns.
    let resolved = crate::dataset::resolve_columns(&table, &o.columns, o.indicator_type, false)
        .or_else(|_| crate::dataset::resolve_columns(&table, &o.columns, o.indicator_type, true));
    let mut columns: std::collections::BTreeMap<&'static str, Option<String>> = match &resolved {
        Ok(r) => r.names(&table.headers).into_iter().map(|(role, h)| (role, h.map(str::to_string))).collect(),
        Err(_) => ["code", "name", "indicator", "period", "numerator", "denominator", "value", "sd"].into_iter().map(|r| (r, None)).collect(),
    };
    // A question's suggestion pre-fills the columns it asks about, so accepting it is one click.
    if let Some(serde_json::Value::Object(suggested)) = understood.question.as_ref().map(|q| &q.chosen) {
        for (role, header) in suggested {
            if let (Some(slot), Some(h)) = (columns.get_mut(role.as_str()), header.as_str()) {
                *slot = Some(h.to_string());
            }
        }
    }
    // A cohort is offered only where the file cannot be read as counts (and was not made one).
    let stuck = understood.question.is_some() || resolved.is_err();
    let records = match &cohort {
        Some(c) => Some(Records { headers: c.summary.record_headers.clone(), columns: c.summary.columns.clone() }),
        None if stuck && options_given.cohort.is_none() => {
            crate::cohort::records_shape(&table).map(|columns| Records { headers: table.headers.clone(), columns })
        }
        None => None,
    };
    let numeric_headers = crate::dataset::numeric_headers(&table);
    let roles: Vec<usize> = columns.values().flatten().filter_map(|h| table.headers.iter().position(|x| x == h)).collect();
    let context_headers = crate::dataset::context_headers(&table, &roles);
    Ok(Description {
        headers: table.headers.clone(),
        header_row: table.header_row,
        sheets: table.sheets.clone(),
        sheet: table.sheet.clone(),
        columns,
        numeric_headers,
        context_headers,
        choices: understood.choices,
        question: understood.question,
        records,
    })
}

#[cfg(test)]
mod tests {
    use super::ByOrganisation;

    #[test]
    fn points_are_grouped_by_organisation_in_the_order_given() {
        let points = vec![(2, 5, 0.5), (0, 3, 0.1), (2, 1, 0.7), (0, 4, 0.2), (2, 9, 0.9)];
        let mut by_org = ByOrganisation::of(points);
        assert_eq!(by_org.of_mut(0), &[(3, 0.1), (4, 0.2)]);
        assert!(by_org.of_mut(1).is_empty(), "an organisation without points has none");
        assert_eq!(by_org.of_mut(2), &[(5, 0.5), (1, 0.7), (9, 0.9)]);
        assert!(by_org.of_mut(3).is_empty(), "nor has a number beyond every point's");
        assert!(ByOrganisation::of(Vec::new()).of_mut(0).is_empty());
    }
}
