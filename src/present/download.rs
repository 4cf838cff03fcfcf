//! Everything a person can take away from the page, made in one place under the disclosure
//! policy: CSVs, chart SVGs (the page paints PNGs from these), and the learning pack. Charts
//! are framed for a board paper: title, benchmark, period, source file, date and whether
//! figures are suppressed, in the picture itself.

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::chart::{frame, Scene};
use crate::disclosure::{Disclosure, Suppression};

/// What to download (`what`) and for which indicator or organisation.
#[derive(Debug, Clone)]
pub enum Request {
    ResultsCsv,
    PairingsCsv,
    RolesCsv,
    Funnel {
        indicator: usize,
        /// One group in colour against everyone else in grey, as on screen.
        group: Option<super::GroupPick>,
    },
    Compare {
        indicator: usize,
        focus: Option<String>,
        peers_only: bool,
        group: Option<super::GroupPick>,
    },
    Overview {
        codes: Vec<String>,
        /// Which indicators are the columns, as in the table ([`super::RowQuery::column_page`]).
        column_page: usize,
    },
    Spine {
        code: String,
    },
    Spc {
        indicator: usize,
        code: String,
    },
    LearningPack {
        code: String,
    },
}

/// The request with the policy and what the frame says about where the figures came from.
/// Read through one flat shape (`super::plain`): `{ what, ...its fields, suppression, source,
/// date, png }`, `what` in snake case.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "super::plain::PlainDownload")]
pub struct DownloadRequest {
    pub request: Request,
    /// Default: suppressed (counts 1 to 7).
    pub suppression: Suppression,
    /// The source file's name, for the chart's frame.
    pub source: String,
    /// The date made, in words (the core has no clock in WebAssembly).
    pub date: String,
    /// A chart as a picture: the framed chart's scene, which the page draws at twice its size
    /// and saves as PNG, instead of its SVG text.
    pub png: bool,
}

#[derive(Debug, Serialize)]
pub struct Download {
    /// A file name to save as.
    pub name: String,
    pub mime: &'static str,
    /// The file's text (the page receives it as bytes: see `Session::download`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Whether and how it is suppressed, in one sentence (also inside the file).
    pub statement: String,
    /// For a chart asked for as PNG: the framed chart to draw (`text` is then empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scene: Option<Scene>,
}

/// The analysis as it may leave the page under one policy, made once and reused.
pub struct Disclosed {
    pub disclosure: Disclosure,
    pub analysis: Analysis,
}

impl Disclosed {
    pub fn new(analysis: &Analysis, policy: &Suppression) -> Disclosed {
        let mut disclosure = Disclosure::decide(analysis, policy);
        let analysis = disclosure.redact(analysis);
        Disclosed { disclosure, analysis }
    }
}

/// The file for `request`, or a sentence saying why there is none.
pub fn download(full: &Analysis, disclosed: &Disclosed, request: &DownloadRequest) -> Result<Download, String> {
    let shown = &disclosed.analysis;
    let statement = disclosed.disclosure.statement();
    let csv = |name: &str, text: String| Ok(Download { name: name.into(), mime: "text/csv;charset=utf-8", text, statement: statement.clone(), scene: None });
    let svg = |name: String, title: String, mut lines: Vec<String>, chart: Scene| {
        lines.extend(provenance(shown, request));
        let framed = frame(&chart, &title, &lines, &statement);
        Ok(match request.png {
            true => Download { name: name.replace(".svg", ".png"), mime: "image/png", text: String::new(), statement: statement.clone(), scene: Some(framed) },
            false => Download { name, mime: "image/svg+xml", text: framed.to_svg(), statement: statement.clone(), scene: None },
        })
    };
    let indicator_name = |i: usize| shown.indicators.get(i).map(|ind| ind.name.clone()).ok_or_else(|| "That indicator is not in this analysis.".to_string());
    match &request.request {
        Request::ResultsCsv => csv("allteach-results.csv", super::results_csv_from(full, disclosed).text),
        Request::PairingsCsv => csv("allteach-pairings.csv", with_statement(super::pairings_csv(shown), &statement)),
        Request::RolesCsv => csv("allteach-roles.csv", with_statement(super::roles_csv(shown), &statement)),
        Request::Funnel { indicator, group } => {
            let view = super::indicator_view(shown, *indicator).ok_or("That indicator is not in this analysis.")?;
            let Some(mut chart) = view.funnel_scene else {
                return Err(format!("{} has no funnel plot to download.", view.name));
            };
            let lines = [view.benchmark, view.caption].into_iter().chain(group.as_ref().map(|pick| super::group::show(shown, pick, &mut chart))).collect();
            svg("allteach-funnel.svg".into(), format!("{}: funnel plot", view.name), lines, chart)
        }
        Request::Compare { indicator, focus, peers_only, group } => {
            let mut view = super::caterpillar_view(shown, *indicator, focus.as_deref(), *peers_only).ok_or("That indicator is not in this analysis.")?;
            let lines = [view.benchmark, view.caption].into_iter().chain(group.as_ref().map(|pick| super::group::show(shown, pick, &mut view.scene))).collect();
            svg("allteach-compare.svg".into(), format!("{}: organisations compared", view.name), lines, view.scene)
        }
        Request::Overview { codes, column_page } => {
            // Its captions only (what the table holds, the finding), not every row's cells.
            let view = super::overview_unworded(shown).without_rows(shown, *column_page);
            svg("allteach-overview.svg".into(), view.table_caption, vec![view.caption], super::overview_chart_columns(shown, codes, *column_page))
        }
        Request::Spine { code } => {
            let view = super::organisation_view(shown, code).ok_or_else(|| format!("No organisation has the code \"{code}\"."))?;
            svg(format!("allteach-spine-{}.svg", file_part(code)), format!("{}: every indicator", view.label), vec![view.caption], view.spine_scene)
        }
        Request::Spc { indicator, code } => {
            let name = indicator_name(*indicator)?;
            let ind = &shown.indicators[*indicator];
            let at = shown.org_index[*indicator].iter().position(|&org| shown.org_code(org) == code);
            let view = at.and_then(|at| super::spc_view(shown, *indicator, at)).ok_or_else(|| {
                if disclosed.disclosure.policy.is_on() {
                    format!("This chart over time cannot be downloaded with small numbers suppressed: {code}'s series on {name} holds a count or a population of 1 to {} (or its latest result is suppressed).", disclosed.disclosure.policy.up_to)
                } else {
                    format!("{code} has no series over time on {}.", ind.name)
                }
            })?;
            svg(format!("allteach-spc-{}.svg", file_part(code)), format!("{name}: over time"), vec![view.caption], view.scene)
        }
        Request::LearningPack { code } => {
            let html = super::pack::learning_pack(shown, code, Some(&statement)).ok_or_else(|| format!("No organisation has the code \"{code}\"."))?;
            let date = request.date.trim();
            let html = if date.is_empty() {
                html
            } else {
                html.replacen("<span data-slot=\"date\"></span>", &format!("<span data-slot=\"date\"> on {}</span>", crate::chart::escape(date)), 1)
            };
            Ok(Download {
                name: format!("allteach-learning-pack-{}.html", file_part(code)),
                mime: "text/html;charset=utf-8",
                text: html,
                statement,
                scene: None,
            })
        }
    }
}

/// A CSV with the disclosure statement as its last column, on every row (a note line would
/// break the readers analysts use); a file with no rows gets one holding only the statement.
fn with_statement(csv: String, statement: &str) -> String {
    if csv.is_empty() {
        return csv;
    }
    let cell = super::csv::cell(statement);
    let mut out = String::with_capacity(csv.len() + 64);
    let mut columns = 0;
    for (i, line) in csv.split_terminator("\r\n").enumerate() {
        if i == 0 {
            columns = line.matches(',').count() + 1;
        }
        out.push_str(line);
        out.push(',');
        out.push_str(if i == 0 { "Disclosure" } else { &cell });
        out.push_str("\r\n");
    }
    if csv.split_terminator("\r\n").count() == 1 {
        out.push_str(&",".repeat(columns));
        out.push_str(&cell);
        out.push_str("\r\n");
    }
    out
}

/// The period compared, the source file and the date, for a chart's frame.
fn provenance(analysis: &Analysis, request: &DownloadRequest) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(period) = analysis.period_compared() {
        lines.push(format!("Period: {period}."));
    }
    let mut made = String::from("Made with Allteach on this device");
    if !request.source.trim().is_empty() {
        made.push_str(&format!(" from {}", request.source.trim()));
    }
    if !request.date.trim().is_empty() {
        made.push_str(&format!(" on {}", request.date.trim()));
    }
    made.push('.');
    lines.push(made);
    lines
}

/// A code as it can stand in a file name.
fn file_part(code: &str) -> String {
    code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).take(40).collect()
}
