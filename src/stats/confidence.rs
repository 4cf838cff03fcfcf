//! Confidence levels and their two-sided normal quantiles.

use statrs::distribution::{ContinuousCDF, Normal};

/// A two-sided confidence level strictly between 0 and 1, e.g. 0.95 or 0.998.
/// Validated on construction so that every method downstream can rely on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confidence {
    level: f64,
    z: f64,
}

impl Confidence {
    /// The 95 % level Fingertips and PHE publish as the "2 sigma" interval.
    pub const fn c95() -> Self {
        // z = qnorm(0.975) in R, printed to 16 significant digits.
        Confidence { level: 0.95, z: 1.959963984540054 }
    }

    /// The 99.8 % level ("3 sigma").
    pub const fn c998() -> Self {
        // z = qnorm(0.999) in R, printed to 16 significant digits.
        Confidence { level: 0.998, z: 3.090232306167813 }
    }

    /// A level from 0.9 to below 1, or the same as a percentage (90 to below 100), as PHE
    /// accepts them (`phe_proportion`, `phe_rate`); 1 itself has no finite interval.
    pub fn new(level: f64) -> Result<Self, String> {
        let level = if (90.0..100.0).contains(&level) { level / 100.0 } else { level };
        if !(0.9..1.0).contains(&level) {
            return Err(format!(
                "The confidence level must be between 0.9 and 1 (such as 0.95 or 0.998), or between 90 and 100 as a percentage; found {level}."
            ));
        }
        Ok(Confidence { level, z: two_sided_z(level) })
    }

    pub fn level(&self) -> f64 {
        self.level
    }

    /// The standard normal quantile z with P(|Z| <= z) = level.
    pub fn z(&self) -> f64 {
        self.z
    }
}

/// Φ⁻¹(c + (1 − c)/2), computed with statrs' inverse complementary error function
/// (accurate to ~1e-16; the tests check it against R's `qnorm`).
pub fn two_sided_z(level: f64) -> f64 {
    normal_quantile(level + (1.0 - level) / 2.0)
}

/// Φ⁻¹(p) for p in (0, 1).
pub fn normal_quantile(p: f64) -> f64 {
    Normal::standard().inverse_cdf(p)
}

impl Confidence {
    /// A level with a z written by hand, for reproducing legacy outputs that used rounded
    /// constants (Fingertips' comparers use 1.96 and 3.0902). Not for new analyses.
    pub fn with_legacy_z(level: f64, z: f64) -> Self {
        Confidence { level, z }
    }
}
