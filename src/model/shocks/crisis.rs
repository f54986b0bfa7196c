//! A crisis: for a while, needs arise more often (a strike, a storm, repression).

use crate::scenario::Crisis;

/// The crisis under way, if any.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CrisisState {
    /// Until this week (exclusive) the need rate is multiplied by `intensity`.
    until: u32,
    intensity: f64,
}

impl Default for CrisisState {
    fn default() -> Self {
        CrisisState {
            until: 0,
            intensity: 1.0,
        }
    }
}

impl CrisisState {
    /// A crisis that starts at `week`; it replaces any crisis under way.
    pub fn starting(week: u32, crisis: &Crisis) -> CrisisState {
        CrisisState {
            until: week + crisis.duration_weeks,
            intensity: crisis.intensity,
        }
    }

    /// The weekly chance of a need at `week`, from the ordinary `rate`.
    pub fn need_rate(&self, week: u32, rate: f64) -> f64 {
        if week < self.until {
            (rate * self.intensity).min(1.0)
        } else {
            rate
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CrisisState;
    use crate::model::testing::world_with;
    use crate::scenario::Crisis;

    #[test]
    fn a_crisis_raises_the_need_rate_while_it_lasts() {
        let state = CrisisState::starting(5, &crisis_of(4.0));
        assert_eq!(state.need_rate(5, 0.05), 0.2);
        assert_eq!(state.need_rate(14, 0.05), 0.2);
        assert_eq!(state.need_rate(15, 0.05), 0.05);
        assert_eq!(state.need_rate(6, 0.5), 1.0, "a chance stays a chance");
        let count = |crisis: bool| {
            world_with("[needs]\nrate = 0.05\n", |w| {
                if crisis {
                    w.crisis = CrisisState::starting(0, &crisis_of(4.0));
                }
                w.needs_arise();
                w.needs.open
            })
        };
        assert!(count(true) > 2 * count(false));
    }

    fn crisis_of(intensity: f64) -> Crisis {
        Crisis {
            week: 0,
            duration_weeks: 10,
            intensity,
        }
    }
}
