//! The XmR chart of one organisation: values over time, the mean, the process limits (which
//! step at a rebase), special-cause points by colour and shape, and the Making Data Count
//! variation and assurance icons, drawn here rather than copied.

use std::fmt::Write;

use super::nice_ticks;
use super::svg::{escape, n, Svg};

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
    let count = spec.points.len().max(1);
    let (lo, hi) = value_range(spec);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let sx = |i: usize| LEFT + if count > 1 { i as f64 / (count - 1) as f64 * plot_w } else { plot_w / 2.0 };
    let sy = |y: f64| TOP + (hi - y) / (hi - lo) * plot_h;

    let mut svg = Svg::new(WIDTH, HEIGHT, spec.label);
    svg.rect(0.0, 0.0, WIDTH, HEIGHT, "#ffffff", None);
    axes(&mut svg, spec, (lo, hi), &sx, &sy);
    // Mean and limits, as steps so that a rebase shows as a break; none where there are none
    // (too few points for limits).
    let line = |f: &dyn Fn(&SpcPoint) -> f64| -> Vec<(f64, f64)> {
        spec.points.iter().enumerate().filter(|(_, p)| f(p).is_finite()).map(|(i, p)| (sx(i), sy(f(p)))).collect()
    };
    svg.polyline(&line(&|p| p.upl), "#425563", 1.5, Some("6 4"), None);
    svg.polyline(&line(&|p| p.lpl), "#425563", 1.5, Some("6 4"), None);
    svg.polyline(&line(&|p| p.mean), "#0b0c0c", 1.5, None, None);
    if let Some(t) = spec.target {
        svg.line(LEFT, sy(t), LEFT + plot_w, sy(t), "#d5281b", 1.5, Some("2 3"));
    }
    svg.polyline(&line(&|p| p.value), "#768692", 1.2, None, None);
    let mut marks = String::new();
    for (i, p) in spec.points.iter().enumerate() {
        point_mark(&mut marks, p, sx(i), sy(p.value));
    }
    svg.raw(&marks);
    icons(&mut svg, spec);
    key(&mut svg, spec.target.is_some());
    svg.finish()
}

/// What the marks and lines mean, beneath the chart: shapes and words as well as colours.
fn key(svg: &mut Svg, with_target: bool) {
    let y = HEIGHT - 22.0;
    let mut marks = String::new();
    let entries: [(&str, &str, f64); 4] = [
        ("common_cause", "Common cause", 0.0),
        ("special_cause_improvement", "Improvement", 120.0),
        ("special_cause_concern", "Concern", 240.0),
        ("special_cause_neutral_high", "Special cause, neither", 340.0),
    ];
    for (point_type, words, dx) in entries {
        let p = SpcPoint { period: "", value: 0.0, mean: 0.0, lpl: 0.0, upl: 0.0, point_type, upwards: true, tooltip: String::new() };
        point_mark(&mut marks, &p, LEFT + dx, y - 4.0);
        svg.text(LEFT + dx + 12.0, y, "start", words, "");
    }
    let lines_y = y + 18.0;
    svg.line(LEFT - 6.0, lines_y - 4.0, LEFT + 18.0, lines_y - 4.0, "#0b0c0c", 1.5, None);
    svg.text(LEFT + 24.0, lines_y, "start", "Mean", "");
    svg.line(LEFT + 114.0, lines_y - 4.0, LEFT + 138.0, lines_y - 4.0, "#425563", 1.5, Some("6 4"));
    svg.text(LEFT + 144.0, lines_y, "start", "Process limits", "");
    if with_target {
        svg.line(LEFT + 274.0, lines_y - 4.0, LEFT + 298.0, lines_y - 4.0, "#d5281b", 1.5, Some("2 3"));
        svg.text(LEFT + 304.0, lines_y, "start", "Target", "");
    }
    // The key's marks are not organisations' points: titles say so for a screen reader's sake.
    svg.raw(&format!(r#"<g aria-hidden="true">{}</g>"#, marks.replace("<title></title>", "")));
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
fn axes(svg: &mut Svg, spec: &SpcSpec, (lo, hi): (f64, f64), sx: &dyn Fn(usize) -> f64, sy: &dyn Fn(f64) -> f64) {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let (ticks, _) = nice_ticks(lo, hi, 6);
    for &t in &ticks {
        svg.line(LEFT, sy(t), LEFT + plot_w, sy(t), "#dddddd", 1.0, None);
        svg.text(LEFT - 8.0, sy(t) + 4.0, "end", &(spec.format_tick)(t), "");
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
            svg.text(sx(i), TOP + plot_h + 20.0, "middle", p.period, "");
        }
    }
    svg.text(16.0, TOP + plot_h / 2.0, "middle", spec.y_label, &format!(r#"font-weight="bold" transform="rotate(-90 16 {})""#, n(TOP + plot_h / 2.0)));
}

/// A point's mark: a circle for common cause, a square for neutral special cause, and a triangle
/// pointing the way the process moved for improvement or concern.
fn point_mark(marks: &mut String, p: &SpcPoint, x: f64, y: f64) {
    let fill = colour(p.point_type);
    let title = format!("<title>{}</title>", escape(&p.tooltip));
    let _ = match p.point_type {
        "common_cause" => write!(marks, r#"<circle cx="{}" cy="{}" r="3.5" fill="{fill}">{title}</circle>"#, n(x), n(y)),
        "special_cause_neutral_high" | "special_cause_neutral_low" => {
            write!(marks, r##"<rect x="{}" y="{}" width="9" height="9" fill="{fill}" stroke="#0b0c0c">{title}</rect>"##, n(x - 4.5), n(y - 4.5))
        }
        _ => {
            let (tip, base) = if p.upwards { (y - 6.5, y + 4.5) } else { (y + 6.5, y - 4.5) };
            write!(
                marks,
                r##"<path d="M{} {}L{} {}L{} {}Z" fill="{fill}" stroke="#0b0c0c">{title}</path>"##,
                n(x),
                n(tip),
                n(x + 6.0),
                n(base),
                n(x - 6.0),
                n(base)
            )
        }
    };
}

/// The variation and assurance icons, at the right of the chart, each with its words.
fn icons(svg: &mut Svg, spec: &SpcSpec) {
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
    svg.raw(&format!(r#"<g role="img" aria-label="Variation: {}">"#, escape(words)));
    svg.raw(&format!(r##"<circle cx="{}" cy="70" r="26" fill="#ffffff" stroke="{}" stroke-width="4"/>"##, n(x), colour(spec.variation)));
    svg.text_in(x, 78.0, "middle", colour(spec.variation), letter, r#"font-size="24" font-weight="bold""#);
    svg.text(x, 116.0, "middle", "Variation", r#"font-weight="bold""#);
    svg.text(x, 132.0, "middle", words, "");
    svg.raw("</g>");
    if let Some(a) = spec.assurance {
        let (letter, words, stroke) = match a {
            "consistent_pass" => ("P", "Consistently passes", "#005eb8"),
            "consistent_fail" => ("F", "Consistently fails", "#ed8b00"),
            _ => ("?", "Hit and miss", "#768692"),
        };
        svg.raw(&format!(r#"<g role="img" aria-label="Assurance against the target: {}">"#, escape(words)));
        svg.raw(&format!(r##"<circle cx="{}" cy="196" r="26" fill="#ffffff" stroke="{stroke}" stroke-width="4"/>"##, n(x)));
        svg.text_in(x, 204.0, "middle", stroke, letter, r#"font-size="24" font-weight="bold""#);
        svg.text(x, 242.0, "middle", "Assurance", r#"font-weight="bold""#);
        svg.text(x, 258.0, "middle", words, "");
        svg.raw("</g>");
    }
}
