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
