//! `burnout`: burnouts per member recruited, and the share of members burned out now.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Measure, ResultData};
use super::lines::{self, over_time, time_panel};
use super::style::{self, Pen};
use super::{DrawError, Figure};
use crate::scenario::Scenario;

pub struct Burnout;

impl Figure for Burnout {
    const NAME: &'static str = "burnout";

    fn title(&self, _: &ResultData) -> String {
        "Burnout: how many people each strategy uses up".into()
    }

    fn sentence(&self, _: &ResultData) -> String {
        "Left, the burnouts so far for each member ever recruited (one person can burn out more than once); right, the share of members who are burned out at that moment, resting instead of taking part.".into()
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
        let per_recruit = over_time(data, Measure::BurnoutPerRecruit);
        let now = over_time(data, Measure::BurnedOutShare);
        let panels = body.split_evenly((1, 2));
        lines::draw_panel(
            &panels[0],
            &time_panel(
                data,
                "Burnouts per member recruited, so far",
                "burnouts / recruits",
                style::decimal,
                per_recruit,
                0.1,
            ),
            pen,
        )?;
        lines::draw_panel(
            &panels[1],
            &time_panel(
                data,
                "Members burned out right now",
                "share of members",
                style::percent,
                now,
                0.05,
            ),
            pen,
        )?;
        Ok(())
    }
}
