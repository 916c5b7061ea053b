//! Opinions received outside the portal, and consultation letters: recorded, answered
//! and audited, each in one transaction that also renews the draft's pages (the report
//! lists them).

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::models::LegalRule;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::authoring::bump_revision;
use crate::db::queries::legal;
use crate::db::queries::received::{self as q, Links, MAX_PER_DRAFT};
use crate::domain::ids::*;
pub use crate::domain::received::Refusal;
use crate::domain::received::{LetterEntry, OpinionAnswer, OpinionEntry, reply_due};
use crate::domain::staff::By;

/// The legal rule that sets the time a consulted body has to reply, for a document type
/// that names none of its own.
pub const REPLY_RULE: &str = "consultation-reply-general";

/// The rule that sets how long the bodies consulted on this draft have to reply: its
/// document type's (a law's policy consultation, a provincial chairman's decision), or
/// the general one. The rules are seeded by the migrations and can be edited, never
/// deleted.
pub fn reply_rule(conn: &mut DbConnection, draft_id: DraftId) -> diesel::QueryResult<LegalRule> {
    match legal::reply_rule_of_draft(conn, draft_id)? {
        Some(rule) => Ok(rule),
        None => legal::by_code(conn, REPLY_RULE)?.ok_or(diesel::result::Error::NotFound),
    }
}

/// What a new opinion points at, as typed: the clause's anchor, the file and the
/// addressee whose reply it is (each optional).
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub anchor: Option<String>,
    pub attachment: Option<AttachmentId>,
    pub recipient: Option<RecipientId>,
}

/// Records an opinion received outside the portal, with its audit entry.
pub fn record(
    conn: &mut DbConnection,
    draft_id: DraftId,
    entry: &OpinionEntry,
    targets: &Targets,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<ReceivedOpinionId, Refusal>> {
    conn.transaction(|conn| {
        if q::count(conn, draft_id)? >= MAX_PER_DRAFT {
            return Ok(Err(Refusal::TooMany));
        }
        let mut links = Links::default();
        if let Some(anchor) = &targets.anchor {
            match q::section_at(conn, draft_id, anchor)? {
                Some(s) => links.section_id = Some(s),
                None => return Ok(Err(Refusal::UnknownSection)),
            }
        }
        if let Some(file) = targets.attachment {
            if !q::has_attachment(conn, draft_id, file)? {
                return Ok(Err(Refusal::UnknownFile));
            }
            links.attachment_id = Some(file);
        }
        if let Some(r) = targets.recipient {
            if q::recipient_of(conn, draft_id, r)?.is_none() {
                return Ok(Err(Refusal::UnknownRecipient));
            }
            links.recipient_id = Some(r);
        }
        let id = q::insert(conn, draft_id, entry, links, by.account_id, now)?;
        let e = Entry::by(
            by,
            "received_opinion.record",
            "received_opinion",
            Some(id.get()),
            Some(draft_id),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "source": entry.source.as_str(),
                "organisation": entry.organisation,
                "document_number": entry.document_number,
                "received_on": entry.received_on.to_string(),
                "anchor": targets.anchor,
            }),
        );
        audit::record(conn, &e, now)?;
        bump_revision(conn, draft_id, now)?;
        Ok(Ok(id))
    })
}

/// Answers an opinion of the draft (or changes its answer), with its audit entry; false
/// when the draft has no such opinion.
pub fn answer(
    conn: &mut DbConnection,
    draft_id: DraftId,
    id: ReceivedOpinionId,
    answer: &OpinionAnswer,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<bool> {
    conn.transaction(|conn| {
        let Some(before) = q::find(conn, draft_id, id)? else {
            return Ok(false);
        };
        q::answer(
            conn,
            draft_id,
            id,
            answer.disposition,
            &answer.reason,
            by.account_id,
            now,
        )?;
        let e = Entry::by(
            by,
            "received_opinion.answer",
            "received_opinion",
            Some(id.get()),
            Some(draft_id),
        )
        .change(
            serde_json::json!({
                "disposition": before.disposition.map(|d| d.as_str()),
                "reason": before.reason,
            }),
            serde_json::json!({
                "disposition": answer.disposition.as_str(),
                "reason": answer.reason,
            }),
        );
        audit::record(conn, &e, now)?;
        bump_revision(conn, draft_id, now)?;
        crate::services::report::new_version_after_change(conn, draft_id, by, now)?;
        Ok(true)
    })
}

/// Records a consultation letter sent to named bodies; their replies are due after the
/// days of the draft's [`reply_rule`] as it stands now. Returns the letter and that day.
pub fn send_letter(
    conn: &mut DbConnection,
    draft_id: DraftId,
    entry: &LetterEntry,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(LetterId, chrono::NaiveDate), Refusal>> {
    conn.transaction(|conn| {
        if q::letter_count(conn, draft_id)? >= MAX_PER_DRAFT {
            return Ok(Err(Refusal::TooMany));
        }
        let rule = reply_rule(conn, draft_id)?;
        let due = reply_due(entry.sent_on, rule.days);
        let id = q::insert_letter(conn, draft_id, entry, due, by.account_id, now)?;
        let e = Entry::by(
            by,
            "consultation_letter.send",
            "consultation_letter",
            Some(id.get()),
            Some(draft_id),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "number": entry.number,
                "sent_on": entry.sent_on.to_string(),
                "reply_due": due.to_string(),
                "recipients": entry.recipients,
            }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok((id, due)))
    })
}
