//! The report contract of `docs/api.md`: names, scales, JSON compatibility and benchmarks.

use crate::support::analyse_text;

const SMALL: &str = "Code,Name,Numerator,Denominator\nA,Alpha,50,100\nB,Beta,10,100\nC,Gamma,90,100\nD,Delta,0,40\n";

#[test]
fn report_has_the_documented_fields_and_no_undefined_or_nan() {
    let report = analyse_text(SMALL, r#"{"polarity":"lower_is_better"}"#).unwrap();
    for key in ["rows", "indicators", "columns", "headers", "warnings", "version"] {
        assert!(report.get(key).is_some(), "report.{key}");
    }
    let ind = &report["indicators"][0];
    for key in ["id", "name", "type", "polarity", "multiplier", "benchmark", "organisations"] {
        assert!(ind.get(key).is_some(), "indicator.{key}");
    }
    assert_eq!(ind["type"], "proportion");
    assert_eq!(ind["polarity"], "lower_is_better");
    assert_eq!(ind["multiplier"], 100.0);
    assert_eq!(ind["benchmark"]["method"], "pooled");
    assert_eq!(ind["benchmark"]["value"].as_f64().unwrap(), 150.0 / 340.0 * 100.0);
    let org = &ind["organisations"][1];
    for key in ["code", "name", "numerator", "denominator", "value", "ci95", "ci998", "comparison", "comparison998", "funnel"] {
        assert!(org.get(key).is_some(), "organisation.{key}");
    }
    assert_eq!(org["value"], 10.0, "percent scale");
    // Lower is better: 10 % against a 44 % benchmark is better at both levels.
    assert_eq!(org["comparison"], "better");
    assert_eq!(org["comparison998"], "better");
    assert_eq!(org["funnel"], "low_998", "funnel position carries no polarity");
    // D has 0 of 40: Wilson lower limit is exactly 0.
    assert_eq!(ind["organisations"][3]["ci95"][0], 0.0);
}

#[test]
fn multiplier_one_gives_fractions_and_benchmarks_can_be_chosen() {
    let report = analyse_text(SMALL, r#"{"multiplier":1,"benchmark":"median"}"#).unwrap();
    let ind = &report["indicators"][0];
    assert_eq!(ind["benchmark"]["method"], "median");
    assert_eq!(ind["benchmark"]["value"], 0.3, "median of 0, 0.1, 0.5, 0.9");
    assert_eq!(ind["organisations"][0]["value"], 0.5);

    let report = analyse_text(SMALL, r#"{"benchmark":50}"#).unwrap();
    let ind = &report["indicators"][0];
    assert_eq!(ind["benchmark"]["method"], "value");
    assert_eq!(ind["organisations"][0]["comparison"], "similar", "50 % against a target of 50 %");

    let report = analyse_text(SMALL, r#"{"benchmark":{"code":"A"}}"#).unwrap();
    let ind = &report["indicators"][0];
    assert_eq!(ind["benchmark"]["method"], "organisation");
    assert_eq!(ind["benchmark"]["value"], 50.0);
    assert_eq!(ind["organisations"].as_array().unwrap().len(), 3, "the benchmark row is not compared with itself");
    assert_eq!(report["rows"]["used"], 4, "but it is used");
}

#[test]
fn no_judgement_polarity_reports_higher_and_lower() {
    let report = analyse_text(SMALL, r#"{"polarity":"no_judgement"}"#).unwrap();
    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    assert_eq!(orgs[1]["comparison"], "lower");
    assert_eq!(orgs[2]["comparison"], "higher");
}

#[test]
fn an_option_that_does_not_apply_to_the_file_is_said_not_ignored() {
    let report = analyse_text(SMALL, r#"{"sheet":"Data","polarity":"higher_is_better"}"#).unwrap();
    let warnings: Vec<&str> = report["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert!(warnings.iter().any(|w| w.contains("sheet option applies to workbooks")), "{warnings:?}");
    let silent = analyse_text(SMALL, r#"{"polarity":"higher_is_better"}"#).unwrap();
    assert!(silent["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn results_do_not_depend_on_row_order() {
    let reversed = {
        let mut lines: Vec<&str> = SMALL.lines().collect();
        lines[1..].reverse();
        lines.join("\n")
    };
    let a = analyse_text(SMALL, "{}").unwrap();
    let b = analyse_text(&reversed, "{}").unwrap();
    assert_eq!(a["indicators"][0]["benchmark"], b["indicators"][0]["benchmark"]);
    let by_code = |r: &serde_json::Value| {
        let mut orgs: Vec<String> = r["indicators"][0]["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| format!("{} {} {} {}", o["code"], o["ci95"], o["comparison998"], o["funnel"]))
            .collect();
        orgs.sort();
        orgs
    };
    assert_eq!(by_code(&a), by_code(&b));
}

// The columnar report is held to the JSON report by the real decoder (src/wasm/report-decoder.js)
// in tests/e2e/core.test.mjs, and the shipped types to both in tests/e2e/types.test.mjs: the
// report is described once, in src/report.rs.

#[test]
fn ranks_quartiles_and_opportunities_follow_polarity() {
    let csv = "Code,Numerator,Denominator\nA,90,100\nB,50,100\nC,30,100\nD,5,100\nE,60,100\n";
    let report = analyse_text(csv, r#"{"polarity":"higher_is_better","benchmark":50}"#).unwrap();
    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    let ranks: Vec<u64> = orgs.iter().map(|o| o["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, [1, 3, 4, 5, 2]);
    let quartiles: Vec<u64> = orgs.iter().map(|o| o["quartile"].as_u64().unwrap()).collect();
    assert_eq!(quartiles, [4, 2, 1, 1, 3], "PHE phe_quantile, quartile 1 = worst");
    // D: 5 of 100 against a target of 50 % needs 45 more; the best quarter starts at the upper
    // quartile of 5, 30, 50, 60, 90 (R type 7: 60 %), so 55 more.
    let d = &orgs[3]["opportunity"];
    assert_eq!(d["to_benchmark"]["count"], 45.0);
    assert!(d["to_benchmark"]["lower"].as_f64().unwrap() < 45.0 && d["to_benchmark"]["upper"].as_f64().unwrap() > 40.0);
    assert_eq!(d["best_quartile_value"], 60.0);
    assert!((d["to_best_quartile"]["count"].as_f64().unwrap() - 55.0).abs() < 1e-9);
    assert!(orgs[0]["opportunity"].is_null(), "not worse: no opportunity");

    let report = analyse_text(csv, r#"{"polarity":"lower_is_better","benchmark":50}"#).unwrap();
    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    assert_eq!(orgs[3]["rank"], 1);
    assert_eq!(orgs[0]["quartile"], 1, "90 % is the worst quarter when lower is better");
    assert_eq!(orgs[0]["opportunity"]["to_benchmark"]["count"], 40.0, "40 fewer");
}

#[test]
fn the_results_csv_suppresses_small_numbers_and_what_would_reveal_them() {
    use allteach::present::{results_csv, Suppression};
    let csv = "Code,Numerator,Denominator\nA,3,100\nB,40,100\nC,12,100\nD,55,100\n";
    let analysis = allteach::analyse(csv.as_bytes(), &allteach::Options::default()).unwrap();
    let out = results_csv(&analysis, &Suppression::default());
    assert!(out.text.starts_with('\u{feff}'), "a BOM so Excel reads UTF-8");
    let lines: Vec<&str> = out.text.trim_start_matches('\u{feff}').lines().collect();
    let row = |code: &str| lines.iter().find(|l| l.split(',').nth(1) == Some(code)).unwrap().split(',').map(str::to_string).collect::<Vec<_>>();
    // A's 3 is suppressed with its value and intervals; C's 12, the next smallest, too, so that
    // A's count cannot be worked out from the pooled benchmark and the other counts.
    for code in ["A", "C"] {
        let r = row(code);
        assert_eq!((r[3].as_str(), r[5].as_str(), r[6].as_str(), r[9].as_str()), ("*", "*", "*", "*"), "{code}: {r:?}");
        assert_eq!(r[4], "100", "denominators stay");
    }
    assert_eq!(row("B")[3], "40");
    assert!(out.summary.contains("1 result with a count or a population from 1 to 7") && out.summary.contains("1 more"), "{}", out.summary);

    // Two small counts protect each other: no secondary suppression.
    let two = allteach::analyse(b"Code,Numerator,Denominator\nA,3,100\nB,40,100\nC,6,100\n", &allteach::Options::default()).unwrap();
    let out = results_csv(&two, &Suppression::default());
    assert!(out.summary.contains("2 results with a count") && out.summary.contains("and 0 more"), "{}", out.summary);
    // Off only when asked.
    let off = results_csv(&analysis, &Suppression { up_to: 0.0 });
    assert!(off.text.contains(",3,100,") && off.summary.contains("off"));
}

/// The columns the page takes, written straight from the results, say what the JSON report says
/// of each organisation: with charts over time and opportunities, and with peers and pairs. (The
/// decoder's objects are held to the JSON report whole by tests/e2e/core.test.mjs.)
#[test]
fn columns_written_from_the_results_say_what_the_report_says() {
    use allteach::report::{Report, NUMBERS_PER_ORGANISATION};
    let mut monthly = String::from("code,month,x,n\n");
    for (k, code) in ["A", "B", "C", "D", "E", "F"].iter().enumerate() {
        for m in 0..15 {
            monthly += &format!("{code},{}-{:02}-01,{},{}\n", 2023 + m / 12, m % 12 + 1, 20 + 9 * k + m % 4, 100 + 10 * k);
        }
    }
    let icbs = std::fs::read(crate::support::fixture_path("qof_two_icbs_with_context.csv")).expect("fixture");
    let cases: [(&[u8], &str); 2] = [
        (monthly.as_bytes(), r#"{"columns":{"code":"code","period":"month","numerator":"x","denominator":"n"},"polarity":"higher_is_better"}"#),
        (&icbs, r#"{"columns":{"context":["Patients (all ages)","% aged 50+","IMD 2019"]},"peers":{"k":10},"polarity":"higher_is_better"}"#),
    ];
    for (case, (bytes, options)) in cases.into_iter().enumerate() {
        let analysis = allteach::analyse(bytes, &allteach::Options::from_json(options).expect("options")).expect("analysis");
        let results = || analysis.indicators.iter().flat_map(|i| &i.organisations);
        assert!(results().any(|o| o.opportunity.is_some()), "{options}: opportunities");
        match case {
            0 => assert!(results().any(|o| o.spc.is_some()), "charts over time"),
            _ => assert!(analysis.pairing.as_ref().is_some_and(|p| !p.pairs.is_empty()), "pairs"),
        }
        let json: serde_json::Value = serde_json::from_str(&Report::new(&analysis).to_json()).expect("JSON");
        let columns = Report::columns(&analysis);
        let head: serde_json::Value = serde_json::from_str(&columns.head).expect("head");
        let organisations: Vec<&serde_json::Value> =
            json["indicators"].as_array().expect("indicators").iter().flat_map(|i| i["organisations"].as_array().expect("organisations")).collect();
        assert_eq!(organisations.len(), columns.rows.len(), "{options}");
        let (mut opportunities, mut charts, mut points) = (0, 0, 0);
        for (k, o) in organisations.iter().enumerate() {
            let n = |at: usize| Some(columns.numbers[k * NUMBERS_PER_ORGANISATION + at]).filter(|x| x.is_finite());
            assert_eq!(o["code"], head["org_codes"][columns.orgs[k] as usize], "{options}: row {k}");
            assert_eq!(o["row"], columns.rows[k], "{options}: row {k}");
            assert_eq!(o["rank"], columns.ranks[k], "{options}: row {k}");
            let numbers = [&o["numerator"], &o["denominator"], &o["value"], &o["ci95"][0], &o["ci95"][1], &o["ci998"][0], &o["ci998"][1], &o["peer_benchmark"]];
            for (at, expected) in numbers.into_iter().enumerate() {
                assert_eq!(expected.as_f64(), n(at), "{options}: row {k}, number {at}");
            }
            opportunities += usize::from(!o["opportunity"].is_null());
            charts += usize::from(!o["spc"].is_null());
            points += o["spc"]["points"].as_array().map_or(0, Vec::len);
        }
        assert_eq!(opportunities, columns.opportunity_rows.len(), "{options}");
        assert_eq!((charts, points), (columns.spc_series.len() / 3, columns.spc_periods.len()), "{options}");
    }
}
