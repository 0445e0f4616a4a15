//! (being written)

use crate::convert::Converted;
use crate::generate::GeneratedCode;

/// Renders the test file.
pub fn render(_converted: &Converted, _code: &GeneratedCode) -> String {
    format!("{}\n", crate::format::HEADER)
}
