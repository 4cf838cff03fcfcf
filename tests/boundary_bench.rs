//! A benchmark, not a test (ignored unless asked for; `./dev bench` runs it): how the whole
//! report of the national QOF file crosses the wasm boundary in headless Chromium, three ways.
//!   - columns: `Report::columns` and its typed arrays, the way the widget takes it (the page
//!     then builds an organisation's object only when a script reads it);
//!   - serde-wasm-bindgen: the report as one tree of JS objects (`serde_wasm_bindgen::to_value`);
//!   - JSON text: `Report::to_json`, then `JSON.parse` in the browser.
//!
//! Medians of 7 runs each, interleaved; printed for the README.
#![cfg(target_arch = "wasm32")]

use allteach::report::Report;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const QOF: &[u8] = include_bytes!("../bench/data/qof_2223_prevalence_by_practice_long.csv");
const OPTIONS: &str =
    r#"{"columns":{"code":"PRACTICE_CODE","indicator":"GROUP_CODE","numerator":"REGISTER","denominator":"PRACTICE_LIST_SIZE"},"polarity":"no_judgement"}"#;

fn now() -> f64 {
    js_sys::Date::now()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[wasm_bindgen_test]
#[ignore]
fn the_report_crossing_the_boundary_three_ways() {
    let options = allteach::Options::from_json(OPTIONS).unwrap();
    let analysis = allteach::analyse(QOF, &options).unwrap();
    let (mut columns, mut value, mut json) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..7 {
        let start = now();
        let c = Report::columns(&analysis);
        let crossed = (
            js_sys::JsString::from(c.head.as_str()),
            js_sys::Float64Array::from(&c.numbers[..]),
            js_sys::Uint32Array::from(&c.rows[..]),
            js_sys::Uint32Array::from(&c.orgs[..]),
            js_sys::Uint32Array::from(&c.ranks[..]),
            js_sys::Uint8Array::from(&c.outcomes[..]),
            js_sys::JsString::from(c.names.as_str()),
        );
        columns.push(now() - start);
        assert!(crossed.1.length() > 0);

        let start = now();
        let tree = serde_wasm_bindgen::to_value(&Report::new(&analysis)).unwrap();
        value.push(now() - start);
        assert!(tree.is_object());

        let start = now();
        let parsed = js_sys::JSON::parse(&Report::new(&analysis).to_json()).unwrap();
        json.push(now() - start);
        assert!(parsed.is_object());
    }
    console_log!(
        "report of the national QOF file (6,378 practices x 21 registers) across the boundary, median of 7: columns {:.0} ms; serde-wasm-bindgen {:.0} ms; JSON text + JSON.parse {:.0} ms",
        median(columns),
        median(value),
        median(json)
    );
}

/// The small view models the page asks for, two ways: JSON text then `JSON.parse` (as the
/// widget does) against one tree of JS objects through serde-wasm-bindgen.
#[wasm_bindgen_test]
#[ignore]
fn the_view_models_crossing_the_boundary_two_ways() {
    let options = allteach::Options::from_json(OPTIONS).unwrap();
    let analysis = allteach::analyse(QOF, &options).unwrap();
    let query = allteach::present::RowQuery::default();
    let overview = allteach::present::overview_view(&analysis);
    let page = allteach::present::overview_page(&analysis, &overview, &query);
    let table = allteach::present::indicator_page(allteach::present::indicator_view(&analysis, 0).unwrap(), &query);
    let organisation = allteach::present::organisation_view(&analysis, analysis.org_code(0)).unwrap();
    let mut lines = Vec::new();
    for (name, json, value) in [
        ("overview page", serde_json::to_string(&page).unwrap(), serde_wasm_bindgen::to_value(&page).unwrap()),
        ("results table page", serde_json::to_string(&table).unwrap(), serde_wasm_bindgen::to_value(&table).unwrap()),
        ("one organisation", serde_json::to_string(&organisation).unwrap(), serde_wasm_bindgen::to_value(&organisation).unwrap()),
    ] {
        assert!(value.is_object() && !json.is_empty());
        let (mut via_json, mut via_value) = (Vec::new(), Vec::new());
        for _ in 0..15 {
            let start = now();
            let text = match name {
                "overview page" => serde_json::to_string(&page),
                "results table page" => serde_json::to_string(&table),
                _ => serde_json::to_string(&organisation),
            }
            .unwrap();
            let parsed = js_sys::JSON::parse(&text).unwrap();
            via_json.push(now() - start);
            assert!(parsed.is_object());
            let start = now();
            let tree = match name {
                "overview page" => serde_wasm_bindgen::to_value(&page),
                "results table page" => serde_wasm_bindgen::to_value(&table),
                _ => serde_wasm_bindgen::to_value(&organisation),
            }
            .unwrap();
            via_value.push(now() - start);
            assert!(tree.is_object());
        }
        lines.push(format!(
            "{name} ({} kB of JSON): JSON + parse {:.1} ms, serde-wasm-bindgen {:.1} ms",
            json.len() / 1000,
            median(via_json),
            median(via_value)
        ));
    }
    console_log!("views of the national QOF file across the boundary, median of 15: {}", lines.join("; "));
}
