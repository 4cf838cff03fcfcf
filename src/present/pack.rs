//! The learning pack: one self-contained HTML document for one organisation, to print (A4) or
//! share: who it is, its peers and why, what it can teach and learn and from or to whom, the
//! evidence for each pair, its spine chart and, for each pair, the caterpillar plot of the
//! learner's peers with both organisations highlighted. No scripts and no external references:
//! its own Content-Security-Policy forbids both.

use crate::analysis::{Analysis, OrganisationResult};
use crate::chart::escape;

use super::compare::caterpillar;
use super::organisation::{organisation_view, OrganisationView, RoleLine};
use super::{benchmark_noun, benchmark_text, outcome, Format};

const STYLE: &str = "
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c; max-width: 190mm; margin: 0 auto; padding: 1em; }
h1 { font-size: 20pt; margin: 0 0 0.2em; }
h2 { font-size: 15pt; border-bottom: 2px solid #0b0c0c; padding-bottom: 0.1em; margin-top: 1.2em; }
h3 { font-size: 12pt; margin: 0.8em 0 0.3em; }
.produced { color: #505a5f; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; font-size: 10pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid #b1b4b6; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
figure { margin: 0 0 1em; }
figure svg { max-width: 100%; height: auto; }
figcaption { margin-top: 0.3em; }
article { border-left: 4px solid #1d70b8; padding-left: 0.8em; margin: 0 0 1em; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dt { font-weight: bold; }
dd { margin: 0; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; }
  section { break-before: page; }
  section.first { break-before: auto; }
  figure, table, article, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
";

/// A table with every cell escaped.
fn table(caption: &str, headings: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("<table><caption>{}</caption><thead><tr>", escape(caption));
    for h in headings {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

fn paragraph(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", escape(text))
    }
}

/// The evidence for one pair: both organisations' values, intervals and comparisons, the
/// benchmark, and the reasons in words.
fn evidence(analysis: &Analysis, line: &RoleLine, own_code: &str) -> String {
    let Some(ind) = analysis.indicators.get(line.indicator_index) else { return String::new() };
    let f = Format::for_indicator(ind);
    let row = |code: &str| -> Vec<String> {
        let found: Option<&OrganisationResult> = ind.organisations.iter().find(|o| analysis.code(o) == code);
        match found {
            Some(o) => {
                let out = outcome(o, ind.polarity);
                vec![
                    analysis.name(o).unwrap_or_default().to_string(),
                    code.to_string(),
                    f.value(o.estimate),
                    f.interval(o.ci95),
                    f.interval(o.ci998),
                    format!("{} {}", out.mark().symbol(), out.sentence(benchmark_noun(ind))),
                ]
            }
            None => vec![String::new(), code.to_string(), "no value".into(), String::new(), String::new(), String::new()],
        }
    };
    let mut out = format!("<article><h3>{}</h3>", escape(&format!("{}: {}", line.indicator, line.partner)));
    out.push_str(&paragraph(&line.sentence));
    out.push_str(&table(
        &format!("Evidence: {}", line.indicator),
        &["Organisation", "Code", "Value", "95% confidence interval", "99.8% confidence interval", "Compared with the benchmark"],
        &[row(own_code), row(&line.partner_code)],
    ));
    out.push_str(&paragraph(&benchmark_text(ind)));
    if !line.reasons.is_empty() {
        out.push_str("<ul>");
        for reason in &line.reasons {
            out.push_str(&format!("<li>{}</li>", escape(reason)));
        }
        out.push_str("</ul>");
    }
    out.push_str("</article>");
    out
}

/// The learning pack of the organisation with this code, or `None` when there is none.
pub fn learning_pack_html(analysis: &Analysis, code: &str) -> Option<String> {
    learning_pack(analysis, code, None)
}

/// The learning pack, saying in its header whether its figures are suppressed.
pub(super) fn learning_pack(analysis: &Analysis, code: &str, disclosure: Option<&str>) -> Option<String> {
    let view = organisation_view(analysis, code)?;
    let org = super::find_org(analysis, code)?;
    let who = &view.label;
    let mut body = pack_header(&view, disclosure);
    body.push_str(&who_it_is(&view));
    body.push_str(&teach_and_learn(analysis, &view));
    body.push_str(&at_a_glance(&view));
    body.push_str(&pairs_among_peers(analysis, &view, org));
    body.push_str(&how_it_was_worked_out());
    Some(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>\n",
        escape(&format!("Learning pack: {who}"))
    ))
}

/// The header: who the pack is for, that it was made on this device, the finding, and whether its figures are suppressed.
fn pack_header(view: &OrganisationView, disclosure: Option<&str>) -> String {
    let mut body = String::new();
    body.push_str(&format!("<header><h1>Learning pack: {}</h1>", escape(&view.label)));
    // The date is left for the page to fill in (the core has no clock in WebAssembly).
    body.push_str(&format!("<p class=\"produced\">Produced on this device by Allteach {}<span data-slot=\"date\"></span>.</p>", escape(crate::VERSION)));
    body.push_str(&paragraph(&view.caption));
    if let Some(statement) = disclosure {
        body.push_str(&paragraph(statement));
    }
    body.push_str("</header>");
    body
}

/// Who it is, its role, its peers.
fn who_it_is(view: &OrganisationView) -> String {
    let mut body = String::new();
    body.push_str("<section class=\"first\"><h2>Who it is</h2><dl>");
    if !view.name.is_empty() {
        body.push_str(&format!("<dt>Name</dt><dd>{}</dd>", escape(&view.name)));
    }
    body.push_str(&format!("<dt>Code</dt><dd>{}</dd>", escape(&view.code)));
    if let Some(role) = &view.role {
        body.push_str(&format!("<dt>In the learning pairs</dt><dd>{}</dd>", escape(role)));
    }
    body.push_str("</dl><h2>Its peers and why</h2>");
    body.push_str(&paragraph(&view.peers_summary));
    if !view.peers.is_empty() {
        let rows: Vec<Vec<String>> = view.peers.iter().map(|p| vec![p.name.clone(), p.code.clone(), p.distance.clone(), p.similar_on.clone()]).collect();
        body.push_str(&table("Peers, nearest first", &["Peer", "Code", "Distance (0 = identical, 1 = most different)", "Closest on"], &rows));
    }
    body.push_str("</section>");
    body
}

/// What it can teach and learn, with the evidence for each pair.
fn teach_and_learn(analysis: &Analysis, view: &OrganisationView) -> String {
    let mut body = String::new();
    body.push_str("<section><h2>What it can teach</h2>");
    if view.teaches.is_empty() {
        body.push_str(&paragraph(if view.role.is_some() { "Nothing in this analysis." } else { &view.roles_note }));
    }
    for line in &view.teaches {
        body.push_str(&evidence(analysis, line, &view.code));
    }
    body.push_str("<h2>What it can learn</h2>");
    if view.learns.is_empty() {
        body.push_str(&paragraph(if view.role.is_some() { "Nothing in this analysis." } else { &view.roles_note }));
    }
    for line in &view.learns {
        body.push_str(&evidence(analysis, line, &view.code));
    }
    body.push_str("</section>");
    body
}

/// Every indicator at a glance: the spine chart and its table.
fn at_a_glance(view: &OrganisationView) -> String {
    let mut body = String::new();
    body.push_str("<section><h2>All its indicators</h2><figure>");
    body.push_str(&view.spine_svg());
    body.push_str(&format!("<figcaption>{} {}</figcaption></figure>", escape(&view.caption), escape(&view.spine_note)));
    let rows: Vec<Vec<String>> = view
        .rows
        .iter()
        .map(|r| {
            vec![
                r.indicator.clone(),
                r.direction.to_string(),
                r.value.clone(),
                r.ci95.clone(),
                format!("{} {}", r.symbol, r.words),
                r.benchmark.clone(),
                r.rank.clone(),
                r.lowest.clone(),
                r.highest.clone(),
            ]
        })
        .collect();
    body.push_str(&table(
        &view.table_caption,
        &["Indicator", "Direction", "Value", "95% confidence interval", "Compared with the benchmark", "Benchmark", "Rank (1 = best)", "Lowest", "Highest"],
        &rows,
    ));
    body.push_str("</section>");
    body
}

/// For each pair, the learner among its peers, with both organisations highlighted.
fn pairs_among_peers(analysis: &Analysis, view: &OrganisationView, org: usize) -> String {
    let mut body = String::new();
    for (line, teaching) in view.teaches.iter().map(|l| (l, true)).chain(view.learns.iter().map(|l| (l, false))) {
        let Some(partner) = super::find_org(analysis, &line.partner_code) else { continue };
        let (learner, teacher) = if teaching { (partner, org) } else { (org, partner) };
        let Some(chart) = caterpillar(analysis, line.indicator_index, Some(analysis.org_code(learner)), true, &[teacher]) else { continue };
        body.push_str(&format!(
            "<section><h2>{}</h2><figure>",
            escape(&format!("{}: {} among its peers", line.indicator, super::org_label(analysis, learner)))
        ));
        body.push_str(&chart.svg());
        body.push_str(&format!(
            "<figcaption>{} Highlighted: {} (learner) and {} (teacher).{}</figcaption></figure></section>",
            escape(&chart.caption),
            escape(&super::org_label(analysis, learner)),
            escape(&super::org_label(analysis, teacher)),
            if chart.note.is_empty() { String::new() } else { format!(" {}", escape(&chart.note)) }
        ));
    }
    body
}

/// How the comparisons and pairs were worked out, in words.
fn how_it_was_worked_out() -> String {
    let mut body = String::new();
    body.push_str("<section><h2>How this was worked out</h2>");
    body.push_str(&paragraph("Each value has 95% and 99.8% confidence intervals. An organisation is significantly better or worse than the benchmark when its interval does not include the benchmark (the rule Fingertips uses); \"similar\" means the difference could be chance."));
    body.push_str(&paragraph("A learning pair joins an organisation that is significantly worse on an indicator with one of its peers that is significantly better on it, and clearly so (their 95% intervals do not overlap). The pairs are chosen together, by an optimisation that first pairs as many organisations as possible, then prefers the most similar peers, and spreads the teaching so that as many organisations as possible both teach and learn."));
    body.push_str(&paragraph("This pack names organisations only by name and code. Everything in it was computed on this device; no data left it."));
    body.push_str("</section>");
    body
}
