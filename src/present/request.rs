//! Every view the page asks for, as one request and one answer: the page sends a plain object
//! (`{ what: "overview", query: { sort: 3 } }`) and receives the view model as a plain object
//! (src/wasm crosses both through serde-wasm-bindgen). The overview and the pairs are made once
//! per analysis and then paged.

use std::cell::OnceCell;

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;

use super::{
    caterpillar_page, caterpillar_view, indicator_choices, indicator_page, indicator_view, organisation_view, organisations, overview_page, overview_unworded,
    pairing_page, pairing_view, spc_table, spc_view, CaterpillarView, IndicatorChoice, IndicatorView, OrganisationChoice, OrganisationView, OverviewView,
    PairingView, RowQuery, SpcQuery, SpcTable, SpcView,
};

/// What the page asks for.
/// Read through one flat shape (`super::plain`), named by `what` in snake case.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "super::plain::PlainView")]
pub enum ViewRequest {
    /// One indicator's view, with a page of its results table.
    Indicator {
        indicator: usize,
        query: RowQuery,
        /// One group's organisations in colour against everyone else's in grey.
        group: Option<super::GroupPick>,
    },
    /// Only a page of an indicator's results table (`rows` and `page`): another page without
    /// the indicator's charts again.
    Results { indicator: usize, query: RowQuery },
    /// A page of the overview of every organisation on every indicator.
    Overview { query: RowQuery },
    /// A page of the learning pairs (`null` without pairs).
    Pairing { query: RowQuery },
    /// A page of the Making Data Count summary across organisations.
    SpcTable { indicator: usize, query: SpcQuery },
    /// One organisation's SPC chart (`organisation`: its position in the indicator's rows).
    Spc { indicator: usize, organisation: usize },
    /// The caterpillar plot, `focus` highlighted, with only it and its peers when `peers_only`.
    Caterpillar {
        indicator: usize,
        focus: Option<String>,
        peers_only: bool,
        /// Which page of the ranked table (250 rows a page).
        query: RowQuery,
        /// Only the table's page, without the chart (the page keeps the one it drew).
        rows_only: bool,
        /// One group's organisations in colour against everyone else's in grey.
        group: Option<super::GroupPick>,
    },
    /// One organisation across its indicators.
    Organisation { code: String },
    /// Every organisation once, for a picker.
    Organisations,
    /// Every indicator, for a picker.
    Indicators,
    /// A column's values with their row counts (at most 500), for a filter to pick from.
    ColumnValues { column: String },
}

/// The view asked for (`null` where there is none: an index out of range, an unknown code).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ViewAnswer {
    Indicator(Option<IndicatorView>),
    Results(Option<ResultsPage>),
    Overview(OverviewView),
    Pairing(Option<PairingView>),
    SpcTable(Option<SpcTable>),
    Spc(Option<SpcView>),
    Caterpillar(Option<CaterpillarView>),
    Organisation(Option<OrganisationView>),
    Organisations(Vec<OrganisationChoice>),
    Indicators(Vec<IndicatorChoice>),
    ColumnValues(Option<ColumnValues>),
}

/// A page of an indicator's results table.
#[derive(Debug, Serialize)]
pub struct ResultsPage {
    pub rows: Vec<super::RowView>,
    pub page: Option<super::Page>,
}

#[derive(Debug, Serialize)]
pub struct ColumnValues {
    pub values: Vec<ValueCount>,
    /// How many values there are beyond the 500 listed.
    pub more: usize,
}

#[derive(Debug, Serialize)]
pub struct ValueCount {
    pub value: String,
    pub rows: usize,
}

/// The views of one analysis: the overview and the pairs are made on first asking and kept.
#[derive(Default)]
pub struct Views {
    overview: OnceCell<OverviewView>,
    pairing: OnceCell<Option<PairingView>>,
}

impl Views {
    pub fn answer(&self, analysis: &Analysis, request: &ViewRequest) -> ViewAnswer {
        match request {
            ViewRequest::Indicator { indicator, query, group } => ViewAnswer::Indicator(indicator_view(analysis, *indicator).map(|mut v| {
                if let (Some(pick), Some(scene)) = (group, v.funnel_scene.as_mut()) {
                    v.funnel_note = Some(super::group::show(analysis, pick, scene) + &v.funnel_note.map(|n| format!(" {n}")).unwrap_or_default());
                }
                indicator_page(v, query)
            })),
            ViewRequest::Results { indicator, query } => ViewAnswer::Results(indicator_view(analysis, *indicator).map(|v| {
                let paged = indicator_page(v, query);
                ResultsPage { rows: paged.rows, page: paged.page }
            })),
            ViewRequest::Overview { query } => ViewAnswer::Overview(overview_page(analysis, self.overview.get_or_init(|| overview_unworded(analysis)), query)),
            ViewRequest::Pairing { query } => ViewAnswer::Pairing(self.pairing.get_or_init(|| pairing_view(analysis)).as_ref().map(|v| pairing_page(v, query))),
            ViewRequest::SpcTable { indicator, query } => ViewAnswer::SpcTable(spc_table(analysis, *indicator, query)),
            ViewRequest::Spc { indicator, organisation } => ViewAnswer::Spc(spc_view(analysis, *indicator, *organisation)),
            ViewRequest::Caterpillar { indicator, focus, peers_only, query, rows_only, group } => {
                let focus = focus.as_deref().filter(|c| !c.trim().is_empty());
                ViewAnswer::Caterpillar(caterpillar_view(analysis, *indicator, focus, *peers_only).map(|mut v| {
                    if let Some(pick) = group {
                        v.note = [super::group::show(analysis, pick, &mut v.scene), v.note].join(" ").trim().to_string();
                    }
                    caterpillar_page(v, query, *rows_only)
                }))
            }
            ViewRequest::Organisation { code } => ViewAnswer::Organisation(organisation_view(analysis, code)),
            ViewRequest::Organisations => ViewAnswer::Organisations(organisations(analysis)),
            ViewRequest::Indicators => ViewAnswer::Indicators(indicator_choices(analysis)),
            ViewRequest::ColumnValues { column } => ViewAnswer::ColumnValues(
                crate::dataset::column_values(&analysis.dataset.table, column, 500)
                    .map(|(values, more)| ColumnValues { values: values.into_iter().map(|(value, rows)| ValueCount { value, rows }).collect(), more }),
            ),
        }
    }
}
