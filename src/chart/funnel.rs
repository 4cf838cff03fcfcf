//! The funnel plot: each organisation's value against its denominator, with the 95 % and
//! 99.8 % control limits around the benchmark.

use super::marks::{marker, OrgRef};
use super::scene::{Anchor, Font, Scene};
use super::{nice_ticks, Mark};
use crate::stats::funnel::FunnelPoint;

pub struct FunnelDot {
    /// The organisation's code, written as `data-org` on its mark.
    pub code: String,
    pub denominator: f64,
    /// On the display scale.
    pub value: f64,
    pub mark: Mark,
    /// Significant at 99.8 % (drawn larger).
    pub strong: bool,
    /// Shown on hover: organisation, value, interval and comparison in words.
    pub tooltip: String,
    /// "Name (CODE)", for naming an outlier beside its mark.
    pub label: String,
}

/// How many of the organisations furthest outside the limits a crowded funnel names.
pub const OUTLIERS_NAMED: usize = 5;

pub struct FunnelSpec<'a> {
    /// Unique within the page (used for the clip path id).
    pub id: &'a str,
    /// Read by screen readers as the image's name; the figure caption states the finding.
    pub label: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Formats a value on the display scale for the axis, e.g. "76%".
    pub format_tick: &'a dyn Fn(f64) -> String,
    /// Display scale (limits arrive as fractions).
    pub multiplier: f64,
    pub benchmark: f64,
    pub limits: &'a [FunnelPoint],
    pub dots: Vec<FunnelDot>,
    /// The marks of the outcomes present, with their words (higher and lower where neither
    /// direction is better).
    pub legend: &'a [(Mark, &'a str)],
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 470.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 56.0;

/// Above this many organisations the value axis shows the central 99 % of them.
pub const CENTRAL_FROM: usize = 300;

/// The share of organisations the value axis leaves out at each end when there are many.
const TAIL: f64 = 0.005;

/// The value range: every value and the benchmark, and the funnel's mouth at the smallest
/// organisation, so its width is visible. With more than [`CENTRAL_FROM`] organisations, the
/// central 99 % of values and the mouth at the smallest of them, so that a few tiny ones do not
/// squeeze the rest and the limits into one line; with how many fall outside (drawn at the edge).
pub fn value_range(spec: &FunnelSpec) -> ((f64, f64), usize) {
    let m = spec.multiplier;
    let mut values: Vec<f64> = spec.dots.iter().map(|d| d.value).filter(|v| v.is_finite()).collect();
    values.sort_by(f64::total_cmp);
    let mut dens: Vec<f64> = spec.dots.iter().map(|d| d.denominator).filter(|v| v.is_finite()).collect();
    dens.sort_by(f64::total_cmp);
    let central = spec.dots.len() > CENTRAL_FROM;
    let quantile = |v: &[f64], q: f64| v.get(((q * (v.len().max(1) - 1) as f64).round() as usize).min(v.len().saturating_sub(1))).copied();
    let tail = if central { TAIL } else { 0.0 };
    let (mut y_lo, mut y_hi) = (spec.benchmark, spec.benchmark);
    if let (Some(lo), Some(hi)) = (quantile(&values, tail), quantile(&values, 1.0 - tail)) {
        (y_lo, y_hi) = (y_lo.min(lo), y_hi.max(hi));
    }
    let min_den = quantile(&dens, tail).unwrap_or(f64::INFINITY);
    if let Some(p) = spec.limits.iter().find(|p| p.population >= min_den) {
        y_lo = y_lo.min(p.limits998.lower * m);
        y_hi = y_hi.max(p.limits998.upper * m);
    }
    let pad = ((y_hi - y_lo) * 0.06).max(m * 1e-4);
    let (y_lo, y_hi) = (y_lo - pad, y_hi + pad);
    let outside = values.iter().filter(|&&v| v < y_lo || v > y_hi).count();
    ((y_lo, y_hi), outside)
}

/// What the view says under a funnel whose value axis was cut to the central 99 %.
pub fn central_note(spec: &FunnelSpec) -> Option<String> {
    if spec.dots.len() <= CENTRAL_FROM {
        return None;
    }
    let (range, outside) = value_range(spec);
    let cut = (outside > 0).then(|| {
        format!(
            "The value axis shows the central 99% of values: {} {} past it, drawn at its edge (the table has every figure).",
            crate::error::thousands(outside as f64),
            if outside == 1 { "organisation is" } else { "organisations are" }
        )
    });
    let named = outliers(spec, range).len();
    let naming = (named > 0).then(|| format!("The {named} furthest outside the 99.8% limits on the axis are named."));
    let note = [cut, naming].into_iter().flatten().collect::<Vec<_>>().join(" ");
    (!note.is_empty()).then_some(note)
}

pub fn funnel_svg(spec: &FunnelSpec) -> String {
    funnel(spec).to_svg()
}

pub fn funnel(spec: &FunnelSpec) -> Scene {
    let m = spec.multiplier;
    let x_max_data = spec.dots.iter().map(|d| d.denominator).fold(0.0, f64::max);
    let x_max = spec.limits.last().map(|p| p.population).unwrap_or(x_max_data).max(x_max_data).max(1.0);
    let (x_ticks, _) = nice_ticks(0.0, x_max, 6);
    let x_hi = x_ticks.last().copied().filter(|t| *t >= x_max).unwrap_or(x_max);
    let ((y_lo, y_hi), _) = value_range(spec);
    let (y_ticks, _) = nice_ticks(y_lo, y_hi, 6);

    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let sx = |x: f64| LEFT + x / x_hi * plot_w;
    let sy = |y: f64| TOP + (y_hi - y) / (y_hi - y_lo) * plot_h;

    let mut svg = Scene::new(WIDTH, HEIGHT, spec.label);
    svg.clip = Some((LEFT, TOP, plot_w, plot_h));
    svg.clip_id = format!("plot-{}", spec.id);
    svg.rect(0.0, 0.0, WIDTH, HEIGHT, "#ffffff", None);

    axes(&mut svg, spec, (&x_ticks, &y_ticks), &sx, &sy);

    // Control limits and benchmark.
    let curve = |f: &dyn Fn(&FunnelPoint) -> f64| -> Vec<(f64, f64)> {
        spec.limits.iter().filter(|p| p.population <= x_hi).map(|p| (sx(p.population), sy(f(p) * m))).collect()
    };
    svg.polyline(curve(&|p| p.limits998.upper), "#505a5f", 1.5, None, true);
    svg.polyline(curve(&|p| p.limits998.lower), "#505a5f", 1.5, None, true);
    svg.polyline(curve(&|p| p.limits95.upper), "#505a5f", 1.5, Some((6.0, 4.0)), true);
    svg.polyline(curve(&|p| p.limits95.lower), "#505a5f", 1.5, Some((6.0, 4.0)), true);
    svg.line(LEFT, sy(spec.benchmark), LEFT + plot_w, sy(spec.benchmark), "#0b0c0c", 2.0, None);

    // Organisations: similar ones first so that significant ones are drawn on top.
    let mut dots: Vec<&FunnelDot> = spec.dots.iter().collect();
    crate::order::sort_by_key(&mut dots, |d| (d.mark != Mark::Similar, d.strong));
    // Thousands of organisations: small marks without outlines, so their colours show where they
    // crowd; any past the value axis at its edge (every mark stays, for tooltips and selection).
    let (normal, strong) = if spec.dots.len() > CENTRAL_FROM { (2.4, 2.9) } else { (5.0, 6.5) };
    let mut marks = Scene::new(WIDTH, HEIGHT, "");
    for d in dots {
        let size = if d.strong { strong } else { normal };
        marker(&mut marks, d.mark, sx(d.denominator), sy(d.value.clamp(y_lo, y_hi)), size, Some(OrgRef { code: &d.code, focus: false }), &d.tooltip);
    }
    svg.append_group(marks);
    if spec.dots.len() > CENTRAL_FROM {
        name_outliers(&mut svg, spec, (y_lo, y_hi), (&sx, &sy));
    }

    legend(&mut svg, spec.legend);
    svg
}

/// The organisations furthest outside the 99.8 % limits (by how many standard errors, which
/// grow as the denominator shrinks: value − benchmark times the root of the denominator ranks
/// them as a z-score does), named beside their marks; those drawn at the axis's edge are not.
pub fn outliers<'a>(spec: &'a FunnelSpec, (y_lo, y_hi): (f64, f64)) -> Vec<&'a FunnelDot> {
    let mut far: Vec<(f64, &FunnelDot)> = spec
        .dots
        .iter()
        .filter(|d| d.strong && d.value >= y_lo && d.value <= y_hi && d.denominator > 0.0)
        .map(|d| ((d.value - spec.benchmark).abs() * d.denominator.sqrt(), d))
        .collect();
    crate::order::sort_by(&mut far, |a, b| b.0.total_cmp(&a.0));
    far.into_iter().take(OUTLIERS_NAMED).map(|(_, d)| d).collect()
}

fn name_outliers(svg: &mut Scene, spec: &FunnelSpec, range: (f64, f64), (sx, sy): (&dyn Fn(f64) -> f64, &dyn Fn(f64) -> f64)) {
    // Each name's box (left, top, right, bottom), so that a later name moves below its mark
    // rather than over an earlier one (no text measurement: about 6.5 px a character).
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for d in outliers(spec, range) {
        let (x, y) = (sx(d.denominator), sy(d.value));
        // Towards the middle of the plot, so that a name never runs off its edge.
        let (anchor, dx) = if x > (LEFT + WIDTH - RIGHT) / 2.0 { (Anchor::End, -7.0) } else { (Anchor::Start, 7.0) };
        let (shown, full) = (super::svg::clip(&d.label, 30), d.label.clone());
        let width = 6.5 * shown.chars().count() as f64;
        let left = if anchor == Anchor::End { x + dx - width } else { x + dx };
        let clash = |baseline: f64| placed.iter().any(|&(l, t, r, b)| left < r && left + width > l && baseline - 11.0 < b && baseline + 2.0 > t);
        let baseline = [y - 5.0, y + 15.0, y - 19.0, y + 29.0].into_iter().find(|&b| !clash(b)).unwrap_or(y - 5.0);
        placed.push((left, baseline - 11.0, left + width, baseline + 2.0));
        svg.shortened(x + dx, baseline, anchor, &shown, &full, Font::SMALL);
    }
}

/// Gridlines with their values, the axes with their ticks and titles.
fn axes(svg: &mut Scene, spec: &FunnelSpec, (x_ticks, y_ticks): (&[f64], &[f64]), sx: &dyn Fn(f64) -> f64, sy: &dyn Fn(f64) -> f64) {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    for &t in y_ticks {
        svg.line(LEFT, sy(t), LEFT + plot_w, sy(t), "#dddddd", 1.0, None);
        svg.text(LEFT - 8.0, sy(t) + 4.0, Anchor::End, &(spec.format_tick)(t), Font::PLAIN);
    }
    for &t in x_ticks {
        svg.line(sx(t), TOP + plot_h, sx(t), TOP + plot_h + 5.0, "#0b0c0c", 1.0, None);
        // A label centred on the last tick would run off the right edge: it ends there instead.
        let label = crate::error::thousands(t);
        let half = label.chars().count() as f64 * 3.8;
        let (x, anchor) = if sx(t) + half > WIDTH - 2.0 { (WIDTH - 2.0, Anchor::End) } else { (sx(t), Anchor::Middle) };
        svg.text(x, TOP + plot_h + 20.0, anchor, &label, Font::PLAIN);
    }
    svg.line(LEFT, TOP + plot_h, LEFT + plot_w, TOP + plot_h, "#0b0c0c", 1.0, None);
    svg.line(LEFT, TOP, LEFT, TOP + plot_h, "#0b0c0c", 1.0, None);
    svg.text(LEFT + plot_w / 2.0, HEIGHT - 12.0, Anchor::Middle, spec.x_label, Font::BOLD);
    svg.text(16.0, TOP + plot_h / 2.0, Anchor::Middle, spec.y_label, Font::BOLD.turned(-90.0));
}

fn legend(svg: &mut Scene, marks: &[(Mark, &str)]) {
    let y = 22.0;
    let mut x = super::marks::legend_row(svg, marks, LEFT, y);
    x += 4.0;
    svg.line(x, y - 4.0, x + 26.0, y - 4.0, "#0b0c0c", 2.0, None);
    svg.text(x + 32.0, y, Anchor::Start, "Benchmark", Font::PLAIN);
    x += 118.0;
    svg.line(x, y - 4.0, x + 26.0, y - 4.0, "#505a5f", 1.5, Some((6.0, 4.0)));
    svg.text(x + 32.0, y, Anchor::Start, "95% limits", Font::PLAIN);
    x += 118.0;
    svg.line(x, y - 4.0, x + 26.0, y - 4.0, "#505a5f", 1.5, None);
    svg.text(x + 32.0, y, Anchor::Start, "99.8% limits", Font::PLAIN);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(code: &str, denominator: f64, value: f64, strong: bool) -> FunnelDot {
        let mark = if value > 10.0 { Mark::Higher } else { Mark::Similar };
        FunnelDot { code: code.into(), denominator, value, mark, strong, tooltip: String::new(), label: format!("Practice {code}") }
    }

    #[test]
    fn a_crowded_funnel_names_the_five_furthest_outside_on_its_axis() {
        // 1,000 practices spread from 5 % to 15 % round a benchmark of 10 %, none significant;
        // seven significant ones, the first two beyond the axis's central 99 %.
        let mut dots: Vec<FunnelDot> = (0..1000).map(|i| dot(&format!("P{i}"), 1000.0, 5.0 + i as f64 / 100.0, false)).collect();
        let far = [
            ("EDGE1", 100.0, 60.0),
            ("EDGE2", 100.0, 50.0),
            ("A", 4000.0, 14.0),
            ("B", 1000.0, 14.5),
            ("C", 9000.0, 12.0),
            ("D", 100.0, 14.9),
            ("E", 2500.0, 13.0),
            ("F", 400.0, 13.0),
        ];
        dots.extend(far.iter().map(|&(c, n, v)| dot(c, n, v, true)));
        let spec = FunnelSpec {
            id: "t",
            label: "t",
            x_label: "n",
            y_label: "v",
            format_tick: &|t| format!("{t}"),
            multiplier: 100.0,
            benchmark: 10.0,
            limits: &[],
            dots,
            legend: &[],
        };
        let (range, _) = value_range(&spec);
        let named: Vec<&str> = outliers(&spec, range).iter().map(|d| d.code.as_str()).collect();
        // By (value − benchmark) × √n: A 253, C 190, E 150, B 142, F 60, D 49; the edge ones left out.
        assert_eq!(named, ["A", "C", "E", "B", "F"]);
        let svg = funnel(&spec).to_svg();
        assert!(named.iter().all(|c| svg.contains(&format!(">Practice {c}<"))), "named beside their marks");
        assert!(!svg.contains(">Practice EDGE1<") && !svg.contains(">Practice P1<"));
        assert!(central_note(&spec).is_some_and(|n| n.contains("The 5 furthest outside the 99.8% limits on the axis are named.")));
    }
}
