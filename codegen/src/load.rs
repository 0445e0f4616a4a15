//! Stage 1: read the document, JSON or YAML, and say which OpenAPI version it claims.
//!
//! Zoom's downloads say `openapi: 3.0.0` and its reference says `3.1.1`; both are accepted here and the
//! difference is settled in [`crate::convert`].

use serde_json::Value;

use crate::error::Error;

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
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let result = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        serde_json::from_str::<Value>(trimmed).map_err(|e| e.to_string())
    } else {
        yaml_serde::from_str::<Value>(trimmed).map_err(|e| e.to_string())
    };
    result.map_err(|message| Error::Parse {
        file: file.to_owned(),
        message,
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
