//! `growth`: turnout against power over time — visibility against capacity.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Measure, ResultData};
use super::lines::{self, over_time, time_panel};
use super::style::{self, Pen};
use super::{DrawError, Figure};
use crate::scenario::Scenario;

pub struct Growth;

impl Figure for Growth {
    const NAME: &'static str = "growth";

    fn title(&self, _: &ResultData) -> String {
        "Visibility against capacity: turnout and power".into()
    }

    fn sentence(&self, data: &ResultData) -> String {
        format!(
            "Left, how many came to the latest event (visibility; 0 from an organizer loss until an event is held, and once an event week passes without one); right, power, the members of the {k}-core of strong ties, each of whom can count on at least {k} others who can count on them in turn (capacity for costly action); both in people, on the same scale.",
            k = data.scenario.metrics.power_k
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
        let body = style::frame(
            root,
            pen,
            &self.title(data),
            &style::strategy_legend(data),
            &style::caption(data, style::MEAN_BAND),
        )?;
        let turnout = over_time(data, Measure::Turnout);
        let power = over_time(data, Measure::Power);
        // One scale for both, so that the two can be compared.
        let top = lines::fit_from_zero(&turnout, 1.0)
            .end
            .max(lines::fit_from_zero(&power, 1.0).end);
        let k = data.scenario.metrics.power_k;
        let mut left = time_panel(
            data,
            "Turnout at the latest event (visibility)",
            "people",
            style::whole,
            turnout,
            1.0,
        );
        let mut right = time_panel(
            data,
            &format!("Power: the {k}-core of strong ties (capacity)"),
            "people",
            style::whole,
            power,
            1.0,
        );
        left.y_range = left.y_range.start..top;
        right.y_range = right.y_range.start..top;
        let panels = body.split_evenly((1, 2));
        lines::draw_panel(&panels[0], &left, pen)?;
        lines::draw_panel(&panels[1], &right, pen)
    }
}
