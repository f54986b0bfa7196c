//! The designs of a `[sweep]` other than the full grid: where its points lie.
//!
//! - `lhs`, `sobol`, `morris` draw points in the unit hypercube (`crate::sensitivity::
//!   design`) from the scenario's seed and map each coordinate u onto its parameter's
//!   range: min + u (max - min), or for a whole-valued parameter (one whose value in the
//!   scenario is an integer) min + floor(u (max - min + 1)), at most max, so that each
//!   whole value is equally likely; Morris levels map to the nearest whole value instead.
//! - `table` reads its points from a CSV file (or from lists of equal length written in
//!   the `[sweep]` table itself, as the resolved scenario writes them), row by row.

use std::path::Path;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use toml::Value;

use super::overrides::parse_value;
use crate::error::InputError;
use crate::sensitivity::design;

/// The ChaCha stream of a design's draws, apart from those of the runs.
const DESIGN_STREAM: u64 = 0x0053_5745_4550;

/// How a sweep places its points.
#[derive(Clone, Debug, PartialEq)]
pub enum Design {
    /// Every combination of each key's list of values.
    Grid,
    /// A Latin hypercube of `samples` points.
    Lhs { samples: usize },
    /// Saltelli's scheme on a base sample of `samples`: samples * (k + 2) points.
    Sobol { samples: usize },
    /// `trajectories` Morris trajectories on `levels` levels: trajectories * (k + 1) points.
    Morris { trajectories: usize, levels: usize },
    /// Points given row by row.
    Table,
}

/// The keys of `[sweep]` that describe the design rather than name a parameter.
pub const DESIGN_KEYS: [&str; 5] = ["design", "samples", "trajectories", "levels", "table"];

impl Design {
    pub fn name(&self) -> &'static str {
        match self {
            Design::Grid => "grid",
            Design::Lhs { .. } => "lhs",
            Design::Sobol { .. } => "sobol",
            Design::Morris { .. } => "morris",
            Design::Table => "table",
        }
    }

    /// Whether the design draws its points within ranges.
    pub fn is_sampled(&self) -> bool {
        matches!(
            self,
            Design::Lhs { .. } | Design::Sobol { .. } | Design::Morris { .. }
        )
    }

    /// The number of points for `k` parameters.
    pub fn points(&self, k: usize) -> Option<usize> {
        match *self {
            Design::Lhs { samples } => Some(samples),
            Design::Sobol { samples } => samples.checked_mul(k + 2),
            Design::Morris { trajectories, .. } => trajectories.checked_mul(k + 1),
            Design::Grid | Design::Table => None,
        }
    }

    /// The size keys of the design, as `[sweep]` writes them.
    pub fn sizes(&self) -> Vec<(&'static str, usize)> {
        match *self {
            Design::Lhs { samples } | Design::Sobol { samples } => vec![("samples", samples)],
            Design::Morris {
                trajectories,
                levels,
            } => vec![("trajectories", trajectories), ("levels", levels)],
            Design::Grid | Design::Table => Vec::new(),
        }
    }
}

/// A swept parameter's range in a sampled design, its ends as the file writes them.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    pub min: Value,
    pub max: Value,
    /// Drawn values are whole numbers (the parameter is an integer).
    pub whole: bool,
}

impl Range {
    pub fn low(&self) -> f64 {
        number(&self.min).unwrap_or(0.0)
    }

    pub fn high(&self) -> f64 {
        number(&self.max).unwrap_or(0.0)
    }

    /// The value at unit coordinate `u` in [0, 1) of a random design.
    fn drawn(&self, u: f64) -> Value {
        let (low, high) = (self.low(), self.high());
        if self.whole {
            let value = (low + (u * (high - low + 1.0)).floor()).min(high);
            Value::Integer(value as i64)
        } else {
            Value::Float(low + u * (high - low))
        }
    }

    /// The value at Morris level coordinate `x` in [0, 1].
    fn level(&self, x: f64) -> Value {
        let (low, high) = (self.low(), self.high());
        if self.whole {
            Value::Integer((low + x * (high - low)).round() as i64)
        } else {
            Value::Float(low + x * (high - low))
        }
    }
}

pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// The points of a sampled design over `ranges`, one row of values per point, drawn from
/// `seed`.
pub fn sample(design: &Design, ranges: &[Range], seed: u64) -> Vec<Vec<Value>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(DESIGN_STREAM);
    let k = ranges.len();
    let map = |unit: Vec<Vec<f64>>, at: &dyn Fn(&Range, f64) -> Value| -> Vec<Vec<Value>> {
        unit.into_iter()
            .map(|row| row.iter().zip(ranges).map(|(&u, r)| at(r, u)).collect())
            .collect()
    };
    match *design {
        Design::Lhs { samples } => {
            map(design::latin_hypercube(samples, k, &mut rng), &Range::drawn)
        }
        Design::Sobol { samples } => map(design::saltelli(samples, k, &mut rng), &Range::drawn),
        Design::Morris {
            trajectories,
            levels,
        } => map(
            design::morris(trajectories, k, levels, &mut rng),
            &Range::level,
        ),
        Design::Grid | Design::Table => Vec::new(),
    }
}

/// A design table read from CSV: the dotted paths of its header and its rows of values.
pub struct TableFile {
    pub paths: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// The line of each row in the file, for messages.
    pub lines: Vec<u64>,
}

/// Reads the design table at `path` (shown as `shown`): a header of dotted paths, then one
/// row per point; a cell reads as `--set` reads a value (`3`, `0.5`, `true`, or a word).
pub fn read_table(path: &Path, shown: &str) -> Result<TableFile, InputError> {
    let fail = |why: String| InputError::new(shown, why);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| fail(format!("cannot be read: {e}")))?;
    let paths: Vec<String> = reader
        .headers()
        .map_err(|e| fail(e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    if paths.is_empty() || paths.iter().all(String::is_empty) {
        return Err(fail("has no header of dotted paths".into()));
    }
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(at) => fail(format!("line {}: {e}", at.line())),
            None => fail(e.to_string()),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let row_number = rows.len() + 1;
        let mut row = Vec::with_capacity(paths.len());
        for (cell, path) in record.iter().zip(&paths) {
            if cell.is_empty() {
                return Err(fail(format!(
                    "row {row_number} (line {line}), column `{path}`: the cell is empty; every point needs a value for every column"
                )));
            }
            row.push(parse_value(cell));
        }
        rows.push(row);
        lines.push(line);
    }
    Ok(TableFile { paths, rows, lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_values_cover_the_range_evenly_and_levels_round() {
        let range = Range {
            min: Value::Integer(2),
            max: Value::Integer(4),
            whole: true,
        };
        let drawn: Vec<Value> = [0.0, 0.33, 0.34, 0.66, 0.67, 0.999]
            .iter()
            .map(|&u| range.drawn(u))
            .collect();
        let ints: Vec<i64> = drawn.iter().filter_map(Value::as_integer).collect();
        assert_eq!(ints, [2, 2, 3, 3, 4, 4]);
        assert_eq!(range.level(1.0), Value::Integer(4));
        assert_eq!(range.level(0.5), Value::Integer(3));
    }

    #[test]
    fn a_sampled_design_is_the_same_for_the_same_seed_and_stays_in_its_ranges() {
        let ranges = [
            Range {
                min: Value::Float(0.5),
                max: Value::Float(1.5),
                whole: false,
            },
            Range {
                min: Value::Integer(1),
                max: Value::Integer(9),
                whole: true,
            },
        ];
        let design = Design::Sobol { samples: 8 };
        let points = sample(&design, &ranges, 42);
        assert_eq!(points.len(), 8 * 4);
        assert_eq!(points, sample(&design, &ranges, 42));
        assert_ne!(points, sample(&design, &ranges, 43));
        for point in &points {
            let x = point[0].as_float().unwrap();
            let n = point[1].as_integer().unwrap();
            assert!((0.5..1.5).contains(&x) && (1..=9).contains(&n));
        }
    }
}
