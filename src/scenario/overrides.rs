//! `--set KEY=VALUE`: overriding any scenario value by its dotted path.
//!
//! Strategies are addressed by name (`strategy.sorting.mobilization.screening`) and shocks
//! by 0-based index (`shock.0.week`). A path into a table the file omits creates it; the
//! typed parse that follows refuses any key that does not exist.

use toml::{Table, Value};

use super::diagnostic::closest;

/// Refuses a `--set` holding a control character: a newline would otherwise end the value
/// early when the shell passes `$'seed=1\nyears=4'`, and the rest would be lost unseen.
pub fn check_printable(spec: &str) -> Result<(), String> {
    match spec.chars().find(|c| c.is_control()) {
        None => Ok(()),
        Some(c) => Err(format!(
            "--set {}: holds a control character ({}); give one KEY=VALUE per --set, on one line",
            super::diagnostic::abridge(&spec.escape_debug().to_string()),
            c.escape_unicode()
        )),
    }
}

/// Applies one `KEY=VALUE` to the scenario document.
pub fn apply(doc: &mut Table, spec: &str) -> Result<(), String> {
    let (key, text) = spec
        .split_once('=')
        .ok_or_else(|| format!("--set {spec}: expected KEY=VALUE"))?;
    let key = key.trim();
    let segments: Vec<&str> = key.split('.').collect();
    if key.is_empty() || segments.iter().any(|s| s.is_empty()) {
        return Err(format!("--set {spec}: `{key}` is not a dotted key path"));
    }
    set(doc, key, parse_value(text.trim())).map_err(|why| format!("--set {key}: {why}"))
}

/// Sets the value at the dotted `key` (already checked to have no empty segment), as
/// `--set` and the points of a `[sweep]` do. The error says why, without naming the key.
pub fn set(doc: &mut Table, key: &str, value: Value) -> Result<(), String> {
    let segments: Vec<&str> = key.split('.').collect();

    let Some((last, parents)) = segments.split_last() else {
        return Err("an empty key".to_string());
    };
    let mut table = doc;
    let mut i = 0;
    while i < parents.len() {
        let segment = parents[i];
        match segment {
            "strategy" => {
                let strategies = table
                    .get_mut("strategy")
                    .and_then(Value::as_table_mut)
                    .ok_or_else(|| "the scenario has no strategies".to_string())?;
                let name = *segments
                    .get(i + 1)
                    .ok_or_else(|| "name a strategy: strategy.<name>.<key>".to_string())?;
                let known: Vec<String> = strategies.keys().cloned().collect();
                if i + 1 == parents.len() {
                    return Err("a whole strategy cannot be set; set one of its values".into());
                }
                table = strategies
                    .get_mut(name)
                    .and_then(Value::as_table_mut)
                    .ok_or_else(|| {
                        let hint = match closest(name, known.iter().map(String::as_str)) {
                            Some(near) => format!("did you mean `{near}`? "),
                            None => String::new(),
                        };
                        format!(
                            "no strategy named `{name}` ({hint}the scenario has: {})",
                            known.join(", ")
                        )
                    })?;
                i += 2;
            }
            "shock" => {
                let shocks = table
                    .get_mut("shock")
                    .and_then(Value::as_array_mut)
                    .ok_or_else(|| "the scenario has no shocks".to_string())?;
                let count = shocks.len();
                let index_text = *segments
                    .get(i + 1)
                    .ok_or_else(|| "name a shock by index: shock.<i>.<key>".to_string())?;
                if i + 1 == parents.len() {
                    return Err("a whole shock cannot be set; set one of its values".into());
                }
                let index: usize = index_text
                    .parse()
                    .map_err(|_| format!("shocks are addressed by index, not `{index_text}`"))?;
                table = shocks
                    .get_mut(index)
                    .and_then(Value::as_table_mut)
                    .ok_or_else(|| {
                        format!("no shock {index} (the scenario has {count}, numbered from 0)")
                    })?;
                i += 2;
            }
            _ => {
                let entry = table
                    .entry(segment.to_string())
                    .or_insert_with(|| Value::Table(Table::new()));
                table = entry
                    .as_table_mut()
                    .ok_or_else(|| format!("`{segment}` is a value, not a table"))?;
                i += 1;
            }
        }
    }
    if matches!(table.get(*last), Some(Value::Table(_))) {
        return Err("this is a table; set one of its values".to_string());
    }
    table.insert(last.to_string(), value);
    Ok(())
}

/// A value as TOML would read it (`3`, `0.5`, `true`, `"x"`, `[1, 2]`), or else as a bare
/// string, so that `--set strategy.a.mobilization.kind=relational` needs no quotes.
pub(crate) fn parse_value(text: &str) -> Value {
    format!("v = {text}")
        .parse::<Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Table {
        r#"
            seed = 1
            [strategy.sorting.mobilization]
            kind = "broadcast"
            [[shock]]
            kind = "crisis"
            week = 3
        "#
        .parse()
        .unwrap()
    }

    #[test]
    fn sets_values_by_path_creating_missing_tables() {
        let mut d = doc();
        apply(&mut d, "seed=9").unwrap();
        apply(&mut d, "energy.support_gain=0").unwrap();
        apply(&mut d, "strategy.sorting.mobilization.screening=0.5").unwrap();
        apply(&mut d, "strategy.sorting.mobilization.kind=relational").unwrap();
        apply(&mut d, "shock.0.week=7").unwrap();
        assert_eq!(d["seed"].as_integer(), Some(9));
        assert_eq!(d["energy"]["support_gain"].as_integer(), Some(0));
        let m = &d["strategy"]["sorting"]["mobilization"];
        assert_eq!(m["screening"].as_float(), Some(0.5));
        assert_eq!(m["kind"].as_str(), Some("relational"));
        assert_eq!(d["shock"][0]["week"].as_integer(), Some(7));
    }

    #[test]
    fn refuses_unknown_strategies_and_shocks() {
        let mut d = doc();
        let e = apply(&mut d, "strategy.nope.mobilization.kind=none").unwrap_err();
        assert!(
            e.contains("no strategy named `nope`") && e.contains("sorting"),
            "{e}"
        );
        let e = apply(&mut d, "shock.4.week=1").unwrap_err();
        assert!(e.contains("no shock 4"), "{e}");
        let e = apply(&mut d, "shock.first.week=1").unwrap_err();
        assert!(e.contains("by index"), "{e}");
    }

    #[test]
    fn refuses_control_characters_in_keys_and_values() {
        for spec in ["seed=1\nyears=4", "se\ted=1", "seed=1\u{1}", "seed=\u{7f}"] {
            let e = check_printable(spec).unwrap_err();
            assert!(e.contains("control character") && !e.contains('\n'), "{e}");
        }
        assert!(check_printable("description=caf\u{e9} \u{201c}x\u{201d}").is_ok());
    }

    #[test]
    fn refuses_malformed_specs() {
        let mut d = doc();
        assert!(apply(&mut d, "seed").unwrap_err().contains("KEY=VALUE"));
        assert!(apply(&mut d, "a..b=1").unwrap_err().contains("dotted"));
        assert!(apply(&mut d, "seed.x=1")
            .unwrap_err()
            .contains("not a table"));
        assert!(apply(&mut d, "strategy.sorting=1")
            .unwrap_err()
            .contains("whole strategy"));
    }
}
