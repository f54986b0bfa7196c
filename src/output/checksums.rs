//! `SHA256SUMS`: the SHA-256 of every file of a result, in the format of `sha256sum`, so
//! that `sha256sum -c SHA256SUMS` checks a result (DESIGN 4.4).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::Error;

pub const SUMS: &str = "SHA256SUMS";

/// Every file under `dir` as a `/`-separated relative path, sorted; hidden files (the
/// temporary files of a write in progress) and `SHA256SUMS` itself are left out.
fn files(dir: &Path) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        let entries = fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&folder, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || (prefix.is_empty() && name == SUMS) {
                continue;
            }
            let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
            let relative = format!("{prefix}{name}");
            if kind.is_dir() {
                pending.push((entry.path(), format!("{relative}/")));
            } else {
                out.push(relative);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The text of `SHA256SUMS` for the files under `dir`.
pub fn render(dir: &Path) -> Result<String, Error> {
    let mut text = String::new();
    for relative in files(dir)? {
        let path = dir.join(&relative);
        let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let digest = Sha256::digest(&bytes);
        for byte in digest {
            let _ = write!(text, "{byte:02x}");
        }
        let _ = writeln!(text, "  {relative}");
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_file_but_itself_in_sha256sum_format() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        fs::write(dir.join("b.txt"), "abc").unwrap();
        fs::create_dir(dir.join("networks")).unwrap();
        fs::write(dir.join("networks").join("x.graphml"), "").unwrap();
        fs::write(dir.join(SUMS), "old").unwrap();
        fs::write(dir.join(".b.txt.tmp-1"), "partial").unwrap();
        let text = render(dir).unwrap();
        assert_eq!(
            text,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  b.txt\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  networks/x.graphml\n"
        );
    }
}
