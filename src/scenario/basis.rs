//! What each parameter's value rests on, as `docs/ODD.md` section 8 writes it: the last
//! column of a key's row starts with *sourced* (a published figure), *calibrated* (fitted
//! to a pattern), *assumed* (a modelling choice) or *setting* (a choice of the experiment).
//! The ODD is the one place this is written; `solidarity check` prints it beside each key.

use std::collections::HashMap;
use std::sync::OnceLock;

const ODD: &str = include_str!("../../docs/ODD.md");

/// The kinds of ground a value can stand on.
pub const BASES: [&str; 4] = ["sourced", "calibrated", "assumed", "setting"];

/// Each documented key (as section 8 writes it: `strategy.<name>.…`, `shock.<i>.…`) with
/// the text of its ground.
fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let start = ODD.find("\n## 8 Parameters").unwrap_or(ODD.len());
        let end = ODD[start..].find("\n## 9").map_or(ODD.len(), |e| start + e);
        ODD[start..end]
            .lines()
            .filter_map(|line| {
                let key = line.strip_prefix("| `")?.split('`').next()?;
                let ground = line.trim_end().strip_suffix(" |")?.rsplit(" | ").next()?;
                Some((key, ground))
            })
            .collect()
    })
}

/// The key as section 8 names it: a strategy's name and a shock's index replaced.
fn documented(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        ["strategy", _, rest @ ..] => format!("strategy.<name>.{}", rest.join(".")),
        ["shock", _, rest @ ..] => format!("shock.<i>.{}", rest.join(".")),
        _ => key.to_string(),
    }
}

/// The ground of a dotted key (`network.decay`, `strategy.sorting.mobilization.screening`),
/// if section 8 documents the key.
pub fn ground(key: &str) -> Option<&'static str> {
    table().get(documented(key).as_str()).copied()
}

/// The basis word a ground starts with, if it starts with one.
pub fn basis(ground: &str) -> Option<&'static str> {
    BASES.into_iter().find(|b| ground.starts_with(b))
}

/// Each line of `resolved` (a resolved scenario as TOML) with the dotted key and the value
/// text it sets, if it sets one (`[[shock]]` tables are numbered `shock.0`, `shock.1`, ...).
pub fn settings(resolved: &str) -> Vec<(&str, Option<(String, &str)>)> {
    let mut table = String::new();
    let mut shocks = 0usize;
    resolved
        .lines()
        .map(|line| {
            let trimmed = line.trim();
            if trimmed == "[[shock]]" {
                table = format!("shock.{shocks}");
                shocks += 1;
            } else if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                table = name.to_string();
            }
            let setting = trimmed.split_once(" = ").map(|(key, value)| {
                let dotted = if table.is_empty() {
                    key.to_string()
                } else {
                    format!("{table}.{key}")
                };
                (dotted, value)
            });
            (line, setting)
        })
        .collect()
}

/// `resolved` (a resolved scenario as TOML) with each key's ground as a comment after it,
/// cut to its first clause.
pub fn annotate(resolved: &str) -> String {
    let mut out = String::with_capacity(resolved.len() * 2);
    for (line, setting) in settings(resolved) {
        out += line;
        if let Some(ground) = setting.and_then(|(dotted, _)| ground(&dotted)) {
            out += "  # ";
            out += short(ground);
        }
        out.push('\n');
    }
    out
}

/// A ground cut at its first `; ` or `. ` outside parentheses (not the point of `et al.`
/// or `e.g.`), short enough for a comment beside a value.
pub fn short(ground: &str) -> &str {
    let abbreviation = |before: &str| {
        [" al", "e.g", "i.e", " cf"]
            .iter()
            .any(|a| before.ends_with(a))
    };
    let mut depth = 0i32;
    for (i, c) in ground.char_indices() {
        let ends_clause = ground[i + c.len_utf8()..].starts_with(' ')
            && (c == ';' || (c == '.' && !abbreviation(&ground[..i])));
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if ends_clause && depth <= 0 => return &ground[..i],
            _ => {}
        }
    }
    ground
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_key_names_its_basis() {
        assert!(table().len() > 90, "section 8 read: {} keys", table().len());
        for (key, ground) in table() {
            // The presets' table repeats strategy names as its first column.
            if ["sorting", "solidarity", "hybrid", "organizing"].contains(key) {
                continue;
            }
            assert!(
                basis(ground).is_some(),
                "`{key}`: `{ground}` names no basis"
            );
        }
    }

    #[test]
    fn a_short_ground_keeps_its_parentheses_whole() {
        assert_eq!(
            short("assumed: help creates obligation (Mauss; Gouldner 1960); the size is a choice"),
            "assumed: help creates obligation (Mauss; Gouldner 1960)"
        );
        assert_eq!(short("sourced: Burt 2000. More."), "sourced: Burt 2000");
        assert_eq!(
            short("assumed: from Amenta et al. 2010; more"),
            "assumed: from Amenta et al. 2010"
        );
        assert_eq!(short("setting"), "setting");
        assert_eq!(short("assumed: well below θ"), "assumed: well below θ");
    }

    #[test]
    fn strategies_and_shocks_are_found_under_their_documented_names() {
        assert_eq!(
            basis(ground("strategy.sorting.mobilization.task_load").unwrap()),
            Some("assumed")
        );
        assert_eq!(basis(ground("shock.3.week").unwrap()), Some("setting"));
        assert_eq!(basis(ground("network.decay").unwrap()), Some("calibrated"));
        assert_eq!(ground("network.no_such_key"), None);
    }

    #[test]
    fn every_key_of_every_shipped_scenario_has_its_ground() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let scenario = crate::scenario::Scenario::load(&path, &[]).unwrap();
            let annotated = annotate(&scenario.resolved_toml());
            // The `[sweep]` table (last) lists values to try, not parameters.
            let parameters = annotated.split("\n[sweep]\n").next().unwrap_or_default();
            for line in parameters.lines() {
                // `shock = []`: a scenario without shocks, not a parameter.
                if line.contains(" = ") && !line.contains("  # ") && line != "shock = []" {
                    panic!(
                        "{}: `{line}` has no ground in ODD section 8",
                        path.display()
                    );
                }
            }
        }
    }

    #[test]
    fn a_resolved_scenario_is_annotated_key_by_key() {
        let text = "seed = 1\n\n[network]\ndecay = 0.04\n\n[[shock]]\nweek = 3\n";
        let out = annotate(text);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("seed = 1  # setting"), "{out}");
        assert!(lines[3].starts_with("decay = 0.04  # calibrated"), "{out}");
        assert!(lines[6].starts_with("week = 3  # setting"), "{out}");
        assert_eq!(lines[2], "[network]");
    }
}
