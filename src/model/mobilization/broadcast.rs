//! Broadcast mobilization: organizers hold the contact list and call everyone on it; the
//! most committed carry the tasks; organizers recruit strangers across the town, screened
//! by opinion, who are tied to the organizer alone; a crowd rarely makes ties.

use rand::Rng;

use super::super::residents::{State, MOVEMENT_LIST, NONE};
use super::super::World;
use crate::scenario::Broadcast;

pub(super) fn hold_event(w: &mut World, b: &Broadcast, organizers: &[u32]) {
    let (attendees, asked) = attendance(w);
    w.log_asks(&asked, &attendees);
    let tasks = w.attend(&attendees, &b.campaign);
    crowd_ties(w, &attendees);
    hand_tasks_to_most_committed(w, &attendees, tasks as usize, b.campaign.task_load);
    let extra = w.reach_of_turnout(attendees.len());
    outreach(w, b, organizers, extra);
}

/// Organizers call everyone on their lists, and on the organization's; a member called
/// comes if they have the hours and decide to; organizers themselves always attend.
/// Returns the attendees and the members called, both in ascending id.
fn attendance(w: &mut World) -> (Vec<u32>, Vec<u32>) {
    let mut attendees = Vec::new();
    let mut called = Vec::new();
    for i in 0..w.residents.len() {
        let state = w.residents.state[i];
        // An event is held only while an organizer is left to call the lists.
        let asked = state == State::Organizer
            || (state == State::Member && w.is_called(w.residents.contact_of[i], true));
        if !asked {
            continue;
        }
        if state == State::Member {
            called.push(i as u32);
        }
        let comes = state == State::Organizer
            || (w.has_time(i as u32, w.scenario.time.event_hours)
                && w.rng.gen::<f64>() < w.attendance_probability(i));
        if comes {
            attendees.push(i as u32);
        }
    }
    (attendees, called)
}

/// A few attendees of a crowd event strike up a tie, choosing the most like-minded of the
/// few strangers they meet.
fn crowd_ties(w: &mut World, attendees: &[u32]) {
    let met = w.scenario.events.crowd_met;
    if attendees.len() < 2 {
        return;
    }
    let rate = w.scenario.events.crowd_tie_rate;
    let fresh = w.scenario.network.new_tie_strength;
    for &a in attendees {
        if w.rng.gen::<f64>() >= rate {
            continue;
        }
        let mine = w.residents.opinion[a as usize];
        let mut best = NONE;
        let mut best_distance = f64::INFINITY;
        for _ in 0..met {
            let b = attendees[w.rng.gen_range(0..attendees.len())];
            let distance = (w.residents.opinion[b as usize] - mine).abs();
            if b != a && distance < best_distance {
                best = b;
                best_distance = distance;
            }
        }
        if best != NONE {
            w.ties.connect(a, best, fresh);
        }
    }
}

/// The most committed members present carry the event's tasks.
fn hand_tasks_to_most_committed(w: &mut World, attendees: &[u32], tasks: usize, load: f64) {
    let r = &mut w.residents;
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
    let hours = w.scenario.time.task_hours;
    for &m in &members[..tasks] {
        w.spend_time(m, hours);
    }
}

/// Each organizer reaches out to strangers across the town, screened by opinion; a
/// stranger signs up according to their predisposition. New contacts get a tie to the
/// organizer only, and are on the organizer's list. The `extra` attempts a visible event
/// earns are made by the organizers in turn, in id order.
fn outreach(w: &mut World, b: &Broadcast, organizers: &[u32], extra: u32) {
    let attempts = b.campaign.outreach_per_event;
    for &o in organizers {
        for _ in 0..attempts {
            reach_out(w, b, o);
        }
    }
    for k in 0..extra as usize {
        reach_out(w, b, organizers[k % organizers.len()]);
    }
}

/// One attempt of organizer `o` to sign up a stranger.
fn reach_out(w: &mut World, b: &Broadcast, o: u32) {
    let n = w.residents.len() as u32;
    let c = outreach_candidate(w, b, o, n);
    let cu = c as usize;
    if w.residents.state[cu] != State::Outside || w.residents.removed[cu] {
        return;
    }
    let p = w.residents.commitment[cu] * w.passes_screening(cu, &b.campaign);
    if w.rng.gen::<f64>() < p {
        w.log_recruit(o, w.ties.find(o, c));
        w.join(c, true);
        w.residents.contact_of[cu] = o;
        w.ties.connect(o, c, w.scenario.network.new_tie_strength);
    }
}

/// Whom one attempt of organizer `o` reaches: with probability `own_group_reach`, a
/// stranger of the organizer's own identity group (the first of up to `OWN_GROUP_DRAWS`
/// uniform draws in that group, or the last draw if none is); otherwise anyone in town. At
/// 0 it makes exactly one draw.
fn outreach_candidate(w: &mut World, b: &Broadcast, o: u32, n: u32) -> u32 {
    const OWN_GROUP_DRAWS: usize = 16;
    let reach = b.own_group_reach;
    if reach <= 0.0 || w.rng.gen::<f64>() >= reach {
        return w.rng.gen_range(0..n);
    }
    let group = w.residents.group[o as usize];
    let mut c = w.rng.gen_range(0..n);
    for _ in 1..OWN_GROUP_DRAWS {
        if w.residents.group[c as usize] == group {
            break;
        }
        c = w.rng.gen_range(0..n);
    }
    c
}

/// A new organizer's list is their own strong ties who are members no living organizer
/// holds, not the list that was lost; those on the organization's list stay on it.
pub(super) fn list_of_new_organizer(w: &mut World, leader: u32) {
    for k in 0..w.ties.of(leader).len() {
        let (other, slot) = w.ties.of(leader)[k];
        let o = other as usize;
        let holder = w.residents.contact_of[o];
        if w.ties.is_strong(slot)
            && w.residents.state[o] == State::Member
            && holder != MOVEMENT_LIST
            && !w.is_organizer(holder)
        {
            w.residents.contact_of[o] = leader;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::State;
    use crate::model::testing::world_with;

    const BROADCAST: &str = "[strategy.s.mobilization]\nkind = \"broadcast\"\nevent_every_weeks = 1\ntask_load = 0.3\nevent_cost = 0.1\n";

    #[test]
    fn tasks_fall_on_the_most_committed() {
        world_with(BROADCAST, |w| {
            let organizer = w.organizers()[0];
            let members: Vec<u32> = (200..210).collect();
            for (k, &m) in members.iter().enumerate() {
                w.residents.state[m as usize] = State::Member;
                w.residents.commitment[m as usize] = 0.1 + 0.05 * k as f64;
                w.residents.energy[m as usize] = 1.0;
                w.residents.contact_of[m as usize] = organizer;
            }
            super::hand_tasks_to_most_committed(w, &members, 2, 0.3);
            let spent: Vec<f64> = members
                .iter()
                .map(|&m| w.residents.spent[m as usize])
                .collect();
            assert_eq!(&spent[8..], &[0.3, 0.3]);
            assert!(spent[..8].iter().all(|&s| s == 0.0));
        });
    }

    #[test]
    fn an_event_logs_the_members_called_and_the_recruits() {
        world_with(BROADCAST, |w| {
            let organizer = w.organizers()[0];
            let members: Vec<u32> = (200..230).collect();
            for &m in &members {
                w.join(m, true);
                w.residents.contact_of[m as usize] = organizer;
            }
            let recruited = w.totals.recruited;
            w.hold_events();
            let asks = &w.asks.asks;
            assert_eq!(
                asks.len(),
                members.len(),
                "every member called, no organizer"
            );
            let came = asks.iter().filter(|a| a.came).count() as u32;
            assert_eq!(came + w.scenario.organizers.count, w.events.turnout);
            let recruits = &w.asks.recruits;
            assert_eq!(recruits.len() as u32, w.totals.recruited - recruited);
            assert!(recruits.iter().all(|r| r.by_organizer));
        });
    }

    #[test]
    fn an_event_is_held_and_counted() {
        world_with(BROADCAST, |w| {
            w.hold_events();
            assert!(w.events.held_this_week);
            assert!(w.events.turnout >= w.scenario.organizers.count);
        });
    }
}
