//! Bad and awkward input: every row used or excluded with a reason, clear errors otherwise.

use allteach::ErrorKind;
use serde_json::Value;

use crate::support::analyse_text;

fn kind_and_message(csv: &[u8], options: &str) -> (ErrorKind, String) {
    match allteach::Options::from_json(options).and_then(|o| allteach::analyse(csv, &o)) {
        Ok(_) => panic!("expected an error for {:?}", String::from_utf8_lossy(csv)),
        Err(e) => (e.kind(), e.message().to_string()),
    }
}

/// (cell text, expected words in the reason) for one bad row among good ones.
fn one_bad_row(numerator: &str, denominator: &str) -> (u64, serde_json::Value) {
    let csv = format!("Code,Numerator,Denominator\nA,5,10\nB,{numerator},{denominator}\nC,7,10\n");
    let report = analyse_text(&csv, "{}").unwrap();
    let rows = &report["rows"];
    assert_eq!(rows["read"], 3);
    assert_eq!(rows["used"].as_u64().unwrap() + rows["excluded"].as_array().unwrap().len() as u64, 3, "every row accounted for");
    (rows["used"].as_u64().unwrap(), rows["excluded"][0].clone())
}

#[test]
fn each_kind_of_bad_cell_is_reported_with_row_column_and_reason() {
    let cases = [
        ("n/a", "10", "Numerator", "missing or suppressed"),
        ("abc", "10", "Numerator", "Expected a number for the numerator, found \"abc\""),
        ("-3", "10", "Numerator", "negative"),
        ("5", "0", "Denominator", "greater than zero"),
        ("5", "-2", "Denominator", "greater than zero"),
        ("12", "10", "Numerator", "larger than the denominator"),
        ("", "10", "Numerator", "blank"),
        ("*", "10", "Numerator", "\"*\""),
        ("<5", "10", "Numerator", "\"<5\""),
    ];
    for (numerator, denominator, column, words) in cases {
        let (used, excluded) = one_bad_row(numerator, denominator);
        assert_eq!(used, 2, "{numerator}/{denominator}");
        assert_eq!(excluded["row"], 3, "{numerator}/{denominator}: row 3 in the spreadsheet");
        assert_eq!(excluded["column"], column, "{numerator}/{denominator}");
        let reason = excluded["reason"].as_str().unwrap();
        assert!(reason.contains(words), "{numerator}/{denominator}: reason {reason:?} lacks {words:?}");
    }
}

#[test]
fn numbers_as_people_write_them_are_read() {
    let csv = "Code,Numerator,Denominator\nA, 1,234 ,\"2,000\"\nB,1.2E3,5000\nC, 12 ,100\n";
    // Unquoted "1,234" splits into two cells, so that row is ragged; the rest must parse.
    let report = analyse_text(csv, "{}").unwrap();
    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    let b = orgs.iter().find(|o| o["code"] == "B").unwrap();
    assert_eq!(b["numerator"], 1200.0);
    let c = orgs.iter().find(|o| o["code"] == "C").unwrap();
    assert_eq!(c["numerator"], 12.0);
    let quoted = analyse_text("Code,Numerator,Denominator\nA,\"1,234\",\"2,000\"\n", "{}").unwrap();
    assert_eq!(quoted["indicators"][0]["organisations"][0]["numerator"], 1234.0);
}

#[test]
fn duplicates_blank_rows_and_short_rows_are_accounted_for() {
    let csv = "Code,Name,Numerator,Denominator\nA,Alpha,5,10\n,,,\nA,Alpha again,6,10\nB,Beta\nC,Gamma,1,4\n";
    let report = analyse_text(csv, "{}").unwrap();
    let rows = &report["rows"];
    assert_eq!(rows["read"], 5);
    assert_eq!(rows["used"], 2);
    let excluded = rows["excluded"].as_array().unwrap();
    let summary: Vec<(u64, String)> = excluded.iter().map(|e| (e["row"].as_u64().unwrap(), e["reason"].as_str().unwrap().to_string())).collect();
    assert_eq!(summary.len(), 3);
    assert_eq!(summary[0].0, 3);
    assert!(summary[0].1.contains("empty"));
    assert_eq!(summary[1].0, 4);
    assert!(summary[1].1.contains("appears again") && summary[1].1.contains("row 2"));
    assert_eq!(summary[2].0, 5);
    assert!(summary[2].1.contains("shorter than the header"), "{}", summary[2].1);
}

#[test]
fn row_numbers_count_blank_lines_and_not_line_breaks_inside_quotes() {
    // Row 2: a name with a line break inside quotes; row 3 is blank; row 4 is bad.
    let csv = "Code,Name,Numerator,Denominator\nA,\"Two\nlines\",5,10\n\nB,Bad,bad,10\n";
    let report = analyse_text(csv, "{}").unwrap();
    assert_eq!(report["rows"]["excluded"][0]["row"], 4, "{}", report["rows"]);
}

#[test]
fn files_that_are_not_tables_get_a_sentence_saying_what_to_do() {
    let (kind, message) = kind_and_message(b"", "{}");
    assert_eq!(kind, ErrorKind::Empty);
    assert!(message.contains("empty"));
    let (kind, message) = kind_and_message(b"PK\x03\x04\x14\x00\x06\x00binary", "{}");
    assert_eq!(kind, ErrorKind::NotATable);
    assert!(message.contains("Excel") && message.contains("CSV"), "{message}");
    let (kind, _) = kind_and_message(&[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 3], "{}");
    assert_eq!(kind, ErrorKind::NotATable);
}

#[test]
fn a_missing_column_is_named_with_the_columns_there_are() {
    let (kind, message) = kind_and_message(b"Code,Count\nA,5\n", "{}");
    assert_eq!(kind, ErrorKind::MissingColumn);
    assert!(message.contains("denominator") && message.contains("\"Count\""), "{message}");
    let (kind, message) = kind_and_message(b"Code,Numerator,Denominator\nA,5,10\n", r#"{"columns":{"numerator":"Registered"}}"#);
    assert_eq!(kind, ErrorKind::MissingColumn);
    assert!(message.contains("\"Registered\"") && message.contains("\"Numerator\""), "{message}");
}

#[test]
fn a_file_with_no_usable_row_says_why() {
    let (kind, message) = kind_and_message(b"Code,Numerator,Denominator\nA,x,10\nB,y,10\n", "{}");
    assert_eq!(kind, ErrorKind::NothingUsable);
    assert!(message.contains("row 2") && message.contains("\"Numerator\""), "{message}");
}

#[test]
fn bad_options_are_errors_in_words() {
    for (options, words) in [
        (r#"{"polarty":"higher_is_better"}"#, "polarty"),
        (r#"{"polarity":"up"}"#, "up"),
        (r#"{"benchmark":"mean"}"#, "mean"),
        (r#"{"multiplier":0}"#, "multiplier"),
        (r#"{"type":"percentage"}"#, "percentage"),
    ] {
        let (kind, message) = kind_and_message(b"Code,Numerator,Denominator\nA,5,10\n", options);
        assert_eq!(kind, ErrorKind::BadOptions, "{options}");
        assert!(message.contains(words), "{options}: {message}");
    }
}

#[test]
fn encodings_excel_writes_are_read() {
    // Windows-1252 (Excel "CSV (Comma delimited)" on UK Windows): 0xE9 is é, 0x92 is ’.
    let mut cp1252 = b"Code,Name,Numerator,Denominator\nA,Caf\xe9 St Mary\x92s,5,10\n".to_vec();
    let report = analyse_text_bytes(&cp1252);
    assert_eq!(report["indicators"][0]["organisations"][0]["name"], "Café St Mary’s");
    assert!(report["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("Windows-1252")));
    // UTF-16 LE with BOM, tab-delimited ("Unicode text").
    let text = "Code\tName\tNumerator\tDenominator\r\nA\tÉcole\t5\t10\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let report = analyse_text_bytes(&utf16);
    assert_eq!(report["indicators"][0]["organisations"][0]["name"], "École");
    // UTF-8 with BOM, semicolons.
    cp1252 = b"\xef\xbb\xbfCode;Numerator;Denominator\nA;5;10\n".to_vec();
    let report = analyse_text_bytes(&cp1252);
    assert_eq!(report["columns"]["code"], "Code");
}

fn analyse_text_bytes(bytes: &[u8]) -> serde_json::Value {
    let analysis = allteach::analyse(bytes, &allteach::Options::default()).unwrap();
    serde_json::from_str(&allteach::report::Report::new(&analysis).to_json()).unwrap()
}

#[test]
fn columns_are_detected_from_names_and_contents() {
    // The demo sample: no column is called numerator or denominator; the pair is found because
    // "Seen within 4 hours" never exceeds "Type 1 attendances".
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_2026-06.csv")).unwrap();
    let report = analyse_text(&text, "{}").unwrap();
    let columns = &report["columns"];
    assert_eq!(columns["code"], "Org code");
    assert_eq!(columns["name"], "Org name");
    assert_eq!(columns["numerator"], "Seen within 4 hours");
    assert_eq!(columns["denominator"], "Type 1 attendances");
    assert_eq!(report["numeric_headers"], serde_json::json!(["Type 1 attendances", "Seen within 4 hours"]), "Region is text, not a context candidate");
    assert_eq!(report["rows"]["read"], 120);
    assert_eq!(report["rows"]["used"], 120);
}

#[test]
fn the_filter_keeps_matching_rows_and_reports_the_rest() {
    let csv = "Area Code,Area Type,Count,Denominator\nE1,GPs,5,10\nE2,PCN,5,10\nE3,gps,1,10\n";
    let report = analyse_text(csv, r#"{"filter":{"Area Type":"GPs"}}"#).unwrap();
    assert_eq!(report["rows"]["used"], 2);
    let e = &report["rows"]["excluded"][0];
    assert_eq!(e["row"], 3);
    assert_eq!(e["column"], "Area Type");
    assert!(e["reason"].as_str().unwrap().contains("filter"));
}

#[test]
fn long_files_give_one_indicator_per_value_of_the_indicator_column() {
    let csv = "PRACTICE_CODE,GROUP_CODE,REGISTER,PRACTICE_LIST_SIZE\nA,HYP,10,100\nA,DM,5,90\nB,HYP,12,100\nB,DM,4,95\n";
    let report =
        analyse_text(csv, r#"{"columns":{"code":"PRACTICE_CODE","indicator":"GROUP_CODE","numerator":"REGISTER","denominator":"PRACTICE_LIST_SIZE"}}"#)
            .unwrap();
    let ids: Vec<&str> = report["indicators"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["HYP", "DM"]);
    assert_eq!(report["indicators"][1]["benchmark"]["value"].as_f64().unwrap(), 9.0 / 185.0 * 100.0);
    // NHS Digital's GROUP_CODE is found without settings, as its values are indicator ids.
    let detected = analyse_text(csv, "{}").unwrap();
    assert_eq!(detected["columns"]["indicator"], "GROUP_CODE");
    assert_eq!(detected["indicators"], report["indicators"]);
}

#[test]
fn total_rows_are_not_compared_unless_they_are_the_benchmark() {
    let csv = "Code,Name,Register,List size
E92000001,England,8996512,62378057
A81001,All Saints Surgery,616,3996
A81002,Queens Park,3396,18315
,All practices,4012,22311
";
    // England's own row is the benchmark by default, as a choice the person can change.
    let report = analyse_text(csv, "{}").unwrap();
    assert_eq!(report["indicators"][0]["benchmark"]["method"], "organisation");
    assert_eq!(report["choices"][0]["option"], "benchmark");
    assert_eq!(report["choices"][0]["chosen"]["code"], "E92000001");
    let alternatives: Vec<&Value> = report["choices"][0]["alternatives"].as_array().unwrap().iter().map(|a| &a["value"]).collect();
    assert!(alternatives.contains(&&Value::from("pooled")), "{alternatives:?}");
    let report = analyse_text(csv, r#"{"benchmark":"pooled"}"#).unwrap();
    assert!(report["choices"].as_array().unwrap().iter().all(|c| c["option"] != "benchmark"), "a benchmark given is not second-guessed");
    let rows = &report["rows"];
    assert_eq!((rows["read"].as_u64(), rows["used"].as_u64()), (Some(4), Some(2)));
    let reasons: Vec<&str> = rows["excluded"].as_array().unwrap().iter().map(|e| e["reason"].as_str().unwrap()).collect();
    assert!(reasons[0].starts_with("This is a total row (\"England\")") && reasons[0].ends_with(r#"{"benchmark": {"code": "E92000001"}}."#), "{}", reasons[0]);
    assert!(reasons[1].starts_with("This is a total row (\"All practices\")"), "{}", reasons[1]);
    let ind = &report["indicators"][0];
    let codes: Vec<&str> = ind["organisations"].as_array().unwrap().iter().map(|o| o["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["A81001", "A81002"], "All Saints Surgery is a practice");
    assert_eq!(ind["benchmark"]["value"].as_f64().unwrap(), 4012.0 / 22311.0 * 100.0, "pooled over the practices only");
    // Named as the benchmark, England's row is the benchmark, as before.
    let report = analyse_text(csv, r#"{"benchmark":{"code":"E92000001"}}"#).unwrap();
    let ind = &report["indicators"][0];
    assert_eq!((ind["benchmark"]["method"].as_str(), ind["benchmark"]["value"].as_f64()), (Some("organisation"), Some(8996512.0 / 62378057.0 * 100.0)));
    assert_eq!(ind["organisations"].as_array().unwrap().len(), 2);
    assert_eq!(report["rows"]["used"], 3);
}

#[test]
fn title_rows_above_the_header_and_footnotes_below_are_recognised() {
    // Shaped like an NHS England publication: a title, a note, a blank line, the table, then
    // notes and a source line below it.
    let csv = "A&E Attendances and Emergency Admissions,,,\n\
               Provider level data - June 2026,,,\n\
               ,,,\n\
               Code,Name,Seen within 4 hours,Attendances\n\
               R0A,Manchester,16813,28237\n\
               R0B,South Tyneside,7149,11749\n\
               ,,,\n\
               Notes: figures are provisional.,,,\n\
               \"Source: NHS England, monthly situation report\",,,\n";
    let report = analyse_text(csv, "{}").unwrap();
    assert_eq!(report["header_row"], 4);
    assert_eq!(report["columns"]["numerator"], "Seen within 4 hours");
    assert_eq!(report["rows"]["used"], 2);
    let excluded = report["rows"]["excluded"].as_array().unwrap();
    let rows: Vec<u64> = excluded.iter().map(|e| e["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, [7, 8, 9], "the blank line and the two notes, on their spreadsheet rows");
    assert!(excluded[1]["reason"].as_str().unwrap().contains("footnote"));
    assert!(excluded[2]["reason"].as_str().unwrap().contains("Source: NHS England"));
}

#[test]
fn a_data_row_with_only_its_code_is_a_missing_value_not_a_footnote() {
    let report = analyse_text("Code,Numerator,Denominator\nA,5,10\nB,,\n", "{}").unwrap();
    let e = &report["rows"]["excluded"][0];
    assert_eq!(e["column"], "Numerator");
}

#[test]
fn wide_files_give_one_indicator_per_column_pair_with_their_own_settings() {
    // The first 150 practices of the QOF 2022-23 wide reshape (samples/README.md), with one DM
    // register replaced by "x" (row 5).
    let text = std::fs::read_to_string(crate::support::fixture_path("qof_wide_150_practices.csv")).unwrap();
    let options = r#"{"indicators":[
        {"id":"HYP","name":"Hypertension register","numerator":"REGISTER_HYP","denominator":"LIST_SIZE_TOTAL","polarity":"higher_is_better"},
        {"id":"DM","numerator":"REGISTER_DM","denominator":"LIST_SIZE_17OV","polarity":"no_judgement","multiplier":1000}]}"#;
    let report = analyse_text(&text, options).unwrap();
    let inds = report["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), 2);
    assert_eq!(inds[0]["name"], "Hypertension register");
    assert_eq!(inds[1]["name"], "Register DM out of list size 17OV");
    assert_eq!((inds[0]["polarity"].as_str(), inds[1]["polarity"].as_str()), (Some("higher_is_better"), Some("no_judgement")));
    assert_eq!(inds[1]["multiplier"], 1000.0);
    assert_eq!(inds[0]["organisations"].as_array().unwrap().len(), 150);
    assert_eq!(inds[1]["organisations"].as_array().unwrap().len(), 149);
    // Every row was used (for HYP at least); the bad DM cell is reported, not lost.
    let rows = &report["rows"];
    assert_eq!((rows["read"].as_u64(), rows["used"].as_u64()), (Some(150), Some(150)));
    assert_eq!(rows["excluded"].as_array().unwrap().len(), 0);
    let partly = rows["partly_used"].as_array().unwrap();
    assert_eq!(partly.len(), 1);
    assert_eq!((partly[0]["row"].as_u64(), partly[0]["column"].as_str()), (Some(5), Some("REGISTER_DM")));
    assert!(!report["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("No polarity")));

    // The same practices' HYP figures from the long file agree.
    let long = analyse_text(&text, r#"{"columns":{"numerator":"REGISTER_HYP","denominator":"LIST_SIZE_TOTAL"}}"#).unwrap();
    assert_eq!(long["indicators"][0]["organisations"][7]["ci95"], inds[0]["organisations"][7]["ci95"]);
}

#[test]
fn indicators_settings_apply_by_id_in_long_files() {
    let text = std::fs::read_to_string(crate::support::fixture_path("qof_two_icbs_with_context.csv")).unwrap();
    let report = analyse_text(&text, r#"{"indicators":[{"id":"DM","name":"Diabetes","polarity":"lower_is_better"}],"polarity":"higher_is_better"}"#).unwrap();
    let dm = report["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "DM").unwrap();
    assert_eq!((dm["name"].as_str(), dm["polarity"].as_str()), (Some("Diabetes"), Some("lower_is_better")));
    let hyp = report["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "HYP").unwrap();
    assert_eq!(hyp["polarity"], "higher_is_better");
    let bad = analyse_text(&text, r#"{"indicators":[{"id":"DM","type":"rate"}]}"#);
    assert!(bad.unwrap_err().message().contains("wide files"));
}

fn workbook() -> Vec<u8> {
    std::fs::read(crate::support::fixture_path("excel/ae_two_sheets.xlsx")).unwrap()
}

fn analyse_bytes(bytes: &[u8], options: &str) -> Result<serde_json::Value, allteach::Error> {
    let options = allteach::Options::from_json(options)?;
    let analysis = allteach::analyse(bytes, &options)?;
    Ok(serde_json::from_str(&allteach::report::Report::new(&analysis).to_json()).unwrap())
}

#[test]
fn an_excel_workbook_is_read_from_the_first_sheet_holding_a_table() {
    let report = analyse_bytes(&workbook(), r#"{"polarity":"higher_is_better"}"#).unwrap();
    assert_eq!(report["sheets"], serde_json::json!(["Notes", "Data"]));
    assert_eq!(report["sheet"], "Data");
    assert_eq!(report["header_row"], 4, "below a merged title and a source line");
    assert_eq!(report["columns"]["numerator"], "Seen within 4 hours");
    assert_eq!(report["columns"]["period"], "Month");
    assert_eq!(report["rows"]["used"], 40, "numbers stored as text (\"28,237\") are read");
    let excluded = report["rows"]["excluded"].as_array().unwrap();
    assert!(excluded.iter().any(|e| e["reason"].as_str().unwrap().contains("footnote")));
    // The same figures as the CSV the workbook was made from.
    let csv = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_2026-06.csv")).unwrap();
    let from_csv = analyse_text(&csv, r#"{"polarity":"higher_is_better"}"#).unwrap();
    let first = &report["indicators"][0]["organisations"][0];
    let same = from_csv["indicators"][0]["organisations"].as_array().unwrap().iter().find(|o| o["code"] == first["code"]).unwrap();
    assert_eq!(first["numerator"], same["numerator"]);
    assert_eq!(first["ci95"], same["ci95"]);
}

#[test]
fn the_sheet_option_picks_by_name_or_position_and_says_what_exists() {
    assert_eq!(analyse_bytes(&workbook(), r#"{"sheet":"data"}"#).unwrap()["sheet"], "Data");
    assert_eq!(analyse_bytes(&workbook(), r#"{"sheet":1}"#).unwrap()["sheet"], "Data");
    let e = analyse_bytes(&workbook(), r#"{"sheet":"Summary"}"#).unwrap_err();
    assert!(e.message().contains("\"Notes\", \"Data\""), "{}", e.message());
    let e = analyse_bytes(&workbook(), r#"{"sheet":0}"#).unwrap_err();
    assert!(e.message().contains("Name it") || e.message().contains("columns"), "the Notes sheet has no table: {}", e.message());
}

#[test]
fn period_labels_that_are_not_dates_are_kept_in_file_order_and_said_so() {
    let mut csv = String::from("Code,Year,Numerator,Denominator\n");
    for year in 1..=10 {
        for code in ["A", "B", "C"] {
            csv.push_str(&format!("{code},Y{year:02},{},{}\n", year + 1, 100));
        }
    }
    let report = analyse_text(&csv, "{}").unwrap();
    assert_eq!(report["rows"]["used"], 30, "no label is refused");
    assert_eq!(report["period_compared"]["to"], "Y10");
    let labels: Vec<&str> = report["period_compared"]["labels"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert_eq!(labels.first(), Some(&"Y01"));
    assert_eq!(labels.last(), Some(&"Y10"));
    assert!(
        report["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("taken in the order they first appear in the file")),
        "{}",
        report["warnings"]
    );
}
