//! The `solidarity` command line: parse → load scenarios → run → write. Errors are printed
//! here, once, and pick the exit status (2 for bad input, 1 otherwise).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use solidarity::error::{Error, InputError};
use solidarity::output;
use solidarity::report::REPORT;
use solidarity::resources;
use solidarity::scenario::{Design, Scenario};
use solidarity::sweep::{self, Progress, Shard};

/// Large arrays on huge pages: a large town's step is 5-10% faster (`src/memory.rs`).
#[global_allocator]
static ALLOCATOR: solidarity::memory::HugePages = solidarity::memory::HugePages;

#[derive(Parser)]
#[command(
    name = "solidarity",
    version,
    about = "Simulate sorting and solidarity ways of organizing a community, and measure what each does over years."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every strategy of each scenario for all replicates and write the results.
    Run(RunArgs),
    /// Validate scenarios and print them resolved, with an estimate of memory and time.
    Check(CheckArgs),
    /// Redraw every chart and the report of a result from its data files.
    Plot(PlotArgs),
    /// Run every grid point of a scenario's [sweep] table (or one shard of them), each
    /// into `points/<i>/`, and write sweep.csv and the sweep charts.
    Sweep(SweepArgs),
    /// Join the shard directories of one sweep into the result of the unsharded sweep.
    Merge(MergeArgs),
    /// Compute the sensitivity indices of a finished sobol or morris sweep into
    /// indices.csv, and draw them.
    Analyze(AnalyzeArgs),
    /// Print the JSON Schema of scenario files, for editors to validate and complete them.
    Schema,
}

#[derive(Args)]
struct SweepArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Run only shard K of N (1 <= K <= N): the grid points i (from 0) with
    /// i % N == K - 1. `solidarity merge` joins the shards.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
}

#[derive(Args)]
struct MergeArgs {
    /// Shard directories written by `sweep --shard K/N` (a whole sweep is accepted too).
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// Directory of the merged sweep (missing or empty unless --force).
    #[arg(long, value_name = "DIR", required = true)]
    out: PathBuf,
    /// Replace the output directory whatever it holds.
    #[arg(long)]
    force: bool,
    /// Say nothing on success.
    #[arg(long)]
    quiet: bool,
}

#[derive(Args)]
struct AnalyzeArgs {
    /// A finished sweep directory (whole or merged) of a sobol or morris design.
    #[arg(value_name = "SWEEP_DIR")]
    dir: PathBuf,
    /// Say nothing on success.
    #[arg(long)]
    quiet: bool,
}

#[derive(Args)]
struct ScenarioArgs {
    /// Scenario files (TOML).
    #[arg(required = true, value_name = "SCENARIO.toml")]
    scenarios: Vec<PathBuf>,
    /// Override the seed (short for `--set seed=N`; a whole number from 0 to 2^63 - 1).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    seed: Option<String>,
    /// Override the number of replicates (short for `--set replicates=N`).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    replicates: Option<String>,
    /// Override the number of simulated years (short for `--set years=N`).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    years: Option<String>,
    /// Override any scenario value by its dotted path, e.g. `population.size=50000` or
    /// `strategy.sorting.mobilization.screening=0` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
}

impl ScenarioArgs {
    /// `--set` values, then the shorthand flags, in the order they are applied.
    fn overrides(&self) -> Vec<String> {
        let mut all = self.set.clone();
        all.extend(
            self.shorthands()
                .map(|(key, value)| format!("{key}={value}")),
        );
        all
    }

    /// The shorthand flags given, as (key, value). Their values are checked by the
    /// scenario's own checks, as a `--set` value is, so that both state the same range.
    fn shorthands(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("seed", &self.seed),
            ("replicates", &self.replicates),
            ("years", &self.years),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value.as_deref()?)))
    }

    /// Loads every scenario with the overrides, then `extra` ones.
    fn load(&self, extra: &[String]) -> Result<Vec<Scenario>, InputError> {
        let mut overrides = self.overrides();
        overrides.extend_from_slice(extra);
        self.scenarios
            .iter()
            .map(|path| Scenario::load(path, &overrides).map_err(|e| self.as_given(e)))
            .collect()
    }

    /// A message about a value a shorthand flag gave names the flag the user typed
    /// (`--years 0`), not the `--set` it stands for. The shorthands are applied last, so
    /// a value they give is the one the scenario read.
    fn as_given(&self, mut error: InputError) -> InputError {
        for (key, value) in self.shorthands() {
            let value = value.trim();
            error.message = error.message.replace(
                &format!("(set by --set {key}={value})"),
                &format!("(set by --{key} {value})"),
            );
        }
        error
    }
}

#[derive(Args)]
struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output directory (default `results/<scenario name>/`; only with one scenario).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    threads: Option<u32>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// Replace the output directory whatever it holds.
    #[arg(long)]
    force: bool,
    /// Also write the whole network as GraphML at every snapshot week
    /// (`networks/<strategy>-r<replicate>-w<week>.graphml`); the same as
    /// `--set output.graphml=true`.
    #[arg(long)]
    graphml: bool,
}

#[derive(Args)]
struct PlotArgs {
    /// A result directory written by `run`.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Threads to assume in the estimate (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    threads: Option<u32>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Check(args) => check(&args),
        Command::Plot(args) => plot(&args),
        Command::Sweep(args) => run_sweep(&args),
        Command::Merge(args) => merge(&args),
        Command::Analyze(args) => analyze(&args),
        Command::Schema => schema(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("solidarity: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn threads(requested: Option<u32>) -> usize {
    requested.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n as usize,
    )
}

/// `--graphml` as the override it is short for.
fn graphml_override(args: &RunArgs) -> Vec<String> {
    if args.graphml {
        vec!["output.graphml=true".into()]
    } else {
        Vec::new()
    }
}

fn run(args: &RunArgs) -> Result<(), Error> {
    let scenarios = args.scenario.load(&graphml_override(args))?;
    if args.out.is_some() && scenarios.len() > 1 {
        return Err(InputError::new("--out", "names one directory; give one scenario with it, or leave --out out to write each to results/<name>/").into());
    }
    let targets: Vec<PathBuf> = scenarios
        .iter()
        .map(|s| {
            let target = args
                .out
                .clone()
                .unwrap_or_else(|| Path::new("results").join(&s.name));
            output::resolve_target(&target)
        })
        .collect::<Result<_, _>>()?;
    let threads = threads(args.threads);
    // Every scenario and every target is checked before any work starts: nothing is
    // allocated for a scenario the machine cannot hold, nothing written for a bad target.
    let available = resources::available_memory();
    for (scenario, path) in scenarios.iter().zip(&args.scenario.scenarios) {
        let estimate = resources::estimate(scenario, threads);
        resources::check_fits(
            &path.display().to_string(),
            scenario,
            &estimate,
            available.as_ref(),
        )?;
    }
    let files = &args.scenario.scenarios;
    let pairs: Vec<(&Path, &Path)> = files
        .iter()
        .map(PathBuf::as_path)
        .zip(targets.iter().map(PathBuf::as_path))
        .collect();
    output::check_distinct(&pairs)?;
    for (scenario, target) in scenarios.iter().zip(&targets) {
        output::recover_interrupted(target)?;
        output::check_target(target, scenario, files, args.force)?;
    }
    for (scenario, target) in scenarios.iter().zip(&targets) {
        let jobs = scenario.replicates as u64 * scenario.strategies.len() as u64;
        let bar = progress_bar(jobs, &scenario.name, args.quiet);
        output::run_into(scenario, target, threads, &|| bar.inc(1))?;
        bar.finish_and_clear();
        if !args.quiet {
            eprintln!(
                "solidarity: wrote {}",
                shown(&target.join(REPORT)).display()
            );
        }
    }
    Ok(())
}

/// A path as the user would write it: relative to the current directory when inside it.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|here| path.strip_prefix(here).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

fn run_sweep(args: &SweepArgs) -> Result<(), Error> {
    let run = &args.run;
    let [file] = run.scenario.scenarios.as_slice() else {
        return Err(InputError::new("sweep", "runs one scenario; give one SCENARIO.toml").into());
    };
    let file_shown = file.display().to_string();
    let scenario = Scenario::load(file, &{
        let mut all = run.scenario.overrides();
        all.extend(graphml_override(run));
        all
    })
    .map_err(|e| run.scenario.as_given(e))?;
    if scenario.sweep.is_none() {
        return Err(InputError::new(
            &file_shown,
            "has no [sweep] table; add one (see README, \"Sweeps\"), or use `solidarity run`",
        )
        .into());
    }
    let shard = args.shard.unwrap_or(Shard::WHOLE);
    let identity = sweep::Identity::of(&scenario)?;
    let threads = threads(run.threads);
    // Every point is built (and so checked) before any work; memory is checked against
    // the largest of them, since the points run one at a time.
    let available = resources::available_memory();
    for point in 0..identity.points {
        let point_scenario = scenario.sweep_point(point)?;
        let estimate = resources::estimate(&point_scenario, threads);
        resources::check_fits(&file_shown, &point_scenario, &estimate, available.as_ref())?;
    }
    let target = run
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(&scenario.name));
    let target = output::resolve_target(&target)?;
    output::recover_interrupted(&target)?;
    sweep::check_target(&target, &identity, std::slice::from_ref(file), run.force)?;

    let runs = scenario.replicates as u64 * scenario.strategies.len() as u64;
    let mine = shard.points(identity.points).count();
    let bar = progress_bar(mine as u64 * runs, &scenario.name, run.quiet);
    let say = |line: String| match (run.quiet, bar.is_hidden()) {
        (true, _) => {}
        (false, true) => eprintln!("{line}"),
        (false, false) => bar.println(line),
    };
    let total = identity.points;
    let progress = |event: Progress| match event {
        Progress::Kept { point, values } => {
            bar.inc(runs);
            say(format!(
                "solidarity: point {point:04} ({values}): complete, kept"
            ));
        }
        Progress::Started { point, values, .. } => {
            say(format!("solidarity: point {point:04} ({values}): running"));
        }
        Progress::Finished { .. } => {}
    };
    sweep::run(&scenario, &target, shard, threads, &progress, &|| {
        bar.inc(1)
    })?;
    bar.finish_and_clear();
    if !run.quiet {
        if shard.is_whole() {
            eprintln!(
                "solidarity: wrote {} (the sweep of {total} points)",
                shown(&target.join(REPORT)).display()
            );
        } else {
            eprintln!(
                "solidarity: wrote shard {}/{} ({mine} of {total} points) to {}",
                shard.index,
                shard.count,
                target.display()
            );
        }
    }
    Ok(())
}

fn merge(args: &MergeArgs) -> Result<(), Error> {
    let out = output::resolve_target(&args.out)?;
    output::recover_interrupted(&out)?;
    sweep::merge(&args.dirs, &out, args.force)?;
    if !args.quiet {
        eprintln!(
            "solidarity: merged {} director{} into {}",
            args.dirs.len(),
            if args.dirs.len() == 1 { "y" } else { "ies" },
            out.display()
        );
    }
    Ok(())
}

fn analyze(args: &AnalyzeArgs) -> Result<(), Error> {
    let written = sweep::analyze(&args.dir)?;
    if !args.quiet {
        eprintln!(
            "solidarity: wrote {} to {}",
            written.join(", "),
            args.dir.display()
        );
    }
    Ok(())
}

fn plot(args: &PlotArgs) -> Result<(), Error> {
    let redrawn = output::redraw(&args.dir)?;
    for change in &redrawn.changed {
        eprintln!("solidarity: warning: {change}");
    }
    if !redrawn.changed.is_empty() {
        eprintln!(
            "solidarity: warning: the charts and the report are drawn from the data files as they are now, and the new SHA256SUMS records them so"
        );
    }
    eprintln!(
        "solidarity: redrew the charts and report of {}",
        args.dir.display()
    );
    Ok(())
}

fn progress_bar(jobs: u64, name: &str, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(jobs), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} runs, {eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_prefix(name.to_string());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn check(args: &CheckArgs) -> Result<(), Error> {
    let scenarios = args.scenario.load(&[])?;
    let threads = threads(args.threads);
    let available = resources::available_memory();
    let mut report = String::new();
    for (scenario, path) in scenarios.iter().zip(&args.scenario.scenarios) {
        let estimate = resources::estimate(scenario, threads);
        report += &format!(
            "# scenario `{}` (resolved, every default filled in; beside each value, what it rests on:\n# sourced, calibrated, assumed or setting, as docs/ODD.md section 8 gives it)\n{}\n",
            scenario.name,
            solidarity::scenario::basis::annotate(&scenario.resolved_toml())
        );
        report += &format!(
            "# runs: {} ({} strategies x {} replicates), {} weeks each\n",
            estimate.runs,
            scenario.strategies.len(),
            scenario.replicates,
            scenario.weeks()
        );
        report += &format!(
            "# estimated peak memory: {} on {threads} threads (up to {} if every resident joined)\n",
            resources::human_bytes(estimate.peak_bytes),
            resources::human_bytes(estimate.peak_bytes_at_most)
        );
        let file = path.display().to_string();
        report += &match (
            resources::check_fits(&file, scenario, &estimate, available.as_ref()),
            &available,
        ) {
            (Err(e), _) => format!(
                "# memory: too large, `run` would refuse it: {}\n",
                e.message
            ),
            (Ok(()), Some(available)) => format!(
                "# memory: fits ({} {})\n",
                resources::human_bytes(available.bytes),
                available.limit
            ),
            (Ok(()), None) => "# memory: not checked (the machine's memory is unknown)\n".into(),
        };
        report += &format!(
            "# estimated run time: {:.1} s on {threads} threads (a rough guide)\n",
            estimate.seconds
        );
        if let Some(grid) = &scenario.sweep {
            sweep::check_points(scenario)?;
            let shape = if grid.design == Design::Grid {
                let axes: Vec<String> = grid
                    .axes
                    .iter()
                    .map(|a| format!("{} ({})", a.path, a.values.len()))
                    .collect();
                format!("grid points ({})", axes.join(" x "))
            } else {
                let sizes: Vec<String> = grid
                    .design
                    .sizes()
                    .iter()
                    .map(|(key, n)| format!("{key} = {n}"))
                    .chain(std::iter::once(format!("{} parameters", grid.axes.len())))
                    .collect();
                format!(
                    "points ({} design, {})",
                    grid.design.name(),
                    sizes.join(", ")
                )
            };
            report += &format!(
                "# sweep: {} {shape}, each {} runs; `run` runs the scenario as written, `sweep` every point\n",
                grid.len(),
                estimate.runs
            );
        }
    }
    print_to_stdout(&report)
}

fn schema() -> Result<(), Error> {
    let text = serde_json::to_string_pretty(&solidarity::scenario::schema())
        .map_err(|e| Error::Other(format!("cannot render the schema: {e}")))?;
    print_to_stdout(&(text + "\n"))
}

/// Writes to stdout; a reader that stops early (`| head`) is not an error.
fn print_to_stdout(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("stdout", e)),
        _ => Ok(()),
    }
}
