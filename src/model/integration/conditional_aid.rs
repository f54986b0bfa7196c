//! Conditional aid: organizers aid members who attended an event recently, their own
//! contacts first; aid stops when participation stops, and strengthens only the
//! organizer–recipient tie.

use rand::Rng;

use super::super::residents::NONE;
use super::super::World;
use crate::scenario::ConditionalAid;

/// Goes through the residents in the rotated order; an eligible one is aided by the
/// organizer whose list holds them if that organizer has aid and energy left, else by the
/// next organizer with both, found by a cursor that goes round the organizers (ascending
/// ids) and stays where it stopped for the next resident.
pub(super) fn give(w: &mut World, c: &ConditionalAid) {
    let (window, per_organizer) = (c.aid_window_weeks, c.aid_per_organizer);
    let min_energy = w.scenario.help.min_energy;
    let organizers = w.organizers();
    if organizers.is_empty() || per_organizer == 0 {
        return;
    }
    // Aid left to each organizer, in the order of `organizers` (ascending ids).
    let mut aid_left = vec![per_organizer; organizers.len()];
    let hours = w.scenario.time.help_hours;
    let can_aid = |w: &World, aid_left: &[u32], k: usize| {
        aid_left[k] > 0
            && w.residents.energy[organizers[k] as usize] >= min_energy
            && w.has_time(organizers[k], hours)
    };
    let mut cursor = 0;
    let week = w.week;
    for i in w.rotated_order() {
        let iu = i as usize;
        let r = &w.residents;
        let attended = r.last_attended[iu];
        let eligible = r.state[iu].is_active()
            && r.need[iu].is_open()
            && attended != NONE
            && week - attended <= window;
        if !eligible {
            continue;
        }
        let holder = organizers.binary_search(&r.contact_of[iu]).ok();
        let helper = match holder {
            Some(k) if can_aid(w, &aid_left, k) => Some(k),
            _ => {
                let start = cursor;
                loop {
                    let k = cursor;
                    cursor = (cursor + 1) % organizers.len();
                    if organizers[k] != i && can_aid(w, &aid_left, k) {
                        break Some(k);
                    }
                    if cursor == start {
                        break None;
                    }
                }
            }
        };
        let Some(helper) = helper else {
            // No organizer but this one (a needy organizer) has aid left: others may still
            // be served; otherwise aid is spent for the week.
            if w.is_organizer(i) {
                continue;
            }
            break;
        };
        if !takes_up(w, organizers[helper], i) {
            // Refused this week; the organizer keeps the act for someone else.
            w.refused(organizers[helper]);
            continue;
        }
        aid_left[helper] -= 1;
        w.help(organizers[helper], i, None, false);
    }
}

/// Whether `organizer` takes up the aid of `asker`: with the chance of their willingness
/// (`World::willingness`, a strong tie between them obliging), drawn only when care shapes
/// willingness at all.
fn takes_up(w: &mut World, organizer: u32, asker: u32) -> bool {
    let care = &w.scenario.care;
    if !care.shapes_willingness() {
        return true;
    }
    let strong_tie = care.obligation > 0.0
        && w.ties
            .find(organizer, asker)
            .is_some_and(|slot| w.ties.is_strong(slot));
    let willing = w.willingness(organizer, asker, strong_tie);
    w.rng.gen::<f64>() < willing
}

#[cfg(test)]
mod tests {
    use crate::model::residents::{Need, State};
    use crate::model::testing::world_with;
    use crate::scenario::ConditionalAid;

    #[test]
    fn aid_goes_only_to_recent_attendees() {
        world_with("[needs]\nbackground_rate = 0.0\n", |w| {
            w.week = 20;
            let (attendee, absentee) = (100, 101);
            for who in [attendee, absentee] {
                w.residents.state[who] = State::Member;
                w.residents.need[who] = Need { skill: 0, age: 0 };
            }
            w.residents.last_attended[attendee] = 18;
            w.residents.last_attended[absentee] = 2;
            super::give(w, &ConditionalAid::default());
            assert!(!w.residents.need[attendee].is_open());
            assert!(w.residents.need[absentee].is_open());
        });
    }
}
