//! `[sweep]`: scenarios around one base scenario, placed by a design (`design.rs`): the
//! full grid by default, or a Latin hypercube, a Sobol' (Saltelli) or Morris design within
//! ranges, or a table of points.
//!
//! Each parameter key is a dotted path as `--set` takes it (strategies by name, shocks by
//! index); in a grid its value is a non-empty list. A point's values are set on the
//! resolved base scenario by the same code as `--set` and then go through the same typed
//! parse and checks, so a swept value can never reach the model unchecked. Keys may be written quoted
//! (`"population.size" = [...]`) or as TOML dotted keys (`population.size = [...]`), which
//! TOML reads as nested tables; both name the same path.
//!
//! The grid is every combination, in a fixed order: keys in the order the resolved
//! scenario lists them (file order, keys sharing a dotted prefix kept together), the last
//! key varying fastest, like the digits of a number.

use indexmap::IndexMap;
use toml::{Table, Value};

use super::design::{self, Design, Range, DESIGN_KEYS};
use super::diagnostic::{self, Stage};
use super::locate::{excerpt, key_span, location};
use super::{overrides, validate, RawScenario, Scenario};
use crate::error::{InputError, Location};

/// The most points a sweep may have. Point directories are numbered with four digits;
/// a larger grid is better run as several sweeps, each a question of its own.
pub const MAX_GRID_POINTS: usize = 10_000;

/// One swept parameter: its dotted path and its values: in a grid, the list in file
/// order; in any other design, its value at each point in turn.
#[derive(Clone, Debug)]
pub struct Axis {
    pub path: String,
    pub values: Vec<Value>,
    /// The range the values are drawn from, in a sampled design.
    pub range: Option<Range>,
    /// Where the file lists the key, so that a message about a point can point at it.
    place: Option<(Location, String)>,
}

/// The points of a `[sweep]` table, checked value by value against the base scenario.
#[derive(Clone, Debug)]
pub struct Sweep {
    pub design: Design,
    pub axes: Vec<Axis>,
    file: String,
    /// The CSV file a table's points were read from, so that a message about a point can
    /// name its row.
    rows: Option<TableSource>,
}

/// A design table's CSV file, as messages name it, and the line of each of its rows.
#[derive(Clone, Debug)]
struct TableSource {
    file: String,
    lines: Vec<u64>,
}

// Two sweeps are equal when they sweep the same values; where the file lists them is not
// part of the sweep (a resolved scenario read back must equal the original).
impl PartialEq for Sweep {
    fn eq(&self, other: &Sweep) -> bool {
        self.design == other.design
            && self.axes.len() == other.axes.len()
            && self
                .axes
                .iter()
                .zip(&other.axes)
                .all(|(a, b)| a.path == b.path && a.values == b.values && a.range == b.range)
    }
}

impl Sweep {
    /// The number of points.
    pub fn len(&self) -> usize {
        match self.design {
            Design::Grid => self.axes.iter().map(|a| a.values.len()).product(),
            _ => self.axes.first().map_or(0, |a| a.values.len()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of each axis at point `point` (0-based): in a grid, the last axis varying
    /// fastest.
    pub fn values(&self, point: usize) -> Vec<&Value> {
        if self.design != Design::Grid {
            return self.axes.iter().map(|a| &a.values[point]).collect();
        }
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

    /// The `[sweep]` table as the resolved scenario writes it: the design and its sizes,
    /// then one quoted key per axis: its list of values in a grid, its column of values
    /// in a table (so that the resolved scenario needs no CSV file), its range in a
    /// sampled design (whose points the seed draws again).
    pub fn to_raw(&self) -> IndexMap<String, Value> {
        let mut raw = IndexMap::new();
        if self.design != Design::Grid {
            raw.insert("design".into(), Value::String(self.design.name().into()));
        }
        for (key, size) in self.design.sizes() {
            raw.insert(key.into(), Value::Integer(size as i64));
        }
        for axis in &self.axes {
            let value = match &axis.range {
                Some(range) => {
                    let mut table = Table::new();
                    table.insert("min".into(), range.min.clone());
                    table.insert("max".into(), range.max.clone());
                    Value::Table(table)
                }
                None => Value::Array(axis.values.clone()),
            };
            raw.insert(axis.path.clone(), value);
        }
        raw
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
            let invalid =
                format!("sweep point {point} ({described}) is not a valid scenario: {why}");
            if let Some(table) = &sweep.rows {
                let line = table.lines.get(point).copied().unwrap_or(0);
                return InputError::new(
                    &table.file,
                    format!("row {} (line {line}): {invalid}", point + 1),
                );
            }
            // Point at the key the message names, else at the last one.
            let axis = sweep
                .axes
                .iter()
                .find(|a| why.contains(&format!("`{}`", a.path)))
                .or(sweep.axes.last());
            located(&sweep.file, axis.and_then(|a| a.place.clone()), invalid)
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

/// Checks the `[sweep]` table of `base` (read from `file`, whose text is `text`): its
/// design, every key a path `--set` accepts, every value a valid scenario when set on its
/// own (in a sampled design, each end of every range; in a table, every cell), and no
/// more than `MAX_GRID_POINTS` points.
pub fn check(
    base: &Scenario,
    raw: &IndexMap<String, Value>,
    file: &str,
    text: &str,
) -> Result<Sweep, InputError> {
    let table_place = place_of(text, "sweep");
    let design = design_of(raw, file, text)?;
    let mut leaves = Vec::new();
    flatten(
        "",
        raw.iter()
            .filter(|(key, _)| !DESIGN_KEYS.contains(&key.as_str())),
        &mut leaves,
    );
    let context = Context {
        base,
        file,
        text,
        table_place: table_place.clone(),
    };
    let (axes, rows) = match &design {
        Design::Grid => (grid_axes(&context, leaves)?, None),
        Design::Table => match raw.get("table") {
            Some(csv) => {
                let (axes, source) = table_file_axes(&context, csv, &leaves)?;
                (axes, Some(source))
            }
            None => (table_axes(&context, leaves)?, None),
        },
        sampled => (sampled_axes(&context, sampled, leaves)?, None),
    };
    let points = match design {
        Design::Grid => axes
            .iter()
            .try_fold(1usize, |n, a| n.checked_mul(a.values.len())),
        _ => axes.first().map(|a| a.values.len()),
    };
    if points.map_or(true, |n| n > MAX_GRID_POINTS) {
        let total: u128 = match design {
            Design::Grid => axes.iter().map(|a| a.values.len() as u128).product(),
            _ => axes.first().map_or(0, |a| a.values.len() as u128),
        };
        let how = match design {
            Design::Grid => {
                let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
                format!("{} = {total} grid points", sizes.join(" x "))
            }
            _ => format!("{total} points"),
        };
        return Err(located(
            file,
            table_place,
            format!(
                "`sweep` has {how}, more than the {MAX_GRID_POINTS} a sweep may have; split it into several sweeps"
            ),
        ));
    }
    Ok(Sweep {
        design,
        axes,
        file: file.to_string(),
        rows,
    })
}

/// What checking the axes of every design needs.
struct Context<'a> {
    base: &'a Scenario,
    file: &'a str,
    text: &'a str,
    table_place: Option<(Location, String)>,
}

impl Context<'_> {
    fn place(&self, path: &str) -> Option<(Location, String)> {
        place_of_key(self.text, path).or(self.table_place.clone())
    }

    fn fail(&self, path: &str, why: String) -> InputError {
        located(
            self.file,
            self.place(path),
            format!("`sweep.{path}`: {why}"),
        )
    }

    fn no_values(&self) -> InputError {
        located(
            self.file,
            self.table_place.clone(),
            "`sweep` lists no values; give each swept key a list, e.g. `\"population.size\" = [500, 1000]`".into(),
        )
    }

    /// Refuses `value` at `path` unless it gives a valid scenario on its own; `what` names
    /// the value in the message.
    fn check_value(&self, path: &str, value: &Value, what: &str) -> Result<(), InputError> {
        self.base
            .with_values(&[(path, value)])
            .map(drop)
            .map_err(|why| {
                self.fail(
                    path,
                    format!("{what} {value} gives no valid scenario: {why}"),
                )
            })
    }

    /// Refuses a path `--set` would not take, the sweep itself, or one swept twice.
    fn check_path(&self, path: &str, axes: &[Axis]) -> Result<(), String> {
        if path.split('.').any(str::is_empty) {
            return Err("is not a dotted key path".into());
        }
        if path == "sweep" || path.starts_with("sweep.") {
            return Err("a sweep cannot sweep itself".into());
        }
        if axes.iter().any(|a| a.path == path) {
            return Err("is swept twice".into());
        }
        Ok(())
    }
}

/// The design named by `design` (the grid when absent) with its sizes.
fn design_of(raw: &IndexMap<String, Value>, file: &str, text: &str) -> Result<Design, InputError> {
    let fail = |key: &str, why: String| {
        let place = place_of(text, &format!("sweep.{key}")).or_else(|| place_of(text, "sweep"));
        located(file, place, format!("`sweep.{key}`: {why}"))
    };
    let name = match raw.get("design") {
        None => "grid",
        Some(Value::String(name)) => name.as_str(),
        Some(other) => {
            return Err(fail(
                "design",
                format!(
                    "must be \"grid\", \"lhs\", \"sobol\", \"morris\" or \"table\", not {other}"
                ),
            ))
        }
    };
    let size = |key: &str, default: Option<usize>| -> Result<usize, InputError> {
        match raw.get(key) {
            None => default.ok_or_else(|| {
                fail(
                    key,
                    format!("a {name} design needs it (a whole number of at least 2)"),
                )
            }),
            Some(Value::Integer(n)) if *n >= 2 => Ok(*n as usize),
            Some(other) => Err(fail(
                key,
                format!("must be a whole number of at least 2, not {other}"),
            )),
        }
    };
    let design = match name {
        "grid" => Design::Grid,
        "table" => Design::Table,
        "lhs" => Design::Lhs {
            samples: size("samples", None)?,
        },
        "sobol" => Design::Sobol {
            samples: size("samples", None)?,
        },
        "morris" => {
            let levels = size("levels", Some(4))?;
            if levels % 2 != 0 {
                return Err(fail(
                    "levels",
                    format!(
                        "must be even (the Morris step is levels / (2 (levels - 1))), not {levels}"
                    ),
                ));
            }
            Design::Morris {
                trajectories: size("trajectories", None)?,
                levels,
            }
        }
        other => {
            let near = strsim_closest(other);
            return Err(fail(
                "design",
                format!("unknown design `{other}`{near}; use \"grid\", \"lhs\", \"sobol\", \"morris\" or \"table\""),
            ));
        }
    };
    let allowed: Vec<&str> = design.sizes().iter().map(|(key, _)| *key).collect();
    for key in ["samples", "trajectories", "levels", "table"] {
        let belongs = allowed.contains(&key) || (key == "table" && design == Design::Table);
        if raw.contains_key(key) && !belongs {
            return Err(fail(key, format!("does not apply to a {name} design")));
        }
    }
    if let Some(value) = raw.get("table") {
        if !matches!(value, Value::String(_)) {
            return Err(fail(
                "table",
                format!("must be the path of a CSV file, not {value}"),
            ));
        }
    }
    Ok(design)
}

fn strsim_closest(name: &str) -> String {
    ["grid", "lhs", "sobol", "morris", "table"]
        .into_iter()
        .find(|known| strsim::levenshtein(known, name) <= 2)
        .map(|known| format!(" (did you mean `{known}`?)"))
        .unwrap_or_default()
}

/// The axes of a grid: each key's list of values, checked one by one.
fn grid_axes(cx: &Context, leaves: Vec<(String, Value)>) -> Result<Vec<Axis>, InputError> {
    if leaves.is_empty() {
        return Err(cx.no_values());
    }
    let mut axes: Vec<Axis> = Vec::new();
    for (path, value) in leaves {
        let fail = |why: String| cx.fail(&path, why);
        cx.check_path(&path, &axes).map_err(fail)?;
        if is_range(&value) {
            return Err(fail(
                "a range `{ min, max }` needs `design = \"lhs\"`, \"sobol\" or \"morris\"; a grid takes a list of values".into(),
            ));
        }
        let values = list_of(&value).map_err(fail)?;
        let mut seen: Vec<String> = Vec::new();
        for v in values {
            let shown = value_text(v);
            if seen.contains(&shown) {
                return Err(fail(format!("lists {shown} twice")));
            }
            seen.push(shown);
            cx.check_value(&path, v, "the value")?;
        }
        axes.push(Axis {
            place: cx.place(&path),
            path,
            values: values.clone(),
            range: None,
        });
    }
    Ok(axes)
}

/// A non-empty list of numbers, strings or booleans.
fn list_of(value: &Value) -> Result<&Vec<Value>, String> {
    let Value::Array(values) = value else {
        return Err(format!(
            "must be a list of values, e.g. [{0}], not {0}",
            value
        ));
    };
    if values.is_empty() {
        return Err("lists no values; give at least one".into());
    }
    if let Some(v) = values
        .iter()
        .find(|v| matches!(v, Value::Array(_) | Value::Table(_) | Value::Datetime(_)))
    {
        return Err(format!("`{v}` is not a number, a string or a boolean"));
    }
    Ok(values)
}

/// The axes of a sampled design: each key's range, checked at both ends, then the points
/// drawn from the scenario's seed.
fn sampled_axes(
    cx: &Context,
    design: &Design,
    leaves: Vec<(String, Value)>,
) -> Result<Vec<Axis>, InputError> {
    if leaves.is_empty() {
        return Err(located(
            cx.file,
            cx.table_place.clone(),
            format!(
                "`sweep` names no parameter; give each a range, e.g. `\"network.decay\" = {{ min = 0.01, max = 0.05 }}` (design = \"{}\")",
                design.name()
            ),
        ));
    }
    let mut axes: Vec<Axis> = Vec::new();
    for (path, value) in leaves {
        let fail = |why: String| cx.fail(&path, why);
        cx.check_path(&path, &axes).map_err(fail)?;
        let range = range_of(cx.base, &path, &value, design).map_err(fail)?;
        for end in [&range.min, &range.max] {
            cx.check_value(&path, end, "the range end")?;
        }
        axes.push(Axis {
            place: cx.place(&path),
            path,
            values: Vec::new(),
            range: Some(range),
        });
    }
    let ranges: Vec<Range> = axes.iter().filter_map(|a| a.range.clone()).collect();
    let count = design.points(ranges.len());
    if count.map_or(true, |n| n > MAX_GRID_POINTS) {
        let sizes: Vec<String> = design
            .sizes()
            .iter()
            .map(|(key, n)| format!("{key} = {n}"))
            .collect();
        return Err(located(
            cx.file,
            cx.table_place.clone(),
            format!(
                "`sweep` has {} points ({} design, {}, {} parameters), more than the {MAX_GRID_POINTS} a sweep may have; draw fewer",
                count.map_or("too many".into(), |n| n.to_string()),
                design.name(),
                sizes.join(", "),
                ranges.len()
            ),
        ));
    }
    let points = design::sample(design, &ranges, cx.base.seed);
    Ok(axes_with_points(axes, points))
}

/// `axes` with the values of `points` (rows of one value per axis) as their columns.
fn axes_with_points(mut axes: Vec<Axis>, points: Vec<Vec<Value>>) -> Vec<Axis> {
    for (k, axis) in axes.iter_mut().enumerate() {
        axis.values = points
            .iter()
            .map(|row| row.get(k).cloned().unwrap_or(Value::Integer(0)))
            .collect();
    }
    axes
}

fn is_range(value: &Value) -> bool {
    matches!(value, Value::Table(t) if t.contains_key("min") || t.contains_key("max"))
}

/// The range `{ min, max }` of swept key `path`: whole-valued when the scenario's value
/// there is an integer (or, where the scenario has none, when both ends are written as
/// integers).
fn range_of(base: &Scenario, path: &str, value: &Value, design: &Design) -> Result<Range, String> {
    let example = "e.g. { min = 0.01, max = 0.05 }";
    let Value::Table(table) = value else {
        return Err(format!(
            "a {} design takes a range {example}, not {value}",
            design.name()
        ));
    };
    if let Some(extra) = table.keys().find(|k| *k != "min" && *k != "max") {
        return Err(format!("a range has only `min` and `max`, not `{extra}`"));
    }
    let end = |key: &str| -> Result<(Value, f64), String> {
        let v = table
            .get(key)
            .ok_or_else(|| format!("the range has no `{key}` ({example})"))?;
        let n = design::number(v).ok_or_else(|| format!("`{key}` must be a number, not {v}"))?;
        Ok((v.clone(), n))
    };
    let ((min, low), (max, high)) = (end("min")?, end("max")?);
    if low >= high {
        return Err(format!("`min` ({low}) must be below `max` ({high})"));
    }
    let whole = match current_value(base, path) {
        Some(Value::Integer(_)) => true,
        Some(_) => false,
        None => matches!((&min, &max), (Value::Integer(_), Value::Integer(_))),
    };
    if !whole {
        return Ok(Range {
            min: Value::Float(low),
            max: Value::Float(high),
            whole,
        });
    }
    if low.fract() != 0.0 || high.fract() != 0.0 {
        return Err(format!(
            "takes whole values, so its range ends must be whole numbers, not {low} and {high}"
        ));
    }
    if let Design::Morris { levels, .. } = design {
        if high - low < (*levels - 1) as f64 {
            return Err(format!(
                "takes whole values: a range of {} cannot hold {levels} distinct levels; widen it or use fewer levels",
                high - low
            ));
        }
    }
    Ok(Range {
        min: Value::Integer(low as i64),
        max: Value::Integer(high as i64),
        whole,
    })
}

/// The value at dotted `path` in the resolved scenario (shocks by index), if it has one.
fn current_value(base: &Scenario, path: &str) -> Option<Value> {
    let mut here = Value::try_from(base.resolved()).ok()?;
    for segment in path.split('.') {
        here = match here {
            Value::Table(mut t) => t.remove(segment)?,
            Value::Array(mut a) => {
                let i: usize = segment.parse().ok()?;
                (i < a.len()).then(|| a.swap_remove(i))?
            }
            _ => return None,
        };
    }
    Some(here)
}

/// The axes of a table written in the `[sweep]` table: one list per key, all of one
/// length, point i taking the i-th value of each.
fn table_axes(cx: &Context, leaves: Vec<(String, Value)>) -> Result<Vec<Axis>, InputError> {
    if leaves.is_empty() {
        return Err(located(
            cx.file,
            cx.table_place.clone(),
            "a table design needs `table = \"design.csv\"` (a CSV file of points) or a list of values per key, all of one length".into(),
        ));
    }
    let mut axes: Vec<Axis> = Vec::new();
    for (path, value) in leaves {
        let fail = |why: String| cx.fail(&path, why);
        cx.check_path(&path, &axes).map_err(fail)?;
        let values = list_of(&value).map_err(fail)?;
        if let Some(first) = axes.first() {
            if values.len() != first.values.len() {
                return Err(fail(format!(
                    "lists {} values and `{}` {}; in a table every key lists one value per point",
                    values.len(),
                    first.path,
                    first.values.len()
                )));
            }
        }
        let mut checked = std::collections::HashSet::new();
        for (row, v) in values.iter().enumerate() {
            // The TOML text tells `6` from `6.0`, which an integer key reads differently.
            if checked.insert(v.to_string()) {
                cx.check_value(&path, v, &format!("point {row}: the value"))?;
            }
        }
        axes.push(Axis {
            place: cx.place(&path),
            path,
            values: values.clone(),
            range: None,
        });
    }
    Ok(axes)
}

/// The axes of a table read from the CSV file `csv` names, relative to the scenario file,
/// and where its rows are in it. A message about a cell names the CSV file, the row and
/// the column.
fn table_file_axes(
    cx: &Context,
    csv: &Value,
    leaves: &[(String, Value)],
) -> Result<(Vec<Axis>, TableSource), InputError> {
    let name = csv.as_str().unwrap_or_default();
    if let Some((path, _)) = leaves.first() {
        return Err(cx.fail(
            path,
            format!(
                "the points come from `table = \"{name}\"`; sweep a key in its columns, not here"
            ),
        ));
    }
    let dir = std::path::Path::new(cx.file)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let path = dir.join(name);
    let shown = path.display().to_string();
    let mut table = design::read_table(&path, &shown)?;
    if table.rows.is_empty() {
        return Err(InputError::new(
            &shown,
            "has a header but no rows; give one row per point",
        ));
    }
    let mut axes: Vec<Axis> = Vec::new();
    for (column, key) in table.paths.iter().enumerate() {
        let column_fail =
            |why: String| InputError::new(&shown, format!("column {} `{key}`: {why}", column + 1));
        cx.check_path(key, &axes).map_err(column_fail)?;
        // Tools that write every column as floats write a whole number as `5.0`; where
        // the scenario takes an integer, it is read as the integer it is.
        if matches!(current_value(cx.base, key), Some(Value::Integer(_))) {
            for row in &mut table.rows {
                if let Value::Float(f) = row[column] {
                    if f.fract() == 0.0 && f.abs() < 9.0e15 {
                        row[column] = Value::Integer(f as i64);
                    }
                }
            }
        }
        let mut checked = std::collections::HashSet::new();
        for (row, values) in table.rows.iter().enumerate() {
            let v = &values[column];
            if !checked.insert(v.to_string()) {
                continue;
            }
            cx.base.with_values(&[(key, v)]).map_err(|why| {
                InputError::new(
                    &shown,
                    format!(
                        "row {} (line {}), column `{key}`: the value {} gives no valid scenario: {why}",
                        row + 1,
                        table.lines[row],
                        value_text(v)
                    ),
                )
            })?;
        }
        axes.push(Axis {
            path: key.clone(),
            values: table.rows.iter().map(|row| row[column].clone()).collect(),
            range: None,
            place: None,
        });
    }
    let source = TableSource {
        file: shown,
        lines: table.lines,
    };
    Ok((axes, source))
}

/// The swept keys with their values, depth first: a TOML dotted key is a nested table, and
/// a table of `min` and `max` is a range.
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
            Value::Table(inner) if !is_range(value) => flatten(&path, inner, out),
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

/// The schema of `[sweep]`: the design keys, and parameter keys to non-empty lists of
/// numbers, strings or booleans, to ranges `{ min, max }`, or to tables of them (a TOML
/// dotted key). That a key is a path `--set` accepts, and each value a valid scenario,
/// only `check` can tell.
pub fn raw_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "properties": {
            "design": { "enum": ["grid", "lhs", "sobol", "morris", "table"] },
            "samples": { "type": "integer", "minimum": 2 },
            "trajectories": { "type": "integer", "minimum": 2 },
            "levels": { "type": "integer", "minimum": 2 },
            "table": { "type": "string" }
        },
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
