//! A citizen's comment: submitted, then confirmed by mail, moderated, answered.

use chrono::{Duration, NaiveDateTime};

use crate::auth::token;
use crate::db::models::Section;
use crate::db::queries::comments::{
    self as q, CommentTarget, NewComment, PendingComment, Stored, Target,
};
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

/// A comment that passed every check, ready to be stored: everything it needs is owned,
/// so that it can wait for the shared commit without holding a connection.
pub struct Ready {
    draft_id: crate::domain::ids::DraftId,
    version_id: crate::domain::ids::VersionId,
    section_id: Option<crate::domain::ids::SectionId>,
    comment: ValidComment,
    locality_id: Option<crate::domain::ids::LocalityId>,
    confirm_token: String,
    status_token: String,
    /// The tokens as stored, hashed here rather than in the shared writer.
    confirm_hash: String,
    status_hash: String,
    expires: NaiveDateTime,
    now: NaiveDateTime,
    draft_title: String,
    section_label: Option<String>,
    base_url: String,
}

impl Ready {
    /// The mail address as its rate limit knows it.
    pub fn mail_key(&self) -> String {
        self.comment.email.limiter_key()
    }
}

/// What checking a submission came to: ready to store, or answered already.
pub enum Checked {
    Ready(Box<Ready>),
    Answered(Submitted),
}

/// Checks a comment: the draft and section must exist, the period be open and the form
/// valid. Reads only; the caller then checks the mail address's limit
/// ([`Ready::mail_key`]) and [`store`] writes what passes.
pub fn check(
    c: &mut DbConnection,
    rules: &SubmitRules,
    sub: &Submission,
    now: NaiveDateTime,
) -> Result<Checked, DbError> {
    let answered = |s| Ok(Checked::Answered(s));
    let target = match q::target(c, sub.slug, sub.anchor)? {
        Target::Found(t) => t,
        Target::UnknownSection => return answered(Submitted::UnknownSection),
        Target::NotFound => return answered(Submitted::NotFound),
    };
    let d = &target.draft;
    let status = d.period_status(now);
    if status != PeriodStatus::Open {
        let when = match status {
            PeriodStatus::Upcoming => d.opens_at,
            _ => d.closes_at,
        };
        return answered(Submitted::OutOfPeriod { status, when });
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
        Err(problems) => return answered(Submitted::Invalid(target, problems)),
    };
    let (confirm_token, status_token) = (token::new_token(), token::new_token());
    Ok(Checked::Ready(Box::new(Ready {
        draft_id: d.id,
        version_id: target.version_id,
        section_id: target.section.as_ref().map(|s: &Section| s.id),
        comment,
        locality_id,
        confirm_hash: token::hash(&confirm_token),
        status_hash: token::hash(&status_token),
        confirm_token,
        status_token,
        expires: now + Duration::hours(rules.confirm_hours),
        now,
        draft_title: d.title.clone(),
        section_label: target.section.as_ref().map(|s| s.label.clone()),
        base_url: rules.base_url.to_string(),
    })))
}

/// Stores a checked comment and queues its confirmation mail in the next shared commit
/// (`Db::insert_comment_grouped`), and answers once that commit is durable. The same comment sent
/// again is recognised and not stored twice.
pub async fn store(db: &Db, ready: Box<Ready>) -> Result<Submitted, DbError> {
    let ready = std::sync::Arc::new(*ready);
    let stored = match db.insert_comment_grouped(ready.clone()).await? {
        Some(id) => Stored::New {
            id,
            created_at: ready.now,
        },
        None => {
            let r = ready.clone();
            db.run(move |c| q::stored_before(c, &r.new_comment()).map_err(DbError::from))
                .await?
        }
    };
    let token = matches!(stored, Stored::New { .. }).then(|| ready.status_token.clone());
    Ok(Submitted::Stored(stored, token))
}

impl PendingComment for Ready {
    fn new_comment(&self) -> NewComment<'_> {
        NewComment {
            draft_id: self.draft_id,
            version_id: self.version_id,
            section_id: self.section_id,
            comment: &self.comment,
            locality_id: self.locality_id,
            confirm_token_hash: &self.confirm_hash,
            confirm_expires_at: self.expires,
            status_token_hash: &self.status_hash,
            now: self.now,
        }
    }

    fn mail(&self, id: crate::domain::ids::CommentId) -> crate::mail::OutgoingMail {
        confirmation(self, id)
    }
}

fn confirmation(r: &Ready, id: crate::domain::ids::CommentId) -> crate::mail::OutgoingMail {
    templates::confirmation(&templates::Confirmation {
        to: r.comment.email.as_str(),
        tracking_number: &tracking_number(id, r.now),
        draft_title: &r.draft_title,
        section: r.section_label.as_deref(),
        confirm_url: &crate::paths::absolute(
            &r.base_url,
            &crate::paths::public::confirm(&r.confirm_token),
        ),
        status_url: &crate::paths::absolute(
            &r.base_url,
            &crate::paths::public::own(&r.status_token),
        ),
        expires: &time::date_time(r.expires),
        body: &r.comment.body,
    })
}
