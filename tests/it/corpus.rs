//! The reader corpus: small files shaped like the exports analysts actually have (listed in
//! `tests/corpus/README.md`), each read through the public API with its options and compared
//! with its expected outcome in `tests/corpus/expected.json`.
//!
//! An entry of `expected.json` gives the `options` (the `Options` of `analyse`, default `{}`) and
//! either `error` (`kind` and `phrases` the message must contain) or the outcome: `columns` (every
//! role the report maps, and no other), `header_row`, `read`, `used`, `excluded` and
//! `partly_used` as `[row, column or null, phrase of the reason]` in report order, `indicators`
//! (names, in order), and optionally `headers`, `sheets`, `sheet`, `warnings` (phrases some
//! warning contains), `warnings_absent`, and `organisations` (code -> name, numerator,
//! denominator, value of the first indicator in the compared period), and `choices` (option
//! path -> value chosen, every choice of the report).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    #[allow(dead_code)]
    about: String,
    files: BTreeMap<String, Expect>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Expect {
    options: Option<Value>,
    error: Option<ExpectError>,
    columns: BTreeMap<String, String>,
    headers: Option<Vec<String>>,
    header_row: Option<u64>,
    read: Option<u64>,
    used: Option<u64>,
    excluded: Option<Vec<(u64, Option<String>, String)>>,
    partly_used: Vec<(u64, Option<String>, String)>,
    indicators: Option<Vec<String>>,
    sheets: Option<Vec<String>>,
    sheet: Option<String>,
    warnings: Vec<String>,
    warnings_absent: Vec<String>,
    organisations: BTreeMap<String, ExpectOrganisation>,
    /// Every choice the report makes, as option path -> value chosen (checked when given).
    choices: Option<BTreeMap<String, Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectError {
    kind: String,
    phrases: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct ExpectOrganisation {
    name: Option<String>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    value: Option<f64>,
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Files that describe the corpus rather than belong to it.
const NOT_CORPUS: [&str; 3] = [".gitattributes", "README.md", "expected.json"];

#[test]
fn every_corpus_file_reads_as_expected() {
    let text = std::fs::read_to_string(corpus_dir().join("expected.json")).expect("tests/corpus/expected.json");
    let corpus: Corpus = serde_json::from_str(&text).unwrap_or_else(|e| panic!("tests/corpus/expected.json: {e}"));
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus")
        .map(|e| e.expect("entry"))
        // Sub-folders (hostile workbooks, mutation seeds) have tests of their own.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !NOT_CORPUS.contains(&name.as_str()))
        .collect();
    let listed: BTreeSet<String> = corpus.files.keys().cloned().collect();
    assert_eq!(on_disk, listed, "every corpus file needs an entry in expected.json, and every entry a file");
    assert!(listed.len() >= 32, "the corpus has {} files", listed.len());

    let failures: Vec<String> = corpus
        .files
        .iter()
        .filter_map(|(file, expect)| check(file, expect).err().map(|problems| format!("{file}:\n    {}", problems.join("\n    "))))
        .collect();
    assert!(failures.is_empty(), "{} of {} corpus files differ from tests/corpus/expected.json:\n{}", failures.len(), listed.len(), failures.join("\n"));
}

/// Read one corpus file as `analyse` and `inspect` do and compare everything `expect` states.
/// Returns every difference found, not just the first.
fn check(file: &str, expect: &Expect) -> Result<(), Vec<String>> {
    let bytes = std::fs::read(corpus_dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut problems = Vec::new();
    if bytes.len() > 20_000 {
        problems.push(format!("{} bytes: keep corpus files under 20 KB", bytes.len()));
    }
    let options_json = expect.options.as_ref().map_or_else(|| "{}".to_string(), Value::to_string);
    let options = allteach::Options::from_json(&options_json).unwrap_or_else(|e| panic!("{file}: options {options_json}: {e}"));
    let analysed = allteach::analyse(&bytes, &options);
    let inspected = allteach::analysis::inspect(&bytes, &options);

    if let Some(wanted) = &expect.error {
        match (&analysed, &inspected) {
            (Ok(_), _) => problems.push(format!("expected a {} error, but the file was analysed", wanted.kind)),
            (Err(e), _) => {
                if format!("{:?}", e.kind()) != wanted.kind {
                    problems.push(format!("error kind {:?}, expected {}: {}", e.kind(), wanted.kind, e.message()));
                }
                for phrase in &wanted.phrases {
                    if !e.message().contains(phrase.as_str()) {
                        problems.push(format!("error message lacks {phrase:?}: {}", e.message()));
                    }
                }
                if inspected.as_ref().err().map(|i| i.kind()) != Some(e.kind()) {
                    problems.push("inspect disagrees with analyse about the error".into());
                }
            }
        }
        return if problems.is_empty() { Ok(()) } else { Err(problems) };
    }

    let analysis = match analysed {
        Ok(a) => a,
        Err(e) => {
            problems.push(format!("expected a report, got a {:?} error: {}", e.kind(), e.message()));
            return Err(problems);
        }
    };
    let report: Value = serde_json::from_str(&allteach::report::Report::new(&analysis).to_json()).expect("the report is JSON");
    let mut differ = |what: &str, got: String, wanted: String| {
        if got != wanted {
            problems.push(format!("{what}: got {got}, expected {wanted}"));
        }
    };

    // The mapping: exactly the roles expected, by header.
    let mapped: BTreeMap<String, String> =
        report["columns"].as_object().expect("columns").iter().filter_map(|(role, header)| header.as_str().map(|h| (role.clone(), h.to_string()))).collect();
    differ("columns", format!("{mapped:?}"), format!("{:?}", expect.columns));
    if let Some(headers) = &expect.headers {
        differ("headers", report["headers"].to_string(), serde_json::to_string(headers).unwrap());
    }
    let number = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
    let (read, used) = (number(&report["rows"]["read"]), number(&report["rows"]["used"]));
    let required = |field: Option<u64>, name: &str| field.unwrap_or_else(|| panic!("{file}: expected.json needs {name}"));
    differ("header_row", number(&report["header_row"]).to_string(), required(expect.header_row, "header_row").to_string());
    differ("rows.read", read.to_string(), required(expect.read, "read").to_string());
    differ("rows.used", used.to_string(), required(expect.used, "used").to_string());

    // Every row is accounted for: used, or excluded with its row, column and reason.
    let excluded = report["rows"]["excluded"].as_array().expect("excluded");
    if read != used + excluded.len() as u64 {
        problems.push(format!("rows not accounted for: {read} read, {used} used, {} excluded", excluded.len()));
    }
    let wanted_excluded = expect.excluded.as_ref().unwrap_or_else(|| panic!("{file}: expected.json needs excluded"));
    compare_rows("excluded", excluded, wanted_excluded, &mut problems);
    compare_rows("partly_used", report["rows"]["partly_used"].as_array().expect("partly_used"), &expect.partly_used, &mut problems);

    let names: Vec<&str> = report["indicators"].as_array().expect("indicators").iter().map(|i| i["name"].as_str().unwrap_or("")).collect();
    let wanted_names = expect.indicators.as_ref().unwrap_or_else(|| panic!("{file}: expected.json needs indicators"));
    if names.len() != wanted_names.len() {
        problems.push(format!("{} indicators, expected {}", names.len(), wanted_names.len()));
    }
    if names != *wanted_names {
        problems.push(format!("indicator names {names:?}, expected {wanted_names:?}"));
    }
    if let Some(sheets) = &expect.sheets {
        let got = report["sheets"].to_string();
        if got != serde_json::to_string(sheets).unwrap() {
            problems.push(format!("sheets {got}, expected {sheets:?}"));
        }
    }
    if expect.sheet.as_deref() != report["sheet"].as_str() {
        problems.push(format!("sheet {}, expected {:?}", report["sheet"], expect.sheet));
    }

    let warnings: Vec<&str> = report["warnings"].as_array().expect("warnings").iter().filter_map(Value::as_str).collect();
    for phrase in &expect.warnings {
        if !warnings.iter().any(|w| w.contains(phrase.as_str())) {
            problems.push(format!("no warning contains {phrase:?}; warnings: {warnings:?}"));
        }
    }
    for phrase in &expect.warnings_absent {
        if let Some(w) = warnings.iter().find(|w| w.contains(phrase.as_str())) {
            problems.push(format!("unexpected warning containing {phrase:?}: {w:?}"));
        }
    }

    if let Some(wanted) = &expect.choices {
        let got: BTreeMap<String, Value> =
            report["choices"].as_array().expect("choices").iter().map(|c| (c["option"].as_str().unwrap_or("").to_string(), c["chosen"].clone())).collect();
        if got != *wanted {
            problems.push(format!("choices: got {got:?}, expected {wanted:?}"));
        }
    }

    let organisations = report["indicators"][0]["organisations"].as_array().cloned().unwrap_or_default();
    for (code, wanted) in &expect.organisations {
        let Some(o) = organisations.iter().find(|o| o["code"] == code.as_str()) else {
            problems.push(format!("organisation {code} is not in the first indicator"));
            continue;
        };
        if let Some(name) = &wanted.name {
            if o["name"] != name.as_str() {
                problems.push(format!("{code}: name {}, expected {name:?}", o["name"]));
            }
        }
        for (field, value) in [("numerator", wanted.numerator), ("denominator", wanted.denominator), ("value", wanted.value)] {
            if let Some(value) = value {
                let got = o[field].as_f64();
                if got.is_none_or(|g| (g - value).abs() > 1e-9 * value.abs().max(1.0)) {
                    problems.push(format!("{code}: {field} {}, expected {value}", o[field]));
                }
            }
        }
    }

    // The quick inspection must tell the same story as the full analysis.
    match inspected {
        Ok(i) => {
            let summary = (i.header_row as u64, i.rows_read as u64, i.rows_used as u64, i.rows_excluded, i.indicators.len());
            let from_report = (number(&report["header_row"]), read, used, excluded.len(), names.len());
            if summary != from_report {
                problems.push(format!("inspect gives (header row, read, used, excluded, indicators) {summary:?}, the report {from_report:?}"));
            }
        }
        Err(e) => problems.push(format!("inspect failed where analyse did not: {}", e.message())),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Compare a report's list of left-out rows with the expected `[row, column, phrase]` entries.
fn compare_rows(what: &str, got: &[Value], wanted: &[(u64, Option<String>, String)], problems: &mut Vec<String>) {
    let shown = |e: &Value| format!("[{}, {}, {}]", e["row"], e["column"], e["reason"]);
    if got.len() != wanted.len() {
        problems.push(format!("{} {what} rows, expected {}: {}", got.len(), wanted.len(), got.iter().map(shown).collect::<Vec<_>>().join(", ")));
    }
    for (e, (row, column, phrase)) in got.iter().zip(wanted) {
        let reason = e["reason"].as_str().unwrap_or("");
        if e["row"].as_u64() != Some(*row) || e["column"].as_str() != column.as_deref() || !reason.contains(phrase.as_str()) {
            problems.push(format!("{what}: got {}, expected [{row}, {column:?}, reason containing {phrase:?}]", shown(e)));
        }
    }
}
