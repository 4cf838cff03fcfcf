//! Which column is which: named in the options, or recognised from headers and contents.

use crate::error::{Error, ErrorKind, Result};
use crate::options::{ColumnList, ColumnOptions, IndicatorType};
use crate::table::RawTable;

use super::values::{parse_count, CellProblem};

/// Column indexes into the raw table, after detection.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedColumns {
    pub code: usize,
    pub name: Option<usize>,
    pub indicator: Option<usize>,
    /// Dates, months, quarters or years: each organisation then has a series over time.
    pub period: Option<usize>,
    /// A readable name for each indicator id (e.g. Fingertips' "Indicator Name").
    pub indicator_name: Option<usize>,
    pub numerator: Option<usize>,
    /// The denominator of a proportion or rate, the expected count of a ratio, or the sample
    /// size of a mean given as a summary.
    pub denominator: Option<usize>,
    /// The value of a mean or of a value-only indicator.
    pub value: Option<usize>,
    /// The standard deviation of a mean given as a summary.
    pub sd: Option<usize>,
    pub indicator_type: IndicatorType,
    /// Id and name of the single indicator of a file without an indicator column.
    pub default_indicator_id: String,
    pub default_indicator_name: String,
    /// Sentences saying what was detected rather than given.
    pub notes: Vec<String>,
    /// Further columns added to the numerator and to the denominator (`numerator: [a, b]`).
    pub numerator_extra: Vec<usize>,
    pub denominator_extra: Vec<usize>,
    /// The measure is denominator − numerator (`complement: true`).
    pub complement: bool,
}

impl ResolvedColumns {
    /// Only the organisation column: a base for building a mapping piece by piece.
    pub fn blank(code: usize) -> Self {
        ResolvedColumns {
            code,
            name: None,
            indicator: None,
            period: None,
            indicator_name: None,
            numerator: None,
            denominator: None,
            value: None,
            sd: None,
            indicator_type: IndicatorType::Proportion,
            default_indicator_id: String::new(),
            default_indicator_name: String::new(),
            notes: Vec::new(),
            numerator_extra: Vec::new(),
            denominator_extra: Vec::new(),
            complement: false,
        }
    }

    /// The numerator as people would read it: "A", "A + B", or for a complement "D − A".
    pub fn numerator_label(&self, headers: &[String]) -> Option<String> {
        let summed = |first: Option<usize>, extra: &[usize]| -> Option<String> {
            let names: Vec<String> = first.into_iter().chain(extra.iter().copied()).map(|i| header_words(&headers[i])).collect();
            (!names.is_empty()).then(|| names.join(" + "))
        };
        let numerator = summed(self.numerator, &self.numerator_extra)?;
        if !self.complement {
            return Some(numerator);
        }
        let denominator = summed(self.denominator, &self.denominator_extra)?;
        let bracketed = if self.numerator_extra.is_empty() { numerator } else { format!("({numerator})") };
        Some(format!("{denominator} − {bracketed}"))
    }

    /// The denominator as people would read it: "A" or "A + B".
    pub fn denominator_label(&self, headers: &[String]) -> Option<String> {
        let names: Vec<String> = self.denominator.into_iter().chain(self.denominator_extra.iter().copied()).map(|i| header_words(&headers[i])).collect();
        (!names.is_empty()).then(|| names.join(" + "))
    }

    /// The mapping as header names, in the shape of the `columns` option, so it can be shown,
    /// edited and saved as settings.
    pub fn names<'a>(&self, headers: &'a [String]) -> [(&'static str, Option<&'a str>); 8] {
        let h = |i: usize| Some(headers[i].as_str());
        [
            ("code", h(self.code)),
            ("name", self.name.and_then(h)),
            ("indicator", self.indicator.and_then(h)),
            ("period", self.period.and_then(h)),
            ("numerator", self.numerator.and_then(h)),
            ("denominator", self.denominator.and_then(h)),
            ("value", self.value.and_then(h)),
            ("sd", self.sd.and_then(h)),
        ]
    }
}

/// A header as words in a name: database names ("PRACTICE_LIST_SIZE", "arriving_by_ambulance",
/// "REGISTER") become words ("practice list size", "arriving by ambulance", "register");
/// headers already in words, and codes and acronyms ("IMD", "HYP_NUM"), keep their capitals.
pub fn header_words(header: &str) -> String {
    let has_lower = header.chars().any(char::is_lowercase);
    let shouting = !has_lower && header.chars().filter(|c| c.is_alphabetic()).count() > 4 && !header.contains(char::is_whitespace);
    if !header.contains('_') && !shouting {
        return header.to_string();
    }
    let words = header.replace('_', " ");
    // In capitals, words of four letters or more are words ("LIST", "REGISTER"); shorter ones and
    // those with digits are codes and acronyms ("HYP", "AF", "06OV") and keep their capitals.
    let word = |w: &str| if !has_lower && w.len() >= 4 && w.chars().all(char::is_alphabetic) { w.to_lowercase() } else { w.to_string() };
    words.split_whitespace().map(word).collect::<Vec<_>>().join(" ")
}

/// Text with its first letter in capitals, as a name or title starts.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Header names, lower-cased with punctuation folded to single spaces: "Org_Code" -> "org code".
pub(crate) fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut previous_lower = false;
    for c in header.chars() {
        if c.is_alphanumeric() {
            // camelCase is words too: "AreaCode" -> "area code".
            if c.is_uppercase() && previous_lower {
                out.push(' ');
            }
            previous_lower = c.is_lowercase();
            out.extend(c.to_lowercase());
        } else {
            previous_lower = false;
            if !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
    out.trim().to_string()
}

pub(crate) fn find_header(table: &RawTable, name: &str) -> Option<usize> {
    let exact = table.headers.iter().position(|h| h == name.trim());
    exact.or_else(|| {
        let wanted = normalise(name);
        table.headers.iter().position(|h| normalise(h) == wanted)
    })
}

pub(crate) fn list_headers(table: &RawTable) -> String {
    crate::error::list(&table.headers)
}

// Names that identify a column's role, most specific first. Matching is on normalised headers.
const CODE_NAMES: &[&str] = &[
    "code",
    "org code",
    "organisation code",
    "organization code",
    "area code",
    "practice code",
    "trust code",
    "provider code",
    "ods code",
    "org id",
    "organisation id",
    "site code",
    "la code",
    "local authority code",
];
const NAME_NAMES: &[&str] = &[
    "name",
    "org name",
    "organisation name",
    "organization name",
    "area name",
    "practice name",
    "trust name",
    "provider name",
    "site name",
    "local authority name",
    "la name",
];
const INDICATOR_NAMES: &[&str] = &["indicator", "indicator id", "indicator code", "indicator name", "measure", "metric"];
const NUMERATOR_NAMES: &[&str] = &["numerator", "count", "events", "observed", "register", "cases", "num"];
const DENOMINATOR_NAMES: &[&str] = &["denominator", "population", "list size", "practice list size", "denom", "eligible", "expected"];
const VALUE_NAMES: &[&str] = &["value", "mean", "average", "score"];
const PERIOD_NAMES: &[&str] = &["period", "time period", "month", "month start", "date", "quarter", "year", "financial year", "fin year"];
const SD_NAMES: &[&str] = &["sd", "standard deviation", "stdev", "std dev", "std"];
/// Codes of parent areas, not of the organisations compared.
const PARENT_WORDS: &[&str] = &["parent", "region", "icb", "ccg", "pcn", "stp", "group", "postcode", "nat", "country"];

/// Names that may hold the indicator of a long file, as NHS Digital's QOF `GROUP_CODE` does, but
/// may also hold something else (a group of practices): taken only when the contents agree.
const MAYBE_INDICATOR_NAMES: &[&str] =
    &["group code", "group id", "indicator group", "indicator group code", "measure code", "measure id", "metric code", "metric id"];

/// The indicator column of a long file, found without settings: by its name, or by a name that
/// may mean it and contents that look like indicator ids. `options` give the code column.
pub(crate) fn indicator_column(table: &RawTable, options: &ColumnOptions) -> Option<usize> {
    let code =
        options.code.as_deref().and_then(|c| find_header(table, c)).or_else(|| by_name(table, CODE_NAMES, &[])).or_else(|| by_suffix(table, "code", &[]));
    by_name(table, INDICATOR_NAMES, &[]).or_else(|| code.and_then(|code| indicator_by_contents(table, code, &[code])))
}

/// A column named like an indicator group whose values look like indicator ids (see
/// [`looks_like_indicator_ids`]).
fn indicator_by_contents(table: &RawTable, code: usize, taken: &[usize]) -> Option<usize> {
    let normalised: Vec<String> = table.headers.iter().map(|h| normalise(h)).collect();
    (0..normalised.len()).find(|&i| !taken.contains(&i) && MAYBE_INDICATOR_NAMES.contains(&normalised[i].as_str()) && looks_like_indicator_ids(table, i, code))
}

/// Indicator ids in a long file: a few short values, each on the rows of several organisations,
/// and most organisations with more than one of them. A column that groups organisations (a PCN
/// or ICB code) fails the last test: each organisation has one value, however many rows it has.
/// Reads the whole column, as a long file sorted by indicator repeats no organisation in its first
/// rows; it stops as soon as the values are too many to be indicators.
fn looks_like_indicator_ids(table: &RawTable, col: usize, code: usize) -> bool {
    use rustc_hash::FxHashMap as HashMap;
    const MOST_VALUES: usize = 1000;
    const LONGEST: usize = 40;
    // Per value: the first organisation, and whether another organisation has it too.
    let mut values: HashMap<&str, (&str, bool)> = HashMap::default();
    // Per organisation: its first value, and whether it has another one too.
    let mut organisations: HashMap<&str, (&str, bool)> = HashMap::default();
    for row in table.rows() {
        let text = |c: usize| row.cell(c).map(str::trim).filter(|t| !t.is_empty());
        let (Some(value), Some(org)) = (text(col), text(code)) else { continue };
        if value.len() > LONGEST {
            return false;
        }
        let v = values.entry(value).or_insert((org, false));
        v.1 |= v.0 != org;
        let o = organisations.entry(org).or_insert((value, false));
        o.1 |= o.0 != value;
        if values.len() > MOST_VALUES {
            return false;
        }
    }
    let varied = organisations.values().filter(|o| o.1).count();
    values.len() >= 2 && values.values().all(|v| v.1) && varied * 2 >= organisations.len()
}

/// The period column: of the columns named like one ("Period", "Month", "Date"…), the first
/// whose values read as dates, months, quarters or years; else the first by name. NHS England's
/// stacked A&E files have both "Period" ("MSitAE-DECEMBER-2021") and "month" ("2021-12").
fn period_column(table: &RawTable, taken: &[usize]) -> Option<usize> {
    let named: Vec<usize> = PERIOD_NAMES.iter().filter_map(|n| by_name(table, &[n], taken)).collect();
    let reads_as_dates = |col: usize| {
        let sample: Vec<&str> = table.rows().filter_map(|r| r.cell(col).map(str::trim).filter(|t| !t.is_empty())).take(50).collect();
        !sample.is_empty() && sample.iter().filter(|t| super::period::period_key(t).is_some()).count() * 5 >= sample.len() * 4
    };
    named.iter().copied().find(|&c| reads_as_dates(c)).or(named.first().copied())
}

fn by_name(table: &RawTable, names: &[&str], taken: &[usize]) -> Option<usize> {
    let normalised: Vec<String> = table.headers.iter().map(|h| normalise(h)).collect();
    names.iter().find_map(|n| normalised.iter().enumerate().position(|(i, h)| h == n && !taken.contains(&i)))
}

/// A header ending in `suffix` (e.g. "code") that is not a parent area's.
fn by_suffix(table: &RawTable, suffix: &str, taken: &[usize]) -> Option<usize> {
    table.headers.iter().enumerate().position(|(i, h)| {
        let n = normalise(h);
        !taken.contains(&i) && n.split(' ').next_back() == Some(suffix) && !n.split(' ').any(|w| PARENT_WORDS.contains(&w))
    })
}

/// A measure column given as one name or several: the first, and the others added to it.
pub(crate) fn given_list(table: &RawTable, role: &str, names: Option<&ColumnList>) -> Result<(Option<usize>, Vec<usize>)> {
    let Some(list) = names else { return Ok((None, Vec::new())) };
    if list.names().is_empty() {
        return Err(Error::new(ErrorKind::BadOptions, format!("The {role} is an empty list: name at least one column.")));
    }
    let found: Vec<Option<usize>> = list.names().iter().map(|name| given(table, role, &Some(name.clone()))).collect::<Result<_>>()?;
    let found: Vec<usize> = found.into_iter().flatten().collect();
    Ok((found.first().copied(), found.get(1..).unwrap_or_default().to_vec()))
}

fn given(table: &RawTable, role: &str, name: &Option<String>) -> Result<Option<usize>> {
    match name {
        None => Ok(None),
        Some(name) => find_header(table, name).map(Some).ok_or_else(|| {
            Error::new(ErrorKind::MissingColumn, format!("The {role} column \"{name}\" is not in the file. Its columns are: {}.", list_headers(table)))
        }),
    }
}

/// Non-empty cells of a row (notes and footnotes have one).
fn filled_cells(row: &crate::table::RawRow) -> usize {
    (0..row.len()).filter(|&i| row.cell(i).is_some_and(|c| !c.trim().is_empty())).count()
}

/// Columns whose cells in the first rows read as counts (at least 90 % of those that are not
/// blank or suppressed: a suppressed count still belongs to a column of counts).
pub(crate) fn numeric_columns(table: &RawTable, taken: &[usize]) -> Vec<usize> {
    let sample: Vec<_> = table.rows().filter(|r| filled_cells(r) >= 2).take(200).collect();
    if sample.is_empty() {
        return Vec::new();
    }
    (0..table.headers.len())
        .filter(|i| !taken.contains(i))
        .filter(|&i| {
            let (mut numbers, mut missing) = (0, 0);
            for r in &sample {
                match parse_count(r.cell(i)) {
                    Ok(_) => numbers += 1,
                    Err(CellProblem::NotANumber(_)) => {}
                    Err(_) => missing += 1,
                }
            }
            numbers > 0 && numbers * 10 >= (sample.len() - missing) * 9
        })
        .collect()
}

/// Words of headers whose numbers are results or limits, never counts: an IMD score is not
/// events out of a population, and neither is a value's confidence limit or a rank.
const OUTCOME_WORDS: &[&str] = &[
    "score",
    "rank",
    "quintile",
    "decile",
    "value",
    "ci",
    "lower",
    "upper",
    "limit",
    "percent",
    "percentage",
    "pct",
    "rate",
    "ratio",
    "mean",
    "average",
    "median",
    "index",
    "proportion",
    "prop",
    "prevalence",
    "flag",
    "sortable",
    "id",
    "year",
    "imd",
    "latitude",
    "longitude",
    "lat",
    "long",
    "sd",
    "prop65",
];

/// Words of numeric columns that are never context for peers: the measure itself, its limits
/// and bookkeeping. Scores, ranks and percentages (IMD, % aged 65+) are context.
const NOT_CONTEXT_WORDS: &[&str] =
    &["value", "lower", "upper", "limit", "ci", "sortable", "numerator", "denominator", "count", "register", "id", "year", "period", "sd"];

/// The numeric columns a person would pick peers on: not a role of the mapping, not the
/// measure, its limits or bookkeeping (see [`NOT_CONTEXT_WORDS`]).
pub(crate) fn context_columns(table: &RawTable, roles: &[usize]) -> Vec<usize> {
    let stem = |i: usize| -> Option<String> {
        let h = normalise(&table.headers[i]);
        let words: Vec<&str> = h.split(' ').collect();
        (words.len() >= 3).then(|| words[..2].join(" "))
    };
    // Siblings of the measure ("handover delay 30 60 mins" beside "handover delay over 60 mins")
    // are more of the same outcome, not something about the organisation.
    let measure_stems: Vec<String> = roles.iter().filter_map(|&i| stem(i)).collect();
    numeric_columns(table, roles)
        .into_iter()
        .filter(|&i| !normalise(&table.headers[i]).split(' ').any(|w| NOT_CONTEXT_WORDS.contains(&w)))
        .filter(|&i| stem(i).is_none_or(|s| !measure_stems.contains(&s)))
        .collect()
}

/// Whether a header names a result, a limit or an index rather than a count (see [`OUTCOME_WORDS`]).
pub(crate) fn is_outcome_like(header: &str) -> bool {
    header.contains('%') || normalise(header).split(' ').any(|w| OUTCOME_WORDS.contains(&w))
}

/// Among numeric columns, a pair (numerator, denominator) where the first never exceeds the
/// second and is not always equal to it: the shape of "events out of a population".
fn numeric_pair(table: &RawTable, numeric: &[usize], fixed_num: Option<usize>, fixed_den: Option<usize>) -> Option<(usize, usize)> {
    let sample: Vec<_> = table.rows().filter(|r| filled_cells(r) >= 2).take(500).collect();
    let fits = |n: usize, d: usize| {
        let mut compared = 0;
        let mut strictly_less = 0;
        for r in &sample {
            if let (Ok(x), Ok(y)) = (parse_count(r.cell(n)), parse_count(r.cell(d))) {
                if x > y || y <= 0.0 {
                    return false;
                }
                compared += 1;
                if x < y {
                    strictly_less += 1;
                }
            }
        }
        compared > 0 && strictly_less > 0
    };
    let counts: Vec<usize> = numeric.iter().copied().filter(|&i| !is_outcome_like(&table.headers[i])).collect();
    let nums: Vec<usize> = fixed_num.map(|n| vec![n]).unwrap_or_else(|| counts.clone());
    let dens: Vec<usize> = fixed_den.map(|d| vec![d]).unwrap_or_else(|| counts.clone());
    for &d in &dens {
        for &n in &nums {
            if n != d && fits(n, d) {
                return Some((n, d));
            }
        }
    }
    None
}

/// Resolve the columns. With `wide`, each indicator names its own measure columns (see
/// `Dataset::from_table`), so only the organisation, name and period columns are needed here.
pub fn resolve_columns(table: &RawTable, options: &ColumnOptions, wanted_type: Option<IndicatorType>, wide: bool) -> Result<ResolvedColumns> {
    let mut notes = Vec::new();
    let mut taken: Vec<usize> = Vec::new();

    let given_code = given(table, "organisation code", &options.code)?;
    let given_name = given(table, "organisation name", &options.name)?;
    let given_indicator = given(table, "indicator", &options.indicator)?;
    let (given_num, numerator_extra) = given_list(table, "numerator", options.numerator.as_ref())?;
    let (given_den, denominator_extra) = given_list(table, "denominator", options.denominator.as_ref())?;
    taken.extend(numerator_extra.iter().chain(&denominator_extra).copied());
    let given_value = given(table, "value", &options.value)?;
    let given_sd = given(table, "standard deviation", &options.sd)?;
    let given_period = given(table, "period", &options.period)?;
    taken.extend([given_code, given_name, given_indicator, given_num, given_den, given_value, given_sd, given_period].into_iter().flatten());
    let period = given_period.or_else(|| period_column(table, &taken));
    taken.extend(period);

    let code = code_column(table, given_code, &taken)?;
    taken.push(code);
    let name = given_name.or_else(|| by_name(table, NAME_NAMES, &taken)).or_else(|| by_suffix(table, "name", &taken));
    taken.extend(name);
    if wide {
        // Each indicator names its own measure columns: looking for one here would only add
        // misleading notes ("X was taken as the numerator").
        return Ok(ResolvedColumns { name, period, indicator_type: wanted_type.unwrap_or(IndicatorType::Proportion), ..ResolvedColumns::blank(code) });
    }
    let indicator = indicator_of(table, given_indicator, code, &taken, &mut notes);
    taken.extend(indicator);
    let indicator_name = indicator.and_then(|_| by_name(table, &["indicator name", "measure name", "metric name"], &taken));
    taken.extend(indicator_name);

    let wants_counts = matches!(wanted_type, None | Some(IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio));
    let (numerator, denominator) = counts_of(table, (given_num, given_den), wants_counts, &mut taken, &mut notes);
    let value = given_value.or_else(|| by_name(table, VALUE_NAMES, &taken));
    taken.extend(value);
    let sd = given_sd.or_else(|| by_name(table, SD_NAMES, &taken));

    let indicator_type = wanted_type.unwrap_or_else(|| judge_type(table, (numerator, denominator, value, sd), &mut notes));
    check_required(table, indicator_type, (numerator, denominator, value))?;
    let measure = ResolvedColumns {
        numerator,
        denominator,
        value,
        numerator_extra: numerator_extra.clone(),
        denominator_extra: denominator_extra.clone(),
        complement: options.complement,
        indicator_type,
        ..ResolvedColumns::blank(code)
    };
    let (default_indicator_id, default_indicator_name) = default_indicator(table, &measure);
    Ok(ResolvedColumns {
        code,
        name,
        indicator,
        period,
        indicator_name,
        numerator: if wants_counts_type(indicator_type) { numerator } else { None },
        denominator: match indicator_type {
            IndicatorType::Mean => given_den.filter(|_| sd.is_some()).or(if sd.is_some() { denominator } else { None }),
            IndicatorType::Value => None,
            _ => denominator,
        },
        value: if wants_counts_type(indicator_type) { None } else { value },
        sd: if indicator_type == IndicatorType::Mean { sd } else { None },
        indicator_type,
        default_indicator_id,
        default_indicator_name,
        notes,
        numerator_extra: if wants_counts_type(indicator_type) { numerator_extra } else { Vec::new() },
        denominator_extra: if wants_counts_type(indicator_type) { denominator_extra } else { Vec::new() },
        complement: options.complement && wants_counts_type(indicator_type),
    })
}

/// The organisation code column: given, named like one, or a header ending in "code" that is
/// not a parent area's.
fn code_column(table: &RawTable, given: Option<usize>, taken: &[usize]) -> Result<usize> {
    given.or_else(|| by_name(table, CODE_NAMES, taken)).or_else(|| by_suffix(table, "code", taken)).ok_or_else(|| {
        Error::new(
            ErrorKind::MissingColumn,
            format!(
                "No column of organisation codes was found. Name it in the settings (columns.code), or call it \"Code\". The file's columns are: {}.",
                list_headers(table)
            ),
        )
    })
}

/// The indicator column of a long file: given, named like one, or found from its contents (said).
fn indicator_of(table: &RawTable, given: Option<usize>, code: usize, taken: &[usize], notes: &mut Vec<String>) -> Option<usize> {
    if let Some(i) = given.or_else(|| by_name(table, INDICATOR_NAMES, taken)) {
        return Some(i);
    }
    let found = indicator_by_contents(table, code, taken)?;
    notes.push(format!(
        "\"{}\" was taken as the indicator column because its values repeat across the organisations, each organisation having several. If it is not, name the indicator column in the settings (columns.indicator).",
        table.headers[found]
    ));
    Some(found)
}

/// The numerator and denominator: given, named like them, or (for counts) a numeric pair where
/// one never exceeds the other, which the notes then say.
fn counts_of(
    table: &RawTable,
    given: (Option<usize>, Option<usize>),
    wants_counts: bool,
    taken: &mut Vec<usize>,
    notes: &mut Vec<String>,
) -> (Option<usize>, Option<usize>) {
    let numerator = given.0.or_else(|| by_name(table, NUMERATOR_NAMES, taken));
    taken.extend(numerator);
    let denominator = given.1.or_else(|| by_name(table, DENOMINATOR_NAMES, taken));
    taken.extend(denominator);
    if !wants_counts || (numerator.is_some() && denominator.is_some()) {
        return (numerator, denominator);
    }
    let numeric = numeric_columns(table, taken);
    let Some((n, d)) = numeric_pair(table, &numeric, numerator, denominator) else { return (numerator, denominator) };
    if numerator.is_none() {
        notes.push(format!("\"{}\" was taken as the numerator because its numbers never exceed those of \"{}\".", table.headers[n], table.headers[d]));
    }
    if denominator.is_none() {
        notes.push(format!("\"{}\" was taken as the denominator.", table.headers[d]));
    }
    (Some(n), Some(d))
}

/// The type the columns suggest when none is given: counts, a mean with its spread, or a value.
fn judge_type(
    table: &RawTable,
    (numerator, denominator, value, sd): (Option<usize>, Option<usize>, Option<usize>, Option<usize>),
    notes: &mut Vec<String>,
) -> IndicatorType {
    match (numerator, denominator, value, sd) {
        (Some(n), Some(d), _, _) => {
            let t = suggest_count_type(table, n, d);
            if t != IndicatorType::Proportion {
                notes.push(format!("The indicator was taken to be a {} from its columns; set the type if it is not.", t.as_str()));
            }
            t
        }
        (_, _, Some(_), Some(_)) => IndicatorType::Mean,
        (_, _, Some(_), None) => {
            notes.push(
                "There is a value column but no numerator and denominator, so the values are compared without confidence intervals (by quantile).".into(),
            );
            IndicatorType::Value
        }
        _ => IndicatorType::Proportion,
    }
}

/// The columns the type needs, or an error naming the one missing.
fn check_required(
    table: &RawTable,
    indicator_type: IndicatorType,
    (numerator, denominator, value): (Option<usize>, Option<usize>, Option<usize>),
) -> Result<()> {
    let missing = |what: &str, example: &str| {
        Err(Error::new(
            ErrorKind::MissingColumn,
            format!("No {what} found. Name it in the settings (columns), or call it {example}. The file's columns are: {}.", list_headers(table)),
        ))
    };
    match indicator_type {
        IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio => match (numerator, denominator) {
            (Some(_), Some(_)) => Ok(()),
            (None, None) => missing("numerator and denominator columns were", "\"Numerator\" and \"Denominator\""),
            (None, Some(_)) => missing("numerator column was", "\"Numerator\""),
            (Some(_), None) => missing("denominator column was", "\"Denominator\""),
        },
        IndicatorType::Mean | IndicatorType::Value if value.is_none() => missing("value column was", "\"Value\""),
        IndicatorType::Mean | IndicatorType::Value => Ok(()),
    }
}

/// The id and name of the single indicator of a file without an indicator column: the
/// numerator's header, and the measure in words ("Register out of practice list size").
fn default_indicator(table: &RawTable, m: &ResolvedColumns) -> (String, String) {
    match (m.indicator_type, m.numerator, m.denominator, m.value) {
        (IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio, Some(n), Some(_), _) => {
            let joiner = match m.indicator_type {
                IndicatorType::Proportion => "out of",
                IndicatorType::Rate => "per",
                _ => "compared with",
            };
            let (num, den) = (m.numerator_label(&table.headers).unwrap_or_default(), m.denominator_label(&table.headers).unwrap_or_default());
            (table.headers[n].clone(), sentence(&format!("{num} {joiner} {den}")))
        }
        (_, _, _, Some(v)) => (table.headers[v].clone(), table.headers[v].clone()),
        _ => ("indicator".into(), "Indicator".into()),
    }
}

fn wants_counts_type(t: IndicatorType) -> bool {
    matches!(t, IndicatorType::Proportion | IndicatorType::Rate | IndicatorType::Ratio)
}

/// Ratio when the denominator is called "expected", rate when it names a population; otherwise
/// proportion (a numerator above its denominator is then reported on its row, suggesting the type).
fn suggest_count_type(table: &RawTable, _numerator: usize, denominator: usize) -> IndicatorType {
    let header = normalise(&table.headers[denominator]);
    let words: Vec<&str> = header.split(' ').collect();
    if words.contains(&"expected") {
        IndicatorType::Ratio
    } else if words.iter().any(|w| ["population", "pop", "persons", "person", "residents", "years"].contains(w)) {
        IndicatorType::Rate
    } else {
        IndicatorType::Proportion
    }
}
