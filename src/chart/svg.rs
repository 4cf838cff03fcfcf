//! A minimal SVG writer.

use std::fmt::Write;

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

/// The width and height a chart of ours declares on its root element.
fn declared_size(svg: &str) -> Option<(f64, f64)> {
    let root = &svg[..svg.find('>')?];
    let attribute = |name: &str| -> Option<f64> {
        let at = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[at..].split('"').next()?.parse().ok()
    };
    Some((attribute("width")?, attribute("height")?))
}

/// `name="value"` pairs of a root element we wrote (values escaped, so they hold no quote).
fn root_attributes(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim();
        let Some(close) = rest[eq + 2..].find('"') else { break };
        out.push((name, &rest[eq + 2..eq + 2 + close]));
        rest = &rest[eq + 3 + close..];
    }
    out
}

/// A chart framed for a board paper: a title and lines of context above it (what is compared,
/// the benchmark, the period, the source and date), and the disclosure statement below, all
/// in the picture itself so that a PNG made from it carries them too.
pub fn frame_svg(chart: &str, title: &str, lines: &[String], footer: &str) -> String {
    let (w, h) = declared_size(chart).unwrap_or((720.0, 480.0));
    let width = w.max(640.0);
    let chars = ((width - 24.0) / 6.6) as usize;
    let title_lines = wrap(title, ((width - 24.0) / 9.0) as usize);
    let context: Vec<String> = lines.iter().flat_map(|l| wrap(l, chars)).collect();
    let footer_lines = wrap(footer, chars);
    let top = 12.0 + 22.0 * title_lines.len() as f64 + 17.0 * context.len() as f64 + 8.0;
    let height = top + h + 10.0 + 17.0 * footer_lines.len() as f64 + 8.0;
    let mut out = Svg::new(width, height, title);
    out.rect(0.0, 0.0, width, height, "#ffffff", None);
    let mut y = 12.0;
    for line in &title_lines {
        y += 22.0;
        out.text(12.0, y - 4.0, "start", line, r#"font-size="17" font-weight="bold""#);
    }
    for line in &context {
        y += 17.0;
        out.text(12.0, y - 3.0, "start", line, r#"font-size="12""#);
    }
    // The chart as a group moved into place (a nested <svg> would do, but the PNG painter and
    // some board-paper tools only follow transforms), keeping its root's text and label settings.
    let end = chart.find('>').unwrap_or(0);
    let kept: String = root_attributes(chart.get(4..end).unwrap_or(""))
        .into_iter()
        .filter(|(k, _)| matches!(*k, "role" | "aria-label" | "font-family" | "font-size"))
        .map(|(k, v)| format!(" {k}=\"{v}\""))
        .collect();
    out.raw(&format!(r#"<g transform="translate({} {})"{kept}>"#, n((width - w) / 2.0), n(top)));
    let inner = chart.get(end + 1..).unwrap_or("");
    out.raw(inner.strip_suffix("</svg>").unwrap_or(inner));
    out.raw("</g>");
    let mut y = top + h + 10.0;
    for line in &footer_lines {
        y += 17.0;
        out.text(12.0, y - 3.0, "start", line, r#"font-size="12""#);
    }
    out.finish()
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

pub struct Svg {
    out: String,
}

impl Svg {
    pub fn new(width: f64, height: f64, label: &str) -> Self {
        let mut out = String::with_capacity(16 * 1024);
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" font-family="Arial, Helvetica, sans-serif" font-size="13">"#,
            n(width),
            n(height),
            n(width),
            n(height),
            escape(label)
        );
        Svg { out }
    }

    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    #[allow(clippy::too_many_arguments)]
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64, dash: Option<&str>) -> &mut Self {
        let _ = write!(self.out, r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}""#, n(x1), n(y1), n(x2), n(y2), n(width));
        if let Some(d) = dash {
            let _ = write!(self.out, r#" stroke-dasharray="{d}""#);
        }
        self.out.push_str("/>");
        self
    }

    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64, dash: Option<&str>, clip: Option<&str>) -> &mut Self {
        if points.is_empty() {
            return self;
        }
        self.out.push_str("<polyline fill=\"none\" points=\"");
        for (i, (x, y)) in points.iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            let _ = write!(self.out, "{},{}", n(*x), n(*y));
        }
        let _ = write!(self.out, r#"" stroke="{stroke}" stroke-width="{}""#, n(width));
        if let Some(d) = dash {
            let _ = write!(self.out, r#" stroke-dasharray="{d}""#);
        }
        if let Some(c) = clip {
            let _ = write!(self.out, r#" clip-path="url(#{c})""#);
        }
        self.out.push_str("/>");
        self
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: Option<&str>) -> &mut Self {
        let _ = write!(self.out, r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}""#, n(x), n(y), n(w), n(h));
        if let Some(s) = stroke {
            let _ = write!(self.out, r#" stroke="{s}""#);
        }
        self.out.push_str("/>");
        self
    }

    /// Text anchored at (x, y); `anchor` is start, middle or end.
    pub fn text(&mut self, x: f64, y: f64, anchor: &str, text: &str, extra: &str) -> &mut Self {
        self.text_in(x, y, anchor, "#0b0c0c", text, extra)
    }

    /// Text in another colour (on a filled shape).
    pub fn text_in(&mut self, x: f64, y: f64, anchor: &str, fill: &str, text: &str, extra: &str) -> &mut Self {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{fill}"{}>{}</text>"#,
            n(x),
            n(y),
            if extra.is_empty() { String::new() } else { format!(" {extra}") },
            escape(text)
        );
        self
    }

    /// A label shown as `shown` (a shortened text); when it differs from `full`, the full text
    /// is its tooltip.
    pub fn label(&mut self, x: f64, y: f64, anchor: &str, shown: &str, full: &str, extra: &str) -> &mut Self {
        let title = if shown == full { String::new() } else { format!("<title>{}</title>", escape(full)) };
        let _ = write!(
            self.out,
            r##"<text x="{}" y="{}" text-anchor="{anchor}" fill="#0b0c0c"{}>{title}{}</text>"##,
            n(x),
            n(y),
            if extra.is_empty() { String::new() } else { format!(" {extra}") },
            escape(shown)
        );
        self
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}
