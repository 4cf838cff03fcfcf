//! Organisation marks shared by the charts: fill, shape and a dark outline by outcome (colour
//! is never alone), each knowing whose it is (for tooltips and selection) and its tooltip.

use super::scene::{Anchor, Font, Item, Org, Paint, Rgb, Scene};
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
pub fn marker(scene: &mut Scene, mark: Mark, x: f64, y: f64, r: f64, org: Option<OrgRef>, tooltip: &str) {
    let width = match org {
        Some(o) if o.focus => 3.0,
        // Small crowded marks get a finer outline, or hundreds of them merge into black; the
        // smallest (thousands of organisations) none, so that their colours show where they crowd.
        Some(_) if r < 3.0 => 0.0,
        Some(_) => (r * 0.25).clamp(0.5, 1.0),
        None => 1.0,
    };
    let paint = Paint { fill: Some(Rgb::hex(mark.fill())), stroke: (width > 0.0).then(|| Rgb::hex(mark.stroke())), width, dash: None };
    let org = org.map(|o| Org { code: o.code.to_string(), focus: o.focus });
    let title = Some(tooltip.to_string()).filter(|t| !t.is_empty());
    let item = match mark {
        Mark::Better | Mark::Higher => {
            Item::Polygon { points: vec![(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)], paint, org, title }
        }
        Mark::Worse | Mark::Lower => {
            Item::Polygon { points: vec![(x, y + r * 1.2), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)], paint, org, title }
        }
        Mark::Similar | Mark::NotCompared => Item::Circle { x, y, r: r * 0.85, paint, org, title },
    };
    scene.push(item);
}

/// The legend keys of the outcomes present, in a row from (x, y) (y is the text baseline);
/// returns the x after the last item.
pub fn legend_row(scene: &mut Scene, items: &[(Mark, &str)], x: f64, y: f64) -> f64 {
    let mut x = x;
    for &(mark, label) in items {
        marker(scene, mark, x + 6.0, y - 4.0, 5.5, None, "");
        scene.text(x + 16.0, y, Anchor::Start, label, Font::PLAIN);
        // No text measurement: about 7 px a character at 13 px Arial, with room to spare.
        x += 16.0 + 7.0 * label.chars().count() as f64 + 18.0;
    }
    x
}
