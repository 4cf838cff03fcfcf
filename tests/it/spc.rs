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
            // A point's limits are its segment's; the rules' reading of it is the segment's too.
            let g = result.group_of(p);
            let tests = g.tests(p.value);
            assert_relative(g.mean, num(e, "mean").unwrap(), TOLERANCE, &format!("{at} mean"));
            assert_relative(g.lpl, num(e, "lpl").unwrap(), TOLERANCE, &format!("{at} lpl"));
            assert_relative(g.upl, num(e, "upl").unwrap(), TOLERANCE, &format!("{at} upl"));
            assert_relative(g.mean_moving_range, num(e, "mean_moving_range").unwrap(), TOLERANCE, &format!("{at} amr"));
            assert_eq!(tests.outside_limits, e["outside_limits"] == "TRUE", "{at} outside");
            assert_eq!(tests.relative_to_mean as f64, num(e, "relative_to_mean").unwrap(), "{at} relative");
            assert_eq!(tests.close_to_limits, e["close_to_limits"] == "TRUE", "{at} close");
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
    // Improvers alone: there are pairs, and every teacher is a recent improver.
    let improvers =
        crate::support::analyse_text(&monthly(), r#"{"polarity":"higher_is_better","peers":{"within":"Region"},"pairing":{"teachers":"improving"}}"#).unwrap();
    let pairs = improvers["pairings"].as_array().unwrap();
    assert!(!pairs.is_empty(), "recent improvers teach");
    assert!(pairs.iter().all(|p| p["reasons"].as_array().unwrap().iter().any(|r| r.as_str().unwrap().contains("improved recently"))), "{pairs:?}");
    let bad = crate::support::analyse_text(&monthly(), r#"{"peers":{"within":"Region"},"pairing":{"teachers":"sometimes"}}"#);
    let message = bad.unwrap_err().message().to_string();
    assert!(message.contains("`sometimes`") && message.contains("`better`, `improving`, `both`"), "{message}");
}

/// A daily series of `days` days from Monday 2 January 2023 for three trusts, with counts that
/// vary by day, as CSV text and the rows as (code, date, numerator, denominator).
fn daily_series(days: u32) -> (String, Vec<(String, String, f64, f64)>) {
    let mut rows = Vec::new();
    let (mut y, mut m, mut d) = (2023, 1, 2);
    let month_days = |y: i32, m: u32| match m {
        2 if y % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    for i in 0..days {
        for (t, code) in ["RA1", "RB2", "RC3"].iter().enumerate() {
            let denominator = 200.0 + ((i * 7 + t as u32 * 13) % 50) as f64;
            let numerator = 20.0 + ((i * 11 + t as u32 * 5) % 30) as f64;
            rows.push((code.to_string(), format!("{y:04}-{m:02}-{d:02}"), numerator, denominator));
        }
        d += 1;
        if d > month_days(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    let mut csv = String::from("Code,Date,Delayed,Arrivals\n");
    for (code, date, n, den) in &rows {
        csv.push_str(&format!("{code},{date},{n},{den}\n"));
    }
    (csv, rows)
}

#[test]
fn a_long_daily_series_is_charted_by_week_or_month_and_each_day_on_request() {
    use crate::support::analyse_text;
    let options = |bin: &str| format!(r#"{{"columns":{{"numerator":"Delayed","denominator":"Arrivals"}}{bin}}}"#);
    let (csv, rows) = daily_series(200);
    let weekly = analyse_text(&csv, &options("")).unwrap();
    assert_eq!(weekly["spc_bin"], "week");
    let choice = weekly["choices"].as_array().unwrap().iter().find(|c| c["option"] == "spc.bin").expect("the grouping is a choice");
    assert_eq!(choice["chosen"], "week");
    let organisation = |report: &serde_json::Value, code: &str| {
        report["indicators"][0]["organisations"].as_array().unwrap().iter().find(|o| o["code"] == code).unwrap().clone()
    };
    let rb2 = organisation(&weekly, "RB2");
    let points = rb2["spc"]["points"].as_array().unwrap();
    // 200 days from a Monday: 28 full weeks and 4 days.
    assert_eq!(points.len(), 29);
    // Each point is its week summed, at the week's Monday (the first day in it).
    for (k, point) in points.iter().enumerate() {
        let week: Vec<_> = rows.iter().filter(|r| r.0 == "RB2").skip(7 * k).take(7).collect();
        let expected = 100.0 * week.iter().map(|r| r.2).sum::<f64>() / week.iter().map(|r| r.3).sum::<f64>();
        assert_relative(point["value"].as_f64().unwrap(), expected, 1e-12, &format!("week {k}"));
        assert_eq!(point["period"], week[0].1.as_str());
    }
    // The comparison is the same whichever way the charts group the days.
    let daily = analyse_text(&csv, &options(r#","spc":{"bin":"day"}"#)).unwrap();
    assert_eq!(daily["spc_bin"], serde_json::Value::Null);
    assert_eq!(organisation(&daily, "RB2")["spc"]["points"].as_array().unwrap().len(), 200);
    assert_eq!(daily["period_compared"], weekly["period_compared"]);
    assert_eq!(organisation(&daily, "RB2")["value"], rb2["value"]);
    let kept =
        daily["choices"].as_array().unwrap().iter().find(|c| c["option"] == "spc.bin").expect("a setting keeps its choice, so the page offers the others");
    assert_eq!(kept["chosen"], "day");
    // Over two years: by month. A quarter or less: each day, with nothing to choose.
    let (long, _) = daily_series(800);
    let monthly = analyse_text(&long, &options("")).unwrap();
    assert_eq!(monthly["spc_bin"], "month");
    assert_eq!(organisation(&monthly, "RA1")["spc"]["points"].as_array().unwrap().len(), 27, "January 2023 to March 2025");
    let (short, _) = daily_series(90);
    let by_day = analyse_text(&short, &options("")).unwrap();
    assert_eq!(by_day["spc_bin"], serde_json::Value::Null);
    assert!(!by_day["choices"].as_array().unwrap().iter().any(|c| c["option"] == "spc.bin"));
    assert_eq!(organisation(&by_day, "RA1")["spc"]["points"].as_array().unwrap().len(), 90);
}
