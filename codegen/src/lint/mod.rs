//! Spec lint: the inconsistencies in Zoom's document that overlays must correct (or a reviewer must
//! accept, with a reason, in `overlays/lint-accepted.yaml`).
//!
//! Severity policy: a rule is an **Error** when the document is wrong whatever the server does, or
//! when leaving it would make the generated client wrong (a variant collision that does not
//! compile, a regex that rejects every real value, an example the generated type cannot read back,
//! a request/response pair that cannot round-trip). It is a **Warning** when it is a smell a human
//! should look at but the client still works and there is no evidence which side is right (the
//! same concept spelled differently by two unrelated operations; enums mixing case styles; `number`
//! fields that look like integers, which `f64` still holds exactly up to 2^53).
//!
//! Rule families live in one small module each; [`lint`] runs them all and sorts the result, so the
//! output is deterministic.

mod accept;
mod enum_rules;
mod examples;
mod schema_rules;
mod spelling;
mod walk;

use std::collections::BTreeMap;
use std::fmt;

pub use accept::{AcceptEntry, AcceptError, Partition, parse_accepted, partition};

/// A rule's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Must be fixed by an overlay or accepted with a reason; fails `cargo xtask lint`.
    Error,
    /// Reported for review; never fails the run.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// The rules. Each has a fixed id (used in `lint-accepted.yaml`) and a fixed severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// One concept (enum value or property name) spelled differently by different operations.
    SpellingAcrossOperations,
    /// A request and its own response spell one concept differently.
    SpellingRequestResponse,
    /// One enum mixing camelCase, snake_case, UPPER_CASE or PascalCase values.
    EnumMixedCase,
    /// Two enum values that become the same Rust variant name.
    EnumCaseCollision,
    /// The same enum value listed twice.
    EnumDuplicate,
    /// A placeholder such as `"string"` among real enum values.
    EnumPlaceholder,
    /// A `format` outside the OpenAPI Format Registry's common set.
    FormatNonstandard,
    /// A `pattern` that is a literal placeholder (`YYYY-MM-DDTHH:MM:SSZ`) rather than a regex.
    PatternPlaceholder,
    /// A `required` entry naming a property the schema does not define.
    RequiredMissing,
    /// A property name with stray characters (`user_ids:`).
    PropertyName,
    /// Two properties of one object that become the same Rust field (`transfer_count`,
    /// `transferCount`).
    PropertyCaseCollision,
    /// A `number` field whose examples are all integers.
    NumberInteger,
    /// An example that does not validate against its own schema.
    ExampleInvalid,
}

impl Rule {
    /// Every rule, in id order.
    pub const ALL: [Rule; 13] = [
        Rule::EnumCaseCollision,
        Rule::EnumDuplicate,
        Rule::EnumMixedCase,
        Rule::EnumPlaceholder,
        Rule::ExampleInvalid,
        Rule::FormatNonstandard,
        Rule::NumberInteger,
        Rule::PatternPlaceholder,
        Rule::PropertyCaseCollision,
        Rule::PropertyName,
        Rule::RequiredMissing,
        Rule::SpellingAcrossOperations,
        Rule::SpellingRequestResponse,
    ];

    /// The id used in output and in `lint-accepted.yaml`.
    pub fn id(self) -> &'static str {
        match self {
            Self::SpellingAcrossOperations => "spelling-across-operations",
            Self::SpellingRequestResponse => "spelling-request-response",
            Self::EnumMixedCase => "enum-mixed-case",
            Self::EnumCaseCollision => "enum-case-collision",
            Self::EnumDuplicate => "enum-duplicate",
            Self::EnumPlaceholder => "enum-placeholder",
            Self::FormatNonstandard => "format-nonstandard",
            Self::PatternPlaceholder => "pattern-placeholder",
            Self::RequiredMissing => "required-missing",
            Self::PropertyName => "property-name",
            Self::PropertyCaseCollision => "property-case-collision",
            Self::NumberInteger => "number-integer",
            Self::ExampleInvalid => "example-invalid",
        }
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Self::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// The rule's severity (see the module docs for the policy).
    pub fn severity(self) -> Severity {
        match self {
            Self::SpellingAcrossOperations | Self::EnumMixedCase | Self::NumberInteger => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }
}

/// One problem found in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Finding {
    /// RFC 6901 pointer to the offending node (first, so findings sort in document-path order).
    pub pointer: String,
    /// The rule that fired.
    pub rule: Rule,
    /// The rule's severity.
    pub severity: Severity,
    /// operationId, `METHOD /path`, `* /path` (path-level parameters) or `components`.
    pub operation: String,
    /// What is wrong, with the values involved.
    pub message: String,
}

impl Finding {
    pub(crate) fn new(rule: Rule, operation: &str, pointer: String, message: String) -> Self {
        Finding {
            pointer,
            rule,
            severity: rule.severity(),
            operation: operation.to_owned(),
            message,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {} {}: {}",
            self.severity,
            self.rule.id(),
            self.operation,
            self.pointer,
            self.message
        )
    }
}

/// Runs every rule over `doc` and returns the findings sorted by pointer, rule, message.
pub fn lint(doc: &serde_json::Value) -> Vec<Finding> {
    let model = walk::Model::collect(doc);
    let mut findings = Vec::new();
    enum_rules::check(&model, &mut findings);
    schema_rules::check(&model, &mut findings);
    spelling::check(&model, &mut findings);
    examples::check(doc, &model, &mut findings);
    findings.sort();
    findings.dedup();
    findings
}

/// One line per finding.
pub fn render(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("{f}\n")).collect()
}

/// Errors and warnings per rule id (rules without findings are left out).
pub fn counts(findings: &[Finding]) -> BTreeMap<&'static str, RuleCount> {
    let mut counts: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for finding in findings {
        let entry = counts.entry(finding.rule.id()).or_default();
        match finding.severity {
            Severity::Error => entry.errors += 1,
            Severity::Warning => entry.warnings += 1,
        }
    }
    counts
}

/// Findings of one rule, by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleCount {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
}

/// `counts` as a small table, one rule per line, then a total line.
pub fn render_counts(findings: &[Finding]) -> String {
    let counts = counts(findings);
    let mut out = String::new();
    for (rule, count) in &counts {
        out.push_str(&format!(
            "{rule:<28} {:>5} errors {:>5} warnings\n",
            count.errors, count.warnings
        ));
    }
    let errors: usize = counts.values().map(|c| c.errors).sum();
    let warnings: usize = counts.values().map(|c| c.warnings).sum();
    out.push_str(&format!(
        "{:<28} {errors:>5} errors {warnings:>5} warnings\n",
        "total"
    ));
    out
}
