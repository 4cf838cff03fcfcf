//! The spine chart of one organisation, as Fingertips draws them: one row per indicator, a bar
//! showing the spread of every organisation's value (worst to 25th percentile and 75th
//! percentile to best light, the middle half darker), the benchmark as a line in the centre, and
//! the organisation's value as a mark. Each row is scaled on its own, so that the benchmark is in
//! the centre, and oriented so that better is always to the right.

use super::marks::{legend_row, marker, OrgRef};
use super::scene::{Anchor, Font, Item, Paint, Scene};
use super::svg::clip;
use super::Mark;

pub struct SpineRow {
    /// The organisation's code, written as `data-org` on its mark.
    pub code: String,
    pub indicator: String,
    pub value_text: String,
    pub benchmark_text: String,
    /// Display scale: the spread of every organisation's value.
    pub lowest: f64,
    pub q25: f64,
    pub q75: f64,
    pub highest: f64,
    pub benchmark: Option<f64>,
    pub value: f64,
    pub mark: Mark,
    pub strong: bool,
    /// `Some(true)` when higher is better, `Some(false)` when lower is; `None` with no
    /// judgement (higher is then drawn to the right).
    pub better_is_high: Option<bool>,
    pub tooltip: String,
}

pub struct SpineSpec<'a> {
    pub label: &'a str,
    pub rows: &'a [SpineRow],
    pub legend: &'a [(Mark, &'a str)],
}

const WIDTH: f64 = 720.0;
const NAME_X: f64 = 8.0;
const VALUE_X: f64 = 300.0;
const BENCHMARK_X: f64 = 392.0;
const SPINE_L: f64 = 410.0;
const SPINE_R: f64 = 704.0;
const TOP: f64 = 40.0;
const ROW: f64 = 32.0;
const BAR: f64 = 14.0;
const LIGHT: &str = "#dee0e2";
const DARK: &str = "#8e969b";

/// How far past the middle half a row reaches before it is cut at its ends, as a multiple of
/// the middle half's own reach from the benchmark. Thousands of organisations have a few far
/// out (a tiny list, a register of none), and a row scaled to them leaves the middle half a
/// sliver by the benchmark.
const REACH_OF_MIDDLE_HALF: f64 = 4.0;

/// Where a value sits along the spine: the benchmark (or, without one, the middle of the
/// spread) at the centre, the farthest of lowest, highest and the value itself just inside the
/// end, but no farther than [`REACH_OF_MIDDLE_HALF`] times the middle half's reach (anything
/// past it is drawn at the end), better to the right.
fn placer(r: &SpineRow) -> impl Fn(f64) -> f64 {
    let centre = r.benchmark.filter(|b| b.is_finite()).unwrap_or((r.lowest + r.highest) / 2.0);
    let from_centre = |values: &[f64]| values.iter().filter(|x| x.is_finite()).map(|x| (x - centre).abs()).fold(0.0, f64::max);
    let middle = from_centre(&[r.q25, r.q75]);
    let reach = from_centre(&[r.lowest, r.highest, r.value]);
    let reach = if middle > 0.0 { reach.min(middle * REACH_OF_MIDDLE_HALF) } else { reach };
    let half = if reach > 0.0 && reach.is_finite() { reach * 1.04 } else { 1.0 };
    let side = if r.better_is_high == Some(false) { -1.0 } else { 1.0 };
    let mid = (SPINE_L + SPINE_R) / 2.0;
    let span = (SPINE_R - SPINE_L) / 2.0;
    move |x: f64| (mid + side * (x - centre) / half * span).clamp(SPINE_L, SPINE_R)
}

/// Whether a row's spread runs past its ends (cut by [`placer`]).
fn cut(r: &SpineRow) -> bool {
    let at = placer(r);
    [r.lowest, r.highest].iter().any(|&x| x.is_finite() && (at(x) <= SPINE_L || at(x) >= SPINE_R))
}

pub fn spine_svg(spec: &SpineSpec) -> String {
    spine(spec).to_svg()
}

pub fn spine(spec: &SpineSpec) -> Scene {
    let any_unjudged = spec.rows.iter().any(|r| r.better_is_high.is_none());
    let bottom = TOP + spec.rows.len().max(1) as f64 * ROW;
    let any_cut = spec.rows.iter().any(cut);
    let height = bottom + 82.0 + 18.0 * (any_unjudged as u8 + any_cut as u8) as f64;
    let mut svg = Scene::new(WIDTH, height, spec.label);
    svg.rect(0.0, 0.0, WIDTH, height, "#ffffff", None);
    let bold = Font::BOLD;
    svg.text(NAME_X, 22.0, Anchor::Start, "Indicator", bold);
    svg.text(VALUE_X, 22.0, Anchor::End, "Value", bold);
    svg.text(BENCHMARK_X, 22.0, Anchor::End, "Benchmark", bold);
    svg.text(SPINE_L, 22.0, Anchor::Start, "◀ Worse", bold);
    svg.text(SPINE_R, 22.0, Anchor::End, "Better ▶", bold);
    if spec.rows.is_empty() {
        svg.text(NAME_X, TOP + 20.0, Anchor::Start, "This organisation has no values to show.", Font::PLAIN);
    }
    let mut marks = Scene::new(WIDTH, height, "");
    for (i, r) in spec.rows.iter().enumerate() {
        spine_row(&mut svg, &mut marks, i, r);
    }
    svg.append_group(marks);
    legend(&mut svg, spec, bottom + 24.0, any_unjudged);
    svg
}

/// One indicator's row: its name, value and benchmark, the bands of the spread, the benchmark
/// line in the centre, and the organisation's mark (added to `marks`, drawn above every row).
fn spine_row(svg: &mut Scene, marks: &mut Scene, i: usize, r: &SpineRow) {
    let bold = Font::BOLD;
    let top = TOP + i as f64 * ROW;
    let y = top + ROW / 2.0;
    if i % 2 == 1 {
        svg.rect(0.0, top, WIDTH, ROW, "#f3f2f1", None);
    }
    if r.better_is_high.is_none() {
        // Marked †, explained in the legend; the mark survives a long name being cut.
        let shown = format!("{} †", clip(&r.indicator, 34));
        svg.push(Item::Text {
            x: NAME_X,
            y: y + 4.5,
            text: shown,
            anchor: Anchor::Start,
            fill: super::scene::INK,
            font: Font::PLAIN,
            title: Some(r.indicator.clone()),
        });
    } else {
        svg.shortened(NAME_X, y + 4.5, Anchor::Start, &clip(&r.indicator, 36), &r.indicator, Font::PLAIN);
    }
    svg.text(VALUE_X, y + 4.5, Anchor::End, &r.value_text, bold);
    svg.text(BENCHMARK_X, y + 4.5, Anchor::End, &r.benchmark_text, Font::PLAIN);
    let at = placer(r);
    let band = |svg: &mut Scene, a: f64, b: f64, fill: &'static str| {
        let (x0, x1) = (at(a).min(at(b)), at(a).max(at(b)));
        if x0.is_finite() && x1.is_finite() {
            svg.rect(x0, y - BAR / 2.0, (x1 - x0).max(0.5), BAR, fill, None);
        }
    };
    band(svg, r.lowest, r.q25, LIGHT);
    band(svg, r.q25, r.q75, DARK);
    band(svg, r.q75, r.highest, LIGHT);
    let (x0, x1) = (at(r.lowest).min(at(r.highest)), at(r.lowest).max(at(r.highest)));
    if x0.is_finite() && x1.is_finite() {
        let paint = Paint::outlined(None, "#505a5f", 1.0);
        svg.push(Item::Rect { x: x0, y: y - BAR / 2.0, w: (x1 - x0).max(0.5), h: BAR, paint, org: None, title: None });
    }
    if r.benchmark.is_some_and(f64::is_finite) {
        let mid = (SPINE_L + SPINE_R) / 2.0;
        svg.line(mid, y - BAR / 2.0 - 5.0, mid, y + BAR / 2.0 + 5.0, "#0b0c0c", 2.0, None);
    }
    if r.value.is_finite() {
        let size = if r.strong { 7.0 } else { 6.0 };
        marker(marks, r.mark, at(r.value), y, size, Some(OrgRef { code: &r.code, focus: false }), &r.tooltip);
    }
}

/// The bands, the benchmark line, the marks, and how the rows are drawn.
fn legend(svg: &mut Scene, spec: &SpineSpec, y: f64, any_unjudged: bool) {
    svg.rect(NAME_X, y - 11.0, 24.0, 12.0, LIGHT, Some("#505a5f"));
    svg.text(NAME_X + 30.0, y, Anchor::Start, "Worst quarter and best quarter", Font::PLAIN);
    svg.rect(NAME_X + 250.0, y - 11.0, 24.0, 12.0, DARK, Some("#505a5f"));
    svg.text(NAME_X + 280.0, y, Anchor::Start, "Middle half of organisations", Font::PLAIN);
    svg.line(NAME_X + 500.0, y - 13.0, NAME_X + 500.0, y + 3.0, "#0b0c0c", 2.0, None);
    svg.text(NAME_X + 508.0, y, Anchor::Start, "Benchmark", Font::PLAIN);
    legend_row(svg, spec.legend, NAME_X, y + 24.0);
    svg.text(NAME_X, y + 48.0, Anchor::Start, "Better is always to the right. Each row is scaled on its own, with the benchmark in the centre.", Font::PLAIN);
    let notes = [
        spec.rows.iter().any(cut).then_some("Bars reaching more than four times as far as the middle half are cut at the ends (the table has every figure)."),
        any_unjudged.then_some("† Neither direction is better: higher values are drawn to the right."),
    ];
    for (k, note) in notes.into_iter().flatten().enumerate() {
        svg.text(NAME_X, y + 66.0 + 18.0 * k as f64, Anchor::Start, note, Font::PLAIN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(lowest: f64, q25: f64, q75: f64, highest: f64) -> SpineRow {
        SpineRow {
            code: "A".into(),
            indicator: "Diabetes".into(),
            value_text: "2.1%".into(),
            benchmark_text: "2.1%".into(),
            lowest,
            q25,
            q75,
            highest,
            benchmark: Some(2.1),
            value: 2.1,
            mark: Mark::Similar,
            strong: false,
            better_is_high: Some(true),
            tooltip: String::new(),
        }
    }

    #[test]
    fn a_few_far_values_do_not_leave_the_middle_half_a_sliver() {
        // Thousands of practices: the middle half 2.0 to 2.2, one tiny practice at 40.
        let skewed = row(0.0, 2.0, 2.2, 40.0);
        let at = placer(&skewed);
        let middle = at(2.2) - at(2.0);
        assert!(middle > 0.2 * (SPINE_R - SPINE_L), "the middle half spans {middle:.0} px of {}", SPINE_R - SPINE_L);
        assert_eq!(at(40.0), SPINE_R, "the far value is drawn at the end");
        assert!(cut(&skewed));
        let svg = spine_svg(&SpineSpec { label: "A", rows: std::slice::from_ref(&skewed), legend: &[] });
        assert!(svg.contains("cut at the ends"), "the chart says so");
        // A spread without far values is drawn whole, and says nothing of cutting.
        let even = row(1.0, 1.8, 2.4, 3.0);
        assert!(!cut(&even));
        assert!(placer(&even)(3.0) < SPINE_R && placer(&even)(1.0) > SPINE_L);
        assert!(!spine_svg(&SpineSpec { label: "A", rows: std::slice::from_ref(&even), legend: &[] }).contains("cut at the ends"));
    }
}
