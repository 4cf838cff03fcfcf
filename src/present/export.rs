//! The results CSV, with small-number suppression on by default: counts from 1 to 7 are not
//! written, nor anything they could be worked out from (the value and its intervals), and where
//! an indicator would have a single suppressed count, the next smallest is suppressed as well,
//! so that it cannot be derived from the published pooled benchmark and the other counts.

use serde::Deserialize;

use crate::analysis::Analysis;

use super::{csv, outcome, Format};

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Suppression {
    /// Suppress counts from 1 up to this (0 turns suppression off).
    pub up_to: f64,
}

impl Default for Suppression {
    fn default() -> Self {
        Suppression { up_to: 7.0 }
    }
}

/// The CSV text and a sentence on what was suppressed.
pub struct ResultsCsv {
    pub text: String,
    pub summary: String,
}

pub fn results_csv(analysis: &Analysis, suppression: &Suppression) -> ResultsCsv {
    let header = [
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
    ];
    let mut rows = Vec::new();
    let mut suppressed_total = 0;
    let mut secondary_total = 0;
    for (i, ind) in analysis.indicators.iter().enumerate() {
        let f = Format::for_indicator(ind);
        let small = |x: Option<f64>| x.is_some_and(|x| x >= 1.0 && x <= suppression.up_to);
        let mut hidden: Vec<bool> = ind.organisations.iter().map(|o| small(o.numerator)).collect();
        let primary = hidden.iter().filter(|&&h| h).count();
        suppressed_total += primary;
        // A single suppressed count could be worked out from the pooled benchmark: hide the
        // next smallest too.
        if primary == 1 {
            let next = ind
                .organisations
                .iter()
                .enumerate()
                .filter(|(k, o)| !hidden[*k] && o.numerator.is_some())
                .min_by(|a, b| a.1.numerator.unwrap_or(0.0).total_cmp(&b.1.numerator.unwrap_or(0.0)).then(a.0.cmp(&b.0)));
            if let Some((k, _)) = next {
                hidden[k] = true;
                secondary_total += 1;
            }
        }
        let benchmark = ind.benchmark.fraction.map(|b| f.value(b)).unwrap_or_default();
        for (k, o) in ind.organisations.iter().enumerate() {
            let s = |text: String| if hidden[k] { "*".to_string() } else { text };
            let number = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_default();
            let bound = |b: Option<crate::stats::Interval>, upper: bool| b.map(|i| f.value(if upper { i.upper } else { i.lower })).unwrap_or_default();
            rows.push(vec![
                ind.name.clone(),
                analysis.code(o).to_string(),
                analysis.name(o).unwrap_or_default().to_string(),
                s(number(o.numerator)),
                number(o.denominator),
                s(f.value(o.estimate)),
                s(bound(o.ci95, false)),
                s(bound(o.ci95, true)),
                s(bound(o.ci998, false)),
                s(bound(o.ci998, true)),
                benchmark.clone(),
                outcome(o, ind.polarity).sentence("the benchmark"),
                o.rank.to_string(),
                analysis.peers.as_ref().map(|p| p.peers[analysis.org_index[i][k]].iter().map(|q| analysis.org_code(q.org)).collect::<Vec<_>>().join(" ")).unwrap_or_default(),
            ]);
        }
    }
    let summary = if suppression.up_to < 1.0 {
        "Small-number suppression is off: every count is in the file.".to_string()
    } else {
        format!(
            "Small numbers suppressed (shown as *): {suppressed_total} counts from 1 to {} with their values and intervals, and {secondary_total} more so that none can be worked out from the totals.",
            suppression.up_to
        )
    };
    ResultsCsv { text: csv(&header, rows.into_iter()), summary }
}
