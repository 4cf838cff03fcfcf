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

#[test]
fn the_columnar_report_holds_exactly_the_json_report() {
    // Rebuild the JSON report from the columns (what src/wasm/report-decoder.js does) and
    // compare, with a name missing, a null funnel and two indicators.
    // Quotes and a comma in a name travel intact.
    let csv = "Code,Name,Indicator,Numerator,Denominator\nA,Alpha,X,5,10\nB,,X,1,10\nA,Alpha,Y,3,30\nB,Beta,Y,9,30\nC,Gamma,Y,90,100\nD,\"Delta, \"\"the\"\" surgery\",Y,5,100\nE,Eps,Y,50,100\n";
    let expected = columnar_round_trip(
        csv.as_bytes(),
        r#"{"polarity":"higher_is_better","benchmark":{"code":"B"},"overdispersion":{"method":"additive"},"peers":{"within":"Name"}}"#,
    );
    let y = &expected["indicators"][1];
    assert_eq!(y["organisations"][0]["name"], "Alpha");
    assert!(y["organisations"].as_array().unwrap().iter().any(|o| !o["opportunity"].is_null()), "{y}");
    assert!(y["organisations"].as_array().unwrap().iter().any(|o| !o["funnel_adjusted"].is_null()), "{y}");
    // A monthly series: every organisation's SPC points travel in columns.
    let monthly = include_bytes!("../../samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv");
    let expected = columnar_round_trip(monthly, r#"{"polarity":"higher_is_better","spc":{"target":78}}"#);
    let points = expected["indicators"][0]["organisations"][0]["spc"]["points"].as_array().unwrap();
    assert!(points.len() > 24, "{}", points.len());
    assert!(points.iter().any(|p| p["point_type"] != "common_cause"));
}

/// Rebuilds the report from its columns as the decoder does, checks it equals the JSON report,
/// and returns that report.
fn columnar_round_trip(bytes: &[u8], options: &str) -> serde_json::Value {
    let options = allteach::Options::from_json(options).unwrap();
    let analysis = allteach::analyse(bytes, &options).unwrap();
    let report = allteach::report::Report::new(&analysis);
    let expected: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let columns = allteach::report::Report::new(&analysis).to_columns();

    let mut head: serde_json::Value = serde_json::from_str(&columns.head).unwrap();
    let counts: Vec<usize> = serde_json::from_value(head["counts"].take()).unwrap();
    let comparisons: Vec<String> = serde_json::from_value(head["comparisons"].take()).unwrap();
    let funnels: Vec<String> = serde_json::from_value(head["funnels"].take()).unwrap();
    let org_codes: Vec<String> = serde_json::from_value(head["org_codes"].take()).unwrap();
    let peer_lists: Option<Vec<Vec<usize>>> = serde_json::from_value(head["peer_lists"].take()).unwrap();
    let point_types: Vec<String> = serde_json::from_value(head["point_types"].take()).unwrap();
    let rules: Vec<String> = serde_json::from_value(head["rules"].take()).unwrap();
    let periods: Vec<String> = serde_json::from_value(head["periods"].take()).unwrap();
    let number = |x: f64| if x.is_finite() { serde_json::json!(x) } else { serde_json::Value::Null };
    let spc_of = |mut summary: serde_json::Value| {
        let object = summary.as_object_mut().unwrap();
        let first = object.remove("first_point").unwrap().as_u64().unwrap() as usize;
        let count = object.remove("point_count").unwrap().as_u64().unwrap() as usize;
        let points: Vec<serde_json::Value> = (first..first + count)
            .map(|p| {
                let n = &columns.spc_numbers[p * 4..p * 4 + 4];
                serde_json::json!({
                    "period": periods[columns.spc_periods[p] as usize],
                    "value": number(n[0]), "mean": number(n[1]), "lpl": number(n[2]), "upl": number(n[3]),
                    "point_type": point_types[columns.spc_codes[p * 2] as usize],
                    "rule": rules[columns.spc_codes[p * 2 + 1] as usize],
                })
            })
            .collect();
        object.insert("points".into(), serde_json::Value::Array(points));
        summary
    };
    let object = head.as_object_mut().unwrap();
    for key in ["counts", "comparisons", "funnels", "org_codes", "peer_lists", "point_types", "rules", "periods"] {
        object.remove(key);
    }
    let codes: Vec<String> = serde_json::from_str(&columns.codes).unwrap();
    let names: Vec<String> = serde_json::from_str(&columns.names).unwrap();
    let opportunities: std::collections::HashMap<usize, serde_json::Value> =
        serde_json::from_str::<Vec<(usize, serde_json::Value)>>(&columns.opportunities).unwrap().into_iter().collect();
    let spc: std::collections::HashMap<usize, serde_json::Value> =
        serde_json::from_str::<Vec<(usize, serde_json::Value)>>(&columns.spc).unwrap().into_iter().collect();
    let mut k = 0;
    for (i, count) in counts.iter().enumerate() {
        let mut orgs = Vec::new();
        for _ in 0..*count {
            let n = &columns.numbers[k * 8..k * 8 + 8];
            let o = &columns.outcomes[k * 6..k * 6 + 6];
            orgs.push(serde_json::json!({
                "code": codes[k],
                "name": if columns.has_name[k] == 1 { serde_json::json!(names[k]) } else { serde_json::Value::Null },
                "row": columns.rows[k],
                "numerator": n[0], "denominator": n[1], "value": n[2],
                "ci95": [n[3], n[4]], "ci998": [n[5], n[6]],
                "comparison": comparisons[o[0] as usize],
                "comparison998": comparisons[o[1] as usize],
                "funnel": if o[2] == allteach::report::NONE { serde_json::Value::Null } else { serde_json::json!(funnels[o[2] as usize]) },
                "funnel_adjusted": if o[3] == allteach::report::NONE { serde_json::Value::Null } else { serde_json::json!(funnels[o[3] as usize]) },
                "rank": columns.ranks[k],
                "quartile": if o[4] == allteach::report::NONE { serde_json::Value::Null } else { serde_json::json!(o[4]) },
                "spc": spc.get(&k).cloned().map(spc_of).unwrap_or(serde_json::Value::Null),
                "peers": match &peer_lists {
                    Some(lists) => serde_json::json!(lists[columns.orgs[k] as usize].iter().map(|&i| org_codes[i].as_str()).collect::<Vec<_>>()),
                    None => serde_json::Value::Null,
                },
                "peer_rank": if columns.peer_ranks[k] == 0 { serde_json::Value::Null } else { serde_json::json!(columns.peer_ranks[k]) },
                "peer_benchmark": if n[7].is_finite() { serde_json::json!(n[7]) } else { serde_json::Value::Null },
                "comparison_peers": comparisons[o[5] as usize],
                "opportunity": opportunities.get(&k).cloned().unwrap_or(serde_json::Value::Null),
            }));
            k += 1;
        }
        object["indicators"][i]["organisations"] = serde_json::Value::Array(orgs);
    }
    assert_eq!(head, expected);
    expected
}

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
    assert!(out.summary.contains("1 counts from 1 to 7") && out.summary.contains("1 more"), "{}", out.summary);

    // Two small counts protect each other: no secondary suppression.
    let two = allteach::analyse(b"Code,Numerator,Denominator\nA,3,100\nB,40,100\nC,6,100\n", &allteach::Options::default()).unwrap();
    let out = results_csv(&two, &Suppression::default());
    assert!(out.summary.contains("2 counts") && out.summary.contains("and 0 more"), "{}", out.summary);
    // Off only when asked.
    let off = results_csv(&analysis, &Suppression { up_to: 0.0 });
    assert!(off.text.contains(",3,100,") && off.summary.contains("off"));
}
