//! Shocks: events imposed on the community at a given week.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::validate::{MAX_POPULATION, MAX_WEEKS};

/// What a shock does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShockKind {
    OrganizerLoss,
    PolarizingIssue,
    Crisis,
}

impl ShockKind {
    /// The kind as a scenario file writes it.
    pub fn name(self) -> &'static str {
        match self {
            ShockKind::OrganizerLoss => "organizer_loss",
            ShockKind::PolarizingIssue => "polarizing_issue",
            ShockKind::Crisis => "crisis",
        }
    }
}

/// Who an `organizer_loss` shock removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LossTarget {
    /// Every initial organizer still in the community.
    AllInitial,
    /// The `count` active members with the most strong ties.
    TopDegree,
    /// `count` active members drawn at random.
    Random,
}

/// A `[[shock]]` entry as written: one flat table whose `kind` decides which fields apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawShock {
    /// What happens.
    pub kind: ShockKind,
    /// Week the shock takes effect, at its start (inside the run: below `years` × 52).
    #[schemars(range(min = 0, max = MAX_WEEKS - 1))]
    pub week: u32,
    /// Who an `organizer_loss` removes (required for it, refused for other kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<LossTarget>,
    /// How many `top_degree` or `random` removes (all active members if fewer); required
    /// for those targets, refused for `all_initial`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = MAX_POPULATION))]
    pub count: Option<u32>,
    /// How strongly a polarizing issue divides (polarizing_issue only; required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub salience: Option<f64>,
    /// Weeks a crisis lasts (crisis only; default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100_000))]
    pub duration_weeks: Option<u32>,
    /// Multiplier of the weekly need rate during a crisis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1.0, max = 100.0))]
    pub intensity: Option<f64>,
}

/// A validated shock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shock {
    OrganizerLoss {
        week: u32,
        target: LossTarget,
        count: u32,
    },
    PolarizingIssue {
        week: u32,
        salience: f64,
    },
    Crisis {
        week: u32,
        duration_weeks: u32,
        intensity: f64,
    },
}

impl Shock {
    pub fn week(&self) -> u32 {
        match *self {
            Shock::OrganizerLoss { week, .. }
            | Shock::PolarizingIssue { week, .. }
            | Shock::Crisis { week, .. } => week,
        }
    }

    /// The shock as written in a resolved scenario, every field filled in.
    pub fn to_raw(&self) -> RawShock {
        let mut raw = RawShock {
            kind: ShockKind::Crisis,
            week: self.week(),
            target: None,
            count: None,
            salience: None,
            duration_weeks: None,
            intensity: None,
        };
        match *self {
            Shock::OrganizerLoss { target, count, .. } => {
                raw.kind = ShockKind::OrganizerLoss;
                raw.target = Some(target);
                if target != LossTarget::AllInitial {
                    raw.count = Some(count);
                }
            }
            Shock::PolarizingIssue { salience, .. } => {
                raw.kind = ShockKind::PolarizingIssue;
                raw.salience = Some(salience);
            }
            Shock::Crisis {
                duration_weeks,
                intensity,
                ..
            } => {
                raw.duration_weeks = Some(duration_weeks);
                raw.intensity = Some(intensity);
            }
        }
        raw
    }
}
