//! The synthesis report (bản tổng hợp, tiếp thu, giải trình): publishing it records
//! the publication, tells every commenter it answers by mail, and audits it, in one
//! transaction. The report itself is built from the data (`db::queries::report`).

use chrono::NaiveDateTime;
use diesel::Connection;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::authoring::bump_revision;
use crate::db::queries::outbox::{self, Purpose};
use crate::db::queries::report as rows;
use crate::db::schema::drafts;
use crate::domain::comment::tracking_number;
use crate::domain::ids::{CommentId, DraftId};
use crate::mail::templates;
use crate::paths;

/// Commenters mailed per read.
const RECIPIENTS_PER_READ: i64 = 500;

/// Why a report may not be published yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublishable {
    /// Published comments still without an answer.
    Unanswered(i64),
    /// Nothing to report: no answered comment.
    Empty,
}

/// Publishes the report as it stands now: only once every published comment has its
/// answer, and there is at least one. Returns the publication's id.
pub fn publish(
    conn: &mut DbConnection,
    draft_id: DraftId,
    who: &Entry<'_>,
    base_url: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<i64, Unpublishable>> {
    conn.transaction(|conn| {
        let report = rows::generate(conn, draft_id)?;
        if report.unanswered > 0 {
            return Ok(Err(Unpublishable::Unanswered(report.unanswered)));
        }
        if report.rows.is_empty() {
            return Ok(Err(Unpublishable::Empty));
        }
        let report = &report;
        let id = rows::record_publication(conn, draft_id, report, who.account_id, now)?;
        let (slug, title): (String, String) = drafts::table
            .find(draft_id)
            .select((drafts::slug, drafts::title))
            .first(conn)?;
        let link = paths::absolute(base_url, &paths::public::report(&slug));
        let mut after = CommentId(0);
        loop {
            let batch = rows::recipients(conn, draft_id, after, RECIPIENTS_PER_READ)?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            for r in batch {
                let Some(to) = r.email else { continue };
                let mail = templates::report_published(
                    &to,
                    &tracking_number(r.id, r.created_at),
                    &title,
                    r.disposition,
                    &r.reason,
                    &link,
                );
                outbox::enqueue(conn, Some(r.id), Purpose::ReportPublished, &mail, now)?;
            }
        }
        bump_revision(conn, draft_id, now)?;
        let e = Entry {
            action: "report.publish",
            object_type: "synthesis_report",
            object_id: Some(id),
            draft_id: Some(draft_id),
            before: serde_json::Value::Null,
            after: serde_json::json!({
                "rows": report.rows.len(),
                "answered": report.answered(),
                "totals": report.totals,
            }),
            ..*who
        };
        audit::record(conn, &e, now)?;
        Ok(Ok(id))
    })
}
