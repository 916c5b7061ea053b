//! Participation as counted (issue 16, points 6 and 10): published opinions by draft,
//! day sent, commune, campaign and commenter kind, kept up to date by
//! `comments::set_published` in the transaction that publishes or unpublishes. Every
//! read here is a GROUP BY over one draft's counters, whose number follows days ×
//! communes × campaigns × kinds, never the number of comments.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::CommenterKind;
use crate::domain::ids::*;

/// What a counter counts.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub draft_id: DraftId,
    /// The day the opinion was sent, in Viet Nam.
    pub day: NaiveDate,
    pub commune: Option<LocalityId>,
    pub campaign: Option<CampaignId>,
    pub kind: CommenterKind,
}

/// Moves the counter of `key` by `delta` (+1 published, -1 no longer).
pub fn count(conn: &mut DbConnection, key: &Key, delta: i64) -> QueryResult<()> {
    let row = (
        participation::draft_id.eq(key.draft_id.get()),
        participation::day.eq(key.day),
        participation::locality_id.eq(key.commune.map_or(0, |c| c.get())),
        participation::campaign_id.eq(key.campaign.map_or(0, |c| c.get())),
        participation::commenter_kind.eq(key.kind.as_str()),
        participation::published.eq(delta),
    );
    let target = (
        participation::draft_id,
        participation::day,
        participation::locality_id,
        participation::campaign_id,
        participation::commenter_kind,
    );
    // Upserts do not build for the two-backend connection: each backend's own.
    crate::with_backend!(conn, |c| diesel::insert_into(participation::table)
        .values(row)
        .on_conflict(target)
        .do_update()
        .set(participation::published.eq(participation::published + delta))
        .execute(c))
    .map(|_| ())
}

/// A campaign's published opinions per commune (None: no commune named), largest
/// first: what its organisers see, as counts only.
pub fn of_campaign(
    conn: &mut DbConnection,
    campaign: CampaignId,
) -> QueryResult<Vec<(Option<String>, i64)>> {
    let counts: Vec<(i64, Option<i64>)> = participation::table
        .filter(participation::campaign_id.eq(campaign.get()))
        .group_by(participation::locality_id)
        .select((
            participation::locality_id,
            diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
                "CAST(SUM(published) AS BIGINT)",
            ),
        ))
        .load(conn)?;
    let ids: Vec<i64> = counts.iter().map(|(l, _)| *l).filter(|l| *l != 0).collect();
    let names: std::collections::HashMap<i64, String> = localities::table
        .filter(localities::id.eq_any(&ids))
        .select((localities::id, localities::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let rows: Vec<(Option<String>, Option<i64>)> = counts
        .into_iter()
        .map(|(l, n)| (names.get(&l).cloned(), n))
        .collect();
    let mut rows: Vec<(Option<String>, i64)> = rows
        .into_iter()
        .map(|(c, n)| (c, n.unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(rows)
}

/// Each of these campaigns' published opinions (an organisation's list of campaigns).
pub fn of_campaigns(
    conn: &mut DbConnection,
    campaigns: &[CampaignId],
) -> QueryResult<std::collections::HashMap<CampaignId, i64>> {
    let ids: Vec<i64> = campaigns.iter().map(|c| c.get()).collect();
    let rows: Vec<(i64, Option<i64>)> = participation::table
        .filter(participation::campaign_id.eq_any(&ids))
        .group_by(participation::campaign_id)
        .select((
            participation::campaign_id,
            diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
                "CAST(SUM(published) AS BIGINT)",
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(c, n)| (CampaignId(c), n.unwrap_or(0)))
        .collect())
}

/// A campaign's published opinions per day sent, in order: for its organisers, who see
/// counts only.
pub fn of_campaign_by_day(
    conn: &mut DbConnection,
    campaign: CampaignId,
) -> QueryResult<Vec<(NaiveDate, i64)>> {
    let rows: Vec<(NaiveDate, Option<i64>)> = participation::table
        .filter(participation::campaign_id.eq(campaign.get()))
        .group_by(participation::day)
        .select((
            participation::day,
            diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
                "CAST(SUM(published) AS BIGINT)",
            ),
        ))
        .order(participation::day.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(d, n)| (d, n.unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect())
}

/// A draft's participation, each dimension on its own, largest first (days in order).
#[derive(Debug, Clone, Default)]
pub struct Participation {
    pub total: i64,
    /// Distinct opinions among them: a group of near-identical ones counts once (the
    /// counters kept by the grouping queue and publication, `similar::unique_and_total`).
    pub unique: i64,
    pub by_day: Vec<(NaiveDate, i64)>,
    /// (commune's name, or None for opinions that named none; count).
    pub by_commune: Vec<(Option<String>, i64)>,
    pub by_kind: Vec<(CommenterKind, i64)>,
    /// Through a campaign: (organisation's name, campaign's title, count).
    pub by_campaign: Vec<(String, String, i64)>,
}

pub fn of_draft(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Participation> {
    // SUM of a BIGINT is a NUMERIC on PostgreSQL: cast back.
    let sum = || {
        diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
            "CAST(SUM(published) AS BIGINT)",
        )
    };
    let of = || participation::table.filter(participation::draft_id.eq(draft_id));
    let by_day: Vec<(NaiveDate, Option<i64>)> = of()
        .group_by(participation::day)
        .select((participation::day, sum()))
        .order(participation::day.asc())
        .load(conn)?;
    let by_locality: Vec<(i64, Option<i64>)> = of()
        .group_by(participation::locality_id)
        .select((participation::locality_id, sum()))
        .load(conn)?;
    let by_kind: Vec<(CommenterKind, Option<i64>)> = of()
        .group_by(participation::commenter_kind)
        .select((participation::commenter_kind, sum()))
        .load(conn)?;
    let by_campaign: Vec<(i64, Option<i64>)> = of()
        .filter(participation::campaign_id.ne(0))
        .group_by(participation::campaign_id)
        .select((participation::campaign_id, sum()))
        .load(conn)?;
    // Names: a few hundred communes and campaigns at most.
    let locality_ids: Vec<i64> = by_locality
        .iter()
        .map(|(l, _)| *l)
        .filter(|l| *l != 0)
        .collect();
    let names: std::collections::HashMap<i64, String> = localities::table
        .filter(localities::id.eq_any(&locality_ids))
        .select((localities::id, localities::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let campaign_ids: Vec<i64> = by_campaign.iter().map(|(c, _)| *c).collect();
    let campaigns: std::collections::HashMap<i64, (String, String)> = campaigns::table
        .inner_join(organisations::table)
        .filter(campaigns::id.eq_any(&campaign_ids))
        .select((campaigns::id, (organisations::name, campaigns::title)))
        .load::<(i64, (String, String))>(conn)?
        .into_iter()
        .collect();
    let n = |v: Option<i64>| v.unwrap_or(0);
    let (unique, _) = super::similar::unique_and_total(conn, draft_id)?;
    let total: i64 = by_day.iter().map(|(_, v)| n(*v)).sum();
    let mut p = Participation {
        total,
        unique: unique.min(total),
        by_day: by_day
            .into_iter()
            .map(|(d, v)| (d, n(v)))
            .filter(|(_, v)| *v > 0)
            .collect(),
        by_commune: by_locality
            .into_iter()
            .map(|(l, v)| (names.get(&l).cloned(), n(v)))
            .filter(|(_, v)| *v > 0)
            .collect(),
        by_kind: by_kind
            .into_iter()
            .map(|(k, v)| (k, n(v)))
            .filter(|(_, v)| *v > 0)
            .collect(),
        by_campaign: by_campaign
            .into_iter()
            .filter_map(|(c, v)| {
                let (org, title) = campaigns.get(&c)?.clone();
                Some((org, title, n(v)))
            })
            .filter(|(_, _, v)| *v > 0)
            .collect(),
    };
    p.by_commune
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    p.by_kind.sort_by_key(|k| std::cmp::Reverse(k.1));
    p.by_campaign
        .sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    Ok(p)
}
