//! The reader, the column mapper, the analysis, the report and every view on arbitrary bytes,
//! with options chosen by the first byte.
//! Run: RUSTC_BOOTSTRAP=1 cargo fuzz run read_and_map (see the README).
#![no_main]

use libfuzzer_sys::fuzz_target;

const OPTIONS: [&str; 5] = [
    "{}",
    r#"{"columns":{"context":["c","d"]},"peers":{"k":3},"pairing":{},"polarity":"higher_is_better"}"#,
    r#"{"polarity":"lower_is_better","overdispersion":{"method":"auto"}}"#,
    r#"{"type":"rate","spc":{"fix_after":12}}"#,
    r#"{"type":"mean","columns":{"code":"a","value":"b"}}"#,
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let Ok(options) = allteach::Options::from_json(OPTIONS[choice as usize % OPTIONS.len()]) else { return };
    if let Ok(analysis) = allteach::analyse(bytes, &options) {
        let _ = allteach::report::Report::new(&analysis).to_json();
        let _ = allteach::report::Report::new(&analysis).to_columns();
        use allteach::present::*;
        let overview = overview_view(&analysis);
        let codes: Vec<String> = overview.rows.iter().take(3).map(|r| r.code.clone()).collect();
        let _ = overview_svg(&analysis, &codes);
        let _ = results_csv(&analysis, &Suppression::default());
        let _ = pairing_view(&analysis);
        for i in 0..analysis.indicators.len().min(2) {
            let _ = indicator_view(&analysis, i);
            let _ = caterpillar_view(&analysis, i, codes.first().map(|c| c.as_str()), true);
            let _ = spc_view(&analysis, i, 0);
        }
        if let Some(code) = codes.first() {
            let _ = organisation_view(&analysis, code);
            let _ = learning_pack_html(&analysis, code);
        }
        // Every download, under the disclosure policy.
        let disclosed = Disclosed::new(&analysis, &Suppression::default());
        let code = codes.first().cloned().unwrap_or_default();
        for request in [
            r#"{"what":"results_csv"}"#.to_string(),
            r#"{"what":"pairings_csv"}"#.to_string(),
            r#"{"what":"roles_csv"}"#.to_string(),
            r#"{"what":"funnel","indicator":0}"#.to_string(),
            r#"{"what":"compare","indicator":0}"#.to_string(),
            r#"{"what":"overview"}"#.to_string(),
            format!(r#"{{"what":"spine","code":{code:?}}}"#),
            format!(r#"{{"what":"spc","indicator":0,"code":{code:?}}}"#),
            format!(r#"{{"what":"learning_pack","code":{code:?}}}"#),
        ] {
            if let Ok(request) = serde_json::from_str::<DownloadRequest>(&request) {
                let _ = download(&analysis, &disclosed, &request);
            }
        }
    }
    // Natively a panic in the workbook reader is caught; in wasm it would abort.
    assert_eq!(allteach::table::caught_workbook_panics(), 0, "a panic inside the workbook reader");
});
