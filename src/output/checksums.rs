//! `SHA256SUMS`: the SHA-256 of every file of a result, in the format of `sha256sum`, so
//! that `sha256sum -c SHA256SUMS` checks a result.

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

/// The files listed in the `SHA256SUMS` of `dir` that no longer match it, each with what
/// is wrong (changed, or missing), leaving out those for which `skip` holds (files about
/// to be written again). Nothing when there is no `SHA256SUMS` to compare with.
pub fn changed(dir: &Path, skip: impl Fn(&str) -> bool) -> Result<Vec<String>, Error> {
    let Ok(text) = fs::read_to_string(dir.join(SUMS)) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let Some((hash, name)) = line.split_once("  ") else {
            out.push(format!(
                "{SUMS} holds a line not in the format of sha256sum: `{line}`"
            ));
            continue;
        };
        if skip(name) {
            continue;
        }
        let path = dir.join(name);
        match fs::read(&path) {
            Ok(bytes) => {
                let digest: String = Sha256::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                if digest != hash {
                    out.push(format!(
                        "{} no longer matches {SUMS}: it was changed after the run wrote it",
                        path.display()
                    ));
                }
            }
            Err(_) => out.push(format!(
                "{} is listed in {SUMS} but cannot be read",
                path.display()
            )),
        }
    }
    Ok(out)
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

    #[test]
    fn files_that_no_longer_match_are_named() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        assert!(
            changed(dir, |_| false).unwrap().is_empty(),
            "no sums, no word"
        );
        for name in ["a.csv", "b.csv", "c.svg", "gone.csv"] {
            fs::write(dir.join(name), name).unwrap();
        }
        fs::write(dir.join(SUMS), render(dir).unwrap()).unwrap();
        assert!(changed(dir, |_| false).unwrap().is_empty());
        fs::write(dir.join("b.csv"), "edited").unwrap();
        fs::write(dir.join("c.svg"), "redrawn").unwrap();
        fs::remove_file(dir.join("gone.csv")).unwrap();
        let found = changed(dir, |name| name.ends_with(".svg")).unwrap();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].ends_with(
            "b.csv no longer matches SHA256SUMS: it was changed after the run wrote it"
        ));
        assert!(found[1].ends_with("gone.csv is listed in SHA256SUMS but cannot be read"));
    }
}
