//! A seeded xorshift generator for the tests that try many random inputs: the same numbers on
//! every run, so a failure can be run again.

/// Numbers from Marsaglia's xorshift64 (shifts 13, 7, 17) from `seed` (not 0).
pub(crate) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
