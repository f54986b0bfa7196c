//! `solidarity schema`: the JSON Schema of scenario files, derived (schemars) from the same
//! raw types that parse them, so that it cannot describe another format. Descriptions come
//! from the types' doc comments, defaults from their `Default` impls, and ranges from the
//! `range` attributes, whose limits are the constants `validate.rs` checks against.
//!
//! The ranges are declared once, in the `range` attributes: `validate.rs` checks every
//! number of a scenario against the range this schema gives its key. The rules a schema
//! cannot state are checked only by `validate.rs`: bounds that depend on other keys
//! (`population.skills_per_resident ≤ population.skills`, a shock's week inside the run,
//! ...) and which keys apply to which kind of strategy or shock.

use serde_json::Value;

use super::RawScenario;

/// The JSON Schema of a scenario file, in draft 7: the newest draft that the TOML editor
/// tools (Taplo and the editor extensions built on it) read.
pub fn schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawScenario>()
        .to_value()
}

/// Follows a `$ref` into `definitions` (draft 7 wraps one with siblings in `allOf`).
pub(super) fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let node = match node.get("allOf").and_then(Value::as_array) {
        Some(all) if all.len() == 1 => &all[0],
        _ => node,
    };
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.trim_start_matches("#/definitions/");
            &root["definitions"][name]
        }
        None => node,
    }
}

/// The range the schema declares for the number at dotted `key` (`population.size`,
/// `strategy.a.mobilization.screening`, `shock.0.week`): its bounds, and whether it takes
/// whole numbers only. `None` for a key that is no number.
pub(crate) fn declared_range(key: &str) -> Option<DeclaredRange> {
    let root = schema();
    let mut node = resolve(&root, &root);
    for part in key.split('.') {
        let next = node
            .get("properties")
            .and_then(|p| p.get(part))
            .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))
            .or_else(|| node.get("items").filter(|_| part.parse::<usize>().is_ok()))?;
        node = resolve(&root, next);
    }
    let types = node.get("type")?.to_string();
    let integer = types.contains("integer");
    // A whole-number bound is shown exactly (2^63 - 1 is no f64), others as numbers.
    let bound = |name: &str| match node.get(name)? {
        Value::Number(n) if integer => Some(n.to_string()),
        b => b.as_f64().map(|b| b.to_string()),
    };
    (integer || types.contains("number")).then(|| DeclaredRange {
        min: bound("minimum"),
        max: bound("maximum"),
        integer,
    })
}

/// What a numeric key accepts.
pub(crate) struct DeclaredRange {
    pub min: Option<String>,
    pub max: Option<String>,
    pub integer: bool,
}

impl std::fmt::Display for DeclaredRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.integer, &self.min, &self.max) {
            (true, Some(low), Some(high)) => write!(f, "a whole number from {low} to {high}"),
            (false, Some(low), Some(high)) => write!(f, "a number in [{low}, {high}]"),
            (true, _, _) => write!(f, "a whole number"),
            (false, _, _) => write!(f, "a number"),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::{resolve, schema};
    use crate::scenario::Scenario;

    /// A numeric key of the schema with its range.
    struct Ranged {
        path: String,
        min: f64,
        max: f64,
        integer: bool,
    }

    /// Every numeric key under `node`, addressed as `--set` addresses it: strategy `a`,
    /// and for a shock the index of the shock of `base()` whose kind uses the key.
    fn ranged(root: &Value, node: &Value, path: &str, out: &mut Vec<Ranged>) {
        let node = resolve(root, node);
        let Some(properties) = node.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (key, property) in properties {
            // `[sweep]` describes a design, not values of the model: its sizes are checked
            // together with the design they belong to (`sweep.rs`, and `tests/sweep.rs`).
            if path.is_empty() && key == "sweep" {
                continue;
            }
            let path = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            let types = property["type"].to_string();
            let integer = types.contains("integer");
            if integer || types.contains("number") {
                out.push(Ranged {
                    path,
                    min: property["minimum"].as_f64().unwrap_or(f64::NAN),
                    max: property["maximum"].as_f64().unwrap_or(f64::NAN),
                    integer,
                });
            } else if key == "strategy" {
                ranged(root, &property["additionalProperties"], "strategy.a", out);
            } else if key == "shock" {
                ranged(root, &property["items"], "shock.N", out);
            } else {
                ranged(root, property, &path, out);
            }
        }
    }

    /// The longest run, so that every week bound is reachable, strategies of kinds that take
    /// every strategy key, and one shock of each kind.
    const BASE: &str = r#"
        years = 200
        [strategy.a.mobilization]
        kind = "broadcast"
        [strategy.a.integration]
        kind = "conditional_aid"
        [strategy.b.mobilization]
        kind = "relational"
        [strategy.b.integration]
        kind = "mutual_aid"
        [[shock]]
        kind = "organizer_loss"
        week = 0
        target = "random"
        count = 1
        [[shock]]
        kind = "polarizing_issue"
        week = 0
        salience = 0.5
        [[shock]]
        kind = "crisis"
        week = 0
    "#;

    /// Other values a key's bound needs to be valid (the rules across keys).
    fn context(path: &str) -> Vec<String> {
        let pairs: &[&str] = match path {
            "population.skills_per_resident" => &["population.skills=16"],
            "population.skills" => &["population.skills_per_resident=1"],
            "organizers.count" => &["population.size=50000000"],
            "energy.min_rest_weeks" => &["energy.max_rest_weeks=100000"],
            "energy.max_rest_weeks" => &["energy.min_rest_weeks=0"],
            "energy.burnout_threshold" => &["energy.return_threshold=1"],
            "energy.return_threshold" => &["energy.burnout_threshold=0"],
            "network.floor" => &["network.acquaintance_strength=1"],
            _ => &[],
        };
        pairs.iter().map(|p| p.to_string()).collect()
    }

    fn shock_index(path: &str) -> &'static str {
        match path.rsplit('.').next() {
            Some("salience") => "1",
            Some("duration_weeks" | "intensity") => "2",
            _ => "0",
        }
    }

    fn parse_with(path: &str, value: String) -> Result<Scenario, String> {
        let mut path = path.replace('N', shock_index(path));
        if path.ends_with("practice_propensity") || path.contains(".one_on_one") {
            path = path.replace("strategy.a.", "strategy.b.");
        }
        let mut overrides = context(&path);
        overrides.push(format!("{path}={value}"));
        Scenario::parse("t", "t.toml", BASE, &overrides).map_err(|e| e.to_string())
    }

    fn show(value: f64, integer: bool) -> String {
        if integer {
            format!("{}", value as i64)
        } else {
            format!("{value:?}")
        }
    }

    #[test]
    fn every_range_of_the_schema_is_the_range_validation_enforces() {
        let root = schema();
        let mut keys = Vec::new();
        ranged(&root, &root, "", &mut keys);
        assert!(keys.len() > 80, "only {} numeric keys found", keys.len());
        for key in keys.iter().filter(|k| k.path != "seed") {
            assert!(
                key.min.is_finite() && key.max.is_finite(),
                "`{}` has no range in the schema",
                key.path
            );
            for bound in [key.min, key.max] {
                let value = show(bound, key.integer);
                if let Err(e) = parse_with(&key.path, value.clone()) {
                    panic!(
                        "`{}` = {value} is in the schema's range but refused: {e}",
                        key.path
                    );
                }
            }
            let step = if key.integer { 1.0 } else { 1e-6 };
            for outside in [key.min - step, key.max + step] {
                let value = show(outside, key.integer);
                let leaf = key.path.rsplit('.').next().unwrap_or_default();
                match parse_with(&key.path, value.clone()) {
                    Ok(_) => panic!(
                        "`{}` = {value} is outside the schema's range but accepted",
                        key.path
                    ),
                    Err(e) => assert!(e.contains(leaf), "`{}` = {value}: {e}", key.path),
                }
            }
        }
    }
}
