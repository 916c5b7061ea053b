//! A draft's life cycle in the console: publishing it, and changing its comment period
//! (an extension, or an early close) with the public reason. The rules of the period
//! are `domain::period::CommentPeriod`'s; this applies them to the stored draft and
//! writes the change with its audit entry.

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::DbConnection;
use crate::db::models::{DocumentType, Draft};
use crate::db::queries::audit::Entry;
use crate::db::queries::{console, drafts};
use crate::domain::Publication;
use crate::domain::period::{CommentPeriod, PeriodProblem};
use crate::domain::time;
use crate::i18n::VI;

/// Why a draft may not be published yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishProblem {
    /// It has no text.
    NeedsText,
    /// It has no comment period.
    NeedsPeriod,
    /// Its period breaks a rule (too short for its type, already over…).
    Period(PeriodProblem),
}

/// Publishes the draft and its text, if it has both and its period is long enough for
/// its document type. A draft published already stays so (nothing is written).
pub fn publish(
    conn: &mut DbConnection,
    draft: &Draft,
    doc_type: &DocumentType,
    who: &Entry<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), PublishProblem>> {
    if draft.publication == Publication::Published {
        return Ok(Ok(()));
    }
    if drafts::versions_of(conn, draft.id)?.is_empty() {
        return Ok(Err(PublishProblem::NeedsText));
    }
    let Some(period) = CommentPeriod::of(draft.opens_at, draft.closes_at) else {
        return Ok(Err(PublishProblem::NeedsPeriod));
    };
    if let Err(problem) = period.check_publishable(doc_type.min_comment_days, now) {
        return Ok(Err(PublishProblem::Period(problem)));
    }
    console::publish(conn, draft.id, who, now)?;
    Ok(Ok(()))
}

/// A change of the comment period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodChange {
    /// Comments taken until the end of this day.
    ExtendTo(NaiveDate),
    /// Comments end now.
    CloseEarly,
}

/// Why a period change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRefusal {
    /// The public reason is missing or too short.
    ReasonNeeded,
    Period(PeriodProblem),
}

/// The shortest public reason for a change of period, in characters.
pub const MIN_REASON_CHARS: usize = 5;

/// Applies `change` with its public `reason` (shown on the draft's page as its period
/// note). `who`'s action is set here: draft.extend or draft.close_early.
pub fn change_period(
    conn: &mut DbConnection,
    draft: &Draft,
    change: PeriodChange,
    reason: &str,
    who: &Entry<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), PeriodRefusal>> {
    let reason = crate::text::nfc(reason.trim());
    if reason.chars().count() < MIN_REASON_CHARS {
        return Ok(Err(PeriodRefusal::ReasonNeeded));
    }
    let period = CommentPeriod::of(draft.opens_at, draft.closes_at);
    let t = VI.console;
    let (closes_at, note, action) = match change {
        PeriodChange::CloseEarly => {
            let ended = match period.map(|p| p.closed_early(now)) {
                Some(Ok(ended)) => ended,
                Some(Err(problem)) => return Ok(Err(PeriodRefusal::Period(problem))),
                None => return Ok(Err(PeriodRefusal::Period(PeriodProblem::NotOpen))),
            };
            let note = t.closed_early_note(&time::date_time(now), &reason);
            (ended.closes_at, note, "draft.close_early")
        }
        PeriodChange::ExtendTo(day) => {
            let longer = period
                .ok_or(PeriodProblem::ExtendLater)
                .and_then(|p| p.extended_to(day, now));
            let longer = match longer {
                Ok(p) => p,
                Err(problem) => return Ok(Err(PeriodRefusal::Period(problem))),
            };
            let note = t.extended_note(&time::date(longer.closes_at), &reason);
            (longer.closes_at, note, "draft.extend")
        }
    };
    let who = Entry {
        action,
        before: serde_json::Value::Null,
        after: serde_json::Value::Null,
        ..*who
    };
    console::change_period(conn, draft.id, closes_at, &note, &who, now)?;
    Ok(Ok(()))
}
