//! The second stage of reading a scenario: range and cross-field checks. Every message
//! names the key by its dotted path.

use super::{
    LossTarget, RawScenario, RawShock, Scenario, Shock, ShockKind, Strategy, WEEKS_PER_YEAR,
};

// The outer limits of the scenario format, shared with the JSON Schema (the `range`
// attributes of the raw types) so that the two cannot drift apart; a test in
// `scenario/schema.rs` checks every range of the schema against these checks.

/// Largest population the simulator accepts (resident ids are `u32`).
pub const MAX_POPULATION: u32 = 50_000_000;
pub const MAX_YEARS: u32 = 200;
pub const MAX_WEEKS: u32 = MAX_YEARS * WEEKS_PER_YEAR;
pub const MAX_REPLICATES: u32 = 100_000;
/// Most strategies one scenario compares. Each is a line of a colour of its own in every
/// chart (the palette has twelve that stay apart, `charts::style::strategy_color`) and a
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
    fn new(keys: &[&str], message: impl Into<String>) -> Invalid {
        Invalid {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            message: message.into(),
        }
    }
}

type Check = Result<(), Invalid>;

fn within(key: &str, value: f64, low: f64, high: f64) -> Check {
    if !value.is_finite() {
        return Err(Invalid::new(
            &[key],
            format!("`{key}` must be a finite number, not {value}"),
        ));
    }
    if value < low || value > high {
        return Err(Invalid::new(
            &[key],
            format!("`{key}` = {value} is out of range [{low}, {high}]"),
        ));
    }
    Ok(())
}

fn unit(key: &str, value: f64) -> Check {
    within(key, value, 0.0, 1.0)
}

fn count(key: &str, value: u32, low: u32, high: u32) -> Check {
    if value < low || value > high {
        return Err(Invalid::new(
            &[key],
            format!("`{key}` = {value} is out of range [{low}, {high}]"),
        ));
    }
    Ok(())
}

pub fn validate(name: &str, raw: RawScenario) -> Result<Scenario, Invalid> {
    count("replicates", raw.replicates, 1, MAX_REPLICATES)?;
    count("years", raw.years, 1, MAX_YEARS)?;
    let weeks = raw.years * WEEKS_PER_YEAR;

    let p = &raw.population;
    count("population.size", p.size, 10, MAX_POPULATION)?;
    count("population.groups", p.groups, 1, 255)?;
    count("population.skills", p.skills, 1, 16)?;
    count(
        "population.skills_per_resident",
        p.skills_per_resident,
        1,
        p.skills,
    )?;
    unit("population.opinion_locality", p.opinion_locality)?;
    unit("population.group_segregation", p.group_segregation)?;
    unit("population.predisposition_max", p.predisposition_max)?;

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
    unit("network.rewiring", n.rewiring)?;
    unit("network.acquaintance_strength", n.acquaintance_strength)?;
    within("network.strong_threshold", n.strong_threshold, 0.01, 1.0)?;
    unit("network.decay", n.decay)?;
    within("network.depth_protection", n.depth_protection, 0.0, 100.0)?;
    within(
        "network.dissimilarity_decay",
        n.dissimilarity_decay,
        0.0,
        100.0,
    )?;
    within("network.floor", n.floor, 0.0, 0.5)?;
    if n.acquaintance_strength > 0.0 && n.acquaintance_strength < n.floor {
        return Err(Invalid::new(
            &["network.acquaintance_strength", "network.floor"],
            format!(
                "`network.acquaintance_strength` = {} is below `network.floor` = {}",
                n.acquaintance_strength, n.floor
            ),
        ));
    }
    unit("network.help_gain", n.help_gain)?;
    unit("network.event_gain", n.event_gain)?;
    unit("network.new_tie_strength", n.new_tie_strength)?;

    let e = &raw.energy;
    unit("energy.rest", e.rest)?;
    unit("energy.support_gain", e.support_gain)?;
    count("energy.support_cap", e.support_cap, 0, 1000)?;
    unit("energy.burnout_threshold", e.burnout_threshold)?;
    unit("energy.return_threshold", e.return_threshold)?;
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
    unit("energy.return_rate", e.return_rate)?;

    let c = &raw.commitment;
    unit("commitment.on_joining", c.on_joining)?;
    unit("commitment.peer_pull", c.peer_pull)?;
    unit("commitment.isolation_decay", c.isolation_decay)?;
    unit("commitment.effervescence", c.effervescence)?;
    unit("commitment.effervescence_fade", c.effervescence_fade)?;
    within("commitment.cost_sensitivity", c.cost_sensitivity, 0.0, 10.0)?;
    unit("commitment.help_gain", c.help_gain)?;
    unit("commitment.join_threshold", c.join_threshold)?;
    unit("commitment.depart_threshold", c.depart_threshold)?;
    unit("commitment.life_departure", c.life_departure)?;

    let d = &raw.needs;
    unit("needs.rate", d.rate)?;
    unit("needs.drain", d.drain)?;
    count("needs.duration_weeks", d.duration_weeks, 1, 255)?;
    unit("needs.background_rate", d.background_rate)?;

    let h = &raw.help;
    unit("help.cost", h.cost)?;
    unit("help.relief", h.relief)?;
    unit("help.min_energy", h.min_energy)?;
    unit("help.introduce", h.introduce)?;
    unit("help.reciprocity", h.reciprocity)?;
    unit("help.base_propensity", h.base_propensity)?;

    let v = &raw.events;
    unit("events.tie_pull", v.tie_pull)?;
    count("events.tie_pull_cap", v.tie_pull_cap, 0, 1000)?;
    count("events.crowd_met", v.crowd_met, 1, 100)?;
    unit("events.crowd_tie_rate", v.crowd_tie_rate)?;
    unit("events.relational_threshold", v.relational_threshold)?;
    within("events.tasks_per_attendee", v.tasks_per_attendee, 0.0, 10.0)?;
    count("events.contacts_per_event", v.contacts_per_event, 0, 10_000)?;

    let o = &raw.organizers;
    count("organizers.count", o.count, 0, p.size)?;
    within("organizers.line", o.line, -1.0, 1.0)?;
    within("organizers.spread", o.spread, 0.0, 2.0)?;
    unit("organizers.commitment", o.commitment)?;

    let l = &raw.leadership;
    unit("leadership.min_commitment", l.min_commitment)?;
    unit("leadership.min_energy", l.min_energy)?;
    count("leadership.min_strong_ties", l.min_strong_ties, 0, 1000)?;
    unit("leadership.rate", l.rate)?;

    let g = &raw.disagreement;
    count("disagreement.every_weeks", g.every_weeks, 0, 100_000)?;
    unit("disagreement.salience", g.salience)?;
    within("disagreement.depth_absorb", g.depth_absorb, 0.0, 100.0)?;

    count("metrics.power_k", raw.metrics.power_k, 1, 1000)?;
    count(
        "metrics.snapshot_every_weeks",
        raw.metrics.snapshot_every_weeks,
        1,
        100_000,
    )?;

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

fn validate_strategy(name: &str, s: &Strategy, weeks: u32) -> Result<Strategy, Invalid> {
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
    let key = |field: &str| format!("strategy.{name}.{field}");
    let m = &s.mobilization;
    count(
        &key("mobilization.event_every_weeks"),
        m.event_every_weeks,
        1,
        weeks.max(1),
    )?;
    unit(&key("mobilization.event_cost"), m.event_cost)?;
    unit(&key("mobilization.task_load"), m.task_load)?;
    count(
        &key("mobilization.outreach_per_event"),
        m.outreach_per_event,
        0,
        100_000,
    )?;
    within(&key("mobilization.screening"), m.screening, 0.0, 100.0)?;
    unit(&key("mobilization.dissent_pressure"), m.dissent_pressure)?;
    unit(&key("mobilization.own_group_reach"), m.own_group_reach)?;
    let i = &s.integration;
    count(
        &key("integration.aid_window_weeks"),
        i.aid_window_weeks,
        1,
        100_000,
    )?;
    count(
        &key("integration.aid_per_organizer"),
        i.aid_per_organizer,
        0,
        100_000,
    )?;
    unit(
        &key("integration.practice_propensity"),
        i.practice_propensity,
    )?;
    let mut out = s.clone();
    out.name = name.to_string();
    Ok(out)
}

fn validate_shock(index: usize, s: &RawShock, weeks: u32) -> Result<Shock, Invalid> {
    let key = |field: &str| format!("shock.{index}.{field}");
    let fail = |field: &str, message: String| Invalid::new(&[&key(field)], message);
    if s.week >= weeks {
        return Err(Invalid::new(
            &[&key("week"), "years"],
            format!(
                "`{}` = {} is not inside the run (weeks 0 to {})",
                key("week"),
                s.week,
                weeks - 1
            ),
        ));
    }
    let refuse_extra = |field: &str, present: bool| -> Check {
        if present {
            Err(fail(
                field,
                format!(
                    "`{}` does not apply to a {} shock",
                    key(field),
                    s.kind.name()
                ),
            ))
        } else {
            Ok(())
        }
    };
    match s.kind {
        ShockKind::OrganizerLoss => {
            refuse_extra("salience", s.salience.is_some())?;
            refuse_extra("duration_weeks", s.duration_weeks.is_some())?;
            refuse_extra("intensity", s.intensity.is_some())?;
            let target = s.target.ok_or_else(|| {
                fail(
                    "kind",
                    format!("`{}` is required for organizer_loss", key("target")),
                )
            })?;
            let count_value = match (target, s.count) {
                (LossTarget::AllInitial, None) => 0,
                (LossTarget::AllInitial, Some(_)) => {
                    return Err(fail(
                        "count",
                        format!("`{}` does not apply to target all_initial", key("count")),
                    ))
                }
                (_, None) => {
                    return Err(fail(
                        "target",
                        format!(
                            "`{}` is required for target top_degree or random",
                            key("count")
                        ),
                    ))
                }
                (_, Some(c)) => {
                    count(&key("count"), c, 1, MAX_POPULATION)?;
                    c
                }
            };
            Ok(Shock::OrganizerLoss {
                week: s.week,
                target,
                count: count_value,
            })
        }
        ShockKind::PolarizingIssue => {
            refuse_extra("target", s.target.is_some())?;
            refuse_extra("count", s.count.is_some())?;
            refuse_extra("duration_weeks", s.duration_weeks.is_some())?;
            refuse_extra("intensity", s.intensity.is_some())?;
            let salience = s.salience.ok_or_else(|| {
                fail(
                    "kind",
                    format!("`{}` is required for polarizing_issue", key("salience")),
                )
            })?;
            unit(&key("salience"), salience)?;
            Ok(Shock::PolarizingIssue {
                week: s.week,
                salience,
            })
        }
        ShockKind::Crisis => {
            refuse_extra("target", s.target.is_some())?;
            refuse_extra("count", s.count.is_some())?;
            refuse_extra("salience", s.salience.is_some())?;
            let duration_weeks = s.duration_weeks.unwrap_or(12);
            count(&key("duration_weeks"), duration_weeks, 1, 100_000)?;
            let intensity = s.intensity.unwrap_or(3.0);
            within(&key("intensity"), intensity, 1.0, 100.0)?;
            Ok(Shock::Crisis {
                week: s.week,
                duration_weeks,
                intensity,
            })
        }
    }
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
