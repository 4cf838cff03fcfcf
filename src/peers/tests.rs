use super::*;

fn var(name: &str) -> Variable {
    Variable { name: name.into(), weight: 1.0, sqrt: false }
}

#[test]
fn nearest_neighbours_by_weighted_distance_with_deterministic_ties() {
    // Five organisations on one line: 0, 1, 2, 10, 11.
    let context = vec![vec![Some(0.0), Some(1.0), Some(2.0), Some(10.0), Some(11.0)]];
    let set = find_peers(vec![var("x")], &context, None, Some(2), None);
    let codes = |i: usize| set.peers[i].iter().map(|p| p.org).collect::<Vec<_>>();
    assert_eq!(codes(0), [1, 2]);
    assert_eq!(codes(1), [0, 2], "equal distances: the earlier organisation first");
    assert_eq!(codes(4), [3, 2]);
    let d = set.peers[0][0].distance.unwrap();
    assert!(d > 0.0 && d < 1.0);
    assert!(set.peers.iter().flatten().all(|p| p.distance.unwrap() <= 1.0));
}

#[test]
fn extreme_values_are_capped_and_weights_and_square_roots_apply() {
    // One huge outlier on x would dominate the z-scores without capping.
    let mut x: Vec<Option<f64>> = (0..50).map(|i| Some(i as f64)).collect();
    x.push(Some(1e9));
    let z = standardise(&x, false);
    let max = z.iter().flatten().cloned().fold(f64::MIN, f64::max);
    assert!(max < 8.0, "capped at mean + 5 SD before z-scoring: {max}");
    // With y weighted 0, only x decides.
    let context = vec![vec![Some(0.0), Some(1.0), Some(5.0)], vec![Some(0.0), Some(100.0), Some(0.0)]];
    let set = find_peers(vec![var("x"), Variable { name: "y".into(), weight: 0.0, sqrt: true }], &context, None, Some(1), None);
    assert_eq!(set.peers[0][0].org, 1);
    assert_eq!(set.peers[0][0].drivers, vec![1, 0], "y contributes nothing, x everything");
}

#[test]
fn groups_and_missing_context() {
    let groups = vec![Some("A".to_string()), Some("A".into()), Some("B".into()), None];
    let set = find_peers(Vec::new(), &[], Some(&groups), None, Some("ICB".into()));
    assert_eq!(set.peers[0].iter().map(|p| p.org).collect::<Vec<_>>(), [1]);
    assert!(set.peers[2].is_empty() && set.peers[3].is_empty());
    let context = vec![vec![Some(1.0), None, Some(2.0)]];
    let set = find_peers(vec![var("x")], &context, None, Some(5), None);
    assert_eq!(set.incomplete, [1]);
    assert!(set.peers[1].is_empty());
    assert_eq!(set.peers[0].iter().map(|p| p.org).collect::<Vec<_>>(), [2]);
}

#[test]
fn the_tree_finds_exactly_the_brute_force_neighbours() {
    // Seeded pseudo-random context with many exact ties (small integers), three variables.
    let n = 300;
    let context = small_integers(42, 7, n);
    let variables = vec![var("a"), Variable { name: "b".into(), weight: 2.0, sqrt: false }, Variable { name: "c".into(), weight: 0.5, sqrt: true }];
    let set = find_peers(variables.clone(), &context, None, Some(10), None);
    // Brute force on the same standardised, weighted points.
    let z: Vec<Vec<Option<f64>>> = context.iter().zip(&variables).map(|(values, v)| standardise(values, v.sqrt)).collect();
    for a in 0..n {
        let mut all: Vec<(usize, f64)> = (0..n)
            .filter(|&b| b != a)
            .map(|b| {
                let d: f64 = z.iter().zip(&variables).map(|(col, v)| v.weight * (col[a].unwrap() - col[b].unwrap()).powi(2)).sum();
                (b, d.sqrt())
            })
            .collect();
        all.sort_by(|x, y| (x.1 * 1e9).round().total_cmp(&(y.1 * 1e9).round()).then(x.0.cmp(&y.0)));
        let expected: Vec<usize> = all.iter().take(10).map(|p| p.0).collect();
        let got: Vec<usize> = set.peers[a].iter().map(|p| p.org).collect();
        assert_eq!(got, expected, "organisation {a}");
    }
}

#[test]
fn the_nearest_in_a_subset_are_exactly_those_measuring_every_one_finds() {
    // Many exact ties (small integers), two groups, a subset and a condition, as the teachers
    // beyond a learner's peers are found.
    let n = 400;
    let mut context = small_integers(7, 9, n);
    context[1][5] = None; // incomplete: neither found nor searched from
    let groups: Vec<Option<String>> = (0..n).map(|i| Some(if i % 5 == 0 { "north" } else { "south" }.to_string())).collect();
    let set = find_peers(vec![var("a"), var("b"), var("c")], &context, Some(&groups), Some(10), None);
    let space = &set.space;
    let subset_orgs: Vec<usize> = (0..n).filter(|i| i % 3 != 1).collect();
    let subset = space.subset(subset_orgs.iter().copied());
    let wanted = |b: usize| b % 4 != 2;
    for a in 0..n {
        for reach in [1, 4, 40] {
            let mut all: Vec<(f64, usize)> =
                subset_orgs.iter().copied().filter(|&b| b != a && wanted(b)).filter_map(|b| Some((space.distance(a, b)?, b))).collect();
            all.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            let mut got = space.nearest_in(&subset, a, reach, wanted);
            got.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            let shown = reach.min(all.len());
            assert_eq!(got[..shown.min(got.len())], all[..shown], "organisation {a}, reach {reach}");
            // Beyond the reach, only ties with the last kept.
            assert!(got.len() >= shown && got[shown..].iter().all(|g| (g.0 - all[shown - 1].0).abs() <= 1e-9 * g.0.max(1e-12)), "organisation {a}");
        }
    }
}

#[test]
fn similarity_ranks_through_the_tree_are_those_measuring_every_one_gives() {
    // Exact ties (small integers), two groups, an incomplete organisation.
    let n = 300;
    let mut context = small_integers(11, 7, n);
    context[2][9] = None;
    let groups: Vec<Option<String>> = (0..n).map(|i| Some(if i % 4 == 0 { "east" } else { "west" }.to_string())).collect();
    for groups in [None, Some(&groups[..])] {
        let set = find_peers(vec![var("a"), var("b"), var("c")], &context, groups, Some(10), None);
        let everyone = set.space.subset(0..n);
        let mut beyond_first = 0;
        for a in 0..n {
            for b in 0..n {
                let rank = set.space.similarity_rank_in(&everyone, a, b);
                assert_eq!(rank, set.space.similarity_rank(a, b), "{a} and {b}");
                beyond_first += usize::from(rank > 1);
            }
        }
        assert!(beyond_first > n * n / 2, "most ranks are not trivially 1");
    }
}

#[test]
fn similarity_ranks_count_whole_boxes_exactly_as_measuring_every_one() {
    // Continuous values, some exact duplicates of another organisation, one incomplete.
    let n = 1_200;
    let mut context: Vec<Vec<Option<f64>>> =
        small_integers(5, 1_000_000, n).into_iter().map(|col| col.into_iter().map(|v| v.map(|x| x / 997.0)).collect()).collect();
    for col in &mut context {
        col[17] = col[400];
        col[901] = col[3];
    }
    context[1][50] = None;
    let set = find_peers(vec![var("a"), var("b"), var("c")], &context, None, Some(10), None);
    let everyone = set.space.subset(0..n);
    let (mut whole, mut all) = (0, 0);
    for a in (0..n).step_by(37).chain([3, 17, 50, 400, 901]) {
        for b in 0..n {
            let (rank, counted_whole) = set.space.rank_by_boxes(&everyone, a, b);
            assert_eq!(rank, set.space.similarity_rank(a, b), "{a} and {b}");
            (whole, all) = (whole + counted_whole, all + rank);
        }
    }
    assert!(whole > all / 2, "most are counted in whole boxes ({whole} of {all})");
}

/// Three variables of `n` small integers below `below` (many exact ties), from a seeded
/// generator that gives the same sequence on every platform.
fn small_integers(seed: u64, below: u64, n: usize) -> Vec<Vec<Option<f64>>> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) % below
    };
    (0..3).map(|_| (0..n).map(|_| Some(next() as f64)).collect()).collect()
}

#[test]
fn group_peers_are_everyone_else_in_the_group_found_without_comparing_every_pair() {
    // Against the definition, pair by pair: 300 organisations in 7 groups, some without one.
    let groups: Vec<Option<String>> = (0..300u64).map(|i| (i.wrapping_mul(2654435761) % 9 < 7).then(|| format!("G{}", i * 7 % 11 % 7))).collect();
    let set = find_peers(Vec::new(), &[], Some(&groups), None, Some("Group".into()));
    for a in 0..groups.len() {
        let expected: Vec<usize> = (0..groups.len()).filter(|&b| b != a && groups[a].is_some() && groups[a] == groups[b]).collect();
        assert_eq!(set.peers[a].iter().map(|p| p.org).collect::<Vec<_>>(), expected, "organisation {a}");
    }
    assert!(set.peers.iter().any(|p| p.len() > 20) && set.peers.iter().any(Vec::is_empty), "groups and the ungrouped both tried");
}
