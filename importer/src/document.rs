//! Assembles the OpenAPI document from the header, the rendered operations and the facts table.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::ImportError;
use crate::blocks::Header;
use crate::facts::OperationFacts;
use crate::operation::RenderedOperation;
use crate::report::Report;

/// Name of the security scheme, as Zoom's own document spells it.
pub(crate) const SECURITY_SCHEME: &str = "openapi_authorization";
/// Links Zoom's downloadable JSON puts in front of the scope lines of each description.
const SCOPES_LINK: &str = "https://developers.zoom.us/docs/integrations/oauth-scopes-overview/";
const GRANULAR_SCOPES_LINK: &str =
    "https://developers.zoom.us/docs/integrations/oauth-scopes-granular/";
const RATE_LIMIT_LINK: &str = "https://developers.zoom.us/docs/api/rest/rate-limits/";
/// Used when the header does not say.
const DEFAULT_OPENAPI_VERSION: &str = "3.1.1";

/// Builds the document. Every rendered operation must have facts and vice versa.
pub(crate) fn assemble(
    header: &Header,
    operations: &[RenderedOperation],
    facts: &[OperationFacts],
    report: &mut Report,
) -> Result<Value, ImportError> {
    let mut by_key: BTreeMap<(String, String), &OperationFacts> = BTreeMap::new();
    for fact in facts {
        let key = (fact.method.to_ascii_uppercase(), fact.path.clone());
        if by_key.insert(key, fact).is_some() {
            return Err(ImportError::DuplicateFacts {
                method: fact.method.clone(),
                path: fact.path.clone(),
            });
        }
    }

    let mut paths = Map::new();
    let mut tags: Vec<String> = Vec::new();
    for operation in operations {
        let key = (
            operation.method.to_ascii_uppercase(),
            operation.path.clone(),
        );
        let fact = by_key
            .remove(&key)
            .ok_or_else(|| ImportError::MissingFacts {
                line: operation.line,
                method: operation.method.clone(),
                path: operation.path.clone(),
            })?;
        if fact.tags != operation.tags {
            report.unplaced_at(
                operation.line,
                &operation.summary,
                format!(
                    "tags {:?} differ from the operations table's {:?}; the table's kept",
                    operation.tags, fact.tags
                ),
            );
        }
        for tag in &fact.tags {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        let item = paths
            .entry(operation.path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(item) = item else {
            continue;
        };
        let method = operation.method.to_ascii_lowercase();
        if item.contains_key(&method) {
            return Err(ImportError::DuplicateOperation {
                line: operation.line,
                method: operation.method.clone(),
                path: operation.path.clone(),
            });
        }
        item.insert(method, operation_object(operation, fact));
    }
    if let Some(((method, path), _)) = by_key.into_iter().next() {
        return Err(ImportError::UnusedFacts { method, path });
    }

    let mut document = Map::new();
    let openapi = header
        .openapi_version
        .as_deref()
        .unwrap_or(DEFAULT_OPENAPI_VERSION);
    document.insert("openapi".to_owned(), Value::from(openapi));
    let mut info = Map::new();
    info.insert("title".to_owned(), Value::from(header.title.clone()));
    info.insert(
        "description".to_owned(),
        Value::from(header.description.clone()),
    );
    info.insert(
        "version".to_owned(),
        Value::from(header.api_version.clone().unwrap_or_default()),
    );
    document.insert("info".to_owned(), Value::Object(info));
    let servers = header
        .servers
        .iter()
        .map(|url| object([("url", Value::from(url.clone()))]))
        .collect();
    document.insert("servers".to_owned(), Value::Array(servers));
    document.insert("security".to_owned(), security_requirement());
    let tags = tags
        .into_iter()
        .map(|name| object([("name", Value::from(name))]))
        .collect();
    document.insert("tags".to_owned(), Value::Array(tags));
    document.insert("paths".to_owned(), Value::Object(paths));
    let scheme = object([
        ("type", Value::from("http")),
        ("scheme", Value::from("bearer")),
        (
            "description",
            Value::from(
                "An OAuth 2.0 access token (Server-to-Server OAuth or user-authorised OAuth app) sent as `Authorization: Bearer <token>`.",
            ),
        ),
    ]);
    let components = object([("securitySchemes", object([(SECURITY_SCHEME, scheme)]))]);
    document.insert("components".to_owned(), components);
    Ok(Value::Object(document))
}

/// `[{"openapi_authorization": []}]`.
fn security_requirement() -> Value {
    Value::Array(vec![object([(SECURITY_SCHEME, Value::Array(Vec::new()))])])
}

fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

/// One operation object, keys in the order Zoom's JSON writes them.
fn operation_object(operation: &RenderedOperation, fact: &OperationFacts) -> Value {
    let mut object = Map::new();
    let tags = fact.tags.iter().cloned().map(Value::String).collect();
    object.insert("tags".to_owned(), Value::Array(tags));
    object.insert("summary".to_owned(), Value::from(operation.summary.clone()));
    object.insert(
        "description".to_owned(),
        Value::from(description(operation)),
    );
    object.insert(
        "operationId".to_owned(),
        Value::from(fact.operation_id.clone()),
    );
    if !fact.parameters.is_empty() {
        let parameters = fact
            .parameters
            .iter()
            .map(|parameter| parameter.to_openapi())
            .collect();
        object.insert("parameters".to_owned(), Value::Array(parameters));
    }
    if let Some(body) = &operation.request_body {
        let content = self::object([(body.media_type.as_str(), body.media_type_object())]);
        object.insert(
            "requestBody".to_owned(),
            self::object([("content", content)]),
        );
    }
    let mut responses = Map::new();
    for response in &operation.responses {
        let mut entry = Map::new();
        entry.insert(
            "description".to_owned(),
            Value::from(response.description.clone()),
        );
        if let Some(content) = &response.content {
            let media = self::object([(content.media_type.as_str(), content.media_type_object())]);
            entry.insert("content".to_owned(), media);
        }
        responses.insert(response.status.clone(), Value::Object(entry));
    }
    object.insert("responses".to_owned(), Value::Object(responses));
    object.insert("security".to_owned(), security_requirement());
    let strings =
        |values: &[String]| Value::Array(values.iter().cloned().map(Value::String).collect());
    object.insert(
        "x-extensions".to_owned(),
        self::object([
            ("x-macro-scopes", strings(&operation.scopes)),
            ("x-granular-scopes", strings(&operation.granular_scopes)),
        ]),
    );
    Value::Object(object)
}

/// The description with the scope and rate-limit lines appended as Zoom's JSON writes them.
fn description(operation: &RenderedOperation) -> String {
    let mut text = operation.description.clone();
    let quoted = |values: &[String]| {
        values
            .iter()
            .map(|value| format!("`{value}`"))
            .collect::<Vec<_>>()
            .join(",")
    };
    if !operation.scopes.is_empty() {
        text.push_str(&format!(
            "\n\n**[Scopes]({SCOPES_LINK}):** {}",
            quoted(&operation.scopes)
        ));
    }
    if !operation.granular_scopes.is_empty() {
        text.push_str(&format!(
            "\n\n**[Granular Scopes]({GRANULAR_SCOPES_LINK}):** {}",
            quoted(&operation.granular_scopes)
        ));
    }
    if let Some(label) = &operation.rate_limit_label {
        text.push_str(&format!(
            "\n\n**[Rate Limit Label]({RATE_LIMIT_LINK}):** `{label}`"
        ));
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.
mod tests {
    use super::*;

    fn rendered() -> RenderedOperation {
        RenderedOperation {
            line: 1,
            summary: "List address books".to_owned(),
            method: "GET".to_owned(),
            path: "/contact_center/address_books".to_owned(),
            tags: vec!["Address Books".to_owned()],
            description: "Return a list of all address books.".to_owned(),
            scopes: vec!["a:read:admin".to_owned(), "b:read:admin".to_owned()],
            granular_scopes: vec!["contact_center:read:list_address_books:admin".to_owned()],
            rate_limit_label: Some("MEDIUM".to_owned()),
            request_body: None,
            responses: Vec::new(),
        }
    }

    #[test]
    fn scope_lines_follow_zooms_json() {
        assert_eq!(
            description(&rendered()),
            "Return a list of all address books.\n\n**[Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes-overview/):** `a:read:admin`,`b:read:admin`\n\n**[Granular Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes-granular/):** `contact_center:read:list_address_books:admin`\n\n**[Rate Limit Label](https://developers.zoom.us/docs/api/rest/rate-limits/):** `MEDIUM`"
        );
    }

    #[test]
    fn operations_without_facts_are_an_error() {
        let header = Header::default();
        let mut report = Report::default();
        let result = assemble(&header, &[rendered()], &[], &mut report);
        assert!(matches!(result, Err(ImportError::MissingFacts { .. })));
    }
}
