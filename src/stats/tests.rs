use super::confidence::{normal_quantile, two_sided_z};
use super::funnel::proportion_limits;
use super::wilson::wilson;
use super::*;

#[test]
fn normal_quantiles_match_r_qnorm() {
    // Values printed by R 4.x: format(qnorm(p), digits = 17).
    let cases = [
        (0.975, 1.959963984540054),
        (0.999, 3.090232306167813),
        (0.995, 2.5758293035489004),
        (0.9, 1.2815515655446004),
        (0.5, 0.0),
        (0.025, -1.959963984540054),
        (1e-10, -6.361_340_902_404_056),
    ];
    for (p, expected) in cases {
        let got = normal_quantile(p);
        let err = if expected == 0.0 { got.abs() } else { ((got - expected) / expected).abs() };
        assert!(err < 1e-12, "qnorm({p}) = {got}, R gives {expected} (relative error {err:e})");
    }
    assert!((two_sided_z(0.95) - Confidence::c95().z()).abs() < 1e-14);
    assert!((two_sided_z(0.998) - Confidence::c998().z()).abs() < 1e-14);
}

#[test]
fn confidence_levels_are_validated_as_phe_does() {
    assert!(Confidence::new(0.95).is_ok());
    assert_eq!(Confidence::new(95.0).map(|c| c.level()), Ok(0.95), "percentages accepted");
    for bad in [0.0, 0.8, 1.0, -0.5, 50.0, 130.0, f64::NAN] {
        assert!(Confidence::new(bad).is_err(), "{bad} must be rejected");
    }
}

#[test]
fn wilson_intervals_hold_their_estimate_nest_and_stay_in_range() {
    for n in [1.0, 2.0, 7.0, 30.0, 101.0, 5000.0, 1e7] {
        for k in 0..=20 {
            let x = (n * k as f64 / 20.0).round();
            let p = x / n;
            let i95 = wilson(x, n, Confidence::c95());
            let i998 = wilson(x, n, Confidence::c998());
            assert!(i95.lower <= p && p <= i95.upper, "{x}/{n}: {i95:?}");
            assert!(i998.lower <= i95.lower && i95.upper <= i998.upper, "{x}/{n}: 99.8 % must contain 95 %");
            assert!(0.0 <= i998.lower && i998.upper <= 1.0, "{x}/{n}: {i998:?}");
        }
    }
}

#[test]
fn funnel_limits_are_the_inverse_of_wilson() {
    // At population n the lower limit L satisfies wilson_upper(L n, n) = benchmark.
    for (b, n) in [(0.8, 100.0), (0.05, 2000.0), (0.5, 37.0), (0.3, 1e6)] {
        for c in [Confidence::c95(), Confidence::c998()] {
            let limits = proportion_limits(b, n, c);
            if limits.lower > 0.0 {
                let upper_at_lower = wilson(limits.lower * n, n, c).upper;
                assert!((upper_at_lower - b).abs() < 1e-10, "b={b} n={n}: {upper_at_lower}");
            }
            if limits.upper < 1.0 {
                let lower_at_upper = wilson(limits.upper * n, n, c).lower;
                assert!((lower_at_upper - b).abs() < 1e-10, "b={b} n={n}: {lower_at_upper}");
            }
        }
    }
}
