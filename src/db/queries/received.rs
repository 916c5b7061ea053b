//! Opinions received outside the portal and consultation letters, as stored
//! (`domain::received`; `services::received` records and answers them).
//!
//! A draft gets tens or hundreds of these (one per body consulted and clause), never
//! the numbers citizens' comments reach; every read is still bounded.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::Disposition;
use crate::domain::ids::*;
use crate::domain::received::{LetterEntry, OpinionEntry, OpinionSource};

/// The most opinions and letters a draft's page lists (and a draft may hold).
pub const MAX_PER_DRAFT: i64 = 2_000;

/// An opinion as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = received_opinions)]
pub struct ReceivedOpinion {
    pub id: ReceivedOpinionId,
    pub draft_id: DraftId,
    pub source: OpinionSource,
    pub organisation: String,
    pub document_number: String,
    pub document_date: Option<NaiveDate>,
    pub received_on: NaiveDate,
    pub section_id: Option<SectionId>,
    pub body: String,
    pub attachment_id: Option<AttachmentId>,
    pub recipient_id: Option<RecipientId>,
    pub disposition: Option<Disposition>,
    pub reason: String,
    pub answered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// The Front's meeting it was given at (issue 16, point 5), if any.
    pub meeting_id: Option<MeetingId>,
}

/// An opinion with the clause it concerns: (its position in the text, its label).
#[derive(Debug, Clone)]
pub struct Listed {
    pub opinion: ReceivedOpinion,
    pub section: Option<(i32, String)>,
}

/// Where a new opinion points, each already checked to belong to its draft.
#[derive(Debug, Clone, Copy, Default)]
pub struct Links {
    pub section_id: Option<SectionId>,
    pub attachment_id: Option<AttachmentId>,
    pub recipient_id: Option<RecipientId>,
}

pub fn insert(
    conn: &mut DbConnection,
    draft_id: DraftId,
    e: &OpinionEntry,
    links: Links,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<ReceivedOpinionId> {
    diesel::insert_into(received_opinions::table)
        .values((
            received_opinions::draft_id.eq(draft_id),
            received_opinions::source.eq(e.source),
            received_opinions::organisation.eq(&e.organisation),
            received_opinions::document_number.eq(&e.document_number),
            received_opinions::document_date.eq(e.document_date),
            received_opinions::received_on.eq(e.received_on),
            received_opinions::section_id.eq(links.section_id),
            received_opinions::body.eq(&e.body),
            received_opinions::attachment_id.eq(links.attachment_id),
            received_opinions::recipient_id.eq(links.recipient_id),
            received_opinions::recorded_by.eq(by),
            received_opinions::created_at.eq(now),
        ))
        .returning(received_opinions::id)
        .get_result(conn)
}

/// How many opinions the draft holds.
pub fn count(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<i64> {
    received_opinions::table
        .filter(received_opinions::draft_id.eq(draft_id))
        .count()
        .get_result(conn)
}

/// The draft's opinions, in the order they were recorded.
pub fn list(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Vec<Listed>> {
    let rows: Vec<(ReceivedOpinion, Option<i32>, Option<String>)> = received_opinions::table
        .left_join(sections::table)
        .filter(received_opinions::draft_id.eq(draft_id))
        .order(received_opinions::id.asc())
        .limit(MAX_PER_DRAFT)
        .select((
            ReceivedOpinion::as_select(),
            sections::position.nullable(),
            sections::label.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(opinion, position, label)| Listed {
            opinion,
            section: position.zip(label),
        })
        .collect())
}

/// One opinion of the draft.
pub fn find(
    conn: &mut DbConnection,
    draft_id: DraftId,
    id: ReceivedOpinionId,
) -> QueryResult<Option<ReceivedOpinion>> {
    received_opinions::table
        .filter(received_opinions::draft_id.eq(draft_id))
        .filter(received_opinions::id.eq(id))
        .select(ReceivedOpinion::as_select())
        .first(conn)
        .optional()
}

/// Records the answer to an opinion of the draft; false when there is no such opinion.
pub fn answer(
    conn: &mut DbConnection,
    draft_id: DraftId,
    id: ReceivedOpinionId,
    disposition: Disposition,
    reason: &str,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        received_opinions::table
            .filter(received_opinions::draft_id.eq(draft_id))
            .filter(received_opinions::id.eq(id)),
    )
    .set((
        received_opinions::disposition.eq(Some(disposition)),
        received_opinions::reason.eq(reason),
        received_opinions::answered_by.eq(by),
        received_opinions::answered_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n > 0)
}

/// The section of the draft's latest version at `anchor`, if there is one.
pub fn section_at(
    conn: &mut DbConnection,
    draft_id: DraftId,
    anchor: &str,
) -> QueryResult<Option<SectionId>> {
    sections::table
        .inner_join(draft_versions::table)
        .filter(draft_versions::draft_id.eq(draft_id))
        .filter(sections::anchor.eq(anchor))
        .order(draft_versions::number.desc())
        .select(sections::id)
        .first(conn)
        .optional()
}

/// The commentable sections of the draft's latest version, in document order: (anchor,
/// label), for the form's list.
pub fn sections_of(
    conn: &mut DbConnection,
    draft_id: DraftId,
) -> QueryResult<Vec<(String, String)>> {
    let latest: Option<VersionId> = draft_versions::table
        .filter(draft_versions::draft_id.eq(draft_id))
        .order(draft_versions::number.desc())
        .select(draft_versions::id)
        .first(conn)
        .optional()?;
    let Some(version) = latest else {
        return Ok(Vec::new());
    };
    let rows: Vec<crate::db::models::Section> = sections::table
        .filter(sections::version_id.eq(version))
        .order(sections::position.asc())
        .limit(5_000)
        .select(crate::db::models::Section::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|s| s.kind.is_commentable())
        .map(|s| (s.anchor, s.label))
        .collect())
}

/// Whether `file` is one of the draft's files.
pub fn has_attachment(
    conn: &mut DbConnection,
    draft_id: DraftId,
    file: AttachmentId,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        attachments::table
            .filter(attachments::draft_id.eq(draft_id))
            .filter(attachments::id.eq(file)),
    ))
    .get_result(conn)
}

/// A letter as stored, with the bodies it went to and whether each has replied.
#[derive(Debug, Clone)]
pub struct Letter {
    pub id: LetterId,
    pub number: String,
    pub sent_on: NaiveDate,
    pub reply_due: NaiveDate,
    /// (recipient, body, replied)
    pub recipients: Vec<(RecipientId, String, bool)>,
}

/// Records a letter sent to the bodies listed, whose replies are due on `reply_due`.
pub fn insert_letter(
    conn: &mut DbConnection,
    draft_id: DraftId,
    e: &LetterEntry,
    reply_due: NaiveDate,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<LetterId> {
    let id: LetterId = diesel::insert_into(consultation_letters::table)
        .values((
            consultation_letters::draft_id.eq(draft_id),
            consultation_letters::number.eq(&e.number),
            consultation_letters::sent_on.eq(e.sent_on),
            consultation_letters::reply_due.eq(reply_due),
            consultation_letters::created_by.eq(by),
            consultation_letters::created_at.eq(now),
        ))
        .returning(consultation_letters::id)
        .get_result(conn)?;
    let rows: Vec<_> = e
        .recipients
        .iter()
        .map(|body| {
            (
                consultation_recipients::letter_id.eq(id),
                consultation_recipients::body.eq(body),
            )
        })
        .collect();
    crate::with_backend!(conn, |c| diesel::insert_into(
        consultation_recipients::table
    )
    .values(rows)
    .execute(c))?;
    Ok(id)
}

/// How many letters the draft holds.
pub fn letter_count(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<i64> {
    consultation_letters::table
        .filter(consultation_letters::draft_id.eq(draft_id))
        .count()
        .get_result(conn)
}

/// The draft's letters, oldest first, each with its bodies and their replies.
pub fn letters(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Vec<Letter>> {
    let letters: Vec<(LetterId, String, NaiveDate, NaiveDate)> = consultation_letters::table
        .filter(consultation_letters::draft_id.eq(draft_id))
        .order(consultation_letters::id.asc())
        .limit(MAX_PER_DRAFT)
        .select((
            consultation_letters::id,
            consultation_letters::number,
            consultation_letters::sent_on,
            consultation_letters::reply_due,
        ))
        .load(conn)?;
    let ids: Vec<LetterId> = letters.iter().map(|l| l.0).collect();
    let recipients: Vec<(RecipientId, LetterId, String)> = consultation_recipients::table
        .filter(consultation_recipients::letter_id.eq_any(&ids))
        .order(consultation_recipients::id.asc())
        .select((
            consultation_recipients::id,
            consultation_recipients::letter_id,
            consultation_recipients::body,
        ))
        .load(conn)?;
    let replied: std::collections::HashSet<RecipientId> = received_opinions::table
        .filter(received_opinions::draft_id.eq(draft_id))
        .filter(received_opinions::recipient_id.is_not_null())
        .select(received_opinions::recipient_id.assume_not_null())
        .load::<RecipientId>(conn)?
        .into_iter()
        .collect();
    Ok(letters
        .into_iter()
        .map(|(id, number, sent_on, reply_due)| Letter {
            id,
            number,
            sent_on,
            reply_due,
            recipients: recipients
                .iter()
                .filter(|r| r.1 == id)
                .map(|r| (r.0, r.2.clone(), replied.contains(&r.0)))
                .collect(),
        })
        .collect())
}

/// The body a letter of the draft went to, by the recipient's id.
pub fn recipient_of(
    conn: &mut DbConnection,
    draft_id: DraftId,
    recipient: RecipientId,
) -> QueryResult<Option<String>> {
    consultation_recipients::table
        .inner_join(consultation_letters::table)
        .filter(consultation_letters::draft_id.eq(draft_id))
        .filter(consultation_recipients::id.eq(recipient))
        .select(consultation_recipients::body)
        .first(conn)
        .optional()
}

/// The draft's files, for choosing the letter or minutes an opinion came in.
pub fn files_of(
    conn: &mut DbConnection,
    draft_id: DraftId,
) -> QueryResult<Vec<crate::db::models::Attachment>> {
    attachments::table
        .filter(attachments::draft_id.eq(draft_id))
        .order((attachments::position.asc(), attachments::id.asc()))
        .limit(500)
        .select(crate::db::models::Attachment::as_select())
        .load(conn)
}
