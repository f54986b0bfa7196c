//! The library's errors. `main` prints them and picks the exit status: 2 for bad input,
//! 1 for anything else.

use std::path::PathBuf;

/// Input the user can fix: a scenario file, a flag, a `--set` value, an output directory
/// that may not be replaced.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct InputError {
    /// The file (or flag) the problem is in.
    pub source_name: String,
    pub message: String,
}

impl InputError {
    pub fn new(source_name: &str, message: impl Into<String>) -> InputError {
        InputError {
            source_name: source_name.to_string(),
            message: message.into(),
        }
    }
}

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

    /// The process exit status for this error (DESIGN 4.2).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Io { .. } | Error::Other(_) => 1,
        }
    }
}
