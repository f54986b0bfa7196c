//! `retention`: Kaplan–Meier curves of membership with their Greenwood bands.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::ResultData;
use super::lines::{self, Join, Line, Mark, Panel};
use super::style::{self, Pen};
use super::{DrawError, Figure};
use crate::metrics::stats::Interval;
use crate::scenario::Scenario;

pub struct Retention;

impl Figure for Retention {
    const NAME: &'static str = "retention";

    fn title(&self, _: &ResultData) -> String {
        "Retention: how long members stay".into()
    }

    fn sentence(&self, _: &ResultData) -> String {
        "The share of members still in the movement after each year of membership (Kaplan\u{2013}Meier over the members of every replicate; burning out or leaving ends a membership, removal by a shock or the end of the run does not), with its 95% band.".into()
    }

    fn size(&self, _: &Scenario) -> (u32, u32) {
        (1200, 700)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        data: &ResultData,
        pen: &Pen,
    ) -> Result<(), DrawError> {
        let body = style::frame(
            root,
            pen,
            &self.title(data),
            &style::strategy_legend(data),
            &style::caption(
                data,
                "Lines: Kaplan\u{2013}Meier estimate; bands: 95% Greenwood interval.",
            ),
        )?;
        let lines: Vec<Line> = data
            .retention
            .iter()
            .zip(style::colors(data))
            .map(|(rows, color)| Line {
                color,
                points: rows
                    .iter()
                    .map(|r| {
                        let band = Interval {
                            mean: r.survival,
                            low: r.ci_low,
                            high: r.ci_high,
                            n: r.at_risk as usize,
                        };
                        (lines::years(r.week), Some(band))
                    })
                    .collect(),
                dashed: false,
            })
            .collect();
        let longest = data
            .retention
            .iter()
            .flat_map(|rows| rows.last())
            .map(|r| lines::years(r.week))
            .fold(1.0, f64::max);
        let panel = Panel {
            title: String::new(),
            x_desc: "Years since joining".into(),
            y_desc: "Share still a member".into(),
            x_range: 0.0..longest.ceil(),
            y_range: 0.0..1.02,
            x_format: lines::year_format,
            y_format: style::percent,
            lines,
            verticals: Vec::new(),
            spans: Vec::new(),
            horizontals: vec![Mark {
                at: 0.5,
                label: "half have left".into(),
            }],
            join: Join::Steps,
        };
        lines::draw_panel(&body, &panel, pen)
    }
}
