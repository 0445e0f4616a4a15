//! The feature list as users see it: the `[features]` entries of the crate's `Cargo.toml` and the
//! table in its README, both rewritten between markers on every run so they follow the document's
//! tags with no hand edit.

use super::{FULL, Features};
use crate::error::Error;

/// The line before the generated entries of `[features]`.
pub const MANIFEST_BEGIN: &str = "# begin: tag features (written by `cargo xtask regenerate`)";
/// The line after them.
pub const MANIFEST_END: &str = "# end: tag features";
/// The line before the generated feature table of the README.
pub const README_BEGIN: &str = "<!-- begin: tag features (written by `cargo xtask regenerate`) -->";
/// The line after it.
pub const README_END: &str = "<!-- end: tag features -->";

/// `manifest` with `full` and one feature per tag between the markers.
pub fn manifest(manifest: &str, features: &Features, file: &str) -> Result<String, Error> {
    let counts = features.operation_counts();
    let names: Vec<String> = counts.keys().map(|name| format!("\"{name}\"")).collect();
    let mut block = format!(
        "# Every operation of the API: all the features below.\n{FULL} = [{}]\n",
        names.join(", ")
    );
    for (name, count) in &counts {
        let tag = &features.tags[*name];
        block.push_str(&format!(
            "# Zoom's tag `{tag}`: {count} operation{}.\n{name} = []\n",
            plural(*count)
        ));
    }
    between(manifest, MANIFEST_BEGIN, MANIFEST_END, &block).ok_or_else(|| Error::Manifest {
        file: file.to_owned(),
        message: format!("no `{MANIFEST_BEGIN}` ... `{MANIFEST_END}` lines in [features]"),
    })
}

/// `readme` with the feature table between the markers.
pub fn readme(readme: &str, features: &Features, file: &str) -> Result<String, Error> {
    let mut block = String::from("| Feature | Zoom's tag | Operations |\n|---|---|---|\n");
    for (name, count) in features.operation_counts() {
        block.push_str(&format!(
            "| `{name}` | {} | {count} |\n",
            features.tags[name]
        ));
    }
    between(readme, README_BEGIN, README_END, &block).ok_or_else(|| Error::Manifest {
        file: file.to_owned(),
        message: format!("no `{README_BEGIN}` ... `{README_END}` lines"),
    })
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// `text` with the lines strictly between the `begin` and `end` lines replaced by `block`.
fn between(text: &str, begin: &str, end: &str, block: &str) -> Option<String> {
    let start = text.find(begin)? + begin.len();
    let start = start + text[start..].find('\n')? + 1;
    let stop = start + text[start..].find(end)?;
    Some(format!("{}{block}{}", &text[..start], &text[stop..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn features() -> Features {
        Features {
            tags: BTreeMap::from([
                ("queues".to_owned(), "Queues".to_owned()),
                ("sms".to_owned(), "SMS".to_owned()),
            ]),
            operations: BTreeMap::from([
                (
                    "get_queue".to_owned(),
                    BTreeSet::from(["queues".to_owned()]),
                ),
                (
                    "list_queues".to_owned(),
                    BTreeSet::from(["queues".to_owned()]),
                ),
                ("send_sms".to_owned(), BTreeSet::from(["sms".to_owned()])),
            ]),
        }
    }

    #[test]
    fn the_manifest_lists_full_and_one_feature_per_tag_between_the_markers() {
        let before = format!(
            "[features]\ndefault = [\"full\"]\n{MANIFEST_BEGIN}\nold = []\n{MANIFEST_END}\n\n[dependencies]\n"
        );
        let after = manifest(&before, &features(), "Cargo.toml").unwrap();
        assert_eq!(
            after,
            format!(
                "[features]\ndefault = [\"full\"]\n{MANIFEST_BEGIN}\n\
                 # Every operation of the API: all the features below.\n\
                 full = [\"queues\", \"sms\"]\n\
                 # Zoom's tag `Queues`: 2 operations.\nqueues = []\n\
                 # Zoom's tag `SMS`: 1 operation.\nsms = []\n\
                 {MANIFEST_END}\n\n[dependencies]\n"
            )
        );
        // Idempotent, and a manifest without the markers is an error naming the file.
        assert_eq!(manifest(&after, &features(), "Cargo.toml").unwrap(), after);
        let error = manifest("[features]\n", &features(), "generated/Cargo.toml").unwrap_err();
        assert!(error.to_string().starts_with("generated/Cargo.toml: no `"));
    }

    #[test]
    fn the_readme_table_follows_the_tags() {
        let before = format!("# Crate\n\n{README_BEGIN}\n{README_END}\n");
        let after = readme(&before, &features(), "README.md").unwrap();
        assert!(after.contains("| `queues` | Queues | 2 |\n| `sms` | SMS | 1 |\n"));
        assert!(readme("# Crate\n", &features(), "README.md").is_err());
    }
}
