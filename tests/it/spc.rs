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
