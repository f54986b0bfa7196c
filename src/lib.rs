//! `solidarity`: a deterministic agent-based simulator of two ways of building a movement —
//! sorting (mobilization) and solidarity (integration) — and what each does to a community
//! over years.
//!
//! The library holds the model and its measures; the `solidarity` binary is a thin command
//! line over it. See `ARCHITECTURE.md` for a map and `docs/ODD.md` for the model.

pub mod charts;
pub mod error;
pub mod measures;
pub mod memory;
pub mod metrics;
pub mod model;
pub mod network_snapshot;
pub mod output;
pub mod report;
pub mod resources;
pub mod runner;
pub mod scenario;
pub mod sensitivity;
pub mod summary;
pub mod sweep;
