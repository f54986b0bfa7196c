//! The library's errors. `main` prints them and picks the exit status: 2 for bad input,
//! 1 for anything else.

use std::fmt;
use std::path::PathBuf;

/// A place in a text file, both numbers from 1 as editors count them. The column counts
/// characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// Input the user can fix: a scenario file, a flag, a `--set` value, an output directory
/// that may not be replaced.
///
/// Its first line reads `FILE[:LINE:COLUMN]: MESSAGE`, so that editors and terminals can
/// jump to the place; an excerpt of the file with a caret under the place may follow.
#[derive(Debug)]
pub struct InputError {
    /// The file (or flag) the problem is in.
    pub source_name: String,
    /// Where in the file, when the problem was read from it.
    pub location: Option<Location>,
    pub message: String,
    /// The offending line of the file with a caret under the place, when there is one.
    pub excerpt: Option<String>,
}

impl InputError {
    pub fn new(source_name: &str, message: impl Into<String>) -> InputError {
        InputError {
            source_name: source_name.to_string(),
            location: None,
            message: message.into(),
            excerpt: None,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source_name)?;
        if let Some(at) = self.location {
            write!(f, ":{}:{}", at.line, at.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(excerpt) = &self.excerpt {
            write!(f, "\n{excerpt}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The process exit status for this error (`docs/INTERFACE.md`, "Exit status").
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Io { .. } | Error::Other(_) => 1,
        }
    }
}
