//! Proportion funnels against PHEindicatormethods' `calculate_funnel_limits` and
//! `assign_funnel_significance` fixtures.

use allteach::stats::funnel::{phe_populations, proportion_limits, FunnelPosition};
use allteach::stats::{wilson::wilson, Confidence};

use crate::support::{analyse_text, assert_absolute, csv_rows, fixture_path, num};

const LIMIT_TOLERANCE: f64 = 1e-6; // stored to 6 dp on the % scale

fn inputs(max_denominator: Option<f64>) -> Vec<(String, f64, f64, String)> {
    csv_rows("reference/phe_fixture_funnel_prop_inputs.csv")
        .into_iter()
        .map(|r| (r["Area"].clone(), num(&r, "numerator").unwrap(), num(&r, "denominator").unwrap(), r["significance"].clone()))
        .filter(|(_, _, n, _)| max_denominator.is_none_or(|m| *n < m))
        .collect()
}

fn check_limits(inputs: &[(String, f64, f64, String)], outputs: &str) {
    let x: f64 = inputs.iter().map(|r| r.1).sum();
    let n: f64 = inputs.iter().map(|r| r.2).sum();
    let pooled = x / n;
    let min = inputs.iter().map(|r| r.2).fold(f64::INFINITY, f64::min);
    let max = inputs.iter().map(|r| r.2).fold(0.0, f64::max);
    let expected = csv_rows(outputs);
    let populations = phe_populations(min, max);
    assert_eq!(populations.len(), expected.len(), "{outputs}: number of funnel points");
    for (population, row) in populations.iter().zip(&expected) {
        let context = format!("{outputs} population {}", row["Population"]);
        assert_eq!(*population, num(row, "Population").unwrap(), "{context}");
        assert_absolute(pooled * 100.0, num(row, "baseline").unwrap(), LIMIT_TOLERANCE, &context);
        let l95 = proportion_limits(pooled, *population, Confidence::c95());
        let l998 = proportion_limits(pooled, *population, Confidence::c998());
        // PHE clips the drawn limits to [0, 100].
        let clip = |v: f64| (v * 100.0).clamp(0.0, 100.0);
        assert_absolute(clip(l95.lower), num(row, "lower_2s_limit").unwrap(), LIMIT_TOLERANCE, &format!("{context} lower 95"));
        assert_absolute(clip(l95.upper), num(row, "upper_2s_limit").unwrap(), LIMIT_TOLERANCE, &format!("{context} upper 95"));
        assert_absolute(clip(l998.lower), num(row, "lower_3s_limit").unwrap(), LIMIT_TOLERANCE, &format!("{context} lower 99.8"));
        assert_absolute(clip(l998.upper), num(row, "upper_3s_limit").unwrap(), LIMIT_TOLERANCE, &format!("{context} upper 99.8"));
    }
}

#[test]
fn funnel_limits_match_phe_on_all_inputs() {
    check_limits(&inputs(None), "reference/phe_fixture_funnel_prop_outputs.csv");
}

#[test]
fn funnel_limits_match_phe_when_the_axis_does_not_start_at_zero() {
    check_limits(&inputs(Some(31000.0)), "reference/phe_fixture_funnel_prop_outputs_denominator_lt_31000.csv");
}

#[test]
fn funnel_significance_matches_phe_and_agrees_with_the_comparison() {
    let rows = inputs(None);
    let x: f64 = rows.iter().map(|r| r.1).sum();
    let n: f64 = rows.iter().map(|r| r.2).sum();
    let pooled = x / n;
    for (area, x, n, expected) in &rows {
        let p = x / n;
        // PHE's own test against the limits at this organisation's denominator...
        let by_limits = FunnelPosition::from_limits(p, proportion_limits(pooled, *n, Confidence::c95()), proportion_limits(pooled, *n, Confidence::c998()));
        // ...and the statement the comparison table makes: the interval excludes the benchmark.
        let by_intervals = FunnelPosition::from_intervals(p, wilson(*x, *n, Confidence::c95()), wilson(*x, *n, Confidence::c998()), pooled);
        assert_eq!(by_limits.phe_label(), expected, "{area} by limits");
        assert_eq!(by_intervals.phe_label(), expected, "{area} by intervals");
    }
    assert_eq!(rows.len(), 303);
}

#[test]
fn the_report_carries_phe_funnel_positions() {
    let text = std::fs::read_to_string(fixture_path("reference/phe_fixture_funnel_prop_inputs.csv")).unwrap();
    let report = analyse_text(&text, r#"{"columns":{"code":"Area"},"polarity":"higher_is_better"}"#).unwrap();
    let expected = inputs(None);
    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    assert_eq!(orgs.len(), expected.len());
    for (org, (area, _, _, label)) in orgs.iter().zip(&expected) {
        let key = match label.as_str() {
            "High (0.001)" => "high_998",
            "High (0.025)" => "high_95",
            "Not significant" => "not_significant",
            "Low (0.025)" => "low_95",
            "Low (0.001)" => "low_998",
            other => panic!("label {other}"),
        };
        assert_eq!(org["funnel"], key, "{area}");
        // Higher is better: high at 99.8 % is better at both levels, and so on.
        let (c95, c998) = match key {
            "high_998" => ("better", "better"),
            "high_95" => ("better", "similar"),
            "not_significant" => ("similar", "similar"),
            "low_95" => ("worse", "similar"),
            _ => ("worse", "worse"),
        };
        assert_eq!((org["comparison"].as_str().unwrap(), org["comparison998"].as_str().unwrap()), (c95, c998), "{area}");
    }
}
