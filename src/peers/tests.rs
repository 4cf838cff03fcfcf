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
