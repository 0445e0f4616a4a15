//! Typed async client for Zoom's Contact Center API.

pub mod runtime;
pub mod webhook;
