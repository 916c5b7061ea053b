//! A draft's life cycle in the console: creating it and editing its metadata (title,
//! address, type, agency, comment period, stage, moderation, the four criteria of
//! Decision 407), publishing it, and changing its comment period (an extension, or an
//! early close) with the public reason. The rules of the period are
//! `domain::period::CommentPeriod`'s; this applies them to the stored draft and writes
//! each change with its audit entry in one transaction. Its text (versions) and its
//! attached files (the dossier) change here too.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::models::{DocumentType, Draft, DraftFields, NewAttachment};
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::{authoring, console, drafts, reference};
use crate::domain::ids::{AgencyId, AttachmentId, DocumentTypeId, DraftId, VersionId};
use crate::domain::period::{CommentPeriod, PeriodProblem};
use crate::domain::staff::By;
use crate::domain::{Moderation, Publication, Stage, time};
use crate::i18n::VI;

/// A draft's metadata as typed in the console. A choice that is not one (a stage, a
/// kind of moderation, a type or agency that does not exist) is None.
#[derive(Debug, Clone, Default)]
pub struct DraftInput<'a> {
    pub title: &'a str,
    /// Empty: made from the title.
    pub slug: &'a str,
    pub number: &'a str,
    pub document_type: Option<DocumentTypeId>,
    pub agency: Option<AgencyId>,
    pub summary: &'a str,
    /// The first and last day of the comment period as typed (both, or neither).
    pub opens: &'a str,
    pub closes: &'a str,
    pub stage: Option<Stage>,
    /// When the stage chosen was entered (dd/mm/yyyy; empty: today), the note and the
    /// document that decided it: recorded when the stage changes.
    pub stage_on: &'a str,
    pub stage_note: &'a str,
    pub stage_document: &'a str,
    pub moderation: Option<Moderation>,
    /// Criterion 1 of Decision 407 follows the document type unless this is set, with
    /// a written reason.
    pub needs_proposal_differs: bool,
    pub needs_proposal_reason: &'a str,
    pub impact_rights: bool,
    pub impact_sensitive: bool,
    pub impact_wide: bool,
    /// The legal basis of the shortened procedure (trình tự, thủ tục rút gọn), or empty.
    pub shortened_basis: &'a str,
}

/// The part of the metadata a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftField {
    Title,
    Slug,
    DocumentType,
    Agency,
    Opens,
    Closes,
    Stage,
    Moderation,
    ShortenedBasis,
    NeedsProposal,
    StageOn,
    StageNote,
}

/// The longest legal basis of the shortened procedure, in characters.
pub const MAX_SHORTENED_BASIS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftProblem {
    /// 5 to 500 characters.
    TitleLength,
    SlugInvalid,
    SlugTaken,
    DocumentTypeNeeded,
    /// None chosen, or one this staff member may not file under.
    AgencyNeeded,
    /// One day of the period without the other, or a day that is not one.
    PeriodDatesNeeded,
    /// The period breaks a rule; `rule` is the document type's minimum as the law says it.
    Period {
        problem: PeriodProblem,
        /// The rule's citation where it is confirmed, else None (not cited).
        rule: Option<String>,
    },
    /// A drop-down's value that is not one of its choices.
    ChoiceUnknown,
    /// The legal basis of the shortened procedure is longer than [`MAX_SHORTENED_BASIS`].
    ShortenedBasisLength,
    /// The policy-proposal stage, for a type that has none.
    StageNotForType,
    /// Criterion 1 set apart from the document type without a reason (10 to 1,000
    /// characters).
    NeedsProposalReason,
    /// The day a stage was entered: not a day, or in the future.
    StageDate,
    /// The stage's note or document reference is longer than 500 characters.
    StageNoteLength,
}

/// What is recorded when a draft enters a stage.
struct StageEntry {
    on: NaiveDate,
    note: String,
    document_ref: String,
}

/// Reads the stage fields typed: the day (today when empty; never in the future), the
/// note and the document reference.
fn stage_entry(
    input: &DraftInput<'_>,
    now: NaiveDateTime,
) -> Result<StageEntry, (DraftField, DraftProblem)> {
    let today = time::local_date(now);
    let on = match input.stage_on.trim() {
        "" => today,
        typed => match time::parse_day(typed) {
            Some(day) if day <= today => day,
            _ => return Err((DraftField::StageOn, DraftProblem::StageDate)),
        },
    };
    let clean =
        |s: &str| crate::text::nfc(s.split_whitespace().collect::<Vec<_>>().join(" ").as_str());
    let (note, document_ref) = (clean(input.stage_note), clean(input.stage_document));
    if note.chars().count() > 500 || document_ref.chars().count() > 500 {
        return Err((DraftField::StageNote, DraftProblem::StageNoteLength));
    }
    Ok(StageEntry {
        on,
        note,
        document_ref,
    })
}

pub type DraftProblems = Vec<(DraftField, DraftProblem)>;

/// The longest address of a draft (`/du-thao/{slug}`).
const MAX_SLUG: usize = 80;

/// Checks the metadata, every problem at once. `may_file` tells the agencies the author
/// may file a draft under. `editing` is the draft being edited: its address may stay,
/// and once published its period is changed only by an extension or an early close, so
/// the period typed is ignored.
pub fn check(
    conn: &mut DbConnection,
    input: &DraftInput<'_>,
    may_file: impl Fn(AgencyId) -> bool,
    editing: Option<&Draft>,
) -> diesel::QueryResult<Result<DraftFields, DraftProblems>> {
    let mut problems: DraftProblems = Vec::new();
    let title = crate::text::nfc(input.title.trim());
    if !(5..=500).contains(&title.chars().count()) {
        problems.push((DraftField::Title, DraftProblem::TitleLength));
    }
    let slug = match input.slug.trim() {
        "" => crate::text::slug(&title)
            .chars()
            .take(MAX_SLUG)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string(),
        s => s.to_string(),
    };
    if !crate::text::is_slug(&slug) || slug.len() > MAX_SLUG {
        problems.push((DraftField::Slug, DraftProblem::SlugInvalid));
    } else if console::slug_taken(conn, &slug, editing.map(|d| d.id))? {
        problems.push((DraftField::Slug, DraftProblem::SlugTaken));
    }
    let doc_types = reference::document_types(conn)?;
    let doc_type = input
        .document_type
        .and_then(|id| doc_types.iter().find(|d| d.id == id));
    if doc_type.is_none() {
        problems.push((DraftField::DocumentType, DraftProblem::DocumentTypeNeeded));
    }
    let agency = match input.agency {
        Some(id) if may_file(id) && reference::agencies(conn)?.iter().any(|a| a.id == id) => {
            Some(id)
        }
        _ => {
            problems.push((DraftField::Agency, DraftProblem::AgencyNeeded));
            None
        }
    };
    let shortened_basis = crate::text::nfc(
        input
            .shortened_basis
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
    );
    if shortened_basis.chars().count() > MAX_SHORTENED_BASIS {
        problems.push((
            DraftField::ShortenedBasis,
            DraftProblem::ShortenedBasisLength,
        ));
    }
    let shortened = !shortened_basis.is_empty();
    let keep = editing.filter(|d| d.publication == Publication::Published);
    let calendar = crate::db::queries::calendar::load(conn)?;
    let (opens_at, closes_at) = match keep {
        Some(d) => {
            // A published draft keeps its period, but a new type (or the shortened
            // procedure dropped) must still allow it: counted from its posting.
            let rechecked =
                CommentPeriod::of(d.opens_at, d.closes_at).zip(doc_type.filter(|_| !shortened));
            if let Some((p, dt)) = rechecked
                && let Err(problem) = p.check_minimum(dt.min_comment_days, &calendar)
            {
                let rule = dt.public_rule().map(str::to_string);
                problems.push((
                    DraftField::DocumentType,
                    DraftProblem::Period { problem, rule },
                ));
            }
            (d.opens_at, d.closes_at)
        }
        None => match period(input, doc_type.filter(|_| !shortened), &calendar) {
            Ok(Some(p)) => (Some(p.opens_at), Some(p.closes_at)),
            Ok(None) => (None, None),
            Err(problem) => {
                problems.push(problem);
                (None, None)
            }
        },
    };
    if input.stage.is_none() {
        problems.push((DraftField::Stage, DraftProblem::ChoiceUnknown));
    }
    // Decision 407: a type without a policy-proposal stage cannot be at it, and
    // criterion 1 follows the type unless a reason says otherwise.
    if let (Some(Stage::Proposal), Some(dt)) = (input.stage, doc_type)
        && !dt.needs_policy_proposal
    {
        problems.push((DraftField::Stage, DraftProblem::StageNotForType));
    }
    let needs_proposal_reason = if input.needs_proposal_differs {
        let reason = crate::text::nfc(input.needs_proposal_reason.trim());
        if !(10..=1000).contains(&reason.chars().count()) {
            problems.push((DraftField::NeedsProposal, DraftProblem::NeedsProposalReason));
        }
        reason
    } else {
        String::new()
    };
    let type_needs_proposal = doc_type.is_some_and(|dt| dt.needs_policy_proposal);
    if let Err(problem) = stage_entry(input, time::now_utc()) {
        problems.push(problem);
    }
    if input.moderation.is_none() {
        problems.push((DraftField::Moderation, DraftProblem::ChoiceUnknown));
    }
    match (doc_type, agency, input.stage, input.moderation) {
        (Some(doc_type), Some(agency_id), Some(stage), Some(moderation)) if problems.is_empty() => {
            Ok(Ok(DraftFields {
                slug,
                number: Some(input.number.trim().to_string()).filter(|s| !s.is_empty()),
                document_type_id: doc_type.id,
                agency_id,
                title,
                summary: crate::text::nfc(input.summary.trim()),
                stage,
                moderation,
                opens_at,
                closes_at,
                impact_needs_proposal: type_needs_proposal != input.needs_proposal_differs,
                impact_rights: input.impact_rights,
                impact_sensitive: input.impact_sensitive,
                impact_wide: input.impact_wide,
                shortened_basis,
                needs_proposal_reason,
            }))
        }
        _ => Ok(Err(problems)),
    }
}

/// The period typed: none, or one at least as long as the document type's minimum
/// (`doc_type` None: no minimum, as under the shortened procedure).
fn period(
    input: &DraftInput<'_>,
    doc_type: Option<&DocumentType>,
    calendar: &crate::domain::calendar::WorkCalendar,
) -> Result<Option<CommentPeriod>, (DraftField, DraftProblem)> {
    let (o, c) = (input.opens.trim(), input.closes.trim());
    if o.is_empty() && c.is_empty() {
        return Ok(None);
    }
    let (Some(first), Some(last)) = (time::parse_day(o), time::parse_day(c)) else {
        return Err((DraftField::Opens, DraftProblem::PeriodDatesNeeded));
    };
    let checked = CommentPeriod::from_days(first, last).and_then(|p| match doc_type {
        Some(dt) => p.check_minimum(dt.min_comment_days, calendar).map(|_| p),
        None => Ok(p),
    });
    checked.map(Some).map_err(|problem| {
        let rule = doc_type.and_then(|dt| dt.public_rule().map(str::to_string));
        (DraftField::Closes, DraftProblem::Period { problem, rule })
    })
}

/// Records that the draft entered `stage`, with the day, note and document typed
/// (already checked by [`check`]).
fn record_stage(
    conn: &mut DbConnection,
    id: DraftId,
    stage: Stage,
    input: &DraftInput<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let entry = stage_entry(input, now).unwrap_or(StageEntry {
        on: time::local_date(now),
        note: String::new(),
        document_ref: String::new(),
    });
    authoring::add_stage_event(
        conn,
        id,
        &authoring::NewStageEvent {
            stage,
            on: entry.on,
            note: &entry.note,
            document_ref: &entry.document_ref,
        },
        now,
    )
}

/// Creates an unpublished draft from checked metadata, with its audit entry.
pub fn create(
    conn: &mut DbConnection,
    input: &DraftInput<'_>,
    may_file: impl Fn(AgencyId) -> bool,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<DraftId, DraftProblems>> {
    conn.transaction(|conn| {
        let fields = match check(conn, input, may_file, None)? {
            Ok(f) => f,
            Err(problems) => return Ok(Err(problems)),
        };
        let id = console::create(conn, &fields, now)?;
        record_stage(conn, id, fields.stage, input, now)?;
        let after = serde_json::to_value(&fields).unwrap_or_default();
        let e = Entry::by(by, "draft.create", "draft", Some(id.get()), Some(id));
        audit::record(conn, &e.change(serde_json::Value::Null, after), now)?;
        Ok(Ok(id))
    })
}

/// Changes the draft's metadata, with its audit entry (before and after).
pub fn update(
    conn: &mut DbConnection,
    draft: &Draft,
    input: &DraftInput<'_>,
    may_file: impl Fn(AgencyId) -> bool,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), DraftProblems>> {
    conn.transaction(|conn| {
        let fields = match check(conn, input, may_file, Some(draft))? {
            Ok(f) => f,
            Err(problems) => return Ok(Err(problems)),
        };
        let before = console::update(conn, draft.id, &fields, now)?;
        if before.stage != fields.stage {
            record_stage(conn, draft.id, fields.stage, input, now)?;
        }
        let id = draft.id;
        let e = Entry::by(by, "draft.update", "draft", Some(id.get()), Some(id)).change(
            serde_json::to_value(DraftFields::of(&before)).unwrap_or_default(),
            serde_json::to_value(&fields).unwrap_or_default(),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(()))
    })
}

/// Why a draft may not be published yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishProblem {
    /// It has no text.
    NeedsText,
    /// It has no comment period.
    NeedsPeriod,
    /// Its period breaks a rule (too short for its type, already over…).
    Period(PeriodProblem),
    /// Its dossier lacks a file its type requires at its stage; `rule` is the
    /// requirement's citation where it is confirmed.
    DossierMissing {
        kind: crate::domain::AttachmentKind,
        rule: Option<String>,
    },
}

/// Publishes the draft and its text, if it has both and its period is long enough for
/// its document type. A draft published already stays so (nothing is written).
pub fn publish(
    conn: &mut DbConnection,
    draft: &Draft,
    doc_type: &DocumentType,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), PublishProblem>> {
    if draft.publication == Publication::Published {
        return Ok(Ok(()));
    }
    if drafts::versions_of(conn, draft.id)?.is_empty() {
        return Ok(Err(PublishProblem::NeedsText));
    }
    let Some(period) = CommentPeriod::of(draft.opens_at, draft.closes_at) else {
        return Ok(Err(PublishProblem::NeedsPeriod));
    };
    if let Some((kind, citation, confirmed)) =
        drafts::missing_from_dossier(conn, draft.id, doc_type.id, draft.stage)?
    {
        return Ok(Err(PublishProblem::DossierMissing {
            kind,
            rule: confirmed.then_some(citation),
        }));
    }
    // Counted from the moment of posting, not from an opening day already past.
    let calendar = crate::db::queries::calendar::load(conn)?;
    let posted = match period.check_publishable(minimum(draft, doc_type), now, &calendar) {
        Ok(posted) => posted,
        Err(problem) => return Ok(Err(PublishProblem::Period(problem))),
    };
    conn.transaction(|conn| {
        console::publish(conn, draft.id, posted.opens_at, now)?;
        let id = draft.id;
        let e = Entry::by(by, "draft.publish", "draft", Some(id.get()), Some(id)).change(
            serde_json::json!({ "publication": Publication::Unpublished.as_str() }),
            serde_json::json!({ "publication": Publication::Published.as_str() }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(()))
    })
}

/// The minimum period a draft must run: its type's, or none under the shortened
/// procedure.
fn minimum(draft: &Draft, doc_type: &DocumentType) -> Option<i32> {
    draft
        .shortened_basis
        .is_empty()
        .then_some(doc_type.min_comment_days)
}

/// A change of the comment period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodChange {
    /// Comments taken until the end of this day.
    ExtendTo(NaiveDate),
    /// Comments end now.
    CloseEarly,
}

/// Why a period change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRefusal {
    /// The public reason is missing or too short.
    ReasonNeeded,
    Period(PeriodProblem),
}

/// The shortest public reason for a change of period, in characters.
pub const MIN_REASON_CHARS: usize = 5;

/// Applies `change` with its public `reason` (shown on the draft's page as its period
/// note), recorded as draft.extend or draft.close_early. `doc_type` is the draft's:
/// its minimum decides whether the period may close early.
pub fn change_period(
    conn: &mut DbConnection,
    draft: &Draft,
    doc_type: &DocumentType,
    change: PeriodChange,
    reason: &str,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), PeriodRefusal>> {
    let reason = crate::text::nfc(reason.trim());
    if reason.chars().count() < MIN_REASON_CHARS {
        return Ok(Err(PeriodRefusal::ReasonNeeded));
    }
    let period = CommentPeriod::of(draft.opens_at, draft.closes_at);
    let t = VI.console;
    let (closes_at, note, action) = match change {
        PeriodChange::CloseEarly => {
            let minimum = minimum(draft, doc_type);
            let calendar = crate::db::queries::calendar::load(conn)?;
            let ended = match period.map(|p| p.closed_early(now, minimum, &calendar)) {
                Some(Ok(ended)) => ended,
                Some(Err(problem)) => return Ok(Err(PeriodRefusal::Period(problem))),
                None => return Ok(Err(PeriodRefusal::Period(PeriodProblem::NotOpen))),
            };
            let note = t.closed_early_note(&time::date_time(now), &reason);
            (ended.closes_at, note, "draft.close_early")
        }
        PeriodChange::ExtendTo(day) => {
            let longer = period
                .ok_or(PeriodProblem::ExtendLater)
                .and_then(|p| p.extended_to(day, now));
            let longer = match longer {
                Ok(p) => p,
                Err(problem) => return Ok(Err(PeriodRefusal::Period(problem))),
            };
            let note = t.extended_note(&time::date(longer.closes_at), &reason);
            (longer.closes_at, note, "draft.extend")
        }
    };
    conn.transaction(|conn| {
        console::change_period(conn, draft.id, closes_at, &note, now)?;
        let id = draft.id;
        let e = Entry::by(by, action, "draft", Some(id.get()), Some(id)).change(
            serde_json::json!({ "closes_at": draft.closes_at, "period_note": draft.period_note }),
            serde_json::json!({ "closes_at": closes_at, "period_note": note }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(()))
    })
}

/// The longest change note of a version, in characters (a longer one is cut).
const MAX_CHANGE_NOTE: usize = 500;

/// Stores `text` (already normalised) as the draft's next version. On a published draft
/// the version is published at once, its sections matched to the previous version's and
/// the comments carried over. Returns the version's id and number, or None when the text
/// is empty.
pub fn add_version(
    conn: &mut DbConnection,
    draft: &Draft,
    text: &str,
    change_note: &str,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Option<(VersionId, i32)>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let note: String = crate::text::nfc(change_note.trim())
        .chars()
        .take(MAX_CHANGE_NOTE)
        .collect();
    let doc = crate::parse::parse(text);
    let publish = draft.publication == Publication::Published;
    conn.transaction(|conn| {
        let (version_id, number) =
            authoring::add_version(conn, draft.id, text, &doc, &note, publish, now)?;
        let id = Some(version_id.get());
        let e = Entry::by(by, "draft.version", "draft_version", id, Some(draft.id)).change(
            serde_json::Value::Null,
            serde_json::json!({
                "number": number,
                "published": publish,
                "articles": doc.count(crate::domain::SectionKind::Article),
                "change_note": note,
            }),
        );
        audit::record(conn, &e, now)?;
        Ok(Some((version_id, number)))
    })
}

/// Attaches a stored file to the draft, after its other files.
pub fn attach(
    conn: &mut DbConnection,
    file: &NewAttachment<'_>,
    by: &By<'_>,
) -> diesel::QueryResult<AttachmentId> {
    conn.transaction(|conn| {
        let position = authoring::attachment_count(conn, file.draft_id)?;
        let id = authoring::add_attachment(
            conn,
            &NewAttachment {
                position,
                ..file.clone()
            },
        )?;
        let e = Entry::by(
            by,
            "attachment.add",
            "attachment",
            Some(id.get()),
            Some(file.draft_id),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "file_name": file.file_name,
                "kind": file.kind.as_str(),
                "sha256": file.sha256,
                "size": file.size_bytes,
            }),
        );
        audit::record(conn, &e, file.created_at)?;
        Ok(id)
    })
}

/// Removes one of the draft's attached files (the stored bytes stay: another draft may
/// share them). False when the draft has no such file.
/// What became of a file asked to be removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detached {
    Removed,
    NotFound,
    /// The draft is posted: its files are withdrawn with a reason, never removed.
    Posted,
}

/// Removes a file of a draft not yet posted.
pub fn detach(
    conn: &mut DbConnection,
    draft: &Draft,
    file: AttachmentId,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Detached> {
    if draft.publication == Publication::Published {
        return Ok(Detached::Posted);
    }
    let draft_id = draft.id;
    let removed = conn.transaction::<_, diesel::result::Error, _>(|conn| {
        let Some((name, sha256)) = authoring::remove_attachment(conn, draft_id, file, now)? else {
            return Ok(false);
        };
        let e = Entry::by(
            by,
            "attachment.remove",
            "attachment",
            Some(file.get()),
            Some(draft_id),
        )
        .change(
            serde_json::json!({ "file_name": name, "sha256": sha256 }),
            serde_json::Value::Null,
        );
        audit::record(conn, &e, now)?;
        Ok(true)
    })?;
    Ok(if removed {
        Detached::Removed
    } else {
        Detached::NotFound
    })
}

/// Why a place elsewhere could not be listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    /// Not an http(s) address without spaces, of at most 500 characters.
    Url,
    /// The draft lists the most places already.
    TooMany,
}

/// Lists another place the draft is posted for comment (the province's portal, the
/// National Law Portal), with its audit entry.
pub fn add_link(
    conn: &mut DbConnection,
    draft_id: DraftId,
    place: crate::domain::draft::LinkPlace,
    url: &str,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), LinkRefusal>> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.len() > 500
        || url.len() < 12
        || url.contains(char::is_whitespace)
    {
        return Ok(Err(LinkRefusal::Url));
    }
    conn.transaction(|conn| {
        if !authoring::add_link(conn, draft_id, place, url, now)? {
            return Ok(Err(LinkRefusal::TooMany));
        }
        let e = Entry::by(
            by,
            "draft.link_add",
            "draft",
            Some(draft_id.get()),
            Some(draft_id),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({ "place": place.as_str(), "url": url }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(()))
    })
}

/// Removes a place listed; false when there is no such link on the draft.
pub fn remove_link(
    conn: &mut DbConnection,
    draft_id: DraftId,
    link: i64,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<bool> {
    conn.transaction(|conn| {
        let Some(url) = authoring::remove_link(conn, draft_id, link, now)? else {
            return Ok(false);
        };
        let e = Entry::by(
            by,
            "draft.link_remove",
            "draft",
            Some(draft_id.get()),
            Some(draft_id),
        )
        .change(serde_json::json!({ "url": url }), serde_json::Value::Null);
        audit::record(conn, &e, now)?;
        Ok(true)
    })
}

/// Why a file could not be withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawRefusal {
    /// The public reason is missing or too short.
    ReasonNeeded,
    /// No such file on the draft, or withdrawn already.
    NotFound,
}

/// Withdraws a file of a posted draft with its public reason: the file stays listed on
/// the draft's page, marked as withdrawn with the day and the reason. A replacement is
/// a new file of the same kind.
pub fn withdraw_attachment(
    conn: &mut DbConnection,
    draft_id: DraftId,
    file: AttachmentId,
    reason: &str,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), WithdrawRefusal>> {
    let reason = crate::text::nfc(reason.trim());
    if reason.chars().count() < MIN_REASON_CHARS || reason.chars().count() > 1000 {
        return Ok(Err(WithdrawRefusal::ReasonNeeded));
    }
    conn.transaction(|conn| {
        let Some((name, sha256)) =
            authoring::withdraw_attachment(conn, draft_id, file, &reason, now)?
        else {
            return Ok(Err(WithdrawRefusal::NotFound));
        };
        let e = Entry::by(
            by,
            "attachment.withdraw",
            "attachment",
            Some(file.get()),
            Some(draft_id),
        )
        .change(
            serde_json::json!({ "file_name": name, "sha256": sha256 }),
            serde_json::json!({ "withdrawn_reason": reason }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(()))
    })
}
