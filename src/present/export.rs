//! The results CSV under the disclosure policy (see [`crate::disclosure`]): a suppressed
//! result keeps its organisation's code, name and denominator (unless the denominator is a
//! small population, or would reveal one); its count and every figure derived from it are
//! `*`; ranks are among the results shown.

use crate::analysis::{Analysis, OrganisationResult};
use crate::disclosure::Suppression;

use super::csv::{cell, Csv};
use super::{outcome, Format};

/// The CSV text and a sentence on what was suppressed.
pub struct ResultsCsv {
    pub text: String,
    pub summary: String,
}

const HEADER: [&str; 15] = [
    "Indicator",
    "Code",
    "Name",
    "Numerator",
    "Denominator",
    "Value",
    "95% CI lower",
    "95% CI upper",
    "99.8% CI lower",
    "99.8% CI upper",
    "Benchmark",
    "Compared with the benchmark",
    "Rank (1 = best)",
    "Peers",
    "Disclosure",
];

pub fn results_csv(analysis: &Analysis, suppression: &Suppression) -> ResultsCsv {
    results_csv_from(analysis, &super::Disclosed::new(analysis, suppression))
}

/// The results CSV of `analysis` under an already redacted copy of it, written row by row.
pub fn results_csv_from(analysis: &Analysis, disclosed: &super::Disclosed) -> ResultsCsv {
    let (disclosure, shown) = (&disclosed.disclosure, &disclosed.analysis);
    let suppression = &disclosure.policy;
    // The statement on every row, made a cell once.
    let statement = cell(&disclosure.statement());
    let mut out = Csv::with_header(&HEADER);
    for (i, ind) in analysis.indicators.iter().enumerate() {
        let public = &shown.indicators[i];
        let f = Format::for_indicator(ind);
        let benchmark = public.benchmark.fraction.map(|b| f.value(b)).unwrap_or_else(|| "*".into());
        // The results shown, in order: ranks are among them.
        let mut public_results = public.organisations.iter();
        for (k, o) in ind.organisations.iter().enumerate() {
            let figures = if disclosure.is_hidden(i, k) { None } else { public_results.next() };
            out.field(&ind.name);
            out.field(analysis.code(o));
            out.field(analysis.name(o).unwrap_or_default());
            figure(&mut out, figures, |r| r.numerator);
            match disclosure.is_population_hidden(i, k) {
                true => out.field("*"),
                false => optional(&mut out, o.denominator),
            }
            figure(&mut out, figures, |r| Some(f.shown(r.estimate)));
            for (bound, upper) in
                [(figures.map(|r| r.ci95), false), (figures.map(|r| r.ci95), true), (figures.map(|r| r.ci998), false), (figures.map(|r| r.ci998), true)]
            {
                match bound {
                    None => out.field("*"),
                    Some(interval) => optional(&mut out, interval.map(|b| f.shown(if upper { b.upper } else { b.lower }))),
                }
            }
            out.field(&benchmark);
            match figures {
                None => out.field("*"),
                Some(r) => out.field(&outcome(r, public.polarity).sentence("the benchmark")),
            }
            figure(&mut out, figures, |r| Some(r.rank));
            match &analysis.peers {
                Some(p) => out.joined(p.peers[analysis.org_index[i][k]].iter().map(|q| analysis.org_code(q.org)), " "),
                None => out.field(""),
            }
            out.cell(&statement);
            out.end_row();
        }
    }
    let summary = if !suppression.is_on() {
        "Small-number suppression is off: every count is in the file.".to_string()
    } else {
        format!(
            "Small numbers suppressed (shown as *): {} with a count or a population from 1 to {}, with their values and intervals, and {} more so that none can be worked out from the totals.",
            results(disclosure.primary),
            suppression.up_to,
            disclosure.secondary
        )
    };
    ResultsCsv { text: out.finish(), summary }
}

/// A figure of a result that is shown (`*` for a suppressed one; empty when it has none).
fn figure<T: std::fmt::Display>(out: &mut Csv, result: Option<&OrganisationResult>, of: impl Fn(&OrganisationResult) -> Option<T>) {
    match result {
        None => out.field("*"),
        Some(r) => optional(out, of(r)),
    }
}

/// A figure, or an empty field when there is none.
fn optional(out: &mut Csv, x: Option<impl std::fmt::Display>) {
    match x {
        Some(x) => out.shown(x),
        None => out.field(""),
    }
}

fn results(n: usize) -> String {
    format!("{n} result{}", if n == 1 { "" } else { "s" })
}
