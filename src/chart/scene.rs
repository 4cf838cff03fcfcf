//! A chart as a scene: shapes and text in chart pixels, each organisation's mark knowing whose
//! it is. Every chart is built once as a scene; the scene is then written as SVG text (downloads,
//! learning packs, the native tests) or drawn through plotters (`super::draw`: onto a canvas on
//! screen, or plotters' SVG backend). It crosses to the page as its size, name and marks' spots
//! with its shapes as bytes (`super::scene_bytes`), which only `drawChart` reads.

use serde::Serialize;

use super::svg::{escape, n};

/// Text style: size in pixels, weight, and a turn in degrees about the text's anchor point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
    pub angle: f64,
}

impl Font {
    pub const PLAIN: Font = Font { size: 13.0, bold: false, angle: 0.0 };
    pub const BOLD: Font = Font { size: 13.0, bold: true, angle: 0.0 };
    /// Context lines of a framed chart, and the symbol in an overview cell.
    pub const SMALL: Font = Font { size: 12.0, bold: false, angle: 0.0 };
    /// A framed chart's title.
    pub const TITLE: Font = Font { size: 17.0, bold: true, angle: 0.0 };
    /// The letter in a Making Data Count icon.
    pub const ICON: Font = Font { size: 24.0, bold: true, angle: 0.0 };

    /// The same font turned by `angle` degrees (−90: reading upwards, as a y-axis title).
    pub const fn turned(self, angle: f64) -> Font {
        Font { angle, ..self }
    }
}

/// Where text sits against its x: its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Whose a mark is: an organisation's code, and whether it is the one in focus.
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    pub code: String,
    pub focus: bool,
}

/// A colour, written "#rrggbb" in SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// From "#rrggbb" (black for anything else: every colour here is written in the code).
    pub fn hex(text: &str) -> Rgb {
        let byte = |at: usize| text.get(at..at + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
        Rgb(byte(1), byte(3), byte(5))
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The colour of most text and lines.
pub const INK: Rgb = Rgb(0x0b, 0x0c, 0x0c);

/// How a shape is drawn: its fill and outline (`None`: not filled, not outlined).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paint {
    pub fill: Option<Rgb>,
    pub stroke: Option<Rgb>,
    pub width: f64,
    /// Dashes of an outline, as (dash, gap).
    pub dash: Option<(f64, f64)>,
}

impl Paint {
    pub fn fill(colour: &str) -> Paint {
        Paint { fill: Some(Rgb::hex(colour)), stroke: None, width: 1.0, dash: None }
    }

    pub fn outlined(fill: Option<&str>, stroke: &str, width: f64) -> Paint {
        Paint { fill: fill.map(Rgb::hex), stroke: Some(Rgb::hex(stroke)), width, dash: None }
    }
}

/// One thing drawn, in chart pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        paint: Paint,
        org: Option<Org>,
        title: Option<String>,
    },
    Circle {
        x: f64,
        y: f64,
        r: f64,
        paint: Paint,
        org: Option<Org>,
        title: Option<String>,
    },
    /// A closed shape (the triangles of better and worse).
    Polygon {
        points: Vec<(f64, f64)>,
        paint: Paint,
        org: Option<Org>,
        title: Option<String>,
    },
    /// An open line through `points`; `clipped` lines stay within the scene's plot area.
    Line {
        points: Vec<(f64, f64)>,
        stroke: Rgb,
        width: f64,
        dash: Option<(f64, f64)>,
        clipped: bool,
    },
    /// Many vertical strokes of one colour, (x, y from, y to): thousands of intervals as one item.
    Verticals {
        at: Vec<(f64, f64, f64)>,
        stroke: Rgb,
        width: f64,
    },
    /// Text with its baseline at y; `title` is its full wording when it is shown cut.
    Text {
        x: f64,
        y: f64,
        text: String,
        anchor: Anchor,
        fill: Rgb,
        font: Font,
        title: Option<String>,
    },
    /// An overview cell: one organisation on one indicator.
    Cell {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        org: String,
        indicator: usize,
        title: String,
        mark: Option<CellMark>,
    },
    /// A group read by a screen reader as one image (`label`), or hidden from it.
    Group {
        label: Option<String>,
        hidden: bool,
    },
    GroupEnd,
}

/// What an overview cell shows: its fill, outline, and symbol in its ink.
#[derive(Debug, Clone, PartialEq)]
pub struct CellMark {
    pub fill: Rgb,
    pub stroke: Rgb,
    pub ink: Rgb,
    pub symbol: String,
}

/// A chart: its size, its name for a screen reader, what it draws in order, and the plot area
/// lines marked `clipped` stay within.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub label: String,
    pub items: Vec<Item>,
    pub clip: Option<(f64, f64, f64, f64)>,
    /// The clip path's id in SVG (unique on a page that shows several charts).
    pub clip_id: String,
}

/// A scene crosses to the page as what the page itself reads (its size, its name for a screen
/// reader, its marks' spots for tooltips and keys) and what only `drawChart` reads: the scene
/// as bytes without its tooltips ([`Scene::to_drawing_bytes`]; a `Uint8Array` in JS).
impl Serialize for Scene {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Bytes(Vec<u8>);
        impl Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(&self.0)
            }
        }
        let mut s = serializer.serialize_struct("Scene", 5)?;
        s.serialize_field("width", &self.width)?;
        s.serialize_field("height", &self.height)?;
        s.serialize_field("label", &self.label)?;
        s.serialize_field("spots", &self.spots())?;
        s.serialize_field("drawing", &Bytes(self.to_drawing_bytes()))?;
        s.end()
    }
}

/// A mark with a tooltip, where it is and what its tooltip says: what the page finds under the
/// pointer and steps through with the arrow keys. An organisation's mark has its code (the page
/// selects it); a point over time has none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spot {
    pub code: String,
    pub x: f64,
    pub y: f64,
    /// How near the pointer must come, in chart pixels.
    pub r: f64,
    pub title: String,
    pub focus: bool,
}

impl Scene {
    pub fn new(width: f64, height: f64, label: &str) -> Scene {
        Scene { width, height, label: label.to_string(), items: Vec::new(), clip: None, clip_id: String::new() }
    }

    pub fn push(&mut self, item: Item) -> &mut Self {
        self.items.push(item);
        self
    }

    #[allow(clippy::too_many_arguments)]
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64, dash: Option<(f64, f64)>) -> &mut Self {
        self.push(Item::Line { points: vec![(x1, y1), (x2, y2)], stroke: Rgb::hex(stroke), width, dash, clipped: false })
    }

    pub fn polyline(&mut self, points: Vec<(f64, f64)>, stroke: &str, width: f64, dash: Option<(f64, f64)>, clipped: bool) -> &mut Self {
        if points.is_empty() {
            return self;
        }
        self.push(Item::Line { points, stroke: Rgb::hex(stroke), width, dash, clipped })
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: Option<&str>) -> &mut Self {
        let paint = Paint { fill: Some(Rgb::hex(fill)), stroke: stroke.map(Rgb::hex), width: 1.0, dash: None };
        self.push(Item::Rect { x, y, w, h, paint, org: None, title: None })
    }

    /// Text anchored at (x, y).
    pub fn text(&mut self, x: f64, y: f64, anchor: Anchor, text: &str, font: Font) -> &mut Self {
        self.text_in(x, y, anchor, "#0b0c0c", text, font)
    }

    /// Text in another colour (on a filled shape).
    pub fn text_in(&mut self, x: f64, y: f64, anchor: Anchor, fill: &str, text: &str, font: Font) -> &mut Self {
        self.push(Item::Text { x, y, text: text.to_string(), anchor, fill: Rgb::hex(fill), font, title: None })
    }

    /// A label shown as `shown` (a shortened text); when it differs from `full`, the full text
    /// is its tooltip.
    pub fn shortened(&mut self, x: f64, y: f64, anchor: Anchor, shown: &str, full: &str, font: Font) -> &mut Self {
        let title = (shown != full).then(|| full.to_string());
        self.push(Item::Text { x, y, text: shown.to_string(), anchor, fill: INK, font, title })
    }

    /// Another scene's items as one group, drawn after (so above) everything so far.
    pub fn append_group(&mut self, other: Scene) -> &mut Self {
        self.push(Item::Group { label: None, hidden: false });
        self.items.extend(other.items);
        self.push(Item::GroupEnd)
    }

    /// Every mark with a tooltip or an organisation, in drawing order.
    pub fn spots(&self) -> Vec<Spot> {
        let spot = |org: &Option<Org>, title: &Option<String>, x: f64, y: f64, r: f64| match (org, title) {
            (Some(o), _) => Some(Spot { code: o.code.clone(), x, y, r, title: title.clone().unwrap_or_default(), focus: o.focus }),
            (None, Some(t)) => Some(Spot { code: String::new(), x, y, r, title: t.clone(), focus: false }),
            (None, None) => None,
        };
        self.items
            .iter()
            .filter_map(|item| match item {
                Item::Circle { x, y, r, org, title, .. } => spot(org, title, *x, *y, *r),
                Item::Rect { x, y, w, h, org, title, .. } => spot(org, title, x + w / 2.0, y + h / 2.0, w.max(*h) / 2.0),
                Item::Polygon { points, org, title, .. } => {
                    let (cx, cy) = centre(points);
                    let r = points.iter().map(|(x, y)| (x - cx).hypot(y - cy)).fold(0.0, f64::max);
                    spot(org, title, cx, cy, r)
                }
                _ => None,
            })
            .collect()
    }

    /// Every organisation's mark not in `keep` in grey without an outline (its shape kept), and
    /// the marks in `keep` moved to the end of their group, so they are drawn on top.
    pub fn mute_others(&mut self, keep: &std::collections::HashSet<String>) {
        const GREY: Rgb = Rgb(0xc8, 0xca, 0xcc);
        let kept = |item: &Item| match item {
            Item::Rect { org: Some(o), .. } | Item::Circle { org: Some(o), .. } | Item::Polygon { org: Some(o), .. } => Some(keep.contains(&o.code)),
            _ => None,
        };
        for item in &mut self.items {
            if kept(item) == Some(false) {
                if let Item::Rect { paint, .. } | Item::Circle { paint, .. } | Item::Polygon { paint, .. } = item {
                    *paint = Paint { fill: Some(GREY), stroke: None, width: 0.0, dash: None };
                }
            }
        }
        // Within each run of marks, the group's last: a stable sort keeps everything else in place.
        let mut start = 0;
        while start < self.items.len() {
            let end = start + self.items[start..].iter().take_while(|item| kept(item).is_some()).count();
            crate::order::sort_by_key(&mut self.items[start..end], |item| kept(item) == Some(true));
            start = end.max(start + 1);
        }
    }

    /// The scene with every item moved by (dx, dy) into a larger one, for framing.
    pub fn moved(&self, dx: f64, dy: f64) -> Vec<Item> {
        let at = |(x, y): (f64, f64)| (x + dx, y + dy);
        self.items
            .iter()
            .cloned()
            .map(|mut item| {
                match &mut item {
                    Item::Rect { x, y, .. } | Item::Circle { x, y, .. } | Item::Text { x, y, .. } | Item::Cell { x, y, .. } => (*x, *y) = at((*x, *y)),
                    Item::Polygon { points, .. } | Item::Line { points, .. } => points.iter_mut().for_each(|p| *p = at(*p)),
                    Item::Verticals { at: strokes, .. } => strokes.iter_mut().for_each(|s| *s = (s.0 + dx, s.1 + dy, s.2 + dy)),
                    Item::Group { .. } | Item::GroupEnd => {}
                }
                item
            })
            .collect()
    }

    /// The scene as SVG text: presentation attributes only (never `style=`), each organisation's
    /// mark with `class="org"`, `data-org` and a `<title>`, for the page's tooltips and tests.
    pub fn to_svg(&self) -> String {
        let mut out = String::with_capacity(64 * self.items.len() + 512);
        out.push_str(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}" font-family="Arial, Helvetica, sans-serif" font-size="13">"#,
            escape(&self.label),
            w = n(self.width),
            h = n(self.height)
        ));
        if let Some((x, y, w, h)) = self.clip {
            out.push_str(&format!(
                r#"<defs><clipPath id="{}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs>"#,
                escape(&self.clip_id),
                n(x),
                n(y),
                n(w),
                n(h)
            ));
        }
        for item in &self.items {
            super::svg::write_item(&mut out, item, &self.clip_id);
        }
        out.push_str("</svg>");
        out
    }
}

fn centre(points: &[(f64, f64)]) -> (f64, f64) {
    let k = points.len().max(1) as f64;
    (points.iter().map(|p| p.0).sum::<f64>() / k, points.iter().map(|p| p.1).sum::<f64>() / k)
}

/// Attributes of a paint, as SVG.
pub(super) fn paint_attributes(paint: &Paint) -> String {
    let mut out = match paint.fill {
        Some(fill) => format!(r#" fill="{fill}""#),
        None => r#" fill="none""#.to_string(),
    };
    if let Some(stroke) = paint.stroke {
        out.push_str(&format!(r#" stroke="{stroke}""#));
        if paint.width != 1.0 {
            out.push_str(&format!(r#" stroke-width="{}""#, n(paint.width)));
        }
    }
    if let Some((dash, gap)) = paint.dash {
        out.push_str(&format!(r#" stroke-dasharray="{} {}""#, n(dash), n(gap)));
    }
    out
}

/// The hooks of an organisation's mark, as SVG attributes (with a trailing space), or nothing.
pub(super) fn hooks(org: &Option<Org>) -> String {
    match org {
        Some(o) if o.focus => format!(r#"class="org focus" data-org="{}" "#, escape(&o.code)),
        Some(o) => format!(r#"class="org" data-org="{}" "#, escape(&o.code)),
        None => String::new(),
    }
}

/// A `<title>` child, or nothing.
pub(super) fn title_element(title: &Option<String>) -> String {
    title.as_ref().map_or_else(String::new, |t| format!("<title>{}</title>", escape(t)))
}
