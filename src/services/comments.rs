//! A citizen's comment: submitted, then confirmed by mail, moderated, answered.

use chrono::{Duration, NaiveDateTime};

use crate::auth::token;
use crate::db::models::Section;
use crate::db::queries::comments::{self as q, CommentTarget, NewComment, Stored, Target};
use crate::db::{Db, DbConnection, DbError};
use crate::domain::PeriodStatus;
use crate::domain::comment::{CommentForm, CommentRules, Problem, ValidComment, tracking_number};
use crate::domain::time;
use crate::mail::templates;
use crate::text::is_slug;

/// What a submission needs from the settings.
pub struct SubmitRules<'a> {
    pub comment: CommentRules,
    /// How long the confirmation link works.
    pub confirm_hours: i64,
    /// The public address, for the links in the confirmation mail.
    pub base_url: &'a str,
}

/// A comment as sent: to the draft `slug`, on the whole draft or on `anchor`.
pub struct Submission<'a> {
    pub slug: &'a str,
    pub anchor: Option<&'a str>,
    pub form: &'a CommentForm,
}

/// How a submission ended.
pub enum Submitted {
    /// Stored, with the raw token of the author's private pages (None for a duplicate,
    /// whose token exists only in the first mail).
    Stored(Stored, Option<String>),
    NotFound,
    UnknownSection,
    /// Outside the comment period; `when` is when it opens (upcoming) or closed.
    OutOfPeriod {
        status: PeriodStatus,
        when: Option<NaiveDateTime>,
    },
    /// The form has problems; the target, to show the form again beside them.
    Invalid(Box<CommentTarget>, Vec<Problem>),
    /// Too many comments from this mail address; try again after this long.
    TooMany(std::time::Duration),
}

/// Receives a comment: the draft and section must exist, the period be open and the
/// form valid, and the mail address within its limit (`mail_limit`, given the address's
/// limiter key). The comment and its confirmation mail are stored in one transaction;
/// the same comment sent again is recognised and not stored twice.
pub fn submit(
    c: &mut DbConnection,
    db: &Db,
    rules: &SubmitRules,
    mail_limit: &dyn Fn(&str) -> Result<(), std::time::Duration>,
    sub: &Submission,
    now: NaiveDateTime,
) -> Result<Submitted, DbError> {
    let target = match q::target(c, sub.slug, sub.anchor)? {
        Target::Found(t) => t,
        Target::UnknownSection => return Ok(Submitted::UnknownSection),
        Target::NotFound => return Ok(Submitted::NotFound),
    };
    let d = &target.draft;
    let status = d.period_status(now);
    if status != PeriodStatus::Open {
        let when = match status {
            PeriodStatus::Upcoming => d.opens_at,
            _ => d.closes_at,
        };
        return Ok(Submitted::OutOfPeriod { status, when });
    }
    let code = sub.form.xa.trim();
    // Codes are slugs: anything else is not in the list, and never reaches the database.
    let locality_id = if code.is_empty() || code.len() > 100 || !is_slug(code) {
        None
    } else {
        q::locality_id(c, target.jurisdiction_id, code)?
    };
    let comment = match ValidComment::parse(sub.form, rules.comment, |_| locality_id.is_some()) {
        Ok(comment) => comment,
        Err(problems) => return Ok(Submitted::Invalid(target, problems)),
    };
    if let Err(wait) = mail_limit(&comment.email.limiter_key()) {
        return Ok(Submitted::TooMany(wait));
    }

    let confirm_token = token::new_token();
    let status_token = token::new_token();
    let expires = now + Duration::hours(rules.confirm_hours);
    let base = rules.base_url;
    let new = NewComment {
        draft_id: d.id,
        version_id: target.version_id,
        section_id: target.section.as_ref().map(|s: &Section| s.id),
        comment: &comment,
        locality_id,
        confirm_token_hash: &token::hash(&confirm_token),
        confirm_expires_at: expires,
        status_token_hash: &token::hash(&status_token),
        now,
    };
    let _turn = db.writer_turn();
    let stored = q::store(c, &new, |id| {
        templates::confirmation(&templates::Confirmation {
            to: comment.email.as_str(),
            tracking_number: &tracking_number(id, now),
            draft_title: &d.title,
            section: target.section.as_ref().map(|s| s.label.as_str()),
            confirm_url: &crate::paths::absolute(
                base,
                &crate::paths::public::confirm(&confirm_token),
            ),
            status_url: &crate::paths::absolute(base, &crate::paths::public::own(&status_token)),
            expires: &time::date_time(expires),
            body: &comment.body,
        })
    })?;
    let token = matches!(stored, Stored::New { .. }).then_some(status_token);
    Ok(Submitted::Stored(stored, token))
}
