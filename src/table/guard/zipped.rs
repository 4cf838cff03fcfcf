//! Checks on zip workbooks (xlsx, ods) before calamine 0.38.0 opens them, using the `zip` crate
//! at calamine's version (9.8.2 in Cargo.lock) and `quick-xml` 0.42 (both already in the tree).

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

#[derive(Debug, PartialEq, Eq)]
pub struct Rejected(pub &'static str);
type R<T> = Result<T, Rejected>;

fn reject<T>(why: &'static str) -> R<T> {
    Err(Rejected(why))
}

pub const MAX_ENTRIES: usize = 10_000;
/// Declared uncompressed size of one part, and of all parts together. The zip crate stops a part
/// at its declared size (crc32.rs:43-52), so these bound what calamine can decompress.
pub const MAX_PART_BYTES: u64 = 256 << 20;
pub const MAX_TOTAL_BYTES: u64 = 512 << 20;
/// Compression ratio allowed for parts over 1 MiB (deflate tops out near 1032:1; real sheets
/// compress 5-30:1, very regular ones up to ~100:1).
pub const MAX_RATIO: u64 = 150;
/// sharedStrings `uniqueCount` (calamine reserves that many `String`s, xlsx/mod.rs:362-366).
pub const MAX_SHARED_STRINGS: u64 = 1 << 22;
/// xlsx styles: bytes of font/fill/border/number-format data cloned into every `xf`.
pub const MAX_STYLE_CLONE_BYTES: u64 = 64 << 20;
/// ODS: cells calamine materialises (repeats expanded), and bytes of cell text it clones.
pub const MAX_ODS_CELLS: u64 = 1 << 22;
pub const MAX_ODS_TEXT_BYTES: u64 = 64 << 20;

/// The workbook kinds worth dispatching to one calamine reader (never `open_workbook_auto*`,
/// which tries Xls, Xlsx, Xlsb then Ods on the same bytes, so a broken xlsx still reaches the
/// xlsb parser: auto.rs:90-100).
#[derive(Debug, PartialEq, Eq)]
pub enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
}

/// Sizes from the central directory, before anything is decompressed.
pub fn check_zip(bytes: &[u8]) -> R<ZipKind> {
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Rejected("zip: not a readable zip archive"))?;
    if zip.len() > MAX_ENTRIES {
        return reject("zip: too many parts");
    }
    let (mut total, mut rels, mut bin, mut content) = (0u64, false, false, false);
    for i in 0..zip.len() {
        let e = zip.by_index_data(i).map_err(|_| Rejected("zip: unreadable directory entry"))?;
        let (size, packed) = (e.size(), e.compressed_size());
        if size > MAX_PART_BYTES {
            return reject("zip: a part is too large once decompressed");
        }
        if size > 1 << 20 && size / packed.max(1) > MAX_RATIO {
            return reject("zip: a part is compressed implausibly well (zip bomb)");
        }
        total = total.saturating_add(size);
        // calamine looks parts up case-insensitively (utils.rs:214-230).
        let name = e.name().map(|n| n.replace('\\', "/").to_ascii_lowercase()).unwrap_or_default();
        rels |= name == "_rels/.rels";
        bin |= name.ends_with("workbook.bin");
        content |= name == "content.xml";
    }
    if total > MAX_TOTAL_BYTES {
        return reject("zip: the parts are too large once decompressed");
    }
    let kind = if bin {
        Some(ZipKind::Xlsb)
    } else if rels {
        Some(ZipKind::Xlsx)
    } else if content {
        Some(ZipKind::Ods)
    } else {
        None
    };
    kind.ok_or(Rejected("zip: not an xlsx, xlsb or ods workbook"))
}

/// Every `uniqueCount="N"` in any part named like `*sharedStrings.xml` (calamine may look under a
/// folder taken from `_rels/.rels`, xlsx/mod.rs:334-340). A part of S bytes holds at most S/5
/// `<si/>` items, so a larger count is a lie meant to size `Vec::reserve`.
pub fn check_shared_strings(bytes: &[u8]) -> R<()> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Rejected("zip: not a readable zip archive"))?;
    for i in 0..zip.len() {
        let (is_sst, size) = {
            let e = zip.by_index_data(i).map_err(|_| Rejected("zip: unreadable directory entry"))?;
            let name = e.name().map(|n| n.replace('\\', "/").to_ascii_lowercase()).unwrap_or_default();
            (name.ends_with("sharedstrings.xml"), e.size())
        };
        if !is_sst {
            continue;
        }
        let limit = (size / 5 + 1024).min(MAX_SHARED_STRINGS);
        let mut part = zip.by_index(i).map_err(|_| Rejected("zip: unreadable part"))?;
        let mut scan = CountScan::default();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = part.read(&mut chunk).map_err(|_| Rejected("zip: a part is damaged or larger than declared"))?;
            if n == 0 {
                break;
            }
            for &b in &chunk[..n] {
                if scan.push(b).is_some_and(|count| count > limit) {
                    return reject("xlsx: the shared string table claims more strings than it can hold");
                }
            }
        }
    }
    Ok(())
}

/// Streaming matcher for `uniqueCount` ws* `=` ws* quote digits quote. calamine parses the raw
/// value with `atoi_simd::parse::<usize, true, false>` (leading zeros allowed, no sign), so only
/// an all-digit value matters; it is accumulated saturating, whatever its length.
#[derive(Default)]
struct CountScan {
    window: [u8; 11],
    state: u8, // 0 idle, 1 after the name, 2 after '=', 3 in the digits
    quote: u8,
    value: u64,
    digits: bool,
}

impl CountScan {
    fn push(&mut self, b: u8) -> Option<u64> {
        self.window.rotate_left(1);
        self.window[10] = b;
        let mut out = None;
        self.state = match self.state {
            1 if b.is_ascii_whitespace() => 1,
            1 if b == b'=' => 2,
            2 if b.is_ascii_whitespace() => 2,
            2 if b == b'"' || b == b'\'' => {
                (self.quote, self.value, self.digits) = (b, 0, false);
                3
            }
            3 if b.is_ascii_digit() => {
                self.value = self.value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
                self.digits = true;
                3
            }
            3 if b == self.quote && self.digits => {
                out = Some(self.value);
                0
            }
            _ => 0,
        };
        if &self.window == b"uniqueCount" {
            self.state = 1;
        }
        out
    }
}

/// ODS `content.xml`: bound what calamine 0.38.0's `read_table`/`read_row`/`get_range`
/// (ods.rs:435-605) materialise: column repeats are expanded per cell (capped at 16384 per row,
/// ods.rs:625-666, but with no cap on the number of rows), row repeats are expanded in
/// `get_range` (ods.rs:568-592, capped only at 100M cells), every repeat clones the cell's
/// text, and `<text:s text:c="N"/>` pushes N spaces (ods.rs:767-775) with N from the file.
pub fn check_ods(bytes: &[u8]) -> R<()> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Rejected("zip: not a readable zip archive"))?;
    let part = zip.by_name("content.xml").map_err(|_| Rejected("ods: no content.xml"))?;
    let mut xml = calamine_like_reader(part);
    let mut buf = Vec::new();
    let mut walk = OdsWalk::default();
    loop {
        buf.clear();
        let before = xml.buffer_position();
        match xml.read_event_into(&mut buf).map_err(|_| Rejected("ods: malformed content.xml"))? {
            Event::Start(e) => walk.start(&e, before)?,
            Event::End(e) => walk.end(e.name().as_ref(), xml.buffer_position())?,
            Event::Eof => break,
            _ => {}
        }
    }
    // read_table (ods.rs:448-481) and the annotation loop of get_datatype (ods.rs:754-762) have
    // no Eof arm: a table or annotation left open makes calamine loop forever at end of input.
    if walk.table_open || walk.annotation_open {
        return reject("ods: a table or comment is not closed (reading it would never end)");
    }
    Ok(())
}

const ODS_MAX_COLUMNS: u64 = 16_384;
const ODS_MAX_ROWS: u64 = 1_048_576;

fn repeat_count(v: &str) -> R<u64> {
    v.trim().parse::<u64>().map_err(|_| Rejected("ods: unreadable repeat count"))
}

/// What calamine would materialise from content.xml, counted as the events go by.
#[derive(Default)]
struct OdsWalk {
    /// Cells of the tables already closed, and bytes of text cloned so far.
    done_cells: u64,
    text: u64,
    table: Table,
    row: Option<Row>,
    /// The open cell: (start position, capped repeats, non-empty), and its text:s spaces.
    cell: Option<(u64, u64, bool)>,
    cell_extra: u64,
    table_open: bool,
    annotation_open: bool,
}

impl OdsWalk {
    fn start(&mut self, e: &quick_xml::events::BytesStart<'_>, before: u64) -> R<()> {
        match e.name().as_ref() {
            "table:table" => {
                // A nested table's rows count towards the outer one in calamine; summing
                // tables separately only over-counts.
                self.done_cells = self.done_cells.saturating_add(self.table.bound());
                self.table = Table::default();
                if self.row.is_none() && e.attributes().with_checks(false).flatten().any(|a| a.key.as_ref() == "table:name") {
                    self.table_open = true;
                }
            }
            "office:annotation" if self.cell.is_some() => self.annotation_open = true,
            "table:table-row" => self.row_start(e)?,
            "table:table-cell" | "table:covered-table-cell" => self.cell_start(e, before)?,
            "text:s" if self.cell.is_some() => {
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|_| Rejected("ods: malformed attribute"))?;
                    if a.key.as_ref() == "text:c" {
                        self.cell_extra = self.cell_extra.saturating_add(repeat_count(&a.value)?);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn row_start(&mut self, e: &quick_xml::events::BytesStart<'_>) -> R<()> {
        let mut repeats = 1;
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|_| Rejected("ods: malformed attribute"))?;
            if a.key.as_ref() == "table:number-rows-repeated" {
                repeats = repeat_count(&a.value)?;
            }
        }
        // read_table caps the repeats at the rows left (ods.rs:451-464).
        let capped = repeats.min(ODS_MAX_ROWS.saturating_sub(self.table.repeats_seen));
        self.table.repeats_seen += capped;
        self.row = Some(Row { repeats: capped, ..Row::default() });
        Ok(())
    }

    fn cell_start(&mut self, e: &quick_xml::events::BytesStart<'_>, before: u64) -> R<()> {
        let Some(r) = self.row.as_mut() else { return Ok(()) };
        let (mut repeats, mut non_empty) = (1u64, false);
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|_| Rejected("ods: malformed attribute"))?;
            match a.key.as_ref() {
                "table:number-columns-repeated" => repeats = repeat_count(&a.value)?,
                "office:value" | "office:string-value" | "office:date-value" | "office:time-value" | "office:boolean-value" | "table:formula" => {
                    non_empty = true
                }
                "office:value-type" if a.value.as_ref() == "string" => non_empty = true,
                "calcext:value-type" if a.value.as_ref() == "error" => non_empty = true,
                _ => {}
            }
        }
        // read_row: empties pending before this cell are flushed, then this cell's
        // repeats, each capped at the room left in the row (ods.rs:631-666).
        r.cells += r.pending_empty.min(ODS_MAX_COLUMNS.saturating_sub(r.cells));
        r.pending_empty = 0;
        let capped = repeats.min(ODS_MAX_COLUMNS.saturating_sub(r.cells));
        if non_empty {
            r.cells += capped;
            r.non_empty = true;
        } else {
            r.pending_empty = capped;
        }
        self.cell = Some((before, capped, non_empty));
        self.cell_extra = 0;
        Ok(())
    }

    fn end(&mut self, name: &str, position: u64) -> R<()> {
        match name {
            "table:table" if self.row.is_none() => self.table_open = false,
            "office:annotation" => self.annotation_open = false,
            "table:table-cell" | "table:covered-table-cell" => {
                if let (Some((start, capped, true)), Some(r)) = (self.cell.take(), self.row.as_mut()) {
                    // A cell's text is at most its element's bytes plus its text:s spaces.
                    let len = (position - start).saturating_add(self.cell_extra);
                    if len > MAX_ODS_TEXT_BYTES {
                        return reject("ods: a cell's text is too long");
                    }
                    r.text = r.text.saturating_add(len.saturating_mul(capped));
                }
            }
            "table:table-row" => self.row_end()?,
            _ => {}
        }
        Ok(())
    }

    fn row_end(&mut self) -> R<()> {
        let Some(r) = self.row.take() else { return Ok(()) };
        self.table.add_row(&r);
        // Cloned into the row, then once per repeat by get_range; formulas alike.
        self.text = self.text.saturating_add(r.text.saturating_mul(2 + 2 * r.repeats));
        if self.done_cells.saturating_add(self.table.bound()) > MAX_ODS_CELLS {
            return reject("ods: the sheet has too many cells once repeats are expanded");
        }
        if self.text > MAX_ODS_TEXT_BYTES {
            return reject("ods: the sheet's text is too large once repeats are expanded");
        }
        Ok(())
    }
}

#[derive(Default)]
struct Row {
    repeats: u64,
    cells: u64,
    pending_empty: u64,
    non_empty: bool,
    text: u64,
}

/// One table as calamine's `read_table` + `get_range` build it.
#[derive(Default)]
struct Table {
    repeats_seen: u64,
    /// Cells pushed by read_row over all rows (the `cells` Vec of read_table).
    pushed: u64,
    width: u64,
    seen_non_empty: bool,
    /// Rows between the first and last non-empty row: physical, and with repeats expanded.
    span_rows: u64,
    span_repeats: u64,
    gap_rows: u64,
    gap_repeats: u64,
}

impl Table {
    fn add_row(&mut self, r: &Row) {
        self.pushed = self.pushed.saturating_add(r.cells);
        if r.non_empty {
            if self.seen_non_empty {
                self.span_rows += self.gap_rows;
                self.span_repeats = self.span_repeats.saturating_add(self.gap_repeats);
            }
            self.span_rows += 1;
            self.span_repeats = self.span_repeats.saturating_add(r.repeats);
            (self.gap_rows, self.gap_repeats, self.seen_non_empty) = (0, 0, true);
            self.width = self.width.max(r.cells);
        } else if self.seen_non_empty {
            self.gap_rows += 1;
            self.gap_repeats = self.gap_repeats.saturating_add(r.repeats);
        }
    }

    /// The largest of: cells pushed by read_row, get_range's `Vec::with_capacity` of the
    /// bounding box of physical rows, and the rows it expands (ods.rs:528-592).
    fn bound(&self) -> u64 {
        self.pushed.max(self.width.saturating_mul(self.span_rows)).max(self.width.saturating_mul(self.span_repeats))
    }
}

/// xlsx `styles.xml`: calamine 0.38.0 clones the referenced font, fill, border and number-format
/// code into a `Style` for every `<xf>` of `cellXfs` (xlsx/mod.rs:484-575), so a 200 KB font name
/// and 20 000 `<xf fontId="0"/>` (a 3 KB file) allocate 4 GB. Bound: number of `xf` times the
/// largest font + fill + border element + the longest attribute (a number format code).
pub fn check_styles(bytes: &[u8]) -> R<()> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Rejected("zip: not a readable zip archive"))?;
    for i in 0..zip.len() {
        let is_styles = {
            let e = zip.by_index_data(i).map_err(|_| Rejected("zip: unreadable directory entry"))?;
            e.name().map(|n| n.replace('\\', "/").to_ascii_lowercase().ends_with("styles.xml")).unwrap_or(false)
        };
        if !is_styles {
            continue;
        }
        let part = zip.by_index(i).map_err(|_| Rejected("zip: unreadable part"))?;
        let mut xml = calamine_like_reader(part);
        let mut buf = Vec::new();
        let (mut xfs, mut longest_attr) = (0u64, 0u64);
        let mut open: [Option<u64>; 3] = [None; 3]; // font, fill, border
        let mut largest = [0u64; 3];
        loop {
            buf.clear();
            let before = xml.buffer_position();
            match xml.read_event_into(&mut buf).map_err(|_| Rejected("xlsx: malformed styles.xml"))? {
                Event::Start(e) => {
                    let slot = match e.local_name().as_ref() {
                        "xf" => {
                            xfs += 1;
                            None
                        }
                        "font" => Some(0),
                        "fill" => Some(1),
                        "border" => Some(2),
                        _ => None,
                    };
                    if let Some(k) = slot {
                        open[k] = Some(before);
                    }
                    for a in e.attributes().with_checks(false) {
                        let a = a.map_err(|_| Rejected("xlsx: malformed attribute in styles.xml"))?;
                        longest_attr = longest_attr.max(a.value.len() as u64);
                    }
                }
                Event::End(e) => {
                    let slot = match e.local_name().as_ref() {
                        "font" => Some(0),
                        "fill" => Some(1),
                        "border" => Some(2),
                        _ => None,
                    };
                    if let Some(k) = slot {
                        if let Some(start) = open[k].take() {
                            largest[k] = largest[k].max(xml.buffer_position() - start);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let per_xf = largest.iter().sum::<u64>() + longest_attr + 256;
        if xfs.saturating_mul(per_xf) > MAX_STYLE_CLONE_BYTES {
            return reject("xlsx: the styles would take too much memory");
        }
    }
    Ok(())
}

/// An XML reader set up as calamine sets up its own, so that the checks see the part as it will.
fn calamine_like_reader<R: Read>(part: R) -> quick_xml::Reader<std::io::BufReader<R>> {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}
