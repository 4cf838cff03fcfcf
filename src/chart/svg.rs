//! A minimal SVG writer.

use std::fmt::Write;

use super::scene::{hooks, paint_attributes, title_element, Anchor, CellMark, Font, Item, Rgb, Scene};

/// Escape text for XML (and HTML) content and attribute values. Characters XML 1.0 does not
/// allow (control characters other than tab and line breaks, U+FFFE, U+FFFF) become U+FFFD, so
/// that a name holding one still gives a well-formed document.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

/// Words wrapped to lines of at most about `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A chart framed for a board paper: a title and lines of context above it (what is compared,
/// the benchmark, the period, the source and date), and the disclosure statement below, all
/// in the picture itself so that a PNG made from it carries them too.
pub fn frame(chart: &Scene, title: &str, lines: &[String], footer: &str) -> Scene {
    let (w, h) = (chart.width, chart.height);
    let width = w.max(640.0);
    let chars = ((width - 24.0) / 6.6) as usize;
    let title_lines = wrap(title, ((width - 24.0) / 9.0) as usize);
    let context: Vec<String> = lines.iter().flat_map(|l| wrap(l, chars)).collect();
    let footer_lines = wrap(footer, chars);
    let top = 12.0 + 22.0 * title_lines.len() as f64 + 17.0 * context.len() as f64 + 8.0;
    let height = top + h + 10.0 + 17.0 * footer_lines.len() as f64 + 8.0;
    let mut out = Scene::new(width, height, title);
    out.rect(0.0, 0.0, width, height, "#ffffff", None);
    let mut y = 12.0;
    for line in &title_lines {
        y += 22.0;
        out.text(12.0, y - 4.0, Anchor::Start, line, Font::TITLE);
    }
    for line in &context {
        y += 17.0;
        out.text(12.0, y - 3.0, Anchor::Start, line, Font::SMALL);
    }
    // The chart moved into place, read as one image under its own name.
    let (dx, dy) = ((width - w) / 2.0, top);
    out.push(Item::Group { label: Some(chart.label.clone()), hidden: false });
    out.items.extend(chart.moved(dx, dy));
    out.push(Item::GroupEnd);
    out.clip = chart.clip.map(|(x, y, w, h)| (x + dx, y + dy, w, h));
    out.clip_id = chart.clip_id.clone();
    let mut y = top + h + 10.0;
    for line in &footer_lines {
        y += 17.0;
        out.text(12.0, y - 3.0, Anchor::Start, line, Font::SMALL);
    }
    out
}

/// Text cut to at most `max` characters, ending in "…" when cut: the charts cannot measure
/// text, so labels are kept to a length that fits their column at the chart's font size.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// An organisation as "Name (CODE)" (the code alone without a name), and the same cut to at
/// most about `max` characters by shortening the name, never the code, which identifies it.
pub fn org_labels(name: &str, code: &str, max: usize) -> (String, String) {
    if name.is_empty() {
        return (clip(code, max), code.to_string());
    }
    let full = format!("{name} ({code})");
    if full.chars().count() <= max {
        return (full.clone(), full);
    }
    let room = max.saturating_sub(code.chars().count() + 3).max(8);
    (format!("{} ({code})", clip(name, room)), full)
}

/// Numbers in SVG coordinates: two decimals are finer than any screen pixel.
pub fn n(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

/// One item of a scene as SVG (`clip_id`: the scene's clip path, for clipped lines).
pub(super) fn write_item(out: &mut String, item: &Item, clip_id: &str) {
    let _ = match item {
        Item::Rect { x, y, w, h, paint, org, title } => write!(
            out,
            r#"<rect {}x="{}" y="{}" width="{}" height="{}"{}>{}</rect>"#,
            hooks(org),
            n(*x),
            n(*y),
            n(*w),
            n(*h),
            paint_attributes(paint),
            title_element(title)
        ),
        Item::Circle { x, y, r, paint, org, title } => {
            write!(out, r#"<circle {}cx="{}" cy="{}" r="{}"{}>{}</circle>"#, hooks(org), n(*x), n(*y), n(*r), paint_attributes(paint), title_element(title))
        }
        Item::Polygon { points, paint, org, title } => {
            write!(out, r#"<path {}d="{}Z"{}>{}</path>"#, hooks(org), path_of(points), paint_attributes(paint), title_element(title))
        }
        Item::Line { points, stroke, width, dash, clipped } => {
            let mut extra = String::new();
            if let Some((a, b)) = dash {
                extra.push_str(&format!(r#" stroke-dasharray="{} {}""#, n(*a), n(*b)));
            }
            if *clipped && !clip_id.is_empty() {
                extra.push_str(&format!(r#" clip-path="url(#{})""#, escape(clip_id)));
            }
            write!(out, r#"<path d="{}" fill="none" stroke="{stroke}" stroke-width="{}"{extra}/>"#, path_of(points), n(*width))
        }
        Item::Verticals { at, stroke, width } => {
            let d: String = at.iter().map(|(x, a, b)| format!("M{} {}V{}", n(*x), n(*a), n(*b))).collect();
            write!(out, r#"<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{}"/>"#, n(*width))
        }
        Item::Text { x, y, text, anchor, fill, font, title } => write_text(out, (*x, *y), text, *anchor, fill, font, title),
        Item::Cell { x, y, w, h, org, indicator, title, mark } => write_cell(out, (*x, *y, *w, *h), org, *indicator, title, mark),
        Item::Group { label: Some(label), .. } => write!(out, r#"<g role="img" aria-label="{}">"#, escape(label)),
        Item::Group { hidden: true, .. } => write!(out, r#"<g aria-hidden="true">"#),
        Item::Group { .. } => write!(out, "<g>"),
        Item::GroupEnd => write!(out, "</g>"),
    };
}

/// "M x y L x y ..." through the points.
fn path_of(points: &[(f64, f64)]) -> String {
    let mut d = String::with_capacity(16 * points.len());
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { 'M' } else { 'L' }, n(*x), n(*y));
    }
    d
}

fn write_text(out: &mut String, (x, y): (f64, f64), text: &str, anchor: Anchor, fill: &Rgb, font: &Font, title: &Option<String>) -> std::fmt::Result {
    let mut extra = String::new();
    if font.size != 13.0 {
        extra.push_str(&format!(r#" font-size="{}""#, n(font.size)));
    }
    if font.bold {
        extra.push_str(r#" font-weight="bold""#);
    }
    if font.angle != 0.0 {
        extra.push_str(&format!(r#" transform="rotate({} {} {})""#, n(font.angle), n(x), n(y)));
    }
    write!(out, r#"<text x="{}" y="{}" text-anchor="{}" fill="{fill}"{extra}>{}{}</text>"#, n(x), n(y), anchor_word(anchor), title_element(title), escape(text))
}

fn anchor_word(anchor: Anchor) -> &'static str {
    match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    }
}

/// An overview cell: a group the page can select by (`class="cell"`, its organisation and
/// indicator), with its mark and symbol, or a dashed empty box.
fn write_cell(out: &mut String, (x, y, w, h): (f64, f64, f64, f64), org: &str, indicator: usize, title: &str, mark: &Option<CellMark>) -> std::fmt::Result {
    write!(out, r#"<g class="cell" data-org="{}" data-indicator="{indicator}"><title>{}</title>"#, escape(org), escape(title))?;
    match mark {
        Some(m) => write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/><text x="{}" y="{}" text-anchor="middle" fill="{}" font-size="12">{}</text>"#,
            n(x),
            n(y),
            n(w),
            n(h),
            m.fill,
            m.stroke,
            n(x + w / 2.0),
            n(y + h / 2.0 + 4.5),
            m.ink,
            m.symbol
        )?,
        None => {
            write!(out, r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" stroke="#b1b4b6" stroke-dasharray="2 2"/>"##, n(x), n(y), n(w), n(h))?
        }
    }
    write!(out, "</g>")
}
