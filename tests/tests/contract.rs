//! Runs the contract test that `cargo xtask regenerate` writes to `generated/contract.rs` from the spec.
//! The generated file is formatted by prettyplease, so rustfmt leaves it alone.

#[rustfmt::skip]
#[path = "generated/contract.rs"]
mod contract;
