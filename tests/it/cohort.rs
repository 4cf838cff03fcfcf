//! Cohorts from record-level data (`options.cohort`): on the seeded synthetic A&E extract
//! (`examples/cohort_extract.rs`), every organisation's numerator and denominator for several
//! rules, computed again here from the generated attendances; and no person's identifier in
//! anything that leaves the analysis.

#[path = "../../examples/cohort_extract.rs"]
#[allow(dead_code)]
mod extract;

use std::collections::{BTreeMap, HashMap};

use allteach::analysis::{analyse_files, Analysis};
use allteach::dataset::period::day_number;

fn extract(people: u32) -> (Vec<extract::Attendance>, Vec<(String, u32)>, String, String) {
    let (rows, lists) = extract::generate(11, people, 12);
    let (records, sizes) = extract::csv(&rows, &lists);
    (rows, lists, records, sizes)
}

fn run(files: &[&[u8]], options: &str) -> Analysis {
    analyse_files(files, &allteach::Options::from_json(options).expect("options")).unwrap_or_else(|e| panic!("{}", e.message()))
}

/// Per practice: (people in the cohort, people with an event, cohort events, events), by the rule
/// worked out directly from the attendances.
fn expected(rows: &[extract::Attendance], lists: &[(String, u32)], as_of: i64, window: i64, min: usize) -> BTreeMap<String, (u64, u64, u64, u64)> {
    let from = as_of - window + 1;
    let mut by_person: HashMap<u32, Vec<(i64, u32, usize, usize)>> = HashMap::new();
    for (i, &(person, day, minute, practice)) in rows.iter().enumerate() {
        by_person.entry(person).or_default().push((day, minute, i, practice));
    }
    let mut out: BTreeMap<String, (u64, u64, u64, u64)> = BTreeMap::new();
    for events in by_person.values() {
        let mut inside: Vec<&(i64, u32, usize, usize)> = events.iter().filter(|e| e.0 >= from && e.0 <= as_of).collect();
        if inside.is_empty() {
            continue;
        }
        // The latest event: by day, then by time of day.
        inside.sort_by_key(|e| (e.0, e.1));
        let practice = &lists[inside[inside.len() - 1].3].0;
        let n = inside.len() as u64;
        let entry = out.entry(practice.clone()).or_default();
        entry.1 += 1;
        entry.3 += n;
        if inside.len() >= min {
            entry.0 += 1;
            entry.2 += n;
        }
    }
    out
}

/// Each organisation's (numerator, denominator) on one indicator, at the period compared.
fn got(a: &Analysis, id: &str) -> BTreeMap<String, (f64, f64)> {
    let ind = a.indicators.iter().find(|i| i.id == id).expect("indicator");
    ind.organisations.iter().map(|o| (a.code(o).to_string(), (o.numerator.unwrap_or(f64::NAN), o.denominator.unwrap_or(f64::NAN)))).collect()
}

/// Whether a person has two events at the same minute at different practices: where only the
/// file's order could decide which is the latest.
fn ambiguous(rows: &[extract::Attendance]) -> bool {
    let mut seen: HashMap<(u32, i64, u32), usize> = HashMap::new();
    rows.iter().any(|&(person, day, minute, practice)| seen.insert((person, day, minute), practice).is_some_and(|p| p != practice))
}

#[test]
fn every_rule_gives_the_counts_worked_out_from_the_attendances() {
    let (rows, lists, records, sizes) = extract(6_000);
    let start = day_number(extract::FIRST_DAY);
    let last_day = rows.iter().map(|r| r.1).max().unwrap();
    let rules = [(5, 365, None), (20, 365, None), (10, 365, None), (5, 365, Some("2025-12-31")), (3, 90, Some("2025-06-30"))];
    for (min, window, as_of) in rules {
        let as_of_offset = as_of.map_or(last_day, |d: &str| allteach::cohort::events::event_day(d).unwrap() - start);
        assert!(!ambiguous(&rows), "the check needs each person's latest practice to be clear");
        let expect = expected(&rows, &lists, as_of_offset, window, min as usize);
        let as_of_json = as_of.map_or(String::new(), |d| format!(r#","as_of":"{d}""#));
        // Over the population (the list sizes file joined), and over the people with an event.
        let with_lists = run(&[records.as_bytes(), sizes.as_bytes()], &format!(r#"{{"cohort":{{"min_events":{min},"window_days":{window}{as_of_json}}}}}"#));
        let alone = run(&[records.as_bytes()], &format!(r#"{{"cohort":{{"min_events":{min},"window_days":{window}{as_of_json}}}}}"#));
        let people = got(&with_lists, allteach::cohort::PEOPLE);
        let share = got(&alone, allteach::cohort::PEOPLE);
        let events = got(&alone, allteach::cohort::EVENTS);
        for (code, size) in &lists {
            let e = expect.get(code).copied().unwrap_or_default();
            assert_eq!(people[code], (e.0 as f64, f64::from(*size)), "{code}, rule {min} in {window} to {as_of:?}: people over the list size");
            if e.1 > 0 {
                assert_eq!(share[code], (e.0 as f64, e.1 as f64), "{code}: people over people with an event");
                assert_eq!(events[code], (e.2 as f64, e.3 as f64), "{code}: events");
            } else {
                assert!(!share.contains_key(code), "{code} had nobody in the window");
            }
        }
        let summary = with_lists.cohort.as_ref().expect("summary");
        assert_eq!(summary.people_in_cohort, expect.values().map(|e| e.0).sum::<u64>());
        assert_eq!(summary.events_in_window, expect.values().map(|e| e.3).sum::<u64>());
        assert_eq!(with_lists.indicators[0].indicator_type, allteach::options::IndicatorType::Rate);
        assert_eq!(alone.indicators[0].indicator_type, allteach::options::IndicatorType::Proportion);
    }
}

#[test]
fn the_extract_is_skewed_as_reported_and_the_series_is_monthly() {
    let (_, _, records, sizes) = extract(20_000);
    let a = run(&[records.as_bytes(), sizes.as_bytes()], r#"{"cohort":{}}"#);
    let s = a.cohort.as_ref().unwrap();
    let people_share = s.people_in_cohort as f64 / s.people_in_window as f64;
    let event_share = s.events_of_cohort as f64 / s.events_in_window as f64;
    // British Red Cross (2021): fewer than 1 % of people make about 16 % of A&E attendances.
    assert!(people_share < 0.02 && (0.12..0.22).contains(&event_share), "{people_share} of people, {event_share} of events");
    assert_eq!(s.series.len(), 13, "month ends from the first full window to the last day: {:?}", s.series);
    assert_eq!(a.dataset.periods.len(), 13);
    assert!(a.indicators[0].organisations.iter().all(|o| o.spc.is_some()), "each practice has its series over time");
}

/// Every person's identifier in the extract.
fn identifiers(records: &str) -> Vec<String> {
    let mut ids: Vec<String> = records.lines().skip(1).filter_map(|l| l.split(',').next()).map(str::to_string).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn no_person_identifier_leaves_the_analysis() {
    let (_, _, mut records, sizes) = extract(3_000);
    // Rows left out name their row and column, never the person.
    records.push_str("X9999999,not a date,P81000\nX8888888,2025-01-01,\n");
    let a = run(&[records.as_bytes(), sizes.as_bytes()], r#"{"cohort":{},"peers":{"k":3},"columns":{"context":["List size"]}}"#);
    assert_eq!(a.dataset.exclusions.len(), 2);
    let mut out = vec![allteach::report::Report::new(&a).to_json(), serde_json::to_string(&allteach::present::overview_view(&a)).unwrap()];
    for i in 0..a.indicators.len() {
        out.push(serde_json::to_string(&allteach::present::indicator_view(&a, i)).unwrap());
        out.push(serde_json::to_string(&allteach::present::caterpillar_view(&a, i, None, false)).unwrap());
        for k in 0..a.indicators[i].organisations.len() {
            out.push(serde_json::to_string(&allteach::present::spc_view(&a, i, k)).unwrap());
        }
    }
    out.push(serde_json::to_string(&allteach::present::organisations(&a)).unwrap());
    for org in allteach::present::organisations(&a) {
        out.push(serde_json::to_string(&allteach::present::organisation_view(&a, &org.code)).unwrap());
        out.push(allteach::present::learning_pack_html(&a, &org.code).unwrap_or_default());
    }
    out.push(serde_json::to_string(&allteach::present::pairing_view(&a)).unwrap());
    out.push(allteach::present::results_csv(&a, &allteach::present::Suppression { up_to: 0.0 }).text);
    out.push(allteach::present::pairings_csv(&a));
    out.push(allteach::present::roles_csv(&a));
    let everything = out.join("\n");
    for id in identifiers(&records).iter().chain([&"X9999999".to_string(), &"X8888888".to_string()]) {
        assert!(!everything.contains(id.as_str()), "{id} left the analysis");
    }
}

#[test]
fn nhs_numbers_are_noticed_and_not_shown() {
    // Valid NHS numbers (Modulus 11) as the identifiers.
    let valid = ["9434765919", "4010232137", "9434765870"];
    let mut records = String::from("NHS number,Arrival date,Practice code\n");
    for day in 1..=20 {
        for (i, id) in valid.iter().enumerate() {
            records.push_str(&format!("{id},2025-03-{day:02},P8100{i}\n"));
        }
    }
    let a = run(&[records.as_bytes()], r#"{"cohort":{}}"#);
    assert!(a.cohort.as_ref().unwrap().looks_like_nhs_numbers);
    assert!(a.warnings.iter().any(|w| w.contains("NHS numbers")));
    let report = allteach::report::Report::new(&a).to_json();
    assert!(valid.iter().all(|id| !report.contains(id)));
}

#[test]
fn unclear_columns_and_rules_are_asked_for_plainly() {
    let e = analyse_files(&[b"A,B,C\n1,2,3\n".as_slice()], &allteach::Options::from_json(r#"{"cohort":{}}"#).unwrap()).unwrap_err();
    assert!(e.message().contains("\"date\"") && e.message().contains("cohort"), "{}", e.message());
    let records = b"Patient ID,Date,Practice\nA,2025-01-01,P1\n";
    let e = analyse_files(&[records.as_slice()], &allteach::Options::from_json(r#"{"cohort":{"min_events":0}}"#).unwrap()).unwrap_err();
    assert!(e.message().contains("min_events"), "{}", e.message());
    let e = analyse_files(&[records.as_slice()], &allteach::Options::from_json(r#"{"cohort":{"as_of":"soon"}}"#).unwrap()).unwrap_err();
    assert!(e.message().contains("as_of"), "{}", e.message());
    let e = analyse_files(&[records.as_slice()], &allteach::Options::from_json(r#"{"cohort":{"person":"Pseudonym"}}"#).unwrap()).unwrap_err();
    assert!(e.message().contains("Pseudonym") && e.message().contains("Patient ID"), "{}", e.message());
}

#[test]
fn a_record_file_is_offered_a_cohort_and_files_of_counts_are_not() {
    let (_, _, records, sizes) = extract(500);
    let d = allteach::analysis::describe_files(&[records.as_bytes(), sizes.as_bytes()], &Default::default()).unwrap();
    let found = d.records.expect("a record file").columns;
    assert_eq!((found.person.as_str(), found.date.as_str(), found.by.as_str()), ("Pseudo ID", "Arrival date", "Practice code"));
    // The real published files (counts per organisation, some with "patients" in a header).
    let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real");
    let mut checked = 0;
    for entry in std::fs::read_dir(real).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let d = allteach::analysis::describe(&std::fs::read(&path).unwrap(), &Default::default()).unwrap();
            assert!(d.records.is_none(), "{} is not one row per event", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 8, "{checked} real files");
}

#[test]
fn the_committed_extract_is_the_generators_output() {
    // The browser test drops these files; they must be what the generator makes.
    let (rows, lists) = extract::generate(2026, 3_000, 10);
    let (records, sizes) = extract::csv(&rows, &lists);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cohort");
    assert!(
        std::fs::read_to_string(dir.join("attendances.csv")).unwrap() == records,
        "regenerate: cargo run --example cohort_extract -- 3000 tests/fixtures/cohort"
    );
    assert!(std::fs::read_to_string(dir.join("list_sizes.csv")).unwrap() == sizes);
}
