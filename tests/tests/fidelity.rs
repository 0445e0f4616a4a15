//! Runs the fidelity test that `cargo xtask regenerate` writes to `generated/fidelity.rs` from the spec:
//! requests carry only what the caller set, responses only what Zoom sent.
//! The generated file is formatted by prettyplease, so rustfmt leaves it alone.

#[rustfmt::skip]
#[path = "generated/fidelity.rs"]
mod fidelity;
