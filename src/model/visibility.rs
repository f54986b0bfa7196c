//! Visibility has returns, and costs. An event's turnout carries the campaign's name
//! further (coverage follows size: Andrews & Caren 2010), so its outreach reaches more
//! people; turnout and power can win concessions (Gamson 1975; Amenta et al. 2010;
//! displays of numbers and commitment sway representatives: Wouters & Walgrave 2017), and
//! they draw repression (policing follows size and threat: Earl, Soule & McCarthy 2003).
//! How much turnout and how much power each weigh is a scenario value, so the claim that
//! power, not visibility, wins is one a user sets and varies.

use rand::Rng;

use super::World;

/// What an event shows of the campaign, each as a share of the community: its turnout,
/// and its power (the k-core of the strong graph as last surveyed), read only when a
/// weight asks for it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Showing {
    turnout: f64,
    power: f64,
}

impl Showing {
    /// Chance of an outcome whose hazard is `turnout_weight × turnout + power_weight ×
    /// power`: 1 − exp(−hazard), near the hazard itself while it is small, never above 1.
    fn chance(self, turnout_weight: f64, power_weight: f64) -> f64 {
        let hazard = turnout_weight * self.turnout + power_weight * self.power;
        1.0 - (-hazard).exp()
    }
}

impl World<'_> {
    /// Extra outreach attempts an event of `turnout` attendees makes, by the reach of its
    /// kind of mobilization: `visibility.outreach_turnout` per attendee, rounded.
    pub(crate) fn reach_of_turnout(&self, turnout: usize) -> u32 {
        (self.scenario.visibility.outreach_turnout * turnout as f64).round() as u32
    }

    /// What an event of `turnout` attendees shows. The power is that of the survey the
    /// week's decisions read (the end of last week, or after this week's shocks); it counts
    /// only when a weight of power is not 0.
    pub(crate) fn showing(&self, turnout: usize) -> Showing {
        let v = &self.scenario.visibility;
        let community = self.residents.len() as f64;
        let power = if v.win_power > 0.0 || v.repression_power > 0.0 {
            self.survey.power as f64
        } else {
            0.0
        };
        Showing {
            turnout: turnout as f64 / community,
            power: power / community,
        }
    }

    /// Phase 7, at an event: with a chance rising with what it shows
    /// (`visibility.repression_turnout`, `visibility.repression_power`), the event is
    /// repressed, and each attendee loses `visibility.repression_cost` of energy on top of
    /// the event's cost, which counts among the week's costs. Returns what repression cost
    /// each attendee (0 when the event was not repressed). No draw when both weights are 0.
    pub(crate) fn repress(&mut self, attendees: &[u32], showing: Showing) -> f64 {
        let v = &self.scenario.visibility;
        if v.repression_turnout <= 0.0 && v.repression_power <= 0.0 {
            return 0.0;
        }
        let chance = showing.chance(v.repression_turnout, v.repression_power);
        if self.rng.gen::<f64>() >= chance {
            return 0.0;
        }
        self.events.repressions += 1;
        let cost = v.repression_cost;
        let r = &mut self.residents;
        for &a in attendees {
            let i = a as usize;
            r.energy[i] = (r.energy[i] - cost).max(0.0);
            r.spent[i] += cost;
        }
        cost
    }

    /// Phase 7, after an event: with a chance rising with what it showed
    /// (`visibility.win_turnout`, `visibility.win_power`), the campaign wins a concession,
    /// and every active member's commitment rises by `visibility.win_lift` (success binds
    /// people to a movement). No draw when both weights are 0.
    pub(crate) fn win_concession(&mut self, showing: Showing) {
        let v = &self.scenario.visibility;
        if v.win_turnout <= 0.0 && v.win_power <= 0.0 {
            return;
        }
        if self.rng.gen::<f64>() >= showing.chance(v.win_turnout, v.win_power) {
            return;
        }
        self.events.wins += 1;
        let lift = v.win_lift;
        let r = &mut self.residents;
        for (state, commitment) in r.state.iter().zip(&mut r.commitment) {
            if state.is_active() {
                *commitment = (*commitment + lift).min(1.0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::State;
    use crate::model::testing::{world_alone, world_with};

    #[test]
    fn turnout_widens_reach() {
        world_with("[visibility]\noutreach_turnout = 0.25\n", |w| {
            assert_eq!(w.reach_of_turnout(0), 0);
            assert_eq!(w.reach_of_turnout(40), 10);
        });
        world_alone("", |w| assert_eq!(w.reach_of_turnout(40), 0));
    }

    #[test]
    fn a_sure_win_lifts_every_active_member() {
        let text = "[visibility]\nwin_turnout = 1000.0\nwin_lift = 0.1\n";
        world_with(text, |w| {
            w.join(300, true);
            w.residents.state[301] = State::BurnedOut;
            let before = w.residents.commitment.clone();
            let showing = w.showing(2000);
            w.win_concession(showing);
            assert_eq!(w.events.wins, 1);
            let r = &w.residents;
            for ((state, &after), &was) in r.state.iter().zip(&r.commitment).zip(&before) {
                if state.is_active() {
                    assert!((after - was - 0.1).abs() < 1e-12 || after == 1.0);
                } else {
                    assert_eq!(after, was);
                }
            }
        });
    }

    #[test]
    fn repression_charges_the_attendees() {
        let text = "[visibility]\nrepression_turnout = 1000.0\nrepression_cost = 0.2\n";
        world_with(text, |w| {
            let attendees = [10u32, 20, 30];
            for &a in &attendees {
                w.residents.energy[a as usize] = 0.9;
            }
            let showing = w.showing(2000);
            assert_eq!(w.repress(&attendees, showing), 0.2);
            assert_eq!(w.events.repressions, 1);
            for &a in &attendees {
                assert!((w.residents.energy[a as usize] - 0.7).abs() < 1e-12);
                assert!((w.residents.spent[a as usize] - 0.2).abs() < 1e-12);
            }
            assert_eq!(w.residents.spent[11], 0.0, "only those present pay");
        });
    }

    #[test]
    fn power_weighs_in_the_chance_when_asked() {
        let text = "[visibility]\nwin_power = 1.0\n[metrics]\npower_k = 2\n";
        world_with(text, |w| {
            let members = [300u32, 301, 302];
            for &m in &members {
                w.join(m, true);
            }
            w.ties.connect(300, 301, 0.9);
            w.ties.connect(301, 302, 0.9);
            w.ties.connect(300, 302, 0.9);
            w.survey_ties();
            let showing = w.showing(0);
            let expected = 1.0 - (-3.0 / w.residents.len() as f64).exp();
            assert!((showing.chance(0.0, 1.0) - expected).abs() < 1e-15);
            assert_eq!(showing.chance(1.0, 0.0), 0.0, "no turnout shown");
        });
    }

    #[test]
    fn without_weights_nothing_is_drawn() {
        world_alone(
            "[visibility]\nwin_lift = 0.5\nrepression_cost = 0.5\n",
            |w| {
                let before = w.rng.clone();
                let showing = w.showing(2000);
                assert_eq!(w.repress(&[1, 2, 3], showing), 0.0);
                w.win_concession(showing);
                assert_eq!(w.rng, before);
                assert_eq!((w.events.wins, w.events.repressions), (0, 0));
            },
        );
    }
}
