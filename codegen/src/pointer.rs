//! RFC 6901 JSON pointers: the way every error and finding names the place at fault.

/// Escapes one reference token (`~` -> `~0`, `/` -> `~1`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends an object member name to a pointer.
pub fn push(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", escape(name))
}

/// Appends an array index to a pointer.
pub fn push_index(pointer: &str, index: usize) -> String {
    format!("{pointer}/{index}")
}
