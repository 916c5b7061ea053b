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
    campaign_id: Option<crate::domain::ids::CampaignId>,
}

impl Ready {
    /// Records that the comment came through this campaign's link, if the campaign is
    /// about the draft the comment is on (a link of another draft's campaign counts for
    /// nothing here).
    pub fn through_campaign(
        &mut self,
        campaign: crate::domain::ids::CampaignId,
        draft: crate::domain::ids::DraftId,
    ) {
        if draft == self.draft_id {
            self.campaign_id = Some(campaign);
        }
    }

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

/// Where a submission goes: its draft and section, and the commune it names (None when
/// it names none or one that is not in the list).
#[derive(Clone)]
pub struct Destination {
    pub target: std::sync::Arc<CommentTarget>,
    pub locality_id: Option<crate::domain::ids::LocalityId>,
}

/// The commune code of a form, if it could be one: codes are slugs, and anything else is
/// not in the list and never reaches the database.
fn commune_code(form: &CommentForm) -> Option<&str> {
    let code = form.xa.trim();
    (!code.is_empty() && code.len() <= 100 && is_slug(code)).then_some(code)
}

/// Looks up where a submission goes: the draft, the section and the commune, or why the
/// draft or section cannot take it.
pub fn destination(
    c: &mut DbConnection,
    sub: &Submission,
) -> Result<Result<Destination, Submitted>, DbError> {
    let target = match q::target(c, sub.slug, sub.anchor)? {
        Target::Found(t) => t,
        Target::UnknownSection => return Ok(Err(Submitted::UnknownSection)),
        Target::NotFound => return Ok(Err(Submitted::NotFound)),
    };
    let locality_id = match commune_code(sub.form) {
        Some(code) => q::locality_id(c, target.jurisdiction_id, code)?,
        None => None,
    };
    Ok(Ok(Destination {
        target: std::sync::Arc::new(*target),
        locality_id,
    }))
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
    Ok(match destination(c, sub)? {
        Ok(to) => check_at(&to, rules, sub.form, now),
        Err(answer) => Checked::Answered(answer),
    })
}

/// Checks a comment whose destination is known: the period must be open and the form
/// valid. Asks the database nothing.
pub fn check_at(
    to: &Destination,
    rules: &SubmitRules,
    form: &CommentForm,
    now: NaiveDateTime,
) -> Checked {
    let target = &to.target;
    let d = &target.draft;
    let status = d.period_status(now);
    if status != PeriodStatus::Open {
        let when = match status {
            PeriodStatus::Upcoming => d.opens_at,
            _ => d.closes_at,
        };
        return Checked::Answered(Submitted::OutOfPeriod { status, when });
    }
    let locality_id = to.locality_id;
    let comment = match ValidComment::parse(form, rules.comment, |_| locality_id.is_some()) {
        Ok(comment) => comment,
        Err(problems) => {
            return Checked::Answered(Submitted::Invalid(
                Box::new(CommentTarget::clone(target)),
                problems,
            ));
        }
    };
    let (confirm_token, status_token) = (token::new_token(), token::new_token());
    Checked::Ready(Box::new(Ready {
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
        campaign_id: None,
    }))
}

/// Destinations comments were sent to lately, so that during a busy consultation a
/// submission asks the database nothing before its shared commit. On PostgreSQL the
/// three look-ups of the draft, the clause and the commune cost more than the comment's
/// share of the commit.
///
/// An entry is trusted as the page cache trusts a page: until a write through
/// `Db::write` in this process (a period changed or closed, a new version: the next
/// submission looks again at once) or for `ttl` (GOPY_PAGE_RECHECK_MS: a change made
/// through another replica holds there within that time). Whether the period is open is
/// decided afresh at every submission from the cached dates. Only destinations found in
/// the database are kept, at most `capacity` of them, so clients cannot fill memory with
/// names they make up.
pub struct DestinationCache {
    entries: std::sync::Mutex<std::collections::HashMap<DestinationKey, Kept>>,
    capacity: usize,
    ttl: std::time::Duration,
}

#[derive(PartialEq, Eq, Hash)]
struct DestinationKey {
    slug: String,
    anchor: Option<String>,
    commune: Option<String>,
}

struct Kept {
    to: Destination,
    generation: u64,
    at: std::time::Instant,
}

impl DestinationCache {
    pub fn new(capacity: usize, ttl: std::time::Duration) -> Self {
        DestinationCache {
            entries: Default::default(),
            capacity,
            ttl,
        }
    }

    fn key(sub: &Submission) -> DestinationKey {
        DestinationKey {
            slug: sub.slug.to_string(),
            anchor: sub.anchor.map(str::to_string),
            commune: commune_code(sub.form).map(str::to_string),
        }
    }

    /// The destination of `sub`, if looked up since the write generation `generation`
    /// began and less than `ttl` ago.
    pub fn get(&self, sub: &Submission, generation: u64) -> Option<Destination> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&Self::key(sub))
            .filter(|k| k.generation == generation && k.at.elapsed() < self.ttl)
            .map(|k| k.to.clone())
    }

    /// Keeps a destination looked up at `generation`.
    pub fn put(&self, sub: &Submission, generation: u64, to: Destination) {
        // A commune code that is not in the list is looked up each time, not kept: its
        // name is the client's choice.
        if self.capacity == 0 || (commune_code(sub.form).is_some() && to.locality_id.is_none()) {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.capacity {
            let ttl = self.ttl;
            entries.retain(|_, k| k.generation == generation && k.at.elapsed() < ttl);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(
            Self::key(sub),
            Kept {
                to,
                generation,
                at: std::time::Instant::now(),
            },
        );
    }
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
            campaign_id: self.campaign_id,
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
