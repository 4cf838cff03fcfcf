//! The flow's optimum equals brute force on every small instance of a seeded generator.

use super::problem::{Candidate, Problem, Weights};

/// A small deterministic generator (no dependency, same sequence on every platform).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn random_problem(seed: u64) -> Problem {
    let mut r = Lcg(seed);
    let organisations = 2 + r.next(7) as usize; // up to 8
    let topics = 1 + r.next(3) as usize;
    let mut candidates = Vec::new();
    let mut learner_topics = 0;
    for learner in 0..organisations {
        for topic in 0..topics {
            if learner_topics >= 7 || r.next(3) != 0 {
                continue;
            }
            learner_topics += 1;
            for teacher in 0..organisations {
                if teacher != learner && r.next(2) == 0 {
                    candidates.push(Candidate { learner, teacher, topic, cost: r.next(1200) as i64 - 100 });
                }
            }
        }
    }
    let mut learns_somewhere = vec![false; organisations];
    for c in &candidates {
        learns_somewhere[c.learner] = true;
    }
    Problem {
        organisations,
        candidates,
        capacity: 1 + r.next(2) as i64,
        set_size: 1 + r.next(4) as i64,
        capacity_total: if r.next(2) == 0 { Some(1 + r.next(3) as i64) } else { None },
        max_topics: 1 + r.next(3) as i64,
        learns_somewhere,
        weights: Weights::default(),
    }
}

/// Every assignment of a candidate teacher (or none) to each learner×topic.
fn brute_force(p: &Problem) -> i64 {
    use std::collections::BTreeMap;
    let mut groups: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, c) in p.candidates.iter().enumerate() {
        groups.entry((c.learner, c.topic)).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().collect();
    let mut best = 0; // the empty assignment
    let mut choice = vec![0usize; groups.len()];
    loop {
        let chosen: Vec<usize> = groups.iter().zip(&choice).filter(|(_, &c)| c > 0).map(|(g, &c)| g[c - 1]).collect();
        if let Some(cost) = p.objective(&chosen) {
            best = best.min(cost);
        }
        let mut i = 0;
        loop {
            if i == groups.len() {
                return best;
            }
            choice[i] += 1;
            if choice[i] <= groups[i].len() {
                break;
            }
            choice[i] = 0;
            i += 1;
        }
    }
}

#[test]
fn the_flow_is_optimal_on_every_small_instance() {
    let mut checked = 0;
    for seed in 0..600 {
        let p = random_problem(seed);
        let chosen = p.solve();
        let cost = p.objective(&chosen).unwrap_or_else(|| panic!("seed {seed}: the flow broke a constraint"));
        assert_eq!(cost, brute_force(&p), "seed {seed}: {p:?}");
        let greedy = p.objective(&p.greedy()).unwrap_or_else(|| panic!("seed {seed}: greedy broke a constraint"));
        assert!(cost <= greedy, "seed {seed}: the optimum can never be worse than greedy");
        checked += 1;
    }
    assert_eq!(checked, 600);
}

#[test]
fn more_pairs_always_beat_cheaper_pairs() {
    // Two learners, one teacher with capacity 2: both are matched even though the second
    // pair is expensive.
    let p = Problem {
        organisations: 3,
        candidates: vec![Candidate { learner: 0, teacher: 2, topic: 0, cost: 0 }, Candidate { learner: 1, teacher: 2, topic: 0, cost: 900 }],
        capacity: 2,
        set_size: 2,
        capacity_total: None,
        max_topics: 1,
        learns_somewhere: vec![true, true, false],
        weights: Weights::default(),
    };
    assert_eq!(p.solve(), vec![0, 1]);
}

#[test]
fn teaching_is_spread_across_teachers() {
    // Two learners could both learn from teacher 2 (slightly more similar) or one each from
    // teachers 2 and 3: spreading wins because a second learner costs a teacher 200.
    let p = Problem {
        organisations: 4,
        candidates: vec![
            Candidate { learner: 0, teacher: 2, topic: 0, cost: 0 },
            Candidate { learner: 1, teacher: 2, topic: 0, cost: 0 },
            Candidate { learner: 1, teacher: 3, topic: 0, cost: 50 },
        ],
        capacity: 2,
        set_size: 2,
        capacity_total: None,
        max_topics: 1,
        learns_somewhere: vec![true, true, false, false],
        weights: Weights::default(),
    };
    assert_eq!(p.solve(), vec![0, 2]);
}

#[test]
fn a_scarce_teacher_takes_a_learning_set_rather_than_turn_learners_away() {
    // Four learners and one teacher who may take two at no extra cost: as a set of up to four,
    // it takes all four; a second teacher, even a less similar one, is preferred for the third.
    let candidates = |with_second: bool| {
        let mut c: Vec<Candidate> = (0..4).map(|l| Candidate { learner: l, teacher: 4, topic: 0, cost: 0 }).collect();
        if with_second {
            c.push(Candidate { learner: 2, teacher: 5, topic: 0, cost: 900 });
        }
        c
    };
    let problem = |with_second: bool| Problem {
        organisations: 6,
        candidates: candidates(with_second),
        capacity: 2,
        set_size: 4,
        capacity_total: None,
        max_topics: 1,
        learns_somewhere: vec![true, true, true, true, false, false],
        weights: Weights::default(),
    };
    assert_eq!(problem(false).solve().len(), 4, "all four learn, as a set");
    let chosen = problem(true).solve();
    assert_eq!(chosen.len(), 4);
    assert!(chosen.contains(&4), "the third learner goes to the second teacher: {chosen:?}");
    // With no room for a set, one learner in four is turned away.
    let mut tight = problem(false);
    tight.set_size = 2;
    assert_eq!(tight.solve().len(), 2);
}

#[test]
fn roles_are_tallied_once_for_every_view() {
    let pair = |indicator, teacher, learner| super::Pair {
        indicator,
        learner,
        teacher,
        learner_at: learner,
        teacher_at: teacher,
        distance: None,
        peer_rank: 1,
        beyond_peers: false,
        set: 1,
        reciprocal: false,
        pressing: 1,
        worse_on: 1,
    };
    // 0 teaches twice, 1 teaches once and learns once, 2 and 3 learn: 1 is the only one in both roles.
    let pairing = super::Pairing {
        pairs: vec![pair(0, 0, 1), pair(1, 0, 2), pair(1, 1, 3), pair(2, 0, 3)],
        learner_topics: 5,
        options: Default::default(),
        unmatched: Vec::new(),
    };
    let roles = pairing.roles(5);
    assert_eq!(roles.teaches, vec![vec![0, 1, 3], vec![2], vec![], vec![], vec![]]);
    assert_eq!(roles.learns, vec![vec![], vec![0], vec![1], vec![2, 3], vec![]]);
    assert_eq!(roles.counts(), (2, 3, 1));
    assert_eq!(roles.teaching_load(), vec![1, 0, 1], "one teacher with one pair, one with three");
    assert!(roles.active(3) && !roles.active(4));
}

#[test]
fn a_later_pass_solved_from_the_last_optimum_reaches_the_same_optimum() {
    // Each small instance, first with only part of its candidates (as a first pass offers),
    // then with all of them: the warm solver's second answer costs exactly what solving the
    // whole afresh costs, and brute force agrees.
    let mut warmed = 0;
    for seed in 0..400 {
        let whole = random_problem(seed);
        let mut r = Lcg(seed ^ 0x5eed);
        let mut first = whole.clone();
        let topics: std::collections::BTreeSet<(usize, usize)> = whole.candidates.iter().map(|c| (c.learner, c.topic)).collect();
        // Keep every learner×topic's first candidate (its units must not change) and some others.
        let mut seen = std::collections::BTreeSet::new();
        first.candidates.retain(|c| seen.insert((c.learner, c.topic)) || r.next(3) == 0);
        assert_eq!(topics.len(), seen.len());
        // Half the time the later pass lists its candidates in another order.
        let mut whole = whole;
        if seed % 2 == 1 {
            whole.candidates.reverse();
        }
        let mut warm = super::problem::Warm::default();
        let early = warm.solve(&first);
        assert_eq!(first.objective(&early), Some(brute_force(&first)), "seed {seed}: first pass");
        let later = warm.solve(&whole);
        assert_eq!(whole.objective(&later), Some(brute_force(&whole)), "seed {seed}: warm second pass");
        assert_eq!(whole.objective(&later), whole.objective(&whole.solve()), "seed {seed}");
        assert_eq!(warm.repaired, 1, "seed {seed}: the second pass started from the first's optimum");
        warmed += usize::from(first.candidates.len() < whole.candidates.len());
    }
    assert!(warmed > 200, "most instances add candidates in the second pass: {warmed}");
}

#[test]
fn a_later_problem_that_is_not_the_last_with_candidates_added_is_solved_afresh() {
    // A candidate dropped, a cost changed, a new learner×topic: none can start from the last
    // optimum, and each is still solved to its own optimum.
    let mut afresh = 0;
    for seed in 0..300 {
        let first = random_problem(seed);
        if first.candidates.len() < 2 {
            continue;
        }
        let mut dropped = first.clone();
        dropped.candidates.pop();
        let mut costlier = first.clone();
        costlier.candidates[0].cost += 1;
        let mut new_topic = first.clone();
        let c = first.candidates[0];
        new_topic.candidates.push(Candidate { topic: c.topic + 10, ..c });
        for (what, later) in [("dropped", dropped), ("costlier", costlier), ("new topic", new_topic)] {
            let mut warm = super::problem::Warm::default();
            warm.solve(&first);
            let chosen = warm.solve(&later);
            assert_eq!(warm.repaired, 0, "seed {seed}, {what}: not an extension");
            assert_eq!(later.objective(&chosen), Some(brute_force(&later)), "seed {seed}, {what}");
            afresh += 1;
        }
    }
    assert!(afresh > 600, "{afresh}");
}

#[test]
fn the_network_is_written_as_dimacs_for_other_solvers() {
    let problem = Problem {
        organisations: 2,
        candidates: vec![Candidate { learner: 0, teacher: 1, topic: 0, cost: 5 }],
        capacity: 1,
        set_size: 1,
        capacity_total: None,
        max_topics: 3,
        learns_somewhere: vec![true, false],
        weights: Weights::default(),
    };
    // Source 1, sink 2, the learner 3, its topic 4, the teacher 5, the teacher's topic 6.
    let expected = "p min 6 6\nn 1 1\nn 2 -1\na 1 3 0 1 0\na 3 2 0 1 0\na 3 4 0 1 0\na 6 5 0 1 0\na 4 6 0 1 -999999995\na 5 2 0 1 0\n";
    assert_eq!(problem.dimacs(), expected);
    // Solving moves flow, not the problem: the same text after a solve.
    let mut net = super::flow::Network::new(3);
    let arc = net.add_arc(0, 2, 2, 7);
    net.add_arc(2, 1, 2, -1);
    let before = net.dimacs(0, 1);
    assert_eq!(net.min_cost_flow(0, 1), (2, 12));
    assert_eq!(net.flow(arc), 2);
    assert_eq!(net.dimacs(0, 1), before);
}

#[test]
fn a_sparse_problem_keeps_small_tables_and_the_same_optimum() {
    // The small instances again, their organisations and topics spread far apart, as in a file
    // of many organisations and many indicators with few rows each: a flat table would need
    // 5,000 × 200,001 entries.
    for seed in 0..60 {
        let p = random_problem(seed);
        let mut spread = p.clone();
        spread.organisations = 5_000;
        spread.learns_somewhere = vec![false; spread.organisations];
        for c in spread.candidates.iter_mut() {
            (c.learner, c.teacher, c.topic) = (c.learner * 600 + 7, c.teacher * 600 + 7, (c.topic + 1) * 50_000);
        }
        for (o, &learns) in p.learns_somewhere.iter().enumerate() {
            spread.learns_somewhere[o * 600 + 7] = learns;
        }
        let chosen = spread.solve();
        assert_eq!(spread.objective(&chosen), Some(brute_force(&p)), "seed {seed}");
        assert!(super::problem::node_room(&spread) <= 2 * spread.candidates.len(), "seed {seed}: {} entries", super::problem::node_room(&spread));
        // The dense instance keeps its flat table.
        assert!(super::problem::node_room(&p) <= p.organisations * 3 * 2, "seed {seed}");
    }
}
