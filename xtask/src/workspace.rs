//! The only place that touches the workspace's files.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The workspace root, found when the xtask runs, never from a path compiled into it: cargo does
/// not rebuild a workspace member whose checkout moved with its `target/` and file times (`mv`,
/// `cp -a`, a restored CI cache), and a compiled-in path would then make the old binary read and
/// write the other checkout.
///
/// `cargo xtask` runs the binary with `CARGO_MANIFEST_DIR` set to the xtask crate's directory
/// (its parent is the root); a binary started by hand walks up from the current directory to the
/// first `Cargo.toml` with a `[workspace]` table.
pub(crate) fn root() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)
        && let Some(parent) = dir.parent()
        && is_workspace_root(parent)
    {
        return Ok(parent.to_path_buf());
    }
    let cwd = std::env::current_dir().context("reading the current directory")?;
    cwd.ancestors()
        .find(|dir| is_workspace_root(dir))
        .map(Path::to_path_buf)
        .with_context(|| {
            format!(
                "no Cargo.toml with a [workspace] table in {} or above: run the xtask inside the \
                 workspace",
                cwd.display()
            )
        })
}

fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
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

/// The overlay files of a directory ([`codegen::overlay::is_overlay_file`]) as (file name, text),
/// sorted by file name. A missing directory means no overlays.
pub(crate) fn overlay_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    if !dir.exists() {
        return Ok(files);
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if codegen::overlay::is_overlay_file(&name) {
            files.push((name, read(&path)?));
        }
    }
    files.sort();
    Ok(files)
}

/// The paths of a directory's entries.
pub(crate) fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        paths.push(entry?.path());
    }
    Ok(paths)
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

/// `git show <object>` run at the workspace root, so `rev:path` paths are taken from the root.
pub(crate) fn git_show(root: &Path, object: &str) -> Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", object])
        .output()
        .context("running git (is it installed?)")?;
    if !output.status.success() {
        bail!(
            "`git show {object}` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).with_context(|| format!("`git show {object}` is not UTF-8"))
}

/// The overlays committed at `rev` in `dir` (relative to the root), as [`overlay_files`] reads
/// them from the working tree: `*.yaml` / `*.yml` except `lint-*`, sorted by file name. A revision
/// without the directory has no overlays.
pub(crate) fn git_overlay_files(
    root: &Path,
    rev: &str,
    dir: &str,
) -> Result<Vec<(String, String)>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-tree", "--name-only", rev, "--"])
        .arg(format!("{dir}/"))
        .output()
        .context("running git (is it installed?)")?;
    if !output.status.success() {
        bail!(
            "`git ls-tree {rev} {dir}/` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let listing = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut files = Vec::new();
    for path in listing.lines() {
        let name = path.rsplit('/').next().unwrap_or(path);
        let is_overlay =
            (name.ends_with(".yaml") || name.ends_with(".yml")) && !name.starts_with("lint-");
        if is_overlay {
            files.push((name.to_owned(), git_show(root, &format!("{rev}:{path}"))?));
        }
    }
    files.sort();
    Ok(files)
}
