//! Allteach: peer benchmarking for health and care, computed entirely on the user's device.
//!
//! The flow is `bytes -> table -> dataset -> analysis -> report`, each a pure function:
//! see the README's "Architecture" section. Only `wasm` (compiled for wasm32 alone) knows
//! that JavaScript exists.

pub mod analysis;
pub mod chart;
pub mod cohort;
pub mod dataset;
pub mod disclosure;
pub mod error;
pub mod options;
pub mod order;
pub mod pairing;
pub mod peers;
pub mod present;
pub mod progress;
pub mod report;
pub mod spc;
pub mod stats;
pub mod table;
#[cfg(test)]
mod test_rng;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub mod wasm;

// Single-threaded wasm only: a build with threads (atomics) keeps std's allocator.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod memory;

#[cfg(all(target_arch = "wasm32", feature = "workbook-module"))]
mod workbook_module;

pub use analysis::{analyse, Analysis};
pub use error::{Error, ErrorKind};
pub use options::Options;

/// The crate's version, as `version()` returns it to JavaScript.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
