use std::collections::HashMap;
use std::path::PathBuf;

pub fn fixture_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative)
}

/// A fixture CSV as rows of column name -> text.
pub fn csv_rows(relative: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(fixture_path(relative)).unwrap_or_else(|e| panic!("fixture {relative}: {e}"));
    let headers = reader.headers().expect("headers").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers.iter().zip(r.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

/// Parse a fixture number; `NA` and blank are `None`.
pub fn num(row: &HashMap<String, String>, column: &str) -> Option<f64> {
    let text = row.get(column).unwrap_or_else(|| panic!("no column {column}"));
    if text.is_empty() || text == "NA" {
        None
    } else {
        Some(text.parse().unwrap_or_else(|e| panic!("{column}={text}: {e}")))
    }
}

pub fn assert_relative(actual: f64, expected: f64, tolerance: f64, context: &str) {
    let scale = expected.abs().max(f64::MIN_POSITIVE);
    let err = if expected == 0.0 { actual.abs() } else { (actual - expected).abs() / scale };
    assert!(err <= tolerance, "{context}: got {actual}, expected {expected} (relative error {err:e} > {tolerance:e})");
}

pub fn assert_absolute(actual: f64, expected: f64, tolerance: f64, context: &str) {
    let err = (actual - expected).abs();
    assert!(err <= tolerance, "{context}: got {actual}, expected {expected} (absolute error {err:e} > {tolerance:e})");
}

/// Analyse CSV text with options given as JSON, returning the report as a JSON value.
pub fn analyse_text(csv: &str, options: &str) -> Result<serde_json::Value, allteach::Error> {
    let options = allteach::Options::from_json(options)?;
    let analysis = allteach::analyse(csv.as_bytes(), &options)?;
    Ok(serde_json::from_str(&allteach::report::Report::new(&analysis).to_json()).expect("report is JSON"))
}

/// The scene a view carries, read back from its JSON form (`drawing`: the scene's bytes).
pub fn scene_of(view_scene: &serde_json::Value) -> allteach::chart::Scene {
    let bytes: Vec<u8> = serde_json::from_value(view_scene["drawing"].clone()).expect("a scene's drawing is bytes");
    allteach::chart::Scene::from_bytes(&bytes).expect("a scene's drawing reads back")
}
