//! Scopes, granular scopes and the rate-limit label of an operation, as sets for comparison.
//!
//! Read from the description by the pipeline's one reader of these facts
//! ([`crate::convert::markers::parse`]), so the diff reports what the generated operation table
//! holds: the same `<br>` handling, the same spellings, the same label normalisation.

use std::collections::BTreeSet;

/// What the description says about access and rate limiting.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Access {
    pub(super) scopes: BTreeSet<String>,
    pub(super) granular: BTreeSet<String>,
    pub(super) label: Option<String>,
}

/// Reads the labelled lines of an operation description (a document that is not a run's model:
/// the model's operations carry what `convert` read, see [`Access::from`]).
pub(super) fn parse(description: &str) -> Access {
    Access::from(&crate::convert::markers::parse(description))
}

impl From<&crate::convert::markers::Markers> for Access {
    fn from(markers: &crate::convert::markers::Markers) -> Self {
        Access {
            scopes: markers.scopes.iter().cloned().collect(),
            granular: markers.granular_scopes.iter().cloned().collect(),
            label: markers.rate_limit_label.clone(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn reads_what_convert_reads() {
        // Before one reader, convert read `HEAVY` as a scope here (it ignored `<br>`) and kept
        // `Medium` as written, while the diff did neither.
        let description = "**Scopes:** `a:read`<br>`b:read`<br>Rate Limit Label: `HEAVY`\n\
                           **Granular Scopes:** `g:read`<br>**Rate Limit Label:** `Medium`";
        let access = parse(description);
        let markers = crate::convert::markers::parse(description);
        assert_eq!(access.scopes, markers.scopes.iter().cloned().collect());
        assert_eq!(
            access.granular,
            markers.granular_scopes.iter().cloned().collect()
        );
        assert_eq!(access.label, markers.rate_limit_label);
        assert_eq!(access.scopes, set(&["a:read", "b:read"]));
        assert_eq!(access.label.as_deref(), Some("HEAVY"));
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }
}
