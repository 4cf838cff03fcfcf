//! "All teach, all learn": optimal learning pairs. A learner on an indicator is significantly
//! worse than the benchmark; its teacher is significantly better, one of its peers, and
//! materially better than it (their 95 % intervals do not overlap). The assignment is a
//! minimum-cost flow (see [`problem`]): first as many pairs as possible, then similar pairs
//! with informative gaps, with teaching spread so that as many organisations as possible both
//! teach and learn.

pub mod flow;
pub mod problem;

#[cfg(test)]
mod tests;

pub use problem::{Candidate, Problem, Weights};
