//! The workbook reader as a wasm module of its own (built with the `workbook-module` feature).
//!
//! The shipped core has no workbook reader (see `table::transfer` for why). When someone
//! chooses a workbook, the JavaScript around the core starts this module, writes the file into
//! it, and passes what it gives back to the core in the file's place: the table read, or the
//! error reading it, as `transfer` bytes. Its exports are plain numbers (no wasm-bindgen glue),
//! so the few lines that drive it are plain JavaScript (`src/wasm/workbook-reader.js`).
//!
//! A panic here aborts this module's instance only; the JavaScript starts a fresh instance for
//! every workbook, so nothing of one file stays for the next.

use std::sync::{Mutex, MutexGuard};

use crate::table::{read_workbook, transfer, SheetChoice};

static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static OUTPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

fn lock(buffer: &Mutex<Vec<u8>>) -> MutexGuard<'_, Vec<u8>> {
    buffer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Room for `len` bytes of input: the sheet's name (if one is chosen by name), then the file.
/// Returns where JavaScript writes them.
#[no_mangle]
pub extern "C" fn workbook_input(len: usize) -> *mut u8 {
    let mut input = lock(&INPUT);
    *input = vec![0; len];
    input.as_mut_ptr()
}

/// Reads the workbook in the input. `sheet_kind`: 0 no sheet chosen, 1 by the name in the
/// input's first `name_len` bytes, 2 by the 0-based position `sheet_index`. Returns the length
/// of the result, which starts at `workbook_output()`.
#[no_mangle]
pub extern "C" fn workbook_read(sheet_kind: u32, name_len: usize, sheet_index: u32) -> usize {
    let input = std::mem::take(&mut *lock(&INPUT));
    let (name, bytes) = input.split_at(name_len.min(input.len()));
    let choice = match sheet_kind {
        1 => Some(SheetChoice::Name(String::from_utf8_lossy(name).into_owned())),
        2 => Some(SheetChoice::Index(sheet_index as usize)),
        _ => None,
    };
    let encoded = transfer::encode(&read_workbook(bytes, choice.as_ref()));
    let len = encoded.len();
    *lock(&OUTPUT) = encoded;
    len
}

/// Where the last result starts.
#[no_mangle]
pub extern "C" fn workbook_output() -> *const u8 {
    lock(&OUTPUT).as_ptr()
}
