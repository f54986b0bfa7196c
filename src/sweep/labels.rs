//! How the sweep's charts and report name what they show: a swept parameter by a short
//! name (`sorting: screening` for `strategy.sorting.mobilization.screening`), an outcome
//! by as much of its meaning as the axis has room for, and where an axis puts its ticks
//! (whole numbers only, for a parameter that takes whole values).

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

use crate::charts::style::{self, AXIS_SIZE};
use crate::scenario::declared_range;

/// The name of the parameter at dotted `path` for an axis: its key, after the strategy or
/// shock it belongs to (`sorting: screening`, `shock 0: week`); a key of a community-wide
/// table keeps its table (`network.decay`), so that `size` is not left on its own.
pub fn parameter(path: &str) -> String {
    let segments: Vec<&str> = path.split('.').collect();
    match segments.as_slice() {
        ["strategy", name, .., key] if segments.len() > 2 => format!("{name}: {key}"),
        ["shock", index, .., key] if segments.len() > 2 => format!("shock {index}: {key}"),
        [.., table, key] => format!("{table}.{key}"),
        _ => path.to_string(),
    }
}

/// The parameter at dotted `path` in a sentence: `sorting's screening`, `shock 0's week`,
/// `network.decay`.
pub fn in_words(path: &str) -> String {
    match parameter(path).split_once(": ") {
        Some((owner, key)) => format!("{owner}'s {key}"),
        None => parameter(path),
    }
}

/// The key alone (`screening`), for titles and panel titles where the strategy is plain.
pub fn key(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// What the parameters at `paths` are called beside a chart's parameter axis, and their
/// names on it: when every one belongs to the same strategy, the axis says so once
/// (`parameter of sorting`) and each is named by its key alone.
pub fn parameters(paths: &[String]) -> (String, Vec<String>) {
    let strategy = |path: &String| -> Option<String> {
        let mut segments = path.split('.');
        (segments.next() == Some("strategy") && path.split('.').count() > 2)
            .then(|| segments.next().map(str::to_string))
            .flatten()
    };
    let first = paths.first().and_then(strategy);
    match first {
        Some(name) if paths.iter().all(|p| strategy(p).as_ref() == Some(&name)) => (
            format!("parameter of {name}"),
            paths.iter().map(|p| key(p).to_string()).collect(),
        ),
        _ => (
            "parameter".to_string(),
            paths.iter().map(|p| parameter(p)).collect(),
        ),
    }
}

/// Whether the parameter at `path` takes whole values: the scenario's schema declares it
/// an integer, or every value swept is written as one.
pub fn whole_valued(path: &str, values: &[serde_json::Value]) -> bool {
    declared_range(path).is_some_and(|range| range.integer)
        || (!values.is_empty() && values.iter().all(|v| v.is_i64() || v.is_u64()))
}

/// Ticks over `low..high`: every multiple of the smallest step of 1, 2 or 5 times a power
/// of ten that gives at most `most`, and a step of at least 1 on a `whole` axis, so that
/// such an axis never shows 2.5.
pub fn ticks(low: f64, high: f64, whole: bool, most: usize) -> Vec<f64> {
    let span = high - low;
    if !span.is_finite() || span <= 0.0 || most == 0 {
        return vec![low];
    }
    // Fewer than `most` steps in the span give at most `most` ticks.
    let fits = |step: f64| span / step < most as f64 && (step >= 1.0 || !whole);
    let mut power = 10f64.powf((span / most as f64).log10().floor());
    let step = loop {
        if let Some(step) = [1.0, 2.0, 5.0]
            .map(|m| m * power)
            .into_iter()
            .find(|&s| fits(s))
        {
            break step;
        }
        power *= 10.0;
    };
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// An axis of numbers whose ticks are given, rather than chosen by plotters (whose
/// choice may put a tick at 2.5 on an axis of whole numbers).
pub struct Ticked {
    range: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    pub fn new(range: Range<f64>, ticks: Vec<f64>) -> Ticked {
        Ticked {
            range: range.into(),
            ticks,
        }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.range.map(value, limit)
    }

    /// The ticks, and no lighter grid lines between them.
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.range()
    }
}

/// A tick's text with as many decimals as the step between ticks needs, and no trailing
/// zeros (as `style::decimal` writes the y axis).
pub fn tick_text(value: f64, step: f64) -> String {
    let decimals = if step > 0.0 && step < 1.0 {
        (-step.log10().floor()) as usize
    } else {
        0
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// The first of `candidates` whose width at the axis font fits `room` pixels, else the
/// last: the longest description of an outcome an axis of that length can carry.
pub fn fitting(candidates: &[String], room: u32) -> String {
    candidates
        .iter()
        .find(|text| style::text_width(text, AXIS_SIZE).is_some_and(|w| w <= room))
        .or(candidates.last())
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_named_by_their_key_and_owner() {
        assert_eq!(
            parameter("strategy.sorting.mobilization.screening"),
            "sorting: screening"
        );
        assert_eq!(parameter("shock.0.week"), "shock 0: week");
        assert_eq!(parameter("network.decay"), "network.decay");
        assert_eq!(parameter("seed"), "seed");
        assert_eq!(
            in_words("strategy.sorting.mobilization.screening"),
            "sorting's screening"
        );
        assert_eq!(in_words("network.decay"), "network.decay");
        let paths = [
            "strategy.sorting.mobilization.screening".to_string(),
            "strategy.sorting.mobilization.event_every_weeks".to_string(),
        ];
        assert_eq!(
            parameters(&paths),
            (
                "parameter of sorting".to_string(),
                vec!["screening".to_string(), "event_every_weeks".to_string()]
            )
        );
        let mixed = [paths[0].clone(), "network.decay".to_string()];
        assert_eq!(
            parameters(&mixed).1,
            ["sorting: screening", "network.decay"]
        );
    }

    #[test]
    fn whole_parameters_are_known_by_their_schema_or_their_values() {
        let every = "strategy.sorting.mobilization.event_every_weeks";
        assert!(whole_valued(every, &[]));
        assert!(!whole_valued(
            "strategy.sorting.mobilization.screening",
            &[serde_json::json!(0.0), serde_json::json!(1.5)]
        ));
        assert!(whole_valued(
            "x.y",
            &[serde_json::json!(1), serde_json::json!(3)]
        ));
    }

    #[test]
    fn a_whole_axis_has_whole_ticks_and_others_nice_ones() {
        assert_eq!(ticks(0.85, 4.15, true, 8), [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(ticks(0.85, 2.15, true, 8), [1.0, 2.0]);
        assert_eq!(
            ticks(-0.3, 6.3, false, 8),
            [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
        );
        assert_eq!(
            ticks(0.0, 1.0, false, 8),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(
            ticks(90.0, 2100.0, true, 8),
            [500.0, 1000.0, 1500.0, 2000.0]
        );
        for (low, high) in [(0.5, 3.5), (0.9, 2.1), (-1.0, 40.0), (150.0, 180.0)] {
            for tick in ticks(low, high, true, 8) {
                assert_eq!(tick.fract(), 0.0, "{tick} in {low}..{high}");
            }
        }
    }

    #[test]
    fn tick_text_shows_the_decimals_of_its_step() {
        assert_eq!(tick_text(0.6000000000000001, 0.2), "0.6");
        assert_eq!(tick_text(2.0, 1.0), "2");
        assert_eq!(tick_text(0.015, 0.005), "0.015");
        assert_eq!(tick_text(-0.0, 0.5), "0");
        assert_eq!(tick_text(1.0, 0.5), "1");
        assert_eq!(tick_text(1500.0, 500.0), "1500");
    }
}
