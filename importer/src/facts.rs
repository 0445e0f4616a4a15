//! Reads the operations table (`operations.json`): operationId, tags and parameters per operation,
//! the facts the rendered reference leaves out.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::ImportError;

/// The table as published.
#[derive(Debug, Deserialize)]
struct Table {
    operations: Vec<OperationFacts>,
}

/// Facts about one operation.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct OperationFacts {
    /// Upper case, like the reference.
    pub(crate) method: String,
    pub(crate) path: String,
    #[serde(rename = "operationId")]
    pub(crate) operation_id: String,
    pub(crate) tags: Vec<String>,
    #[serde(default)]
    pub(crate) parameters: Vec<Parameter>,
}

/// One path or query parameter.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Parameter {
    pub(crate) name: String,
    #[serde(rename = "in")]
    pub(crate) location: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) required: bool,
    pub(crate) schema: Value,
}

impl Parameter {
    /// The OpenAPI parameter object: the table's fields less its `detail` note.
    pub(crate) fn to_openapi(&self) -> Value {
        let mut object = Map::new();
        object.insert("name".to_owned(), Value::from(self.name.clone()));
        object.insert("in".to_owned(), Value::from(self.location.clone()));
        if let Some(description) = &self.description {
            object.insert("description".to_owned(), Value::from(description.clone()));
        }
        object.insert("required".to_owned(), Value::from(self.required));
        object.insert("schema".to_owned(), self.schema.clone());
        Value::Object(object)
    }
}

/// Parses `operations.json`.
pub(crate) fn parse(text: &str) -> Result<Vec<OperationFacts>, ImportError> {
    let table: Table = serde_json::from_str(text).map_err(ImportError::OperationsTable)?;
    Ok(table.operations)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn drops_detail_and_keeps_schema_verbatim() {
        let text = r#"{"about": "x", "operations": [{"method": "GET", "path": "/a", "operationId": "getA", "tags": ["A"],
            "parameters": [{"name": "page_size", "in": "query", "required": false,
            "schema": {"maximum": 300, "type": "integer", "default": 30}, "detail": "detailed"}]}]}"#;
        let facts = parse(text).unwrap();
        assert_eq!(facts[0].operation_id, "getA");
        assert_eq!(
            facts[0].parameters[0].to_openapi(),
            json!({"name": "page_size", "in": "query", "required": false,
                   "schema": {"maximum": 300, "type": "integer", "default": 30}})
        );
    }

    #[test]
    fn malformed_table_is_an_error() {
        assert!(parse("{\"operations\": [{}]}").is_err());
    }
}
