//! Charts, each laid out once as a [`Scene`] (shapes and text in chart pixels, every
//! organisation's mark knowing whose it is). A scene is written as SVG text for downloads and
//! learning packs (presentation attributes only, never `style=`, so a host page's strict
//! `style-src` is respected), or drawn through plotters.

mod axis;
pub mod caterpillar;
pub mod draw;
pub mod funnel;
mod lines;
pub mod marks;
pub mod rug;
pub mod scene;
mod scene_bytes;
pub mod spc;
pub mod spine;
mod svg;

#[cfg(test)]
mod tests;

pub use axis::nice_ticks;
pub use scene::{Anchor, Font, Item, Scene};
pub use svg::{clip, escape, frame, org_labels, wrap};

/// Marks for the comparison outcomes: colour (FingertipsNext/GOV.UK set), shape and words,
/// so that colour is never the only carrier of meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Better,
    Similar,
    Worse,
    Higher,
    Lower,
    NotCompared,
}

impl Mark {
    pub fn fill(self) -> &'static str {
        match self {
            Mark::Better => "#00703c",
            Mark::Similar => "#ffdd00",
            Mark::Worse => "#d4351c",
            Mark::Higher => "#003078",
            Mark::Lower => "#5694ca",
            Mark::NotCompared => "#ffffff",
        }
    }

    /// Dark outline on every mark keeps 3:1 contrast against white, even for yellow.
    pub fn stroke(self) -> &'static str {
        "#0b0c0c"
    }

    /// Text drawn on the mark's fill (the symbol inside a rug cell): white on the dark fills,
    /// near-black on yellow, light blue and white, each at least 4.5:1.
    pub fn ink(self) -> &'static str {
        match self {
            Mark::Better | Mark::Worse | Mark::Higher => "#ffffff",
            Mark::Similar | Mark::Lower | Mark::NotCompared => "#0b0c0c",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Better | Mark::Higher => "▲",
            Mark::Worse | Mark::Lower => "▼",
            Mark::Similar => "●",
            Mark::NotCompared => "○",
        }
    }
}
