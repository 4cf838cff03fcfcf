//! Over-dispersion against FunnelPlotR v0.6.0 on its README example (medpar, SHMI method):
//! funnelplotr_points.csv and funnelplotr_overdispersion_summary.csv.

use allteach::stats::overdispersion::{estimate, limits, sr_exact_limits, Scale, Z95, Z998};

use crate::support::{assert_relative, csv_rows, num};

const TOLERANCE: f64 = 1e-9; // tests/fixtures/reference/README.md

#[test]
fn phi_tau2_z_scores_limits_and_outliers_match_funnelplotr() {
    let input = csv_rows("reference/funnelplotr_input_medpar_sr.csv");
    let units: Vec<(f64, f64)> = input.iter().map(|r| (num(r, "observed").unwrap(), num(r, "expected").unwrap())).collect();
    let d = estimate(Scale::RatioLog, &units, 0.1);
    let summary = csv_rows("reference/funnelplotr_overdispersion_summary.csv");
    assert_relative(d.phi, num(&summary[0], "phi").unwrap(), TOLERANCE, "phi");
    assert_relative(d.tau2, num(&summary[0], "tau2").unwrap(), TOLERANCE, "tau2");

    let points = csv_rows("reference/funnelplotr_points.csv");
    assert_eq!(points.len(), units.len());
    let (mut adjusted_outliers, mut unadjusted_outliers) = (0, 0);
    for (i, p) in points.iter().enumerate() {
        assert_eq!(p["group"], input[i]["group"]);
        let g = &p["group"];
        let e = num(p, "denominator").unwrap(); // FunnelPlotR's rounded expected count
        let ratio = num(p, "ratio").unwrap();
        assert_relative(d.z[i], num(p, "z_unadjusted").unwrap(), TOLERANCE, &format!("{g} z"));
        match num(p, "z_winsorised_or_truncated") {
            Some(zt) => assert_relative(d.z_trimmed[i].unwrap(), zt, TOLERANCE, &format!("{g} trimmed z")),
            None => assert!(d.z_trimmed[i].is_none(), "{g} should be truncated"),
        }
        let u95 = sr_exact_limits(1.0, e, 0.025);
        let u998 = sr_exact_limits(1.0, e, 0.001);
        assert_relative(u95.lower, num(p, "LCL95").unwrap(), TOLERANCE, &format!("{g} LCL95"));
        assert_relative(u95.upper, num(p, "UCL95").unwrap(), TOLERANCE, &format!("{g} UCL95"));
        assert_relative(u998.lower, num(p, "LCL998").unwrap(), TOLERANCE, &format!("{g} LCL998"));
        assert_relative(u998.upper, num(p, "UCL998").unwrap(), TOLERANCE, &format!("{g} UCL998"));
        let a95 = limits(Scale::RatioLog, 1.0, e, d.tau2, Z95);
        let a998 = limits(Scale::RatioLog, 1.0, e, d.tau2, Z998);
        assert_relative(a95.lower, num(p, "OD_LCL95").unwrap(), TOLERANCE, &format!("{g} OD_LCL95"));
        assert_relative(a95.upper, num(p, "OD_UCL95").unwrap(), TOLERANCE, &format!("{g} OD_UCL95"));
        assert_relative(a998.lower, num(p, "OD_LCL998").unwrap(), TOLERANCE, &format!("{g} OD_LCL998"));
        assert_relative(a998.upper, num(p, "OD_UCL998").unwrap(), TOLERANCE, &format!("{g} OD_UCL998"));
        let adjusted = ratio > a998.upper || ratio < a998.lower;
        let unadjusted = ratio > u998.upper || ratio < u998.lower;
        assert_eq!(adjusted as u8 as f64, num(p, "outlier_998_adjusted").unwrap(), "{g}");
        assert_eq!(unadjusted as u8 as f64, num(p, "outlier_998_unadjusted").unwrap(), "{g}");
        adjusted_outliers += adjusted as usize;
        unadjusted_outliers += unadjusted as usize;
    }
    assert_eq!((unadjusted_outliers, adjusted_outliers), (25, 9), "FunnelPlotR README: 25 of 54, then 9");
}

#[test]
fn winsorised_scales_shrink_extremes_and_give_no_tau2_without_overdispersion() {
    // Binomial data that fit the pooled proportion exactly: φ small, τ² = 0.
    let units: Vec<(f64, f64)> = (1..=30).map(|i| (50.0 * i as f64, 100.0 * i as f64)).collect();
    let d = estimate(Scale::Proportion, &units, 0.1);
    assert!(d.phi < 1e-20, "{}", d.phi);
    assert_eq!(d.tau2, 0.0);
    // Widely spread proportions are over-dispersed.
    let units: Vec<(f64, f64)> = (1..=30).map(|i| ((i * 30) as f64, 1000.0)).collect();
    let d = estimate(Scale::Proportion, &units, 0.1);
    assert!(d.phi > 10.0 && d.tau2 > 0.0, "{d:?}");
    let max = d.z.iter().cloned().fold(f64::MIN, f64::max);
    let max_trimmed = d.z_trimmed.iter().flatten().cloned().fold(f64::MIN, f64::max);
    assert!(max_trimmed < max, "Winsorised at the 90th percentile");
}

#[test]
fn the_report_states_phi_tau2_and_which_organisations_change_when_adjusted() {
    use crate::support::analyse_text;
    let text = std::fs::read_to_string(crate::support::fixture_path("reference/funnelplotr_input_medpar_sr.csv")).unwrap();
    let summary = csv_rows("reference/funnelplotr_overdispersion_summary.csv");

    // Not asked for: φ and τ² are reported, nothing is adjusted.
    let plain = analyse_text(&text, r#"{"columns":{"code":"group"},"polarity":"lower_is_better"}"#).unwrap();
    let od = &plain["indicators"][0]["overdispersion"];
    assert_relative(od["phi"].as_f64().unwrap(), num(&summary[0], "phi").unwrap(), TOLERANCE, "phi");
    assert_eq!(od["adjusted"], false);
    assert!(plain["indicators"][0]["organisations"].as_array().unwrap().iter().all(|o| o["funnel_adjusted"].is_null()));

    // "auto" adjusts because φ > 1, and says so in the warnings.
    let auto = analyse_text(&text, r#"{"columns":{"code":"group"},"polarity":"lower_is_better","overdispersion":{"method":"auto"}}"#).unwrap();
    let ind = &auto["indicators"][0];
    assert_eq!(ind["overdispersion"]["adjusted"], true);
    assert_eq!(ind["overdispersion"]["method"], "shmi");
    assert_relative(ind["overdispersion"]["tau2"].as_f64().unwrap(), num(&summary[0], "tau2").unwrap(), TOLERANCE, "tau2");
    assert!(auto["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("over-dispersion")));
    let orgs = ind["organisations"].as_array().unwrap();
    let outliers = orgs.iter().filter(|o| matches!(o["funnel_adjusted"].as_str(), Some("high_998" | "low_998"))).count();
    assert_eq!(outliers, num(&summary[1], "n_outliers_adjusted").unwrap() as usize, "9 outliers at 99.8 % after adjustment");
    let changed: Vec<&str> = ind["overdispersion"]["changed"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    let expected: Vec<&str> = orgs.iter().filter(|o| o["funnel"] != o["funnel_adjusted"]).map(|o| o["code"].as_str().unwrap()).collect();
    assert_eq!(changed, expected);
    assert!(!changed.is_empty());
}
