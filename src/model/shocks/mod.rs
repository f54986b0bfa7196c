//! Shocks imposed on the community (phase 2): each kind lives in a file of its own. Ordinary
//! polarizing issues, which close every period of `disagreement.every_weeks`, are issues
//! like a scenario's.

mod crisis;
mod organizer_loss;
mod polarizing_issue;

pub(crate) use crisis::CrisisState;

use super::World;
use crate::scenario::Shock;

impl World<'_> {
    /// Phase 2: this week's shocks, in the order the scenario lists them, then the ordinary
    /// issue if the week closes a period. Tells whether anything happened.
    pub(crate) fn apply_shocks(&mut self) -> bool {
        let scenario = self.scenario;
        let week = self.week;
        let mut shocked = false;
        for shock in scenario.shocks.iter().filter(|s| s.week() == week) {
            shocked = true;
            match shock {
                Shock::OrganizerLoss(loss) => organizer_loss::strike(self, loss),
                Shock::PolarizingIssue(issue) => polarizing_issue::strike(self, issue.salience),
                Shock::Crisis(crisis) => self.crisis = CrisisState::starting(week, crisis),
            }
        }
        let every = scenario.disagreement.every_weeks;
        // Ordinary issues close each period (weeks every-1, 2*every-1, ...).
        if every > 0 && (week + 1) % every == 0 {
            polarizing_issue::strike(self, scenario.disagreement.salience);
            shocked = true;
        }
        shocked
    }
}
