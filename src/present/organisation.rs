//! One organisation across all its indicators: the spine chart (as Fingertips draws them) and
//! its table, its peers and why, and what it can teach and learn in the learning pairs.

use serde::Serialize;

use crate::analysis::{Analysis, IndicatorResult, OrganisationResult};
use crate::chart::spine::{spine, SpineRow, SpineSpec};
use crate::stats::overdispersion::quantile7;
use crate::stats::Polarity;

use super::pairs::role_summary;
use super::words::{self, and_list, count_of, Level, Outcome};
use super::{benchmark_noun, benchmark_value, legend_marks, mark_tooltip, org_label, outcome, Format};

/// For an organisation picker: every organisation once, in file order.
#[derive(Debug, Serialize)]
pub struct OrganisationChoice {
    pub code: String,
    pub name: String,
    /// "Name (CODE)".
    pub label: String,
}

pub fn organisations(analysis: &Analysis) -> Vec<OrganisationChoice> {
    (0..analysis.organisations.len())
        .map(|org| OrganisationChoice {
            code: analysis.org_code(org).to_string(),
            name: analysis.org_name(org).unwrap_or_default().to_string(),
            label: org_label(analysis, org),
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct OrganisationView {
    pub code: String,
    pub name: String,
    pub label: String,
    /// The finding, as the figure caption.
    pub caption: String,
    /// The spine chart, drawn in the page through plotters.
    pub spine_scene: crate::chart::Scene,
    /// How the spine chart is drawn, in words (also in its legend).
    pub spine_note: String,
    pub table_caption: String,
    pub headings: Vec<&'static str>,
    pub rows: Vec<SpineRowView>,
    /// Indicators it has no value for.
    pub missing: Vec<String>,
    /// Who its peers are and how they were found.
    pub peers_summary: String,
    pub peers: Vec<PeerLine>,
    /// Its role in the learning pairs ("Teaches 2 topics; learns one topic."); `null` when
    /// pairs were not looked for.
    pub role: Option<String>,
    pub teaches: Vec<RoleLine>,
    pub learns: Vec<RoleLine>,
    /// Why there is nothing to teach or learn, when there is not; empty otherwise.
    pub roles_note: String,
}

impl OrganisationView {
    /// The spine chart as SVG text (learning packs, tests); the page draws `spine_scene`.
    pub fn spine_svg(&self) -> String {
        self.spine_scene.to_svg()
    }
}

#[derive(Debug, Serialize)]
pub struct SpineRowView {
    pub index: usize,
    pub indicator: String,
    pub direction: &'static str,
    pub value: String,
    pub ci95: String,
    pub ci998: String,
    pub outcome: &'static str,
    pub symbol: &'static str,
    pub words: String,
    pub benchmark: String,
    /// "3 of 120" (1 = best).
    pub rank: String,
    pub lowest: String,
    pub lower_quartile: String,
    pub upper_quartile: String,
    pub highest: String,
}

#[derive(Debug, Serialize)]
pub struct PeerLine {
    pub code: String,
    pub name: String,
    /// Distance from 0 (identical) to 1 (the most different pair in the file); empty for
    /// peers by group.
    pub distance: String,
    /// The context measures it is closest on.
    pub similar_on: String,
}

#[derive(Debug, Serialize)]
pub struct RoleLine {
    pub indicator_index: usize,
    pub indicator: String,
    pub partner_code: String,
    pub partner_name: String,
    /// "Name (CODE)" of the partner.
    pub partner: String,
    /// "Can teach COPD prevalence to X (A81002): 2.4% against 1.1% (benchmark 1.9%)."
    pub sentence: String,
    /// Why this pair, in words (as in the pairing table).
    pub reasons: Vec<String>,
}

/// The spread of every organisation's value on an indicator (base scale): lowest, the 25th and
/// 75th percentiles (R's type 7, as the analysis uses for the best quarter) and highest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub lowest: f64,
    pub q25: f64,
    pub q75: f64,
    pub highest: f64,
}

pub fn spread(ind: &IndicatorResult) -> Option<Spread> {
    let mut values: Vec<f64> = ind.organisations.iter().map(|o| o.estimate).filter(|v| v.is_finite()).collect();
    values.sort_by(f64::total_cmp);
    Some(Spread { lowest: *values.first()?, q25: quantile7(&values, 0.25), q75: quantile7(&values, 0.75), highest: *values.last()? })
}

pub fn organisation_view(analysis: &Analysis, code: &str) -> Option<OrganisationView> {
    let org = super::find_org(analysis, code)?;
    let who = org_label(analysis, org);
    // Its row in each indicator, found by one pass over the results.
    let at: Vec<Option<usize>> = analysis.org_index.iter().map(|rows| rows.iter().position(|&o| o == org)).collect();

    let mut rows = Vec::new();
    let mut spine_rows = Vec::new();
    let mut missing = Vec::new();
    let (mut better, mut worse, mut higher, mut lower, mut judged, mut unjudged) = (0, 0, 0, 0, 0, 0);
    for (i, ind) in analysis.indicators.iter().enumerate() {
        let (Some(k), Some(s)) = (at[i], spread(ind)) else {
            missing.push(ind.name.clone());
            continue;
        };
        let o = &ind.organisations[k];
        let out = outcome(o, ind.polarity);
        match ind.polarity {
            Polarity::NoJudgement => unjudged += 1,
            _ => judged += 1,
        }
        match out {
            Outcome::Better(_) => better += 1,
            Outcome::Worse(_) => worse += 1,
            Outcome::Higher(_) => higher += 1,
            Outcome::Lower(_) => lower += 1,
            _ => {}
        }
        let (chart_row, row) = spine_row(analysis, org, &who, i, ind, o, s);
        spine_rows.push(chart_row);
        rows.push(row);
    }

    let caption = organisation_caption(&who, Tally { better, worse, higher, lower, judged, unjudged }, &missing, !rows.is_empty());
    let spine_note = "One row per indicator: the bar spans every organisation's value, light for the worst and best quarters and darker for the middle half; the line is the benchmark, in the centre of each row, and each row is scaled on its own, cut at its ends where a few organisations reach more than four times as far as the middle half; the mark is this organisation's value.".to_string();
    let label = format!("Spine chart of {who}: its value on each indicator against the spread of all organisations and the benchmark.");
    let spine = spine(&SpineSpec { label: &label, rows: &spine_rows, legend: &legend_marks(analysis.indicators.iter()) });

    let (peers_summary, peers) = peers(analysis, org);
    let (role, teaches, learns, roles_note) = roles(analysis, org);
    Some(OrganisationView {
        code: analysis.org_code(org).to_string(),
        name: analysis.org_name(org).unwrap_or_default().to_string(),
        caption,
        spine_scene: spine,
        spine_note,
        table_caption: format!("{who} on every indicator, with the spread of all organisations"),
        headings: vec![
            "Indicator",
            "Direction",
            "Value",
            "95% confidence interval",
            "99.8% confidence interval",
            "Compared with the benchmark",
            "Benchmark",
            "Rank (1 = best)",
            "Lowest",
            "25th percentile",
            "75th percentile",
            "Highest",
        ],
        rows,
        missing,
        peers_summary,
        peers,
        role,
        teaches,
        learns,
        roles_note,
        label: who,
    })
}

/// How an organisation's indicators came out: better and worse (where there is a direction),
/// higher and lower (where there is none).
struct Tally {
    better: usize,
    worse: usize,
    higher: usize,
    lower: usize,
    judged: usize,
    unjudged: usize,
}

/// The organisation on one indicator: its spine chart row and its table row.
fn spine_row(analysis: &Analysis, org: usize, who: &str, i: usize, ind: &IndicatorResult, o: &OrganisationResult, s: Spread) -> (SpineRow, SpineRowView) {
    let f = Format::for_indicator(ind);
    let out = outcome(o, ind.polarity);
    let m = ind.multiplier;
    let chart_row = SpineRow {
        code: analysis.org_code(org).to_string(),
        indicator: ind.name.clone(),
        value_text: f.value(o.estimate),
        benchmark_text: benchmark_value(ind, &f),
        lowest: s.lowest * m,
        q25: s.q25 * m,
        q75: s.q75 * m,
        highest: s.highest * m,
        benchmark: ind.benchmark.fraction.map(|b| b * m),
        value: o.estimate * m,
        mark: out.mark(),
        strong: matches!(out.level(), Some(Level::P998)),
        better_is_high: match ind.polarity {
            Polarity::HigherIsBetter => Some(true),
            Polarity::LowerIsBetter => Some(false),
            Polarity::NoJudgement => None,
        },
        tooltip: format!(
            "{} Organisations range from {} to {}; the middle half from {} to {}.",
            mark_tooltip(who, ind, o, &f),
            f.value(s.lowest),
            f.value(s.highest),
            f.value(s.q25),
            f.value(s.q75)
        ),
    };
    let row = SpineRowView {
        index: i,
        indicator: ind.name.clone(),
        direction: words::short_direction(ind.polarity),
        value: f.value(o.estimate),
        ci95: f.interval(o.ci95),
        ci998: f.interval(o.ci998),
        outcome: out.key(),
        symbol: out.mark().symbol(),
        words: out.sentence(benchmark_noun(ind)),
        benchmark: benchmark_value(ind, &f),
        rank: format!("{} of {}", o.rank, ind.organisations.len()),
        lowest: f.value(s.lowest),
        lower_quartile: f.value(s.q25),
        upper_quartile: f.value(s.q75),
        highest: f.value(s.highest),
    };
    (chart_row, row)
}

/// The view's caption: better and worse, higher and lower, and what has no value.
fn organisation_caption(who: &str, t: Tally, missing: &[String], charted: bool) -> String {
    let Tally { better, worse, higher, lower, judged, unjudged } = t;
    let mut caption = if judged > 0 {
        format!(
            "{who} is significantly better than the benchmark on {better} of {} and significantly worse on {worse} (95% confidence).",
            count_of(judged, "indicator", "indicators")
        )
    } else {
        format!("{who} has values on {}.", count_of(unjudged, "indicator", "indicators"))
    };
    if unjudged > 0 {
        caption.push_str(&format!(
            " On {} with no better direction it is significantly higher on {higher} and significantly lower on {lower}.",
            count_of(unjudged, "indicator", "indicators")
        ));
    }
    if !missing.is_empty() {
        caption.push_str(&format!(" It has no value for {}.", and_list(missing)));
    }
    if charted {
        caption.push_str(" In the chart, better is always to the right.");
    }
    caption
}

/// Who the peers are and how they were found, in words, and the list nearest first.
fn peers(analysis: &Analysis, org: usize) -> (String, Vec<PeerLine>) {
    let Some(set) = &analysis.peers else {
        return ("Peers were not looked for: they need context columns (such as list size and deprivation) or a grouping column.".into(), Vec::new());
    };
    let list = set.peers.get(org).map_or(&[][..], |l| l.as_slice());
    let lines = list
        .iter()
        .map(|p| PeerLine {
            code: analysis.org_code(p.org).to_string(),
            name: analysis.org_name(p.org).unwrap_or_default().to_string(),
            distance: p.distance.map(|d| format!("{d:.3}")).unwrap_or_default(),
            similar_on: and_list(&p.drivers.iter().take(2).filter_map(|&v| set.variables.get(v)).map(|v| v.name.clone()).collect::<Vec<_>>()),
        })
        .collect();
    if list.is_empty() {
        let why = if set.incomplete.contains(&org) { " one of its context values is missing" } else { " no other organisation qualifies" };
        return (format!("It has no peers:{why}."), lines);
    }
    let group = set.within.as_deref().map(|g| format!(" in the same {g}")).unwrap_or_default();
    let summary = if set.variables.is_empty() {
        format!("Its peers are the other {}{group}.", count_of(list.len(), "organisation", "organisations"))
    } else {
        let names: Vec<String> = set.variables.iter().map(|v| v.name.clone()).collect();
        let rooted: Vec<String> = set.variables.iter().filter(|v| v.sqrt).map(|v| v.name.clone()).collect();
        let weighted: Vec<String> = set.variables.iter().filter(|v| v.weight != 1.0).map(|v| format!("{} counting {} times", v.name, v.weight)).collect();
        let mut how = String::from("each measure");
        if !rooted.is_empty() {
            how.push_str(&format!(" ({} square-rooted first)", and_list(&rooted)));
        }
        how.push_str(" is capped at 5 standard deviations from the mean, turned into z-scores and weighted");
        if !weighted.is_empty() {
            how.push_str(&format!(" ({})", and_list(&weighted)));
        }
        format!(
            "Its peers are the {} most similar to it{group} on {}, nearest first. They are statistical neighbours: {how}; the distance is Euclidean, from 0 for identical to 1 for the most different pair in the file.",
            count_of(list.len(), "organisation", "organisations"),
            and_list(&names)
        )
    };
    (summary, lines)
}

/// Its role in the learning pairs, and what it can teach and learn, to and from whom.
fn roles(analysis: &Analysis, org: usize) -> (Option<String>, Vec<RoleLine>, Vec<RoleLine>, String) {
    let Some(pairing) = &analysis.pairing else {
        return (None, Vec::new(), Vec::new(), "Learning pairs were not looked for: they need peers and the pairing option.".into());
    };
    let (mut teaches, mut learns) = (Vec::new(), Vec::new());
    let tally = pairing.roles(analysis.organisations.len());
    let words = super::PairWords::new(analysis, pairing);
    let mine = tally.teaches.get(org).into_iter().chain(tally.learns.get(org)).flatten();
    for pair in mine.map(|&k| &pairing.pairs[k]) {
        let Some(ind) = analysis.indicators.get(pair.indicator) else { continue };
        let (Some(t), Some(l)) = (ind.organisations.get(pair.teacher_at), ind.organisations.get(pair.learner_at)) else { continue };
        let f = Format::for_indicator(ind);
        let teaching = pair.teacher == org;
        let partner = if teaching { pair.learner } else { pair.teacher };
        let (own, other) = if teaching { (t, l) } else { (l, t) };
        let partner_label = org_label(analysis, partner);
        let sentence = if teaching {
            format!(
                "Can teach {} to {partner_label}: {} against {} (benchmark {}).",
                ind.name,
                f.value(own.estimate),
                f.value(other.estimate),
                benchmark_value(ind, &f)
            )
        } else {
            format!(
                "Can learn {} from {partner_label}: {} against {} (benchmark {}).",
                ind.name,
                f.value(other.estimate),
                f.value(own.estimate),
                benchmark_value(ind, &f)
            )
        };
        let line = RoleLine {
            indicator_index: pair.indicator,
            indicator: ind.name.clone(),
            partner_code: analysis.org_code(partner).to_string(),
            partner_name: analysis.org_name(partner).unwrap_or_default().to_string(),
            partner: partner_label,
            sentence,
            reasons: words.reasons(pair),
        };
        if teaching {
            teaches.push(line)
        } else {
            learns.push(line)
        }
    }
    let note = if teaches.is_empty() && learns.is_empty() {
        "It is in no learning pair: pairs join an organisation that is significantly worse on an indicator with a peer that is significantly better on it."
            .into()
    } else {
        String::new()
    };
    (Some(role_summary(teaches.len(), learns.len())), teaches, learns, note)
}
