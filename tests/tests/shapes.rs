//! `convert::shapes` mirrors typify's naming to merge same-shaped schemas before progenitor reads
//! the document. If the mirror were wrong, a name typify gives a type would silently stop being
//! public. This checks the mirror against typify itself: the committed document generated without
//! the merge (every inline schema its own type, as typify names it) must give exactly the names the
//! merged generation defines or aliases, in `types` and in `types::builder`; and so must Zoom's
//! real 2025-09 download (OpenAPI 3.0.0, `$ref`s into `components`) and the zoom-style fixture.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use std::collections::BTreeSet;

use codegen::pipeline::{Inputs, regenerate};
use workspace_tests::{committed_inputs, read};

/// The names a module of `types` (or `types` itself) defines: structs, enums and aliases.
fn names(client: &syn::File, builder: bool) -> BTreeSet<String> {
    let module = |items: &[syn::Item], name: &str| -> Vec<syn::Item> {
        items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| i.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let mut items = module(&client.items, "types");
    if builder {
        items = module(&items, "builder");
    }
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn merging_before_typify_keeps_every_name_typify_gives() {
    check(&committed_inputs());
}

#[test]
fn so_it_does_for_zoom_downloads() {
    for spec in [
        "tests/fixtures/contact-center-2025-09.json",
        "tests/fixtures/zoom-style-3.0.0.json",
    ] {
        check(&Inputs {
            spec_file: spec.into(),
            spec_text: read(spec),
            overlays: Vec::new(),
            name_map: None,
            manifest: read("generated/Cargo.toml"),
            readme: None,
        });
    }
}

fn check(inputs: &Inputs) {
    let outputs = regenerate(inputs).unwrap_or_else(|e| panic!("{}: {e}", inputs.spec_file));
    let spec = &inputs.spec_file;
    assert!(
        !outputs.code.aliases.is_empty(),
        "{spec}: Zoom's documents repeat shapes; this one merged none"
    );
    // The same converted document, handed to progenitor as it is: one type per inline schema.
    let whole = codegen::generate::generate_without_merging(&outputs.converted).unwrap();

    let typify = names(&whole.client, false);
    let merged = names(&outputs.code.client, false);
    let lost: Vec<_> = typify.difference(&merged).collect();
    let invented: Vec<_> = merged.difference(&typify).collect();
    assert!(
        lost.is_empty(),
        "names typify gives that are gone: {lost:?}"
    );
    assert!(
        invented.is_empty(),
        "names typify never gives: {invented:?}"
    );

    // Every builder typify keeps for a request still has its name (merged names may gain one).
    let typify_builders = names(&whole.client, true);
    let merged_builders = names(&outputs.code.client, true);
    let lost: Vec<_> = typify_builders.difference(&merged_builders).collect();
    assert!(lost.is_empty(), "{spec}: builders that are gone: {lost:?}");
    // Each alias names a type that is defined, not another alias.
    assert!(
        outputs
            .code
            .aliases
            .iter()
            .all(|a| merged.contains(&a.kept)
                && !outputs.code.aliases.iter().any(|b| b.name == a.kept)),
        "{spec}: an alias names a type that is not defined"
    );
}
