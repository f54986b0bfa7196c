//! Residents as a struct of arrays indexed by a small id (`u32`).

/// "No one": an absent resident id or week.
pub const NONE: u32 = u32::MAX;

/// The holder of the organization's own contact list, which outlives any one organizer
/// (`organizers.list_survival`): a `contact_of` that names no resident but the movement.
pub const MOVEMENT_LIST: u32 = u32::MAX - 1;

/// Distance of an opinion from the organizers' line, in [0, 1].
pub(crate) fn distance_from_line(opinion: f64, line: f64) -> f64 {
    (opinion - line).abs() / 2.0
}

/// Where a resident stands with the movement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Outside,
    Member,
    Organizer,
    BurnedOut,
    Departed,
}

impl State {
    /// Active means taking part: a member or an organizer.
    pub fn is_active(self) -> bool {
        matches!(self, State::Member | State::Organizer)
    }

    pub fn name(self) -> &'static str {
        match self {
            State::Outside => "outside",
            State::Member => "member",
            State::Organizer => "organizer",
            State::BurnedOut => "burned_out",
            State::Departed => "departed",
        }
    }
}

/// A resident's open need (an "itch" of one skill kind), if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    /// The skill kind that meets it, or `Need::NO_SKILL` when there is no need.
    pub skill: u8,
    /// Weeks the need has gone unmet.
    pub age: u8,
}

impl Need {
    pub const NO_SKILL: u8 = u8::MAX;
    pub const NONE: Need = Need {
        skill: Need::NO_SKILL,
        age: 0,
    };

    pub fn is_open(self) -> bool {
        self.skill != Need::NO_SKILL
    }
}

/// Every resident's state, one vector per variable.
#[derive(Clone, Debug, Default)]
pub struct Residents {
    pub group: Vec<u8>,
    /// Political alignment in [-1, 1]; fixed for life.
    pub opinion: Vec<f64>,
    /// Bit `k` set when the resident can help with skill kind `k`.
    pub skills: Vec<u16>,
    pub energy: Vec<f64>,
    /// Attachment to the movement.
    pub commitment: Vec<f64>,
    /// The attachment an outsider starts with and returns to when nothing binds them.
    pub predisposition: Vec<f64>,
    /// The short-lived lift of recent events, added to commitment when deciding.
    pub effervescence: Vec<f64>,
    /// Propensity to help a tie or neighbour in need.
    pub propensity: Vec<f64>,
    pub state: Vec<State>,
    /// Gone from the community (removed by a shock): no needs, no ties, no help.
    pub removed: Vec<bool>,
    pub need: Vec<Need>,
    /// The organizer whose contact list holds this member, `MOVEMENT_LIST` when the
    /// organization's own list holds them, or `NONE`.
    pub contact_of: Vec<u32>,
    /// Week of the last event attended, or `NONE`.
    pub last_attended: Vec<u32>,
    /// Week the current rest after burnout began.
    pub rest_since: Vec<u32>,
    pub initial_organizer: Vec<bool>,
    /// Index of the open membership spell in the run's spell list, or `NONE`.
    pub spell: Vec<u32>,
    /// Energy spent on the movement (events, tasks) this week.
    pub spent: Vec<f64>,
    /// Hours of the week used so far (`time.rs`).
    pub hours: Vec<f64>,
    /// Whether the resident's needs are chronic and heavy (`care.rs`); fixed.
    pub chronic: Vec<bool>,
    /// Acts of help the open need takes beyond the next one (a chronic need's).
    pub more_acts: Vec<u8>,
    /// Recent care load: acts of help given, each counting 1 and fading weekly (`care.rs`).
    pub care_load: Vec<f32>,
    /// Image in [-1, 1]: what others have seen of one's helping (`care.rs`).
    pub image: Vec<f32>,
}

impl Residents {
    pub fn len(&self) -> usize {
        self.state.len()
    }

    pub fn is_empty(&self) -> bool {
        self.state.is_empty()
    }

    /// Commitment as felt when deciding: the lasting part plus the fading lift of events.
    pub fn felt_commitment(&self, i: usize) -> f64 {
        (self.commitment[i] + self.effervescence[i]).min(1.0)
    }
}
