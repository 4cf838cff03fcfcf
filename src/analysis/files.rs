//! The files of one analysis: the data file, and any files joined to it on the organisation
//! code (`options.join`, one entry per extra file).

use crate::dataset::resolve_columns;
use crate::error::{Error, ErrorKind, Result};
use crate::options::{ColumnOptions, Options};
use crate::table::join::{join, JoinOutcome};
use crate::table::{read_table, read_table_sheet, RawTable};

/// The data file's table with every extra file's columns joined to it, and what each join matched.
pub fn read_joined(files: &[&[u8]], options: &Options) -> Result<(RawTable, Vec<JoinOutcome>)> {
    let Some((first, extras)) = files.split_first() else {
        return Err(Error::new(ErrorKind::Empty, "No file was given: there is nothing to analyse."));
    };
    let mut table = read_table_sheet(first, options.sheet()?.as_ref())?;
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
    Ok((table, outcomes))
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
