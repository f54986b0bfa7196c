//! What makes two sweeps the same sweep, and the manifests that record it: `sweep.json`
//! of a whole sweep and `shard.json` of a shard.
//!
//! Both are written through `serde_json::Value`, so that a manifest read back from a shard
//! and written again by `merge` has the very bytes the unsharded sweep writes.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Shard;
use crate::error::{Error, InputError};
use crate::scenario::{value_text, Design, RawScenario, Scenario};

pub const SWEEP_MANIFEST: &str = "sweep.json";
pub const SHARD_MANIFEST: &str = "shard.json";

/// A swept parameter as the manifest records it: its path and its values (in a grid, its
/// list in grid order; in another design, its value at each point in turn), and in a
/// sampled design the ends of its range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AxisRecord {
    pub path: String,
    pub values: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Value>,
}

/// A design other than the grid as the manifest records it: its name and sizes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignRecord {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trajectories: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<usize>,
}

impl AxisRecord {
    /// The values as they are written in `sweep.csv` (the form `value_text` gives).
    pub fn texts(&self) -> Vec<String> {
        self.values.iter().map(json_text).collect()
    }
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.as_f64().map(|f| f.to_string()).unwrap_or_default(),
        },
        other => other.to_string(),
    }
}

/// Everything that decides a sweep's results: the scenario with every default and every
/// override resolved (the sweep table included), the grid, and the program's version.
/// Shards agree when their identities are equal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub scenario: String,
    pub solidarity_version: String,
    /// SHA-256 of the resolved scenario as TOML (`scenario.toml` of `check`), to compare
    /// sweeps at a glance.
    pub scenario_sha256: String,
    pub seed: u64,
    pub replicates: u32,
    pub years: u32,
    pub strategies: Vec<String>,
    /// Points; point `i` is in `points/<i, four digits>/`.
    pub points: usize,
    /// The design, unless it is the grid (whose manifest has no `design`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<DesignRecord>,
    /// The swept parameters; in a grid, in grid order, the last varying fastest.
    pub axes: Vec<AxisRecord>,
    pub resolved: serde_json::Value,
}

impl Identity {
    /// The identity of the sweep of `scenario` (which has a `[sweep]`).
    pub fn of(scenario: &Scenario) -> Result<Identity, Error> {
        let sweep = scenario
            .sweep
            .as_ref()
            .ok_or_else(|| InputError::new(&scenario.name, "has no [sweep] table; `solidarity sweep` needs one (`run` runs a scenario without)"))?;
        let toml_text = scenario.resolved_toml();
        let resolved = serde_json::to_value(scenario.resolved())
            .map_err(|e| Error::Other(format!("cannot record the scenario: {e}")))?;
        let json =
            |v: &toml::Value| serde_json::to_value(v).unwrap_or_else(|_| value_text(v).into());
        let axes = sweep
            .axes
            .iter()
            .map(|axis| AxisRecord {
                path: axis.path.clone(),
                values: axis.values.iter().map(json).collect(),
                min: axis.range.as_ref().map(|r| json(&r.min)),
                max: axis.range.as_ref().map(|r| json(&r.max)),
            })
            .collect();
        let design = (sweep.design != Design::Grid).then(|| {
            let size = |key: &str| {
                sweep
                    .design
                    .sizes()
                    .into_iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, n)| n)
            };
            DesignRecord {
                name: sweep.design.name().to_string(),
                samples: size("samples"),
                trajectories: size("trajectories"),
                levels: size("levels"),
            }
        });
        Ok(Identity {
            scenario: scenario.name.clone(),
            solidarity_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_sha256: sha256_hex(toml_text.as_bytes()),
            seed: scenario.seed,
            replicates: scenario.replicates,
            years: scenario.years,
            strategies: scenario.strategies.iter().map(|s| s.name.clone()).collect(),
            points: sweep.len(),
            design,
            axes,
            resolved,
        })
    }

    /// The scenario this identity records (its resolved form, `[sweep]` included), read
    /// back and checked to give this very identity again: what the points of a shard are
    /// checked against, when a merge has no scenario file. `source` names the manifest.
    pub fn scenario(&self, source: &str) -> Result<Scenario, Error> {
        let version = env!("CARGO_PKG_VERSION");
        if self.solidarity_version != version {
            return Err(InputError::new(
                source,
                format!(
                    "was written by solidarity {}, and this is {version}; rerun the sweep with this version",
                    self.solidarity_version
                ),
            )
            .into());
        }
        let unreadable = |e: String| {
            InputError::new(
                source,
                format!("records no readable resolved scenario: {e}"),
            )
        };
        let mut raw: RawScenario =
            serde_json::from_value(self.resolved.clone()).map_err(|e| unreadable(e.to_string()))?;
        // A JSON object keeps no order: the strategies' order is that of `strategies`, and
        // the grid's that of `axes`.
        let mut strategies = std::mem::take(&mut raw.strategy);
        for name in &self.strategies {
            let strategy = strategies
                .shift_remove(name)
                .ok_or_else(|| unreadable(format!("no strategy `{name}`")))?;
            raw.strategy.insert(name.clone(), strategy);
        }
        raw.sweep = self.raw_sweep().map_err(|e| unreadable(e.to_string()))?;
        let text = toml::to_string(&raw)
            .map_err(|e| Error::Other(format!("{source}: cannot render the scenario: {e}")))?;
        let scenario = Scenario::parse(&self.scenario, source, &text, &[])?;
        match Identity::of(&scenario)?.difference(self) {
            None => Ok(scenario),
            Some(why) => Err(InputError::new(
                source,
                format!("does not record the sweep it describes (its resolved scenario gives {why}); it was edited or written by another program"),
            )
            .into()),
        }
    }

    /// The `[sweep]` table this identity records, as `Sweep::to_raw` writes it.
    fn raw_sweep(&self) -> Result<indexmap::IndexMap<String, toml::Value>, toml::ser::Error> {
        let mut raw = indexmap::IndexMap::new();
        if let Some(design) = &self.design {
            raw.insert("design".into(), toml::Value::String(design.name.clone()));
            for (key, size) in [
                ("samples", design.samples),
                ("trajectories", design.trajectories),
                ("levels", design.levels),
            ] {
                if let Some(n) = size {
                    raw.insert(key.into(), toml::Value::Integer(n as i64));
                }
            }
        }
        for axis in &self.axes {
            let value = match (&axis.min, &axis.max) {
                (Some(min), Some(max)) => {
                    toml::Value::try_from(serde_json::json!({ "min": min, "max": max }))?
                }
                _ => toml::Value::try_from(&axis.values)?,
            };
            raw.insert(axis.path.clone(), value);
        }
        Ok(raw)
    }

    /// Whether the points are a full grid (their values combine the axes' lists).
    pub fn is_grid(&self) -> bool {
        self.design.is_none()
    }

    /// The values of point `point`, one per axis, as `sweep.csv` writes them.
    pub fn point_texts(&self, point: usize) -> Vec<String> {
        if self.is_grid() {
            let texts: Vec<Vec<String>> = self.axes.iter().map(|a| a.texts()).collect();
            return super::table::grid_values(&texts, point);
        }
        self.axes
            .iter()
            .map(|a| a.values.get(point).map(json_text).unwrap_or_default())
            .collect()
    }

    /// Why `other` is not the same sweep, in words, or `None` if it is.
    pub fn difference(&self, other: &Identity) -> Option<String> {
        if self == other {
            return None;
        }
        Some(if self.scenario != other.scenario {
            format!("scenario `{}`, not `{}`", other.scenario, self.scenario)
        } else if self.solidarity_version != other.solidarity_version {
            format!(
                "solidarity {}, not {}",
                other.solidarity_version, self.solidarity_version
            )
        } else if self.seed != other.seed {
            format!("seed {}, not {}", other.seed, self.seed)
        } else if self.design != other.design {
            "a different [sweep] design".to_string()
        } else if self.axes != other.axes {
            "a different [sweep] grid".to_string()
        } else {
            format!(
                "scenario `{}` with other settings (resolved scenario {} not {}: another --set, --replicates or --years, or an edited file)",
                other.scenario,
                short(&other.scenario_sha256),
                short(&self.scenario_sha256)
            )
        })
    }
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// What a shard directory's `shard.json` holds: the sweep, which shard, and its points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardManifest {
    pub sweep: Identity,
    pub shard: Shard,
    pub points: Vec<usize>,
}

/// What a directory holds, as its manifests say.
pub enum Holding {
    Nothing,
    Sweep(Identity),
    Shard(ShardManifest),
    /// A manifest that cannot be read, or files of something else.
    Other(String),
}

/// Reads the sweep or shard manifest of `dir`.
pub fn holding(dir: &Path) -> Holding {
    let read = |name: &str| fs::read_to_string(dir.join(name)).ok();
    if let Some(text) = read(SWEEP_MANIFEST) {
        return match serde_json::from_str(&text) {
            Ok(identity) => Holding::Sweep(identity),
            Err(e) => Holding::Other(format!("an unreadable {SWEEP_MANIFEST} ({e})")),
        };
    }
    if let Some(text) = read(SHARD_MANIFEST) {
        return match serde_json::from_str(&text) {
            Ok(shard) => Holding::Shard(shard),
            Err(e) => Holding::Other(format!("an unreadable {SHARD_MANIFEST} ({e})")),
        };
    }
    let empty = fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
    if empty {
        Holding::Nothing
    } else if dir.join(crate::output::MANIFEST).is_file() {
        Holding::Other("the result of a `run`".into())
    } else {
        Holding::Other("files that are not a sweep".into())
    }
}

/// A manifest as written: pretty JSON through `serde_json::Value`, with a final newline.
pub fn render<T: Serialize>(manifest: &T) -> Result<String, Error> {
    serde_json::to_value(manifest)
        .and_then(|value| serde_json::to_string_pretty(&value))
        .map(|text| text + "\n")
        .map_err(|e| Error::Other(format!("cannot render a sweep manifest: {e}")))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
