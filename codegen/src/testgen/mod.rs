//! Tests generated from the spec together with the client, so that new operations and examples are
//! covered without hand edits. Each renders one file of `tests/tests/`.

pub mod conformance;
pub mod contract;
pub mod fidelity;
pub(crate) mod values;
