//! `sweep.csv`: one row per point, strategy and summary metric, gathered from the points'
//! `summary.csv` files in point order, with the swept values as columns.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::identity::Identity;
use super::points;
use crate::error::{Error, InputError};
use crate::output::SUMMARY_COLUMNS;
use crate::scenario::Scenario;

pub const SWEEP_CSV: &str = "sweep.csv";

/// The columns after `point` and the swept paths: those of `summary.csv`.
pub const TAIL_COLUMNS: [&str; 6] = SUMMARY_COLUMNS;

/// One row of `sweep.csv`, as the sweep charts read it.
#[derive(Clone, Debug)]
pub struct SweepRow {
    pub point: usize,
    pub strategy: String,
    pub metric: String,
    pub mean: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// Writes `sweep.csv` in `dir` from `points/*/summary.csv`, one point at a time (the
/// summaries are copied as written, so the numbers are those of the points). A point's
/// summary is read only when its manifest records that point of `scenario`'s sweep, so
/// that no numbers are written under another point's values.
pub fn write(dir: &Path, scenario: &Scenario, identity: &Identity) -> Result<(), Error> {
    let path = dir.join(SWEEP_CSV);
    let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
    let mut out = csv::Writer::from_writer(BufWriter::new(file));
    let failed = |e: csv::Error| Error::Other(format!("{}: {e}", path.display()));
    let mut header = vec!["point".to_string()];
    header.extend(identity.axes.iter().map(|a| a.path.clone()));
    header.extend(TAIL_COLUMNS.iter().map(|c| c.to_string()));
    out.write_record(&header).map_err(failed)?;
    for point in 0..identity.points {
        let values = identity.point_texts(point);
        let folder = points::dir(dir, point);
        points::holds(&folder, &scenario.sweep_point(point)?).map_err(|what| {
            InputError::new(
                &folder.display().to_string(),
                format!("holds {what}, not point {point} ({})", values.join(", ")),
            )
        })?;
        let summary = folder.join("summary.csv");
        let shown = summary.display().to_string();
        let mut reader = csv::Reader::from_path(&summary)
            .map_err(|e| InputError::new(&shown, format!("cannot be read: {e}")))?;
        let columns = reader
            .headers()
            .map_err(|e| InputError::new(&shown, e.to_string()))?
            .clone();
        if columns.iter().take(TAIL_COLUMNS.len()).ne(TAIL_COLUMNS) {
            return Err(
                InputError::new(&shown, "does not start with the columns of summary.csv").into(),
            );
        }
        for record in reader.records() {
            let record = record.map_err(|e| InputError::new(&shown, e.to_string()))?;
            let mut row = vec![point.to_string()];
            row.extend(values.iter().cloned());
            row.extend(record.iter().take(TAIL_COLUMNS.len()).map(str::to_string));
            out.write_record(&row).map_err(failed)?;
        }
    }
    out.into_inner()
        .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?
        .flush()
        .map_err(|e| Error::io(&path, e))
}

/// The value of each axis at `point`, the last axis varying fastest (as `Sweep::values`).
pub fn grid_values(texts: &[Vec<String>], point: usize) -> Vec<String> {
    let mut rest = point;
    let mut out = vec![String::new(); texts.len()];
    for (k, values) in texts.iter().enumerate().rev() {
        out[k] = values[rest % values.len()].clone();
        rest /= values.len();
    }
    out
}

/// Reads `sweep.csv` back for the charts.
pub fn read(dir: &Path, axes: usize) -> Result<Vec<SweepRow>, Error> {
    let path = dir.join(SWEEP_CSV);
    let shown = path.display().to_string();
    let mut reader = csv::Reader::from_path(&path)
        .map_err(|e| InputError::new(&shown, format!("cannot be read: {e}")))?;
    let number = |field: &str| field.parse::<f64>().ok();
    let mut rows = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| InputError::new(&shown, e.to_string()))?;
        let field = |k: usize| record.get(k).unwrap_or_default();
        let point = field(0).parse().map_err(|_| {
            InputError::new(
                &shown,
                format!("line {}: `point` is not a number", line + 2),
            )
        })?;
        rows.push(SweepRow {
            point,
            strategy: field(1 + axes).to_string(),
            metric: field(2 + axes).to_string(),
            mean: number(field(3 + axes)),
            ci_low: number(field(4 + axes)),
            ci_high: number(field(5 + axes)),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A sweep of two points whose folders hold each other's manifest and summary.
    #[test]
    fn a_point_whose_manifest_records_another_point_is_not_read() {
        let text = "[strategy.a]\n[sweep]\nseed = [1, 2]\n";
        let scenario = Scenario::parse("s", "s.toml", text, &[]).unwrap();
        let identity = Identity::of(&scenario).unwrap();
        let root = tempfile::tempdir().unwrap();
        for (folder, point) in [(0, 1), (1, 0)] {
            let dir = points::dir(root.path(), folder);
            fs::create_dir_all(&dir).unwrap();
            let resolved = scenario.sweep_point(point).unwrap().resolved();
            let manifest = serde_json::json!({
                "resolved": resolved,
                "solidarity_version": env!("CARGO_PKG_VERSION"),
            });
            fs::write(dir.join(crate::output::MANIFEST), manifest.to_string()).unwrap();
            fs::write(
                dir.join("summary.csv"),
                format!(
                    "{}\na,retention_1y,0.{point},0,1,1\n",
                    SUMMARY_COLUMNS.join(",")
                ),
            )
            .unwrap();
        }
        let e = write(root.path(), &scenario, &identity)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("0000: holds the result of Sweep point 1 of 2: seed = 2, not point 0 (1)"),
            "{e}"
        );
        // In their places, they are read.
        for folder in [0, 1] {
            let dir = points::dir(root.path(), folder);
            let resolved = scenario.sweep_point(folder).unwrap().resolved();
            let manifest = serde_json::json!({
                "resolved": resolved,
                "solidarity_version": env!("CARGO_PKG_VERSION"),
            });
            fs::write(dir.join(crate::output::MANIFEST), manifest.to_string()).unwrap();
        }
        write(root.path(), &scenario, &identity).unwrap();
        assert!(root.path().join(SWEEP_CSV).is_file());
    }
}
