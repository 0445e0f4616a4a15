//! The only place that touches the workspace's files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The workspace root (the xtask crate sits one level below it).
pub(crate) fn root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or(manifest_dir)
}

pub(crate) fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

pub(crate) fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// `*.yaml` / `*.yml` files of the overlay directory as (file name, text), sorted by file name.
/// A missing directory means no overlays.
pub(crate) fn overlay_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    if !dir.exists() {
        return Ok(files);
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        let is_overlay = path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && path
                .file_name()
                .is_some_and(|n| !n.to_string_lossy().starts_with("lint-"));
        if is_overlay {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, read(&path)?));
        }
    }
    files.sort();
    Ok(files)
}

/// Writes every file through a temporary sibling and renames them only once all are written, then
/// removes `leftovers`: a failure part-way leaves the previous files in place, never a half-written
/// tree.
pub(crate) fn write_all(files: &[(PathBuf, &str)], leftovers: &[PathBuf]) -> Result<()> {
    let mut staged = Vec::new();
    for (path, content) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let mut temporary = path.clone().into_os_string();
        temporary.push(".xtask-tmp");
        let temporary = PathBuf::from(temporary);
        if let Err(e) = std::fs::write(&temporary, content) {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            return Err(e).with_context(|| format!("writing {}", temporary.display()));
        }
        staged.push((temporary, path));
    }
    for (temporary, path) in staged {
        std::fs::rename(&temporary, path)
            .with_context(|| format!("renaming {} to {}", temporary.display(), path.display()))?;
    }
    for path in leftovers {
        std::fs::remove_file(path).with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(())
}
