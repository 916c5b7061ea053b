//! The synthesis report (bản tổng hợp, tiếp thu, giải trình): publishing it records
//! the publication, tells every commenter it answers by mail, and audits it, in one
//! transaction. The report itself is written from the answers as they stand
//! (`db::queries::report::facts`), here, every time it is shown.

use chrono::NaiveDateTime;
use diesel::Connection;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::authoring::bump_revision;
use crate::db::queries::outbox::{self, Purpose};
use crate::db::queries::report::{self as rows, FirstComment, ReportFacts};
use crate::db::schema::drafts;
use crate::domain::comment::{Disposition, tracking_number};
use crate::domain::ids::{CommentId, DraftId};
use crate::domain::report::{AnswerKey, Report, ReportRow};
use crate::domain::staff::By;
use crate::i18n::VI;
use crate::mail::templates;
use crate::paths;
use std::collections::HashMap;

/// Commenters mailed per read.
const RECIPIENTS_PER_READ: i64 = 500;

/// Why a report may not be published yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublishable {
    /// Published comments still without an answer.
    Unanswered(i64),
    /// Nothing to report: no answered comment.
    Empty,
    /// The comment period has not ended: opinions may still come.
    PeriodOpen,
    /// Comments still wait for a moderator: they are opinions received, to be reported.
    AwaitingModeration(i64),
}

/// Publishes the report as it stands now: only once the comment period has ended, no
/// comment waits for a moderator, every published comment has its answer, and there is
/// at least one. Returns the publication's id.
pub fn publish(
    conn: &mut DbConnection,
    draft_id: DraftId,
    who: &By<'_>,
    base_url: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<i64, Unpublishable>> {
    conn.transaction(|conn| {
        let (opens_at, closes_at): (Option<NaiveDateTime>, Option<NaiveDateTime>) = drafts::table
            .find(draft_id)
            .select((drafts::opens_at, drafts::closes_at))
            .first(conn)?;
        if matches!(
            crate::domain::PeriodStatus::at(opens_at, closes_at, now),
            crate::domain::PeriodStatus::Open | crate::domain::PeriodStatus::Upcoming
        ) {
            return Ok(Err(Unpublishable::PeriodOpen));
        }
        let waiting = rows::awaiting_moderation(conn, draft_id)?;
        if waiting > 0 {
            return Ok(Err(Unpublishable::AwaitingModeration(waiting)));
        }
        let report = generate(conn, draft_id)?;
        if report.unanswered > 0 {
            return Ok(Err(Unpublishable::Unanswered(report.unanswered)));
        }
        if report.rows.is_empty() {
            return Ok(Err(Unpublishable::Empty));
        }
        let report = &report;
        let id = rows::record_publication(conn, draft_id, report, who.account_id, now)?;
        let (slug, title): (String, String) = drafts::table
            .find(draft_id)
            .select((drafts::slug, drafts::title))
            .first(conn)?;
        let link = paths::absolute(base_url, &paths::public::report(&slug));
        let mut after = CommentId(0);
        loop {
            let batch = rows::recipients(conn, draft_id, after, RECIPIENTS_PER_READ)?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            for r in batch {
                let Some(to) = r.email else { continue };
                let mail = templates::report_published(
                    &to,
                    &tracking_number(r.id, r.created_at),
                    &title,
                    r.disposition,
                    &r.reason,
                    &link,
                );
                outbox::enqueue(conn, Some(r.id), Purpose::ReportPublished, &mail, now)?;
            }
        }
        bump_revision(conn, draft_id, now)?;
        let e = Entry::by(
            who,
            "report.publish",
            "synthesis_report",
            Some(id),
            Some(draft_id),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "rows": report.rows.len(),
                "answered": report.answered(),
                "totals": report.totals,
            }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(id))
    })
}

/// The report as the answers stand now: the portal's comments, then the opinions
/// received outside it, by source.
pub fn generate(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Report> {
    let mut report = write(rows::facts(conn, draft_id)?);
    add_received(
        &mut report,
        crate::db::queries::received::list(conn, draft_id)?,
    );
    add_critiques(conn, &mut report, draft_id)?;
    Ok(report)
}

/// Adds the points of the Front's published social critiques, a section after the
/// opinions: one row per point, with the organisation and its document, the point and
/// its recommendation, and the agency's answer. Only a published critique is reported:
/// until then its answer is not public.
fn add_critiques(
    conn: &mut DbConnection,
    report: &mut Report,
    draft_id: DraftId,
) -> QueryResult<()> {
    use crate::db::queries::critiques;
    for n in critiques::published_of_draft(conn, draft_id)? {
        let c = &n.critique;
        let commenters = VI
            .received
            .who(&n.organisation, &c.document_number, c.critiqued_on);
        for p in critiques::points(conn, c.id)? {
            let Some(disposition) = p.disposition else {
                report.unanswered += 1;
                continue;
            };
            if let Some(total) = report.totals.iter_mut().find(|(d, _)| *d == disposition) {
                total.1 += 1;
            }
            let content = if p.recommendation.is_empty() {
                p.body
            } else {
                format!(
                    "{}\n{}: {}",
                    p.body, VI.critiques.recommendation, p.recommendation
                )
            };
            report.rows.push(ReportRow {
                sections: p.label.unwrap_or_else(|| VI.whole_draft.to_string()),
                commenters: commenters.clone(),
                content,
                count: 1,
                disposition,
                reason: p.reason,
                source: Some(crate::domain::received::OpinionSource::FatherlandFront),
                key: None,
                changed: false,
                critique: true,
            });
        }
    }
    Ok(())
}

/// Adds the opinions received outside the portal: one row each, grouped by source in
/// the order of `OpinionSource::ALL`, each group in document order (the whole draft
/// first); those not answered yet count as unanswered, as comments do.
fn add_received(report: &mut Report, opinions: Vec<crate::db::queries::received::Listed>) {
    use crate::domain::received::OpinionSource;
    let order = |s: OpinionSource| OpinionSource::ALL.iter().position(|x| *x == s);
    let mut answered: Vec<_> = Vec::new();
    for o in opinions {
        match o.opinion.disposition {
            None => report.unanswered += 1,
            Some(d) => answered.push((d, o)),
        }
    }
    answered.sort_by_key(|(_, o)| {
        (
            order(o.opinion.source),
            o.section.as_ref().map_or(-1, |(p, _)| *p),
            o.opinion.id.get(),
        )
    });
    for (disposition, o) in answered {
        if let Some(total) = report.totals.iter_mut().find(|(d, _)| *d == disposition) {
            total.1 += 1;
        }
        let op = o.opinion;
        report.rows.push(ReportRow {
            sections: o
                .section
                .map_or_else(|| VI.whole_draft.to_string(), |(_, label)| label),
            commenters: VI
                .received
                .who(&op.organisation, &op.document_number, op.document_date),
            content: op.body,
            count: 1,
            disposition,
            reason: op.reason,
            source: Some(op.source),
            key: Some(AnswerKey::Opinion(op.id)),
            changed: false,
            critique: false,
        });
    }
}

/// The latest published version of a draft's report, with when it was published; None
/// while none has been.
pub fn latest(
    conn: &mut DbConnection,
    draft_id: DraftId,
) -> QueryResult<Option<(Report, NaiveDateTime)>> {
    Ok(published(conn, draft_id, None)?.map(|v| (v.report, v.at)))
}

/// A published version of a report, as readers see it.
pub struct Version {
    pub report: Report,
    pub version: i32,
    pub at: NaiveDateTime,
    /// Every publication of the draft's report, oldest first.
    pub all: Vec<crate::domain::report::Publication>,
}

/// Version `version` of the draft's report (the latest when None), None when there is
/// no such publication. Its rows are built from the comments as they stand now (so a
/// redaction or a withdrawal applies to every version), with the answers that version
/// recorded; a row whose answer differs from the previous version's is marked changed.
pub fn published(
    conn: &mut DbConnection,
    draft_id: DraftId,
    version: Option<i32>,
) -> QueryResult<Option<Version>> {
    let all = rows::publications(conn, draft_id)?;
    let Some(chosen) = (match version {
        None => all.last().cloned(),
        Some(v) => all.iter().find(|p| p.version == v).cloned(),
    }) else {
        return Ok(None);
    };
    let Some(recorded) = rows::published_version(conn, draft_id, chosen.version)? else {
        return Ok(None);
    };
    let previous = match chosen.version {
        1 => None,
        v => rows::published_version(conn, draft_id, v - 1)?,
    };
    let live = generate(conn, draft_id)?;
    let mut totals: HashMap<Disposition, i64> = HashMap::new();
    let rows = live
        .rows
        .into_iter()
        .filter_map(|mut row| {
            let key = row.key?;
            let (disposition, reason) = recorded.answers.get(&key)?.clone();
            row.changed = previous
                .as_ref()
                .is_some_and(|p| p.answers.get(&key) != Some(&(disposition, reason.clone())));
            row.disposition = disposition;
            row.reason = reason;
            *totals.entry(disposition).or_default() += row.count;
            Some(row)
        })
        .collect();
    Ok(Some(Version {
        report: Report {
            rows,
            totals: Disposition::ALL
                .iter()
                .map(|d| (*d, totals.get(d).copied().unwrap_or(0)))
                .collect(),
            unanswered: 0,
            stats: recorded.stats,
        },
        version: chosen.version,
        at: chosen.at,
        all,
    }))
}

/// After an answer changed: when the draft's report has been published and every
/// opinion has its answer, a new version is published, so that the report never
/// drifts from what it says silently (the commenters of the changed answer are told by
/// the answer's own mail). Returns the new version's id, if one was made.
pub fn new_version_after_change(
    conn: &mut DbConnection,
    draft_id: DraftId,
    who: &By<'_>,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    let Some(latest) = rows::publications(conn, draft_id)?.pop() else {
        return Ok(None);
    };
    let report = generate(conn, draft_id)?;
    if report.unanswered > 0 || report.rows.is_empty() {
        return Ok(None);
    }
    // Nothing to publish again when every answer is as the latest version says.
    if let Some(recorded) = rows::published_version(conn, draft_id, latest.version)? {
        let now_answers: HashMap<AnswerKey, (Disposition, String)> = report
            .rows
            .iter()
            .filter_map(|r| Some((r.key?, (r.disposition, r.reason.clone()))))
            .collect();
        if now_answers == recorded.answers {
            return Ok(None);
        }
    }
    let id = rows::record_publication(conn, draft_id, &report, who.account_id, now)?;
    let e = Entry::by(
        who,
        "report.new_version",
        "synthesis_report",
        Some(id),
        Some(draft_id),
    )
    .change(
        serde_json::Value::Null,
        serde_json::json!({ "rows": report.rows.len(), "totals": report.totals }),
    );
    audit::record(conn, &e, now)?;
    Ok(Some(id))
}

/// Words the report: one row per answer, the commenters named as they chose to be (or
/// by their kind), a group of like comments said as one with its size.
pub fn write(facts: ReportFacts) -> Report {
    let mut totals: HashMap<Disposition, i64> = HashMap::new();
    let rows = facts
        .groups
        .into_iter()
        .map(|g| {
            *totals.entry(g.disposition).or_default() += g.count;
            let mut labels: Vec<String> = Vec::new();
            if g.whole_draft {
                labels.push(VI.whole_draft.to_string());
            }
            labels.extend(g.sections.into_iter().map(|(_, l)| l));
            let text = g
                .first
                .as_ref()
                .map(|f| f.public_body.clone().unwrap_or_else(|| f.body.clone()))
                .unwrap_or_default();
            let commenters = if g.count == 1 {
                g.first.as_ref().map(commenter).unwrap_or_default()
            } else {
                VI.report_group(g.count, &g.kinds)
            };
            let content = if g.count > 1 {
                VI.report_group_content(&text, g.count - 1)
            } else {
                text
            };
            ReportRow {
                sections: labels.join("; "),
                commenters,
                content,
                count: g.count,
                disposition: g.disposition,
                reason: g.reason,
                source: None,
                key: Some(AnswerKey::Comments(g.answer)),
                changed: false,
                critique: false,
            }
        })
        .collect();
    Report {
        rows,
        totals: Disposition::ALL
            .iter()
            .map(|d| (*d, totals.get(d).copied().unwrap_or(0)))
            .collect(),
        unanswered: facts.unanswered,
        stats: None,
    }
}

/// A single commenter as the report names them: the organisation, always (a legal
/// entity's name is not personal data), with the person's name if they chose to publish
/// it; a person alone by name if they chose, else by their kind; and their commune.
fn commenter(f: &FirstComment) -> String {
    let named = f.publish_name && !f.name.is_empty();
    let mut who = match (named, f.organisation.is_empty()) {
        (true, true) => f.name.clone(),
        (true, false) => format!("{} ({})", f.name, f.organisation),
        (false, false) => f.organisation.clone(),
        (false, true) => VI.commenter_kind(f.commenter_kind).to_string(),
    };
    if let Some(c) = &f.commune {
        who.push_str(", ");
        who.push_str(c);
    }
    who
}
