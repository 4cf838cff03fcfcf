//! The report: the JSON-compatible contract of `analyse` (field names as in `docs/api.md`).
//! This is the one place that decides how results are serialised; values are on each
//! indicator's display scale and missing values are `null`, never NaN.

use serde::Serialize;

mod pair_columns;
pub use pair_columns::{PairColumns, Texts, PAIR_COUNTS, PAIR_NUMBERS, UNMATCHED_COUNTS};

use crate::analysis::{Analysis, IndicatorResult, OrganisationResult};
use crate::stats::compare::Comparison;
use crate::stats::funnel::FunnelPosition;
use crate::stats::overdispersion::Scale;
use crate::stats::{Interval, Polarity};

#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub version: &'static str,
    pub rows: Rows<'a>,
    /// The column mapping used, in the shape of the `columns` option (detected or given).
    pub columns: Columns<'a>,
    /// Every header of the file, so a mapping editor can offer them.
    pub headers: &'a [String],
    /// The spreadsheet row number of the header.
    pub header_row: u32,
    /// Headers of the columns that hold numbers (candidates for `columns.context`).
    pub numeric_headers: Vec<&'a str>,
    /// The numeric columns a person would pick peers on (not the measure, its limits or bookkeeping).
    pub context_headers: Vec<&'a str>,
    /// A workbook's sheets and the one read (empty and `null` for a text file).
    pub sheets: &'a [String],
    pub sheet: Option<&'a str>,
    pub indicators: Vec<IndicatorReport<'a>>,
    /// Statistical neighbours, when context columns or a grouping column were given.
    pub peers: Option<PeersReport<'a>>,
    /// Learning pairs: who learns what from whom, and why.
    pub pairings: Vec<PairReport<'a>>,
    /// Every organisation's indicators to teach and to learn (ids).
    pub roles: Vec<RoleReport<'a>>,
    pub pairing_summary: Option<PairingSummary>,
    /// Every significantly worse result without a teacher, with why (empty without pairs).
    pub unmatched: Vec<UnmatchedReport<'a>>,
    /// Sentences about the file and the analysis as a whole.
    pub warnings: Vec<&'a str>,
    /// What was judged from the file's shape (a breakdown, the kind of area, the benchmark row,
    /// each register's list), with the alternatives and the option path that takes each.
    pub choices: &'a [crate::dataset::understand::Choice],
    /// One per file joined to the data file: its code column, codes matched and not.
    pub joins: &'a [crate::table::join::JoinOutcome],
    /// How the file's own confidence limits (Fingertips) agree with Allteach's; `null` without.
    pub published_intervals: Option<crate::analysis::published::PublishedIntervals>,
    /// For a record file made into a cohort (`options.cohort`): the rule, the window, and how
    /// many events, people and organisations; `null` otherwise. Never a person's identifier.
    pub cohort: Option<&'a crate::cohort::CohortSummary>,
    /// Every organisation's code, and its peers as indexes into it (for the columnar transfer).
    #[serde(skip)]
    org_codes: Vec<&'a str>,
    #[serde(skip)]
    peer_lists: Option<Vec<Vec<usize>>>,
    /// The periods compared (equal for one period, a range summed per organisation), and every
    /// period of the file in time order, for a period picker; `null` without periods.
    pub period_compared: Option<PeriodCompared<'a>>,
    /// How the charts over time group a daily series (`spc.bin`, or judged): "week" or "month",
    /// each SPC point then standing at its bin's first period in the file; `null`: a point per period.
    pub spc_bin: Option<&'static str>,
    /// The file's periods (for the columnar transfer of SPC points).
    #[serde(skip)]
    periods: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct PeriodCompared<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub labels: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct PeersReport<'a> {
    pub variables: Vec<VariableReport<'a>>,
    pub k: Option<usize>,
    pub within: Option<&'a str>,
    pub organisations: Vec<PeerListReport<'a>>,
}

#[derive(Debug, Serialize)]
pub struct VariableReport<'a> {
    pub name: &'a str,
    pub weight: f64,
    pub sqrt: bool,
}

#[derive(Debug, Serialize)]
pub struct PeerListReport<'a> {
    pub code: &'a str,
    pub peers: Vec<PeerReport<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PeerReport<'a> {
    pub code: &'a str,
    /// 0 = identical context, 1 = the most different pair in the data.
    pub distance: Option<f64>,
    /// The context variables on which the two are closest, closest first.
    pub similar_on: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct PairReport<'a> {
    /// Indicator id.
    pub indicator: &'a str,
    pub learner: &'a str,
    pub teacher: &'a str,
    pub learner_name: Option<&'a str>,
    pub teacher_name: Option<&'a str>,
    /// Peer distance (0–1), `null` for peers by group.
    pub distance: Option<f64>,
    /// Teacher's value minus learner's, on the display scale.
    pub gap: f64,
    /// 1 = the learner's most similar peer.
    pub peer_rank: usize,
    /// The teacher learns something else from this learner.
    pub reciprocal: bool,
    /// Learners this teacher takes on this indicator (2 or more: a learning set).
    pub set: usize,
    /// The teacher is not among the learner's k nearest peers (none of them could teach it).
    pub beyond_peers: bool,
    pub reasons: PairReasons<'a>,
}

/// A pair's reasons in words, written when the report is (a list of strings in its JSON,
/// straight into the columns' text), not kept as 110,000 strings for a national run's pairs.
pub struct PairReasons<'a> {
    words: std::rc::Rc<crate::present::PairWords<'a>>,
    pair: &'a crate::pairing::Pair,
}

impl PairReasons<'_> {
    /// Hands each reason to `take` as it is written.
    pub fn write(&self, take: &mut dyn FnMut(&str)) {
        self.words.write_reasons(self.pair, take);
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.words.reasons(self.pair)
    }
}

impl Serialize for PairReasons<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.to_vec())
    }
}

impl std::fmt::Debug for PairReasons<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.to_vec()).finish()
    }
}

/// A significantly worse result without a teacher, and why.
#[derive(Debug, Serialize)]
pub struct UnmatchedReport<'a> {
    pub indicator: &'a str,
    pub learner: &'a str,
    pub learner_name: Option<&'a str>,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct RoleReport<'a> {
    pub code: &'a str,
    pub name: Option<&'a str>,
    pub teaches: Vec<&'a str>,
    pub learns: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct PairingSummary {
    pub confidence: f64,
    /// Significantly worse organisation×indicator combinations, and how many got a teacher.
    pub learners: usize,
    pub matched: usize,
    pub organisations: usize,
    pub teach: usize,
    pub learn: usize,
    pub both: usize,
    /// Share of organisations that both teach and learn (0–1).
    pub share_both: f64,
    /// Significantly worse results without a teacher (listed in `unmatched`).
    pub unmatched: usize,
    /// Teachers with two or more learners on one indicator.
    pub learning_sets: usize,
    /// How teaching is spread: entry j is the number of teachers with j + 1 learners in all.
    pub teaching_load: Vec<usize>,
    /// The pairing options in force (each `pairing` option, its default when not given), so
    /// that a page can show them and a reader knows what the pairs were made with.
    pub capacity: usize,
    pub set_size: usize,
    pub max_topics: usize,
    pub max_distance: Option<f64>,
    pub capacity_total: Option<usize>,
    pub teachers: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Rows<'a> {
    pub read: usize,
    pub used: usize,
    pub excluded: Vec<Excluded<'a>>,
    /// Cells not used in rows that fed other indicators (wide files): the row counts as used.
    pub partly_used: Vec<Excluded<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Excluded<'a> {
    pub row: u32,
    pub column: Option<&'a str>,
    pub reason: &'a str,
}

#[derive(Debug, Serialize)]
pub struct Columns<'a> {
    pub code: Option<&'a str>,
    pub name: Option<&'a str>,
    pub indicator: Option<&'a str>,
    pub period: Option<&'a str>,
    pub numerator: Option<&'a str>,
    pub denominator: Option<&'a str>,
    pub value: Option<&'a str>,
    pub sd: Option<&'a str>,
    /// Further columns added to the numerator or denominator (`numerator: [a, b]` in the options).
    pub numerator_also: Vec<&'a str>,
    pub denominator_also: Vec<&'a str>,
    /// Whether the measure is denominator − numerator.
    pub complement: bool,
}

#[derive(Debug, Serialize)]
pub struct IndicatorReport<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub indicator_type: &'static str,
    pub polarity: &'static str,
    pub multiplier: f64,
    pub benchmark: BenchmarkReport<'a>,
    pub overdispersion: Option<OverdispersionReport<'a>>,
    /// Change over time, when the file has periods.
    pub over_time: Option<OverTimeReport<'a>>,
    pub organisations: Vec<OrganisationReport<'a>>,
}

#[derive(Debug, Serialize)]
pub struct OverTimeReport<'a> {
    /// The period the comparison with the benchmark uses.
    pub period: &'a str,
    pub periods: usize,
    /// Organisations whose latest point is special-cause improvement, or concern.
    pub improving: Vec<&'a str>,
    pub concerning: Vec<&'a str>,
    /// Up to 10 organisations with the largest improvement of their latest value over the mean
    /// of their first limits (display scale), improving ones only.
    pub most_improved: Vec<ImprovedReport<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ImprovedReport<'a> {
    pub code: &'a str,
    pub change: f64,
}

#[derive(Debug, Serialize)]
pub struct SpcReport<'a> {
    /// Mean and process limits of the latest group (display scale).
    pub mean: f64,
    pub lpl: f64,
    pub upl: f64,
    /// The point type of the latest point (the variation icon).
    pub variation: &'static str,
    /// Against the target (`spc.target`): consistent_pass, consistent_fail, inconsistent.
    pub assurance: Option<&'static str>,
    /// Fewer than 13 points since the last rebase: trial limits.
    pub short: bool,
    pub points: SpcPoints<'a>,
}

/// One series' points, made as they are written rather than held as objects: a national
/// monthly file has millions of them.
#[derive(Debug, Clone, Copy)]
pub struct SpcPoints<'a> {
    series: &'a crate::analysis::Series,
    periods: &'a [String],
    multiplier: f64,
}

impl<'a> SpcPoints<'a> {
    pub fn len(&self) -> usize {
        self.series.xmr.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each point with its period's index into the dataset's periods.
    pub fn iter(&self) -> impl Iterator<Item = (u32, SpcPointReport<'a>)> + 'a {
        let (m, periods) = (self.multiplier, self.periods);
        let xmr = &self.series.xmr;
        xmr.points.iter().zip(&self.series.periods).map(move |(p, &period)| {
            let limits = xmr.group_of(p);
            let point = SpcPointReport {
                period: &periods[period as usize],
                value: p.value * m,
                mean: limits.mean * m,
                lpl: limits.lpl * m,
                upl: limits.upl * m,
                point_type: p.point_type.as_str(),
                rule: p.rule.label(),
            };
            (period, point)
        })
    }
}

impl Serialize for SpcPoints<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|(_, point)| point))
    }
}

#[derive(Debug, Serialize)]
pub struct SpcPointReport<'a> {
    pub period: &'a str,
    pub value: f64,
    pub mean: f64,
    pub lpl: f64,
    pub upl: f64,
    pub point_type: &'static str,
    /// NHSRplotthedots' label, e.g. "7 Point Trend (Increasing)"; "Common Cause" otherwise.
    pub rule: &'static str,
}

#[derive(Debug, Serialize)]
pub struct OverdispersionReport<'a> {
    pub phi: f64,
    pub tau2: f64,
    /// Whether the funnel uses the adjusted limits (`funnel_adjusted` is then set).
    pub adjusted: bool,
    /// "shmi" (log O/E, truncation), "cqc" (square root, Winsorisation) or "proportion" (arcsine).
    pub method: &'static str,
    pub trim: f64,
    /// Organisations whose funnel position changes when the limits are adjusted.
    pub changed: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct BenchmarkReport<'a> {
    pub value: Option<f64>,
    pub method: &'static str,
    /// The organisation whose row is the benchmark (method "organisation").
    pub code: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct OrganisationReport<'a> {
    pub code: &'a str,
    pub name: Option<&'a str>,
    /// The spreadsheet row this organisation came from.
    pub row: u32,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: f64,
    pub ci95: [Option<f64>; 2],
    pub ci998: [Option<f64>; 2],
    pub comparison: &'static str,
    pub comparison998: &'static str,
    pub funnel: Option<&'static str>,
    /// Position against the over-dispersion-adjusted limits, when they are in use.
    pub funnel_adjusted: Option<&'static str>,
    /// 1 = best of all organisations (highest, with no judgement).
    pub rank: u32,
    /// PHE quartile, polarity-aware: 1 = worst quarter, 4 = best (1 = highest with no judgement).
    pub quartile: Option<u32>,
    /// XmR chart over the file's periods (`null` without periods).
    pub spc: Option<Box<SpcReport<'a>>>,
    /// Codes of this organisation's peers, nearest first (`null` without peers).
    pub peers: Option<PeerCodes<'a>>,
    /// Rank among itself and its peers on this indicator (1 = best), `null` without peers.
    pub peer_rank: Option<u32>,
    /// The peers' pooled value (display scale) and the comparison with it at 95 %.
    pub peer_benchmark: Option<f64>,
    pub comparison_peers: &'static str,
    /// Significantly worse organisations: the numerator change to reach the benchmark and the
    /// best quartile, in the numerator's own units, with the range the 95 % interval implies.
    /// Opportunities of different organisations must not simply be added up.
    pub opportunity: Option<Box<OpportunityReport>>,
}

#[derive(Debug, Serialize)]
pub struct OpportunityReport {
    pub to_benchmark: ChangeReport,
    pub to_best_quartile: Option<ChangeReport>,
    /// The value (display scale) where the best quarter of organisations starts.
    pub best_quartile_value: Option<f64>,
    /// The same among the organisation and its peers.
    pub to_peer_best_quartile: Option<ChangeReport>,
    pub peer_best_quartile_value: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct ChangeReport {
    pub count: f64,
    pub lower: f64,
    pub upper: f64,
}

impl From<crate::analysis::Change> for ChangeReport {
    fn from(c: crate::analysis::Change) -> Self {
        ChangeReport { count: c.count, lower: c.lower, upper: c.upper }
    }
}

pub fn polarity_str(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "higher_is_better",
        Polarity::LowerIsBetter => "lower_is_better",
        Polarity::NoJudgement => "no_judgement",
    }
}

fn pair(i: Option<Interval>, multiplier: f64) -> [Option<f64>; 2] {
    let finite = |x: f64| Some(x).filter(|x| x.is_finite());
    match i {
        Some(i) => {
            let s = i.scaled(multiplier);
            [finite(s.lower), finite(s.upper)]
        }
        None => [None, None],
    }
}

impl<'a> Report<'a> {
    pub fn new(analysis: &'a Analysis) -> Self {
        Report::build(analysis, true)
    }

    /// The report as columns for the page: each organisation's numbers written straight from
    /// its result (the national file's 134,000, never made into reports of about 300 bytes
    /// each, written once and read once for nothing). `src/wasm/report-decoder.js` rebuilds
    /// from them exactly the objects of [`Report::to_json`] (held by `tests/e2e/core.test.mjs`).
    pub fn columns(analysis: &'a Analysis) -> ReportColumns {
        Report::build(analysis, false).write_columns(analysis)
    }

    /// The report, with each indicator's organisations or (for columns, which write them one by
    /// one) without.
    fn build(analysis: &'a Analysis, organisations: bool) -> Self {
        let d = &analysis.dataset;
        let names = d.columns.names(&d.headers);
        let pick = |role: &str| names.iter().find(|(r, _)| *r == role).and_then(|(_, n)| *n);
        Report {
            version: crate::VERSION,
            rows: Rows {
                read: d.rows_read,
                used: d.rows_used(),
                excluded: d.exclusions.iter().map(|e| Excluded { row: e.row, column: e.column.as_deref(), reason: &e.reason }).collect(),
                partly_used: d.partly_used.iter().map(|e| Excluded { row: e.row, column: e.column.as_deref(), reason: &e.reason }).collect(),
            },
            columns: Columns {
                code: pick("code"),
                name: pick("name"),
                indicator: pick("indicator"),
                period: pick("period"),
                numerator: pick("numerator"),
                denominator: pick("denominator"),
                value: pick("value"),
                sd: pick("sd"),
                numerator_also: d.columns.numerator_extra.iter().map(|&i| d.headers[i].as_str()).collect(),
                denominator_also: d.columns.denominator_extra.iter().map(|&i| d.headers[i].as_str()).collect(),
                complement: d.columns.complement,
            },
            headers: &d.headers,
            header_row: d.header_row,
            numeric_headers: d.numeric_headers(),
            context_headers: d.context_headers(),
            sheets: &d.table.sheets,
            sheet: d.table.sheet.as_deref(),
            indicators: analysis.indicators.iter().enumerate().map(|(n, i)| IndicatorReport::new(analysis, n, i, organisations)).collect(),
            peers: analysis.peers.as_ref().map(|set| peers_report(analysis, set)),
            pairings: analysis.pairing.as_ref().map_or_else(Vec::new, |p| pair_reports(analysis, p)),
            roles: roles(analysis),
            pairing_summary: analysis.pairing.as_ref().map(|p| summary(analysis, p)),
            unmatched: analysis.pairing.as_ref().map_or_else(Vec::new, |p| unmatched_reports(analysis, p)),
            org_codes: (0..analysis.organisations.len()).map(|o| analysis.org_code(o)).collect(),
            periods: &analysis.dataset.periods,
            peer_lists: analysis.peers.as_ref().map(|set| set.peers.iter().map(|list| list.iter().map(|p| p.org).collect()).collect()),
            warnings: d.notes.iter().chain(&analysis.warnings).map(String::as_str).collect(),
            choices: &analysis.choices,
            joins: &analysis.joins,
            published_intervals: analysis.published,
            cohort: analysis.cohort.as_ref(),
            spc_bin: analysis.chart_bin.map(crate::options::Bin::noun),
            period_compared: analysis.period.filter(|_| analysis.dataset.periods.len() > 1).map(|to| {
                let label = |p: u32| analysis.dataset.periods[p as usize].as_str();
                PeriodCompared { from: label(analysis.period_from.unwrap_or(to)), to: label(to), labels: &analysis.dataset.periods }
            }),
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and finite-or-null numbers cannot fail.
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

impl<'a> IndicatorReport<'a> {
    fn new(analysis: &'a Analysis, n: usize, i: &'a IndicatorResult, with_organisations: bool) -> Self {
        IndicatorReport {
            id: &i.id,
            name: &i.name,
            indicator_type: i.indicator_type.as_str(),
            polarity: polarity_str(i.polarity),
            multiplier: i.multiplier,
            benchmark: BenchmarkReport {
                value: i.benchmark.fraction.map(|b| b * i.multiplier),
                method: i.benchmark.method,
                code: i.benchmark.organisation.as_deref(),
            },
            over_time: over_time(analysis, i),
            overdispersion: i.overdispersion.as_ref().map(|od| OverdispersionReport {
                phi: od.phi,
                tau2: od.tau2,
                adjusted: od.adjusted,
                method: match od.scale {
                    Scale::RatioLog => "shmi",
                    Scale::RatioSqrt => "cqc",
                    _ => "proportion",
                },
                trim: od.trim,
                changed: od.changed.iter().map(|&k| analysis.code(&i.organisations[k])).collect(),
            }),
            organisations: if with_organisations { OrganisationReport::all_of(analysis, n, i).collect() } else { Vec::new() },
        }
    }
}

impl<'a> OrganisationReport<'a> {
    /// The reports of indicator `n`'s organisations, in order.
    fn all_of(analysis: &'a Analysis, n: usize, i: &'a IndicatorResult) -> impl Iterator<Item = OrganisationReport<'a>> + 'a {
        i.organisations.iter().zip(&analysis.org_index[n]).map(move |(o, &org)| OrganisationReport::new(analysis, o, org, i.multiplier))
    }

    fn new(analysis: &'a Analysis, o: &'a OrganisationResult, org: usize, multiplier: f64) -> Self {
        let shown = Shown::of(o, multiplier);
        OrganisationReport {
            // The organisation's code, which the columns send once (the head's `org_codes`).
            code: analysis.org_code(org),
            name: analysis.name(o),
            row: o.observation.row,
            numerator: o.numerator,
            denominator: o.denominator,
            value: shown.value,
            ci95: shown.ci95,
            ci998: shown.ci998,
            comparison: o.comparison.as_str(),
            comparison998: o.comparison998.as_str(),
            funnel: o.funnel.map(|f| f.as_str()),
            funnel_adjusted: o.funnel_adjusted.map(|f| f.as_str()),
            rank: o.rank,
            quartile: o.quartile,
            peers: analysis.peers.as_ref().map(|_| PeerCodes { analysis, org }),
            spc: o.spc.as_ref().map(|series| Box::new(spc_report(analysis, series, multiplier))),
            peer_rank: o.peer_rank,
            peer_benchmark: shown.peer_benchmark,
            comparison_peers: o.comparison_peers.as_str(),
            opportunity: o.opportunity.as_deref().map(|p| Box::new(OpportunityReport::of(p, multiplier))),
        }
    }
}

/// A result's figures on the report's scale (the multiplier applied; an interval's end `None`
/// when not finite): the JSON report and the columns both write these.
struct Shown {
    value: f64,
    ci95: [Option<f64>; 2],
    ci998: [Option<f64>; 2],
    peer_benchmark: Option<f64>,
}

impl Shown {
    fn of(o: &OrganisationResult, multiplier: f64) -> Self {
        Shown {
            value: o.estimate * multiplier,
            ci95: pair(o.ci95, multiplier),
            ci998: pair(o.ci998, multiplier),
            peer_benchmark: o.peer_benchmark.map(|b| b * multiplier),
        }
    }
}

impl OpportunityReport {
    fn of(p: &crate::analysis::Opportunity, multiplier: f64) -> Self {
        OpportunityReport {
            to_benchmark: p.to_benchmark.into(),
            to_best_quartile: p.to_best_quartile.map(Into::into),
            best_quartile_value: p.best_quartile_value.map(|v| v * multiplier),
            to_peer_best_quartile: p.to_peer_best_quartile.map(Into::into),
            peer_best_quartile_value: p.peer_best_quartile_value.map(|v| v * multiplier),
        }
    }
}

/// An organisation's peers' codes, nearest first, written as a list when the report is
/// serialised: the columnar report sends the peer lists once per organisation instead, so
/// 134,000 results need not each collect ten codes for nothing.
#[derive(Clone, Copy)]
pub struct PeerCodes<'a> {
    analysis: &'a Analysis,
    org: usize,
}

impl<'a> PeerCodes<'a> {
    /// The codes, nearest peer first.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let analysis = self.analysis;
        let peers = analysis.peers.as_ref().map_or(&[][..], |set| set.peers[self.org].as_slice());
        peers.iter().map(move |p| analysis.org_code(p.org))
    }
}

impl Serialize for PeerCodes<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The codes, as the report shows them (not the whole analysis they are read from).
impl std::fmt::Debug for PeerCodes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

fn spc_report<'a>(analysis: &'a Analysis, series: &'a crate::analysis::Series, m: f64) -> SpcReport<'a> {
    let x = &series.xmr;
    let last = x.groups.last();
    SpcReport {
        mean: last.map_or(f64::NAN, |g| g.mean * m),
        lpl: last.map_or(f64::NAN, |g| g.lpl * m),
        upl: last.map_or(f64::NAN, |g| g.upl * m),
        variation: last.map_or("common_cause", |g| g.variation.as_str()),
        assurance: x.assurance.map(|a| a.as_str()),
        short: last.is_some_and(|g| g.short),
        points: SpcPoints { series, periods: &analysis.dataset.periods, multiplier: m },
    }
}

fn over_time<'a>(analysis: &'a Analysis, i: &'a IndicatorResult) -> Option<OverTimeReport<'a>> {
    if analysis.dataset.periods.len() < 2 {
        return None;
    }
    use crate::spc::PointType;
    let latest = |o: &crate::analysis::OrganisationResult| o.spc.as_ref().and_then(|s| s.xmr.points.last().map(|p| p.point_type));
    let improving: Vec<&str> = i.organisations.iter().filter(|o| latest(o) == Some(PointType::Improvement)).map(|o| analysis.code(o)).collect();
    let concerning: Vec<&str> = i.organisations.iter().filter(|o| latest(o) == Some(PointType::Concern)).map(|o| analysis.code(o)).collect();
    let sign = if i.polarity == Polarity::LowerIsBetter { -1.0 } else { 1.0 };
    let mut most: Vec<ImprovedReport> = i
        .organisations
        .iter()
        .filter(|o| latest(o) == Some(PointType::Improvement))
        .filter_map(|o| {
            let s = o.spc.as_ref()?;
            let (first, last) = (s.xmr.groups.first()?, s.xmr.points.last()?);
            Some(ImprovedReport { code: analysis.code(o), change: (last.value - first.mean) * i.multiplier })
        })
        .collect();
    crate::order::sort_by(&mut most, |a, b| (sign * b.change).total_cmp(&(sign * a.change)).then(a.code.cmp(b.code)));
    most.truncate(10);
    let period = i.organisations.first().map(|o| o.observation.period as usize).unwrap_or(0);
    Some(OverTimeReport { period: &analysis.dataset.periods[period], periods: analysis.dataset.periods.len(), improving, concerning, most_improved: most })
}

/// The peers in the report: the variables, and each organisation's peers with what they are closest on.
fn peers_report<'a>(analysis: &'a Analysis, set: &'a crate::peers::PeerSet) -> PeersReport<'a> {
    PeersReport {
        variables: set.variables.iter().map(|v| VariableReport { name: &v.name, weight: v.weight, sqrt: v.sqrt }).collect(),
        k: set.k,
        within: set.within.as_deref(),
        organisations: set
            .peers
            .iter()
            .enumerate()
            .map(|(org, list)| PeerListReport {
                code: analysis.org_code(org),
                peers: list
                    .iter()
                    .map(|p| PeerReport {
                        code: analysis.org_code(p.org),
                        distance: p.distance,
                        similar_on: p.drivers.iter().take(2).map(|&v| set.variables[v].name.as_str()).collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Each learning pair with its gap on the display scale and its reasons in words.
fn pair_reports<'a>(analysis: &'a Analysis, p: &'a crate::pairing::Pairing) -> Vec<PairReport<'a>> {
    let words = std::rc::Rc::new(crate::present::PairWords::new(analysis, p));
    p.pairs
        .iter()
        .map(|pair| {
            let ind = &analysis.indicators[pair.indicator];
            let (l, t) = (&ind.organisations[pair.learner_at], &ind.organisations[pair.teacher_at]);
            PairReport {
                indicator: &ind.id,
                learner: analysis.org_code(pair.learner),
                teacher: analysis.org_code(pair.teacher),
                learner_name: analysis.org_name(pair.learner),
                teacher_name: analysis.org_name(pair.teacher),
                distance: pair.distance,
                gap: (t.estimate - l.estimate) * ind.multiplier,
                peer_rank: pair.peer_rank,
                reciprocal: pair.reciprocal,
                set: pair.set,
                beyond_peers: pair.beyond_peers,
                reasons: PairReasons { words: words.clone(), pair },
            }
        })
        .collect()
}

/// Every significantly worse result without a teacher, and why.
fn unmatched_reports<'a>(analysis: &'a Analysis, p: &'a crate::pairing::Pairing) -> Vec<UnmatchedReport<'a>> {
    // Each indicator's and kind's words, written once and copied: the national file's 31,000
    // unmatched learners have a few dozen reasons (a list is searched fast enough).
    let mut said: Vec<((usize, crate::pairing::Unmatched), String)> = Vec::new();
    let mut reason = |u: &crate::pairing::LeftOut| match said.iter().find(|(key, _)| *key == (u.indicator, u.reason)) {
        Some((_, words)) => words.clone(),
        None => {
            let words = crate::present::unmatched_reason(analysis, u);
            said.push(((u.indicator, u.reason), words.clone()));
            words
        }
    };
    p.unmatched
        .iter()
        .map(|u| UnmatchedReport {
            indicator: &analysis.indicators[u.indicator].id,
            learner: analysis.org_code(u.learner),
            learner_name: analysis.org_name(u.learner),
            reason: reason(u),
        })
        .collect()
}

fn roles(analysis: &Analysis) -> Vec<RoleReport<'_>> {
    let Some(p) = &analysis.pairing else { return Vec::new() };
    let tally = p.roles(analysis.organisations.len());
    let ids = |pairs: &[usize]| pairs.iter().map(|&k| analysis.indicators[p.pairs[k].indicator].id.as_str()).collect();
    (0..analysis.organisations.len())
        .map(|org| RoleReport {
            code: analysis.org_code(org),
            name: analysis.org_name(org),
            teaches: ids(&tally.teaches[org]),
            learns: ids(&tally.learns[org]),
        })
        .collect()
}

fn summary(analysis: &Analysis, p: &crate::pairing::Pairing) -> PairingSummary {
    let n = analysis.organisations.len();
    let roles = p.roles(n);
    let (teach, learn, both) = roles.counts();
    PairingSummary {
        confidence: p.options.confidence,
        learners: p.learner_topics,
        matched: p.pairs.len(),
        organisations: n,
        teach,
        learn,
        both,
        share_both: if n > 0 { both as f64 / n as f64 } else { 0.0 },
        unmatched: p.unmatched.len(),
        learning_sets: p.pairs.iter().filter(|q| q.set >= 2).map(|q| (q.teacher, q.indicator)).collect::<std::collections::HashSet<_>>().len(),
        teaching_load: roles.teaching_load(),
        capacity: p.options.capacity,
        // A set is never smaller than one-to-one capacity (as the pairing uses it).
        set_size: p.options.set_size.max(p.options.capacity),
        max_topics: p.options.max_topics,
        max_distance: p.options.max_distance,
        capacity_total: p.options.capacity_total,
        teachers: p.options.teachers.as_str(),
    }
}

/// The report with its organisations laid out in columns, for moving a national file's results
/// into JavaScript quickly: one JSON "head" (everything but the organisations, whose counts are
/// in `counts`) and flat arrays. `src/wasm/report-decoder.js` rebuilds exactly the objects of
/// [`Report::to_json`] from it; `tests/e2e/core.test.mjs` holds the two to the same text.
#[derive(Debug, Default)]
pub struct ReportColumns {
    /// JSON of the report with empty `organisations` arrays, plus `counts` (organisations per
    /// indicator) and the code tables `comparisons` and `funnels`.
    pub head: String,
    /// Per organisation: numerator, denominator, value, ci95 lower, upper, ci998 lower, upper,
    /// peer benchmark (NaN for null).
    pub numbers: Vec<f64>,
    pub rows: Vec<u32>,
    pub ranks: Vec<u32>,
    /// Rank among peers, 0 for null.
    pub peer_ranks: Vec<u32>,
    /// Per organisation row: the organisation (index into the head's `org_codes`).
    pub orgs: Vec<u32>,
    /// The organisation rows (indexes into the columns above) that have an opportunity, in order.
    pub opportunity_rows: Vec<u32>,
    /// Per opportunity, [`OPPORTUNITY_NUMBERS`] numbers: which optional parts are present (bit
    /// 0: to the best quartile, bit 1: to the peers' best quartile), then to the benchmark,
    /// to the best quartile and to the peers' (count, lower, upper each), the best quartile's
    /// value and the peers' (NaN for null). As JSON text these were 14.6 MB for the national
    /// file, most of the time it took to decode its report.
    pub opportunity_numbers: Vec<f64>,
    /// Per chart over time, in order: the organisation row it belongs to (an index into the
    /// columns above), how many points it has (they follow one another in the `spc_*` point
    /// columns) and how many runs of points with the same limits (in `spc_limits`).
    pub spc_series: Vec<u32>,
    /// Per chart over time, [`SPC_SUMMARY`] numbers: the latest limits (mean, lpl, upl; NaN
    /// for null), its variation (an index into `POINT_TYPES`), assurance (into `ASSURANCES`,
    /// or [`NONE`]) and whether short (0 or 1). (As JSON text these were 26 MB for a national
    /// file of ten years, and a national monthly file has millions of points: as text they
    /// would outgrow what a wasm32 string can hold.)
    pub spc_summary: Vec<f64>,
    /// Per SPC point: its value.
    pub spc_numbers: Vec<f64>,
    /// Per run of a chart's points with the same limits (a segment, as rebasing and fixing
    /// make them), [`SPC_LIMITS`] numbers: how many points, then their mean, lpl and upl.
    /// Written once a run rather than on every point, they were three quarters of the point
    /// columns (230 MB of a 200 MB monthly file's 7.25 million points).
    pub spc_limits: Vec<f64>,
    /// Per SPC point: point type (index into `POINT_TYPES`) and rule (into `RULES`).
    pub spc_codes: Vec<u8>,
    /// Per SPC point: its period (index into the head's `periods`).
    pub spc_periods: Vec<u32>,
    /// Per organisation: comparison, comparison998 (indexes into `COMPARISONS`), funnel and
    /// funnel_adjusted (indexes into `FUNNELS`, or `NONE`), quartile (or `NONE`), comparison_peers.
    pub outcomes: Vec<u8>,
    /// Per organisation row, its name: a JSON array of strings (a separator character could
    /// occur in a cell), `[]` when no row has one; `has_name` says which are present. (Its
    /// code is `org_codes[orgs[row]]` in the head, one per organisation.)
    pub names: String,
    pub has_name: Vec<u8>,
    /// The learning pairs and unmatched learners (the head's `pairings` and `unmatched` are
    /// left empty; `layout` says how many of each).
    pub pairs: PairColumns,
    /// Each organisation's peers' distances, in the order of the head's `peer_lists` (NaN for
    /// null): the report's `peers.organisations` is rebuilt from these, the lists and the codes
    /// (as JSON, the national run's 64,000 peers were 6.3 MB for the page to parse).
    pub peer_distances: Vec<f64>,
    /// Beside each peer, [`PEER_SIMILAR`] indexes into `peers.variables`, plus 1 (0: none),
    /// the variables it is closest on.
    pub peer_similar: Vec<u32>,
}

pub const NUMBERS_PER_ORGANISATION: usize = 8;
pub const OUTCOMES_PER_ORGANISATION: usize = 6;
pub const OPPORTUNITY_NUMBERS: usize = 12;
/// Per SPC point: its value; and its point type and rule.
pub const SPC_NUMBERS: usize = 1;
pub const SPC_CODES: usize = 2;
/// Per run of points with the same limits: how many, mean, lpl, upl.
pub const SPC_LIMITS: usize = 4;
/// Per chart over time: its row, point count and runs of limits; its latest mean, lpl and upl,
/// its variation, assurance and whether short.
pub const SPC_SERIES: usize = 3;
pub const SPC_SUMMARY: usize = 6;
/// How many of the variables each peer is closest on the report names (`similar_on`).
pub const PEER_SIMILAR: usize = 2;
pub const COMPARISONS: [&str; 6] = ["better", "similar", "worse", "higher", "lower", "not_compared"];
pub const FUNNELS: [&str; 5] = ["high_998", "high_95", "not_significant", "low_95", "low_998"];
pub const NONE: u8 = 255;

/// A JSON array of texts, exactly as serde_json writes it; a text with nothing to escape (almost
/// every code and name) is copied as it is, not written character by character.
fn json_strings(texts: &[&str]) -> String {
    let mut out = String::with_capacity(texts.iter().map(|t| t.len() + 3).sum::<usize>() + 2);
    out.push('[');
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
            out.push('"');
            out.push_str(text);
            out.push('"');
        } else {
            out.push_str(&serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into()));
        }
    }
    out.push(']');
    out
}

/// A comparison's index in [`COMPARISONS`] (without looking its words up, 134,000 times for the
/// national file; the test `outcome_codes_are_the_tables_places` holds the two together).
fn comparison_code(c: Comparison) -> u8 {
    match c {
        Comparison::Better => 0,
        Comparison::Similar => 1,
        Comparison::Worse => 2,
        Comparison::Higher => 3,
        Comparison::Lower => 4,
        Comparison::NotCompared => 5,
    }
}

/// A funnel position's index in [`FUNNELS`].
fn funnel_code(f: FunnelPosition) -> u8 {
    match f {
        FunnelPosition::High998 => 0,
        FunnelPosition::High95 => 1,
        FunnelPosition::NotSignificant => 2,
        FunnelPosition::Low95 => 3,
        FunnelPosition::Low998 => 4,
    }
}
pub const POINT_TYPES: [&str; 5] =
    ["common_cause", "special_cause_improvement", "special_cause_concern", "special_cause_neutral_high", "special_cause_neutral_low"];
pub const ASSURANCES: [&str; 3] = ["consistent_pass", "consistent_fail", "inconsistent"];
pub const RULES: [&str; 9] = [
    "Above UCL",
    "Below LCL",
    "7 Point Trend (Increasing)",
    "7 Point Trend (Decreasing)",
    "2 in 3 Above CL",
    "2 in 3 Below CL",
    "7 Points Above CL",
    "7 Points Below CL",
    "Common Cause",
];

#[derive(Serialize)]
struct Head<'a> {
    #[serde(flatten)]
    report: &'a Report<'a>,
    counts: Vec<usize>,
    org_codes: &'a [&'a str],
    peer_lists: Option<&'a [Vec<usize>]>,
    // Code tables as slices: one serialiser for all five, where arrays of five lengths took one each.
    comparisons: &'static [&'static str],
    funnels: &'static [&'static str],
    point_types: &'static [&'static str],
    assurances: &'static [&'static str],
    rules: &'static [&'static str],
    periods: &'a [String],
    /// How the flat arrays are laid out, so the decoder hard-codes no stride or marker.
    layout: Layout,
}

/// The strides of the per-organisation arrays and the "none" marker of the code arrays.
#[derive(Serialize)]
struct Layout {
    numbers: usize,
    outcomes: usize,
    opportunity: usize,
    spc_numbers: usize,
    spc_codes: usize,
    spc_limits: usize,
    spc_series: usize,
    spc_summary: usize,
    none: u8,
    /// How many pairs and unmatched learners the pair columns hold, and their strides.
    pairs: usize,
    pair_numbers: usize,
    pair_counts: usize,
    unmatched: usize,
    unmatched_counts: usize,
    peer_similar: usize,
}

/// One organisation's result into the columns, on the report's scale ([`Shown`], as
/// [`OrganisationReport::new`] writes it for the JSON report; its code is `orgs`' organisation).
fn write_organisation(c: &mut ReportColumns, analysis: &Analysis, o: &OrganisationResult, org: usize, multiplier: f64) {
    if let Some(p) = o.opportunity.as_deref() {
        c.opportunity_rows.push(c.rows.len() as u32);
        c.opportunity_numbers.extend(opportunity_numbers(&OpportunityReport::of(p, multiplier)));
    }
    if let Some(series) = o.spc.as_deref() {
        write_series(c, &spc_report(analysis, series, multiplier));
    }
    c.rows.push(o.observation.row);
    c.ranks.push(o.rank);
    c.peer_ranks.push(o.peer_rank.unwrap_or(0));
    c.orgs.push(org as u32);
    let n = |x: Option<f64>| x.unwrap_or(f64::NAN);
    let Shown { value, ci95: [l95, u95], ci998: [l998, u998], peer_benchmark } = Shown::of(o, multiplier);
    c.numbers.extend([n(o.numerator), n(o.denominator), value, n(l95), n(u95), n(l998), n(u998), n(peer_benchmark)]);
    c.outcomes.extend([
        comparison_code(o.comparison),
        comparison_code(o.comparison998),
        o.funnel.map_or(NONE, funnel_code),
        o.funnel_adjusted.map_or(NONE, funnel_code),
        o.quartile.map_or(NONE, |q| q as u8),
        comparison_code(o.comparison_peers),
    ]);
}

/// A chart over time into the columns: its points, their limits once per run, its summary.
fn write_series(c: &mut ReportColumns, series: &SpcReport) {
    let index = |table: &[&str], s: &str| table.iter().position(|t| *t == s).map_or(NONE, |i| i as u8);
    let first_run = c.spc_limits.len();
    // Straight from the chart's points: the codes are the enums' own order (held to the tables
    // by a test), where looking each point's two words up in them was a third of the columns'
    // time for a monthly file.
    let SpcPoints { series: chart, multiplier: m, .. } = series.points;
    for (p, &period) in chart.xmr.points.iter().zip(&chart.periods) {
        let limits = chart.xmr.group_of(p);
        write_limits(&mut c.spc_limits, first_run, [limits.mean * m, limits.lpl * m, limits.upl * m]);
        c.spc_numbers.push(p.value * m);
        c.spc_codes.extend([p.point_type as u8, p.rule as u8]);
        c.spc_periods.push(period);
    }
    let runs = (c.spc_limits.len() - first_run) / SPC_LIMITS;
    c.spc_series.extend([c.rows.len() as u32, series.points.len() as u32, runs as u32]);
    let (variation, assurance) = (index(&POINT_TYPES, series.variation), series.assurance.map_or(NONE, |a| index(&ASSURANCES, a)));
    let summary: [f64; SPC_SUMMARY] = [series.mean, series.lpl, series.upl, variation.into(), assurance.into(), u8::from(series.short).into()];
    c.spc_summary.extend(summary);
}

/// Counts a point's limits into the last run of `limits` (runs from `first` on belong to this
/// chart) when they are that run's, bit for bit, or starts a run.
fn write_limits(limits: &mut Vec<f64>, first: usize, point: [f64; 3]) {
    let same = |run: &[f64]| run[1..].iter().zip(&point).all(|(a, b)| a.to_bits() == b.to_bits());
    match limits.len().checked_sub(SPC_LIMITS).filter(|&last| last >= first) {
        Some(last) if same(&limits[last..]) => limits[last] += 1.0,
        _ => limits.extend([1.0, point[0], point[1], point[2]]),
    }
}

/// An opportunity as the columnar report lays it out (see [`ReportColumns::opportunity_numbers`]).
fn opportunity_numbers(p: &OpportunityReport) -> [f64; OPPORTUNITY_NUMBERS] {
    let change = |c: &Option<ChangeReport>| c.as_ref().map_or([f64::NAN; 3], |c| [c.count, c.lower, c.upper]);
    let present = f64::from(u8::from(p.to_best_quartile.is_some()) | u8::from(p.to_peer_best_quartile.is_some()) << 1);
    let [b0, b1, b2] = [p.to_benchmark.count, p.to_benchmark.lower, p.to_benchmark.upper];
    let [q0, q1, q2] = change(&p.to_best_quartile);
    let [r0, r1, r2] = change(&p.to_peer_best_quartile);
    let n = |x: Option<f64>| x.unwrap_or(f64::NAN);
    [present, b0, b1, b2, q0, q1, q2, n(p.best_quartile_value), r0, r1, r2, n(p.peer_best_quartile_value)]
}

impl<'a> Report<'a> {
    /// The organisations' columns (each indicator's, in order) and then the report's head.
    fn write_columns(mut self, analysis: &'a Analysis) -> ReportColumns {
        let total = analysis.indicators.iter().map(|i| i.organisations.len()).sum();
        let series = analysis.indicators.iter().flat_map(|i| &i.organisations).filter_map(|o| o.spc.as_ref());
        let points = series.map(|s| s.xmr.points.len()).sum();
        // Sized before they are filled: growing them copied a big file's 7 million points again and again.
        let mut c = ReportColumns {
            spc_numbers: Vec::with_capacity(points * SPC_NUMBERS),
            spc_codes: Vec::with_capacity(points * SPC_CODES),
            spc_periods: Vec::with_capacity(points),
            numbers: Vec::with_capacity(total * NUMBERS_PER_ORGANISATION),
            rows: Vec::with_capacity(total),
            ranks: Vec::with_capacity(total),
            peer_ranks: Vec::with_capacity(total),
            orgs: Vec::with_capacity(total),
            outcomes: Vec::with_capacity(total * OUTCOMES_PER_ORGANISATION),
            has_name: Vec::with_capacity(total),
            ..ReportColumns::default()
        };
        let mut names: Vec<&str> = Vec::with_capacity(total);
        let mut counts = Vec::with_capacity(analysis.indicators.len());
        for (i, orgs) in analysis.indicators.iter().zip(&analysis.org_index) {
            for (o, &org) in i.organisations.iter().zip(orgs) {
                let name = analysis.name(o);
                names.push(name.unwrap_or(""));
                c.has_name.push(name.is_some() as u8);
                write_organisation(&mut c, analysis, o, org, i.multiplier);
            }
            counts.push(i.organisations.len());
        }
        // Without names (most files) no name is ever read: 134,000 empty strings for nothing.
        c.names = if c.has_name.contains(&1) { json_strings(&names) } else { "[]".into() };
        self.take_pairs_and_peers(&mut c, counts);
        c
    }

    /// Moves the pairs, unmatched learners and peer lists into their columns, then writes the head.
    fn take_pairs_and_peers(&mut self, c: &mut ReportColumns, counts: Vec<usize>) {
        let (pairings, unmatched) = (std::mem::take(&mut self.pairings), std::mem::take(&mut self.unmatched));
        c.pairs = PairColumns::of(&pairings, &unmatched);
        self.take_peer_columns(c);
        c.head = self.head(counts, pairings.len(), unmatched.len());
    }

    /// Moves each organisation's peers out of the report into the peer columns.
    fn take_peer_columns(&mut self, c: &mut ReportColumns) {
        let Some(peers) = self.peers.as_mut() else { return };
        let names: Vec<&str> = peers.variables.iter().map(|v| v.name).collect();
        for list in std::mem::take(&mut peers.organisations) {
            for p in list.peers {
                c.peer_distances.push(p.distance.unwrap_or(f64::NAN));
                let index = |name: Option<&&str>| name.and_then(|n| names.iter().position(|v| v == n)).map_or(0, |i| i as u32 + 1);
                c.peer_similar.extend((0..PEER_SIMILAR).map(|k| index(p.similar_on.get(k))));
            }
        }
    }

    /// The JSON head of the columnar report: the report without its organisations, each
    /// indicator's count, the code tables and the layout of the flat arrays.
    fn head(&self, counts: Vec<usize>, pairs: usize, unmatched: usize) -> String {
        let head = Head {
            report: self,
            counts,
            org_codes: &self.org_codes,
            peer_lists: self.peer_lists.as_deref(),
            comparisons: &COMPARISONS,
            funnels: &FUNNELS,
            point_types: &POINT_TYPES,
            assurances: &ASSURANCES,
            rules: &RULES,
            periods: self.periods,
            layout: Layout {
                numbers: NUMBERS_PER_ORGANISATION,
                outcomes: OUTCOMES_PER_ORGANISATION,
                opportunity: OPPORTUNITY_NUMBERS,
                spc_numbers: SPC_NUMBERS,
                spc_codes: SPC_CODES,
                spc_limits: SPC_LIMITS,
                spc_series: SPC_SERIES,
                spc_summary: SPC_SUMMARY,
                none: NONE,
                pairs,
                pair_numbers: PAIR_NUMBERS,
                pair_counts: PAIR_COUNTS,
                unmatched,
                unmatched_counts: UNMATCHED_COUNTS,
                peer_similar: PEER_SIMILAR,
            },
        };
        serde_json::to_string(&head).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_what_serde_json_writes() {
        let texts = ["", "A81001", "Dr Smith's \"Surgery\"", "back\\slash", "tab\there", "line\nend", "\u{7f}del", "Ærø – 日本", "\u{1}"];
        assert_eq!(json_strings(&texts), serde_json::to_string(&texts).expect("JSON"));
        assert_eq!(json_strings(&[]), "[]");
    }

    #[test]
    fn outcome_codes_are_the_tables_places() {
        use Comparison::*;
        for c in [Better, Similar, Worse, Higher, Lower, NotCompared] {
            assert_eq!(COMPARISONS[comparison_code(c) as usize], c.as_str());
        }
        use FunnelPosition::*;
        for f in [High998, High95, NotSignificant, Low95, Low998] {
            assert_eq!(FUNNELS[funnel_code(f) as usize], f.as_str());
        }
        // A point's type and rule are written as the enums' order: each must be its word's place.
        use crate::spc::{Assurance, PointType, Rule};
        for p in [PointType::CommonCause, PointType::Improvement, PointType::Concern, PointType::NeutralHigh, PointType::NeutralLow] {
            assert_eq!(POINT_TYPES[p as usize], p.as_str(), "{p:?}");
        }
        use Rule::*;
        for r in [AboveUcl, BelowLcl, TrendIncreasing, TrendDecreasing, TwoInThreeAbove, TwoInThreeBelow, SevenAbove, SevenBelow, CommonCause] {
            assert_eq!(RULES[r as usize], r.label(), "{r:?}");
        }
        // A chart's latest variation and assurance are looked up by their words.
        for p in [PointType::CommonCause, PointType::Improvement, PointType::Concern, PointType::NeutralHigh, PointType::NeutralLow] {
            assert!(POINT_TYPES.contains(&p.as_str()), "{p:?}");
        }
        for a in [Assurance::ConsistentPass, Assurance::ConsistentFail, Assurance::Inconsistent] {
            assert!(ASSURANCES.contains(&a.as_str()), "{a:?}");
        }
    }
}
