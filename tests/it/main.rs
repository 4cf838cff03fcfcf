//! One integration-test binary: the public Rust API against reference values, the reading
//! of bad input, and the report contract. Fixtures live in `tests/fixtures/`.

mod code_size;
mod cohort;
mod comparison;
mod corpus;
mod counts;
mod disclosure;
mod drawn;
mod fingertips;
mod funnel;
mod overdispersion;
mod pairing;
mod quantiles;
mod reading;
mod real_files;
mod report;
mod robustness;
mod spc;
mod support;
mod views;
mod wilson;
