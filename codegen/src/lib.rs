//! Pure stages that turn Zoom's Contact Center OpenAPI document into the `zoom-contact-center` crate.
//!
//! The flow runs one way: [`load`] -> [`overlay`] -> [`lint`] -> [`convert`] -> [`generate`] ->
//! [`format`]. Every stage takes values and returns values; nothing in this crate reads or writes the
//! workspace (that is `xtask`'s job), so every stage can be tested on in-memory documents.

pub mod aliases;
pub mod convert;
pub mod diff;
pub mod docs;
pub mod enums;
pub mod error;
pub mod features;
pub mod format;
pub mod generate;
pub mod lint;
pub mod load;
pub mod names;
pub mod overlay;
pub mod pipeline;
pub mod pointer;
pub mod prune;
pub mod setters;
pub mod spellings;
pub mod surface;
mod syntax;
pub mod testgen;
pub mod timings;
pub mod webhooks;
