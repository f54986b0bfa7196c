//! Relational organizing: asks travel along strong ties from the organizers, a member
//! coming once enough of their strong ties come (complex contagion); the work is shared
//! among all active members; attendees bring in people they know.

use rand::Rng;

use super::super::residents::State;
use super::super::World;
use crate::scenario::Relational;

pub(super) fn hold_event(w: &mut World, r: &Relational, organizers: &[u32]) {
    let (attendees, asked) = attendance(w, organizers);
    w.log_asks(&asked, &attendees);
    let tasks = w.attend(&attendees, &r.campaign);
    share_tasks(w, tasks, r.campaign.task_load);
    let extra = w.reach_of_turnout(attendees.len());
    outreach(w, r, &attendees, organizers.len(), extra);
}

/// The cascade, breadth-first from the organizers: a member considers coming once enough
/// of their strong ties come (Centola & Macy 2007). Returns the attendees (ascending ids)
/// and the members the cascade reached, in the order it reached them.
fn attendance(w: &mut World, organizers: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let n = w.residents.len();
    let strong = w.scenario.network.strong_threshold;
    let threshold = w.scenario.events.relational_threshold;
    let mut decided = vec![false; n];
    let mut coming = vec![0u32; n];
    let mut attendees: Vec<u32> = organizers.to_vec();
    let mut reached = Vec::new();
    for &o in organizers {
        decided[o as usize] = true;
    }
    let mut next = 0;
    while next < attendees.len() {
        let x = attendees[next];
        next += 1;
        for k in 0..w.ties.of(x).len() {
            let (y, slot) = w.ties.of(x)[k];
            let yu = y as usize;
            if decided[yu]
                || w.residents.state[yu] != State::Member
                || w.ties.get(slot).strength() < strong
            {
                continue;
            }
            coming[yu] += 1;
            let ties = w.survey.strong_active[yu].max(1) as f64;
            if coming[yu] as f64 >= threshold * ties {
                decided[yu] = true;
                reached.push(y);
                if w.has_time(y, w.scenario.time.event_hours)
                    && w.rng.gen::<f64>() < w.attendance_probability(yu)
                {
                    attendees.push(y);
                }
            }
        }
    }
    attendees.sort_unstable();
    (attendees, reached)
}

/// The event's work shared evenly among all active members.
fn share_tasks(w: &mut World, tasks: f64, load: f64) {
    let r = &mut w.residents;
    let active = r.state.iter().filter(|s| s.is_active()).count();
    if active == 0 || tasks <= 0.0 {
        return;
    }
    let share = tasks * load / active as f64;
    for i in 0..r.len() {
        if r.state[i].is_active() {
            r.energy[i] = (r.energy[i] - share).max(0.0);
            r.spent[i] += share;
        }
    }
    let hours = tasks * w.scenario.time.task_hours / active as f64;
    for i in 0..w.residents.len() {
        if w.residents.state[i].is_active() {
            w.spend_time(i as u32, hours);
        }
    }
}

/// Attendees ask people they know; an ask from a close tie weighs more. A visible event
/// earns `extra` asks beyond the organizers' share.
fn outreach(w: &mut World, r: &Relational, attendees: &[u32], organizers: usize, extra: u32) {
    let attempts = r.campaign.outreach_per_event as usize * organizers + extra as usize;
    let gain = w.scenario.network.event_gain;
    for _ in 0..attempts {
        let asker = attendees[w.rng.gen_range(0..attendees.len())];
        let degree = w.ties.of(asker).len();
        if degree == 0 {
            continue;
        }
        let (c, slot) = w.ties.of(asker)[w.rng.gen_range(0..degree)];
        let cu = c as usize;
        if w.residents.state[cu] != State::Outside || w.residents.removed[cu] {
            continue;
        }
        let warmth = (w.residents.commitment[cu] + w.ties.get(slot).strength()).min(1.0);
        if w.rng.gen::<f64>() < warmth * w.passes_screening(cu, &r.campaign) {
            w.log_recruit(asker, Some(slot));
            w.join(c, true);
            w.ties.strengthen(slot, gain);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::world_with;

    /// Ten members each strongly tied to an organizer alone: the cascade reaches every
    /// one of them, each with that one strong tie to an attendee.
    #[test]
    fn an_event_logs_the_members_the_cascade_reached() {
        let text = "[strategy.s.mobilization]\nkind = \"relational\"\nevent_every_weeks = 1\n";
        world_with(text, |w| {
            let organizer = w.organizers()[0];
            for m in 200..210 {
                w.join(m, true);
                w.ties.connect(organizer, m, 0.9);
            }
            w.survey_ties();
            w.hold_events();
            let asks = &w.asks.asks;
            assert_eq!(asks.len(), 10);
            assert!(asks.iter().all(|a| a.strong_ties_to_attendees >= 1));
            let came = asks.iter().filter(|a| a.came).count() as u32;
            assert_eq!(came + w.scenario.organizers.count, w.events.turnout);
        });
    }

    #[test]
    fn tasks_are_shared_evenly() {
        world_with("", |w| {
            let active = w.residents.state.iter().filter(|s| s.is_active()).count() as f64;
            super::share_tasks(w, 4.0, 0.3);
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
}
