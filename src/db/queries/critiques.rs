//! The Front's social critiques of drafts, their points and the reminders sent about
//! their deadlines (`domain::critique`; `services::critiques` writes them).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::Disposition;
use crate::domain::critique::{
    CritiqueForm, CritiqueState, Deadline, RequestEntry, SubmissionEntry, WrittenAnswer,
};
use crate::domain::ids::*;
use crate::domain::staff::Role;

/// A critique as every page of it needs it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = critiques)]
pub struct Critique {
    pub id: CritiqueId,
    pub draft_id: DraftId,
    pub organisation_id: OrganisationId,
    pub state: CritiqueState,
    pub request_number: String,
    pub request_date: NaiveDate,
    pub dossier_sent_on: NaiveDate,
    pub planned_submission: NaiveDate,
    pub lead_days: i32,
    pub shortened_reason: String,
    pub received_on: Option<NaiveDate>,
    pub form: Option<CritiqueForm>,
    pub critiqued_on: Option<NaiveDate>,
    pub document_number: String,
    pub document_sha256: Option<String>,
    pub document_name: Option<String>,
    pub document_type: Option<String>,
    pub document_size: Option<i64>,
    pub submitted_at: Option<NaiveDateTime>,
    pub answer_number: String,
    pub answered_on: Option<NaiveDate>,
    pub published_at: Option<NaiveDateTime>,
    pub withdrawn_reason: String,
}

impl Critique {
    pub fn dates(&self) -> crate::domain::critique::Dates {
        crate::domain::critique::Dates {
            state: self.state,
            dossier_sent_on: self.dossier_sent_on,
            received_on: self.received_on,
            critiqued_on: self.critiqued_on,
        }
    }
}

/// A critique with the name of the organisation asked.
#[derive(Debug, Clone)]
pub struct Named {
    pub critique: Critique,
    pub organisation: String,
}

/// The critique document as stored: content-addressed in the file store.
#[derive(Debug, Clone)]
pub struct Document {
    pub sha256: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// A point, with the clause it is about.
#[derive(Debug, Clone, Queryable)]
pub struct Point {
    pub id: CritiquePointId,
    pub position: i32,
    pub anchor: Option<String>,
    pub label: Option<String>,
    pub body: String,
    pub recommendation: String,
    pub disposition: Option<Disposition>,
    pub reason: String,
}

fn named(rows: Vec<(Critique, String)>) -> Vec<Named> {
    rows.into_iter()
        .map(|(critique, organisation)| Named {
            critique,
            organisation,
        })
        .collect()
}

/// Critiques with their organisation's name and their draft's title.
fn titled(rows: Vec<(Critique, String, String)>) -> Vec<(Named, String)> {
    rows.into_iter()
        .map(|(critique, organisation, title)| {
            (
                Named {
                    critique,
                    organisation,
                },
                title,
            )
        })
        .collect()
}

pub fn find(conn: &mut DbConnection, id: CritiqueId) -> QueryResult<Option<Named>> {
    Ok(critiques::table
        .inner_join(organisations::table)
        .filter(critiques::id.eq(id))
        .select((Critique::as_select(), organisations::name))
        .first::<(Critique, String)>(conn)
        .optional()?
        .map(|(critique, organisation)| Named {
            critique,
            organisation,
        }))
}

/// The draft's critiques, oldest first.
pub fn of_draft(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Vec<Named>> {
    critiques::table
        .inner_join(organisations::table)
        .filter(critiques::draft_id.eq(draft_id))
        .order(critiques::id.asc())
        .select((Critique::as_select(), organisations::name))
        .load(conn)
        .map(named)
}

/// The draft's published critiques, oldest first.
pub fn published_of_draft(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Vec<Named>> {
    critiques::table
        .inner_join(organisations::table)
        .filter(critiques::draft_id.eq(draft_id))
        .filter(critiques::state.eq(CritiqueState::Published))
        .order(critiques::id.asc())
        .select((Critique::as_select(), organisations::name))
        .load(conn)
        .map(named)
}

/// The critiques asked of these organisations, newest first, with each draft's title.
pub fn of_organisations(
    conn: &mut DbConnection,
    ids: &[OrganisationId],
) -> QueryResult<Vec<(Named, String)>> {
    let rows: Vec<(Critique, String, String)> = critiques::table
        .inner_join(organisations::table)
        .inner_join(drafts::table)
        .filter(critiques::organisation_id.eq_any(ids))
        .order(critiques::id.desc())
        .limit(500)
        .select((Critique::as_select(), organisations::name, drafts::title))
        .load(conn)?;
    Ok(titled(rows))
}

/// The critiques on the agency's drafts, newest first, with each draft's title.
pub fn of_agency(conn: &mut DbConnection, agency: AgencyId) -> QueryResult<Vec<(Named, String)>> {
    let rows: Vec<(Critique, String, String)> = critiques::table
        .inner_join(organisations::table)
        .inner_join(drafts::table)
        .filter(drafts::agency_id.eq(agency))
        .order(critiques::id.desc())
        .limit(500)
        .select((Critique::as_select(), organisations::name, drafts::title))
        .load(conn)?;
    Ok(titled(rows))
}

/// The critiques whose clocks may run (requested, received, submitted), with the
/// draft's agency: the reminders job's and the console's overdue list's.
pub fn open(conn: &mut DbConnection) -> QueryResult<Vec<(Named, AgencyId, String)>> {
    let rows: Vec<(Critique, String, AgencyId, String)> = critiques::table
        .inner_join(organisations::table)
        .inner_join(drafts::table)
        .filter(critiques::state.eq_any([
            CritiqueState::Requested,
            CritiqueState::Received,
            CritiqueState::Submitted,
        ]))
        .order(critiques::id.asc())
        .select((
            Critique::as_select(),
            organisations::name,
            drafts::agency_id,
            drafts::title,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(critique, organisation, agency, title)| {
            (
                Named {
                    critique,
                    organisation,
                },
                agency,
                title,
            )
        })
        .collect())
}

pub fn insert(
    conn: &mut DbConnection,
    draft_id: DraftId,
    entry: &RequestEntry,
    lead_days: i32,
    files: &[AttachmentId],
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<CritiqueId> {
    let id: CritiqueId = diesel::insert_into(critiques::table)
        .values((
            critiques::draft_id.eq(draft_id),
            critiques::organisation_id.eq(OrganisationId(entry.organisation)),
            critiques::state.eq(CritiqueState::Requested),
            critiques::request_number.eq(&entry.number),
            critiques::request_date.eq(entry.request_date),
            critiques::dossier_sent_on.eq(entry.dossier_sent_on),
            critiques::planned_submission.eq(entry.planned_submission),
            critiques::lead_days.eq(lead_days),
            critiques::shortened_reason.eq(&entry.shortened_reason),
            critiques::requested_by.eq(by),
            critiques::created_at.eq(now),
            critiques::updated_at.eq(now),
        ))
        .returning(critiques::id)
        .get_result(conn)?;
    for file in files {
        diesel::insert_into(critique_files::table)
            .values((
                critique_files::critique_id.eq(id),
                critique_files::attachment_id.eq(*file),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// The dossier's files: (id, title, file name).
pub fn files(
    conn: &mut DbConnection,
    id: CritiqueId,
) -> QueryResult<Vec<(AttachmentId, String, String)>> {
    critique_files::table
        .inner_join(attachments::table.on(attachments::id.eq(critique_files::attachment_id)))
        .filter(critique_files::critique_id.eq(id))
        .order(attachments::position.asc())
        .select((attachments::id, attachments::title, attachments::file_name))
        .load(conn)
}

/// Moves the critique from `from` to `to`; false if it was no longer in `from`.
pub fn step(
    conn: &mut DbConnection,
    id: CritiqueId,
    from: CritiqueState,
    to: CritiqueState,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        critiques::table
            .filter(critiques::id.eq(id))
            .filter(critiques::state.eq(from)),
    )
    .set((critiques::state.eq(to), critiques::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn set_received(conn: &mut DbConnection, id: CritiqueId, on: NaiveDate) -> QueryResult<()> {
    diesel::update(critiques::table.find(id))
        .set(critiques::received_on.eq(on))
        .execute(conn)
        .map(|_| ())
}

pub fn set_withdrawn_reason(
    conn: &mut DbConnection,
    id: CritiqueId,
    reason: &str,
) -> QueryResult<()> {
    diesel::update(critiques::table.find(id))
        .set(critiques::withdrawn_reason.eq(reason))
        .execute(conn)
        .map(|_| ())
}

pub fn set_published(
    conn: &mut DbConnection,
    id: CritiqueId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(critiques::table.find(id))
        .set(critiques::published_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

pub fn set_answer(conn: &mut DbConnection, id: CritiqueId, a: &WrittenAnswer) -> QueryResult<()> {
    diesel::update(critiques::table.find(id))
        .set((
            critiques::answer_number.eq(&a.number),
            critiques::answered_on.eq(a.answered_on),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records the critique given and its points (`sections` beside `entry.points`).
pub fn set_submission(
    conn: &mut DbConnection,
    id: CritiqueId,
    entry: &SubmissionEntry,
    sections: &[Option<SectionId>],
    document: &Document,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(critiques::table.find(id))
        .set((
            critiques::form.eq(entry.form),
            critiques::critiqued_on.eq(entry.critiqued_on),
            critiques::document_number.eq(&entry.document_number),
            critiques::document_sha256.eq(&document.sha256),
            critiques::document_name.eq(&document.name),
            critiques::document_type.eq(&document.content_type),
            critiques::document_size.eq(document.size),
            critiques::submitted_at.eq(now),
        ))
        .execute(conn)?;
    for (i, ((_, body, recommendation), section)) in entry.points.iter().zip(sections).enumerate() {
        diesel::insert_into(critique_points::table)
            .values((
                critique_points::critique_id.eq(id),
                critique_points::position.eq(i as i32 + 1),
                critique_points::section_id.eq(*section),
                critique_points::body.eq(body),
                critique_points::recommendation.eq(recommendation),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The critique's points in order, with their clauses.
pub fn points(conn: &mut DbConnection, id: CritiqueId) -> QueryResult<Vec<Point>> {
    critique_points::table
        .left_join(sections::table)
        .filter(critique_points::critique_id.eq(id))
        .order(critique_points::position.asc())
        .select((
            critique_points::id,
            critique_points::position,
            sections::anchor.nullable(),
            sections::label.nullable(),
            critique_points::body,
            critique_points::recommendation,
            critique_points::disposition,
            critique_points::reason,
        ))
        .load(conn)
}

/// The point's disposition and reason before an answer (None: no such point).
pub fn point_answer(
    conn: &mut DbConnection,
    id: CritiqueId,
    point: CritiquePointId,
) -> QueryResult<Option<(Option<Disposition>, String)>> {
    critique_points::table
        .filter(critique_points::id.eq(point))
        .filter(critique_points::critique_id.eq(id))
        .select((critique_points::disposition, critique_points::reason))
        .first(conn)
        .optional()
}

pub fn answer_point(
    conn: &mut DbConnection,
    point: CritiquePointId,
    disposition: Disposition,
    reason: &str,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(critique_points::table.find(point))
        .set((
            critique_points::disposition.eq(Some(disposition)),
            critique_points::reason.eq(reason),
            critique_points::answered_by.eq(by),
            critique_points::answered_at.eq(Some(now)),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn unanswered_points(conn: &mut DbConnection, id: CritiqueId) -> QueryResult<i64> {
    critique_points::table
        .filter(critique_points::critique_id.eq(id))
        .filter(critique_points::disposition.is_null())
        .count()
        .get_result(conn)
}

/// Whether this reminder was sent.
pub fn reminded(
    conn: &mut DbConnection,
    id: CritiqueId,
    deadline: Deadline,
    due: NaiveDate,
    days_before: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        critique_reminders::table
            .filter(critique_reminders::critique_id.eq(id))
            .filter(critique_reminders::deadline.eq(deadline.as_str()))
            .filter(critique_reminders::due.eq(due))
            .filter(critique_reminders::days_before.eq(days_before as i32)),
    ))
    .get_result(conn)
}

pub fn record_reminder(
    conn: &mut DbConnection,
    id: CritiqueId,
    deadline: Deadline,
    due: NaiveDate,
    days_before: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(critique_reminders::table)
        .values((
            critique_reminders::critique_id.eq(id),
            critique_reminders::deadline.eq(deadline.as_str()),
            critique_reminders::due.eq(due),
            critique_reminders::days_before.eq(days_before as i32),
            critique_reminders::sent_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The addresses of the active staff responsible for a deadline: the organisers of the
/// organisation asked for the Front's, the editors of the draft's agency for the
/// agency's.
pub fn responsible(
    conn: &mut DbConnection,
    deadline: Deadline,
    organisation: OrganisationId,
    agency: AgencyId,
) -> QueryResult<Vec<String>> {
    let active = accounts::table.filter(accounts::active.eq(true));
    match deadline {
        Deadline::FrontReply => active
            .filter(accounts::role.eq(Role::Organiser))
            .filter(accounts::organisation_id.eq(organisation))
            .select(accounts::email)
            .load(conn),
        Deadline::AgencyAnswer => active
            .filter(accounts::role.eq(Role::Editor))
            .filter(accounts::agency_id.eq(agency))
            .select(accounts::email)
            .load(conn),
    }
}
