//! Legal rules changed by an administrator, with their audit entry: a figure the portal
//! enforces, and the citation it shows, change only this way.

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::legal;
use crate::domain::ids::LegalRuleId;
use crate::domain::legal::RuleEdit;
use crate::domain::staff::By;

/// Saves the change; false when there is no such rule.
pub fn save(
    conn: &mut DbConnection,
    id: LegalRuleId,
    edit: &RuleEdit,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<bool> {
    conn.transaction(|conn| {
        let Some(before) = legal::find(conn, id)? else {
            return Ok(false);
        };
        legal::update(conn, id, edit, now)?;
        legal::bump_drafts_following(conn, id, now)?;
        let e = Entry::by(by, "legal_rule.update", "legal_rule", Some(id.get()), None).change(
            serde_json::json!({
                "days": before.days,
                "citation": before.citation,
                "source_url": before.source_url,
                "confirmed": before.confirmed,
            }),
            serde_json::to_value(edit).unwrap_or_default(),
        );
        audit::record(conn, &e, now)?;
        Ok(true)
    })
}
