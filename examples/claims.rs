//! Prints the claims (`tests/support/claims.rs`), with their figures, for a scenario.
//!
//! `cargo run --release --example claims -- [SCENARIO.toml] [KEY=VALUE]...`
//! (default: `scenarios/solidarity-vs-sorting.toml`; each `KEY=VALUE` is a `--set`
//! override, for example `replicates=20`).

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../tests/support/claims.rs"]
mod claims;

use claims::Evidence;
use solidarity::scenario::Scenario;

fn main() -> ExitCode {
    let mut path = PathBuf::from("scenarios/solidarity-vs-sorting.toml");
    let mut overrides = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg.contains('=') {
            overrides.push(arg);
        } else {
            path = PathBuf::from(arg);
        }
    }
    let scenario = match Scenario::load(&path, &overrides) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let runs = match claims::run(&scenario, 0) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match Evidence::new(&scenario, &runs) {
        Ok(evidence) => {
            for claim in evidence.claims() {
                println!("{claim}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("the claims cannot be read from this scenario: {e}");
            ExitCode::from(2)
        }
    }
}
