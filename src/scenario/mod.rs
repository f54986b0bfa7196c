//! Scenarios: read in two stages, as written (serde from TOML, unknown keys refused) and then
//! validated into a `Scenario` whose every value is in range. The model only ever sees a
//! validated `Scenario`.

pub mod basis;
mod design;
mod diagnostic;
mod locate;
mod overrides;
mod params;
mod presets;
mod schema;
mod shock;
mod strategy;
mod sweep;
mod validate;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use design::{Design, Range};
pub use diagnostic::abridge;
pub use params::{
    Care, Commitment, Disagreement, Energy, Events, Help, Leadership, Metrics, Needs, Network,
    NetworkKind, Organizers, Output, Population, Time, Visibility,
};
pub use presets::{Preset, PRESETS};
pub(crate) use schema::declared_range;
pub use schema::schema;
pub use shock::{Crisis, LossTarget, OrganizerLoss, PolarizingIssue, RawShock, Shock, ShockKind};
pub use strategy::{
    Broadcast, Campaign, ConditionalAid, Integration, IntegrationKind, Mobilization,
    MobilizationKind, MutualAid, OneOnOnes, RawIntegration, RawMobilization, RawStrategy,
    Relational, Strategy,
};
pub use sweep::{value_text, Axis, Sweep, MAX_GRID_POINTS};

use crate::error::InputError;
use diagnostic::Stage;
pub use validate::MAX_STRATEGIES;
use validate::{MAX_REPLICATES, MAX_YEARS};

/// Weeks in a simulated year.
pub const WEEKS_PER_YEAR: u32 = 52;

/// A scenario file as written, before any range check: a community, the strategies to
/// compare on it and the shocks to impose. Every key has a default except the strategies,
/// of which there must be at least one.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "solidarity scenario", extend("required" = ["strategy"]))]
pub struct RawScenario {
    /// Free text, copied to the manifest.
    #[serde(default)]
    pub description: String,
    /// Base seed of every generator of the scenario. TOML integers are signed 64-bit, so
    /// a seed is at most 2^63 - 1.
    #[serde(default = "default_seed")]
    #[schemars(range(min = 0, max = i64::MAX))]
    pub seed: u64,
    #[serde(default = "default_replicates")]
    /// Replicates per strategy.
    #[schemars(range(min = 1, max = MAX_REPLICATES))]
    pub replicates: u32,
    #[serde(default = "default_years")]
    /// Length of a run in years of 52 weeks.
    #[schemars(range(min = 1, max = MAX_YEARS))]
    pub years: u32,
    #[serde(default)]
    pub population: Population,
    #[serde(default)]
    pub network: Network,
    #[serde(default)]
    pub energy: Energy,
    #[serde(default)]
    pub commitment: Commitment,
    #[serde(default)]
    pub needs: Needs,
    #[serde(default)]
    pub help: Help,
    #[serde(default)]
    pub events: Events,
    #[serde(default)]
    pub time: Time,
    #[serde(default)]
    pub care: Care,
    #[serde(default)]
    pub visibility: Visibility,
    #[serde(default)]
    pub organizers: Organizers,
    #[serde(default)]
    pub leadership: Leadership,
    #[serde(default)]
    pub disagreement: Disagreement,
    #[serde(default)]
    pub metrics: Metrics,
    /// Optional output files (`[output]`).
    #[serde(default)]
    pub output: Output,
    /// The strategies to compare, by name (letters, digits, `-` and `_`), in file order; at
    /// most 12.
    #[serde(default)]
    #[schemars(extend("minProperties" = 1, "maxProperties" = MAX_STRATEGIES, "propertyNames" = { "pattern": "^[A-Za-z0-9_-]+$" }))]
    pub strategy: IndexMap<String, RawStrategy>,
    /// Shocks (`[[shock]]`), addressed by 0-based index.
    #[serde(default)]
    pub shock: Vec<RawShock>,
    /// A parameter sweep (`[sweep]`, run by `solidarity sweep`): a `design` (the full grid
    /// by default, the last key varying fastest; `lhs`, `sobol`, `morris` over ranges
    /// `{ min, max }`; `table` of points) and dotted `--set` paths; `run` ignores it and
    /// runs the scenario as written.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    #[schemars(schema_with = "sweep::raw_schema")]
    pub sweep: IndexMap<String, toml::Value>,
}

fn default_seed() -> u64 {
    1
}
fn default_replicates() -> u32 {
    10
}
fn default_years() -> u32 {
    8
}

/// A scenario's name: its file's stem, which names its results folder (`results/<name>/`).
/// A stem that is empty, `.` or `..` (a file named `..toml`) would name `results/` itself
/// or its parent, so it is refused, as is one that is not Unicode.
fn name_of(path: &Path) -> Result<String, String> {
    let stem = path
        .file_stem()
        .ok_or("has no file name to name the scenario by")?
        .to_str()
        .ok_or("has a file name that is not valid Unicode; rename it")?;
    if stem.is_empty() || stem == "." || stem == ".." {
        return Err(format!(
            "the file name's stem `{stem}` cannot name the scenario: its results would go to `results/{stem}`, which is not a folder of its own; rename the file (e.g. `my-scenario.toml`)"
        ));
    }
    Ok(stem.to_string())
}

/// A validated scenario: every value in range, every cross-field rule satisfied.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The file's stem; results go to `results/<name>/`.
    pub name: String,
    pub description: String,
    pub seed: u64,
    pub replicates: u32,
    pub years: u32,
    pub population: Population,
    pub network: Network,
    pub energy: Energy,
    pub commitment: Commitment,
    pub needs: Needs,
    pub help: Help,
    pub events: Events,
    pub time: Time,
    pub care: Care,
    pub visibility: Visibility,
    pub organizers: Organizers,
    pub leadership: Leadership,
    pub disagreement: Disagreement,
    pub metrics: Metrics,
    pub output: Output,
    /// In the order the file lists them.
    pub strategies: Vec<Strategy>,
    pub shocks: Vec<Shock>,
    /// The `[sweep]` grid, if the scenario has one; every value is known to give a valid
    /// scenario on its own.
    pub sweep: Option<Sweep>,
}

/// "; did you mean `x.toml`?" when `path` names no file but `path.toml` is one.
fn toml_beside(path: &Path) -> String {
    let mut with_toml = path.as_os_str().to_owned();
    with_toml.push(".toml");
    let with_toml = PathBuf::from(with_toml);
    if path.extension().is_none() && with_toml.is_file() {
        format!("; did you mean `{}`?", with_toml.display())
    } else {
        String::new()
    }
}

impl Scenario {
    /// Reads, overrides (`--set KEY=VALUE`, applied in order) and validates a scenario file.
    pub fn load(path: &Path, overrides: &[String]) -> Result<Scenario, InputError> {
        let file = path.display().to_string();
        let name = name_of(path).map_err(|why| InputError::new(&file, why))?;
        // Only a regular file is read: a FIFO or a device (`/dev/zero`) would never end.
        let metadata = std::fs::metadata(path).map_err(|e| {
            InputError::new(&file, format!("cannot be read: {e}{}", toml_beside(path)))
        })?;
        if !metadata.is_file() {
            let what = if metadata.is_dir() {
                "is a directory, not a scenario file"
            } else {
                "is not a regular file (a FIFO, socket or device); give a scenario file"
            };
            return Err(InputError::new(&file, what));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| InputError::new(&file, format!("cannot be read: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            // Everything before the bad byte is text, so its line and column can be counted.
            let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let mut err = InputError::new(
                &file,
                format!(
                    "is not UTF-8 text: byte 0x{:02x} at offset {valid} (save the file as UTF-8)",
                    bytes[valid]
                ),
            );
            err.location = Some(locate::location(before, valid));
            err
        })?;
        Scenario::parse(&name, &file, &text, overrides)
    }

    /// Parses scenario text, applies overrides (`KEY=VALUE`, in order) and validates it;
    /// `file` names the text in error messages.
    pub fn parse(
        name: &str,
        file: &str,
        text: &str,
        overrides: &[String],
    ) -> Result<Scenario, InputError> {
        Scenario::parse_in_full(name, file, text, overrides).map_err(|mut e| {
            // A message echoes values and keys; one of 100,000 characters would bury it.
            e.message = diagnostic::abridge(&e.message);
            e
        })
    }

    fn parse_in_full(
        name: &str,
        file: &str,
        text: &str,
        overrides: &[String],
    ) -> Result<Scenario, InputError> {
        for spec in overrides {
            overrides::check_printable(spec).map_err(|m| InputError::new(file, m))?;
        }
        // The text is parsed on its own first, so that a mistake in it is reported with
        // its line and column even when overrides follow.
        let mut raw: RawScenario = serde_path_to_error::deserialize(toml::Deserializer::new(text))
            .map_err(|e| diagnostic::parse_error(file, text, e, Stage::File))?;
        let has_preset = raw.strategy.values().any(|s| s.preset.is_some());
        if !overrides.is_empty() || has_preset {
            let mut doc: toml::Table = toml::from_str(text)
                .map_err(|e| InputError::new(file, e.message().replace('\n', "; ")))?;
            for spec in overrides {
                overrides::apply(&mut doc, spec).map_err(|m| InputError::new(file, m))?;
            }
            presets::expand(&mut doc);
            raw = serde_path_to_error::deserialize(toml::Value::Table(doc))
                .map_err(|e| diagnostic::parse_error(file, text, e, Stage::AfterSet(overrides)))?;
        }
        let swept = std::mem::take(&mut raw.sweep);
        let mut scenario = validate::validate(name, raw)
            .map_err(|e| diagnostic::invalid(file, text, e, overrides))?;
        if !swept.is_empty() {
            scenario.sweep = Some(sweep::check(&scenario, &swept, file, text)?);
        }
        Ok(scenario)
    }

    pub fn weeks(&self) -> u32 {
        self.years * WEEKS_PER_YEAR
    }

    /// The scenario with every default filled in, in the shape of a scenario file.
    pub fn resolved(&self) -> RawScenario {
        RawScenario {
            description: self.description.clone(),
            seed: self.seed,
            replicates: self.replicates,
            years: self.years,
            population: self.population.clone(),
            network: self.network.clone(),
            energy: self.energy.clone(),
            commitment: self.commitment.clone(),
            needs: self.needs.clone(),
            help: self.help.clone(),
            events: self.events.clone(),
            time: self.time.clone(),
            care: self.care.clone(),
            visibility: self.visibility.clone(),
            organizers: self.organizers.clone(),
            leadership: self.leadership.clone(),
            disagreement: self.disagreement.clone(),
            metrics: self.metrics.clone(),
            output: self.output.clone(),
            strategy: self
                .strategies
                .iter()
                .map(|s| (s.name.clone(), s.to_raw()))
                .collect(),
            shock: self.shocks.iter().map(Shock::to_raw).collect(),
            sweep: self.sweep.as_ref().map(Sweep::to_raw).unwrap_or_default(),
        }
    }

    /// The resolved scenario as TOML text.
    pub fn resolved_toml(&self) -> String {
        toml::to_string(&self.resolved()).unwrap_or_else(|e| format!("# cannot render: {e}\n"))
    }

    /// Validates a scenario already read into its raw form (as `manifest.json` holds it);
    /// `file` names it in error messages.
    pub fn from_raw(name: &str, file: &str, raw: RawScenario) -> Result<Scenario, InputError> {
        // No text to point into: the message names the key.
        validate::validate(name, raw).map_err(|e| InputError::new(file, e.message))
    }

    /// The weeks of the organizer losses, in the order of the shocks.
    pub fn organizer_loss_weeks(&self) -> Vec<u32> {
        self.shocks
            .iter()
            .filter_map(|shock| match shock {
                Shock::OrganizerLoss(loss) => Some(loss.week),
                _ => None,
            })
            .collect()
    }

    /// The week of the first organizer loss, if any.
    pub fn first_organizer_loss(&self) -> Option<u32> {
        self.organizer_loss_weeks().into_iter().min()
    }

    /// The weeks during which the crisis that is shock `index` raises the need rate: from
    /// its week for `duration_weeks`, cut short by the end of the run and by a later crisis
    /// (which replaces one under way; of two in the same week, the later in the file).
    /// `None` when shock `index` is no crisis; empty when another replaces it at once.
    pub fn crisis_weeks(&self, index: usize) -> Option<std::ops::Range<u32>> {
        let Some(Shock::Crisis(crisis)) = self.shocks.get(index) else {
            return None;
        };
        let start = crisis.week;
        let mut end = start
            .saturating_add(crisis.duration_weeks)
            .min(self.weeks())
            .max(start);
        for (j, shock) in self.shocks.iter().enumerate() {
            if let Shock::Crisis(other) = shock {
                if other.week > start || (other.week == start && j > index) {
                    end = end.min(other.week);
                }
            }
        }
        Some(start..end)
    }

    /// The shock whose moments the `network` picture shows: the first organizer loss,
    /// else the first crisis, else the first polarizing issue (first by week, then by
    /// place in the file).
    pub fn picture_shock(&self) -> Option<(usize, &Shock)> {
        let first_of = |wanted: fn(&Shock) -> bool| {
            self.shocks
                .iter()
                .enumerate()
                .filter(|(_, s)| wanted(s))
                .min_by_key(|(i, s)| (s.week(), *i))
        };
        first_of(|s| matches!(s, Shock::OrganizerLoss(_)))
            .or_else(|| first_of(|s| matches!(s, Shock::Crisis(_))))
            .or_else(|| first_of(|s| matches!(s, Shock::PolarizingIssue(_))))
    }

    /// Weeks at which the robustness curve and network snapshots are taken: every
    /// `snapshot_every_weeks`, the week before each organizer loss, and the weeks of the
    /// network pictures (`picture_weeks`); sorted, unique.
    pub fn snapshot_weeks(&self) -> Vec<u32> {
        let mut out = self.periodic_snapshot_weeks();
        for week in self.organizer_loss_weeks() {
            if week >= 1 {
                out.push(week - 1);
            }
        }
        out.extend(self.picture_weeks());
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The snapshot at which robustness is reported, in `summary.csv` and in the
    /// robustness chart alike: the week before the first organizer loss, or the last
    /// snapshot when there is none (or it falls in week 0).
    pub fn robustness_week(&self) -> Option<u32> {
        match self.first_organizer_loss() {
            Some(week) if week >= 1 => Some(week - 1),
            _ => self.snapshot_weeks().last().copied(),
        }
    }

    /// `k × snapshot_every_weeks − 1` for k = 1, 2, … within the run.
    fn periodic_snapshot_weeks(&self) -> Vec<u32> {
        let every = self.metrics.snapshot_every_weeks;
        (1..=self.weeks() / every).map(|i| i * every - 1).collect()
    }

    /// Weeks whose strong graph replicate 0 keeps for the `network` picture, around the
    /// shock of `picture_shock` at week *w*: the week before it (*w* − 1, if *w* ≥ 1), and
    /// for a crisis its last week, for any other shock a year after it (the end of its
    /// 52nd week), either cut to the last week of the run; with no shock, the last two
    /// periodic snapshot weeks. Sorted, unique; empty only when the run has no periodic
    /// snapshot and no shock.
    pub fn picture_weeks(&self) -> Vec<u32> {
        let last = self.weeks() - 1;
        let mut out = match self.picture_shock() {
            Some((index, shock)) => {
                let week = shock.week();
                let later = match self.crisis_weeks(index) {
                    Some(weeks) => weeks.end.saturating_sub(1).max(week),
                    None => week + WEEKS_PER_YEAR - 1,
                };
                week.checked_sub(1)
                    .into_iter()
                    .chain([later.min(last)])
                    .collect()
            }
            None => {
                let periodic = self.periodic_snapshot_weeks();
                periodic[periodic.len().saturating_sub(2)..].to_vec()
            }
        };
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [strategy.a.mobilization]
        kind = "broadcast"
    "#;

    #[test]
    fn defaults_fill_in_what_a_file_leaves_out() {
        let s = Scenario::parse("t", "t.toml", MINIMAL, &[]).unwrap();
        assert_eq!(s.population, Population::default());
        assert_eq!(s.strategies.len(), 1);
        assert_eq!(s.strategies[0].name, "a");
        assert_eq!(
            s.strategies[0].mobilization,
            Mobilization::Broadcast(Broadcast::default())
        );
    }

    #[test]
    fn a_preset_gives_its_values_and_written_keys_replace_them() {
        let by_hand = Scenario::parse(
            "t",
            "t.toml",
            &format!("[strategy.a]\n{}", sorting_tables()),
            &[],
        );
        let preset = "[strategy.a]\npreset = \"sorting\"\n";
        let from_preset = Scenario::parse("t", "t.toml", preset, &[]).unwrap();
        assert_eq!(by_hand.unwrap().strategies, from_preset.strategies);
        let set = ["strategy.a.mobilization.screening=1.5".to_string()];
        let changed = Scenario::parse("t", "t.toml", preset, &set).unwrap();
        let Mobilization::Broadcast(b) = &changed.strategies[0].mobilization else {
            panic!("the sorting preset is broadcast");
        };
        assert_eq!(b.campaign.screening, 1.5);
        assert_eq!(
            b.campaign.event_every_weeks, 2,
            "the preset's other values stay"
        );
        // A preset given by --set alone works the same way.
        let set = ["strategy.a.preset=solidarity".to_string()];
        let s = Scenario::parse("t", "t.toml", "[strategy.a]\n", &set).unwrap();
        assert!(matches!(
            s.strategies[0].mobilization,
            Mobilization::Relational(_)
        ));
    }

    /// The sorting preset's two tables, as a scenario would write them by hand.
    fn sorting_tables() -> String {
        let presets: toml::Table = toml::from_str(PRESETS).unwrap();
        let mut text = String::new();
        for part in ["mobilization", "integration"] {
            text += &format!("[strategy.a.{part}]\n");
            text += &toml::to_string(&presets["sorting"][part]).unwrap();
        }
        text
    }

    #[test]
    fn an_unknown_preset_is_refused_with_its_place() {
        let text = "[strategy.a]\npreset = \"sortin\"\n";
        let msg = Scenario::parse("t", "t.toml", text, &[])
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("t.toml:2:"), "{msg}");
        assert!(msg.contains("sorting"), "{msg}");
    }

    #[test]
    fn unknown_keys_are_refused_with_the_place_and_a_suggestion() {
        let text = "seed = 3\nsede = 4\n[strategy.a]\n";
        let err = Scenario::parse("t", "t.toml", text, &[]).unwrap_err();
        let first = err
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert_eq!(
            first,
            "t.toml:2:1: unknown key `sede`; did you mean `seed`?"
        );
    }

    #[test]
    fn type_errors_name_the_key_path_and_place() {
        let text =
            "[strategy.a.mobilization]\nkind = \"broadcast\"\nevent_every_weeks = \"often\"\n";
        let msg = Scenario::parse("t", "t.toml", text, &[])
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with(
                "t.toml:3:21: `strategy.a.mobilization.event_every_weeks`: invalid type"
            ),
            "{msg}"
        );
        let text = "[strategy.a.mobilization]\nkind = \"broadcst\"\n";
        let msg = Scenario::parse("t", "t.toml", text, &[])
            .unwrap_err()
            .to_string();
        assert!(msg.contains("did you mean `broadcast`?"), "{msg}");
    }

    #[test]
    fn range_errors_point_into_the_file_or_at_the_override() {
        let text = "[energy]\nrest = 1.5\n[strategy.a]\n";
        let msg = Scenario::parse("t", "t.toml", text, &[])
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("t.toml:2:1: `energy.rest` = 1.5 is out of range"),
            "{msg}"
        );
        let set = ["energy.rest=2".to_string()];
        let msg = Scenario::parse("t", "t.toml", text, &set)
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("t.toml: `energy.rest` = 2"), "{msg}");
        assert!(msg.contains("(set by --set energy.rest=2)"), "{msg}");
    }

    #[test]
    fn a_strategy_named_twice_is_refused_clearly() {
        let text = "[strategy.a]\n[strategy.b]\n[strategy.a]\n";
        let msg = Scenario::parse("t", "t.toml", text, &[])
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("t.toml:3:"), "{msg}");
        assert!(msg.contains("strategy `a` is defined twice"), "{msg}");
    }

    #[test]
    fn strategies_keep_file_order() {
        let text = "[strategy.zeta]\n[strategy.alpha]\n[strategy.mid]\n";
        let s = Scenario::parse("t", "t.toml", text, &[]).unwrap();
        let names: Vec<_> = s.strategies.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha", "mid"]);
    }

    #[test]
    fn resolved_scenario_parses_back_to_itself() {
        let text = format!(
            "{MINIMAL}\n[[shock]]\nkind = \"organizer_loss\"\nweek = 10\ntarget = \"random\"\ncount = 2\n"
        );
        let s = Scenario::parse("t", "t.toml", &text, &[]).unwrap();
        let again = Scenario::parse("t", "t.toml", &s.resolved_toml(), &[]).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn snapshot_weeks_include_the_week_before_each_organizer_loss() {
        let text = format!(
            "years = 3\n{MINIMAL}\n[[shock]]\nkind = \"organizer_loss\"\nweek = 60\ntarget = \"all_initial\"\n"
        );
        let s = Scenario::parse("t", "t.toml", &text, &[]).unwrap();
        assert_eq!(s.picture_weeks(), vec![59, 111], "before and a year after");
        assert_eq!(s.snapshot_weeks(), vec![51, 59, 103, 111, 155]);
    }

    #[test]
    fn picture_weeks_stay_inside_the_run() {
        let shock = |week: u32| {
            format!("years = 2\n{MINIMAL}\n[[shock]]\nkind = \"organizer_loss\"\nweek = {week}\ntarget = \"all_initial\"\n")
        };
        let s = Scenario::parse("t", "t.toml", &shock(80), &[]).unwrap();
        assert_eq!(
            s.picture_weeks(),
            vec![79, 103],
            "a year after is past the end"
        );
        let s = Scenario::parse("t", "t.toml", &shock(0), &[]).unwrap();
        assert_eq!(
            s.picture_weeks(),
            vec![51],
            "no week before a loss at week 0"
        );
        let s = Scenario::parse("t", "t.toml", &format!("years = 3\n{MINIMAL}"), &[]).unwrap();
        assert_eq!(s.picture_weeks(), vec![103, 155], "the last two snapshots");
        assert_eq!(s.snapshot_weeks(), vec![51, 103, 155]);
    }

    fn crisis(week: u32, weeks: u32) -> String {
        format!("[[shock]]\nkind = \"crisis\"\nweek = {week}\nduration_weeks = {weeks}\n")
    }

    #[test]
    fn a_crisis_lasts_its_weeks_inside_the_run_until_another_replaces_it() {
        let text = format!(
            "years = 2\n{MINIMAL}\n{}[[shock]]\nkind = \"polarizing_issue\"\nweek = 3\nsalience = 0.5\n{}{}{}",
            crisis(10, 16),
            crisis(20, 5),
            crisis(20, 8),
            crisis(100, 16)
        );
        let s = Scenario::parse("t", "t.toml", &text, &[]).unwrap();
        assert_eq!(
            s.crisis_weeks(0),
            Some(10..20),
            "cut by the crisis of week 20"
        );
        assert_eq!(s.crisis_weeks(1), None, "a polarizing issue");
        assert_eq!(
            s.crisis_weeks(2),
            Some(20..20),
            "replaced at once by shock 3"
        );
        assert_eq!(s.crisis_weeks(3), Some(20..28));
        assert_eq!(
            s.crisis_weeks(4),
            Some(100..104),
            "cut by the end of the run"
        );
        assert_eq!(s.crisis_weeks(5), None, "no shock 5");
    }

    #[test]
    fn pictures_show_the_moments_of_the_scenario_shock() {
        let issue = "[[shock]]\nkind = \"polarizing_issue\"\nweek = 30\nsalience = 0.5\n";
        let loss = "[[shock]]\nkind = \"organizer_loss\"\nweek = 60\ntarget = \"all_initial\"\n";
        let weeks = |shocks: &str| {
            let text = format!("years = 3\n{MINIMAL}\n{shocks}");
            Scenario::parse("t", "t.toml", &text, &[])
                .unwrap()
                .picture_weeks()
        };
        assert_eq!(
            weeks(&crisis(104, 16)),
            vec![103, 119],
            "before and its last week"
        );
        assert_eq!(
            weeks(&crisis(150, 16)),
            vec![149, 155],
            "its last week in the run"
        );
        assert_eq!(weeks(issue), vec![29, 81], "before and a year after");
        assert_eq!(
            weeks(&format!("{issue}{}{loss}", crisis(40, 4))),
            vec![59, 111],
            "an organizer loss comes first"
        );
        assert_eq!(
            weeks(&format!("{issue}{}", crisis(40, 4))),
            vec![39, 43],
            "then a crisis"
        );
    }
}
