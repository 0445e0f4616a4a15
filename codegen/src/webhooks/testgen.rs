//! The example test generated with the event types: every event's documented example must decode
//! into its own `Event` variant and re-serialise to equivalent JSON.
//!
//! Generated for the same reason as the API's conformance test: the examples live in Zoom's
//! document, so the cases follow it after `cargo xtask regenerate` without a hand edit. Each case
//! names its payload type (`check::<payloads::X>(..)`), which a data table could not do. Events
//! without an example are listed with the reason, counted and not checked. The check and the report
//! are hand-written in `tests/src/webhooks.rs` (`workspace_tests::webhooks`), compiled and linted
//! where they are written; this module writes only the cases.

use std::fmt::Write;

use super::read::EventSummary;

/// Renders the test file.
pub fn render(events: &[EventSummary]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", crate::format::HEADER);
    let _ = writeln!(
        out,
        "// `cargo xtask regenerate` writes this file from the webhook document's examples \
         (codegen::webhooks::testgen); change the document or an overlay, not this file."
    );
    out.push_str(
        "//! Every event's documented example decodes into its typed `Event` variant and \
         re-serialises to the same JSON.\n\n\
         use workspace_tests::webhooks::{check, conclude};\n\
         use zoom_contact_center::webhook::{EventName, payloads};\n\n",
    );
    let _ = writeln!(
        out,
        "/// Events whose example is not checked, as (event, why)."
    );
    let _ = writeln!(out, "const UNCHECKED: &[(&str, &str)] = &[");
    for event in events.iter().filter(|e| e.example.is_none()) {
        let _ = writeln!(
            out,
            "    ({:?}, \"the document gives no example\"),",
            event.name
        );
    }
    let _ = writeln!(out, "];\n");
    let _ = writeln!(out, "#[test]");
    let _ = writeln!(
        out,
        "fn every_documented_example_decodes_into_its_variant() {{"
    );
    let _ = writeln!(out, "    let outcomes = [");
    for event in events {
        if let Some(example) = &event.example {
            let _ = writeln!(
                out,
                "        check::<payloads::{}>(EventName::{}, {example:?}),",
                event.type_name, event.type_name
            );
        }
    }
    let _ = writeln!(out, "    ];");
    let _ = writeln!(out, "    conclude(&outcomes, UNCHECKED);");
    let _ = writeln!(out, "}}");
    out
}
