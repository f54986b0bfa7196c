//! Events: how a strategy asks people to act (phase 7). Each kind of mobilization lives in
//! a file of its own; what every event does to those who come (the energy it costs, the
//! lift it gives, the ties it renews within each attendee's attention) lives here, and
//! calls the rules of shared struggle (`struggle.rs`) and of visibility (`visibility.rs`).

mod broadcast;
mod one_on_ones;
mod relational;

use rand::Rng;

use super::residents::distance_from_line;
use super::World;
use crate::scenario::{Campaign, Mobilization, Relational};

/// What the week's events left that the measures read.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct EventRecord {
    /// Attendance at the latest event held since the latest organizer loss; 0 from a
    /// loss until the next event, and from a scheduled event week in which no event was
    /// held (no organizer left to call it).
    pub turnout: u32,
    /// Whether an event was held this week.
    pub held_this_week: bool,
    /// Concessions won and repressions suffered so far (`visibility.rs`).
    pub wins: u32,
    pub repressions: u32,
}

impl World<'_> {
    /// Phase 7: in an event week with at least one organizer, the strategy's kind of
    /// mobilization holds its event; an event week without one leaves no turnout.
    pub(crate) fn hold_events(&mut self) {
        let mobilization = &self.strategy.mobilization;
        let Some(campaign) = mobilization.campaign() else {
            return;
        };
        if self.week % campaign.event_every_weeks != 0 {
            return;
        }
        self.events.turnout = 0;
        let organizers = self.organizers();
        if organizers.is_empty() {
            return;
        }
        match mobilization {
            Mobilization::None => {}
            Mobilization::Broadcast(b) => broadcast::hold_event(self, b, &organizers),
            Mobilization::Relational(r) => relational::hold_event(self, r, &organizers),
        }
    }

    /// Phase 7, after the event: under relational organizing with one-on-ones, every
    /// active member holds their conversations of the week, event or not, organizer or not.
    pub(crate) fn hold_one_on_ones(&mut self) {
        if let Mobilization::Relational(Relational {
            one_on_ones: Some(o),
            ..
        }) = self.strategy.mobilization
        {
            one_on_ones::hold(self, &o);
        }
    }

    /// What a mobilization gives a member who steps up as an organizer: under broadcast, a
    /// list of their own strong ties.
    pub(crate) fn give_new_organizer_a_list(&mut self, leader: u32) {
        match self.strategy.mobilization {
            Mobilization::Broadcast(_) => broadcast::list_of_new_organizer(self, leader),
            Mobilization::None | Mobilization::Relational(_) => {}
        }
    }

    /// Chance that a member who has been asked shows up: felt commitment times energy, plus
    /// the pull of strong ties to other members (McAdam 1986).
    fn attendance_probability(&self, i: usize) -> f64 {
        let r = &self.residents;
        let events = &self.scenario.events;
        let ties = self.survey.strong_active[i].min(events.tie_pull_cap) as f64;
        (r.felt_commitment(i) * r.energy[i] + events.tie_pull * ties).min(1.0)
    }

    /// An event is held with these attendees (ascending ids): its turnout is recorded, what
    /// attending does is done to each attendee (repression included), the ties between
    /// attendees who already know each other are renewed and strangers who meet there
    /// bond, and the campaign may win a concession. Returns the number of tasks the event
    /// generates.
    fn attend(&mut self, attendees: &[u32], campaign: &Campaign) -> f64 {
        self.events.held_this_week = true;
        self.events.turnout = attendees.len() as u32;
        let lift = self.scenario.commitment.effervescence;
        let line = self.scenario.organizers.line;
        for &a in attendees {
            self.spend_time(a, self.scenario.time.event_hours);
        }
        let r = &mut self.residents;
        for &a in attendees {
            let i = a as usize;
            r.energy[i] = (r.energy[i] - campaign.event_cost).max(0.0);
            r.spent[i] += campaign.event_cost;
            r.effervescence[i] = (r.effervescence[i] + lift).min(1.0);
            r.last_attended[i] = self.week;
            let dissent = campaign.dissent_pressure * distance_from_line(r.opinion[i], line);
            r.commitment[i] = (r.commitment[i] - dissent).max(0.0);
        }
        let showing = self.showing(attendees.len());
        let cost = campaign.event_cost + self.repress(attendees, showing);

        // Attention is finite: each attendee renews or makes at most a few of the ties
        // present, so a crowd around an organizer does not deepen every spoke. Known ties
        // come first, and bond more at a costly event; strangers are met with what is left.
        let budget = self.scenario.events.contacts_per_event;
        let mut attention = vec![0u32; self.residents.len()];
        for &a in attendees {
            attention[a as usize] = budget;
        }
        let gain = self.scenario.network.event_gain + self.struggle_deepening(cost);
        for &a in attendees {
            let degree = self.ties.of(a).len();
            if degree == 0 {
                continue;
            }
            let start = self.rng.gen_range(0..degree);
            for k in 0..degree {
                if attention[a as usize] == 0 {
                    break;
                }
                let (b, slot) = self.ties.of(a)[(start + k) % degree];
                if attention[b as usize] > 0 && self.ties.renewed_week(slot) != self.week {
                    self.ties.strengthen(slot, gain);
                    self.ties.mark_renewed(slot, self.week);
                    attention[a as usize] -= 1;
                    attention[b as usize] -= 1;
                }
            }
        }
        self.bond_at_event(attendees, &mut attention, cost);
        self.win_concession(showing);
        (self.scenario.events.tasks_per_attendee * attendees.len() as f64).round()
    }

    /// Chance that the organizers' screening lets a candidate through.
    fn passes_screening(&self, candidate: usize, campaign: &Campaign) -> f64 {
        let distance = (self.residents.opinion[candidate] - self.scenario.organizers.line).abs();
        (-campaign.screening * distance).exp()
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::State;
    use crate::model::testing::{world_alone, world_with};
    use crate::scenario::Campaign;

    /// `turnout` has one meaning: the latest event's attendance while the series of events
    /// goes on, 0 once an event week passes without an event.
    #[test]
    fn turnout_is_kept_between_events_and_ends_with_the_events() {
        let text = "[strategy.s.mobilization]\nkind = \"broadcast\"\nevent_every_weeks = 2\n";
        world_with(text, |w| {
            w.hold_events();
            let first = w.events.turnout;
            assert!(first > 0, "the organizers come to their own event");
            w.week = 1;
            w.events.held_this_week = false;
            w.hold_events();
            assert_eq!(
                w.events.turnout, first,
                "kept through a week without an event"
            );
            for i in 0..w.residents.len() {
                if w.residents.state[i] == State::Organizer {
                    w.residents.state[i] = State::Member;
                }
            }
            w.week = 2;
            w.events.held_this_week = false;
            w.hold_events();
            assert!(!w.events.held_this_week);
            assert_eq!(w.events.turnout, 0, "no organizer, no event, no turnout");
        });
    }

    #[test]
    fn screening_turns_away_distant_opinions() {
        world_with("", |w| {
            let line = w.scenario.organizers.line;
            w.residents.opinion[0] = line;
            w.residents.opinion[1] = line - 1.5;
            let campaign = Campaign {
                screening: 5.0,
                ..Campaign::default()
            };
            assert_eq!(w.passes_screening(0, &campaign), 1.0);
            assert!(w.passes_screening(1, &campaign) < 0.001);
        });
    }

    #[test]
    fn a_costly_event_deepens_the_ties_it_renews() {
        let renewed = |text: &str| {
            world_alone(text, |w| {
                let slot = w.ties.connect(100, 400, 0.3);
                let campaign = Campaign {
                    event_cost: 0.1,
                    ..Campaign::default()
                };
                w.attend(&[100, 400], &campaign);
                w.ties.get(slot).strength()
            })
        };
        let plain = renewed("");
        assert!((plain - 0.4).abs() < 1e-6, "event_gain 0.1");
        assert!(
            (renewed("[events]\ndeepen_per_cost = 1.0\n") - 0.5).abs() < 1e-6,
            "plus 1.0 × 0.1"
        );
    }

    #[test]
    fn attention_limits_the_ties_renewed_at_an_event() {
        world_alone("[events]\ncontacts_per_event = 2\n", |w| {
            let hub = 300u32;
            let others: Vec<u32> = (400..406).collect();
            let slots: Vec<u32> = others
                .iter()
                .map(|&o| w.ties.connect(hub, o, 0.3))
                .collect();
            // A pair whose tie already carried help this week (it is `touched`).
            let helped = w.ties.connect(500, 501, 0.3);
            let mut attendees = others.clone();
            attendees.extend([hub, 500, 501]);
            attendees.sort_unstable();
            w.attend(&attendees, &Campaign::default());
            let renewed = slots
                .iter()
                .filter(|&&s| w.ties.get(s).strength_f32() > 0.3)
                .count();
            assert_eq!(renewed, 2, "the hub renews only two of its six ties");
            let renewed_twice = slots
                .iter()
                .any(|&s| w.ties.get(s).strength_f32() > 0.3 + 0.1 + 1e-9);
            assert!(!renewed_twice, "a pair is renewed once per event");
            assert!(
                (w.ties.get(helped).strength_f32() - 0.4).abs() < 1e-9,
                "help does not block renewal"
            );
            assert_eq!(w.events.turnout, attendees.len() as u32);
        });
    }
}
