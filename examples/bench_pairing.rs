//! Peers and pairings at national scale (run by `./dev bench`; not a test): 6,378 practices ×
//! 21 QOF registers with list size, share aged 50+ and IMD 2019 as context, k = 10. Prints
//! medians and the comparison with a greedy "best available teacher" baseline.
//!
//! `-- --dimacs FILE` instead writes the first pass's flow network (the one solve that is most
//! of the pairing's time) as a DIMACS minimum-cost flow problem, for `bench/solvers/`.

use std::collections::HashMap;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The national long file with each practice's context joined on.
pub fn national_file() -> Vec<u8> {
    let long = std::fs::read_to_string("bench/data/qof_2223_prevalence_by_practice_long.csv").expect("QOF file");
    let context = std::fs::read_to_string("bench/data/practice_context_2223.csv").expect("context file");
    let mut by_code: HashMap<&str, &str> = HashMap::new();
    for line in context.lines().skip(1) {
        if let Some((code, rest)) = line.split_once(',') {
            by_code.insert(code, rest);
        }
    }
    let mut out = String::with_capacity(long.len() * 2);
    out.push_str("PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE,ICB,LIST_SIZE_TOTAL,PCT_AGED_50_PLUS,IMD_2019\n");
    for line in long.lines().skip(1) {
        let code = line.split(',').next().unwrap_or("");
        let fields: Vec<&str> = line.split(',').collect();
        out.push_str(&format!("{},{},{},{},{},{}\n", fields[0], fields[1], fields[2], fields[3], fields[4], by_code.get(code).copied().unwrap_or(",,,")));
    }
    out.into_bytes()
}

const COLUMNS: &str = r#""code":"PRACTICE_CODE","indicator":"GROUP_CODE","numerator":"REGISTER","denominator":"PRACTICE_LIST_SIZE""#;
const CONTEXT: &str = r#","context":["LIST_SIZE_TOTAL","PCT_AGED_50_PLUS","IMD_2019"]"#;
const PEERS: &str = r#","peers":{"k":10,"sqrt":["LIST_SIZE_TOTAL"]}"#;

/// Writes the first pass's flow network as DIMACS to `path`, then times this crate's solve of
/// it three times, printed as `bench/solvers/` prints the others.
fn write_dimacs(bytes: &[u8], options: &allteach::Options, path: &str) {
    let a = allteach::analyse(bytes, options).expect("analysis");
    let mut first = None;
    let opts = allteach::options::PairingOptions::default();
    allteach::pairing::pair_with(&a.indicators, &a.org_index, a.organisations.len(), a.peers.as_ref().expect("peers"), &opts, |p| {
        first.get_or_insert_with(|| p.clone());
        p.solve()
    });
    let problem = first.expect("a flow problem");
    std::fs::write(path, problem.dimacs()).expect("DIMACS file written");
    for _ in 0..3 {
        let t = Instant::now();
        let chosen = problem.solve();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let cost = problem.objective(&chosen).expect("a feasible optimum");
        println!(r#"{{"solver":"Allteach successive shortest paths","optimal":true,"cost":{cost},"ms":{ms:.1}}}"#);
    }
}

fn main() {
    let bytes = national_file();
    let json = |context: &str, peers: &str| format!(r#"{{"columns":{{{COLUMNS}{context}}}{peers},"polarity":"higher_is_better"}}"#);
    if let [flag, path] = &std::env::args().skip(1).collect::<Vec<_>>()[..] {
        assert_eq!(flag, "--dimacs", "usage: bench_pairing [--dimacs FILE]");
        return write_dimacs(&bytes, &allteach::Options::from_json(&json(CONTEXT, PEERS)).expect("options"), path);
    }
    let plain = allteach::Options::from_json(&json("", "")).expect("options");
    let options = allteach::Options::from_json(&json(CONTEXT, PEERS)).expect("options");
    let (mut without, mut with) = (Vec::new(), Vec::new());
    let mut analysis = None;
    for _ in 0..5 {
        let t = Instant::now();
        let plain_analysis = allteach::analyse(&bytes, &plain).expect("analysis");
        without.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(plain_analysis.peers.is_none());
        let t = Instant::now();
        analysis = Some(allteach::analyse(&bytes, &options).expect("analysis"));
        with.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let a = analysis.expect("ran");
    let peers = a.peers.as_ref().expect("peers");
    // The two stages on their own.
    let (mut peer_times, mut pair_times) = (Vec::new(), Vec::new());
    let context_values: Vec<Vec<Option<f64>>> = ["LIST_SIZE_TOTAL", "PCT_AGED_50_PLUS", "IMD_2019"]
        .iter()
        .map(|name| {
            let col = a.dataset.headers.iter().position(|h| h == name).expect("column");
            a.organisations.iter().map(|&r| a.dataset.record_number(r, col)).collect()
        })
        .collect();
    for _ in 0..5 {
        let variables = peers.variables.clone();
        let t = Instant::now();
        let set = allteach::peers::find_peers(variables, &context_values, None, Some(10), None);
        peer_times.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(&set, peers);
        let t = Instant::now();
        let p = allteach::pairing::pair(&a.indicators, &a.org_index, a.organisations.len(), peers, &allteach::options::PairingOptions::default());
        pair_times.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(Some(&p), a.pairing.as_ref());
    }
    let opts = allteach::options::PairingOptions::default();
    let greedy = allteach::pairing::pair_with(&a.indicators, &a.org_index, a.organisations.len(), peers, &opts, allteach::pairing::Problem::greedy);
    let optimal = a.pairing.as_ref().expect("pairing");
    let describe = |p: &allteach::pairing::Pairing| {
        let n = a.organisations.len();
        let (mut teach, mut learn) = (vec![false; n], vec![false; n]);
        for pair in &p.pairs {
            teach[pair.teacher] = true;
            learn[pair.learner] = true;
        }
        let both = (0..n).filter(|&i| teach[i] && learn[i]).count();
        let distances: Vec<f64> = p.pairs.iter().filter_map(|x| x.distance).collect();
        format!(
            "{{\"matched\":{},\"learners\":{},\"mean_distance\":{:.4},\"teachers\":{},\"both\":{},\"share_both\":{:.4}}}",
            p.pairs.len(),
            p.learner_topics,
            distances.iter().sum::<f64>() / distances.len().max(1) as f64,
            teach.iter().filter(|&&t| t).count(),
            both,
            both as f64 / n as f64
        )
    };
    println!(
        "{{\"organisations\":{},\"rows\":{},\"analyse_ms\":{:.1},\"analyse_with_peers_and_pairs_ms\":{:.1},\"peers_ms\":{:.1},\"pairing_ms\":{:.1},\"optimal\":{},\"greedy\":{}}}",
        a.organisations.len(),
        a.dataset.rows_read,
        median(without),
        median(with),
        median(peer_times),
        median(pair_times),
        describe(optimal),
        describe(&greedy)
    );
}
