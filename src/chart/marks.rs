//! Organisation marks shared by the charts: fill, shape and a dark outline by outcome (colour
//! is never alone), and the hooks the widget uses for tooltips and selection: every
//! organisation's mark has `class="org"`, `data-org="<code>"` and a `<title>` child.

use std::fmt::Write;

use super::svg::{escape, n};
use super::Mark;

/// Which organisation a mark stands for, and whether it is the one in focus (drawn with a
/// thicker outline).
#[derive(Debug, Clone, Copy)]
pub struct OrgRef<'a> {
    pub code: &'a str,
    pub focus: bool,
}

/// One mark centred on (x, y) of radius about `r`: ▲ better/higher, ▼ worse/lower, ● similar,
/// ○ not compared. `org` is `None` for legend keys, which are not organisations.
pub fn marker(out: &mut String, mark: Mark, x: f64, y: f64, r: f64, org: Option<OrgRef>, tooltip: &str) {
    let fill = mark.fill();
    let stroke = mark.stroke();
    let (hooks, width) = match org {
        Some(o) if o.focus => (format!(r#"class="org focus" data-org="{}" "#, escape(o.code)), 3.0),
        // Small crowded marks get a finer outline, or hundreds of them merge into black; the
        // smallest (thousands of organisations) none, so that their colours show where they crowd.
        Some(o) if r < 3.0 => (format!(r#"class="org" data-org="{}" "#, escape(o.code)), 0.0),
        Some(o) => (format!(r#"class="org" data-org="{}" "#, escape(o.code)), (r * 0.25).clamp(0.5, 1.0)),
        None => (String::new(), 1.0),
    };
    let title = format!("<title>{}</title>", escape(tooltip));
    let _ = match mark {
        Mark::Better | Mark::Higher => write!(
            out,
            r#"<path {hooks}d="M{} {}L{} {}L{} {}Z" fill="{fill}" stroke="{stroke}" stroke-width="{}">{title}</path>"#,
            n(x),
            n(y - r * 1.2),
            n(x + r * 1.1),
            n(y + r * 0.8),
            n(x - r * 1.1),
            n(y + r * 0.8),
            n(width)
        ),
        Mark::Worse | Mark::Lower => write!(
            out,
            r#"<path {hooks}d="M{} {}L{} {}L{} {}Z" fill="{fill}" stroke="{stroke}" stroke-width="{}">{title}</path>"#,
            n(x),
            n(y + r * 1.2),
            n(x + r * 1.1),
            n(y - r * 0.8),
            n(x - r * 1.1),
            n(y - r * 0.8),
            n(width)
        ),
        Mark::Similar | Mark::NotCompared => write!(
            out,
            r#"<circle {hooks}cx="{}" cy="{}" r="{}" fill="{fill}" stroke="{stroke}" stroke-width="{}">{title}</circle>"#,
            n(x),
            n(y),
            n(r * 0.85),
            n(width)
        ),
    };
}

/// The legend keys of the outcomes present, in a row from (x, y) (y is the text baseline);
/// returns the x after the last item.
pub fn legend_row(out: &mut String, items: &[(Mark, &str)], x: f64, y: f64) -> f64 {
    let mut x = x;
    for &(mark, label) in items {
        marker(out, mark, x + 6.0, y - 4.0, 5.5, None, label);
        let _ = write!(out, r##"<text x="{}" y="{}" text-anchor="start" fill="#0b0c0c">{}</text>"##, n(x + 16.0), n(y), escape(label));
        // No text measurement: about 7 px a character at 13 px Arial, with room to spare.
        x += 16.0 + 7.0 * label.chars().count() as f64 + 18.0;
    }
    x
}
