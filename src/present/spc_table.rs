//! The Making Data Count summary across organisations: each one's latest value, mean and
//! process limits, its variation and its assurance against the target, found, sorted and cut
//! into pages here (a national file has thousands of rows).

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::spc::{Assurance, PointType};

use super::rows::{found, page_of, Page};
use super::time::{possible, FEWEST_FOR_LIMITS};
use super::Format;

#[derive(Debug, Serialize)]
pub struct SpcTable {
    pub caption: String,
    pub headings: Vec<&'static str>,
    pub rows: Vec<SpcTableRow>,
    pub page: Page,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpcTableRow {
    pub code: String,
    /// "Name (CODE)".
    pub label: String,
    /// Its position in the indicator's rows: what `spc_view` takes.
    pub position: usize,
    pub latest: String,
    pub mean: String,
    /// "–" with too few points for limits.
    pub lower: String,
    pub upper: String,
    /// In words, and as the key the icons use ("special_cause_concern", ...).
    pub variation: String,
    pub variation_key: &'static str,
    /// "Consistently fails", "Hit and miss", "Consistently passes", or "–" without a target.
    pub assurance: String,
    #[serde(skip)]
    order: (f64, u8, u8),
}

/// Which rows, in which order, and which page (every field optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpcQuery {
    pub find: String,
    pub sort: Option<SpcSort>,
    pub descending: bool,
    pub page: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpcSort {
    Organisation,
    Latest,
    /// Concern first, then improvement, neither, common cause.
    Variation,
    /// Consistently fails first, then hit and miss, consistently passes, no target.
    Assurance,
}

fn variation_words(p: PointType) -> (&'static str, u8) {
    match p {
        PointType::Concern => ("Special cause: concern", 0),
        PointType::Improvement => ("Special cause: improvement", 1),
        PointType::NeutralHigh => ("Special cause: neither (high)", 2),
        PointType::NeutralLow => ("Special cause: neither (low)", 2),
        PointType::CommonCause => ("Common cause", 3),
    }
}

fn assurance_words(a: Option<Assurance>) -> (&'static str, u8) {
    match a {
        Some(Assurance::ConsistentFail) => ("Consistently fails", 0),
        Some(Assurance::Inconsistent) => ("Hit and miss", 1),
        Some(Assurance::ConsistentPass) => ("Consistently passes", 2),
        None => ("–", 3),
    }
}

/// The summary of indicator `indicator`, or `None` without series over time.
pub fn spc_table(analysis: &Analysis, indicator: usize, query: &SpcQuery) -> Option<SpcTable> {
    let ind = analysis.indicators.get(indicator)?;
    let f = Format::for_indicator(ind);
    let (floor, ceiling) = possible(ind);
    let m = ind.multiplier;
    let shown = |v: f64| f.value((v * m).clamp(floor, ceiling) / m);
    let mut rows: Vec<SpcTableRow> = Vec::new();
    for (position, o) in ind.organisations.iter().enumerate() {
        let Some(series) = &o.spc else { continue };
        let (Some(last), Some(group)) = (series.xmr.points.last(), series.xmr.groups.last()) else { continue };
        let with_limits = series.xmr.points.len() >= FEWEST_FOR_LIMITS;
        let (variation, v_order) = variation_words(last.point_type);
        let (assurance, a_order) = assurance_words(series.xmr.assurance);
        let label = super::label(analysis.name(o), analysis.code(o));
        if !found(&query.find, &label, analysis.code(o)) {
            continue;
        }
        rows.push(SpcTableRow {
            code: analysis.code(o).to_string(),
            label,
            position,
            latest: f.value(last.value),
            mean: f.value(group.mean),
            lower: if with_limits { shown(group.lpl) } else { "–".into() },
            upper: if with_limits { shown(group.upl) } else { "–".into() },
            variation: variation.into(),
            variation_key: last.point_type.as_str(),
            assurance: assurance.into(),
            order: (last.value, v_order, a_order),
        });
    }
    if rows.is_empty() && query.find.trim().is_empty() {
        return None;
    }
    sort(&mut rows, query);
    let (rows, page) = page_of(rows, query.page, ("organisation", "organisations"));
    Some(SpcTable {
        caption: format!("{}: each organisation's latest point, mean and process limits, with its variation and assurance (Making Data Count)", ind.name),
        headings: vec!["Organisation", "Latest", "Mean", "Lower process limit", "Upper process limit", "Variation", "Assurance"],
        rows,
        page,
    })
}

/// In the order asked for (a stable sort: ties keep the file's order), else the file's order.
fn sort(rows: &mut [SpcTableRow], query: &SpcQuery) {
    let Some(by) = query.sort else { return };
    crate::order::sort_by(rows, |a, b| {
        let order = match by {
            SpcSort::Organisation => a.label.to_lowercase().cmp(&b.label.to_lowercase()),
            SpcSort::Latest => a.order.0.total_cmp(&b.order.0),
            SpcSort::Variation => a.order.1.cmp(&b.order.1),
            SpcSort::Assurance => a.order.2.cmp(&b.order.2),
        };
        if query.descending {
            order.reverse()
        } else {
            order
        }
    });
}
