//! Cohorts from record-level data, on the device: a file with one row per event (an A&E
//! attendance, an admission) and a pseudonymised person becomes, per organisation, the people in
//! a cohort of frequent users (e.g. high-intensity users of A&E) and their share of events, with
//! a monthly series, as an ordinary table of counts that every other part of Allteach then
//! compares, charts, pairs and exports. The person column never leaves this module: the table it
//! makes has organisations, dates and counts only.

pub mod events;
pub mod nhs_number;
pub mod rule;

use std::fmt::Write as _;

use serde::Serialize;

use crate::dataset::period::from_day_number;
use crate::dataset::Exclusion;
use crate::error::{thousands, Error, ErrorKind, Result};
use crate::options::{ColumnList, ColumnOptions, IndicatorSpec, IndicatorType, Options, PolarityOption};
use crate::table::RawTable;

use events::Events;
use rule::{counts_on, series_days, ByPerson};

/// The indicators a cohort makes.
pub const PEOPLE: &str = "cohort_people";
pub const EVENTS: &str = "cohort_events";

/// What the cohort analysis made of a record file (`report.cohort`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortSummary {
    /// The rule in words: "at least 5 events in the 365 days to 2026-03-31".
    pub rule: String,
    pub min_events: usize,
    pub window_days: u32,
    /// The window, as ISO dates.
    pub from: String,
    pub as_of: String,
    /// Rows read as events, and those in the window.
    pub events: usize,
    pub events_in_window: u64,
    /// Distinct people with any event in the window, and those in the cohort.
    pub people_in_window: u64,
    pub people_in_cohort: u64,
    pub events_of_cohort: u64,
    /// Organisations compared (those with an event in the window, and every one in the
    /// population file).
    pub organisations: usize,
    /// The population column used as the denominator of `cohort_people`, if any.
    pub population: Option<String>,
    /// The days the monthly series of `cohort_people` is evaluated on (ISO dates).
    pub series: Vec<String>,
    /// The record file's headers and the columns read as the person, the date and the
    /// organisation (names only: never a value), for the page's cohort settings.
    pub record_headers: Vec<String>,
    pub columns: RecordColumns,
    /// The person identifiers look like real NHS numbers (ten digits passing the Modulus 11
    /// check): a pseudonymised extract should be used instead.
    pub looks_like_nhs_numbers: bool,
}

/// The columns of a record file by header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordColumns {
    pub person: String,
    pub date: String,
    pub by: String,
}

/// The person, date and organisation columns of a file that looks like one row per event (a
/// person who appears more than once, dates, an organisation), for offering a cohort.
pub fn records_shape(table: &RawTable) -> Option<RecordColumns> {
    let c = events::columns(table, &Default::default()).ok()?;
    // An organisation's code repeats too: the person must not be named like one.
    let person = table.headers[c.person].to_lowercase();
    if ["org", "code", "practice", "trust", "site", "provider", "area", "pcn", "icb"].iter().any(|w| person.contains(w)) {
        return None;
    }
    let mut seen = rustc_hash::FxHashSet::default();
    let repeats = table.rows().take(5_000).filter_map(|r| r.cell(c.person)).any(|p| !seen.insert(p.trim()));
    repeats.then(|| names(table, c))
}

fn names(table: &RawTable, c: events::Columns) -> RecordColumns {
    RecordColumns { person: table.headers[c.person].clone(), date: table.headers[c.date].clone(), by: table.headers[c.by].clone() }
}

/// The table of counts a record file becomes, with the options that read it.
pub struct Cohort {
    /// CSV text, one row per organisation and day: the counts of both indicators.
    pub csv: String,
    pub options: Options,
    pub summary: CohortSummary,
    /// Record rows that could not be used, and why.
    pub exclusions: Vec<Exclusion>,
}

/// Builds the cohort's table from the record file and, when joined, the population file.
pub fn build(records: &RawTable, population: Option<&RawTable>, options: &Options) -> Result<Cohort> {
    let rule = options.cohort.clone().unwrap_or_default();
    check(&rule, options)?;
    let columns = events::columns(records, &rule)?;
    let looks_like_nhs_numbers = nhs_number::mostly_nhs_numbers(records.rows().filter_map(|r| r.cell(columns.person)));
    let (events, exclusions) = events::read(records, columns);
    if events.day.is_empty() {
        return Err(Error::new(
            ErrorKind::NothingUsable,
            "No row of the file is an event Allteach can read (a person, a date and an organisation): see the rows left out.",
        ));
    }
    let as_of = match &rule.as_of {
        Some(text) => events::event_day(text)
            .ok_or_else(|| Error::new(ErrorKind::BadOptions, format!("The cohort's as_of \"{text}\" is not a date: write it as e.g. 2026-03-31.")))?,
        None => events.day.iter().copied().max().unwrap_or(0),
    };
    let pop = population.map(|table| population_of(table, &rule, options)).transpose()?;
    let by_person = ByPerson::of(&events);
    let first = events.day.iter().copied().min().unwrap_or(as_of);
    let days = series_days(first, as_of, rule.window_days);
    let mut csv = format!("{ORG},{DATE},{IN_COHORT},{},{COHORT_EVENTS},{ALL_EVENTS}\n", if pop.is_some() { POPULATION } else { WITH_EVENT });
    let mut last = None;
    for (i, &day) in days.iter().enumerate() {
        // The page's progress bar moves while the cohort is counted on each day of the series.
        crate::progress::report(crate::progress::Stage::Mapping, i as f64 / days.len() as f64);
        let counts = counts_on(&events, &by_person, day, rule.window_days, rule.min_events);
        write_rows(&mut csv, &events, &counts, day, pop.as_ref());
        last = Some(counts);
    }
    let last = last.unwrap_or_else(|| counts_on(&events, &by_person, as_of, rule.window_days, rule.min_events));
    let mut summary = summary(&rule, &events, &last, as_of, &days, pop.as_ref(), looks_like_nhs_numbers);
    summary.record_headers = records.headers.clone();
    summary.columns = names(records, columns);
    Ok(Cohort { csv, options: table_options(options, &rule, pop.is_some()), summary, exclusions })
}

/// What the report's notes say of a cohort, in sentences.
pub fn notes(s: &CohortSummary) -> Vec<String> {
    let share = |part: u64, whole: u64| if whole > 0 { format!("{:.1}%", 100.0 * part as f64 / whole as f64) } else { "none".into() };
    let mut notes = vec![format!(
        "Built on this device from {} events (one row per event; nothing left it): {} people had an event in the {} days to {}, and {} of them ({}) had at least {} events; they made {} of the {} events in the window. Each person counts under the organisation of their latest event in the window.",
        thousands(s.events as f64),
        thousands(s.people_in_window as f64),
        thousands(f64::from(s.window_days)),
        s.as_of,
        thousands(s.people_in_cohort as f64),
        share(s.people_in_cohort, s.people_in_window),
        s.min_events,
        share(s.events_of_cohort, s.events_in_window),
        thousands(s.events_in_window as f64),
    )];
    if s.looks_like_nhs_numbers {
        notes.push("The person column looks like real NHS numbers (ten digits with a valid check digit). They stayed on this device and appear in no view or download, but an extract with a pseudonymised identifier instead does the same job and is safer to handle.".into());
    }
    notes
}

fn check(rule: &crate::options::CohortOptions, options: &Options) -> Result<()> {
    let refuse = |why: &str| Err(Error::new(ErrorKind::BadOptions, why.to_string()));
    if rule.min_events == 0 {
        return refuse("The cohort's min_events must be at least 1.");
    }
    if rule.window_days == 0 {
        return refuse("The cohort's window_days must be at least 1.");
    }
    if !options.filter.is_empty() {
        return refuse("The filter option cannot be used with a cohort yet: filter the extract before choosing it.");
    }
    Ok(())
}

/// An organisation's population, by code as the join compares them (trimmed, in capitals).
struct Population {
    column: String,
    by_code: rustc_hash::FxHashMap<String, (String, f64)>,
    /// The codes (as compared) in the file's order.
    order: Vec<String>,
}

/// The population file's code and population columns, and each organisation's population.
fn population_of(table: &RawTable, rule: &crate::options::CohortOptions, options: &Options) -> Result<Population> {
    let code_name = options.join.as_ref().and_then(|j| j.first()).and_then(|j| j.code.clone());
    let columns = ColumnOptions { code: code_name, ..ColumnOptions::default() };
    let code = crate::dataset::resolve_columns(table, &columns, None, true)
        .map_err(|e| {
            Error::new(
                e.kind(),
                format!(
                    "The population file: {} Name its code column with the join option, e.g. {{\"join\": [{{\"code\": \"Practice code\"}}]}}.",
                    e.message()
                ),
            )
        })?
        .code;
    let numeric: Vec<usize> = (0..table.headers.len())
        .filter(|&c| c != code)
        .filter(|&c| {
            let cells: Vec<&str> = table.rows().take(50).filter_map(|r| r.cell(c)).filter(|s| !s.trim().is_empty()).collect();
            !cells.is_empty() && cells.iter().all(|s| crate::dataset::parse_count(Some(s)).is_ok())
        })
        .collect();
    let column = match &rule.population {
        Some(name) => table.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
            Error::new(
                ErrorKind::MissingColumn,
                format!("The population column \"{name}\" is not in the population file. Its columns are: {}.", crate::error::list(&table.headers)),
            )
        })?,
        None if numeric.len() == 1 => numeric[0],
        None => {
            let names: Vec<&String> = numeric.iter().map(|&c| &table.headers[c]).collect();
            return Err(Error::new(
                ErrorKind::BadOptions,
                format!(
                    "The file joined to the records has {} numeric columns ({}): name the population, e.g. {{\"cohort\": {{\"population\": \"{}\"}}}}.",
                    names.len(),
                    crate::error::list(&names),
                    names.first().map_or("List size", |n| n.as_str())
                ),
            ));
        }
    };
    let mut by_code = rustc_hash::FxHashMap::default();
    let mut order = Vec::new();
    for row in table.rows() {
        let (Some(c), Some(p)) = (row.cell(code).map(str::trim).filter(|c| !c.is_empty()), crate::dataset::parse_count(row.cell(column)).ok()) else {
            continue;
        };
        if by_code.insert(c.to_ascii_uppercase(), (c.to_string(), p)).is_none() {
            order.push(c.to_ascii_uppercase());
        }
    }
    Ok(Population { column: table.headers[column].clone(), by_code, order })
}

fn iso(day: i64) -> String {
    let (y, m, d) = from_day_number(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A CSV cell: codes may hold commas or quotes.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The columns of the cohort's table.
const ORG: &str = "Organisation";
const DATE: &str = "Date";
const IN_COHORT: &str = "People in the cohort";
const POPULATION: &str = "Population";
const WITH_EVENT: &str = "People with an event";
const COHORT_EVENTS: &str = "Events by the cohort";
const ALL_EVENTS: &str = "Events";

/// One day's rows, one per organisation with an event in the window (and every one with a
/// population): people in the cohort over its population or its people with an event, and the
/// cohort's events over all its events.
fn write_rows(csv: &mut String, events: &Events, counts: &rule::Counts, day: i64, pop: Option<&Population>) {
    let date = iso(day);
    let mut seen = rustc_hash::FxHashSet::default();
    for org in 0..events.orgs.len() {
        let code = &events.orgs[org];
        let key = code.to_ascii_uppercase();
        let population = pop.and_then(|p| p.by_code.get(&key)).map(|(_, n)| *n);
        if counts.people[org] == 0 && population.is_none() {
            continue;
        }
        seen.insert(key);
        let denominator = match (pop, population) {
            (Some(_), Some(n)) => n.to_string(),
            (Some(_), None) => String::new(),
            (None, _) => counts.people[org].to_string(),
        };
        let _ = writeln!(csv, "{},{date},{},{denominator},{},{}", field(code), counts.cohort_people[org], counts.cohort_events[org], counts.events[org]);
    }
    // Organisations in the population file with no event in the window: nobody in the cohort
    // (and no events, so no share of events).
    if let Some(p) = pop {
        for key in p.order.iter().filter(|k| !seen.contains(*k)) {
            let (code, n) = &p.by_code[key];
            let _ = writeln!(csv, "{},{date},0,{n},,", field(code));
        }
    }
}

fn summary(
    rule: &crate::options::CohortOptions,
    events: &Events,
    last: &rule::Counts,
    as_of: i64,
    days: &[i64],
    pop: Option<&Population>,
    nhs: bool,
) -> CohortSummary {
    let from = as_of - i64::from(rule.window_days) + 1;
    let with_event = last.people.iter().filter(|&&p| p > 0).count();
    let with_event_codes: rustc_hash::FxHashSet<String> =
        events.orgs.iter().enumerate().filter(|&(o, _)| last.people[o] > 0).map(|(_, c)| c.to_ascii_uppercase()).collect();
    let without_event = pop.map_or(0, |p| p.order.iter().filter(|k| !with_event_codes.contains(*k)).count());
    CohortSummary {
        rule: format!("at least {} events in the {} days to {}", rule.min_events, thousands(f64::from(rule.window_days)), iso(as_of)),
        min_events: rule.min_events,
        window_days: rule.window_days,
        from: iso(from),
        as_of: iso(as_of),
        events: events.day.len(),
        events_in_window: last.events.iter().sum(),
        people_in_window: last.people.iter().sum(),
        people_in_cohort: last.cohort_people.iter().sum(),
        events_of_cohort: last.cohort_events.iter().sum(),
        organisations: with_event + without_event,
        population: pop.map(|p| p.column.clone()),
        series: days.iter().map(|&d| iso(d)).collect(),
        record_headers: Vec::new(),
        columns: RecordColumns { person: String::new(), date: String::new(), by: String::new() },
        looks_like_nhs_numbers: nhs,
    }
}

/// The options that read the cohort's table: its columns, the two indicators with their names,
/// types and scales, and everything else the user set (peers, pairs, benchmark, SPC).
fn table_options(options: &Options, rule: &crate::options::CohortOptions, with_population: bool) -> Options {
    let mut o = options.clone();
    o.cohort = None;
    o.columns = ColumnOptions {
        code: Some(ORG.into()),
        period: Some(DATE.into()),
        group: options.columns.group.clone(),
        context: options.columns.context.clone(),
        ..ColumnOptions::default()
    };
    let who = format!("People with at least {} events in {} days", rule.min_events, thousands(f64::from(rule.window_days)));
    let (name, kind, multiplier) = if with_population {
        (format!("{who} (per 1,000 population)"), IndicatorType::Rate, 1000.0)
    } else {
        (format!("{who} (share of people with any event)"), IndicatorType::Proportion, 100.0)
    };
    let spec = |id: &str, name: String, (numerator, denominator): (&str, &str), kind: IndicatorType, multiplier: f64| IndicatorSpec {
        id: id.into(),
        name: Some(name),
        numerator: Some(ColumnList::One(numerator.into())),
        denominator: Some(ColumnList::One(denominator.into())),
        complement: false,
        value: None,
        indicator_type: Some(kind),
        // Fewer people needing to come back again and again is better.
        polarity: Some(PolarityOption::LowerIsBetter),
        multiplier: Some(multiplier),
    };
    o.indicators = Some(vec![
        spec(PEOPLE, name, (IN_COHORT, if with_population { POPULATION } else { WITH_EVENT }), kind, multiplier),
        spec(EVENTS, "Events by people in the cohort (share of all events)".into(), (COHORT_EVENTS, ALL_EVENTS), IndicatorType::Proportion, 100.0),
    ]);
    o.period = None;
    o
}
