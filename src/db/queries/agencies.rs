//! Agencies as administrators keep them (`services::agencies`); the public reads are in
//! `reference`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::Agency;
use crate::db::schema::*;
use crate::domain::agency::AgencyInput;
use crate::domain::ids::*;

/// Every agency, by name, with the name of its commune for a commune's agency.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<(Agency, Option<String>)>> {
    agencies::table
        .left_join(localities::table.on(agencies::locality_id.eq(localities::id.nullable())))
        .order((agencies::name, agencies::id))
        .limit(5_000)
        .select((Agency::as_select(), localities::name.nullable()))
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: AgencyId) -> QueryResult<Option<Agency>> {
    agencies::table
        .find(id)
        .select(Agency::as_select())
        .first(conn)
        .optional()
}

/// The code of a commune by its id.
pub fn commune_code(conn: &mut DbConnection, id: LocalityId) -> QueryResult<Option<String>> {
    localities::table
        .find(id)
        .select(localities::code)
        .first(conn)
        .optional()
}

/// Whether an agency other than `except` has this address.
pub fn slug_taken(
    conn: &mut DbConnection,
    slug: &str,
    except: Option<AgencyId>,
) -> QueryResult<bool> {
    let other: Option<AgencyId> = agencies::table
        .filter(agencies::slug.eq(slug))
        .filter(agencies::id.ne(except.unwrap_or(AgencyId(0))))
        .select(agencies::id)
        .first(conn)
        .optional()?;
    Ok(other.is_some())
}

pub fn insert(
    conn: &mut DbConnection,
    jurisdiction: JurisdictionId,
    a: &AgencyInput,
    locality: Option<LocalityId>,
    now: NaiveDateTime,
) -> QueryResult<AgencyId> {
    diesel::insert_into(agencies::table)
        .values((
            agencies::jurisdiction_id.eq(jurisdiction),
            agencies::slug.eq(&a.slug),
            agencies::name.eq(&a.name),
            agencies::short_name.eq(&a.short_name),
            agencies::description.eq(&a.description),
            agencies::address.eq(&a.address),
            agencies::website.eq(&a.website),
            agencies::created_at.eq(now),
            agencies::locality_id.eq(locality),
            agencies::parent_body.eq(&a.parent_body),
            agencies::abbreviation.eq(&a.abbreviation),
            agencies::signer_title.eq(&a.signer_title),
        ))
        .returning(agencies::id)
        .get_result(conn)
}

pub fn update(
    conn: &mut DbConnection,
    id: AgencyId,
    a: &AgencyInput,
    locality: Option<LocalityId>,
) -> QueryResult<bool> {
    diesel::update(agencies::table.find(id))
        .set((
            agencies::slug.eq(&a.slug),
            agencies::name.eq(&a.name),
            agencies::short_name.eq(&a.short_name),
            agencies::description.eq(&a.description),
            agencies::address.eq(&a.address),
            agencies::website.eq(&a.website),
            agencies::locality_id.eq(locality),
            agencies::parent_body.eq(&a.parent_body),
            agencies::abbreviation.eq(&a.abbreviation),
            agencies::signer_title.eq(&a.signer_title),
        ))
        .execute(conn)
        .map(|n| n > 0)
}
