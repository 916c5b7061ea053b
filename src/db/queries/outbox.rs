//! The mail outbox: mail queued with the change it tells about, claimed by a worker,
//! marked sent, or retried later.

use crate::domain::ids::*;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::token;
use crate::db::DbConnection;
use crate::db::schema::mail_outbox;
use crate::mail::OutgoingMail;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub lock_token: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i32,
}

impl OutboxRow {
    pub fn mail(&self) -> OutgoingMail {
        OutgoingMail {
            to: self.recipient.clone(),
            subject: self.subject.clone(),
            text: self.text_body.clone(),
            html: self.html_body.clone(),
        }
    }
}

crate::domain::text_enum! {
    /// Why a mail was sent (kept with it, for an operator reading the outbox).
    pub enum Purpose {
        /// The confirmation link of a new comment.
        Confirm = "confirm_comment",
        /// The confirmation link again, on the commenter's request.
        ConfirmAgain = "confirmation",
        /// The links of one's own comments, on request.
        Links = "links",
        CommentPublished = "comment_published",
        CommentRejected = "comment_rejected",
        Answer = "answer",
        ReportPublished = "report_published",
        /// A deadline of a social critique comes near (to the staff responsible).
        DeadlineReminder = "deadline_reminder",
    }
}

/// Queues a mail; call it inside the transaction of the change it tells about.
pub fn enqueue(
    conn: &mut DbConnection,
    comment_id: Option<CommentId>,
    purpose: Purpose,
    mail: &OutgoingMail,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::comment_id.eq(comment_id),
            mail_outbox::purpose.eq(purpose),
            mail_outbox::recipient.eq(&mail.to),
            mail_outbox::subject.eq(&mail.subject),
            mail_outbox::text_body.eq(&mail.text),
            mail_outbox::html_body.eq(&mail.html),
            mail_outbox::next_attempt_at.eq(now),
            mail_outbox::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Queues mails with one statement (each with the comment it tells about, why it is
/// sent and when it was queued); call it inside the transaction of the changes they
/// tell about.
pub fn enqueue_many(
    conn: &mut DbConnection,
    mails: &[(Option<CommentId>, Purpose, OutgoingMail, NaiveDateTime)],
) -> QueryResult<()> {
    if mails.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = mails
        .iter()
        .map(|(comment_id, purpose, mail, now)| {
            (
                mail_outbox::comment_id.eq(*comment_id),
                mail_outbox::purpose.eq(*purpose),
                mail_outbox::recipient.eq(&mail.to),
                mail_outbox::subject.eq(&mail.subject),
                mail_outbox::text_body.eq(&mail.text),
                mail_outbox::html_body.eq(&mail.html),
                mail_outbox::next_attempt_at.eq(*now),
                mail_outbox::created_at.eq(*now),
            )
        })
        .collect();
    crate::with_backend!(conn, |c| diesel::insert_into(mail_outbox::table)
        .values(rows)
        .execute(c))
    .map(|_| ())
}

/// Claims up to `limit` mails that are due and not held by another worker, for
/// `lock_for`. Only rows this call locked are returned, so two workers never send the
/// same mail at the same time.
pub fn claim_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lock_for: Duration,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let lock = token::new_token();
    let free = mail_outbox::locked_until
        .is_null()
        .or(mail_outbox::locked_until.lt(now));
    let due: Vec<i64> = mail_outbox::table
        .select(mail_outbox::id)
        .filter(mail_outbox::sent_at.is_null())
        .filter(mail_outbox::dead_at.is_null())
        .filter(mail_outbox::next_attempt_at.le(now))
        .filter(free)
        .order(mail_outbox::id)
        .limit(limit)
        .load(conn)?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq_any(&due))
            .filter(mail_outbox::sent_at.is_null())
            .filter(
                mail_outbox::locked_until
                    .is_null()
                    .or(mail_outbox::locked_until.lt(now)),
            ),
    )
    .set((
        mail_outbox::lock_token.eq(&lock),
        mail_outbox::locked_until.eq(now + lock_for),
    ))
    .execute(conn)?;
    mail_outbox::table
        .filter(mail_outbox::lock_token.eq(&lock))
        .filter(mail_outbox::sent_at.is_null())
        .select(OutboxRow::as_select())
        .order(mail_outbox::id)
        .load(conn)
}

/// Extends this worker's hold on the mails of a batch it has not sent yet, so that a
/// long batch never outlives its lock.
pub fn hold(
    conn: &mut DbConnection,
    ids: &[i64],
    lock: &str,
    until: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::id.eq_any(ids))
            .filter(mail_outbox::lock_token.eq(lock))
            .filter(mail_outbox::sent_at.is_null()),
    )
    .set(mail_outbox::locked_until.eq(until))
    .execute(conn)
    .map(|_| ())
}

/// These mails went out. Their text (which holds personal data and secret links) is
/// not needed any more and is cleared.
pub fn mark_sent(conn: &mut DbConnection, ids: &[i64], now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(ids)))
        .set((
            mail_outbox::sent_at.eq(now),
            mail_outbox::text_body.eq(""),
            mail_outbox::html_body.eq(""),
            mail_outbox::lock_token.eq(None::<String>),
            mail_outbox::locked_until.eq(None::<NaiveDateTime>),
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The attempt failed: try again at `retry_at`, or (None) give the mail up as a dead
/// letter, kept until an administrator sends it again.
pub fn mark_failed(
    conn: &mut DbConnection,
    id: i64,
    retry_at: Option<NaiveDateTime>,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let error: String = error.chars().take(500).collect();
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
            mail_outbox::next_attempt_at.eq(retry_at.unwrap_or(now)),
            mail_outbox::dead_at.eq(retry_at.is_none().then_some(now)),
            mail_outbox::last_error.eq(error),
            mail_outbox::lock_token.eq(None::<String>),
            mail_outbox::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Mail waiting to be sent, and mail given up: what /readyz and the console report.
pub fn backlog(conn: &mut DbConnection) -> QueryResult<Backlog> {
    let waiting = mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .filter(mail_outbox::dead_at.is_null())
        .count()
        .get_result(conn)?;
    let dead = mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .filter(mail_outbox::dead_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(Backlog { waiting, dead })
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Backlog {
    pub waiting: i64,
    pub dead: i64,
}

/// Dead letters go back in the queue, with their attempts counted from zero. Returns
/// how many.
pub fn requeue_dead(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        mail_outbox::table
            .filter(mail_outbox::sent_at.is_null())
            .filter(mail_outbox::dead_at.is_not_null()),
    )
    .set((
        mail_outbox::dead_at.eq(None::<NaiveDateTime>),
        mail_outbox::attempts.eq(0),
        mail_outbox::next_attempt_at.eq(now),
    ))
    .execute(conn)
}

/// Removes mail sent before `before`: its body was cleared when it went out, and the
/// recipient's address is not kept longer than the row is useful.
pub fn prune_sent(
    conn: &mut DbConnection,
    before: NaiveDateTime,
    limit: usize,
) -> QueryResult<usize> {
    let ids: Vec<i64> = mail_outbox::table
        .filter(mail_outbox::sent_at.lt(before))
        .select(mail_outbox::id)
        .order(mail_outbox::id.asc())
        .limit(limit as i64)
        .load(conn)?;
    diesel::delete(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids))).execute(conn)
}
