//! The charts of a result, drawn with plotters from its data files alone:
//! each as an SVG and a PNG.
//!
//! Every chart is a `Figure` in a file of its own; `style.rs` holds what they share
//! (font, strategy colours, frame) and `lines.rs` the panel of lines with bands that all
//! but the network picture are made of. A figure is drawn twice by the same code: once
//! into an SVG string, once into a pixel buffer at twice the size that is averaged down
//! to the PNG, so that its lines and text are smooth. Both are byte-identical from run to
//! run: nothing in them depends on the time, the machine or its fonts.

mod burnout;
pub mod data;
mod growth;
mod homophily;
mod layout;
mod lines;
mod network;
mod organizer_loss;
mod retention;
mod robustness;
pub mod style;
mod wellbeing;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Error;
use crate::scenario::Scenario;
use data::ResultData;

/// Every chart a result may have, in the order the report shows them; `chart_names` says
/// which a scenario gets.
pub const CHART_NAMES: [&str; 8] = [
    "burnout",
    "wellbeing",
    "retention",
    "organizer_loss",
    "robustness",
    "growth",
    "homophily",
    "network",
];

/// The charts of a result of `scenario`, in the order of `CHART_NAMES`: every one, but
/// `organizer_loss` only when the scenario has an organizer loss.
pub fn chart_names(scenario: &Scenario) -> Vec<&'static str> {
    Kind::of(scenario).map(Kind::name).collect()
}

/// The figures, one variant each, in the order of `CHART_NAMES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Burnout,
    Wellbeing,
    Retention,
    OrganizerLoss,
    Robustness,
    Growth,
    Homophily,
    Network,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::Burnout,
        Kind::Wellbeing,
        Kind::Retention,
        Kind::OrganizerLoss,
        Kind::Robustness,
        Kind::Growth,
        Kind::Homophily,
        Kind::Network,
    ];

    /// The figures a result of `scenario` has: a chart of what a scenario does not do
    /// would only say so.
    fn of(scenario: &Scenario) -> impl Iterator<Item = Kind> + '_ {
        Kind::ALL.into_iter().filter(|kind| match kind {
            Kind::OrganizerLoss => scenario.first_organizer_loss().is_some(),
            _ => true,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Burnout => burnout::Burnout::NAME,
            Kind::Wellbeing => wellbeing::Wellbeing::NAME,
            Kind::Retention => retention::Retention::NAME,
            Kind::OrganizerLoss => organizer_loss::OrganizerLoss::NAME,
            Kind::Robustness => robustness::Robustness::NAME,
            Kind::Growth => growth::Growth::NAME,
            Kind::Homophily => homophily::Homophily::NAME,
            Kind::Network => network::Network::NAME,
        }
    }

    fn size(self, scenario: &Scenario) -> (u32, u32) {
        match self {
            Kind::Burnout => burnout::Burnout.size(scenario),
            Kind::Wellbeing => wellbeing::Wellbeing.size(scenario),
            Kind::Retention => retention::Retention.size(scenario),
            Kind::OrganizerLoss => organizer_loss::OrganizerLoss.size(scenario),
            Kind::Robustness => robustness::Robustness.size(scenario),
            Kind::Growth => growth::Growth.size(scenario),
            Kind::Homophily => homophily::Homophily.size(scenario),
            Kind::Network => network::Network.size(scenario),
        }
    }

    fn render(self, data: &ResultData) -> Result<Chart, Error> {
        match self {
            Kind::Burnout => render(&burnout::Burnout, data),
            Kind::Wellbeing => render(&wellbeing::Wellbeing, data),
            Kind::Retention => render(&retention::Retention, data),
            Kind::OrganizerLoss => render(&organizer_loss::OrganizerLoss, data),
            Kind::Robustness => render(&robustness::Robustness, data),
            Kind::Growth => render(&growth::Growth, data),
            Kind::Homophily => render(&homophily::Homophily, data),
            Kind::Network => render(&network::Network, data),
        }
    }
}

/// A failure while drawing, with plotters' message.
#[derive(Debug)]
pub struct DrawError(pub(crate) String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// One chart: how to size and draw it, and what the report says of it.
trait Figure {
    const NAME: &'static str;
    fn title(&self, data: &ResultData) -> String;
    /// One plain sentence saying what the chart shows, for the report.
    fn sentence(&self, data: &ResultData) -> String;
    /// Width and height in pixels (of the SVG and of the PNG), from the scenario alone, so
    /// that the memory they take is known before a run (`drawing_bytes`).
    fn size(&self, scenario: &Scenario) -> (u32, u32);
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        data: &ResultData,
        pen: &style::Pen,
    ) -> Result<(), DrawError>;
}

/// A drawn chart.
pub struct Chart {
    pub name: &'static str,
    pub title: String,
    pub sentence: String,
    pub width: u32,
    pub height: u32,
    pub svg: String,
    pub png: Vec<u8>,
}

/// How much larger the PNG is drawn before it is averaged down.
pub(crate) const SUPERSAMPLE: u32 = 2;

/// Draws every chart of the result (`chart_names`), in that order. The charts are
/// independent, so they are drawn at the same time; each one's bytes depend on the data
/// alone.
pub fn draw_all(data: &ResultData) -> Result<Vec<Chart>, Error> {
    style::register_font().map_err(Error::Other)?;
    let kinds: Vec<Kind> = Kind::of(&data.scenario).collect();
    let mut drawn: Vec<Option<Result<Chart, Error>>> = kinds.iter().map(|_| None).collect();
    rayon::scope(|s| {
        for (slot, &kind) in drawn.iter_mut().zip(&kinds) {
            s.spawn(move |_| *slot = Some(kind.render(data)));
        }
    });
    drawn
        .into_iter()
        .map(|chart| chart.expect("every chart is drawn inside the scope"))
        .collect()
}

fn render<F: Figure>(figure: &F, data: &ResultData) -> Result<Chart, Error> {
    let failed = |e: DrawError| Error::Other(format!("cannot draw the {} chart: {}", F::NAME, e.0));
    let (width, height) = figure.size(&data.scenario);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        figure
            .draw(&root, data, &style::Pen { scale: 1 })
            .map_err(failed)?;
        root.present().map_err(|e| failed(e.into()))?;
    }
    let svg = style::valid_xml(svg);

    let (big_w, big_h) = (width * SUPERSAMPLE, height * SUPERSAMPLE);
    let mut big = pixel_buffer(big_w, big_h).map_err(failed)?;
    {
        let root = BitMapBackend::with_buffer(&mut big, (big_w, big_h)).into_drawing_area();
        figure
            .draw(&root, data, &style::Pen { scale: SUPERSAMPLE })
            .map_err(failed)?;
        root.present().map_err(|e| failed(e.into()))?;
    }
    let pixels = downsample(&big, width, height, SUPERSAMPLE);
    let png = encode_png(&pixels, width, height)
        .map_err(|e| Error::Other(format!("cannot encode the {} chart: {e}", F::NAME)))?;

    Ok(Chart {
        name: F::NAME,
        title: figure.title(data),
        sentence: figure.sentence(data),
        width,
        height,
        svg,
        png,
    })
}

/// The white-initialised RGB buffer a PNG is drawn into at `SUPERSAMPLE` times its size,
/// the largest allocation of drawing; a machine that cannot give it gets an error, not an
/// abort.
pub(crate) fn pixel_buffer(width: u32, height: u32) -> Result<Vec<u8>, DrawError> {
    let bytes = width as usize * height as usize * 3;
    let mut buffer = Vec::new();
    buffer.try_reserve_exact(bytes).map_err(|_| {
        DrawError(format!(
            "cannot allocate {} MiB for its {width} x {height} pixels",
            bytes >> 20
        ))
    })?;
    buffer.resize(bytes, 0);
    Ok(buffer)
}

/// Memory taken by drawing the charts of `scenario` with `at_once` of them drawn at the
/// same time (`draw_all` draws them on the rayon pool): the largest charts' pixel buffers,
/// each drawn at `SUPERSAMPLE` times its size and averaged down.
pub fn drawing_bytes(scenario: &Scenario, at_once: usize) -> u64 {
    let mut sizes: Vec<u64> = Kind::of(scenario)
        .map(|kind| kind.size(scenario))
        .map(|(w, h)| u64::from(w) * u64::from(h) * (3 * u64::from(SUPERSAMPLE * SUPERSAMPLE) + 3))
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.iter().take(at_once.max(1)).sum()
}

/// Averages each `factor × factor` block of an RGB image of `width·factor × height·factor`
/// pixels into one pixel, with integer arithmetic (rounded to nearest).
///
/// It sums whole rows of blocks at a time, reading the image in order: the plain loop
/// over each output byte's block cost more than drawing a small run's charts.
pub(crate) fn downsample(big: &[u8], width: u32, height: u32, factor: u32) -> Vec<u8> {
    let (w, h, f) = (width as usize, height as usize, factor as usize);
    let big_row = w * f * 3;
    assert_eq!(big.len(), big_row * h * f, "an image of the size given");
    let count = (f * f) as u32;
    let mut out = Vec::with_capacity(w * h * 3);
    let mut sums = vec![0u32; w * 3];
    for block_row in big.chunks_exact(big_row * f) {
        sums.fill(0);
        for row in block_row.chunks_exact(big_row) {
            // Each output pixel's `f` input pixels in this row, side by side.
            for (sum, block) in sums.chunks_exact_mut(3).zip(row.chunks_exact(f * 3)) {
                for pixel in block.chunks_exact(3) {
                    sum[0] += u32::from(pixel[0]);
                    sum[1] += u32::from(pixel[1]);
                    sum[2] += u32::from(pixel[2]);
                }
            }
        }
        out.extend(sums.iter().map(|&sum| ((sum + count / 2) / count) as u8));
    }
    out
}

/// An 8-bit RGB PNG with no metadata (no time, no text chunks).
pub(crate) fn encode_png(
    pixels: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, png::EncodingError> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(pixels)?;
        writer.finish()?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_names_are_the_figures_names_in_order() {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names, CHART_NAMES);
    }

    #[test]
    fn only_a_scenario_with_an_organizer_loss_has_its_chart() {
        let without = Scenario::parse("t", "t.toml", "[strategy.a]\n", &[]).unwrap();
        let names = chart_names(&without);
        assert!(!names.contains(&"organizer_loss"));
        assert_eq!(names.len(), CHART_NAMES.len() - 1);
        let loss = "[strategy.a]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 5\ntarget = \"all_initial\"\n";
        let with = Scenario::parse("t", "t.toml", loss, &[]).unwrap();
        assert_eq!(chart_names(&with), CHART_NAMES);
    }

    #[test]
    fn downsampling_averages_blocks() {
        // A 2x1 image drawn at 2x: left block black and white, right block all grey.
        let mut big = vec![0u8; 4 * 2 * 3];
        for (x, y, v) in [(0, 0, 0u8), (1, 0, 255), (0, 1, 0), (1, 1, 255)] {
            big[(y * 4 + x) * 3..(y * 4 + x) * 3 + 3].fill(v);
        }
        for x in 2..4 {
            for y in 0..2 {
                big[(y * 4 + x) * 3..(y * 4 + x) * 3 + 3].fill(100);
            }
        }
        assert_eq!(
            downsample(&big, 2, 1, 2),
            vec![128, 128, 128, 100, 100, 100]
        );
    }

    #[test]
    fn downsampling_matches_the_average_of_each_block() {
        let (w, h) = (7usize, 5usize);
        for f in 1..=3usize {
            let big: Vec<u8> = (0..w * f * h * f * 3)
                .map(|k| (k * 37 % 251) as u8)
                .collect();
            let expected: Vec<u8> = (0..h)
                .flat_map(|y| (0..w).map(move |x| (y, x)))
                .flat_map(|(y, x)| (0..3).map(move |c| (y, x, c)))
                .map(|(y, x, c)| {
                    let sum: u32 = (0..f * f)
                        .map(|k| {
                            let (by, bx) = (y * f + k / f, x * f + k % f);
                            u32::from(big[(by * w * f + bx) * 3 + c])
                        })
                        .sum();
                    let count = (f * f) as u32;
                    ((sum + count / 2) / count) as u8
                })
                .collect();
            assert_eq!(downsample(&big, w as u32, h as u32, f as u32), expected);
        }
    }

    #[test]
    fn png_has_no_time_or_text_chunks() {
        let png = encode_png(&[255; 12], 2, 2).unwrap();
        for chunk in [b"tIME", b"tEXt", b"iTXt", b"zTXt"] {
            assert!(!png.windows(4).any(|w| w == chunk), "{chunk:?}");
        }
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().width, 2);
    }
}
