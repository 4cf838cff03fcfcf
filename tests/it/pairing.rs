//! Peers and learning pairs on real data: QOF 2022-23 registers of the practices of two ICBs
//! (tests/fixtures/qof_two_icbs_with_context.csv, built from the NHS Digital files described in
//! samples/README.md), with list size, share aged 50+ and IMD 2019 as context. Recorded
//! prevalence is treated as higher-is-better here (case finding), only to exercise the pairing.

use serde_json::json;
use std::collections::{HashMap, HashSet};

use crate::support::analyse_text;

const OPTIONS: &str = r#"{
  "columns": { "context": ["Patients (all ages)", "% aged 50+", "IMD 2019"] },
  "peers": { "k": 10, "sqrt": ["Patients (all ages)"], "weights": { "IMD 2019": 2 } },
  "pairing": { "capacity": 2, "capacity_total": 3, "max_topics": 2 },
  "polarity": "higher_is_better"
}"#;

fn fixture() -> String {
    std::fs::read_to_string(crate::support::fixture_path("qof_two_icbs_with_context.csv")).unwrap()
}

#[test]
fn peers_are_the_k_nearest_with_distances_and_drivers() {
    let report = analyse_text(&fixture(), OPTIONS).unwrap();
    let peers = &report["peers"];
    assert_eq!(peers["k"], 10);
    assert_eq!(peers["variables"][2]["weight"], 2.0);
    assert_eq!(peers["variables"][0]["sqrt"], true);
    let lists = peers["organisations"].as_array().unwrap();
    assert!(lists.len() > 300, "{}", lists.len());
    for list in lists {
        let ps = list["peers"].as_array().unwrap();
        if ps.is_empty() {
            continue; // a practice with no IMD score (fewer than ~750 patients) has no neighbours
        }
        assert_eq!(ps.len(), 10);
        let d: Vec<f64> = ps.iter().map(|p| p["distance"].as_f64().unwrap()).collect();
        assert!(d.windows(2).all(|w| w[0] <= w[1] + 1e-12), "nearest first");
        assert!(d.iter().all(|&x| (0.0..=1.0).contains(&x)));
        assert!(ps.iter().all(|p| p["code"] != list["code"]));
        assert_eq!(ps[0]["similar_on"].as_array().unwrap().len(), 2);
    }
    // The same peers appear on each indicator's organisation rows.
    let org = &report["indicators"][0]["organisations"][0];
    let first = lists.iter().find(|l| l["code"] == org["code"]).unwrap();
    let codes: Vec<&str> = first["peers"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    let row: Vec<&str> = org["peers"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(codes, row);
}

#[test]
fn every_pair_is_admissible_and_no_capacity_is_exceeded() {
    let report = analyse_text(&fixture(), OPTIONS).unwrap();
    let pairs = report["pairings"].as_array().unwrap();
    assert!(pairs.len() > 20, "{} pairs", pairs.len());
    let mut by_indicator: HashMap<&str, HashMap<&str, &serde_json::Value>> = HashMap::new();
    for ind in report["indicators"].as_array().unwrap() {
        let orgs = ind["organisations"].as_array().unwrap().iter().map(|o| (o["code"].as_str().unwrap(), o)).collect();
        by_indicator.insert(ind["id"].as_str().unwrap(), orgs);
    }
    let (mut teacher_topic, mut teacher_total, mut learner_topics) = (HashMap::new(), HashMap::new(), HashMap::new());
    let mut learner_topic_seen = HashSet::new();
    for p in pairs {
        let (ind, l, t) = (p["indicator"].as_str().unwrap(), p["learner"].as_str().unwrap(), p["teacher"].as_str().unwrap());
        assert_ne!(l, t, "nobody is paired with itself");
        let learner = by_indicator[ind][l];
        let teacher = by_indicator[ind][t];
        assert_eq!(learner["comparison"], "worse", "{p}");
        assert_eq!(teacher["comparison"], "better", "{p}");
        assert!(teacher["ci95"][0].as_f64().unwrap() > learner["ci95"][1].as_f64().unwrap(), "materially better: {p}");
        let is_peer = learner["peers"].as_array().unwrap().iter().any(|c| c == t);
        assert_eq!(!is_peer, p["beyond_peers"] == true, "a teacher beyond the peers says so: {p}");
        assert!(learner_topic_seen.insert((ind, l)), "one teacher per learner per indicator");
        *teacher_topic.entry((ind, t)).or_insert(0) += 1;
        *teacher_total.entry(t).or_insert(0) += 1;
        *learner_topics.entry(l).or_insert(0) += 1;
        let reasons = p["reasons"].as_array().unwrap();
        assert!(reasons.len() >= 3);
        assert!(
            reasons[0].as_str().unwrap().contains(if is_peer { "most similar organisation" } else { "is not among the 10 organisations most similar" }),
            "{}",
            reasons[0]
        );
        assert!(p["gap"].as_f64().unwrap() > 0.0);
    }
    assert!(teacher_topic.values().all(|&n| n <= 4), "a learning set per indicator (set_size 4)");
    assert!(teacher_total.values().all(|&n| n <= 3), "capacity across indicators");
    assert!(learner_topics.values().all(|&n| n <= 2), "topics per learner");
    // Roles agree with the pairs, and some organisations both teach and learn.
    let summary = &report["pairing_summary"];
    assert_eq!(summary["matched"].as_u64().unwrap() as usize, pairs.len());
    assert!(summary["both"].as_u64().unwrap() > 0, "{summary}");
    let roles = report["roles"].as_array().unwrap();
    let teaching: usize = roles.iter().map(|r| r["teaches"].as_array().unwrap().len()).sum();
    assert_eq!(teaching, pairs.len());
}

#[test]
fn the_same_file_and_options_give_the_same_pairs() {
    let a = analyse_text(&fixture(), OPTIONS).unwrap();
    let b = analyse_text(&fixture(), OPTIONS).unwrap();
    assert_eq!(a["pairings"], b["pairings"]);
    assert_eq!(a["roles"], b["roles"]);
}

#[test]
fn peers_by_group_and_reciprocal_pairs() {
    // Four organisations in one group, two indicators: A is better on X and worse on Y, B the
    // reverse, so each teaches the other: a reciprocal pair.
    let csv = "Code,Group,Indicator,Numerator,Denominator\n\
               A,G,X,900,1000\nB,G,X,100,1000\nC,G,X,500,1000\nD,G,X,500,1000\n\
               A,G,Y,100,1000\nB,G,Y,900,1000\nC,G,Y,500,1000\nD,G,Y,500,1000\n";
    let report = analyse_text(csv, r#"{"peers":{"within":"Group"},"polarity":"higher_is_better"}"#).unwrap();
    let pairs = report["pairings"].as_array().unwrap();
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    assert!(pairs.iter().all(|p| p["reciprocal"] == true));
    assert!(pairs[0]["reasons"].as_array().unwrap().iter().any(|r| r.as_str().unwrap().contains("In return")));
    assert!(pairs[0]["reasons"][0].as_str().unwrap().contains("same Group"));
    assert_eq!(report["pairing_summary"]["share_both"], 0.5);
}

#[test]
fn ranks_benchmarks_and_opportunities_among_peers() {
    // Group G: A 10 %, B 30 %, C 50 %, D 70 % (of 1,000 each); group H far better, so the overall
    // benchmark differs from G's.
    let csv = "Code,Group,Numerator,Denominator\nA,G,100,1000\nB,G,300,1000\nC,G,500,1000\nD,G,700,1000\n\
               E,H,900,1000\nF,H,950,1000\nI,H,920,1000\nJ,H,940,1000\n";
    let report = analyse_text(csv, r#"{"peers":{"within":"Group"},"polarity":"higher_is_better"}"#).unwrap();
    let orgs = report["indicators"][0]["organisations"].as_array().unwrap();
    let b = &orgs[1];
    assert_eq!(b["peer_rank"], 3, "B is third of A, B, C, D");
    // B's peers are A, C and D: pooled (100 + 500 + 700) / 3,000.
    assert!((b["peer_benchmark"].as_f64().unwrap() - 1300.0 / 3000.0 * 100.0).abs() < 1e-9);
    assert_eq!(b["comparison_peers"], "worse");
    assert_eq!(b["comparison"], "worse", "and worse than the overall pooled 62.6 %");
    // The best quarter of G (10, 30, 50, 70) starts at 55 % (R type 7): 250 more.
    let opportunity = &b["opportunity"];
    assert!((opportunity["peer_best_quartile_value"].as_f64().unwrap() - 55.0).abs() < 1e-9);
    assert!((opportunity["to_peer_best_quartile"]["count"].as_f64().unwrap() - 250.0).abs() < 1e-6);
    assert_eq!(orgs[3]["peer_rank"], 1);
}

/// The issue's case: context on patients, share aged 50+ and IMD 2019, k = 10, default pairing.
const COVERAGE_OPTIONS: &str = r#"{
  "columns": { "context": ["Patients (all ages)", "% aged 50+", "IMD 2019"] },
  "peers": { "k": 10 },
  "pairing": {},
  "polarity": "higher_is_better"
}"#;

#[test]
fn every_learner_with_a_better_organisation_gets_a_teacher_or_a_reason() {
    let report = analyse_text(&fixture(), COVERAGE_OPTIONS).unwrap();
    let pairs = report["pairings"].as_array().unwrap();
    let unmatched = report["unmatched"].as_array().unwrap();
    // Learners that have any significantly better organisation in the file on the indicator.
    let mut with_teacher_somewhere = 0;
    for ind in report["indicators"].as_array().unwrap() {
        let orgs = ind["organisations"].as_array().unwrap();
        if orgs.iter().any(|o| o["comparison"] == "better") {
            with_teacher_somewhere += orgs.iter().filter(|o| o["comparison"] == "worse").count();
        }
    }
    let summary = &report["pairing_summary"];
    assert_eq!(summary["learners"].as_u64().unwrap() as usize, pairs.len() + unmatched.len(), "every learner is paired or listed as unmatched");
    assert!(pairs.len() * 100 >= with_teacher_somewhere * 95, "{} of {with_teacher_somewhere} matched", pairs.len());
    for u in unmatched {
        assert!(u["reason"].as_str().is_some_and(|r| r.len() > 20), "{u}");
    }
    // Every pair cites both organisations' context values side by side.
    for p in pairs {
        let reasons: Vec<&str> = p["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        assert!(
            reasons.iter().any(|r| r.contains("Patients (all ages)") && r.contains("% aged 50+") && r.contains("IMD 2019") && r.contains(" and ")),
            "{reasons:?}"
        );
    }
    // More organisations both teach and learn than before coverage came first (51 of 764).
    assert!(summary["both"].as_u64().unwrap() > 100, "{summary}");
    assert_eq!(summary["teaching_load"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum::<u64>(), summary["teach"].as_u64().unwrap());
}

#[test]
fn a_distance_cap_leaves_learners_out_with_the_reason() {
    let capped = OPTIONS_CAPPED.replace("CAP", "0.05");
    let report = analyse_text(&fixture(), &capped).unwrap();
    let unmatched = report["unmatched"].as_array().unwrap();
    assert!(unmatched.iter().any(|u| u["reason"].as_str().unwrap().contains("distance cap")), "{unmatched:?}");
    for p in report["pairings"].as_array().unwrap() {
        assert!(p["distance"].as_f64().unwrap() <= 0.05, "{p}");
    }
    // The summary states every pairing option in force: the one given and the defaults.
    let summary = &report["pairing_summary"];
    let in_force: Vec<_> = ["confidence", "capacity", "set_size", "max_topics", "max_distance", "capacity_total", "teachers"].map(|k| &summary[k]).into();
    assert_eq!(in_force, [&json!(0.95), &json!(2), &json!(4), &json!(3), &json!(0.05), &json!(null), &json!("better")]);
}

const OPTIONS_CAPPED: &str = r#"{
  "columns": { "context": ["Patients (all ages)", "% aged 50+", "IMD 2019"] },
  "peers": { "k": 10 },
  "pairing": { "max_distance": CAP },
  "polarity": "higher_is_better"
}"#;

#[test]
fn with_overdispersion_every_pair_follows_the_judgement_the_views_show() {
    // Widened limits make many "worse" results "similar" in every view; the pairs must agree.
    for confidence in ["0.95", "0.998"] {
        let options = COVERAGE_OPTIONS
            .replace(r#""pairing": {}"#, &format!(r#""pairing": {{ "confidence": {confidence} }}, "overdispersion": {{ "method": "additive" }}"#));
        let text = fixture();
        let analysis = allteach::analyse(text.as_bytes(), &allteach::Options::from_json(&options).unwrap()).unwrap();
        let at998 = confidence == "0.998";
        let pairing = analysis.pairing.as_ref().unwrap();
        assert!(!pairing.pairs.is_empty());
        for p in &pairing.pairs {
            let ind = &analysis.indicators[p.indicator];
            let (l, t) = (&ind.organisations[p.learner_at], &ind.organisations[p.teacher_at]);
            let seen = |o| allteach::present::outcome(o, ind.polarity);
            assert!(
                matches!(seen(l), allteach::present::Outcome::Worse(level) if !at998 || level == allteach::present::Level::P998),
                "learner shown as {:?}",
                seen(l)
            );
            assert!(
                matches!(seen(t), allteach::present::Outcome::Better(level) if !at998 || level == allteach::present::Level::P998),
                "teacher shown as {:?}",
                seen(t)
            );
        }
        // And some result the plain rule calls worse is similar once the limits are widened.
        let widened = analysis
            .indicators
            .iter()
            .flat_map(|i| &i.organisations)
            .filter(|o| {
                o.comparison == allteach::stats::Comparison::Worse
                    && o.judged(allteach::stats::Polarity::HigherIsBetter, false) == allteach::stats::Comparison::Similar
            })
            .count();
        assert!(widened > 0, "the test needs results that over-dispersion makes similar");
    }
}

/// Three indicators; T is far better on each (the only teacher), L1 and L2 far worse, five
/// others near the benchmark, and X, too small to be judged, below L2 on B and C. L1 is the worst of 9 on all three (the
/// tie goes to A, the file's first); L2 is 8th on A and 7th on B and C: A is the first for both.
fn pressing_file() -> String {
    let mut csv = String::from("Code,Indicator,Numerator,Denominator,Region\n");
    let values = [("T", [900, 900, 900], 1000), ("L1", [500, 590, 590], 1000), ("L2", [510, 610, 610], 1000), ("X", [16, 12, 12], 20)];
    for (code, per, n) in values {
        for (indicator, value) in ["A", "B", "C"].iter().zip(per) {
            csv.push_str(&format!("{code},{indicator},{value},{n},R\n"));
        }
    }
    for m in 1..=5 {
        for indicator in ["A", "B", "C"] {
            csv.push_str(&format!("M{m},{indicator},{},1000,R\n", 668 + m));
        }
    }
    csv
}

/// (learner, indicator) of each pair, and (learner, indicator, reason) of each left out.
type PairsAndLeftOut = (Vec<(String, String)>, Vec<(String, String, String)>);

fn pairs_and_left_out(report: &serde_json::Value) -> PairsAndLeftOut {
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    let pairs = report["pairings"].as_array().unwrap().iter().map(|p| (text(&p["learner"]), text(&p["indicator"]))).collect();
    let left = report["unmatched"].as_array().unwrap().iter().map(|u| (text(&u["learner"]), text(&u["indicator"]), text(&u["reason"]))).collect();
    (pairs, left)
}

#[test]
fn a_learner_works_first_on_the_indicators_where_it_is_furthest_behind() {
    let options = r#"{"polarity":"higher_is_better","peers":{"within":"Region"},"pairing":{"max_topics":2}}"#;
    let report = analyse_text(&pressing_file(), options).unwrap();
    let (mut pairs, left) = pairs_and_left_out(&report);
    pairs.sort();
    let want: Vec<(String, String)> = [("L1", "A"), ("L1", "B"), ("L2", "A"), ("L2", "B")].iter().map(|(l, i)| (l.to_string(), i.to_string())).collect();
    assert_eq!(pairs, want, "each learner's two furthest behind, though T could teach either on all three");
    assert_eq!(left.len(), 2);
    for (_, _, reason) in &left {
        assert!(
            reason.ends_with("2 indicators where it is further behind: a learner works on that many at once, furthest behind first (pairing.max_topics)."),
            "{reason}"
        );
    }
    let reasons: Vec<String> =
        report["pairings"].as_array().unwrap().iter().flat_map(|p| p["reasons"].as_array().unwrap().iter().map(|r| r.to_string())).collect();
    assert!(
        reasons.iter().any(|r| r.contains("Of the 3 indicators on which L1 is significantly worse, it is furthest behind on A (it ranks 9 of 9")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("B is the 2nd furthest behind of the 3 indicators on which L1 is significantly worse")), "{reasons:?}");
    let analysis = allteach::analyse(pressing_file().as_bytes(), &allteach::Options::from_json(options).unwrap()).unwrap();
    let summary = allteach::present::pairing_view(&analysis).unwrap().summary;
    assert!(summary.contains("Each learner works on up to 2 indicators at once, those where it is furthest behind first."), "{summary}");
    assert!(summary.contains("first. 2 have no teacher"), "{summary}");
}

#[test]
fn a_learner_takes_a_less_pressing_indicator_only_when_no_teacher_is_free() {
    // T takes one learner on each indicator, and each learner one indicator: L1 and L2 cannot
    // both learn A (the first for both), so one of them learns its next.
    let options = r#"{"polarity":"higher_is_better","peers":{"within":"Region"},"pairing":{"max_topics":1,"capacity":1,"set_size":1}}"#;
    let report = analyse_text(&pressing_file(), options).unwrap();
    let (mut pairs, left) = pairs_and_left_out(&report);
    pairs.sort();
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    let on_a: Vec<&String> = pairs.iter().filter(|p| p.1 == "A").map(|p| &p.0).collect();
    assert_eq!(on_a.len(), 1, "{pairs:?}");
    let other = if on_a[0] == "L1" { "L2" } else { "L1" };
    assert!(pairs.contains(&(other.to_string(), "B".to_string())), "{pairs:?}");
    let reason_a = left.iter().find(|u| u.0 == other && u.1 == "A").map(|u| u.2.as_str()).unwrap();
    assert!(reason_a.contains("already full"), "{reason_a}");
    let substituted = report["pairings"].as_array().unwrap().iter().find(|p| p["learner"] == other).unwrap();
    assert!(substituted["reasons"].to_string().contains("no teacher was free on one further behind"), "{substituted}");
}

#[test]
fn improving_teachers_without_periods_fall_back_to_significantly_better_ones_as_the_warning_says() {
    let options = OPTIONS_CAPPED.replace(r#""max_distance": CAP"#, r#""teachers": "improving""#);
    let report = analyse_text(&fixture(), &options).unwrap();
    assert!(report["warnings"].to_string().contains("so only significantly better organisations teach"), "{}", report["warnings"]);
    assert_eq!(report["pairing_summary"]["teachers"], "better");
    assert!(!report["pairings"].as_array().unwrap().is_empty(), "better organisations teach");
}

/// T is the only teacher, one learner per indicator; W_A…W_E are each worse on one of A…E, and
/// L on all six, furthest behind on A…E (ties go to the file's order), so F comes last in its
/// list. L is the most similar to T, so it would take one of A…E from its W.
fn one_teacher_file() -> String {
    let mut csv = String::from("Code,Indicator,Numerator,Denominator,Size\n");
    let indicators = ["A", "B", "C", "D", "E", "F"];
    for indicator in indicators {
        csv.push_str(&format!("T,{indicator},900,1000,100\nL,{indicator},{},1000,100\n", if indicator == "F" { 560 } else { 500 }));
        for m in 1..=5 {
            csv.push_str(&format!("M{m},{indicator},{},1000,{}\n", 668 + m, 120 + m));
        }
        for w in &indicators[..5] {
            csv.push_str(&format!("W{w},{indicator},{},1000,150\n", if *w == indicator { 520 } else { 690 }));
        }
    }
    csv
}

#[test]
fn a_learner_moves_to_an_indicator_further_down_its_list_so_that_another_has_a_teacher() {
    // Coverage first: L learns F (its last, not offered at first) so that every W learns the
    // one it needs from T.
    let options = r#"{"polarity":"higher_is_better","columns":{"context":["Size"]},"peers":{"k":11},"pairing":{"max_topics":1,"capacity":1,"set_size":1}}"#;
    let report = analyse_text(&one_teacher_file(), options).unwrap();
    let (mut pairs, _) = pairs_and_left_out(&report);
    pairs.sort();
    let want: Vec<(String, String)> =
        [("L", "F"), ("WA", "A"), ("WB", "B"), ("WC", "C"), ("WD", "D"), ("WE", "E")].iter().map(|(l, i)| (l.to_string(), i.to_string())).collect();
    assert_eq!(pairs, want);
}
