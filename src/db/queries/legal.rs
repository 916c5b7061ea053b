//! Legal rules: the figures the portal enforces, with their sources.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::LegalRule;
use crate::db::schema::legal_rules;
use crate::domain::ids::LegalRuleId;
use crate::domain::legal::RuleEdit;

/// Every rule, the unconfirmed first (what an administrator has left to do), then by code.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<LegalRule>> {
    legal_rules::table
        .select(LegalRule::as_select())
        .order((legal_rules::confirmed.asc(), legal_rules::code.asc()))
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: LegalRuleId) -> QueryResult<Option<LegalRule>> {
    legal_rules::table
        .find(id)
        .select(LegalRule::as_select())
        .first(conn)
        .optional()
}

/// The rule with this code (for the figures the code itself needs, such as the reply
/// deadline of a consultation letter).
pub fn by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<LegalRule>> {
    legal_rules::table
        .filter(legal_rules::code.eq(code))
        .select(LegalRule::as_select())
        .first(conn)
        .optional()
}

/// The rule that sets how long a consulted body has to reply to a letter about this
/// draft: its document type's own, if the type names one.
pub fn reply_rule_of_draft(
    conn: &mut DbConnection,
    draft: crate::domain::ids::DraftId,
) -> QueryResult<Option<LegalRule>> {
    use crate::db::schema::{document_types, drafts};
    // One query: the type names the rule by `reply_rule_id`, not by the `min_rule_id`
    // the schema's default join follows, so the join says which.
    drafts::table
        .find(draft)
        .inner_join(document_types::table)
        .inner_join(
            legal_rules::table.on(document_types::reply_rule_id.eq(legal_rules::id.nullable())),
        )
        .select(LegalRule::as_select())
        .first(conn)
        .optional()
}

/// How many rules wait for an administrator to confirm them.
pub fn unconfirmed(conn: &mut DbConnection) -> QueryResult<i64> {
    legal_rules::table
        .filter(legal_rules::confirmed.eq(false))
        .count()
        .get_result(conn)
}

/// Marks as changed the page of every draft whose type follows the rule: the page
/// shows the rule's figure and, once confirmed, its citation.
pub fn bump_drafts_following(
    conn: &mut DbConnection,
    id: LegalRuleId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    use crate::db::schema::{document_types, drafts};
    let types = document_types::table
        .filter(document_types::min_rule_id.eq(id))
        .select(document_types::id);
    diesel::update(drafts::table.filter(drafts::document_type_id.eq_any(types)))
        .set((
            drafts::revision.eq(drafts::revision + 1),
            drafts::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn update(
    conn: &mut DbConnection,
    id: LegalRuleId,
    edit: &RuleEdit,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(legal_rules::table.find(id))
        .set((
            legal_rules::days.eq(edit.days),
            legal_rules::citation.eq(&edit.citation),
            legal_rules::source_url.eq(&edit.source_url),
            legal_rules::confirmed.eq(edit.confirmed),
            legal_rules::updated_at.eq(now),
        ))
        .execute(conn)
}
