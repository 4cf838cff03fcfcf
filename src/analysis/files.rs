//! The files of one analysis: the data file, and any files joined to it on the organisation
//! code (`options.join`, one entry per extra file).

use crate::dataset::resolve_columns;
use crate::error::{Error, ErrorKind, Result};
use crate::options::{ColumnOptions, Options};
use crate::table::join::{join, JoinOutcome};
use std::borrow::Cow;

use crate::table::{read_file, read_table, RawTable};

/// The files read: the table to analyse with every extra file's columns joined to it, what each
/// join matched, and, for a record file made into a cohort, the cohort (its table is the one
/// analysed, read with `cohort.options`).
pub struct Read {
    pub table: RawTable,
    pub joins: Vec<JoinOutcome>,
    pub cohort: Option<Cohort>,
}

/// The data file's table with every extra file's columns joined to it, and what each join
/// matched. The data file's bytes, when owned, become its table's text (see [`read_file`]).
pub fn read_joined(first: Cow<'_, [u8]>, extras: &[&[u8]], options: &Options) -> Result<Read> {
    let mut table = read_file(first, options.sheet()?.as_ref())?;
    let mut cohort = None;
    let mut options = options;
    if options.cohort.is_some() {
        let population = extras.first().map(|bytes| read_table(bytes)).transpose()?;
        let made = crate::cohort::build(&table, population.as_ref(), options)?;
        table = read_table(made.csv.as_bytes())?;
        cohort = Some(Cohort { options: made.options, summary: made.summary, exclusions: made.exclusions });
    }
    if let Some(c) = &cohort {
        options = &c.options;
    }
    let given = options.join.as_deref().unwrap_or(&[]);
    if given.len() > extras.len() {
        return Err(Error::new(
            ErrorKind::BadOptions,
            format!("The join option has {} entries but {} extra files were given: give one entry per file after the first.", given.len(), extras.len()),
        ));
    }
    let mut outcomes = Vec::with_capacity(extras.len());
    for (i, bytes) in extras.iter().enumerate() {
        let file = i + 2;
        let extra = read_table(bytes).map_err(|e| Error::new(e.kind(), format!("File {file} (joined to the first): {}", e.message())))?;
        let main_code = resolve_columns(&table, &options.columns, None, true)?.code;
        let extra_code = code_column(&extra, given.get(i).and_then(|j| j.code.as_deref()), file)?;
        let (joined, outcome) = join(table, main_code, &extra, extra_code, file);
        table = joined;
        outcomes.push(outcome);
    }
    Ok(Read { table, joins: outcomes, cohort })
}

/// The files of one analysis split into the data file and the files joined to it.
pub fn first_and_rest<'a, 'f>(files: &'a [&'f [u8]]) -> Result<(&'f [u8], &'a [&'f [u8]])> {
    match files.split_first() {
        Some((first, extras)) => Ok((first, extras)),
        None => Err(Error::new(ErrorKind::Empty, "No file was given: there is nothing to analyse.")),
    }
}

/// A record file made into a cohort: the options its table is read with, what it found, and the
/// record rows left out.
pub struct Cohort {
    pub options: Options,
    pub summary: crate::cohort::CohortSummary,
    pub exclusions: Vec<crate::dataset::Exclusion>,
}

/// The organisation code column of an extra file: named in `join[i].code`, or detected as the
/// data file's is.
fn code_column(extra: &RawTable, named: Option<&str>, file: usize) -> Result<usize> {
    let columns = ColumnOptions { code: named.map(str::to_string), ..ColumnOptions::default() };
    resolve_columns(extra, &columns, None, true).map(|r| r.code).map_err(|e| {
        Error::new(
            e.kind(),
            format!("File {file} (joined to the first on the organisation code): {} Name it with the join option, e.g. {{\"join\": [{{\"code\": \"Practice code\"}}]}}.", e.message()),
        )
    })
}

/// One sentence on what a join matched.
pub fn join_note(j: &JoinOutcome) -> String {
    let total = j.matched + j.unmatched.len();
    let mut note = format!("File {} was joined on \"{}\": {} of {total} organisations matched", j.file, j.code_column, j.matched);
    if j.unmatched.is_empty() {
        note.push('.');
    } else {
        note.push_str(&format!("; {} are not in it ({}), so they have no values from it.", j.unmatched.len(), crate::error::list(&j.unmatched)));
    }
    if j.repeated > 0 {
        note.push_str(&format!(" It has {} repeated codes; the last row of each was used.", j.repeated));
    }
    note
}
