//! The files a user looks at: every chart as SVG and PNG, the report,
//! `plot DIR` redrawing them byte for byte from the data files, `SHA256SUMS`, the network
//! snapshots the `network` chart is drawn from, and GraphML read back.

mod cli_support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use cli_support::*;
use sha2::{Digest, Sha256};

/// An 8-bit RGB or RGBA PNG decoded: width, height, and RGB pixels.
fn decode_png(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{} is not a PNG: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size().expect("a sized image")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("{}: unexpected colour type {other:?}", path.display()),
    };
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let pixels = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

/// Pixels of a colour within `tolerance` on each channel.
fn count_near(pixels: &[[u8; 3]], color: [u8; 3], tolerance: u8) -> usize {
    pixels
        .iter()
        .filter(|p| (0..3).all(|c| p[c].abs_diff(color[c]) <= tolerance))
        .count()
}

/// The colours of the first two strategies (sorting, solidarity) in every chart.
const VERMILLION: [u8; 3] = [0xD5, 0x5E, 0x00];
const GREEN: [u8; 3] = [0x00, 0x9E, 0x73];

#[test]
fn every_chart_is_written_as_svg_and_png_and_drawn() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    for chart in CHART_NAMES {
        let svg = fs::read_to_string(dir.join(format!("{chart}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{chart}.svg: {}", &svg[..40]);
        assert!(
            svg.trim_end().ends_with("</svg>"),
            "{chart}.svg is cut short"
        );
        assert!(
            svg.contains("font-family=\"DejaVu Sans, sans-serif\""),
            "{chart}.svg names the bundled font"
        );
        assert!(
            svg.contains("Scenario \u{201c}tiny\u{201d}, seed 7"),
            "{chart}.svg has no caption with the scenario and seed"
        );

        let (width, height, pixels) = decode_png(&dir.join(format!("{chart}.png")));
        assert!(
            width >= 800 && height >= 400,
            "{chart}.png is {width}x{height}"
        );
        let white = count_near(&pixels, [255, 255, 255], 0);
        let ink = pixels.iter().filter(|p| p.iter().all(|&c| c < 100)).count();
        assert!(
            white > pixels.len() / 3 && white < pixels.len() * 99 / 100,
            "{chart}.png: {white} of {} pixels white",
            pixels.len()
        );
        assert!(
            ink > 2000,
            "{chart}.png has almost no text ({ink} dark pixels)"
        );
        if chart != "network" {
            // Lines are in the strategies' colours (the network picture colours nodes by
            // group and marks strategies with a small bar only).
            for (name, color) in [("sorting", VERMILLION), ("solidarity", GREEN)] {
                let n = count_near(&pixels, color, 12);
                assert!(n > 200, "{chart}.png: {n} pixels in {name}'s colour");
            }
        }
    }
}

/// The tiny scenario with a crisis of 10 weeks from week 60 instead of the organizer
/// loss, and a third strategy that is no preset.
fn tiny_crisis() -> String {
    let loss = "[[shock]]\nkind = \"organizer_loss\"\nweek = 40\ntarget = \"all_initial\"\n";
    assert!(TINY.contains(loss));
    TINY.replace(
        loss,
        "[strategy.no-movement.mobilization]\nkind = \"none\"\n[[shock]]\nkind = \"crisis\"\nweek = 60\nduration_weeks = 10\nintensity = 4.0\n",
    )
}

/// The fill of a shock's shaded span in an SVG.
const SPAN_FILL: &str = "opacity=\"0.16\" fill=\"#888888\"";

/// The charts drawn over the weeks of the run.
const TIME_CHARTS: [&str; 4] = ["burnout", "wellbeing", "growth", "homophily"];

#[test]
fn a_crisis_has_its_outcomes_in_the_summary_as_the_timeseries_gives_them() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_scenario(root.path(), "crisis", &tiny_crisis(), "out", &[]);
    let summary = Table::read(&dir.join("summary.csv"));
    let ts = Table::read(&dir.join("timeseries.csv"));
    let runs = runs_of(&ts);
    let (week, needs, energy, burnouts) = (
        ts.col("week"),
        ts.col("needs_met_share"),
        ts.col("mean_energy"),
        ts.col("burnout_total"),
    );
    // Each outcome recomputed from the rows: before is weeks 50 to 59, during 60 to 69.
    let recompute = |strategy: &str, suffix: &str| -> Vec<f64> {
        let (weeks, what) = suffix
            .rsplit_once('_')
            .map(|(what, when)| {
                let weeks = if when == "before" { 50..60 } else { 60..70 };
                (weeks, what)
            })
            .unwrap();
        runs.iter()
            .filter(|((s, _), _)| s == strategy)
            .filter_map(|(_, rows)| {
                let at = |w: u32| rows.iter().find(|r| int(&r[week]) == u64::from(w)).unwrap();
                match what {
                    "burnouts" => Some(
                        num(&at(weeks.end - 1)[burnouts]) - num(&at(weeks.start - 1)[burnouts]),
                    ),
                    _ => {
                        let column = if what == "needs_met" { needs } else { energy };
                        let values: Vec<f64> =
                            weeks.clone().filter_map(|w| opt(&at(w)[column])).collect();
                        (!values.is_empty())
                            .then(|| values.iter().sum::<f64>() / values.len() as f64)
                    }
                }
            })
            .collect()
    };
    let suffixes = [
        "needs_met_before",
        "needs_met_during",
        "energy_before",
        "energy_during",
        "burnouts_before",
        "burnouts_during",
    ];
    let (strategy, metric, mean) = (
        summary.col("strategy"),
        summary.col("metric"),
        summary.col("mean"),
    );
    for name in ["sorting", "solidarity", "no-movement"] {
        let listed: Vec<&str> = summary
            .rows
            .iter()
            .filter(|r| r[strategy] == name && r[metric].starts_with("shock0_"))
            .map(|r| r[metric].as_str())
            .collect();
        let expected: Vec<String> = suffixes.iter().map(|s| format!("shock0_{s}")).collect();
        assert_eq!(listed, expected, "{name}");
        for suffix in suffixes {
            let row = summary
                .rows
                .iter()
                .find(|r| r[strategy] == name && r[metric] == format!("shock0_{suffix}"))
                .unwrap();
            let values = recompute(name, suffix);
            let want = values.iter().sum::<f64>() / values.len() as f64;
            let got = num(&row[mean]);
            assert!(
                (got - want).abs() < 1e-5,
                "{name} shock0_{suffix}: summary {got}, timeseries {want}"
            );
        }
    }
}

#[test]
fn without_an_organizer_loss_there_is_no_organizer_loss_chart_and_a_crisis_is_shaded() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_scenario(root.path(), "crisis", &tiny_crisis(), "out", &[]);
    let files = entries(&dir);
    assert!(
        !files.iter().any(|f| f.starts_with("organizer_loss")),
        "{files:?}"
    );
    let expected: Vec<String> = result_files()
        .into_iter()
        .filter(|f| !f.starts_with("organizer_loss"))
        .collect();
    assert_eq!(files, expected);
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let mut listed: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    listed.sort();
    assert_eq!(listed, expected);
    let report = fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        !report.contains("organizer_loss"),
        "the report names organizer_loss"
    );
    assert!(
        !report.contains("Organizer loss"),
        "the report has an organizer loss section"
    );
    assert!(report.contains("<section id=\"wellbeing\">"));
    assert!(report.contains("shock0_needs_met_during"));
    for chart in TIME_CHARTS {
        let svg = fs::read_to_string(dir.join(format!("{chart}.svg"))).unwrap();
        assert!(
            svg.contains(SPAN_FILL),
            "{chart}.svg does not shade the crisis"
        );
    }
    // The network picture shows the community just before the crisis and at its end.
    let network = fs::read_to_string(dir.join("network.svg")).unwrap();
    assert!(
        network.contains("Just before the crisis: week 59"),
        "network.svg"
    );
    assert!(
        network.contains("At the end of the crisis: week 69"),
        "network.svg"
    );
    let nodes = Table::read(&dir.join("network_nodes.csv"));
    let weeks: BTreeSet<&str> = nodes.column("week").into_iter().collect();
    assert_eq!(weeks, BTreeSet::from(["59", "69"]));
    // And `plot` draws the same set again.
    assert_ok(&solidarity_in(
        root.path(),
        ["plot".as_ref(), dir.as_os_str()],
    ));
    assert_eq!(entries(&dir), expected);
}

#[test]
fn an_organizer_loss_is_a_line_not_a_span() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    for chart in TIME_CHARTS.iter().chain(&["organizer_loss"]) {
        let svg = fs::read_to_string(dir.join(format!("{chart}.svg"))).unwrap();
        assert!(!svg.contains(SPAN_FILL), "{chart}.svg shades a span");
        assert!(
            svg.contains("organizers lost"),
            "{chart}.svg has no mark of the loss"
        );
    }
}

#[test]
fn a_preset_strategy_keeps_its_colour_whatever_its_place() {
    let root = tempfile::tempdir().unwrap();
    let swapped = tiny_solidarity_first();
    for (name, text) in [("tiny", TINY.to_string()), ("swapped", swapped)] {
        let dir = run_scenario(root.path(), name, &text, name, &[]);
        let report = fs::read_to_string(dir.join("report.html")).unwrap();
        for (strategy, color) in [("sorting", "d55e00"), ("solidarity", "009e73")] {
            let swatch = format!("background:#{color}\"></span><b>{strategy}</b>");
            assert!(
                report.contains(&swatch),
                "{name}: {strategy} is not #{color}"
            );
        }
        let (_, _, pixels) = decode_png(&dir.join("burnout.png"));
        for color in [VERMILLION, GREEN] {
            assert!(count_near(&pixels, color, 12) > 200, "{name}: {color:?}");
        }
    }
    assert_eq!(
        manifest_strategies(&root.path().join("swapped")),
        ["solidarity", "sorting"]
    );
}

#[test]
fn the_manifest_lists_every_file_of_the_result() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let text = fs::read_to_string(dir.join("manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut files: Vec<String> = manifest["files"]
        .as_array()
        .expect("a list of files")
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    files.sort();
    assert_eq!(files, result_files());
}

#[test]
fn the_same_strategy_has_the_same_colour_in_every_chart() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    for chart in CHART_NAMES {
        let svg = fs::read_to_string(dir.join(format!("{chart}.svg"))).unwrap();
        // The legend (or the network's row marks) draws each strategy in its colour.
        assert!(
            svg.contains("#D55E00"),
            "{chart}.svg: sorting is not vermillion"
        );
        assert!(
            svg.contains("#009E73"),
            "{chart}.svg: solidarity is not green"
        );
    }
}

#[test]
fn plot_redraws_charts_and_report_byte_for_byte() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let before = contents(&dir);
    // Remove everything that is drawn; `plot` must bring it back from the data files.
    let mut drawn: Vec<String> = vec!["report.html".into(), "SHA256SUMS".into()];
    for chart in CHART_NAMES {
        drawn.push(format!("{chart}.svg"));
        drawn.push(format!("{chart}.png"));
    }
    for name in &drawn {
        fs::remove_file(dir.join(name)).unwrap();
    }
    let out = solidarity_in(root.path(), ["plot".as_ref(), dir.as_os_str()]);
    assert_ok(&out);
    let after = contents(&dir);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        assert!(bytes == &after[name], "{name} differs after `plot`");
    }
    // And again over the drawn files.
    assert_ok(&solidarity_in(
        root.path(),
        ["plot".as_ref(), dir.as_os_str()],
    ));
    assert_eq!(contents(&dir), before);
}

#[test]
fn plot_draws_what_the_data_files_say() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let before = fs::read(dir.join("growth.png")).unwrap();
    // Halve every turnout: the growth chart must change, the burnout chart must not.
    let path = dir.join("timeseries.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let turnout = header.split(',').position(|h| h == "turnout").unwrap();
    let mut edited = format!("{header}\n");
    for line in lines {
        let mut fields: Vec<String> = line.split(',').map(str::to_string).collect();
        fields[turnout] = (int(&fields[turnout]) / 2).to_string();
        edited += &(fields.join(",") + "\n");
    }
    fs::write(&path, edited).unwrap();
    let burnout = fs::read(dir.join("burnout.png")).unwrap();
    assert_ok(&solidarity_in(
        root.path(),
        ["plot".as_ref(), dir.as_os_str()],
    ));
    assert_ne!(fs::read(dir.join("growth.png")).unwrap(), before);
    assert_eq!(fs::read(dir.join("burnout.png")).unwrap(), burnout);
}

#[test]
fn plot_refuses_a_directory_without_a_result() {
    let root = tempfile::tempdir().unwrap();
    let empty = root.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let out = solidarity_in(root.path(), ["plot".as_ref(), empty.as_os_str()]);
    assert_bad_input(&out);
    assert!(stderr(&out).contains("manifest.json"), "{}", stderr(&out));
    let out = solidarity_in(root.path(), ["plot", "missing"]);
    assert_bad_input(&out);
    // A damaged data file is named, with its line.
    let dir = run_tiny(root.path(), "out", &[]);
    let path = dir.join("retention.csv");
    let mut text = fs::read_to_string(&path).unwrap();
    text += "sorting,notaweek,1,0,1,1,1\n";
    fs::write(&path, text).unwrap();
    let out = solidarity_in(root.path(), ["plot".as_ref(), dir.as_os_str()]);
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("retention.csv") && err.contains("line"),
        "{err}"
    );
}

#[test]
fn plot_refuses_measures_it_does_not_know() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let plot_with = |file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let out = solidarity_in(root.path(), ["plot".as_ref(), dir.as_os_str()]);
        fs::write(&path, text).unwrap();
        assert_bad_input(&out);
        stderr(&out)
    };
    // A metric that no summary reports has no description to show.
    let err = plot_with("summary.csv", "retention_1y", "retention_2y");
    assert!(
        err.contains("summary.csv") && err.contains("line 2") && err.contains("retention_2y"),
        "{err}"
    );
    // The tiny scenario's only shock is shock 0.
    let err = plot_with("summary.csv", "shock0_power_ratio", "shock1_power_ratio");
    assert!(
        err.contains("summary.csv") && err.contains("shock1_power_ratio"),
        "{err}"
    );
    // A column of the timeseries that is missing is named.
    let err = plot_with("timeseries.csv", ",power,", ",pow,");
    assert!(
        err.contains("timeseries.csv:1:") && err.contains("`power`"),
        "{err}"
    );
    let err = plot_with("timeseries.csv", "\nsorting,0,0,", "\nsorting,0,0,x");
    assert!(
        err.contains("timeseries.csv") && err.contains("line 2") && err.contains("`active`"),
        "{err}"
    );
    // Put back, the files plot again.
    assert_ok(&solidarity_in(
        root.path(),
        ["plot".as_ref(), dir.as_os_str()],
    ));
}

#[test]
fn sha256sums_list_every_file_with_its_sum() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &["--graphml"]);
    let sums = fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let mut listed = BTreeSet::new();
    for line in sums.lines() {
        let (hex, name) = line
            .split_once("  ")
            .unwrap_or_else(|| panic!("not in sha256sum format: {line}"));
        assert_eq!(hex.len(), 64, "{line}");
        let digest = Sha256::digest(fs::read(dir.join(name)).unwrap());
        let expected: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, expected, "{name}");
        listed.insert(name.to_string());
    }
    let mut on_disk = BTreeSet::new();
    for name in entries(&dir) {
        if name == "networks" {
            for file in entries(&dir.join("networks")) {
                on_disk.insert(format!("networks/{file}"));
            }
        } else if name != "SHA256SUMS" {
            on_disk.insert(name);
        }
    }
    assert_eq!(listed, on_disk, "SHA256SUMS lists every file but itself");
    assert!(listed.iter().any(|f| f.starts_with("networks/")));
}

#[test]
fn the_report_holds_every_chart_the_summary_and_the_scenario() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(
        html.matches("<img src=\"data:image/png;base64,").count(),
        CHART_NAMES.len()
    );
    for chart in CHART_NAMES {
        assert!(
            html.contains(&format!("<section id=\"{chart}\">")),
            "{chart}"
        );
    }
    // Self-contained: no link or source outside the page.
    for outside in ["http://", "https://", "src=\"/", "href=\"/", "url("] {
        assert!(!html.contains(outside), "report.html refers to `{outside}`");
    }
    // Every figure has a sentence.
    assert_eq!(html.matches("<figcaption>").count(), CHART_NAMES.len());
    // The summary: every metric of summary.csv, and the seed and resolved scenario.
    let summary = Table::read(&dir.join("summary.csv"));
    for metric in summary.column("metric") {
        assert!(html.contains(&format!("<code>{metric}</code>")), "{metric}");
    }
    assert!(html.contains("Seed <b>7</b>"));
    assert!(
        html.contains("strong_threshold = 0.5"),
        "the resolved scenario"
    );
}

#[test]
fn the_report_opens_with_key_results_the_strategies_and_a_parameter_table() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    let section = |id: &str| {
        let start = html
            .find(&format!("<section id=\"{id}\">"))
            .unwrap_or_else(|| panic!("no section `{id}`"));
        let end = start + html[start..].find("</section>").unwrap();
        html[start..end].to_string()
    };
    // Key results come before the first chart.
    assert!(html.find("id=\"key-results\"") < html.find("<img"));

    // Each key metric lists the strategies from the highest mean to the lowest, as
    // summary.csv has them.
    let key = section("key-results");
    let summary = Table::read(&dir.join("summary.csv"));
    for metric in ["retention_1y", "burnout_share_5y", "shock0_active_ratio"] {
        let line = key
            .lines()
            .find(|l| l.starts_with(&format!("<li><code>{metric}</code>")))
            .unwrap_or_else(|| panic!("no key result for {metric}"));
        let mut means: Vec<(f64, String)> = summary
            .rows
            .iter()
            .filter(|r| r[summary.col("metric")] == metric)
            .filter_map(|r| {
                let mean = opt(&r[summary.col("mean")])?;
                Some((mean, r[summary.col("strategy")].clone()))
            })
            .collect();
        means.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
        let shown: Vec<usize> = means
            .iter()
            .map(|(_, name)| line.find(&format!("<b>{name}</b>")).unwrap())
            .collect();
        assert!(
            shown.windows(2).all(|w| w[0] < w[1]),
            "{metric}: not from highest to lowest: {line}"
        );
    }

    // A line per strategy says what its kinds do.
    let strategies = section("strategies");
    assert!(strategies.contains("<b>sorting</b>: broadcast mobilization"));
    assert!(strategies.contains("conditional aid: organizers aid members"));
    assert!(strategies.contains("<b>solidarity</b>: relational mobilization"));
    assert!(strategies.contains("mutual aid: anyone the practice has reached"));

    // The parameters as a table beside the TOML: a row per key with its ground, and the
    // strategies side by side, with a dash where a kind does not take a key.
    let scenario = section("scenario");
    assert!(scenario.contains(
        "<tr><td><code>strong_threshold</code></td><td>0.5</td><td class=\"meaning\">assumed:"
    ));
    assert!(scenario.contains("<th>strategy parameter</th><th>sorting</th><th>solidarity</th>"));
    assert!(scenario.contains("<tr><td><code>integration.aid_window_weeks</code></td><td>"));
    assert!(scenario.contains("<td>\u{2013}</td>"));
    assert!(scenario.contains("<pre>"), "the raw TOML beside the table");
}

// ---------------------------------------------------------------------------------------
// Network snapshots (the data of the `network` chart)
// ---------------------------------------------------------------------------------------

#[test]
fn network_snapshots_hold_replicate_zero_before_and_a_year_after_the_loss() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let ts = Table::read(&dir.join("timeseries.csv"));
    let runs = runs_of(&ts);
    let nodes = Table::read(&dir.join("network_nodes.csv"));
    let edges = Table::read(&dir.join("network_edges.csv"));
    let before = TINY_SHOCK_WEEK - 1;
    let after = TINY_SHOCK_WEEK + 51;
    let mut seen = BTreeSet::new();
    let (s, r, w, state, node) = (
        nodes.col("strategy"),
        nodes.col("replicate"),
        nodes.col("week"),
        nodes.col("state"),
        nodes.col("resident"),
    );
    let mut members: BTreeMap<(String, u64), BTreeSet<u64>> = BTreeMap::new();
    for row in &nodes.rows {
        assert_eq!(row[r], "0", "only replicate 0");
        let week = int(&row[w]);
        assert!(
            week == u64::from(before) || week == u64::from(after),
            "week {week}"
        );
        assert!(
            ["member", "organizer", "burned_out"].contains(&row[state].as_str()),
            "{}",
            row[state]
        );
        seen.insert((row[s].clone(), week));
        members
            .entry((row[s].clone(), week))
            .or_default()
            .insert(int(&row[node]));
    }
    assert_eq!(seen.len(), 4, "two strategies at two weeks: {seen:?}");
    for ((strategy, week), ids) in &members {
        let row = &runs[&(strategy.clone(), 0)][*week as usize];
        let active = nodes
            .rows
            .iter()
            .filter(|n| n[s] == *strategy && int(&n[w]) == *week)
            .filter(|n| n[state] == "member" || n[state] == "organizer")
            .count() as u64;
        assert_eq!(
            active,
            int(&row[ts.col("active")]),
            "{strategy} week {week}"
        );
        assert!(!ids.is_empty());
    }
    let (es, ew, a, b, strength) = (
        edges.col("strategy"),
        edges.col("week"),
        edges.col("source"),
        edges.col("target"),
        edges.col("strength"),
    );
    for row in &edges.rows {
        let key = (row[es].clone(), int(&row[ew]));
        let ids = &members[&key];
        assert!(ids.contains(&int(&row[a])) && ids.contains(&int(&row[b])));
        assert!(int(&row[a]) < int(&row[b]));
        assert!(num(&row[strength]) >= 0.5, "only strong ties");
    }
    assert!(!edges.rows.is_empty());
}

/// The network picture's legend names each identity group by the number the data files
/// give it: the groups of `network_nodes.csv` and the GraphML files are 0 to
/// `population.groups` − 1 (three in the tiny scenario), and the legend shows exactly
/// those.
#[test]
fn the_legend_names_groups_by_the_numbers_in_the_files() {
    use solidarity::charts::style::group_label;
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &["--graphml"]);
    let groups = 3u32;
    let nodes = Table::read(&dir.join("network_nodes.csv"));
    let mut in_files: BTreeSet<u64> = nodes.column("group").iter().map(|g| int(g)).collect();
    let graphml = fs::read_to_string(dir.join("networks/solidarity-r0-w39.graphml")).unwrap();
    let doc = roxmltree::Document::parse(&graphml).unwrap();
    for data in doc
        .descendants()
        .filter(|n| n.attribute("key") == Some("group"))
    {
        if data.has_tag_name("data") {
            in_files.insert(int(data.text().unwrap()));
        }
    }
    assert_eq!(
        in_files,
        (0..u64::from(groups)).collect::<BTreeSet<u64>>(),
        "every group, numbered from 0"
    );
    let svg = fs::read_to_string(dir.join("network.svg")).unwrap();
    for g in 0..groups {
        let label = group_label(g);
        assert!(label.ends_with(&format!(" {g}")), "{label}");
        assert!(
            svg.contains(&format!(">\n{label}\n</text>")),
            "the legend lacks `{label}`"
        );
    }
    assert!(
        !svg.contains(&format!(">\n{}\n</text>", group_label(groups))),
        "the legend names a group no file has"
    );
}

// ---------------------------------------------------------------------------------------
// GraphML
// ---------------------------------------------------------------------------------------

/// Snapshot weeks of the tiny scenario: each year's last week, and the week before and a
/// year after the organizer loss.
const TINY_SNAPSHOTS: [u32; 4] = [39, 51, 91, 103];

#[test]
fn graphml_files_describe_the_weeks_of_the_timeseries() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &["--graphml"]);
    let ts = Table::read(&dir.join("timeseries.csv"));
    let runs = runs_of(&ts);
    let networks = dir.join("networks");
    let mut expected = Vec::new();
    for strategy in ["sorting", "solidarity"] {
        for replicate in 0..TINY_REPLICATES {
            for week in TINY_SNAPSHOTS {
                expected.push(format!("{strategy}-r{replicate}-w{week}.graphml"));
            }
        }
    }
    expected.sort();
    assert_eq!(entries(&networks), expected);

    let mut strong_seen = 0;
    for name in &expected {
        let text = fs::read_to_string(networks.join(name)).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let graphml = doc.root_element();
        assert_eq!(graphml.tag_name().name(), "graphml");
        // Typed key declarations, so that readers give attributes their types.
        let mut keys = BTreeMap::new();
        for key in graphml.children().filter(|n| n.has_tag_name("key")) {
            keys.insert(
                key.attribute("id").unwrap().to_string(),
                (
                    key.attribute("for").unwrap().to_string(),
                    key.attribute("attr.type").unwrap().to_string(),
                ),
            );
        }
        for (id, target, kind) in [
            ("group", "node", "int"),
            ("opinion", "node", "double"),
            ("energy", "node", "double"),
            ("commitment", "node", "double"),
            ("state", "node", "string"),
            ("strength", "edge", "double"),
            ("depth", "edge", "int"),
        ] {
            assert_eq!(
                keys.get(id),
                Some(&(target.to_string(), kind.to_string())),
                "{name}: key {id}"
            );
        }
        let graph = graphml
            .children()
            .find(|n| n.has_tag_name("graph"))
            .expect("a graph");
        assert_eq!(graph.attribute("edgedefault"), Some("undirected"));
        let data = |node: roxmltree::Node, key: &str| -> String {
            node.children()
                .find(|d| d.has_tag_name("data") && d.attribute("key") == Some(key))
                .and_then(|d| d.text())
                .unwrap_or_else(|| panic!("{name}: no {key}"))
                .to_string()
        };
        let mut active = 0u64;
        let mut nodes = 0u64;
        for node in graph.children().filter(|n| n.has_tag_name("node")) {
            nodes += 1;
            let state = data(node, "state");
            assert!(
                ["outside", "member", "organizer", "burned_out", "departed"]
                    .contains(&state.as_str()),
                "{name}: state {state}"
            );
            if state == "member" || state == "organizer" {
                active += 1;
            }
            let opinion = num(&data(node, "opinion"));
            assert!((-1.0..=1.0).contains(&opinion));
            int(&data(node, "group"));
        }
        assert_eq!(nodes, 200, "{name}: every resident is a node");
        let mut strong = 0u64;
        for edge in graph.children().filter(|n| n.has_tag_name("edge")) {
            let strength = num(&data(edge, "strength"));
            int(&data(edge, "depth"));
            if strength >= 0.5 {
                strong += 1;
            }
        }
        // The file's week, recounted, is that week's row of timeseries.csv.
        let stem = name.trim_end_matches(".graphml");
        let (rest, week) = stem.rsplit_once("-w").unwrap();
        let (strategy, replicate) = rest.rsplit_once("-r").unwrap();
        let row = &runs[&(strategy.to_string(), int(replicate))][int(week) as usize];
        assert_eq!(active, int(&row[ts.col("active")]), "{name}: active");
        assert_eq!(
            strong,
            int(&row[ts.col("ties_strong")]),
            "{name}: ties_strong"
        );
        strong_seen += strong;
    }
    assert!(
        strong_seen > 0,
        "no strong tie anywhere: the recount shows nothing"
    );
}

#[test]
fn graphml_is_written_only_when_asked_and_the_scenario_key_works_too() {
    let root = tempfile::tempdir().unwrap();
    let plain = run_tiny(root.path(), "plain", &[]);
    assert!(!plain.join("networks").exists());
    let by_key = run_tiny(root.path(), "by_key", &["--set", "output.graphml=true"]);
    let by_flag = run_tiny(root.path(), "by_flag", &["--graphml"]);
    assert_eq!(
        entries(&by_key.join("networks")),
        entries(&by_flag.join("networks"))
    );
    let first = format!("sorting-r0-w{}.graphml", TINY_SNAPSHOTS[0]);
    assert_eq!(
        fs::read(by_key.join("networks").join(&first)).unwrap(),
        fs::read(by_flag.join("networks").join(&first)).unwrap()
    );
    // GraphML changes nothing else but the recorded scenario.
    for file in [
        "timeseries.csv",
        "summary.csv",
        "burnout.png",
        "network.svg",
    ] {
        assert_eq!(
            fs::read(plain.join(file)).unwrap(),
            fs::read(by_flag.join(file)).unwrap(),
            "{file}"
        );
    }
    let out = solidarity_in(
        root.path(),
        [
            "run",
            "tiny.toml",
            "--set",
            "output.graphml=3",
            "--out",
            "bad",
        ],
    );
    assert_bad_input(&out);
}

/// Every SVG under `dir` parses as XML; returns how many there are.
fn assert_svgs_parse(dir: &Path) -> usize {
    let mut count = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "svg") {
                let text = fs::read_to_string(&path).unwrap();
                if let Err(e) = roxmltree::Document::parse(&text) {
                    panic!("{} is not valid XML: {e}", path.display());
                }
                count += 1;
            }
        }
    }
    count
}

/// A character HTML does not allow in a page: a control character but a tab or a line
/// break.
fn not_in_html(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[test]
fn control_characters_in_a_name_or_description_leave_every_chart_and_page_valid() {
    let root = tempfile::tempdir().unwrap();
    let text = TINY.replacen(
        "description = \"A tiny scenario for the integration tests.\"",
        "description = \"bell\\u0007 and escape\\u001b[31m and \\u0001\"",
        1,
    );
    assert_ne!(text, TINY);
    let dir = run_scenario(root.path(), "odd\u{1}name\u{7f}", &text, "out", &[]);
    assert_eq!(assert_svgs_parse(&dir), CHART_NAMES.len());
    let report = fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        !report.chars().any(not_in_html),
        "a control character in report.html"
    );
    assert!(
        report.contains("odd\u{fffd}name\u{fffd}"),
        "the name is not shown"
    );
    // And the sweep charts of a sweep of such a scenario, swept over such a value.
    let swept =
        format!("{text}\n[sweep]\ndescription = [\"one\\u0001\", \"two\\u0002\"]\nseed = [1, 2]\n");
    let file = write_scenario(root.path(), "swept\u{2}", &swept);
    let out = solidarity_in(
        root.path(),
        [
            "sweep".as_ref(),
            file.as_os_str(),
            "--out".as_ref(),
            "sweep".as_ref(),
            "--quiet".as_ref(),
        ],
    );
    assert_ok(&out);
    assert!(assert_svgs_parse(&root.path().join("sweep").join("charts")) > 0);
}

#[test]
fn charts_stay_bounded_with_the_most_strategies_many_losses_and_groups() {
    let root = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "seed = 3\nreplicates = 1\nyears = 2\n[population]\nsize = 120\ngroups = 60\n",
    );
    for k in 0..12 {
        text += &format!(
            "[strategy.strategy-with-a-long-name-{k}.mobilization]\nkind = \"broadcast\"\n"
        );
    }
    for week in [10, 20, 30, 40, 50, 60] {
        text += &format!(
            "[[shock]]\nkind = \"organizer_loss\"\nweek = {week}\ntarget = \"random\"\ncount = 1\n"
        );
    }
    let dir = run_scenario(root.path(), "many", &text, "out", &[]);
    assert_svgs_parse(&dir);
    for chart in CHART_NAMES {
        let (width, height, _) = decode_png(&dir.join(format!("{chart}.png")));
        assert_eq!(width, 1200, "{chart}");
        // The tallest is the network picture: a row of 520 pixels for each of the 12.
        assert!(height <= 200 + 12 * 520, "{chart} is {height} pixels tall");
    }
    let (_, height, _) = decode_png(&dir.join("organizer_loss.png"));
    assert_eq!(height, 150 + 4 * 480, "four of the six losses drawn");
    let svg = fs::read_to_string(dir.join("organizer_loss.svg")).unwrap();
    assert!(
        svg.contains("The first 4 of 6 organizer losses"),
        "no word of the others"
    );
    let network = fs::read_to_string(dir.join("network.svg")).unwrap();
    assert!(
        network.contains(" more\n") && !network.contains("group 59"),
        "the legend of 60 groups runs off the chart"
    );
}

/// Spoils one data file of a fresh result with `spoil`, runs `plot`, and checks that it is
/// refused with exit 2 and a message holding `needles`, and that nothing was rewritten.
fn plot_refuses(spoil: impl FnOnce(&Path), needles: &[&str]) {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    spoil(&dir);
    // Every entry with its bytes (a folder as none).
    let snapshot = |dir: &Path| -> Vec<(String, Option<Vec<u8>>)> {
        entries(dir)
            .into_iter()
            .map(|name| {
                let bytes = fs::read(dir.join(&name)).ok();
                (name, bytes)
            })
            .collect()
    };
    let before = snapshot(&dir);
    let out = solidarity_in(root.path(), ["plot".as_ref(), dir.as_os_str()]);
    assert_bad_input(&out);
    let err = stderr(&out);
    for needle in needles {
        assert!(err.contains(needle), "lacks `{needle}`: {err}");
    }
    assert_eq!(snapshot(&dir), before, "a refused plot rewrote files");
}

#[test]
fn plot_refuses_data_files_that_break_the_contract_naming_file_and_place() {
    let header = |dir: &Path, name: &str| -> String {
        let text = fs::read_to_string(dir.join(name)).unwrap();
        text.lines().next().unwrap().to_string() + "\n"
    };
    plot_refuses(
        |dir| fs::write(dir.join("timeseries.csv"), "").unwrap(),
        &["timeseries.csv:1:1: has no header row"],
    );
    plot_refuses(
        |dir| {
            let only = header(dir, "timeseries.csv");
            fs::write(dir.join("timeseries.csv"), only).unwrap();
        },
        &[
            "timeseries.csv",
            "holds 0 of the 104 weeks",
            "ending at line 1",
        ],
    );
    plot_refuses(
        |dir| {
            // The last row cut away.
            let text = fs::read_to_string(dir.join("timeseries.csv")).unwrap();
            let cut = text.trim_end().rsplit_once('\n').unwrap().0.to_string() + "\n";
            fs::write(dir.join("timeseries.csv"), cut).unwrap();
        },
        &[
            "timeseries.csv",
            "holds 103 of the 104 weeks of strategy `solidarity` replicate 1",
        ],
    );
    plot_refuses(
        |dir| fs::write(dir.join("retention.csv"), "a,b,c\n1,2,3\n").unwrap(),
        &["retention.csv:1:1: the header has `a` where column `strategy` should be"],
    );
    plot_refuses(
        |dir| {
            let text = fs::read_to_string(dir.join("retention.csv")).unwrap();
            let swapped = text.replacen("at_risk,events", "events,at_risk", 1);
            fs::write(dir.join("retention.csv"), swapped).unwrap();
        },
        &["retention.csv:1:15: the header has `events` where column `at_risk` should be"],
    );
    plot_refuses(
        |dir| {
            fs::remove_file(dir.join("summary.csv")).unwrap();
            fs::create_dir(dir.join("summary.csv")).unwrap();
        },
        &["summary.csv: is not a file"],
    );
    plot_refuses(
        |dir| {
            let only = header(dir, "summary.csv");
            fs::write(dir.join("summary.csv"), only).unwrap();
        },
        &["summary.csv: holds no row of strategy `sorting`"],
    );
    plot_refuses(
        |dir| fs::write(dir.join("tenure.csv"), "who,when\n").unwrap(),
        &["tenure.csv:1:1: the header has `who`"],
    );
}

#[test]
fn plot_says_which_data_files_no_longer_match_their_sums() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    // An untouched result: not a word of warning.
    let out = solidarity_in(root.path(), ["plot".as_ref(), dir.as_os_str()]);
    assert_ok(&out);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // A row of tenure.csv removed: still the contract's shape, but not what the run wrote.
    let path = dir.join("tenure.csv");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.trim_end().rsplit_once('\n').unwrap().0.to_string() + "\n",
    )
    .unwrap();
    let out = solidarity_in(root.path(), ["plot".as_ref(), dir.as_os_str()]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("warning: ")
            && err.contains("tenure.csv no longer matches SHA256SUMS")
            && err.contains("the new SHA256SUMS records them so"),
        "{err}"
    );
    assert!(!err.contains("timeseries.csv"), "{err}");
}
