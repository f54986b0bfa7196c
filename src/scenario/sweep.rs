//! `[sweep]`: a grid of scenarios around one base scenario.
//!
//! Each key is a dotted path as `--set` takes it (strategies by name, shocks by index),
//! each value a non-empty list. A point's values are set on the resolved base scenario by
//! the same code as `--set` and then go through the same typed parse and checks, so a swept
//! value can never reach the model unchecked. Keys may be written quoted
//! (`"population.size" = [...]`) or as TOML dotted keys (`population.size = [...]`), which
//! TOML reads as nested tables; both name the same path.
//!
//! The grid is every combination, in a fixed order: keys in the order the resolved
//! scenario lists them (file order, keys sharing a dotted prefix kept together), the last
//! key varying fastest, like the digits of a number.

use indexmap::IndexMap;
use toml::{Table, Value};

use super::diagnostic::{self, Stage};
use super::locate::{excerpt, key_span, location};
use super::{overrides, validate, RawScenario, Scenario};
use crate::error::{InputError, Location};

/// The most points a sweep may have. Point directories are numbered with four digits;
/// a larger grid is better run as several sweeps, each a question of its own.
pub const MAX_GRID_POINTS: usize = 10_000;

/// One swept parameter: its dotted path and its values, in file order.
#[derive(Clone, Debug)]
pub struct Axis {
    pub path: String,
    pub values: Vec<Value>,
    /// Where the file lists the key, so that a message about a point can point at it.
    place: Option<(Location, String)>,
}

/// The grid of a `[sweep]` table, checked value by value against the base scenario.
#[derive(Clone, Debug)]
pub struct Sweep {
    pub axes: Vec<Axis>,
    file: String,
}

// Two sweeps are equal when they sweep the same values; where the file lists them is not
// part of the sweep (a resolved scenario read back must equal the original).
impl PartialEq for Sweep {
    fn eq(&self, other: &Sweep) -> bool {
        self.axes.len() == other.axes.len()
            && self
                .axes
                .iter()
                .zip(&other.axes)
                .all(|(a, b)| a.path == b.path && a.values == b.values)
    }
}

impl Sweep {
    /// The number of grid points.
    pub fn len(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of each axis at grid point `point` (0-based), the last axis varying
    /// fastest.
    pub fn values(&self, point: usize) -> Vec<&Value> {
        let mut rest = point;
        let mut out = vec![&self.axes[0].values[0]; self.axes.len()];
        for (k, axis) in self.axes.iter().enumerate().rev() {
            let n = axis.values.len();
            out[k] = &axis.values[rest % n];
            rest /= n;
        }
        out
    }

    /// `path = value, ...` of a point, for messages and manifests.
    pub fn describe(&self, point: usize) -> String {
        self.axes
            .iter()
            .zip(self.values(point))
            .map(|(axis, value)| format!("{} = {}", axis.path, value_text(value)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The `[sweep]` table as the resolved scenario writes it: one quoted key per axis.
    pub fn to_raw(&self) -> IndexMap<String, Value> {
        self.axes
            .iter()
            .map(|a| (a.path.clone(), Value::Array(a.values.clone())))
            .collect()
    }
}

/// A swept value as a CSV field or in a message: numbers in their shortest exact form
/// (`3`, `0.25`), strings without quotes.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => b.to_string(),
        other => other.to_string(),
    }
}

impl Scenario {
    /// The scenario of grid point `point` of its sweep: the base scenario with the point's
    /// values set, no sweep of its own, and a description that records the values.
    pub fn sweep_point(&self, point: usize) -> Result<Scenario, InputError> {
        let Some(sweep) = &self.sweep else {
            return Err(InputError::new(&self.name, "has no [sweep] table"));
        };
        let values = sweep.values(point);
        let pairs: Vec<(&str, &Value)> = sweep
            .axes
            .iter()
            .zip(&values)
            .map(|(a, v)| (a.path.as_str(), *v))
            .collect();
        let described = sweep.describe(point);
        let mut scenario = self.with_values(&pairs).map_err(|why| {
            // Point at the key the message names, else at the last one.
            let axis = sweep
                .axes
                .iter()
                .find(|a| why.contains(&format!("`{}`", a.path)))
                .or(sweep.axes.last());
            located(
                &sweep.file,
                axis.and_then(|a| a.place.clone()),
                format!("sweep point {point} ({described}) is not a valid scenario: {why}"),
            )
        })?;
        let line = format!("Sweep point {point} of {}: {described}.", sweep.len());
        scenario.description = if self.description.is_empty() {
            line
        } else {
            format!("{}\n{line}", self.description)
        };
        Ok(scenario)
    }

    /// This scenario with `values` set at their dotted paths, checked like `--set`.
    fn with_values(&self, values: &[(&str, &Value)]) -> Result<Scenario, String> {
        let mut raw = self.resolved();
        raw.sweep = IndexMap::new();
        let mut doc: Table = match Value::try_from(&raw) {
            Ok(Value::Table(table)) => table,
            _ => return Err("the scenario cannot be written as TOML".into()),
        };
        for (path, value) in values {
            overrides::set(&mut doc, path, (*value).clone())
                .map_err(|why| format!("`{path}`: {why}"))?;
        }
        let raw: RawScenario = serde_path_to_error::deserialize(Value::Table(doc))
            .map_err(|e| diagnostic::parse_error("", "", e, Stage::AfterSet(&[])).message)?;
        validate::validate(&self.name, raw).map_err(|e| e.message)
    }
}

/// Checks the `[sweep]` table of `base` (read from `file`, whose text is `text`): every
/// key a path `--set` accepts, every list non-empty and free of repeats, every value a
/// valid scenario when set on its own, and the grid no larger than `MAX_GRID_POINTS`.
pub fn check(
    base: &Scenario,
    raw: &IndexMap<String, Value>,
    file: &str,
    text: &str,
) -> Result<Sweep, InputError> {
    let mut leaves = Vec::new();
    flatten("", raw, &mut leaves);
    let table_place = place_of(text, "sweep");
    if leaves.is_empty() {
        return Err(located(
            file,
            table_place,
            "`sweep` lists no values; give each swept key a list, e.g. `\"population.size\" = [500, 1000]`".into(),
        ));
    }
    let mut axes: Vec<Axis> = Vec::new();
    for (path, value) in leaves {
        let place = place_of_key(text, &path).or(table_place.clone());
        let fail = |why: String| located(file, place.clone(), format!("`sweep.{path}`: {why}"));
        if path.split('.').any(str::is_empty) {
            return Err(fail("is not a dotted key path".into()));
        }
        if path == "sweep" || path.starts_with("sweep.") {
            return Err(fail("a sweep cannot sweep itself".into()));
        }
        if axes.iter().any(|a| a.path == path) {
            return Err(fail("is swept twice".into()));
        }
        let Value::Array(values) = &value else {
            return Err(fail(format!(
                "must be a list of values, e.g. [{0}], not {0}",
                value
            )));
        };
        if values.is_empty() {
            return Err(fail("lists no values; give at least one".into()));
        }
        let mut seen: Vec<String> = Vec::new();
        for v in values {
            if matches!(v, Value::Array(_) | Value::Table(_) | Value::Datetime(_)) {
                return Err(fail(format!(
                    "`{v}` is not a number, a string or a boolean"
                )));
            }
            let shown = value_text(v);
            if seen.contains(&shown) {
                return Err(fail(format!("lists {shown} twice")));
            }
            seen.push(shown);
            base.with_values(&[(&path, v)])
                .map_err(|why| fail(format!("the value {} gives no valid scenario: {why}", v)))?;
        }
        axes.push(Axis {
            path,
            values: values.clone(),
            place,
        });
    }
    let points = axes
        .iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
        .filter(|&n| n <= MAX_GRID_POINTS);
    if points.is_none() {
        let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
        let total: u128 = axes.iter().map(|a| a.values.len() as u128).product();
        return Err(located(
            file,
            table_place,
            format!(
                "`sweep` has {} = {total} grid points, more than the {MAX_GRID_POINTS} a sweep may have; split it into several sweeps",
                sizes.join(" x ")
            ),
        ));
    }
    Ok(Sweep {
        axes,
        file: file.to_string(),
    })
}

/// The swept keys with their values, depth first: a TOML dotted key is a nested table.
fn flatten<'a>(
    prefix: &str,
    entries: impl IntoIterator<Item = (&'a String, &'a Value)>,
    out: &mut Vec<(String, Value)>,
) {
    for (key, value) in entries {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Table(inner) => flatten(&path, inner, out),
            _ => out.push((path, value.clone())),
        }
    }
}

/// The place of swept key `path` in the text, with its excerpt: found whether the file
/// quotes it (`"a.b" = ...`), dots it (`a.b = ...`) or nests it (`[sweep.a]`), and shown
/// from the start of its line, since a dotted key's own span is its last part.
fn place_of_key(text: &str, path: &str) -> Option<(Location, String)> {
    let document = toml_edit::ImDocument::parse(text).ok()?;
    let segments: Vec<&str> = path.split('.').collect();
    let span = find_key(document.get("sweep")?, &segments)?;
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..span.start];
    let start = line_start + (before.len() - before.trim_start().len());
    Some((location(text, start), excerpt(text, start..span.end)))
}

/// The span of the key at `segments` under `item`, where a key may itself hold dots.
fn find_key(item: &toml_edit::Item, segments: &[&str]) -> Option<std::ops::Range<usize>> {
    let table = item.as_table_like()?;
    for take in (1..=segments.len()).rev() {
        let Some((key, value)) = table.get_key_value(&segments[..take].join(".")) else {
            continue;
        };
        if take == segments.len() {
            return key.span().or_else(|| value.span());
        }
        if let Some(span) = find_key(value, &segments[take..]) {
            return Some(span);
        }
    }
    None
}

/// The place of a dotted key in the text, with its excerpt.
fn place_of(text: &str, path: &str) -> Option<(Location, String)> {
    let span = key_span(text, path)?;
    Some((location(text, span.start), excerpt(text, span)))
}

fn located(file: &str, place: Option<(Location, String)>, message: String) -> InputError {
    let mut err = InputError::new(file, message);
    if let Some((at, shown)) = place {
        err.location = Some(at);
        err.excerpt = Some(shown);
    }
    err
}

/// The schema of `[sweep]`: keys to non-empty lists of numbers, strings or booleans, or to
/// tables of them (a TOML dotted key). That a key is a path `--set` accepts, and each
/// value a valid scenario, only `check` can tell.
pub fn raw_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": true,
                    "items": { "type": ["number", "string", "boolean"] }
                },
                { "type": "object" }
            ]
        }
    })
}
