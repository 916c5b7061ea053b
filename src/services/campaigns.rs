//! Mobilisation campaigns: an organiser starts one on an open draft for their
//! organisation (or one under it), moves it through its states, each step audited.

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::campaigns as q;
use crate::db::queries::comments::locality_id;
use crate::db::queries::reference;
use crate::domain::campaign::{CampaignInput, CampaignProblem, CampaignStep, new_code};
use crate::domain::ids::*;
use crate::domain::period::CommentPeriod;
use crate::domain::staff::By;
use crate::domain::{PeriodStatus, time};

/// Creates the campaign, in the draft state, or says what stops it. The caller has
/// checked that the staff member acts for `organisation`.
pub fn create(
    conn: &mut DbConnection,
    draft: DraftId,
    organisation: OrganisationId,
    c: &CampaignInput,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<CampaignId, CampaignProblem>> {
    conn.transaction(|conn| {
        let open = q::open_drafts(conn, now)?;
        let Some(d) = open.iter().find(|d| d.id == draft) else {
            return Ok(Err(CampaignProblem::DraftNotOpen));
        };
        let Some(period) = CommentPeriod::of(d.opens_at, d.closes_at)
            .filter(|p| p.status(now) == PeriodStatus::Open)
        else {
            return Ok(Err(CampaignProblem::DraftNotOpen));
        };
        // From today (a campaign does not start in the past) to the period's last day.
        let first = time::local_date(now).max(time::local_date(period.opens_at));
        if let Err(p) = c.check_period(first, time::local_date(period.closes_at)) {
            return Ok(Err(p));
        }
        let jurisdiction = reference::jurisdiction(conn)?.ok_or(diesel::result::Error::NotFound)?;
        let mut communes = Vec::with_capacity(c.communes.len());
        for code in &c.communes {
            match locality_id(conn, jurisdiction.id, code)? {
                Some(l) => communes.push(l),
                None => return Ok(Err(CampaignProblem::Communes)),
            }
        }
        let anchors = crate::db::queries::received::sections_of(conn, draft)?;
        if !c
            .sections
            .iter()
            .all(|a| anchors.iter().any(|(anchor, _)| anchor == a))
        {
            return Ok(Err(CampaignProblem::Sections));
        }
        // A fresh code; a clash among billions is retried, not trusted to the index.
        let mut code = new_code();
        while q::code_taken(conn, &code)? {
            code = new_code();
        }
        let id = q::insert(
            conn,
            draft,
            organisation,
            &code,
            c,
            &communes,
            by.account_id,
            now,
        )?;
        let e = Entry::by(
            by,
            "campaign.create",
            "campaign",
            Some(id.get()),
            Some(draft),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "organisation_id": organisation,
                "code": code,
                "title": c.title,
                "starts_on": c.starts_on,
                "ends_on": c.ends_on,
                "target_count": c.target_count,
                "communes": c.communes,
                "sections": c.sections,
            }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(id))
    })
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRefusal {
    /// Not allowed from the campaign's state (or already taken).
    NotFromState,
    /// A campaign starts only while its draft takes comments.
    DraftNotOpen,
}

/// Takes `step` on the campaign; Ok(Err) when its state does not allow it.
pub fn step(
    conn: &mut DbConnection,
    campaign: &q::Campaign,
    step: CampaignStep,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), StepRefusal>> {
    let Some(to) = campaign.state.after(step) else {
        return Ok(Err(StepRefusal::NotFromState));
    };
    conn.transaction(|conn| {
        // A campaign starts while its draft takes comments and before its last day.
        if step == CampaignStep::Start
            && (time::local_date(now) > campaign.ends_on
                || !q::open_drafts(conn, now)?
                    .iter()
                    .any(|d| d.id == campaign.draft_id))
        {
            return Ok(Err(StepRefusal::DraftNotOpen));
        }
        if !q::set_state(conn, campaign.id, campaign.state, to, now)? {
            return Ok(Err(StepRefusal::NotFromState));
        }
        let e = Entry::by(
            by,
            "campaign.state",
            "campaign",
            Some(campaign.id.get()),
            Some(campaign.draft_id),
        )
        .change(
            serde_json::json!({ "state": campaign.state.as_str() }),
            serde_json::json!({ "state": to.as_str() }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(()))
    })
}

pub use crate::domain::meeting::MeetingRefusal;

/// Records a meeting's result in the campaign, and what it said as opinions received
/// outside the portal with source "Front" from the campaign's organisation, dated the
/// day of the meeting and received today; audited, and the draft's pages renewed. The
/// caller has checked that the staff member acts for the campaign's organisation and
/// stored the minutes.
pub fn record_meeting(
    conn: &mut DbConnection,
    campaign: &q::Campaign,
    entry: &crate::domain::meeting::MeetingEntry,
    minutes: &crate::db::queries::meetings::Minutes,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<MeetingId, MeetingRefusal>> {
    use crate::db::queries::{front, meetings, received};
    use crate::domain::campaign::CampaignState;
    use crate::domain::received::{OpinionEntry, OpinionSource};
    if !matches!(campaign.state, CampaignState::Active | CampaignState::Ended) {
        return Ok(Err(MeetingRefusal::NotStarted));
    }
    conn.transaction(|conn| {
        let jurisdiction = reference::jurisdiction(conn)?.ok_or(diesel::result::Error::NotFound)?;
        let Some(commune) = locality_id(conn, jurisdiction.id, &entry.commune)? else {
            return Ok(Err(MeetingRefusal::UnknownCommune));
        };
        let targets = q::commune_codes(conn, campaign.id)?;
        if !targets.is_empty() && !targets.iter().any(|(code, _)| *code == entry.commune) {
            return Ok(Err(MeetingRefusal::UnknownCommune));
        }
        if received::count(conn, campaign.draft_id)? + entry.opinions.len() as i64
            > received::MAX_PER_DRAFT
        {
            return Ok(Err(MeetingRefusal::TooMany));
        }
        let mut sections = Vec::with_capacity(entry.opinions.len());
        for (anchor, _) in &entry.opinions {
            sections.push(match anchor {
                None => None,
                Some(a) => match received::section_at(conn, campaign.draft_id, a)? {
                    Some(s) => Some(s),
                    None => return Ok(Err(MeetingRefusal::UnknownSection)),
                },
            });
        }
        let organisation =
            front::find(conn, campaign.organisation_id)?.ok_or(diesel::result::Error::NotFound)?;
        let id = meetings::insert(
            conn,
            &meetings::NewMeeting {
                draft_id: campaign.draft_id,
                campaign_id: campaign.id,
                organisation_id: campaign.organisation_id,
                held_on: entry.held_on,
                locality_id: commune,
                participants: entry.participants,
                summary: &entry.summary,
                minutes,
                by: by.account_id,
                now,
            },
        )?;
        let mut opinions = Vec::with_capacity(entry.opinions.len());
        for ((_, body), section_id) in entry.opinions.iter().zip(sections) {
            let opinion = OpinionEntry {
                source: OpinionSource::FatherlandFront,
                organisation: organisation.name.clone(),
                document_number: String::new(),
                document_date: Some(entry.held_on),
                received_on: time::local_date(now),
                body: body.clone(),
            };
            let links = received::Links {
                section_id,
                ..received::Links::default()
            };
            opinions.push(received::insert(
                conn,
                campaign.draft_id,
                &opinion,
                links,
                by.account_id,
                now,
            )?);
        }
        meetings::link_opinions(conn, id, &opinions)?;
        let e = Entry::by(
            by,
            "front_meeting.record",
            "front_meeting",
            Some(id.get()),
            Some(campaign.draft_id),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "campaign_id": campaign.id,
                "held_on": entry.held_on.to_string(),
                "commune": entry.commune,
                "participants": entry.participants,
                "opinions": opinions,
                "minutes": minutes.sha256,
            }),
        );
        audit::record(conn, &e, now)?;
        crate::db::queries::authoring::bump_revision(conn, campaign.draft_id, now)?;
        Ok(Ok(id))
    })
}
