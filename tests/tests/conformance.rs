//! Runs the conformance test that `cargo xtask regenerate` writes to `generated/conformance.rs` from the spec.
//! The generated file is formatted by prettyplease, so rustfmt leaves it alone.

#[rustfmt::skip]
#[path = "generated/conformance.rs"]
mod conformance;
