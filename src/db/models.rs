//! Rows as read from and written to the tables: a row struct per table and a separate
//! insert form where the database assigns the id.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::*;
use crate::domain::draft::ImpactCriteria;
use crate::domain::ids::{
    AgencyId, AttachmentId, DocumentTypeId, DraftId, JurisdictionId, LegalRuleId, LocalityId,
    SectionId, VersionId,
};
use crate::domain::{
    AttachmentKind, Level, LocalityKind, Moderation, PeriodStatus, Publication, SectionChange,
    SectionKind, Stage,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jurisdictions)]
pub struct Jurisdiction {
    pub id: JurisdictionId,
    pub code: String,
    pub name: String,
    pub kind: Level,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = localities)]
pub struct Locality {
    pub id: LocalityId,
    pub jurisdiction_id: JurisdictionId,
    pub code: String,
    pub name: String,
    pub kind: LocalityKind,
    /// Priority flags for mobilisation (issue 16), set as data.
    pub disadvantaged: bool,
    pub ethnic_minority: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agencies)]
pub struct Agency {
    pub id: AgencyId,
    pub jurisdiction_id: JurisdictionId,
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub address: String,
    pub website: String,
    pub created_at: NaiveDateTime,
    /// The body above it, as its documents' heading names it (Decree 30/2020).
    pub parent_body: String,
    /// The abbreviation in its document numbers ("SXD" in "Số: 12/BC-SXD").
    pub abbreviation: String,
    /// The title of who signs its reports ("Giám đốc").
    pub signer_title: String,
    /// The commune it belongs to, for a commune's agency (Law 87/2025).
    pub locality_id: Option<LocalityId>,
}

impl Agency {
    /// The heading of a report this agency signs on `day` in `place`.
    pub fn report_heading(
        &self,
        place: &str,
        day: chrono::NaiveDate,
    ) -> crate::domain::report::FormalHeading {
        crate::domain::report::FormalHeading::new(
            &self.parent_body,
            &self.name,
            &self.abbreviation,
            place,
            day,
            &self.signer_title,
        )
    }
}

/// What a list of drafts shows of the agency.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agencies)]
pub struct AgencyRef {
    pub id: AgencyId,
    pub slug: String,
    pub name: String,
    pub short_name: String,
}

/// A legal figure the portal enforces (a minimum period, a reply deadline), with the
/// rule it comes from. Only a confirmed rule is cited in public or in a refusal; an
/// unconfirmed one is enforced all the same and waits in the console for an
/// administrator to read the article and record where.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = legal_rules)]
pub struct LegalRule {
    pub id: LegalRuleId,
    pub code: String,
    /// What the figure governs.
    pub subject: String,
    pub days: i32,
    /// The article, clause and point, and the text they are in, without the figure.
    pub citation: String,
    /// The public page the citation was read from (required to confirm it).
    pub source_url: String,
    pub confirmed: bool,
    pub updated_at: NaiveDateTime,
}

impl LegalRule {
    /// The citation, where it may be shown: confirmed rules only.
    pub fn public_citation(&self) -> Option<&str> {
        self.confirmed.then_some(self.citation.as_str())
    }
}

/// A document type, with the figure and rule of its minimum comment period (read from
/// `legal_rules`: every query of it joins that table).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = document_types)]
pub struct DocumentType {
    pub id: DocumentTypeId,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub min_rule_id: LegalRuleId,
    #[diesel(select_expression = legal_rules::days)]
    #[diesel(select_expression_type = legal_rules::days)]
    pub min_comment_days: i32,
    #[diesel(select_expression = legal_rules::citation)]
    #[diesel(select_expression_type = legal_rules::citation)]
    pub min_days_rule: String,
    #[diesel(select_expression = legal_rules::confirmed)]
    #[diesel(select_expression_type = legal_rules::confirmed)]
    pub min_days_confirmed: bool,
    pub needs_policy_proposal: bool,
    pub position: i32,
}

impl DocumentType {
    /// The rule of the minimum period, where it may be shown: confirmed only.
    pub fn public_rule(&self) -> Option<&str> {
        self.min_days_confirmed
            .then_some(self.min_days_rule.as_str())
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = drafts)]
pub struct Draft {
    pub id: DraftId,
    pub slug: String,
    pub number: Option<String>,
    pub document_type_id: DocumentTypeId,
    pub agency_id: AgencyId,
    pub title: String,
    pub summary: String,
    pub publication: Publication,
    pub stage: Stage,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub period_note: String,
    pub impact_needs_proposal: bool,
    pub impact_rights: bool,
    pub impact_sensitive: bool,
    pub impact_wide: bool,
    pub revision: i64,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_comments: i64,
    pub whole_draft_comments: i64,
    pub moderation: Moderation,
    /// The last place given out in the draft's public record (see
    /// `queries::comments::enter_public_record`): what the comment pages are numbered by.
    pub public_positions: i64,
    /// The same among the comments on the whole draft.
    pub whole_draft_positions: i64,
    /// The legal basis of the shortened procedure (trình tự, thủ tục rút gọn) the draft
    /// follows, or empty: only such a draft may close before its type's minimum.
    pub shortened_basis: String,
    /// Why criterion 1 of Decision 407 differs from what the document type says, or
    /// empty when it follows the type.
    pub needs_proposal_reason: String,
}

/// Where else the draft is posted for comment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = draft_links)]
pub struct DraftLink {
    pub id: i64,
    pub draft_id: DraftId,
    pub place: crate::domain::draft::LinkPlace,
    pub url: String,
    pub created_at: NaiveDateTime,
}

/// A stage of Decision 407's life cycle the draft entered: when, why, on what document.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = draft_stage_events)]
pub struct StageEvent {
    pub id: i64,
    pub draft_id: DraftId,
    pub stage: Stage,
    pub occurred_on: chrono::NaiveDate,
    pub note: String,
    pub document_ref: String,
    pub created_at: NaiveDateTime,
}

impl Draft {
    pub fn period_status(&self, now: NaiveDateTime) -> PeriodStatus {
        PeriodStatus::at(self.opens_at, self.closes_at, now)
    }

    pub fn impact(&self) -> ImpactCriteria {
        ImpactCriteria {
            needs_proposal: self.impact_needs_proposal,
            rights: self.impact_rights,
            sensitive: self.impact_sensitive,
            wide: self.impact_wide,
        }
    }
}

/// A draft's metadata as staff set it: the one write model of a draft, inserted by
/// `authoring::create_draft` (with the publication state) and set by the console's edit.
/// Also what the audit log records before and after an edit.
#[derive(Debug, Clone, Insertable, AsChangeset, serde::Serialize)]
#[diesel(table_name = drafts, treat_none_as_null = true)]
pub struct DraftFields {
    pub slug: String,
    pub number: Option<String>,
    pub document_type_id: DocumentTypeId,
    pub agency_id: AgencyId,
    pub title: String,
    pub summary: String,
    pub stage: Stage,
    pub moderation: Moderation,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub impact_needs_proposal: bool,
    pub impact_rights: bool,
    pub impact_sensitive: bool,
    pub impact_wide: bool,
    pub shortened_basis: String,
    pub needs_proposal_reason: String,
}

impl DraftFields {
    /// The fields of a stored draft.
    pub fn of(d: &Draft) -> Self {
        DraftFields {
            slug: d.slug.clone(),
            number: d.number.clone(),
            document_type_id: d.document_type_id,
            agency_id: d.agency_id,
            title: d.title.clone(),
            summary: d.summary.clone(),
            stage: d.stage,
            moderation: d.moderation,
            opens_at: d.opens_at,
            closes_at: d.closes_at,
            impact_needs_proposal: d.impact_needs_proposal,
            impact_rights: d.impact_rights,
            impact_sensitive: d.impact_sensitive,
            impact_wide: d.impact_wide,
            shortened_basis: d.shortened_basis.clone(),
            needs_proposal_reason: d.needs_proposal_reason.clone(),
        }
    }

    pub fn impact(&self) -> ImpactCriteria {
        ImpactCriteria {
            needs_proposal: self.impact_needs_proposal,
            rights: self.impact_rights,
            sensitive: self.impact_sensitive,
            wide: self.impact_wide,
        }
    }
}

/// A version without its full text, for lists of versions.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = draft_versions)]
pub struct VersionMeta {
    pub id: VersionId,
    pub draft_id: DraftId,
    pub number: i32,
    pub change_note: String,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = draft_versions)]
pub struct DraftVersion {
    pub id: VersionId,
    pub draft_id: DraftId,
    pub number: i32,
    pub preamble: String,
    pub signature: String,
    pub source_text: String,
    pub change_note: String,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = draft_versions)]
pub struct NewDraftVersion<'a> {
    pub draft_id: DraftId,
    pub number: i32,
    pub preamble: &'a str,
    pub signature: &'a str,
    pub source_text: &'a str,
    pub change_note: &'a str,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sections)]
pub struct Section {
    pub id: SectionId,
    pub version_id: VersionId,
    pub position: i32,
    pub parent_position: Option<i32>,
    pub depth: i32,
    pub kind: SectionKind,
    pub number: String,
    pub title: String,
    pub heading: String,
    pub body: String,
    pub anchor: String,
    pub published_comments: i64,
    pub label: String,
    pub previous_id: Option<SectionId>,
    pub change: SectionChange,
    /// The last place given out among the public comments on this section.
    pub public_positions: i64,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sections)]
pub struct NewSection<'a> {
    pub version_id: VersionId,
    pub position: i32,
    pub parent_position: Option<i32>,
    pub depth: i32,
    pub kind: SectionKind,
    pub number: &'a str,
    pub title: &'a str,
    pub heading: &'a str,
    pub body: &'a str,
    pub anchor: &'a str,
    pub label: &'a str,
    pub previous_id: Option<SectionId>,
    pub change: SectionChange,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct Attachment {
    pub id: AttachmentId,
    pub draft_id: DraftId,
    pub kind: AttachmentKind,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub position: i32,
    pub created_at: NaiveDateTime,
    /// When the file was withdrawn from a posted draft (it stays listed, marked), and why.
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_reason: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = attachments)]
pub struct NewAttachment<'a> {
    pub draft_id: DraftId,
    pub kind: AttachmentKind,
    pub title: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub position: i32,
    pub created_at: NaiveDateTime,
}
