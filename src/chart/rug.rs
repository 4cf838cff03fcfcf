//! The "tartan rug": organisations down the side, indicators across the top, one cell each,
//! filled and marked with the outcome's symbol (colour is never alone), for download.

use super::marks::legend_row;
use super::scene::{Anchor, CellMark, Font, Item, Rgb, Scene};
use super::svg::{clip, org_labels};
use super::Mark;

pub struct RugCell {
    pub mark: Mark,
    pub tooltip: String,
}

pub struct RugRow {
    pub code: String,
    /// Empty when the file has no names.
    pub name: String,
    /// One per column; `None` when the organisation has no value for that indicator.
    pub cells: Vec<Option<RugCell>>,
}

pub struct RugSpec<'a> {
    pub label: &'a str,
    /// Indicator names.
    pub columns: &'a [String],
    pub rows: &'a [RugRow],
    pub legend: &'a [(Mark, &'a str)],
    /// A line under the grid, e.g. that only the first 500 organisations are drawn.
    pub note: Option<&'a str>,
}

const LABEL_X: f64 = 8.0;
const GRID_L: f64 = 262.0;
const CELL_W: f64 = 28.0;
const CELL_H: f64 = 20.0;
/// Column names are written at 45°, cut to this many characters.
const COLUMN_CHARS: usize = 30;

pub fn rug_svg(spec: &RugSpec) -> String {
    rug(spec).to_svg()
}

pub fn rug(spec: &RugSpec) -> Scene {
    let columns = spec.columns.len();
    let longest = spec.columns.iter().map(|c| clip(c, COLUMN_CHARS).chars().count()).max().unwrap_or(0) as f64;
    // The names stand upright (quarter turns draw the same on a canvas as in SVG), about 7 px
    // a character tall.
    let header = 40.0 + longest * 7.0;
    let legend_y = 20.0;
    let top = legend_y + 14.0 + header;
    let grid_r = GRID_L + columns as f64 * CELL_W;
    let width = (grid_r + 16.0).max(720.0);
    let bottom = top + spec.rows.len() as f64 * CELL_H;
    let height = bottom + if spec.note.is_some() { 44.0 } else { 20.0 };

    let mut svg = Scene::new(width, height, spec.label);
    svg.rect(0.0, 0.0, width, height, "#ffffff", None);
    let x = legend_row(&mut svg, spec.legend, LABEL_X, legend_y);
    svg.rect(x, legend_y - 11.0, 14.0, 12.0, "#ffffff", Some("#b1b4b6"));
    svg.text(x + 20.0, legend_y, Anchor::Start, "No value", Font::PLAIN);

    svg.text(LABEL_X, top - 8.0, Anchor::Start, "Organisation", Font::BOLD);
    for (j, name) in spec.columns.iter().enumerate() {
        // The baseline a little right of the column's middle centres the letters on it.
        let x = GRID_L + (j as f64 + 0.5) * CELL_W + 4.5;
        let y = top - 6.0;
        let shown = clip(name, COLUMN_CHARS);
        svg.shortened(x, y, Anchor::Start, &shown, name, Font::PLAIN.turned(-90.0));
    }

    for (i, row) in spec.rows.iter().enumerate() {
        let y = top + i as f64 * CELL_H;
        if i % 2 == 1 {
            svg.rect(0.0, y, grid_r, CELL_H, "#f3f2f1", None);
        }
        let (shown, full) = org_labels(&row.name, &row.code, 36);
        svg.shortened(LABEL_X, y + 14.5, Anchor::Start, &shown, &full, Font::PLAIN);
        row_cells(&mut svg, spec, row, y);
    }
    if let Some(note) = spec.note {
        svg.text(LABEL_X, bottom + 28.0, Anchor::Start, note, Font::PLAIN);
    }
    svg
}

/// One organisation's cells across the indicators: its mark, or a dashed empty cell.
fn row_cells(svg: &mut Scene, spec: &RugSpec, row: &RugRow, y: f64) {
    for (j, cell) in row.cells.iter().enumerate() {
        let x = GRID_L + j as f64 * CELL_W;
        let (title, mark) = match cell {
            Some(c) => (
                c.tooltip.clone(),
                Some(CellMark {
                    fill: Rgb::hex(c.mark.fill()),
                    stroke: Rgb::hex(c.mark.stroke()),
                    ink: Rgb::hex(c.mark.ink()),
                    symbol: c.mark.symbol().to_string(),
                }),
            ),
            None => (format!("{}: no value for {}", org_labels(&row.name, &row.code, usize::MAX).1, spec.columns.get(j).map_or("", |c| c.as_str())), None),
        };
        svg.push(Item::Cell { x: x + 1.0, y: y + 1.0, w: CELL_W - 2.0, h: CELL_H - 2.0, org: row.code.clone(), indicator: j, title, mark });
    }
}
