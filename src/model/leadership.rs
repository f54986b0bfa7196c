//! Leadership emerges where members have no reachable organizer.

use rand::Rng;

use super::residents::{State, NONE};
use super::World;

impl World<'_> {
    /// In each group of members held together by strong ties (a component of the strong
    /// graph) that no organizer reaches — none of them is an organizer or on a list that
    /// is called (a living organizer's, or the organization's while an organizer is left)
    /// — the best-placed member may step up. Under broadcast, a new organizer's list is
    /// their own strong ties, not the list that was lost (`give_new_organizer_a_list`).
    pub(crate) fn emerge_leaders(&mut self) {
        let leadership = &self.scenario.leadership;
        let r = &self.residents;
        let survey = &self.survey;
        let groups = &survey.components;
        let count = groups.iter().map(|&g| g as usize + 1).max().unwrap_or(0);
        let mut reached = vec![false; count];
        let mut candidate = vec![NONE; count];
        // The organization's list reaches its members only while someone can call it.
        let organizers_left = survey
            .active
            .iter()
            .any(|&who| r.state[who as usize] == State::Organizer);
        for (node, &who) in survey.active.iter().enumerate() {
            let (i, group) = (who as usize, groups[node] as usize);
            if r.state[i] == State::Organizer || self.is_called(r.contact_of[i], organizers_left) {
                reached[group] = true;
            }
            let able = r.felt_commitment(i) >= leadership.min_commitment
                && r.energy[i] >= leadership.min_energy
                && survey.strong_active[i] >= leadership.min_strong_ties;
            if able {
                let best = candidate[group];
                let score = |j: usize| r.felt_commitment(j) * r.energy[j];
                // Ascending ids: a strictly better score wins, so ties keep the lower id.
                if best == NONE || score(i) > score(best as usize) {
                    candidate[group] = who;
                }
            }
        }
        for (group, &leader) in candidate.iter().enumerate() {
            if leader != NONE && !reached[group] && self.rng.gen::<f64>() < leadership.rate {
                self.step_up(leader);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::{State, MOVEMENT_LIST};
    use crate::model::testing::world_with;

    fn orphaned_triangle(w: &mut crate::model::World) {
        for i in 0..w.residents.len() {
            if w.residents.state[i] == State::Organizer {
                w.residents.state[i] = State::Departed;
            }
        }
        for &m in &[300u32, 301, 302, 303] {
            w.join(m, true);
            w.residents.commitment[m as usize] = 0.9;
            w.residents.energy[m as usize] = 0.9;
        }
        for &(a, b) in &[
            (300, 301),
            (301, 302),
            (300, 302),
            (300, 303),
            (301, 303),
            (302, 303),
        ] {
            w.ties.connect(a, b, 0.9);
        }
        w.survey_ties();
    }

    #[test]
    fn a_member_steps_up_where_no_organizer_reaches() {
        world_with("[leadership]\nrate = 1.0\n", |w| {
            orphaned_triangle(w);
            w.emerge_leaders();
            let leaders: Vec<usize> = (300..304)
                .filter(|&i| w.residents.state[i] == State::Organizer)
                .collect();
            assert_eq!(leaders.len(), 1, "one leader per orphaned group");
        });
    }

    #[test]
    fn no_one_steps_up_where_an_organizer_reaches() {
        world_with("[leadership]\nrate = 1.0\n", |w| {
            orphaned_triangle(w);
            w.residents.state[303] = State::Organizer;
            w.emerge_leaders();
            let leaders = (300..303)
                .filter(|&i| w.residents.state[i] == State::Organizer)
                .count();
            assert_eq!(leaders, 0);
        });
    }

    #[test]
    fn the_organizations_list_reaches_no_one_without_an_organizer() {
        world_with("[leadership]\nrate = 1.0\n", |w| {
            orphaned_triangle(w);
            for m in 300..304 {
                w.residents.contact_of[m] = MOVEMENT_LIST;
            }
            w.emerge_leaders();
            let leaders = (300..304)
                .filter(|&i| w.residents.state[i] == State::Organizer)
                .count();
            assert_eq!(leaders, 1, "no one is left to call the list");
        });
    }

    #[test]
    fn the_organizations_list_reaches_its_members_while_an_organizer_is_left() {
        world_with("[leadership]\nrate = 1.0\n", |w| {
            orphaned_triangle(w);
            for m in 300..304 {
                w.residents.contact_of[m] = MOVEMENT_LIST;
            }
            // An organizer elsewhere in town, in a group of their own.
            w.residents.state[900] = State::Organizer;
            w.survey_ties();
            w.emerge_leaders();
            let leaders = (300..304)
                .filter(|&i| w.residents.state[i] == State::Organizer)
                .count();
            assert_eq!(leaders, 0);
        });
    }
}
