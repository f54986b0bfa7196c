//! The measures, each declared once: every column of `timeseries.csv` (`Column`) and
//! every metric of `summary.csv` (`Metric`), with its name, what it means in plain words,
//! its unit and how it is computed.
//!
//! Whatever writes, reads, describes or judges a measure takes it from here: the tables'
//! header and rows, the summary, the report's descriptions, the sweep's key outcomes, the
//! claims and the charts' reader of `timeseries.csv`. A new weekly measure is a field of
//! `WeekRow`, its computation in `World::measure_week` and one entry of `Column`; a new
//! summary metric is one entry of `RunMetric` (or, for each organizer loss, of
//! `LossOutcome`; for each crisis, of `CrisisOutcome`). `tests/measures.rs` then asks for its line in `docs/ODD.md` (and, for a
//! column, in `README.md`).

use std::fmt;

/// Declares an enum whose every variant is one entry of a table: the variant and its
/// entry are written side by side, once, and `ALL` lists the variants in that order.
macro_rules! registry {
    (
        $(#[$attr:meta])*
        pub enum $name:ident: $entry:ty {
            $( $(#[$doc:meta])* $variant:ident => $value:expr, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$doc])* $variant, )*
        }

        impl $name {
            /// Every one, in the order of the files.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Its place in `ALL`.
            pub fn index(self) -> usize {
                self as usize
            }

            fn entry(self) -> &'static $entry {
                match self {
                    $( $name::$variant => {
                        static ENTRY: $entry = $value;
                        &ENTRY
                    } )*
                }
            }
        }
    };
}

mod outcomes;
mod patterns;
mod weekly;

pub use outcomes::{
    survival_spell, CrisisOutcome, LossOutcome, Metric, RunMetric, UnknownMetric,
    SHOCK_FOLLOW_UP_WEEKS,
};
pub use patterns::{AskTally, PatternRecord, RecruitCounts, TieCensus, TieTurnover};
pub use weekly::{Column, TIMESERIES_KEYS};

/// What a measure counts or compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Active members (organizers included).
    Members,
    /// Residents in some state, members or not.
    Residents,
    /// Events of a kind (burnouts, departures, joins), a person counted once each time.
    Events,
    /// Ties between residents.
    Ties,
    /// A part of a whole, from 0 to 1.
    Share,
    /// A level from 0 to 1 (energy, strength).
    Level,
    /// A correlation, from −1 to 1.
    Correlation,
    /// 1 or 0.
    Flag,
    Weeks,
    /// The robustness index R of a removal curve, from 0 to 1/2.
    RIndex,
    /// A value over another of the same kind.
    Ratio,
}

impl Unit {
    /// The values a measure in this unit can take, `(low, high)`.
    pub fn range(self) -> (f64, f64) {
        match self {
            Unit::Members
            | Unit::Residents
            | Unit::Events
            | Unit::Ties
            | Unit::Weeks
            | Unit::Ratio => (0.0, f64::INFINITY),
            Unit::Share | Unit::Level | Unit::Flag => (0.0, 1.0),
            Unit::Correlation => (-1.0, 1.0),
            Unit::RIndex => (0.0, 0.5),
        }
    }

    /// The unit in words, as the documentation writes it.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Members => "members",
            Unit::Residents => "residents",
            Unit::Events => "events",
            Unit::Ties => "ties",
            Unit::Share => "share",
            Unit::Level => "level",
            Unit::Correlation => "correlation",
            Unit::Flag => "flag",
            Unit::Weeks => "weeks",
            Unit::RIndex => "R index",
            Unit::Ratio => "ratio",
        }
    }

    /// Whether a weekly value in this unit is a whole number.
    pub fn is_count(self) -> bool {
        matches!(
            self,
            Unit::Members | Unit::Residents | Unit::Events | Unit::Ties | Unit::Flag | Unit::Weeks
        )
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
