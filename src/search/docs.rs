//! The documents search knows, built from the database: what the public pages show,
//! never more. Comments are in only while published; their text is the public text
//! (with any personal data the moderator hid); no e-mail, name without consent, or
//! contact of any kind is ever put in a document.

use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::outbox::Entity;
use super::{DocKind, SearchDoc, order_key};
use crate::db::DbConnection;
use crate::db::models::{Draft, Section};
use crate::db::schema::*;
use crate::domain::comment::{CommentStatus, Disposition, tracking_number};
use crate::i18n::VI;

/// What to change in an index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Drafts whose draft and section documents are dropped before `upserts` go in
    /// (a new version has other sections).
    pub drafts_replaced: Vec<DraftId>,
    pub deletes: Vec<String>,
    pub upserts: Vec<SearchDoc>,
}

impl Changes {
    pub fn extend(&mut self, other: Changes) {
        self.drafts_replaced.extend(other.drafts_replaced);
        self.deletes.extend(other.deletes);
        self.upserts.extend(other.upserts);
    }

    pub fn is_empty(&self) -> bool {
        self.drafts_replaced.is_empty() && self.deletes.is_empty() && self.upserts.is_empty()
    }

    /// One document per id (the last built wins), no id both deleted and written, each
    /// draft replaced once: what a batch that named one thing twice needs.
    pub fn dedup(mut self) -> Changes {
        let mut seen = std::collections::HashSet::new();
        self.upserts.reverse();
        self.upserts.retain(|d| seen.insert(d.id.clone()));
        self.upserts.reverse();
        self.deletes.sort();
        self.deletes.dedup();
        self.deletes.retain(|id| !seen.contains(id));
        self.drafts_replaced.sort_unstable();
        self.drafts_replaced.dedup();
        self
    }
}

pub fn ts(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

fn lines(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// A draft's own document and one per section of its latest published version; for a
/// draft that is not (or no longer) public, only the removal of its documents.
pub fn for_draft(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Changes> {
    let mut changes = Changes {
        drafts_replaced: vec![draft_id],
        ..Changes::default()
    };
    let found: Option<(Draft, String, String)> = drafts::table
        .find(draft_id)
        .inner_join(agencies::table)
        .inner_join(document_types::table)
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select((Draft::as_select(), agencies::name, document_types::name))
        .first(conn)
        .optional()?;
    let Some((d, agency, doc_type)) = found else {
        return Ok(changes);
    };
    changes.upserts.push(SearchDoc {
        id: format!("draft-{}", d.id),
        kind: DocKind::Draft,
        draft_id: d.id,
        title: d.title.clone(),
        body: lines(&[
            d.number.as_deref().unwrap_or(""),
            &d.summary,
            &doc_type,
            &agency,
        ]),
        link: String::new(),
        commenter_kind: String::new(),
        commune: String::new(),
        date_ts: ts(d.opens_at.or(d.published_at).unwrap_or(d.created_at)),
    });
    let latest: Option<(VersionId, Option<NaiveDateTime>)> = draft_versions::table
        .filter(draft_versions::draft_id.eq(draft_id))
        .filter(draft_versions::published_at.is_not_null())
        .select((draft_versions::id, draft_versions::published_at))
        .order(draft_versions::number.desc())
        .first(conn)
        .optional()?;
    if let Some((version_id, published_at)) = latest {
        let sections: Vec<Section> = sections::table
            .filter(sections::version_id.eq(version_id))
            .select(Section::as_select())
            .order(sections::position)
            .load(conn)?;
        let date = ts(published_at.unwrap_or(d.created_at));
        changes
            .upserts
            .extend(sections.into_iter().map(|s| section_doc(&d, s, date)));
    }
    Ok(changes)
}

fn section_doc(d: &Draft, s: Section, date_ts: i64) -> SearchDoc {
    let title = if s.label.is_empty() {
        s.heading.replace('\n', ". ")
    } else {
        s.label.clone()
    };
    SearchDoc {
        id: format!("section-{}", s.id),
        kind: DocKind::Section,
        draft_id: d.id,
        title,
        body: lines(&[&s.heading, &s.body]),
        link: format!("#{}", s.anchor),
        commenter_kind: String::new(),
        commune: String::new(),
        date_ts,
    }
}

/// What a comment's document is made of: the comment, its commune and its section.
#[derive(Queryable, Selectable)]
#[diesel(table_name = comments)]
struct CommentRow {
    id: CommentId,
    draft_id: DraftId,
    body: String,
    public_body: Option<String>,
    commenter_kind: String,
    #[diesel(select_expression = localities::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<localities::name>)]
    commune: Option<String>,
    published_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    #[diesel(select_expression = sections::label.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<sections::label>)]
    section_label: Option<String>,
}

fn comment_doc(row: CommentRow) -> SearchDoc {
    let about = row
        .section_label
        .unwrap_or_else(|| VI.whole_draft.to_string());
    SearchDoc {
        id: format!("comment-{}", row.id),
        kind: DocKind::Comment,
        draft_id: row.draft_id,
        title: format!("{} · {about}", tracking_number(row.id, row.created_at)),
        body: row.public_body.unwrap_or(row.body),
        // Stored in the index as the part after the draft's address (see
        // results::hits); part of the documents' shape, so it stays as written.
        link: format!("/y-kien/{}", row.id),
        commenter_kind: row.commenter_kind,
        commune: row.commune.unwrap_or_default(),
        date_ts: comment_date(row.published_at, row.created_at),
    }
}

/// A comment document's date: when it was published (moderated), else when it was sent.
fn comment_date(published_at: Option<NaiveDateTime>, created_at: NaiveDateTime) -> i64 {
    ts(published_at.unwrap_or(created_at))
}

macro_rules! comment_rows {
    () => {
        comments::table
            .inner_join(drafts::table)
            .left_join(sections::table)
            .left_join(localities::table)
            .filter(comments::status.eq(CommentStatus::Published))
            .filter(drafts::publication.eq(crate::domain::Publication::Published))
            .select(CommentRow::as_select())
    };
}

/// A comment's document while it is published, otherwise its removal; and the
/// document of the answer it has, which names the comments it answers.
pub fn for_comment(conn: &mut DbConnection, id: CommentId) -> QueryResult<Changes> {
    let row: Option<CommentRow> = comment_rows!()
        .filter(comments::id.eq(id))
        .first(conn)
        .optional()?;
    let mut changes = match row {
        Some(r) => Changes {
            upserts: vec![comment_doc(r)],
            ..Changes::default()
        },
        None => Changes {
            deletes: vec![format!("comment-{id}")],
            ..Changes::default()
        },
    };
    let answer: Option<Option<AnswerId>> = comments::table
        .find(id)
        .select(comments::response_id)
        .first(conn)
        .optional()?;
    if let Some(Some(answer)) = answer {
        changes.extend(for_answer(conn, answer)?);
    }
    Ok(changes)
}

/// What a full reindex writes after the drafts: every published comment and every
/// answer of a public draft, in the order of their documents' ids (`order_key`, which is
/// date order). PostgreSQL lays a rebuilt table out in the order it is written, and a
/// search walks the newest ids: written in id order, the newest matches sit together on
/// few pages. Written by comment id, the answers (and comments published late) would be
/// scattered far from the comments of their days, and every match read a page of its own.
///
/// Only the keys are read here (24 bytes a document); `docs_of` reads the documents.
pub fn reindex_order(conn: &mut DbConnection) -> QueryResult<Vec<(Entity, i64)>> {
    let published: Vec<(i64, Option<NaiveDateTime>, NaiveDateTime)> = comments::table
        .inner_join(drafts::table)
        .filter(comments::status.eq(CommentStatus::Published))
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select((comments::id, comments::published_at, comments::created_at))
        .load(conn)?;
    let answers: Vec<(i64, NaiveDateTime)> = responses::table
        .inner_join(drafts::table)
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select((responses::id, responses::updated_at))
        .load(conn)?;
    // The dates are the ones `comment_doc` and `answer_doc` give their documents.
    let mut keyed: Vec<(i64, Entity, i64)> = published
        .into_iter()
        .map(|(id, published_at, created_at)| {
            let date = comment_date(published_at, created_at);
            (order_key(DocKind::Comment, id, date), Entity::Comment, id)
        })
        .chain(answers.into_iter().map(|(id, updated_at)| {
            let key = order_key(DocKind::Answer, id, ts(updated_at));
            (key, Entity::Answer, id)
        }))
        .collect();
    keyed.sort_unstable();
    Ok(keyed.into_iter().map(|(_, e, id)| (e, id)).collect())
}

/// The documents of these comments and answers (a slice of `reindex_order`), in id
/// order. Things no longer public since they were listed are left out; the reindex's
/// replay brings their current state.
pub fn docs_of(conn: &mut DbConnection, things: &[(Entity, i64)]) -> QueryResult<Vec<SearchDoc>> {
    let comment_ids: Vec<i64> = things
        .iter()
        .filter(|(e, _)| *e == Entity::Comment)
        .map(|(_, id)| *id)
        .collect();
    let mut docs = Vec::with_capacity(things.len());
    // The status and publication are checked here, not in SQL: with `status =
    // 'published'` in the query SQLite's planner may take the status index and read
    // every published comment for each batch. (Chunks keep SQLite's IN lists short.)
    type Looked = (String, String, CommentRow);
    let published = CommentStatus::Published.as_str();
    for chunk in comment_ids.chunks(1_000) {
        let rows: Vec<Looked> = comments::table
            .inner_join(drafts::table)
            .left_join(sections::table)
            .left_join(localities::table)
            .filter(comments::id.eq_any(chunk))
            .select((
                comments::status,
                drafts::publication,
                CommentRow::as_select(),
            ))
            .load(conn)?;
        docs.extend(
            rows.into_iter()
                .filter(|(status, publication, _)| {
                    status == published && publication == "published"
                })
                .map(|(_, _, row)| comment_doc(row)),
        );
    }
    for (entity, id) in things {
        if *entity == Entity::Answer
            && let Some(d) = answer_doc(conn, AnswerId(*id))?
        {
            docs.push(d);
        }
    }
    docs.sort_by_cached_key(SearchDoc::order_key);
    Ok(docs)
}

/// What an answer's document is made of, besides the comments it answers.
#[derive(Queryable, Selectable)]
#[diesel(table_name = responses)]
struct AnswerRow {
    draft_id: DraftId,
    disposition: Disposition,
    reason: String,
    updated_at: NaiveDateTime,
}

fn answer_doc(conn: &mut DbConnection, id: AnswerId) -> QueryResult<Option<SearchDoc>> {
    let row: Option<AnswerRow> = responses::table
        .find(id)
        .inner_join(drafts::table)
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select(AnswerRow::as_select())
        .first(conn)
        .optional()?;
    let Some(AnswerRow {
        draft_id,
        disposition,
        reason,
        updated_at,
    }) = row
    else {
        return Ok(None);
    };
    let answered: Vec<(i64, Option<String>)> = comments::table
        .left_join(sections::table)
        .filter(comments::response_id.eq(id))
        .filter(comments::status.eq(CommentStatus::Published))
        .select((comments::id, sections::label.nullable()))
        .order(comments::id.asc())
        .limit(20)
        .load(conn)?;
    let Some(&(first, _)) = answered.first() else {
        return Ok(None);
    };
    let mut labels: Vec<String> = answered
        .iter()
        .map(|(_, l)| l.clone().unwrap_or_else(|| VI.whole_draft.to_string()))
        .collect();
    labels.dedup();
    let disposition = VI.disposition(disposition);
    Ok(Some(SearchDoc {
        id: format!("answer-{id}"),
        kind: DocKind::Answer,
        draft_id,
        title: format!("{}: {disposition} · {}", VI.answer_label, labels.join("; ")),
        body: reason,
        link: format!("/y-kien/{first}"),
        commenter_kind: String::new(),
        commune: String::new(),
        date_ts: ts(updated_at),
    }))
}

/// An answer's document while it answers a published comment; otherwise its removal.
pub fn for_answer(conn: &mut DbConnection, id: AnswerId) -> QueryResult<Changes> {
    Ok(match answer_doc(conn, id)? {
        Some(doc) => Changes {
            upserts: vec![doc],
            ..Changes::default()
        },
        None => Changes {
            deletes: vec![format!("answer-{id}")],
            ..Changes::default()
        },
    })
}

/// The drafts the public can see, whose documents a full reindex writes.
pub fn published_draft_ids(conn: &mut DbConnection) -> QueryResult<Vec<DraftId>> {
    drafts::table
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select(drafts::id)
        .order(drafts::id)
        .load(conn)
}
