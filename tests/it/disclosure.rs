//! The disclosure policy tried as an attacker would: from everything a default download holds
//! (the results CSV's ranks, neighbours' values, denominators and the benchmark; the pairings
//! CSV; chart SVGs; learning packs), try to recover each suppressed count. The attacker here
//! is written independently of `src/disclosure.rs` and is told more than a real one would be
//! (the benchmark at full precision, and which hidden counts are small).

use allteach::present::{download, results_csv, Disclosed, DownloadRequest, Suppression};
use allteach::{analyse, Analysis, Options};

const UP_TO: f64 = 7.0;

/// One row of the results CSV as a download has it.
#[derive(Debug, Clone)]
struct Row {
    indicator: String,
    code: String,
    numerator: String,
    denominator: String,
    value: String,
    ci: [String; 4],
    benchmark: String,
    comparison: String,
    rank: String,
}

fn parse_results(text: &str) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Row {
                indicator: r[0].to_string(),
                code: r[1].to_string(),
                numerator: r[3].to_string(),
                denominator: r[4].to_string(),
                value: r[5].to_string(),
                ci: [r[6].to_string(), r[7].to_string(), r[8].to_string(), r[9].to_string()],
                benchmark: r[10].to_string(),
                comparison: r[11].to_string(),
                rank: r[12].to_string(),
            }
        })
        .collect()
}

/// Values known to lie in `boxes` and to add up to `sum`: the ones narrowed to one whole
/// number, as (position, value).
fn narrowed(sum: f64, boxes: &[(f64, f64)]) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    for (i, b) in boxes.iter().enumerate() {
        let others = boxes.iter().enumerate().filter(|(j, _)| *j != i);
        let others_lo: f64 = others.clone().map(|(_, b)| b.0).sum();
        let others_hi: f64 = others.map(|(_, b)| b.1).sum();
        let least = b.0.max(sum - others_hi);
        let most = b.1.min(sum - others_lo);
        if least.ceil() == most.floor() {
            out.push((i, least.ceil()));
        }
    }
    out
}

/// The range the policy implies for a hidden value, told the truth about whether it is small:
/// a small one lies from 1 to 7; a larger one above 7 and, when the policy hid it as the next
/// smallest, no more than `bound`, the smallest value shown above 7.
fn policy_box(x: f64, bound: f64) -> (f64, f64) {
    if x < 1.0 {
        (0.0, f64::INFINITY)
    } else if x <= UP_TO {
        (1.0, UP_TO)
    } else {
        (UP_TO + 1.0, bound)
    }
}

/// What the attacker recovered: (indicator, code, count) for each count or population pinned
/// to its value.
fn attack_results(analysis: &Analysis, rows: &[Row]) -> (usize, Vec<(String, String, f64)>) {
    let mut recovered = Vec::new();
    let mut hidden_total = 0;
    for ind in &analysis.indicators {
        let mine: Vec<&Row> = rows.iter().filter(|r| r.indicator == ind.name).collect();
        let result = |code: &str| ind.organisations.iter().find(|o| analysis.code(o) == code).unwrap();
        let truth = |code: &str| result(code).numerator.unwrap();
        let population = |code: &str| result(code).denominator.unwrap();
        let hidden: Vec<&&Row> = mine.iter().filter(|r| r.numerator == "*").collect();
        hidden_total += hidden.len();
        // 1. Anything derived from a hidden count that is still printed gives it away, and a
        // small population printed is itself a small count shown.
        for r in &hidden {
            let derived = [&r.value, &r.comparison, &r.rank].into_iter().chain(r.ci.iter());
            if derived.into_iter().any(|x| x != "*") {
                recovered.push((r.indicator.clone(), r.code.clone(), truth(&r.code)));
            }
        }
        for r in mine.iter().filter(|_| ind.indicator_type != allteach::options::IndicatorType::Ratio) {
            let d = population(&r.code);
            if (1.0..=UP_TO).contains(&d) && r.denominator != "*" {
                recovered.push((r.indicator.clone(), r.code.clone(), d));
            }
        }
        // 2. Ranks: if the printed ranks are not exactly the ranks among the printed values,
        // their gaps place hidden values between two neighbours.
        let shown: Vec<&&Row> = mine.iter().filter(|r| r.numerator != "*").collect();
        let best_high = ind.polarity != allteach::stats::Polarity::LowerIsBetter;
        let value = |r: &Row| r.numerator.parse::<f64>().unwrap() / r.denominator.parse::<f64>().unwrap();
        for r in &shown {
            let v = value(r);
            let better = shown.iter().filter(|q| if best_high { value(q) > v } else { value(q) < v }).count();
            assert_eq!(r.rank, (better + 1).to_string(), "{} {}: the rank is not its rank among the results shown", ind.name, r.code);
        }
        // 3. The totals: the pooled benchmark's fraction in lowest terms gives the total count
        // and the total denominator (the attacker is simply told both). Less the values shown,
        // they are the sums of the hidden ones. Each lies in a range the policy implies; narrow
        // each by the others' ranges and the sum.
        if ind.benchmark.method != "pooled" || hidden.is_empty() || mine.iter().all(|r| r.benchmark == "*") {
            continue;
        }
        let total_den: f64 = mine.iter().map(|r| population(&r.code)).sum();
        let shown_num: f64 = shown.iter().map(|r| r.numerator.parse::<f64>().unwrap()).sum();
        let sum = (ind.benchmark.fraction.unwrap() * total_den).round() - shown_num;
        let smallest_above = shown.iter().map(|r| r.numerator.parse::<f64>().unwrap()).filter(|&x| x > UP_TO).fold(f64::INFINITY, f64::min);
        let smallest_population_above =
            mine.iter().filter(|r| r.denominator != "*").map(|r| r.denominator.parse::<f64>().unwrap()).filter(|&d| d > UP_TO).fold(f64::INFINITY, f64::min);
        let boxes: Vec<(f64, f64)> = hidden
            .iter()
            .map(|r| {
                // A count hidden with its denominator shown was small or the next smallest
                // count; one hidden with its denominator may be neither (a population hid it),
                // and is no more than what the policy says of that denominator.
                let bound = if r.denominator == "*" { f64::INFINITY } else { smallest_above };
                let (lo, hi) = policy_box(truth(&r.code), bound);
                let cap = if r.denominator == "*" { policy_box(population(&r.code), smallest_population_above).1 } else { population(&r.code) };
                (lo, hi.min(cap))
            })
            .collect();
        for (i, x) in narrowed(sum, &boxes) {
            recovered.push((hidden[i].indicator.clone(), hidden[i].code.clone(), x));
        }
        let unprinted: Vec<&&Row> = mine.iter().filter(|r| r.denominator == "*").collect();
        let printed = || mine.iter().filter(|r| r.denominator != "*").map(|r| r.denominator.parse::<f64>().unwrap());
        let smallest_above = printed().filter(|&d| d > UP_TO).fold(f64::INFINITY, f64::min);
        let boxes: Vec<(f64, f64)> = unprinted.iter().map(|r| policy_box(population(&r.code), smallest_above)).collect();
        for (i, d) in narrowed(total_den - printed().sum::<f64>(), &boxes) {
            recovered.push((unprinted[i].indicator.clone(), unprinted[i].code.clone(), d));
        }
    }
    (hidden_total, recovered)
}

fn hidden_codes(rows: &[Row]) -> Vec<(String, String)> {
    rows.iter().filter(|r| r.numerator == "*").map(|r| (r.indicator.clone(), r.code.clone())).collect()
}

fn ask(analysis: &Analysis, disclosed: &Disclosed, json: &str) -> Result<String, String> {
    let request: DownloadRequest = serde_json::from_str(json).unwrap();
    download(analysis, disclosed, &request).map(|d| d.text)
}

/// The other downloads show no hidden result: no mark in any chart, no pair, and the learning
/// pack of an organisation with a hidden result does not print its interval.
fn attack_other_downloads(analysis: &Analysis, rows: &[Row]) {
    let disclosed = Disclosed::new(analysis, &Suppression::default());
    let hidden = hidden_codes(rows);
    for (i, ind) in analysis.indicators.iter().enumerate() {
        let codes: Vec<&str> = hidden.iter().filter(|h| h.0 == ind.name).map(|h| h.1.as_str()).collect();
        for what in [format!(r#"{{"what":"funnel","indicator":{i}}}"#), format!(r#"{{"what":"compare","indicator":{i}}}"#)] {
            let Ok(svg) = ask(analysis, &disclosed, &what) else { continue };
            assert!(svg.contains("suppression applied"), "the chart says it is suppressed");
            for code in &codes {
                assert!(!svg.contains(&format!("data-org=\"{code}\"")), "{what}: a mark for the hidden {code}");
            }
        }
    }
    if let Ok(pairs) = ask(analysis, &disclosed, r#"{"what":"pairings_csv"}"#) {
        for line in pairs.lines().skip(1) {
            for (ind, code) in &hidden {
                assert!(!(line.starts_with(&format!("{ind},")) && line.contains(&format!(",{code},"))), "a pair shows the hidden {code} on {ind}: {line}");
            }
        }
    }
    // A few learning packs of organisations with hidden results.
    for (ind_name, code) in hidden.iter().take(25) {
        let pack = ask(analysis, &disclosed, &format!(r#"{{"what":"learning_pack","code":"{code}"}}"#)).unwrap();
        assert!(!pack.contains(&format!("<tr><td>{ind_name}</td>")), "{code}'s learning pack has a row for its suppressed result on {ind_name}");
        assert!(pack.contains("suppression applied"), "the pack says it is suppressed");
    }
}

#[test]
fn no_suppressed_count_is_recovered_from_the_national_qof_downloads() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qof_2223_prevalence_by_practice_long.csv")).unwrap();
    let analysis = analyse(&bytes, &Options::default()).unwrap();
    let out = results_csv(&analysis, &Suppression::default());
    let rows = parse_results(&out.text);
    let (hidden, recovered) = attack_results(&analysis, &rows);
    assert!(hidden > 3000, "the national file has thousands of small counts to protect; {hidden} hidden");
    assert!(recovered.is_empty(), "{} of {hidden} suppressed counts recovered, e.g. {:?}", recovered.len(), &recovered[..recovered.len().min(5)]);
    attack_other_downloads(&analysis, &rows);
}

/// A small deterministic generator (xorshift), so the random indicators are the same each run.
struct Random(u64);
impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn no_suppressed_count_is_recovered_from_small_random_indicators() {
    let mut random = Random(0x05ee_da11_7eac);
    let mut csv = String::from("Code,Indicator,Numerator,Denominator,Region\n");
    for indicator in 0..400 {
        let organisations = 2 + random.below(12);
        for org in 0..organisations {
            let range = if random.below(3) == 0 { 20 } else { 400 };
            let denominator = 1 + random.below(range);
            // Mostly small counts, as in the indicators suppression is for.
            let numerator = match random.below(4) {
                0 => random.below(3),
                1 => random.below(9),
                2 => random.below(20),
                _ => random.below(denominator + 1),
            }
            .min(denominator);
            csv.push_str(&format!("O{org:02},I{indicator:03},{numerator},{denominator},R{}\n", org % 3));
        }
    }
    let options: Options = Options::from_json(r#"{"polarity":"higher_is_better","peers":{"within":"Region"},"pairing":{}}"#).unwrap();
    let analysis = analyse(csv.as_bytes(), &options).unwrap();
    let out = results_csv(&analysis, &Suppression::default());
    let rows = parse_results(&out.text);
    let (hidden, recovered) = attack_results(&analysis, &rows);
    assert!(hidden > 500, "{hidden} hidden");
    assert!(recovered.is_empty(), "{} of {hidden} suppressed counts recovered, e.g. {:?}", recovered.len(), &recovered[..recovered.len().min(5)]);
    attack_other_downloads(&analysis, &rows);
}

#[test]
fn secondary_suppression_never_takes_a_zero_and_a_lone_benchmark_is_withheld() {
    // B's 0 protects nothing: the next smallest non-zero count (C's 30) is hidden instead.
    let analysis = analyse(b"Code,Numerator,Denominator\nA,3,100\nB,0,100\nC,30,100\nD,55,100\n", &Options::default()).unwrap();
    let rows = parse_results(&results_csv(&analysis, &Suppression::default()).text);
    let shown: Vec<(&str, &str)> = rows.iter().map(|r| (r.code.as_str(), r.numerator.as_str())).collect();
    assert_eq!(shown, [("A", "*"), ("B", "0"), ("C", "*"), ("D", "55")]);
    // With every other count zero, the pooled benchmark alone would give A's count away.
    let analysis = analyse(b"Code,Numerator,Denominator\nA,3,100\nB,0,100\nC,0,100\n", &Options::default()).unwrap();
    let out = results_csv(&analysis, &Suppression::default());
    let rows = parse_results(&out.text);
    assert_eq!(rows[0].numerator, "*");
    assert!(out.text.lines().skip(1).all(|l| l.split(',').nth(10) == Some("*")), "the benchmark is withheld: {}", out.text);
}

#[test]
fn every_download_says_whether_it_is_suppressed() {
    let csv =
        "Code,Name,Numerator,Denominator,Region\nA,Unit One,3,90,N\nB,Unit Two,5,90,N\nC,Unit Three,40,100,N\nD,Unit Four,60,100,N\nE,Unit Five,45,100,N\n";
    let analysis = analyse(csv.as_bytes(), &Options::from_json(r#"{"peers":{"within":"Region"},"pairing":{}}"#).unwrap()).unwrap();
    for (policy, words) in [(Suppression::default(), "suppression applied"), (Suppression::off(), "Not suppressed")] {
        let disclosed = Disclosed::new(&analysis, &policy);
        let policy_json = format!(r#""suppression":{{"up_to":{}}}"#, policy.up_to);
        for what in [
            r#""what":"results_csv""#,
            r#""what":"pairings_csv""#,
            r#""what":"roles_csv""#,
            r#""what":"funnel","indicator":0"#,
            r#""what":"compare","indicator":0"#,
            r#""what":"overview""#,
            r#""what":"spine","code":"C""#,
            r#""what":"learning_pack","code":"C""#,
        ] {
            let json = format!("{{{what},{policy_json},\"source\":\"units.csv\",\"date\":\"5 December 2026\"}}");
            let text = ask(&analysis, &disclosed, &json).unwrap();
            assert!(text.contains(words), "{what} under {policy:?} does not say \"{words}\":\n{text}");
            if text.starts_with("<svg") {
                assert!(text.contains("units.csv") && text.contains("5 December 2026"), "{what}: the frame names the source and date");
                let marked = text.contains(r#"data-org="A""#);
                if what.contains("funnel") || what.contains("compare") {
                    assert_eq!(marked, policy.up_to == 0.0, "{what}: the suppressed unit's mark");
                }
            }
        }
    }
}

#[test]
fn the_attacker_recovers_what_primary_suppression_alone_would_leave() {
    // Without the secondary suppression, A's 3 follows from the pooled benchmark: the attacker
    // above must find it, or its silence elsewhere would prove nothing.
    let analysis = analyse(b"Code,Numerator,Denominator\nA,3,100\nB,40,100\nC,12,100\nD,55,100\n", &Options::default()).unwrap();
    let on = parse_results(&results_csv(&analysis, &Suppression::default()).text);
    let off = parse_results(&results_csv(&analysis, &Suppression::off()).text);
    assert_eq!(on[2].numerator, "*", "C is the secondary suppression");
    let mut naive = on.clone();
    naive[2] = off[2].clone();
    for r in naive.iter_mut().filter(|r| r.numerator != "*") {
        r.rank = off
            .iter()
            .filter(|q| q.numerator != "*" && q.code != "A")
            .filter(|q| q.numerator.parse::<f64>().unwrap() > r.numerator.parse::<f64>().unwrap())
            .count()
            .saturating_add(1)
            .to_string();
    }
    let (_, recovered) = attack_results(&analysis, &naive);
    assert_eq!(recovered, [("Numerator out of Denominator".to_string(), "A".to_string(), 3.0)]);
}

#[test]
fn a_small_population_is_a_small_count_and_the_attacker_finds_it_when_unprotected() {
    // A's list of 5 is a count of people: hidden with its result even though its count is 0.
    // The pooled benchmark gives the total denominator, so the next smallest population (B's
    // 100, first of two) is hidden too; without that, the attacker works A's 5 out.
    let analysis = analyse(b"Code,Numerator,Denominator\nA,0,5\nB,40,100\nC,12,120\nD,55,100\n", &Options::default()).unwrap();
    let on = parse_results(&results_csv(&analysis, &Suppression::default()).text);
    let shown: Vec<(&str, &str, &str)> = on.iter().map(|r| (r.code.as_str(), r.numerator.as_str(), r.denominator.as_str())).collect();
    assert_eq!(shown, [("A", "*", "*"), ("B", "*", "*"), ("C", "12", "120"), ("D", "55", "100")]);
    assert!(attack_results(&analysis, &on).1.is_empty());
    let off = parse_results(&results_csv(&analysis, &Suppression::off()).text);
    let mut naive = on.clone();
    naive[1] = off[1].clone();
    let value = |r: &Row| r.numerator.parse::<f64>().unwrap() / r.denominator.parse::<f64>().unwrap();
    let values: Vec<f64> = naive.iter().filter(|r| r.numerator != "*").map(value).collect();
    for r in naive.iter_mut().filter(|r| r.numerator != "*") {
        r.rank = (values.iter().filter(|&&v| v > value(r)).count() + 1).to_string();
    }
    let (_, recovered) = attack_results(&analysis, &naive);
    assert!(recovered.contains(&("Numerator out of Denominator".to_string(), "A".to_string(), 5.0)), "{recovered:?}");
    // A ratio's denominator is an expected count from a model, not people: not suppressed.
    let ratio = analyse(b"Code,Observed,Expected\nA,9,5.2\nB,40,38.1\nC,12,15.5\n", &Options::from_json(r#"{"type":"ratio"}"#).unwrap()).unwrap();
    let rows = parse_results(&results_csv(&ratio, &Suppression::default()).text);
    assert_eq!((rows[0].numerator.as_str(), rows[0].denominator.as_str()), ("9", "5.2"));
}

#[test]
fn a_series_with_a_small_population_in_any_period_is_not_downloadable() {
    let mut csv = String::from("Code,Period,Numerator,Denominator\n");
    for month in 1..=12 {
        let small = if month == 5 { 6 } else { 300 };
        csv.push_str(&format!("A,2025-{month:02},150,300\nB,2025-{month:02},{},{small}\n", if month == 5 { 0 } else { 140 }));
    }
    let analysis = analyse(csv.as_bytes(), &Options::default()).unwrap();
    for (policy, code, allowed) in [(Suppression::default(), "A", true), (Suppression::default(), "B", false), (Suppression::off(), "B", true)] {
        let disclosed = Disclosed::new(&analysis, &policy);
        let answer = ask(&analysis, &disclosed, &format!(r#"{{"what":"spc","indicator":0,"code":"{code}","suppression":{{"up_to":{}}}}}"#, policy.up_to));
        assert_eq!(answer.is_ok(), allowed, "{code} under {policy:?}: {answer:?}");
        if let Err(message) = answer {
            assert!(message.contains("a population of 1 to 7"), "{message}");
        }
    }
}

#[test]
fn one_of_one_is_hidden_without_taking_the_whole_indicator_with_it() {
    // A's 1 of 1: its denominator is hidden too, so the attacker cannot cap its count by it;
    // the indicator keeps its benchmark and the counts that protect nothing.
    let analysis = analyse(b"Code,Numerator,Denominator\nA,1,1\nB,40,100\nC,12,120\nD,55,100\nE,70,130\n", &Options::default()).unwrap();
    let rows = parse_results(&results_csv(&analysis, &Suppression::default()).text);
    let shown: Vec<&str> = rows.iter().filter(|r| r.numerator != "*").map(|r| r.code.as_str()).collect();
    assert!(shown.len() >= 2, "only A and what protects it are hidden: {shown:?}");
    assert!(rows.iter().all(|r| r.benchmark != "*"), "the benchmark stays");
    assert!(attack_results(&analysis, &rows).1.is_empty());
}

#[test]
fn a_pair_exported_never_counts_the_learners_hidden_results() {
    // L is far behind on A (shown) and on B, whose count of 3 is hidden: on the page its pair
    // on A says it is worse on 2 indicators; a download must not (nor, with B hidden, pair it there).
    let mut csv = String::from("Code,Indicator,Numerator,Denominator,Region\nL,A,300,1000,R\nL,B,3,100,R\nT,A,800,1000,R\nT,B,90,100,R\n");
    for m in 1..=5 {
        csv.push_str(&format!("M{m},A,{},1000,R\nM{m},B,{},100,R\n", 500 + m, 50 + m));
    }
    let analysis =
        analyse(csv.as_bytes(), &Options::from_json(r#"{"polarity":"higher_is_better","peers":{"within":"Region"},"pairing":{}}"#).unwrap()).unwrap();
    let reasons_on_a = |a: &allteach::analysis::Analysis| -> String {
        let view = allteach::present::pairing_view(a).unwrap();
        view.rows.iter().filter(|r| r.learner_code == "L" && r.indicator == "A").flat_map(|r| r.reasons.clone()).collect::<Vec<_>>().join(" ")
    };
    assert!(reasons_on_a(&analysis).contains("Of the 2 indicators on which L is significantly worse"), "{}", reasons_on_a(&analysis));
    let disclosed = Disclosed::new(&analysis, &Suppression::default());
    let shown = reasons_on_a(&disclosed.analysis);
    assert!(shown.contains("L significantly worse than the benchmark"), "the pair on A is still exported: {shown}");
    assert!(!shown.contains("indicators on which"), "{shown}");
    assert!(disclosed.analysis.pairing.as_ref().unwrap().pairs.iter().all(|p| p.worse_on == 1), "only A is shown for L");
}

#[test]
fn a_context_value_that_could_be_a_small_count_is_written_in_no_download() {
    // L and T are peers on their context; L's deaths (3) could identify people, its list size
    // could not. On the page the pair's reasons show both; the pairs CSV and the learning pack
    // show the list sizes and withhold the 3, and with suppression off they show it.
    let mut csv = String::from("Code,Indicator,Numerator,Denominator,Deaths,List size\nL,A,300,1000,3,5200\nT,A,800,1000,12,5400\n");
    for m in 1..=8 {
        csv.push_str(&format!("M{m},A,{},1000,{},{}\n", 500 + m, 40 + m, 9000 + 300 * m));
    }
    let options = r#"{"polarity":"higher_is_better","columns":{"context":["Deaths","List size"]},"peers":{"k":2},"pairing":{}}"#;
    let analysis = analyse(csv.as_bytes(), &Options::from_json(options).unwrap()).unwrap();
    let on_page = allteach::present::pairing_view(&analysis).unwrap().rows.iter().flat_map(|r| r.reasons.clone()).collect::<Vec<_>>().join(" ");
    assert!(on_page.contains("Deaths 3 and 12; List size 5,200 and 5,400"), "{on_page}");
    let disclosed = Disclosed::new(&analysis, &Suppression::default());
    for what in [r#"{"what":"pairings_csv"}"#, r#"{"what":"learning_pack","code":"L"}"#] {
        let text = ask(&analysis, &disclosed, what).unwrap();
        assert!(text.contains("Deaths a small number (not shown) and 12; List size 5,200 and 5,400"), "{what}: {text}");
        assert!(!text.contains("Deaths 3"), "{what}");
    }
    let open = Disclosed::new(&analysis, &Suppression::off());
    assert!(ask(&analysis, &open, r#"{"what":"pairings_csv"}"#).unwrap().contains("Deaths 3 and 12"));
}

#[test]
fn the_redacted_copy_shares_the_file_instead_of_copying_it() {
    // A download works from a redacted copy of the analysis; a copy of the file's table and
    // observations in it doubled a big file's memory on the first download.
    let analysis = analyse(b"Code,Numerator,Denominator\nA,3,40\nB,20,50\nC,30,60\n", &Options::default()).unwrap();
    let disclosed = Disclosed::new(&analysis, &Suppression::default());
    assert!(std::sync::Arc::ptr_eq(&disclosed.analysis.dataset, &analysis.dataset));
    assert!(disclosed.disclosure.primary > 0, "A's count of 3 is suppressed in the copy");
}
