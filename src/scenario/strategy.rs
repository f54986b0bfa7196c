//! A strategy: how organizers mobilize people and how the movement integrates them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::validate::MAX_WEEKS;

/// How a strategy asks people to act.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MobilizationKind {
    /// No events are held.
    None,
    /// Organizers hold the contact list and call everyone on it.
    Broadcast,
    /// Asks travel along strong ties; tasks are shared.
    Relational,
}

/// How a strategy meets residents' needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationKind {
    /// Needs are met only by the background community.
    None,
    /// Organizers aid those who attended recently.
    ConditionalAid,
    /// Anyone the practice has reached helps ties and neighbours in need.
    MutualAid,
}

/// `[strategy.<name>.mobilization]`. Fields that a kind does not use are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Mobilization {
    /// How people are asked to act.
    pub kind: MobilizationKind,
    /// Weeks between events: events are held in weeks divisible by it (at most the length of the run).
    #[schemars(range(min = 1, max = MAX_WEEKS))]
    pub event_every_weeks: u32,
    /// Energy an attendee spends on one event.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub event_cost: f64,
    /// Energy one task costs the member who carries it.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub task_load: f64,
    /// Asks per organizer per event: broadcast organizers each try this many strangers;
    /// under relational organizing, this many asks per organizer travel from attendees
    /// to people they know.
    #[schemars(range(min = 0, max = 100_000))]
    pub outreach_per_event: u32,
    /// Rejection of recruits by opinion distance from the line: acceptance is
    /// `exp(-screening * |opinion - line|)`; 0 accepts everyone.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub screening: f64,
    /// Commitment an attendee loses per event, times their distance from the line
    /// (`|opinion - line| / 2`, in [0, 1]); at a polarizing issue, times its salience too.
    /// 0 tolerates dissent.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub dissent_pressure: f64,
    /// Broadcast only: share of outreach attempts that reach strangers of the organizer's
    /// own identity group (the organizer's audience) rather than anyone in town; 0 reaches
    /// the whole town alike.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub own_group_reach: f64,
}

impl Default for Mobilization {
    fn default() -> Self {
        Mobilization {
            kind: MobilizationKind::None,
            event_every_weeks: 4,
            event_cost: 0.05,
            task_load: 0.1,
            outreach_per_event: 2,
            screening: 0.0,
            dissent_pressure: 0.0,
            own_group_reach: 0.0,
        }
    }
}

/// `[strategy.<name>.integration]`. Fields that a kind does not use are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Integration {
    /// How the movement meets needs.
    pub kind: IntegrationKind,
    /// Conditional aid goes to members who attended an event within this many weeks.
    #[schemars(range(min = 1, max = 100_000))]
    pub aid_window_weeks: u32,
    /// Acts of conditional aid one organizer can give in a week.
    #[schemars(range(min = 0, max = 100_000))]
    pub aid_per_organizer: u32,
    /// Propensity to help that mutual aid gives organizers (who seed the practice) and members.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub practice_propensity: f64,
}

impl Default for Integration {
    fn default() -> Self {
        Integration {
            kind: IntegrationKind::None,
            aid_window_weeks: 4,
            aid_per_organizer: 3,
            practice_propensity: 0.6,
        }
    }
}

/// One named strategy of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    #[serde(skip)]
    pub name: String,
    /// `[strategy.<name>.mobilization]`: how organizers mobilize people.
    #[serde(default)]
    pub mobilization: Mobilization,
    /// `[strategy.<name>.integration]`: how the movement integrates people.
    #[serde(default)]
    pub integration: Integration,
}
