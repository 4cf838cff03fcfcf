//! Native timing of reading alone and of reading plus column mapping (not a test; run by hand:
//! `cargo run --release --example bench_read -- FILE OPTIONS_JSON`). Prints medians.

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
    let (mut read, mut map) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        let start = Instant::now();
        let table = allteach::table::read_table(&bytes).expect("table");
        read.push(start.elapsed().as_secs_f64() * 1e3);
        assert!(table.row_count() > 0);
        let start = Instant::now();
        let inspection = allteach::analysis::inspect(&bytes, &options).expect("inspection");
        map.push(start.elapsed().as_secs_f64() * 1e3);
        assert!(inspection.rows_read > 0);
    }
    let mb = bytes.len() as f64 / 1e6;
    let (r, m) = (median(read), median(map));
    println!("{mb:.1} MB: read {r:.1} ms ({:.0} MB/s); read and map {m:.1} ms ({:.0} MB/s)", mb / (r / 1e3), mb / (m / 1e3));
}
