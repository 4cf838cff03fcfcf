//! The wasm boundary in a real browser: `cargo test --target wasm32-unknown-unknown --test web`
//! runs these in headless Chromium through wasm-bindgen-test-runner and Debian's chromedriver.
#![cfg(target_arch = "wasm32")]

use allteach::wasm::{analyse_json, panicked, version, Session};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &[u8] = include_bytes!("../samples/ae_type1_4hr_2026-06.csv");

fn report(bytes: &[u8], options: &str) -> serde_json::Value {
    let json = analyse_json(bytes, options).map_err(|_| "analyse_json failed").unwrap();
    serde_json::from_str(&json).unwrap()
}

#[wasm_bindgen_test]
fn the_sample_is_analysed_in_wasm_as_natively() {
    let in_wasm = report(SAMPLE, r#"{"polarity":"higher_is_better"}"#);
    assert_eq!(in_wasm["rows"]["used"], 120);
    // The boundary adds nothing: its JSON is the core's own report.
    let options = allteach::Options::from_json(r#"{"polarity":"higher_is_better"}"#).unwrap();
    let analysis = allteach::analyse(SAMPLE, &options).unwrap();
    let native: serde_json::Value = serde_json::from_str(&allteach::report::Report::new(&analysis).to_json()).unwrap();
    assert_eq!(in_wasm, native);
    assert_eq!(version(), "0.1.0");
}

#[wasm_bindgen_test]
fn errors_cross_the_boundary_as_errors_not_panics() {
    assert!(analyse_json(b"", "{}").is_err());
    assert!(analyse_json(SAMPLE, "{\"polarity\": 3}").is_err());
    assert!(analyse_json(b"\x00\x01\x02binary", "{}").is_err());
    assert!(!panicked());
}

#[wasm_bindgen_test]
fn the_funnel_svg_is_valid_markup_in_the_browser() {
    let session = Session::new(SAMPLE, "{}").map_err(|_| "session").unwrap();
    // Views are asked for and answered as plain JS objects (serde-wasm-bindgen both ways).
    let ask = |request: serde_json::Value| -> serde_json::Value {
        let answer = session.view(serde_wasm_bindgen::to_value(&request).unwrap()).map_err(|_| "view").unwrap();
        assert!(!answer.is_instance_of::<js_sys::Map>(), "plain objects, not Maps");
        serde_wasm_bindgen::from_value(answer).unwrap()
    };
    let view = ask(serde_json::json!({ "what": "indicator", "indicator": 0 }));
    let svg = view["funnel_svg"].as_str().unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let holder = document.create_element("div").unwrap();
    holder.set_inner_html(svg);
    let marks = holder.query_selector_all("svg > g path, svg > g circle").unwrap();
    assert_eq!(marks.length(), 120, "one mark per trust");
    assert!(holder.query_selector("svg[role=img]").unwrap().is_some());
    assert!(holder.query_selector("[style]").unwrap().is_none(), "no style attributes (strict style-src)");
    assert_eq!(ask(serde_json::json!({ "what": "indicator", "indicator": 7 })), serde_json::Value::Null);
    assert_eq!(ask(serde_json::json!({ "what": "overview", "query": { "page": 0 } }))["page"]["total"], 120);
    // A misspelt request is an error with a sentence, not a silent default.
    assert!(session.view(serde_wasm_bindgen::to_value(&serde_json::json!({ "what": "overview", "qeury": {} })).unwrap()).is_err());
}

#[wasm_bindgen_test]
fn options_cross_as_javascript_values() {
    // serde-wasm-bindgen reads the options object straight into Options: the same report as
    // the JSON text gives, and the same refusal of an unknown option.
    let options = js_sys::JSON::parse(r#"{"polarity":"lower_is_better","columns":{"numerator":["Seen within 4 hours"],"complement":true}}"#).unwrap();
    let json = allteach::wasm::analyse_files_json(SAMPLE, &[], &[], options).map_err(|_| "analyse_files_json failed").unwrap();
    let from_value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let from_text = report(SAMPLE, r#"{"polarity":"lower_is_better","columns":{"numerator":["Seen within 4 hours"],"complement":true}}"#);
    assert_eq!(from_value, from_text);
    assert_eq!(from_value["indicators"][0]["polarity"], "lower_is_better");
    let unknown = js_sys::JSON::parse(r#"{"polarty":"lower_is_better"}"#).unwrap();
    assert!(allteach::wasm::analyse_files_json(SAMPLE, &[], &[], unknown).is_err());
    assert!(allteach::wasm::analyse_files_json(SAMPLE, &[], &[], wasm_bindgen::JsValue::UNDEFINED).is_ok(), "undefined is the defaults");
}
