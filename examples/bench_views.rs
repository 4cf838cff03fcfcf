//! Native timing of the widget's views on a file (not a test; run by hand:
//! `cargo run --release --example bench_views -- FILE OPTIONS_JSON`).

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "bench/data/qof_2223_prevalence_by_practice_long.csv".into());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let options = std::env::args().nth(2).unwrap_or_else(|| {
        r#"{"columns":{"code":"PRACTICE_CODE","indicator":"GROUP_CODE","numerator":"REGISTER","denominator":"PRACTICE_LIST_SIZE"},"polarity":"higher_is_better"}"#.into()
    });
    let options = allteach::Options::from_json(&options).expect("options");
    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let start = Instant::now();
        let size = f();
        println!("{label}: {:.0} ms ({size} bytes)", start.elapsed().as_secs_f64() * 1e3);
    };
    let mut analysis = None;
    time("analyse", &mut || {
        analysis = Some(allteach::analyse(&bytes, &options).expect("analysis"));
        0
    });
    let a = analysis.expect("analysis");
    use allteach::present::*;
    time("report columns", &mut || allteach::report::Report::columns(&a).head.len());
    time("indicator view 0", &mut || serde_json::to_string(&indicator_view(&a, 0)).unwrap().len());
    time("organisations", &mut || serde_json::to_string(&organisations(&a)).unwrap().len());
    time("overview", &mut || serde_json::to_string(&overview_view(&a)).unwrap().len());
    time("overview as the widget keeps it, with its first page worded", &mut || {
        serde_json::to_string(&overview_page(&a, &overview_unworded(&a), &RowQuery::default())).unwrap().len()
    });
    time("overview worded, with its first page", &mut || serde_json::to_string(&overview_page(&a, &overview_view(&a), &RowQuery::default())).unwrap().len());
    time("pairing view", &mut || serde_json::to_string(&pairing_view(&a)).unwrap().len());
    time("caterpillar 0", &mut || serde_json::to_string(&caterpillar_view(&a, 0, None, false)).unwrap().len());
    let code = a.org_code(0).to_string();
    time("organisation view", &mut || serde_json::to_string(&organisation_view(&a, &code)).unwrap().len());
}
