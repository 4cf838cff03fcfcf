//! A scene as bytes: how a chart crosses from the worker, which lays it out, to the page, which
//! draws it. Read as a plain JS object, a national caterpillar's 6,378 marks cost one JS call per
//! field, most of the time its drawing took on the main thread (measured in Chromium: 15–36 ms
//! of 41–85 ms). Every read is checked: bytes that are not a scene are an error, never a panic.

use super::scene::{Anchor, CellMark, Font, Item, Org, Paint, Rgb, Scene};

/// The first byte: which layout follows (the worker and the page are always the same build).
const LAYOUT: u8 = 1;
/// The widest and tallest scene, in chart pixels: a canvas of this × the pixel ratio is drawn.
const MOST_PIXELS: f64 = 20_000.0;

impl Scene {
    /// The scene as bytes, for [`Scene::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        self.written(false)
    }

    /// The scene as the page draws it: without its marks' tooltips, which the page has from
    /// the scene's `spots` and a drawing never shows (a national caterpillar's drawing was
    /// 1.6 MB with them, copied from the worker and read on the main thread). Read back by
    /// [`Scene::from_bytes`], every title empty.
    pub fn to_drawing_bytes(&self) -> Vec<u8> {
        self.written(true)
    }

    fn written(&self, untitled: bool) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(64 + 48 * self.items.len()), untitled);
        w.u8(LAYOUT);
        w.f64(self.width);
        w.f64(self.height);
        w.str(&self.label);
        w.option(&self.clip, |w, &(a, b, c, d)| [a, b, c, d].into_iter().for_each(|v| w.f64(v)));
        w.len(self.items.len());
        for item in &self.items {
            w.item(item);
        }
        w.0
    }

    /// The scene [`Scene::to_bytes`] wrote, or why these bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Result<Scene, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.u8()? != LAYOUT {
            return Err("not a chart from this version of Allteach".into());
        }
        let (width, height, label) = (r.f64_within(0.0, MOST_PIXELS)?, r.f64_within(0.0, MOST_PIXELS)?, r.str()?);
        let clip = r.option(|r| Ok((r.f64()?, r.f64()?, r.f64()?, r.f64()?)))?;
        let items = r.list(|r| r.item())?;
        if r.at != bytes.len() {
            return Err("a chart with bytes to spare".into());
        }
        Ok(Scene { width, height, label, items, clip, clip_id: String::new() })
    }
}

/// Bytes written, and whether titles are left out.
struct Writer(Vec<u8>, bool);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u32).to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn option<T>(&mut self, v: &Option<T>, write: impl FnOnce(&mut Self, &T)) {
        self.u8(v.is_some() as u8);
        if let Some(v) = v {
            write(self, v);
        }
    }

    fn rgb(&mut self, c: Rgb) {
        self.0.extend_from_slice(&[c.0, c.1, c.2]);
    }

    fn dash(&mut self, dash: &Option<(f64, f64)>) {
        self.option(dash, |w, &(a, b)| {
            w.f64(a);
            w.f64(b);
        });
    }

    fn paint(&mut self, p: &Paint) {
        self.option(&p.fill, |w, &c| w.rgb(c));
        self.option(&p.stroke, |w, &c| w.rgb(c));
        self.f64(p.width);
        self.dash(&p.dash);
    }

    fn mark(&mut self, paint: &Paint, org: &Option<Org>, title: &Option<String>) {
        self.paint(paint);
        self.option(org, |w, o| {
            w.str(&o.code);
            w.u8(o.focus as u8);
        });
        self.title(title);
    }

    fn title(&mut self, title: &Option<String>) {
        let untitled = self.1;
        self.option(&title.as_ref().filter(|_| !untitled), |w, t| w.str(t));
    }

    fn points(&mut self, points: &[(f64, f64)]) {
        self.len(points.len());
        for &(x, y) in points {
            self.f64(x);
            self.f64(y);
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Rect { x, y, w, h, paint, org, title } => {
                self.u8(0);
                [*x, *y, *w, *h].into_iter().for_each(|v| self.f64(v));
                self.mark(paint, org, title);
            }
            Item::Circle { x, y, r, paint, org, title } => {
                self.u8(1);
                [*x, *y, *r].into_iter().for_each(|v| self.f64(v));
                self.mark(paint, org, title);
            }
            Item::Polygon { points, paint, org, title } => {
                self.u8(2);
                self.points(points);
                self.mark(paint, org, title);
            }
            Item::Line { points, stroke, width, dash, clipped } => {
                self.u8(3);
                self.points(points);
                self.rgb(*stroke);
                self.f64(*width);
                self.dash(dash);
                self.u8(*clipped as u8);
            }
            Item::Verticals { at, stroke, width } => {
                self.u8(4);
                self.len(at.len());
                at.iter().for_each(|&(x, from, to)| [x, from, to].into_iter().for_each(|v| self.f64(v)));
                self.rgb(*stroke);
                self.f64(*width);
            }
            Item::Text { x, y, text, anchor, fill, font, title } => {
                self.u8(5);
                self.f64(*x);
                self.f64(*y);
                self.str(text);
                self.u8(*anchor as u8);
                self.rgb(*fill);
                self.f64(font.size);
                self.u8(font.bold as u8);
                self.f64(font.angle);
                self.title(title);
            }
            Item::Cell { x, y, w, h, org, indicator, title, mark } => {
                self.u8(6);
                [*x, *y, *w, *h].into_iter().for_each(|v| self.f64(v));
                self.str(org);
                self.len(*indicator);
                self.str(if self.1 { "" } else { title });
                self.option(mark, |w, m| {
                    [m.fill, m.stroke, m.ink].into_iter().for_each(|c| w.rgb(c));
                    w.str(&m.symbol);
                });
            }
            Item::Group { label, hidden } => {
                self.u8(7);
                self.option(label, |w, l| w.str(l));
                self.u8(*hidden as u8);
            }
            Item::GroupEnd => self.u8(8),
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Read<T> = Result<T, String>;

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Read<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or("a chart cut short")?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn u8(&mut self) -> Read<u8> {
        Ok(self.take(1)?[0])
    }

    fn bool(&mut self) -> Read<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err("a chart with a damaged yes or no".into()),
        }
    }

    fn f64(&mut self) -> Read<f64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(f64::from_le_bytes(b))
    }

    fn len(&mut self) -> Read<usize> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b) as usize)
    }

    fn str(&mut self) -> Read<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "a chart with damaged text".into())
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        Ok(if self.bool()? { Some(read(self)?) } else { None })
    }

    /// A count, then that many of a thing, each at least one byte: a count beyond the bytes
    /// left is damage, found before anything is allocated for it.
    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let n = self.len()?;
        if n > self.bytes.len() - self.at {
            return Err("a chart cut short".into());
        }
        (0..n).map(|_| read(self)).collect()
    }

    fn rgb(&mut self) -> Read<Rgb> {
        let b = self.take(3)?;
        Ok(Rgb(b[0], b[1], b[2]))
    }

    /// A dash pattern: each dash and gap at least half a pixel and at most a scene across, so
    /// that dashing a line ends (the charts use 2 to 6 pixels).
    fn dash(&mut self) -> Read<Option<(f64, f64)>> {
        self.option(|r| Ok((r.f64_within(0.5, MOST_PIXELS)?, r.f64_within(0.5, MOST_PIXELS)?)))
    }

    /// A number that must lie in `least..=most` (a size), else damage.
    fn f64_within(&mut self, least: f64, most: f64) -> Read<f64> {
        let value = self.f64()?;
        if (least..=most).contains(&value) {
            Ok(value)
        } else {
            Err("a chart with a size out of bounds".into())
        }
    }

    fn paint(&mut self) -> Read<Paint> {
        Ok(Paint { fill: self.option(Self::rgb)?, stroke: self.option(Self::rgb)?, width: self.f64()?, dash: self.dash()? })
    }

    fn mark(&mut self) -> Read<(Paint, Option<Org>, Option<String>)> {
        let paint = self.paint()?;
        let org = self.option(|r| Ok(Org { code: r.str()?, focus: r.bool()? }))?;
        Ok((paint, org, self.option(Self::str)?))
    }

    fn points(&mut self) -> Read<Vec<(f64, f64)>> {
        self.list(|r| Ok((r.f64()?, r.f64()?)))
    }

    fn item(&mut self) -> Read<Item> {
        Ok(match self.u8()? {
            0 => {
                let (x, y, w, h) = (self.f64()?, self.f64()?, self.f64()?, self.f64()?);
                let (paint, org, title) = self.mark()?;
                Item::Rect { x, y, w, h, paint, org, title }
            }
            1 => {
                let (x, y, r) = (self.f64()?, self.f64()?, self.f64()?);
                let (paint, org, title) = self.mark()?;
                Item::Circle { x, y, r, paint, org, title }
            }
            2 => {
                let points = self.points()?;
                let (paint, org, title) = self.mark()?;
                Item::Polygon { points, paint, org, title }
            }
            3 => Item::Line { points: self.points()?, stroke: self.rgb()?, width: self.f64()?, dash: self.dash()?, clipped: self.bool()? },
            4 => Item::Verticals { at: self.list(|r| Ok((r.f64()?, r.f64()?, r.f64()?)))?, stroke: self.rgb()?, width: self.f64()? },
            5 => self.text()?,
            6 => self.cell()?,
            7 => Item::Group { label: self.option(Self::str)?, hidden: self.bool()? },
            8 => Item::GroupEnd,
            _ => return Err("a chart with a shape this version does not know".into()),
        })
    }

    fn text(&mut self) -> Read<Item> {
        let (x, y, text) = (self.f64()?, self.f64()?, self.str()?);
        let anchor = match self.u8()? {
            0 => Anchor::Start,
            1 => Anchor::Middle,
            2 => Anchor::End,
            _ => return Err("a chart with damaged text".into()),
        };
        let fill = self.rgb()?;
        let font = Font { size: self.f64_within(1.0, 200.0)?, bold: self.bool()?, angle: self.f64()? };
        Ok(Item::Text { x, y, text, anchor, fill, font, title: self.option(Self::str)? })
    }

    fn cell(&mut self) -> Read<Item> {
        let (x, y, w, h) = (self.f64()?, self.f64()?, self.f64()?, self.f64()?);
        let (org, indicator, title) = (self.str()?, self.len()?, self.str()?);
        let mark = self.option(|r| Ok(CellMark { fill: r.rgb()?, stroke: r.rgb()?, ink: r.rgb()?, symbol: r.str()? }))?;
        Ok(Item::Cell { x, y, w, h, org, indicator, title, mark })
    }
}
