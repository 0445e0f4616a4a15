//! Reads the scopes and rate-limit label Zoom writes into each operation's description.
//!
//! Zoom's downloadable JSON has no structured field for these; it appends markdown such as
//! `**[Scopes](https://...):** \`a:read:admin\`,\`b:read\`` and
//! `**[Rate Limit Label](https://...):** \`MEDIUM\``. Older downloads write `**Scopes:** ...`.
//! Both spellings are read, so the generated rate-limit table works on a real download unchanged.

/// What the description says about authorisation and rate limiting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markers {
    /// Classic OAuth scopes, in the order written.
    pub scopes: Vec<String>,
    /// Granular OAuth scopes, in the order written.
    pub granular_scopes: Vec<String>,
    /// `LIGHT`, `MEDIUM`, `HEAVY`, `RESOURCE-INTENSIVE`, or whatever else Zoom writes.
    pub rate_limit_label: Option<String>,
}

/// Parses the markers out of an operation description; absent markers give empty values.
pub fn parse(description: &str) -> Markers {
    Markers {
        scopes: values_after(description, "Scopes"),
        granular_scopes: values_after(description, "Granular Scopes"),
        rate_limit_label: values_after(description, "Rate Limit Label")
            .into_iter()
            .next(),
    }
}

/// The backticked values that follow `**[label](...):**` or `**label:**`, up to the end of the
/// paragraph or the next marker.
fn values_after(description: &str, label: &str) -> Vec<String> {
    let linked = format!("**[{label}](");
    let plain = format!("**{label}:**");
    let start = match (description.find(&linked), description.find(&plain)) {
        (Some(at), _) => description[at..].find(":**").map(|end| at + end + 3),
        (None, Some(at)) => Some(at + plain.len()),
        (None, None) => None,
    };
    let Some(start) = start else {
        return Vec::new();
    };
    let rest = &description[start..];
    let end = [rest.find("\n\n"), rest.find("**")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    rest[..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|chunk| chunk.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_linked_markers() {
        let text = "Return a list.\n\n**[Scopes](https://x/):** `contact_center_contact:read:admin`,`b:read`\n\n\
                    **[Granular Scopes](https://y/):** `contact_center:read:list_address_books:admin`\n\n\
                    **[Rate Limit Label](https://z/):** `MEDIUM`";
        let markers = parse(text);
        assert_eq!(
            markers.scopes,
            ["contact_center_contact:read:admin", "b:read"]
        );
        assert_eq!(
            markers.granular_scopes,
            ["contact_center:read:list_address_books:admin"]
        );
        assert_eq!(markers.rate_limit_label.as_deref(), Some("MEDIUM"));
    }

    #[test]
    fn reads_plain_markers_and_tolerates_absence() {
        let markers = parse("Do it.\n\n**Scopes:** `a:write`\n\n**Rate Limit Label:** `HEAVY`\n");
        assert_eq!(markers.scopes, ["a:write"]);
        assert!(markers.granular_scopes.is_empty());
        assert_eq!(markers.rate_limit_label.as_deref(), Some("HEAVY"));
        assert_eq!(parse("nothing here"), Markers::default());
    }
}
