//! Comments: what a comment is about, storing one with its confirmation mail, confirming,
//! withdrawing, and reading the published ones.
//!
//! The published counts on drafts and sections move only through [`set_published`], in
//! the same transaction as the status change, with the draft's revision bumped so that
//! its cached page is renewed.

use super::search_outbox as search_index;
use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Page;
use super::authoring::bump_revision;
use super::outbox;
use crate::db::DbConnection;
use crate::db::models::{Draft, Section};
use crate::db::schema::*;
use crate::domain::comment::{
    CommentStatus, CommenterKind, Disposition, PRIVACY_VERSION, RejectionReason, ValidComment,
};
use crate::mail::OutgoingMail;

/// The draft and, where given, the section a comment is about, in the latest published
/// version.
#[derive(Debug, Clone)]
pub struct CommentTarget {
    pub draft: Draft,
    pub jurisdiction_id: JurisdictionId,
    pub version_id: VersionId,
    pub section: Option<Section>,
}

#[derive(Debug)]
pub enum Target {
    Found(Box<CommentTarget>),
    /// The draft exists but has no such article, clause or point to comment on.
    UnknownSection,
    NotFound,
}

pub fn target(conn: &mut DbConnection, slug: &str, anchor: Option<&str>) -> QueryResult<Target> {
    let found: Option<(Draft, VersionId, JurisdictionId)> = drafts::table
        .inner_join(draft_versions::table)
        .inner_join(agencies::table)
        .filter(drafts::slug.eq(slug))
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .filter(draft_versions::published_at.is_not_null())
        .select((
            Draft::as_select(),
            draft_versions::id,
            agencies::jurisdiction_id,
        ))
        .order(draft_versions::number.desc())
        .first(conn)
        .optional()?;
    let Some((draft, version_id, jurisdiction_id)) = found else {
        return Ok(Target::NotFound);
    };
    let section = match anchor {
        None => None,
        Some(a) => {
            let s: Option<Section> = sections::table
                .filter(sections::version_id.eq(version_id))
                .filter(sections::anchor.eq(a))
                .select(Section::as_select())
                .first(conn)
                .optional()?;
            match s {
                Some(s) if s.kind.is_commentable() => Some(s),
                _ => return Ok(Target::UnknownSection),
            }
        }
    };
    Ok(Target::Found(Box::new(CommentTarget {
        draft,
        jurisdiction_id,
        version_id,
        section,
    })))
}

/// The section and everything under it (its clauses and points), to show above the
/// form. Bounded: a single article never has hundreds of parts.
pub fn subtree(conn: &mut DbConnection, section: &Section) -> QueryResult<Vec<Section>> {
    let rows: Vec<Section> = sections::table
        .filter(sections::version_id.eq(section.version_id))
        .filter(sections::position.ge(section.position))
        .select(Section::as_select())
        .order(sections::position.asc())
        .limit(300)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .enumerate()
        .take_while(|(i, s)| *i == 0 || s.depth > section.depth)
        .map(|(_, s)| s)
        .collect())
}

/// The id of a commune of the jurisdiction, by its code.
pub fn locality_id(
    conn: &mut DbConnection,
    jurisdiction_id: JurisdictionId,
    code: &str,
) -> QueryResult<Option<LocalityId>> {
    localities::table
        .filter(localities::jurisdiction_id.eq(jurisdiction_id))
        .filter(localities::code.eq(code))
        .select(localities::id)
        .first(conn)
        .optional()
}

/// Everything needed to store a comment, apart from the mail, which needs its id.
#[derive(Clone, Copy)]
pub struct NewComment<'a> {
    pub draft_id: DraftId,
    pub version_id: VersionId,
    pub section_id: Option<SectionId>,
    pub comment: &'a ValidComment,
    pub locality_id: Option<LocalityId>,
    pub confirm_token_hash: &'a str,
    pub confirm_expires_at: NaiveDateTime,
    pub status_token_hash: &'a str,
    pub now: NaiveDateTime,
    /// The campaign whose link it came through (issue 16).
    pub campaign_id: Option<CampaignId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    New {
        id: CommentId,
        created_at: NaiveDateTime,
    },
    /// The same text from the same address on this draft was stored before.
    Duplicate {
        id: CommentId,
        created_at: NaiveDateTime,
    },
}

/// Stores a comment and queues its confirmation mail in one transaction: when this
/// returns `New`, both are on disk, or neither is.
pub fn store(
    conn: &mut DbConnection,
    new: &NewComment<'_>,
    mail: impl Fn(CommentId) -> OutgoingMail,
) -> QueryResult<Stored> {
    let one = One { new: *new, mail };
    match conn.transaction(|conn| insert_many(conn, &[&one]))?.first() {
        Some(Some(id)) => Ok(Stored::New {
            id: *id,
            created_at: new.now,
        }),
        _ => stored_before(conn, new),
    }
}

/// A comment waiting to be stored, perhaps with others in one statement (the group
/// commit, `Db::insert_comment_grouped`): its row, and its confirmation mail once its
/// number is known.
pub trait PendingComment {
    fn new_comment(&self) -> NewComment<'_>;
    fn mail(&self, id: CommentId) -> OutgoingMail;
}

/// One comment and its mail, for [`store`].
struct One<'a, F> {
    new: NewComment<'a>,
    mail: F,
}

impl<F: Fn(CommentId) -> OutgoingMail> PendingComment for One<'_, F> {
    fn new_comment(&self) -> NewComment<'_> {
        self.new
    }
    fn mail(&self, id: CommentId) -> OutgoingMail {
        (self.mail)(id)
    }
}

/// Inserts comments with one statement and queues the confirmation mail of each new
/// one with another, in the caller's transaction: at a national consultation's peak a
/// shared commit carries hundreds of comments, and two statements cost one round trip
/// each to PostgreSQL where one per comment cost hundreds. A comment whose text from
/// the same address is already on the draft (stored before, or earlier in the same
/// list) is not inserted: its place holds None, and [`stored_before`] finds the one
/// kept. Any other failure fails the whole statement, and the caller's transaction
/// with it.
pub fn insert_many(
    conn: &mut DbConnection,
    pending: &[&dyn PendingComment],
) -> QueryResult<Vec<Option<CommentId>>> {
    if pending.is_empty() {
        return Ok(Vec::new());
    }
    let news: Vec<NewComment<'_>> = pending.iter().map(|p| p.new_comment()).collect();
    let keys: Vec<String> = news
        .iter()
        .map(|n| n.comment.dedupe_key(n.draft_id))
        .collect();
    let found: Vec<String> = news
        .iter()
        .map(|n| crate::domain::comment::PersonalData::join(&n.comment.personal_data))
        .collect();
    let rows: Vec<_> = news
        .iter()
        .zip(keys.iter().zip(&found))
        .map(|(new, (key, found))| {
            let c = new.comment;
            (
                comments::draft_id.eq(new.draft_id),
                comments::version_id.eq(new.version_id),
                comments::section_id.eq(new.section_id),
                comments::body.eq(&c.body),
                comments::email.eq(c.email.as_str()),
                comments::name.eq(&c.name),
                comments::publish_name.eq(c.publish_name),
                comments::commenter_kind.eq(c.kind),
                comments::organisation.eq(&c.organisation),
                comments::locality_id.eq(new.locality_id),
                comments::privacy_version.eq(PRIVACY_VERSION),
                comments::privacy_consented_at.eq(new.now),
                comments::status.eq(CommentStatus::Unconfirmed),
                comments::has_links.eq(c.has_links),
                comments::personal_data.eq(found.as_str()),
                comments::dedupe_key.eq(key.as_str()),
                comments::confirm_token_hash.eq(new.confirm_token_hash),
                comments::confirm_expires_at.eq(new.confirm_expires_at),
                comments::status_token_hash.eq(new.status_token_hash),
                comments::created_at.eq(new.now),
                comments::updated_at.eq(new.now),
                comments::campaign_id.eq(new.campaign_id),
            )
        })
        .collect();
    let inserted: Vec<(CommentId, Option<String>)> = crate::with_backend!(conn, |c| {
        diesel::insert_into(comments::table)
            .values(rows)
            .on_conflict(comments::dedupe_key)
            .do_nothing()
            .returning((comments::id, comments::dedupe_key))
            .get_results(c)
    })?;
    // RETURNING gives no order to rely on: the rows are matched by their key. Of two
    // equal comments in one list, the first takes the id and the second is the duplicate.
    let mut ids: std::collections::HashMap<String, CommentId> = inserted
        .into_iter()
        .filter_map(|(id, key)| Some((key?, id)))
        .collect();
    let ids: Vec<Option<CommentId>> = keys.iter().map(|k| ids.remove(k)).collect();
    let mails: Vec<_> = pending
        .iter()
        .zip(&news)
        .zip(&ids)
        .filter_map(|((p, new), id)| {
            id.map(|id| (Some(id), outbox::Purpose::Confirm, p.mail(id), new.now))
        })
        .collect();
    outbox::enqueue_many(conn, &mails)?;
    Ok(ids)
}

/// The comment stored before with the same text from the same address on this draft.
pub fn stored_before(conn: &mut DbConnection, new: &NewComment<'_>) -> QueryResult<Stored> {
    let (id, created_at) = comments::table
        .filter(comments::dedupe_key.eq(&new.comment.dedupe_key(new.draft_id)))
        .select((comments::id, comments::created_at))
        .first(conn)?;
    Ok(Stored::Duplicate { id, created_at })
}

/// Moves a comment into or out of "published", keeping the counts on its draft and
/// section in step (and its answer's tally, if it has one) and marking the draft's page
/// as changed. A comment published for the first time takes its place in the public
/// record.
pub(crate) fn set_published(
    conn: &mut DbConnection,
    id: CommentId,
    draft_id: DraftId,
    section_id: Option<SectionId>,
    delta: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let whole = if section_id.is_none() { delta } else { 0 };
    diesel::update(drafts::table.find(draft_id))
        .set((
            drafts::published_comments.eq(drafts::published_comments + delta),
            drafts::whole_draft_comments.eq(drafts::whole_draft_comments + whole),
        ))
        .execute(conn)?;
    if let Some(s) = section_id {
        diesel::update(sections::table.find(s))
            .set(sections::published_comments.eq(sections::published_comments + delta))
            .execute(conn)?;
    }
    if delta > 0 {
        enter_public_record(conn, id, draft_id, section_id)?;
    }
    // An answered comment counts in its answer's tally only while published.
    type Counted = (
        Option<AnswerId>,
        CommenterKind,
        NaiveDateTime,
        Option<LocalityId>,
        Option<CampaignId>,
        Option<i64>,
    );
    let (answer, kind, sent, commune, campaign, group): Counted = comments::table
        .find(id)
        .select((
            comments::response_id,
            comments::commenter_kind,
            comments::created_at,
            comments::locality_id,
            comments::campaign_id,
            comments::similar_group,
        ))
        .first(conn)?;
    // Unique against total: a comment the grouping queue has not reached is counted
    // when it is grouped.
    if let Some(g) = group {
        super::similar::count_group(conn, draft_id, CommentId(g), delta)?;
    }
    if let Some(answer) = answer {
        super::report::tally(conn, answer, draft_id, section_id, kind, delta)?;
    }
    super::participation::count(
        conn,
        &super::participation::Key {
            draft_id,
            day: crate::domain::time::local_date(sent),
            commune,
            campaign,
            kind,
        },
        delta,
    )?;
    bump_revision(conn, draft_id, now)
}

/// Gives a comment that enters the public record (published, or rejected and shown as
/// a placeholder) its places: the next position among the draft's public comments and
/// among those on its section (or on the whole draft). A comment keeps its places for
/// good, so nothing here ever renumbers another comment; one that has them already
/// (published again after a rejection) is left as it is.
///
/// Runs inside the caller's write transaction: the counters are raised first, so that
/// their row stays locked until commit and two writers never take the same place.
pub(crate) fn enter_public_record(
    conn: &mut DbConnection,
    id: CommentId,
    draft_id: DraftId,
    section_id: Option<SectionId>,
) -> QueryResult<()> {
    let placed: Option<i64> = comments::table
        .find(id)
        .select(comments::public_position)
        .first(conn)?;
    if placed.is_some() {
        return Ok(());
    }
    let whole = i64::from(section_id.is_none());
    diesel::update(drafts::table.find(draft_id))
        .set((
            drafts::public_positions.eq(drafts::public_positions + 1),
            drafts::whole_draft_positions.eq(drafts::whole_draft_positions + whole),
        ))
        .execute(conn)?;
    let (in_draft, on_whole): (i64, i64) = drafts::table
        .find(draft_id)
        .select((drafts::public_positions, drafts::whole_draft_positions))
        .first(conn)?;
    let in_scope = match section_id {
        None => on_whole,
        Some(s) => {
            diesel::update(sections::table.find(s))
                .set(sections::public_positions.eq(sections::public_positions + 1))
                .execute(conn)?;
            sections::table
                .find(s)
                .select(sections::public_positions)
                .first(conn)?
        }
    };
    diesel::update(comments::table.find(id))
        .set((
            comments::public_position.eq(in_draft),
            comments::scope_position.eq(in_scope),
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// Now counted: waiting for moderation, or published.
    Done {
        id: CommentId,
        created_at: NaiveDateTime,
        published: bool,
    },
    /// The link was used before: the comment already counts.
    Already {
        id: CommentId,
        created_at: NaiveDateTime,
    },
    /// The link is older than the confirmation window; the comment does not count.
    Expired,
    /// No comment has this link: wrong, replaced by a newer one, or the comment was
    /// withdrawn.
    Unknown,
}

/// What confirming a comment reads: the comment, and how its draft moderates.
#[derive(Queryable, Selectable)]
#[diesel(table_name = comments)]
struct Confirming {
    id: CommentId,
    draft_id: DraftId,
    section_id: Option<SectionId>,
    confirm_expires_at: NaiveDateTime,
    created_at: NaiveDateTime,
    status: CommentStatus,
    #[diesel(select_expression = drafts::moderation)]
    moderation: crate::domain::Moderation,
    personal_data: String,
}

/// Confirms the comment whose confirmation link has this hash. The link works once. The
/// comment is published at once when `publish` is set (a demo setting) or when its
/// draft publishes first and moderates after; otherwise it waits for a moderator.
pub fn confirm(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
    publish: bool,
) -> QueryResult<Confirmed> {
    conn.transaction(|conn| {
        let found: Option<Confirming> = comments::table
            .inner_join(drafts::table)
            .filter(comments::confirm_token_hash.eq(token_hash))
            .select(Confirming::as_select())
            .first(conn)
            .optional()?;
        let Some(Confirming {
            id,
            draft_id,
            section_id,
            confirm_expires_at: expires,
            created_at,
            status,
            moderation,
            personal_data,
        }) = found
        else {
            return Ok(Confirmed::Unknown);
        };
        if status == CommentStatus::Withdrawn {
            return Ok(Confirmed::Unknown);
        }
        if status != CommentStatus::Unconfirmed {
            return Ok(Confirmed::Already { id, created_at });
        }
        if now >= expires {
            return Ok(Confirmed::Expired);
        }
        // A text that seems to hold a phone number, an address or an identity number
        // waits for a moderator, even where comments are published first.
        let publish =
            (publish || moderation == crate::domain::Moderation::Post) && personal_data.is_empty();
        let new_status = if publish {
            CommentStatus::Published
        } else {
            CommentStatus::Pending
        };
        diesel::update(comments::table.find(id))
            .set((
                comments::status.eq(new_status),
                comments::confirmed_at.eq(now),
                // The hash stays, so that the link, used again, says "already confirmed".
                comments::published_at.eq(publish.then_some(now)),
                comments::updated_at.eq(now),
            ))
            .execute(conn)?;
        if publish {
            set_published(conn, id, draft_id, section_id, 1, now)?;
            search_index::enqueue(conn, id, now)?;
        }
        Ok(Confirmed::Done {
            id,
            created_at,
            published: publish,
        })
    })
}

/// What the author sees on the private page of their comment.
#[derive(Debug, Clone)]
pub struct OwnComment {
    pub id: CommentId,
    pub status: CommentStatus,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub draft: Draft,
    pub section_label: Option<String>,
    pub section_anchor: Option<String>,
    /// Where the mails go (None once withdrawn or erased).
    pub email: Option<String>,
    /// Whether the author consents to their name being published.
    pub publish_name: bool,
    /// Until when the confirmation link works.
    pub confirm_expires_at: NaiveDateTime,
    /// The agency's answer, once written.
    pub answer: Option<(Disposition, String)>,
}

/// The columns of an `OwnComment`: the comment, its draft, section and answer.
#[derive(Queryable, Selectable)]
#[diesel(table_name = comments)]
struct OwnRow {
    id: CommentId,
    status: CommentStatus,
    body: String,
    created_at: NaiveDateTime,
    confirmed_at: Option<NaiveDateTime>,
    published_at: Option<NaiveDateTime>,
    withdrawn_at: Option<NaiveDateTime>,
    #[diesel(embed)]
    draft: Draft,
    #[diesel(select_expression = (sections::label, sections::anchor).nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<(sections::label, sections::anchor)>)]
    section: Option<SectionLink>,
    email: Option<String>,
    publish_name: bool,
    confirm_expires_at: NaiveDateTime,
    #[diesel(select_expression = (responses::disposition, responses::reason).nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<(responses::disposition, responses::reason)>)]
    answer: Option<(Disposition, String)>,
}

pub fn own(conn: &mut DbConnection, status_token_hash: &str) -> QueryResult<Option<OwnComment>> {
    let row: Option<OwnRow> = comments::table
        .inner_join(drafts::table)
        .left_join(sections::table)
        .left_join(responses::table)
        .filter(comments::status_token_hash.eq(status_token_hash))
        .select(OwnRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(|r| {
        let (section_label, section_anchor) = r.section.unzip();
        OwnComment {
            id: r.id,
            status: r.status,
            body: r.body,
            created_at: r.created_at,
            confirmed_at: r.confirmed_at,
            published_at: r.published_at,
            withdrawn_at: r.withdrawn_at,
            draft: r.draft,
            section_label,
            section_anchor,
            email: r.email,
            publish_name: r.publish_name,
            confirm_expires_at: r.confirm_expires_at,
            // An answer is the public record's: shown while the comment is in it.
            answer: r.answer.filter(|_| r.status == CommentStatus::Published),
        }
    }))
}

/// What a request to mail a comment's links again came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resent {
    /// New links were made and their mail queued.
    Queued,
    /// Confirmed already: there is nothing to confirm.
    NotNeeded,
    /// No such comment (or it was withdrawn, and its address erased).
    Unknown,
}

/// The author asks for the confirmation mail again from their receipt: the link in it
/// is replaced by a new one, valid for `confirm_for` from now, and the mail is queued.
/// `mail` is given the comment and the new link's raw token.
pub fn resend_confirmation(
    conn: &mut DbConnection,
    status_token_hash: &str,
    confirm_for: chrono::Duration,
    now: NaiveDateTime,
    mail: impl FnOnce(&OwnComment, &str, NaiveDateTime) -> OutgoingMail,
) -> QueryResult<Resent> {
    conn.transaction(|conn| {
        let Some(c) = own(conn, status_token_hash)? else {
            return Ok(Resent::Unknown);
        };
        if c.status == CommentStatus::Withdrawn || c.email.is_none() {
            return Ok(Resent::Unknown);
        }
        if c.status != CommentStatus::Unconfirmed {
            return Ok(Resent::NotNeeded);
        }
        let token = crate::auth::token::new_token();
        let expires = now + confirm_for;
        diesel::update(comments::table.find(c.id))
            .set((
                comments::confirm_token_hash.eq(crate::auth::token::hash(&token)),
                comments::confirm_expires_at.eq(expires),
                comments::updated_at.eq(now),
            ))
            .execute(conn)?;
        outbox::enqueue(
            conn,
            Some(c.id),
            outbox::Purpose::ConfirmAgain,
            &mail(&c, &token, expires),
            now,
        )?;
        Ok(Resent::Queued)
    })
}

/// A commenter who lost their private links gives their address and tracking number.
/// When both match a comment that is not withdrawn, it gets a new private link (the old
/// one stops working), and a new confirmation link if it still waits for one, and both
/// are mailed to the address on record. Nothing tells the caller whether they matched.
/// `mail` is given the comment and the raw tokens (status, and confirmation if any).
pub fn reissue_links(
    conn: &mut DbConnection,
    id: CommentId,
    email: &str,
    confirm_for: chrono::Duration,
    now: NaiveDateTime,
    mail: impl FnOnce(&OwnComment, &str, Option<(&str, NaiveDateTime)>) -> OutgoingMail,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let on_record: Option<Option<String>> = comments::table
            .find(id)
            .select(comments::email)
            .first(conn)
            .optional()?;
        let Some(Some(address)) = on_record else {
            return Ok(false);
        };
        if address.to_lowercase() != email.trim().to_lowercase() {
            return Ok(false);
        }
        let status_token = crate::auth::token::new_token();
        let status_hash = crate::auth::token::hash(&status_token);
        diesel::update(comments::table.find(id))
            .set((
                comments::status_token_hash.eq(&status_hash),
                comments::updated_at.eq(now),
            ))
            .execute(conn)?;
        let Some(c) = own(conn, &status_hash)? else {
            return Ok(false);
        };
        if c.status == CommentStatus::Withdrawn {
            return Ok(false);
        }
        let confirm = if c.status == CommentStatus::Unconfirmed {
            let token = crate::auth::token::new_token();
            let expires = now + confirm_for;
            diesel::update(comments::table.find(id))
                .set((
                    comments::confirm_token_hash.eq(crate::auth::token::hash(&token)),
                    comments::confirm_expires_at.eq(expires),
                ))
                .execute(conn)?;
            Some((token, expires))
        } else {
            None
        };
        let m = mail(
            &c,
            &status_token,
            confirm.as_ref().map(|(t, e)| (t.as_str(), *e)),
        );
        outbox::enqueue(conn, Some(id), outbox::Purpose::Links, &m, now)?;
        Ok(true)
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withdrawn {
    Done,
    AlreadyWithdrawn,
    /// The comment period is over; the comment stays in the record.
    PeriodClosed,
    Unknown,
}

/// What withdrawing a comment reads: the comment, and when its draft's period ends.
#[derive(Queryable, Selectable)]
#[diesel(table_name = comments)]
struct Withdrawing {
    id: CommentId,
    draft_id: DraftId,
    section_id: Option<SectionId>,
    status: CommentStatus,
    #[diesel(select_expression = drafts::closes_at)]
    closes_at: Option<NaiveDateTime>,
}

/// The author withdraws their comment: it leaves the public record and every piece of
/// personal data in it is erased (Law 91/2025/QH15 on personal data). The row stays,
/// emptied, so that its tracking number still answers "withdrawn".
pub fn withdraw(
    conn: &mut DbConnection,
    status_token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Withdrawn> {
    conn.transaction(|conn| {
        let found: Option<Withdrawing> = comments::table
            .inner_join(drafts::table)
            .filter(comments::status_token_hash.eq(status_token_hash))
            .select(Withdrawing::as_select())
            .first(conn)
            .optional()?;
        let Some(Withdrawing {
            id,
            draft_id,
            section_id,
            status,
            closes_at,
        }) = found
        else {
            return Ok(Withdrawn::Unknown);
        };
        if status == CommentStatus::Withdrawn {
            return Ok(Withdrawn::AlreadyWithdrawn);
        }
        if closes_at.is_none_or(|c| now >= c) {
            return Ok(Withdrawn::PeriodClosed);
        }
        if status == CommentStatus::Published {
            set_published(conn, id, draft_id, section_id, -1, now)?;
            search_index::enqueue(conn, id, now)?;
        }
        diesel::update(comments::table.find(id))
            .set((
                comments::status.eq(CommentStatus::Withdrawn),
                comments::withdrawn_at.eq(now),
                comments::updated_at.eq(now),
                comments::body.eq(""),
                // The copy with personal data hidden is the author's text too.
                comments::public_body.eq(None::<String>),
                comments::email.eq(None::<String>),
                comments::name.eq(""),
                comments::publish_name.eq(false),
                comments::organisation.eq(""),
                comments::locality_id.eq(None::<i64>),
                comments::dedupe_key.eq(None::<String>),
                comments::confirm_token_hash.eq(None::<String>),
            ))
            .execute(conn)?;
        diesel::delete(mail_outbox::table.filter(mail_outbox::comment_id.eq(id))).execute(conn)?;
        Ok(Withdrawn::Done)
    })
}

/// What a change of the author's own data came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityChange {
    Done,
    /// No comment has this link, or it was withdrawn.
    Unknown,
}

/// The author takes back the consent to publish their name (Law 91/2025/QH15): it is
/// shown nowhere from now on; the comment stays.
pub fn hide_name(
    conn: &mut DbConnection,
    status_token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<IdentityChange> {
    change_identity(conn, status_token_hash, now, false)
}

/// The author erases who they are: e-mail address, name, and the mail queued to them.
/// The text stays as an anonymous opinion, with its answer; while the period is open,
/// withdrawing ([`withdraw`]) is what removes the text.
pub fn erase_identity(
    conn: &mut DbConnection,
    status_token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<IdentityChange> {
    change_identity(conn, status_token_hash, now, true)
}

fn change_identity(
    conn: &mut DbConnection,
    status_token_hash: &str,
    now: NaiveDateTime,
    erase: bool,
) -> QueryResult<IdentityChange> {
    conn.transaction(|conn| {
        let found: Option<(CommentId, DraftId, CommentStatus)> = comments::table
            .filter(comments::status_token_hash.eq(status_token_hash))
            .select((comments::id, comments::draft_id, comments::status))
            .first(conn)
            .optional()?;
        let Some((id, draft_id, status)) = found.filter(|f| f.2 != CommentStatus::Withdrawn) else {
            return Ok(IdentityChange::Unknown);
        };
        if erase {
            erase_contacts(conn, &[id], now)?;
        } else {
            diesel::update(comments::table.find(id))
                .set((
                    comments::publish_name.eq(false),
                    comments::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        if status == CommentStatus::Published {
            // The name may be on the draft's pages and in the search index.
            bump_revision(conn, draft_id, now)?;
            search_index::enqueue(conn, id, now)?;
        }
        Ok(IdentityChange::Done)
    })
}

/// What erasing a commenter's identity takes, whether they ask for it or their
/// retention period ends: their address, name and consent to publish it, the keys made
/// from the address, and the mail queued to it. The opinion stays, anonymous.
fn erase_contacts(
    conn: &mut DbConnection,
    ids: &[CommentId],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(comments::table.filter(comments::id.eq_any(ids)))
        .set((
            comments::email.eq(None::<String>),
            comments::name.eq(""),
            comments::publish_name.eq(false),
            comments::dedupe_key.eq(None::<String>),
            comments::confirm_token_hash.eq(None::<String>),
            comments::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::delete(mail_outbox::table.filter(mail_outbox::comment_id.eq_any(ids))).execute(conn)?;
    Ok(())
}

/// Erases the address and name of up to `limit` commenters whose draft's comment period
/// ended before `closed_before` (the retention period of the privacy notice): the
/// opinion stays, anonymous, as when its author erases their identity. Returns how many
/// were erased; the daily job calls it until fewer than `limit` are left.
pub fn erase_expired_contacts(
    conn: &mut DbConnection,
    closed_before: NaiveDateTime,
    limit: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    conn.transaction(|conn| {
        // The drafts first (a few), then their comments that still hold a contact,
        // through the partial index `comments_holding_contact` (migration 000028): rows
        // erased by an earlier batch are not in it, so each batch reads only what it
        // erases.
        let closed: Vec<DraftId> = drafts::table
            .filter(drafts::closes_at.lt(closed_before))
            .select(drafts::id)
            .load(conn)?;
        if closed.is_empty() {
            return Ok(0);
        }
        let due: Vec<(CommentId, DraftId, CommentStatus, bool)> = comments::table
            .filter(comments::draft_id.eq_any(&closed))
            // A literal, not a bound '': SQLite matches a partial index's condition
            // only against the query's own text.
            .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
                "(comments.email IS NOT NULL OR comments.name <> '')",
            ))
            .select((
                comments::id,
                comments::draft_id,
                comments::status,
                comments::publish_name,
            ))
            // In the index's order: PostgreSQL otherwise chose a sequential scan that
            // expects contacts spread evenly, when they are all past the erased rows.
            .order((comments::draft_id.asc(), comments::id.asc()))
            .limit(limit)
            .load(conn)?;
        let ids: Vec<CommentId> = due.iter().map(|d| d.0).collect();
        if ids.is_empty() {
            return Ok(0);
        }
        erase_contacts(conn, &ids, now)?;
        // A name on a public page or in the search index leaves them.
        let mut drafts_changed: Vec<DraftId> = Vec::new();
        for (id, draft, status, named) in &due {
            if *status == CommentStatus::Published && *named {
                search_index::enqueue(conn, *id, now)?;
                if !drafts_changed.contains(draft) {
                    drafts_changed.push(*draft);
                }
            }
        }
        for d in drafts_changed {
            bump_revision(conn, d, now)?;
        }
        Ok(ids.len())
    })
}

/// A published comment as the public sees it: no e-mail, and the name and organisation
/// only with the author's consent. A rejected comment is a placeholder with its reason.
#[derive(Debug, Clone)]
pub struct PublicComment {
    pub id: CommentId,
    pub section_id: Option<SectionId>,
    /// The text as published: with personal data hidden where a moderator did so;
    /// empty for a rejected comment.
    pub body: String,
    pub redacted: bool,
    /// The name, present only when consented to; the organisation, whenever there is
    /// one (a legal entity's name is not personal data).
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub kind: CommenterKind,
    pub commune: Option<String>,
    pub published_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    /// Why it is not shown, for a rejected comment.
    pub rejected: Option<RejectionReason>,
    /// The agency's answer, once given.
    pub answer: Option<(Disposition, String)>,
    /// The clause it was made on has changed since.
    pub section_changed: bool,
    /// The label and anchor of the article, clause or point it is about (None: the
    /// whole draft).
    pub section: Option<SectionLink>,
}

/// The columns of a public comment, with its commune, answer and section (left joins).
#[derive(Queryable, Selectable)]
#[diesel(table_name = comments)]
struct PublicRow {
    id: CommentId,
    section_id: Option<SectionId>,
    body: String,
    public_body: Option<String>,
    name: String,
    publish_name: bool,
    commenter_kind: CommenterKind,
    organisation: String,
    #[diesel(select_expression = localities::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<localities::name>)]
    commune: Option<String>,
    published_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    status: CommentStatus,
    rejection_reason: Option<RejectionReason>,
    section_changed: bool,
    #[diesel(select_expression = (responses::disposition, responses::reason).nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<(responses::disposition, responses::reason)>)]
    answer: Option<(Disposition, String)>,
    #[diesel(select_expression = (sections::label, sections::anchor).nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<(sections::label, sections::anchor)>)]
    section: Option<SectionLink>,
}

fn public(row: PublicRow) -> PublicComment {
    let PublicRow {
        id,
        section_id,
        body,
        public_body,
        name,
        publish_name,
        commenter_kind: kind,
        organisation,
        commune,
        published_at,
        created_at,
        status,
        rejection_reason: rejection,
        section_changed,
        answer,
        section,
    } = row;
    // Every rejection in the console records its reason; a row without one (written by
    // hand) reads as off topic.
    let rejected =
        (status == CommentStatus::Rejected).then(|| rejection.unwrap_or(RejectionReason::OffTopic));
    PublicComment {
        id,
        section_id,
        redacted: public_body.is_some(),
        body: if rejected.is_some() {
            String::new()
        } else {
            public_body.unwrap_or(body)
        },
        name: (rejected.is_none() && publish_name && !name.is_empty()).then_some(name),
        // An organisation's name is not personal data: shown with its opinion, whether
        // or not the person writing for it agreed to show their own name.
        organisation: (rejected.is_none() && !organisation.is_empty()).then_some(organisation),
        kind,
        commune,
        published_at: published_at.unwrap_or(created_at),
        created_at,
        rejected,
        answer,
        section_changed,
        section,
    }
}

/// What the public record holds: published comments, and placeholders of rejected ones.
const PUBLIC: [&str; 2] = ["published", "rejected"];

/// The most recent public comments of a draft, newest first: what its page shows under
/// each section. Walks the draft's public record back from its last place, so it reads
/// `limit` rows (and the few withdrawn since) whatever the number of comments.
pub fn recent_published(
    conn: &mut DbConnection,
    draft_id: DraftId,
    limit: i64,
) -> QueryResult<Vec<PublicComment>> {
    let rows: Vec<PublicRow> = comments::table
        .left_join(localities::table)
        .left_join(responses::table)
        .left_join(sections::table)
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::public_position.is_not_null())
        .filter(comments::status.eq_any(PUBLIC))
        .select(PublicRow::as_select())
        .order(comments::public_position.desc())
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(public).collect())
}

/// A section's label and anchor ("Khoản 2 Điều 5", "dieu-5-khoan-2").
pub type SectionLink = (String, String);

/// One public comment of a draft (published, or the placeholder of a rejected one),
/// with the label and anchor of its section: the comment's own page, where search
/// results and mails lead.
pub fn public_one(
    conn: &mut DbConnection,
    draft_id: DraftId,
    id: CommentId,
) -> QueryResult<Option<(PublicComment, Option<SectionLink>)>> {
    let row: Option<PublicRow> = comments::table
        .left_join(localities::table)
        .left_join(responses::table)
        .left_join(sections::table)
        .filter(comments::id.eq(id))
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::status.eq_any(PUBLIC))
        .select(PublicRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(public).map(|c| {
        let section = c.section.clone();
        (c, section)
    }))
}

/// Which published comments of a draft to list, with the last place given out in it
/// (the draft's, the whole draft's or the section's counter): what the pages are
/// numbered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All { places: i64 },
    WholeDraft { places: i64 },
    Section { id: SectionId, places: i64 },
}

impl Scope {
    pub fn of(draft: &Draft, section: Option<&Section>, whole_draft: bool) -> Scope {
        match (section, whole_draft) {
            (Some(s), _) => Scope::Section {
                id: s.id,
                places: s.public_positions,
            },
            (None, true) => Scope::WholeDraft {
                places: draft.whole_draft_positions,
            },
            (None, false) => Scope::All {
                places: draft.public_positions,
            },
        }
    }

    fn places(self) -> i64 {
        match self {
            Scope::All { places }
            | Scope::WholeDraft { places }
            | Scope::Section { places, .. } => places,
        }
    }
}

/// One page of a draft's public comments, in the order they entered the public record.
/// Page n holds the places ((n-1)·per_page, n·per_page] of the scope: a range read
/// through an index, so that page 5,000 costs what page 1 costs and nothing is counted.
/// A withdrawn comment leaves its place empty, so a page may hold fewer than per_page.
pub fn published_page(
    conn: &mut DbConnection,
    draft_id: DraftId,
    scope: Scope,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<PublicComment>> {
    let first = Page::<()>::offset(page, per_page);
    let last = first + per_page;
    let q = comments::table
        .left_join(localities::table)
        .left_join(responses::table)
        .left_join(sections::table)
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::status.eq_any(PUBLIC))
        .select(PublicRow::as_select())
        .limit(per_page)
        .into_boxed();
    let rows: Vec<PublicRow> = match scope {
        Scope::All { .. } => q
            .filter(comments::public_position.gt(first))
            .filter(comments::public_position.le(last))
            .order(comments::public_position.asc()),
        Scope::WholeDraft { .. } => q
            .filter(comments::section_id.is_null())
            .filter(comments::scope_position.gt(first))
            .filter(comments::scope_position.le(last))
            .order(comments::scope_position.asc()),
        Scope::Section { id, .. } => q
            .filter(comments::section_id.eq(id))
            .filter(comments::scope_position.gt(first))
            .filter(comments::scope_position.le(last))
            .order(comments::scope_position.asc()),
    }
    .load(conn)?;
    Ok(Page::of(
        rows.into_iter().map(public).collect(),
        page,
        per_page,
        scope.places(),
    ))
}

/// A section of a published draft's version, by anchor (for the comments of a section).
pub fn section_by_anchor(
    conn: &mut DbConnection,
    version_id: VersionId,
    anchor: &str,
) -> QueryResult<Option<Section>> {
    sections::table
        .filter(sections::version_id.eq(version_id))
        .filter(sections::anchor.eq(anchor))
        .select(Section::as_select())
        .first(conn)
        .optional()
}

/// What the public receipt of a comment shows: its draft and section, nothing personal.
#[derive(Debug, Clone)]
pub struct ReceiptInfo {
    pub created_at: NaiveDateTime,
    pub draft: Draft,
    pub section_label: Option<String>,
}

pub fn receipt(conn: &mut DbConnection, id: CommentId) -> QueryResult<Option<ReceiptInfo>> {
    let row: Option<(NaiveDateTime, Draft, Option<String>)> = comments::table
        .inner_join(drafts::table)
        .left_join(sections::table)
        .filter(comments::id.eq(id))
        .select((
            comments::created_at,
            Draft::as_select(),
            sections::label.nullable(),
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(created_at, draft, section_label)| ReceiptInfo {
        created_at,
        draft,
        section_label,
    }))
}

/// Where a confirmation link stands, without using it.
#[derive(Debug, Clone)]
pub enum Pending {
    Waiting {
        id: CommentId,
        created_at: NaiveDateTime,
        draft: Box<Draft>,
    },
    /// Confirmed before (the link was used).
    Confirmed {
        id: CommentId,
        created_at: NaiveDateTime,
        draft: Box<Draft>,
    },
    Expired,
    Unknown,
}

pub fn pending(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Pending> {
    let row: Option<(
        CommentId,
        NaiveDateTime,
        NaiveDateTime,
        CommentStatus,
        Draft,
    )> = comments::table
        .inner_join(drafts::table)
        .filter(comments::confirm_token_hash.eq(token_hash))
        .select((
            comments::id,
            comments::created_at,
            comments::confirm_expires_at,
            comments::status,
            Draft::as_select(),
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((_, _, _, CommentStatus::Withdrawn, _)) => Pending::Unknown,
        Some((id, created_at, _, status, draft)) if status != CommentStatus::Unconfirmed => {
            Pending::Confirmed {
                id,
                created_at,
                draft: Box::new(draft),
            }
        }
        Some((_, _, expires, _, _)) if now >= expires => Pending::Expired,
        Some((id, created_at, _, _, draft)) => Pending::Waiting {
            id,
            created_at,
            draft: Box::new(draft),
        },
        None => Pending::Unknown,
    })
}
