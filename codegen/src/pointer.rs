//! RFC 6901 JSON pointers: the way every error and finding names the place at fault.
//!
//! Every finding, overlay report and error in `codegen` names a place in the spec with a pointer, so
//! a maintainer can paste it into `jq` or an editor and land on the exact node. `serde_json` only
//! *reads* pointers (`Value::pointer`); it does not build them, hence these few helpers.

/// Escapes one reference token (RFC 6901 section 3): `~` -> `~0`, then `/` -> `~1`.
///
/// The order matters: `~` first, otherwise the `~` introduced for `/` would be escaped again.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Reverses [`escape`] (RFC 6901 section 4: `~1` -> `/` first, then `~0` -> `~`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends an object member name to a pointer (`""` is the whole document).
pub fn push(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", escape(name))
}

/// Appends an array index to a pointer.
pub fn push_index(pointer: &str, index: usize) -> String {
    format!("{pointer}/{index}")
}

/// Builds a pointer from unescaped tokens, e.g. `["paths", "/a/{id}", "get"]` ->
/// `/paths/~1a~1{id}/get`.
pub fn from_segments<'a, I>(tokens: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    tokens
        .into_iter()
        .fold(String::new(), |acc, token| push(&acc, token))
}

/// Splits a pointer into its unescaped tokens; `""` gives none. `None` when `pointer` is neither
/// empty nor starts with `/` (not an RFC 6901 pointer).
pub fn segments(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn escapes_tilde_before_slash() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(escape("~1"), "~01");
        assert_eq!(unescape("~01"), "~1");
    }

    #[test]
    fn builds_and_splits_round_trip() {
        let pointer = from_segments(["paths", "/contact_center/users/{userId}", "get"]);
        assert_eq!(pointer, "/paths/~1contact_center~1users~1{userId}/get");
        let back = segments(&pointer).unwrap();
        assert_eq!(back, ["paths", "/contact_center/users/{userId}", "get"]);
        assert_eq!(push_index("/enum", 3), "/enum/3");
        assert_eq!(segments("no-slash"), None);
        assert_eq!(segments(""), Some(vec![]));
    }

    #[test]
    fn pointers_resolve_with_serde_json() {
        let doc = serde_json::json!({"a/b": {"c~d": [1, 2]}});
        let pointer = push_index(&from_segments(["a/b", "c~d"]), 1);
        assert_eq!(doc.pointer(&pointer), Some(&serde_json::json!(2)));
    }
}
