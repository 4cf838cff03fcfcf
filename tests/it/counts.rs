//! Rates, ratios and means against PHEindicatormethods' fixtures.

use allteach::stats::funnel::FunnelPosition;
use allteach::stats::mean::{summarise, t_interval};
use allteach::stats::poisson::{byar, count_interval, exact_poisson_expected};
use allteach::stats::{wilson::wilson, Confidence, Interval};

use crate::support::{assert_relative, csv_rows, num};

const TOLERANCE: f64 = 1e-8;

fn level(text: &str) -> Confidence {
    match text {
        "95%" => Confidence::c95(),
        "99.8%" => Confidence::c998(),
        other => panic!("confidence {other}"),
    }
}

#[test]
fn rates_match_phe_rate_exact_below_10_and_byar_from_10() {
    // phe_fixture_rate.csv; Area12 has a numerator above its denominator, allowed for rates.
    let mut checked = 0;
    for row in csv_rows("reference/phe_fixture_rate.csv") {
        let (Some(x), Some(n)) = (num(&row, "Numerator"), num(&row, "Denominator")) else { continue };
        let m = num(&row, "multiplier").unwrap();
        let (ci95, method) = count_interval(x, Confidence::c95());
        let (ci998, _) = count_interval(x, Confidence::c998());
        let area = &row["Area"];
        assert_eq!(format!("{method:?}").replace("Byar", "Byars"), row["method"], "{area}");
        assert_relative(ci95.lower / n * m, num(&row, "lower95_0cl").unwrap(), TOLERANCE, &format!("{area} lower 95"));
        assert_relative(ci95.upper / n * m, num(&row, "upper95_0cl").unwrap(), TOLERANCE, &format!("{area} upper 95"));
        assert_relative(ci998.lower / n * m, num(&row, "lower99_8cl").unwrap(), TOLERANCE, &format!("{area} lower 99.8"));
        assert_relative(ci998.upper / n * m, num(&row, "upper99_8cl").unwrap(), TOLERANCE, &format!("{area} upper 99.8"));
        checked += 1;
    }
    assert!(checked >= 16, "{checked}");
    for row in csv_rows("reference/phe_fixture_rate_grouped.csv") {
        let (Some(x), Some(n)) = (num(&row, "Numerator"), num(&row, "Denominator")) else { continue };
        let m = num(&row, "multiplier").unwrap();
        let (ci, _) = count_interval(x, level(&row["confidence"]));
        assert_relative(ci.lower / n * m, num(&row, "lowercl").unwrap(), TOLERANCE, &row["Area"]);
        assert_relative(ci.upper / n * m, num(&row, "uppercl").unwrap(), TOLERANCE, &row["Area"]);
    }
}

#[test]
fn byar_and_wilson_match_phe_utility_fixture() {
    for row in csv_rows("reference/phe_fixture_byars_wilson.csv") {
        let x = num(&row, "x").unwrap();
        let c = level(&row["confidence"]);
        let ci = match row["method"].as_str() {
            "Byars" => byar(x, c),
            "Wilson" => wilson(x, num(&row, "n").unwrap(), c),
            other => panic!("{other}"),
        };
        let context = format!("{} x={x} {}", row["method"], row["confidence"]);
        match num(&row, "lowercl") {
            Some(lower) => assert_relative(ci.lower, lower, TOLERANCE, &context),
            None => assert!(ci.lower.is_nan(), "{context}: PHE gives NA (negative Byar limit)"),
        }
        assert_relative(ci.upper, num(&row, "uppercl").unwrap(), TOLERANCE, &context);
    }
}

#[test]
fn indirectly_standardised_ratios_match_phe() {
    // phe_fixture_isr_results.csv: value = O/E × reference rate; the CI is the count CI of O / E.
    let mut checked = 0;
    for row in csv_rows("reference/phe_fixture_isr_results.csv") {
        let (o, e) = (num(&row, "observed").unwrap(), num(&row, "expected").unwrap());
        // Rates scale by the reference rate; ratios by their stated multiplier ("ratio x 100").
        let reference = match num(&row, "ref_rate") {
            Some(rate) => rate,
            None if row["statistic"].ends_with("x 100") => 100.0,
            None => 1.0,
        };
        let (ci95, _) = count_interval(o, Confidence::c95());
        let (ci998, _) = count_interval(o, Confidence::c998());
        let scale = reference / e;
        let area = &format!("{} {}", row["area"], row["statistic"]);
        assert_relative(o * scale, num(&row, "value").unwrap(), TOLERANCE, area);
        assert_relative(ci95.lower * scale, num(&row, "lower95_0cl").unwrap(), TOLERANCE, area);
        assert_relative(ci95.upper * scale, num(&row, "upper95_0cl").unwrap(), TOLERANCE, area);
        if let (Some(lower), Some(upper)) = (num(&row, "lower99_8cl"), num(&row, "upper99_8cl")) {
            assert_relative(ci998.lower * scale, lower, TOLERANCE, area);
            assert_relative(ci998.upper * scale, upper, TOLERANCE, area);
        }
        checked += 1;
    }
    assert_eq!(checked, 16);
}

#[test]
fn means_match_phe_mean() {
    let inputs = csv_rows("reference/phe_fixture_mean_inputs.csv");
    for row in csv_rows("reference/phe_fixture_mean_results.csv") {
        let area = row["area"].clone();
        let values: Vec<f64> = inputs.iter().filter(|r| area == "No grouping" || r["area"] == area).map(|r| num(r, "values").unwrap()).collect();
        let (mean, sd, n) = summarise(&values);
        assert_eq!(n, num(&row, "value_count").unwrap());
        assert_relative(sd, num(&row, "stdev").unwrap(), TOLERANCE, &area);
        assert_relative(mean, num(&row, "value").unwrap(), TOLERANCE, &area);
        let ci95 = t_interval(mean, sd, n, Confidence::c95()).unwrap();
        let ci998 = t_interval(mean, sd, n, Confidence::c998()).unwrap();
        assert_relative(ci95.lower, num(&row, "lower95_0cl").unwrap(), TOLERANCE, &format!("{area} lower 95"));
        assert_relative(ci95.upper, num(&row, "upper95_0cl").unwrap(), TOLERANCE, &format!("{area} upper 95"));
        assert_relative(ci998.lower, num(&row, "lower99_8cl").unwrap(), TOLERANCE, &format!("{area} lower 99.8"));
        assert_relative(ci998.upper, num(&row, "upper99_8cl").unwrap(), TOLERANCE, &format!("{area} upper 99.8"));
    }
}

#[test]
fn ratio_funnel_limits_match_phe_within_its_bisection_precision() {
    // phe_fixture_funnel_ratio_outputs.csv: the expected count at which each observed count sits
    // on a limit. PHE bisects to ~1e-5; solved exactly here, so the README's 1e-4 applies.
    for row in csv_rows("reference/phe_fixture_funnel_ratio_outputs.csv") {
        let o = num(&row, "Observed_events").unwrap();
        for (c, tag) in [(Confidence::c95(), "2s"), (Confidence::c998(), "3s")] {
            let e = exact_poisson_expected(o, c);
            let context = format!("O={o} {tag}");
            assert_relative(e.upper, num(&row, &format!("lower_{tag}_exp_events")).unwrap(), 1e-4, &context);
            assert_relative(e.lower, num(&row, &format!("upper_{tag}_exp_events")).unwrap(), 1e-4, &context);
            assert_relative(o / e.upper - 1.0, num(&row, &format!("lower_{tag}_count")).unwrap(), 1e-4, &context);
            assert_relative(o / e.lower * 100.0, num(&row, &format!("upper_{tag}_isr")).unwrap(), 1e-4, &context);
        }
    }
}

fn ratio_position(o: f64, e: f64) -> FunnelPosition {
    let (a, _) = count_interval(o, Confidence::c95());
    let (b, _) = count_interval(o, Confidence::c998());
    let scale = |i: Interval| Interval { lower: if o == 0.0 { 0.0 } else { i.lower / e }, upper: i.upper / e };
    FunnelPosition::from_intervals(o / e, scale(a), scale(b), 1.0)
}

#[test]
fn ratio_funnel_significance_matches_phe() {
    let rows = csv_rows("reference/phe_fixture_funnel_ratio_inputs.csv");
    for row in &rows {
        let (o, e) = (num(row, "obs").unwrap(), num(row, "expected").unwrap());
        assert_eq!(ratio_position(o, e).phe_label(), row["significance"], "O={o} E={e}");
    }
    assert_eq!(rows.len(), 300);
}

#[test]
fn crude_rate_funnel_significance_matches_phe() {
    // phe_fixture_funnel_rate_inputs.csv, column crude_per_100000_with_0: each area's count
    // against the pooled rate of all areas (zero counts included).
    let rows = csv_rows("reference/phe_fixture_funnel_rate_inputs.csv");
    let total: f64 = rows.iter().map(|r| num(r, "count").unwrap()).sum();
    let population: f64 = rows.iter().map(|r| num(r, "pop").unwrap()).sum();
    for row in &rows {
        let (o, pop) = (num(row, "count").unwrap(), num(row, "pop").unwrap());
        let expected = pop * total / population;
        assert_eq!(ratio_position(o, expected).phe_label(), row["crude_per_100000_with_0"], "count {o} pop {pop}");
    }
}

#[test]
fn drawn_poisson_limits_pass_through_phe_funnel_points() {
    // At the expected count where PHE puts observed count O on a limit, the drawn limit is O.
    use allteach::stats::poisson::funnel_counts;
    for row in csv_rows("reference/phe_fixture_funnel_ratio_outputs.csv") {
        let o = num(&row, "Observed_events").unwrap();
        for (c, tag) in [(Confidence::c95(), "2s"), (Confidence::c998(), "3s")] {
            let at_lower = funnel_counts(num(&row, &format!("lower_{tag}_exp_events")).unwrap(), c);
            let at_upper = funnel_counts(num(&row, &format!("upper_{tag}_exp_events")).unwrap(), c);
            assert_relative(at_lower.lower, o, 1e-4, &format!("O={o} {tag} lower"));
            assert_relative(at_upper.upper, o, 1e-4, &format!("O={o} {tag} upper"));
        }
    }
}

fn text(path: &str) -> String {
    std::fs::read_to_string(crate::support::fixture_path(path)).unwrap()
}

#[test]
fn every_type_runs_through_the_report() {
    use crate::support::analyse_text;
    // Ratio, recognised from the "expected" column: FunnelPlotR's medpar example; the benchmark
    // is observed = expected and positions follow PHE's ratio rule.
    let report = analyse_text(&text("reference/funnelplotr_input_medpar_sr.csv"), r#"{"columns":{"code":"group"},"polarity":"lower_is_better"}"#).unwrap();
    let ind = &report["indicators"][0];
    assert_eq!(ind["type"], "ratio");
    assert_eq!(ind["multiplier"], 1.0);
    assert_eq!(ind["benchmark"]["method"], "expected");
    assert_eq!(ind["benchmark"]["value"], 1.0);
    let first = &ind["organisations"][0];
    assert_eq!(first["code"], "030001");
    // 406 observed, 523.696 expected: O/E 0.775, CI (Byar) excludes 1 at 99.8 %: low, better.
    assert_relative(first["value"].as_f64().unwrap(), 406.0 / 523.696304399202, 1e-12, "O/E");
    assert_eq!(first["funnel"], "low_998");
    assert_eq!(first["comparison998"], "better");

    // Rate: phe_fixture_rate.csv rows with multiplier 100, as the report shows them.
    let rows = csv_rows("reference/phe_fixture_rate.csv");
    let csv: String = std::iter::once("Area,Numerator,Denominator".to_string())
        .chain(
            rows.iter()
                .filter(|r| r["multiplier"] == "100" && r["Numerator"] != "NA" && r["Denominator"] != "NA")
                .map(|r| format!("{},{},{}", r["Area"], r["Numerator"], r["Denominator"])),
        )
        .collect::<Vec<_>>()
        .join("\n");
    let report = analyse_text(&csv, r#"{"columns":{"code":"Area"},"type":"rate","multiplier":100}"#).unwrap();
    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    assert!(!orgs.is_empty());
    for org in orgs {
        let row = rows.iter().find(|r| r["Area"] == org["code"].as_str().unwrap() && r["multiplier"] == "100").unwrap();
        assert_relative(org["ci95"][0].as_f64().unwrap(), num(row, "lower95_0cl").unwrap(), TOLERANCE, &row["Area"]);
        assert_relative(org["ci998"][1].as_f64().unwrap(), num(row, "upper99_8cl").unwrap(), TOLERANCE, &row["Area"]);
    }

    // Mean from row-level values (phe_fixture_mean_inputs.csv): many rows per area by design.
    let report = analyse_text(&text("reference/phe_fixture_mean_inputs.csv"), r#"{"columns":{"code":"area","value":"values"},"type":"mean"}"#).unwrap();
    assert_eq!(report["rows"]["used"], 26);
    let results = csv_rows("reference/phe_fixture_mean_results.csv");
    for org in report["indicators"][0]["organisations"].as_array().unwrap() {
        let row = results.iter().find(|r| r["area"] == org["code"].as_str().unwrap()).unwrap();
        assert_relative(org["value"].as_f64().unwrap(), num(row, "value").unwrap(), TOLERANCE, &row["area"]);
        assert_relative(org["ci998"][0].as_f64().unwrap(), num(row, "lower99_8cl").unwrap(), TOLERANCE, &row["area"]);
        assert_eq!(org["denominator"], num(row, "value_count").unwrap());
        assert_eq!(org["numerator"], serde_json::Value::Null);
    }

    // Mean as a summary (value, sample size, SD), and a value-only indicator.
    let summary = "Code,Mean,N,SD\nA,53.70434500000001,8,20.97557525770931\n";
    let report = analyse_text(summary, r#"{"columns":{"value":"Mean","denominator":"N","sd":"SD"},"type":"mean"}"#).unwrap();
    assert_relative(
        report["indicators"][0]["organisations"][0]["ci95"][1].as_f64().unwrap(),
        71.24036475866352,
        TOLERANCE,
        "phe_fixture_mean_results.csv Area1 upper 95",
    );
    let report = analyse_text("Code,Value\nA,1\nB,2\nC,4\n", "{}").unwrap();
    let ind = &report["indicators"][0];
    assert_eq!(ind["type"], "value");
    assert_eq!(ind["benchmark"]["method"], "median");
    assert_eq!(ind["organisations"][0]["comparison"], "not_compared");
    assert_eq!(ind["organisations"][0]["ci95"], serde_json::json!([null, null]));
}

#[test]
fn chi_square_quantiles_are_exact_where_closed_forms_exist() {
    // With 2 degrees of freedom χ²⁻¹(p; 2) = −2 ln(1 − p), so the exact Poisson limits of 0 and 1
    // events have closed forms: upper(0) = −ln(α/2), lower(1) = −ln(1 − α/2).
    for c in [Confidence::c95(), Confidence::c998()] {
        let tail = (1.0 - c.level()) / 2.0;
        let zero = allteach::stats::poisson::exact_poisson(0.0, c);
        let one = allteach::stats::poisson::exact_poisson(1.0, c);
        assert_eq!(zero.lower, 0.0);
        assert_relative(zero.upper, -tail.ln(), 1e-13, "upper limit of 0 events");
        assert_relative(one.lower, -(1.0 - tail).ln(), 1e-13, "lower limit of 1 event");
        // 4 degrees of freedom: P(X >= 2 | λ) = 1 − e^{−λ}(1 + λ) at the lower limit of 2 events.
        let two = allteach::stats::poisson::exact_poisson(2.0, c);
        let tail_at = 1.0 - (-two.lower).exp() * (1.0 + two.lower);
        assert_relative(tail_at, tail, 1e-12, "tail probability at the lower limit of 2 events");
    }
}

#[test]
fn intervals_hold_their_estimate_and_nest_for_every_type() {
    for x in [0.0, 1.0, 3.0, 9.0, 10.0, 11.0, 57.0, 1234.0] {
        let (a, _) = count_interval(x, Confidence::c95());
        let (b, _) = count_interval(x, Confidence::c998());
        assert!(a.lower <= x && x <= a.upper, "{x}: {a:?}");
        assert!(b.lower <= a.lower && a.upper <= b.upper, "{x}: 99.8 % must contain 95 %");
    }
    for (mean, sd, n) in [(10.0, 2.0, 2.0), (0.5, 0.1, 30.0), (-3.0, 7.0, 1000.0)] {
        let a = t_interval(mean, sd, n, Confidence::c95()).unwrap();
        let b = t_interval(mean, sd, n, Confidence::c998()).unwrap();
        assert!(b.lower < a.lower && a.lower < mean && mean < a.upper && a.upper < b.upper);
    }
    assert!(t_interval(1.0, 1.0, 1.0, Confidence::c95()).is_none(), "one value has no spread");
}

#[test]
fn inputs_phe_rejects_are_excluded_with_phe_s_reason_and_the_rest_analysed() {
    // phe_input_validation_cases.csv: PHE stops the whole call; Allteach reports the offending
    // row and analyses the rest. Confidence levels are validated where they are chosen.
    use crate::support::analyse_text;
    let mut checked = 0;
    for case in csv_rows("reference/phe_input_validation_cases.csv") {
        let function = case["function"].as_str();
        let expected = case["expected_outcome"].as_str();
        if expected.contains("confidence") {
            for c in case["confidence"].split(';') {
                let level: f64 = c.parse().unwrap();
                if expected.starts_with("error: two confidence levels") {
                    continue; // Allteach always reports exactly 95 % and 99.8 %.
                }
                assert!(Confidence::new(level).is_err(), "{level}: {expected}");
            }
            checked += 1;
            continue;
        }
        let kind = match function {
            "phe_proportion" => "proportion",
            "phe_rate" => "rate",
            _ => continue, // byars_lower and wilson_lower are functions, covered above.
        };
        let numerators: Vec<&str> = case["numerators"].split(';').collect();
        let denominators: Vec<&str> = case["denominators"].split(';').collect();
        let csv: String = std::iter::once("Code,Numerator,Denominator".to_string())
            .chain(numerators.iter().zip(&denominators).enumerate().map(|(i, (x, n))| format!("A{i},{x},{n}")))
            .collect::<Vec<_>>()
            .join("\n");
        let missing = numerators.iter().zip(&denominators).filter(|(x, n)| **x == "NA" || **n == "NA").count();
        let report = match analyse_text(&csv, &format!(r#"{{"type":"{kind}"}}"#)) {
            Ok(report) => report,
            Err(e) => {
                // Every row missing: nothing usable, said as such.
                assert_eq!(missing, numerators.len(), "{expected}: {e}");
                assert_eq!(e.kind(), allteach::ErrorKind::NothingUsable);
                checked += 1;
                continue;
            }
        };
        let excluded = report["rows"]["excluded"].as_array().unwrap();
        let words = match expected {
            e if e.contains("numerators must be greater than or equal to zero") => Some("negative"),
            e if e.contains("denominators must be greater than zero") => Some("greater than zero"),
            e if e.contains("less than or equal to denominator") => Some("larger than the denominator"),
            _ => None,
        };
        match words {
            Some(words) => {
                assert_eq!(excluded.len(), 1, "{expected}: {excluded:?}");
                assert!(excluded[0]["reason"].as_str().unwrap().contains(words), "{expected}: {}", excluded[0]["reason"]);
                assert_eq!(report["rows"]["used"].as_u64().unwrap() as usize, numerators.len() - 1);
            }
            None => {
                // "no error" cases: missing inputs are excluded as missing, the rest used.
                assert_eq!(excluded.len(), missing, "{expected}");
                assert!(excluded.iter().all(|e| e["reason"].as_str().unwrap().contains("missing")));
            }
        }
        checked += 1;
    }
    assert!(checked >= 14, "{checked}");
}

#[test]
fn rate_funnel_limits_match_phe_at_its_populations() {
    // phe_fixture_funnel_rate_outputs_*.csv: for each event count, PHE gives the population at
    // which that count sits on each limit, and the limit (per 100,000) there. At those
    // populations, the drawn exact Poisson limits around PHE's baseline give the same rates
    // (within PHE's bisection precision, 1e-4). These outputs were made with three years of data
    // (`years_of_data = 3`): PHE's x axis is the population per year, a third of the total.
    use allteach::stats::poisson::funnel_counts;
    const YEARS: f64 = 3.0;
    let mut checked = 0;
    for file in ["crude_ev5", "crude_zero_with_denominator", "dsr"] {
        for row in csv_rows(&format!("reference/phe_fixture_funnel_rate_outputs_{file}.csv")) {
            let per_person = num(&row, "baseline").unwrap() / 100_000.0;
            for (c, tag) in [(Confidence::c95(), "2s"), (Confidence::c998(), "3s")] {
                for side in ["lower", "upper"] {
                    let (Some(per_year), Some(limit)) = (num(&row, &format!("{side}_{tag}_population_1_year")), num(&row, &format!("{side}_{tag}_limit")))
                    else {
                        continue;
                    };
                    let population = per_year * YEARS;
                    let counts = funnel_counts(population * per_person, c);
                    let ours = if side == "lower" { counts.lower } else { counts.upper } / population * 100_000.0;
                    assert_relative(ours, limit, 1e-4, &format!("{file} events {} {side} {tag}", row["Events"]));
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn funnel_limits_for_large_expected_counts_follow_byar_within_a_millionth_of_the_exact_ones() {
    use allteach::stats::poisson::{funnel_counts, funnel_counts_byar, funnel_counts_exact, EXACT_FUNNEL_UP_TO};
    for c in [Confidence::c95(), Confidence::c998()] {
        for e in [EXACT_FUNNEL_UP_TO, 3e5, 1e6, 1e7] {
            let (exact, byar) = (funnel_counts_exact(e, c), funnel_counts_byar(e, c));
            for (a, b) in [(exact.lower, byar.lower), (exact.upper, byar.upper)] {
                assert!(((a - b) / a).abs() < 1e-6, "e = {e}: exact {a}, Byar {b}");
            }
        }
        // Above the threshold the funnel takes Byar's; at it, the exact limits.
        assert_eq!(funnel_counts(2e5, c), funnel_counts_byar(2e5, c));
        assert_eq!(funnel_counts(EXACT_FUNNEL_UP_TO, c), funnel_counts_exact(EXACT_FUNNEL_UP_TO, c));
    }
}

#[test]
fn a_rate_file_with_a_count_of_a_trillion_gives_every_view() {
    // Before, the exact limits at this size took minutes; now every view is made (the time is
    // in the README's benchmarks, not asserted here).
    let csv = "Code,Count,Population\nA,1000000000000,5000000000000\nB,20,100000\nC,900000,4000000\n";
    let analysis = allteach::analyse(csv.as_bytes(), &allteach::Options::from_json(r#"{"type":"rate"}"#).unwrap()).unwrap();
    let view = allteach::present::indicator_view(&analysis, 0).unwrap();
    assert!(view.funnel_svg().contains("<svg") && !view.funnel_svg().contains("NaN"), "a funnel with limits");
    assert!(allteach::present::caterpillar_view(&analysis, 0, None, false).is_some());
    assert!(allteach::present::organisation_view(&analysis, "A").is_some());
    assert!(!allteach::present::overview_view(&analysis).rows.is_empty());
}
