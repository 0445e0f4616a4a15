//! The per-tag features, checked on the committed crate without building every combination.
//!
//! This reads the generated sources and the spec, not codegen's feature model: it evaluates each
//! item's `#[cfg]` as rustc would with one tag's feature on, and checks that
//! - the client methods compiled are exactly the operations Zoom's document gives that tag
//!   (through `spec/method-names.json`), hand-written multipart methods included;
//! - nothing compiled names a generated type that is configured out (the closure is right: what
//!   an operation reaches is there);
//! - every struct and enum compiled is reached from that tag's methods (nothing else is built);
//! - the manifest has one feature per tag, named after it, and `full` lists them all;
//! - the typed webhook events, and only they, need the `webhooks` feature (in `default`).
//!
//! CI also builds the crate with one small tag, one large tag and `full`.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use syn::visit::Visit;
use syn::{ImplItem, Item, Meta};
use workspace_tests::read;

/// A `#[cfg(...)]` predicate over features, as written in the generated code.
#[derive(Debug, Clone)]
enum Cfg {
    Feature(String),
    Any(Vec<Cfg>),
    All(Vec<Cfg>),
    Not(Box<Cfg>),
}

impl Cfg {
    fn parse(meta: &Meta) -> Cfg {
        match meta {
            Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Cfg::Feature(s.value()),
                other => panic!("feature = {other:?}"),
            },
            Meta::List(list) => {
                let inner: Vec<Cfg> = list
                    .parse_args_with(
                        syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated,
                    )
                    .unwrap()
                    .iter()
                    .map(Cfg::parse)
                    .collect();
                if list.path.is_ident("any") {
                    Cfg::Any(inner)
                } else if list.path.is_ident("all") {
                    Cfg::All(inner)
                } else if list.path.is_ident("not") {
                    Cfg::Not(Box::new(inner.into_iter().next().unwrap()))
                } else {
                    panic!("unexpected cfg {}", quote_path(&list.path))
                }
            }
            Meta::Path(path) => panic!("unexpected cfg {}", quote_path(path)),
            Meta::NameValue(nv) => panic!("unexpected cfg {}", quote_path(&nv.path)),
        }
    }

    fn holds(&self, on: &BTreeSet<String>) -> bool {
        match self {
            Cfg::Feature(name) => on.contains(name),
            Cfg::Any(all) => all.iter().any(|c| c.holds(on)),
            Cfg::All(all) => all.iter().all(|c| c.holds(on)),
            Cfg::Not(c) => !c.holds(on),
        }
    }
}

fn quote_path(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// The feature cfgs on an item (`target_arch` and other cfgs are not about features: ignored).
fn cfgs(attrs: &[syn::Attribute]) -> Vec<Cfg> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| {
            let meta: Meta = a.parse_args().unwrap();
            let text = quote::quote!(#meta).to_string();
            text.contains("feature").then(|| Cfg::parse(&meta))
        })
        .collect()
}

/// One item of the generated code: where it is, what it defines, its cfgs, the generated types it
/// names.
#[derive(Debug)]
struct Entry {
    place: String,
    /// What it is for: the type, builder or method it defines or implements.
    about: String,
    /// The name it defines (`Client::x` for methods; none for impls and typify builders, whose
    /// names are their type's).
    defines: Option<String>,
    /// Struct or enum (not an alias, impl or builder).
    is_type: bool,
    cfgs: Vec<Cfg>,
    names: BTreeSet<String>,
}

impl Entry {
    fn on(&self, features: &BTreeSet<String>) -> bool {
        self.cfgs.iter().all(|c| c.holds(features))
    }
}

struct Names<'a> {
    known: &'a HashSet<String>,
    found: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        let name = segment.ident.to_string();
        if self.known.contains(&name) {
            self.found.insert(name);
        }
        syn::visit::visit_path_segment(self, segment);
    }
}

fn names_in(known: &HashSet<String>, visit: impl FnOnce(&mut Names<'_>)) -> BTreeSet<String> {
    let mut names = Names {
        known,
        found: BTreeSet::new(),
    };
    visit(&mut names);
    names.found
}

fn module<'a>(items: &'a [Item], name: &str) -> &'a [Item] {
    items
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| i.as_slice()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no module {name}"))
}

fn self_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().unwrap().ident.to_string(),
        other => panic!("impl for {}", quote::quote!(#other)),
    }
}

/// The names of the `types` module's definitions and of the client builders.
fn definitions(items: &[Item]) -> HashSet<String> {
    let mut known = HashSet::new();
    for item in module(items, "types")
        .iter()
        .chain(module(items, "builder"))
    {
        match item {
            Item::Struct(s) => known.insert(s.ident.to_string()),
            Item::Enum(e) => known.insert(e.ident.to_string()),
            Item::Type(t) => known.insert(t.ident.to_string()),
            _ => false,
        };
    }
    known
}

/// Every gated-or-not item a feature decides on: client methods (with the builder they return),
/// client builders, streams, and everything in `types`.
fn entries(client: &syn::File, pagination: &syn::File, known: &HashSet<String>) -> Vec<Entry> {
    let mut out = Vec::new();
    for item in &client.items {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && self_name(&imp.self_ty) == "Client"
        {
            for member in &imp.items {
                if let ImplItem::Fn(f) = member {
                    out.push(Entry {
                        place: format!("Client::{}", f.sig.ident),
                        about: format!("Client::{}", f.sig.ident),
                        defines: Some(format!("Client::{}", f.sig.ident)),
                        is_type: false,
                        cfgs: cfgs(&f.attrs),
                        names: names_in(known, |n| n.visit_signature(&f.sig)),
                    });
                }
            }
        }
    }
    let types = module(&client.items, "types");
    let typify_builders = module(types, "builder");
    let groups: [(&str, &[Item]); 4] = [
        ("builder", module(&client.items, "builder")),
        ("types", types),
        ("types::builder", typify_builders),
        ("pagination", &pagination.items),
    ];
    for (place, items) in groups {
        for item in items {
            let (defines, is_type, attrs) = match item {
                Item::Struct(s) => (
                    Some(s.ident.to_string()),
                    place == "types",
                    s.attrs.as_slice(),
                ),
                Item::Enum(e) => (
                    Some(e.ident.to_string()),
                    place == "types",
                    e.attrs.as_slice(),
                ),
                Item::Type(t) => (Some(t.ident.to_string()), false, t.attrs.as_slice()),
                Item::Impl(i) => (None, false, i.attrs.as_slice()),
                _ => continue,
            };
            let about = match (&defines, item) {
                (Some(name), _) => name.clone(),
                (None, Item::Impl(i)) => self_name(&i.self_ty),
                _ => unreachable!(),
            };
            out.push(Entry {
                place: format!("{place}: {about}"),
                about,
                defines: defines.filter(|_| place != "types::builder"),
                is_type,
                cfgs: cfgs(attrs),
                names: names_in(known, |n| n.visit_item(item)),
            });
        }
    }
    out
}

/// Tag features of the manifest, with `full`'s list.
fn manifest_features() -> (BTreeSet<String>, BTreeSet<String>) {
    let manifest = read("generated/Cargo.toml");
    let block = manifest
        .split("# begin: tag features")
        .nth(1)
        .and_then(|rest| rest.split("# end: tag features").next())
        .expect("the manifest's tag feature markers");
    let mut tags = BTreeSet::new();
    let mut full = BTreeSet::new();
    for line in block.lines() {
        if let Some(list) = line.strip_prefix("full = [") {
            full = list
                .trim_end_matches(']')
                .split(", ")
                .map(|s| s.trim_matches('"').to_owned())
                .collect();
        } else if let Some(name) = line.strip_suffix(" = []") {
            tags.insert(name.to_owned());
        }
    }
    (tags, full)
}

/// Zoom's tags per client method, from the committed spec and name map.
fn spec_tags() -> BTreeMap<String, BTreeSet<String>> {
    let spec: serde_json::Value = serde_json::from_str(&read("spec/contact-center.json")).unwrap();
    let names: BTreeMap<String, String> =
        serde_json::from_str(&read("spec/method-names.json")).unwrap();
    let mut out = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(tags) = op.get("tags").and_then(|t| t.as_array()) else {
                continue;
            };
            let key = format!("{} {path}", method.to_ascii_uppercase());
            let name = names
                .get(&key)
                .unwrap_or_else(|| panic!("{key} is not in the name map"));
            out.insert(
                name.clone(),
                tags.iter()
                    .map(|t| kebab(t.as_str().unwrap()))
                    .collect::<BTreeSet<_>>(),
            );
        }
    }
    out
}

/// `Reports V2 (CX Analytics)` -> `reports-v2-cx-analytics`, written here independently of codegen.
fn kebab(tag: &str) -> String {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words.join("-")
}

#[test]
fn one_feature_per_tag_and_full_lists_them_all() {
    let (tags, full) = manifest_features();
    let from_spec: BTreeSet<String> = spec_tags().into_values().flatten().collect();
    assert_eq!(tags, from_spec);
    assert_eq!(full, tags);
    assert_eq!(tags.len(), 28);
    let manifest = read("generated/Cargo.toml");
    assert!(manifest.contains("default = [\"rustls-tls\", \"full\", \"webhooks\"]"));
    let readme = read("generated/README.md");
    for tag in &tags {
        assert!(
            readme.contains(&format!("| `{tag}` |")),
            "{tag} is not in the README"
        );
    }
}

#[test]
fn each_tag_compiles_exactly_its_operations_and_what_they_reach() {
    let client = syn::parse_file(&read("generated/src/generated/client.rs")).unwrap();
    let pagination = syn::parse_file(&read("generated/src/generated/pagination.rs")).unwrap();
    let known = definitions(&client.items);
    let mut all = entries(&client, &pagination, &known);
    all.extend(hand_written_entries());
    let spec = spec_tags();
    let (tags, _) = manifest_features();

    let mut problems = Vec::new();
    for tag in &tags {
        let on = BTreeSet::from([tag.clone()]);
        let enabled: Vec<&Entry> = all.iter().filter(|e| e.on(&on)).collect();
        // Methods: exactly the tag's operations (plus the two constructors, never gated).
        let methods: BTreeSet<String> = enabled
            .iter()
            .filter_map(|e| e.defines.as_deref()?.strip_prefix("Client::"))
            .filter(|name| !name.starts_with("new"))
            .map(str::to_owned)
            .collect();
        let expected: BTreeSet<String> = spec
            .iter()
            .filter(|(_, own)| own.contains(tag))
            .map(|(name, _)| name.clone())
            .collect();
        if methods != expected {
            problems.push(format!(
                "{tag}: methods {:?} are not its operations; missing {:?}",
                methods.difference(&expected).collect::<Vec<_>>(),
                expected.difference(&methods).collect::<Vec<_>>()
            ));
        }
        // Closure: nothing enabled names a type that is configured out.
        let defined: HashSet<&str> = enabled
            .iter()
            .filter_map(|e| e.defines.as_deref())
            .collect();
        for entry in &enabled {
            for name in &entry.names {
                if !defined.contains(name.as_str()) {
                    problems.push(format!(
                        "{tag}: {} names `{name}`, which is configured out",
                        entry.place
                    ));
                }
            }
        }
        // Exactness: every struct and enum enabled is reached from the tag's methods.
        let mut by_about: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
        for entry in &enabled {
            by_about
                .entry(entry.about.as_str())
                .or_default()
                .push(entry);
        }
        let mut reached: HashSet<String> = HashSet::new();
        let mut queue: Vec<String> = enabled
            .iter()
            .filter(|e| e.place.starts_with("Client::"))
            .flat_map(|e| e.names.iter().cloned())
            .collect();
        while let Some(name) = queue.pop() {
            if !reached.insert(name.clone()) {
                continue;
            }
            for entry in by_about.get(name.as_str()).into_iter().flatten() {
                queue.extend(entry.names.iter().cloned());
            }
        }
        for entry in enabled.iter().filter(|e| e.is_type) {
            let name = entry.defines.as_deref().unwrap();
            if !reached.contains(name) {
                problems.push(format!(
                    "{tag}: {} is compiled but no operation of the tag reaches it",
                    entry.place
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );
}

/// The hand-written multipart methods, with the cfg the generated `hand_written!` arm gives each
/// (read from the text of `operations.rs`).
fn hand_written_entries() -> Vec<Entry> {
    let table = read("generated/src/generated/operations.rs");
    let mut out = Vec::new();
    let mut lines = table.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .trim()
            .strip_prefix('(')
            .and_then(|rest| rest.strip_suffix(" => $($item:item)*) => {"))
        else {
            continue;
        };
        if name == "$other:ident" {
            continue;
        }
        let next = lines.next().unwrap().trim();
        let predicate = next
            .strip_prefix("$(#[cfg(")
            .and_then(|rest| rest.strip_suffix(")] $item)*"))
            .unwrap_or_else(|| panic!("hand_written! arm for {name}: {next}"));
        let meta: Meta = syn::parse_str(predicate).unwrap();
        out.push(Entry {
            place: format!("hand_written!: Client::{name}"),
            about: format!("Client::{name}"),
            defines: Some(format!("Client::{name}")),
            is_type: false,
            cfgs: vec![Cfg::parse(&meta)],
            names: BTreeSet::new(),
        });
    }
    out
}

#[test]
fn every_multipart_operation_has_its_hand_written_method_and_no_other() {
    let gated: BTreeSet<String> = hand_written_entries()
        .into_iter()
        .map(|e| e.about.trim_start_matches("Client::").to_owned())
        .collect();
    let multipart = read("generated/src/multipart.rs");
    let written: BTreeSet<String> = multipart
        .lines()
        .filter_map(|l| l.strip_prefix("hand_written! { "))
        .map(|rest| rest.trim_end_matches(" =>").to_owned())
        .collect();
    assert_eq!(gated.len(), 3, "{gated:?}");
    assert_eq!(written, gated);
}

#[test]
fn the_checks_above_can_fail() {
    // A type configured for another tag, named by a queue method: the closure check must see it.
    let client: syn::File = syn::parse_quote! {
        impl Client {
            #[cfg(feature = "queues")]
            pub fn get_queue(&self) -> builder::GetQueue<'_> { todo!() }
        }
        pub mod builder {
            #[cfg(feature = "queues")]
            pub struct GetQueue<'a> { body: types::Wrong, client: &'a () }
        }
        pub mod types {
            #[cfg(feature = "campaigns")]
            pub struct Wrong {}
            #[cfg(any(feature = "campaigns", feature = "queues"))]
            pub struct Extra {}
            pub mod builder {}
        }
    };
    let pagination: syn::File = syn::parse_quote! {};
    let known = definitions(&client.items);
    let all = entries(&client, &pagination, &known);
    let on = BTreeSet::from(["queues".to_owned()]);
    let enabled: Vec<&Entry> = all.iter().filter(|e| e.on(&on)).collect();
    let defined: HashSet<&str> = enabled
        .iter()
        .filter_map(|e| e.defines.as_deref())
        .collect();
    let dangling: Vec<&String> = enabled
        .iter()
        .flat_map(|e| e.names.iter())
        .filter(|n| !defined.contains(n.as_str()))
        .collect();
    assert_eq!(dangling, [&"Wrong".to_owned()]);
    assert!(
        enabled
            .iter()
            .any(|e| e.defines.as_deref() == Some("Extra") && e.is_type)
    );
    assert_eq!(
        kebab("Reports V2 (CX Analytics)"),
        "reports-v2-cx-analytics"
    );
}

/// The `#[cfg]`s of the module `name` declared in `file`.
fn module_cfgs(file: &str, name: &str) -> Vec<Cfg> {
    let parsed = syn::parse_file(&read(file)).unwrap();
    let module = parsed
        .items
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == name => Some(m),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{file} declares no module `{name}`"));
    cfgs(&module.attrs)
}

#[test]
fn the_typed_webhook_events_and_only_they_need_the_webhooks_feature() {
    let webhooks: BTreeSet<String> = ["webhooks".to_owned()].into();
    let none = BTreeSet::new();
    for (file, module) in [
        ("generated/src/generated/mod.rs", "webhook_events"),
        ("generated/src/lib.rs", "webhook"),
    ] {
        let found = module_cfgs(file, module);
        assert_eq!(found.len(), 1, "{file}: `mod {module}` has {found:?}");
        assert!(found[0].holds(&webhooks), "{file}: `mod {module}`");
        assert!(
            !found[0].holds(&none),
            "{file}: `mod {module}` is compiled without `webhooks`"
        );
    }
    // Verification is the runtime's and is always compiled; the client's modules need no
    // `webhooks`.
    for (file, module) in [
        ("generated/src/generated/mod.rs", "operations"),
        ("generated/src/lib.rs", "hooks"),
    ] {
        assert!(
            module_cfgs(file, module).is_empty(),
            "{file}: `mod {module}`"
        );
    }
    let manifest = read("generated/Cargo.toml");
    assert!(
        manifest.contains("\nwebhooks = []\n"),
        "no `webhooks` feature"
    );
}
