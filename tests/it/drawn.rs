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
fn a_scene_crosses_as_its_spots_and_bytes_and_comes_back_the_same() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_2026-06.csv")).unwrap();
    let analysis = allteach::analyse(&bytes, &allteach::Options::from_json("{}").unwrap()).unwrap();
    let qof = std::fs::read(crate::support::fixture_path("qof_two_icbs_with_context.csv")).unwrap();
    let practices = allteach::analyse(&qof, &allteach::Options::from_json("{}").unwrap()).unwrap();
    let code = analysis.org_code(0).to_string();
    let monthly = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv")).unwrap();
    let over_time = allteach::analyse(&monthly, &allteach::Options::from_json("{}").unwrap()).unwrap();
    let codes: Vec<String> = (0..5).map(|o| practices.org_code(o).to_string()).collect();
    let scenes = [
        indicator_view(&analysis, 0).unwrap().funnel_scene.unwrap(),
        caterpillar_view(&practices, 0, Some(practices.org_code(0)), false).unwrap().scene,
        organisation_view(&analysis, &code).unwrap().spine_scene,
        spc_view(&over_time, 0, 0).unwrap().scene,
        allteach::present::overview_chart(&practices, &codes),
    ];
    // Every kind of shape is among them, so every kind crosses.
    let kind = |item: &allteach::chart::Item| format!("{item:?}").split([' ', '{']).next().unwrap_or("").to_string();
    let kinds: std::collections::BTreeSet<String> = scenes.iter().flat_map(|s| s.items.iter().map(kind)).collect();
    let every = ["Cell", "Circle", "Group", "GroupEnd", "Line", "Polygon", "Rect", "Text", "Verticals"];
    assert_eq!(kinds.iter().map(String::as_str).collect::<Vec<_>>(), every);
    for scene in &scenes {
        // What the page reads: its size, name and marks; the rest only drawChart reads.
        let crossed = serde_json::to_value(scene).unwrap();
        assert_eq!(crossed["label"], scene.label.as_str());
        assert_eq!(crossed["spots"].as_array().unwrap().len(), scene.spots().len());
        let back = crate::support::scene_of(&crossed);
        assert_eq!(back.items, untitled(&scene.items), "{}: everything but the tooltips, which come with the spots", scene.label);
        assert!(crossed["drawing"].as_array().unwrap().len() < scene.to_bytes().len() || scene.spots().is_empty());
        assert_eq!((back.width, back.height, back.clip), (scene.width, scene.height, scene.clip));
        assert_eq!(drawn(&back, 1.0), drawn(scene, 1.0));
    }
}

#[test]
fn bytes_that_are_not_a_scene_are_an_error_never_a_panic() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_2026-06.csv")).unwrap();
    let analysis = allteach::analyse(&bytes, &allteach::Options::from_json("{}").unwrap()).unwrap();
    let drawing = indicator_view(&analysis, 0).unwrap().funnel_scene.unwrap().to_bytes();
    assert!(Scene::from_bytes(&drawing).is_ok());
    // Every length cut short, and a byte to spare.
    for end in 0..drawing.len() {
        assert!(Scene::from_bytes(&drawing[..end]).is_err(), "cut at {end}");
    }
    assert!(Scene::from_bytes(&[drawing.as_slice(), &[0]].concat()).is_err());
    // Every byte changed: an error or some scene, never a panic (a count read as 4 GB is refused
    // before anything is allocated for it); a scene that still reads is drawn, and drawing it
    // ends (sizes and dashes out of bounds are refused, as a huge dash count would never end).
    let mut drawn_damaged = 0;
    for at in 0..drawing.len() {
        for value in [0u8, 0x7f, 0xff] {
            let mut damaged = drawing.clone();
            damaged[at] = value;
            if let Ok(scene) = Scene::from_bytes(&damaged) {
                if at % 5 == 0 {
                    drawn(&scene, 1.0);
                    drawn_damaged += 1;
                }
            }
        }
    }
    assert!(drawn_damaged > 100, "{drawn_damaged} damaged scenes drawn");
    // A dash too fine, a size out of bounds: refused.
    let mut scene = Scene::from_bytes(&drawing).unwrap();
    scene.width = 1e12;
    assert!(Scene::from_bytes(&scene.to_bytes()).unwrap_err().contains("bounds"));
    assert!(Scene::from_bytes(&[2]).unwrap_err().contains("version"));
}

/// Items without their tooltips, as a scene's drawing carries them.
fn untitled(items: &[allteach::chart::Item]) -> Vec<allteach::chart::Item> {
    use allteach::chart::Item;
    items
        .iter()
        .cloned()
        .map(|mut item| {
            match &mut item {
                Item::Rect { title, .. } | Item::Circle { title, .. } | Item::Polygon { title, .. } | Item::Text { title, .. } => *title = None,
                Item::Cell { title, .. } => title.clear(),
                _ => {}
            }
            item
        })
        .collect()
}
