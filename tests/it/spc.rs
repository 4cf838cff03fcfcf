//! XmR against NHSRplotthedots 0.2.2 on its own test series and vignette examples
//! (spc_xmr_inputs.csv, spc_xmr_runs.csv, spc_xmr_expected_points.csv, spc_xmr_expected_summary.csv).

use allteach::spc::{xmr, Direction, XmrOptions};

use crate::support::{assert_relative, csv_rows, num};

const TOLERANCE: f64 = 1e-12;

#[test]
fn every_reference_run_reproduces_its_limits_flags_and_point_types() {
    let inputs = csv_rows("reference/spc_xmr_inputs.csv");
    let expected_points = csv_rows("reference/spc_xmr_expected_points.csv");
    let summaries = csv_rows("reference/spc_xmr_expected_summary.csv");
    let runs = csv_rows("reference/spc_xmr_runs.csv");
    assert_eq!(runs.len(), 6);
    for run in &runs {
        let id = &run["run_id"];
        let mut series: Vec<(&str, f64)> =
            inputs.iter().filter(|r| r["series_id"] == run["series_id"]).map(|r| (r["date"].as_str(), num(r, "value").unwrap())).collect();
        series.sort_by(|a, b| a.0.cmp(b.0));
        let values: Vec<f64> = series.iter().map(|s| s.1).collect();
        let options = XmrOptions {
            screen_outliers: run["screen_outliers"] == "TRUE",
            direction: match run["improvement_direction"].as_str() {
                "increase" => Direction::Increase,
                "decrease" => Direction::Decrease,
                _ => Direction::Neutral,
            },
            ..XmrOptions::default()
        };
        let result = xmr(&values, &options);
        let expected: Vec<_> = expected_points.iter().filter(|p| &p["run_id"] == id).collect();
        assert_eq!(result.points.len(), expected.len(), "{id}");
        for (p, e) in result.points.iter().zip(&expected) {
            let at = format!("{id} {}", e["date"]);
            assert_relative(p.mean, num(e, "mean").unwrap(), TOLERANCE, &format!("{at} mean"));
            assert_relative(p.lpl, num(e, "lpl").unwrap(), TOLERANCE, &format!("{at} lpl"));
            assert_relative(p.upl, num(e, "upl").unwrap(), TOLERANCE, &format!("{at} upl"));
            assert_relative(p.mean_moving_range, num(e, "mean_moving_range").unwrap(), TOLERANCE, &format!("{at} amr"));
            assert_eq!(p.outside_limits, e["outside_limits"] == "TRUE", "{at} outside");
            assert_eq!(p.relative_to_mean as f64, num(e, "relative_to_mean").unwrap(), "{at} relative");
            assert_eq!(p.close_to_limits, e["close_to_limits"] == "TRUE", "{at} close");
            assert_eq!(p.rule.label(), e["special_cause_type"], "{at} rule");
            assert_eq!(p.point_type.as_str(), e["point_type"], "{at} point type");
        }
        let s = summaries.iter().find(|s| &s["run_id"] == id).unwrap();
        let g = &result.groups[0];
        assert_relative(g.mean, num(s, "mean_col").unwrap(), TOLERANCE, &format!("{id} summary mean"));
        assert_eq!(g.variation.as_str(), s["variation_type_last_point"], "{id} variation");
        let count = |t: &str| result.points.iter().filter(|p| p.point_type.as_str() == t).count() as f64;
        assert_eq!(count("common_cause"), num(s, "common_cause").unwrap(), "{id}");
        assert_eq!(count("special_cause_improvement"), num(s, "special_cause_improvement").unwrap(), "{id}");
        assert_eq!(count("special_cause_concern"), num(s, "special_cause_concern").unwrap(), "{id}");
    }
}

fn monthly() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv")).unwrap()
}

#[test]
fn a_monthly_trust_file_gives_every_trust_an_xmr_chart() {
    let report = crate::support::analyse_text(&monthly(), r#"{"polarity":"higher_is_better"}"#).unwrap();
    assert_eq!(report["columns"]["period"], "Month");
    let ind = &report["indicators"][0];
    let over = &ind["over_time"];
    assert_eq!(over["period"], "2026-06", "the latest month is compared");
    assert_eq!(over["periods"], 63);
    let orgs = ind["organisations"].as_array().unwrap();
    assert_eq!(orgs.len(), 120);
    let r0a = orgs.iter().find(|o| o["code"] == "R0A").unwrap();
    let points = r0a["spc"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 63);
    assert_eq!(points[0]["period"], "2021-04");
    // Every point's value is the trust's own 4-hour performance that month, in percent.
    let text = monthly();
    let first_row = text.lines().find(|l| l.contains(",R0A,")).unwrap();
    // The last two cells: Type 1 attendances, then seen within 4 hours.
    let last_two: Vec<f64> = first_row.rsplit(',').take(2).map(|v| v.parse().unwrap()).collect();
    assert_relative(points[0]["value"].as_f64().unwrap(), 100.0 * last_two[0] / last_two[1], 1e-12, "R0A April 2021");
    // The improving list is exactly the trusts whose latest point is special-cause improvement.
    let improving: Vec<&str> = over["improving"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    let expected: Vec<&str> = orgs
        .iter()
        .filter(|o| o["spc"]["points"].as_array().unwrap().last().unwrap()["point_type"] == "special_cause_improvement")
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert_eq!(improving, expected);
    assert!(!improving.is_empty());
    assert!(over["most_improved"].as_array().unwrap().len() <= 10);
}

#[test]
fn rebasing_at_the_methodology_break_and_a_target() {
    let report =
        crate::support::analyse_text(&monthly(), r#"{"polarity":"higher_is_better","spc":{"rebase":["2025-11"],"target":78,"screen_outliers":false}}"#)
            .unwrap();
    let org = &report["indicators"][0]["organisations"][0];
    let points = org["spc"]["points"].as_array().unwrap();
    let at = points.iter().position(|p| p["period"] == "2025-11").unwrap();
    assert_ne!(points[at - 1]["mean"], points[at]["mean"], "new limits start at the rebase");
    assert!(org["spc"]["assurance"].is_string());
    assert_eq!(org["spc"]["short"], true, "8 months since the rebase: trial limits");
}

#[test]
fn recent_improvers_can_teach() {
    let report =
        crate::support::analyse_text(&monthly(), r#"{"polarity":"higher_is_better","peers":{"within":"Region"},"pairing":{"teachers":"both"}}"#).unwrap();
    let pairs = report["pairings"].as_array().unwrap();
    assert!(pairs.iter().any(|p| p["reasons"].as_array().unwrap().iter().any(|r| r.as_str().unwrap().contains("improved recently"))), "{}", pairs.len());
    let bad = crate::support::analyse_text(&monthly(), r#"{"peers":{"within":"Region"},"pairing":{"teachers":"sometimes"}}"#);
    let message = bad.unwrap_err().message().to_string();
    assert!(message.contains("`sometimes`") && message.contains("`better`, `improving`, `both`"), "{message}");
}
