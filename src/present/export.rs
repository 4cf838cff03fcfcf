//! The results CSV under the disclosure policy (see [`crate::disclosure`]): a suppressed
//! result keeps its organisation's code, name and denominator (unless the denominator is a
//! small population, or would reveal one); its count and every figure derived from it are
//! `*`; ranks are among the results shown.

use crate::analysis::{Analysis, OrganisationResult};
use crate::disclosure::Suppression;

use super::{csv, outcome, Format};

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

/// The results CSV of `analysis` under an already redacted copy of it.
pub fn results_csv_from(analysis: &Analysis, disclosed: &super::Disclosed) -> ResultsCsv {
    let (disclosure, shown) = (&disclosed.disclosure, &disclosed.analysis);
    let suppression = &disclosure.policy;
    let statement = disclosure.statement();
    let mut rows = Vec::new();
    for (i, ind) in analysis.indicators.iter().enumerate() {
        let public = &shown.indicators[i];
        let f = Format::for_indicator(ind);
        let benchmark = public.benchmark.fraction.map(|b| f.value(b)).unwrap_or_else(|| "*".into());
        let mut next_shown = 0;
        for (k, o) in ind.organisations.iter().enumerate() {
            let peers = analysis
                .peers
                .as_ref()
                .map(|p| p.peers[analysis.org_index[i][k]].iter().map(|q| analysis.org_code(q.org)).collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let figures = if disclosure.is_hidden(i, k) {
                vec!["*".to_string(); 7]
            } else {
                next_shown += 1;
                figures(&public.organisations[next_shown - 1], &f)
            };
            let mut row = vec![ind.name.clone(), analysis.code(o).to_string(), analysis.name(o).unwrap_or_default().to_string()];
            row.push(figures[0].clone());
            row.push(if disclosure.is_population_hidden(i, k) { "*".into() } else { number(o.denominator) });
            row.extend(figures[1..6].iter().cloned());
            row.push(benchmark.clone());
            row.push(if disclosure.is_hidden(i, k) {
                "*".into()
            } else {
                outcome(&public.organisations[next_shown - 1], public.polarity).sentence("the benchmark")
            });
            row.push(figures[6].clone());
            row.push(peers);
            row.push(statement.clone());
            rows.push(row);
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
    ResultsCsv { text: csv(&HEADER, rows.into_iter()), summary }
}

fn results(n: usize) -> String {
    format!("{n} result{}", if n == 1 { "" } else { "s" })
}

fn number(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

/// Numerator, value, the four interval bounds and the rank of a result that is shown.
fn figures(o: &OrganisationResult, f: &Format) -> Vec<String> {
    let bound = |b: Option<crate::stats::Interval>, upper: bool| b.map(|i| f.value(if upper { i.upper } else { i.lower })).unwrap_or_default();
    vec![number(o.numerator), f.value(o.estimate), bound(o.ci95, false), bound(o.ci95, true), bound(o.ci998, false), bound(o.ci998, true), o.rank.to_string()]
}
