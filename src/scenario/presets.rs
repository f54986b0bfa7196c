//! Strategy presets: `preset = "sorting"` in a `[strategy.<name>]` table takes that arm's
//! values from `presets.toml`, and keys written beside it replace the preset's.
//!
//! A preset is expanded in the scenario's TOML before it is read into types, so a preset
//! value and a written value are checked alike. Within `mobilization` or `integration`, a
//! written `kind` other than the preset's means another kind with its own keys: that table
//! then takes nothing from the preset.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::{Table, Value};

/// The arms a strategy can start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Broadcast mobilization with conditional aid.
    Sorting,
    /// Relational mobilization with mutual aid.
    Solidarity,
    /// Broadcast mobilization with mutual aid.
    Hybrid,
    /// Relational mobilization with conditional aid.
    Organizing,
}

impl Preset {
    /// Every preset, in the order above.
    pub const ALL: [Preset; 4] = [
        Preset::Sorting,
        Preset::Solidarity,
        Preset::Hybrid,
        Preset::Organizing,
    ];

    /// The name a scenario file writes.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Sorting => "sorting",
            Preset::Solidarity => "solidarity",
            Preset::Hybrid => "hybrid",
            Preset::Organizing => "organizing",
        }
    }
}

/// The text of every preset, as the documentation shows it.
pub const PRESETS: &str = include_str!("presets.toml");

/// Fills every strategy of `doc` that names a preset with the preset's values, keeping
/// every key written. A preset name that is not a string or not known is left for the
/// typed read to refuse with its place.
pub fn expand(doc: &mut Table) {
    let presets: Table = toml::from_str(PRESETS).expect("presets.toml is valid TOML");
    let Some(Value::Table(strategies)) = doc.get_mut("strategy") else {
        return;
    };
    for (_, strategy) in strategies.iter_mut() {
        let Value::Table(strategy) = strategy else {
            continue;
        };
        let Some(preset) = strategy
            .get("preset")
            .and_then(Value::as_str)
            .and_then(|name| presets.get(name))
            .and_then(Value::as_table)
        else {
            continue;
        };
        for (part, values) in preset {
            let Value::Table(values) = values else {
                continue;
            };
            let written = strategy
                .entry(part.clone())
                .or_insert_with(|| Value::Table(Table::new()));
            let Value::Table(written) = written else {
                continue;
            };
            let other_kind = written
                .get("kind")
                .is_some_and(|kind| Some(kind) != values.get("kind"));
            if other_kind {
                continue;
            }
            let mut filled = values.clone();
            filled.extend(std::mem::take(written));
            *written = filled;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn every_preset_is_in_the_table_with_both_parts() {
        let presets = doc(PRESETS);
        for p in [
            Preset::Sorting,
            Preset::Solidarity,
            Preset::Hybrid,
            Preset::Organizing,
        ] {
            let table = presets[p.name()].as_table().unwrap();
            assert!(table["mobilization"].get("kind").is_some(), "{}", p.name());
            assert!(table["integration"].get("kind").is_some(), "{}", p.name());
        }
        assert_eq!(presets.len(), 4, "a preset without a variant");
    }

    #[test]
    fn written_keys_replace_the_presets() {
        let mut d =
            doc("[strategy.a]\npreset = \"sorting\"\n[strategy.a.mobilization]\nscreening = 1.5\n");
        expand(&mut d);
        let m = &d["strategy"]["a"]["mobilization"];
        assert_eq!(m["screening"].as_float(), Some(1.5));
        assert_eq!(m["kind"].as_str(), Some("broadcast"));
        assert_eq!(m["event_every_weeks"].as_integer(), Some(2));
        assert_eq!(
            d["strategy"]["a"]["integration"]["kind"].as_str(),
            Some("conditional_aid")
        );
    }

    #[test]
    fn another_kind_takes_nothing_from_the_preset() {
        let mut d = doc(
            "[strategy.a]\npreset = \"sorting\"\n[strategy.a.integration]\nkind = \"mutual_aid\"\n",
        );
        expand(&mut d);
        let i = d["strategy"]["a"]["integration"].as_table().unwrap();
        assert_eq!(i.len(), 1, "{i:?}");
        assert_eq!(
            d["strategy"]["a"]["mobilization"]["kind"].as_str(),
            Some("broadcast")
        );
    }

    #[test]
    fn strategies_without_a_preset_are_left_alone() {
        let text = "[strategy.a.mobilization]\nkind = \"relational\"\n";
        let mut d = doc(text);
        expand(&mut d);
        assert_eq!(d, doc(text));
    }
}
