//! Statistical methods, each following `docs/methods.md` and its named reference implementation.
//! Pure functions of numbers: no parsing, no formatting, no knowledge of the report.

pub mod compare;
pub mod confidence;
pub mod funnel;
pub mod mean;
pub mod overdispersion;
pub mod poisson;
pub mod quantile;
pub mod wilson;

pub use compare::{compare_with_benchmark, Comparison, Polarity};
pub use confidence::Confidence;
pub use funnel::FunnelPosition;
pub use wilson::Interval;

#[cfg(test)]
mod tests;
