//! Wilson score intervals against PHEindicatormethods' `phe_proportion` fixtures.

use allteach::stats::{wilson::wilson, Confidence};

use crate::support::{analyse_text, assert_relative, csv_rows, num};

const TOLERANCE: f64 = 1e-8; // tests/fixtures/reference/README.md

#[test]
fn wilson_matches_phe_proportion_fixture_at_both_levels() {
    let rows = csv_rows("reference/phe_fixture_proportion.csv");
    let mut checked = 0;
    for row in &rows {
        let (Some(x), Some(n)) = (num(row, "Numerator"), num(row, "Denominator")) else { continue };
        let m = num(row, "multiplier").expect("multiplier");
        let area = &row["Area"];
        let ci95 = wilson(x, n, Confidence::c95()).scaled(m);
        let ci998 = wilson(x, n, Confidence::c998()).scaled(m);
        assert_relative(x / n * m, num(row, "value").unwrap(), TOLERANCE, &format!("{area} value"));
        assert_relative(ci95.lower, num(row, "lower95_0cl").unwrap(), TOLERANCE, &format!("{area} lower 95"));
        assert_relative(ci95.upper, num(row, "upper95_0cl").unwrap(), TOLERANCE, &format!("{area} upper 95"));
        assert_relative(ci998.lower, num(row, "lower99_8cl").unwrap(), TOLERANCE, &format!("{area} lower 99.8"));
        assert_relative(ci998.upper, num(row, "upper99_8cl").unwrap(), TOLERANCE, &format!("{area} upper 99.8"));
        checked += 1;
    }
    assert_eq!(checked, 16, "rows with both inputs in phe_fixture_proportion.csv");
}

#[test]
fn grouped_fixture_is_wilson_of_summed_counts() {
    // phe_fixture_proportion_grouped.csv holds sums by area, at 95 % only.
    let rows = csv_rows("reference/phe_fixture_proportion_grouped.csv");
    let mut checked = 0;
    for row in &rows {
        let (Some(x), Some(n)) = (num(row, "Numerator"), num(row, "Denominator")) else { continue };
        let m = num(row, "multiplier").unwrap();
        assert_eq!(row["confidence"], "95%");
        let ci = wilson(x, n, Confidence::c95()).scaled(m);
        assert_relative(ci.lower, num(row, "lowercl").unwrap(), TOLERANCE, &row["Area"]);
        assert_relative(ci.upper, num(row, "uppercl").unwrap(), TOLERANCE, &row["Area"]);
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} grouped rows checked");
}

#[test]
fn the_whole_pipeline_reproduces_the_fixture_and_accounts_for_every_row() {
    // The fixture file itself, dropped on the widget as a CSV at multiplier 1. It lists Area1-8
    // twice (a fraction block, then a percentage block) and Area09-11 with missing inputs.
    // Expected: the first block is analysed and matches PHE; the second block is reported as
    // duplicates (never merged); Area09-11 are excluded with a reason (PHE gives NA), not zeroed.
    let rows = csv_rows("reference/phe_fixture_proportion.csv");
    let text = std::fs::read_to_string(crate::support::fixture_path("reference/phe_fixture_proportion.csv")).unwrap();
    let report = analyse_text(&text, r#"{"columns":{"code":"Area","numerator":"Numerator","denominator":"Denominator"},"multiplier":1}"#).unwrap();
    assert_eq!(report["rows"]["read"], 19);
    assert_eq!(report["rows"]["used"], 8);
    let excluded = report["rows"]["excluded"].as_array().unwrap();
    let excluded_rows: Vec<u64> = excluded.iter().map(|e| e["row"].as_u64().unwrap()).collect();
    assert_eq!(excluded_rows, (10..=20).collect::<Vec<u64>>(), "spreadsheet rows (the header is row 1)");
    assert!(excluded[0]["reason"].as_str().unwrap().contains("first on row 2"), "{}", excluded[0]);
    assert_eq!(excluded[8]["column"], "Numerator");
    assert!(excluded[8]["reason"].as_str().unwrap().contains("not counted as zero"));

    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    for (org, row) in orgs.iter().zip(&rows) {
        assert_eq!(org["code"], row["Area"].as_str());
        assert_relative(org["ci95"][0].as_f64().unwrap(), num(row, "lower95_0cl").unwrap(), TOLERANCE, &row["Area"]);
        assert_relative(org["ci998"][1].as_f64().unwrap(), num(row, "upper99_8cl").unwrap(), TOLERANCE, &row["Area"]);
    }
}
