//! Pure algorithms over graphs and samples used by the measures; no model knowledge.
//! Everything here is deterministic (results depend only on the inputs and their order)
//! and runs in time linear in the size of its input, so it can be applied every
//! simulated week to graphs of about a million nodes.

pub mod assortativity;
pub mod components;
pub mod graph;
pub mod kcore;
pub mod logistic;
pub mod robustness;
pub mod stats;
pub mod survival;

#[cfg(test)]
mod test_support;
