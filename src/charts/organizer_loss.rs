//! `organizer_loss`: active members, turnout and power from a year before to two years
//! after each organizer loss, the loss marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Measure, ResultData};
use super::lines::{self, Join, Line, Panel};
use super::style::{self, Pen};
use super::{DrawError, Figure};
use crate::scenario::{Scenario, Shock, WEEKS_PER_YEAR};

pub struct OrganizerLoss;

/// Years shown before and after a loss.
const YEARS_BEFORE: u32 = 1;
const YEARS_AFTER: u32 = 2;
const ROW_HEIGHT: u32 = 480;

/// The most organizer losses drawn, a row each; `summary.csv` has the figures of every
/// one. A scenario may list any number of shocks, and the chart must not grow with them.
const MAX_ROWS: usize = 4;

/// `(shock index, week)` of every organizer loss.
fn losses(scenario: &Scenario) -> Vec<(usize, u32)> {
    scenario
        .shocks
        .iter()
        .enumerate()
        .filter_map(|(i, shock)| match shock {
            Shock::OrganizerLoss(loss) => Some((i, loss.week)),
            _ => None,
        })
        .collect()
}

/// One line per strategy of `measure` around the loss at `loss`, x in years since it.
fn around(data: &ResultData, loss: u32, measure: Measure) -> Vec<Line> {
    let first = loss.saturating_sub(YEARS_BEFORE * WEEKS_PER_YEAR);
    let end = (loss + YEARS_AFTER * WEEKS_PER_YEAR).min(data.scenario.weeks());
    // Row w is the end of week w; the loss happens at the start of week `loss`.
    let x = |w: u32| (f64::from(w + 1) - f64::from(loss)) / f64::from(WEEKS_PER_YEAR);
    style::colors(data)
        .into_iter()
        .enumerate()
        .map(|(k, color)| {
            let band = data.band(k, measure);
            Line {
                color,
                points: (first..end).map(|w| (x(w), band[w as usize])).collect(),
                dashed: false,
            }
        })
        .collect()
}

impl Figure for OrganizerLoss {
    const NAME: &'static str = "organizer_loss";

    fn title(&self, _: &ResultData) -> String {
        "Organizer loss: what is left when the organizers go".into()
    }

    fn sentence(&self, data: &ResultData) -> String {
        format!(
            "Active members, turnout at the latest event (0 from the loss until an event is held, and once an event week passes without one), and power (members of the {k}-core of strong ties: each tied strongly to at least {k} others in it), from a year before to two years after the organizers are lost at the dashed line: how far each falls there, and whether it recovers.",
            k = data.scenario.metrics.power_k
        )
    }

    fn size(&self, scenario: &Scenario) -> (u32, u32) {
        let rows = losses(scenario).len().clamp(1, MAX_ROWS) as u32;
        (1200, 150 + rows * ROW_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        data: &ResultData,
        pen: &Pen,
    ) -> Result<(), DrawError> {
        let all = losses(&data.scenario);
        let what = if all.len() > MAX_ROWS {
            format!(
                "{} The first {MAX_ROWS} of {} organizer losses; summary.csv has every one.",
                style::MEAN_BAND,
                all.len()
            )
        } else {
            style::MEAN_BAND.to_string()
        };
        let body = style::frame(
            root,
            pen,
            &self.title(data),
            &style::strategy_legend(data),
            &style::caption(data, &what),
        )?;
        let losses = &all[..all.len().min(MAX_ROWS)];
        if losses.is_empty() {
            return style::draw_notice(&body, pen, "This scenario has no organizer loss.");
        }
        let k = data.scenario.metrics.power_k;
        let rows = body.split_evenly((losses.len(), 3));
        let several = losses.len() > 1;
        for (r, &(shock, week)) in losses.iter().enumerate() {
            let suffix = if several {
                format!(" (shock {shock}, week {week})")
            } else {
                String::new()
            };
            let metrics: [(String, &str, Measure); 3] = [
                (
                    format!("Active members{suffix}"),
                    "members",
                    Measure::Active,
                ),
                (
                    format!("Turnout at the latest event{suffix}"),
                    "people at the event",
                    Measure::Turnout,
                ),
                (
                    format!("Power ({k}-core of strong ties){suffix}"),
                    "members",
                    Measure::Power,
                ),
            ];
            for (c, (title, y_desc, value)) in metrics.into_iter().enumerate() {
                let lines = around(data, week, value);
                // Every shock in the window, this loss at 0 among them.
                let (verticals, spans) = lines::shock_marks(&data.scenario, week);
                let from = -(f64::from(week.min(YEARS_BEFORE * WEEKS_PER_YEAR)))
                    / f64::from(WEEKS_PER_YEAR);
                let to =
                    f64::from((data.scenario.weeks() - week).min(YEARS_AFTER * WEEKS_PER_YEAR))
                        / f64::from(WEEKS_PER_YEAR);
                let panel = Panel {
                    title,
                    x_desc: "Years since the loss".into(),
                    y_desc: y_desc.to_string(),
                    x_range: from..to,
                    y_range: lines::fit_from_zero(&lines, 1.0),
                    x_format: lines::year_format,
                    y_format: style::whole,
                    lines,
                    verticals,
                    spans,
                    horizontals: Vec::new(),
                    join: Join::Straight,
                };
                lines::draw_panel(&rows[r * 3 + c], &panel, pen)?;
            }
        }
        Ok(())
    }
}
