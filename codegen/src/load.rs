//! Stage 1: read the document, JSON or YAML, and say which OpenAPI version it claims.
//!
//! Zoom's downloads say `openapi: 3.0.0` and its reference says `3.1.1`; both are accepted here and the
//! difference is settled in [`crate::convert`].

use serde_json::Value;

use crate::error::Error;
use crate::pointer;

/// The OpenAPI major.minor line a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenApiVersion {
    /// 3.0.x: `nullable`, boolean `exclusiveMinimum`, `example`.
    V30,
    /// 3.1.x: JSON Schema 2020-12 (type arrays, `const`, `examples`).
    V31,
}

/// A parsed document and the version it claims.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document, key order preserved.
    pub value: Value,
    /// The version line from its `openapi` field.
    pub version: OpenApiVersion,
}

/// Parses `text` as JSON (when it starts with `{`) or YAML, and checks the `openapi` field.
///
/// `file` is only used in error messages.
pub fn parse(file: &str, text: &str) -> Result<Document, Error> {
    let value = parse_value(file, text)?;
    let found = value
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let version = match found.as_deref() {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => OpenApiVersion::V30,
        Some(v) if v.starts_with("3.1.") || v == "3.1" => OpenApiVersion::V31,
        _ => {
            return Err(Error::UnsupportedVersion {
                file: file.to_owned(),
                found,
            });
        }
    };
    Ok(Document { value, version })
}

/// Parses JSON or YAML into a JSON value without looking at its content.
pub fn parse_value(file: &str, text: &str) -> Result<Value, Error> {
    read_value(text).map_err(|failure| Error::Parse {
        file: file.to_owned(),
        message: failure.message,
    })
}

/// The syntax a text was read as, named in parse errors.
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

/// Why a text is neither JSON nor YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    /// The syntax the text was read as (JSON when it starts with `{` or `[`).
    pub syntax: Syntax,
    /// The parser's message, with line and column where it gives them.
    pub message: String,
}

/// Reads JSON or YAML text into a JSON value: the one reader of the pipeline's documents, the
/// overlays and `cargo xtask diff`'s two sides, so that they all see the same value for the same
/// text.
///
/// Text that starts with `{` or `[` (after a byte-order mark and blanks) is read as JSON and, should
/// that fail, as YAML flow syntax, reporting the JSON error if both fail, since that is what the
/// author most likely wrote; anything else is read as YAML. YAML goes through `yaml_serde::Value`
/// first rather than straight into `serde_json::Value`: merge keys (`<<: *base`) are applied,
/// tags are dropped, and non-string mapping keys become their text, since a response written
/// `200:` has an integer key, which JSON has not. A mapping key that is itself a mapping or a
/// sequence is an error naming its JSON pointer.
pub fn read_value(text: &str) -> Result<Value, ParseFailure> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        match serde_json::from_str(trimmed) {
            Ok(value) => Ok(value),
            Err(json_error) => read_yaml(trimmed).map_err(|_| ParseFailure {
                syntax: Syntax::Json,
                message: json_error.to_string(),
            }),
        }
    } else {
        read_yaml(trimmed)
    }
}

fn read_yaml(text: &str) -> Result<Value, ParseFailure> {
    let yaml_error = |message: String| ParseFailure {
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
                .map(|(i, item)| yaml_to_json(item, &pointer::push_index(pointer, i)))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut map = serde_json::Map::new();
            for (key, item) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    Y::Tagged(tagged) => match tagged.value {
                        Y::String(s) => s,
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        _ => return Err(format!("mapping key at `{pointer}` is not a scalar")),
                    },
                    _ => return Err(format!("mapping key at `{pointer}` is not a scalar")),
                };
                let converted = yaml_to_json(item, &pointer::push(pointer, &key))?;
                map.insert(key, converted);
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_and_yaml_of_both_versions() {
        let json = parse("a.json", r#"{"openapi":"3.0.0","info":{}}"#).unwrap();
        assert_eq!(json.version, OpenApiVersion::V30);
        let yaml = parse("a.yaml", "openapi: 3.1.1\ninfo: {}\n").unwrap();
        assert_eq!(yaml.version, OpenApiVersion::V31);
    }

    #[test]
    fn yaml_keys_merges_and_tags_read_alike_in_documents_and_overlays() {
        // Before one reader, `load` kept `0x10:` as written and `<<: *base` as a key and refused
        // `!tag x` (and so did the overlays), while the diff made them `16`, merged `base` and
        // dropped the tag; the diff's side of this is in `diff::document`'s tests.
        let text = "responses:\n  200: {description: ok}\n  0x10: hex\nbase: &b {x: 1}\n\
                    merged:\n  <<: *b\n  y: !tag 2\n";
        let pipeline = parse_value("a.yaml", text).unwrap();
        assert_eq!(pipeline["responses"]["200"]["description"], "ok");
        assert_eq!(pipeline["responses"]["16"], "hex");
        assert_eq!(pipeline["merged"], serde_json::json!({"x": 1, "y": 2}));
        let overlay = format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: $.paths\n    \
             description: d\n    update:\n      {}",
            "responses: {200: {description: ok}, y: !tag 2}"
        );
        let overlay = crate::overlay::parse("o.yaml", &overlay).unwrap();
        assert_eq!(
            overlay.actions[0].modifier,
            crate::overlay::Modifier::Update(
                serde_json::json!({"responses": {"200": {"description": "ok"}, "y": 2}})
            )
        );
    }

    #[test]
    fn a_mapping_as_a_key_is_an_error_naming_where() {
        let failure = read_value("a:\n  ? [1, 2]\n  : x\n").unwrap_err();
        assert_eq!(failure.syntax, Syntax::Yaml);
        assert!(
            failure.message.contains("mapping key at `/a`"),
            "{failure:?}"
        );
        let json = read_value("{\"a\": [1, }").unwrap_err();
        assert_eq!(json.syntax, Syntax::Json);
    }

    #[test]
    fn refuses_other_versions_and_garbage() {
        let swagger = parse("s.json", r#"{"swagger":"2.0"}"#).unwrap_err();
        assert!(
            swagger
                .to_string()
                .contains("unsupported `openapi` version")
        );
        let broken = parse("b.json", "{\"openapi\": ").unwrap_err();
        assert!(
            broken
                .to_string()
                .starts_with("b.json: not a JSON or YAML document")
        );
    }
}
