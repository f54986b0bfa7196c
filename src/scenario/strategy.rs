//! A strategy: how organizers mobilize people and how the movement integrates them.
//!
//! Each table is read as written (`RawMobilization`, `RawIntegration`: a `kind` and every
//! parameter any kind takes, each optional) and checked into the form the model uses
//! (`Mobilization`, `Integration`: one variant per kind, carrying only that kind's
//! parameters with their defaults filled in). A key the chosen kind does not take is
//! refused. Adding a kind means a variant of the kind's name, a variant of the checked
//! form with its parameter struct, and an arm in `check` and `to_raw`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::presets::Preset;
use super::validate::MAX_WEEKS;

/// How a strategy asks people to act.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MobilizationKind {
    /// No events are held.
    #[default]
    None,
    /// Organizers hold the contact list and call everyone on it.
    Broadcast,
    /// Asks travel along strong ties; tasks are shared.
    Relational,
}

/// How a strategy meets residents' needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationKind {
    /// Needs are met only by the background community.
    #[default]
    None,
    /// Organizers aid those who attended recently.
    ConditionalAid,
    /// Anyone the practice has reached helps ties and neighbours in need.
    MutualAid,
}

impl MobilizationKind {
    /// The kind as a scenario file writes it.
    pub fn name(self) -> &'static str {
        match self {
            MobilizationKind::None => "none",
            MobilizationKind::Broadcast => "broadcast",
            MobilizationKind::Relational => "relational",
        }
    }
}

impl IntegrationKind {
    /// The kind as a scenario file writes it.
    pub fn name(self) -> &'static str {
        match self {
            IntegrationKind::None => "none",
            IntegrationKind::ConditionalAid => "conditional_aid",
            IntegrationKind::MutualAid => "mutual_aid",
        }
    }
}

/// `[strategy.<name>.mobilization]` as written: the `kind`, and the parameters of every
/// kind, each left out to take its default. A parameter the kind does not take is refused.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RawMobilization {
    /// How people are asked to act.
    pub kind: MobilizationKind,
    /// Broadcast and relational: weeks between events; events are held in weeks divisible
    /// by it (at most the length of the run). Default 4.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = MAX_WEEKS))]
    pub event_every_weeks: Option<u32>,
    /// Broadcast and relational: energy an attendee spends on one event. Default 0.05.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub event_cost: Option<f64>,
    /// Broadcast and relational: energy one task costs the member who carries it.
    /// Default 0.1.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub task_load: Option<f64>,
    /// Broadcast and relational: asks per organizer per event. Broadcast organizers each
    /// try this many strangers; under relational organizing, this many asks per organizer
    /// travel from attendees to people they know. Default 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 100_000))]
    pub outreach_per_event: Option<u32>,
    /// Broadcast and relational: rejection of recruits by opinion distance from the line;
    /// acceptance is `exp(-screening * |opinion - line|)`, 0 accepts everyone. Default 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 100.0))]
    pub screening: Option<f64>,
    /// Broadcast and relational: commitment an attendee loses per event, times their
    /// distance from the line (`|opinion - line| / 2`, in [0, 1]); at a polarizing issue,
    /// times its salience too. 0 tolerates dissent. Default 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub dissent_pressure: Option<f64>,
    /// Broadcast only: share of outreach attempts that reach strangers of the organizer's
    /// own identity group (the organizer's audience) rather than anyone in town; 0 reaches
    /// the whole town alike. Default 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub own_group_reach: Option<f64>,
    /// Relational only: one-on-one conversations each active member holds in a week, with
    /// the tie nearest to becoming a close one; 0 holds none. Default 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 100))]
    pub one_on_ones_per_week: Option<u32>,
    /// Relational only: strength a tie gains from a one-on-one. Default 0.05.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub one_on_one_lift: Option<f64>,
    /// Relational only: commitment the one listened to gains from a one-on-one.
    /// Default 0.02.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub one_on_one_commitment: Option<f64>,
    /// Relational only: energy a one-on-one costs the member who holds it. Default 0.02.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub one_on_one_cost: Option<f64>,
}

/// `[strategy.<name>.integration]` as written: the `kind`, and the parameters of every
/// kind, each left out to take its default. A parameter the kind does not take is refused.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RawIntegration {
    /// How the movement meets needs.
    pub kind: IntegrationKind,
    /// Conditional aid: it goes to members who attended an event within this many weeks.
    /// Default 4.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100_000))]
    pub aid_window_weeks: Option<u32>,
    /// Conditional aid: acts of aid one organizer can give in a week. Default 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 100_000))]
    pub aid_per_organizer: Option<u32>,
    /// Mutual aid: propensity to help that the practice gives organizers (who seed it) and
    /// members. Default 0.6.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub practice_propensity: Option<f64>,
}

/// `[strategy.<name>]` as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStrategy {
    /// The arm whose values this strategy starts from (`sorting`, `solidarity`, `hybrid`,
    /// `organizing`); keys written beside it replace the preset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<Preset>,
    /// `[strategy.<name>.mobilization]`: how organizers mobilize people.
    #[serde(default)]
    pub mobilization: RawMobilization,
    /// `[strategy.<name>.integration]`: how the movement integrates people.
    #[serde(default)]
    pub integration: RawIntegration,
}

/// How events are run, under either kind of mobilization that holds them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Campaign {
    pub event_every_weeks: u32,
    pub event_cost: f64,
    pub task_load: f64,
    pub outreach_per_event: u32,
    pub screening: f64,
    pub dissent_pressure: f64,
}

impl Default for Campaign {
    fn default() -> Self {
        Campaign {
            event_every_weeks: 4,
            event_cost: 0.05,
            task_load: 0.1,
            outreach_per_event: 2,
            screening: 0.0,
            dissent_pressure: 0.0,
        }
    }
}

/// Broadcast mobilization's parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Broadcast {
    pub campaign: Campaign,
    pub own_group_reach: f64,
}

/// Relational mobilization's parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Relational {
    pub campaign: Campaign,
    /// One-on-one conversations, if members hold any (`one_on_ones_per_week` > 0).
    pub one_on_ones: Option<OneOnOnes>,
}

/// Listening: the one-on-one conversations each active member holds every week.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OneOnOnes {
    /// Conversations each active member holds in a week (at least 1).
    pub per_week: u32,
    /// Strength the tie gains from one conversation.
    pub lift: f64,
    /// Commitment the one listened to gains.
    pub commitment: f64,
    /// Energy one conversation costs the member who holds it.
    pub cost: f64,
}

impl OneOnOnes {
    const DEFAULT_PER_WEEK: u32 = 1;
    const DEFAULT_LIFT: f64 = 0.05;
    const DEFAULT_COMMITMENT: f64 = 0.02;
    const DEFAULT_COST: f64 = 0.02;

    /// The conversations `raw` asks for, or none when it asks for 0 a week (the lift,
    /// commitment and cost are then taken and have no effect).
    fn take(raw: &mut RawMobilization) -> Option<OneOnOnes> {
        let per_week = take(&mut raw.one_on_ones_per_week, OneOnOnes::DEFAULT_PER_WEEK);
        let lift = take(&mut raw.one_on_one_lift, OneOnOnes::DEFAULT_LIFT);
        let commitment = take(
            &mut raw.one_on_one_commitment,
            OneOnOnes::DEFAULT_COMMITMENT,
        );
        let cost = take(&mut raw.one_on_one_cost, OneOnOnes::DEFAULT_COST);
        (per_week > 0).then_some(OneOnOnes {
            per_week,
            lift,
            commitment,
            cost,
        })
    }

    /// Without conversations only their count, 0, is written: the other three would have
    /// no effect.
    fn put(this: Option<&OneOnOnes>, raw: &mut RawMobilization) {
        match this {
            Some(o) => {
                raw.one_on_ones_per_week = Some(o.per_week);
                raw.one_on_one_lift = Some(o.lift);
                raw.one_on_one_commitment = Some(o.commitment);
                raw.one_on_one_cost = Some(o.cost);
            }
            None => raw.one_on_ones_per_week = Some(0),
        }
    }
}

/// A checked mobilization: the kind with its own parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Mobilization {
    #[default]
    None,
    Broadcast(Broadcast),
    Relational(Relational),
}

/// Conditional aid's parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConditionalAid {
    pub aid_window_weeks: u32,
    pub aid_per_organizer: u32,
}

impl Default for ConditionalAid {
    fn default() -> Self {
        ConditionalAid {
            aid_window_weeks: 4,
            aid_per_organizer: 3,
        }
    }
}

/// Mutual aid's parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MutualAid {
    pub practice_propensity: f64,
}

impl Default for MutualAid {
    fn default() -> Self {
        MutualAid {
            practice_propensity: 0.6,
        }
    }
}

/// A checked integration: the kind with its own parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Integration {
    #[default]
    None,
    ConditionalAid(ConditionalAid),
    MutualAid(MutualAid),
}

/// One named strategy of a scenario, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Strategy {
    pub name: String,
    pub mobilization: Mobilization,
    pub integration: Integration,
}

impl Strategy {
    /// What the strategy does, in one plain sentence for the report.
    pub fn describe(&self) -> String {
        format!(
            "{}; {}",
            self.mobilization.describe(),
            self.integration.describe()
        )
    }
}

impl Mobilization {
    /// The kind and its main parameters, in words.
    pub fn describe(&self) -> String {
        match self {
            Mobilization::None => "no mobilization: no events are held".into(),
            Mobilization::Broadcast(b) => {
                let mut text = format!(
                    "broadcast mobilization: organizers hold the contact list and call everyone on it; {}",
                    b.campaign.describe()
                );
                if b.own_group_reach > 0.0 {
                    text += &format!(
                        ", {} of outreach aimed at the organizer's own group",
                        b.own_group_reach
                    );
                }
                text
            }
            Mobilization::Relational(r) => {
                let listening = match r.one_on_ones {
                    Some(o) => format!(
                        ", each active member holding {} one-on-one conversation(s) a week",
                        o.per_week
                    ),
                    None => ", no one-on-ones".into(),
                };
                format!(
                    "relational mobilization: asks travel along strong ties and tasks are shared; {}{listening}",
                    r.campaign.describe()
                )
            }
        }
    }
}

impl Integration {
    /// The kind and its main parameters, in words.
    pub fn describe(&self) -> String {
        match self {
            Integration::None => {
                "no integration: needs are met only by the background community".into()
            }
            Integration::ConditionalAid(c) => format!(
                "conditional aid: organizers aid members who attended an event within {} weeks, up to {} acts each a week",
                c.aid_window_weeks, c.aid_per_organizer
            ),
            Integration::MutualAid(m) => format!(
                "mutual aid: anyone the practice has reached helps ties and neighbours in need (practice propensity {})",
                m.practice_propensity
            ),
        }
    }
}

/// A raw value the kind takes, or its default.
fn take<T>(field: &mut Option<T>, default: T) -> T {
    field.take().unwrap_or(default)
}

impl Campaign {
    /// The rhythm and reach of its events, in words.
    fn describe(&self) -> String {
        let mut text = format!(
            "an event every {} weeks costing each attendee {} energy, tasks of {} energy, {} asks per organizer per event",
            self.event_every_weeks, self.event_cost, self.task_load, self.outreach_per_event
        );
        if self.screening > 0.0 {
            text += &format!(
                ", recruits screened by their distance from the line (screening {})",
                self.screening
            );
        }
        if self.dissent_pressure > 0.0 {
            text += &format!(
                ", dissent pressed at each event ({})",
                self.dissent_pressure
            );
        }
        text
    }

    fn take(raw: &mut RawMobilization) -> Campaign {
        let d = Campaign::default();
        Campaign {
            event_every_weeks: take(&mut raw.event_every_weeks, d.event_every_weeks),
            event_cost: take(&mut raw.event_cost, d.event_cost),
            task_load: take(&mut raw.task_load, d.task_load),
            outreach_per_event: take(&mut raw.outreach_per_event, d.outreach_per_event),
            screening: take(&mut raw.screening, d.screening),
            dissent_pressure: take(&mut raw.dissent_pressure, d.dissent_pressure),
        }
    }

    fn put(&self, raw: &mut RawMobilization) {
        raw.event_every_weeks = Some(self.event_every_weeks);
        raw.event_cost = Some(self.event_cost);
        raw.task_load = Some(self.task_load);
        raw.outreach_per_event = Some(self.outreach_per_event);
        raw.screening = Some(self.screening);
        raw.dissent_pressure = Some(self.dissent_pressure);
    }
}

impl Mobilization {
    /// The checked form of `raw`, and what is left of it: the keys the kind does not take.
    pub(super) fn check(mut raw: RawMobilization) -> (Mobilization, RawMobilization) {
        let checked = match raw.kind {
            MobilizationKind::None => Mobilization::None,
            MobilizationKind::Broadcast => Mobilization::Broadcast(Broadcast {
                campaign: Campaign::take(&mut raw),
                own_group_reach: take(&mut raw.own_group_reach, 0.0),
            }),
            MobilizationKind::Relational => Mobilization::Relational(Relational {
                campaign: Campaign::take(&mut raw),
                one_on_ones: OneOnOnes::take(&mut raw),
            }),
        };
        (checked, raw)
    }

    pub fn kind(&self) -> MobilizationKind {
        match self {
            Mobilization::None => MobilizationKind::None,
            Mobilization::Broadcast(_) => MobilizationKind::Broadcast,
            Mobilization::Relational(_) => MobilizationKind::Relational,
        }
    }

    /// How events are run, if this kind holds any.
    pub fn campaign(&self) -> Option<&Campaign> {
        match self {
            Mobilization::None => None,
            Mobilization::Broadcast(b) => Some(&b.campaign),
            Mobilization::Relational(r) => Some(&r.campaign),
        }
    }

    /// As written in a resolved scenario, every parameter of the kind filled in.
    pub fn to_raw(&self) -> RawMobilization {
        let mut raw = RawMobilization {
            kind: self.kind(),
            ..RawMobilization::default()
        };
        match self {
            Mobilization::None => {}
            Mobilization::Broadcast(b) => {
                b.campaign.put(&mut raw);
                raw.own_group_reach = Some(b.own_group_reach);
            }
            Mobilization::Relational(r) => {
                r.campaign.put(&mut raw);
                OneOnOnes::put(r.one_on_ones.as_ref(), &mut raw);
            }
        }
        raw
    }
}

impl Integration {
    /// The checked form of `raw`, and what is left of it: the keys the kind does not take.
    pub(super) fn check(mut raw: RawIntegration) -> (Integration, RawIntegration) {
        let checked = match raw.kind {
            IntegrationKind::None => Integration::None,
            IntegrationKind::ConditionalAid => {
                let d = ConditionalAid::default();
                Integration::ConditionalAid(ConditionalAid {
                    aid_window_weeks: take(&mut raw.aid_window_weeks, d.aid_window_weeks),
                    aid_per_organizer: take(&mut raw.aid_per_organizer, d.aid_per_organizer),
                })
            }
            IntegrationKind::MutualAid => Integration::MutualAid(MutualAid {
                practice_propensity: take(
                    &mut raw.practice_propensity,
                    MutualAid::default().practice_propensity,
                ),
            }),
        };
        (checked, raw)
    }

    pub fn kind(&self) -> IntegrationKind {
        match self {
            Integration::None => IntegrationKind::None,
            Integration::ConditionalAid(_) => IntegrationKind::ConditionalAid,
            Integration::MutualAid(_) => IntegrationKind::MutualAid,
        }
    }

    /// As written in a resolved scenario, every parameter of the kind filled in.
    pub fn to_raw(&self) -> RawIntegration {
        let mut raw = RawIntegration {
            kind: self.kind(),
            ..RawIntegration::default()
        };
        match self {
            Integration::None => {}
            Integration::ConditionalAid(c) => {
                raw.aid_window_weeks = Some(c.aid_window_weeks);
                raw.aid_per_organizer = Some(c.aid_per_organizer);
            }
            Integration::MutualAid(m) => raw.practice_propensity = Some(m.practice_propensity),
        }
        raw
    }
}

impl Strategy {
    /// As written in a resolved scenario: every value, a preset's too, written out.
    pub fn to_raw(&self) -> RawStrategy {
        RawStrategy {
            preset: None,
            mobilization: self.mobilization.to_raw(),
            integration: self.integration.to_raw(),
        }
    }
}
