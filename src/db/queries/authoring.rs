//! Writing drafts: the draft itself, a version with its section tree, attached files.
//!
//! Every change to what a draft's public page shows bumps `drafts.revision` in the same
//! transaction, which is how the page cache knows at once that a page is stale.

use super::search_outbox as search_index;
use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::Section;
use crate::db::models::{DraftFields, NewAttachment, NewDraftVersion, NewSection};
use crate::db::schema::*;
use crate::domain::Publication;
use crate::domain::draft::section_label;
use crate::domain::versions::{Change, Comparable, match_sections};
use crate::domain::{SectionChange, SectionKind};
use crate::parse::{ParsedDocument, ParsedSection};

/// Creates a draft with its metadata, published or not (the console creates drafts
/// unpublished; the demo and tests, published).
pub fn create_draft(
    conn: &mut DbConnection,
    f: &DraftFields,
    publication: Publication,
    now: NaiveDateTime,
) -> QueryResult<DraftId> {
    let published_at = (publication == Publication::Published).then_some(now);
    diesel::insert_into(drafts::table)
        .values((
            f,
            drafts::publication.eq(publication),
            drafts::published_at.eq(published_at),
            drafts::created_at.eq(now),
            drafts::updated_at.eq(now),
        ))
        .returning(drafts::id)
        .get_result(conn)
}

/// A stage of the life cycle the draft entered on `on` (Decision 407's dated history).
pub struct NewStageEvent<'a> {
    pub stage: crate::domain::Stage,
    pub on: chrono::NaiveDate,
    pub note: &'a str,
    pub document_ref: &'a str,
}

pub fn add_stage_event(
    conn: &mut DbConnection,
    draft_id: DraftId,
    e: &NewStageEvent<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(draft_stage_events::table)
        .values((
            draft_stage_events::draft_id.eq(draft_id),
            draft_stage_events::stage.eq(e.stage),
            draft_stage_events::occurred_on.eq(e.on),
            draft_stage_events::note.eq(e.note),
            draft_stage_events::document_ref.eq(e.document_ref),
            draft_stage_events::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Stores the next version of a draft with its section tree. Rows are written in
/// batches, so a draft of hundreds of articles costs a handful of statements.
pub fn add_version(
    conn: &mut DbConnection,
    draft_id: DraftId,
    source_text: &str,
    doc: &ParsedDocument,
    change_note: &str,
    publish: bool,
    now: NaiveDateTime,
) -> QueryResult<(VersionId, i32)> {
    conn.transaction(|conn| {
        let last: Option<i32> = draft_versions::table
            .filter(draft_versions::draft_id.eq(draft_id))
            .select(diesel::dsl::max(draft_versions::number))
            .first(conn)?;
        let number = last.unwrap_or(0) + 1;
        let previous: Vec<Section> = match last {
            None => Vec::new(),
            Some(n) => sections::table
                .inner_join(draft_versions::table)
                .filter(draft_versions::draft_id.eq(draft_id))
                .filter(draft_versions::number.eq(n))
                .select(Section::as_select())
                .order(sections::position)
                .load(conn)?,
        };
        let version_id: VersionId = diesel::insert_into(draft_versions::table)
            .values(&NewDraftVersion {
                draft_id,
                number,
                preamble: &doc.preamble,
                signature: &doc.signature,
                source_text,
                change_note,
                published_at: publish.then_some(now),
                created_at: now,
            })
            .returning(draft_versions::id)
            .get_result(conn)?;
        let flat = doc.flatten();
        let labels = section_labels(&flat);
        let changes: Vec<Change> = if last.is_none() {
            Vec::new()
        } else {
            let index_of: std::collections::HashMap<i32, usize> = previous
                .iter()
                .enumerate()
                .map(|(i, s)| (s.position, i))
                .collect();
            let old: Vec<Comparable<'_>> = previous
                .iter()
                .map(|s| Comparable {
                    kind: s.kind,
                    parent: s.parent_position.and_then(|p| index_of.get(&p).copied()),
                    anchor: &s.anchor,
                    title: &s.title,
                    body: &s.body,
                })
                .collect();
            let new: Vec<Comparable<'_>> = flat
                .iter()
                .map(|(_, parent, s)| Comparable {
                    kind: s.kind,
                    parent: *parent,
                    anchor: &s.anchor,
                    title: &s.title,
                    body: &s.body,
                })
                .collect();
            match_sections(&old, &new)
        };
        let change_of = |i: usize| changes.get(i).copied();
        let rows: Vec<NewSection<'_>> = flat
            .iter()
            .enumerate()
            .map(|(i, (depth, parent, s))| NewSection {
                version_id,
                position: i as i32,
                parent_position: parent.map(|p| p as i32),
                depth: *depth as i32,
                kind: s.kind,
                number: &s.number,
                title: &s.title,
                heading: &s.heading,
                body: &s.body,
                anchor: &s.anchor,
                label: &labels[i],
                previous_id: change_of(i)
                    .and_then(Change::previous)
                    .map(|p| previous[p].id),
                change: change_of(i).map_or(SectionChange::First, Change::stored),
            })
            .collect();
        // 10 columns a row: 500 rows stay far below both databases' parameter limits.
        for chunk in rows.chunks(500) {
            crate::with_backend!(&mut *conn, |c| diesel::insert_into(sections::table)
                .values(chunk)
                .execute(c))?;
        }
        if !previous.is_empty() {
            carry_comments(conn, version_id, &previous, &changes)?;
            // Comments moved to the new version's sections, whose labels may differ.
            search_index::enqueue_published_comments(conn, draft_id, now)?;
        }
        search_index::enqueue(conn, draft_id, now)?;
        bump_revision(conn, draft_id, now)?;
        Ok((version_id, number))
    })
}

/// Moves the comments of the previous version's sections onto the matching sections of
/// the new one (with their published counts), marking those whose words changed; the
/// comments of removed sections stay where they were, marked as changed.
fn carry_comments(
    conn: &mut DbConnection,
    version_id: VersionId,
    previous: &[Section],
    changes: &[Change],
) -> QueryResult<()> {
    let with_comments: Vec<SectionId> = comments::table
        .filter(comments::section_id.eq_any(previous.iter().map(|s| s.id).collect::<Vec<_>>()))
        .select(comments::section_id.assume_not_null())
        .distinct()
        .load(conn)?;
    if with_comments.is_empty() {
        return Ok(());
    }
    let new_ids: Vec<(i32, SectionId)> = sections::table
        .filter(sections::version_id.eq(version_id))
        .select((sections::position, sections::id))
        .load(conn)?;
    let new_id_at: std::collections::HashMap<i32, SectionId> = new_ids.into_iter().collect();
    let mut matched = std::collections::HashSet::new();
    for (position, change) in changes.iter().enumerate() {
        let Some(old) = change.previous().map(|p| &previous[p]) else {
            continue;
        };
        matched.insert(old.id);
        if !with_comments.contains(&old.id) {
            continue;
        }
        let Some(&new_id) = new_id_at.get(&(position as i32)) else {
            continue;
        };
        let changed = matches!(change, Change::Changed(_));
        diesel::update(
            comments::table
                .filter(comments::section_id.eq(old.id))
                .filter(comments::original_section_id.is_null()),
        )
        .set(comments::original_section_id.eq(old.id))
        .execute(conn)?;
        if changed {
            diesel::update(comments::table.filter(comments::section_id.eq(old.id)))
                .set(comments::section_changed.eq(true))
                .execute(conn)?;
        }
        diesel::update(comments::table.filter(comments::section_id.eq(old.id)))
            .set(comments::section_id.eq(new_id))
            .execute(conn)?;
        super::report::move_tallies(conn, old.id, new_id)?;
        diesel::update(sections::table.find(new_id))
            .set((
                sections::published_comments.eq(old.published_comments),
                // The comments keep their places: the next one on this section follows.
                sections::public_positions.eq(old.public_positions),
            ))
            .execute(conn)?;
    }
    for removed in previous
        .iter()
        .filter(|s| !matched.contains(&s.id) && with_comments.contains(&s.id))
    {
        diesel::update(comments::table.filter(comments::section_id.eq(removed.id)))
            .set(comments::section_changed.eq(true))
            .execute(conn)?;
    }
    Ok(())
}

/// "Khoản 2 Điều 5" for each section of a flattened tree, from its chain of ancestors.
fn section_labels(flat: &[(usize, Option<usize>, &ParsedSection)]) -> Vec<String> {
    let mut paths: Vec<Vec<(SectionKind, &str)>> = Vec::with_capacity(flat.len());
    for (_, parent, s) in flat {
        let mut path = parent.map(|p| paths[p].clone()).unwrap_or_default();
        path.push((s.kind, s.number.as_str()));
        paths.push(path);
    }
    paths.iter().map(|p| section_label(p)).collect()
}

/// How many files the draft has attached: the next one's position.
pub fn attachment_count(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<i32> {
    let n: i64 = attachments::table
        .filter(attachments::draft_id.eq(draft_id))
        .count()
        .get_result(conn)?;
    Ok(i32::try_from(n).unwrap_or(i32::MAX))
}

/// Removes the draft's attachment `id`; returns its file name and SHA-256, or None when
/// the draft has no such attachment.
pub fn remove_attachment(
    conn: &mut DbConnection,
    draft_id: DraftId,
    id: AttachmentId,
    now: NaiveDateTime,
) -> QueryResult<Option<(String, String)>> {
    let found: Option<(String, String)> = attachments::table
        .filter(attachments::id.eq(id))
        .filter(attachments::draft_id.eq(draft_id))
        .select((attachments::file_name, attachments::sha256))
        .first(conn)
        .optional()?;
    if found.is_some() {
        diesel::delete(attachments::table.find(id)).execute(conn)?;
        bump_revision(conn, draft_id, now)?;
    }
    Ok(found)
}

/// The most places elsewhere a draft lists.
pub const MAX_LINKS: i64 = 10;

/// Lists another place the draft is posted; false when it lists [`MAX_LINKS`] already.
pub fn add_link(
    conn: &mut DbConnection,
    draft_id: DraftId,
    place: crate::domain::draft::LinkPlace,
    url: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let listed: i64 = draft_links::table
        .filter(draft_links::draft_id.eq(draft_id))
        .count()
        .get_result(conn)?;
    if listed >= MAX_LINKS {
        return Ok(false);
    }
    diesel::insert_into(draft_links::table)
        .values((
            draft_links::draft_id.eq(draft_id),
            draft_links::place.eq(place),
            draft_links::url.eq(url),
            draft_links::created_at.eq(now),
        ))
        .execute(conn)?;
    bump_revision(conn, draft_id, now)?;
    Ok(true)
}

/// Removes a place listed; the address removed, or None.
pub fn remove_link(
    conn: &mut DbConnection,
    draft_id: DraftId,
    id: i64,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let found: Option<String> = draft_links::table
        .filter(draft_links::id.eq(id))
        .filter(draft_links::draft_id.eq(draft_id))
        .select(draft_links::url)
        .first(conn)
        .optional()?;
    if found.is_some() {
        diesel::delete(draft_links::table.find(id)).execute(conn)?;
        bump_revision(conn, draft_id, now)?;
    }
    Ok(found)
}

/// Withdraws a file of a draft with its public reason; it stays listed, marked. None
/// when there is no such file, or it was withdrawn already.
pub fn withdraw_attachment(
    conn: &mut DbConnection,
    draft_id: DraftId,
    id: AttachmentId,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(String, String)>> {
    let found: Option<(String, String)> = attachments::table
        .filter(attachments::id.eq(id))
        .filter(attachments::draft_id.eq(draft_id))
        .filter(attachments::withdrawn_at.is_null())
        .select((attachments::file_name, attachments::sha256))
        .first(conn)
        .optional()?;
    if found.is_some() {
        diesel::update(attachments::table.find(id))
            .set((
                attachments::withdrawn_at.eq(now),
                attachments::withdrawn_reason.eq(reason),
            ))
            .execute(conn)?;
        bump_revision(conn, draft_id, now)?;
    }
    Ok(found)
}

pub fn add_attachment(conn: &mut DbConnection, a: &NewAttachment<'_>) -> QueryResult<AttachmentId> {
    conn.transaction(|conn| {
        let id = diesel::insert_into(attachments::table)
            .values(a)
            .returning(attachments::id)
            .get_result(conn)?;
        bump_revision(conn, a.draft_id, a.created_at)?;
        Ok(id)
    })
}

/// Marks the draft's public page as changed.
pub fn bump_revision(
    conn: &mut DbConnection,
    draft_id: DraftId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(drafts::table.find(draft_id))
        .set((
            drafts::revision.eq(drafts::revision + 1),
            drafts::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
