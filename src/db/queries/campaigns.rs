//! Mobilisation campaigns (`services::campaigns`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{campaign_communes, campaign_sections, campaigns, drafts, localities};
use crate::domain::campaign::{CampaignInput, CampaignState};
use crate::domain::ids::*;

/// A campaign with the draft it is about.
#[derive(Debug, Clone, Queryable)]
pub struct Campaign {
    pub id: CampaignId,
    pub draft_id: DraftId,
    pub organisation_id: OrganisationId,
    pub code: String,
    pub title: String,
    pub goal: String,
    pub target_count: Option<i32>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub state: CampaignState,
    pub via_link: bool,
    pub via_meetings: bool,
    pub via_groups: bool,
    pub via_social: bool,
    pub draft_slug: String,
    pub draft_title: String,
}

type Columns = (
    campaigns::id,
    campaigns::draft_id,
    campaigns::organisation_id,
    campaigns::code,
    campaigns::title,
    campaigns::goal,
    campaigns::target_count,
    campaigns::starts_on,
    campaigns::ends_on,
    campaigns::state,
    campaigns::via_link,
    campaigns::via_meetings,
    campaigns::via_groups,
    campaigns::via_social,
    drafts::slug,
    drafts::title,
);

const COLUMNS: Columns = (
    campaigns::id,
    campaigns::draft_id,
    campaigns::organisation_id,
    campaigns::code,
    campaigns::title,
    campaigns::goal,
    campaigns::target_count,
    campaigns::starts_on,
    campaigns::ends_on,
    campaigns::state,
    campaigns::via_link,
    campaigns::via_meetings,
    campaigns::via_groups,
    campaigns::via_social,
    drafts::slug,
    drafts::title,
);

/// The campaigns of these organisations, newest first (an organiser's scope is a few
/// organisations; an administrator passes None for all), at most `limit`.
pub fn of_organisations(
    conn: &mut DbConnection,
    organisations: Option<&[OrganisationId]>,
    limit: i64,
) -> QueryResult<Vec<Campaign>> {
    let mut q = campaigns::table
        .inner_join(drafts::table)
        .select(COLUMNS)
        .order(campaigns::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(ids) = organisations {
        q = q.filter(campaigns::organisation_id.eq_any(ids.to_vec()));
    }
    q.load(conn)
}

pub fn find(conn: &mut DbConnection, id: CampaignId) -> QueryResult<Option<Campaign>> {
    campaigns::table
        .inner_join(drafts::table)
        .filter(campaigns::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .optional()
}

pub fn by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<Campaign>> {
    campaigns::table
        .inner_join(drafts::table)
        .filter(campaigns::code.eq(code))
        .select(COLUMNS)
        .first(conn)
        .optional()
}

pub fn code_taken(conn: &mut DbConnection, code: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        campaigns::table.filter(campaigns::code.eq(code)),
    ))
    .get_result(conn)
}

/// The names of the communes a campaign targets, by name.
pub fn communes(conn: &mut DbConnection, id: CampaignId) -> QueryResult<Vec<String>> {
    campaign_communes::table
        .inner_join(localities::table)
        .filter(campaign_communes::campaign_id.eq(id))
        .select(localities::name)
        .order(localities::name)
        .load(conn)
}

/// The communes a campaign targets: (code, name), by name.
pub fn commune_codes(
    conn: &mut DbConnection,
    id: CampaignId,
) -> QueryResult<Vec<(String, String)>> {
    campaign_communes::table
        .inner_join(localities::table)
        .filter(campaign_communes::campaign_id.eq(id))
        .select((localities::code, localities::name))
        .order(localities::name)
        .load(conn)
}

/// The anchors of the clauses a campaign emphasises.
pub fn sections(conn: &mut DbConnection, id: CampaignId) -> QueryResult<Vec<String>> {
    campaign_sections::table
        .filter(campaign_sections::campaign_id.eq(id))
        .select(campaign_sections::anchor)
        .order(campaign_sections::anchor)
        .load(conn)
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut DbConnection,
    draft: DraftId,
    organisation: OrganisationId,
    code: &str,
    c: &CampaignInput,
    communes: &[LocalityId],
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<CampaignId> {
    let id: CampaignId = diesel::insert_into(campaigns::table)
        .values((
            campaigns::draft_id.eq(draft),
            campaigns::organisation_id.eq(organisation),
            campaigns::code.eq(code),
            campaigns::title.eq(&c.title),
            campaigns::goal.eq(&c.goal),
            campaigns::target_count.eq(c.target_count),
            campaigns::starts_on.eq(c.starts_on),
            campaigns::ends_on.eq(c.ends_on),
            campaigns::state.eq(CampaignState::Draft),
            campaigns::via_link.eq(c.via_link),
            campaigns::via_meetings.eq(c.via_meetings),
            campaigns::via_groups.eq(c.via_groups),
            campaigns::via_social.eq(c.via_social),
            campaigns::created_by.eq(by),
            campaigns::created_at.eq(now),
            campaigns::updated_at.eq(now),
        ))
        .returning(campaigns::id)
        .get_result(conn)?;
    // One row at a time: the two backends share no batch insert (a campaign names a
    // few hundred communes at most).
    for locality in communes {
        diesel::insert_into(campaign_communes::table)
            .values((
                campaign_communes::campaign_id.eq(id),
                campaign_communes::locality_id.eq(locality),
            ))
            .execute(conn)?;
    }
    for anchor in &c.sections {
        diesel::insert_into(campaign_sections::table)
            .values((
                campaign_sections::campaign_id.eq(id),
                campaign_sections::anchor.eq(anchor),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// Moves the campaign from `from` to `to`; false when it was no longer in `from` (a
/// second click, or another organiser first).
pub fn set_state(
    conn: &mut DbConnection,
    id: CampaignId,
    from: CampaignState,
    to: CampaignState,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        campaigns::table
            .filter(campaigns::id.eq(id))
            .filter(campaigns::state.eq(from)),
    )
    .set((campaigns::state.eq(to), campaigns::updated_at.eq(now)))
    .execute(conn)
    .map(|n| n == 1)
}

/// A draft a campaign can be about: published and taking comments at `now`.
#[derive(Debug, Clone, Queryable)]
pub struct OpenDraft {
    pub id: DraftId,
    pub title: String,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
}

/// The drafts open for comments at `now`, closing soonest first (a jurisdiction has a
/// few dozen at a time).
pub fn open_drafts(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<Vec<OpenDraft>> {
    drafts::table
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .filter(drafts::opens_at.le(now))
        .filter(drafts::closes_at.gt(now))
        .order((drafts::closes_at.asc(), drafts::id.asc()))
        .limit(500)
        .select((
            drafts::id,
            drafts::title,
            drafts::opens_at,
            drafts::closes_at,
        ))
        .load(conn)
}

/// How many comments came through a campaign, by how far they got: what an organiser
/// sees of them (never who sent them, nor what they said).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CampaignCounts {
    /// Confirmed by their authors (waiting for moderation, published or rejected).
    pub confirmed: i64,
    pub published: i64,
}

/// One query on the campaign's own index entries (comments_by_campaign).
pub fn counts(conn: &mut DbConnection, id: CampaignId) -> QueryResult<CampaignCounts> {
    use crate::db::schema::comments;
    use crate::domain::comment::CommentStatus;
    let rows: Vec<(CommentStatus, i64)> = comments::table
        .filter(comments::campaign_id.eq(id))
        .group_by(comments::status)
        .select((comments::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut c = CampaignCounts::default();
    for (status, n) in rows {
        match status {
            CommentStatus::Published => {
                c.published += n;
                c.confirmed += n;
            }
            CommentStatus::Pending | CommentStatus::Rejected => c.confirmed += n,
            _ => {}
        }
    }
    Ok(c)
}
