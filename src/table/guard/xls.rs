//! Pre-validation of legacy `.xls` bytes (OLE/CFB container + BIFF records) before they reach
//! calamine. It mirrors calamine **0.38.0** exactly (pin `calamine = "=0.38.0"`):
//! `Cfb::new` + `Cfb::get_stream` (cfb.rs) and `Xls::parse_workbook` incl. `parse_formula`
//! (xls.rs), and rejects every input on which that code would index or slice out of bounds,
//! assert, loop forever, or size an allocation from a number in the file.
//!
//! It follows release-build semantics (integer overflow wraps). Conditions on which calamine
//! returns an error are rejected too (the file cannot be read either way), except where calamine
//! swallows the error (`parse_formula`, `parse_format`), which are mirrored.
//! Only `std`; the `picture` feature of calamine is assumed off (it is, default-features = false).

use std::cmp::min;

/// Cells in one sheet's bounding box (calamine allocates it in `Range::from_sparse`, lib.rs:1051)
/// and in a DIMENSIONS `reserve` (xls.rs:667). `Data` is 24 bytes and `Cell<Data>` 32 on wasm32.
pub const MAX_CELLS: u64 = 1 << 22;
/// Summed over all sheets (calamine keeps every sheet's `Range`, values and formulas).
pub const MAX_TOTAL_CELLS: u64 = 1 << 23;

#[derive(Debug, PartialEq, Eq)]
pub struct Rejected(pub &'static str);
type R<T> = Result<T, Rejected>;

const SIGNATURE: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
/// `crate::utils::FTAB_LEN` (utils.rs:232).
const FTAB_LEN: usize = 485;

fn le16(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i.checked_add(2)?)?.try_into().ok()?))
}
fn le32(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i.checked_add(4)?)?.try_into().ok()?))
}
fn le64(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i.checked_add(8)?)?.try_into().ok()?))
}
fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}
fn reject<T>(why: &'static str) -> R<T> {
    Err(Rejected(why))
}

/// Validate an `.xls` file. `Ok(())` means calamine 0.38.0 can open it (or fail with an error)
/// without panicking and without allocating more than the caps above.
pub fn check_xls(file: &[u8]) -> R<()> {
    let stream = workbook_stream(file)?;
    check_biff(&stream)
}

// ---------------------------------------------------------------------------------------------
// CFB container: mirrors cfb.rs:105-198.
// ---------------------------------------------------------------------------------------------

struct Dir {
    name: String,
    start: u32,
    len: u64,
}

struct Cfb<'a> {
    file: &'a [u8],
    size: usize,
    maxid: u64,
    fats: Vec<u32>,
}

impl Cfb<'_> {
    /// `Sectors::get` (cfb.rs:307-326), but the sector must lie wholly inside the file: a sector
    /// cut short by the end of the file is where `to_u32` asserts (utils.rs:29) and where
    /// `&self.data[start..len]` (cfb.rs:320) panics with start > len.
    fn sector(&self, id: u32) -> R<&[u8]> {
        let id = u64::from(id);
        if id > self.maxid {
            return reject("xls: a sector number points past the end of the file");
        }
        let start = (id + 1) * self.size as u64;
        let end = start + self.size as u64;
        if end > self.file.len() as u64 {
            return reject("xls: a sector is cut short by the end of the file");
        }
        Ok(&self.file[start as usize..end as usize])
    }

    /// `Sectors::get_chain` (cfb.rs:328-347). Also refuses loops: calamine follows them forever
    /// (the directory chain is read with len = usize::MAX, cfb.rs:138) or up to a length taken
    /// from the file (gigabytes).
    fn chain(&self, mut id: u32, len: u64) -> R<Vec<u8>> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.maxid as usize + 1];
        while id != ENDOFCHAIN {
            let sector = self.sector(id)?;
            if std::mem::replace(&mut seen[id as usize], true) {
                return reject("xls: a sector chain loops");
            }
            let take = min(sector.len() as u64, len - out.len() as u64) as usize;
            out.extend_from_slice(&sector[..take]);
            if out.len() as u64 >= len {
                break;
            }
            // cfb.rs:344 `fats[sector_id as usize]` panics when the id is past the FAT.
            id = *self.fats.get(id as usize).ok_or(Rejected("xls: a sector is not in the allocation table"))?;
        }
        Ok(out)
    }
}

/// The mini-sector chain of `get_stream` for streams under 4096 bytes (cfb.rs:189-192).
/// calamine's `Sectors::get` on the mini stream reads *the file reader* past the mini stream and
/// panics at `&self.data[start..len]` when that reader is at its end, so every mini sector must
/// lie inside the mini stream; `mini_fats[id]` (cfb.rs:344) must exist.
fn mini_chain(ministream: &[u8], minifat: &[u32], maxid: u64, mut id: u32, len: u64) -> R<Vec<u8>> {
    let mut out = Vec::new();
    let mut seen = vec![false; ministream.len() / 64];
    while id != ENDOFCHAIN {
        if u64::from(id) > maxid {
            return reject("xls: a mini sector number is out of range");
        }
        let start = id as usize * 64;
        let Some(sector) = ministream.get(start..start + 64) else {
            return reject("xls: a mini sector lies outside the mini stream");
        };
        if std::mem::replace(&mut seen[id as usize], true) {
            return reject("xls: a mini sector chain loops");
        }
        let take = min(64, len - out.len() as u64) as usize;
        out.extend_from_slice(&sector[..take]);
        if out.len() as u64 >= len {
            break;
        }
        id = *minifat.get(id as usize).ok_or(Rejected("xls: a mini sector is not in the mini allocation table"))?;
    }
    Ok(out)
}

fn workbook_stream(file: &[u8]) -> R<Vec<u8>> {
    let header = Header::read(file)?;
    let size = header.size;
    let maxid = (file.len() / size) as u64;
    let mut cfb = Cfb { file, size, maxid, fats: Vec::new() };
    cfb.fats = fat(&cfb, header.difat_start)?;
    let dirs = directory(&cfb.chain(header.dir_start, u64::MAX)?, size)?;
    if dirs.is_empty() || (header.version != 3 && dirs[0].start == ENDOFCHAIN) {
        return reject("xls: empty root directory");
    }
    // Mini stream and mini FAT (cfb.rs:151-163).
    let (ministream, minifat): (Vec<u8>, Vec<u32>) = if header.mini_fat_len > 0 {
        // cfb.rs:157 `mini_fat_len * sector_size` overflows usize on wasm32.
        if header.mini_fat_len > maxid {
            return reject("xls: mini FAT longer than the file");
        }
        let ministream = cfb.chain(dirs[0].start, dirs[0].len)?;
        let minifat = cfb.chain(header.mini_fat_start, header.mini_fat_len * size as u64)?;
        (ministream, words(&minifat).collect())
    } else {
        (Vec::new(), Vec::new())
    };
    // get_stream("Workbook") or ("Book") (xls.rs:503-511, cfb.rs:181-198). calamine falls back to
    // "Book" when "Workbook" fails; here a "Workbook" entry must itself be valid.
    let find = |n: &str| dirs.iter().find(|d| d.name.as_bytes().eq_ignore_ascii_case(n.as_bytes()));
    let Some(d) = find("Workbook").or_else(|| find("Book")) else {
        return reject("xls: no Workbook stream");
    };
    if d.len < 4096 {
        mini_chain(&ministream, &minifat, maxid * 8, d.start, d.len)
    } else {
        cfb.chain(d.start, d.len)
    }
}

/// The fields of the CFB header calamine uses (Header::from_reader, cfb.rs:220-289).
struct Header {
    version: u16,
    size: usize,
    dir_start: u32,
    mini_fat_start: u32,
    mini_fat_len: u64,
    difat_start: u32,
}

impl Header {
    fn read(file: &[u8]) -> R<Header> {
        if file.len() < 512 || &file[..8] != SIGNATURE {
            return reject("xls: not an OLE compound file");
        }
        let size = match le16(file, 30) {
            Some(0x0009) => 512usize,
            Some(0x000C) if file.len() >= 4096 => 4096,
            _ => return reject("xls: bad sector size"),
        };
        if le16(file, 32) != Some(0x0006) {
            return reject("xls: bad mini sector size");
        }
        Ok(Header {
            version: le16(file, 26).unwrap_or(0),
            size,
            dir_start: le32(file, 48).unwrap_or(0),
            mini_fat_start: le32(file, 60).unwrap_or(0),
            mini_fat_len: u64::from(le32(file, 64).unwrap_or(0)),
            difat_start: le32(file, 68).unwrap_or(0),
        })
    }
}

/// The DIFAT chain (cfb.rs:114-124), then the FAT it lists (cfb.rs:128-131).
fn fat(cfb: &Cfb<'_>, difat_start: u32) -> R<Vec<u32>> {
    let mut difat: Vec<u32> = words(&cfb.file[76..512]).collect();
    let mut id = difat_start;
    let mut difat_sectors = 0u64;
    while id < RESERVED_SECTORS {
        difat_sectors += 1;
        if difat_sectors > cfb.maxid + 1 {
            return reject("xls: the DIFAT chain is longer than the file");
        }
        difat.extend(words(cfb.sector(id)?));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    // calamine reads every listed FAT sector, repeats included: a file listing one sector a
    // million times makes it build a FAT of gigabytes.
    let fat_ids: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_ids.len() as u64 > cfb.maxid {
        return reject("xls: more FAT sectors than sectors in the file");
    }
    let mut fats = Vec::with_capacity(fat_ids.len() * cfb.size / 4);
    for id in fat_ids {
        fats.extend(words(cfb.sector(id)?));
    }
    Ok(fats)
}

/// Directory entries (cfb.rs:138-147; Directory::from_slice cfb.rs:359-372).
fn directory(dir_bytes: &[u8], size: usize) -> R<Vec<Dir>> {
    let mut dirs = Vec::new();
    for entry in dir_bytes.chunks_exact(128) {
        // encoding_rs `decode` sniffs a BOM, which would change how calamine reads the name.
        if entry.starts_with(&[0xEF, 0xBB, 0xBF]) || entry.starts_with(&[0xFF, 0xFE]) || entry.starts_with(&[0xFE, 0xFF]) {
            return reject("xls: a directory name starts with a byte-order mark");
        }
        let units: Vec<u16> = entry[..64].chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).collect();
        let mut name = String::from_utf16_lossy(&units);
        if let Some(nul) = name.find('\0') {
            name.truncate(nul);
        }
        let start = le32(entry, 116).unwrap_or(0);
        let len = if size == 512 {
            u64::from(le32(entry, 120).unwrap_or(0))
        } else {
            let len = le64(entry, 120).unwrap_or(0);
            // cfb.rs:368 `read_u64(..).try_into().unwrap()` panics on wasm32 above u32::MAX.
            if len > u64::from(u32::MAX) {
                return reject("xls: a directory entry claims a stream over 4 GB");
            }
            len
        };
        dirs.push(Dir { name, start, len });
    }
    Ok(dirs)
}

// ---------------------------------------------------------------------------------------------
// BIFF records: mirrors xls.rs:500-748 and the helpers it calls.
// ---------------------------------------------------------------------------------------------

struct Rec<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// `RecordIter` (xls.rs:1383-1426); its errors end calamine's parse, so they are rejected.
struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Records<'a> {
    fn next_rec(&mut self) -> R<Option<Rec<'a>>> {
        let s = self.rest;
        if s.len() < 4 {
            return if s.is_empty() { Ok(None) } else { reject("xls: truncated record header") };
        }
        let typ = le16(s, 0).unwrap_or(0);
        let len = le16(s, 2).unwrap_or(0) as usize;
        if s.len() < len + 4 {
            return reject("xls: truncated record");
        }
        let data = &s[4..4 + len];
        let mut rest = &s[4 + len..];
        let mut cont = Vec::new();
        if rest.len() > 4 && le16(rest, 0) == Some(0x003C) {
            while rest.len() > 4 && le16(rest, 0) == Some(0x003C) {
                let len = le16(rest, 2).unwrap_or(0) as usize;
                if rest.len() < len + 4 {
                    return reject("xls: truncated CONTINUE record");
                }
                cont.push(&rest[4..4 + len]);
                rest = &rest[4 + len..];
            }
        }
        self.rest = rest;
        Ok(Some(Rec { typ, data, cont }))
    }
}

fn need(d: &[u8], n: usize) -> R<()> {
    if d.len() < n {
        reject("xls: a record is cut short")
    } else {
        Ok(())
    }
}

/// `parse_err` (xls.rs:915-930).
fn is_err_code(e: u8) -> bool {
    matches!(e, 0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B)
}

/// `parse_string` (xls.rs:1052-1075): errors only; `decode_to` is bounds-safe.
fn check_string(r: &[u8], biff8: bool) -> R<()> {
    let expected = if biff8 { 3 } else { 2 };
    if r.len() < expected && !(r.len() == 2 && le16(r, 0) == Some(0)) {
        return reject("xls: string record too short");
    }
    Ok(())
}

/// `parse_lbl` + `parse_defined_names` (xls.rs:833-853, 1438-1514).
fn check_lbl(d: &[u8], biff8: bool) -> R<()> {
    need(d, 14)?; // r.data[3], read_u16(&r.data[4..]), &r.data[14..]
    let cch = d[3] as usize;
    let cce = le16(d, 4).unwrap_or(0) as usize;
    if biff8 {
        // read_unicode_string_no_cch (xls.rs:1304-1328): errors only.
        let buf = &d[14..];
        let Some(&flags) = buf.first() else { return reject("xls: defined name cut short") };
        let consumed = 1 + if flags & 1 != 0 { 2 * cch } else { cch };
        if buf.len() < consumed {
            return reject("xls: defined name cut short");
        }
    }
    if cce > d.len() {
        return reject("xls: defined-name formula longer than its record"); // xls.rs:850
    }
    let rgce = &d[d.len() - cce..];
    let Some(&ptg) = rgce.first() else { return Ok(()) };
    let needed = match (ptg, biff8) {
        (0x3a | 0x5a | 0x7a, false) => 18,
        (0x3a | 0x5a | 0x7a, true) => 7,
        (0x3b | 0x5b | 0x7b, false) => 21,
        (0x3b | 0x5b | 0x7b, true) => 11,
        (0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d, false) => 13,
        (0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d, true) => 3,
        _ => 0,
    };
    if rgce.len() < needed {
        return reject("xls: defined-name formula token cut short");
    }
    Ok(())
}

/// `parse_sst` + `read_rich_extended_string` + `read_dbcs` + `Record::skip`
/// (xls.rs:1160-1297, 1337-1357). Returns the number of strings calamine keeps.
fn check_sst(r: &Rec<'_>) -> R<usize> {
    // `Record::continue_record` is `cont.remove(0)`: quadratic in the number of CONTINUEs.
    if r.cont.len() > 1 << 14 {
        return reject("xls: too many CONTINUE records");
    }
    if r.data.len() < 8 {
        return reject("xls: SST record too short");
    }
    let mut cur = &r.data[8..];
    let mut conts = r.cont.iter();
    let mut count = 0usize;
    loop {
        if cur.is_empty() {
            match conts.next() {
                Some(c) => cur = c,
                None => break,
            }
        }
        count += 1;
        if cur.is_empty() {
            continue; // an empty String, nothing consumed (xls.rs:1227-1230)
        }
        if cur.len() < 3 {
            return reject("xls: SST string header cut short");
        }
        let cch = le16(cur, 0).unwrap_or(0) as usize;
        let flags = cur[2];
        cur = &cur[3..];
        let mut c_run = 0usize;
        let mut cb_ext_rst = 0usize;
        if flags & 0x8 != 0 {
            need(cur, 2)?; // read_u16(r.data) xls.rs:1254
            c_run = le16(cur, 0).unwrap_or(0) as usize;
            cur = &cur[2..];
        }
        if flags & 0x4 != 0 {
            need(cur, 4)?; // read_i32(r.data) xls.rs:1260
            cb_ext_rst = le32(cur, 0).unwrap_or(0) as i32 as isize as usize;
            cur = &cur[4..];
        }
        // read_dbcs
        let mut high_byte = flags & 0x1 != 0;
        let mut len = cch;
        while len > 0 {
            let (l, at) = if high_byte {
                let l = min(cur.len() / 2, len);
                (l, 2 * l)
            } else {
                let l = min(cur.len(), len);
                (l, l)
            };
            cur = &cur[at..];
            len -= l;
            if len > 0 {
                let Some(c) = conts.next() else { return reject("xls: SST string cut short") };
                // `r.data[0]` on the new CONTINUE (xls.rs:1289) panics when it is empty.
                let Some((&flag, rest)) = c.split_first() else {
                    return reject("xls: empty CONTINUE record inside an SST string");
                };
                high_byte = flag & 0x1 != 0;
                cur = rest;
            }
        }
        for mut n in [c_run.wrapping_mul(4), cb_ext_rst] {
            while n > 0 {
                if cur.is_empty() {
                    match conts.next() {
                        Some(c) => cur = c,
                        None => return reject("xls: SST string runs past its record"),
                    }
                }
                let l = min(n, cur.len());
                cur = &cur[l..];
                n -= l;
            }
        }
    }
    Ok(count)
}

/// `parse_dimensions` + the reserve at xls.rs:663-668, in release arithmetic.
fn check_dimensions(d: &[u8]) -> R<()> {
    let v = |o: usize| u32::from(le16(d, o).unwrap_or(0));
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (v(0), v(2), v(4), v(6)),
        14 | 16 => (le32(d, 0).unwrap_or(0), le32(d, 4).unwrap_or(0), v(8), v(10)),
        _ => return reject("xls: bad DIMENSIONS record"),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl { ((rf, cf), (rl - 1, cl - 1)) } else { ((rf, cf), (rf, cf)) };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    if rows.saturating_mul(cols) > MAX_CELLS {
        // A first row after the last wraps to ~4e9 rows: `reserve` panics "capacity overflow".
        return reject("xls: the sheet claims too many cells");
    }
    Ok(())
}

/// `parse_formula` (xls.rs:1519-1925). Its errors are swallowed (xls.rs:712), so an error ends the
/// token walk but not the validation. The operand stack is not tracked: every token is walked as
/// if calamine had not stopped on a stack error, which checks a superset of what it reads.
fn check_formula(rgce: &[u8], biff8: bool) -> R<()> {
    let Some(cce) = le16(rgce, 0) else { return reject("xls: formula cut short") }; // xls.rs:1530
    let Some(mut t) = rgce.get(2..2 + cce as usize) else {
        return reject("xls: formula longer than its record"); // xls.rs:1531
    };
    while let Some((&ptg, rest)) = t.split_first() {
        t = rest;
        if formula_token(ptg, &mut t, !biff8)? == Parse::Stops {
            return Ok(());
        }
    }
    Ok(())
}

/// Whether calamine's `parse_formula` goes on after a token or gives up quietly (it swallows the
/// error, so giving up is not a rejection; reading out of bounds would be).
#[derive(PartialEq)]
enum Parse {
    GoesOn,
    Stops,
}

/// Skip `n` bytes of a token, as calamine slices them (it would panic on fewer).
fn take(t: &mut &[u8], n: usize) -> R<Parse> {
    if t.len() < n {
        return reject("xls: formula token cut short");
    }
    *t = &t[n..];
    Ok(Parse::GoesOn)
}

/// Skip `n` bytes when there are that many; calamine gives up otherwise (it checks first).
fn take_checked(t: &mut &[u8], n: usize) -> R<Parse> {
    if t.len() < n {
        return Ok(Parse::Stops);
    }
    *t = &t[n..];
    Ok(Parse::GoesOn)
}

/// One token after its `ptg` byte, as `parse_formula` reads it.
fn formula_token(ptg: u8, t: &mut &[u8], pre: bool) -> R<Parse> {
    let sized = |biff5, biff8| if pre { biff5 } else { biff8 };
    match ptg {
        0x3a | 0x5a | 0x7a | 0x3c | 0x5c | 0x7c | 0x39 | 0x59 => take(t, 6),
        0x3b | 0x5b | 0x7b | 0x3d | 0x5d | 0x7d => take(t, 10),
        0x01 => take_checked(t, 4),
        0x03..=0x16 => Ok(Parse::GoesOn),
        0x17 => string_token(t, pre),
        0x18 => take(t, 5),
        0x19 => attribute_token(t),
        0x1C => {
            let Some(&e) = t.first() else { return reject("xls: formula token cut short") };
            *t = &t[1..];
            Ok(if is_err_code(e) { Parse::GoesOn } else { Parse::Stops })
        }
        0x1D => take(t, 1),
        0x1E => take(t, 2),
        0x1F => take(t, 8),
        0x20 | 0x40 | 0x60 => take(t, 7),
        0x22 | 0x42 | 0x62 => {
            if t.len() < 3 {
                return reject("xls: formula token cut short");
            }
            let iftab = le16(t, 1).unwrap_or(0) as usize;
            *t = &t[3..];
            Ok(if iftab >= FTAB_LEN { Parse::Stops } else { Parse::GoesOn })
        }
        0x21 | 0x41 | 0x61 => {
            let Some(iftab) = le16(t, 0) else { return reject("xls: formula token cut short") };
            if iftab as usize >= FTAB_LEN {
                return Ok(Parse::Stops);
            }
            take(t, 2)
        }
        0x23 | 0x43 | 0x63 => take(t, 4),
        0x24 | 0x44 | 0x64 | 0x2A | 0x4A | 0x6A => take(t, sized(3, 4)),
        0x25 | 0x45 | 0x65 | 0x2B | 0x4B | 0x6B => take(t, sized(6, 8)),
        _ => Ok(Parse::Stops),
    }
}

/// A string constant (ptgStr): calamine checks the length before slicing.
fn string_token(t: &mut &[u8], pre: bool) -> R<Parse> {
    let Some(&cch) = t.first() else { return Ok(Parse::Stops) };
    let cch = cch as usize;
    if pre {
        return take_checked(t, 1 + cch);
    }
    let Some(&flags) = t.get(1) else { return Ok(Parse::Stops) };
    let consumed = 1 + if flags & 1 != 0 { 2 * cch } else { cch };
    if t.len() - 1 < consumed {
        return Ok(Parse::Stops);
    }
    *t = &t[1 + consumed..];
    Ok(Parse::GoesOn)
}

/// An attribute token (ptgAttr) and its sub-type.
fn attribute_token(t: &mut &[u8]) -> R<Parse> {
    let Some((&etpg, rest)) = t.split_first() else { return reject("xls: formula token cut short") };
    *t = rest;
    match etpg {
        0x01 | 0x02 | 0x08 | 0x20 | 0x21 | 0x10 => take(t, 2),
        0x04 => {
            let Some(n) = le16(t, 0) else { return reject("xls: formula token cut short") };
            take(t, 2 + 2 * (n as usize + 1))
        }
        0x40 | 0x41 => {
            let Some(&space) = t.first() else { return reject("xls: formula token cut short") };
            if space > 6 {
                return Ok(Parse::Stops);
            }
            take(t, 2)
        }
        _ => Ok(Parse::Stops),
    }
}

#[derive(Clone, Copy, Default)]
struct BBox {
    any: bool,
    r0: u32,
    r1: u32,
    c0: u32,
    c1: u32,
}

impl BBox {
    fn add(&mut self, (r, c): (u32, u32)) {
        if !self.any {
            *self = BBox { any: true, r0: r, r1: r, c0: c, c1: c };
        } else {
            self.r0 = self.r0.min(r);
            self.r1 = self.r1.max(r);
            self.c0 = self.c0.min(c);
            self.c1 = self.c1.max(c);
        }
    }
    fn area(&self) -> u64 {
        if !self.any {
            0
        } else {
            (u64::from(self.r1 - self.r0) + 1) * (u64::from(self.c1 - self.c0) + 1)
        }
    }
}

fn pos(d: &[u8]) -> (u32, u32) {
    (u32::from(le16(d, 0).unwrap_or(0)), u32::from(le16(d, 2).unwrap_or(0)))
}

fn check_biff(stream: &[u8]) -> R<()> {
    let globals = workbook_globals(stream)?;
    // Worksheets (xls.rs:632-734). Every BoundSheet entry is parsed, duplicates included.
    let mut walked = 0usize;
    let mut total = 0u64;
    for &p in &globals.sheets {
        let Some(sub) = stream.get(p..) else {
            return reject("xls: a sheet starts past the end of the workbook stream");
            // xls.rs:633
        };
        let (read, sheet) = walk_sheet(sub, &globals)?;
        // Each sheet walks from its offset to its EOF record; overlapping or repeated sheets make
        // calamine parse the same bytes again and again.
        walked = walked.saturating_add(read);
        if walked > stream.len().saturating_mul(4).saturating_add(1 << 20) {
            return reject("xls: sheets overlap");
        }
        for b in [sheet.cells, sheet.formulas] {
            if b.area() > MAX_CELLS {
                return reject("xls: a sheet's used area is too large");
            }
            total += b.area();
        }
        if total > MAX_TOTAL_CELLS {
            return reject("xls: the sheets' used areas are too large");
        }
    }
    Ok(())
}

/// What the workbook globals tell the sheets' parse.
struct Globals {
    biff8: bool,
    /// Each sheet's offset in the stream (BoundSheet records).
    sheets: Vec<usize>,
    /// Strings in the shared string table.
    strings: usize,
}

/// Workbook globals (xls.rs:524-587), up to their EOF record.
fn workbook_globals(stream: &[u8]) -> R<Globals> {
    let mut records = Records { rest: stream };
    let mut g = Globals { biff8: true, sheets: Vec::new(), strings: 0 };
    while let Some(r) = records.next_rec()? {
        let d = r.data;
        match r.typ {
            0x002F => {
                need(d, 2)?;
                if le16(d, 0) != Some(0) {
                    return reject("xls: the workbook is password-protected");
                }
            }
            0x0042 | 0x0022 => need(d, 2)?,
            0x00E0 => need(d, 4)?,
            0x0085 => g.sheets.push(sheet_offset(d, g.biff8)?),
            0x0809 => {
                need(d, 2)?;
                g.biff8 = match le16(d, 0).unwrap_or(0) {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => !(d.len() >= 4 && le16(d, 2) == Some(0x1000)),
                    _ => true,
                };
            }
            0x0018 => check_lbl(d, g.biff8)?,
            0x0017 if g.biff8 => need(d, 2)?,
            0x00FC => g.strings = check_sst(&r)?,
            0x000A => break,
            _ => {}
        }
    }
    Ok(g)
}

/// A BoundSheet record: parse_sheet_metadata (xls.rs:798-831).
fn sheet_offset(d: &[u8], biff8: bool) -> R<usize> {
    need(d, 6)?;
    if d[4] & 0x3F > 2 || !matches!(d[5], 0x00 | 0x01 | 0x02 | 0x06) {
        return reject("xls: unrecognised sheet entry");
    }
    let name = &d[6..];
    if name.is_empty() || (name.len() < 2 && biff8) {
        return reject("xls: sheet name cut short");
    }
    Ok(le32(d, 0).unwrap_or(0) as usize)
}

/// What one sheet's records would make calamine allocate.
#[derive(Default)]
struct Sheet {
    cells: BBox,
    formulas: BBox,
    /// Where the last FORMULA record was: a STRING record after it belongs to that cell.
    formula_at: (u32, u32),
}

/// One sheet's records to its EOF; returns the bytes read and the sheet's used areas.
fn walk_sheet(sub: &[u8], g: &Globals) -> R<(usize, Sheet)> {
    let mut records = Records { rest: sub };
    let mut sheet = Sheet::default();
    let mut seen_sheet_bof = false;
    // Nested BOF..EOF blocks (charts, embedded objects) are skipped whole.
    let mut depth = 0usize;
    while let Some(r) = records.next_rec()? {
        match (depth, r.typ) {
            (0, 0x000A) => break,
            (0, 0x0809) if !seen_sheet_bof => seen_sheet_bof = true,
            (_, 0x0809) => depth += 1,
            (1.., 0x000A) => depth -= 1,
            (1.., _) => {}
            (0, _) => cell_record(&r, g, &mut sheet)?,
        }
    }
    Ok((sub.len() - records.rest.len(), sheet))
}

/// One record inside a sheet, as `parse_workbook` reads it.
fn cell_record(r: &Rec<'_>, g: &Globals, sheet: &mut Sheet) -> R<()> {
    let d = r.data;
    match r.typ {
        0x0200 => check_dimensions(d)?,
        0x0203 => {
            need(d, 14)?;
            sheet.cells.add(pos(d));
        }
        0x0204 | 0x00D6 => {
            need(d, 6)?;
            check_string(&d[6..], g.biff8)?;
            sheet.cells.add(pos(d));
        }
        0x0205 => {
            need(d, 8)?;
            if !(d[7] == 0 || (d[7] == 1 && is_err_code(d[6]))) {
                return reject("xls: bad boolean/error cell");
            }
            sheet.cells.add(pos(d));
        }
        0x0207 => {
            check_string(d, g.biff8)?;
            sheet.cells.add(sheet.formula_at);
        }
        0x027E => {
            need(d, 10)?;
            sheet.cells.add(pos(d));
        }
        0x00FD => {
            need(d, 10)?;
            if (le32(d, 6).unwrap_or(0) as usize) < g.strings {
                sheet.cells.add(pos(d));
            }
        }
        0x00BD => check_mul_rk(d, &mut sheet.cells)?,
        0x00E5 => {
            // parse_merge_cells (xls.rs:949-967) reads 8 bytes per declared range unchecked.
            need(d, 2)?;
            need(d, 2 + 8 * le16(d, 0).unwrap_or(0) as usize)?;
        }
        0x0006 => check_formula_cell(d, g.biff8, sheet)?,
        _ => {}
    }
    Ok(())
}

/// parse_mul_rk (xls.rs:969-999).
fn check_mul_rk(d: &[u8], cells: &mut BBox) -> R<()> {
    need(d, 6)?;
    let (row, first) = pos(d);
    let last = le16(d, d.len() - 2).unwrap_or(0);
    // `col_last - col_first + 1` in u16 (xls.rs:987): harmless wrap in release,
    // an overflow panic in debug and test builds.
    if u32::from(last) < first {
        return reject("xls: bad MULRK record");
    }
    let n = last.wrapping_sub(first as u16).wrapping_add(1) as usize;
    if d.len() != 6 + 6 * n {
        return reject("xls: bad MULRK record");
    }
    let count = (d.len() - 6) / 6;
    if count > 0 {
        cells.add((row, first));
        cells.add((row, first + count as u32 - 1));
    }
    Ok(())
}

/// A FORMULA record: its cached value (parse_formula_value, xls.rs:1928-1946), then its tokens.
fn check_formula_cell(d: &[u8], biff8: bool, sheet: &mut Sheet) -> R<()> {
    need(d, 20)?;
    sheet.formula_at = pos(d);
    let v = &d[6..14];
    let has_value = if v[6] == 0xFF && v[7] == 0xFF {
        match v[0] {
            0x00 => false,
            0x01 | 0x03 => true,
            0x02 if is_err_code(v[2]) => true,
            _ => return reject("xls: bad formula value"),
        }
    } else {
        true
    };
    if has_value {
        sheet.cells.add(sheet.formula_at);
    }
    check_formula(&d[20..], biff8)?;
    sheet.formulas.add(sheet.formula_at);
    Ok(())
}
