//! Stage 5: run progenitor on the converted document and derive the crate's other generated parts.
//!
//! progenitor emits the client, its builders and the types. Beside it this stage emits the
//! per-operation table (rate-limit label, scopes) and the pagination streams, both derived from the
//! same facts, so they can never disagree with the methods they describe.

use std::panic::{AssertUnwindSafe, catch_unwind};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;

use crate::convert::{BodyKind, Converted, ERROR_BODY_SCHEMA};
use crate::error::Error;
use crate::timings::Timings;

mod pagination;
mod table;

/// The generated parts of the client crate, as syntax trees (formatting is the next stage).
#[derive(Debug, Clone)]
pub struct GeneratedCode {
    /// progenitor's client, builders and types, post-processed.
    pub client: syn::File,
    /// The per-operation table the runtime reads.
    pub operations: syn::File,
    /// `stream()` methods on the builders of paginated operations.
    pub pagination: syn::File,
    /// How many type names became aliases of a same-shaped type.
    pub merged: usize,
    /// How many typify struct builders were kept and removed.
    pub pruned: crate::prune::Pruned,
    /// Operations that were expected to page but whose generated shapes did not fit; with reasons.
    pub skipped_pagination: Vec<(String, String)>,
    /// (enum type, value and the other spellings it decodes), see [`crate::spellings`].
    pub enum_aliases: Vec<(String, crate::spellings::Alternates)>,
    /// (struct type, property and the other spellings it decodes), see [`crate::aliases`].
    pub field_aliases: Vec<(String, crate::spellings::Alternates)>,
}

/// The settings every generation uses. Presentation choices live here, not in the document:
/// builder-style methods (Zoom's list operations take up to a dozen optional filters), the hand-written
/// runtime as progenitor's inner type, its hooks required (so a missing runtime is a compile error), and
/// the shared error body replaced by the runtime's lenient type.
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote! { crate::runtime::Runtime })
        .with_hooks(HooksMode::Expected)
        .with_replacement(
            ERROR_BODY_SCHEMA,
            "crate::runtime::ApiErrorBody",
            std::iter::empty(),
        );
    settings
}

/// Generates the client from a converted document.
pub fn generate(converted: &Converted) -> Result<GeneratedCode, Error> {
    generate_timed(converted, &mut Timings::default())
}

/// [`generate`], recording the wall time of each sub-step.
pub fn generate_timed(
    converted: &Converted,
    timings: &mut Timings,
) -> Result<GeneratedCode, Error> {
    let spec: openapiv3::OpenAPI = timings
        .time("generate: read as openapiv3", || {
            serde_path_to_error::deserialize(&converted.document)
        })
        .map_err(|e| Error::Converted {
            pointer: dotted_to_pointer(&e.path().to_string()),
            message: e.inner().to_string(),
        })?;
    let tokens = match timings.time("generate: progenitor", || run_progenitor(&spec)) {
        Ok(tokens) => tokens,
        Err(message) => {
            return Err(locate_failure(&converted.document).unwrap_or(Error::Progenitor(message)));
        }
    };
    let mut client: syn::File = timings
        .time("generate: parse tokens", || syn::parse2(tokens))
        .map_err(|e| Error::Syntax(e.to_string()))?;
    let merged = timings.time("generate: merge same-shaped types", || {
        crate::dedup::dedup_types(&mut client)
    });
    let pruned = timings.time("generate: prune builders", || {
        crate::prune::prune_builders(&mut client)
    });
    timings.time("generate: optional setters take the value", || {
        crate::setters::unwrap_optional_setters(&mut client)
    });
    timings.time("generate: trim docs", || {
        crate::format::trim_docs(&mut client)
    });
    // Docs before enums: the docs pass reads each variant's `#[serde(rename)]`, which the enums
    // pass replaces.
    timings.time("generate: fill docs", || crate::docs::fill(&mut client));
    let field_aliases = timings.time("generate: field aliases", || {
        crate::aliases::add_field_aliases(&mut client, &converted.spellings)
    });
    let enums = timings.time("generate: forward-compatible enums", || {
        crate::enums::make_forward_compatible_with(&mut client, &converted.spellings)
    });

    let operations = timings.time("generate: operation table", || {
        table::render(&converted.operations)
    })?;
    let (pagination, skipped_pagination) = timings.time("generate: pagination", || {
        pagination::render(&client, &converted.operations)
    })?;
    Ok(GeneratedCode {
        client,
        merged,
        pruned,
        operations,
        pagination,
        skipped_pagination,
        enum_aliases: enums.aliases,
        field_aliases,
    })
}

/// Runs progenitor. It and typify answer some inputs with a panic (`todo!`, `assert!`, `unwrap`);
/// the convert stage exists so that they never do, and this is the last line of defence, turning a
/// panic into an error instead of a crash.
fn run_progenitor(spec: &openapiv3::OpenAPI) -> Result<proc_macro2::TokenStream, String> {
    let settings = settings();
    catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(spec)
    }))
    .map_err(|payload| format!("it panicked: {}", panic_message(&*payload)))?
    .map_err(|e| e.to_string())
}

/// progenitor's errors do not say where they come from. When the whole document fails, generate each
/// operation alone to name the first one at fault, with its pointer.
fn locate_failure(document: &serde_json::Value) -> Option<Error> {
    let paths = document.get("paths")?.as_object()?;
    for (path, item) in paths {
        for (method, operation) in item.as_object()? {
            let mut single = document.clone();
            let mut only = serde_json::Map::new();
            let mut methods = serde_json::Map::new();
            methods.insert(method.clone(), operation.clone());
            only.insert(path.clone(), serde_json::Value::Object(methods));
            single["paths"] = serde_json::Value::Object(only);
            let Ok(spec) = serde_json::from_value::<openapiv3::OpenAPI>(single) else {
                continue;
            };
            if let Err(message) = run_progenitor(&spec) {
                let id = operation
                    .get("x-zoom-operation-id")
                    .and_then(serde_json::Value::as_str);
                let key = crate::names::operation_key(method, path);
                return Some(Error::Unsupported {
                    location: crate::error::Location {
                        operation: Some(match id {
                            Some(id) => format!("{key} ({id})"),
                            None => key,
                        }),
                        pointer: format!("/paths/{}/{method}", crate::pointer::escape(path)),
                    },
                    message: format!("progenitor could not generate this operation: {message}"),
                });
            }
        }
    }
    None
}

/// Method names of the operations served by hand-written code instead of progenitor.
pub fn hand_written(converted: &Converted) -> Vec<&str> {
    converted
        .operations
        .iter()
        .filter(|op| op.body == BodyKind::Multipart)
        .map(|op| op.method_name.as_str())
        .collect()
}

pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_owned()
    }
}

/// serde_path_to_error prints `paths./a.get.responses`; turn that into a JSON pointer.
fn dotted_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    // Path keys contain dots only inside path templates; good enough to point a human at the spot.
    let mut pointer = String::new();
    for token in path.split('.') {
        pointer.push('/');
        pointer.push_str(&crate::pointer::escape(token));
    }
    pointer
}

pub(crate) fn parse_file(source: proc_macro2::TokenStream) -> Result<syn::File, Error> {
    syn::parse2(source).map_err(|e| Error::Syntax(e.to_string()))
}
