//! Meetings the Front held with residents in a campaign, and their results
//! (`domain::meeting`; `services::campaigns::record_meeting` writes them).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::ids::*;

/// The minutes as stored: content-addressed in the file store.
#[derive(Debug, Clone)]
pub struct Minutes {
    pub sha256: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// A meeting as the campaign's page and the minutes' download need it.
#[derive(Debug, Clone, Queryable)]
pub struct Meeting {
    pub id: MeetingId,
    pub draft_id: DraftId,
    pub campaign_id: CampaignId,
    pub organisation_id: OrganisationId,
    pub held_on: NaiveDate,
    pub commune: String,
    pub participants: i32,
    pub summary: String,
    pub minutes_sha256: String,
    pub minutes_name: String,
    pub minutes_type: String,
    pub minutes_size: i64,
}

type Columns = (
    front_meetings::id,
    front_meetings::draft_id,
    front_meetings::campaign_id,
    front_meetings::organisation_id,
    front_meetings::held_on,
    localities::name,
    front_meetings::participants,
    front_meetings::summary,
    front_meetings::minutes_sha256,
    front_meetings::minutes_name,
    front_meetings::minutes_type,
    front_meetings::minutes_size,
);

const COLUMNS: Columns = (
    front_meetings::id,
    front_meetings::draft_id,
    front_meetings::campaign_id,
    front_meetings::organisation_id,
    front_meetings::held_on,
    localities::name,
    front_meetings::participants,
    front_meetings::summary,
    front_meetings::minutes_sha256,
    front_meetings::minutes_name,
    front_meetings::minutes_type,
    front_meetings::minutes_size,
);

/// What a new meeting row holds besides its opinions.
pub struct NewMeeting<'a> {
    pub draft_id: DraftId,
    pub campaign_id: CampaignId,
    pub organisation_id: OrganisationId,
    pub held_on: NaiveDate,
    pub locality_id: LocalityId,
    pub participants: i32,
    pub summary: &'a str,
    pub minutes: &'a Minutes,
    pub by: Option<AccountId>,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, m: &NewMeeting<'_>) -> QueryResult<MeetingId> {
    diesel::insert_into(front_meetings::table)
        .values((
            front_meetings::draft_id.eq(m.draft_id),
            front_meetings::campaign_id.eq(m.campaign_id),
            front_meetings::organisation_id.eq(m.organisation_id),
            front_meetings::held_on.eq(m.held_on),
            front_meetings::locality_id.eq(m.locality_id),
            front_meetings::participants.eq(m.participants),
            front_meetings::summary.eq(m.summary),
            front_meetings::minutes_sha256.eq(&m.minutes.sha256),
            front_meetings::minutes_name.eq(&m.minutes.name),
            front_meetings::minutes_type.eq(&m.minutes.content_type),
            front_meetings::minutes_size.eq(m.minutes.size),
            front_meetings::recorded_by.eq(m.by),
            front_meetings::created_at.eq(m.now),
        ))
        .returning(front_meetings::id)
        .get_result(conn)
}

/// Marks these opinions as given at the meeting.
pub fn link_opinions(
    conn: &mut DbConnection,
    meeting: MeetingId,
    opinions: &[ReceivedOpinionId],
) -> QueryResult<()> {
    diesel::update(received_opinions::table.filter(received_opinions::id.eq_any(opinions)))
        .set(received_opinions::meeting_id.eq(Some(meeting.get())))
        .execute(conn)
        .map(|_| ())
}

/// A campaign's meetings, newest first, each with the number of opinions it gave. A
/// campaign holds tens of meetings, at most a few hundred.
pub fn of_campaign(
    conn: &mut DbConnection,
    campaign: CampaignId,
) -> QueryResult<Vec<(Meeting, i64)>> {
    let meetings: Vec<Meeting> = front_meetings::table
        .inner_join(localities::table)
        .filter(front_meetings::campaign_id.eq(campaign))
        .order((front_meetings::held_on.desc(), front_meetings::id.desc()))
        .limit(1000)
        .select(COLUMNS)
        .load(conn)?;
    let ids: Vec<i64> = meetings.iter().map(|m| m.id.get()).collect();
    let counts: std::collections::HashMap<i64, i64> = received_opinions::table
        .filter(received_opinions::meeting_id.eq_any(&ids))
        .group_by(received_opinions::meeting_id)
        .select((
            received_opinions::meeting_id.assume_not_null(),
            diesel::dsl::count_star(),
        ))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(meetings
        .into_iter()
        .map(|m| {
            let n = counts.get(&m.id.get()).copied().unwrap_or(0);
            (m, n)
        })
        .collect())
}

pub fn find(conn: &mut DbConnection, id: MeetingId) -> QueryResult<Option<Meeting>> {
    front_meetings::table
        .inner_join(localities::table)
        .filter(front_meetings::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .optional()
}
