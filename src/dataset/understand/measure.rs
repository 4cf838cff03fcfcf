//! What is measured: which columns are the count and what it is out of, and, when the file
//! carries its own values beside them (Fingertips' `Value`, `Count`, `Denominator`), the type and
//! scale those values are on.
//!
//! A count and a denominator are never made up from two arbitrary columns: when the names do not
//! say, and the file has more than two columns of counts, the file asks which (a question).

use serde_json::{json, Value};

use super::{text, Choice};
use crate::dataset::columns::{self, is_outcome_like};
use crate::dataset::parse_count;
use crate::options::{IndicatorType, Options};
use crate::table::RawTable;

/// Scales a value may be on, against numerator ÷ denominator: a proportion as a fraction or a
/// percentage, or a rate per 1,000, 10,000 or 100,000.
const SCALES: &[f64] = &[1.0, 100.0, 1_000.0, 10_000.0, 100_000.0];
/// Rows compared to find the scale.
const SAMPLE: usize = 500;

/// The question, when the measure cannot be found without one; otherwise the type judged, if any.
pub(super) fn judge(table: &RawTable, options: &mut Options, choices: &mut Vec<Choice>) -> Option<Choice> {
    let c = &options.columns;
    let wide = options.indicators.as_ref().is_some_and(|s| s.iter().any(|s| s.has_columns()));
    let named = c.numerator.is_some() && c.denominator.is_some() || c.value.is_some();
    if wide || named || options.indicator_type.is_some_and(|t| matches!(t, IndicatorType::Mean | IndicatorType::Value)) {
        return None;
    }
    if crate::dataset::pairs::detect_pairs(&table.headers).len() >= 2 {
        return None;
    }
    // Without a column of organisation codes there is nothing to ask about yet: that error comes first.
    if columns::resolve_columns(table, &options.columns, options.indicator_type, true).is_err() {
        return None;
    }
    let resolved = columns::resolve_columns(table, &options.columns, options.indicator_type, false);
    let taken: Vec<usize> = match &resolved {
        Ok(r) => [Some(r.code), r.name, r.indicator, r.period, r.indicator_name].into_iter().flatten().collect(),
        Err(_) => columns::resolve_columns(table, &options.columns, options.indicator_type, true)
            .map(|r| [Some(r.code), r.name, r.period].into_iter().flatten().collect())
            .unwrap_or_default(),
    };
    let counts: Vec<usize> = columns::numeric_columns(table, &taken).into_iter().filter(|&i| !is_outcome_like(&table.headers[i])).collect();
    match resolved {
        Ok(r) if r.numerator.is_some() && r.denominator.is_some() => {
            let guessed = r.notes.iter().any(|n| n.contains("was taken as the numerator"));
            if guessed && counts.len() > 2 {
                return Some(question(table, &counts, r.numerator.zip(r.denominator)));
            }
            if let (Some(n), Some(d), Some(v)) = (r.numerator, r.denominator, columns::find_header(table, "Value")) {
                choices.extend(scale_choice(table, options, n, d, v));
            }
            None
        }
        Ok(_) => None,
        Err(_) if options.indicator_type.is_none() && !counts.is_empty() => Some(question(table, &counts, None)),
        Err(_) if options.indicator_type.is_none() => Some(no_counts(table, &taken)),
        Err(_) => None,
    }
}

/// "Which column is the count?": the columns of counts, and a suggestion when there is one.
fn question(table: &RawTable, counts: &[usize], suggestion: Option<(usize, usize)>) -> Choice {
    let names: Vec<String> = counts.iter().map(|&i| table.headers[i].clone()).collect();
    let suggested = suggestion.map(|(n, d)| format!(" For example \"{}\" out of \"{}\"?", table.headers[n], table.headers[d])).unwrap_or_default();
    let reason = match names.as_slice() {
        [only] => format!(
            "The file has one column of counts (\"{only}\") and nothing it is counted out of: it may be context about each organisation (a population) rather than a measure. Choose the count (numerator) and what it is out of (denominator) in the settings, or compare a value as it is (type \"value\")."
        ),
        _ => format!(
            "Which measure should be compared? The file has {} columns of counts ({}), and their names do not say which is counted out of which.{suggested} Choose the count (numerator) and what it is out of (denominator) in the settings.",
            counts.len(),
            crate::error::list(&names)
        ),
    };
    Choice {
        option: "columns.numerator".into(),
        about: "Which column is the count to compare, and which is it out of".into(),
        chosen: suggestion.map_or(Value::Null, |(n, d)| json!({ "numerator": table.headers[n], "denominator": table.headers[d] })),
        alternatives: names.iter().map(|n| text(n, n.clone(), None)).collect(),
        reason,
    }
}

/// A file with no counts at all: a lookup of organisations, or values about them (context).
fn no_counts(table: &RawTable, taken: &[usize]) -> Choice {
    let values: Vec<String> = columns::numeric_columns(table, taken).into_iter().map(|i| table.headers[i].clone()).collect();
    let reason = if values.is_empty() {
        "This file holds no numbers to compare: its columns are names and codes, a lookup of organisations rather than figures about them. Choose a file of counts per organisation (such as a register and a list size).".to_string()
    } else {
        format!(
            "This file has no columns of counts, only values about each organisation ({}). To compare one of them as it is, choose it as the value column and set the type to \"value\" in the settings.",
            crate::error::list(&values)
        )
    };
    Choice {
        option: "columns.value".into(),
        about: "Which column to compare".into(),
        chosen: Value::Null,
        alternatives: values.iter().map(|v| text(v, v.clone(), None)).collect(),
        reason,
    }
}

/// When the file's own `Value` is numerator ÷ denominator on a known scale: a rate per 1,000 is
/// a rate, never a proportion with exclusions. Sets the type and multiplier it shows.
fn scale_choice(table: &RawTable, options: &mut Options, n: usize, d: usize, v: usize) -> Option<Choice> {
    if options.indicator_type.is_some() || options.multiplier.is_some() {
        return None;
    }
    let mut votes = vec![0usize; SCALES.len()];
    let mut compared = 0;
    for row in table.rows().take(SAMPLE * 4) {
        let (Ok(x), Ok(y), Ok(value)) = (parse_count(row.cell(n)), parse_count(row.cell(d)), parse_count(row.cell(v))) else { continue };
        if y <= 0.0 || x <= 0.0 {
            continue;
        }
        compared += 1;
        let ratio = value / (x / y);
        if let Some(i) = SCALES.iter().position(|s| (ratio / s - 1.0).abs() < 0.01) {
            votes[i] += 1;
        }
        if compared >= SAMPLE {
            break;
        }
    }
    let (best, agree) = votes.iter().enumerate().max_by_key(|(_, v)| **v)?;
    if compared == 0 || agree * 10 < compared * 9 {
        return None;
    }
    let scale = SCALES[best];
    let (kind, words) = match scale {
        1.0 => (IndicatorType::Proportion, "a proportion (as a fraction)".to_string()),
        100.0 => (IndicatorType::Proportion, "a percentage".to_string()),
        s => (IndicatorType::Rate, format!("a rate per {}", crate::error::thousands(s))),
    };
    options.indicator_type = Some(kind);
    options.multiplier = Some(scale);
    let value = table.headers[v].clone();
    Some(Choice {
        option: "type".into(),
        about: "What kind of figure this is".into(),
        chosen: Value::String(kind.as_str().into()),
        alternatives: vec![text("proportion", "A proportion (part of a whole)".into(), None), text("rate", "A rate (events per population)".into(), None)],
        reason: format!(
            "\"{value}\" equals \"{}\" ÷ \"{}\" × {} on {agree} of the {compared} rows compared, so it is {words}.",
            table.headers[n],
            table.headers[d],
            crate::error::thousands(scale)
        ),
    })
}
