//! Places in a scenario's text: where a key is written, and how to show that place.
//!
//! The typed parse and the checks of `validate.rs` work on values; these functions find
//! the line and column of a key again, so that every message about a value read from a
//! file can point at it.

use std::ops::Range;

use toml_edit::{ImDocument, Item};

use crate::error::Location;

/// The byte range of the key at the dotted `path` (`strategy.sorting.mobilization.kind`,
/// `shock.0.week`) in `text`, if the text writes it. Strategies are table keys, shocks
/// the entries of the `[[shock]]` array, addressed by index.
pub fn key_span(text: &str, path: &str) -> Option<Range<usize>> {
    let document = ImDocument::parse(text).ok()?;
    let mut item: &Item = document.as_item();
    let mut span = None;
    for segment in path.split('.') {
        let (value, value_span) = match item.as_table_like() {
            Some(table) => {
                let (key, value) = table.get_key_value(segment)?;
                (value, key.span().or_else(|| value.span()))
            }
            None => {
                let value = item.get(segment.parse::<usize>().ok()?)?;
                (value, value.span())
            }
        };
        item = value;
        span = value_span;
    }
    span
}

/// The line and column (from 1, in characters) of a byte offset in `text`.
pub fn location(text: &str, offset: usize) -> Location {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// The line of `text` holding `span`, with carets under the span (on that line only):
///
/// ```text
///    7 | screening = -1.0
///      |             ^^^^
/// ```
pub fn excerpt(text: &str, span: Range<usize>) -> String {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let at = location(text, start);
    let lead = text[line_start..start].chars().count();
    let width = text[start..end.min(line_end)].chars().count().max(1);
    let number = at.line.to_string();
    let gutter = " ".repeat(number.len());
    format!(
        "{number:>4} | {line}\n{gutter:>4} | {}{}",
        " ".repeat(lead),
        "^".repeat(width)
    )
}

/// The largest char boundary at or below `offset` (`str::floor_char_boundary` is not
/// stable yet).
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "seed = 3\n\n[population]\nsize = 200\n\n[strategy.sorting.mobilization]\nscreening = -1.0\n\n[[shock]]\nkind = \"crisis\"\nweek = 3\n\n[[shock]]\nweek = 9\n";

    fn at(path: &str) -> Option<Location> {
        key_span(TEXT, path).map(|s| location(TEXT, s.start))
    }

    #[test]
    fn keys_are_found_by_their_dotted_path() {
        let loc = |line, column| Some(Location { line, column });
        assert_eq!(at("seed"), loc(1, 1));
        assert_eq!(at("population.size"), loc(4, 1));
        assert_eq!(at("strategy.sorting.mobilization.screening"), loc(7, 1));
        assert_eq!(at("shock.0.week"), loc(11, 1));
        assert_eq!(at("shock.1.week"), loc(14, 1));
        assert_eq!(at("shock.2.week"), None);
        assert_eq!(at("population.groups"), None);
        assert_eq!(at("seed.x"), None);
    }

    #[test]
    fn inline_tables_and_arrays_are_walked_too() {
        let text = "population = { size = 5 }\nshock = [{ kind = \"crisis\", week = 2 }]\n";
        let span = key_span(text, "population.size").unwrap();
        assert_eq!(&text[span], "size");
        let span = key_span(text, "shock.0.week").unwrap();
        assert_eq!(&text[span], "week");
    }

    #[test]
    fn locations_count_lines_and_characters_from_one() {
        assert_eq!(location("ab\ncd", 4), Location { line: 2, column: 2 });
        assert_eq!(location("é = 1", 2), Location { line: 1, column: 2 });
        assert_eq!(location("", 10), Location { line: 1, column: 1 });
    }

    #[test]
    fn an_excerpt_puts_carets_under_the_span() {
        let text = "a = 1\nscreening = -1.0\n";
        let start = text.find("-1.0").unwrap();
        let shown = excerpt(text, start..start + 4);
        assert_eq!(shown, "   2 | screening = -1.0\n     |             ^^^^");
    }
}
