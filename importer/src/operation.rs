//! Reads one operation's block of the rendered reference: summary, method/path/tags bullets,
//! description, scope lines, request body and responses.

use crate::content::{self, Content};
use crate::lines::{Line, plain_spaces};
use crate::report::Report;

/// One response status.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Response {
    /// E.g. `200`.
    pub(crate) status: String,
    /// Everything after the status code on the `Status:` line.
    pub(crate) description: String,
    /// The body, when the reference shows one.
    pub(crate) content: Option<Content>,
}

/// What the reference says about one operation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RenderedOperation {
    /// Line number of the summary, for error messages.
    pub(crate) line: usize,
    pub(crate) summary: String,
    /// Upper case, as printed.
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) tags: Vec<String>,
    /// Markdown rebuilt from the paragraphs (bullets become `* ` list items).
    pub(crate) description: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) granular_scopes: Vec<String>,
    pub(crate) rate_limit_label: Option<String>,
    pub(crate) request_body: Option<Content>,
    pub(crate) responses: Vec<Response>,
}

/// Where in the block the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Description,
    Scopes,
    RequestBody,
    Responses,
}

/// Parses the lines of one operation; `lines[0]` is the summary.
pub(crate) fn parse(lines: &[Line<'_>], report: &mut Report) -> RenderedOperation {
    let mut operation = RenderedOperation {
        line: lines.first().map_or(0, |line| line.number),
        summary: lines
            .first()
            .map(|line| line.text.to_owned())
            .unwrap_or_default(),
        method: String::new(),
        path: String::new(),
        tags: Vec::new(),
        description: String::new(),
        scopes: Vec::new(),
        granular_scopes: Vec::new(),
        rate_limit_label: None,
        request_body: None,
        responses: Vec::new(),
    };
    let mut description = DescriptionBuilder::default();
    let mut section = Section::Description;
    let mut index = 1;
    while index < lines.len() {
        let line = lines[index];
        index += 1;
        if line.is_blank() {
            continue;
        }
        let text = plain_spaces(line.text);
        if line.indent == 2
            && section == Section::Description
            && description.is_empty()
            && let Some(bullet) = line.bullet().map(plain_spaces)
        {
            if let Some(method) = bullet.strip_prefix("Method: ") {
                operation.method = method.trim().to_owned();
                continue;
            }
            if let Some(path) = bullet.strip_prefix("Path: ") {
                operation.path = path.trim().to_owned();
                continue;
            }
            if let Some(tags) = bullet.strip_prefix("Tags: ") {
                operation.tags = tags.split(", ").map(|tag| tag.trim().to_owned()).collect();
                continue;
            }
        }
        if line.indent == 0 {
            if let Some(scopes) = text.strip_prefix("Scopes:") {
                operation.scopes = split_scopes(scopes);
                section = Section::Scopes;
                continue;
            }
            if let Some(scopes) = text.strip_prefix("Granular Scopes:") {
                operation.granular_scopes = split_scopes(scopes);
                section = Section::Scopes;
                continue;
            }
            if let Some(label) = text.strip_prefix("Rate Limit Label:") {
                operation.rate_limit_label = Some(label.trim().to_owned());
                section = Section::Scopes;
                continue;
            }
            if text == "Request Body" && section != Section::Responses {
                section = Section::RequestBody;
                let end = next_top_level(lines, index, |line| line.text == "Responses");
                operation.request_body = content_block(&lines[index..end], &line, report);
                index = end;
                continue;
            }
            if text == "Responses" {
                section = Section::Responses;
                continue;
            }
            if section == Section::Responses
                && let Some(status_line) = text.strip_prefix("Status: ")
            {
                {
                    let end =
                        next_top_level(lines, index, |line| line.text.starts_with("Status: "));
                    let (status, description) =
                        status_line.split_once(' ').unwrap_or((status_line, ""));
                    let content = content_block(&lines[index..end], &line, report);
                    operation.responses.push(Response {
                        status: status.to_owned(),
                        description: description.to_owned(),
                        content,
                    });
                    index = end;
                    continue;
                }
            }
        }
        if section == Section::Description {
            description.push(&line);
            continue;
        }
        report.unplaced(
            &line,
            format!("operation: unexpected line in the {section:?} section"),
        );
    }
    operation.description = description.finish();
    operation
}

/// Index of the first line at or after `from` with indent 0 that satisfies `stop`, or the end.
fn next_top_level(lines: &[Line<'_>], from: usize, stop: impl Fn(&Line<'_>) -> bool) -> usize {
    lines[from..]
        .iter()
        .position(|line| line.indent == 0 && !line.is_blank() && stop(line))
        .map_or(lines.len(), |offset| from + offset)
}

/// Parses the content block in `lines` (blank lines, then `Content-Type:` ...), if there is one.
fn content_block(lines: &[Line<'_>], owner: &Line<'_>, report: &mut Report) -> Option<Content> {
    let start = lines.iter().position(|line| !line.is_blank())?;
    let first = &lines[start];
    if !(first.indent == 0 && first.text.starts_with("Content-Type:")) {
        for line in lines.iter().filter(|line| !line.is_blank()) {
            report.unplaced(
                line,
                format!("no `Content-Type:` line after {:?}", owner.text),
            );
        }
        return None;
    }
    content::parse(&lines[start..], report)
}

/// `a,b` or `a, b` into the scope names.
fn split_scopes(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|scope| !scope.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Rebuilds Markdown from the description's rendered paragraphs and bullet lists.
#[derive(Debug, Default)]
struct DescriptionBuilder {
    blocks: Vec<String>,
    /// Whether the last block is a list that a following bullet continues.
    in_list: bool,
}

impl DescriptionBuilder {
    fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    fn push(&mut self, line: &Line<'_>) {
        match line.bullet() {
            Some(item) => {
                let item = format!("* {item}");
                match self.blocks.last_mut() {
                    Some(last) if self.in_list => {
                        last.push('\n');
                        last.push_str(&item);
                    }
                    _ => self.blocks.push(item),
                }
                self.in_list = true;
            }
            None => {
                self.blocks.push(line.text.to_owned());
                self.in_list = false;
            }
        }
    }

    fn finish(self) -> String {
        self.blocks.join("\n\n")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.
mod tests {
    use super::*;
    use crate::lines::split;

    const OPERATION: &str = "Update RTMS status\n\n  •\u{a0}Method:\u{a0}PUT\n  •\u{a0}Path:\u{a0}/contact_center/{engagementId}/rtms_app/status\n  •\u{a0}Tags:\u{a0}RTMS\n\nUpdate the RTMS status.\n\nPrerequisites:\n\n  • The app has a media scope.\n  • The engagement must be in progress.\n\nScopes: a:write:admin,b:write:admin\n\nGranular Scopes: c:update:x\n\nRate Limit Label: LIGHT\n\nRequest Body\n\nContent-Type: application/json\n  • action\n\n    string, possible values: \"start\", \"stop\" — The status.\n\nExample:\n\n{\n  \"action\": \"start\"\n}\n\nResponses\n\nStatus: 204 **HTTP Status Code:** `204` Updated.\nStatus: 429 **HTTP Status Code:** `429` <br> Too Many Requests.\n";

    #[test]
    fn reads_every_part_of_an_operation() {
        let lines = split(OPERATION);
        let mut report = Report::default();
        let operation = parse(&lines, &mut report);
        assert!(report.into_items().is_empty());
        assert_eq!(operation.summary, "Update RTMS status");
        assert_eq!(operation.method, "PUT");
        assert_eq!(
            operation.path,
            "/contact_center/{engagementId}/rtms_app/status"
        );
        assert_eq!(operation.tags, ["RTMS"]);
        assert_eq!(
            operation.description,
            "Update the RTMS status.\n\nPrerequisites:\n\n* The app has a media scope.\n* The engagement must be in progress."
        );
        assert_eq!(operation.scopes, ["a:write:admin", "b:write:admin"]);
        assert_eq!(operation.granular_scopes, ["c:update:x"]);
        assert_eq!(operation.rate_limit_label.as_deref(), Some("LIGHT"));
        let body = operation.request_body.unwrap();
        assert_eq!(body.example, Some(serde_json::json!({"action": "start"})));
        assert_eq!(operation.responses.len(), 2);
        assert_eq!(operation.responses[0].status, "204");
        assert_eq!(
            operation.responses[0].description,
            "**HTTP Status Code:** `204` Updated."
        );
        assert!(operation.responses[0].content.is_none());
    }

    #[test]
    fn stray_text_in_responses_is_reported() {
        let lines = split("S\n  • Method: GET\n\nD.\n\nResponses\n\nStatus: 200 OK\nstray words\n");
        let mut report = Report::default();
        let _ = parse(&lines, &mut report);
        let items = report.into_items();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].line, 9);
        assert_eq!(items[0].text, "stray words");
    }
}
