//! serde for the generated string enums, shared by all of them.
//!
//! Why hand-written: serde's derive gives each of the ~750 enums its own field visitor and, because
//! of the `#[serde(untagged)] Unknown(String)` catch-all, a buffering `Content` path; that expansion
//! was most of the crate's compile time. Every generated enum already has `FromStr` (known values
//! to variants, anything else to `Unknown`) and `Display` (the inverse), so one generic visitor and
//! `collect_str` give the same JSON at a fraction of the code. `codegen::enums` emits the two
//! three-line impls that call these (as `crate::string_enum::deserialize`: the generated crate
//! re-exports this module under that name).

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// Deserializes a string into `T` through its `FromStr`, without allocating for borrowed input.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    deserializer.deserialize_str(StrVisitor(PhantomData))
}

struct StrVisitor<T>(PhantomData<T>);

impl<T> serde::de::Visitor<'_> for StrVisitor<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        value.parse().map_err(E::custom)
    }
}
