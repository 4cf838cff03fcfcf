//! Native timing of the Rust core on the national QOF file (run by `./dev bench`; not a test).
//! Prints medians of repeated runs: the core alone, and the core plus the report's JSON.

use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "bench/data/qof_2223_prevalence_by_practice_long.csv".into());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let options = std::env::args().nth(2).unwrap_or_else(|| {
        r#"{"columns":{"code":"PRACTICE_CODE","indicator":"GROUP_CODE","numerator":"REGISTER","denominator":"PRACTICE_LIST_SIZE"},"polarity":"no_judgement"}"#.into()
    });
    let options = allteach::Options::from_json(&options).expect("options");
    let (mut core, mut with_json) = (Vec::new(), Vec::new());
    let mut rows = 0;
    for _ in 0..15 {
        let start = Instant::now();
        let analysis = allteach::analyse(&bytes, &options).expect("analysis");
        core.push(start.elapsed().as_secs_f64() * 1e3);
        let json = allteach::report::Report::new(&analysis).to_json();
        with_json.push(start.elapsed().as_secs_f64() * 1e3);
        rows = analysis.dataset.rows_read;
        assert!(!json.is_empty());
    }
    println!("{{\"rows\":{rows},\"native_core_ms\":{:.1},\"native_core_and_json_ms\":{:.1}}}", median(core), median(with_json));
}
