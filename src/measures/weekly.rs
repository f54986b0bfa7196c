//! The weekly measures: the columns of `timeseries.csv`, each a value of a `WeekRow`.

use super::Unit;
use crate::model::measure::WeekRow;

/// The leading columns of `timeseries.csv`, which say whose week a row is; the measures
/// (`Column::ALL`) follow them.
pub const TIMESERIES_KEYS: [&str; 3] = ["strategy", "replicate", "week"];

/// A weekly measure as declared once.
struct Entry {
    name: &'static str,
    unit: Unit,
    /// What it means, in plain words (`docs/ODD.md` opens its description with this).
    meaning: &'static str,
    /// Its value in a week's row; `None` where it is undefined (written as an empty field).
    value: fn(&WeekRow) -> Option<f64>,
}

fn count(n: u32) -> Option<f64> {
    Some(f64::from(n))
}

registry! {
    /// A weekly measure: a column of `timeseries.csv` after `TIMESERIES_KEYS`, in file
    /// order.
    pub enum Column: Entry {
        Active => Entry {
            name: "active",
            unit: Unit::Members,
            meaning: "members and organizers now",
            value: |w| count(w.active),
        },
        Organizers => Entry {
            name: "organizers",
            unit: Unit::Members,
            meaning: "organizers now",
            value: |w| count(w.organizers),
        },
        BurnedOut => Entry {
            name: "burned_out",
            unit: Unit::Residents,
            meaning: "residents burned out now",
            value: |w| count(w.burned_out),
        },
        BurnoutTotal => Entry {
            name: "burnout_total",
            unit: Unit::Events,
            meaning: "burnout events so far",
            value: |w| count(w.burnout_total),
        },
        DepartedTotal => Entry {
            name: "departed_total",
            unit: Unit::Events,
            meaning: "departures so far",
            value: |w| count(w.departed_total),
        },
        RecruitedTotal => Entry {
            name: "recruited_total",
            unit: Unit::Events,
            meaning: "joins from outside so far",
            value: |w| count(w.recruited_total),
        },
        MeanEnergy => Entry {
            name: "mean_energy",
            unit: Unit::Level,
            meaning: "mean energy of the active residents",
            value: |w| w.mean_energy,
        },
        NeedsMetShare => Entry {
            name: "needs_met_share",
            unit: Unit::Share,
            meaning: "share of the week's open needs that were met",
            value: |w| w.needs_met_share,
        },
        Turnout => Entry {
            name: "turnout",
            unit: Unit::Members,
            meaning: "attendance at the latest event held since the latest organizer loss; 0 after a loss until an event is held, and from an event week in which none is held",
            value: |w| count(w.turnout),
        },
        Power => Entry {
            name: "power",
            unit: Unit::Members,
            meaning: "the number of nodes in the k-core of the strong graph",
            value: |w| count(w.power),
        },
        LccFraction => Entry {
            name: "lcc_fraction",
            unit: Unit::Share,
            meaning: "share of the active residents in the largest connected component of the strong graph",
            value: |w| Some(w.lcc_fraction),
        },
        TiesStrong => Entry {
            name: "ties_strong",
            unit: Unit::Ties,
            meaning: "strong ties anywhere, whatever the state of their ends",
            value: |w| count(w.ties_strong),
        },
        MeanStrength => Entry {
            name: "mean_strength",
            unit: Unit::Level,
            meaning: "mean strength of all ties",
            value: |w| w.mean_strength,
        },
        Homophily => Entry {
            name: "homophily",
            unit: Unit::Correlation,
            meaning: "opinion assortativity of the graph of all ties whose two ends are active",
            value: |w| w.homophily,
        },
        CrossGroupShare => Entry {
            name: "cross_group_share",
            unit: Unit::Share,
            meaning: "share of the strong ties (anywhere) whose ends are in different groups",
            value: |w| w.cross_group_share,
        },
        EventHeld => Entry {
            name: "event_held",
            unit: Unit::Flag,
            meaning: "1 if an event was held this week",
            value: |w| count(u32::from(w.event_held)),
        },
        Wins => Entry {
            name: "wins",
            unit: Unit::Events,
            meaning: "concessions won so far",
            value: |w| count(w.wins),
        },
        Repressions => Entry {
            name: "repressions",
            unit: Unit::Events,
            meaning: "events repressed so far",
            value: |w| count(w.repressions),
        },
    }
}

impl Column {
    /// Its name: the column's header in `timeseries.csv`.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    pub fn unit(self) -> Unit {
        self.entry().unit
    }

    /// What it means, in plain words.
    pub fn meaning(self) -> &'static str {
        self.entry().meaning
    }

    /// Its value in `row`; `None` where it is undefined.
    pub fn of(self, row: &WeekRow) -> Option<f64> {
        (self.entry().value)(row)
    }

    /// The column named `name`, if there is one.
    pub fn named(name: &str) -> Option<Column> {
        Column::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The header of `timeseries.csv`: the keys, then every column.
    pub fn header() -> impl Iterator<Item = &'static str> {
        TIMESERIES_KEYS
            .into_iter()
            .chain(Column::ALL.iter().map(|c| c.name()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_read_distinct_fields_and_counts_are_whole() {
        // Every field a distinct value: a column reading another's field shows as a repeat.
        let w = WeekRow {
            week: 7,
            active: 40,
            organizers: 3,
            burned_out: 2,
            burnout_total: 5,
            departed_total: 6,
            recruited_total: 50,
            mean_energy: Some(0.5),
            needs_met_share: Some(0.375),
            turnout: 12,
            power: 9,
            lcc_fraction: 0.25,
            ties_strong: 30,
            mean_strength: Some(0.125),
            homophily: Some(-0.5),
            cross_group_share: Some(0.75),
            event_held: true,
            wins: 4,
            repressions: 8,
        };
        let values: Vec<f64> = Column::ALL
            .iter()
            .map(|c| c.of(&w).unwrap_or(f64::NAN))
            .collect();
        for (k, c) in Column::ALL.iter().enumerate() {
            let v = values[k];
            assert!(!values[..k].contains(&v), "{} repeats a value", c.name());
            if c.unit().is_count() {
                assert_eq!(v.fract(), 0.0, "{}", c.name());
            }
        }
        assert_eq!(Column::Active.of(&w), Some(40.0));
        assert_eq!(Column::EventHeld.of(&w), Some(1.0));
        let none = WeekRow::default();
        assert_eq!(Column::Homophily.of(&none), None);
        assert_eq!(Column::LccFraction.of(&none), Some(0.0));
    }

    #[test]
    fn names_are_unique_and_found_by_name() {
        for (k, c) in Column::ALL.iter().enumerate() {
            assert_eq!(Column::named(c.name()), Some(*c));
            assert!(!Column::ALL[..k].iter().any(|d| d.name() == c.name()));
            assert!(!TIMESERIES_KEYS.contains(&c.name()));
        }
        assert_eq!(Column::named("week"), None);
    }
}
