//! No input may panic: thousands of mutated versions of real files (byte flips, cut-offs,
//! stray quotes, delimiters and line breaks, random bytes) go through the whole core and its
//! views. Deterministic (seeded), so a failure names the case that broke.

use allteach::present::{indicator_view, pairing_view, spc_view};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % below.max(1) as u64) as usize
    }
}

fn mutate(seed: u64, base: &[u8]) -> Vec<u8> {
    let mut r = Lcg(seed);
    let mut bytes = base.to_vec();
    for _ in 0..1 + r.next(8) {
        if bytes.is_empty() {
            bytes.push(b',');
        }
        let at = r.next(bytes.len());
        match r.next(7) {
            0 => bytes[at] = r.next(256) as u8,
            1 => bytes.truncate(at),
            2 => bytes.insert(at, b'"'),
            3 => bytes.insert(at, b','),
            4 => bytes.insert(at, b'\n'),
            5 => {
                let end = (at + r.next(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                let junk: Vec<u8> = (0..r.next(12)).map(|_| r.next(256) as u8).collect();
                bytes.splice(at..at, junk);
            }
        }
    }
    bytes
}

#[test]
fn mutated_files_never_panic() {
    let root = env!("CARGO_MANIFEST_DIR");
    let bases: Vec<(Vec<u8>, &str)> = vec![
        (std::fs::read(format!("{root}/samples/ae_type1_4hr_2026-06.csv")).unwrap()[..3000].to_vec(), r#"{"peers":{"within":"Region"},"pairing":{}}"#),
        (
            std::fs::read(format!("{root}/tests/fixtures/qof_two_icbs_with_context.csv")).unwrap()[..4000].to_vec(),
            r#"{"columns":{"context":["Patients (all ages)","IMD 2019"]},"polarity":"lower_is_better","overdispersion":{"method":"auto"}}"#,
        ),
        (std::fs::read(format!("{root}/samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv")).unwrap()[..6000].to_vec(), r#"{"spc":{"rebase":["2021-09"]}}"#),
        (
            std::fs::read(format!("{root}/tests/fixtures/reference/phe_fixture_mean_inputs.csv")).unwrap(),
            r#"{"columns":{"code":"area","value":"values"},"type":"mean"}"#,
        ),
        (std::fs::read(format!("{root}/tests/fixtures/excel/ae_two_sheets.xlsx")).unwrap(), "{}"),
    ];
    let cases = std::env::var("ALLTEACH_MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(400u64);
    let mut analysed = 0;
    for (b, (base, options)) in bases.iter().enumerate() {
        let options = allteach::Options::from_json(options).unwrap();
        for seed in 0..cases {
            let bytes = mutate(seed * 31 + b as u64, base);
            // Errors are fine; a panic fails the test with its seed in the message.
            if let Ok(analysis) = allteach::analyse(&bytes, &options) {
                analysed += 1;
                let _ = allteach::report::Report::new(&analysis).to_json();
                let _ = allteach::report::Report::columns(&analysis);
                for i in 0..analysis.indicators.len() {
                    let _ = indicator_view(&analysis, i);
                    let _ = spc_view(&analysis, i, 0);
                }
                let _ = pairing_view(&analysis);
            }
        }
    }
    assert!(analysed > cases as usize, "most mutations still analyse: {analysed}");
}

#[test]
fn a_nul_byte_in_a_name_is_an_exclusion_with_its_row_and_column_not_a_refusal() {
    let csv = b"Code,Name,Numerator,Denominator\nA,Unit \x00One,30,100\nB,Unit Two,40,100\nC,Unit \x01Three,50,100\nD,Unit Four,45,100\n";
    let analysis = allteach::analyse(csv, &allteach::Options::default()).unwrap();
    let excluded: Vec<(u32, Option<&str>)> = analysis.dataset.exclusions.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(excluded, [(2, Some("Name")), (4, Some("Name"))], "{:?}", analysis.dataset.exclusions);
    assert!(analysis.dataset.exclusions[0].reason.contains("control character"));
    // A file that is mostly control bytes is still refused as binary.
    let binary: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 32) as u8).collect();
    assert!(allteach::analyse(&binary, &allteach::Options::default()).unwrap_err().message().contains("binary"));
}

#[test]
fn control_characters_in_names_still_give_well_formed_svg() {
    // Headers reach the charts (axis titles, indicator names); XML allows no control
    // characters, so they become U+FFFD. (Codes and names holding one are left out as rows.)
    let analysis = allteach::analyse(
        "Code,Name,Numer\u{1f}ator,List\u{7f}size \u{fffe}\nA,Unit One,30,100\nB,Unit Two,40,100\nC,Unit Three,50,100\n".as_bytes(),
        &allteach::Options::default(),
    )
    .unwrap();
    let view = indicator_view(&analysis, 0).unwrap();
    let caterpillar = allteach::present::caterpillar_view(&analysis, 0, None, false).unwrap();
    for svg in [view.funnel_svg(), caterpillar.svg(), allteach::present::overview_svg(&analysis, &[])] {
        let bad = svg.chars().find(|&c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}');
        assert_eq!(bad, None, "a character XML forbids in {}", &svg[..200.min(svg.len())]);
    }
}

#[test]
fn messages_quote_at_most_100_characters_of_a_cell_and_list_at_most_20_columns() {
    let long = "x".repeat(5000);
    let analysis =
        allteach::analyse(format!("Code,Numerator,Denominator\nA,{long},100\nB,40,100\nC,50,100\n").as_bytes(), &allteach::Options::default()).unwrap();
    let reason = &analysis.dataset.exclusions[0].reason;
    assert!(reason.len() < 400 && reason.contains("(5000 characters in all)"), "{reason}");
    // A missing column in a file of 2,000 columns.
    let header: Vec<String> = (0..2000).map(|i| format!("Column {i}")).collect();
    let csv = format!("{}\n{}\n", header.join(","), vec!["1"; 2000].join(","));
    let error = allteach::analyse(csv.as_bytes(), &allteach::Options::from_json(r#"{"columns":{"code":"Practice"}}"#).unwrap()).unwrap_err();
    assert!(error.message().len() < 600 && error.message().contains("…and 1980 more"), "{}", &error.message()[..error.message().len().min(800)]);
}

/// Every format a workbook can come in, mutated: none may panic inside the reader (natively a
/// panic is caught and counted; in wasm it would abort). `ALLTEACH_MUTATIONS=4000` runs 24,000.
#[test]
fn mutated_workbooks_of_every_format_never_panic() {
    let root = env!("CARGO_MANIFEST_DIR");
    let seeds = [
        "tests/corpus/hostile/control_small_valid.xlsx",
        "tests/corpus/hostile/control_small_valid.xls",
        "tests/corpus/workbook_seeds/calamine_issues.xlsb",
        "tests/corpus/workbook_seeds/calamine_issues.ods",
        "tests/corpus/workbook_seeds/calamine_number_rows_repeated.ods",
        "tests/corpus/hostile/control_small_valid.ods",
        "tests/corpus/qof_registers_three_sheets.xlsx",
    ];
    let cases = std::env::var("ALLTEACH_MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(400u64);
    let before = allteach::table::caught_workbook_panics();
    let mut read = 0;
    for (s, seed) in seeds.iter().enumerate() {
        let base = std::fs::read(format!("{root}/{seed}")).unwrap();
        for case in 0..cases {
            let seed = case * 37 + 1000 * s as u64;
            // A zipped workbook's bytes are mostly compressed: damage the XML inside it, where
            // the reader's parsing is, as often as the zip itself.
            let bytes = if base.starts_with(b"PK") && case % 2 == 0 { mutate_inside_zip(seed, &base) } else { mutate(seed, &base) };
            if allteach::analyse(&bytes, &allteach::Options::default()).is_ok() {
                read += 1;
            }
        }
    }
    let caught = allteach::table::caught_workbook_panics() - before;
    eprintln!("{} mutated workbooks: {read} analysed, the rest refused with a sentence", cases * seeds.len() as u64);
    assert_eq!(caught, 0, "{caught} of {} mutated workbooks panicked inside the reader", cases * seeds.len() as u64);
    assert!(read > 0, "some mutations still read");
}

/// The zip rebuilt with one of its parts (a sheet or the shared strings, usually) damaged.
fn mutate_inside_zip(seed: u64, zipped: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
    let names: Vec<String> = archive.file_names().map(|n| n.map(|n| n.to_string()).unwrap_or_default()).collect();
    let interesting: Vec<usize> =
        (0..names.len()).filter(|&i| names[i].contains("sheet") || names[i].contains("haredStrings") || names[i] == "content.xml").collect();
    let target = if interesting.is_empty() { seed as usize % names.len() } else { interesting[seed as usize % interesting.len()] };
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (i, name) in names.iter().enumerate() {
        let mut part = Vec::new();
        archive.by_index(i).unwrap().read_to_end(&mut part).unwrap();
        if i == target {
            part = mutate(seed, &part);
        }
        out.start_file(name.as_str(), stored).unwrap();
        out.write_all(&part).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn hostile_workbooks_are_refused_with_a_sentence_or_read_within_bounds() {
    let root = env!("CARGO_MANIFEST_DIR");
    let before = allteach::table::caught_workbook_panics();
    let expect: [(&str, Option<&str>); 16] = [
        ("dimension_xfd1048576.xlsx", None),
        ("cell_at_xfd1048576.xlsx", None),
        ("row_number_4294967295.xlsx", None),
        ("unique_count_4e9.xlsx", Some("claims more strings than it can hold")),
        ("zip_bomb_200mb_sheet.xlsx", Some("zip bomb")),
        ("styles_amplification.xlsx", Some("styles would take too much memory")),
        ("control_small_valid.ods", None),
        ("ods_three_billion_spaces.ods", Some("text is too long")),
        ("ods_million_repeated_rows.ods", Some("too many cells")),
        ("ods_unclosed_table.ods", Some("not closed")),
        ("truncated.xlsx", Some("damaged")),
        ("truncated_10pc.xls", Some("")),
        ("truncated_30pc.xls", Some("")),
        ("truncated_50pc.xls", Some("")),
        ("truncated_70pc.xls", Some("")),
        ("truncated_90pc.xls", Some("")),
    ];
    for (file, refusal) in expect {
        let bytes = std::fs::read(format!("{root}/tests/corpus/hostile/{file}")).unwrap();
        match (allteach::analyse(&bytes, &allteach::Options::default()), refusal) {
            (Ok(analysis), None) => assert_eq!(analysis.indicators[0].organisations.len(), 2, "{file}: the two real rows"),
            (Err(e), Some(words)) => assert!(e.message().contains(words) && e.message().contains("Excel"), "{file}: {}", e.message()),
            (other, _) => panic!("{file}: {:?}", other.map(|a| a.dataset.rows_read).map_err(|e| e.message().to_string())),
        }
    }
    assert_eq!(allteach::table::caught_workbook_panics(), before, "a hostile workbook panicked inside the reader");
}

#[test]
fn a_sparse_file_of_many_organisations_and_indicators_is_paired_in_proportion_to_its_rows() {
    // 50,000 rows: 2,000 indicators, each over 25 organisations of its own, peers within the
    // indicator's own group. Tables sized organisations × indicators once asked for 1.6 GB
    // here (and more than the machine for four times the indicators), and comparing every pair
    // of organisations' groups took 2.5 billion comparisons; the pairing must finish as a
    // small file does, with every significantly worse organisation given a teacher.
    let (indicators, per) = (2_000, 25);
    let mut csv = String::from("Code,Indicator,Numerator,Denominator,Region\n");
    for i in 0..indicators {
        for k in 0..per {
            let numerator = if k % 5 == 0 { 10 } else { 50 + k };
            csv.push_str(&format!("O{},I{i},{numerator},100,R{i}\n", i * per + k));
        }
    }
    let options = allteach::Options::from_json(r#"{"polarity":"higher_is_better","peers":{"within":"Region"},"pairing":{}}"#).unwrap();
    let analysis = allteach::analyse(csv.as_bytes(), &options).unwrap();
    let pairs = &analysis.pairing.as_ref().unwrap().pairs;
    assert_eq!(pairs.len(), indicators * per / 5, "the five worse organisations of each indicator each get a teacher");
    for p in pairs {
        let i: usize = analysis.indicators[p.indicator].name[1..].parse().unwrap();
        let number = |org: usize| analysis.org_code(org)[1..].parse::<usize>().unwrap();
        for org in [p.learner, p.teacher] {
            assert_eq!(number(org) / per, i, "{} and {} are both of I{i}'s own group", analysis.org_code(p.learner), analysis.org_code(p.teacher));
        }
        assert_eq!(number(p.learner) % 5, 0, "the learner is one of the worse five");
    }
}
