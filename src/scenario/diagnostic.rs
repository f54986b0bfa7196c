//! Messages about bad scenarios: each names the file, the key by its dotted path, and
//! where the value came from — the line and column of the file, or the command line.
//!
//! Two kinds of failure reach here. The typed parse (serde) fails on broken syntax, a
//! value of the wrong type or an unknown key or kind; `serde_path_to_error` gives the key
//! path and the TOML parser the place. The checks of `validate.rs` fail on values out of
//! range or rules across keys; they know the keys, and `locate.rs` finds them in the text.

use crate::error::InputError;

use super::locate::{excerpt, key_span, location};
use super::schema::declared_range;
use super::validate::Invalid;

/// What the typed parse read: the file's own text, or the document after `--set`.
#[derive(Clone, Copy)]
pub enum Stage<'a> {
    File,
    AfterSet(&'a [String]),
}

/// The message for a failed typed parse of scenario `text` (read from `file`).
pub fn parse_error(
    file: &str,
    text: &str,
    error: serde_path_to_error::Error<toml::de::Error>,
    stage: Stage,
) -> InputError {
    let mut path = dotted(error.path());
    let inner = error.into_inner();
    let raw = inner.message().trim().replace('\n', "; ");
    let message = if let Some((name, expected)) = unknown("field", &raw) {
        // Serde's path may stop at the table holding the unknown key.
        if path.rsplit('.').next() != Some(name.as_str()) {
            path = join(&path, &name);
        }
        format!("unknown key `{path}`{}", hint(&name, &expected, "keys"))
    } else if let Some((name, expected)) = unknown("variant", &raw) {
        format!(
            "`{path}`: unknown value `{name}`{}",
            hint(&name, &expected, "values")
        )
    } else if let Some(name) = twice_defined_strategy(&raw) {
        format!("strategy `{name}` is defined twice; strategy names must be unique")
    } else if path.is_empty() {
        raw
    } else {
        format!("`{path}`: {}", plain_types(&path, &raw))
    };
    let mut err = InputError::new(file, message);
    match stage {
        Stage::File => {
            if let Some(span) = inner.span() {
                err.location = Some(location(text, span.start));
                err.excerpt = Some(excerpt(text, span));
            }
        }
        Stage::AfterSet(overrides) => place(&mut err, text, &path, overrides),
    }
    err
}

/// The message for a failed check of `validate.rs`.
pub fn invalid(file: &str, text: &str, invalid: Invalid, overrides: &[String]) -> InputError {
    let mut err = InputError::new(file, invalid.message);
    // Point at the first key the user wrote, on the command line or in the file; a
    // rule across keys names first the key most likely to be at fault.
    let written = invalid
        .keys
        .iter()
        .find(|k| set_by(overrides, k).is_some() || key_span(text, k).is_some());
    if let Some(key) = written {
        place(&mut err, text, key, overrides);
    }
    err
}

/// Says where `key` got its value: the command line, or its place in the file.
fn place(err: &mut InputError, text: &str, key: &str, overrides: &[String]) {
    if let Some(spec) = set_by(overrides, key) {
        err.message += &format!(" (set by --set {spec})");
    } else if let Some(span) = key_span(text, key) {
        err.location = Some(location(text, span.start));
        err.excerpt = Some(excerpt(text, span));
    }
}

/// The last `--set` that gave `key` its value.
fn set_by<'a>(overrides: &'a [String], key: &str) -> Option<&'a str> {
    overrides
        .iter()
        .rev()
        .find(|spec| spec.split_once('=').is_some_and(|(k, _)| k.trim() == key))
        .map(|spec| spec.trim())
}

/// The longest run of a message between punctuation that is shown whole.
const LONGEST_RUN: usize = 60;

/// `message` fit to read: control characters escaped, and every run of characters between
/// spaces and punctuation (a key, a value, a name) longer than `LONGEST_RUN` cut to its
/// first `LONGEST_RUN` characters and `…`. Messages echo what the user gave, and a
/// `--set` value of 100,000 characters would bury the message.
pub fn abridge(message: &str) -> String {
    let delimiter = |c: char| c.is_whitespace() || "`'\"()[]{},;:=.".contains(c);
    let mut out = String::with_capacity(message.len().min(4096));
    let mut run = 0;
    for c in message.chars() {
        if delimiter(c) && !c.is_control() {
            run = 0;
        } else {
            run += 1;
            if run == LONGEST_RUN + 1 {
                out.push('…');
            }
            if run > LONGEST_RUN {
                continue;
            }
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// The nearest of `candidates` to `word`, if it is near enough to be a likely slip: about
/// one slip in three letters, or the start of a longer name (`duration` for
/// `duration_weeks`). A word of one or two letters is no slip of another.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let allowed = (length / 3).max(1);
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let by_slip = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|&(d, _)| d <= allowed && d < length)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c);
    by_slip.or_else(|| {
        let mut started = candidates
            .iter()
            .filter(|c| length >= 4 && c.starts_with(word));
        match (started.next(), started.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// "; did you mean `x`?", or else the list of what is valid here.
fn hint(name: &str, expected: &[String], what: &str) -> String {
    match closest(name, expected.iter().map(String::as_str)) {
        Some(near) => format!("; did you mean `{near}`?"),
        None if expected.is_empty() => format!("; there are no {what} here"),
        None => {
            let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            format!("; the {what} here are {}", list.join(", "))
        }
    }
}

/// Serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant ..."): the
/// name given and the names expected.
fn unknown(what: &str, message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(&format!("unknown {what} `"))?;
    let (name, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((name.to_string(), expected))
}

/// The TOML parser's "duplicate key `a` in table `strategy`": a strategy named twice.
fn twice_defined_strategy(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("duplicate key `")?;
    let (name, rest) = rest.split_once('`')?;
    rest.starts_with(" in table `strategy`").then_some(name)
}

/// Serde names Rust types ("expected u32"); a scenario's author thinks in numbers, and
/// in the range the key itself takes, not the range of its type.
fn plain_types(path: &str, message: &str) -> String {
    let message = message.replace("missing field", "missing key");
    match (message.split_once(", expected "), declared_range(path)) {
        (Some((what, _)), Some(range)) => format!("{what}, expected {range}"),
        _ => message.replace("expected f64", "expected a number"),
    }
}

/// A serde path as a dotted key path, the form `--set` uses: `shock.0.week`.
fn dotted(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        let part = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        out = join(&out, &part);
    }
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_find_their_nearest_name() {
        let names = ["seed", "size", "screening", "broadcast", "years"];
        assert_eq!(closest("sede", names), Some("seed"));
        assert_eq!(closest("sizze", names), Some("size"));
        assert_eq!(closest("screenin", names), Some("screening"));
        assert_eq!(closest("broadcst", names), Some("broadcast"));
        assert_eq!(closest("nosuchtable", names), None);
        assert_eq!(closest("screen", names), Some("screening"));
        assert_eq!(
            closest("duration", ["duration_weeks", "week"]),
            Some("duration_weeks")
        );
        assert_eq!(closest("b", ["a", "c"]), None);
    }

    #[test]
    fn long_runs_are_cut_and_control_characters_escaped() {
        let long = "a".repeat(100_000);
        let cut = abridge(&format!(
            "`population.size`: invalid \"{long}\" (set by --set x={long})"
        ));
        assert!(cut.len() < 300, "{cut}");
        assert!(
            cut.contains(&format!("\"{}…\"", "a".repeat(LONGEST_RUN))),
            "{cut}"
        );
        assert!(
            cut.ends_with(&format!("x={}…)", "a".repeat(LONGEST_RUN))),
            "{cut}"
        );
        assert_eq!(abridge("a\nb\u{1}"), "a\\nb\\u{1}");
        let usual = "`strategy.sorting.mobilization.screening` = -1 is out of range [0, 100]";
        assert_eq!(abridge(usual), usual);
    }

    #[test]
    fn serde_unknown_messages_are_read() {
        let (name, expected) = unknown(
            "field",
            "unknown field `sede`, expected one of `seed`, `years`",
        )
        .unwrap();
        assert_eq!(name, "sede");
        assert_eq!(expected, ["seed", "years"]);
        let (_, expected) = unknown("field", "unknown field `x`, there are no fields").unwrap();
        assert!(expected.is_empty());
        assert!(unknown("variant", "invalid type: string").is_none());
    }
}
