//! GraphML files of the whole community at a snapshot week: every resident
//! as a node, every tie as an edge, with typed `<key>` declarations so that Gephi,
//! NetworkX and igraph read the attributes with their types.
//!
//! A file describes the same state as that week's `timeseries.csv` row: it is written
//! from the snapshot taken right after the week's row is measured.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::measure::{Observer, RobustnessSnapshot, SpellRecord, WeekRow};
use crate::model::residents::Residents;
use crate::model::ties::Ties;

/// Folder of the GraphML files inside a result directory.
pub const NETWORKS_DIR: &str = "networks";

/// `networks/<strategy>-r<replicate>-w<week>.graphml` inside `dir`.
pub fn path(dir: &Path, strategy: &str, replicate: u32, week: u32) -> PathBuf {
    dir.join(format!("{strategy}-r{replicate}-w{week}.graphml"))
}

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="strategy" for="graph" attr.name="strategy" attr.type="string"/>
  <key id="replicate" for="graph" attr.name="replicate" attr.type="int"/>
  <key id="week" for="graph" attr.name="week" attr.type="int"/>
  <key id="resident" for="node" attr.name="resident" attr.type="int"/>
  <key id="group" for="node" attr.name="group" attr.type="int"/>
  <key id="opinion" for="node" attr.name="opinion" attr.type="double"/>
  <key id="energy" for="node" attr.name="energy" attr.type="double"/>
  <key id="commitment" for="node" attr.name="commitment" attr.type="double"/>
  <key id="state" for="node" attr.name="state" attr.type="string"/>
  <key id="removed" for="node" attr.name="removed" attr.type="boolean"/>
  <key id="strength" for="edge" attr.name="strength" attr.type="double"/>
  <key id="depth" for="edge" attr.name="depth" attr.type="int"/>
"#;

/// The GraphML text of the community. Node `n<i>` is resident `i`, and carries `i` as its
/// `resident`, the number `tenure.csv` and the network tables give it; residents removed by
/// a shock stay as nodes (state `departed`, `removed` true, no ties) so that ids mean the
/// same in every file. Reals are written in Rust's shortest exact form, so that a tie's
/// strength compares with the strong threshold exactly as in the run.
pub fn render(
    strategy: &str,
    replicate: u32,
    week: u32,
    residents: &Residents,
    ties: &Ties,
) -> String {
    let mut out = String::with_capacity(200 * residents.len() + 120 * ties.len());
    out.push_str(HEADER);
    // `write!` into a `String` cannot fail.
    let _ = writeln!(
        out,
        "  <graph id=\"{strategy}-r{replicate}-w{week}\" edgedefault=\"undirected\">\n    <data key=\"strategy\">{strategy}</data>\n    <data key=\"replicate\">{replicate}</data>\n    <data key=\"week\">{week}</data>"
    );
    for i in 0..residents.len() {
        let _ = writeln!(
            out,
            "    <node id=\"n{i}\"><data key=\"resident\">{i}</data><data key=\"group\">{}</data><data key=\"opinion\">{}</data><data key=\"energy\">{}</data><data key=\"commitment\">{}</data><data key=\"state\">{}</data><data key=\"removed\">{}</data></node>",
            residents.group[i],
            residents.opinion[i],
            residents.energy[i],
            residents.commitment[i],
            residents.state[i].name(),
            residents.removed[i],
        );
    }
    for (_, tie) in ties.iter() {
        let _ = writeln!(
            out,
            "    <edge source=\"n{}\" target=\"n{}\"><data key=\"strength\">{}</data><data key=\"depth\">{}</data></edge>",
            // The strength as the model compares it (f64), written to round-trip exactly.
            tie.a,
            tie.b,
            tie.strength(),
            tie.depth
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// Writes one snapshot's file into `dir` (the `networks` folder of a result).
pub fn write(
    dir: &Path,
    strategy: &str,
    replicate: u32,
    week: u32,
    residents: &Residents,
    ties: &Ties,
) -> Result<(), Error> {
    let file = path(dir, strategy, replicate, week);
    let text = render(strategy, replicate, week, residents, ties);
    fs::write(&file, text).map_err(|e| Error::io(&file, e))
}

/// The observer of one run that writes a GraphML file at each snapshot week into `dir`,
/// or nothing when `dir` is `None`. The first failure to write is kept (the run goes on
/// and writes no more) and taken back with `into_result` once the run is over.
pub struct GraphmlWriter {
    dir: Option<PathBuf>,
    strategy: String,
    replicate: u32,
    error: Option<Error>,
}

impl GraphmlWriter {
    pub fn new(dir: Option<&Path>, strategy: &str, replicate: u32) -> GraphmlWriter {
        GraphmlWriter {
            dir: dir.map(Path::to_path_buf),
            strategy: strategy.to_string(),
            replicate,
            error: None,
        }
    }

    /// Whether every file was written.
    pub fn into_result(self) -> Result<(), Error> {
        self.error.map_or(Ok(()), Err)
    }
}

impl Observer for GraphmlWriter {
    fn week(&mut self, _: &WeekRow) {}

    fn snapshot(&mut self, robustness: &RobustnessSnapshot, residents: &Residents, ties: &Ties) {
        if let (Some(dir), None) = (&self.dir, &self.error) {
            let (strategy, replicate, week) = (&self.strategy, self.replicate, robustness.week);
            self.error = write(dir, strategy, replicate, week, residents, ties).err();
        }
    }

    fn spell(&mut self, _: &SpellRecord) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::residents::State;

    #[test]
    fn nodes_and_edges_carry_typed_attributes() {
        let mut residents = Residents::default();
        for (state, removed) in [
            (State::Member, false),
            (State::Departed, true),
            (State::Organizer, false),
        ] {
            residents.state.push(state);
            residents.removed.push(removed);
            residents.group.push(1);
            residents.opinion.push(-0.25);
            residents.energy.push(0.1 + 0.2);
            residents.commitment.push(1.0);
        }
        let mut ties = Ties::plain(3);
        ties.add(0, 2, 0.5);
        let text = render("solidarity", 0, 51, &residents, &ties);
        assert!(text.contains(r#"<node id="n1"><data key="resident">1</data><data key="group">1</data><data key="opinion">-0.25</data><data key="energy">0.30000000000000004</data><data key="commitment">1</data><data key="state">departed</data><data key="removed">true</data></node>"#), "{text}");
        assert!(text.contains(r#"<edge source="n0" target="n2"><data key="strength">0.5</data><data key="depth">0</data></edge>"#));
        assert_eq!(text.matches("<node ").count(), 3);
        assert_eq!(text.matches("<edge ").count(), 1);
        assert!(text.ends_with("</graphml>\n"));
    }
}
