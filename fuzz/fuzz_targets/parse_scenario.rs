//! Scenario text in, a validated scenario or a clean error out: never a panic.
//!
//! The input is read as scenario text. If its last line looks like `KEY=VALUE`, it is also
//! applied as a `--set` to the text before it, so that overrides are fuzzed through the
//! same path the command line takes. A scenario that is accepted must survive the trip
//! through its resolved form (what `check` prints and a result records) unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solidarity::resources::estimate;
use solidarity::scenario::Scenario;

fn accept(text: &str, overrides: &[String]) {
    let Ok(scenario) = Scenario::parse("fuzz", "fuzz.toml", text, overrides) else {
        return;
    };
    let resolved = scenario.resolved_toml();
    let again = Scenario::parse("fuzz", "resolved.toml", &resolved, &[])
        .unwrap_or_else(|e| panic!("the resolved scenario does not parse: {e}\n{resolved}"));
    assert_eq!(
        scenario, again,
        "the resolved scenario reads back differently"
    );
    let _ = estimate(&scenario, 2);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    accept(text, &[]);
    if let Some((body, last)) = text.rsplit_once('\n') {
        if last.contains('=') {
            accept(body, &[last.to_string()]);
        }
    }
});
