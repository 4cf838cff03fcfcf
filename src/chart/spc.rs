//! The XmR chart of one organisation: values over time, the mean, the process limits (which
//! step at a rebase), special-cause points by colour and shape, and the Making Data Count
//! variation and assurance icons, drawn here rather than copied.

use super::nice_ticks;
use super::scene::{Anchor, Font, Item, Paint, Scene};

pub struct SpcPoint<'a> {
    pub period: &'a str,
    pub value: f64,
    pub mean: f64,
    pub lpl: f64,
    pub upl: f64,
    /// "common_cause", "special_cause_improvement", ...
    pub point_type: &'a str,
    /// The special-cause rule points upwards (above the mean, or an increasing trend).
    pub upwards: bool,
    pub tooltip: String,
}

pub struct SpcSpec<'a> {
    pub label: &'a str,
    pub y_label: &'a str,
    pub format_tick: &'a dyn Fn(f64) -> String,
    pub points: Vec<SpcPoint<'a>>,
    pub target: Option<f64>,
    /// Variation icon: point type of the latest point; assurance: pass/fail/inconsistent.
    pub variation: &'a str,
    pub assurance: Option<&'a str>,
    /// Whether higher values are the improving direction (for the icon's letter).
    pub higher_is_better: Option<bool>,
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 460.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 30.0;
/// Room below the plot for the period labels and the key.
const BOTTOM: f64 = 100.0;

/// Colours of the NHS Making Data Count icons: grey common cause, blue improvement, orange
/// concern, purple neutral (with shapes and letters as well, never colour alone).
fn colour(point_type: &str) -> &'static str {
    match point_type {
        "special_cause_improvement" => "#005eb8",
        "special_cause_concern" => "#ed8b00",
        "special_cause_neutral_high" | "special_cause_neutral_low" => "#6a2c91",
        _ => "#768692",
    }
}

pub fn spc_svg(spec: &SpcSpec) -> String {
    spc(spec).to_svg()
}

pub fn spc(spec: &SpcSpec) -> Scene {
    let count = spec.points.len().max(1);
    let (lo, hi) = value_range(spec);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let sx = |i: usize| LEFT + if count > 1 { i as f64 / (count - 1) as f64 * plot_w } else { plot_w / 2.0 };
    let sy = |y: f64| TOP + (hi - y) / (hi - lo) * plot_h;

    let mut svg = Scene::new(WIDTH, HEIGHT, spec.label);
    svg.rect(0.0, 0.0, WIDTH, HEIGHT, "#ffffff", None);
    axes(&mut svg, spec, (lo, hi), &sx, &sy);
    // Mean and limits, as steps so that a rebase shows as a break; none where there are none
    // (too few points for limits).
    let line = |f: &dyn Fn(&SpcPoint) -> f64| -> Vec<(f64, f64)> {
        spec.points.iter().enumerate().filter(|(_, p)| f(p).is_finite()).map(|(i, p)| (sx(i), sy(f(p)))).collect()
    };
    svg.polyline(line(&|p| p.upl), "#425563", 1.5, Some((6.0, 4.0)), false);
    svg.polyline(line(&|p| p.lpl), "#425563", 1.5, Some((6.0, 4.0)), false);
    svg.polyline(line(&|p| p.mean), "#0b0c0c", 1.5, None, false);
    if let Some(t) = spec.target {
        svg.line(LEFT, sy(t), LEFT + plot_w, sy(t), "#d5281b", 1.5, Some((2.0, 3.0)));
    }
    svg.polyline(line(&|p| p.value), "#768692", 1.2, None, false);
    for (i, p) in spec.points.iter().enumerate() {
        svg.push(point_mark(p, sx(i), sy(p.value)));
    }
    icons(&mut svg, spec);
    key(&mut svg, spec.target.is_some());
    svg
}

/// What the marks and lines mean, beneath the chart: shapes and words as well as colours.
fn key(svg: &mut Scene, with_target: bool) {
    let y = HEIGHT - 22.0;
    // The key's marks are not organisations' points: hidden from a screen reader.
    svg.push(Item::Group { label: None, hidden: true });
    let entries: [(&str, &str, f64); 4] = [
        ("common_cause", "Common cause", 0.0),
        ("special_cause_improvement", "Improvement", 120.0),
        ("special_cause_concern", "Concern", 240.0),
        ("special_cause_neutral_high", "Special cause, neither", 340.0),
    ];
    for (point_type, words, dx) in entries {
        let p = SpcPoint { period: "", value: 0.0, mean: 0.0, lpl: 0.0, upl: 0.0, point_type, upwards: true, tooltip: String::new() };
        svg.push(point_mark(&p, LEFT + dx, y - 4.0));
        svg.text(LEFT + dx + 12.0, y, Anchor::Start, words, Font::PLAIN);
    }
    svg.push(Item::GroupEnd);
    let lines_y = y + 18.0;
    svg.line(LEFT - 6.0, lines_y - 4.0, LEFT + 18.0, lines_y - 4.0, "#0b0c0c", 1.5, None);
    svg.text(LEFT + 24.0, lines_y, Anchor::Start, "Mean", Font::PLAIN);
    svg.line(LEFT + 114.0, lines_y - 4.0, LEFT + 138.0, lines_y - 4.0, "#425563", 1.5, Some((6.0, 4.0)));
    svg.text(LEFT + 144.0, lines_y, Anchor::Start, "Process limits", Font::PLAIN);
    if with_target {
        svg.line(LEFT + 274.0, lines_y - 4.0, LEFT + 298.0, lines_y - 4.0, "#d5281b", 1.5, Some((2.0, 3.0)));
        svg.text(LEFT + 304.0, lines_y, Anchor::Start, "Target", Font::PLAIN);
    }
}

/// The y range: every finite value, limit and the target, padded by 6 %.
fn value_range(spec: &SpcSpec) -> (f64, f64) {
    let values = spec.points.iter().flat_map(|p| [p.value, p.lpl, p.upl]).chain(spec.target).filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let pad = ((hi - lo) * 0.06).max(1e-9);
    (lo - pad, hi + pad)
}

/// Gridlines with their values, the axes, period labels and the y-axis title.
fn axes(svg: &mut Scene, spec: &SpcSpec, (lo, hi): (f64, f64), sx: &dyn Fn(usize) -> f64, sy: &dyn Fn(f64) -> f64) {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let (ticks, _) = nice_ticks(lo, hi, 6);
    for &t in &ticks {
        svg.line(LEFT, sy(t), LEFT + plot_w, sy(t), "#dddddd", 1.0, None);
        svg.text(LEFT - 8.0, sy(t) + 4.0, Anchor::End, &(spec.format_tick)(t), Font::PLAIN);
    }
    svg.line(LEFT, TOP + plot_h, LEFT + plot_w, TOP + plot_h, "#0b0c0c", 1.0, None);
    svg.line(LEFT, TOP, LEFT, TOP + plot_h, "#0b0c0c", 1.0, None);
    let count = spec.points.len().max(1);
    let step = (count / 6).max(1);
    for (i, p) in spec.points.iter().enumerate() {
        // Label every step-th period, and the last unless it would crowd the one before.
        let last = i + 1 == count && (i % step) * 2 >= step;
        if i % step == 0 || last {
            svg.line(sx(i), TOP + plot_h, sx(i), TOP + plot_h + 5.0, "#0b0c0c", 1.0, None);
            svg.text(sx(i), TOP + plot_h + 20.0, Anchor::Middle, p.period, Font::PLAIN);
        }
    }
    svg.text(16.0, TOP + plot_h / 2.0, Anchor::Middle, spec.y_label, Font::BOLD.turned(-90.0));
}

/// A point's mark: a circle for common cause, a square for neutral special cause, and a triangle
/// pointing the way the process moved for improvement or concern.
fn point_mark(p: &SpcPoint, x: f64, y: f64) -> Item {
    let fill = colour(p.point_type);
    let title = Some(p.tooltip.clone()).filter(|t| !t.is_empty());
    let org = None;
    let outlined = Paint::outlined(Some(fill), "#0b0c0c", 1.0);
    match p.point_type {
        "common_cause" => Item::Circle { x, y, r: 3.5, paint: Paint::fill(fill), org, title },
        "special_cause_neutral_high" | "special_cause_neutral_low" => Item::Rect { x: x - 4.5, y: y - 4.5, w: 9.0, h: 9.0, paint: outlined, org, title },
        _ => {
            let (tip, base) = if p.upwards { (y - 6.5, y + 4.5) } else { (y + 6.5, y - 4.5) };
            Item::Polygon { points: vec![(x, tip), (x + 6.0, base), (x - 6.0, base)], paint: outlined, org, title }
        }
    }
}

/// The variation and assurance icons, at the right of the chart, each with its words.
fn icons(svg: &mut Scene, spec: &SpcSpec) {
    let x = WIDTH - RIGHT + 75.0;
    let (letter, words) = match (spec.variation, spec.higher_is_better) {
        ("special_cause_improvement", Some(true)) => ("H", "Improvement (high)"),
        ("special_cause_improvement", _) => ("L", "Improvement (low)"),
        ("special_cause_concern", Some(true)) => ("L", "Concern (low)"),
        ("special_cause_concern", _) => ("H", "Concern (high)"),
        ("special_cause_neutral_high", _) => ("H", "Neither (high)"),
        ("special_cause_neutral_low", _) => ("L", "Neither (low)"),
        _ => ("~", "Common cause"),
    };
    svg.push(Item::Group { label: Some(format!("Variation: {words}")), hidden: false });
    svg.push(Item::Circle { x, y: 70.0, r: 26.0, paint: Paint::outlined(Some("#ffffff"), colour(spec.variation), 4.0), org: None, title: None });
    svg.text_in(x, 78.0, Anchor::Middle, colour(spec.variation), letter, Font::ICON);
    svg.text(x, 116.0, Anchor::Middle, "Variation", Font::BOLD);
    svg.text(x, 132.0, Anchor::Middle, words, Font::PLAIN);
    svg.push(Item::GroupEnd);
    if let Some(a) = spec.assurance {
        let (letter, words, stroke) = match a {
            "consistent_pass" => ("P", "Consistently passes", "#005eb8"),
            "consistent_fail" => ("F", "Consistently fails", "#ed8b00"),
            _ => ("?", "Hit and miss", "#768692"),
        };
        svg.push(Item::Group { label: Some(format!("Assurance against the target: {words}")), hidden: false });
        svg.push(Item::Circle { x, y: 196.0, r: 26.0, paint: Paint::outlined(Some("#ffffff"), stroke, 4.0), org: None, title: None });
        svg.text_in(x, 204.0, Anchor::Middle, stroke, letter, Font::ICON);
        svg.text(x, 242.0, Anchor::Middle, "Assurance", Font::BOLD);
        svg.text(x, 258.0, Anchor::Middle, words, Font::PLAIN);
        svg.push(Item::GroupEnd);
    }
}
