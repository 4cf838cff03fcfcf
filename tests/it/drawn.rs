//! Every chart drawn through plotters' `DrawingBackend`, here its SVG backend (in the page the
//! same code draws on a canvas through plotters-canvas): at 1 and 2 backend pixels per chart
//! pixel, the output is well-formed, the size asked for, draws a mark for every organisation
//! the chart has, and says what the chart shows.

use allteach::chart::draw::draw;
use allteach::chart::Scene;
use allteach::present::{caterpillar_view, indicator_view, organisation_view, spc_view};

fn drawn(scene: &Scene, scale: f64) -> String {
    let mut out = String::new();
    {
        let size = ((scene.width * scale).round() as u32, (scene.height * scale).round() as u32);
        let mut backend = plotters_svg::SVGBackend::with_string(&mut out, size);
        draw(scene, &mut backend, scale).expect("drawn");
    }
    out
}

/// Well-formed XML, read through to its end.
fn parses(svg: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(svg);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

fn check(scene: &Scene, what: &str, says: &[&str]) {
    let marks = scene.spots().len();
    for scale in [1.0, 2.0] {
        let svg = drawn(scene, scale);
        assert!(parses(&svg), "{what} at {scale}x is not well-formed");
        let width = format!("width=\"{}\"", (scene.width * scale).round());
        assert!(svg.contains(&width), "{what} at {scale}x: {width} in {}", &svg[..200.min(svg.len())]);
        let shapes = svg.matches("<circle").count() + svg.matches("<polygon").count() + svg.matches("<rect").count();
        assert!(shapes >= marks, "{what} at {scale}x: {shapes} shapes for {marks} marks");
        for words in says {
            assert!(svg.contains(words), "{what} at {scale}x does not say {words:?}");
        }
        assert!(!svg.contains("NaN"), "{what} at {scale}x");
    }
}

#[test]
fn every_chart_is_drawn_through_plotters_at_one_and_two_pixels_per_point() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_2026-06.csv")).unwrap();
    let analysis = allteach::analyse(&bytes, &allteach::Options::from_json("{}").unwrap()).unwrap();
    let funnel = indicator_view(&analysis, 0).unwrap();
    let scene = funnel.funnel_scene.expect("a funnel");
    assert_eq!(scene.spots().len(), 120, "every trust is a mark the page can find");
    check(&scene, "funnel", &["95% limits", "Benchmark"]);
    let strip = caterpillar_view(&analysis, 0, None, false).unwrap();
    assert!(!strip.labelled);
    check(&strip.scene, "ranked strip", &["95% interval"]);
    let code = analysis.org_code(0).to_string();
    let qof = std::fs::read(crate::support::fixture_path("qof_two_icbs_with_context.csv")).unwrap();
    let with_peers = r#"{"columns":{"context":["Patients (all ages)","% aged 50+","IMD 2019"]},"peers":{"k":10}}"#;
    let practices = allteach::analyse(&qof, &allteach::Options::from_json(with_peers).unwrap()).unwrap();
    let rows = caterpillar_view(&practices, 0, Some(practices.org_code(0)), true).unwrap();
    assert!(rows.labelled, "a practice and its 10 peers, a labelled row each");
    check(&rows.scene, "labelled rows", &["Organisation (best first)"]);
    let spine = organisation_view(&analysis, &code).unwrap();
    check(&spine.spine_scene, "spine", &["Middle half of organisations"]);
    let monthly = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv")).unwrap();
    let over_time = allteach::analyse(&monthly, &allteach::Options::from_json(r#"{"spc":{"target":78}}"#).unwrap()).unwrap();
    let spc = spc_view(&over_time, 0, 0).unwrap();
    check(&spc.scene, "SPC", &["Process limits", "Assurance", "Variation"]);
}

#[test]
fn a_scene_crosses_as_a_plain_value_and_comes_back_the_same() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_2026-06.csv")).unwrap();
    let analysis = allteach::analyse(&bytes, &allteach::Options::from_json("{}").unwrap()).unwrap();
    let scene = indicator_view(&analysis, 0).unwrap().funnel_scene.unwrap();
    let text = serde_json::to_string(&scene).unwrap();
    assert!(text.contains(r##""fill":"#"##), "colours cross as #rrggbb");
    let back: Scene = serde_json::from_str(&text).unwrap();
    assert_eq!(back.items, scene.items);
    assert_eq!(drawn(&back, 1.0), drawn(&scene, 1.0));
}
