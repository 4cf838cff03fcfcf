//! The wasm boundary in a real browser: `cargo test --target wasm32-unknown-unknown --test web`
//! runs these in headless Chromium through wasm-bindgen-test-runner and Debian's chromedriver.
#![cfg(target_arch = "wasm32")]

use allteach::wasm::{analyse_json, panicked, version, Session};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &[u8] = include_bytes!("../samples/ae_type1_4hr_2026-06.csv");

fn report(bytes: &[u8], options: &str) -> serde_json::Value {
    let json = analyse_json(bytes.to_vec(), options).map_err(|_| "analyse_json failed").unwrap();
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
    assert!(analyse_json(Vec::new(), "{}").is_err());
    assert!(analyse_json(SAMPLE.to_vec(), "{\"polarity\": 3}").is_err());
    assert!(analyse_json(b"\x00\x01\x02binary".to_vec(), "{}").is_err());
    assert!(!panicked());
}

#[wasm_bindgen_test]
fn views_cross_as_plain_objects_with_their_charts_scenes() {
    let session = Session::new(SAMPLE.to_vec(), "{}").map_err(|_| "session").unwrap();
    // Views are asked for and answered as plain JS objects (serde-wasm-bindgen both ways).
    let ask = |request: serde_json::Value| -> serde_json::Value {
        // As a page writes it: a plain object (serde_json's maps would otherwise cross as a Map).
        let request = serde::Serialize::serialize(&request, &serde_wasm_bindgen::Serializer::json_compatible()).unwrap();
        let answer = session.view(request).map_err(|_| "view").unwrap();
        assert!(!answer.is_instance_of::<js_sys::Map>(), "plain objects, not Maps");
        // A chart's drawing is a Uint8Array, which a JSON value cannot hold: read as numbers.
        let scene = js_sys::Reflect::get(&answer, &"funnel_scene".into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
        let drawing = js_sys::Reflect::get(&scene, &"drawing".into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
        assert!(drawing.is_undefined() || drawing.is_instance_of::<js_sys::Uint8Array>(), "a chart's drawing crosses as bytes");
        if let Ok(drawing) = drawing.dyn_into::<js_sys::Uint8Array>() {
            js_sys::Reflect::set(&scene, &"drawing".into(), &js_sys::Array::from(&drawing)).unwrap();
        }
        serde_wasm_bindgen::from_value(answer).unwrap()
    };
    let view = ask(serde_json::json!({ "what": "indicator", "indicator": 0 }));
    // The funnel comes as its scene, to be drawn in the page: one organisation's mark per trust.
    let marks = view["funnel_scene"]["spots"].as_array().unwrap().iter().filter(|spot| !spot["code"].as_str().unwrap().is_empty()).count();
    assert_eq!(marks, 120, "one mark per trust");
    assert!(view["funnel_scene"]["drawing"].as_array().is_some_and(|bytes| bytes.len() > 120), "and its drawing");
    assert!(view["funnel_scene"]["label"].as_str().unwrap().starts_with("Funnel plot"));
    assert!(view.get("funnel_svg").is_none(), "the SVG text stays in the core");
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
    let json = allteach::wasm::analyse_files_json(SAMPLE.to_vec(), Vec::new(), &[], options).map_err(|_| "analyse_files_json failed").unwrap();
    let from_value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let from_text = report(SAMPLE, r#"{"polarity":"lower_is_better","columns":{"numerator":["Seen within 4 hours"],"complement":true}}"#);
    assert_eq!(from_value, from_text);
    assert_eq!(from_value["indicators"][0]["polarity"], "lower_is_better");
    let unknown = js_sys::JSON::parse(r#"{"polarty":"lower_is_better"}"#).unwrap();
    assert!(allteach::wasm::analyse_files_json(SAMPLE.to_vec(), Vec::new(), &[], unknown).is_err());
    assert!(allteach::wasm::analyse_files_json(SAMPLE.to_vec(), Vec::new(), &[], wasm_bindgen::JsValue::UNDEFINED).is_ok(), "undefined is the defaults");
}

/// A pixel of the canvas, as (r, g, b, a).
fn pixel(canvas: &web_sys::HtmlCanvasElement, x: f64, y: f64) -> [u8; 4] {
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = context.get_image_data(x.round(), y.round(), 1.0, 1.0).unwrap().data();
    [data[0], data[1], data[2], data[3]]
}

#[wasm_bindgen_test]
fn a_chart_is_drawn_on_a_canvas_by_plotters_at_the_screens_pixel_ratio() {
    let analysis = allteach::analyse(SAMPLE, &allteach::Options::from_json("{}").unwrap()).unwrap();
    let scene = allteach::present::indicator_view(&analysis, 0).unwrap().funnel_scene.unwrap();
    // As the page has it from a view: what it reads itself, and the drawing as a Uint8Array.
    let value = serde_wasm_bindgen::to_value(&scene).unwrap();
    let get = |name: &str| js_sys::Reflect::get(&value, &name.into()).unwrap();
    let drawing: js_sys::Uint8Array = get("drawing").dyn_into().expect("the drawing crosses as a Uint8Array");
    let spots: Vec<serde_json::Value> = serde_wasm_bindgen::from_value(get("spots")).unwrap();
    assert_eq!(spots.len(), 120, "every trust's mark comes with the scene for tooltips");
    assert_eq!(get("label").as_string().unwrap(), scene.label);
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    for dpr in [1.0, 2.0] {
        allteach::wasm::draw_chart(canvas.clone(), &drawing.to_vec(), dpr).map_err(|_| "drawn").unwrap();
        // The backing store is the chart's size times the pixel ratio.
        assert_eq!(canvas.width(), (scene.width * dpr).round() as u32);
        assert_eq!(canvas.height(), (scene.height * dpr).round() as u32);
        // Each mark is painted in its outcome's colour where it is said to be; the corner is
        // the chart's white.
        let colours: std::collections::HashSet<[u8; 3]> = ["#00703c", "#ffdd00", "#d4351c", "#003078", "#5694ca", "#ffffff"]
            .iter()
            .map(|hex| {
                let c = allteach::chart::scene::Rgb::hex(hex);
                [c.0, c.1, c.2]
            })
            .collect();
        let mut painted = 0;
        for spot in &spots {
            let [r, g, b, a] = pixel(&canvas, spot["x"].as_f64().unwrap() * dpr, spot["y"].as_f64().unwrap() * dpr);
            if a == 255 && colours.contains(&[r, g, b]) && [r, g, b] != [255, 255, 255] {
                painted += 1;
            }
        }
        // Marks overlap where trusts crowd: most centres still show their own colour.
        assert!(painted > 60, "{painted} of 120 marks painted at {dpr}x");
        assert_eq!(pixel(&canvas, 2.0, 2.0), [255, 255, 255, 255]);
    }
    assert!(allteach::wasm::draw_chart(canvas, b"no", 1.0).is_err(), "not a chart: an error, not a panic");
    assert!(!panicked());
}

/// Every pixel of a canvas, as RGBA bytes.
fn pixels(canvas: &web_sys::HtmlCanvasElement) -> Vec<u8> {
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    context.get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64).unwrap().data().0
}

#[wasm_bindgen_test]
fn shapes_drawn_as_one_path_look_as_drawn_one_by_one() {
    // Runs of marks and lines in one colour go to the canvas as one path: the funnel and the
    // ranked chart of 120 trusts look the same as when each shape is drawn with its own calls.
    let analysis = allteach::analyse(SAMPLE, &allteach::Options::from_json("{}").unwrap()).unwrap();
    let funnel = allteach::present::indicator_view(&analysis, 0).unwrap().funnel_scene.unwrap();
    let ranked = allteach::present::caterpillar_view(&analysis, 0, None, false).unwrap().scene;
    // Grey ▲, ▼ and ● overlapping, as a group highlight mutes everyone else's marks: one path,
    // in which a ▼ winding against the others would leave holes where they overlap.
    let mut crowded = allteach::chart::Scene::new(200.0, 200.0, "crowded");
    crowded.rect(0.0, 0.0, 200.0, 200.0, "#ffffff", None);
    let everyone: std::collections::HashSet<String> = std::collections::HashSet::new();
    for k in 0..60 {
        let (x, y) = (30.0 + 2.3 * k as f64, 40.0 + 1.7 * (k % 40) as f64);
        let mark = [allteach::chart::Mark::Better, allteach::chart::Mark::Worse, allteach::chart::Mark::Similar][k % 3];
        allteach::chart::marks::marker(&mut crowded, mark, x, y, 12.0, Some(allteach::chart::marks::OrgRef { code: &format!("O{k}"), focus: false }), "");
    }
    crowded.mute_others(&everyone);
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas = || -> web_sys::HtmlCanvasElement { document.create_element("canvas").unwrap().dyn_into().unwrap() };
    for (name, scene) in [("funnel", funnel), ("ranked", ranked), ("crowded grey marks", crowded)] {
        for dpr in [1.0, 2.0] {
            let (one_by_one, batched) = (canvas(), canvas());
            allteach::wasm::draw_chart_with(one_by_one.clone(), &scene.to_bytes(), dpr, false).map_err(|_| "drawn").unwrap();
            allteach::wasm::draw_chart_with(batched.clone(), &scene.to_bytes(), dpr, true).map_err(|_| "drawn").unwrap();
            let (a, b) = (pixels(&one_by_one), pixels(&batched));
            assert_eq!(a.len(), b.len());
            let inked = a.chunks(4).filter(|p| p[..3] != [255, 255, 255]).count();
            // Anti-aliasing where shapes of one colour overlap may differ a little; nothing else.
            let differ = a.chunks(4).zip(b.chunks(4)).filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 64)).count();
            // A hole (or a blot): white in one drawing where the other is inked; light marks
            // differ from white by less than 64 levels, so this is counted on its own.
            let white = |p: &[u8]| p[..3] == [255, 255, 255];
            let holes =
                a.chunks(4).zip(b.chunks(4)).filter(|(p, q)| white(p) != white(q) && p[..3].iter().zip(&q[..3]).any(|(x, y)| x.abs_diff(*y) > 24)).count();
            web_sys::console::log_1(&format!("{name} at {dpr}x: {inked} inked pixels, {differ} differ").into());
            assert!(inked > 3_000, "{name} at {dpr}x: the chart is drawn ({inked} inked pixels)");
            assert!(differ * 1000 <= inked, "{name} at {dpr}x: {differ} of {inked} inked pixels differ");
            assert!(holes * 1000 <= inked, "{name} at {dpr}x: {holes} of {inked} inked pixels are white in one drawing only");
        }
    }
}
