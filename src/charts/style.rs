//! What every chart shares: the font, the colour of each strategy, pixel sizes at either
//! resolution, and the frame of a figure (title, legend, caption).

use std::sync::OnceLock;

use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::data::ResultData;
use super::DrawError;
use crate::scenario::Preset;

/// DejaVu Sans (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`), compiled in so
/// that a PNG renders the same on a machine with no fonts at all.
const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The family the font is registered under. plotters writes it as the SVG `font-family`,
/// so a browser without DejaVu Sans falls back to its own sans-serif.
pub const FONT: &str = "DejaVu Sans, sans-serif";

/// Registers the font with plotters, once per process.
pub fn register_font() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES)
                .map_err(|_| "the bundled font cannot be read".to_string())
        })
        .clone()
}

/// The palette of strategies: Okabe–Ito's, safe for colour blindness, without its yellow
/// (too pale on white), then five darker colours of Paul Tol's, so that the most
/// strategies a scenario may have (`MAX_STRATEGIES`, twelve) each have their own.
const PALETTE: [RGBColor; crate::scenario::MAX_STRATEGIES] = [
    RGBColor(0xD5, 0x5E, 0x00), // vermillion: sorting
    RGBColor(0x00, 0x9E, 0x73), // bluish green: solidarity
    RGBColor(0x00, 0x72, 0xB2), // blue: hybrid
    RGBColor(0xE6, 0x9F, 0x00), // orange: organizing
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0x88, 0x22, 0x55), // wine
    RGBColor(0x33, 0x22, 0x88), // indigo
    RGBColor(0x99, 0x99, 0x33), // olive
    RGBColor(0x44, 0xAA, 0x99), // teal
    RGBColor(0x8C, 0x51, 0x0A), // brown
];

/// The palette's `k`-th colour (wrapping), for figures that are not of strategies.
pub fn palette_color(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

/// The colour of each strategy of `names` (in scenario order), by name, so that a
/// strategy looks the same in every scenario: a preset's name (`sorting`, `solidarity`,
/// `hybrid`, `organizing`) always has its own of the first four colours; any other name
/// takes, in scenario order, the first colour not yet taken, first among the eight no
/// preset owns and then among those of the presets the scenario does not name. Twelve
/// names, the most a scenario has, get twelve different colours.
pub fn strategy_colors<S: AsRef<str>>(names: &[S]) -> Vec<RGBColor> {
    let preset_slot = |name: &str| Preset::ALL.iter().position(|p| p.name() == name);
    let named: Vec<Option<usize>> = names.iter().map(|n| preset_slot(n.as_ref())).collect();
    let presets = Preset::ALL.len();
    let mut free =
        (presets..PALETTE.len()).chain((0..presets).filter(|slot| !named.contains(&Some(*slot))));
    named
        .iter()
        .map(|slot| match slot {
            Some(slot) => PALETTE[*slot],
            // More names than colours cannot pass validation; wrap all the same.
            None => free.next().map_or(PALETTE[0], |slot| PALETTE[slot]),
        })
        .collect()
}

/// The colour of each strategy of a result, in scenario order (`strategy_colors`).
pub fn colors(data: &ResultData) -> Vec<RGBColor> {
    strategy_colors(&data.strategy_names())
}

/// The name of identity group `g` in the network picture's legend: the number the group
/// has in the data (`group` in `network_nodes.csv` and the GraphML files, 0 to
/// `population.groups` − 1), so that the legend and the files read alike.
pub fn group_label(g: u32) -> String {
    format!("group {g}")
}

/// Colour of identity group `g` in the network picture: Paul Tol's muted palette, apart
/// from the strategy colours.
pub fn group_color(g: u32) -> RGBColor {
    const PALETTE: [RGBColor; 8] = [
        RGBColor(0x33, 0x22, 0x88), // indigo
        RGBColor(0x88, 0xCC, 0xEE), // cyan
        RGBColor(0xDD, 0xCC, 0x77), // sand
        RGBColor(0xCC, 0x66, 0x77), // rose
        RGBColor(0x11, 0x77, 0x33), // green
        RGBColor(0xAA, 0x44, 0x99), // purple
        RGBColor(0x44, 0xAA, 0x99), // teal
        RGBColor(0x99, 0x99, 0x33), // olive
    ];
    PALETTE[g as usize % PALETTE.len()]
}

pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
pub const MARKER: RGBColor = RGBColor(0x88, 0x88, 0x88);

/// Opacity of the 95% bands.
pub const BAND_OPACITY: f64 = 0.18;

/// Pixel sizes at a resolution: `scale` 1 for the SVG, 2 for the PNG, which is drawn at
/// twice the size and averaged down so that its lines are smooth.
#[derive(Clone, Copy, Debug)]
pub struct Pen {
    pub scale: u32,
}

impl Pen {
    pub fn px(&self, size: u32) -> u32 {
        size * self.scale
    }

    pub fn px_i(&self, size: i32) -> i32 {
        size * self.scale as i32
    }

    pub fn font(&self, size: u32) -> TextStyle<'static> {
        (FONT, f64::from(self.px(size))).into_font().color(&INK)
    }

    pub fn muted_font(&self, size: u32) -> TextStyle<'static> {
        (FONT, f64::from(self.px(size))).into_font().color(&MUTED)
    }

    pub fn line(&self, color: RGBColor, width: u32) -> ShapeStyle {
        color.stroke_width(self.px(width))
    }

    /// The look every line panel's axes and grid share: fonts, a light grid, muted axes.
    pub fn style_mesh<'m, 'a, 'b, X, Y, DB>(
        &self,
        mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    ) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
    where
        X: Ranged,
        Y: Ranged,
        DB: DrawingBackend,
    {
        mesh.label_style(self.font(LABEL_SIZE))
            .axis_desc_style(self.font(AXIS_SIZE))
            .bold_line_style(self.line(GRID, 1))
            .light_line_style(TRANSPARENT)
            .axis_style(self.line(MUTED, 1))
            .set_all_tick_mark_size(self.px(4))
    }
}

/// The width in pixels of `text` in the charts' font at `size` (at scale 1); the font must
/// be registered (`register_font`).
pub fn text_width(text: &str, size: u32) -> Option<u32> {
    FontDesc::new(FontFamily::Name(FONT), f64::from(size), FontStyle::Normal)
        .box_size(text)
        .ok()
        .map(|(width, _)| width)
}

/// Sizes of the text of every chart, at scale 1.
pub const TITLE_SIZE: u32 = 26;
pub const PANEL_TITLE_SIZE: u32 = 19;
pub const LABEL_SIZE: u32 = 15;
pub const AXIS_SIZE: u32 = 16;
pub const CAPTION_SIZE: u32 = 14;
pub const LEGEND_SIZE: u32 = 17;

/// Height of the title band, the legend band and the caption band, at scale 1.
const TITLE_HEIGHT: u32 = 48;
const LEGEND_HEIGHT: u32 = 34;
const CAPTION_HEIGHT: u32 = 48;

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    Line(RGBColor),
    Dashed(RGBColor),
    Dot {
        fill: RGBColor,
        ring: Option<RGBColor>,
        radius: u32,
    },
}

/// A legend entry.
pub struct Entry {
    pub label: String,
    pub swatch: Swatch,
}

/// The legend of strategies: one coloured line each.
pub fn strategy_legend(data: &ResultData) -> Vec<Entry> {
    data.strategy_names()
        .iter()
        .zip(colors(data))
        .map(|(name, color)| Entry {
            label: (*name).to_string(),
            swatch: Swatch::Line(color),
        })
        .collect()
}

/// Text from the user (a file name, a swept value) as a chart shows it: each control
/// character as U+FFFD. XML allows none of C0 but tab and line breaks, so one would make
/// the SVG unreadable, and none has a glyph to draw in the PNG.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// An SVG with every character XML 1.0 does not allow replaced by U+FFFD, a last guard
/// behind `printable`: a chart must parse whatever text reached it. A chart without such
/// characters is unchanged.
pub fn valid_xml(svg: String) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
    };
    if svg.chars().all(allowed) {
        return svg;
    }
    svg.chars()
        .map(|c| if allowed(c) { c } else { '\u{fffd}' })
        .collect()
}

/// The caption under every chart: what was run, and what a line and a band are.
pub fn caption(data: &ResultData, what: &str) -> String {
    let s = &data.scenario;
    format!(
        "Scenario \u{201c}{}\u{201d}, seed {}, {} replicate{} of {} years. {what}",
        s.name,
        s.seed,
        s.replicates,
        if s.replicates == 1 { "" } else { "s" },
        s.years,
    )
}

/// The usual caption of a chart of means over replicates.
pub const MEAN_BAND: &str = "Lines: mean over replicates; bands: 95% confidence interval.";

/// Draws the frame of a figure — white background, title, legend, caption, each made
/// `printable` — and returns the area left for its panels.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pen: &Pen,
    title: &str,
    legend: &[Entry],
    caption: &str,
) -> Result<DrawingArea<DB, Shift>, DrawError> {
    let (title, caption) = (printable(title), printable(caption));
    root.fill(&WHITE)?;
    let (width, _) = root.dim_in_pixel();
    let (top, rest) = root.split_vertically(pen.px(TITLE_HEIGHT));
    top.draw_text(
        &title,
        &pen.font(TITLE_SIZE)
            .pos(Pos::new(HPos::Center, VPos::Center)),
        ((width / 2) as i32, pen.px_i(TITLE_HEIGHT as i32 / 2 + 4)),
    )?;
    let rest = if legend.is_empty() {
        rest
    } else {
        let (band, rest) = rest.split_vertically(pen.px(LEGEND_HEIGHT));
        draw_legend(&band, pen, legend)?;
        rest
    };
    let (_, height) = rest.dim_in_pixel();
    let (body, bottom) = rest.split_vertically(height.saturating_sub(pen.px(CAPTION_HEIGHT)));
    let font = pen.muted_font(CAPTION_SIZE);
    let fits = |text: &str| {
        bottom
            .estimate_text_size(text, &font)
            .map(|(w, _)| w + pen.px(40) <= width)
    };
    let lines = if fits(&caption)? {
        vec![caption]
    } else {
        split_in_two(&caption)
    };
    let line_height = pen.px_i(CAPTION_SIZE as i32 + 4);
    let first = pen.px_i(CAPTION_HEIGHT as i32 / 2) - line_height * (lines.len() as i32 - 1) / 2;
    for (k, line) in lines.iter().enumerate() {
        bottom.draw_text(
            line,
            &font.pos(Pos::new(HPos::Center, VPos::Center)),
            ((width / 2) as i32, first + line_height * k as i32),
        )?;
    }
    Ok(body)
}

/// Splits text in two at the space nearest its middle.
fn split_in_two(text: &str) -> Vec<String> {
    let middle = text.len() / 2;
    let split = text
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(middle));
    match split {
        Some(i) => vec![text[..i].to_string(), text[i + 1..].to_string()],
        None => vec![text.to_string()],
    }
}

/// Draws a one-line legend centred in `area`.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    entries: &[Entry],
) -> Result<(), DrawError> {
    let font = pen.font(LEGEND_SIZE);
    let swatch_width = pen.px_i(30);
    let gap = pen.px_i(8);
    let spacing = pen.px_i(30);
    let labels: Vec<String> = entries.iter().map(|e| printable(&e.label)).collect();
    let widths: Vec<i32> = labels
        .iter()
        .map(|label| area.estimate_text_size(label, &font).map(|(w, _)| w as i32))
        .collect::<Result<_, _>>()?;
    let (width, height) = area.dim_in_pixel();
    // Entries that do not fit on the line (the groups of a town with many) are left out
    // and counted at its end, so that the legend never runs off the chart.
    let room = width as i32 - 2 * spacing;
    let more = |hidden: usize| format!("and {hidden} more");
    let width_of = |shown: usize| -> Result<i32, DrawError> {
        let hidden = entries.len() - shown;
        let mut total = widths[..shown]
            .iter()
            .map(|w| swatch_width + gap + w)
            .sum::<i32>()
            + spacing * (shown as i32 - 1).max(0);
        if hidden > 0 {
            total += spacing + area.estimate_text_size(&more(hidden), &font)?.0 as i32;
        }
        Ok(total)
    };
    let mut shown = entries.len();
    while shown > 1 && width_of(shown)? > room {
        shown -= 1;
    }
    let total = width_of(shown)?;
    let mut x = (width as i32 - total) / 2;
    let y = height as i32 / 2;
    if shown < entries.len() {
        let label = more(entries.len() - shown);
        let w = area.estimate_text_size(&label, &font)?.0 as i32;
        area.draw_text(
            &label,
            &font.pos(Pos::new(HPos::Left, VPos::Center)),
            (x + total - w, y),
        )?;
    }
    for ((entry, label), w) in entries.iter().zip(&labels).zip(widths).take(shown) {
        match entry.swatch {
            Swatch::Line(color) => {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + swatch_width, y)],
                    pen.line(color, 4),
                ))?;
            }
            Swatch::Dashed(color) => {
                let dash = swatch_width / 4;
                for k in [0, 2] {
                    area.draw(&PathElement::new(
                        vec![(x + k * dash, y), (x + (k + 1) * dash + dash / 2, y)],
                        pen.line(color, 2),
                    ))?;
                }
            }
            Swatch::Dot { fill, ring, radius } => {
                let center = (x + swatch_width / 2, y);
                area.draw(&Circle::new(center, pen.px(radius), fill.filled()))?;
                if let Some(ring) = ring {
                    area.draw(&Circle::new(center, pen.px(radius), pen.line(ring, 2)))?;
                }
            }
        }
        area.draw_text(
            label,
            &font.pos(Pos::new(HPos::Left, VPos::Center)),
            (x + swatch_width + gap, y),
        )?;
        x += swatch_width + gap + w + spacing;
    }
    Ok(())
}

/// Text shown in a panel that has nothing to draw.
pub fn draw_notice<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    text: &str,
) -> Result<(), DrawError> {
    let (width, height) = area.dim_in_pixel();
    area.draw_text(
        text,
        &pen.muted_font(PANEL_TITLE_SIZE)
            .pos(Pos::new(HPos::Center, VPos::Center)),
        ((width / 2) as i32, (height / 2) as i32),
    )?;
    Ok(())
}

/// A number of people or weeks on an axis.
pub fn whole(v: &f64) -> String {
    format!("{:.0}", v)
}

/// A share on an axis, as a percentage.
pub fn percent(v: &f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// A value on an axis with up to two decimals.
pub fn decimal(v: &f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_name_keeps_its_colour_wherever_it_stands() {
        let first = strategy_colors(&["solidarity", "sorting"]);
        let second = strategy_colors(&["sorting", "solidarity"]);
        assert_eq!(first[0], second[1]);
        assert_eq!(first[1], second[0]);
        assert_eq!(strategy_colors(&["x", "solidarity"])[1], first[0]);
        let presets = strategy_colors(&["organizing", "hybrid", "solidarity", "sorting"]);
        assert_eq!(presets, [PALETTE[3], PALETTE[2], PALETTE[1], PALETTE[0]]);
    }

    #[test]
    fn other_names_take_the_free_colours_in_order_and_all_differ() {
        let colors = strategy_colors(&["a", "sorting", "b"]);
        assert_eq!(colors, [PALETTE[4], PALETTE[0], PALETTE[5]]);
        assert_eq!(
            colors,
            strategy_colors(&["a", "sorting", "b"]),
            "the same each time"
        );
        // Twelve names: eight take the free colours, then the absent presets' ones.
        let names: Vec<String> = (0..11)
            .map(|k| format!("s{k}"))
            .chain(["hybrid".to_string()])
            .collect();
        let colors = strategy_colors(&names);
        assert_eq!(colors[11], PALETTE[2]);
        assert_eq!(colors[8], PALETTE[0], "the first absent preset's colour");
        for (k, c) in colors.iter().enumerate() {
            assert!(!colors[..k].contains(c), "{} shares a colour", names[k]);
        }
    }
}
