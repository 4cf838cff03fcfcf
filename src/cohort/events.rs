//! The events of a record file: which columns hold the person, the date and the organisation,
//! and each row read into numbers (a person's index, a day, an organisation's index). The
//! person's identifier is only ever used to tell people apart: it is not kept as text.

use rustc_hash::FxHashMap as HashMap;

use crate::dataset::period::{day_number, period_key};
use crate::dataset::Exclusion;
use crate::error::{Error, ErrorKind, Result};
use crate::options::CohortOptions;
use crate::table::RawTable;

/// The columns of a record file the cohort is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub person: usize,
    pub date: usize,
    pub by: usize,
}

/// Every event read, as parallel columns.
#[derive(Debug, Default)]
pub struct Events {
    pub person: Vec<u32>,
    pub day: Vec<i64>,
    /// Minutes past midnight when the date has a time (else 0): orders a person's events on one day.
    pub minute: Vec<u32>,
    pub org: Vec<u32>,
    /// The organisations' codes as written (first spelling seen), by index.
    pub orgs: Vec<String>,
    pub people: usize,
}

/// Header words that say what a column is, most telling first.
const PERSON_WORDS: [&str; 9] = ["pseudo", "person", "patient", "nhs number", "nhs_number", "client", "individual", "service user", "id"];
const DATE_WORDS: [&str; 6] = ["date", "time", "arrival", "attend", "admission", "when"];
const BY_WORDS: [&str; 10] = ["practice", "gp", "pcn", "site", "organisation", "organization", "provider", "trust", "org", "code"];

/// The person, date and organisation columns: named in the options, or found by their headers
/// (the date column must also hold dates).
pub fn columns(table: &RawTable, cohort: &CohortOptions) -> Result<Columns> {
    let named = |name: &Option<String>, role: &str| -> Result<Option<usize>> {
        let Some(name) = name else { return Ok(None) };
        find(table, name).map(Some).ok_or_else(|| {
            Error::new(
                ErrorKind::MissingColumn,
                format!("The cohort's {role} column \"{name}\" is not in the file. Its columns are: {}.", crate::error::list(&table.headers)),
            )
        })
    };
    let date = named(&cohort.date, "date")?.or_else(|| by_words(table, &DATE_WORDS, &[], |c| holds_dates(table, c)));
    let Some(date) = date else { return Err(unfound("date", "the date (or date and time) of each event", "Arrival date")) };
    let person = named(&cohort.person, "person")?.or_else(|| by_words(table, &PERSON_WORDS, &[date], |c| identifies_someone(&table.headers[c])));
    let Some(person) = person else { return Err(unfound("person", "the (pseudonymised) person each event belongs to", "Patient ID")) };
    let by = named(&cohort.by, "organisation")?.or_else(|| by_words(table, &BY_WORDS, &[date, person], |_| true));
    let Some(by) = by else { return Err(unfound("by", "the organisation each person is counted under (e.g. their practice)", "Practice code")) };
    Ok(Columns { person, date, by })
}

/// Whether a header names an identifier of a person ("Pseudo ID", "Patient ID", "NHS number"),
/// not a count of people ("Number of registered patients", "No. beds occupied by patients").
fn identifies_someone(header: &str) -> bool {
    let lower = header.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if lower.starts_with("number of") || words.first() == Some(&"no") || ["count", "total", "beds", "rate", "per"].iter().any(|w| words.contains(w)) {
        return false;
    }
    let names_a_person = ["person", "patient", "client", "individual", "user"].iter().any(|w| words.contains(w));
    let an_identifier = ["id", "identifier", "number", "no", "key", "ref", "token", "pseudonym"].iter().any(|w| words.contains(w));
    lower.contains("pseudo")
        || lower.contains("nhs number")
        || lower.contains("nhs_number")
        || (names_a_person && an_identifier)
        || (!names_a_person && words.contains(&"id"))
}

fn unfound(option: &str, what: &str, example: &str) -> Error {
    Error::new(
        ErrorKind::MissingColumn,
        format!("Allteach could not tell which column holds {what}. Name it with the cohort option, e.g. {{\"cohort\": {{\"{option}\": \"{example}\"}}}}."),
    )
}

fn find(table: &RawTable, name: &str) -> Option<usize> {
    table.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
}

/// The first column (not in `taken`) whose header holds the most telling word, and passes `also`.
fn by_words(table: &RawTable, words: &[&str], taken: &[usize], also: impl Fn(usize) -> bool) -> Option<usize> {
    let lower: Vec<String> = table.headers.iter().map(|h| h.to_lowercase()).collect();
    words.iter().find_map(|w| {
        (0..lower.len()).find(|&c| {
            !taken.contains(&c)
                && (if *w == "id" { lower[c].split(|ch: char| !ch.is_alphanumeric()).any(|part| part == "id") } else { lower[c].contains(w) })
                && also(c)
        })
    })
}

/// Whether most of a column's first cells are dates.
fn holds_dates(table: &RawTable, column: usize) -> bool {
    let cells: Vec<&str> = table.rows().take(50).filter_map(|r| r.cell(column)).filter(|c| !c.trim().is_empty()).collect();
    !cells.is_empty() && cells.iter().filter(|c| event_day(c).is_some()).count() * 5 >= cells.len() * 4
}

/// The day of an event written as a date or a date and time (2025-03-01, 2025-03-01 14:22,
/// 01/03/2025): days since the calendar's origin, or `None` if it is not a whole date.
pub fn event_day(text: &str) -> Option<i64> {
    let key = period_key(text)?;
    let (y, m, d) = (key / 10_000, (key / 100) % 100, key % 100);
    (m >= 1 && d >= 1).then(|| day_number((y, m, d)))
}

/// The time of day after a date ("2025-03-01 14:22", "2025-03-01T14:22:05"), in minutes.
pub fn time_of_day(text: &str) -> u32 {
    let Some((_, time)) = text.trim().split_once([' ', 'T']) else { return 0 };
    let mut parts = time.trim().split(':').map(|p| p.trim().parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(h), Some(m)) if h < 24 && m < 60 => h * 60 + m,
        _ => 0,
    }
}

/// Every row as an event; a row without a person, a readable date or an organisation is left out
/// with the reason (the person's identifier is never quoted).
pub fn read(table: &RawTable, columns: Columns) -> (Events, Vec<Exclusion>) {
    let mut events = Events::default();
    let mut exclusions = Vec::new();
    let mut people: HashMap<&str, u32> = HashMap::default();
    let mut orgs: HashMap<String, u32> = HashMap::default();
    let header = |c: usize| Some(table.headers[c].clone());
    for row in table.rows() {
        if row.is_blank() {
            continue;
        }
        let cell = |c: usize| row.cell(c).map(str::trim).filter(|s| !s.is_empty());
        let (Some(person), Some(org)) = (cell(columns.person), cell(columns.by)) else {
            let column = if cell(columns.person).is_none() { columns.person } else { columns.by };
            exclusions.push(Exclusion {
                row: row.row,
                column: header(column),
                reason: "This event has no value here, so it cannot be counted: fill it in or remove the row.".into(),
            });
            continue;
        };
        let Some(day) = cell(columns.date).and_then(event_day) else {
            exclusions.push(Exclusion {
                row: row.row,
                column: header(columns.date),
                reason: format!(
                    "\"{}\" is not a date Allteach can read (use e.g. 2025-03-01 or 01/03/2025), so this event cannot be placed in time.",
                    cell(columns.date).unwrap_or("")
                ),
            });
            continue;
        };
        let next = people.len() as u32;
        events.person.push(*people.entry(person).or_insert(next));
        let next = orgs.len() as u32;
        let key = org.to_ascii_uppercase();
        let index = *orgs.entry(key).or_insert_with(|| {
            events.orgs.push(org.to_string());
            next
        });
        events.org.push(index);
        events.day.push(day);
        events.minute.push(cell(columns.date).map_or(0, time_of_day));
    }
    events.people = people.len();
    (events, exclusions)
}
