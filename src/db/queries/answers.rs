//! Answers: the agency disposes of each published comment (tiếp thu, tiếp thu một phần,
//! không tiếp thu – giải trình, ghi nhận) with a reason, one comment at a time or a group
//! of like comments at once.

use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Page;
use crate::db::DbConnection;
use crate::db::schema::*;
pub use crate::domain::comment::AnswerFilter;
use crate::domain::comment::{CommentStatus, CommenterKind, Disposition};

#[derive(Debug, Clone)]
pub struct AnswerItem {
    pub id: CommentId,
    pub section_label: Option<String>,
    pub text: String,
    pub name: Option<String>,
    pub kind: CommenterKind,
    pub commune: Option<String>,
    pub created_at: NaiveDateTime,
    pub response: Option<(AnswerId, Disposition, String)>,
    /// Its group of near-identical opinions, and how many comments (published or
    /// waiting) the group has; None alone or not grouped yet.
    pub group: Option<(CommentId, i64)>,
}

/// A comment to answer, as `list` selects it.
#[derive(Queryable)]
struct Row {
    id: CommentId,
    section_label: Option<String>,
    body: String,
    public_body: Option<String>,
    name: String,
    publish_name: bool,
    kind: CommenterKind,
    commune: Option<String>,
    created_at: NaiveDateTime,
    response: Option<(AnswerId, Disposition, String)>,
    group: Option<i64>,
}

/// A draft's published comments to answer, in document order (whole-draft comments
/// first), oldest first within a section; with `group`, only that group's.
#[allow(clippy::too_many_arguments)]
pub fn list(
    conn: &mut DbConnection,
    draft_id: DraftId,
    filter: AnswerFilter,
    anchor: Option<&str>,
    group: Option<CommentId>,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<AnswerItem>> {
    let filtered = || {
        let mut q = comments::table
            .left_join(sections::table)
            .left_join(localities::table)
            .left_join(responses::table)
            .filter(comments::draft_id.eq(draft_id))
            .filter(comments::status.eq(CommentStatus::Published))
            .into_boxed();
        q = match filter {
            AnswerFilter::Unanswered => q.filter(comments::response_id.is_null()),
            AnswerFilter::Answered => q.filter(comments::response_id.is_not_null()),
            AnswerFilter::All => q,
        };
        if let Some(a) = anchor {
            q = q.filter(sections::anchor.eq(a.to_string()));
        }
        if let Some(g) = group {
            q = q.filter(comments::similar_group.eq(g.get()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows: Vec<Row> = filtered()
        .select((
            comments::id,
            sections::label.nullable(),
            comments::body,
            comments::public_body,
            comments::name,
            comments::publish_name,
            comments::commenter_kind,
            localities::name.nullable(),
            comments::created_at,
            (responses::id, responses::disposition, responses::reason).nullable(),
            comments::similar_group,
        ))
        .order((sections::position.nullable().asc(), comments::id.asc()))
        .offset(Page::<()>::offset(page, per_page))
        .limit(per_page)
        .load(conn)?;
    let groups: Vec<CommentId> = rows.iter().filter_map(|r| r.group.map(CommentId)).collect();
    let sizes = super::similar::sizes(conn, &groups)?;
    let items = rows
        .into_iter()
        .map(|r| AnswerItem {
            id: r.id,
            section_label: r.section_label,
            text: r.public_body.unwrap_or(r.body),
            name: (r.publish_name && !r.name.is_empty()).then_some(r.name),
            kind: r.kind,
            commune: r.commune,
            created_at: r.created_at,
            response: r.response,
            group: r
                .group
                .map(CommentId)
                .and_then(|g| sizes.get(&g).map(|n| (g, *n)))
                .filter(|(_, n)| *n > 1),
        })
        .collect();
    Ok(Page::of(items, page, per_page, total))
}

/// What an answer says: how the comment is disposed of, and why.
#[derive(Debug, Clone, Copy)]
pub struct AnswerText<'a> {
    pub disposition: Disposition,
    pub reason: &'a str,
}

/// Ids per statement: a group's answer may cover tens of thousands of comments, more
/// than either database binds in one statement.
const CHUNK: usize = 1000;

/// Of `ids`, the published comments of the draft (the only ones an answer may cover).
pub fn answerable(
    conn: &mut DbConnection,
    draft_id: DraftId,
    ids: &[CommentId],
) -> QueryResult<Vec<CommentId>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            comments::table
                .filter(comments::id.eq_any(chunk))
                .filter(comments::draft_id.eq(draft_id))
                .filter(comments::status.eq(CommentStatus::Published))
                .select(comments::id)
                .load::<CommentId>(conn)?,
        );
    }
    Ok(out)
}

/// The answers these comments had before (which lose them).
pub fn previous_answers(conn: &mut DbConnection, ids: &[CommentId]) -> QueryResult<Vec<AnswerId>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            comments::table
                .filter(comments::id.eq_any(chunk))
                .filter(comments::response_id.is_not_null())
                .select(comments::response_id.assume_not_null())
                .distinct()
                .load::<AnswerId>(conn)?,
        );
    }
    out.sort_unstable_by_key(|a| a.get());
    out.dedup();
    Ok(out)
}

/// A new answer of the draft, and the comments it covers.
pub fn create(
    conn: &mut DbConnection,
    draft_id: DraftId,
    covers: &[CommentId],
    text: AnswerText<'_>,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<AnswerId> {
    let id: AnswerId = diesel::insert_into(responses::table)
        .values((
            responses::draft_id.eq(draft_id),
            responses::disposition.eq(text.disposition),
            responses::reason.eq(text.reason),
            responses::answered_by.eq(by),
            responses::created_at.eq(now),
            responses::updated_at.eq(now),
        ))
        .returning(responses::id)
        .get_result(conn)?;
    // The covered comments leave the tallies of the answers they had, and join this one's.
    let mut moving: Vec<(Option<AnswerId>, Option<SectionId>, CommenterKind)> = Vec::new();
    for chunk in covers.chunks(CHUNK) {
        moving.extend(
            comments::table
                .filter(comments::id.eq_any(chunk))
                .filter(comments::status.eq(CommentStatus::Published))
                .select((
                    comments::response_id,
                    comments::section_id,
                    comments::commenter_kind,
                ))
                .load::<(Option<AnswerId>, Option<SectionId>, CommenterKind)>(conn)?,
        );
    }
    let mut deltas: std::collections::HashMap<(AnswerId, Option<SectionId>, CommenterKind), i64> =
        std::collections::HashMap::new();
    for (old, section, kind) in moving {
        if let Some(old) = old {
            *deltas.entry((old, section, kind)).or_default() -= 1;
        }
        *deltas.entry((id, section, kind)).or_default() += 1;
    }
    for ((answer, section, kind), delta) in deltas {
        super::report::tally(conn, answer, draft_id, section, kind, delta)?;
    }
    for chunk in covers.chunks(CHUNK) {
        diesel::update(comments::table.filter(comments::id.eq_any(chunk)))
            .set(comments::response_id.eq(id))
            .execute(conn)?;
    }
    Ok(id)
}

/// The draft an answer belongs to.
pub fn draft_of(conn: &mut DbConnection, response_id: AnswerId) -> QueryResult<Option<DraftId>> {
    responses::table
        .find(response_id)
        .select(responses::draft_id)
        .first(conn)
        .optional()
}

/// An answer as it stands.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = responses)]
pub struct StoredAnswer {
    pub draft_id: DraftId,
    pub disposition: Disposition,
    pub reason: String,
}

pub fn get(conn: &mut DbConnection, id: AnswerId) -> QueryResult<StoredAnswer> {
    responses::table
        .find(id)
        .select(StoredAnswer::as_select())
        .first(conn)
}

pub fn update(
    conn: &mut DbConnection,
    id: AnswerId,
    text: AnswerText<'_>,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(responses::table.find(id))
        .set((
            responses::disposition.eq(text.disposition),
            responses::reason.eq(text.reason),
            responses::answered_by.eq(by),
            responses::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A commenter to tell about an answer: a published comment it covers, with an address.
#[derive(Debug, Clone, Queryable)]
pub struct ToTell {
    pub id: CommentId,
    pub created_at: NaiveDateTime,
    pub email: Option<String>,
    pub draft_slug: String,
    pub draft_title: String,
}

pub fn to_tell(conn: &mut DbConnection, id: AnswerId) -> QueryResult<Vec<ToTell>> {
    comments::table
        .inner_join(drafts::table)
        .filter(comments::response_id.eq(id))
        .filter(comments::status.eq(CommentStatus::Published))
        .filter(comments::email.is_not_null())
        .select((
            comments::id,
            comments::created_at,
            comments::email,
            drafts::slug,
            drafts::title,
        ))
        .load(conn)
}
