//! An organizer loss: people are removed from the community for good — every initial
//! organizer, the best-connected active members, or active members drawn at random.

use rand::seq::SliceRandom;

use super::super::residents::State;
use super::super::World;
use crate::scenario::{LossTarget, OrganizerLoss};

pub(super) fn strike(w: &mut World, loss: &OrganizerLoss) {
    let n = w.residents.len() as u32;
    let targets: Vec<u32> = match loss.target {
        LossTarget::AllInitial => {
            let r = &w.residents;
            (0..n)
                .filter(|&i| {
                    let i = i as usize;
                    r.initial_organizer[i] && !r.removed[i] && r.state[i] != State::Departed
                })
                .collect()
        }
        LossTarget::TopDegree => {
            // Ranked by strong ties to active members as they stand at this moment.
            w.survey_ties();
            let r = &w.residents;
            let mut active: Vec<u32> = (0..n)
                .filter(|&i| r.state[i as usize].is_active())
                .collect();
            let strong = &w.survey.strong_active;
            active.sort_by(|&a, &b| strong[b as usize].cmp(&strong[a as usize]).then(a.cmp(&b)));
            active.truncate(loss.count as usize);
            active
        }
        LossTarget::Random => {
            let r = &w.residents;
            let mut active: Vec<u32> = (0..n)
                .filter(|&i| r.state[i as usize].is_active())
                .collect();
            active.shuffle(&mut w.rng);
            active.truncate(loss.count as usize);
            active
        }
    };
    for who in targets {
        w.remove_from_community(who);
    }
    // A crowd from before the loss is not turnout after it.
    w.events.turnout = 0;
}

#[cfg(test)]
mod tests {
    use crate::model::residents::{State, NONE};
    use crate::model::testing::world_alone;
    use crate::scenario::{LossTarget, OrganizerLoss};

    #[test]
    fn losing_all_initial_organizers_removes_them_and_their_lists() {
        world_alone("", |w| {
            let organizer = (0..w.residents.len())
                .find(|&i| w.residents.initial_organizer[i])
                .unwrap();
            w.join(300, true);
            w.residents.contact_of[300] = organizer as u32;
            w.ties.connect(organizer as u32, 300, 0.9);
            let loss = OrganizerLoss {
                week: 0,
                target: LossTarget::AllInitial,
                count: 0,
            };
            w.events.turnout = 12;
            super::strike(w, &loss);
            assert!(w.residents.removed[organizer]);
            assert!(w.ties.of(organizer as u32).is_empty());
            assert_eq!(w.residents.contact_of[300], NONE);
            assert_eq!(w.events.turnout, 0, "a crowd from before the loss");
            let left = w
                .residents
                .state
                .iter()
                .filter(|s| **s == State::Organizer)
                .count();
            assert_eq!(left, 0);
        });
    }
}
