//! The Front's social critique of a draft, step by step (`domain::critique`): each step
//! checks the critique's state, writes, and audits in one transaction; publishing
//! renews the draft's public pages and its report. The reminders of deadlines are a
//! scheduled job (`jobs::reminders`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::models::LegalRule;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::authoring::bump_revision;
use crate::db::queries::critiques::{self as q, Document};
use crate::db::queries::{front, legal, received};
use crate::domain::comment::Disposition;
use crate::domain::critique::{
    CritiqueRefusal, CritiqueState, CritiqueStep, RequestEntry, SubmissionEntry, WrittenAnswer,
};
use crate::domain::ids::*;
use crate::domain::staff::By;

/// The legal rule of the days the draft must reach the Front before its submission.
pub const LEAD_RULE: &str = "critique-lead";

pub fn lead_rule(conn: &mut DbConnection) -> diesel::QueryResult<LegalRule> {
    legal::by_code(conn, LEAD_RULE)?.ok_or(diesel::result::Error::NotFound)
}

type Outcome<T> = diesel::QueryResult<Result<T, CritiqueRefusal>>;

fn audited(
    conn: &mut DbConnection,
    by: &By<'_>,
    action: &str,
    c: &q::Critique,
    after: serde_json::Value,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let e = Entry::by(by, action, "critique", Some(c.id.get()), Some(c.draft_id))
        .change(serde_json::json!({ "state": c.state.as_str() }), after);
    audit::record(conn, &e, now)
}

/// Records the agency's request (checked against the lead rule by the caller, with
/// `lead_days` as it read it) and the dossier's files.
pub fn request(
    conn: &mut DbConnection,
    draft_id: DraftId,
    entry: &RequestEntry,
    lead_days: i32,
    files: &[AttachmentId],
    by: &By<'_>,
    now: NaiveDateTime,
) -> Outcome<CritiqueId> {
    conn.transaction(|conn| {
        if front::find(conn, OrganisationId(entry.organisation))?.is_none() {
            return Ok(Err(CritiqueRefusal::UnknownOrganisation));
        }
        for f in files {
            if !received::has_attachment(conn, draft_id, *f)? {
                return Ok(Err(CritiqueRefusal::UnknownFile));
            }
        }
        let id = q::insert(conn, draft_id, entry, lead_days, files, by.account_id, now)?;
        let e = Entry::by(
            by,
            "critique.request",
            "critique",
            Some(id.get()),
            Some(draft_id),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "organisation": entry.organisation,
                "number": entry.number,
                "dossier_sent_on": entry.dossier_sent_on,
                "planned_submission": entry.planned_submission,
                "shortened_reason": entry.shortened_reason,
                "files": files.iter().map(|f| f.get()).collect::<Vec<_>>(),
            }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(id))
    })
}

/// Moves the critique by `step`, if its state allows it, inside the caller's
/// transaction.
fn step(
    conn: &mut DbConnection,
    c: &q::Critique,
    step: CritiqueStep,
    now: NaiveDateTime,
) -> diesel::QueryResult<Option<CritiqueState>> {
    let Some(to) = c.state.after(step) else {
        return Ok(None);
    };
    Ok(q::step(conn, c.id, c.state, to, now)?.then_some(to))
}

/// The Front records that the dossier reached it.
pub fn receive(
    conn: &mut DbConnection,
    c: &q::Critique,
    on: NaiveDate,
    by: &By<'_>,
    now: NaiveDateTime,
) -> Outcome<()> {
    conn.transaction(|conn| {
        if step(conn, c, CritiqueStep::Receive, now)?.is_none() {
            return Ok(Err(CritiqueRefusal::WrongState));
        }
        q::set_received(conn, c.id, on)?;
        audited(
            conn,
            by,
            "critique.receive",
            c,
            serde_json::json!({ "state": "received", "received_on": on }),
            now,
        )?;
        Ok(Ok(()))
    })
}

/// The Front gives its critique: its document and points.
pub fn submit(
    conn: &mut DbConnection,
    c: &q::Critique,
    entry: &SubmissionEntry,
    document: &Document,
    by: &By<'_>,
    now: NaiveDateTime,
) -> Outcome<()> {
    conn.transaction(|conn| {
        let mut sections = Vec::with_capacity(entry.points.len());
        for (anchor, _, _) in &entry.points {
            sections.push(match anchor {
                None => None,
                Some(a) => match received::section_at(conn, c.draft_id, a)? {
                    Some(s) => Some(s),
                    None => return Ok(Err(CritiqueRefusal::UnknownSection)),
                },
            });
        }
        if step(conn, c, CritiqueStep::Submit, now)?.is_none() {
            return Ok(Err(CritiqueRefusal::WrongState));
        }
        q::set_submission(conn, c.id, entry, &sections, document, now)?;
        audited(
            conn,
            by,
            "critique.submit",
            c,
            serde_json::json!({
                "state": "submitted",
                "form": entry.form.as_str(),
                "critiqued_on": entry.critiqued_on,
                "document_number": entry.document_number,
                "points": entry.points.len(),
            }),
            now,
        )?;
        Ok(Ok(()))
    })
}

/// The agency answers one point (or corrects its answer before publishing).
pub fn answer_point(
    conn: &mut DbConnection,
    c: &q::Critique,
    point: CritiquePointId,
    disposition: Disposition,
    reason: &str,
    by: &By<'_>,
    now: NaiveDateTime,
) -> Outcome<()> {
    conn.transaction(|conn| {
        if !c.state.points_answerable() {
            return Ok(Err(CritiqueRefusal::WrongState));
        }
        let Some((before, before_reason)) = q::point_answer(conn, c.id, point)? else {
            return Ok(Err(CritiqueRefusal::NotFound));
        };
        q::answer_point(conn, point, disposition, reason, by.account_id, now)?;
        let e = Entry::by(
            by,
            "critique.answer_point",
            "critique_point",
            Some(point.get()),
            Some(c.draft_id),
        )
        .change(
            serde_json::json!({
                "disposition": before.map(|d| d.as_str()),
                "reason": before_reason,
            }),
            serde_json::json!({ "disposition": disposition.as_str(), "reason": reason }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(()))
    })
}

/// The agency sends its written answer: every point must be answered.
pub fn send_answer(
    conn: &mut DbConnection,
    c: &q::Critique,
    answer: &WrittenAnswer,
    by: &By<'_>,
    now: NaiveDateTime,
) -> Outcome<()> {
    conn.transaction(|conn| {
        if c.state != CritiqueState::Submitted {
            return Ok(Err(CritiqueRefusal::WrongState));
        }
        if q::unanswered_points(conn, c.id)? > 0 {
            return Ok(Err(CritiqueRefusal::PointsUnanswered));
        }
        if step(conn, c, CritiqueStep::Answer, now)?.is_none() {
            return Ok(Err(CritiqueRefusal::WrongState));
        }
        q::set_answer(conn, c.id, answer)?;
        audited(
            conn,
            by,
            "critique.answer",
            c,
            serde_json::json!({
                "state": "answered",
                "number": answer.number,
                "answered_on": answer.answered_on,
            }),
            now,
        )?;
        Ok(Ok(()))
    })
}

/// The agency publishes the critique and its answer: the draft's pages and report are
/// renewed.
pub fn publish(
    conn: &mut DbConnection,
    c: &q::Critique,
    by: &By<'_>,
    now: NaiveDateTime,
) -> Outcome<()> {
    conn.transaction(|conn| {
        if step(conn, c, CritiqueStep::Publish, now)?.is_none() {
            return Ok(Err(CritiqueRefusal::WrongState));
        }
        q::set_published(conn, c.id, now)?;
        audited(
            conn,
            by,
            "critique.publish",
            c,
            serde_json::json!({ "state": "published" }),
            now,
        )?;
        bump_revision(conn, c.draft_id, now)?;
        crate::services::report::new_version_after_change(conn, c.draft_id, by, now)?;
        Ok(Ok(()))
    })
}

/// The agency withdraws its request, with its reason.
pub fn withdraw(
    conn: &mut DbConnection,
    c: &q::Critique,
    reason: &str,
    by: &By<'_>,
    now: NaiveDateTime,
) -> Outcome<()> {
    conn.transaction(|conn| {
        if step(conn, c, CritiqueStep::Withdraw, now)?.is_none() {
            return Ok(Err(CritiqueRefusal::WrongState));
        }
        q::set_withdrawn_reason(conn, c.id, reason)?;
        audited(
            conn,
            by,
            "critique.withdraw",
            c,
            serde_json::json!({ "state": "withdrawn", "reason": reason }),
            now,
        )?;
        Ok(Ok(()))
    })
}
