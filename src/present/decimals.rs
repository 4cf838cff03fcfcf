//! Numbers with a fixed number of decimals, written exactly as `format!("{x:.d$}")` writes them,
//! without its general algorithm where the answer is sure: formatting values and intervals so
//! was a quarter of writing the national results CSV natively (670,000 values).

use std::fmt;

/// Writes `x` with `decimals` decimals, exactly as `write!(f, "{:.*}", decimals, x)` does.
pub fn write_fixed(f: &mut fmt::Formatter<'_>, x: f64, decimals: usize) -> fmt::Result {
    match scaled_and_rounded(x, decimals) {
        Some(n) => f.write_str(digits(n, decimals, &mut [0; 24])),
        None => write!(f, "{:.*}", decimals, x),
    }
}

/// `x` × 10^`decimals` rounded to a whole number, where that is surely what rounding `x`'s exact
/// value gives: `x` not negative and the product below 2^30, so that its rounding error is below
/// 2^-23 (1.2e-7), and its fraction more than 1e-6 from a half, so that error cannot change the
/// way it rounds (near a whole number it cannot either: both ways give the same one). Anything
/// else (ties, which Rust rounds to even, negatives, huge or non-finite values) is `None`.
fn scaled_and_rounded(x: f64, decimals: usize) -> Option<u64> {
    const POWERS: [f64; 4] = [1.0, 10.0, 100.0, 1000.0];
    let scaled = x * POWERS.get(decimals)?;
    if !(x.is_sign_positive() && scaled < (1u64 << 30) as f64) {
        return None;
    }
    let whole = scaled.floor();
    let fraction = scaled - whole;
    ((fraction - 0.5).abs() > 1e-6).then(|| whole as u64 + u64::from(fraction > 0.5))
}

/// `n` with a decimal point `decimals` digits from its right (at least one digit before it).
fn digits(mut n: u64, decimals: usize, buffer: &mut [u8; 24]) -> &str {
    let mut at = buffer.len();
    let mut written = 0;
    loop {
        if written == decimals && decimals > 0 {
            at -= 1;
            buffer[at] = b'.';
        }
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        written += 1;
        if n == 0 && written > decimals {
            break;
        }
    }
    std::str::from_utf8(&buffer[at..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    struct Fixed(f64, usize);

    impl std::fmt::Display for Fixed {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            super::write_fixed(f, self.0, self.1)
        }
    }

    #[test]
    fn values_are_written_as_format_writes_them() {
        let mut next = crate::test_rng::xorshift(0x2545_F491_4F6C_DD1D);
        let mut values =
            vec![0.0, -0.0, 0.5, 0.05, 0.125, 0.375, 2.675, 1.005, 9.995, 99.95, 0.0005, 1e9, 1e12, -1.25, -0.04, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
        for _ in 0..200_000 {
            let r = next();
            let unit = (r >> 11) as f64 / (1u64 << 53) as f64;
            values.push(match r % 6 {
                0 => unit,                                          // a proportion
                1 => unit * 100.0,                                  // a percentage
                2 => unit * 1e6,                                    // a rate or count
                3 => ((r >> 20) % 100_000) as f64 / 1000.0,         // few decimals: ties
                4 => ((r >> 20) % 100_000) as f64 / 200.0 + 0.0025, // halves of the last place
                _ => f64::from_bits(r >> 2),                        // anything at all
            });
        }
        for &x in &values {
            for near in [x, f64::from_bits(x.to_bits().wrapping_add(1)), f64::from_bits(x.to_bits().wrapping_sub(1))] {
                for d in 0..=4 {
                    assert_eq!(Fixed(near, d).to_string(), format!("{near:.d$}"), "{near:e} to {d} decimals");
                }
            }
        }
    }
}
