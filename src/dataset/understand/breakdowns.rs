//! Breakdowns, levels and the benchmark row.
//!
//! - A **breakdown** column splits one organisation's figure for one period into parts: A&E
//!   `type` (1, 2, other), Fingertips' `Sex` and `Age`. Its rows are not duplicates, and they must
//!   not be pooled either: one value is compared (the total or "Persons" when there is one,
//!   otherwise the first type), and the others are offered.
//! - A **level** column says what kind of area a row is (Fingertips' `Area Type`: GPs, ICBs,
//!   regions, England): each organisation has one value, and comparing across values pools
//!   practices with regions. The level with the most areas is compared.
//! - The **benchmark row**: when the file carries England's own figure, that is the benchmark,
//!   as Fingertips publishes it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{json, Value};

use super::evidence::{self, Key};
use super::{text, Alternative, Choice};
use crate::dataset::columns::{self, normalise};
use crate::dataset::rows::CATEGORY_TYPE;
use crate::dataset::totals;
use crate::error::thousands;
use crate::options::{BenchmarkOption, ColumnList, FilterValue, Options, ScalarValue};
use crate::table::{trim, RawRow, RawTable};

/// Most distinct values a breakdown or level column may have: more and it is data, not a split.
const MOST_VALUES: usize = 40;
/// Pairs of rows looked at to find what tells them apart; enough to be sure, few enough to be quick.
const MOST_EVIDENCE: usize = 5_000;
/// Headers that name the kind of area or organisation of each row.
const LEVEL_WORDS: &[&str] = &["area type", "org type", "organisation type", "organization type", "geography", "geography level", "area level", "level"];
/// Header words of columns that are breakdowns by nature, tried first when several columns differ.
const BREAKDOWN_WORDS: &[&str] = &["type", "sex", "gender", "age", "ethnicity", "breakdown", "group", "category", "band"];
/// Values that mean "all of them": the figure to compare when a breakdown has one.
const TOTAL_VALUES: &[&str] = &["persons", "all", "all ages", "total", "both", "both sexes", "all persons", "overall", "all types", "people"];

/// The judgements of this module, each as a choice; the options gain their filters and benchmark.
pub(super) fn judge(table: &RawTable, options: &mut Options) -> Vec<Choice> {
    let Some(keys) = Keys::find(table, options) else { return Vec::new() };
    let mut choices = Vec::new();
    let taken = keys.taken();
    let numeric = columns::numeric_columns(table, &taken);
    // Columns of numbers are data, unless their name says they are a split (an age band, a type).
    let surveyed: Vec<(usize, bool)> = candidate_columns(table, &taken)
        .filter(|c| !numeric.contains(c) || hinted(table, *c))
        .filter_map(|c| survey(table, keys.code, c).map(|per_org| (c, per_org)))
        .collect();
    let columns: Vec<usize> = surveyed.iter().map(|&(c, _)| c).collect();
    let per_org: HashSet<usize> = surveyed.iter().filter(|&&(_, one)| one).map(|&(c, _)| c).collect();
    for &col in columns.iter().filter(|c| per_org.contains(c) && is_level(&table.headers[**c])) {
        if let Some(choice) = level_choice(table, &keys, col, options) {
            choices.push(choice);
        }
    }
    let breakdowns: Vec<usize> = columns.iter().copied().filter(|c| !per_org.contains(c)).collect();
    for col in explaining_columns(table, &keys, &breakdowns, options, &per_org) {
        if let Some(choice) = breakdown_choice(table, &keys, col, options) {
            choices.push(choice);
        }
    }
    if let Some(choice) = benchmark_choice(table, &keys, options) {
        choices.push(choice);
    }
    choices
}

/// The columns that make an organisation's figure one of a kind: code, period and indicator.
struct Keys {
    code: usize,
    name: Option<usize>,
    period: Option<usize>,
    indicator: Option<usize>,
    /// Every column the options or detection give a role (never a breakdown).
    roles: Vec<usize>,
    /// The columns of the measure (counts, values): rows whose measures differ are parts of a
    /// breakdown; rows that repeat them are duplicates.
    measures: Vec<usize>,
}

impl Keys {
    fn find(table: &RawTable, options: &Options) -> Option<Keys> {
        let resolved = columns::resolve_columns(table, &options.columns, options.indicator_type, true).ok()?;
        let indicator =
            options.columns.indicator.as_deref().and_then(|c| columns::find_header(table, c)).or_else(|| columns::indicator_column(table, &options.columns));
        let c = &options.columns;
        let lists = |n: &Option<ColumnList>, d: &Option<ColumnList>| -> Vec<String> { [n, d].into_iter().flatten().flat_map(|l| l.names().to_vec()).collect() };
        let mut names: Vec<String> = lists(&c.numerator, &c.denominator);
        names.extend([&c.value, &c.sd, &c.group].into_iter().flatten().cloned());
        names.extend(c.context.iter().flatten().cloned());
        for spec in options.indicators.iter().flatten() {
            names.extend(lists(&spec.numerator, &spec.denominator));
            names.extend(spec.value.iter().cloned());
        }
        let mut roles: Vec<usize> = names.iter().filter_map(|n| columns::find_header(table, n)).collect();
        let measures: Vec<usize> = match options.indicators.iter().flatten().any(|s| s.has_columns()) {
            true => roles.clone(),
            false => columns::resolve_columns(table, &options.columns, options.indicator_type, false)
                .map(|r| [r.numerator, r.denominator, r.value, r.sd].into_iter().flatten().collect())
                .unwrap_or_default(),
        };
        roles.extend(measures.iter().copied());
        Some(Keys { code: resolved.code, name: resolved.name, period: resolved.period, indicator, roles, measures })
    }

    fn taken(&self) -> Vec<usize> {
        let mut taken = self.roles.clone();
        taken.extend([Some(self.code), self.name, self.period, self.indicator].into_iter().flatten());
        taken
    }

    /// The text of a key column, trimmed.
    fn cell<'a>(row: &RawRow<'a>, col: Option<usize>) -> &'a str {
        col.and_then(|c| row.cell(c)).map_or("", trim)
    }

    fn of<'a>(&self, row: &RawRow<'a>) -> Key<'a> {
        (Self::cell(row, Some(self.code)), Self::cell(row, self.period), Self::cell(row, self.indicator))
    }
}

/// The columns not already given a role (nor Fingertips' category columns), which might split
/// one figure into parts or say what kind of area a row is.
fn candidate_columns<'a>(table: &'a RawTable, taken: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let category = table.headers.iter().position(|h| h == CATEGORY_TYPE);
    (0..table.headers.len()).filter(move |c| !taken.contains(c) && Some(*c) != category && category.map(|t| t + 1) != Some(*c))
}

/// One pass over a column: `None` unless it has a few distinct short values (2 to
/// [`MOST_VALUES`]), else whether every organisation has one value only. Rows come grouped by
/// organisation in most files, so a row is checked against the row before when both are the
/// same organisation's, and looked up by code only when the organisation changes.
fn survey(table: &RawTable, code: usize, col: usize) -> Option<bool> {
    let mut seen: HashSet<&str> = HashSet::default();
    let mut first: HashMap<&str, &str> = HashMap::default();
    let mut one_per_org = true;
    let (mut last_value, mut run): (Option<&str>, Option<(&str, &str)>) = (None, None);
    for row in table.rows() {
        let value = row.cell(col).map_or("", trim);
        if last_value != Some(value) && (value.len() > 60 || (seen.insert(value) && seen.len() > MOST_VALUES)) {
            return None;
        }
        last_value = Some(value);
        let org = row.cell(code).map_or("", trim);
        if !one_per_org || org.is_empty() {
            continue;
        }
        one_per_org = match run {
            Some((run_org, run_value)) if run_org == org => run_value == value,
            _ => *first.entry(org).or_insert(value) == value,
        };
        run = Some((org, value));
    }
    (seen.len() >= 2).then_some(one_per_org)
}

/// Whether the header names a split by nature (see [`BREAKDOWN_WORDS`]).
fn hinted(table: &RawTable, col: usize) -> bool {
    normalise(&table.headers[col]).split(' ').any(|w| BREAKDOWN_WORDS.contains(&w))
}

fn is_level(header: &str) -> bool {
    let h = normalise(header);
    LEVEL_WORDS.iter().any(|w| h == *w || h.ends_with(&format!(" {w}")))
}

/// Rows per value and organisations per value of one column, in order of first appearance.
fn tally(table: &RawTable, code: usize, col: usize) -> Vec<(String, usize, usize)> {
    let mut order: Vec<String> = Vec::new();
    let mut rows: HashMap<&str, usize> = HashMap::default();
    let mut orgs: HashMap<&str, HashSet<&str>> = HashMap::default();
    for row in table.rows() {
        let value = row.cell(col).map_or("", trim);
        let count = rows.entry(value).or_insert(0);
        if *count == 0 {
            order.push(value.to_string());
        }
        *count += 1;
        orgs.entry(value).or_default().insert(row.cell(code).map_or("", trim));
    }
    order.into_iter().map(|v| (rows[v.as_str()], orgs[v.as_str()].len(), v)).map(|(r, o, v)| (v, r, o)).collect()
}

/// The filter the options already set on the column, as the option holds it.
fn given_filter(table: &RawTable, options: &Options, col: usize) -> Option<Value> {
    let (_, value) = options.filter.iter().find(|(k, _)| columns::find_header(table, k) == Some(col))?;
    let text = |v: &ScalarValue| Value::String(v.display());
    Some(match value {
        FilterValue::One(v) => text(v),
        FilterValue::Many(vs) => Value::Array(vs.iter().map(text).collect()),
    })
}

/// A choice the person has already made: shown with its alternatives, never second-guessed.
fn as_given(choice: Choice, given: Value) -> Choice {
    Choice { chosen: given, reason: "Chosen in the settings.".into(), ..choice }
}

fn alternatives(values: &[(String, usize, usize)], noun: &str) -> Vec<Alternative> {
    values
        .iter()
        .map(|(v, rows, orgs)| {
            let shown = if v.is_empty() { "(blank)" } else { v };
            text(v, format!("{shown} ({} {noun}, {} rows)", thousands(*orgs as f64), thousands(*rows as f64)), Some(*rows))
        })
        .collect()
}

/// The level with the most areas is compared.
fn level_choice(table: &RawTable, keys: &Keys, col: usize, options: &mut Options) -> Option<Choice> {
    let given = given_filter(table, options, col);
    let values = tally(table, keys.code, col);
    let (best, _, areas) = values.iter().max_by_key(|(v, _, orgs)| (*orgs, !v.is_empty()))?;
    if *areas < 2 {
        return None;
    }
    let header = table.headers[col].clone();
    if given.is_none() {
        options.filter.insert(header.clone(), FilterValue::One(ScalarValue::Text(best.clone())));
    }
    let choice = Choice {
        option: format!("filter.{header}"),
        about: format!("Which kind of organisation is compared (column \"{header}\")"),
        chosen: Value::String(best.clone()),
        alternatives: alternatives(&values, "organisations"),
        reason: format!(
            "The file holds {} kinds of organisation in \"{header}\"; comparing across them would pool unlike with unlike (say, practices with regions). \"{best}\" has the most ({}).",
            values.len(),
            thousands(*areas as f64)
        ),
    };
    Some(match given {
        Some(g) => as_given(choice, g),
        None => choice,
    })
}

/// Pairs of rows with the same organisation, period and indicator but different numbers, and
/// the breakdown columns that tell them apart, most telling first.
fn explaining_columns(table: &RawTable, keys: &Keys, candidates: &[usize], options: &Options, per_org: &HashSet<usize>) -> Vec<usize> {
    if candidates.is_empty() {
        return Vec::new(); // nothing could tell rows apart: no need to look for rows to tell apart
    }
    let mut evidence = evidence_pairs(table, keys, options, per_org, candidates);
    let mut chosen = Vec::new();
    let differs = |col: usize, &(a, b): &(u32, u32)| {
        let cell = |i: u32| table.row(i as usize).and_then(|r| r.cell(col)).map_or("", trim);
        cell(a) != cell(b)
    };
    while !evidence.is_empty() && chosen.len() < 3 {
        // A breakdown tells most of the remaining pairs apart; a column that differs now and
        // then is noise (a note, a flag), and the rows stay duplicates, reported as such.
        let best = candidates
            .iter()
            .copied()
            .filter(|c| !chosen.contains(c))
            .map(|c| (hinted(table, c), evidence.iter().filter(|p| differs(c, p)).count(), c))
            .filter(|&(_, n, _)| n * 2 > evidence.len())
            .max_by_key(|&(h, n, c)| (h, n, std::cmp::Reverse(c)));
        let Some((_, _, col)) = best else { break };
        evidence.retain(|p| !differs(col, p));
        chosen.push(col);
    }
    chosen
}

/// Rows sharing organisation, period and indicator whose numbers differ (identical repeats are
/// plain duplicates, which `from_table` reports). Rows the options' filters leave out, and
/// Fingertips' category rows, are not looked at; filters on the kind of organisation (`per_org`
/// columns) are ignored, as the benchmark row (England) is kept whatever they say, and its
/// breakdown by sex must still be seen.
fn evidence_pairs<'t>(table: &'t RawTable, keys: &Keys, options: &Options, per_org: &HashSet<usize>, candidates: &[usize]) -> Vec<(u32, u32)> {
    // Filters on other columns apply; one on a candidate column must not hide its breakdown.
    let filters: Vec<(usize, &FilterValue)> = options
        .filter
        .iter()
        .filter_map(|(k, v)| Some((columns::find_header(table, k)?, v)))
        .filter(|(c, _)| !per_org.contains(c) && !candidates.contains(c))
        .collect();
    let category = table.headers.iter().position(|h| h == CATEGORY_TYPE);
    let kept = |row: &RawRow| {
        category.is_none_or(|c| row.cell(c).is_none_or(|t| t.trim().is_empty()))
            && filters.iter().all(|(c, v)| v.values().iter().any(|s| s.matches(row.cell(*c).unwrap_or(""))))
    };
    let numbers =
        |row: &RawRow| -> Vec<u64> { keys.measures.iter().map(|&i| crate::dataset::parse_count(row.cell(i)).map_or(u64::MAX, f64::to_bits)).collect() };
    let differ = |earlier: u32, row: &RawRow| table.row(earlier as usize).is_some_and(|other| numbers(&other) != numbers(row));
    let rows = || table.rows().filter(kept);
    let key_of = |row: &RawRow<'t>| -> Key<'t> { keys.of(row) };
    evidence::in_runs(rows(), &key_of, &differ, MOST_EVIDENCE).unwrap_or_else(|| evidence::by_hash(table, rows(), &key_of, &differ, MOST_EVIDENCE))
}

/// One value of a breakdown is compared: the total when there is one, else the first of a
/// numbered or typed list (A&E Type 1), else the value most organisations have.
fn breakdown_choice(table: &RawTable, keys: &Keys, col: usize, options: &mut Options) -> Option<Choice> {
    let given = given_filter(table, options, col);
    let header = table.headers[col].clone();
    let mut values = tally(table, keys.code, col);
    crate::order::sort_by(&mut values, |a, b| natural(&a.0, &b.0));
    let total = values.iter().find(|(v, _, _)| TOTAL_VALUES.contains(&normalise(v).as_str()) || normalise(v).starts_with("all "));
    let typed = normalise(&header).split(' ').any(|w| w == "type") || values.iter().all(|(v, _, _)| v.len() <= 12);
    let (pick, why) = match total {
        Some(t) => (t, format!("\"{}\" is the total of the others, so it is compared.", t.0)),
        None if typed => (&values[0], format!("The first of the {} types is compared; choose another to compare that one instead.", values.len())),
        None => {
            let most = values.iter().max_by_key(|v| v.2)?;
            (most, format!("\"{}\" is the value most organisations have.", most.0))
        }
    };
    let chosen = pick.0.clone();
    if given.is_none() {
        options.filter.insert(header.clone(), FilterValue::One(ScalarValue::Text(chosen.clone())));
    }
    let choice = Choice {
        option: format!("filter.{header}"),
        about: format!("Which part of the breakdown in \"{header}\" is compared"),
        chosen: Value::String(chosen),
        alternatives: alternatives(&values, "organisations"),
        reason: format!(
            "Each organisation has several rows for the same period, one per value of \"{header}\": they are parts of one figure, not duplicates, and pooling them would mix different things. {why}"
        ),
    };
    Some(match given {
        Some(g) => as_given(choice, g),
        None => choice,
    })
}

/// Numbers in numeric order, before words; words alphabetically, ignoring case.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    let number = |s: &str| s.trim().trim_start_matches(|c: char| c.is_alphabetic() || c == ' ').parse::<f64>().ok();
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

/// England's own row, when the file has one, is the benchmark (as in Fingertips).
fn benchmark_choice(table: &RawTable, keys: &Keys, options: &mut Options) -> Option<Choice> {
    if options.benchmark.is_some() {
        return None;
    }
    let england = table.rows().find_map(|row| {
        let code = row.cell(keys.code).map_or("", trim);
        let name = keys.name.and_then(|c| row.cell(c)).map_or("", trim);
        let is_england = [code, name].iter().any(|t| t.eq_ignore_ascii_case("england") || t.eq_ignore_ascii_case("E92000001"));
        (is_england && !code.is_empty() && totals::is_total(if name.is_empty() { code } else { name })).then(|| code.to_string())
    })?;
    options.benchmark = Some(BenchmarkOption::Organisation { code: england.clone() });
    Some(Choice {
        option: "benchmark".into(),
        about: "What each organisation is compared with".into(),
        chosen: json!({ "code": england }),
        alternatives: vec![
            Alternative { value: json!({ "code": england }), label: "England (the file's own England row)".into(), rows: None },
            text("pooled", "All the organisations compared, pooled".into(), None),
            text("median", "The median organisation".into(), None),
        ],
        reason: "The file carries England's own figure, which is the benchmark published with it.".into(),
    })
}
