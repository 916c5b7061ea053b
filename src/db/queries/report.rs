//! What the synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến) is written
//! from: each answer with the comments it covers, in document order
//! (`services::report` words it as `domain::report::Report`).
//!
//! Publishing records who published it and when (with the totals then); the report
//! itself is always built from the comments and answers as they stand, so that a phone
//! number a moderator hides later, or a comment its author withdraws, leaves the page,
//! the CSV and the .docx at once. No copy of a comment's text or its author's name is
//! kept with the publication.
//!
//! Built with grouped queries, so its cost follows the number of answers, not the number
//! of comments (a campaign of 100,000 identical comments answered together is one row).

use crate::domain::ids::*;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::{CommentStatus, CommenterKind, Disposition};
use crate::domain::report::Report;

/// The first (oldest) comment an answer covers, as the report quotes it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments)]
pub struct FirstComment {
    pub id: CommentId,
    pub body: String,
    pub public_body: Option<String>,
    pub name: String,
    pub publish_name: bool,
    pub organisation: String,
    pub commenter_kind: CommenterKind,
    #[diesel(select_expression = localities::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<localities::name>)]
    pub commune: Option<String>,
}

/// One answer and what it covers, as stored: the facts a report row is written from.
#[derive(Debug, Clone)]
pub struct AnsweredGroup {
    pub disposition: Disposition,
    pub reason: String,
    /// Published comments it answers (at least one).
    pub count: i64,
    pub first: Option<FirstComment>,
    /// Whether one of them is on the whole draft.
    pub whole_draft: bool,
    /// The sections they are on, in document order: (position, label).
    pub sections: Vec<(i32, String)>,
    /// How many of them each kind of commenter sent, most first.
    pub kinds: Vec<(CommenterKind, i64)>,
}

/// What a draft's report is written from.
#[derive(Debug, Clone)]
pub struct ReportFacts {
    /// In the order the report lists them (document order, then the first comment's).
    pub groups: Vec<AnsweredGroup>,
    /// Published comments without an answer yet.
    pub unanswered: i64,
}

/// The answers of the draft as they stand now, with what each covers.
pub fn facts(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<ReportFacts> {
    let published = || {
        comments::table
            .filter(comments::draft_id.eq(draft_id))
            .filter(comments::status.eq(CommentStatus::Published))
    };
    let unanswered: i64 = published()
        .filter(comments::response_id.is_null())
        .count()
        .get_result(conn)?;
    let answers: Vec<(i64, Disposition, String)> = responses::table
        .filter(responses::draft_id.eq(draft_id))
        .select((responses::id, responses::disposition, responses::reason))
        .load(conn)?;
    let sizes: Vec<(Option<i64>, i64, Option<i64>)> = published()
        .filter(comments::response_id.is_not_null())
        .group_by(comments::response_id)
        .select((
            comments::response_id,
            diesel::dsl::count_star(),
            diesel::dsl::min(comments::id),
        ))
        .load(conn)?;
    let sizes: HashMap<i64, (i64, i64)> = sizes
        .into_iter()
        .filter_map(|(r, n, first)| Some((r?, (n, first?))))
        .collect();
    let places: Vec<(Option<i64>, i32, String)> = published()
        .inner_join(sections::table)
        .filter(comments::response_id.is_not_null())
        .group_by((comments::response_id, sections::position, sections::label))
        .select((comments::response_id, sections::position, sections::label))
        .load(conn)?;
    let mut sections_of: HashMap<i64, Vec<(i32, String)>> = HashMap::new();
    for (r, position, label) in places {
        if let Some(r) = r {
            sections_of.entry(r).or_default().push((position, label));
        }
    }
    let whole: Vec<Option<i64>> = published()
        .filter(comments::response_id.is_not_null())
        .filter(comments::section_id.is_null())
        .select(comments::response_id)
        .distinct()
        .load(conn)?;
    let whole: std::collections::HashSet<i64> = whole.into_iter().flatten().collect();
    let kinds: Vec<(Option<i64>, CommenterKind, i64)> = published()
        .filter(comments::response_id.is_not_null())
        .group_by((comments::response_id, comments::commenter_kind))
        .select((
            comments::response_id,
            comments::commenter_kind,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut kinds_of: HashMap<i64, Vec<(CommenterKind, i64)>> = HashMap::new();
    for (r, kind, n) in kinds {
        if let Some(r) = r {
            kinds_of.entry(r).or_default().push((kind, n));
        }
    }
    let first_ids: Vec<i64> = sizes.values().map(|(_, first)| *first).collect();
    let firsts: Vec<FirstComment> = comments::table
        .left_join(localities::table)
        .filter(comments::id.eq_any(&first_ids))
        .select(FirstComment::as_select())
        .load(conn)?;
    let mut firsts: HashMap<i64, FirstComment> =
        firsts.into_iter().map(|f| (f.id.get(), f)).collect();

    let mut groups: Vec<((i32, i64), AnsweredGroup)> = Vec::new();
    for (id, disposition, reason) in answers {
        let Some(&(count, first)) = sizes.get(&id) else {
            continue;
        };
        let mut sections = sections_of.remove(&id).unwrap_or_default();
        sections.sort();
        let whole_draft = whole.contains(&id);
        let position = if whole_draft {
            -1
        } else {
            sections.first().map_or(i32::MAX, |(p, _)| *p)
        };
        let mut kinds = kinds_of.remove(&id).unwrap_or_default();
        kinds.sort_by_key(|(k, n)| (-n, k.as_str()));
        groups.push((
            (position, first),
            AnsweredGroup {
                disposition,
                reason,
                count,
                first: firsts.remove(&first),
                whole_draft,
                sections,
                kinds,
            },
        ));
    }
    groups.sort_by_key(|(key, _)| *key);
    Ok(ReportFacts {
        groups: groups.into_iter().map(|(_, g)| g).collect(),
        unanswered,
    })
}

/// Records the publication of the report as it stands (who, when, the totals); returns
/// its id.
pub fn record_publication(
    conn: &mut DbConnection,
    draft_id: DraftId,
    report: &Report,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(synthesis_reports::table)
        .values((
            synthesis_reports::draft_id.eq(draft_id),
            // Rows are built live from the data (see the module); none is kept here.
            synthesis_reports::rows_json.eq("[]"),
            synthesis_reports::totals_json
                .eq(serde_json::to_string(&report.totals).unwrap_or_default()),
            synthesis_reports::published_by.eq(by),
            synthesis_reports::published_at.eq(now),
        ))
        .returning(synthesis_reports::id)
        .get_result(conn)
}

/// A commenter the report answers: a published, answered comment with an address.
#[derive(Debug, Clone, Queryable)]
pub struct Recipient {
    pub id: CommentId,
    pub email: Option<String>,
    pub created_at: NaiveDateTime,
    pub disposition: Disposition,
    pub reason: String,
}

/// The next `limit` recipients after comment `after`, by id: a national consultation's
/// commenters are read a page at a time, never all at once.
pub fn recipients(
    conn: &mut DbConnection,
    draft_id: DraftId,
    after: CommentId,
    limit: i64,
) -> QueryResult<Vec<Recipient>> {
    comments::table
        .inner_join(responses::table)
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::status.eq(CommentStatus::Published))
        .filter(comments::email.is_not_null())
        .filter(comments::id.gt(after))
        .select((
            comments::id,
            comments::email,
            comments::created_at,
            responses::disposition,
            responses::reason,
        ))
        .order(comments::id.asc())
        .limit(limit)
        .load(conn)
}

/// When the latest report was published, if one was: for the draft page's link.
pub fn published_at(
    conn: &mut DbConnection,
    draft_id: DraftId,
) -> QueryResult<Option<NaiveDateTime>> {
    synthesis_reports::table
        .filter(synthesis_reports::draft_id.eq(draft_id))
        .select(diesel::dsl::max(synthesis_reports::published_at))
        .first(conn)
}
