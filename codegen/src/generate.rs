//! Stage 5: run progenitor on the converted document and derive the crate's other generated parts.
//!
//! progenitor emits the client, its builders and the types. Beside it this stage emits the
//! per-operation table (rate-limit label, scopes) and the pagination streams, both derived from the
//! same facts, so they can never disagree with the methods they describe.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::Value;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;

use crate::convert::shapes::{self, Alias, Shapes};
use crate::convert::{BodyKind, Converted, ERROR_BODY_SCHEMA};
use crate::error::Error;
use crate::timings::Timings;

mod pagination;
mod quiet;
mod table;
mod type_aliases;

/// The generated parts of the client crate, as syntax trees (formatting is the next stage).
#[derive(Debug, Clone)]
pub struct GeneratedCode {
    /// progenitor's client, builders and types, post-processed.
    pub client: syn::File,
    /// The per-operation table the runtime reads.
    pub operations: syn::File,
    /// `stream()` methods on the builders of paginated operations.
    pub pagination: syn::File,
    /// The type names merged away, each now an alias of a same-shaped type (`convert::shapes`).
    pub aliases: Vec<Alias>,
    /// How many typify struct builders were kept and removed.
    pub pruned: crate::prune::Pruned,
    /// Operations that were expected to page but whose generated shapes did not fit; with reasons.
    pub skipped_pagination: Vec<(String, String)>,
    /// (enum type, value and the other spellings it decodes), see [`crate::spellings`].
    pub enum_aliases: Vec<(String, crate::spellings::Alternates)>,
    /// (struct type, property and the other spellings it decodes), see [`crate::aliases`].
    pub field_aliases: Vec<(String, crate::spellings::Alternates)>,
    /// The crate's feature per tag, and which operations each enables.
    pub features: crate::features::Features,
    /// How many items the feature gating gave a cfg ([`gate_features`]; the webhook document's
    /// payload types are not gated).
    pub gated: crate::features::Gated,
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
    // progenitor reads the document with each shape defined once. The merge is derived from the
    // converted document here, where progenitor needs it; the other readers of the document (the
    // diff, the lint, Prism) keep each operation's own schemas and never pay for it.
    let shapes = timings.time("generate: merge same shapes (convert::shapes)", || {
        shapes::merge(&converted.document, &[ERROR_BODY_SCHEMA])
    });
    generate_from(converted, &shapes, timings)
}

/// Generates the client with every inline schema its own type, as typify names it: what
/// [`generate`] gives without merging shapes. `tests/tests/shapes.rs` checks the merge's mirror of
/// typify's naming against it.
pub fn generate_without_merging(converted: &Converted) -> Result<GeneratedCode, Error> {
    let shapes = Shapes {
        document: converted.document.clone(),
        aliases: Vec::new(),
    };
    generate_from(converted, &shapes, &mut Timings::default())
}

/// progenitor on `shapes.document`, its aliases written beside typify's types, then the passes.
fn generate_from(
    converted: &Converted,
    shapes: &Shapes,
    timings: &mut Timings,
) -> Result<GeneratedCode, Error> {
    // A fault is located in the operation's own schemas, where the maintainer reads it.
    let spec = timings
        .time("generate: read as openapiv3", || {
            read_spec(&shapes.document)
        })
        .map_err(|error| located_or(&converted.document, error))?;
    let tokens = match timings.time("generate: progenitor", || run_progenitor(&spec)) {
        Ok(tokens) => tokens,
        Err(message) => {
            return Err(located_or(&converted.document, Error::Progenitor(message)));
        }
    };
    let mut client: syn::File = timings
        .time("generate: parse tokens", || syn::parse2(tokens))
        .map_err(|e| Error::Syntax(e.to_string()))?;
    timings.time("generate: aliases of merged shapes", || {
        type_aliases::add(&mut client, &shapes.aliases)
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

    let features = crate::features::Features::from_operations(&converted.operations)?;
    let operations = timings.time("generate: operation table", || {
        table::render(&converted.operations, &features)
    })?;
    let (pagination, skipped_pagination) = timings.time("generate: pagination", || {
        pagination::render(&client, &converted.operations)
    })?;
    Ok(GeneratedCode {
        features,
        gated: crate::features::Gated::default(),
        client,
        aliases: shapes.aliases.clone(),
        pruned,
        operations,
        pagination,
        skipped_pagination,
        enum_aliases: enums.aliases,
        field_aliases,
    })
}

/// Gives the client's methods, builders, streams and types the cfg of their features
/// ([`crate::features::gate`]). Last: the cfgs follow the types as the passes above left them
/// (merged, pruned). Only the API client is gated: the webhook payloads are not per tag.
pub fn gate_features(code: &mut GeneratedCode, timings: &mut Timings) -> Result<(), Error> {
    code.gated = timings.time("generate: feature gates", || {
        crate::features::gate(&mut code.client, &mut code.pagination, &code.features)
    })?;
    Ok(())
}

/// Reads the converted document as `openapiv3` does, naming the pointer of a shape it rejects.
fn read_spec(document: &Value) -> Result<openapiv3::OpenAPI, Error> {
    serde_path_to_error::deserialize(document).map_err(|e| Error::Converted {
        pointer: dotted_to_pointer(&e.path().to_string()),
        message: e.inner().to_string(),
    })
}

/// Runs progenitor. It and typify answer some inputs with a panic (`todo!`, `assert!`, `unwrap`);
/// the convert stage exists so that they never do, and this is the last line of defence, turning a
/// panic into an error instead of a crash. While it runs, a panic on this thread prints nothing
/// (see [`quiet`]): the maintainer reads the located error, not `thread 'main' panicked at`.
fn run_progenitor(spec: &openapiv3::OpenAPI) -> Result<proc_macro2::TokenStream, String> {
    let settings = settings();
    quiet::quietly(|| {
        catch_unwind(AssertUnwindSafe(|| {
            Generator::new(&settings).generate_tokens(spec)
        }))
    })
    .map_err(|payload| format!("it panicked: {}", one_line(&panic_message(&*payload))))?
    .map_err(|e| e.to_string())
}

/// The problems progenitor finds in a converted document, each located by operation (empty when
/// it generates). For runs that already refused operations in `convert`: every other problem of
/// the same document is reported in the same run.
pub fn failures(converted: &Converted) -> Vec<Error> {
    let whole = read_spec(&converted.document)
        .and_then(|spec| run_progenitor(&spec).map_err(Error::Progenitor));
    match whole {
        Ok(_) => Vec::new(),
        Err(error) => unpack(located_or(&converted.document, error)),
    }
}

/// The errors inside an [`Error::Refused`], or the error itself.
pub(crate) fn unpack(error: Error) -> Vec<Error> {
    match error {
        Error::Refused { errors } => errors,
        other => vec![other],
    }
}

/// progenitor's errors (and `openapiv3`'s) do not say which operation they come from. When the
/// whole document fails, generate each operation alone and name every one at fault, with its
/// pointer; `whole` is the answer when no single operation fails (an interaction between them).
fn located_or(document: &Value, whole: Error) -> Error {
    Error::all(locate_failures(document)).unwrap_or(whole)
}

fn locate_failures(document: &Value) -> Vec<Error> {
    let mut errors = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return errors;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            let mut single = document.clone();
            let mut methods = serde_json::Map::new();
            methods.insert(method.clone(), operation.clone());
            let mut only = serde_json::Map::new();
            only.insert(path.clone(), Value::Object(methods));
            single["paths"] = Value::Object(only);
            let message = match read_spec(&single) {
                Err(error) => format!("not valid OpenAPI 3.0.3 after conversion: {error}"),
                Ok(spec) => match run_progenitor(&spec) {
                    Ok(_) => continue,
                    Err(message) => {
                        format!("progenitor could not generate this operation: {message}")
                    }
                },
            };
            let id = operation.get("x-zoom-operation-id").and_then(Value::as_str);
            let key = crate::names::operation_key(method, path);
            errors.push(Error::Unsupported {
                location: crate::error::Location {
                    operation: Some(match id {
                        Some(id) => format!("{key} ({id})"),
                        None => key,
                    }),
                    pointer: format!("/paths/{}/{method}", crate::pointer::escape(path)),
                },
                message,
            });
        }
    }
    errors
}

/// A panic message on one line and of a readable length: typify's `invalid (or unexpected)
/// schema` carries the whole schema, pretty-printed.
fn one_line(message: &str) -> String {
    const LIMIT: usize = 400;
    let joined = message.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}...", &joined[..cut]),
        None => joined,
    }
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
