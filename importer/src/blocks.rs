//! Cuts the reference into its header and one block per operation, and reads the header.
//!
//! An operation block starts at its summary, the last non-blank line before a `• Method:` bullet,
//! and runs to the next operation's summary.

use crate::lines::{Line, plain_spaces};
use crate::report::Report;

/// The document-level facts from the header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Header {
    pub(crate) title: String,
    pub(crate) openapi_version: Option<String>,
    pub(crate) api_version: Option<String>,
    pub(crate) description: String,
    pub(crate) servers: Vec<String>,
}

/// The header and the operation blocks, as slices of `lines`.
#[derive(Debug)]
pub(crate) struct Blocks<'l, 'a> {
    pub(crate) header: &'l [Line<'a>],
    pub(crate) operations: Vec<&'l [Line<'a>]>,
}

fn is_method_bullet(line: &Line<'_>) -> bool {
    line.indent == 2
        && line
            .bullet()
            .is_some_and(|bullet| plain_spaces(bullet).starts_with("Method: "))
}

/// Splits `lines` into header and operations.
pub(crate) fn split<'l, 'a>(lines: &'l [Line<'a>]) -> Blocks<'l, 'a> {
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| is_method_bullet(line))
        .filter_map(|(index, _)| lines[..index].iter().rposition(|line| !line.is_blank()))
        .collect();
    let header_end = starts.first().copied().unwrap_or(lines.len());
    let operations = starts
        .iter()
        .enumerate()
        .map(|(number, &start)| {
            let end = starts.get(number + 1).copied().unwrap_or(lines.len());
            &lines[start..end]
        })
        .collect();
    Blocks {
        header: &lines[..header_end],
        operations,
    }
}

/// Reads the header: title, version bullets, description paragraphs, `Servers`, `Operations`.
pub(crate) fn parse_header(lines: &[Line<'_>], report: &mut Report) -> Header {
    #[derive(PartialEq)]
    enum Part {
        Title,
        Info,
        Servers,
        Operations,
    }
    let mut header = Header::default();
    let mut paragraphs = Vec::new();
    let mut part = Part::Title;
    for line in lines.iter().filter(|line| !line.is_blank()) {
        let bullet = line.bullet().map(plain_spaces);
        match (&part, bullet.as_deref()) {
            (Part::Title, _) => {
                header.title = line.text.to_owned();
                part = Part::Info;
            }
            (Part::Info, Some(bullet)) if bullet.starts_with("OpenAPI Version: ") => {
                header.openapi_version =
                    Some(bullet["OpenAPI Version: ".len()..].trim().to_owned());
            }
            (Part::Info, Some(bullet)) if bullet.starts_with("API Version: ") => {
                header.api_version = Some(bullet["API Version: ".len()..].trim().to_owned());
            }
            (Part::Info, None) if line.text == "Servers" => part = Part::Servers,
            (Part::Servers | Part::Info, None) if line.text == "Operations" => {
                part = Part::Operations;
            }
            (Part::Info, None) => paragraphs.push(line.text.to_owned()),
            (Part::Servers, Some(bullet)) if bullet.starts_with("URL: ") => {
                header
                    .servers
                    .push(bullet["URL: ".len()..].trim().to_owned());
            }
            _ => report.unplaced(line, "header: line not understood"),
        }
    }
    header.description = paragraphs.join("\n\n");
    header
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.
mod tests {
    use super::*;
    use crate::lines::split as split_lines;

    const TEXT: &str = "Contact Center\n\n  • OpenAPI Version:\u{a0}3.1.1\n  • API Version:\u{a0}2\n\nThe APIs.\n\nServers\n\n  • URL:\u{a0}https://api.zoom.us/v2\n\nOperations\n\nList things\n\n  • Method:\u{a0}GET\n  • Path:\u{a0}/a\n\nGet one\n\n  • Method:\u{a0}GET\n  • Path:\u{a0}/a/{id}\n";

    #[test]
    fn splits_at_summaries_and_reads_the_header() {
        let lines = split_lines(TEXT);
        let blocks = split(&lines);
        assert_eq!(blocks.operations.len(), 2);
        assert_eq!(blocks.operations[0][0].text, "List things");
        assert_eq!(blocks.operations[1][0].text, "Get one");
        let mut report = Report::default();
        let header = parse_header(blocks.header, &mut report);
        assert!(report.into_items().is_empty());
        assert_eq!(header.title, "Contact Center");
        assert_eq!(header.openapi_version.as_deref(), Some("3.1.1"));
        assert_eq!(header.api_version.as_deref(), Some("2"));
        assert_eq!(header.description, "The APIs.");
        assert_eq!(header.servers, ["https://api.zoom.us/v2"]);
    }
}
