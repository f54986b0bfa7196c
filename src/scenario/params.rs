//! The community-wide parameter tables of a scenario, as written in TOML.
//!
//! Every field has a default (the `Default` impls below) so that a scenario names only
//! what it changes. Each number's range is declared once, by its `range` attribute: the
//! JSON Schema carries it and `validate.rs` checks against it. The reason for each default
//! is given in `docs/ODD.md`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::validate::{MAX_POPULATION, MAX_WEEKS};

/// `[population]`: who lives in the community.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Population {
    /// Residents.
    #[schemars(range(min = 10, max = MAX_POPULATION))]
    pub size: u32,
    /// Identity groups.
    #[schemars(range(min = 1, max = 255))]
    pub groups: u32,
    /// Kinds of need and skill (16 at most: the width of the skill bit set).
    #[schemars(range(min = 1, max = 16))]
    pub skills: u32,
    /// Skills each resident has (at most `population.skills`).
    #[schemars(range(min = 1, max = 16))]
    pub skills_per_resident: u32,
    /// How strongly opinions cluster in space: 0 scatters them, 1 makes neighbours alike.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub opinion_locality: f64,
    /// How strongly identity groups cluster in space: 0 mixes them, 1 segregates them.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub group_segregation: f64,
    /// Upper end of the uniform predisposition (starting commitment) of residents.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub predisposition_max: f64,
}

impl Default for Population {
    fn default() -> Self {
        Population {
            size: 2000,
            groups: 3,
            skills: 6,
            skills_per_resident: 2,
            opinion_locality: 0.5,
            group_segregation: 0.5,
            predisposition_max: 0.4,
        }
    }
}

/// The shape of the acquaintance network at the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkKind {
    /// Watts–Strogatz ring lattice with rewiring.
    SmallWorld,
    /// Residents scattered on a unit torus, each tied to its nearest neighbours.
    Spatial,
}

/// `[network]`: the acquaintance network and how ties live and die.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Network {
    /// The acquaintance network at the start.
    pub kind: NetworkKind,
    /// Acquaintances per resident at the start: on the `small_world` ring (even) each knows
    /// `neighbors / 2` on each side before rewiring; on the `spatial` torus each is tied to
    /// its `neighbors / 2` (rounded up) nearest, so the mean degree lies between that and
    /// twice that.
    #[schemars(range(min = 2, max = 100))]
    pub neighbors: u32,
    /// Share of small-world ties rewired to a random resident.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub rewiring: f64,
    /// Base strength of an acquaintance tie between neighbours; it never decays below this.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub acquaintance_strength: f64,
    /// A tie is strong at or above this strength.
    #[schemars(range(min = 0.01, max = 1.0))]
    pub strong_threshold: f64,
    /// Weekly share of its strength that a tie without contact loses, at depth 0.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub decay: f64,
    /// Decay is divided by `1 + depth_protection * depth`.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub depth_protection: f64,
    /// Decay is multiplied by `1 + dissimilarity_decay * |opinion difference| / 2`.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub dissimilarity_decay: f64,
    /// Ties weaker than this are dropped (acquaintance ties fall back to their base).
    #[schemars(range(min = 0.0, max = 0.5))]
    pub floor: f64,
    /// Strength gained by a tie from one exchange of help.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub help_gain: f64,
    /// Strength gained by a tie between two people attending the same event.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub event_gain: f64,
    /// Strength of a tie made by an introduction, a recruitment contact or a crowd encounter.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub new_tie_strength: f64,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            kind: NetworkKind::SmallWorld,
            neighbors: 8,
            rewiring: 0.05,
            acquaintance_strength: 0.1,
            strong_threshold: 0.5,
            decay: 0.04,
            depth_protection: 0.5,
            dissimilarity_decay: 1.0,
            floor: 0.05,
            help_gain: 0.15,
            event_gain: 0.1,
            new_tie_strength: 0.3,
        }
    }
}

/// `[energy]`: capacity, its drains and its restoration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Energy {
    /// Weekly recovery as a share of the gap to full energy.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub rest: f64,
    /// Energy restored each week per strong tie (up to `support_cap` ties); 0 turns support off.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub support_gain: f64,
    /// Strong ties beyond this many add no more support.
    #[schemars(range(min = 0, max = 1000))]
    pub support_cap: u32,
    /// An active member whose energy falls below this burns out.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub burnout_threshold: f64,
    /// A burned-out member may return once energy is back above this.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub return_threshold: f64,
    /// A burned-out member rests at least this many weeks before returning (at most the length of the run).
    #[schemars(range(min = 0, max = MAX_WEEKS))]
    pub min_rest_weeks: u32,
    /// A burned-out member who has not returned after this many weeks departs.
    #[schemars(range(min = 0, max = 100_000))]
    pub max_rest_weeks: u32,
    /// Weekly chance of returning, once rested, per unit of commitment.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub return_rate: f64,
}

impl Default for Energy {
    fn default() -> Self {
        Energy {
            rest: 0.05,
            support_gain: 0.005,
            support_cap: 4,
            burnout_threshold: 0.2,
            return_threshold: 0.7,
            min_rest_weeks: 8,
            max_rest_weeks: 52,
            return_rate: 0.1,
        }
    }
}

/// `[commitment]`: attachment to the movement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Commitment {
    /// Commitment of a newly recruited member, if their own is lower.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub on_joining: f64,
    /// Weekly pull toward the mean commitment of one's active strong ties.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub peer_pull: f64,
    /// Weekly loss of a member (active or resting) who has no strong tie to an active
    /// member; also the rate at which an outsider's gratitude fades back to their
    /// predisposition.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub isolation_decay: f64,
    /// Lift of attending an event (collective effervescence).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub effervescence: f64,
    /// Share of effervescence that fades each week.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub effervescence_fade: f64,
    /// Commitment lost per unit of energy spent on events and tasks, scaled by how tired
    /// the member is (`1 - energy`): costs weigh on the exhausted.
    #[schemars(range(min = 0.0, max = 10.0))]
    pub cost_sensitivity: f64,
    /// Commitment gained by being helped (gratitude, obligation).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub help_gain: f64,
    /// An outsider whose commitment reaches this joins the movement.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub join_threshold: f64,
    /// A member whose commitment falls below this departs.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub depart_threshold: f64,
    /// Weekly chance that life takes a member away from the movement (a new job, a child,
    /// illness), whatever the strategy; they stay in the community.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub life_departure: f64,
}

impl Default for Commitment {
    fn default() -> Self {
        Commitment {
            on_joining: 0.5,
            peer_pull: 0.05,
            isolation_decay: 0.005,
            effervescence: 0.15,
            effervescence_fade: 0.5,
            cost_sensitivity: 0.2,
            help_gain: 0.05,
            join_threshold: 0.6,
            depart_threshold: 0.15,
            life_departure: 0.002,
        }
    }
}

/// `[needs]`: the itches residents develop and what unmet needs cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Needs {
    /// Weekly chance that a resident without a need develops one.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub rate: f64,
    /// Energy drained each week a need stays unmet.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub drain: f64,
    /// A need unmet for this many weeks expires.
    #[schemars(range(min = 1, max = 255))]
    pub duration_weeks: u32,
    /// Weekly chance that the wider community meets a need on its own.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub background_rate: f64,
    /// Share of residents with a chronic, heavy need (illness, disability, the care of a
    /// child or an elder), drawn when the community is built; 0 makes nobody's needs heavy.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub chronic_share: f64,
    /// A chronic resident develops needs this many times as often (capped at certainty).
    #[schemars(range(min = 1.0, max = 100.0))]
    pub chronic_rate_factor: f64,
    /// Acts of help a chronic resident's need takes before it is met.
    #[schemars(range(min = 1, max = 255))]
    pub chronic_acts: u32,
}

impl Default for Needs {
    fn default() -> Self {
        Needs {
            rate: 0.2,
            drain: 0.03,
            duration_weeks: 6,
            background_rate: 0.15,
            chronic_share: 0.1,
            chronic_rate_factor: 2.0,
            chronic_acts: 3,
        }
    }
}

/// `[help]`: what an act of help costs and does, whoever gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Help {
    /// Energy a helper spends on one act of help.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub cost: f64,
    /// Energy the helped person regains.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub relief: f64,
    /// A resident helps only with at least this much energy.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_energy: f64,
    /// Chance that a mutual-aid helper introduces the helped person to another of their ties.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub introduce: f64,
    /// Rise of the helped person's propensity to help (indirect reciprocity), as a share of
    /// the gap to 1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub reciprocity: f64,
    /// Propensity to help of a resident the practice has not reached.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub base_propensity: f64,
}

impl Default for Help {
    fn default() -> Self {
        Help {
            cost: 0.02,
            relief: 0.05,
            min_energy: 0.4,
            introduce: 0.2,
            reciprocity: 0.1,
            base_propensity: 0.05,
        }
    }
}

/// `[events]`: how people decide to show up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Events {
    /// Added attendance probability per strong tie to an active member (up to
    /// `tie_pull_cap` ties).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub tie_pull: f64,
    /// Chance that an attendee of a broadcast event strikes up a tie with another attendee.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub crowd_tie_rate: f64,
    /// Share of one's strong ties that must attend before a relational ask lands.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub relational_threshold: f64,
    /// Strong ties beyond this many add nothing more to the pull of an event.
    #[schemars(range(min = 0, max = 1000))]
    pub tie_pull_cap: u32,
    /// Strangers an attendee of a crowd event meets, choosing the most like-minded.
    #[schemars(range(min = 1, max = 100))]
    pub crowd_met: u32,
    /// Tasks generated per attendee of an event.
    #[schemars(range(min = 0.0, max = 10.0))]
    pub tasks_per_attendee: f64,
    /// Ties an attendee can renew at one event: attention is finite, so a crowd does not
    /// deepen every tie present.
    #[schemars(range(min = 0, max = 10_000))]
    pub contacts_per_event: u32,
    /// Other attendees each attendee meets at an event, within the attention left after
    /// renewing ties (shared struggle); 0 turns shared struggle off.
    #[schemars(range(min = 0, max = 1000))]
    pub met_per_event: u32,
    /// Strength of the tie two attendees who meet at an event and were not tied make, per
    /// unit of what the event cost each of them (capped at 1).
    #[schemars(range(min = 0.0, max = 100.0))]
    pub bond_per_cost: f64,
    /// Strength a tie between two attendees who meet at an event gains, per unit of what
    /// the event cost each of them.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub deepen_per_cost: f64,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            tie_pull: 0.1,
            crowd_tie_rate: 0.05,
            relational_threshold: 0.25,
            tie_pull_cap: 3,
            crowd_met: 3,
            tasks_per_attendee: 0.1,
            contacts_per_event: 5,
            met_per_event: 2,
            bond_per_cost: 3.0,
            deepen_per_cost: 1.5,
        }
    }
}

/// `[time]`: the hours of a week each resident can give to the movement, to care and to
/// keeping close ties, and what each activity takes of them. Every activity's hours at 0
/// leave time unlimited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Time {
    /// Hours a week a resident has for keeping close ties, helping and taking part.
    #[schemars(range(min = 0.0, max = 168.0))]
    pub budget_hours: f64,
    /// Hours a week one strong tie takes to keep up; strong ties beyond what the budget
    /// keeps up are neglected. 0 makes close ties free.
    #[schemars(range(min = 0.0, max = 168.0))]
    pub upkeep_hours: f64,
    /// Share of its strength a strong tie loses in a week in which one of its ends cannot
    /// keep it up (once per such end).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub neglect_loss: f64,
    /// Hours an event takes of each attendee.
    #[schemars(range(min = 0.0, max = 168.0))]
    pub event_hours: f64,
    /// Hours one task takes of the member who carries it (a shared task, their share of it).
    #[schemars(range(min = 0.0, max = 168.0))]
    pub task_hours: f64,
    /// Hours one act of help takes of the helper.
    #[schemars(range(min = 0.0, max = 168.0))]
    pub help_hours: f64,
    /// Energy lost per hour spent beyond the week's budget (on what one is bound to do:
    /// an organizer's event, a task handed over); it counts among the week's costs.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub overtime_energy: f64,
    /// Hours a one-on-one conversation takes of each of the two residents in it.
    #[schemars(range(min = 0.0, max = 168.0))]
    pub one_on_one_hours: f64,
}

impl Time {
    /// Whether any activity takes hours: otherwise time is not counted at all.
    pub fn counts_hours(&self) -> bool {
        self.upkeep_hours > 0.0
            || self.event_hours > 0.0
            || self.task_hours > 0.0
            || self.help_hours > 0.0
            || self.one_on_one_hours > 0.0
    }
}

impl Default for Time {
    fn default() -> Self {
        Time {
            budget_hours: 6.0,
            upkeep_hours: 0.4,
            neglect_loss: 0.04,
            event_hours: 3.0,
            task_hours: 2.0,
            help_hours: 1.5,
            overtime_energy: 0.02,
            one_on_one_hours: 1.0,
        }
    }
}

/// `[care]`: what care work takes of those who give it and what they remember of those
/// who ask. Every weight at 0 leaves helping as free of fatigue and of memory as before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Care {
    /// Share of a resident's care load (acts of help given, one each) that fades each week.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub load_fade: f64,
    /// Share of an act of help's energy cost (`help.cost`) that counts among the week's
    /// costs that erode commitment, like events and tasks.
    #[schemars(range(min = 0.0, max = 10.0))]
    pub cost_weight: f64,
    /// Willingness to help lost per unit of tiredness (1 - energy).
    #[schemars(range(min = 0.0, max = 10.0))]
    pub tiredness: f64,
    /// Willingness to help lost per unit of recent care load.
    #[schemars(range(min = 0.0, max = 10.0))]
    pub load_weight: f64,
    /// Share of their unwillingness (the energy gate `help.min_energy` included) that a
    /// helper sets aside when a strong tie asks.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub obligation: f64,
    /// Image gained by helping, and lost by being asked and not helping though able.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub image_step: f64,
    /// Willingness to help an asker lost per unit of bad image (image below 0).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub discrimination: f64,
    /// Weight of the practice around the helped (how much their strong ties have helped
    /// lately) in the rise of their propensity to help on being helped.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub reciprocation: f64,
}

impl Care {
    /// Whether a helper's willingness depends on anything but their propensity.
    pub fn shapes_willingness(&self) -> bool {
        self.tiredness > 0.0
            || self.load_weight > 0.0
            || self.obligation > 0.0
            || self.discrimination > 0.0
    }

    /// Whether anything reads a resident's recent care load.
    pub fn counts_load(&self) -> bool {
        self.load_weight > 0.0 || self.reciprocation > 0.0
    }
}

impl Default for Care {
    fn default() -> Self {
        Care {
            load_fade: 0.25,
            cost_weight: 1.0,
            tiredness: 0.5,
            load_weight: 0.05,
            obligation: 0.5,
            image_step: 0.2,
            discrimination: 0.5,
            reciprocation: 0.5,
        }
    }
}

/// `[visibility]`: what turnout and power bring a campaign from outside it: a wider
/// reach, concessions won, and repression. Every weight at 0 leaves events without such
/// returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Visibility {
    /// Extra outreach attempts an event makes per attendee, by the reach of its kind of
    /// mobilization.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub outreach_turnout: f64,
    /// Weight of turnout (as a share of the community) in the chance that an event wins a
    /// concession.
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub win_turnout: f64,
    /// Weight of power (the k-core of the strong graph, as a share of the community) in the
    /// chance that an event wins a concession.
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub win_power: f64,
    /// Commitment every active member gains when a concession is won.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub win_lift: f64,
    /// Weight of turnout (as a share of the community) in the chance that an event is
    /// repressed.
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub repression_turnout: f64,
    /// Weight of power (as a share of the community) in the chance that an event is
    /// repressed.
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub repression_power: f64,
    /// Energy each attendee of a repressed event loses on top of the event's cost.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub repression_cost: f64,
}

impl Default for Visibility {
    fn default() -> Self {
        Visibility {
            outreach_turnout: 0.1,
            win_turnout: 1.0,
            win_power: 1.0,
            win_lift: 0.05,
            repression_turnout: 1.0,
            repression_power: 0.0,
            repression_cost: 0.05,
        }
    }
}

impl Visibility {
    /// Whether events can win concessions or draw repression at all.
    pub fn has_outcomes(&self) -> bool {
        self.win_turnout > 0.0
            || self.win_power > 0.0
            || self.repression_turnout > 0.0
            || self.repression_power > 0.0
    }
}

/// `[organizers]`: who starts the movement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Organizers {
    /// Initial organizers (at most `population.size`).
    #[schemars(range(min = 0, max = MAX_POPULATION))]
    pub count: u32,
    /// The organizers' political line, in [-1, 1].
    #[schemars(range(min = -1.0, max = 1.0))]
    pub line: f64,
    /// Initial organizers are drawn from residents within this opinion distance of the line.
    #[schemars(range(min = 0.0, max = 2.0))]
    pub spread: f64,
    /// Commitment of the initial organizers.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub commitment: f64,
    /// Share of an organizer's contact list that survives them, passing to the
    /// organization's own list: 0 keeps lists personal, 1 is a shared database.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub list_survival: f64,
}

impl Default for Organizers {
    fn default() -> Self {
        Organizers {
            count: 10,
            line: 0.5,
            spread: 0.2,
            commitment: 0.9,
            list_survival: 1.0,
        }
    }
}

/// `[leadership]`: when a member steps up to organize.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Leadership {
    /// Felt commitment a member needs to step up.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_commitment: f64,
    /// Energy a member needs to step up.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_energy: f64,
    /// Strong ties to active members a member needs to step up.
    #[schemars(range(min = 0, max = 1000))]
    pub min_strong_ties: u32,
    /// Weekly chance that the best candidate of an orphaned group steps up.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub rate: f64,
}

impl Default for Leadership {
    fn default() -> Self {
        Leadership {
            min_commitment: 0.6,
            min_energy: 0.5,
            min_strong_ties: 3,
            rate: 0.1,
        }
    }
}

/// `[disagreement]`: the polarizing issues that arrive at intervals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Disagreement {
    /// Weeks between ordinary polarizing issues; 0 means none.
    #[schemars(range(min = 0, max = 100_000))]
    pub every_weeks: u32,
    /// Salience of an ordinary issue.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub salience: f64,
    /// Stress a tie absorbs is multiplied by `1 + depth_absorb * depth`.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub depth_absorb: f64,
}

impl Default for Disagreement {
    fn default() -> Self {
        Disagreement {
            every_weeks: 26,
            salience: 0.2,
            depth_absorb: 0.5,
        }
    }
}

/// `[metrics]`: what is measured and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Metrics {
    /// k of the k-core of the strong graph that measures power.
    #[schemars(range(min = 1, max = 1000))]
    pub power_k: u32,
    /// Weeks between robustness snapshots (also taken the week before each organizer loss).
    #[schemars(range(min = 1, max = 100_000))]
    pub snapshot_every_weeks: u32,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            power_k: 3,
            snapshot_every_weeks: 52,
        }
    }
}

/// `[output]`: optional files a run writes besides the standard ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Output {
    /// Write `networks/<strategy>-r<replicate>-w<week>.graphml` at every snapshot week.
    pub graphml: bool,
}
