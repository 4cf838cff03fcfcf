//! A chart drawn in the page: its scene (as the views give it, bytes) drawn through
//! plotters-canvas onto a `<canvas>`, at the screen's devicePixelRatio.

use std::fmt::Write;

use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

use crate::chart::Scene;

/// Draws a scene (the `drawing` bytes a view gives with it, [`Scene::to_drawing_bytes`]) onto `canvas`:
/// its backing store is the scene's size × `dpr` (so it is crisp on any screen; the page sets
/// its CSS size to the scene's), drawn by [`crate::chart::draw`]. The marks for tooltips and
/// keys come with the view (`spots`), so nothing crosses back.
#[wasm_bindgen(js_name = drawChart)]
pub fn draw_chart(canvas: HtmlCanvasElement, drawing: &[u8], dpr: f64) -> Result<(), JsError> {
    draw_chart_with(canvas, drawing, dpr, true)
}

/// As [`draw_chart`]; `batched: false` draws each shape with its own canvas calls, as
/// plotters-canvas does (the tests compare the two).
pub fn draw_chart_with(canvas: HtmlCanvasElement, drawing: &[u8], dpr: f64, batched: bool) -> Result<(), JsError> {
    let scene = Scene::from_bytes(drawing).map_err(|e| JsError::new(&format!("Not a chart: {e}.")))?;
    let dpr = if dpr.is_finite() && dpr > 0.0 { dpr.min(4.0) } else { 1.0 };
    canvas.set_width((scene.width * dpr).round() as u32);
    canvas.set_height((scene.height * dpr).round() as u32);
    let context: CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok()).ok_or_else(|| JsError::new("This browser cannot draw on a canvas."))?;
    let inner = CanvasBackend::with_canvas_object(canvas).ok_or_else(|| JsError::new("This browser cannot draw on a canvas."))?;
    let mut backend = Measured { inner, context, batch: batched.then(Batch::default) };
    crate::chart::draw::draw(&scene, &mut backend, dpr).map_err(|e| JsError::new(&format!("The chart could not be drawn: {e}")))
}

/// plotters-canvas with text measured by the canvas itself: plotters' own measurement in wasm
/// puts a styled `<span>` into the document, which a strict `style-src` refuses and a worker
/// has no document for. Runs of lines, circles and polygons in one opaque colour go to the
/// canvas as one path (`batch`): plotters-canvas makes four to six calls into JavaScript for
/// each, and a national strip's 6,378 marks and 12,756 intervals held the page for 60 ms.
struct Measured {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    batch: Option<Batch>,
}

/// Shapes waiting to be drawn as one path: stroked (colour and width) or filled (colour), as
/// SVG path data, which the canvas reads in one call.
#[derive(Default)]
struct Batch {
    key: Option<(bool, (u8, u8, u8), u32)>,
    path: String,
}

impl Measured {
    /// Adds a shape (written by `write` as path data) to the batch, drawing what the batch held
    /// first if its paint differs; false (drawn as plotters-canvas draws it) when not batching
    /// or the colour is not opaque (overlapping shapes in one path would blend once, not twice).
    fn batched(&mut self, filled: bool, style: &impl BackendStyle, write: impl FnOnce(&mut String)) -> bool {
        let colour = style.color();
        if self.batch.is_none() || colour.alpha != 1.0 {
            return false;
        }
        let key = Some((filled, colour.rgb, if filled { 0 } else { style.stroke_width() }));
        if self.batch.as_ref().is_some_and(|b| b.key != key) {
            self.flush();
        }
        if let Some(b) = &mut self.batch {
            b.key = key;
            write(&mut b.path);
        }
        true
    }

    /// Draws the batch's path, if any.
    fn flush(&mut self) {
        let Some(b) = &mut self.batch else { return };
        let Some((filled, (r, g, b_), width)) = b.key.take() else { return };
        let path = Path2d::new_with_path_string(&b.path);
        b.path.clear();
        let Ok(path) = path else { return };
        let colour = format!("rgb({r},{g},{b_})");
        if filled {
            self.context.set_fill_style_str(&colour);
            self.context.fill_with_path_2d(&path);
        } else {
            self.context.set_stroke_style_str(&colour);
            self.context.set_line_width(f64::from(width));
            self.context.stroke_with_path(&path);
        }
    }
}

/// A polyline as path data, its points in half pixels (a line on the grid sits half a pixel
/// off it): written as integers, which need none of the float formatting a national chart's
/// 90,000 coordinates would otherwise go through.
fn polyline(out: &mut String, halves: impl IntoIterator<Item = (i64, i64)>) {
    for (i, (x, y)) in halves.into_iter().enumerate() {
        out.push(if i == 0 { 'M' } else { 'L' });
        half(out, x);
        out.push(' ');
        half(out, y);
    }
}

/// A number of half pixels, in pixels ("-3.5", "12").
fn half(out: &mut String, halves: i64) {
    if halves < 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", halves.unsigned_abs() / 2);
    if halves % 2 != 0 {
        out.push_str(".5");
    }
}

/// Twice a polygon's signed area in screen coordinates (y down): positive when it turns
/// clockwise on the screen, as the circles' paths do.
fn turning(points: &[BackendCoord]) -> i64 {
    let mut twice = 0;
    let mut last = points.last().copied().unwrap_or_default();
    for &(x, y) in points {
        twice += i64::from(last.0) * i64::from(y) - i64::from(x) * i64::from(last.1);
        last = (x, y);
    }
    twice
}

/// A point in half pixels.
fn halves((x, y): BackendCoord) -> (i64, i64) {
    (2 * i64::from(x), 2 * i64::from(y))
}

type Drawn = Result<(), DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

impl DrawingBackend for Measured {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Drawn {
        self.flush();
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.flush();
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Drawn {
        // As plotters-canvas does: a level or upright line moves half a pixel onto the grid.
        let (dx, dy) = (i64::from(from.0 == to.0), i64::from(from.1 == to.1));
        let ends = [from, to].map(|p| (halves(p).0 - dx, halves(p).1 - dy));
        if self.batched(false, style, |out| polyline(out, ends)) {
            return Ok(());
        }
        self.flush();
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(&mut self, upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool) -> Drawn {
        self.flush();
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        let points: Vec<BackendCoord> = path.into_iter().collect();
        if points.len() < 2 || !self.batched(false, style, |out| polyline(out, points.iter().map(|&p| halves(p)))) {
            self.flush();
            self.inner.draw_path(points, style)?;
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Drawn {
        // A whole circle as two half turns, clockwise from its right, as the canvas's arc() draws it.
        let ((x, y), r) = ((i64::from(center.0), center.1), i64::from(radius));
        let circle = |out: &mut String| {
            let _ = write!(out, "M{} {y}A{r} {r} 0 1 1 {} {y}A{r} {r} 0 1 1 {} {y}Z", x + r, x - r, x + r);
        };
        if self.batched(fill, style, circle) {
            return Ok(());
        }
        self.flush();
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Drawn {
        let mut points: Vec<BackendCoord> = vert.into_iter().collect();
        // One path is filled by the nonzero rule: a ▼ winding against the ▲s and circles would
        // leave a hole where it overlaps them, so every polygon turns the circles' way.
        if turning(&points) < 0 {
            points.reverse();
        }
        if points.len() < 3
            || !self.batched(true, style, |out| {
                polyline(out, points.iter().map(|&p| halves(p)));
                out.push('Z');
            })
        {
            self.flush();
            self.inner.fill_polygon(points, style)?;
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Drawn {
        self.flush();
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.context.set_font(&format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str()));
        let width = self.context.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }
}
