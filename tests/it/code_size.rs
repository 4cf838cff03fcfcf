//! Small rooms, kept by the build: no function in `src/` over 80 lines and no file in `www/`
//! over 400 lines (the README's Architecture section says why these limits).

use std::fs;
use std::path::{Path, PathBuf};

const MAX_FUNCTION_LINES: usize = 80;
const MAX_WWW_FILE_LINES: usize = 400;

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a source directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Each `fn` with a body, and its length from its signature to the `}` at its own indent
/// (rustfmt puts it there).
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let signature =
            ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn ", "const fn ", "pub const fn "].iter().find_map(|prefix| trimmed.strip_prefix(prefix));
        let Some(rest) = signature else { continue };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let end = lines[i + 1..].iter().position(|l| l.len() > indent && l.starts_with(&" ".repeat(indent)) && l[indent..].starts_with('}'));
        if let Some(offset) = end {
            found.push((name, offset + 2));
        }
    }
    found
}

#[test]
fn the_measure_finds_a_long_function() {
    let body = "    let x = 1;\n".repeat(90);
    let long = format!("fn long() {{\n{body}}}\n\nfn short() {{\n    1\n}}\n");
    assert_eq!(function_lengths(&long), vec![("long".to_string(), 92), ("short".to_string(), 3)]);
}

#[test]
fn no_function_in_src_is_over_80_lines() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    files(&root.join("src"), "rs", &mut sources);
    let long: Vec<String> = sources
        .iter()
        .flat_map(|path| {
            let text = fs::read_to_string(path).expect("a readable source file");
            let shown = path.strip_prefix(&root).unwrap_or(path).display().to_string();
            function_lengths(&text).into_iter().filter(|(_, n)| *n > MAX_FUNCTION_LINES).map(move |(name, n)| format!("{shown}: {name} ({n} lines)"))
        })
        .collect();
    assert!(sources.len() > 50, "found only {} source files", sources.len());
    assert!(long.is_empty(), "functions over {MAX_FUNCTION_LINES} lines:\n{}", long.join("\n"));
}

#[test]
fn no_file_in_www_is_over_400_lines() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut pages = Vec::new();
    files(&root.join("www"), "js", &mut pages);
    assert!(!pages.is_empty());
    let long: Vec<String> = pages
        .iter()
        .filter_map(|path| {
            let lines = fs::read_to_string(path).expect("a readable page file").lines().count();
            (lines > MAX_WWW_FILE_LINES).then(|| format!("{} ({lines} lines)", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "files in www/ over {MAX_WWW_FILE_LINES} lines:\n{}", long.join("\n"));
}
