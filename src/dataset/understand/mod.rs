//! Reading a file as a person would: the judgements about what a file *is* — which rows are a
//! breakdown of the same figure (A&E type, sex, age), which areas are comparable (Fingertips'
//! area types), which row is the benchmark (England), which columns are counts at all, and which
//! list size each QOF register is over. They are made here and only here.
//!
//! Each judgement completes the options (a filter, a benchmark, the `indicators` of a wide file)
//! and is recorded as a [`Choice`]: what was decided, why, and the alternatives with the option
//! path that takes each. What the user's options already say is never second-guessed. When a
//! file cannot be read without an answer (which column is the count?), the judgement is a
//! [`Choice`] returned as the question instead of a guess.

mod breakdowns;
pub mod direction;
mod evidence;
mod measure;
pub mod periods;
mod registers;

use serde::Serialize;
use serde_json::Value;

use crate::options::Options;
use crate::table::RawTable;

/// A decision a person could make differently, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// The options path that changes it: "filter.type", "benchmark", "columns.numerator".
    pub option: String,
    /// What the decision is about, in words ("Which A&E type is compared").
    pub about: String,
    /// The value taken, as the option would hold it (`null` when nothing could be taken).
    pub chosen: Value,
    pub alternatives: Vec<Alternative>,
    /// Why this value was taken, in one or two sentences.
    pub reason: String,
}

/// One value a choice could take.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// The option's value for this alternative.
    pub value: Value,
    pub label: String,
    /// Rows of the file holding this value, when that is meaningful.
    pub rows: Option<usize>,
}

/// The options completed by what the file shows, and every choice made on the way.
#[derive(Debug, Clone)]
pub struct Understanding {
    pub options: Options,
    pub choices: Vec<Choice>,
    /// A question the file cannot be analysed without; the analysis stops with its words.
    pub question: Option<Choice>,
}

/// Judge what the file is, given what the options already say.
pub fn understand(table: &RawTable, given: &Options) -> Understanding {
    let mut options = given.clone();
    let mut choices = Vec::new();
    if let Some(choice) = registers::judge(table, &mut options) {
        choices.push(choice);
    }
    let question = measure::judge(table, &mut options, &mut choices);
    if question.is_none() {
        choices.extend(breakdowns::judge(table, &mut options));
    }
    Understanding { options, choices, question }
}

/// A text alternative.
fn text(value: &str, label: String, rows: Option<usize>) -> Alternative {
    Alternative { value: Value::String(value.to_string()), label, rows }
}

#[cfg(test)]
mod tests;
