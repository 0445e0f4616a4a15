//! Text to [`Value`], and local `$ref` resolution.
//!
//! Zoom's downloads come as JSON or YAML; both are read by the pipeline's one reader
//! ([`crate::load::read_value`]), so the diff sees the same value for a text as regenerate does.

use serde_json::Value;

use super::{DiffError, Side};

pub use crate::load::Syntax;
/// Appends one reference token to a JSON pointer (the crate's one pointer module).
pub(super) use crate::pointer::push as child;

/// Parses a document written in JSON or YAML, as [`crate::load::read_value`] does.
///
/// # Errors
/// [`DiffError::Parse`] with the parser's message (which carries the line and column).
pub fn parse_document(text: &str) -> Result<Value, DiffError> {
    crate::load::read_value(text).map_err(|failure| DiffError::Parse {
        syntax: failure.syntax,
        message: failure.message,
    })
}

/// How many `$ref` hops are followed before a chain is declared circular.
const MAX_REF_HOPS: usize = 32;

/// Follows local `$ref`s within one document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Resolver<'a> {
    pub(super) doc: &'a Value,
    pub(super) side: Side,
}

impl<'a> Resolver<'a> {
    /// The `$ref` target named by `value`, if it is a reference object, with its pointer.
    ///
    /// # Errors
    /// When the reference is external, does not resolve, or is not a string.
    pub(super) fn target(
        &self,
        value: &'a Value,
        pointer: &str,
    ) -> Result<Option<(&'a Value, String)>, DiffError> {
        let Some(reference) = value.get("$ref") else {
            return Ok(None);
        };
        let Some(reference) = reference.as_str() else {
            return Err(self.invalid(&child(pointer, "$ref"), "`$ref` is not a string"));
        };
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(DiffError::ExternalRef {
                side: self.side,
                pointer: pointer.to_owned(),
                reference: reference.to_owned(),
            });
        };
        let fragment = percent_decode(fragment);
        match self.doc.pointer(&fragment) {
            Some(target) => Ok(Some((target, fragment))),
            None => Err(DiffError::UnresolvedRef {
                side: self.side,
                pointer: pointer.to_owned(),
                reference: reference.to_owned(),
            }),
        }
    }

    /// Follows a chain of `$ref`s to a value that is not a reference.
    ///
    /// # Errors
    /// As [`Resolver::target`], and when the chain is longer than [`MAX_REF_HOPS`] (a cycle).
    pub(super) fn deref(
        &self,
        value: &'a Value,
        pointer: &str,
    ) -> Result<(&'a Value, String), DiffError> {
        let mut current = (value, pointer.to_owned());
        for _ in 0..MAX_REF_HOPS {
            match self.target(current.0, &current.1)? {
                Some(next) => current = next,
                None => return Ok(current),
            }
        }
        Err(self.invalid(pointer, "`$ref` chain does not end (circular references?)"))
    }

    pub(super) fn invalid(&self, pointer: &str, reason: &str) -> DiffError {
        DiffError::Invalid {
            side: self.side,
            pointer: pointer.to_owned(),
            reason: reason.to_owned(),
        }
    }
}

/// Decodes `%XX` escapes in a URI fragment (RFC 3986), leaving malformed escapes as written.
///
/// Hand-written because the only use is this one fragment, and a URL crate for it would be heavier
/// than these lines.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_text() {
        let value = parse_document("responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn yaml_reads_as_regenerate_reads_it() {
        // Before one reader, `load` kept `0x10:` as written and `<<: *base` as a key and refused
        // `!tag x`, while the diff made them `16`, merged `base` and dropped the tag.
        let text = "responses:\n  200: {description: ok}\n  0x10: hex\nbase: &b {x: 1}\n\
                    merged:\n  <<: *b\n  y: !tag 2\n";
        let diff = parse_document(text).unwrap();
        assert_eq!(diff, crate::load::parse_value("a.yaml", text).unwrap());
        assert_eq!(diff["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn broken_json_reports_the_json_error() {
        let err = parse_document("{\"a\": [1, }").unwrap_err();
        assert!(matches!(
            err,
            DiffError::Parse {
                syntax: Syntax::Json,
                ..
            }
        ));
    }

    #[test]
    fn percent_escapes_decode_and_malformed_ones_stay() {
        assert_eq!(
            percent_decode("/components/schemas/A%20B"),
            "/components/schemas/A B"
        );
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn ref_cycles_are_errors_not_hangs() {
        let doc = serde_json::json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}});
        let resolver = Resolver {
            doc: &doc,
            side: Side::Old,
        };
        assert!(matches!(
            resolver.deref(&doc["a"], "/a"),
            Err(DiffError::Invalid { .. })
        ));
    }
}
