//! The widget's views of the whole analysis: the overview ("tartan rug"), the caterpillar plot,
//! one organisation's spine chart and roles, and the learning pack. Their words and numbers are
//! checked against the report (counted independently here), their SVG for well-formed markup,
//! marks the page can find (class "org", data-org, a <title>) and no style attributes.

use std::collections::{HashMap, HashSet};

use allteach::analysis::Analysis;
use allteach::present::{
    caterpillar_view, indicator_view, learning_pack_html, organisation_view, overview_svg, overview_view, spread, Format, OVERVIEW_SVG_MAX,
};
use allteach::stats::overdispersion::quantile7;
use serde_json::Value;

const QOF_OPTIONS: &str = r#"{
  "columns": { "context": ["Patients (all ages)", "% aged 50+", "IMD 2019"] },
  "peers": { "k": 10, "sqrt": ["Patients (all ages)"], "weights": { "IMD 2019": 2 } },
  "pairing": { "capacity": 2, "capacity_total": 3, "max_topics": 2 },
  "polarity": "higher_is_better"
}"#;

fn analyse(bytes: &[u8], options: &str) -> (Analysis, Value) {
    let options = allteach::Options::from_json(options).expect("options");
    let analysis = allteach::analyse(bytes, &options).expect("analysis");
    let report = serde_json::from_str(&allteach::report::Report::new(&analysis).to_json()).expect("report is JSON");
    (analysis, report)
}

fn qof() -> (Analysis, Value) {
    analyse(&std::fs::read(crate::support::fixture_path("qof_two_icbs_with_context.csv")).unwrap(), QOF_OPTIONS)
}

fn ae(options: &str) -> (Analysis, Value) {
    analyse(&std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_2026-06.csv")).unwrap(), options)
}

// ---- checks on markup -------------------------------------------------------------------

/// Balanced tags, quoted attributes and escaped ampersands: enough to catch broken markup.
/// Void elements must be written self-closed (`<meta .../>`), as this project writes them.
fn check_markup(text: &str) -> Result<(), String> {
    fn check_text(t: &str) -> Result<(), String> {
        for (i, _) in t.match_indices('&') {
            let after = &t[i + 1..];
            let ok = ["amp;", "lt;", "gt;", "quot;", "#39;"].iter().any(|e| after.starts_with(e));
            if !ok {
                return Err(format!("unescaped & before {:?}", &after[..after.len().min(12)]));
            }
        }
        Ok(())
    }
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        check_text(&rest[..start])?;
        let after = &rest[start + 1..];
        let end = after.find('>').ok_or("a tag is not closed")?;
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if !tag.matches('"').count().is_multiple_of(2) {
            return Err(format!("unbalanced quotes in <{tag}>"));
        }
        check_text(tag)?;
        // An attribute written twice makes the file invalid XML (Office and browsers refuse it).
        let mut names: Vec<&str> =
            tag.split('"').step_by(2).filter_map(|part| part.trim_end().strip_suffix('=')).map(|a| a.rsplit(char::is_whitespace).next().unwrap_or(a)).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("attribute {} twice in <{tag}>", w[0]));
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or_else(|| format!("</{name}> closes nothing"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap_or("").to_string());
        }
    }
    check_text(rest)?;
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("not closed: {stack:?}"))
    }
}

/// The organisation marks of an SVG: (code, tooltip) of every element with class "org",
/// failing when one lacks data-org or a <title> as its first child.
fn org_marks(svg: &str) -> Vec<(String, String)> {
    let mut marks = Vec::new();
    for (i, _) in svg.match_indices(" class=\"org") {
        let open = &svg[..i].rfind('<').map(|s| &svg[s..]).unwrap();
        let tag_end = open.find('>').unwrap();
        let tag = &open[..tag_end];
        let code = tag.split("data-org=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_else(|| panic!("no data-org in {tag}"));
        assert!(!code.is_empty(), "empty data-org in {tag}");
        let after = &open[tag_end + 1..];
        assert!(after.starts_with("<title>"), "no <title> child in {tag}");
        let title = &after[7..after.find("</title>").unwrap()];
        assert!(!title.trim().is_empty(), "empty <title> in {tag}");
        marks.push((code.to_string(), title.to_string()));
    }
    marks
}

fn assert_clean_svg(svg: &str, what: &str) {
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{what}: {}", &svg[..svg.len().min(80)]);
    check_markup(svg).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(!svg.contains("style="), "{what} has a style attribute");
    assert!(!svg.contains("<style"), "{what} has a style element");
    let not_finite = ["NaN", "=\"inf", "=\"-inf", "Minf", "M-inf", "Linf", "L-inf", " inf ", " -inf "];
    assert!(!not_finite.iter().any(|bad| svg.contains(bad)), "{what} has a number that is not finite");
}

#[test]
fn every_spc_chart_of_the_monthly_sample_is_clean_markup() {
    let monthly = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv")).unwrap();
    let (analysis, _) = analyse(&monthly, r#"{"polarity":"higher_is_better","spc":{"target":78}}"#);
    for i in 0..analysis.indicators[0].organisations.len() {
        let view = allteach::present::spc_view(&analysis, 0, i).expect("a series");
        assert_clean_svg(&view.svg(), &format!("SPC chart {i}"));
        assert!(view.svg().contains("Assurance"), "the assurance icon is drawn");
    }
}

#[test]
fn the_markup_check_catches_broken_markup() {
    assert!(check_markup(r##"<svg><text x="1" fill="#000" fill="#fff">A</text></svg>"##).is_err(), "an attribute twice");
    assert!(check_markup("<svg><g></g></svg>").is_ok());
    assert!(check_markup("<svg><g></svg>").is_err());
    assert!(check_markup("<svg><text>a & b</text></svg>").is_err());
    assert!(check_markup(r#"<svg><rect x="1/></svg>"#).is_err());
    assert!(check_markup("<svg><g>").is_err());
}

// ---- outcomes counted from the report ---------------------------------------------------

/// The report's outcome of an organisation on an indicator, as the views key it.
fn report_outcome(o: &Value) -> String {
    let c = o["comparison"].as_str().unwrap();
    match c {
        "better" | "worse" | "higher" | "lower" => {
            let level = if o["comparison998"] == c { "998" } else { "95" };
            format!("{c}_{level}")
        }
        other => other.to_string(),
    }
}

/// code -> indicator index -> report organisation.
fn by_code(report: &Value) -> HashMap<String, HashMap<usize, &Value>> {
    let mut map: HashMap<String, HashMap<usize, &Value>> = HashMap::new();
    for (i, ind) in report["indicators"].as_array().unwrap().iter().enumerate() {
        for o in ind["organisations"].as_array().unwrap() {
            map.entry(o["code"].as_str().unwrap().to_string()).or_default().insert(i, o);
        }
    }
    map
}

#[test]
fn overview_caption_counts_agree_with_the_report() {
    for (analysis, report) in [qof(), ae(r#"{"peers":{"within":"Region"},"pairing":{}}"#)] {
        let orgs = by_code(&report);
        let worse = orgs.values().filter(|m| m.values().any(|o| o["comparison"] == "worse")).count();
        let better = orgs.values().filter(|m| m.values().any(|o| o["comparison"] == "better")).count();
        let both = orgs.values().filter(|m| m.values().any(|o| o["comparison"] == "worse") && m.values().any(|o| o["comparison"] == "better")).count();
        let indicators = report["indicators"].as_array().unwrap().len();
        let view = overview_view(&analysis);
        let head = if indicators == 1 { "1 indicator".to_string() } else { format!("{indicators} indicators") };
        let expected = if indicators == 1 {
            format!(
                "{} organisations on {head}: {worse} are significantly worse than the benchmark and {better} significantly better (95% confidence).",
                orgs.len()
            )
        } else {
            format!(
                "{} organisations on {head}: {worse} are significantly worse than the benchmark on at least one indicator, and {better} significantly better on at least one (95% confidence); {both} are both.",
                orgs.len()
            )
        };
        assert_eq!(view.caption, expected);
        assert!(worse > 0 && better > 0, "the fixture has both: {}", view.caption);
        assert_eq!(view.rows.len(), orgs.len());
        assert_eq!(view.columns.len(), indicators);
        assert_eq!(view.headings.len(), 2 + indicators + 2 + if view.roles { 2 } else { 0 });
    }
}

#[test]
fn overview_cells_and_role_counts_agree_with_the_report() {
    let (analysis, report) = qof();
    let orgs = by_code(&report);
    let view = overview_view(&analysis);
    assert!(view.roles);
    let (mut teaches, mut learns): (HashMap<&str, usize>, HashMap<&str, usize>) = Default::default();
    for p in report["pairings"].as_array().unwrap() {
        *teaches.entry(p["teacher"].as_str().unwrap()).or_default() += 1;
        *learns.entry(p["learner"].as_str().unwrap()).or_default() += 1;
    }
    let mut empty_cells = 0;
    for row in &view.rows {
        let mine = &orgs[&row.code];
        assert_eq!(row.cells.len(), view.columns.len());
        for (i, cell) in row.cells.iter().enumerate() {
            match mine.get(&i) {
                Some(o) => {
                    assert_eq!(cell.outcome, report_outcome(o), "{} on {i}", row.code);
                    assert!(!cell.value.is_empty() && !cell.words.is_empty() && !cell.symbol.is_empty());
                }
                None => {
                    empty_cells += 1;
                    assert_eq!((cell.outcome, cell.value.as_str(), cell.sort), ("none", "", analysis.organisations.len() as u32));
                }
            }
        }
        assert_eq!(row.better, mine.values().filter(|o| o["comparison"] == "better").count());
        assert_eq!(row.worse, mine.values().filter(|o| o["comparison"] == "worse").count());
        assert_eq!(row.teaches, Some(teaches.get(row.code.as_str()).copied().unwrap_or(0)), "{}", row.code);
        assert_eq!(row.learns, Some(learns.get(row.code.as_str()).copied().unwrap_or(0)), "{}", row.code);
    }
    assert_eq!(empty_cells, 0, "every practice has every register in this fixture");
    assert!(view.rows.iter().any(|r| r.teaches > Some(0)) && view.rows.iter().any(|r| r.learns > Some(0)));
}

/// The documented order: worse (99.8 %, then 95 %), similar, better (95 %, then 99.8 %), not
/// compared, empty; within an outcome, worst value first.
fn outcome_order(key: &str) -> u8 {
    match key {
        "worse_998" | "lower_998" => 0,
        "worse_95" | "lower_95" => 1,
        "similar" => 2,
        "better_95" | "higher_95" => 3,
        "better_998" | "higher_998" => 4,
        "not_compared" => 5,
        _ => 6,
    }
}

#[test]
fn overview_sort_keys_put_the_worst_first() {
    for (analysis, report, lower_is_better) in [
        {
            let (a, r) = qof();
            (a, r, false)
        },
        {
            let (a, r) = ae(r#"{"polarity":"lower_is_better"}"#);
            (a, r, true)
        },
    ] {
        let view = overview_view(&analysis);
        let orgs = by_code(&report);
        for column in 0..view.columns.len() {
            let mut rows: Vec<_> = view.rows.iter().collect();
            rows.sort_by_key(|r| r.cells[column].sort);
            let value = |code: &str| orgs[code].get(&column).and_then(|o| o["value"].as_f64());
            let mut seen = HashSet::new();
            for pair in rows.windows(2) {
                let (a, b) = (&pair[0].cells[column], &pair[1].cells[column]);
                assert!(outcome_order(a.outcome) <= outcome_order(b.outcome), "{} before {}", a.outcome, b.outcome);
                if a.outcome == b.outcome && a.outcome != "none" {
                    let (va, vb) = (value(&pair[0].code).unwrap(), value(&pair[1].code).unwrap());
                    if lower_is_better {
                        assert!(va >= vb, "worst value first: {va} then {vb}")
                    } else {
                        assert!(va <= vb, "worst value first: {va} then {vb}")
                    }
                    // Equal keys exactly when the value is the same.
                    assert_eq!(a.sort == b.sort, va == vb);
                }
                seen.insert(a.outcome);
            }
            assert!(seen.len() >= 3, "the column has several outcomes: {seen:?}");
        }
    }
}

#[test]
fn overview_cells_are_empty_where_there_is_no_value() {
    let csv = b"Code,Indicator,Numerator,Denominator\nA,X,5,10\nB,Y,3,10\nC,X,9,10\nB,X,1,10\n";
    let (analysis, _) = analyse(csv, "{}");
    let view = overview_view(&analysis);
    let row = |code: &str| view.rows.iter().find(|r| r.code == code).unwrap();
    let y = view.columns.iter().position(|c| c.name == "Y").unwrap();
    for code in ["A", "C"] {
        let cell = &row(code).cells[y];
        assert_eq!((cell.outcome, cell.symbol, cell.value.as_str(), cell.words.as_str()), ("none", "", "", "No value"));
        assert!(cell.sort > row("B").cells[y].sort, "empty cells sort last");
    }
    assert!(view.rows.iter().all(|r| r.teaches.is_none() && r.learns.is_none()) && !view.roles, "no pairs were looked for");
    let svg = overview_svg(&analysis, &[]);
    assert_eq!(svg.matches("stroke-dasharray=\"2 2\"").count(), 2, "two empty cells drawn");
}

// ---- caterpillar ------------------------------------------------------------------------

#[test]
fn caterpillar_ranks_follow_polarity_and_the_caption_counts_the_report() {
    for (options, lower_is_better) in [("{}", false), (r#"{"polarity":"lower_is_better"}"#, true)] {
        let (analysis, report) = ae(options);
        let view = caterpillar_view(&analysis, 0, None, false).unwrap();
        let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
        let value: HashMap<&str, f64> = orgs.iter().map(|o| (o["code"].as_str().unwrap(), o["value"].as_f64().unwrap())).collect();
        assert_eq!(view.rows.len(), 120);
        assert!(!view.labelled, "120 organisations are drawn as a strip");
        for pair in view.rows.windows(2) {
            let (a, b) = (value[pair[0].code.as_str()], value[pair[1].code.as_str()]);
            if lower_is_better {
                assert!(a <= b, "best (lowest) first: {a} then {b}")
            } else {
                assert!(a >= b, "best (highest) first: {a} then {b}")
            }
        }
        assert_eq!(view.rows[0].rank, "1 of 120");
        let better = orgs.iter().filter(|o| o["comparison"] == "better").count();
        let worse = orgs.iter().filter(|o| o["comparison"] == "worse").count();
        let expected = format!(
            "120 organisations ranked from best to worst. {better} {} significantly better than the benchmark and {worse} significantly worse (95% confidence).",
            if better == 1 { "is" } else { "are" }
        );
        assert!(view.caption.contains(&expected), "{}\nexpected: {expected}", view.caption);
        let marks = org_marks(&view.svg());
        assert_eq!(marks.len(), 120);
        assert_eq!(marks.iter().map(|m| m.0.as_str()).collect::<HashSet<_>>(), value.keys().copied().collect::<HashSet<_>>());
        assert_clean_svg(&view.svg(), "caterpillar strip");
    }
}

#[test]
fn caterpillar_of_an_organisation_and_its_peers() {
    let (analysis, report) = qof();
    // A practice with peers and a value on the first indicator.
    let ind = &report["indicators"][0];
    let orgs = ind["organisations"].as_array().unwrap();
    let focus = orgs.iter().find(|o| o["peers"].as_array().is_some_and(|p| !p.is_empty())).unwrap();
    let code = focus["code"].as_str().unwrap();
    let peers: HashSet<&str> = focus["peers"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    let with_value: HashSet<&str> = orgs.iter().map(|o| o["code"].as_str().unwrap()).collect();
    let expected: HashSet<&str> = peers.intersection(&with_value).copied().chain([code]).collect();

    let view = caterpillar_view(&analysis, 0, Some(code), true).unwrap();
    assert!(view.peers_only && view.labelled, "{}", view.note);
    assert_eq!(view.focus.as_deref(), Some(code));
    assert_eq!(view.rows.iter().map(|r| r.code.as_str()).collect::<HashSet<_>>(), expected);
    assert_eq!(view.rows.iter().filter(|r| r.highlight).map(|r| r.code.as_str()).collect::<Vec<_>>(), vec![code]);
    let focus_rank = view.rows.iter().position(|r| r.code == code).unwrap() + 1;
    let name = focus["name"].as_str().unwrap();
    assert!(view.caption.contains(&format!("{name} ({code}) and its peers ({} organisations)", expected.len())), "{}", view.caption);
    assert!(view.caption.contains(&format!("is ranked {focus_rank} of {}", expected.len())), "{}", view.caption);
    assert!(view.rows.iter().all(|r| r.rank.contains("overall")));
    // The focus is drawn with a thicker outline and its label in bold.
    assert!(view.svg().contains(&format!(r#"class="org focus" data-org="{code}""#)));
    assert_eq!(org_marks(&view.svg()).len(), expected.len());
    assert_clean_svg(&view.svg(), "caterpillar rows");

    // Asking for what cannot be done says so, and still shows everyone.
    let unknown = caterpillar_view(&analysis, 0, Some("NOPE"), true).unwrap();
    assert!(unknown.note.contains("No organisation has the code \"NOPE\""), "{}", unknown.note);
    assert!(!unknown.peers_only && unknown.focus.is_none());
    assert_eq!(unknown.rows.len(), orgs.len());
    assert!(caterpillar_view(&analysis, 99, None, false).is_none());
}

// ---- one organisation -------------------------------------------------------------------

#[test]
fn organisation_caption_and_roles_agree_with_the_report() {
    let (analysis, report) = qof();
    let orgs = by_code(&report);
    let indicators = report["indicators"].as_array().unwrap().len();
    let pairs = report["pairings"].as_array().unwrap();
    // Every practice that teaches or learns, and a few others.
    let mut codes: Vec<&str> = pairs.iter().flat_map(|p| [p["teacher"].as_str().unwrap(), p["learner"].as_str().unwrap()]).collect();
    codes.extend(orgs.keys().take(5).map(|c| c.as_str()));
    codes.sort();
    codes.dedup();
    for code in codes {
        let view = organisation_view(&analysis, code).unwrap();
        let mine = &orgs[code];
        let better = mine.values().filter(|o| o["comparison"] == "better").count();
        let worse = mine.values().filter(|o| o["comparison"] == "worse").count();
        let name = mine.values().next().unwrap()["name"].as_str().unwrap();
        let n = mine.len();
        let expected = format!(
            "{name} ({code}) is significantly better than the benchmark on {better} of {n} indicator{} and significantly worse on {worse} (95% confidence).",
            if n == 1 { "" } else { "s" }
        );
        assert!(view.caption.starts_with(&expected), "{}\nexpected: {expected}", view.caption);
        assert_eq!(view.rows.len(), n);
        assert_eq!(view.missing.len(), indicators - n);

        let teaches: Vec<(String, String)> = pairs
            .iter()
            .filter(|p| p["teacher"] == code)
            .map(|p| (p["indicator"].as_str().unwrap().to_string(), p["learner"].as_str().unwrap().to_string()))
            .collect();
        let learns: Vec<(String, String)> = pairs
            .iter()
            .filter(|p| p["learner"] == code)
            .map(|p| (p["indicator"].as_str().unwrap().to_string(), p["teacher"].as_str().unwrap().to_string()))
            .collect();
        let id = |i: usize| report["indicators"][i]["id"].as_str().unwrap().to_string();
        assert_eq!(view.teaches.iter().map(|l| (id(l.indicator_index), l.partner_code.clone())).collect::<Vec<_>>(), teaches);
        assert_eq!(view.learns.iter().map(|l| (id(l.indicator_index), l.partner_code.clone())).collect::<Vec<_>>(), learns);
        for line in view.teaches.iter().chain(&view.learns) {
            assert!(line.sentence.contains(&format!("({})", line.partner_code)), "{}", line.sentence);
            assert!(!line.reasons.is_empty());
        }
        assert!(view.role.is_some());
        assert_eq!(view.roles_note.is_empty(), !(teaches.is_empty() && learns.is_empty()));
        let peer_codes: Vec<&str> = report["peers"]["organisations"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["peers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap())
            .collect();
        assert_eq!(view.peers.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), peer_codes);

        let marks = org_marks(&view.spine_svg());
        assert_eq!(marks.len(), n, "one mark per indicator with a value");
        assert!(marks.iter().all(|m| m.0 == code));
        assert_clean_svg(&view.spine_svg(), "spine");
    }
    assert!(organisation_view(&analysis, "NOT-A-CODE").is_none());
}

#[test]
fn spine_quartiles_are_the_stats_quantiles_of_every_value() {
    let (analysis, report) = qof();
    let code = report["indicators"][0]["organisations"][0]["code"].as_str().unwrap();
    let view = organisation_view(&analysis, code).unwrap();
    for row in &view.rows {
        let ind = &analysis.indicators[row.index];
        let m = ind.multiplier;
        let mut values: Vec<f64> = report["indicators"][row.index]["organisations"].as_array().unwrap().iter().map(|o| o["value"].as_f64().unwrap()).collect();
        values.sort_by(f64::total_cmp);
        let s = spread(ind).unwrap();
        crate::support::assert_relative(s.q25 * m, quantile7(&values, 0.25), 1e-12, "25th percentile");
        crate::support::assert_relative(s.q75 * m, quantile7(&values, 0.75), 1e-12, "75th percentile");
        crate::support::assert_relative(s.lowest * m, values[0], 1e-12, "lowest");
        crate::support::assert_relative(s.highest * m, values[values.len() - 1], 1e-12, "highest");
        let f = Format::for_indicator(ind);
        assert_eq!((row.lower_quartile.as_str(), row.upper_quartile.as_str()), (f.value(s.q25).as_str(), f.value(s.q75).as_str()));
    }
    // By hand: 10, 30, 50, 70 % have quartiles 25 % and 55 % (R's type 7).
    let (analysis, _) = analyse(b"Code,Numerator,Denominator\nA,100,1000\nB,300,1000\nC,500,1000\nD,700,1000\n", r#"{"polarity":"lower_is_better"}"#);
    let view = organisation_view(&analysis, "B").unwrap();
    let row = &view.rows[0];
    assert_eq!((row.lowest.as_str(), row.lower_quartile.as_str(), row.upper_quartile.as_str(), row.highest.as_str()), ("10.0%", "25.0%", "55.0%", "70.0%"));
}

#[test]
fn spine_puts_better_on_the_right_whatever_the_polarity() {
    // A is the best organisation under each polarity; its mark must be right of centre.
    let csv = b"Code,Numerator,Denominator\nA,900,1000\nB,500,1000\nC,520,1000\nD,480,1000\n";
    for (polarity, best) in [("higher_is_better", "A"), ("lower_is_better", "D")] {
        let (analysis, _) = analyse(csv, &format!(r#"{{"polarity":"{polarity}","benchmark":"median"}}"#));
        let svg = organisation_view(&analysis, best).unwrap().spine_svg();
        let mark = svg.split(&format!(r#"data-org="{best}" "#)).nth(1).unwrap();
        let x = mark.split(['M', 'c']).nth(1).map(|s| s.trim_start_matches("x=\"")).unwrap();
        let x: f64 = x.split([' ', '"']).next().unwrap().parse().unwrap();
        assert!(x > 557.0, "{polarity}: the best ({best}) is drawn right of the centre (557), at {x}");
    }
}

// ---- funnel marks -----------------------------------------------------------------------

#[test]
fn funnel_marks_name_their_organisation() {
    let (analysis, report) = ae("{}");
    let view = indicator_view(&analysis, 0).unwrap();
    let marks = org_marks(&view.funnel_svg());
    let codes: HashSet<&str> = report["indicators"][0]["organisations"].as_array().unwrap().iter().map(|o| o["code"].as_str().unwrap()).collect();
    assert_eq!(marks.len(), 120);
    assert_eq!(marks.iter().map(|m| m.0.as_str()).collect::<HashSet<_>>(), codes);
    assert!(marks.iter().all(|(_, title)| title.contains("95% CI")));
    assert_clean_svg(&view.funnel_svg(), "funnel");
}

// ---- overview SVG -----------------------------------------------------------------------

#[test]
fn overview_svg_draws_the_rows_asked_for() {
    let (analysis, _) = qof();
    let view = overview_view(&analysis);
    let columns = view.columns.len();
    let some: Vec<String> = view.rows.iter().rev().take(7).map(|r| r.code.clone()).chain(["UNKNOWN".to_string()]).collect();
    let svg = overview_svg(&analysis, &some);
    assert_clean_svg(&svg, "rug");
    assert_eq!(svg.matches(r#"class="cell""#).count(), 7 * columns, "unknown codes are left out");
    // In the order given.
    let first = svg.find(&format!(r#"data-org="{}""#, some[0])).unwrap();
    let second = svg.find(&format!(r#"data-org="{}""#, some[1])).unwrap();
    assert!(first < second);
    let all = overview_svg(&analysis, &[]);
    assert_clean_svg(&all, "rug of everyone");
    let drawn = view.rows.len().min(OVERVIEW_SVG_MAX);
    assert_eq!(all.matches(r#"class="cell""#).count(), drawn * columns);
    assert_eq!(all.contains("Showing the first 500"), view.rows.len() > OVERVIEW_SVG_MAX);
}

#[test]
fn minus_zero_and_zero_share_a_sort_key_in_the_overview() {
    use allteach::present::{overview_page, overview_unworded};
    let (analysis, _) = analyse(b"Code,Value\nA,-0\nB,0\nC,1\nD,-1\n", r#"{"columns":{"value":"Value"},"type":"value","polarity":"higher_is_better"}"#);
    let page = overview_page(&analysis, &overview_unworded(&analysis), &query("{}"));
    let key = |code: &str| page.rows.iter().find(|r| r.code == code).map(|r| r.cells[0].sort);
    assert_eq!(key("A"), key("B"), "both show as 0");
    assert!(key("D") < key("A") && key("A") < key("C"));
}

#[test]
fn the_overview_download_draws_the_columns_the_table_shows() {
    use allteach::present::{download, Disclosed, DownloadRequest, Suppression};
    // 30 indicators: two pages of columns, 25 and 5; D is worse than the rest on the 30th.
    let mut csv = String::from("Code,Indicator,Numerator,Denominator\n");
    for i in 1..=30 {
        for (code, numerator) in [("A", 50), ("B", 52), ("C", 48), ("D", if i == 30 { 5 } else { 51 })] {
            csv.push_str(&format!("{code},Indicator {i},{numerator},100\n"));
        }
    }
    let (analysis, _) = analyse(csv.as_bytes(), r#"{"polarity":"higher_is_better"}"#);
    let disclosed = Disclosed::new(&analysis, &Suppression::off());
    let svg = |page: &str| {
        let json = format!(r#"{{"what":"overview","codes":["A","D"]{page},"source":"s.csv","date":"7 December 2026"}}"#);
        download(&analysis, &disclosed, &serde_json::from_str::<DownloadRequest>(&json).unwrap()).unwrap().text
    };
    let (first, second) = (svg(""), svg(r#","column_page":1"#));
    assert_clean_svg(&second, "rug of the second page of columns");
    assert_eq!((first.matches(r#"class="cell""#).count(), second.matches(r#"class="cell""#).count()), (2 * 25, 2 * 5));
    assert!(first.contains("Showing indicators 1 to 25 of 30.") && first.contains("Indicator 25") && !first.contains("Indicator 26"), "{first}");
    assert!(second.contains("Showing indicators 26 to 30 of 30.") && second.contains("Indicator 30") && !second.contains("Indicator 25<"), "{second}");
    assert!(second.contains("Every organisation on indicators 26 to 30 of 30"), "the frame's title says which");
    assert!(second.contains("Significantly worse"), "D's mark on the 30th is drawn");
    assert!(!first.contains("Significantly worse"), "nobody is worse on the first 25");
}

// ---- learning pack ----------------------------------------------------------------------

#[test]
fn learning_pack_names_both_organisations_of_each_pair() {
    let (analysis, report) = qof();
    let pairs = report["pairings"].as_array().unwrap();
    let mut checked = 0;
    for code in pairs.iter().flat_map(|p| [p["teacher"].as_str().unwrap(), p["learner"].as_str().unwrap()]).take(12) {
        let html = learning_pack_html(&analysis, code).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        check_markup(&html).unwrap_or_else(|e| panic!("pack of {code}: {e}"));
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "no scripts");
        assert!(!lower.contains("style="), "no style attributes");
        assert!(!lower.contains("src=") && !lower.contains("href=") && !lower.contains("url("), "no external references");
        assert!(html.contains("default-src 'none'"));
        assert!(html.contains(&format!("Allteach {}", allteach::VERSION)));
        for p in pairs.iter().filter(|p| p["teacher"] == code || p["learner"] == code) {
            for side in ["teacher", "learner"] {
                let name = allteach::chart::escape(p[format!("{side}_name")].as_str().unwrap());
                let other = p[side].as_str().unwrap();
                assert!(html.contains(&format!("{name} ({other})")), "pack of {code} names {side} {name} ({other})");
                // Both are highlighted in the caterpillar plot of the learner's peers.
                assert!(html.contains(&format!(r#"class="org focus" data-org="{other}""#)), "pack of {code} highlights {other}");
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    assert_eq!(learning_pack_html(&analysis, "NOT-A-CODE"), None);
}

#[test]
fn user_text_is_escaped_everywhere() {
    let csv = "Code,Name,Group,Numerator,Denominator\n\
               <b>,\"Evil & <script>alert(1)</script> \"\"Ltd\"\"\",G,900,1000\n\
               B2,Fine,G,100,1000\nC3,Also fine,G,500,1000\nD4,Other,G,510,1000\n";
    let (analysis, _) = analyse(csv.as_bytes(), r#"{"polarity":"higher_is_better","peers":{"within":"Group"},"pairing":{}}"#);
    let code = "<b>";
    let views = [
        overview_svg(&analysis, &[]),
        caterpillar_view(&analysis, 0, Some(code), true).unwrap().svg(),
        caterpillar_view(&analysis, 0, Some(code), false).unwrap().svg(),
        organisation_view(&analysis, code).unwrap().spine_svg(),
        indicator_view(&analysis, 0).unwrap().funnel_svg(),
    ];
    for svg in &views {
        assert_clean_svg(svg, "svg with hostile names");
        assert!(!svg.contains("<script") && !svg.contains("<b>"), "escaped");
        assert!(svg.contains("&lt;b&gt;"));
    }
    let pack = learning_pack_html(&analysis, code).unwrap();
    check_markup(&pack).unwrap();
    assert!(!pack.contains("<script") && pack.contains("&lt;script&gt;"));
    assert!(pack.contains("Fine (B2)"), "the learner it teaches is named");
}

// ---- no panics --------------------------------------------------------------------------

#[test]
fn views_of_unusual_analyses_do_not_panic() {
    let cases: &[(&str, &str)] = &[
        ("Code,Numerator,Denominator\nA,5,10\n", "{}"),
        ("Code,Value\nA,3\nB,3\nC,3\n", r#"{"type":"value"}"#),
        ("Code,Numerator,Denominator\nA,0,10\nB,10,10\nC,5,10\nD,5,10\n", r#"{"polarity":"no_judgement"}"#),
        ("Code,Numerator,Denominator\nA,1,10\nB,2,10\n", r#"{"benchmark":{"code":"A"}}"#),
        ("Code,Indicator,Numerator,Denominator\nA,X,5,10\nB,Y,3,10\nC,X,9,10\n", r#"{"indicators":[{"id":"Y","polarity":"no_judgement"}]}"#),
    ];
    for (csv, options) in cases {
        let (analysis, _) = analyse(csv.as_bytes(), options);
        let overview = overview_view(&analysis);
        assert!(!overview.caption.is_empty());
        assert_clean_svg(&overview_svg(&analysis, &["A".into(), "".into(), "zz".into()]), "rug");
        for i in 0..analysis.indicators.len() + 1 {
            for focus in [None, Some(""), Some("A"), Some("a "), Some("missing")] {
                for peers_only in [false, true] {
                    if let Some(v) = caterpillar_view(&analysis, i, focus, peers_only) {
                        assert_clean_svg(&v.svg(), "caterpillar");
                        assert_eq!(org_marks(&v.svg()).len(), v.rows.len());
                    }
                }
            }
        }
        for code in ["A", "B", "C", "", "missing"] {
            if let Some(v) = organisation_view(&analysis, code) {
                assert_clean_svg(&v.spine_svg(), "spine");
                assert!(!v.caption.is_empty());
            }
            if let Some(html) = learning_pack_html(&analysis, code) {
                check_markup(&html).unwrap();
            }
        }
    }
    // A code typed in another case still finds the organisation.
    let (analysis, _) = analyse(b"Code,Numerator,Denominator\nA81001,5,10\nB,3,10\n", "{}");
    assert_eq!(organisation_view(&analysis, " a81001 ").unwrap().code, "A81001");
}

#[test]
fn views_of_damaged_files_do_not_panic() {
    // Seeded damage (byte changes, cuts, stray quotes, commas and line breaks) to real files;
    // every view of whatever still analyses must build, and its SVG must stay well formed.
    let root = env!("CARGO_MANIFEST_DIR");
    let bases = [
        (std::fs::read(format!("{root}/samples/ae_type1_4hr_2026-06.csv")).unwrap()[..3000].to_vec(), r#"{"peers":{"within":"Region"},"pairing":{}}"#),
        (std::fs::read(format!("{root}/tests/fixtures/qof_two_icbs_with_context.csv")).unwrap()[..5000].to_vec(), QOF_OPTIONS),
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |below: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) % below.max(1) as u64) as usize
    };
    let mut analysed = 0;
    for (base, options) in &bases {
        let options = allteach::Options::from_json(options).unwrap();
        for _ in 0..120 {
            let mut bytes = base.clone();
            for _ in 0..1 + next(4) {
                let at = next(bytes.len());
                match next(5) {
                    0 => bytes[at] = next(256) as u8,
                    1 => bytes.truncate(at.max(1)),
                    2 => bytes.insert(at, b'"'),
                    3 => bytes.insert(at, b','),
                    _ => bytes.insert(at, b'\n'),
                }
            }
            let Ok(analysis) = allteach::analyse(&bytes, &options) else { continue };
            analysed += 1;
            let overview = overview_view(&analysis);
            check_markup(&overview_svg(&analysis, &[])).unwrap();
            for (n, row) in overview.rows.iter().enumerate().step_by(7) {
                check_markup(&organisation_view(&analysis, &row.code).unwrap().spine_svg()).unwrap();
                check_markup(&learning_pack_html(&analysis, &row.code).unwrap()).unwrap();
                let indicator = n % analysis.indicators.len().max(1);
                if let Some(v) = caterpillar_view(&analysis, indicator, Some(&row.code), n % 2 == 0) {
                    check_markup(&v.svg()).unwrap();
                }
            }
        }
    }
    assert!(analysed > 100, "most damaged files still analyse: {analysed}");
}

#[test]
fn the_results_table_compares_each_organisation_with_its_peers_in_words() {
    let (analysis, report) = qof();
    let view = indicator_view(&analysis, 0).unwrap();
    assert!(view.headings.contains(&"Compared with its peers"));
    assert_eq!(view.headings.len(), 11);
    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    let mut seen = HashSet::new();
    for (row, o) in view.rows.iter().zip(orgs) {
        let words = row.peers.as_deref().unwrap();
        let expected = match o["comparison_peers"].as_str().unwrap() {
            "worse" => "Significantly worse than its peers (95% confidence); peers ",
            "better" => "Significantly better than its peers (95% confidence); peers ",
            "similar" => "Similar to its peers; peers ",
            _ => "No",
        };
        assert!(words.starts_with(expected), "{words} / {}", o["comparison_peers"]);
        seen.insert(expected);
    }
    assert!(seen.len() >= 3, "worse, similar and better all occur: {seen:?}");
    // Without peers there is no such column.
    let (analysis, _) = ae(r#"{"polarity":"higher_is_better"}"#);
    let view = indicator_view(&analysis, 0).unwrap();
    assert!(view.rows.iter().all(|r| r.peers.is_none()));
    assert_eq!(view.headings.len(), 10);
}

// ---- pages of long lists (present/rows.rs) -------------------------------------------------

fn query(json: &str) -> allteach::present::RowQuery {
    serde_json::from_str(json).expect("a row query")
}

#[test]
fn the_overview_is_found_filtered_sorted_and_paged_in_the_core() {
    use allteach::present::{overview_page, OVERVIEW_PAGE_SIZE as PAGE_SIZE};
    let (analysis, _) = qof();
    let full = overview_view(&analysis);
    let n = full.rows.len();
    assert!(n > 2 * PAGE_SIZE, "the fixture spans pages");

    // Every row once across the pages, in file order, with the words for where each page is;
    // a page of the overview made without its cells' words (as the widget keeps it) is worded
    // exactly as the whole overview is.
    let unworded = allteach::present::overview_unworded(&analysis);
    assert!(unworded.rows.iter().all(|r| r.cells.is_empty() && r.summary.is_empty()), "cells are made with the page's rows");
    let pages = n.div_ceil(PAGE_SIZE);
    let mut seen = Vec::new();
    for p in 0..pages {
        let page = overview_page(&analysis, &full, &query(&format!(r#"{{"page":{p}}}"#)));
        let lean = overview_page(&analysis, &unworded, &query(&format!(r#"{{"page":{p}}}"#)));
        assert_eq!(serde_json::to_string(&lean).unwrap(), serde_json::to_string(&page).unwrap(), "page {p}");
        let info = page.page.expect("a page");
        assert_eq!((info.index, info.pages, info.total), (p, pages, n));
        let first = p * PAGE_SIZE + 1;
        assert_eq!(info.text, format!("Rows {first} to {} of {n} organisations", first + page.rows.len() - 1));
        seen.extend(page.rows.into_iter().map(|r| r.code));
    }
    assert_eq!(seen, full.rows.iter().map(|r| r.code.clone()).collect::<Vec<_>>());

    // Worse on at least one indicator: exactly those, counted independently.
    let worse = overview_page(&analysis, &full, &query(r#"{"show":"worse"}"#));
    assert_eq!(worse.page.unwrap().total, full.rows.iter().filter(|r| r.cells.iter().any(|c| c.outcome.starts_with("worse"))).count());

    // Sorted by an indicator's key, both ways, over every page.
    for descending in [false, true] {
        let mut keys = Vec::new();
        for p in 0..pages {
            let page = overview_page(&analysis, &full, &query(&format!(r#"{{"sort":1,"descending":{descending},"page":{p}}}"#)));
            keys.extend(page.rows.iter().map(|r| r.cells[1].sort));
        }
        let mut expected: Vec<u32> = full.rows.iter().map(|r| r.cells[1].sort).collect();
        expected.sort_unstable();
        if descending {
            expected.reverse();
        }
        assert_eq!(keys, expected);
    }

    // Found by code, in any case.
    let code = full.rows[300].code.clone();
    let found = overview_page(&analysis, &full, &query(&format!(r#"{{"find":"{}"}}"#, code.to_lowercase())));
    assert!(found.rows.iter().any(|r| r.code == code));
    assert!(found.rows.iter().all(|r| r.code.to_lowercase().contains(&code.to_lowercase()) || r.name.to_lowercase().contains(&code.to_lowercase())));
    let one = found.page.unwrap();
    assert_eq!(one.text, format!("{} {}.", one.total, if one.total == 1 { "organisation" } else { "organisations" }));
}

#[test]
fn the_pairs_are_filtered_by_indicator_and_organisation_and_paged_in_the_core() {
    use allteach::present::{pairing_page, pairing_view};
    let (analysis, _) = qof();
    let full = pairing_view(&analysis).expect("pairs");
    let name = analysis.indicators[0].name.clone();
    let on_one = pairing_page(&full, &query(&format!(r#"{{"indicator":"{name}"}}"#)));
    let expected = full.rows.iter().filter(|r| r.indicator == name).count();
    assert_eq!(on_one.page.as_ref().unwrap().total, expected);
    assert!(expected > 0 && on_one.rows.iter().all(|r| r.indicator == name));

    let learner = full.rows[0].learner_code.clone();
    let with_it = pairing_page(&full, &query(&format!(r#"{{"find":"{learner}"}}"#)));
    let expected = full
        .rows
        .iter()
        .filter(|r| r.learner_code.contains(&learner) || r.teacher_code.contains(&learner) || r.learner.contains(&learner) || r.teacher.contains(&learner))
        .count();
    assert_eq!(with_it.page.unwrap().total, expected);

    // The cards and the unmatched are cut to what a page holds, and say so.
    let first = pairing_page(&full, &query("{}"));
    assert_eq!(first.roles.len(), full.roles.len().min(200));
    assert_eq!(first.roles_note.is_some(), full.roles.len() > 200);
    assert_eq!(first.unmatched.len(), full.unmatched.len().min(500));
    assert!(first.roles.iter().all(|c| c.label.contains(&c.code)));
}

// ---- charts over time at the edges ---------------------------------------------------------

#[test]
fn one_or_two_points_say_there_are_too_few_for_limits_and_draw_no_nan() {
    // Organisation A has one or two of the file's four months.
    for points in [1, 2] {
        let mut csv = String::from("Code,Month,Numerator,Denominator\n");
        for (m, month) in ["2025-01", "2025-02", "2025-03", "2025-04"].iter().enumerate() {
            if m >= 4 - points {
                csv.push_str(&format!("A,{month},{},100\n", 10 + m));
            }
            csv.push_str(&format!("B,{month},{},100\nC,{month},30,100\n", 20 + m));
        }
        let (analysis, _) = analyse(csv.as_bytes(), r#"{"polarity":"higher_is_better"}"#);
        let a = analysis.indicators[0].organisations.iter().position(|o| analysis.code(o) == "A").unwrap();
        let view = allteach::present::spc_view(&analysis, 0, a).expect("a series");
        assert!(view.caption.contains("not enough for process limits"), "{}", view.caption);
        assert!(!view.svg().contains("NaN") && !view.caption.contains("NaN"), "{points} points");
        assert!(view.rows.iter().all(|r| r[3] == "–" && r[4] == "–"));
        assert_clean_svg(&view.svg(), "a short series");
    }
}

#[test]
fn process_limits_stay_within_what_the_measure_can_be() {
    // A proportion near 0 with a large swing: its lower process limit would be below 0 %.
    let mut csv = String::from("Code,Month,Numerator,Denominator\n");
    for (m, n) in [1, 9, 0, 12, 2, 1, 10, 0, 3, 11, 1, 0, 8, 2].iter().enumerate() {
        let (y, mo) = (2024 + m / 12, m % 12 + 1);
        csv.push_str(&format!("A,{y}-{mo:02},{n},100\nB,{y}-{mo:02},5,100\n"));
    }
    let (analysis, _) = analyse(csv.as_bytes(), r#"{"polarity":"lower_is_better"}"#);
    let unclamped = analysis.indicators[0].organisations[0].spc.as_ref().unwrap().xmr.groups[0].lpl;
    assert!(unclamped < 0.0, "the raw lower limit is below zero: {unclamped}");
    let view = allteach::present::spc_view(&analysis, 0, 0).unwrap();
    assert!(view.rows.iter().all(|r| r[3] == "0.0%"), "lower limits shown at 0%: {:?}", view.rows.iter().map(|r| &r[3]).collect::<Vec<_>>());
    assert!(view.caption.contains("process limits 0.0% to"), "{}", view.caption);
    assert!(view.svg().contains("Process limits") && view.svg().contains("Improvement") && view.svg().contains("Concern"), "the chart has a key");
}

#[test]
fn a_few_tiny_organisations_do_not_stretch_the_ranked_strip() {
    // 1,000 practices near 10 %, and 4 tiny ones at 75 % (3 of 4) with very wide intervals.
    let mut csv = String::from("Code,Numerator,Denominator\n");
    for i in 0..1000 {
        csv.push_str(&format!("P{i:04},{},1000\n", 90 + i % 21));
    }
    for i in 0..4 {
        csv.push_str(&format!("T{i},3,4\n"));
    }
    let (analysis, _) = analyse(csv.as_bytes(), r#"{"polarity":"higher_is_better"}"#);
    let view = caterpillar_view(&analysis, 0, None, false).unwrap();
    assert!(view.note.contains("central 99% of values") && view.note.contains("4 organisations"), "{}", view.note);
    assert!(!view.svg().contains(">70%<") && !view.svg().contains(">50%<") && !view.svg().contains(">30%<"), "the value axis stays near the practices' values");
    assert_clean_svg(&view.svg(), "the ranked strip");
    // Every organisation still has its mark (drawn at the edge), for tooltips and selection.
    assert_eq!(org_marks(&view.svg()).len(), 1004);
    // Intervals as two paths, not a line per organisation: every element other than the marks
    // (axes, gridlines, legend, the intervals) is a few dozen; a mark is four tags with its title.
    let elements = view.svg().matches('<').count() - 4 * 1004;
    assert!(elements < 150, "{elements} elements besides the marks");
    // The funnel likewise: the central 99 % of values, the four tiny ones at the edge.
    let funnel = indicator_view(&analysis, 0).unwrap();
    assert!(funnel.funnel_note.as_deref().is_some_and(|n| n.contains("4 organisations")), "{:?}", funnel.funnel_note);
    assert!(!funnel.funnel_svg().contains(">70%<") && !funnel.funnel_svg().contains(">50%<") && !funnel.funnel_svg().contains(">30%<"));
    assert_eq!(org_marks(&funnel.funnel_svg()).len(), 1004);
    assert_clean_svg(&funnel.funnel_svg(), "the national-scale funnel");
}

#[test]
fn the_summary_over_time_lists_every_series_sorted_and_paged_in_the_core() {
    use allteach::present::{spc_table, SpcQuery, SpcSort};
    let monthly = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ae_type1_4hr_monthly_2021-04_to_2026-06.csv")).unwrap();
    let (analysis, _) = analyse(&monthly, r#"{"polarity":"higher_is_better","spc":{"target":78}}"#);
    let all = spc_table(&analysis, 0, &SpcQuery::default()).expect("series over time");
    assert_eq!(all.page.total, 120, "every trust");
    // Each row agrees with the trust's own chart.
    for r in &all.rows {
        let chart = allteach::present::spc_view(&analysis, 0, r.position).unwrap();
        let last = chart.rows.last().unwrap();
        assert_eq!((&r.latest, &r.mean, &r.lower, &r.upper), (&last[1], &last[2], &last[3], &last[4]), "{}", r.label);
        assert!(chart.caption.starts_with(&r.label), "{} / {}", r.label, chart.caption);
    }
    // Concern first when sorted by variation; failing first by assurance.
    let by_variation = spc_table(&analysis, 0, &SpcQuery { sort: Some(SpcSort::Variation), ..Default::default() }).unwrap();
    let order = |k: &str| {
        ["special_cause_concern", "special_cause_improvement", "special_cause_neutral_high", "common_cause"].iter().position(|x| *x == k).unwrap_or(2)
    };
    assert!(by_variation.rows.windows(2).all(|w| order(w[0].variation_key) <= order(w[1].variation_key)));
    let by_assurance = spc_table(&analysis, 0, &SpcQuery { sort: Some(SpcSort::Assurance), ..Default::default() }).unwrap();
    assert_eq!(by_assurance.rows[0].assurance, "Consistently fails");
    let found = spc_table(&analysis, 0, &SpcQuery { find: "isle of wight".into(), ..Default::default() }).unwrap();
    assert_eq!(found.page.total, 1);
}

#[test]
fn another_page_of_the_results_table_comes_without_the_charts() {
    use allteach::present::{indicator_page, ViewRequest, Views};
    let (analysis, _) = qof();
    let views = Views::default();
    let request: ViewRequest = serde_json::from_str(r#"{"what":"results","indicator":0,"query":{"page":1}}"#).unwrap();
    let answer = serde_json::to_value(views.answer(&analysis, &request)).unwrap();
    let full = serde_json::to_value(indicator_page(indicator_view(&analysis, 0).unwrap(), &query(r#"{"page":1}"#))).unwrap();
    assert_eq!(answer["rows"], full["rows"]);
    assert_eq!(answer["page"], full["page"]);
    assert_eq!(answer["page"]["index"], 1);
    assert!(answer.get("funnel_scene").is_none() && answer.get("funnel_svg").is_none(), "no chart with a page of rows");
    assert!(crate::support::scene_of(&full["funnel_scene"]).items.len() > 764, "the full view carries the funnel's scene");
}

#[test]
fn the_ranked_table_comes_a_page_at_a_time_and_another_page_without_the_chart() {
    use allteach::present::{ViewRequest, Views};
    let (analysis, _) = qof();
    let views = Views::default();
    let ask = |json: &str| serde_json::to_value(views.answer(&analysis, &serde_json::from_str::<ViewRequest>(json).unwrap())).unwrap();
    let first = ask(r#"{"what":"caterpillar","indicator":0}"#);
    let all = caterpillar_view(&analysis, 0, None, false).unwrap();
    assert_eq!(first["rows"].as_array().unwrap().len(), 250);
    assert_eq!(first["page"]["total"], all.rows.len());
    assert_eq!(first["rows"][0]["code"], all.rows[0].code.as_str(), "best first, as drawn");
    assert!(!crate::support::scene_of(&first["scene"]).items.is_empty(), "the first answer draws the chart");
    let third = ask(r#"{"what":"caterpillar","indicator":0,"query":{"page":2},"rows_only":true}"#);
    assert_eq!(third["rows"][0]["code"], all.rows[500].code.as_str());
    assert_eq!(third["page"]["text"], format!("Rows 501 to {} of {} organisations", all.rows.len().min(750), all.rows.len()));
    assert!(crate::support::scene_of(&third["scene"]).items.is_empty(), "another page leaves the chart out");
    assert_eq!(third["scene"]["spots"], serde_json::json!([]), "and its marks");
}

#[test]
fn one_group_is_shown_in_colour_on_top_of_everyone_else_in_grey() {
    use allteach::chart::Item;
    use allteach::present::{ViewRequest, Views};
    let (analysis, report) = qof();
    let views = Views::default();
    let ask = |json: &str| views.answer(&analysis, &serde_json::from_str::<ViewRequest>(json).unwrap());
    // Each practice's ICB, read from the fixture directly.
    let icb: HashMap<String, String> =
        crate::support::csv_rows("qof_two_icbs_with_context.csv").into_iter().map(|r| (r["Practice code"].clone(), r["ICB"].clone())).collect();
    let in_group: HashSet<String> = report["indicators"][0]["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap().to_string())
        .filter(|code| icb.get(code).is_some_and(|i| i == "QHM"))
        .collect();
    assert!(!in_group.is_empty() && in_group.len() < 764);
    for request in [
        r#"{"what":"caterpillar","indicator":0,"group":{"column":"ICB","value":"QHM"}}"#,
        r#"{"what":"indicator","indicator":0,"group":{"column":"ICB","value":"QHM"}}"#,
    ] {
        let answer = serde_json::to_value(ask(request)).unwrap();
        let scene = crate::support::scene_of(answer.get("scene").or(answer.get("funnel_scene")).unwrap());
        let note = answer.get("note").or(answer.get("funnel_note")).unwrap().as_str().unwrap().to_string();
        assert!(note.starts_with(&format!("In colour: {} organisations with \"QHM\" in ICB", in_group.len())), "{note}");
        // Each mark: the group's in their outcome's colour, after (above) every grey one.
        let marks: Vec<(String, bool)> = scene
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Polygon { org: Some(o), paint, .. } | Item::Circle { org: Some(o), paint, .. } => {
                    Some((o.code.clone(), paint.fill.unwrap().to_string() != "#c8cacc"))
                }
                _ => None,
            })
            .collect();
        assert_eq!(marks.len(), 764);
        for (code, coloured) in &marks {
            assert_eq!(*coloured, in_group.contains(code), "{code}");
        }
        let first_coloured = marks.iter().position(|m| m.1).unwrap();
        assert!(marks[first_coloured..].iter().all(|m| m.1), "the group is drawn on top");
    }
    // A group nobody is in, or a column the file does not have, is said so and changes nothing.
    let answer = serde_json::to_value(ask(r#"{"what":"caterpillar","indicator":0,"group":{"column":"ICB","value":"QZZ"}}"#)).unwrap();
    assert!(answer["note"].as_str().unwrap().starts_with("No organisation in this chart has \"QZZ\" in ICB"));
    let answer = serde_json::to_value(ask(r#"{"what":"caterpillar","indicator":0,"group":{"column":"Region","value":"QHM"}}"#)).unwrap();
    assert!(answer["note"].as_str().unwrap().starts_with("There is no column \"Region\""));
}

#[test]
fn a_sparse_file_of_a_thousand_indicators_has_an_overview_in_pages_of_indicators_that_counts_every_one() {
    use allteach::present::{overview_page, overview_unworded, OVERVIEW_COLUMNS_MAX};
    // 25,000 organisations, each on one of 1,000 indicators: as a table of cells, 25 million
    // (3.3 GB natively, more than a tab has). The last indicator's first organisation is
    // significantly worse there, on an indicator beyond the columns shown.
    let mut csv = String::from("Code,Indicator,Numerator,Denominator\n");
    for i in 0..1000 {
        for k in 0..25 {
            let numerator = if k == 0 { 10 } else { 50 + k };
            csv.push_str(&format!("O{},I{i},{numerator},100\n", i * 25 + k));
        }
    }
    let (analysis, _) = analyse(csv.as_bytes(), r#"{"polarity":"higher_is_better"}"#);
    let view = overview_unworded(&analysis);
    assert_eq!(view.columns.len(), OVERVIEW_COLUMNS_MAX);
    assert_eq!(view.headings.len(), 2 + OVERVIEW_COLUMNS_MAX + 2);
    assert!(view.table_caption.starts_with("Every organisation on indicators 1 to 25 of 1,000 (25,000 organisations)"), "{}", view.table_caption);
    assert_eq!((view.column_page.index, view.column_page.pages, view.column_page.text.as_str()), (0, 40, "Indicators 1 to 25 of 1,000"));
    assert!(view.caption.starts_with("25,000 organisations on 1,000 indicators: 1,000 are significantly worse"), "{}", view.caption);
    let last = overview_page(&analysis, &view, &query(r#"{"find":"O24975"}"#));
    let row = &last.rows[0];
    assert_eq!((row.code.as_str(), row.worse, row.cells.len()), ("O24975", 1, OVERVIEW_COLUMNS_MAX));
    assert!(row.cells.iter().all(|c| c.outcome == "none"), "no value on the indicators shown");
    assert_eq!(row.summary, "Significantly better on 0 indicators and significantly worse on 1, of the 1 indicator it has a value for.");
    // Sorting a column puts its worst first, and those without a value last.
    let sorted = overview_page(&analysis, &view, &query(r#"{"sort":3}"#));
    assert_eq!(sorted.rows[0].code, "O75");
    assert!(sorted.rows[0].cells[3].outcome.starts_with("worse"));
    assert_eq!(sorted.rows[30].cells[3].outcome, "none");
    // The last page of columns holds the indicator it is worse on; past the last is the last.
    let columns = overview_page(&analysis, &view, &query(r#"{"find":"O24975","column_page":99}"#));
    assert_eq!((columns.column_page.index, columns.column_page.has_next, columns.column_page.text.as_str()), (39, false, "Indicators 976 to 1,000 of 1,000"));
    assert_eq!((columns.columns[0].index, columns.columns.len(), columns.headings[2].as_str()), (975, 25, "I975"));
    assert!(columns.table_caption.starts_with("Every organisation on indicators 976 to 1,000 of 1,000"), "{}", columns.table_caption);
    let cells = &columns.rows[0].cells;
    assert!(cells[24].outcome.starts_with("worse") && cells[..24].iter().all(|c| c.outcome == "none"), "{cells:?}");
    // Any indicator sorts the rows, whichever are the columns.
    let by_last = overview_page(&analysis, &view, &query(r#"{"sort":999}"#));
    assert_eq!((by_last.rows[0].code.as_str(), by_last.columns[0].index), ("O24975", 0));
    assert_eq!(by_last.sorted_elsewhere.as_deref(), Some("Rows are sorted by I999, worst first: it is on another page of indicators."));
    // Best first, and those without a value still last (they would lead a plain reversal).
    let best = overview_page(&analysis, &view, &query(r#"{"sort":999,"descending":true}"#));
    let codes: Vec<&str> = best.rows.iter().take(26).map(|r| r.code.as_str()).collect();
    assert_eq!((codes[0], codes[24]), ("O24999", "O24975"), "I999's 25 organisations, best first");
    assert!(!codes[25].starts_with("O249"), "then those without a value: {codes:?}");
    assert_eq!(best.sorted_elsewhere.as_deref(), Some("Rows are sorted by I999, best first: it is on another page of indicators."));
    let shown = overview_page(&analysis, &view, &query(r#"{"sort":999,"descending":true,"column_page":39}"#));
    assert_eq!((shown.sorted_elsewhere, sorted.sorted_elsewhere), (None, None), "said only when its column is not shown");
    let one = organisation_view(&analysis, "O24975").expect("its view");
    assert_eq!(one.rows.len(), 1);
}
