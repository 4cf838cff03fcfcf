//! What a zipped workbook (xlsx, xlsb, ods) may claim before any reader reserves memory for
//! it. A 2 KB file can claim four billion shared strings, or inflate to gigabytes (a zip bomb);
//! in wasm either would stop the core. Each limit is far above what a real workbook needs.

use std::io::{Cursor, Read};

use crate::error::{Error, ErrorKind, Result};

/// Most bytes a workbook's parts may inflate to in all: more than a browser tab can hold as
/// cells anyway (a 1 GiB sheet XML is some 20 million cells).
pub const MAX_INFLATED: u64 = 1 << 30;
/// Most a part may inflate relative to its compressed size once over 1 MB: sheets of real
/// figures compress 5 to 30 times, a zip bomb about 1,000 times.
pub const MAX_RATIO: u64 = 250;
/// Most cells read from one sheet (the table of a 200 MB CSV has about 36 million).
pub const MAX_CELLS: usize = 50_000_000;

fn damaged(detail: String) -> Error {
    Error::new(ErrorKind::NotATable, format!("This workbook looks damaged and was not read: {detail}. Open it in Excel and save it again (or save the sheet as CSV UTF-8), then retry."))
}

/// Refuses a zipped workbook whose parts claim more than could be real.
pub fn check_zip(bytes: &[u8]) -> Result<()> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(format!("its zip structure could not be read ({e})")))?;
    let mut total: u64 = 0;
    let mut strings = None;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| damaged(format!("a part could not be read ({e})")))?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if size > 1 << 20 && size / packed > MAX_RATIO {
            return Err(damaged(format!("its part \"{}\" would inflate {} times, to {} MB, as a zip bomb does", crate::error::quote(&name), size / packed, size >> 20)));
        }
        total = total.saturating_add(size);
        if name.ends_with("sharedStrings.xml") {
            strings = Some((i, size));
        }
    }
    if total > MAX_INFLATED {
        return Err(damaged(format!("its parts would inflate to {} MB, more than a browser tab can hold", total >> 20)));
    }
    if let Some((i, size)) = strings {
        check_shared_strings(&mut archive, i, size)?;
    }
    Ok(())
}

/// The shared strings' declared count must fit in their part: each `<si>` takes 9 bytes or more.
fn check_shared_strings(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize, size: u64) -> Result<()> {
    let mut head = Vec::with_capacity(4096);
    let entry = archive.by_index(index).map_err(|e| damaged(format!("its shared strings could not be read ({e})")))?;
    // A damaged stream is found by calamine later, with its own message.
    let _ = entry.take(4096).read_to_end(&mut head);
    let text = String::from_utf8_lossy(&head);
    if let Some(at) = text.find("uniqueCount=\"") {
        let digits: String = text[at + 13..].chars().take_while(char::is_ascii_digit).collect();
        let claimed: u64 = digits.parse().unwrap_or(u64::MAX);
        if claimed > size / 9 + 1 {
            return Err(damaged(format!("it claims {claimed} different texts, more than its {size} bytes of text could hold")));
        }
    }
    Ok(())
}

/// Refuses a compound file (legacy .xls) whose structure points outside itself, loops, or
/// claims a stream larger than the file: calamine would index out of bounds or follow a loop
/// while reserving what the stream claims (found by the mutation test).
pub fn check_compound_file(bytes: &[u8]) -> Result<()> {
    let broken = |what: &str| Err(damaged(format!("its compound-file structure is broken ({what})")));
    let u16_at = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    if bytes.len() < 512 {
        return broken("shorter than its header");
    }
    let shift = u16_at(0x1E).unwrap_or(0);
    if shift != 9 && shift != 12 {
        return broken("an impossible sector size");
    }
    let size = 1usize << shift;
    let sectors = bytes.len().saturating_sub(size).div_ceil(size);
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..(start + size).min(bytes.len()))
    };
    let count = |at: usize| u32_at(at).unwrap_or(u32::MAX) as usize;
    let (fat_count, difat_count) = (count(0x2C), count(0x48));
    if fat_count > sectors || difat_count > sectors || count(0x40) > sectors {
        return broken("more table sectors than the file holds");
    }
    // The sectors of the allocation table: 109 in the header, the rest in a chain of DIFAT sectors.
    let mut fat_sectors: Vec<u32> = (0..109.min(fat_count)).filter_map(|i| u32_at(0x4C + 4 * i)).collect();
    let mut difat = u32_at(0x44).unwrap_or(END);
    for _ in 0..difat_count {
        let Some(s) = sector(difat).filter(|_| difat < END) else { return broken("a table sector outside the file") };
        let entries: Vec<u32> = s.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        let (next, listed) = entries.split_last().map_or((END, &[][..]), |(n, l)| (*n, l));
        fat_sectors.extend(listed.iter().copied().take(fat_count.saturating_sub(fat_sectors.len())));
        difat = next;
    }
    let mut fat: Vec<u32> = Vec::with_capacity(fat_sectors.len() * size / 4);
    for &id in &fat_sectors {
        let Some(s) = sector(id) else { return broken("a table sector outside the file") };
        fat.extend(s.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
    }
    // A chain must stay inside the file and the table, and end without looping.
    let chain_length = |start: u32| -> Option<usize> {
        let (mut id, mut steps) = (start, 0usize);
        while id != END {
            if (id as usize) >= fat.len() || (id as usize) >= sectors || steps > sectors {
                return None;
            }
            steps += 1;
            id = fat[id as usize];
        }
        Some(steps)
    };
    let Some(directory_sectors) = chain_length(u32_at(0x30).unwrap_or(END)) else { return broken("its directory leaves the file or loops") };
    let mut id = u32_at(0x30).unwrap_or(END);
    for _ in 0..directory_sectors {
        let Some(s) = sector(id) else { return broken("its directory leaves the file") };
        for entry in s.chunks_exact(128) {
            let kind = entry[0x42];
            let start = u32::from_le_bytes([entry[0x74], entry[0x75], entry[0x76], entry[0x77]]);
            let length = u32::from_le_bytes([entry[0x78], entry[0x79], entry[0x7A], entry[0x7B]]) as usize;
            if (kind == 2 || kind == 5) && length > bytes.len() {
                return broken("a stream larger than the file");
            }
            // Streams of 4,096 bytes or more (and the root's mini stream) live in full sectors.
            if (kind == 5 || (kind == 2 && length >= 4096)) && length > 0 && chain_length(start).is_none_or(|n| n * size < length) {
                return broken("a stream's sectors leave the file, loop or fall short of its size");
            }
        }
        id = fat[id as usize];
    }
    Ok(())
}

/// The end-of-chain marker; ids from here up are special (free, table sectors).
const END: u32 = 0xFFFF_FFFE;
