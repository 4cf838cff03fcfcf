//! The `options` object of `analyse`, as documented in the README and `docs/api.md`.
//! Every field is optional; unknown fields are an error so a typo is never silently ignored.

mod fault;

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::error::{Error, ErrorKind, Result};
use crate::stats::Polarity;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Column names; anything absent is detected from the header and the contents.
    pub columns: ColumnOptions,
    /// Keep only rows whose column holds one of the given values.
    pub filter: BTreeMap<String, FilterValue>,
    #[serde(rename = "type")]
    pub indicator_type: Option<IndicatorType>,
    pub polarity: Option<PolarityOption>,
    /// Display scale: 100 = percent, 1 = fraction.
    pub multiplier: Option<f64>,
    pub benchmark: Option<BenchmarkOption>,
    /// A workbook's sheet: its name, or its position counting from 0.
    pub sheet: Option<serde_json::Value>,
    /// Per-indicator settings; with column names, one row per organisation holds several
    /// indicators (a wide file).
    pub indicators: Option<Vec<IndicatorSpec>>,
    pub overdispersion: Option<OverdispersionOptions>,
    pub peers: Option<PeerOptions>,
    pub pairing: Option<PairingOptions>,
    pub spc: Option<SpcOptions>,
    /// The period the comparison uses (as written in the file), or a range summed; default
    /// the latest most organisations have (a daily series: see `understand::periods`).
    pub period: Option<PeriodOption>,
    /// One entry per extra file given to `analyse`: how it joins the data file.
    pub join: Option<Vec<JoinOption>>,
    /// Group a daily or monthly series into longer periods (summed per organisation).
    pub bin: Option<Bin>,
    /// A record-level file (one row per event) made into cohort indicators per organisation.
    pub cohort: Option<CohortOptions>,
}

/// `cohort`: who is in a cohort of frequent users, from one row per event (an attendance, an
/// admission) with a pseudonymised person, a date and the organisation the person counts under.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct CohortOptions {
    /// Columns of the record file: the person, the event's date (or date-time) and the
    /// organisation (practice, PCN, site). Detected from their headers when not named.
    pub person: Option<String>,
    pub date: Option<String>,
    pub by: Option<String>,
    /// In the cohort: at least this many events in the window.
    pub min_events: usize,
    /// The window: this many days ending at `as_of`, inclusive.
    pub window_days: u32,
    /// The window's last day (a date as written in the file); default the last event's date.
    pub as_of: Option<String>,
    /// The population column of the file joined on the organisation (the first extra file);
    /// detected when it is that file's only other numeric column.
    pub population: Option<String>,
}

impl Default for CohortOptions {
    fn default() -> Self {
        CohortOptions { person: None, date: None, by: None, min_events: 5, window_days: 365, as_of: None, population: None }
    }
}

/// `bin`: the length of the periods a series is grouped into.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Bin {
    Week,
    Month,
    Quarter,
    Year,
    FinancialYear,
}

impl Bin {
    /// The bin in words: "week", "financial year".
    pub fn noun(self) -> &'static str {
        match self {
            Bin::Week => "week",
            Bin::Month => "month",
            Bin::Quarter => "quarter",
            Bin::Year => "year",
            Bin::FinancialYear => "financial year",
        }
    }
}

/// `join[i]`: the organisation code column of extra file i + 2 (detected when absent).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct JoinOption {
    pub code: Option<String>,
}

/// `period`: one period, or a range whose numerators and denominators are summed.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum PeriodOption {
    One(String),
    Range(PeriodRange),
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PeriodRange {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ColumnOptions {
    pub code: Option<String>,
    pub name: Option<String>,
    pub indicator: Option<String>,
    /// One column, or several summed (`["30-60 mins", "over 60 mins"]`).
    pub numerator: Option<ColumnList>,
    pub denominator: Option<ColumnList>,
    /// Compare denominator − numerator: breaches out of attendances become "seen within".
    pub complement: bool,
    pub period: Option<String>,
    pub value: Option<String>,
    /// Standard deviation of a mean given as a summary (value, sample size in `denominator`, sd).
    pub sd: Option<String>,
    pub group: Option<String>,
    pub context: Option<Vec<String>>,
}

/// A measure's column: one header, or several whose numbers are added up.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum ColumnList {
    One(String),
    Many(Vec<String>),
}

impl ColumnList {
    pub fn names(&self) -> &[String] {
        match self {
            ColumnList::One(name) => std::slice::from_ref(name),
            ColumnList::Many(names) => names,
        }
    }
}

impl From<String> for ColumnList {
    fn from(name: String) -> Self {
        ColumnList::One(name)
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum FilterValue {
    One(ScalarValue),
    Many(Vec<ScalarValue>),
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum ScalarValue {
    Text(String),
    Number(f64),
}

impl ScalarValue {
    pub fn matches(&self, cell: &str) -> bool {
        let cell = cell.trim();
        match self {
            ScalarValue::Text(t) => t.trim().eq_ignore_ascii_case(cell),
            ScalarValue::Number(n) => cell.parse::<f64>().map(|c| c == *n).unwrap_or(false),
        }
    }

    pub fn display(&self) -> String {
        match self {
            ScalarValue::Text(t) => t.clone(),
            ScalarValue::Number(n) => n.to_string(),
        }
    }
}

impl FilterValue {
    pub fn values(&self) -> &[ScalarValue] {
        match self {
            FilterValue::One(v) => std::slice::from_ref(v),
            FilterValue::Many(vs) => vs,
        }
    }
}

/// One entry of `indicators`: in a wide file, the columns of one indicator; in any file,
/// settings for the indicator with this id.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorSpec {
    pub id: String,
    pub name: Option<String>,
    pub numerator: Option<ColumnList>,
    pub denominator: Option<ColumnList>,
    /// Compare denominator − numerator (see [`ColumnOptions::complement`]).
    pub complement: bool,
    pub value: Option<String>,
    #[serde(rename = "type")]
    pub indicator_type: Option<IndicatorType>,
    pub polarity: Option<PolarityOption>,
    pub multiplier: Option<f64>,
}

impl IndicatorSpec {
    /// Whether this entry names columns (a wide file) rather than only settings.
    pub fn has_columns(&self) -> bool {
        self.numerator.is_some() || self.denominator.is_some() || self.value.is_some()
    }
}

/// `peers`: statistical neighbours from `columns.context`, and/or a grouping column.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PeerOptions {
    /// Number of nearest neighbours (with context variables).
    pub k: usize,
    /// Weight of each context column (default 1).
    pub weights: BTreeMap<String, f64>,
    /// Peers only within this grouping column (e.g. ICB); with no context, everyone in the group.
    pub within: Option<String>,
    /// Context columns to square-root first (skewed ones such as list size).
    pub sqrt: Vec<String>,
}

impl Default for PeerOptions {
    fn default() -> Self {
        PeerOptions { k: 10, weights: BTreeMap::new(), within: None, sqrt: Vec::new() }
    }
}

/// `spc`: XmR charts over time (NHSRplotthedots' method).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SpcOptions {
    /// Screen large moving ranges (default, as NHSRplotthedots); false replicates the Making
    /// Data Count Excel tool.
    pub screen_outliers: bool,
    /// Fix the limits after this many points.
    pub fix_after: Option<usize>,
    /// Periods at which to start new limits (as written in the file).
    pub rebase: Vec<String>,
    /// Target on the display scale, for the assurance icon.
    pub target: Option<f64>,
    /// How the charts over time group a daily series (judged from the file when absent: a
    /// long daily series is shown by week or month). The comparison is not affected.
    pub bin: Option<ChartBin>,
}

impl Default for SpcOptions {
    fn default() -> Self {
        SpcOptions { screen_outliers: true, fix_after: None, rebase: Vec::new(), target: None, bin: None }
    }
}

/// `spc.bin`: each day a point, or the days of each week or month summed into one.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ChartBin {
    Day,
    Week,
    Month,
}

impl ChartBin {
    /// The periods' grouping this stands for (`None`: each day as it is).
    pub fn bin(self) -> Option<Bin> {
        match self {
            ChartBin::Day => None,
            ChartBin::Week => Some(Bin::Week),
            ChartBin::Month => Some(Bin::Month),
        }
    }
}

/// `pairing`: who learns from whom.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PairingOptions {
    /// Significance for learners and teachers: 0.95 or 0.998.
    pub confidence: f64,
    /// Learners per teacher per indicator before a learning set is formed.
    pub capacity: usize,
    /// Most learners one teacher takes on one indicator, as a learning set.
    pub set_size: usize,
    /// Most dissimilar a teacher may be (peer distance, 0 = identical, 1 = the farthest pair
    /// among everyone's peers); `None`: no cap.
    pub max_distance: Option<f64>,
    /// Learners per teacher across all indicators.
    pub capacity_total: Option<usize>,
    /// Indicators a learner works on at once.
    pub max_topics: usize,
    /// Who may teach: significantly better now, improving, or either.
    pub teachers: Teachers,
}

/// `pairing.teachers`: who may teach. "improving" and "both" need change over time.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Teachers {
    /// Significantly better than the benchmark now.
    #[default]
    Better,
    /// Special-cause improvement at the latest point, and ahead of the learner.
    Improving,
    Both,
}

impl Teachers {
    pub fn as_str(self) -> &'static str {
        match self {
            Teachers::Better => "better",
            Teachers::Improving => "improving",
            Teachers::Both => "both",
        }
    }
}

impl Default for PairingOptions {
    fn default() -> Self {
        PairingOptions { confidence: 0.95, capacity: 2, set_size: 4, max_distance: None, capacity_total: None, max_topics: 3, teachers: Teachers::Better }
    }
}

/// `overdispersion`: whether to widen funnel limits for over-dispersion (FunnelPlotR's method).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct OverdispersionOptions {
    pub method: OverdispersionMethod,
    /// Share trimmed from each end before estimating φ (FunnelPlotR's `trim_by`).
    pub trim: f64,
    /// For ratios: "shmi" (log scale, truncation) or "cqc" (square-root scale, Winsorisation).
    pub sr_method: SrMethod,
}

impl Default for OverdispersionOptions {
    fn default() -> Self {
        OverdispersionOptions { method: OverdispersionMethod::None, trim: 0.1, sr_method: SrMethod::Shmi }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum OverdispersionMethod {
    /// Report φ and τ², but draw and judge with the unadjusted limits.
    #[default]
    None,
    /// Adjust only when φ > 1, and say so.
    Auto,
    /// Always adjust (additive random effects).
    Additive,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum SrMethod {
    #[default]
    Shmi,
    Cqc,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorType {
    Proportion,
    Rate,
    Ratio,
    Mean,
    Value,
}

impl IndicatorType {
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorType::Proportion => "proportion",
            IndicatorType::Rate => "rate",
            IndicatorType::Ratio => "ratio",
            IndicatorType::Mean => "mean",
            IndicatorType::Value => "value",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PolarityOption {
    HigherIsBetter,
    LowerIsBetter,
    NoJudgement,
}

impl From<PolarityOption> for Polarity {
    fn from(p: PolarityOption) -> Self {
        match p {
            PolarityOption::HigherIsBetter => Polarity::HigherIsBetter,
            PolarityOption::LowerIsBetter => Polarity::LowerIsBetter,
            PolarityOption::NoJudgement => Polarity::NoJudgement,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum BenchmarkOption {
    /// "pooled" or "median".
    Method(String),
    /// A fixed value on the display scale.
    Value(f64),
    /// The row of a named organisation, e.g. England.
    Organisation { code: String },
}

/// How the benchmark is chosen, once the options are validated.
#[derive(Debug, Clone, PartialEq)]
pub enum Benchmark {
    Pooled,
    Median,
    Fixed(f64),
    Organisation(String),
}

impl Options {
    /// Parse the JSON text of an options object (`{}` or empty text for none).
    pub fn from_json(json: &str) -> Result<Options> {
        if json.trim().is_empty() || json.trim() == "null" {
            return Ok(Options::default());
        }
        let whole: serde_json::Value = serde_json::from_str(json).map_err(|e| Options::refused(&e.to_string()))?;
        Options::from_value(&whole)
    }

    /// Read options from their JSON form (as a script's object arrives), refused with the
    /// option at fault named.
    pub fn from_value(whole: &serde_json::Value) -> Result<Options> {
        fault::read(whole).map_err(|detail| Options::refused(&detail))
    }

    /// The error for options that could not be read, whatever form they came in.
    pub fn refused(detail: &str) -> Error {
        Error::new(ErrorKind::BadOptions, format!("The options could not be used: {detail}. See the README for the options and their values."))
    }

    pub fn benchmark(&self) -> Result<Benchmark> {
        match &self.benchmark {
            None => Ok(Benchmark::Pooled),
            Some(BenchmarkOption::Method(m)) => match m.trim().to_ascii_lowercase().as_str() {
                "pooled" => Ok(Benchmark::Pooled),
                "median" => Ok(Benchmark::Median),
                other => Err(Error::new(
                    ErrorKind::BadOptions,
                    format!("The benchmark \"{other}\" is not known: use \"pooled\", \"median\", a number on the display scale, or {{ \"code\": \"<organisation code>\" }}."),
                )),
            },
            Some(BenchmarkOption::Value(v)) if v.is_finite() => Ok(Benchmark::Fixed(*v)),
            Some(BenchmarkOption::Value(v)) => Err(Error::new(ErrorKind::BadOptions, format!("The benchmark must be a finite number; found {v}."))),
            Some(BenchmarkOption::Organisation { code }) => Ok(Benchmark::Organisation(code.trim().to_string())),
        }
    }

    /// The `sheet` option: a name, or a 0-based position.
    pub fn sheet(&self) -> Result<Option<crate::table::SheetChoice>> {
        use crate::table::SheetChoice;
        match &self.sheet {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(name)) => Ok(Some(SheetChoice::Name(name.clone()))),
            Some(serde_json::Value::Number(n)) if n.as_u64().is_some() => Ok(Some(SheetChoice::Index(n.as_u64().unwrap_or(0) as usize))),
            Some(other) => Err(Error::new(ErrorKind::BadOptions, format!("The sheet must be a sheet name or a number counting from 0; found {other}."))),
        }
    }
}
