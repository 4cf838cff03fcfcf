//! PHE `phe_quantile` against phe_fixture_quantiles.csv (1,017 rows from real Fingertips data).
//! The grouping follows PHEindicatormethods' tests/testthat/testQuantiles.R: "IndSexReg" rows are
//! grouped by indicator-sex and region with invert from polarity, "IndSex" rows form one group
//! per test sheet, and the "None" rows one group with the default invert = TRUE. The
//! "BadPolarity" sheet is PHE's error case (invert varies within a group) and has no expected
//! quantiles to match.

use std::collections::BTreeMap;

use allteach::stats::quantile::phe_quantile;

use crate::support::{csv_rows, num};

#[test]
fn quantiles_match_phe_exactly() {
    let rows = csv_rows("reference/phe_fixture_quantiles.csv");
    let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if r["Test"] == "BadPolarity" {
            continue;
        }
        let key = match r["GroupSet"].as_str() {
            "IndSexReg" => vec![r["GroupSet"].clone(), r["Test"].clone(), r["IndSexRef"].clone(), r["ParentCode"].clone()],
            "IndSex" => vec![r["GroupSet"].clone(), r["Test"].clone()],
            _ => vec![r["GroupSet"].clone()],
        };
        groups.entry(key).or_default().push(i);
    }
    let mut checked = 0;
    for (key, members) in &groups {
        let first = &rows[members[0]];
        let q = match first["QuantileNm"].as_str() {
            "Quartile" => 4,
            "Septile" => 7,
            "Decile" => 10,
            other => panic!("{other}"),
        };
        // "RAG - Low is good" (or TRUE) inverts, so quantile 1 holds the worst values either way.
        let invert = key[0] == "None" || matches!(first["Polarity"].as_str(), "RAG - Low is good" | "True");
        let values: Vec<Option<f64>> = members.iter().map(|&i| num(&rows[i], "Value")).collect();
        let got = phe_quantile(&values, q, invert);
        for (&i, g) in members.iter().zip(got) {
            let expected = num(&rows[i], "QuantileInGrp").map(|v| v as u32);
            assert_eq!(g, expected, "{key:?} {} value {}", rows[i]["AreaCode"], rows[i]["Value"]);
            checked += 1;
        }
    }
    assert_eq!(checked, 982, "every row but the 35 of PHE's error case");
}
