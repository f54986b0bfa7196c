//! `report.html` in a real browser: headless Chromium opens the page from
//! disk, with the network turned off, takes a screenshot that must not be blank, and dumps
//! the DOM after the page's own check has counted the images that loaded; and a sweep's
//! `report.html` loads with every chart decoded.
//!
//! The test needs a browser, so `cargo test` lists it as ignored (the suite runs on a
//! machine with only the Rust toolchain); `.ci/run` installs Debian's `chromium` when it
//! is missing and runs it explicitly (`cargo test --release --test browser -- --ignored`),
//! and there it fails, rather than skips, when no Chromium can be started. Set `CHROMIUM`
//! to use another binary.

mod cli_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cli_support::*;

/// The browser to run: `$CHROMIUM`, or the first of the usual names on `PATH`.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium found: install it (`apt-get install -y chromium`, as .ci/run does) or set CHROMIUM to a Chromium binary"
    );
}

/// Runs headless Chromium on `page` with `extra` flags and returns its stdout.
fn headless(page: &Path, profile: &Path, extra: &[String]) -> String {
    let url = format!("file://{}", page.display());
    let mut command = Command::new(chromium());
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null());
    let out = command.output().expect("Chromium starts");
    assert!(
        out.status.success(),
        "Chromium failed with {:?}:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `data-images` mark the page's own check set, from a DOM dump.
fn images_mark(dom: &str) -> &str {
    dom.lines()
        .find(|l| l.contains("<html"))
        .unwrap_or("no <html> element")
}

#[test]
#[ignore = "needs Chromium; .ci/run runs it with --ignored"]
fn a_sweeps_report_loads_in_a_browser_with_every_chart_decoded() {
    let root = tempfile::tempdir().unwrap();
    let text = format!(
        "{TINY}\n[sweep]\n\"strategy.sorting.mobilization.screening\" = [0.0, 3.0]\n\"strategy.sorting.mobilization.event_every_weeks\" = [2, 4]\n"
    );
    let scenario = write_scenario(root.path(), "swept", &text);
    let out = solidarity_in(
        root.path(),
        [
            "sweep".as_ref(),
            scenario.as_os_str(),
            "--out".as_ref(),
            "out".as_ref(),
            "--quiet".as_ref(),
        ],
    );
    assert_ok(&out);
    let page = root.path().join("out/report.html");
    let images = std::fs::read_to_string(&page)
        .unwrap()
        .matches("<img ")
        .count();
    assert!(images >= 2, "a chart per outcome and parameter ({images})");
    let dom = headless(
        &page,
        &root.path().join("profile"),
        &["--virtual-time-budget=10000".into(), "--dump-dom".into()],
    );
    assert!(
        dom.contains(&format!("data-images=\"{images}/{images}\"")),
        "not every chart loaded: {}",
        images_mark(&dom)
    );
    assert!(dom.contains("<section id=\"parameters\">"));
}

#[test]
#[ignore = "needs Chromium; .ci/run runs it with --ignored"]
fn the_report_renders_in_a_browser_with_every_image_loaded() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let page = dir.join("report.html");
    let profile = root.path().join("profile");

    // Every image decoded: the page marks itself once loaded.
    let dom = headless(
        &page,
        &profile,
        &["--virtual-time-budget=10000".into(), "--dump-dom".into()],
    );
    let images = CHART_NAMES.len();
    assert!(
        dom.contains(&format!("data-images=\"{images}/{images}\"")),
        "not every image loaded: {}",
        images_mark(&dom)
    );
    // Every chart has its section, the wellbeing chart among them, and so have the key
    // results, the strategies and the scenario's parameter table.
    for section in ["key-results", "strategies", "scenario"] {
        assert!(
            dom.contains(&format!("<section id=\"{section}\">")),
            "no section {section}"
        );
    }
    assert!(dom.contains("<th>strategy parameter</th>"));
    for chart in CHART_NAMES {
        assert!(
            dom.contains(&format!("<section id=\"{chart}\">")),
            "no section for {chart}"
        );
    }

    // The screenshot shows the page: mostly white, with text and the charts' colours.
    let shot = root.path().join("report.png");
    headless(
        &page,
        &profile,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,4000".into(),
        ],
    );
    let file = std::fs::File::open(&shot).expect("a screenshot was written");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("the screenshot is a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sized image")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected colour type {other:?}"),
    };
    assert_eq!((info.width, info.height), (1280, 4000));
    let pixels: Vec<[u8; 3]> = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let n = pixels.len() as f64;
    let mean: f64 = pixels.iter().map(|p| f64::from(p[0])).sum::<f64>() / n;
    let variance: f64 = pixels
        .iter()
        .map(|p| (f64::from(p[0]) - mean).powi(2))
        .sum::<f64>()
        / n;
    assert!(
        variance > 100.0,
        "the screenshot is blank (variance {variance})"
    );
    let dark = pixels.iter().filter(|p| p.iter().all(|&c| c < 80)).count();
    assert!(
        dark > 5_000,
        "hardly any text in the screenshot ({dark} dark pixels)"
    );
    // The first chart's lines, in sorting's vermillion, are on screen: the images show.
    let vermillion = pixels
        .iter()
        .filter(|p| p[0].abs_diff(0xD5) < 20 && p[1].abs_diff(0x5E) < 20 && p[2] < 30)
        .count();
    assert!(
        vermillion > 500,
        "the charts do not show ({vermillion} vermillion pixels)"
    );
}
