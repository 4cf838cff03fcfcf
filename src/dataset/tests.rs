use super::values::{parse_count, CellProblem};

#[test]
fn counts_as_people_write_them() {
    assert_eq!(parse_count(Some(" 12 ")), Ok(12.0));
    assert_eq!(parse_count(Some("1,234")), Ok(1234.0));
    assert_eq!(parse_count(Some("1,234,567.5")), Ok(1234567.5));
    assert_eq!(parse_count(Some("1.2E3")), Ok(1200.0));
    assert_eq!(parse_count(Some("0.445")), Ok(0.445));
}

#[test]
fn markers_are_missing_never_zero() {
    for marker in ["*", "c", "x", "..", ":", "-", "NA", "n/a", "<5", "< 3", ""] {
        assert!(matches!(parse_count(Some(marker)), Err(CellProblem::Missing(_))), "{marker:?}");
    }
    assert_eq!(parse_count(None), Err(CellProblem::Absent));
}

#[test]
fn text_that_is_not_a_number_is_named() {
    for text in ["abc", "12,34", "1,2345", "inf", "NaN", "12 patients"] {
        assert_eq!(parse_count(Some(text)), Err(CellProblem::NotANumber(text.to_string())), "{text:?}");
    }
}

#[test]
fn a_percentage_is_a_value_but_not_a_count() {
    use super::values::parse_value;
    assert_eq!(parse_value(Some(" 45.6% ")), Ok(45.6));
    assert_eq!(parse_value(Some("1,234.5")), Ok(1234.5));
    assert_eq!(parse_value(Some("..")), Err(CellProblem::Missing("..".into())));
    assert_eq!(parse_value(Some("%")), Err(CellProblem::NotANumber("%".into())));
    let problem = parse_count(Some("45.6%")).unwrap_err();
    assert!(
        problem.sentence("numerator").contains("found the percentage \"45.6%\". Give the numerator and denominator as counts"),
        "{}",
        problem.sentence("numerator")
    );
}

fn dataset(csv: &str, options: &str) -> crate::error::Result<super::Dataset> {
    let options = crate::options::Options::from_json(options)?;
    super::Dataset::from_table(crate::table::read_table(csv.as_bytes())?, &options)
}

fn exclusions(d: &super::Dataset) -> Vec<(u32, Option<&str>, &str)> {
    d.exclusions.iter().map(|e| (e.row, e.column.as_deref(), e.reason.as_str())).collect()
}

#[test]
fn a_suppressed_count_does_not_hide_its_column() {
    // One "*" in six rows once made the column "not numeric", so no numerator was found.
    let d = dataset("Code,Cancer register,List size\nA,131,3996\nB,729,18315\nC,411,11276\nD,432,8005\nE,*,14383\nF,397,9953\n", "{}").unwrap();
    assert_eq!(d.columns.numerator, Some(1));
    assert_eq!(exclusions(&d)[0].0, 6);
}

#[test]
fn a_row_with_more_cells_than_the_header_is_not_read_shifted() {
    // Unquoted "1,741" splits into "1" and "741": reading on would take 1 out of 741.
    let d = dataset("Code,Name,Register,List size\nA81001,Densham,616,3996\nA81004,Acklam,1,741,11276\nA81005,Springwood,1532,8005,,\n", "{}").unwrap();
    assert_eq!(d.rows_used(), 2, "trailing empty cells are harmless");
    let e = exclusions(&d);
    assert_eq!((e[0].0, e[0].1), (3, None));
    assert!(e[0].2.contains("5 cells, more than the 4 columns") && e[0].2.contains("quotes"), "{}", e[0].2);
}

#[test]
fn a_lone_note_is_a_footnote_and_a_lone_code_a_short_row() {
    let d = dataset("Code,Name,Register,List size\nA81001,Densham,616,3996\nA81006\nNotes:\nSource\n", "{}").unwrap();
    let e = exclusions(&d);
    assert_eq!((e[0].0, e[0].1), (3, Some("Register")));
    assert!(e[0].2.contains("shorter than the header"), "{}", e[0].2);
    assert!(e[1].2.contains("(\"Notes:\"): a note or footnote") && e[2].2.contains("footnote"), "{e:?}");
}

#[test]
fn reasons_for_empty_cells_read_as_sentences() {
    let d = dataset("Month,Code,Numerator,Denominator\n2024-01,A,1,10\n2024-01,,1,10\n,B,1,10\n", "{}").unwrap();
    let e = exclusions(&d);
    assert_eq!(e[0].2, "The cell is empty, so the row has no organisation code. Fill in the organisation code, or remove the row.");
    assert_eq!(e[1].2, "The cell is empty, so the row has no period. Fill in the period, or remove the row.");
}

#[test]
fn a_header_without_rows_says_so() {
    let message = dataset("\nCode,Numerator,Denominator\n", "{}").unwrap_err().message().to_string();
    assert!(message.starts_with("The file has a header (row 2) but no rows of data below it"), "{message}");
}

#[test]
fn wide_files_get_no_notes_about_a_single_numerator() {
    let csv = "Code,LIST_SIZE_17OV,LIST_SIZE_TOTAL,REGISTER_DM,REGISTER_HYP\nA,3233,3996,305,616\nB,15112,18315,1275,3396\n";
    let d = dataset(csv, r#"{"indicators":[{"id":"DM","numerator":"REGISTER_DM","denominator":"LIST_SIZE_17OV"}]}"#).unwrap();
    assert!(d.notes.is_empty(), "{:?}", d.notes);
}

#[test]
fn obvious_column_pairs_are_indicators_of_a_wide_file() {
    let csv = "Practice code,HYP_NUM,HYP_DEN,DM_NUM,DM_DEN\nA81001,616,3996,305,3233\nA81002,3396,18315,*,15112\n";
    let d = dataset(csv, r#"{"indicators":[{"id":"DM","name":"Diabetes","polarity":"lower_is_better"}]}"#).unwrap();
    let ids: Vec<(&str, &str)> = d.indicators.iter().map(|i| (i.id.as_str(), i.name.as_str())).collect();
    assert_eq!(ids, [("HYP", "HYP"), ("DM", "Diabetes")], "settings apply by the pair's name");
    assert_eq!(d.indicators[1].polarity, Some(crate::stats::Polarity::LowerIsBetter));
    assert_eq!((d.rows_used(), d.partly_used.len()), (2, 1));
    assert_eq!(d.notes, ["Found 2 indicators as column pairs: HYP (\"HYP_NUM\" / \"HYP_DEN\"), DM (\"DM_NUM\" / \"DM_DEN\"). To analyse one pair alone, name its columns in the settings (columns.numerator and columns.denominator)."]);
    // Naming a pair's columns, or an indicator column, keeps the file single-indicator or long.
    let d = dataset(csv, r#"{"columns":{"numerator":"DM_NUM","denominator":"DM_DEN"}}"#).unwrap();
    assert_eq!((d.indicators.len(), d.columns.numerator), (1, Some(3)));
    let long = "Practice code,Indicator,HYP_NUM,HYP_DEN,DM_NUM,DM_DEN\nA81001,X,616,3996,305,3233\n";
    assert!(dataset(long, "{}").unwrap().notes.iter().all(|n| !n.contains("column pairs")));
    // One pair is the ordinary file, read as before.
    let d = dataset("Practice code,HYP_NUM,HYP_DEN\nA81001,616,3996\n", "{}").unwrap();
    assert_eq!((d.columns.numerator, d.columns.denominator, d.indicators[0].name.as_str()), (Some(1), Some(2), "HYP NUM out of HYP DEN"));
}

#[test]
fn total_rows_are_recognised_narrowly() {
    use super::totals::is_total;
    for total in [
        "England",
        " ENGLAND ",
        "Total",
        "grand total",
        "National",
        "All",
        "Overall",
        "E92000001",
        "All practices",
        "Total (all trusts)",
        "All GP practices in England",
        "Total: all NHS trusts",
        "ALL PROVIDERS",
        "(All practices)",
        " overall ",
    ] {
        assert!(is_total(total), "{total:?}");
    }
    for organisation in [
        "All Saints Surgery",
        "All Saints",
        "National Hospital for Neurology",
        "Total Health Practice",
        "Allerton Medical Centre",
        "England Road Surgery",
        "A81001",
        "E38000001",
        "Totals",
        "All of us",
        "",
        "RJ1",
        "1 Total",
        "Y02",
    ] {
        assert!(!is_total(organisation), "{organisation:?}");
    }
}

#[test]
fn a_total_row_is_left_out_with_a_reason_unless_it_is_the_benchmark() {
    let csv = "Code,Name,Register,List size\nE92000001,England,2000,30000\nA81001,All Saints Surgery,616,3996\nA81002,Queens Park,3396,18315\n,Total,4012,22311\nALL,,1,2\n";
    let d = dataset(csv, "{}").unwrap();
    assert_eq!((d.rows_read, d.rows_used(), d.exclusions.len()), (5, 2, 3), "All Saints Surgery is a practice");
    let e = exclusions(&d);
    assert_eq!(
        e[0],
        (
            2,
            Some("Name"),
            r#"This is a total row ("England"), not an organisation, so it is not compared. To compare against it, set the benchmark to this row: {"benchmark": {"code": "E92000001"}}."#
        )
    );
    // Without a code it cannot be the benchmark, so no setting is suggested.
    assert_eq!(e[1], (5, Some("Name"), r#"This is a total row ("Total"), not an organisation, so it is not compared."#));
    assert_eq!((e[2].0, e[2].1), (6, Some("Code")));
    assert!(e[2].2.contains(r#"("ALL")"#) && e[2].2.contains(r#"{"code": "ALL"}"#), "{}", e[2].2);
    // Named as the benchmark (in any case), England's row is read as before.
    let d = dataset(csv, r#"{"benchmark":{"code":"e92000001"}}"#).unwrap();
    assert_eq!((d.rows_used(), d.exclusions.len()), (3, 2));
    assert_eq!(d.record_code(d.indicators[0].observations[0].record), "E92000001");
}

#[test]
fn codes_that_differ_only_in_capitals_or_spaces_are_one_organisation() {
    let csv = "Code,Indicator,Register,List size\nA81002,HYP,3396,18315\na81002,HYP,3396,18315\n\"A81002 \",DM,1275,15112\nA81002,DM,1275,15112\nA81004,HYP,1741,11276\n";
    let d = dataset(csv, "{}").unwrap();
    assert_eq!((d.rows_read, d.rows_used(), d.exclusions.len()), (5, 3, 2));
    let e = exclusions(&d);
    assert_eq!(
        e[0],
        (3, Some("Code"), "The organisation \"a81002\" appears again for the same indicator (first on row 2 as \"A81002\": the codes differ only in capitals or spaces, so they are the same organisation). Each organisation should appear once: remove or combine the duplicate rows.")
    );
    assert!(
        e[1].2.starts_with("The organisation \"A81002\" appears again for the same indicator (first on row 4 as \"A81002 \": the codes differ only"),
        "{}",
        e[1].2
    );
    // The same code written the same way keeps the plain reason.
    let d = dataset("Code,Register,List size\nb1,1,10\nb1,2,10\n", "{}").unwrap();
    assert_eq!(exclusions(&d)[0].2, "The organisation \"b1\" appears again for the same indicator (first on row 2). Each organisation should appear once: remove or combine the duplicate rows.");
}

#[test]
fn a_group_code_of_indicator_ids_is_the_indicator_column() {
    let long = "PRACTICE_CODE,GROUP_CODE,REGISTER,PRACTICE_LIST_SIZE\nA81001,HYP,616,3996\nA81001,DM,305,3233\nA81002,HYP,3396,18315\nA81002,DM,1275,15112\nA81004,HYP,1741,11276\nA81004,DM,703,9049\n";
    let d = dataset(long, "{}").unwrap();
    assert_eq!(d.columns.indicator, Some(1));
    let ids: Vec<&str> = d.indicators.iter().map(|i| i.id.as_str()).collect();
    assert_eq!((ids, d.rows_used()), (vec!["HYP", "DM"], 6));
    assert!(d.notes.iter().any(|n| n.starts_with("\"GROUP_CODE\" was taken as the indicator column")), "{:?}", d.notes);
    // Sorted by indicator rather than by practice: the same.
    let sorted =
        "Practice code,Group code,Register,List size\nA,HYP,616,3996\nB,HYP,3396,18315\nC,HYP,1741,11276\nA,DM,305,3233\nB,DM,1275,15112\nC,DM,703,9049\n";
    assert_eq!(dataset(sorted, "{}").unwrap().columns.indicator, Some(1));
    // Named in the settings: no note.
    let d = dataset(long, r#"{"columns":{"indicator":"GROUP_CODE"}}"#).unwrap();
    assert!(d.notes.iter().all(|n| !n.contains("taken as the indicator")), "{:?}", d.notes);
}

#[test]
fn a_group_code_that_groups_organisations_is_not_the_indicator() {
    // A PCN code: each practice has one, even over several months.
    let pcn = "Practice code,Group code,Month,Register,List size\nA,U1,2024-01,6,39\nB,U1,2024-01,3,18\nC,U2,2024-01,1,11\nD,U2,2024-01,5,80\nA,U1,2024-02,6,40\nB,U1,2024-02,3,18\nC,U2,2024-02,1,12\nD,U2,2024-02,5,81\n";
    let d = dataset(pcn, "{}").unwrap();
    assert_eq!((d.columns.indicator, d.indicators.len(), d.rows_used()), (None, 1, 8));
    // A value on one organisation's rows only is not an indicator id (nor are long texts).
    let odd = "Code,Group code,Register,List size\nA,HYP,6,39\nA,DM,3,18\nB,HYP,1,11\nB,CKD,5,80\n";
    assert_eq!(dataset(odd, "{}").unwrap().columns.indicator, None);
    let long_text = format!("Code,Group code,Register,List size\nA,{0}1,6,39\nA,{0}2,3,18\nB,{0}1,1,11\nB,{0}2,5,80\n", "x".repeat(40));
    assert_eq!(dataset(&long_text, "{}").unwrap().columns.indicator, None);
    // An "Indicator" column found by name is kept; a Group code beside it stays a plain column.
    let both = "Code,Indicator,Group code,Register,List size\nA,HYP,X,6,39\nA,DM,Y,3,18\nB,HYP,X,1,11\nB,DM,Y,5,80\n";
    assert_eq!(dataset(both, "{}").unwrap().columns.indicator, Some(1));
}

#[test]
fn duplicates_are_found_among_many_codes_after_the_index_grows() {
    // 20,000 codes over two periods make the duplicate index grow many times; the repeats at the
    // end (one exact, one in other capitals) must still find their first rows.
    let mut csv = String::from("Code,Period,Numerator,Denominator\n");
    for period in ["2024-01", "2024-02"] {
        for i in 0..20_000 {
            csv.push_str(&format!("P{i:05},{period},{},{}\n", i % 50, 100));
        }
    }
    csv.push_str("P00007,2024-02,1,100\np12345 ,2024-01,1,100\n");
    let d = dataset(&csv, r#"{"columns":{"period":"Period"}}"#).unwrap();
    let found: Vec<(u32, &str)> = d.exclusions.iter().map(|e| (e.row, e.reason.as_str())).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].0 == 40_002 && found[0].1.contains("first on row 20009"), "{found:?}");
    assert!(found[1].0 == 40_003 && found[1].1.contains("first on row 12347") && found[1].1.contains("capitals"), "{found:?}");
    assert_eq!(d.rows_used(), 40_000);
}

/// The date `days` after 1 January 2020, as ISO text.
fn day(days: i64) -> String {
    let (y, m, d) = crate::dataset::period::from_day_number(crate::dataset::period::day_number((2020, 1, 1)) + days);
    format!("{y}-{m:02}-{d:02}")
}

#[test]
fn duplicates_are_found_when_cells_per_code_and_period_would_be_too_many() {
    // 600 codes each in its own day of 600: a cell for every (code, day) would be 360,000, more
    // than the budget of two per row (at least 131,072), so the index turns to hashing part way
    // through; repeats of rows from before and after the turn still find their first rows.
    let mut csv = String::from("Code,Day,Numerator,Denominator\n");
    for i in 0..600 {
        csv.push_str(&format!("C{i:03},{},1,10\n", day(i)));
    }
    csv.push_str(&format!("C003,{},1,10\nc590,{},1,10\nC003,{},1,10\n", day(3), day(590), day(4)));
    let d = dataset(&csv, r#"{"columns":{"period":"Day"}}"#).unwrap();
    let found: Vec<(u32, &str)> = d.exclusions.iter().map(|e| (e.row, e.reason.as_str())).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].0 == 602 && found[0].1.contains("first on row 5)"), "{found:?}");
    assert!(found[1].0 == 603 && found[1].1.contains("first on row 592") && found[1].1.contains("capitals"), "{found:?}");
    // C003 on another day is not a repeat.
    assert_eq!((d.rows_used(), d.periods.len()), (601, 600));
}

#[test]
fn duplicates_are_found_in_a_file_period_after_period_whatever_its_cells() {
    // Month after month (cells in a lane per month): first 1,000 codes in one month, then 199
    // months of code 999 alone, whose lanes would reach past the budget, so the index turns to
    // hashing part way; repeats from before and after the turn still find their first rows.
    let mut csv = String::from("Code,Day,Numerator,Denominator\n");
    for code in 0..1000 {
        csv.push_str(&format!("C{code:03},{},1,10\n", day(0)));
    }
    for i in 1..200 {
        csv.push_str(&format!("C999,{},1,10\n", day(i)));
    }
    csv.push_str(&format!("c010,{},1,10\nC999,{},1,10\nC010,{},1,10\n", day(0), day(150), day(150)));
    let d = dataset(&csv, r#"{"columns":{"period":"Day"}}"#).unwrap();
    let found: Vec<(u32, &str)> = d.exclusions.iter().map(|e| (e.row, e.reason.as_str())).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].0 == 1201 && found[0].1.contains("first on row 12 as \"C010\"") && found[0].1.contains("capitals"), "{found:?}");
    assert!(found[1].0 == 1202 && found[1].1.contains("first on row 1151)"), "{found:?}");
    assert_eq!((d.rows_used(), d.periods.len()), (1200, 200));
}

#[test]
fn column_values_are_counted_most_rows_first() {
    let table = crate::table::read_table(b"Code,Type,N,D\nA,1,1,2\nA,other,1,2\nB,other,1,2\nC,2,1,2\n").unwrap();
    let (values, more) = super::column_values(&table, "type", 2).unwrap();
    assert_eq!(values, [("other".to_string(), 2), ("1".to_string(), 1)]);
    assert_eq!(more, 1);
    assert!(super::column_values(&table, "Nope", 2).is_none());
}

#[test]
fn each_row_goes_to_its_own_indicator_whatever_order_the_indicators_come_in() {
    // A and C give the indicators in one order; B leaves one out and swaps two; a new one comes last.
    let csv = "code,ind,x,n\nA,DM,1,10\nA,AF,2,10\nA,HYP,3,10\nB,AF,4,10\nB,DM,5,10\nC,DM,6,10\nC,AF,7,10\nC,HYP,8,10\nC,CKD,9,10\n";
    let d = dataset(csv, r#"{"columns":{"code":"code","indicator":"ind","numerator":"x","denominator":"n"}}"#).expect("dataset");
    let numerators = |id: &str| -> Vec<f64> {
        let data = d.indicators.iter().find(|i| i.id == id).expect("indicator");
        data.observations.iter().map(|o| if let super::Measure::Counts { numerator, .. } = o.measure { numerator } else { f64::NAN }).collect()
    };
    let ids: Vec<&str> = d.indicators.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["DM", "AF", "HYP", "CKD"]);
    assert_eq!(numerators("DM"), [1.0, 5.0, 6.0]);
    assert_eq!(numerators("AF"), [2.0, 4.0, 7.0]);
    assert_eq!(numerators("HYP"), [3.0, 8.0]);
    assert_eq!(numerators("CKD"), [9.0]);
}

#[test]
fn rows_are_mapped_over_several_calls_each_once() {
    // More rows than three calls map (ROWS_PER_CALL each), with a row left out on each side of
    // where the first call ends: every other row feeds one observation, in file order.
    let per_call = crate::progress::ROWS_PER_CALL;
    let rows = 3 * per_call + 10;
    let mut csv = String::from("Code,Numerator,Denominator\n");
    for i in 0..rows {
        let numerator = if i == per_call - 1 || i == per_call { "n/a".to_string() } else { (i % 50).to_string() };
        csv.push_str(&format!("P{i:06},{numerator},100\n"));
    }
    let d = dataset(&csv, "{}").unwrap();
    let left_out: Vec<u32> = d.exclusions.iter().map(|e| e.row).collect();
    // Spreadsheet rows: the header is row 1, so data row i is row i + 2.
    assert_eq!(left_out, [per_call as u32 + 1, per_call as u32 + 2]);
    assert_eq!(d.rows_used(), rows - 2);
    let observations = &d.indicators[0].observations;
    assert_eq!(observations.len(), rows - 2);
    assert!(observations.windows(2).all(|w| w[0].record < w[1].record), "in file order, none twice");
    assert_eq!(observations.last().map(|o| o.record as usize), Some(rows - 1));
}
