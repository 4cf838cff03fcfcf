//! A scene drawn through plotters' `DrawingBackend`: the one drawing code for every backend.
//! In the page the backend is plotters-canvas on a `<canvas>` (`src/wasm/draw.rs`); the native
//! tests draw through plotters' SVG backend. `scale` is backend pixels per chart pixel (the
//! devicePixelRatio on a canvas), so a chart is crisp on any screen.
//!
//! Plotters' backends take whole pixels, text anchored at its top, middle or bottom (not its
//! baseline), and turns of a quarter only; the notes below say how each is met.

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor, ShapeStyle, TextStyle};
use plotters_backend::{BackendCoord, DrawingBackend, DrawingErrorKind};

use super::scene::{Anchor, Font, Item, Paint, Rgb, Scene};

/// The charts' typeface, as the SVG they write names it.
const FAMILY: &str = "Arial, Helvetica, sans-serif";
/// How far Arial's baseline sits above the bottom of its em box, as a share of its size.
const DESCENT: f64 = 0.21;

type Drawn<DB> = Result<(), DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws every item of `scene`, in order, at `scale` backend pixels per chart pixel.
pub fn draw<DB: DrawingBackend>(scene: &Scene, backend: &mut DB, scale: f64) -> Drawn<DB> {
    let pen = Pen { scale, clip: scene.clip };
    for item in &scene.items {
        pen.item(backend, item)?;
    }
    backend.present()
}

struct Pen {
    scale: f64,
    clip: Option<(f64, f64, f64, f64)>,
}

fn colour(rgb: Rgb, alpha: f64) -> RGBAColor {
    RGBAColor(rgb.0, rgb.1, rgb.2, alpha)
}

impl Pen {
    fn at(&self, (x, y): (f64, f64)) -> BackendCoord {
        ((x * self.scale).round() as i32, (y * self.scale).round() as i32)
    }

    /// A line width in backend pixels: never below one, so a hairline still shows.
    fn width(&self, width: f64) -> u32 {
        (width * self.scale).round().max(1.0) as u32
    }

    fn item<DB: DrawingBackend>(&self, backend: &mut DB, item: &Item) -> Drawn<DB> {
        match item {
            Item::Rect { x, y, w, h, paint, .. } => self.rect(backend, (*x, *y, *w, *h), paint),
            Item::Circle { x, y, r, paint, .. } => self.circle(backend, (*x, *y), *r, paint),
            Item::Polygon { points, paint, .. } => self.polygon(backend, points, paint),
            Item::Line { points, stroke, width, dash, clipped } => {
                let clip = if *clipped { self.clip } else { None };
                self.line(backend, points, ShapeStyle { color: colour(*stroke, 1.0), filled: false, stroke_width: self.width(*width) }, *dash, clip)
            }
            Item::Verticals { at, stroke, width } => {
                let style = ShapeStyle { color: colour(*stroke, 1.0), filled: false, stroke_width: self.width(*width) };
                at.iter().try_for_each(|&(x, a, b)| backend.draw_line(self.at((x, a)), self.at((x, b)), &style))
            }
            Item::Text { x, y, text, anchor, fill, font, .. } => self.text(backend, (*x, *y), text, *anchor, *fill, *font),
            Item::Cell { x, y, w, h, mark, .. } => match mark {
                Some(m) => {
                    self.rect(backend, (*x, *y, *w, *h), &Paint { fill: Some(m.fill), stroke: Some(m.stroke), width: 1.0, dash: None })?;
                    self.text(backend, (x + w / 2.0, y + h / 2.0 + 4.5), &m.symbol, Anchor::Middle, m.ink, Font::SMALL)
                }
                None => self.rect(
                    backend,
                    (*x, *y, *w, *h),
                    &Paint { fill: Some(Rgb(255, 255, 255)), stroke: Some(Rgb(0xb1, 0xb4, 0xb6)), width: 1.0, dash: Some((2.0, 2.0)) },
                ),
            },
            Item::Group { .. } | Item::GroupEnd => Ok(()),
        }
    }

    fn rect<DB: DrawingBackend>(&self, backend: &mut DB, (x, y, w, h): (f64, f64, f64, f64), paint: &Paint) -> Drawn<DB> {
        let (from, to) = (self.at((x, y)), self.at((x + w, y + h)));
        if let Some(fill) = paint.fill {
            backend.draw_rect(from, to, &ShapeStyle { color: colour(fill, 1.0), filled: true, stroke_width: 1 }, true)?;
        }
        match (paint.stroke, paint.dash) {
            (Some(stroke), Some(dash)) => {
                let outline = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                self.line(backend, &outline, ShapeStyle { color: colour(stroke, 1.0), filled: false, stroke_width: self.width(paint.width) }, Some(dash), None)
            }
            (Some(stroke), None) => {
                backend.draw_rect(from, to, &ShapeStyle { color: colour(stroke, 1.0), filled: false, stroke_width: self.width(paint.width) }, false)
            }
            (None, _) => Ok(()),
        }
    }

    fn circle<DB: DrawingBackend>(&self, backend: &mut DB, centre: (f64, f64), r: f64, paint: &Paint) -> Drawn<DB> {
        let (at, radius) = (self.at(centre), (r * self.scale).round().max(1.0) as u32);
        if let Some(fill) = paint.fill {
            backend.draw_circle(at, radius, &ShapeStyle { color: colour(fill, 1.0), filled: true, stroke_width: 1 }, true)?;
        }
        match paint.stroke.filter(|_| paint.width > 0.0) {
            Some(stroke) => {
                backend.draw_circle(at, radius, &ShapeStyle { color: colour(stroke, 1.0), filled: false, stroke_width: self.width(paint.width) }, false)
            }
            None => Ok(()),
        }
    }

    fn polygon<DB: DrawingBackend>(&self, backend: &mut DB, points: &[(f64, f64)], paint: &Paint) -> Drawn<DB> {
        let corners: Vec<BackendCoord> = points.iter().map(|&p| self.at(p)).collect();
        if let Some(fill) = paint.fill {
            backend.fill_polygon(corners.iter().copied(), &ShapeStyle { color: colour(fill, 1.0), filled: true, stroke_width: 1 })?;
        }
        match paint.stroke.filter(|_| paint.width > 0.0) {
            Some(stroke) => {
                let style = ShapeStyle { color: colour(stroke, 1.0), filled: false, stroke_width: self.width(paint.width) };
                backend.draw_path(corners.iter().chain(corners.first()).copied(), &style)
            }
            None => Ok(()),
        }
    }

    /// An open line, cut into dashes when dashed and to the clip box when clipped (plotters'
    /// backends have neither).
    fn line<DB: DrawingBackend>(
        &self,
        backend: &mut DB,
        points: &[(f64, f64)],
        style: ShapeStyle,
        dash: Option<(f64, f64)>,
        clip: Option<(f64, f64, f64, f64)>,
    ) -> Drawn<DB> {
        let pieces = match clip {
            Some(b) => super::lines::clipped(points, b),
            None => vec![points.to_vec()],
        };
        for piece in pieces {
            let runs = match dash {
                Some(d) => super::lines::dashed(&piece, d),
                None => vec![piece],
            };
            for run in runs.iter().filter(|r| r.len() >= 2) {
                backend.draw_path(run.iter().map(|&p| self.at(p)), &style)?;
            }
        }
        Ok(())
    }

    /// Text at its baseline (x, y): plotters anchors text at its bottom, so the baseline is
    /// lowered by Arial's descent. Turns are by quarters, as plotters' backends take them (the
    /// charts turn text only to read upwards).
    fn text<DB: DrawingBackend>(&self, backend: &mut DB, (x, y): (f64, f64), text: &str, anchor: Anchor, fill: Rgb, font: Font) -> Drawn<DB> {
        let style = if font.bold { FontStyle::Bold } else { FontStyle::Normal };
        let turn = if font.angle < 0.0 { FontTransform::Rotate270 } else { FontTransform::None };
        let h = match anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        let desc = FontDesc::new(FontFamily::Name(FAMILY), font.size * self.scale, style).transform(turn);
        let text_style = TextStyle { font: desc, color: colour(fill, 1.0).to_backend_color(), pos: Pos::new(h, VPos::Bottom) };
        // Turned upwards, "down" is to the right: the descent moves x instead.
        let drop = DESCENT * font.size;
        let at = if font.angle < 0.0 { (x + drop, y) } else { (x, y + drop) };
        backend.draw_text(text, &text_style, self.at(at))
    }
}
