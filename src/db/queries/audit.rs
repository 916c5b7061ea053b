//! The audit log: every staff action, appended in the transaction of the action itself.
//! The database refuses updates and deletes on this table (see the migration).

use crate::domain::ids::*;
use crate::domain::staff::By;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;

use super::Page;
use crate::db::DbConnection;
use crate::db::schema::audit_log;

/// One staff action.
pub struct Entry<'a> {
    pub account_id: Option<AccountId>,
    /// Who, as shown in the log (the account's e-mail then).
    pub actor: &'a str,
    /// "draft.publish", "comment.reject" …
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<i64>,
    pub draft_id: Option<DraftId>,
    pub before: Value,
    pub after: Value,
}

impl<'a> Entry<'a> {
    /// An entry of `by` doing `action` on one object, with nothing before or after yet.
    pub fn by(
        by: &By<'a>,
        action: &'a str,
        object_type: &'a str,
        object_id: Option<i64>,
        draft_id: Option<DraftId>,
    ) -> Self {
        Entry {
            account_id: by.account_id,
            actor: by.name,
            action,
            object_type,
            object_id,
            draft_id,
            before: Value::Null,
            after: Value::Null,
        }
    }

    /// The same entry with what the object was before and is after.
    pub fn change(self, before: Value, after: Value) -> Self {
        Entry {
            before,
            after,
            ..self
        }
    }
}

pub fn record(conn: &mut DbConnection, e: &Entry<'_>, now: NaiveDateTime) -> QueryResult<()> {
    let json = |v: &Value| {
        if v.is_null() {
            String::new()
        } else {
            v.to_string()
        }
    };
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now),
            audit_log::account_id.eq(e.account_id),
            audit_log::actor.eq(e.actor),
            audit_log::action.eq(e.action),
            audit_log::object_type.eq(e.object_type),
            audit_log::object_id.eq(e.object_id),
            audit_log::draft_id.eq(e.draft_id),
            audit_log::before_json.eq(json(&e.before)),
            audit_log::after_json.eq(json(&e.after)),
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct LogRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub account_id: Option<AccountId>,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    pub draft_id: Option<DraftId>,
    pub before_json: String,
    pub after_json: String,
}

/// Filters an administrator may set on the log.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub draft_id: Option<DraftId>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

/// Newest first.
pub fn list(
    conn: &mut DbConnection,
    f: &LogFilter,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<LogRow>> {
    let filtered = || {
        let mut q = audit_log::table.into_boxed();
        if let Some(a) = &f.actor {
            q = q.filter(audit_log::actor.like(format!("%{}%", a.replace(['%', '_'], ""))));
        }
        if let Some(a) = &f.action {
            q = q.filter(audit_log::action.like(format!("{}%", a.replace(['%', '_'], ""))));
        }
        if let Some(d) = f.draft_id {
            q = q.filter(audit_log::draft_id.eq(d));
        }
        if let Some(t) = f.from {
            q = q.filter(audit_log::at.ge(t));
        }
        if let Some(t) = f.until {
            q = q.filter(audit_log::at.lt(t));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .select(LogRow::as_select())
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .offset(Page::<()>::offset(page, per_page))
        .limit(per_page)
        .load(conn)?;
    Ok(Page::of(items, page, per_page, total))
}
