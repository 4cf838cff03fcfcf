//! Requests as they arrive from the page: one flat shape each, every field optional, read by
//! serde without the buffering its internally tagged and flattened enums need, then checked and
//! turned into the typed [`ViewRequest`] and [`DownloadRequest`] by `what`. Measured in the
//! wasm: the derived deserializers of the two tagged enums were 43 kB and 26 kB of code.

use serde::de::IntoDeserializer;
use serde::Deserialize;

use super::download::{DownloadRequest, Request};
use super::request::ViewRequest;
use super::rows::{Column, RowQuery, Show, SortBy};
use super::{GroupPick, SpcQuery, SpcSort};
use crate::disclosure::Suppression;

/// Every field any view request may carry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a view request: an object such as { what: \"overview\" }")]
pub(super) struct PlainView {
    what: String,
    #[serde(default)]
    indicator: Option<usize>,
    #[serde(default)]
    query: Option<PlainQuery>,
    #[serde(default)]
    group: Option<GroupPick>,
    #[serde(default)]
    focus: Option<String>,
    #[serde(default)]
    peers_only: Option<bool>,
    #[serde(default)]
    rows_only: Option<bool>,
    #[serde(default)]
    organisation: Option<usize>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    column: Option<String>,
}

/// Every field of a table's query: the rows' ([`RowQuery`]) and the SPC table's ([`SpcQuery`]).
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields, expecting = "a query: an object such as { page: 2 }")]
struct PlainQuery {
    find: String,
    show: Option<Show>,
    sort: Option<SortKey>,
    descending: bool,
    indicator: Option<String>,
    page: usize,
    column_page: usize,
}

/// A column to sort by: an indicator's index, or a named column.
#[derive(Deserialize)]
#[serde(untagged)]
enum SortKey {
    Index(usize),
    Name(String),
}

/// The views, as `what` names them, with the fields each takes.
const VIEWS: [(&str, &[&str]); 11] = [
    ("indicator", &["indicator", "query", "group"]),
    ("results", &["indicator", "query"]),
    ("overview", &["query"]),
    ("pairing", &["query"]),
    ("spc_table", &["indicator", "query"]),
    ("spc", &["indicator", "organisation"]),
    ("caterpillar", &["indicator", "focus", "peers_only", "query", "rows_only", "group"]),
    ("organisation", &["code"]),
    ("organisations", &[]),
    ("indicators", &[]),
    ("column_values", &["column"]),
];

fn missing<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

/// A named value of one of the requests' enums, read by its own derived deserializer so that
/// the names live in one place.
fn named<'a, T: Deserialize<'a>>(name: &'a str) -> Result<T, String> {
    T::deserialize(name.into_deserializer()).map_err(|e: serde::de::value::Error| e.to_string())
}

impl TryFrom<PlainView> for ViewRequest {
    type Error = String;

    fn try_from(p: PlainView) -> Result<Self, String> {
        let expected = || VIEWS.iter().map(|(w, _)| format!("`{w}`")).collect::<Vec<_>>().join(", ");
        let Some((what, takes)) = VIEWS.iter().find(|(w, _)| *w == p.what) else {
            return Err(format!("unknown variant `{}`, expected one of {}", p.what, expected()));
        };
        let given = [
            ("indicator", p.indicator.is_some()),
            ("query", p.query.is_some()),
            ("group", p.group.is_some()),
            ("focus", p.focus.is_some()),
            ("peers_only", p.peers_only.is_some()),
            ("rows_only", p.rows_only.is_some()),
            ("organisation", p.organisation.is_some()),
            ("code", p.code.is_some()),
            ("column", p.column.is_some()),
        ];
        if let Some((field, _)) = given.iter().find(|(field, is)| *is && !takes.contains(field)) {
            return Err(format!("unknown field `{field}` for the {what} view"));
        }
        let query = p.query.unwrap_or_default();
        Ok(match *what {
            "indicator" => ViewRequest::Indicator { indicator: missing(p.indicator, "indicator")?, query: query.rows()?, group: p.group },
            "results" => ViewRequest::Results { indicator: missing(p.indicator, "indicator")?, query: query.rows()? },
            "overview" => ViewRequest::Overview { query: query.rows()? },
            "pairing" => ViewRequest::Pairing { query: query.rows()? },
            "spc_table" => ViewRequest::SpcTable { indicator: missing(p.indicator, "indicator")?, query: query.spc()? },
            "spc" => ViewRequest::Spc { indicator: missing(p.indicator, "indicator")?, organisation: missing(p.organisation, "organisation")? },
            "caterpillar" => ViewRequest::Caterpillar {
                indicator: missing(p.indicator, "indicator")?,
                focus: p.focus,
                peers_only: p.peers_only.unwrap_or(false),
                query: query.rows()?,
                rows_only: p.rows_only.unwrap_or(false),
                group: p.group,
            },
            "organisation" => ViewRequest::Organisation { code: missing(p.code, "code")? },
            "organisations" => ViewRequest::Organisations,
            "indicators" => ViewRequest::Indicators,
            _ => ViewRequest::ColumnValues { column: missing(p.column, "column")? },
        })
    }
}

impl PlainQuery {
    fn rows(self) -> Result<RowQuery, String> {
        let sort = match self.sort {
            None => None,
            Some(SortKey::Index(i)) => Some(SortBy::Indicator(i)),
            Some(SortKey::Name(name)) => Some(SortBy::Named(named::<Column>(&name)?)),
        };
        Ok(RowQuery {
            find: self.find,
            show: self.show.unwrap_or_default(),
            sort,
            descending: self.descending,
            indicator: self.indicator,
            page: self.page,
            column_page: self.column_page,
        })
    }

    fn spc(self) -> Result<SpcQuery, String> {
        if self.show.is_some() || self.indicator.is_some() {
            return Err("unknown field in the SPC table's query: it takes find, sort, descending and page".into());
        }
        let sort = match self.sort {
            None => None,
            Some(SortKey::Index(i)) => return Err(format!("the SPC table sorts by a named column, not {i}")),
            Some(SortKey::Name(name)) => Some(named::<SpcSort>(&name)?),
        };
        Ok(SpcQuery { find: self.find, sort, descending: self.descending, page: self.page })
    }
}

/// Every field any download request may carry (others are ignored, as before).
#[derive(Deserialize)]
#[serde(expecting = "a download request: an object such as { what: \"results_csv\" }")]
pub(super) struct PlainDownload {
    what: String,
    #[serde(default)]
    indicator: Option<usize>,
    #[serde(default)]
    group: Option<GroupPick>,
    #[serde(default)]
    focus: Option<String>,
    #[serde(default)]
    peers_only: bool,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    column_page: usize,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    suppression: Suppression,
    #[serde(default)]
    source: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    png: bool,
}

impl TryFrom<PlainDownload> for DownloadRequest {
    type Error = String;

    fn try_from(p: PlainDownload) -> Result<Self, String> {
        let request = match p.what.as_str() {
            "results_csv" => Request::ResultsCsv,
            "pairings_csv" => Request::PairingsCsv,
            "roles_csv" => Request::RolesCsv,
            "funnel" => Request::Funnel { indicator: missing(p.indicator, "indicator")?, group: p.group },
            "compare" => Request::Compare { indicator: missing(p.indicator, "indicator")?, focus: p.focus, peers_only: p.peers_only, group: p.group },
            "overview" => Request::Overview { codes: p.codes, column_page: p.column_page },
            "spine" => Request::Spine { code: missing(p.code, "code")? },
            "spc" => Request::Spc { indicator: missing(p.indicator, "indicator")?, code: missing(p.code, "code")? },
            "learning_pack" => Request::LearningPack { code: missing(p.code, "code")? },
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of `results_csv`, `pairings_csv`, `roles_csv`, `funnel`, `compare`, `overview`, `spine`, `spc`, `learning_pack`"
                ))
            }
        };
        Ok(DownloadRequest { request, suppression: p.suppression, source: p.source, date: p.date, png: p.png })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DownloadRequest, ViewRequest};

    fn view(json: &str) -> Result<String, String> {
        serde_json::from_str::<ViewRequest>(json).map(|r| format!("{r:?}")).map_err(|e| e.to_string())
    }

    #[test]
    fn every_view_reads_from_its_flat_shape() {
        assert_eq!(view(r#"{"what":"indicators"}"#).unwrap(), "Indicators");
        assert_eq!(view(r#"{"what":"organisation","code":"A81001"}"#).unwrap(), r#"Organisation { code: "A81001" }"#);
        let caterpillar =
            view(r#"{"peers_only":true,"what":"caterpillar","indicator":2,"focus":null,"query":{"page":3},"group":{"column":"ICB","value":"North"}}"#).unwrap();
        assert!(caterpillar.starts_with("Caterpillar { indicator: 2, focus: None, peers_only: true"), "{caterpillar}");
        assert!(caterpillar.contains("page: 3") && caterpillar.contains("rows_only: false") && caterpillar.contains(r#"value: "North""#), "{caterpillar}");
        let overview = view(r#"{"what":"overview","query":{"sort":"worse","descending":true,"show":"worse"}}"#).unwrap();
        assert!(overview.contains("sort: Some(Named(Worse))") && overview.contains("show: Worse") && overview.contains("descending: true"), "{overview}");
        assert!(view(r#"{"what":"overview","query":{"sort":4}}"#).unwrap().contains("sort: Some(Indicator(4))"));
        let spc = view(r#"{"what":"spc_table","indicator":0,"query":{"sort":"variation","find":"leeds"}}"#).unwrap();
        assert!(spc.contains("sort: Some(Variation)") && spc.contains(r#"find: "leeds""#), "{spc}");
        assert_eq!(view(r#"{"what":"spc","indicator":1,"organisation":5}"#).unwrap(), "Spc { indicator: 1, organisation: 5 }");
    }

    #[test]
    fn a_request_the_views_do_not_take_is_refused_with_the_reason() {
        assert!(view(r#"{"what":"overveiw"}"#).unwrap_err().contains("unknown variant `overveiw`, expected one of `indicator`"));
        assert!(view(r#"{"what":"overview","focus":"A81001"}"#).unwrap_err().contains("unknown field `focus` for the overview view"));
        assert!(view(r#"{"what":"overview","colour":1}"#).unwrap_err().contains("unknown field `colour`"));
        let wrong = view(r#""overview""#).unwrap_err();
        assert!(wrong.contains("expected a view request: an object such as { what: \"overview\" }"), "{wrong}");
        assert!(view(r#"{"what":"indicator"}"#).unwrap_err().contains("missing field `indicator`"));
        assert!(view(r#"{"what":"overview","query":{"sort":"latest"}}"#).unwrap_err().contains("unknown variant `latest`"));
        assert!(view(r#"{"what":"spc_table","indicator":0,"query":{"show":"worse"}}"#).unwrap_err().contains("SPC table's query"));
        assert!(view(r#"{"what":"spc_table","indicator":0,"query":{"sort":2}}"#).unwrap_err().contains("named column"));
    }

    #[test]
    fn downloads_read_from_their_flat_shape() {
        let read = |json: &str| serde_json::from_str::<DownloadRequest>(json).map(|r| format!("{r:?}")).map_err(|e| e.to_string());
        let compare = read(r#"{"what":"compare","indicator":1,"focus":"A81001","suppression":{"up_to":0},"png":true,"extra":1}"#).unwrap();
        assert!(compare.contains(r#"Compare { indicator: 1, focus: Some("A81001"), peers_only: false, group: None }"#), "{compare}");
        assert!(compare.contains("up_to: 0.0") && compare.contains("png: true"), "{compare}");
        assert!(read(r#"{"what":"results_csv"}"#).unwrap().contains("up_to: 7.0"), "suppressed by default");
        assert!(read(r#"{"what":"spine"}"#).unwrap_err().contains("missing field `code`"));
        assert!(read(r#"{"what":"pdf"}"#).unwrap_err().contains("unknown variant `pdf`"));
    }
}
