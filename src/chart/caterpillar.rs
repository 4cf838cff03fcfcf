//! The caterpillar plot: organisations ranked best first, each value with its 95 % and 99.8 %
//! intervals, against the benchmark. Up to [`LABELLED_MAX`] organisations are drawn as labelled
//! rows (name on the left); more as a compact ranked strip without per-row labels, where only
//! the highlighted organisations are named.

use super::marks::{legend_row, marker, OrgRef};
use super::scene::{Anchor, Font, Item, Rgb, Scene};
use super::svg::org_labels;
use super::{nice_ticks, Mark};

/// Above this many organisations the rows would be too thin to label.
pub const LABELLED_MAX: usize = 40;

pub struct CaterpillarRow {
    pub code: String,
    /// Empty when the file has no names.
    pub name: String,
    /// Display scale.
    pub value: f64,
    pub value_text: String,
    pub ci95: Option<(f64, f64)>,
    pub ci998: Option<(f64, f64)>,
    pub mark: Mark,
    /// Significant at 99.8 % (drawn larger).
    pub strong: bool,
    /// The organisation in focus, or the other one of a learning pair.
    pub highlight: bool,
    pub tooltip: String,
}

pub struct CaterpillarSpec<'a> {
    /// Read by screen readers as the image's name; the figure caption states the finding.
    pub label: &'a str,
    /// "Value (%)".
    pub value_label: &'a str,
    /// "Rank (1 = best)", or "Rank (1 = highest)" where neither direction is better.
    pub rank_label: &'a str,
    pub format_tick: &'a dyn Fn(f64) -> String,
    /// Display scale.
    pub benchmark: Option<f64>,
    /// "Benchmark 74.2%".
    pub benchmark_text: &'a str,
    /// Best first.
    pub rows: &'a [CaterpillarRow],
    /// Legend keys of the outcomes that occur.
    pub legend: &'a [(Mark, &'a str)],
}

const WIDTH: f64 = 720.0;

/// The value range to draw: every value, interval and the benchmark, padded a little.
fn domain(spec: &CaterpillarSpec) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut take = |x: f64| {
        if x.is_finite() {
            lo = lo.min(x);
            hi = hi.max(x);
        }
    };
    for r in spec.rows {
        take(r.value);
        for (a, b) in [r.ci95, r.ci998].into_iter().flatten() {
            take(a);
            take(b);
        }
    }
    if let Some(b) = spec.benchmark {
        take(b);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    // A single value (or all equal) still needs a range to draw in.
    let pad = if hi > lo { (hi - lo) * 0.04 } else { hi.abs().max(1.0) * 0.05 };
    (lo - pad, hi + pad)
}

/// Above this many organisations the strip's value axis shows the central 99 % of values.
pub const CENTRAL_FROM: usize = 300;

/// The strip's value range for many organisations: the central 99 % of values (and the
/// benchmark), so that a few tiny organisations with extreme values and very wide intervals do
/// not squeeze everyone else into a thin band; with how many values or intervals run past it
/// (drawn cut at its edge). `None` for fewer than [`CENTRAL_FROM`]: everything is drawn.
pub fn central_domain(rows: &[CaterpillarRow], benchmark: Option<f64>) -> Option<((f64, f64), usize)> {
    if rows.len() <= CENTRAL_FROM {
        return None;
    }
    let mut values: Vec<f64> = rows.iter().map(|r| r.value).filter(|v| v.is_finite()).collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((q * (values.len() - 1) as f64).round() as usize).min(values.len() - 1)];
    let (mut lo, mut hi) = (at(0.005), at(0.995));
    if let Some(b) = benchmark.filter(|b| b.is_finite()) {
        (lo, hi) = (lo.min(b), hi.max(b));
    }
    let pad = if hi > lo { (hi - lo) * 0.04 } else { hi.abs().max(1.0) * 0.05 };
    let (lo, hi) = (lo - pad, hi + pad);
    let outside = |v: f64| v.is_finite() && (v < lo || v > hi);
    let clipped = rows.iter().filter(|r| outside(r.value) || r.ci998.is_some_and(|(a, b)| outside(a) || outside(b))).count();
    Some(((lo, hi), clipped))
}

/// What the view says under a strip whose axis was cut to the central 99 %.
pub fn central_note(rows: &[CaterpillarRow], benchmark: Option<f64>) -> Option<String> {
    let (_, clipped) = central_domain(rows, benchmark)?;
    (clipped > 0).then(|| {
        format!(
            "The value axis shows the central 99% of values: {} {} a value or interval running past it, drawn cut at its edge (the table has every figure).",
            crate::error::thousands(clipped as f64),
            if clipped == 1 { "organisation has" } else { "organisations have" }
        )
    })
}

pub fn caterpillar_svg(spec: &CaterpillarSpec) -> String {
    caterpillar(spec).to_svg()
}

pub fn caterpillar(spec: &CaterpillarSpec) -> Scene {
    if spec.rows.len() <= LABELLED_MAX {
        labelled(spec)
    } else {
        strip(spec)
    }
}

/// The legend line: outcome marks, the two interval widths and the benchmark.
fn legend(svg: &mut Scene, spec: &CaterpillarSpec, y: f64, ink: Ink) {
    let mut x = legend_row(svg, spec.legend, 8.0, y);
    svg.line(x, y - 4.0, x + 24.0, y - 4.0, ink.ci95, 4.0, None);
    svg.text(x + 30.0, y, Anchor::Start, "95% interval", Font::PLAIN);
    x += 130.0;
    svg.line(x, y - 4.0, x + 24.0, y - 4.0, ink.ci998, 1.5, None);
    svg.text(x + 30.0, y, Anchor::Start, "99.8% interval", Font::PLAIN);
    x += 140.0;
    if spec.benchmark.is_some() && x + 110.0 <= WIDTH {
        svg.line(x + 12.0, y - 12.0, x + 12.0, y + 3.0, "#0b0c0c", 2.0, Some((4.0, 2.0)));
        svg.text(x + 22.0, y, Anchor::Start, "Benchmark", Font::PLAIN);
    }
}

/// Up to [`LABELLED_MAX`] organisations: one labelled row each, best at the top.
fn labelled(spec: &CaterpillarSpec) -> Scene {
    const LABEL_X: f64 = 8.0;
    const PLOT_L: f64 = 272.0;
    const PLOT_R: f64 = 628.0;
    const VALUE_X: f64 = 712.0;
    const TOP: f64 = 66.0;
    const ROW: f64 = 22.0;
    let rows = spec.rows.len();
    let bottom = TOP + rows as f64 * ROW;
    let height = bottom + 58.0;
    let (lo, hi) = domain(spec);
    let sx = |x: f64| PLOT_L + (x - lo) / (hi - lo) * (PLOT_R - PLOT_L);

    let mut svg = Scene::new(WIDTH, height, spec.label);
    svg.rect(0.0, 0.0, WIDTH, height, "#ffffff", None);
    legend(&mut svg, spec, 20.0, DARK_INK);
    svg.text(LABEL_X, TOP - 10.0, Anchor::Start, "Organisation (best first)", Font::BOLD);
    svg.text(VALUE_X, TOP - 10.0, Anchor::End, "Value", Font::BOLD);

    let (ticks, _) = nice_ticks(lo, hi, 5);
    for &t in &ticks {
        svg.line(sx(t), TOP, sx(t), bottom, "#dddddd", 1.0, None);
        svg.line(sx(t), bottom, sx(t), bottom + 5.0, "#0b0c0c", 1.0, None);
        svg.text(sx(t), bottom + 19.0, Anchor::Middle, &(spec.format_tick)(t), Font::PLAIN);
    }
    svg.line(PLOT_L, bottom, PLOT_R, bottom, "#0b0c0c", 1.0, None);
    svg.text((PLOT_L + PLOT_R) / 2.0, bottom + 42.0, Anchor::Middle, spec.value_label, Font::BOLD);

    // Highlight bands go under everything else in their row.
    for (i, r) in spec.rows.iter().enumerate() {
        if r.highlight {
            svg.rect(0.0, TOP + i as f64 * ROW, WIDTH, ROW, "#e8f1f8", None);
        }
    }
    if let Some(b) = spec.benchmark.filter(|b| b.is_finite()) {
        svg.line(sx(b), TOP - 4.0, sx(b), bottom, "#0b0c0c", 2.0, Some((4.0, 2.0)));
        // Kept clear of the column headings at either side.
        let x = sx(b).clamp(PLOT_L + 70.0, PLOT_R - 70.0);
        svg.text(x, TOP - 10.0, Anchor::Middle, spec.benchmark_text, Font::PLAIN);
    }
    let mut marks = Scene::new(WIDTH, height, "");
    for (i, r) in spec.rows.iter().enumerate() {
        let y = TOP + i as f64 * ROW + ROW / 2.0;
        let weight = if r.highlight { Font::BOLD } else { Font::PLAIN };
        let (shown, full) = org_labels(&r.name, &r.code, 36);
        svg.shortened(LABEL_X, y + 4.5, Anchor::Start, &shown, &full, weight);
        svg.text(VALUE_X, y + 4.5, Anchor::End, &r.value_text, weight);
        if let Some((a, b)) = r.ci998.filter(|(a, b)| a.is_finite() && b.is_finite()) {
            svg.line(sx(a), y, sx(b), y, "#505a5f", 1.5, None);
            svg.line(sx(a), y - 4.0, sx(a), y + 4.0, "#505a5f", 1.5, None);
            svg.line(sx(b), y - 4.0, sx(b), y + 4.0, "#505a5f", 1.5, None);
        }
        if let Some((a, b)) = r.ci95.filter(|(a, b)| a.is_finite() && b.is_finite()) {
            svg.line(sx(a), y, sx(b), y, "#0b0c0c", 4.0, None);
        }
        if r.value.is_finite() {
            let size = if r.strong { 6.5 } else { 5.5 };
            marker(&mut marks, r.mark, sx(r.value), y, size, Some(OrgRef { code: &r.code, focus: r.highlight }), &r.tooltip);
        }
    }
    svg.append_group(marks);
    svg
}

/// More than [`LABELLED_MAX`] organisations: rank along the bottom, value up the side; only
/// the highlighted organisations are named.
/// Colours of the interval lines: dark where there are few, greys where hundreds would
/// otherwise bury the marks in black.
#[derive(Clone, Copy)]
struct Ink {
    ci95: &'static str,
    ci998: &'static str,
}

const DARK_INK: Ink = Ink { ci95: "#0b0c0c", ci998: "#505a5f" };
const CROWDED_INK: Ink = Ink { ci95: "#6f777b", ci998: "#b1b4b6" };

fn strip(spec: &CaterpillarSpec) -> Scene {
    const LEFT: f64 = 72.0;
    const RIGHT: f64 = 20.0;
    const BOTTOM: f64 = 60.0;
    const PLOT_H: f64 = 330.0;
    let named: Vec<usize> = spec.rows.iter().enumerate().filter(|(_, r)| r.highlight).map(|(i, _)| i).take(3).collect();
    let top = 52.0 + 18.0 * named.len() as f64;
    let height = top + PLOT_H + BOTTOM;
    let count = spec.rows.len();
    let plot_w = WIDTH - LEFT - RIGHT;
    let (lo, hi) = central_domain(spec.rows, spec.benchmark).map_or_else(|| domain(spec), |(d, _)| d);
    let sx = |i: usize| LEFT + (i as f64 + 0.5) / count as f64 * plot_w;
    // Anything past the axis is drawn at its edge.
    let sy = |y: f64| top + (hi - y.clamp(lo, hi)) / (hi - lo) * PLOT_H;
    // Thinner marks as organisations crowd together.
    let dense = count > 300;
    // Dense marks stay under 3 px, strong ones too (×1.25), so none has an outline (see `marker`).
    let (r_mark, w95, w998) = if dense { (2.35, 1.2, 0.6) } else { (3.6, 2.0, 1.0) };
    let ink = if count > 60 { CROWDED_INK } else { DARK_INK };

    let mut svg = Scene::new(WIDTH, height, spec.label);
    svg.rect(0.0, 0.0, WIDTH, height, "#ffffff", None);
    legend(&mut svg, spec, 20.0, ink);
    let (ticks, _) = nice_ticks(lo, hi, 6);
    for &t in &ticks {
        svg.line(LEFT, sy(t), LEFT + plot_w, sy(t), "#dddddd", 1.0, None);
        svg.text(LEFT - 8.0, sy(t) + 4.0, Anchor::End, &(spec.format_tick)(t), Font::PLAIN);
    }
    let bottom = top + PLOT_H;
    svg.line(LEFT, bottom, LEFT + plot_w, bottom, "#0b0c0c", 1.0, None);
    svg.line(LEFT, top, LEFT, bottom, "#0b0c0c", 1.0, None);
    let (rank_ticks, _) = nice_ticks(1.0, count as f64, 6);
    for t in rank_ticks.into_iter().filter(|t| *t >= 1.0 && t.fract() == 0.0) {
        let x = sx(t as usize - 1);
        svg.line(x, bottom, x, bottom + 5.0, "#0b0c0c", 1.0, None);
        svg.text(x, bottom + 19.0, Anchor::Middle, &format!("{t}"), Font::PLAIN);
    }
    svg.text(LEFT + plot_w / 2.0, bottom + 44.0, Anchor::Middle, spec.rank_label, Font::BOLD);
    svg.text(16.0, top + PLOT_H / 2.0, Anchor::Middle, spec.value_label, Font::BOLD.turned(-90.0));

    if let Some(b) = spec.benchmark.filter(|b| b.is_finite()) {
        svg.line(LEFT, sy(b), LEFT + plot_w, sy(b), "#0b0c0c", 2.0, Some((4.0, 2.0)));
        // Above the line where there is room, below it at the very top.
        let y = if sy(b) - top > 18.0 { sy(b) - 6.0 } else { sy(b) + 16.0 };
        svg.text(LEFT + plot_w - 4.0, y, Anchor::End, spec.benchmark_text, Font::PLAIN);
    }
    // Every interval of one width as one path: thousands of lines as two elements.
    for (ci, stroke, width) in [(998, ink.ci998, w998), (95, ink.ci95, w95)] {
        let mut at = Vec::new();
        for (i, r) in spec.rows.iter().enumerate() {
            let interval = if ci == 998 { r.ci998 } else { r.ci95 };
            if let Some((a, b)) = interval.filter(|(a, b)| a.is_finite() && b.is_finite()) {
                at.push((sx(i), sy(a), sy(b)));
            }
        }
        if !at.is_empty() {
            svg.push(Item::Verticals { at, stroke: Rgb::hex(stroke), width });
        }
    }
    name_highlighted(&mut svg, spec, &named, (&sx, &sy), (top, LEFT + plot_w / 2.0));
    // Highlighted marks last, so that they are on top.
    let mut marks = Scene::new(WIDTH, height, "");
    for highlighted in [false, true] {
        for (i, r) in spec.rows.iter().enumerate().filter(|(_, r)| r.highlight == highlighted && r.value.is_finite()) {
            let size = if r.highlight {
                6.5
            } else if r.strong {
                r_mark * 1.25
            } else {
                r_mark
            };
            marker(&mut marks, r.mark, sx(i), sy(r.value), size, Some(OrgRef { code: &r.code, focus: r.highlight }), &r.tooltip);
        }
    }
    svg.append_group(marks);
    svg
}

/// The names of the highlighted organisations above the plot, each joined to its mark by a
/// dotted line (`middle`: the plot's centre, which side of the line the name goes).
fn name_highlighted(
    svg: &mut Scene,
    spec: &CaterpillarSpec,
    named: &[usize],
    (sx, sy): (&dyn Fn(usize) -> f64, &dyn Fn(f64) -> f64),
    (top, middle): (f64, f64),
) {
    for (k, &i) in named.iter().enumerate() {
        let r = &spec.rows[i];
        let y = 44.0 + 18.0 * (k as f64 + 1.0);
        let x = sx(i);
        svg.line(x, y + 4.0, x, sy(r.value).max(top), "#0b0c0c", 1.0, Some((2.0, 2.0)));
        let anchor = if x < middle { Anchor::Start } else { Anchor::End };
        let nudge = if anchor == Anchor::Start { -4.0 } else { 4.0 };
        let (shown, full) = org_labels(&r.name, &r.code, 52);
        svg.shortened(x + nudge, y, anchor, &format!("{shown}: {}", r.value_text), &format!("{full}: {}", r.value_text), Font::BOLD);
    }
}
