//! Shocks: events imposed on the community at a given week.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::validate::{Invalid, MAX_POPULATION, MAX_WEEKS};

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

/// Who is removed, and how many, at an `organizer_loss`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrganizerLoss {
    pub week: u32,
    pub target: LossTarget,
    /// How many `top_degree` or `random` removes; 0 for `all_initial`.
    pub count: u32,
}

/// A `polarizing_issue`: how strongly it divides.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PolarizingIssue {
    pub week: u32,
    pub salience: f64,
}

/// A `crisis`: how long the needs spike, and how much.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Crisis {
    pub week: u32,
    pub duration_weeks: u32,
    pub intensity: f64,
}

impl Crisis {
    pub const DEFAULT_DURATION_WEEKS: u32 = 12;
    pub const DEFAULT_INTENSITY: f64 = 3.0;
}

/// A checked shock: the kind with its own parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shock {
    OrganizerLoss(OrganizerLoss),
    PolarizingIssue(PolarizingIssue),
    Crisis(Crisis),
}

impl Shock {
    pub fn week(&self) -> u32 {
        match self {
            Shock::OrganizerLoss(s) => s.week,
            Shock::PolarizingIssue(s) => s.week,
            Shock::Crisis(s) => s.week,
        }
    }

    /// A few words for the mark of the shock on a chart.
    pub fn label(&self) -> &'static str {
        match self {
            Shock::OrganizerLoss(_) => "organizers lost",
            Shock::PolarizingIssue(_) => "polarizing issue",
            Shock::Crisis(_) => "crisis",
        }
    }

    /// The shock in a phrase, for the report.
    pub fn describe(&self) -> String {
        match self {
            Shock::OrganizerLoss(loss) => format!("organizers lost at week {}", loss.week),
            Shock::PolarizingIssue(issue) => format!(
                "a polarizing issue of salience {} at week {}",
                issue.salience, issue.week
            ),
            Shock::Crisis(crisis) => format!(
                "a crisis of {} weeks from week {}",
                crisis.duration_weeks, crisis.week
            ),
        }
    }

    /// The checked form of `raw` (addressed as `key` in messages), and what is left of it:
    /// the keys its kind does not take.
    pub(super) fn check(mut raw: RawShock, key: &str) -> Result<(Shock, RawShock), Invalid> {
        let week = raw.week;
        let required = |field: &str, what: &str| {
            Invalid::new(
                &[&format!("{key}.kind")],
                format!("`{key}.{field}` is required for {what}"),
            )
        };
        let shock = match raw.kind {
            ShockKind::OrganizerLoss => {
                let target = raw
                    .target
                    .take()
                    .ok_or_else(|| required("target", "organizer_loss"))?;
                let count = match (target, raw.count.take()) {
                    (LossTarget::AllInitial, None) => 0,
                    (LossTarget::AllInitial, Some(_)) => {
                        return Err(Invalid::new(
                            &[&format!("{key}.count")],
                            format!("`{key}.count` does not apply to target all_initial"),
                        ))
                    }
                    (_, None) => {
                        return Err(Invalid::new(
                            &[&format!("{key}.target")],
                            format!("`{key}.count` is required for target top_degree or random"),
                        ))
                    }
                    (_, Some(c)) => c,
                };
                Shock::OrganizerLoss(OrganizerLoss {
                    week,
                    target,
                    count,
                })
            }
            ShockKind::PolarizingIssue => Shock::PolarizingIssue(PolarizingIssue {
                week,
                salience: raw
                    .salience
                    .take()
                    .ok_or_else(|| required("salience", "polarizing_issue"))?,
            }),
            ShockKind::Crisis => Shock::Crisis(Crisis {
                week,
                duration_weeks: raw
                    .duration_weeks
                    .take()
                    .unwrap_or(Crisis::DEFAULT_DURATION_WEEKS),
                intensity: raw.intensity.take().unwrap_or(Crisis::DEFAULT_INTENSITY),
            }),
        };
        Ok((shock, raw))
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
            Shock::OrganizerLoss(loss) => {
                raw.kind = ShockKind::OrganizerLoss;
                raw.target = Some(loss.target);
                if loss.target != LossTarget::AllInitial {
                    raw.count = Some(loss.count);
                }
            }
            Shock::PolarizingIssue(issue) => {
                raw.kind = ShockKind::PolarizingIssue;
                raw.salience = Some(issue.salience);
            }
            Shock::Crisis(crisis) => {
                raw.duration_weeks = Some(crisis.duration_weeks);
                raw.intensity = Some(crisis.intensity);
            }
        }
        raw
    }
}
