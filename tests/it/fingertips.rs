//! Fingertips exports as they come: recognised without settings, the area type picked by a
//! filter, England as the benchmark, and Fingertips' published intervals reproduced.

use crate::support::{analyse_text, assert_relative, csv_rows, num};

fn export(name: &str) -> String {
    std::fs::read_to_string(crate::support::fixture_path(&format!("fingertips/{name}"))).unwrap()
}

#[test]
fn a_fingertips_export_is_recognised_and_england_is_the_benchmark() {
    let report = analyse_text(
        &export("fingertips_247_dementia_qof_prevalence.csv"),
        r#"{"filter":{"Area Type":"GPs"},"benchmark":{"code":"E92000001"},"polarity":"no_judgement"}"#,
    )
    .unwrap();
    let c = &report["columns"];
    assert_eq!((c["code"].as_str(), c["indicator"].as_str(), c["period"].as_str()), (Some("Area Code"), Some("Indicator ID"), Some("Time period")));
    assert_eq!((c["numerator"].as_str(), c["denominator"].as_str()), (Some("Count"), Some("Denominator")));
    let ind = &report["indicators"][0];
    assert_eq!(ind["name"], "Dementia: QOF prevalence (all ages)");
    assert_eq!(ind["benchmark"]["method"], "organisation");
    // England's own 2022/23 row: value in the export, on the percent scale.
    let england = csv_rows("fingertips/fingertips_247_dementia_qof_prevalence.csv")
        .into_iter()
        .find(|r| r["Area Code"] == "E92000001" && r["Time period"] == "2022/23")
        .unwrap();
    assert_relative(ind["benchmark"]["value"].as_f64().unwrap(), num(&england, "Value").unwrap(), 1e-9, "England 2022/23");
    assert_eq!(ind["organisations"].as_array().unwrap().len(), 14);
    let rows = &report["rows"];
    assert_eq!(rows["read"].as_u64().unwrap(), rows["used"].as_u64().unwrap() + rows["excluded"].as_array().unwrap().len() as u64);
}

#[test]
fn our_intervals_match_the_ones_fingertips_published() {
    // Fingertips computed these with z = 1.96 and 3.0902 (older outputs), so agreement is to
    // about 1e-5 relative rather than 1e-8 (tests/fixtures/reference/README.md).
    let report = analyse_text(&export("fingertips_247_dementia_qof_prevalence.csv"), r#"{"filter":{"Area Type":"GPs"},"period":"2019/20"}"#).unwrap();
    let published = csv_rows("fingertips/fingertips_247_dementia_qof_prevalence.csv");
    let mut checked = 0;
    for org in report["indicators"][0]["organisations"].as_array().unwrap() {
        let row = published.iter().find(|r| r["Area Code"] == org["code"].as_str().unwrap() && r["Time period"] == "2019/20").unwrap();
        let (Some(lower), Some(upper)) = (num(row, "Lower CI 95.0 limit"), num(row, "Upper CI 95.0 limit")) else { continue };
        assert_relative(org["value"].as_f64().unwrap(), num(row, "Value").unwrap(), 1e-9, &row["Area Code"]);
        assert_relative(org["ci95"][0].as_f64().unwrap(), lower, 1e-4, &format!("{} lower", row["Area Code"]));
        assert_relative(org["ci95"][1].as_f64().unwrap(), upper, 1e-4, &format!("{} upper", row["Area Code"]));
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn breakdowns_are_reported_not_mistaken_for_duplicates() {
    let report =
        analyse_text(&export("fingertips_200_learning_disability_qof_prevalence.csv"), r#"{"filter":{"Area Type":"GPs"},"benchmark":{"code":"E92000001"}}"#)
            .unwrap();
    let excluded = report["rows"]["excluded"].as_array().unwrap();
    let reason = |e: &serde_json::Value| e["reason"].as_str().unwrap().to_string();
    let breakdowns = excluded.iter().filter(|e| reason(e).starts_with("A breakdown by")).count();
    assert!(breakdowns > 100, "{breakdowns}");
    // The export also repeats some England rows word for word (once with England as its own
    // parent): those are reported as duplicates, the only ones.
    let duplicates: Vec<String> = excluded.iter().map(reason).filter(|r| r.contains("appears again")).collect();
    assert!(duplicates.iter().all(|r| r.contains("\"E92000001\"")), "{:?}", duplicates.first());
    assert!(report["indicators"][0]["benchmark"]["value"].is_number());
}
