//! `robustness`: the largest connected group of the strong graph as members are removed,
//! best-connected first and at random, at the snapshot before the first organizer loss.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Curve, ResultData};
use super::lines::{self, Join, Line, Panel};
use super::style::{self, Pen};
use super::{DrawError, Figure};
use crate::metrics::stats::mean_interval;
use crate::scenario::Scenario;

pub struct Robustness;

/// Points of the common grid of fractions removed, 0 to 1.
const GRID: usize = 100;

/// A sampled removal curve read at `x` by linear interpolation between its points; flat
/// before the first point. An empty curve (an empty strong graph) is 0 everywhere.
fn at(curve: &Curve, x: f64) -> f64 {
    let Some(&(first_x, first_y)) = curve.first() else {
        return 0.0;
    };
    if x <= first_x {
        return first_y;
    }
    for pair in curve.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if x <= x1 {
            return if x1 > x0 {
                y0 + (y1 - y0) * (x - x0) / (x1 - x0)
            } else {
                y1
            };
        }
    }
    curve.last().map_or(0.0, |&(_, y)| y)
}

fn mean_curve(curves: &[Curve], color: RGBColor) -> Line {
    let points = (0..=GRID)
        .map(|k| {
            let x = k as f64 / GRID as f64;
            let values: Vec<f64> = curves.iter().map(|c| at(c, x)).collect();
            (x, mean_interval(&values).map(|i| i.within((0.0, 1.0))))
        })
        .collect();
    Line {
        color,
        points,
        dashed: false,
    }
}

impl Figure for Robustness {
    const NAME: &'static str = "robustness";

    fn title(&self, _: &ResultData) -> String {
        "Robustness: does the network hold when members are removed?".into()
    }

    fn sentence(&self, data: &ResultData) -> String {
        let when = match data.scenario.first_organizer_loss() {
            Some(w) if w >= 1 => "just before the organizers are lost",
            _ => "at the last snapshot",
        };
        format!(
            "Take the network of strong ties between active members {when} and remove members one by one, best-connected first (left) or at random (right): each curve is the largest group still connected, as a share of the members, and one that falls fast means a few hubs held the network together."
        )
    }

    fn size(&self, _: &Scenario) -> (u32, u32) {
        (1200, 620)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        data: &ResultData,
        pen: &Pen,
    ) -> Result<(), DrawError> {
        let what = match data.robustness_week {
            Some(week) => format!(
                "Strong-tie network at the end of week {week}. {}",
                style::MEAN_BAND
            ),
            None => style::MEAN_BAND.to_string(),
        };
        let body = style::frame(
            root,
            pen,
            &self.title(data),
            &style::strategy_legend(data),
            &style::caption(data, &what),
        )?;
        if data.robustness_week.is_none() {
            return style::draw_notice(&body, pen, "This run took no robustness snapshot.");
        }
        let panels = body.split_evenly((1, 2));
        for (panel_area, (title, targeted)) in panels.iter().zip([
            ("Best-connected removed first", true),
            ("Removed at random", false),
        ]) {
            let lines: Vec<Line> = data
                .robustness
                .iter()
                .zip(style::colors(data))
                .map(|(curves, color)| {
                    let chosen = if targeted {
                        &curves.targeted
                    } else {
                        &curves.random
                    };
                    mean_curve(chosen, color)
                })
                .collect();
            let panel = Panel {
                title: title.to_string(),
                x_desc: "Share of members removed".into(),
                y_desc: "Largest connected group".into(),
                x_range: 0.0..1.0,
                y_range: 0.0..1.02,
                x_format: style::percent,
                y_format: style::percent,
                lines,
                verticals: Vec::new(),
                spans: Vec::new(),
                horizontals: Vec::new(),
                join: Join::Straight,
            };
            lines::draw_panel(panel_area, &panel, pen)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_are_read_between_their_points() {
        let curve = vec![(0.25, 0.5), (0.5, 0.25), (1.0, 0.0)];
        assert_eq!(at(&curve, 0.0), 0.5, "flat before the first point");
        assert_eq!(at(&curve, 0.375), 0.375);
        assert_eq!(at(&curve, 0.75), 0.125);
        assert_eq!(at(&curve, 1.0), 0.0);
        assert_eq!(at(&Vec::new(), 0.5), 0.0, "an empty graph holds nothing");
    }
}
