//! The reader and the column mapper on arbitrary bytes, with options chosen by the first byte.
//! Run: RUSTC_BOOTSTRAP=1 cargo fuzz run read_and_map (see the README).
#![no_main]

use libfuzzer_sys::fuzz_target;

const OPTIONS: [&str; 4] = [
    "{}",
    r#"{"polarity":"lower_is_better","overdispersion":{"method":"auto"}}"#,
    r#"{"type":"rate","spc":{"fix_after":12}}"#,
    r#"{"type":"mean","columns":{"code":"a","value":"b"}}"#,
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let Ok(options) = allteach::Options::from_json(OPTIONS[choice as usize % OPTIONS.len()]) else { return };
    if let Ok(analysis) = allteach::analyse(bytes, &options) {
        let _ = allteach::report::Report::new(&analysis).to_json();
    }
});
