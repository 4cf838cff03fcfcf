//! One group's organisations against everyone (e.g. one ICB's practices against England's
//! spread): the group's marks in colour, drawn on top, everyone else's in grey beneath.

use std::collections::HashSet;

use serde::Deserialize;

use crate::analysis::Analysis;
use crate::chart::Scene;

use super::words::count_of;

/// `group`: the column that names each organisation's group, and the group to show.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GroupPick {
    pub column: String,
    pub value: String,
}

/// The codes of the organisations whose `column` holds the group's value (as written, ignoring
/// spaces round it); `None` when the file has no such column.
pub fn members(analysis: &Analysis, pick: &GroupPick) -> Option<HashSet<String>> {
    let dataset = &analysis.dataset;
    let column = dataset.headers.iter().position(|h| h == &pick.column)?;
    let wanted = pick.value.trim();
    Some(
        analysis
            .organisations
            .iter()
            .enumerate()
            .filter(|(_, &record)| dataset.record_text(record, column).is_some_and(|v| v.trim() == wanted))
            .map(|(org, _)| analysis.org_code(org).to_string())
            .collect(),
    )
}

/// Shows the group's marks in colour over everyone else's in grey, and says so in a sentence
/// (or why it could not).
pub fn show(analysis: &Analysis, pick: &GroupPick, scene: &mut Scene) -> String {
    let Some(codes) = members(analysis, pick) else {
        return format!("There is no column \"{}\" to find the group in.", crate::error::quote(&pick.column));
    };
    let marked = scene.spots().iter().filter(|s| !s.code.is_empty()).map(|s| s.code.clone()).collect::<HashSet<_>>();
    let inside = marked.intersection(&codes).count();
    if inside == 0 {
        return format!("No organisation in this chart has \"{}\" in {}.", crate::error::quote(&pick.value), pick.column);
    }
    scene.mute_others(&codes);
    format!(
        "In colour: {} with \"{}\" in {}, drawn on top; in grey, the other {}.",
        count_of(inside, "organisation", "organisations"),
        crate::error::quote(&pick.value),
        pick.column,
        crate::error::thousands((marked.len() - inside) as f64)
    )
}
