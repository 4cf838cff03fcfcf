//! Wide files of disease registers beside several list sizes, as NHS Digital publishes QOF
//! prevalence (`REGISTER_AF`, …, `LIST_SIZE_TOTAL`, `LIST_SIZE_17OV`, …): one indicator per
//! register, each over the list that QOF itself uses for it.
//!
//! Register and list share no stem here ("AF" against "TOTAL"), so `pairs.rs` cannot pair them;
//! which list goes with which register is QOF's rule, taken from NHS Digital's QOF 2022-23
//! prevalence publication (its `PATIENT_LIST_TYPE` per `GROUP_CODE`; the long file in
//! `tests/fixtures/qof_2223_prevalence_by_practice_long.csv` shows it). A register QOF does not
//! list goes over the total list, and the choice says so.

use serde_json::{json, Value};

use super::{Alternative, Choice};
use crate::dataset::columns::normalise;
use crate::options::{IndicatorSpec, Options};
use crate::table::RawTable;

/// QOF 2022-23: the registers not over the total list, and the list (age band) each is over.
const QOF_LISTS: &[(&str, &str)] =
    &[("ast", "06ov"), ("ckd", "18ov"), ("dep", "18ov"), ("dm", "17ov"), ("ep", "18ov"), ("ndh", "18ov"), ("ob", "18ov"), ("ost", "50ov"), ("ra", "16ov")];
/// Stems of the whole list.
const TOTAL_LIST: &[&str] = &["total", "all", "all ages"];

/// When the file is registers over list sizes and the options name no indicators or measure
/// columns: its indicators, one per register.
pub(super) fn judge(table: &RawTable, options: &mut Options) -> Option<Choice> {
    let c = &options.columns;
    if options.indicators.as_ref().is_some_and(|s| s.iter().any(|s| s.has_columns())) || c.indicator.is_some() || c.numerator.is_some() || c.value.is_some() {
        return None;
    }
    let registers = stems(&table.headers, &["register"]);
    let lists = stems(&table.headers, &["list size", "list"]);
    let total = lists.iter().find(|(_, stem)| TOTAL_LIST.contains(&stem.as_str()))?;
    if registers.len() < 2 || lists.len() < 2 {
        return None;
    }
    let given = options.indicators.take().unwrap_or_default();
    let mut own_list = Vec::new();
    let specs: Vec<IndicatorSpec> = registers
        .iter()
        .map(|(col, stem)| {
            let band = QOF_LISTS.iter().find(|(r, _)| r == stem).map(|(_, band)| *band);
            let list = band.and_then(|b| lists.iter().find(|(_, s)| s == b)).unwrap_or(total);
            if list != total {
                own_list.push(format!("{} over {}", table.headers[*col], table.headers[list.0]));
            }
            let settings = given.iter().find(|s| s.id == table.headers[*col] || normalise(&s.id) == *stem).cloned().unwrap_or_default();
            IndicatorSpec {
                id: stem.to_uppercase(),
                name: settings.name.or_else(|| Some(format!("{} register", stem.to_uppercase()))),
                numerator: Some(table.headers[*col].clone().into()),
                denominator: Some(table.headers[list.0].clone().into()),
                ..settings
            }
        })
        .collect();
    let all_total: Vec<IndicatorSpec> = specs.iter().map(|s| IndicatorSpec { denominator: Some(table.headers[total.0].clone().into()), ..s.clone() }).collect();
    let chosen = indicators_value(&specs);
    options.indicators = Some(specs);
    Some(Choice {
        option: "indicators".into(),
        about: "Which list size each register is over".into(),
        chosen: chosen.clone(),
        alternatives: vec![
            Alternative { value: chosen, label: "Each register over the list QOF uses for it".into(), rows: None },
            Alternative { value: indicators_value(&all_total), label: format!("Every register over \"{}\"", table.headers[total.0]), rows: None },
        ],
        reason: format!(
            "The file has {} register columns and {} list sizes. As in QOF's own prevalence figures, {}; the others are over \"{}\".",
            registers.len(),
            lists.len(),
            if own_list.is_empty() { "none has a list of its own".to_string() } else { own_list.join(", ") },
            table.headers[total.0]
        ),
    })
}

/// The `indicators` option's value for these specs.
fn indicators_value(specs: &[IndicatorSpec]) -> Value {
    Value::Array(specs.iter().map(|s| json!({ "id": s.id, "name": s.name, "numerator": s.numerator, "denominator": s.denominator })).collect())
}

/// Columns whose normalised header starts or ends with one of `markers`, with the rest (the stem).
fn stems(headers: &[String], markers: &[&str]) -> Vec<(usize, String)> {
    headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let n = normalise(h);
            markers.iter().find_map(|m| {
                let rest = n.strip_prefix(&format!("{m} ")).or_else(|| n.strip_suffix(&format!(" {m}")))?;
                Some((i, rest.to_string()))
            })
        })
        .collect()
}
