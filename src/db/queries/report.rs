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
//! Built from `answer_tallies`, kept in step with every change to what an answer covers
//! ([`tally`]), and from one index seek per answer for the comment it quotes: its cost
//! follows the number of answers, never the number of comments (a campaign of 100,000
//! identical comments answered together is one row, read as such).

use crate::domain::ids::*;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::{CommentStatus, CommenterKind, Disposition, RejectionReason};
use crate::domain::report::{AnswerKey, Publication, Report, ReportStats};

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
    pub answer: AnswerId,
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

/// Adds `delta` published comments at (answer, place, kind) to the answer's tally: called
/// in the transaction of every change to what an answer covers.
pub(crate) fn tally(
    conn: &mut DbConnection,
    answer: AnswerId,
    draft: DraftId,
    section: Option<SectionId>,
    kind: CommenterKind,
    delta: i64,
) -> QueryResult<()> {
    let row = (
        answer_tallies::response_id.eq(answer),
        answer_tallies::draft_id.eq(draft),
        answer_tallies::place.eq(place(section)),
        answer_tallies::commenter_kind.eq(kind),
        answer_tallies::comments.eq(delta),
    );
    crate::with_backend!(&mut *conn, |c| diesel::insert_into(answer_tallies::table)
        .values(row)
        .on_conflict((
            answer_tallies::response_id,
            answer_tallies::place,
            answer_tallies::commenter_kind,
        ))
        .do_update()
        .set(answer_tallies::comments.eq(answer_tallies::comments + delta))
        .execute(c))
    .map(|_| ())
}

/// A tally's place: the section's id, or 0 for the whole draft.
fn place(section: Option<SectionId>) -> i64 {
    section.map_or(0, SectionId::get)
}

/// Comments carried from a section to its successor in a new version: their tallies go
/// with them.
pub(crate) fn move_tallies(
    conn: &mut DbConnection,
    from: SectionId,
    to: SectionId,
) -> QueryResult<()> {
    diesel::update(answer_tallies::table.filter(answer_tallies::place.eq(from.get())))
        .set(answer_tallies::place.eq(to.get()))
        .execute(conn)
        .map(|_| ())
}

/// The answers of the draft as they stand now, with what each covers.
pub fn facts(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<ReportFacts> {
    let published: i64 = drafts::table
        .find(draft_id)
        .select(drafts::published_comments)
        .first(conn)?;
    let answers: Vec<(AnswerId, Disposition, String)> = responses::table
        .filter(responses::draft_id.eq(draft_id))
        .select((responses::id, responses::disposition, responses::reason))
        .load(conn)?;
    // Summed in the database: a row per answer and place, and per answer and kind. (SUM
    // of a BIGINT is NUMERIC to diesel; the sum of counts is a count.)
    let summed = || {
        diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
            "CAST(SUM(answer_tallies.comments) AS BIGINT)",
        )
    };
    let tally = || {
        answer_tallies::table
            .filter(answer_tallies::draft_id.eq(draft_id))
            .filter(answer_tallies::comments.gt(0))
    };
    let by_place: Vec<(AnswerId, i64, Option<i64>)> = tally()
        .group_by((answer_tallies::response_id, answer_tallies::place))
        .select((answer_tallies::response_id, answer_tallies::place, summed()))
        .load(conn)?;
    let by_kind: Vec<(AnswerId, CommenterKind, Option<i64>)> = tally()
        .group_by((answer_tallies::response_id, answer_tallies::commenter_kind))
        .select((
            answer_tallies::response_id,
            answer_tallies::commenter_kind,
            summed(),
        ))
        .load(conn)?;
    let mut places: Vec<i64> = by_place.iter().map(|t| t.1).filter(|p| *p != 0).collect();
    places.sort_unstable();
    places.dedup();
    let labels: HashMap<i64, (i32, String)> = sections::table
        .filter(sections::id.eq_any(&places))
        .select((sections::id, sections::position, sections::label))
        .load::<(i64, i32, String)>(conn)?
        .into_iter()
        .map(|(id, position, label)| (id, (position, label)))
        .collect();
    let mut places_of: HashMap<AnswerId, Vec<(i64, i64)>> = HashMap::new();
    for (answer, place, n) in by_place {
        places_of
            .entry(answer)
            .or_default()
            .push((place, n.unwrap_or(0)));
    }
    let mut kinds_of: HashMap<AnswerId, Vec<(CommenterKind, i64)>> = HashMap::new();
    for (answer, kind, n) in by_kind {
        kinds_of
            .entry(answer)
            .or_default()
            .push((kind, n.unwrap_or(0)));
    }
    let mut answered = 0;
    let mut groups: Vec<((i32, i64), AnsweredGroup)> = Vec::new();
    for (id, disposition, reason) in answers {
        let mut count = 0;
        let mut whole_draft = false;
        let mut sections: Vec<(i32, String)> = Vec::new();
        for (place, n) in places_of.remove(&id).unwrap_or_default() {
            count += n;
            match labels.get(&place) {
                None => whole_draft |= place == 0,
                Some(s) => sections.push(s.clone()),
            }
        }
        let mut kinds = kinds_of.remove(&id).unwrap_or_default();
        if count == 0 {
            continue;
        }
        answered += count;
        // The comment it quotes: its oldest published one, an index seek away.
        let first: Option<FirstComment> = comments::table
            .left_join(localities::table)
            .filter(comments::response_id.eq(id))
            .filter(comments::status.eq(CommentStatus::Published))
            .order(comments::id.asc())
            .select(FirstComment::as_select())
            .first(conn)
            .optional()?;
        sections.sort();
        let position = if whole_draft {
            -1
        } else {
            sections.first().map_or(i32::MAX, |(p, _)| *p)
        };
        kinds.sort_by_key(|(k, n)| (-n, k.as_str()));
        groups.push((
            (position, first.as_ref().map_or(i64::MAX, |f| f.id.get())),
            AnsweredGroup {
                answer: id,
                disposition,
                reason,
                count,
                first,
                whole_draft,
                sections,
                kinds,
            },
        ));
    }
    groups.sort_by_key(|(key, _)| *key);
    Ok(ReportFacts {
        groups: groups.into_iter().map(|(_, g)| g).collect(),
        unanswered: (published - answered).max(0),
    })
}

/// Records the publication of the report as it stands (who, when, the totals); returns
/// its id.
/// Comments of the draft confirmed and waiting for a moderator.
pub fn awaiting_moderation(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<i64> {
    comments::table
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::status.eq(crate::domain::comment::CommentStatus::Pending))
        .count()
        .get_result(conn)
}

pub fn record_publication(
    conn: &mut DbConnection,
    draft_id: DraftId,
    report: &Report,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let version: Option<i32> = synthesis_reports::table
        .filter(synthesis_reports::draft_id.eq(draft_id))
        .select(diesel::dsl::max(synthesis_reports::version))
        .first(conn)?;
    let id: i64 = diesel::insert_into(synthesis_reports::table)
        .values((
            synthesis_reports::draft_id.eq(draft_id),
            // Rows are built live from the data (see the module); none is kept here.
            synthesis_reports::rows_json.eq("[]"),
            synthesis_reports::totals_json
                .eq(serde_json::to_string(&report.totals).unwrap_or_default()),
            synthesis_reports::published_by.eq(by),
            synthesis_reports::published_at.eq(now),
            synthesis_reports::version.eq(version.unwrap_or(0) + 1),
            synthesis_reports::stats_json
                .eq(serde_json::to_string(&stats(conn, draft_id)?).unwrap_or_default()),
        ))
        .returning(synthesis_reports::id)
        .get_result(conn)?;
    // The answers as published: the staff's words only, by the answer they belong to.
    for chunk in report.rows.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .filter_map(|r| {
                let (response, opinion) = match r.key? {
                    AnswerKey::Comments(a) => (Some(a.get()), None),
                    AnswerKey::Opinion(o) => (None, Some(o.get())),
                };
                Some((
                    report_answers::report_id.eq(id),
                    report_answers::response_id.eq(response),
                    report_answers::opinion_id.eq(opinion),
                    report_answers::disposition.eq(r.disposition),
                    report_answers::reason.eq(r.reason.clone()),
                ))
            })
            .collect();
        crate::with_backend!(&mut *conn, |c| diesel::insert_into(report_answers::table)
            .values(rows)
            .execute(c))?;
    }
    Ok(id)
}

/// The counts a publication states, counted once as it is published: comments of the
/// draft by status and rejection reason, and the opinions received outside the portal.
fn stats(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<ReportStats> {
    let by_status: Vec<(CommentStatus, Option<String>, i64)> = comments::table
        .filter(comments::draft_id.eq(draft_id))
        .group_by((comments::status, comments::rejection_reason))
        .select((
            comments::status,
            comments::rejection_reason,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let confirmed: i64 = comments::table
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::confirmed_at.is_not_null())
        .count()
        .get_result(conn)?;
    let mut s = ReportStats {
        confirmed,
        received_outside: crate::db::queries::received::count(conn, draft_id)?,
        ..ReportStats::default()
    };
    for (status, reason, n) in by_status {
        s.sent += n;
        match status {
            CommentStatus::Published => s.published += n,
            CommentStatus::Withdrawn => s.withdrawn += n,
            CommentStatus::Rejected => {
                let reason = reason
                    .as_deref()
                    .and_then(RejectionReason::parse)
                    .unwrap_or(RejectionReason::OffTopic);
                match s.rejected.iter_mut().find(|(r, _)| *r == reason) {
                    Some(entry) => entry.1 += n,
                    None => s.rejected.push((reason, n)),
                }
            }
            CommentStatus::Unconfirmed | CommentStatus::Pending => {}
        }
    }
    s.rejected.sort_by_key(|(r, n)| (-n, r.as_str()));
    Ok(s)
}

/// The publications of a draft's report, oldest first.
pub fn publications(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Vec<Publication>> {
    synthesis_reports::table
        .filter(synthesis_reports::draft_id.eq(draft_id))
        .order(synthesis_reports::version.asc())
        .limit(1_000)
        .select((synthesis_reports::version, synthesis_reports::published_at))
        .load::<(i32, NaiveDateTime)>(conn)
        .map(|rows| {
            rows.into_iter()
                .map(|(version, at)| Publication { version, at })
                .collect()
        })
}

/// A publication of the draft's report: the answers it recorded and its counts.
pub struct PublishedVersion {
    pub answers: HashMap<AnswerKey, (Disposition, String)>,
    pub stats: Option<ReportStats>,
}

/// Version `version` of the draft's report, as published; None when there is no such.
pub fn published_version(
    conn: &mut DbConnection,
    draft_id: DraftId,
    version: i32,
) -> QueryResult<Option<PublishedVersion>> {
    let found: Option<(i64, String)> = synthesis_reports::table
        .filter(synthesis_reports::draft_id.eq(draft_id))
        .filter(synthesis_reports::version.eq(version))
        .select((synthesis_reports::id, synthesis_reports::stats_json))
        .first(conn)
        .optional()?;
    let Some((id, stats)) = found else {
        return Ok(None);
    };
    let rows: Vec<(Option<i64>, Option<i64>, Disposition, String)> = report_answers::table
        .filter(report_answers::report_id.eq(id))
        .select((
            report_answers::response_id,
            report_answers::opinion_id,
            report_answers::disposition,
            report_answers::reason,
        ))
        .load(conn)?;
    let answers = rows
        .into_iter()
        .filter_map(|(response, opinion, d, reason)| {
            let key = match (response, opinion) {
                (Some(a), _) => AnswerKey::Comments(AnswerId(a)),
                (None, Some(o)) => AnswerKey::Opinion(ReceivedOpinionId(o)),
                (None, None) => return None,
            };
            Some((key, (d, reason)))
        })
        .collect();
    Ok(Some(PublishedVersion {
        answers,
        stats: serde_json::from_str(&stats).ok(),
    }))
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
