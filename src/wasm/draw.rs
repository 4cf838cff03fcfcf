//! A chart drawn in the page: its scene (as the views give it, bytes) drawn through
//! plotters-canvas onto a `<canvas>`, at the screen's devicePixelRatio.

use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::chart::Scene;

/// Draws a scene (the `drawing` bytes a view gives with it, [`Scene::to_bytes`]) onto `canvas`:
/// its backing store is the scene's size × `dpr` (so it is crisp on any screen; the page sets
/// its CSS size to the scene's), drawn by [`crate::chart::draw`]. The marks for tooltips and
/// keys come with the view (`spots`), so nothing crosses back.
#[wasm_bindgen(js_name = drawChart)]
pub fn draw_chart(canvas: HtmlCanvasElement, drawing: &[u8], dpr: f64) -> Result<(), JsError> {
    let scene = Scene::from_bytes(drawing).map_err(|e| JsError::new(&format!("Not a chart: {e}.")))?;
    let dpr = if dpr.is_finite() && dpr > 0.0 { dpr.min(4.0) } else { 1.0 };
    canvas.set_width((scene.width * dpr).round() as u32);
    canvas.set_height((scene.height * dpr).round() as u32);
    let context: CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok()).ok_or_else(|| JsError::new("This browser cannot draw on a canvas."))?;
    let inner = CanvasBackend::with_canvas_object(canvas).ok_or_else(|| JsError::new("This browser cannot draw on a canvas."))?;
    let mut backend = Measured { inner, context };
    crate::chart::draw::draw(&scene, &mut backend, dpr).map_err(|e| JsError::new(&format!("The chart could not be drawn: {e}")))
}

/// plotters-canvas with text measured by the canvas itself: plotters' own measurement in wasm
/// puts a styled `<span>` into the document, which a strict `style-src` refuses and a worker
/// has no document for.
struct Measured {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
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
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Drawn {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(&mut self, upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool) -> Drawn {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Drawn {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Drawn {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Drawn {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.context.set_font(&format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str()));
        let width = self.context.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }
}
