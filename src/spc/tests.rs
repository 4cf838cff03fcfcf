//! Rules on series designed to hit them and to just miss them.

use super::*;

fn rules(values: &[f64]) -> Vec<Rule> {
    xmr(values, &XmrOptions::default()).points.iter().map(|p| p.rule).collect()
}

#[test]
fn a_trend_needs_seven_points_and_a_tie_breaks_it() {
    // Noise around 10 with a long flat stretch so the limits are wide.
    let mut seven = vec![10.0, 12.0, 8.0, 11.0, 9.0, 10.0];
    seven.extend([9.0, 9.2, 9.4, 9.6, 9.8, 10.0, 10.2]);
    let r = rules(&seven);
    assert!(r[6..13].iter().all(|&x| x == Rule::TrendIncreasing), "{r:?}");
    let mut six = vec![10.0, 12.0, 8.0, 11.0, 9.0, 10.0];
    six.extend([9.0, 9.2, 9.4, 9.6, 9.8, 10.0, 9.9]);
    assert!(!rules(&six).contains(&Rule::TrendIncreasing), "six rises are not a trend");
    let mut tie = vec![10.0, 12.0, 8.0, 11.0, 9.0, 10.0];
    tie.extend([9.0, 9.2, 9.4, 9.4, 9.8, 10.0, 10.2]);
    assert!(!rules(&tie).contains(&Rule::TrendIncreasing), "a tie breaks the trend");
}

#[test]
fn a_shift_needs_seven_points_on_one_side_and_a_point_on_the_mean_breaks_it() {
    let base = [0.0, 2.0, -2.0, 1.0, -1.0, 0.5, -0.5];
    let mut seven = base.to_vec();
    seven.extend([0.3, 0.6, 0.4, 0.7, 0.35, 0.65, 0.45]);
    let r = xmr(&seven, &XmrOptions::default());
    let mean = r.groups[0].mean;
    assert!(seven[7..].iter().all(|&v| v > mean));
    assert!(r.points[7..].iter().all(|p| p.rule == Rule::SevenAbove), "{:?}", r.points.iter().map(|p| p.rule).collect::<Vec<_>>());
    let mut six = base.to_vec();
    six.extend([0.3, 0.6, 0.4, 0.7, 0.35, 0.65, -0.45]);
    assert!(!rules(&six).contains(&Rule::SevenAbove));
    // Exactly on the mean: relative_to_mean is 0, which stops a run.
    let on_mean: Vec<f64> = vec![1.0, -1.0, 1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let r = xmr(&on_mean, &XmrOptions::default());
    assert!(r.points.iter().all(|p| p.rule != Rule::SevenAbove && p.rule != Rule::SevenBelow));
}

#[test]
fn two_in_three_needs_all_three_on_one_side() {
    // Limits from a steady series, then two points close to the upper limit.
    let mut v: Vec<f64> = (0..12).map(|i| if i % 2 == 0 { 10.0 } else { 11.0 }).collect();
    let (mean, upl) = {
        let r = xmr(&v, &XmrOptions::default());
        (r.groups[0].mean, r.groups[0].upl)
    };
    let close = mean + 0.85 * (upl - mean);
    let mut hit = v.clone();
    hit.extend([close, mean + 0.1, close]);
    let mut fixed = XmrOptions { fix_after: Some(12), ..XmrOptions::default() };
    let r = xmr(&hit, &fixed);
    assert_eq!(r.points[12].rule, Rule::TwoInThreeAbove);
    assert_eq!(r.points[13].rule, Rule::CommonCause, "only the close points are flagged");
    assert_eq!(r.points[14].rule, Rule::TwoInThreeAbove);
    // The middle point on the other side of the mean: no flag.
    v.extend([close, mean - 0.1, close]);
    fixed.fix_after = Some(12);
    let r = xmr(&v, &fixed);
    assert!(r.points[12..].iter().all(|p| p.rule == Rule::CommonCause));
}

#[test]
fn rebasing_starts_new_limits_and_assurance_uses_the_last_group() {
    let mut v: Vec<f64> = (0..15).map(|i| 10.0 + (i % 3) as f64).collect();
    v.extend((0..15).map(|i| 20.0 + (i % 3) as f64));
    let options = XmrOptions { rebase_at: vec![15], target: Some(15.0), ..XmrOptions::default() };
    let r = xmr(&v, &options);
    assert_eq!(r.groups.len(), 2);
    assert!((r.groups[0].mean - 11.0).abs() < 1e-12 && (r.groups[1].mean - 21.0).abs() < 1e-12);
    assert_eq!(r.assurance, Some(Assurance::ConsistentPass), "target 15 below the second group's lower limit");
    let decrease = xmr(&v, &XmrOptions { direction: Direction::Decrease, ..options });
    assert_eq!(decrease.assurance, Some(Assurance::ConsistentFail));
    assert!(!r.groups[1].short && xmr(&v[..10], &XmrOptions::default()).groups[0].short);
}

/// A scratch kept across series (as the analysis keeps it) gives each series the chart it
/// would have on its own: longer series after shorter, rules fired and not, rebased and fixed.
#[test]
fn a_scratch_reused_across_series_changes_nothing() {
    let long: Vec<f64> = (0..30).map(|i| f64::from(i % 7) + if i > 20 { 9.0 } else { 0.0 }).collect();
    let trend: Vec<f64> = (0..12).map(f64::from).collect();
    let flat = vec![5.0; 4];
    let rebased = XmrOptions { rebase_at: vec![10], fix_after: Some(8), ..XmrOptions::default() };
    let cases = [(&long, XmrOptions::default()), (&flat, XmrOptions::default()), (&trend, rebased), (&long[..9].to_vec(), XmrOptions::default())];
    let mut scratch = Scratch::default();
    for (values, options) in &cases {
        assert_eq!(format!("{:?}", xmr_with(values, options, &mut scratch)), format!("{:?}", xmr(values, options)));
    }
}
