//! The synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến): built from the
//! answers in document order, one row per answer (a comment or a group of like
//! comments), with totals per disposition.
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
use serde::{Deserialize, Serialize};

use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::{CommentStatus, CommenterKind, Disposition};
use crate::i18n::VI;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// "Khoản 2 Điều 5", several joined by "; ", or the whole draft.
    pub sections: String,
    pub commenters: String,
    pub content: String,
    /// How many comments the row answers.
    pub count: i64,
    pub disposition: Disposition,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub rows: Vec<ReportRow>,
    /// Comments per disposition, in the order of `Disposition::ALL`.
    pub totals: Vec<(Disposition, i64)>,
    /// Published comments without an answer yet (a report is published only at 0).
    pub unanswered: i64,
}

impl Report {
    pub fn answered(&self) -> i64 {
        self.totals.iter().map(|(_, n)| n).sum()
    }
}

/// The report as the answers stand now.
pub fn generate(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Report> {
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
    type First = (
        i64,
        String,
        Option<String>,
        String,
        bool,
        String,
        CommenterKind,
        Option<String>,
    );
    let firsts: Vec<First> = comments::table
        .left_join(localities::table)
        .filter(comments::id.eq_any(&first_ids))
        .select((
            comments::id,
            comments::body,
            comments::public_body,
            comments::name,
            comments::publish_name,
            comments::organisation,
            comments::commenter_kind,
            localities::name.nullable(),
        ))
        .load(conn)?;
    let firsts: HashMap<i64, First> = firsts.into_iter().map(|f| (f.0, f)).collect();

    let mut rows: Vec<((i32, i64), ReportRow)> = Vec::new();
    let mut totals: HashMap<Disposition, i64> = HashMap::new();
    for (id, disposition, reason) in answers {
        let Some(&(count, first)) = sizes.get(&id) else {
            continue;
        };
        *totals.entry(disposition).or_default() += count;
        let mut places = sections_of.remove(&id).unwrap_or_default();
        places.sort();
        let mut labels: Vec<String> = Vec::new();
        if whole.contains(&id) {
            labels.push(VI.comment_on_whole.to_string());
        }
        labels.extend(places.iter().map(|(_, l)| l.clone()));
        let position = if whole.contains(&id) {
            -1
        } else {
            places.first().map_or(i32::MAX, |(p, _)| *p)
        };
        let f = firsts.get(&first);
        let text = f
            .map(|f| f.2.clone().unwrap_or_else(|| f.1.clone()))
            .unwrap_or_default();
        let commenters = if count == 1 {
            f.map(|(_, _, _, name, publish, org, kind, commune)| {
                let mut who = if *publish && !name.is_empty() {
                    if !org.is_empty() {
                        format!("{name} ({org})")
                    } else {
                        name.clone()
                    }
                } else {
                    VI.commenter_kind(*kind).to_string()
                };
                if let Some(c) = commune {
                    who.push_str(", ");
                    who.push_str(c);
                }
                who
            })
            .unwrap_or_default()
        } else {
            let mut by_kind = kinds_of.remove(&id).unwrap_or_default();
            by_kind.sort_by_key(|(k, n)| (-n, k.as_str()));
            VI.report_group(count, &by_kind)
        };
        let content = if count > 1 {
            VI.report_group_content(&text, count - 1)
        } else {
            text
        };
        rows.push((
            (position, first),
            ReportRow {
                sections: labels.join("; "),
                commenters,
                content,
                count,
                disposition,
                reason,
            },
        ));
    }
    rows.sort_by_key(|(key, _)| *key);
    Ok(Report {
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        totals: Disposition::ALL
            .iter()
            .map(|d| (*d, totals.get(d).copied().unwrap_or(0)))
            .collect(),
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

/// The published report of a draft, as it stands now, with when it was published; None
/// while none has been.
pub fn latest(
    conn: &mut DbConnection,
    draft_id: DraftId,
) -> QueryResult<Option<(Report, NaiveDateTime)>> {
    let Some(at) = published_at(conn, draft_id)? else {
        return Ok(None);
    };
    Ok(Some((generate(conn, draft_id)?, at)))
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
