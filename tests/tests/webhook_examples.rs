//! Runs the webhook example test that `cargo xtask regenerate` writes to
//! `generated/webhook_examples.rs` from Zoom's webhook document. The generated file is formatted by
//! the generator, so rustfmt leaves it alone.

#[rustfmt::skip]
#[path = "generated/webhook_examples.rs"]
mod webhook_examples;
