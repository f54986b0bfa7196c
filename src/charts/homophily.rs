//! `homophily`: opinion homophily of members' ties and the cross-group share of strong
//! ties over time.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::{Measure, ResultData};
use super::lines::{self, over_time, time_panel, Mark};
use super::style::{self, Pen};
use super::{DrawError, Figure};
use crate::scenario::Scenario;

pub struct Homophily;

impl Figure for Homophily {
    const NAME: &'static str = "homophily";

    fn title(&self, _: &ResultData) -> String {
        "Homophily: do ties join the like-minded, or cross lines?".into()
    }

    fn sentence(&self, _: &ResultData) -> String {
        "Left, how alike in opinion the two ends of a tie between members are (the correlation of their opinions: 0 is no sorting, 1 complete sorting); right, the share of all strong ties that join people of different identity groups.".into()
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
            &style::caption(
                data,
                "Lines: mean over replicates, where at least half of them have members with ties; bands: 95% confidence interval.",
            ),
        )?;
        let opinion = over_time(data, Measure::Homophily);
        let cross = over_time(data, Measure::CrossGroupShare);
        let mut left = time_panel(
            data,
            "Opinion homophily of members' ties",
            "assortativity",
            style::decimal,
            opinion,
            0.5,
        );
        // Bands of a few replicates can reach past the measures' own bounds.
        left.y_range = left.y_range.start.max(-1.05)..left.y_range.end.min(1.05);
        left.horizontals.push(Mark {
            at: 0.0,
            label: "no sorting by opinion".into(),
        });
        let mut right = time_panel(
            data,
            "Strong ties across identity groups",
            "share of strong ties",
            style::percent,
            cross,
            1.0,
        );
        right.y_range = 0.0..1.02;
        let panels = body.split_evenly((1, 2));
        lines::draw_panel(&panels[0], &left, pen)?;
        lines::draw_panel(&panels[1], &right, pen)
    }
}
