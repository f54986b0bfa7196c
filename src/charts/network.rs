//! `network`: a picture of each strategy's strong-tie network (replicate 0) at the two
//! moments of `Scenario::picture_weeks` (before and a year after the first organizer
//! loss, or before and at the end of a crisis, …), so that hub-and-spoke and mesh are told
//! apart at a glance.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::{Picture, ResultData, Role};
use super::layout::{self, MAX_NODES};
use super::style::{self, Entry, Pen, Swatch, INK, PANEL_TITLE_SIZE};
use super::{DrawError, Figure};
use crate::runner::name_hash;
use crate::scenario::{Scenario, Shock, WEEKS_PER_YEAR};

pub struct Network;

const CELL_HEIGHT: u32 = 520;
const HEADER_HEIGHT: u32 = 40;
const ROW_TITLE_HEIGHT: u32 = 34;
const EDGE: RGBColor = RGBColor(0x90, 0x90, 0x90);
const BURNED_OUT: RGBColor = RGBColor(0x9A, 0x9A, 0x9A);
const MEMBER_RADIUS: u32 = 4;
const ORGANIZER_RADIUS: u32 = 8;
/// Domain of the layout generator's seed ("layout").
const LAYOUT_DOMAIN: u64 = 0x6c61_796f_7574;

/// What a column shows, from the scenario's picture weeks (`Scenario::picture_weeks`).
fn column_title(data: &ResultData, k: usize, week: u32) -> String {
    let years = f64::from(week + 1) / f64::from(WEEKS_PER_YEAR);
    let when = format!("week {week}, {years:.1} years in");
    match data.scenario.picture_shock() {
        Some((_, shock)) if week < shock.week() => match shock {
            Shock::OrganizerLoss(_) => format!("Just before the organizers were lost: {when}"),
            Shock::Crisis(_) => format!("Just before the crisis: {when}"),
            Shock::PolarizingIssue(_) => format!("Just before the polarizing issue: {when}"),
        },
        Some((_, Shock::Crisis(_))) => format!("At the end of the crisis: {when}"),
        Some((_, Shock::OrganizerLoss(_))) => format!("A year after the loss: {when}"),
        Some((_, Shock::PolarizingIssue(_))) => format!("A year after the issue: {when}"),
        None if k == 0 => format!("Earlier: {when}"),
        None => format!("Later: {when}"),
    }
}

fn seed(scenario_seed: u64, strategy: &str, week: u32) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (k, word) in [
        scenario_seed,
        name_hash(strategy),
        u64::from(week),
        LAYOUT_DOMAIN,
    ]
    .iter()
    .enumerate()
    {
        bytes[k * 8..(k + 1) * 8].copy_from_slice(&word.to_le_bytes());
    }
    bytes
}

/// A picture laid out: each shown node's position in the unit square.
struct Placed<'a> {
    picture: &'a Picture,
    /// Indices into `picture.nodes` that are drawn.
    shown: Vec<usize>,
    /// Positions of `shown`, in the same order.
    positions: Vec<(f64, f64)>,
    /// Edges between drawn nodes, as indices into `shown`.
    edges: Vec<(usize, usize)>,
}

/// Lays out a picture, starting each resident where `earlier` placed them, if anywhere.
fn place<'a>(picture: &'a Picture, earlier: Option<&Placed>, seed: [u8; 32]) -> Placed<'a> {
    let index_of = |id: u32| picture.nodes.binary_search_by_key(&id, |n| n.resident).ok();
    let all_edges: Vec<(usize, usize)> = picture
        .edges
        .iter()
        .filter_map(|&(a, b)| Some((index_of(a)?, index_of(b)?)))
        .collect();
    let shown = layout::keep_best_connected(picture.nodes.len(), &all_edges, MAX_NODES);
    let mut slot = vec![usize::MAX; picture.nodes.len()];
    for (k, &i) in shown.iter().enumerate() {
        slot[i] = k;
    }
    let edges: Vec<(usize, usize)> = all_edges
        .iter()
        .map(|&(a, b)| (slot[a], slot[b]))
        .filter(|&(a, b)| a != usize::MAX && b != usize::MAX)
        .collect();
    let start = |k: usize| {
        let earlier = earlier?;
        let id = picture.nodes[shown[k]].resident;
        let j = earlier
            .shown
            .binary_search_by_key(&id, |&i| earlier.picture.nodes[i].resident)
            .ok()?;
        Some(earlier.positions[j])
    };
    let positions = layout::layout(shown.len(), &edges, start, seed);
    Placed {
        picture,
        shown,
        positions,
        edges,
    }
}

impl Figure for Network {
    const NAME: &'static str = "network";

    fn title(&self, _: &ResultData) -> String {
        "The network of strong ties: hub-and-spoke or mesh?".into()
    }

    fn sentence(&self, data: &ResultData) -> String {
        let when = match data.scenario.picture_shock() {
            Some((_, Shock::OrganizerLoss(_))) => {
                "just before the first loss of organizers and a year after it"
            }
            Some((_, Shock::Crisis(_))) => "just before the first crisis and in its last week",
            Some((_, Shock::PolarizingIssue(_))) => {
                "just before the first polarizing issue and a year after it"
            }
            None => "at the last two yearly snapshots",
        };
        format!(
            "Each dot is a member of the movement in the first replicate, {when}, coloured by identity group (large ringed dots are organizers, hollow grey ones are burned out); each line is a strong tie between two of them, so a hub-and-spoke movement shows as stars around a few organizers and a mesh as one web."
        )
    }

    fn size(&self, scenario: &Scenario) -> (u32, u32) {
        let rows = scenario.strategies.len() as u32;
        (1200, 160 + HEADER_HEIGHT + rows * CELL_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        data: &ResultData,
        pen: &Pen,
    ) -> Result<(), DrawError> {
        let mut legend: Vec<Entry> = (0..data.scenario.population.groups)
            .map(|g| Entry {
                label: style::group_label(g),
                swatch: Swatch::Dot {
                    fill: style::group_color(g),
                    ring: None,
                    radius: 6,
                },
            })
            .collect();
        legend.push(Entry {
            label: "organizer".into(),
            swatch: Swatch::Dot {
                fill: RGBColor(0xCC, 0xCC, 0xCC),
                ring: Some(INK),
                radius: ORGANIZER_RADIUS,
            },
        });
        legend.push(Entry {
            label: "burned out".into(),
            swatch: Swatch::Dot {
                fill: WHITE,
                ring: Some(BURNED_OUT),
                radius: 5,
            },
        });
        let body = style::frame(
            root,
            pen,
            &self.title(data),
            &legend,
            &style::caption(
                data,
                "First replicate: members, organizers and the burned out, with the strong ties among them, placed by a seeded force-directed layout.",
            ),
        )?;
        let weeks = data.scenario.picture_weeks();
        if weeks.is_empty() {
            return style::draw_notice(&body, pen, "This run took no snapshot to draw.");
        }
        let (header, grid) = body.split_vertically(pen.px(HEADER_HEIGHT));
        let columns = header.split_evenly((1, weeks.len()));
        for (k, (column, &week)) in columns.iter().zip(&weeks).enumerate() {
            let (width, height) = column.dim_in_pixel();
            column.draw_text(
                &column_title(data, k, week),
                &pen.font(PANEL_TITLE_SIZE)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
                ((width / 2) as i32, (height / 2) as i32),
            )?;
        }
        let cells = grid.split_evenly((data.scenario.strategies.len(), weeks.len()));
        let colors = style::colors(data);
        for (s, pictures) in data.pictures.iter().enumerate() {
            let name = &data.scenario.strategies[s].name;
            let mut earlier: Option<Placed> = None;
            for (k, picture) in pictures.iter().enumerate() {
                let placed = place(
                    picture,
                    earlier.as_ref(),
                    seed(data.scenario.seed, name, picture.week),
                );
                draw_cell(&cells[s * weeks.len() + k], pen, name, colors[s], &placed)?;
                earlier = Some(placed);
            }
        }
        Ok(())
    }
}

fn draw_cell<DB: DrawingBackend>(
    cell: &DrawingArea<DB, Shift>,
    pen: &Pen,
    strategy: &str,
    color: RGBColor,
    placed: &Placed,
) -> Result<(), DrawError> {
    let picture = placed.picture;
    let active = picture.nodes.iter().filter(|n| n.role.is_active()).count();
    let burned = picture.nodes.len() - active;
    let (title_band, canvas) = cell.split_vertically(pen.px(ROW_TITLE_HEIGHT));
    let (_, height) = title_band.dim_in_pixel();
    let left = pen.px_i(16);
    title_band.draw(&Rectangle::new(
        [
            (left, pen.px_i(6)),
            (left + pen.px_i(6), height as i32 - pen.px_i(6)),
        ],
        color.filled(),
    ))?;
    let title = format!(
        "{strategy}: {active} active, {burned} burned out, {} strong ties",
        picture.edges.len()
    );
    title_band.draw_text(
        &title,
        &pen.font(PANEL_TITLE_SIZE)
            .pos(Pos::new(HPos::Left, VPos::Center)),
        (left + pen.px_i(14), (height / 2) as i32),
    )?;
    let canvas = canvas.margin(pen.px(12), pen.px(12), pen.px(16), pen.px(16));
    canvas.draw(&Rectangle::new(
        [(0, 0), {
            let (w, h) = canvas.dim_in_pixel();
            (w as i32 - 1, h as i32 - 1)
        }],
        pen.line(RGBColor(0xEE, 0xEE, 0xEE), 1),
    ))?;
    if placed.shown.is_empty() {
        return style::draw_notice(&canvas, pen, "no one is in the movement");
    }
    if placed.shown.len() < picture.nodes.len() {
        // Cut to the best-connected nodes: say so in the cell.
        let (w, _) = canvas.dim_in_pixel();
        canvas.draw_text(
            &format!("the {} best-connected shown", placed.shown.len()),
            &pen.muted_font(style::LABEL_SIZE)
                .pos(Pos::new(HPos::Right, VPos::Top)),
            (w as i32 - pen.px_i(6), pen.px_i(6)),
        )?;
    }
    let (w, h) = canvas.dim_in_pixel();
    let pad = pen.px(ORGANIZER_RADIUS + 4) as f64;
    let side = (f64::from(w) - 2.0 * pad)
        .min(f64::from(h) - 2.0 * pad)
        .max(1.0);
    let (ox, oy) = ((f64::from(w) - side) / 2.0, (f64::from(h) - side) / 2.0);
    let at = |k: usize| {
        let (x, y) = placed.positions[k];
        (
            (ox + x * side).round() as i32,
            (oy + y * side).round() as i32,
        )
    };
    let edge_style = EDGE.mix(0.45).stroke_width(pen.px(1));
    for &(a, b) in &placed.edges {
        canvas.draw(&PathElement::new(vec![at(a), at(b)], edge_style))?;
    }
    // The burned out first, then members, then organizers on top.
    for layer in [Role::BurnedOut, Role::Member, Role::Organizer] {
        for (k, &i) in placed.shown.iter().enumerate() {
            let node = &picture.nodes[i];
            if node.role != layer {
                continue;
            }
            let center = at(k);
            let (radius, fill, ring) = match layer {
                Role::BurnedOut => (MEMBER_RADIUS, WHITE, Some((BURNED_OUT, 1))),
                Role::Member => (MEMBER_RADIUS, style::group_color(node.group), None),
                Role::Organizer => (
                    ORGANIZER_RADIUS,
                    style::group_color(node.group),
                    Some((INK, 2)),
                ),
            };
            canvas.draw(&Circle::new(center, pen.px(radius), fill.filled()))?;
            if let Some((color, width)) = ring {
                canvas.draw(&Circle::new(center, pen.px(radius), pen.line(color, width)))?;
            }
        }
    }
    Ok(())
}
