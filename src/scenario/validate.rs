//! The second stage of reading a scenario: range and cross-field checks. Every message
//! names the key by its dotted path.

use super::schema;
use super::strategy::{Integration, Mobilization, RawStrategy, Strategy};
use super::{RawScenario, RawShock, Scenario, Shock, WEEKS_PER_YEAR};

// The outer limits of the scenario format, shared with the JSON Schema (the `range`
// attributes of the raw types) so that the two cannot drift apart; a test in
// `scenario/schema.rs` checks every range of the schema against these checks.

/// Largest population the simulator accepts (resident ids are `u32`).
pub const MAX_POPULATION: u32 = 50_000_000;
pub const MAX_YEARS: u32 = 200;
pub const MAX_WEEKS: u32 = MAX_YEARS * WEEKS_PER_YEAR;
pub const MAX_REPLICATES: u32 = 100_000;
/// Most strategies one scenario compares. Each is a line of a colour of its own in every
/// chart (the palette has twelve that stay apart, `charts::style::strategy_colors`) and a
/// row of the network picture, so more would not be told apart, and the picture (and the
/// memory that draws it) would grow with them; a larger comparison is several scenarios.
pub const MAX_STRATEGIES: usize = 12;

/// A failed check: what is wrong, and the keys it concerns, the one to point at first.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    pub keys: Vec<String>,
    pub message: String,
}

impl Invalid {
    pub(super) fn new(keys: &[&str], message: impl Into<String>) -> Invalid {
        Invalid {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            message: message.into(),
        }
    }
}

pub(super) type Check = Result<(), Invalid>;

pub(super) fn count(key: &str, value: u32, low: u32, high: u32) -> Check {
    if value < low || value > high {
        return Err(Invalid::new(
            &[key],
            format!("`{key}` = {value} is out of range [{low}, {high}]"),
        ));
    }
    Ok(())
}

pub fn validate(name: &str, raw: RawScenario) -> Result<Scenario, Invalid> {
    ranges(&raw)?;
    let weeks = raw.years * WEEKS_PER_YEAR;

    let p = &raw.population;
    count(
        "population.skills_per_resident",
        p.skills_per_resident,
        1,
        p.skills,
    )?;

    let n = &raw.network;
    count("network.neighbors", n.neighbors, 2, 100.min(p.size - 1))?;
    if n.kind == super::NetworkKind::SmallWorld && n.neighbors % 2 == 1 {
        return Err(Invalid::new(
            &["network.neighbors", "network.kind"],
            format!(
                "`network.neighbors` = {} must be even for a small_world network",
                n.neighbors
            ),
        ));
    }
    if n.acquaintance_strength > 0.0 && n.acquaintance_strength < n.floor {
        return Err(Invalid::new(
            &["network.acquaintance_strength", "network.floor"],
            format!(
                "`network.acquaintance_strength` = {} is below `network.floor` = {}",
                n.acquaintance_strength, n.floor
            ),
        ));
    }

    let e = &raw.energy;
    if e.return_threshold < e.burnout_threshold {
        return Err(Invalid::new(
            &["energy.return_threshold", "energy.burnout_threshold"],
            format!(
                "`energy.return_threshold` = {} must not be below `energy.burnout_threshold` = {}",
                e.return_threshold, e.burnout_threshold
            ),
        ));
    }
    count("energy.min_rest_weeks", e.min_rest_weeks, 0, weeks)?;
    count(
        "energy.max_rest_weeks",
        e.max_rest_weeks,
        e.min_rest_weeks,
        100_000,
    )?;

    count("organizers.count", raw.organizers.count, 0, p.size)?;

    if raw.strategy.is_empty() {
        return Err(Invalid::new(
            &["strategy"],
            "no strategy: add at least one `[strategy.<name>]` table",
        ));
    }
    if raw.strategy.len() > MAX_STRATEGIES {
        return Err(Invalid::new(
            &["strategy"],
            format!(
                "`strategy`: {} strategies, more than the {MAX_STRATEGIES} a scenario may compare (each is a line of its own colour in every chart and a row of the network picture); split the comparison into several scenarios",
                raw.strategy.len()
            ),
        ));
    }
    let mut strategies = Vec::with_capacity(raw.strategy.len());
    for (name, strategy) in &raw.strategy {
        strategies.push(validate_strategy(name, strategy, weeks)?);
    }

    let shocks = raw
        .shock
        .iter()
        .enumerate()
        .map(|(i, s)| validate_shock(i, s, weeks))
        .collect::<Result<Vec<_>, _>>()?;

    Ok(Scenario {
        name: name.to_string(),
        description: raw.description,
        seed: raw.seed,
        replicates: raw.replicates,
        years: raw.years,
        population: raw.population,
        network: raw.network,
        energy: raw.energy,
        commitment: raw.commitment,
        needs: raw.needs,
        help: raw.help,
        events: raw.events,
        time: raw.time,
        care: raw.care,
        visibility: raw.visibility,
        organizers: raw.organizers,
        leadership: raw.leadership,
        disagreement: raw.disagreement,
        metrics: raw.metrics,
        output: raw.output,
        strategies,
        shocks,
        // Checked by the caller, which has the text to point into.
        sweep: None,
    })
}

/// Every number of `raw` against the range its key declares (the `range` attributes of
/// the raw types, as the JSON Schema carries them): ranges are declared once, there.
fn ranges(raw: &RawScenario) -> Check {
    let value = toml::Value::try_from(raw)
        .map_err(|e| Invalid::new(&[], format!("cannot read the scenario back: {e}")))?;
    let root = schema::schema();
    in_range(&root, &root, &value, "")
}

fn in_range(
    root: &serde_json::Value,
    node: &serde_json::Value,
    value: &toml::Value,
    key: &str,
) -> Check {
    let node = schema::resolve(root, node);
    let number = match *value {
        toml::Value::Integer(i) => Some((i as f64, i.to_string())),
        toml::Value::Float(x) => Some((x, x.to_string())),
        toml::Value::Table(ref table) => {
            for (name, item) in table {
                let path = if key.is_empty() {
                    name.clone()
                } else {
                    format!("{key}.{name}")
                };
                let property = node
                    .get("properties")
                    .and_then(|p| p.get(name))
                    .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()));
                if let Some(property) = property {
                    in_range(root, property, item, &path)?;
                }
            }
            None
        }
        toml::Value::Array(ref items) => {
            if let Some(each) = node.get("items") {
                for (i, item) in items.iter().enumerate() {
                    in_range(root, each, item, &format!("{key}.{i}"))?;
                }
            }
            None
        }
        _ => None,
    };
    let Some((x, shown)) = number else {
        return Ok(());
    };
    if !x.is_finite() {
        return Err(Invalid::new(
            &[key],
            format!("`{key}` must be a finite number, not {shown}"),
        ));
    }
    let bound = |name: &str| node.get(name).and_then(serde_json::Value::as_f64);
    let (low, high) = (bound("minimum"), bound("maximum"));
    if low.is_some_and(|low| x < low) || high.is_some_and(|high| x > high) {
        let show = |b: Option<f64>| b.map(|b| b.to_string()).unwrap_or_default();
        return Err(Invalid::new(
            &[key],
            format!(
                "`{key}` = {shown} is out of range [{}, {}]",
                show(low),
                show(high)
            ),
        ));
    }
    Ok(())
}

/// Refuses the first key left in `left`, the part of a raw table its kind did not take.
fn refuse_left(left: &impl serde::Serialize, key: &str, what: &str) -> Check {
    let Ok(toml::Value::Table(table)) = toml::Value::try_from(left) else {
        return Ok(());
    };
    match table.keys().find(|k| *k != "kind" && *k != "week") {
        Some(field) => Err(Invalid::new(
            &[&format!("{key}.{field}")],
            format!("`{key}.{field}` does not apply to {what}"),
        )),
        None => Ok(()),
    }
}

fn validate_strategy(name: &str, s: &RawStrategy, weeks: u32) -> Result<Strategy, Invalid> {
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        return Err(Invalid::new(
            &[&format!("strategy.{name}")],
            format!("strategy name `{name}` may hold only letters, digits, `-` and `_`"),
        ));
    }
    let key = |table: &str| format!("strategy.{name}.{table}");
    let (mobilization, left) = Mobilization::check(s.mobilization.clone());
    refuse_left(
        &left,
        &key("mobilization"),
        &format!("a {} mobilization", left.kind.name()),
    )?;
    if let Some(campaign) = mobilization.campaign() {
        count(
            &key("mobilization.event_every_weeks"),
            campaign.event_every_weeks,
            1,
            weeks.max(1),
        )?;
    }
    let (integration, left) = Integration::check(s.integration.clone());
    refuse_left(
        &left,
        &key("integration"),
        &format!("a {} integration", left.kind.name()),
    )?;
    Ok(Strategy {
        name: name.to_string(),
        mobilization,
        integration,
    })
}

fn validate_shock(index: usize, s: &RawShock, weeks: u32) -> Result<Shock, Invalid> {
    let key = format!("shock.{index}");
    if s.week >= weeks {
        return Err(Invalid::new(
            &[&format!("{key}.week"), "years"],
            format!(
                "`{key}.week` = {} is not inside the run (weeks 0 to {})",
                s.week,
                weeks - 1
            ),
        ));
    }
    let (shock, left) = Shock::check(s.clone(), &key)?;
    refuse_left(&left, &key, &format!("a {} shock", s.kind.name()))?;
    Ok(shock)
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    fn err(text: &str) -> String {
        Scenario::parse("t", "t.toml", text, &[])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_scenario_needs_a_strategy() {
        assert!(err("seed = 1\n").contains("no strategy"));
    }

    #[test]
    fn out_of_range_values_name_their_key() {
        let e = err("[energy]\nrest = 1.5\n[strategy.a]\n");
        assert!(
            e.contains("`energy.rest`") && e.contains("out of range"),
            "{e}"
        );
        let e = err("[strategy.a.mobilization]\nscreening = -1.0\n");
        assert!(e.contains("`strategy.a.mobilization.screening`"), "{e}");
        let e = err("[energy]\nrest = nan\n[strategy.a]\n");
        assert!(e.contains("finite"), "{e}");
    }

    #[test]
    fn cross_field_rules_hold() {
        let e = err("[population]\nsize = 10\n[organizers]\ncount = 11\n[strategy.a]\n");
        assert!(e.contains("`organizers.count`"), "{e}");
        let e = err("years = 1\n[strategy.a]\n[[shock]]\nkind = \"crisis\"\nweek = 52\n");
        assert!(
            e.contains("`shock.0.week`") && e.contains("not inside the run"),
            "{e}"
        );
        let e = err(
            "[strategy.a]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 5\ntarget = \"random\"\n",
        );
        assert!(e.contains("`shock.0.count` is required"), "{e}");
        let e = err("[strategy.a]\n[[shock]]\nkind = \"polarizing_issue\"\nweek = 5\nsalience = 0.5\ncount = 3\n");
        assert!(e.contains("does not apply"), "{e}");
    }

    #[test]
    fn strategies_are_at_most_max_strategies() {
        let many = |n: usize| -> String { (0..n).map(|i| format!("[strategy.s{i}]\n")).collect() };
        assert!(Scenario::parse("t", "t.toml", &many(super::MAX_STRATEGIES), &[]).is_ok());
        let e = err(&format!("seed = 1\n{}", many(super::MAX_STRATEGIES + 1)));
        assert!(
            e.starts_with("t.toml:2:2: `strategy`: 13 strategies, more than the 12"),
            "{e}"
        );
    }

    #[test]
    fn set_goes_through_the_same_checks() {
        let e = Scenario::parse(
            "t",
            "t.toml",
            "[strategy.a]\n",
            &["energy.rest=2".to_string()],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("`energy.rest`"), "{e}");
        let e = Scenario::parse("t", "t.toml", "[strategy.a]\n", &["energy.rset=0.1".into()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("rset"), "{e}");
    }
}
