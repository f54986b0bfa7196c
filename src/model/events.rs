//! Events are held: who is asked and who shows up, what it costs them, the tasks it
//! generates, and the outreach that brings in new members.

use rand::Rng;

use super::residents::{State, NONE};
use super::World;
use crate::scenario::MobilizationKind;

/// Distance of an opinion from the organizers' line, in [0, 1].
pub(crate) fn distance_from_line(opinion: f64, line: f64) -> f64 {
    (opinion - line).abs() / 2.0
}

impl World<'_> {
    pub(crate) fn hold_events(&mut self) {
        let mobilization = &self.strategy.mobilization;
        let kind = mobilization.kind;
        if kind == MobilizationKind::None || self.week % mobilization.event_every_weeks != 0 {
            return;
        }
        let r = &self.residents;
        let organizers: Vec<u32> = (0..r.len() as u32)
            .filter(|&i| r.state[i as usize] == State::Organizer)
            .collect();
        if organizers.is_empty() {
            return;
        }
        let attendees = match kind {
            MobilizationKind::Broadcast => self.broadcast_attendance(),
            MobilizationKind::Relational => self.relational_attendance(&organizers),
            MobilizationKind::None => unreachable!("returned above"),
        };
        self.this_week.event_held = true;
        self.turnout = attendees.len() as u32;
        self.attend(&attendees);
        let tasks = (self.scenario.events.tasks_per_attendee * attendees.len() as f64).round();
        match kind {
            MobilizationKind::Broadcast => {
                self.crowd_ties(&attendees);
                self.hand_tasks_to_most_committed(&attendees, tasks as usize);
                self.broadcast_outreach(&organizers);
            }
            MobilizationKind::Relational => {
                self.share_tasks(tasks);
                self.relational_outreach(&attendees, organizers.len());
            }
            MobilizationKind::None => {}
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

    /// Organizers call everyone on their lists; organizers themselves always attend.
    fn broadcast_attendance(&mut self) -> Vec<u32> {
        let mut attendees = Vec::new();
        for i in 0..self.residents.len() {
            let state = self.residents.state[i];
            let asked = state == State::Organizer
                || (state == State::Member && self.is_organizer(self.residents.contact_of[i]));
            if !asked {
                continue;
            }
            if state == State::Organizer || self.rng.gen::<f64>() < self.attendance_probability(i) {
                attendees.push(i as u32);
            }
        }
        attendees
    }

    /// Asks travel along strong ties from the organizers: a member considers coming once
    /// enough of their strong ties come (complex contagion, Centola & Macy 2007).
    fn relational_attendance(&mut self, organizers: &[u32]) -> Vec<u32> {
        let n = self.residents.len();
        let strong = self.scenario.network.strong_threshold;
        let threshold = self.scenario.events.relational_threshold;
        let mut decided = vec![false; n];
        let mut coming = vec![0u32; n];
        let mut attendees: Vec<u32> = organizers.to_vec();
        for &o in organizers {
            decided[o as usize] = true;
        }
        let mut next = 0;
        while next < attendees.len() {
            let x = attendees[next];
            next += 1;
            for k in 0..self.ties.of(x).len() {
                let (y, slot) = self.ties.of(x)[k];
                let yu = y as usize;
                if decided[yu]
                    || self.residents.state[yu] != State::Member
                    || self.ties.get(slot).strength() < strong
                {
                    continue;
                }
                coming[yu] += 1;
                let ties = self.survey.strong_active[yu].max(1) as f64;
                if coming[yu] as f64 >= threshold * ties {
                    decided[yu] = true;
                    if self.rng.gen::<f64>() < self.attendance_probability(yu) {
                        attendees.push(y);
                    }
                }
            }
        }
        attendees.sort_unstable();
        attendees
    }

    /// What attending does to each attendee, and to the ties between attendees who already
    /// know each other.
    fn attend(&mut self, attendees: &[u32]) {
        let mobilization = &self.strategy.mobilization;
        let lift = self.scenario.commitment.effervescence;
        let line = self.scenario.organizers.line;
        let r = &mut self.residents;
        for &a in attendees {
            let i = a as usize;
            r.energy[i] = (r.energy[i] - mobilization.event_cost).max(0.0);
            r.spent[i] += mobilization.event_cost;
            r.effervescence[i] = (r.effervescence[i] + lift).min(1.0);
            r.last_attended[i] = self.week;
            let dissent = mobilization.dissent_pressure * distance_from_line(r.opinion[i], line);
            r.commitment[i] = (r.commitment[i] - dissent).max(0.0);
        }

        // Attention is finite: each attendee renews at most a few of the ties present,
        // so a crowd around an organizer does not deepen every spoke.
        let budget = self.scenario.events.contacts_per_event;
        let mut attention = vec![0u32; r.len()];
        for &a in attendees {
            attention[a as usize] = budget;
        }
        let gain = self.scenario.network.event_gain;
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
    }

    /// A few attendees of a crowd event strike up a tie, choosing the most like-minded of
    /// the few strangers they meet.
    fn crowd_ties(&mut self, attendees: &[u32]) {
        let met = self.scenario.events.crowd_met;
        if attendees.len() < 2 {
            return;
        }
        let rate = self.scenario.events.crowd_tie_rate;
        let fresh = self.scenario.network.new_tie_strength;
        for &a in attendees {
            if self.rng.gen::<f64>() >= rate {
                continue;
            }
            let mine = self.residents.opinion[a as usize];
            let mut best = NONE;
            let mut best_distance = f64::INFINITY;
            for _ in 0..met {
                let b = attendees[self.rng.gen_range(0..attendees.len())];
                let distance = (self.residents.opinion[b as usize] - mine).abs();
                if b != a && distance < best_distance {
                    best = b;
                    best_distance = distance;
                }
            }
            if best != NONE {
                self.ties.connect(a, best, fresh);
            }
        }
    }

    /// Broadcast: the most committed members present carry the event's tasks.
    fn hand_tasks_to_most_committed(&mut self, attendees: &[u32], tasks: usize) {
        let load = self.strategy.mobilization.task_load;
        let r = &mut self.residents;
        let mut members: Vec<u32> = attendees
            .iter()
            .copied()
            .filter(|&a| r.state[a as usize] == State::Member)
            .collect();
        let tasks = tasks.min(members.len());
        if tasks == 0 {
            return;
        }
        let more_committed = |a: &u32, b: &u32| {
            let (fa, fb) = (
                r.felt_commitment(*a as usize),
                r.felt_commitment(*b as usize),
            );
            fb.total_cmp(&fa).then(a.cmp(b))
        };
        if tasks < members.len() {
            members.select_nth_unstable_by(tasks - 1, more_committed);
        }
        for &m in &members[..tasks] {
            let i = m as usize;
            r.energy[i] = (r.energy[i] - load).max(0.0);
            r.spent[i] += load;
        }
    }

    /// Relational: the same work shared among all active members.
    fn share_tasks(&mut self, tasks: f64) {
        let r = &mut self.residents;
        let active = r.state.iter().filter(|s| s.is_active()).count();
        if active == 0 || tasks <= 0.0 {
            return;
        }
        let share = tasks * self.strategy.mobilization.task_load / active as f64;
        for i in 0..r.len() {
            if r.state[i].is_active() {
                r.energy[i] = (r.energy[i] - share).max(0.0);
                r.spent[i] += share;
            }
        }
    }

    /// Chance that the organizers' screening lets a candidate through.
    fn passes_screening(&self, candidate: usize) -> f64 {
        let distance = (self.residents.opinion[candidate] - self.scenario.organizers.line).abs();
        (-self.strategy.mobilization.screening * distance).exp()
    }

    /// Broadcast: each organizer reaches out to strangers across the town, screened by
    /// opinion; a stranger signs up according to their predisposition. New contacts get a
    /// tie to the organizer only.
    fn broadcast_outreach(&mut self, organizers: &[u32]) {
        let n = self.residents.len() as u32;
        let attempts = self.strategy.mobilization.outreach_per_event;
        let fresh = self.scenario.network.new_tie_strength;
        for &o in organizers {
            for _ in 0..attempts {
                let c = self.outreach_candidate(o, n);
                let cu = c as usize;
                if self.residents.state[cu] != State::Outside || self.residents.removed[cu] {
                    continue;
                }
                let p = self.residents.commitment[cu] * self.passes_screening(cu);
                if self.rng.gen::<f64>() < p {
                    self.join(c, true);
                    self.residents.contact_of[cu] = o;
                    self.ties.connect(o, c, fresh);
                }
            }
        }
    }

    /// Whom one broadcast attempt of organizer `o` reaches: with probability
    /// `own_group_reach`, a stranger of the organizer's own identity group (the first of up
    /// to `OWN_GROUP_DRAWS` uniform draws in that group, or the last draw if none is);
    /// otherwise anyone in town. At 0 it makes exactly one draw, as before the parameter.
    fn outreach_candidate(&mut self, o: u32, n: u32) -> u32 {
        const OWN_GROUP_DRAWS: usize = 16;
        let reach = self.strategy.mobilization.own_group_reach;
        if reach <= 0.0 || self.rng.gen::<f64>() >= reach {
            return self.rng.gen_range(0..n);
        }
        let group = self.residents.group[o as usize];
        let mut c = self.rng.gen_range(0..n);
        for _ in 1..OWN_GROUP_DRAWS {
            if self.residents.group[c as usize] == group {
                break;
            }
            c = self.rng.gen_range(0..n);
        }
        c
    }

    /// Relational: attendees ask people they know; an ask from a close tie weighs more.
    fn relational_outreach(&mut self, attendees: &[u32], organizers: usize) {
        let attempts = self.strategy.mobilization.outreach_per_event as usize * organizers;
        let gain = self.scenario.network.event_gain;
        for _ in 0..attempts {
            let asker = attendees[self.rng.gen_range(0..attendees.len())];
            let degree = self.ties.of(asker).len();
            if degree == 0 {
                continue;
            }
            let (c, slot) = self.ties.of(asker)[self.rng.gen_range(0..degree)];
            let cu = c as usize;
            if self.residents.state[cu] != State::Outside || self.residents.removed[cu] {
                continue;
            }
            let warmth = (self.residents.commitment[cu] + self.ties.get(slot).strength()).min(1.0);
            if self.rng.gen::<f64>() < warmth * self.passes_screening(cu) {
                self.join(c, true);
                self.ties.strengthen(slot, gain);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::State;
    use crate::model::testing::world_with;

    const BROADCAST: &str = "[strategy.s.mobilization]\nkind = \"broadcast\"\nevent_every_weeks = 1\ntask_load = 0.3\nevent_cost = 0.1\n";

    #[test]
    fn broadcast_tasks_fall_on_the_most_committed() {
        world_with(BROADCAST, |w| {
            let organizer = (0..w.residents.len())
                .find(|&i| w.residents.state[i] == State::Organizer)
                .unwrap() as u32;
            let members: Vec<u32> = (200..210).collect();
            for (k, &m) in members.iter().enumerate() {
                w.residents.state[m as usize] = State::Member;
                w.residents.commitment[m as usize] = 0.1 + 0.05 * k as f64;
                w.residents.energy[m as usize] = 1.0;
                w.residents.contact_of[m as usize] = organizer;
            }
            w.hand_tasks_to_most_committed(&members, 2);
            let spent: Vec<f64> = members
                .iter()
                .map(|&m| w.residents.spent[m as usize])
                .collect();
            assert_eq!(&spent[8..], &[0.3, 0.3]);
            assert!(spent[..8].iter().all(|&s| s == 0.0));
        });
    }

    #[test]
    fn relational_tasks_are_shared_evenly() {
        world_with(BROADCAST, |w| {
            let active = w.residents.state.iter().filter(|s| s.is_active()).count() as f64;
            w.share_tasks(4.0);
            let each = 4.0 * 0.3 / active;
            for i in 0..w.residents.len() {
                let expected = if w.residents.state[i].is_active() {
                    each
                } else {
                    0.0
                };
                assert!((w.residents.spent[i] - expected).abs() < 1e-12);
            }
        });
    }

    #[test]
    fn screening_turns_away_distant_opinions() {
        let text = "[strategy.s.mobilization]\nkind = \"broadcast\"\nscreening = 5.0\n";
        world_with(text, |w| {
            let line = w.scenario.organizers.line;
            w.residents.opinion[0] = line;
            w.residents.opinion[1] = line - 1.5;
            assert_eq!(w.passes_screening(0), 1.0);
            assert!(w.passes_screening(1) < 0.001);
        });
    }

    #[test]
    fn attention_limits_the_ties_renewed_at_an_event() {
        let text =
            "[events]\ncontacts_per_event = 2\n[strategy.s.mobilization]\nkind = \"relational\"\n";
        world_with(text, |w| {
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
            w.attend(&attendees);
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
        });
    }

    #[test]
    fn a_broadcast_event_is_held_and_counted() {
        world_with(BROADCAST, |w| {
            w.hold_events();
            assert!(w.this_week.event_held);
            assert!(w.turnout >= w.scenario.organizers.count);
        });
    }
}
