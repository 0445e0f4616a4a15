//! Text to [`Value`], and local `$ref` resolution.
//!
//! Zoom's downloads come as JSON or YAML; both are read into `serde_json::Value` so every later stage
//! sees one shape. YAML goes through `yaml_serde::Value` first rather than straight into
//! `serde_json::Value` because YAML allows non-string mapping keys: a response written `200:` has an
//! integer key, which `serde_json::Value` refuses. Such keys are turned into their text.

use serde_json::{Map, Value};

use super::{DiffError, Side};

/// The syntax a document was read as, named in parse errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Syntax {
    /// JSON (RFC 8259).
    Json,
    /// YAML 1.2.
    Yaml,
}

impl std::fmt::Display for Syntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Syntax::Json => "JSON",
            Syntax::Yaml => "YAML",
        })
    }
}

/// Parses a document written in JSON or YAML.
///
/// Text that starts with `{` is read as JSON (and, should that fail, as YAML flow syntax, reporting
/// the JSON error if both fail, since that is what the author most likely wrote); anything else is
/// read as YAML.
///
/// # Errors
/// [`DiffError::Parse`] with the parser's message (which carries the line and column).
pub fn parse_document(text: &str) -> Result<Value, DiffError> {
    if text.trim_start().starts_with('{') {
        match serde_json::from_str(text) {
            Ok(value) => Ok(value),
            Err(json_error) => parse_yaml(text).map_err(|_| DiffError::Parse {
                syntax: Syntax::Json,
                message: json_error.to_string(),
            }),
        }
    } else {
        parse_yaml(text)
    }
}

fn parse_yaml(text: &str) -> Result<Value, DiffError> {
    let yaml_error = |message: String| DiffError::Parse {
        syntax: Syntax::Yaml,
        message,
    };
    let mut value: yaml_serde::Value =
        yaml_serde::from_str(text).map_err(|e| yaml_error(e.to_string()))?;
    value.apply_merge().map_err(|e| yaml_error(e.to_string()))?;
    yaml_to_json(value, "").map_err(yaml_error)
}

/// Converts a YAML value; `pointer` locates it for the error message about a non-scalar key.
fn yaml_to_json(value: yaml_serde::Value, pointer: &str) -> Result<Value, String> {
    use yaml_serde::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                // NaN and infinities have no JSON form; their text keeps them comparable.
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &child(pointer, &i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, item) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => return Err(format!("mapping key at `{pointer}` is not a scalar")),
                };
                let converted = yaml_to_json(item, &child(pointer, &key))?;
                map.insert(key, converted);
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(super) fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
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
