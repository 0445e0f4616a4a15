//! The per-file view of an overlay run, for planning a spec drop: how many of each file's actions
//! applied and which are stale (`cargo xtask overlays`, `cargo xtask lint`).

use std::fmt::Write as _;

use super::{ApplyReport, Overlay};

/// One line per overlay file (`N of M applied`), then each stale action of that file indented
/// under it with its target and the first line of its description.
pub fn render_by_file(overlays: &[Overlay], report: &ApplyReport) -> String {
    let mut out = String::new();
    for overlay in overlays {
        let applied = report
            .actions
            .iter()
            .filter(|a| a.file == overlay.file)
            .count();
        let stale: Vec<_> = report
            .stale
            .iter()
            .filter(|a| a.file == overlay.file)
            .collect();
        let matches: usize = report
            .actions
            .iter()
            .filter(|a| a.file == overlay.file)
            .map(|a| a.pointers.len())
            .sum();
        let _ = write!(
            out,
            "{}: {applied} of {} action(s) applied ({matches} node(s) changed)",
            overlay.file,
            overlay.actions.len()
        );
        if stale.is_empty() {
            out.push('\n');
            continue;
        }
        let _ = writeln!(out, ", {} stale:", stale.len());
        for action in stale {
            let _ = writeln!(
                out,
                "  stale: action {}: target `{}`\n         {}",
                action.index, action.target, action.summary
            );
        }
    }
    let total: usize = overlays.iter().map(|o| o.actions.len()).sum();
    let _ = writeln!(
        out,
        "{} overlay file(s), {total} action(s): {} applied, {} stale",
        overlays.len(),
        report.actions.len(),
        report.stale.len()
    );
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

    use serde_json::json;

    use super::*;

    #[test]
    fn lists_applied_counts_and_stale_actions_per_file() {
        let text = "overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions:\n\
            - target: $.a\n  description: first fix\n  update: {x: 1}\n\
            - target: $.gone\n  description: |-\n    enum-case: the old spelling\n    more text\n  update: {x: 1}\n";
        let overlays = [
            crate::overlay::parse("010-a.yaml", text).unwrap(),
            crate::overlay::parse("020-b.yaml", text).unwrap(),
        ];
        let mut doc = json!({"a": {}});
        let report = crate::overlay::apply(&mut doc, &overlays).unwrap();
        let text = render_by_file(&overlays, &report);
        assert_eq!(
            text,
            "010-a.yaml: 1 of 2 action(s) applied (1 node(s) changed), 1 stale:\n  \
             stale: action 1: target `$.gone`\n         enum-case: the old spelling\n\
             020-b.yaml: 1 of 2 action(s) applied (1 node(s) changed), 1 stale:\n  \
             stale: action 1: target `$.gone`\n         enum-case: the old spelling\n\
             2 overlay file(s), 4 action(s): 2 applied, 2 stale\n"
        );
    }
}
