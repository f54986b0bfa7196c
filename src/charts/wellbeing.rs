//! `wellbeing`: how the community's needs are met and how much energy the movement has
//! left, week by week; what a crisis tests.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Measure, ResultData};
use super::lines::{self, over_time, time_panel, Mark};
use super::style::{self, Pen};
use super::{DrawError, Figure};
use crate::scenario::Scenario;

pub struct Wellbeing;

impl Figure for Wellbeing {
    const NAME: &'static str = "wellbeing";

    fn title(&self, _: &ResultData) -> String {
        "Wellbeing: needs met and energy left".into()
    }

    fn sentence(&self, _: &ResultData) -> String {
        "Left, the share of the week's open needs in the whole community, members or not, that were met (by the movement's help or the wider community's); right, the mean energy of the members and organizers, which unmet needs and costly activity drain (a member whose energy falls below the dashed burnout threshold burns out). A shaded span is a crisis, when needs arise more often.".into()
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
        let needs = over_time(data, Measure::NeedsMet);
        let energy = over_time(data, Measure::MeanEnergy);
        let mut left = time_panel(
            data,
            "Open needs met this week",
            "share of open needs",
            style::percent,
            needs,
            1.0,
        );
        let mut right = time_panel(
            data,
            "Mean energy of active members",
            "energy (0 to 1)",
            style::decimal,
            energy,
            1.0,
        );
        // Both are shares or levels from 0 to 1: the whole scale, so that a fall reads
        // as large as it is.
        left.y_range = 0.0..1.0;
        right.y_range = 0.0..1.0;
        right.horizontals.push(Mark {
            at: data.scenario.energy.burnout_threshold,
            label: "burnout threshold".into(),
        });
        let panels = body.split_evenly((1, 2));
        lines::draw_panel(&panels[0], &left, pen)?;
        lines::draw_panel(&panels[1], &right, pen)
    }
}
