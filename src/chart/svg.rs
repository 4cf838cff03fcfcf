//! A minimal SVG writer.

use std::fmt::Write;

/// Escape text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
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
    if r == 0.0 { "0".into() } else { format!("{r}") }
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
        let _ = write!(self.out, r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{fill}"{}>{}</text>"#, n(x), n(y), if extra.is_empty() { String::new() } else { format!(" {extra}") }, escape(text));
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
